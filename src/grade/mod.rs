//! Grading a learner's typed answer. Pure functions: no I/O, no clock, no randomness.
//!
//! Options, order items and match choices may be shown shuffled; a [`Layout`] says in which order, so that a
//! learner's "b" or "3" means what they saw.

mod choice;
mod cloze;
pub mod diff;
mod fold;
mod given;
mod matching;
pub mod number;
mod order;
mod text;

/// The parsers grading reads answers with, for `kartka report` to read recorded answers back the same way.
pub(crate) mod read_back {
    pub(crate) use super::choice::{pick, picks, said};
    pub(crate) use super::matching::assignments;
    pub(crate) use super::order::positions;
}

use thiserror::Error;

use crate::deck::{Body, Facet, Item};

pub use fold::Fold;
pub use given::Given;

/// The outcome of grading one answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    pub correct: bool,
    /// 0 to 1; partial credit for multi, order, match and cloze cards with several blanks, and for any
    /// answer the card's `credit` gives a share of the marks.
    pub score: f64,
    /// The right answer, as the learner should see it.
    pub expected: String,
    /// What else the learner should know: accepted with a typo, a wrong unit, which items were misplaced.
    pub note: Option<String>,
    /// A typed answer that was wrong or accepted with a typo, against the closest right one.
    pub diff: Option<diff::Diff>,
    /// What the card's author says about this particular answer (its `feedback`).
    pub feedback: Option<String>,
}

impl Verdict {
    fn right(expected: String) -> Self {
        Verdict {
            correct: true,
            score: 1.0,
            expected,
            note: None,
            diff: None,
            feedback: None,
        }
    }

    fn wrong(expected: String) -> Self {
        Verdict {
            correct: false,
            score: 0.0,
            expected,
            note: None,
            diff: None,
            feedback: None,
        }
    }

    fn noted(mut self, note: impl Into<String>) -> Self {
        self.note = Some(note.into());
        self
    }

    fn with_feedback(mut self, feedback: Option<String>) -> Self {
        self.feedback = feedback;
        self
    }

    /// Shows where the typed answer differs from the right one, when that is worth showing.
    fn compared(mut self, diff: Option<diff::Diff>) -> Self {
        self.diff = diff.filter(diff::Diff::worth_showing);
        self
    }

    /// Partial credit: correct only when the score is full.
    fn partial(score: f64, expected: String) -> Self {
        Verdict {
            correct: score >= 1.0,
            score: score.clamp(0.0, 1.0),
            expected,
            note: None,
            diff: None,
            feedback: None,
        }
    }
}

/// Why an answer could not be graded.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum GradeError {
    /// The input is not an answer of the expected shape ("z" when there are four options); ask again.
    #[error("{0}")]
    Unrecognised(String),
    #[error("flash cards are rated by the learner, not graded")]
    SelfRated,
}

/// The order in which an item's options (choice, multi), items (order) or right-hand sides (match) are
/// shown: `shown[i]` is the index, in the card, of the i-th thing on screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    pub shown: Vec<usize>,
}

impl Layout {
    /// Everything in the card's own order.
    pub fn identity(item: &Item<'_>) -> Layout {
        Layout {
            shown: (0..choice_count(item)).collect(),
        }
    }

    /// A random order. An order card is never shown already in its answer's order.
    pub fn shuffled(item: &Item<'_>, rng: &mut impl rand::Rng) -> Layout {
        use rand::seq::SliceRandom;
        let n = choice_count(item);
        let mut shown: Vec<usize> = (0..n).collect();
        shown.shuffle(rng);
        // Items in their order would be the answer, and so, in reverse, would be a guess that pays off too
        // often; a rotation of either is neither, from three items on.
        let in_order = shown.windows(2).all(|w| w[0] < w[1]);
        let reversed = n >= 3 && shown.windows(2).all(|w| w[0] > w[1]);
        if matches!(item.card.body, Body::Order { .. }) && n > 1 && (in_order || reversed) {
            shown.rotate_left(1);
        }
        Layout { shown }
    }

    /// A layout from a given order; `None` unless it is a permutation of the item's choices.
    pub fn new(item: &Item<'_>, shown: Vec<usize>) -> Option<Layout> {
        let mut sorted = shown.clone();
        sorted.sort_unstable();
        (sorted == (0..choice_count(item)).collect::<Vec<_>>()).then_some(Layout { shown })
    }
}

