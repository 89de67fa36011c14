//! The one mapping from the neutral question model into kartka cards, shared by every reader. What a card
//! cannot hold is said in a warning at the question's line; a question nothing in kartka can ask is
//! skipped with a warning, and the rest of the file is imported.

use super::draft::{Draft, DraftCard, Imported, Value, text, texts};
use super::question::{Bank, Kind, Question};
use crate::Error;
use crate::grade::number;

mod cloze;
mod options;
mod typed;

use cloze::cloze;
use options::{choice, multi};
use typed::{numerical, short};

/// Two credits closer than this are the same: Moodle writes fractions to seven places (0.3333333).
const SAME: f64 = 1e-4;

/// Where a question came from, for warnings: its line, or for a package its name or first words.
fn whose(q: &Question) -> String {
    match (&q.line, &q.name) {
        (Some(_), _) => String::new(),
        (None, Some(name)) => format!("note “{}”: ", cut(name)),
        (None, None) => format!("note “{}”: ", cut(&q.text)),
    }
}

fn cut(s: &str) -> String {
    const MAX: usize = 40;
    let one_line = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() > MAX {
        let mut short: String = one_line.chars().take(MAX - 1).collect();
        short.push('…');
        short
    } else {
        one_line
    }
}

/// A percentage as the deck format writes it: up to four decimals, no trailing zeros.
fn percent(credit: f64) -> Value {
    let p = (credit * 100.0 * 10_000.0).round() / 10_000.0;
    number::format(p)
}

/// A TOML inline table of `"key" = value`.
fn table(entries: &[(String, Value)]) -> Value {
    let inner: Vec<String> = entries
        .iter()
        .map(|(k, v)| format!("{} = {v}", text(k)))
        .collect();
    format!("{{ {} }}", inner.join(", "))
}

/// Tags as the deck format takes them: no spaces, each once.
fn tags(wanted: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for t in wanted {
        let t = t.split_whitespace().collect::<Vec<_>>().join("-");
        if !t.is_empty() && !out.contains(&t) {
            out.push(t);
        }
    }
    out
}

/// Why a question is skipped, or the card it becomes and what changed on the way.
struct Mapped {
    card: DraftCard,
    changed: Vec<String>,
}

type Outcome = Result<Mapped, String>;

/// Turns a reader's bank into a deck: each question a card, or a warning saying why not.
pub fn to_deck(bank: Bank, origin: &str, id: &str, title: &str) -> Result<Imported, Error> {
    let mut draft = Draft::new(id, title);
    draft.warnings.extend(bank.warnings);
    for q in bank.questions {
        let who = whose(&q);
        let line = q.line.unwrap_or(0);
        let wanted = match (&q.guid, &q.name) {
            (Some(guid), _) => super::anki::to_notes::card_id(guid)
                .map_or_else(|| super::anki::id_from_guid(guid), String::from),
            (None, Some(name)) if !name.trim().is_empty() => name.clone(),
            _ => super::draft::slug(&q.text, 40),
        };
        for note in &q.notes {
            draft.warn(q.line, format!("{who}{note}"));
        }
        if q.text.trim().is_empty() && !matches!(q.kind, Kind::Cloze { .. } | Kind::Flash { .. }) {
            draft.warn(q.line, format!("{who}the question has no text; skipped"));
            continue;
        }
        let card_id = draft.unique_id(&wanted, line);
        match card(&q, DraftCard::new(line, card_id, "")) {
            Ok(mut mapped) => {
                if let Some(g) = q
                    .general_feedback
                    .as_deref()
                    .filter(|g| !g.trim().is_empty())
                {
                    mapped.card.set("explain", text(g));
                }
                // A bank exported from a deck files its cards under the deck's own category.
                let tags: Vec<String> = tags(&q.tags).into_iter().filter(|t| t != id).collect();
                if !tags.is_empty() {
                    mapped.card.set("tags", texts(&tags));
                }
                for c in mapped.changed {
                    draft.warn(q.line, format!("{who}{c}"));
                }
                draft.push(mapped.card);
            }
            Err(why) => draft.warn(q.line, format!("{who}{why}; skipped")),
        }
    }
    draft.finish(origin)
}

fn card(q: &Question, card: DraftCard) -> Outcome {
    match &q.kind {
        Kind::Flash {
            front,
            back,
            reverse,
        } => flash(card, front, back, *reverse),
        Kind::Choice { options, single } if *single => choice(q, card, options),
        Kind::Choice { options, .. } => multi(q, card, options),
        Kind::TrueFalse {
            answer,
            feedback_true,
            feedback_false,
        } => {
            let mut card = kind(card, "truefalse");
            card.set("prompt", text(&q.text))
                .set("answer", answer.to_string());
            let feedback: Vec<(String, Value)> =
                [("true", feedback_true), ("false", feedback_false)]
                    .into_iter()
                    .filter_map(|(k, f)| Some((k.to_string(), text(f.as_deref()?))))
                    .filter(|(_, f)| f != "\"\"")
                    .collect();
            if !feedback.is_empty() {
                card.set("feedback", table(&feedback));
            }
            Ok(Mapped {
                card,
                changed: vec![],
            })
        }
        Kind::Short {
            answers,
            case_sensitive,
        } => short(q, card, answers, *case_sensitive),
        Kind::Numerical { answers, units } => numerical(q, card, answers, units),
        Kind::Matching { pairs, distractors } => {
            if pairs.len() < 2 {
                return Err("a matching question needs at least two pairs".into());
            }
            let mut card = kind(card, "match");
            let rows: Vec<String> = pairs
                .iter()
                .map(|(l, r)| format!("[{}, {}]", text(l), text(r)))
                .collect();
            card.set("prompt", text(&q.text))
                .set("pairs", format!("[{}]", rows.join(", ")));
            let changed = if distractors.is_empty() {
                vec![]
            } else {
                vec![format!(
                    "kartka matches pairs without extra answers: {} left out ({})",
                    if distractors.len() == 1 {
                        "a distractor is".to_string()
                    } else {
                        format!("{} distractors are", distractors.len())
                    },
                    quoted_list(distractors)
                )]
            };
            Ok(Mapped { card, changed })
        }
        Kind::Ordering { items } => {
            if items.len() < 2 {
                return Err("an ordering question needs at least two items".into());
            }
            let mut card = kind(card, "order");
            card.set("prompt", text(&q.text)).set("items", texts(items));
            Ok(Mapped {
                card,
                changed: vec![],
            })
        }
        Kind::Cloze { parts } => cloze(q, card, parts),
    }
}

fn kind(mut card: DraftCard, kind: &'static str) -> DraftCard {
    card.kind = kind;
    card
}

fn quoted_list(items: &[String]) -> String {
    items
        .iter()
        .map(|s| format!("“{}”", cut(s)))
        .collect::<Vec<_>>()
        .join(", ")
}

fn flash(card: DraftCard, front: &str, back: &str, reverse: bool) -> Outcome {
    if front.trim().is_empty() {
        return Err("its front is empty (or only media)".into());
    }
    if back.trim().is_empty() {
        return Err("its back is empty (or only media)".into());
    }
    let mut card = kind(card, "flash");
    card.set("front", text(front)).set("back", text(back));
    if reverse {
        card.set("reverse", "true".into());
    }
    Ok(Mapped {
        card,
        changed: vec![],
    })
}

#[cfg(test)]
mod tests;
