//! A deck out as Moodle XML, in the forms Moodle's importer accepts: grades from its list (see
//! `grades`), cloze gaps escaped as `qtype_multianswer` unescapes them, and a warning for each field
//! Moodle has no place for.

use std::fmt::Write as _;

use super::cloze;
use crate::deck::{Body, Card, Deck, Tolerance, Typos};
use crate::grade::number;
use crate::interop::moodle_grades as grades;
use crate::interop::question::Answer;

/// Text for XML: markup escaped, and the control characters XML 1.0 forbids left out.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || matches!(c, '\u{FFFE}' | '\u{FFFF}') => {}
            c => out.push(c),
        }
    }
    out
}

fn text(tag: &str, s: &str) -> String {
    format!(
        "<{tag} format=\"plain_text\"><text>{}</text></{tag}>",
        esc(s)
    )
}

fn answer(fraction: f64, s: &str) -> String {
    answer_said(fraction, s, None)
}

/// An answer with its own feedback.
fn answer_said(fraction: f64, s: &str, feedback: Option<&str>) -> String {
    format!(
        "    <answer fraction=\"{}\" format=\"plain_text\"><text>{}</text><feedback format=\"plain_text\"><text>{}</text></feedback></answer>\n",
        grades::percent(fraction),
        esc(s),
        esc(feedback.unwrap_or_default())
    )
}

fn head(out: &mut String, kind: &str, card: &Card, question: &str, format: &str) {
    let _ = writeln!(out, "  <question type=\"{kind}\">");
    let _ = writeln!(out, "    <name><text>{}</text></name>", esc(&card.id));
    let _ = writeln!(
        out,
        "    <questiontext format=\"{format}\"><text>{}</text></questiontext>",
        esc(question)
    );
    let _ = writeln!(
        out,
        "    {}",
        text(
            "generalfeedback",
            card.explain.as_deref().unwrap_or_default()
        )
    );
    out.push_str("    <defaultgrade>1</defaultgrade>\n    <penalty>0.3333333</penalty>\n    <hidden>0</hidden>\n");
}

/// What a deck as a whole carries that Moodle XML has no place for.
fn deck_warnings(deck: &Deck, warnings: &mut Vec<String>) {
    let mut left = Vec::new();
    if deck.description.is_some() {
        left.push("description");
    }
    if !deck.authors.is_empty() {
        left.push("authors");
    }
    if deck.language.is_some() {
        left.push("language");
    }
    if deck.version.is_some() {
        left.push("version");
    }
    if !deck.tags.is_empty() {
        left.push("tags");
    }
    if !deck.sources.is_empty() {
        left.push("sources");
    }
    if !left.is_empty() {
        warnings.push(format!(
            "the deck's {} {} left out: Moodle XML has no place for {}",
            left.join(", "),
            if left.len() == 1 { "is" } else { "are" },
            if left.len() == 1 { "it" } else { "them" }
        ));
    }
}

/// The grades of a multiple-answer question's options: right ones adding up to 1, wrong ones taking
/// as much away, all from Moodle's list.
fn multi_fractions(
    options: usize,
    right: &[usize],
    id: &str,
    warnings: &mut Vec<String>,
) -> Vec<f64> {
    let shares = grades::shares(right.len()).unwrap_or_else(|| {
        warnings.push(format!(
            "{id}: Moodle's grades cannot share full marks among {} right options; each gets 5%",
            right.len()
        ));
        vec![0.05; right.len()]
    });
    let wrong = options - right.len();
    let penalty = if wrong == 0 {
        0.0
    } else {
        // At least each wrong option's share, so that ticking every option earns nothing, as in kartka.
        let exact = 1.0 / wrong as f64;
        let allowed = grades::at_least(exact);
        if (allowed - exact).abs() > 0.00001 {
            warnings.push(format!(
                "{id}: each wrong option costs {}% in Moodle rather than {}%, the nearest grade Moodle has",
                grades::percent(allowed),
                grades::percent(exact)
            ));
        }
        -allowed
    };
    let mut shares = shares.into_iter();
    (0..options)
        .map(|i| {
            if right.contains(&i) {
                shares.next().unwrap_or(0.0)
            } else {
                penalty
            }
        })
        .collect()
}

