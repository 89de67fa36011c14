//! Quiz files (`NAME.quiz.toml`): a quiz a teacher defines once and hands out, with its settings (the
//! draw, time limit, attempts, grading, what students see afterwards, where results go).
//!
//! Checked by hand from toml's spanned document, as decks are, so that every mistake is reported at once
//! and where it is. Checking against the deck it draws from is [`check_against`]: finding the deck is the
//! caller's business (it reads files), this module stays pure.

use std::ops::Range;

use chrono::Duration;
use toml::de::DeTable;

use super::Feedback;
use crate::deck::{Deck, Diagnostic};
use crate::suggest;

mod checker;

use checker::Checker;

/// How a student's attempts make one grade (Moodle's grading methods).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Grading {
    First,
    /// Moodle's default: the highest grade.
    #[default]
    Best,
    Last,
    Mean,
}

/// What the student sees once an attempt is submitted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Review {
    /// The score only: the questions can be set again without their answers going round the class.
    #[default]
    Score,
    /// Also right or wrong for each question.
    Marks,
    /// Also the right answers, explanations and sources.
    Answers,
}

impl Grading {
    const NAMES: [(&str, Grading); 4] = [
        ("first", Grading::First),
        ("best", Grading::Best),
        ("last", Grading::Last),
        ("mean", Grading::Mean),
    ];
}

impl Review {
    const NAMES: [(&str, Review); 3] = [
        ("score", Review::Score),
        ("marks", Review::Marks),
        ("answers", Review::Answers),
    ];
}

const FEEDBACK: [(&str, Feedback); 2] = [("end", Feedback::End), ("each", Feedback::Each)];

/// The keys of `[quiz]`.
const KEYS: &[&str] = &[
    "id",
    "title",
    "deck",
    "count",
    "draw",
    "seed",
    "per_student",
    "time_limit",
    "attempts",
    "grading",
    "review",
    "feedback",
    "shuffle",
    "results",
];

/// A checked quiz file.
#[derive(Debug, Clone, PartialEq)]
pub struct QuizFile {
    pub id: String,
    pub title: String,
    /// A deck id or a path (relative to the quiz file).
    pub deck: String,
    pub count: Option<usize>,
    /// Per tag, how many questions with it, in the file's order.
    pub draw: Vec<(String, usize)>,
    /// `None`: a new random seed for each attempt (recorded in the results).
    pub seed: Option<String>,
    pub per_student: bool,
    pub time_limit: Option<Duration>,
    /// 0 for unlimited.
    pub attempts: u32,
    pub grading: Grading,
    pub review: Review,
    pub feedback: Feedback,
    pub shuffle: bool,
    /// The results folder as written; relative to the quiz file.
    pub results: Option<String>,
}

/// What the quiz asks of its deck, with where in the file, known even when the quiz has other errors.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Wanted {
    pub count: Option<(usize, Range<usize>)>,
    /// Each `draw` tag, its count and its key's span.
    pub draw: Vec<(String, usize, Range<usize>)>,
}

/// What checking a quiz file found: the quiz when there were no errors.
#[derive(Debug)]
pub struct Parsed {
    pub quiz: Option<QuizFile>,
    /// The deck the quiz names, and where, even when the quiz has errors: so that a wrong deck is reported
    /// with the rest.
    pub deck: Option<(String, Range<usize>)>,
    pub wanted: Wanted,
    pub diagnostics: Vec<Diagnostic>,
}

/// Whether a file is a quiz file rather than a deck: its name ends `.quiz.toml`, or its first table is
/// `[quiz]`.
pub fn is_quiz_file(name: &str, text: Option<&str>) -> bool {
    name.ends_with(".quiz.toml")
        || text.is_some_and(|t| {
            t.lines()
                .map(str::trim)
                .find(|l| l.starts_with('['))
                .is_some_and(|l| l.trim_end_matches(|c: char| c != ']') == "[quiz]")
        })
}

pub fn parse(source: &str) -> Parsed {
    let mut diags = Vec::new();
    let (root, errors) = DeTable::parse_recoverable(source);
    if !errors.is_empty() {
        diags.push(crate::deck::syntax_error(source, &errors));
        return Parsed {
            quiz: None,
            deck: None,
            wanted: Wanted::default(),
            diagnostics: diags,
        };
    }
    let mut checker = Checker {
        diags: &mut diags,
        deck: None,
        wanted: Wanted::default(),
    };
    let quiz = checker.document(root.get_ref());
    let (deck, wanted) = (checker.deck.take(), std::mem::take(&mut checker.wanted));
    let quiz = quiz.filter(|_| !diags.iter().any(Diagnostic::is_error));
    Parsed {
        quiz,
        deck,
        wanted,
        diagnostics: diags,
    }
}

/// Problems with the quiz as drawn from `deck`: a `draw` tag no question has, and counts larger than the
/// questions there are.
pub fn check_against(wanted: &Wanted, deck: &Deck) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let questions: Vec<_> = deck.items().filter(|i| !i.is_self_rated()).collect();
    let cards = |tags: &[String]| {
        let mut ids: Vec<&str> = questions
            .iter()
            .filter(|i| i.has_any_tag(deck, tags))
            .map(|i| i.card.id.as_str())
            .collect();
        // A card's items come together, and a quiz asks at most one of them.
        ids.dedup();
        ids.len()
    };
    let mut known: Vec<&str> = deck
        .tags
        .iter()
        .chain(deck.cards.iter().flat_map(|c| &c.tags))
        .map(String::as_str)
        .collect();
    known.sort_unstable();
    known.dedup();
    for (tag, n, span) in &wanted.draw {
        let have = cards(std::slice::from_ref(tag));
        if have == 0 {
            let help = suggest::closest(tag, known.iter().copied()).map_or_else(
                || {
                    format!(
                        "`kartka show {}` lists the deck's cards and their tags",
                        deck.id
                    )
                },
                |t| format!("did you mean `{t}`?"),
            );
            diags.push(
                Diagnostic::error(format!(
                    "no question in deck `{}` has the tag `{tag}`",
                    deck.id
                ))
                .at(span.clone(), "unknown tag")
                .help(help),
            );
        } else if have < *n {
            diags.push(
                Diagnostic::error(format!(
                    "`draw` asks for {n} questions tagged `{tag}`, but deck `{}` has {have}",
                    deck.id
                ))
                .at(span.clone(), format!("{have} available")),
            );
        }
    }
    let all = cards(&[]);
    if let Some((n, span)) = &wanted.count
        && *n > all
    {
        diags.push(
            Diagnostic::error(format!(
                "`count` is {n}, but deck `{}` has {all} questions (flash cards are not used in quizzes)",
                deck.id
            ))
            .at(span.clone(), format!("{all} available"))
            .help(format!("write `count = {all}` or less")),
        );
    }
    diags
}

#[cfg(test)]
mod tests;
