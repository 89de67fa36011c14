//! A deck written back as TOML in the documented format: what `kartka import` produces. Parsing the
//! result gives the same deck (tested on every shipped deck).

use std::fmt::Write as _;

use crate::deck::{Body, Card, Deck, Tolerance, Typos, cloze};
use crate::grade::number;
use crate::sanitize;

/// A TOML string literal, escaped.
pub fn quote(text: &str) -> String {
    if text.chars().any(sanitize::is_unsafe) {
        // TOML allows C1 and bidi controls raw, and toml may pick a literal string, which cannot escape. A
        // JSON string is also a TOML basic string, and its escapes are TOML's.
        let json = serde_json::to_string(text).expect("a string serialises");
        sanitize::unicode_escaped(&json).into_owned()
    } else {
        toml::Value::String(text.to_string()).to_string()
    }
}

/// A TOML key: bare when it can be, as people write it, quoted otherwise.
pub fn key(name: &str) -> String {
    let bare = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'));
    if bare { name.to_string() } else { quote(name) }
}

fn list(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| quote(s)).collect();
    let one_line = format!("[{}]", quoted.join(", "));
    if one_line.len() <= 100 {
        one_line
    } else {
        format!("[\n  {},\n]", quoted.join(",\n  "))
    }
}

fn num(n: f64) -> String {
    let s = number::format(n);
    // TOML needs a digit after the point and accepts no exponent-free long floats otherwise.
    if n.fract() != 0.0 && !s.contains('.') {
        format!("{n}")
    } else {
        s
    }
}

fn card(out: &mut String, card: &Card) {
    let _ = writeln!(
        out,
        "\n[[cards]]\nid = {}\nkind = \"{}\"",
        quote(&card.id),
        card.kind()
    );
    if let Some(p) = &card.prompt {
        let _ = writeln!(out, "prompt = {}", quote(p));
    }
    match &card.body {
        Body::Flash {
            front,
            back,
            reverse,
        } => {
            let _ = writeln!(out, "front = {}\nback = {}", quote(front), quote(back));
            if *reverse {
                out.push_str("reverse = true\n");
            }
        }
        Body::Text {
            answer,
            accept,
            case_sensitive,
            accent_sensitive,
            typos,
            ..
        } => {
            let _ = writeln!(out, "answer = {}", quote(answer));
            if !accept.is_empty() {
                let _ = writeln!(out, "accept = {}", list(accept));
            }
            if *case_sensitive {
                out.push_str("case_sensitive = true\n");
            }
            if *accent_sensitive {
                out.push_str("accent_sensitive = true\n");
            }
            match typos {
                Typos::Auto => {}
                Typos::Max(0) => out.push_str("typos = false\n"),
                Typos::Max(n) => {
                    let _ = writeln!(out, "typos = {n}");
                }
            }
            answers_said(out, card);
        }
        Body::Choice {
            options, answer, ..
        } => {
            let _ = writeln!(
                out,
                "options = {}\nanswer = {}",
                list(options),
                quote(&options[*answer])
            );
            answers_said(out, card);
        }
        Body::Multi {
            options, answers, ..
        } => {
            let right: Vec<String> = answers.iter().map(|&i| options[i].clone()).collect();
            let _ = writeln!(
                out,
                "options = {}\nanswer = {}",
                list(options),
                list(&right)
            );
            answers_said(out, card);
        }
        Body::TrueFalse { answer, .. } => {
            let _ = writeln!(out, "answer = {answer}");
            answers_said(out, card);
        }
        Body::Number {
            answer,
            tolerance,
            unit,
        } => {
            let _ = writeln!(out, "answer = {}", num(*answer));
            match tolerance {
                Tolerance::Absolute(t) if *t > 0.0 => {
                    let _ = writeln!(out, "tolerance = {}", num(*t));
                }
                Tolerance::Percent(p) => {
                    let _ = writeln!(out, "tolerance = \"{}%\"", number::format(*p));
                }
                Tolerance::Absolute(_) => {}
            }
            if let Some(u) = unit {
                let _ = writeln!(out, "unit = {}", quote(u));
            }
        }
        Body::Cloze { text, deletions } => {
            let _ = writeln!(out, "text = {}", quote(text));
            // Dotted keys rather than one inline table, which TOML keeps to a single line however long.
            for (n, alternatives) in cloze::alternatives(deletions) {
                let _ = writeln!(out, "accept.c{n} = {}", list(alternatives));
            }
        }
        Body::Order { items } => {
            let _ = writeln!(out, "items = {}", list(items));
        }
        Body::Match { pairs } => {
            let rows: Vec<String> = pairs
                .iter()
                .map(|(l, r)| format!("[{}, {}]", quote(l), quote(r)))
                .collect();
            let _ = writeln!(out, "pairs = [\n  {},\n]", rows.join(",\n  "));
        }
    }
    if let Some(e) = &card.explain {
        let _ = writeln!(out, "explain = {}", quote(e));
    }
    if let Some(s) = &card.source {
        let _ = writeln!(out, "source = {}", quote(s));
    }
    if !card.tags.is_empty() {
        let _ = writeln!(out, "tags = {}", list(&card.tags));
    }
}

