//! Classroom quizzes: a reproducible draw of questions from a deck, asked once each, scored, and written
//! to a results file per student.
//!
//! Randomness comes from ChaCha8 seeded by the teacher's seed (and, with `--per-student`, the student's
//! name): ChaCha's output is fixed by its specification, so the same seed draws the same questions in the
//! same order, with the same option order, on any machine and any kartka version.

mod draw;
pub mod file;
pub mod results;
pub mod schema;
mod sitting;

use chrono::Duration;
use sha2::{Digest, Sha256};

use crate::deck::{Deck, Item};
use crate::grade::{self, Layout, Verdict};
use crate::question::Question;
pub use draw::{Draw, draw};
use results::QuestionResult;
pub use sitting::{Attempt, Saving, run};

/// When the student sees whether an answer was right.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Feedback {
    /// After each question.
    Each,
    /// Only at the end (a test).
    #[default]
    End,
}

#[derive(Debug, Clone, Default)]
pub struct Options {
    /// How many questions; all that match when `None`.
    pub count: Option<usize>,
    pub tags: Vec<String>,
    /// Per tag, how many questions with it to draw first (a quiz file's `draw`).
    pub per_tag: Vec<(String, usize)>,
    pub seed: String,
    /// Combine the seed with the student's name: a different, reproducible quiz per student.
    pub per_student: bool,
    /// Shuffle options (order items are always shuffled: in their own order they answer themselves).
    pub shuffle: bool,
    pub time_limit: Option<Duration>,
    pub feedback: Feedback,
}

/// One drawn question: the item and the order its choices are shown in.
#[derive(Debug, Clone)]
pub struct Drawn<'d> {
    pub item: Item<'d>,
    pub layout: Layout,
}

/// A name compared loosely: case and spacing do not make another student.
pub fn normalise_name(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The seed for a quiz: the teacher's seed, with the student's name when each student gets their own draw.
pub fn seed(seed: &str, student: Option<&str>) -> u64 {
    let mut hasher = Sha256::new();
    hasher.update(seed.as_bytes());
    if let Some(name) = student {
        hasher.update([0]);
        hasher.update(normalise_name(name).as_bytes());
    }
    let digest = hasher.finalize();
    u64::from_le_bytes(digest[..8].try_into().unwrap_or_default())
}

/// SHA-256 of the deck's content (not its formatting or comments), in hex.
pub fn deck_hash(deck: &Deck) -> String {
    let canonical = serde_json::to_string(deck).unwrap_or_default();
    Sha256::digest(canonical.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

pub(super) fn result_of(
    drawn: &Drawn<'_>,
    deck: &Deck,
    answer: Option<String>,
    verdict: Option<&Verdict>,
    seconds: f64,
) -> QuestionResult {
    let question = Question::of(&drawn.item, &drawn.layout);
    let all = grade::choices(&drawn.item);
    QuestionResult {
        item: drawn.item.id(),
        kind: drawn.item.card.kind().name().to_string(),
        prompt: question.text,
        options: drawn
            .layout
            .shown
            .iter()
            .map(|&i| all[i].to_string())
            .collect(),
        tags: drawn
            .item
            .card
            .tags
            .iter()
            .chain(&deck.tags)
            .cloned()
            .collect(),
        answer,
        expected: grade::expected(&drawn.item),
        correct: verdict.is_some_and(|v| v.correct),
        score: verdict.map_or(0.0, |v| v.score),
        seconds,
    }
}

/// A time limit as a teacher wrote it: "90s" is "1m 30s", not "1m".
pub fn format_limit(limit: Duration) -> String {
    let s = limit.num_seconds().max(0);
    let parts: Vec<String> = [(s / 3600, "h"), (s / 60 % 60, "m"), (s % 60, "s")]
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, unit)| format!("{n}{unit}"))
        .collect();
    if parts.is_empty() {
        "0s".into()
    } else {
        parts.join(" ")
    }
}
