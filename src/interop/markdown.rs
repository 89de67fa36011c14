//! A deck as a printable Markdown handout: the questions, then an answer key.

use std::fmt::Write as _;

use crate::deck::{Body, Deck, cloze};
use crate::grade::{self, Layout, letter};

fn md(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('*', "\\*")
        .replace('_', "\\_")
        .replace('<', "&lt;")
        .replace('\n', "  \n   ")
}

/// Where option `i` is shown.
fn shown_at(layout: &Layout, i: usize) -> usize {
    layout.shown.iter().position(|&s| s == i).unwrap_or(i)
}

pub fn export(deck: &Deck) -> String {
    let mut q = format!("# {}\n\n", md(&deck.title));
    if let Some(d) = &deck.description {
        let _ = writeln!(q, "{}\n", md(d));
    }
    let mut key = String::from("\n---\n\n## Answer key\n\n");
    let mut n = 0;
    for card in &deck.cards {
        n += 1;
        // One question per card: a reversed flash card is asked front first, a cloze with every blank.
        let item = card.items().into_iter().next().expect("a card has an item");
        let layout = super::layout_for_people(deck, &item);
        let question = crate::question::Question::of(&item, &layout);
        let text = match &card.body {
            Body::Cloze { text, deletions } => {
                let mut blanked = card
                    .prompt
                    .clone()
                    .map(|p| format!("{p}\n"))
                    .unwrap_or_default();
                let mut at = 0;
                for d in deletions {
                    blanked.push_str(&text[at..d.start]);
                    blanked.push_str(&format!("[{}]", d.hint.as_deref().unwrap_or("...")));
                    at = d.end;
                }
                blanked.push_str(&text[at..]);
                blanked
            }
            _ => question.text.clone(),
        };
        let _ = writeln!(q, "{n}. {}", md(&text));
        match &card.body {
            Body::Choice { .. } | Body::Multi { .. } | Body::Match { .. } => {
                for c in &question.choices {
                    let _ = writeln!(q, "   - {}", md(c));
                }
            }
            Body::Order { .. } => {
                for c in &question.choices {
                    let _ = writeln!(q, "   - {}", md(c));
                }
            }
            Body::TrueFalse { .. } => q.push_str("   - true / false\n"),
            _ => {}
        }
        q.push('\n');
        let answer = match &card.body {
            Body::Choice {
                options,
                answer,
                per_answer,
            } => {
                // Every option worth full marks, the `answer` first.
                let right = std::iter::once(*answer).chain(
                    (0..options.len())
                        .filter(|i| i != answer && per_answer.credit.get(*i) == Some(&100.0)),
                );
                right
                    .map(|i| format!("{}) {}", letter(shown_at(&layout, i)), options[i]))
                    .collect::<Vec<_>>()
                    .join(" or ")
            }
            Body::Multi {
                options, answers, ..
            } => {
                let mut right: Vec<(usize, &String)> = answers
                    .iter()
                    .map(|&i| (shown_at(&layout, i), &options[i]))
                    .collect();
                right.sort();
                right
                    .iter()
                    .map(|(at, o)| format!("{}) {o}", letter(*at)))
                    .collect::<Vec<_>>()
                    .join(", ")
            }
            Body::Order { items } => {
                let shown: Vec<usize> = layout.shown.clone();
                let numbers: Vec<String> = (0..items.len())
                    .map(|i| (shown.iter().position(|&s| s == i).unwrap_or(0) + 1).to_string())
                    .collect();
                format!("{} ({})", numbers.join(" "), items.join(" → "))
            }
            Body::Match { pairs } => {
                let rights = grade::choices(&item);
                pairs
                    .iter()
                    .enumerate()
                    .map(|(i, (l, r))| {
                        let pos = layout
                            .shown
                            .iter()
                            .position(|&s| rights[s] == r)
                            .unwrap_or(0);
                        format!("{}{} ({l} → {r})", i + 1, letter(pos))
                    })
                    .collect::<Vec<_>>()
                    .join(", ")
            }
            Body::Cloze { text, deletions } => {
                let answers: Vec<String> = deletions
                    .iter()
                    .map(|d| match d.accept.as_slice() {
                        [] => d.answer.clone(),
                        accept => format!("{} (or {})", d.answer, accept.join(", ")),
                    })
                    .collect();
                format!(
                    "{} ({})",
                    answers.join("; "),
                    cloze::full_text(text, deletions)
                )
            }
            _ => grade::expected(&item),
        };
        let _ = write!(key, "{n}. **{}**", md(&answer));
        if let Some(e) = &card.explain {
            let _ = write!(key, " — {}", md(e));
        }
        key.push('\n');
    }
    q.push_str(&key);
    if !deck.sources.is_empty() {
        q.push_str("\n## Sources\n\n");
        for s in &deck.sources {
            let _ = write!(q, "- {}", md(&s.title));
            if let Some(a) = &s.author {
                let _ = write!(q, ", {}", md(a));
            }
            q.push('\n');
        }
    }
    q
}

/// What the handout leaves out, one warning per card: partial credit (its key gives only what is fully
/// right) and each answer's feedback.
pub fn left_out(deck: &Deck) -> Vec<String> {
    let mut warnings = Vec::new();
    for card in &deck.cards {
        let Some((_, per_answer)) = card.body.per_answer() else {
            continue;
        };
        if per_answer.credit.iter().any(|p| *p != 0.0 && *p != 100.0) {
            warnings.push(format!(
                "{}: the answer key gives only what earns full marks; partial credit is left out",
                card.id
            ));
        }
        if per_answer.feedback.iter().any(Option::is_some) || per_answer.other.is_some() {
            warnings.push(format!(
                "{}: the feedback on each answer is left out of the handout",
                card.id
            ));
        }
    }
    warnings
}
