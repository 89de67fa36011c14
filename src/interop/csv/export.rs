//! A deck out as CSV, in the columns the importer reads, so that a round trip keeps every field.

use crate::deck::{Body, Deck, Tolerance, cloze};
use crate::grade::number;
use crate::report::render::csv_cell;

/// A choice or multi card's options as people will read them: shuffled as a handout shuffles them, so
/// that the right one is not always first (the answer column names it by its text).
fn shown_options(deck: &Deck, card: &crate::deck::Card, options: &[String]) -> String {
    let item = crate::deck::Item {
        card,
        facet: crate::deck::Facet::Main,
    };
    crate::interop::layout_for_people(deck, &item)
        .shown
        .iter()
        .map(|&i| options[i].as_str())
        .collect::<Vec<_>>()
        .join(" | ")
}

/// The deck as CSV with a header row, in the columns `import` reads. Cells that a spreadsheet would run
/// as formulas are escaped.
pub fn export(deck: &Deck) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let header = [
        "id",
        "kind",
        "prompt",
        "front",
        "back",
        "answer",
        "accept",
        "options",
        "unit",
        "tolerance",
        "text",
        "items",
        "pairs",
        "credit",
        "feedback",
        "reverse",
        "case_sensitive",
        "accent_sensitive",
        "typos",
        "explain",
        "tags",
    ];
    let _ = w.write_record(header);
    for card in &deck.cards {
        let mut cells: Vec<String> = vec![String::new(); header.len()];
        let mut set = |name: &str, value: String| {
            if let Some(i) = header.iter().position(|h| *h == name) {
                cells[i] = value;
            }
        };
        set("id", card.id.clone());
        set("kind", card.kind().name().into());
        set("prompt", card.prompt.clone().unwrap_or_default());
        let crate::interop::write::Named { credit, feedback } =
            crate::interop::write::per_answer_named(card);
        if !credit.is_empty() {
            let map: serde_json::Map<String, serde_json::Value> = credit
                .iter()
                .map(|(k, p)| (k.to_string(), serde_json::json!(p)))
                .collect();
            set("credit", serde_json::Value::Object(map).to_string());
        }
        if !feedback.is_empty() {
            let map: serde_json::Map<String, serde_json::Value> = feedback
                .iter()
                .map(|(k, f)| (k.to_string(), serde_json::json!(f)))
                .collect();
            set("feedback", serde_json::Value::Object(map).to_string());
        }
        match &card.body {
            Body::Flash {
                front,
                back,
                reverse,
            } => {
                set("front", front.clone());
                set("back", back.clone());
                if *reverse {
                    set("reverse", "true".into());
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
                set("answer", answer.clone());
                set("accept", accept.join(" | "));
                if *case_sensitive {
                    set("case_sensitive", "true".into());
                }
                if *accent_sensitive {
                    set("accent_sensitive", "true".into());
                }
                if let crate::deck::Typos::Max(n) = typos {
                    set("typos", n.to_string());
                }
            }
            Body::Choice {
                options, answer, ..
            } => {
                set("options", shown_options(deck, card, options));
                set("answer", options[*answer].clone());
            }
            Body::Multi {
                options, answers, ..
            } => {
                set("options", shown_options(deck, card, options));
                set(
                    "answer",
                    answers
                        .iter()
                        .map(|&i| options[i].as_str())
                        .collect::<Vec<_>>()
                        .join(" | "),
                );
            }
            Body::TrueFalse { answer, .. } => set("answer", answer.to_string()),
            Body::Number {
                answer,
                tolerance,
                unit,
            } => {
                set("answer", number::format(*answer));
                set("unit", unit.clone().unwrap_or_default());
                set(
                    "tolerance",
                    match tolerance {
                        Tolerance::Absolute(t) if *t > 0.0 => number::format(*t),
                        Tolerance::Percent(p) => format!("{}%", number::format(*p)),
                        Tolerance::Absolute(_) => String::new(),
                    },
                );
            }
            Body::Cloze { text, deletions } => {
                set("text", text.clone());
                set(
                    "accept",
                    cloze::alternatives(deletions)
                        .into_iter()
                        .flat_map(|(n, alternatives)| {
                            alternatives.iter().map(move |a| format!("c{n}: {a}"))
                        })
                        .collect::<Vec<_>>()
                        .join(" | "),
                );
            }
            Body::Order { items } => set("items", items.join(" | ")),
            Body::Match { pairs } => set(
                "pairs",
                pairs
                    .iter()
                    .map(|(l, r)| format!("{l} -> {r}"))
                    .collect::<Vec<_>>()
                    .join(" | "),
            ),
        }
        set("explain", card.explain.clone().unwrap_or_default());
        set("tags", card.tags.join(" "));
        let _ = w.write_record(cells.iter().map(|c| csv_cell(c)));
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}