/// A cloze card's text with each deletion as a short-answer gap, as HTML (Moodle reads gaps in the
/// raw text and decodes entities in them).
fn cloze_text(card: &Card, body: &str, deletions: &[crate::deck::Deletion]) -> String {
    let html = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('{', "&#123;")
            .replace('\n', "<br>")
    };
    let mut q = String::new();
    if let Some(prompt) = &card.prompt {
        let _ = write!(q, "{}<br>", html(prompt));
    }
    let mut at = 0;
    for d in deletions {
        q.push_str(&html(body.get(at..d.start).unwrap_or_default()));
        let answers: Vec<Answer> = std::iter::once(&d.answer)
            .chain(&d.accept)
            .map(|a| Answer::new(a.as_str(), 1.0))
            .collect();
        q.push_str(&cloze::write_gap("SHORTANSWER", &answers, false));
        at = d.end;
    }
    q.push_str(&html(body.get(at..).unwrap_or_default()));
    q
}

pub fn export(deck: &Deck) -> (String, Vec<String>) {
    let mut warnings = Vec::new();
    deck_warnings(deck, &mut warnings);
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- {} ({}), exported by kartka -->\n<quiz>\n",
        esc(&deck.title).replace("--", "- -"),
        esc(&deck.id).replace("--", "- -")
    );
    let mut category: Option<String> = None;
    for card in &deck.cards {
        let wanted = match card.tags.first() {
            Some(t) => format!("$course$/{}/{t}", deck.id),
            None => format!("$course$/{}", deck.id),
        };
        if category.as_deref() != Some(&wanted) {
            let _ = writeln!(
                out,
                "  <question type=\"category\">\n    <category><text>{}</text></category>\n    {}\n  </question>",
                esc(&wanted),
                text("info", &deck.title)
            );
            category = Some(wanted);
        }
        if card.source.is_some() {
            warnings.push(format!(
                "{}: its source is left out: Moodle XML has no place for it",
                card.id
            ));
        }
        let prompt = card.prompt.clone().unwrap_or_default();
        match &card.body {
            Body::Flash {
                front,
                back,
                reverse,
            } => {
                warnings.push(format!(
                    "{}: a flash card becomes a short-answer question{}",
                    card.id,
                    if *reverse {
                        "; its reverse side is not asked"
                    } else {
                        ""
                    }
                ));
                head(&mut out, "shortanswer", card, front, "plain_text");
                out.push_str("    <usecase>0</usecase>\n");
                out.push_str(&answer(1.0, back));
            }
            Body::Text {
                answer: a,
                accept,
                case_sensitive,
                accent_sensitive,
                typos,
                per_answer,
            } => {
                if *accent_sensitive {
                    warnings.push(format!(
                        "{}: Moodle ignores `accent_sensitive`: it compares letters as typed",
                        card.id
                    ));
                }
                if let Typos::Max(n) = typos
                    && *n > 0
                {
                    warnings.push(format!(
                        "{}: Moodle forgives no typos; `typos = {n}` is left out",
                        card.id
                    ));
                }
                head(&mut out, "shortanswer", card, &prompt, "plain_text");
                let _ = writeln!(out, "    <usecase>{}</usecase>", u8::from(*case_sensitive));
                for (i, a) in std::iter::once(a).chain(accept).enumerate() {
                    let credit = per_answer.credit.get(i).copied().unwrap_or(100.0);
                    let fraction = if credit >= 100.0 {
                        1.0
                    } else {
                        grades::for_credit(&card.id, a, credit, &mut warnings)
                    };
                    // A `*` is Moodle's wildcard unless written `\*`.
                    out.push_str(&answer_said(
                        fraction,
                        &a.replace('*', "\\*"),
                        per_answer.feedback_for(i),
                    ));
                }
                // Feedback for any other answer: Moodle's wildcard, earning nothing.
                if let Some(other) = &per_answer.other {
                    out.push_str(&answer_said(0.0, "*", Some(other)));
                }
            }
            Body::Choice {
                options,
                answer: right,
                per_answer,
            } => {
                head(&mut out, "multichoice", card, &prompt, "plain_text");
                out.push_str("    <single>true</single>\n    <shuffleanswers>1</shuffleanswers>\n    <answernumbering>abc</answernumbering>\n");
                for (i, o) in options.iter().enumerate() {
                    let credit = per_answer.credit.get(i).copied().unwrap_or(0.0);
                    let fraction = if i == *right {
                        1.0
                    } else if credit != 0.0 {
                        grades::for_credit(&card.id, o, credit, &mut warnings)
                    } else {
                        0.0
                    };
                    out.push_str(&answer_said(fraction, o, per_answer.feedback_for(i)));
                }
            }
            Body::Multi {
                options,
                answers,
                per_answer,
            } => {
                head(&mut out, "multichoice", card, &prompt, "plain_text");
                out.push_str("    <single>false</single>\n    <shuffleanswers>1</shuffleanswers>\n    <answernumbering>abc</answernumbering>\n");
                let fractions: Vec<f64> = if per_answer.credit.is_empty() {
                    multi_fractions(options.len(), answers, &card.id, &mut warnings)
                } else {
                    options
                        .iter()
                        .enumerate()
                        .map(|(i, o)| {
                            let credit = per_answer.credit.get(i).copied().unwrap_or(0.0);
                            grades::for_credit(&card.id, o, credit, &mut warnings)
                        })
                        .collect()
                };
                for (i, (o, f)) in options.iter().zip(fractions).enumerate() {
                    out.push_str(&answer_said(f, o, per_answer.feedback_for(i)));
                }
            }
            Body::TrueFalse {
                answer: right,
                per_answer,
            } => {
                head(&mut out, "truefalse", card, &prompt, "plain_text");
                // The card keys its feedback false, then true.
                out.push_str(&answer_said(
                    if *right { 1.0 } else { 0.0 },
                    "true",
                    per_answer.feedback_for(1),
                ));
                out.push_str(&answer_said(
                    if *right { 0.0 } else { 1.0 },
                    "false",
                    per_answer.feedback_for(0),
                ));
            }
            Body::Number {
                answer: value,
                tolerance,
                unit,
            } => {
                head(&mut out, "numerical", card, &prompt, "plain_text");
                let t = match tolerance {
                    Tolerance::Absolute(t) => *t,
                    Tolerance::Percent(p) => value.abs() * p / 100.0,
                };
                let _ = writeln!(
                    out,
                    "    <answer fraction=\"100\" format=\"plain_text\"><text>{}</text><feedback format=\"plain_text\"><text></text></feedback><tolerance>{}</tolerance></answer>",
                    number::format(*value),
                    number::format(t)
                );
                // Moodle's unit typed in the answer and optional (showunits 0, unitgradingtype 0): as in
                // kartka, "3.2" and "3.2 billion USD" both count, another unit does not.
                if let Some(u) = unit {
                    let _ = writeln!(
                        out,
                        "    <units><unit><multiplier>1</multiplier><unit_name>{}</unit_name></unit></units>\n    <unitgradingtype>0</unitgradingtype>\n    <showunits>0</showunits>\n    <unitsleft>0</unitsleft>",
                        esc(u)
                    );
                }
            }
            Body::Cloze {
                text: body,
                deletions,
            } => {
                if card.prompt.is_some() {
                    warnings.push(format!(
                        "{}: Moodle's cloze has no instruction of its own; the prompt begins its text",
                        card.id
                    ));
                }
                if deletions.iter().any(|d| d.hint.is_some()) {
                    warnings.push(format!(
                        "{}: Moodle's cloze has no hints; they are left out",
                        card.id
                    ));
                }
                let q = cloze_text(card, body, deletions);
                head(&mut out, "cloze", card, &q, "html");
            }
            Body::Order { items } => {
                warnings.push(format!(
                    "{}: needs Moodle's Ordering question type",
                    card.id
                ));
                head(&mut out, "ordering", card, &prompt, "plain_text");
                let _ = writeln!(
                    out,
                    "    <layouttype>VERTICAL</layouttype>\n    <selecttype>ALL</selecttype>\n    <selectcount>{}</selectcount>\n    <gradingtype>LONGEST_CONTIGUOUS_SUBSET</gradingtype>",
                    items.len()
                );
                // qtype_ordering takes the order of the answers; it stores each one's position as its
                // fraction, and so does this.
                for (i, item) in items.iter().enumerate() {
                    let _ = writeln!(
                        out,
                        "    <answer fraction=\"{}\" format=\"plain_text\"><text>{}</text></answer>",
                        i + 1,
                        esc(item)
                    );
                }
            }
            Body::Match { pairs } => {
                head(&mut out, "matching", card, &prompt, "plain_text");
                out.push_str("    <shuffleanswers>1</shuffleanswers>\n");
                for (l, r) in pairs {
                    let _ = writeln!(
                        out,
                        "    <subquestion format=\"plain_text\"><text>{}</text><answer><text>{}</text></answer></subquestion>",
                        esc(l),
                        esc(r)
                    );
                }
            }
        }
        if !card.tags.is_empty() {
            out.push_str("    <tags>");
            for t in &card.tags {
                let _ = write!(out, "<tag><text>{}</text></tag>", esc(t));
            }
            out.push_str("</tags>\n");
        }
        out.push_str("  </question>\n");
    }
    out.push_str("</quiz>\n");
    (out, warnings)
}
