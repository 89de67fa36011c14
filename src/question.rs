//! An item as the learner sees it: the question text, the choices as laid out, and how to answer.
//! Shared by study sessions and quizzes.

use crate::deck::{Body, Deck, Facet, Item, cloze};
use crate::grade::diff::{self, Marks};
use crate::grade::{self, Layout, Verdict, letter};
use crate::sanitize::for_terminal;
use crate::style;

/// How an answer is given, so that a terminal prompter can offer the right widget.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Input {
    /// Flash cards: nothing to type; the learner reveals the back.
    Reveal,
    /// One of the listed choices.
    One,
    /// Any number of the listed choices.
    Several,
    /// True or false.
    TrueFalse,
    /// Typed text (text, number, cloze, order and match cards).
    Typed,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Question {
    /// The question itself (for a match card, with the numbered left items).
    pub text: String,
    /// The lettered choices as shown: options, order items (numbered), or a match card's right sides.
    pub choices: Vec<String>,
    pub input: Input,
    /// One line on how to answer, for typed answers.
    pub how: String,
}

impl Question {
    pub fn of(item: &Item<'_>, layout: &Layout) -> Question {
        let card = item.card;
        let prompt = card.prompt.clone().unwrap_or_default();
        let shown: Vec<String> = {
            let all = grade::choices(item);
            layout.shown.iter().map(|&i| all[i].to_string()).collect()
        };
        let lettered = |items: &[String]| -> Vec<String> {
            items
                .iter()
                .enumerate()
                .map(|(i, s)| format!("{}) {s}", letter(i)))
                .collect()
        };
        match (&card.body, item.facet) {
            (Body::Flash { back, .. }, Facet::Reverse) => Question {
                text: back.clone(),
                choices: vec![],
                input: Input::Reveal,
                how: "recall the front, then reveal it".into(),
            },
            (Body::Flash { front, .. }, _) => Question {
                text: front.clone(),
                choices: vec![],
                input: Input::Reveal,
                how: "recall the back, then reveal it".into(),
            },
            (Body::Text { .. }, _) => Question {
                text: prompt,
                choices: vec![],
                input: Input::Typed,
                how: "type your answer".into(),
            },
            (Body::Choice { .. }, _) => Question {
                text: prompt,
                choices: lettered(&shown),
                input: Input::One,
                how: format!(
                    "type a letter (a–{}) or the answer",
                    letter(shown.len().saturating_sub(1))
                ),
            },
            (Body::Multi { .. }, _) => Question {
                text: prompt,
                choices: lettered(&shown),
                input: Input::Several,
                how: "type the letters of every correct option, such as “a c”".into(),
            },
            (Body::TrueFalse { .. }, _) => Question {
                text: prompt,
                choices: vec!["true".into(), "false".into()],
                input: Input::TrueFalse,
                how: "type true or false".into(),
            },
            (Body::Number { unit, .. }, _) => Question {
                text: prompt,
                choices: vec![],
                input: Input::Typed,
                how: match unit {
                    Some(u) => format!("type a number (in {u})"),
                    None => "type a number".into(),
                },
            },
            (Body::Cloze { text, deletions }, facet) => {
                let n = match facet {
                    Facet::Cloze(n) => n,
                    _ => deletions.first().map_or(1, |d| d.number),
                };
                let blanks = deletions.iter().filter(|d| d.number == n).count();
                let body = cloze::question(text, deletions, n);
                Question {
                    text: if prompt.is_empty() {
                        body
                    } else {
                        format!("{prompt}\n{body}")
                    },
                    choices: vec![],
                    input: Input::Typed,
                    how: if blanks > 1 {
                        format!("fill in the {blanks} blanks, separated by ;")
                    } else {
                        "fill in the blank".into()
                    },
                }
            }
            (Body::Order { .. }, _) => Question {
                text: prompt,
                choices: shown
                    .iter()
                    .enumerate()
                    .map(|(i, s)| format!("{}. {s}", i + 1))
                    .collect(),
                input: Input::Typed,
                how: format!(
                    "type the numbers in the right order, such as “{}”",
                    not_the_answer(&order_answer(&layout.shown), layout.shown.len())
                        .iter()
                        .map(|k| (k + 1).to_string())
                        .collect::<Vec<_>>()
                        .join(" ")
                ),
            },
            (Body::Match { pairs }, _) => {
                let lefts: Vec<String> = pairs
                    .iter()
                    .enumerate()
                    .map(|(i, (l, _))| format!("{}. {l}", i + 1))
                    .collect();
                Question {
                    text: format!("{prompt}\n{}", lefts.join("\n")),
                    choices: lettered(&shown),
                    input: Input::Typed,
                    how: format!(
                        "type a letter for each of 1–{} in turn, such as “{}”",
                        pairs.len(),
                        not_the_answer(&match_answer(pairs, &shown), shown.len())
                            .iter()
                            .map(|i| letter(*i).to_string())
                            .collect::<Vec<_>>()
                            .join(" ")
                    ),
                }
            }
        }
    }
}