/// `credit` and `feedback` as dotted keys, one line each (an inline table must fit on one line however
/// long its comments).
fn answers_said(out: &mut String, card: &Card) {
    let Named { credit, feedback } = per_answer_named(card);
    for (name, p) in credit {
        let _ = writeln!(out, "credit.{} = {}", key(name), num(p));
    }
    for (name, said) in feedback {
        let _ = writeln!(out, "feedback.{} = {}", key(name), quote(said));
    }
}

/// The answers a card names in its `credit` and `feedback`, as a deck file writes them: only credits
/// that differ from what an unnamed answer earns (never 0; never a text answer's 100 or a choice card's
/// right option), and `*` for any other typed answer.
pub fn per_answer_named(card: &Card) -> Named<'_> {
    let Some((names, per_answer)) = card.body.per_answer() else {
        return Named::default();
    };
    // Which credits differ from what an unnamed answer earns.
    let worth = |i: usize, p: f64| match &card.body {
        Body::Text { .. } => p != 100.0,
        Body::Choice { answer, .. } => i != *answer,
        Body::TrueFalse { .. } => false,
        _ => true,
    };
    let credit = per_answer
        .credit
        .iter()
        .enumerate()
        .filter(|(i, p)| **p != 0.0 && worth(*i, **p))
        .filter_map(|(i, p)| Some((*names.get(i)?, *p)))
        .collect();
    let mut feedback: Vec<(&str, &str)> = per_answer
        .feedback
        .iter()
        .enumerate()
        .filter_map(|(i, f)| Some((*names.get(i)?, f.as_deref()?)))
        .collect();
    if let Some(other) = &per_answer.other {
        feedback.push(("*", other));
    }
    Named { credit, feedback }
}

/// A card's answers named in `credit` (with their percent) and `feedback` (with its text).
#[derive(Debug, Default)]
pub struct Named<'c> {
    pub credit: Vec<(&'c str, f64)>,
    pub feedback: Vec<(&'c str, &'c str)>,
}

/// The deck as a TOML file.
pub fn to_toml(deck: &Deck) -> String {
    let mut out = format!(
        "[deck]\nid = {}\ntitle = {}\n",
        quote(&deck.id),
        quote(&deck.title)
    );
    if let Some(d) = &deck.description {
        let _ = writeln!(out, "description = {}", quote(d));
    }
    if let Some(l) = &deck.language {
        let _ = writeln!(out, "language = {}", quote(l));
    }
    if !deck.authors.is_empty() {
        let _ = writeln!(out, "authors = {}", list(&deck.authors));
    }
    if let Some(v) = deck.version {
        let _ = writeln!(out, "version = {v}");
    }
    if !deck.tags.is_empty() {
        let _ = writeln!(out, "tags = {}", list(&deck.tags));
    }
    for s in &deck.sources {
        let _ = writeln!(
            out,
            "\n[[sources]]\nid = {}\ntitle = {}",
            quote(&s.id),
            quote(&s.title)
        );
        if let Some(a) = &s.author {
            let _ = writeln!(out, "author = {}", quote(a));
        }
        if let Some(u) = &s.url {
            let _ = writeln!(out, "url = {}", quote(u));
        }
    }
    for c in &deck.cards {
        card(&mut out, c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::catalog::built_in;
    use crate::deck::parse;

    #[test]
    fn every_shipped_deck_survives_writing_and_reading_back() {
        for file in built_in() {
            let deck = parse(&file.text).deck.unwrap();
            let text = to_toml(&deck);
            let again = parse(&text);
            assert!(
                again.diagnostics.iter().all(|d| !d.is_error()),
                "{}: {:?}",
                file.origin,
                again.diagnostics
            );
            assert_eq!(again.deck.as_ref(), Some(&deck), "{}", file.origin);
        }
    }

    #[test]
    fn awkward_text_is_escaped() {
        let text = "[deck]\nid = \"x\"\ntitle = \"Quotes \\\" and \\\\ and\\nnewlines\"\n[[cards]]\nid = \"n\"\nkind = \"number\"\nprompt = \"Tab\\there\"\nanswer = 0.000125\ntolerance = \"2.5%\"\n";
        let deck = parse(text).deck.unwrap();
        assert_eq!(parse(&to_toml(&deck)).deck, Some(deck));
    }

    #[test]
    fn controls_are_escaped_and_read_back() {
        for text in ["a\"b\u{9b}31m", "it's\n\u{202e}x\\y", "\u{1b}[2J\u{200f}\t"] {
            let quoted = quote(text);
            assert!(!quoted.chars().any(sanitize::is_unsafe), "{quoted}");
            let table: toml::Table = toml::from_str(&format!("k = {quoted}")).unwrap();
            assert_eq!(table["k"].as_str(), Some(text));
        }
    }
}
