//! `kartka show`: a deck printed readably, answers included, for a teacher to proof-read.

use std::borrow::Cow;
use std::io::Write;

use super::{EXIT_OK, Env, plural};
use crate::Error;
use crate::deck::catalog::Catalog;
use crate::deck::{Body, Card, Deck, cloze};
use crate::grade::number;
use crate::sanitize::for_terminal;
use crate::style;

pub fn run(out: &mut impl Write, env: &Env, query: &str) -> Result<u8, Error> {
    let entry = Catalog::load(env.home.as_deref())?.resolve(query)?;
    let text = render(&entry.deck()?, &entry.origin.to_string());
    out.write_all(text.as_bytes()).map_err(Error::Output)?;
    Ok(EXIT_OK)
}

/// Deck text made safe to print; styles are added around it, so it cannot be sanitised afterwards.
fn t(text: &str) -> Cow<'_, str> {
    for_terminal(text)
}

/// The whole deck as styled text (anstream strips the styles when colour is off).
pub fn render(deck: &Deck, origin: &str) -> String {
    let (b, r) = (style::HEADING.render(), style::HEADING.render_reset());
    let (d, dr) = (style::DIM.render(), style::DIM.render_reset());
    let mut s = format!(
        "{b}{}{r}  {d}({}, {}, {}){dr}\n",
        t(&deck.title),
        t(&deck.id),
        plural(deck.cards.len(), "card"),
        t(origin)
    );
    if let Some(desc) = &deck.description {
        s.push_str(&format!("{}\n", t(desc)));
    }
    let mut meta = Vec::new();
    if !deck.authors.is_empty() {
        meta.push(format!("by {}", t(&deck.authors.join(", "))));
    }
    if let Some(lang) = &deck.language {
        meta.push(format!("language {}", t(lang)));
    }
    if let Some(v) = deck.version {
        meta.push(format!("version {v}"));
    }
    if !deck.tags.is_empty() {
        meta.push(format!("tags {}", t(&deck.tags.join(", "))));
    }
    if !meta.is_empty() {
        s.push_str(&format!("{d}{}{dr}\n", meta.join(" · ")));
    }
    if !deck.sources.is_empty() {
        s.push_str(&format!("\n{b}Sources{r}\n"));
        for src in &deck.sources {
            s.push_str(&format!("  [{}] {}", t(&src.id), t(&src.title)));
            if let Some(a) = &src.author {
                s.push_str(&format!(" — {}", t(a)));
            }
            if let Some(u) = &src.url {
                s.push_str(&format!(" <{}>", t(u)));
            }
            s.push('\n');
        }
    }
    for (i, card) in deck.cards.iter().enumerate() {
        s.push('\n');
        s.push_str(&card_text(i + 1, card));
    }
    s
}