/// How many things an item shows for the learner to pick from or arrange.
pub fn choice_count(item: &Item<'_>) -> usize {
    match &item.card.body {
        Body::Choice { options, .. } | Body::Multi { options, .. } => options.len(),
        Body::Order { items } => items.len(),
        Body::Match { pairs } => matching::rights(pairs).len(),
        _ => 0,
    }
}

/// The things a learner picks from or arranges, in the card's order (a match card's distinct right sides).
pub fn choices<'d>(item: &Item<'d>) -> Vec<&'d str> {
    match &item.card.body {
        Body::Choice { options, .. } | Body::Multi { options, .. } => {
            options.iter().map(String::as_str).collect()
        }
        Body::Order { items } => items.iter().map(String::as_str).collect(),
        Body::Match { pairs } => matching::rights(pairs),
        _ => vec![],
    }
}

/// The letter a learner types for the i-th thing shown: a, b, c…
pub fn letter(i: usize) -> char {
    char::from(b'a' + (i % 26) as u8)
}

/// Grades `response` for `item` as laid out by `layout`.
pub fn grade(item: &Item<'_>, layout: &Layout, response: &str) -> Result<Verdict, GradeError> {
    let response = response.trim();
    let card = item.card;
    match (&card.body, item.facet) {
        (Body::Flash { .. }, _) => Err(GradeError::SelfRated),
        (
            Body::Text {
                answer,
                accept,
                case_sensitive,
                accent_sensitive,
                typos,
                per_answer,
            },
            _,
        ) => {
            let fold = Fold {
                case_sensitive: *case_sensitive,
                accent_sensitive: *accent_sensitive,
            };
            Ok(text::grade(
                answer, accept, fold, *typos, per_answer, response,
            ))
        }
        (
            Body::Choice {
                options,
                answer,
                per_answer,
            },
            _,
        ) => choice::single(options, *answer, per_answer, layout, response),
        (
            Body::Multi {
                options,
                answers,
                per_answer,
            },
            _,
        ) => choice::multi(options, answers, per_answer, layout, response),
        (Body::TrueFalse { answer, per_answer }, _) => {
            choice::truefalse(*answer, per_answer, response)
        }
        (
            Body::Number {
                answer,
                tolerance,
                unit,
            },
            _,
        ) => number::grade(*answer, *tolerance, unit.as_deref(), response),
        (Body::Cloze { deletions, .. }, Facet::Cloze(n)) => {
            Ok(cloze::grade(deletions, n, response))
        }
        (Body::Cloze { deletions, .. }, _) => {
            let first = deletions.first().map_or(1, |d| d.number);
            Ok(cloze::grade(deletions, first, response))
        }
        (Body::Order { items }, _) => order::grade(items, layout, response),
        (Body::Match { pairs }, _) => matching::grade(pairs, layout, response),
    }
}

/// The right answer of an item in words, as [`Verdict::expected`] gives it after grading.
pub fn expected(item: &Item<'_>) -> String {
    let card = item.card;
    match (&card.body, item.facet) {
        (Body::Flash { front, .. }, Facet::Reverse) => front.clone(),
        (Body::Flash { back, .. }, _) => back.clone(),
        (Body::Text { answer, .. }, _) => answer.clone(),
        (
            Body::Choice {
                options, answer, ..
            },
            _,
        ) => options[*answer].clone(),
        (
            Body::Multi {
                options, answers, ..
            },
            _,
        ) => choice::join(options, answers),
        (Body::TrueFalse { answer, .. }, _) => choice::truefalse_word(*answer).to_string(),
        (
            Body::Number {
                answer,
                tolerance,
                unit,
            },
            _,
        ) => number::describe(*answer, *tolerance, unit.as_deref()),
        (Body::Cloze { deletions, .. }, facet) => {
            let n = match facet {
                Facet::Cloze(n) => n,
                _ => deletions.first().map_or(1, |d| d.number),
            };
            cloze::expected(deletions, n)
        }
        (Body::Order { items }, _) => order::describe(items),
        (Body::Match { pairs }, _) => matching::describe(pairs),
    }
}
