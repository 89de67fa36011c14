//! Moodle XML (docs.moodle.org/en/Moodle_XML_format): what Moodle imports with more fidelity than GIFT,
//! including units, cloze (embedded answers) and ordering.

use std::fmt::Write as _;

use crate::deck::{Body, Card, Deck, Tolerance};
use crate::grade::number;

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn text(tag: &str, s: &str) -> String {
    format!(
        "<{tag} format=\"plain_text\"><text>{}</text></{tag}>",
        esc(s)
    )
}

fn fraction(f: f64) -> String {
    let s = format!("{f:.7}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

fn answer(fraction_: f64, s: &str) -> String {
    format!(
        "    <answer fraction=\"{}\" format=\"plain_text\"><text>{}</text><feedback format=\"plain_text\"><text></text></feedback></answer>\n",
        fraction(fraction_),
        esc(s)
    )
}

fn head(out: &mut String, kind: &str, card: &Card, prompt: &str) {
    let _ = writeln!(out, "  <question type=\"{kind}\">");
    let _ = writeln!(out, "    <name><text>{}</text></name>", esc(&card.id));
    let _ = writeln!(out, "    {}", text("questiontext", prompt));
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

/// Moodle's embedded-answers syntax escapes these inside an answer.
fn cloze_escape(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if matches!(c, '}' | '#' | '~' | '/' | '"' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

pub fn export(deck: &Deck) -> (String, Vec<String>) {
    let mut warnings = Vec::new();
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- {} ({}), exported by kartka -->\n<quiz>\n",
        esc(&deck.title),
        esc(&deck.id)
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
                "  <question type=\"category\">\n    <category><text>{}</text></category>\n  </question>",
                esc(&wanted)
            );
            category = Some(wanted);
        }
        let prompt = card.prompt.clone().unwrap_or_default();
        match &card.body {
            Body::Flash { front, back, .. } => {
                warnings.push(format!(
                    "{}: a flash card becomes a short-answer question",
                    card.id
                ));
                head(&mut out, "shortanswer", card, front);
                out.push_str("    <usecase>0</usecase>\n");
                out.push_str(&answer(100.0, back));
            }
            Body::Text {
                answer: a,
                accept,
                case_sensitive,
                ..
            } => {
                head(&mut out, "shortanswer", card, &prompt);
                let _ = writeln!(out, "    <usecase>{}</usecase>", u8::from(*case_sensitive));
                for a in std::iter::once(a).chain(accept) {
                    out.push_str(&answer(100.0, a));
                }
            }
            Body::Choice {
                options,
                answer: right,
                ..
            } => {
                head(&mut out, "multichoice", card, &prompt);
                out.push_str("    <single>true</single>\n    <shuffleanswers>1</shuffleanswers>\n    <answernumbering>abc</answernumbering>\n");
                for (i, o) in options.iter().enumerate() {
                    out.push_str(&answer(if i == *right { 100.0 } else { 0.0 }, o));
                }
            }
            Body::Multi {
                options, answers, ..
            } => {
                head(&mut out, "multichoice", card, &prompt);
                out.push_str("    <single>false</single>\n    <shuffleanswers>1</shuffleanswers>\n    <answernumbering>abc</answernumbering>\n");
                let (k, n) = (answers.len() as f64, options.len() as f64);
                for (i, o) in options.iter().enumerate() {
                    let f = if answers.contains(&i) {
                        100.0 / k
                    } else {
                        -100.0 / (n - k)
                    };
                    out.push_str(&answer(f, o));
                }
            }
            Body::TrueFalse { answer: right, .. } => {
                head(&mut out, "truefalse", card, &prompt);
                out.push_str(&answer(if *right { 100.0 } else { 0.0 }, "true"));
                out.push_str(&answer(if *right { 0.0 } else { 100.0 }, "false"));
            }
            Body::Number {
                answer: value,
                tolerance,
                unit,
            } => {
                head(&mut out, "numerical", card, &prompt);
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
                if let Some(u) = unit {
                    let _ = writeln!(
                        out,
                        "    <units><unit><multiplier>1</multiplier><unit_name>{}</unit_name></unit></units>\n    <unitgradingtype>0</unitgradingtype>\n    <showunits>3</showunits>\n    <unitsleft>0</unitsleft>",
                        esc(u)
                    );
                }
            }
            Body::Cloze {
                text: body,
                deletions,
            } => {
                // Moodle's Cloze (embedded answers): every deletion is a short-answer gap in one question.
                let mut q = String::new();
                if !prompt.is_empty() {
                    let _ = writeln!(q, "{prompt}");
                }
                let mut at = 0;
                for d in deletions {
                    q.push_str(&body[at..d.start]);
                    // Every accepted answer is a full-marks `=` answer of the gap, separated by `~`.
                    let answers: Vec<String> = std::iter::once(&d.answer)
                        .chain(&d.accept)
                        .map(|a| format!("={}", cloze_escape(a)))
                        .collect();
                    let _ = write!(q, "{{1:SHORTANSWER:{}}}", answers.join("~"));
                    at = d.end;
                }
                q.push_str(&body[at..]);
                head(&mut out, "cloze", card, &q);
                if deletions.iter().any(|d| d.hint.is_some()) {
                    warnings.push(format!(
                        "{}: Moodle's cloze has no hints; they are left out",
                        card.id
                    ));
                }
            }
            Body::Order { items } => {
                warnings.push(format!(
                    "{}: needs Moodle's Ordering question type",
                    card.id
                ));
                head(&mut out, "ordering", card, &prompt);
                out.push_str("    <layouttype>VERTICAL</layouttype>\n    <selecttype>ALL</selecttype>\n    <gradingtype>LONGEST_CONTIGUOUS_SUBSET</gradingtype>\n");
                for (i, item) in items.iter().enumerate() {
                    out.push_str(&answer((i + 1) as f64, item));
                }
            }
            Body::Match { pairs } => {
                head(&mut out, "matching", card, &prompt);
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