fn card_text(number: usize, card: &Card) -> String {
    let (b, r) = (style::HEADING.render(), style::HEADING.render_reset());
    let (d, dr) = (style::DIM.render(), style::DIM.render_reset());
    let (g, gr) = (style::RIGHT.render(), style::RIGHT.render_reset());
    let mut s = format!("{b}{number}. {}{r}  {d}{}", t(&card.id), card.kind());
    if !card.tags.is_empty() {
        s.push_str(&format!(
            " · {}",
            card.tags
                .iter()
                .map(|tag| format!("#{}", t(tag)))
                .collect::<Vec<_>>()
                .join(" ")
        ));
    }
    s.push_str(&format!("{dr}\n"));
    let indent = "   ";
    if let Some(p) = &card.prompt {
        s.push_str(&format!(
            "{indent}{}\n",
            t(p).replace('\n', &format!("\n{indent}"))
        ));
    }
    match &card.body {
        Body::Flash {
            front,
            back,
            reverse,
        } => {
            s.push_str(&format!(
                "{indent}front: {}\n{indent}back:  {g}{}{gr}\n",
                t(front),
                t(back)
            ));
            if *reverse {
                s.push_str(&format!("{indent}{d}also asked back to front{dr}\n"));
            }
        }
        Body::Text { answer, accept, .. } => {
            s.push_str(&format!("{indent}answer: {g}{}{gr}\n", t(answer)));
            if !accept.is_empty() {
                s.push_str(&format!(
                    "{indent}also accepted: {}\n",
                    t(&accept.join("; "))
                ));
            }
        }
        Body::Choice {
            options, answer, ..
        } => {
            for (i, o) in options.iter().enumerate() {
                let o = t(o);
                let mark = if i == *answer {
                    format!("{g}✓ {o}{gr}")
                } else {
                    format!("  {o}")
                };
                s.push_str(&format!("{indent}{}) {mark}\n", crate::grade::letter(i)));
            }
        }
        Body::Multi {
            options, answers, ..
        } => {
            for (i, o) in options.iter().enumerate() {
                let o = t(o);
                let mark = if answers.contains(&i) {
                    format!("{g}✓ {o}{gr}")
                } else {
                    format!("  {o}")
                };
                s.push_str(&format!("{indent}{}) {mark}\n", crate::grade::letter(i)));
            }
        }
        Body::TrueFalse { answer, .. } => s.push_str(&format!("{indent}answer: {g}{answer}{gr}\n")),
        Body::Number {
            answer,
            tolerance,
            unit,
        } => {
            s.push_str(&format!(
                "{indent}answer: {g}{}{gr}\n",
                t(&number::describe(*answer, *tolerance, unit.as_deref()))
            ));
        }
        Body::Cloze { text, deletions } => {
            let marked = {
                let mut out = String::new();
                let mut at = 0;
                for del in deletions {
                    out.push_str(&t(&text[at..del.start]));
                    let hint = del
                        .hint
                        .as_deref()
                        .map(|h| format!(" (hint: {})", t(h)))
                        .unwrap_or_default();
                    out.push_str(&format!(
                        "{g}[c{}: {}{hint}]{gr}",
                        del.number,
                        t(&del.answer)
                    ));
                    at = del.end;
                }
                out.push_str(&t(&text[at..]));
                out
            };
            s.push_str(&format!("{indent}{marked}\n"));
            s.push_str(&format!(
                "{indent}{d}reads: {}{dr}\n",
                t(&cloze::full_text(text, deletions))
            ));
            for (n, accept) in cloze::alternatives(deletions) {
                s.push_str(&format!(
                    "{indent}also accepted for c{n}: {}\n",
                    t(&accept.join("; "))
                ));
            }
        }
        Body::Order { items } => {
            for (i, item) in items.iter().enumerate() {
                s.push_str(&format!("{indent}{g}{}. {}{gr}\n", i + 1, t(item)));
            }
        }
        Body::Match { pairs } => {
            for (l, rr) in pairs {
                s.push_str(&format!("{indent}{} {g}→ {}{gr}\n", t(l), t(rr)));
            }
        }
    }
    per_answer(&mut s, indent, &card.body);
    if let Some(e) = &card.explain {
        s.push_str(&format!("{indent}{d}why:{dr} {}\n", t(e)));
    }
    if let Some(src) = &card.source {
        s.push_str(&format!("{indent}{d}source:{dr} {}\n", t(src)));
    }
    s
}

/// A card's `credit` and `feedback`, answer by answer, under its answers: the credits the author set (not
/// the full marks of a right answer), then each comment.
fn per_answer(s: &mut String, indent: &str, body: &Body) {
    let (d, dr) = (style::DIM.render(), style::DIM.render_reset());
    let Some((names, per_answer)) = body.per_answer() else {
        return;
    };
    let credits: Vec<String> = per_answer
        .credit
        .iter()
        .zip(&names)
        .enumerate()
        .filter(|(i, (p, _))| **p != 0.0 && (**p != 100.0 || other_right(body, *i)))
        .map(|(_, pair)| pair)
        .map(|(p, name)| format!("{} {}%", t(name), crate::grade::number::format(*p)))
        .collect();
    if !credits.is_empty() {
        s.push_str(&format!("{indent}{d}credit:{dr} {}\n", credits.join(", ")));
    }
    let comments = per_answer
        .feedback
        .iter()
        .zip(&names)
        .filter_map(|(said, name)| Some((t(name), said.as_deref()?)))
        .chain(
            per_answer
                .other
                .as_deref()
                .map(|o| ("any other answer".into(), o)),
        );
    for (name, said) in comments {
        s.push_str(&format!("{indent}{d}on {name}:{dr} {}\n", t(said)));
    }
}

/// A choice card's option worth full marks besides its `answer`: as right as it, so it is listed.
fn other_right(body: &Body, i: usize) -> bool {
    matches!(body, Body::Choice { answer, .. } if *answer != i)
}