/// The right answer to an order question as shown: for each item in its right order, the position it is
/// shown at.
fn order_answer(shown: &[usize]) -> Vec<usize> {
    (0..shown.len())
        .map(|item| shown.iter().position(|s| *s == item).unwrap_or(0))
        .collect()
}

/// The right answer to a match question as shown: for each left item, the position of its right side.
fn match_answer(pairs: &[(String, String)], shown: &[String]) -> Vec<usize> {
    pairs
        .iter()
        .map(|(_, right)| shown.iter().position(|s| s == right).unwrap_or(0))
        .collect()
}

/// An example answer of the right form that is not `answer`: positions counted up from the first,
/// or from the next, and so on. Never the answer, so that an example cannot give it away.
fn not_the_answer(answer: &[usize], choices: usize) -> Vec<usize> {
    let choices = choices.max(1);
    (0..choices)
        .map(|start| {
            (0..answer.len())
                .map(|i| (start + i) % choices)
                .collect::<Vec<_>>()
        })
        .find(|example| example != answer)
        // With a single choice every answer is the same one.
        .unwrap_or_else(|| answer.to_vec())
}

/// What the card says about an answer recorded in a quiz's results (its `feedback`), graded again as the
/// student saw the choices: `shown` is their text in the order shown.
pub fn said_about(item: &Item<'_>, shown: &[String], answer: &str) -> Option<String> {
    let choices = grade::choices(item);
    let layout = shown
        .iter()
        .map(|s| choices.iter().position(|c| c == s))
        .collect::<Option<Vec<usize>>>()
        .and_then(|order| Layout::new(item, order))
        .unwrap_or_else(|| Layout::identity(item));
    grade::grade(item, &layout, answer).ok()?.feedback
}

/// The source line under an answer: the article's title and author.
pub fn source_line(deck: &Deck, item: &Item<'_>) -> Option<String> {
    let id = item.card.source.as_deref()?;
    Some(match deck.source(id) {
        Some(s) => match &s.author {
            Some(a) => format!("{} — {a}", s.title),
            None => s.title.clone(),
        },
        None => id.to_string(),
    })
}

/// What the learner sees after answering: right or wrong, the expected answer, the grader's note, what the
/// card says about the answer given, why, and where the fact comes from, and where a typed answer differs
/// from the right one, marked as `marks` says.
/// Styled; deck text and typed text are made safe to print.
pub fn feedback(deck: &Deck, item: &Item<'_>, verdict: Option<&Verdict>, marks: Marks) -> String {
    let (g, gr) = (style::OK.render(), style::OK.render_reset());
    let (e, er) = (style::ERROR.render(), style::ERROR.render_reset());
    let (d, dr) = (style::DIM.render(), style::DIM.render_reset());
    let mut s = match verdict {
        None => format!("Answer: {}", for_terminal(&grade::expected(item))),
        Some(v) if v.correct => format!("{g}✓ Right.{gr} {}", for_terminal(&v.expected)),
        Some(v) if v.score > 0.0 => format!(
            "{e}◐ Partly right ({:.0}%).{er} The answer: {}",
            v.score * 100.0,
            for_terminal(&v.expected)
        ),
        Some(v) => format!(
            "{e}✗ Not right.{er} The answer: {}",
            for_terminal(&v.expected)
        ),
    };
    if let Some(note) = verdict.and_then(|v| v.note.as_deref()) {
        s.push_str(&format!("\n  {}", for_terminal(note)));
    }
    if let Some(d) = verdict.and_then(|v| v.diff.as_ref()) {
        s.push('\n');
        s.push_str(&diff::render(d, marks, &|t| for_terminal(t).into_owned()));
    }
    if let Some(said) = verdict.and_then(|v| v.feedback.as_deref()) {
        s.push_str(&format!("\n{d}Feedback:{dr} {}", for_terminal(said)));
    }
    if let Some(why) = &item.card.explain {
        s.push_str(&format!("\n{d}Why:{dr} {}", for_terminal(why)));
    }
    if let Some(src) = source_line(deck, item) {
        s.push_str(&format!("\n{d}Source:{dr} {}", for_terminal(&src)));
    }
    s
}
