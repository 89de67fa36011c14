//! The student × question grid and each student's answers: pure, from the attempts that count for each
//! row of the report (as its students' rows are made).

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use super::{Group, Student};
use crate::quiz::results::Results;

/// One answer a student gave, as the per-student view shows it.
#[derive(Debug, Clone, Serialize)]
pub struct Answer {
    /// The attempt it was given in, from 1.
    pub attempt: usize,
    pub item: String,
    pub prompt: String,
    /// The answer in words (options picked from a list as the options' text); `None` when unanswered.
    pub answer: Option<String>,
    pub expected: String,
    pub correct: bool,
    pub score: f64,
}

/// Every answer in the attempts that count for a row: `attempt` the row's attempt (from 1), or `None` for
/// a mean over `counted`, which are then the student's attempts in order.
pub(super) fn answers(attempt: Option<usize>, counted: &[&Results]) -> Vec<Answer> {
    counted
        .iter()
        .enumerate()
        .flat_map(|(i, r)| {
            let n = attempt.unwrap_or(i + 1);
            r.questions.iter().map(move |q| Answer {
                attempt: n,
                item: q.item.clone(),
                prompt: q.prompt.clone(),
                answer: q.answer_text(),
                expected: q.expected.clone(),
                correct: q.correct,
                score: q.score,
            })
        })
        .collect()
}

/// A row of the grid: one student's score on each question of the group.
#[derive(Debug, Clone, Serialize)]
pub struct GridRow {
    pub student: String,
    /// As in [`Student::attempt`].
    pub attempt: Option<usize>,
    /// In the order of [`Grid::items`]; `None` where the student was not asked the question. Over several
    /// attempts (`--attempts mean`), the mean of the attempts that asked it.
    pub scores: Vec<Option<f64>>,
    pub score: f64,
    pub max_score: f64,
    pub percent: f64,
}

/// Students × questions, questions in the order of the group's item analysis.
#[derive(Debug, Clone, Serialize)]
pub struct Grid {
    /// The questions' item ids: the columns.
    pub items: Vec<String>,
    pub rows: Vec<GridRow>,
}

/// A student's score on each question asked: the first answer to it in each attempt counts (as in the item
/// analysis), and the mean over attempts.
fn cells(s: &Student) -> HashMap<&str, f64> {
    let mut seen = HashSet::new();
    let mut sums: HashMap<&str, (f64, usize)> = HashMap::new();
    for a in &s.answers {
        if seen.insert((a.item.as_str(), a.attempt)) {
            let e = sums.entry(a.item.as_str()).or_default();
            e.0 += a.score;
            e.1 += 1;
        }
    }
    sums.into_iter()
        .map(|(item, (sum, n))| (item, sum / n as f64))
        .collect()
}

/// The group's grid.
pub fn grid(g: &Group) -> Grid {
    let rows = g
        .students
        .iter()
        .map(|s| {
            let cells = cells(s);
            GridRow {
                student: s.name.clone(),
                attempt: s.attempt,
                scores: g
                    .questions
                    .iter()
                    .map(|q| cells.get(q.item.as_str()).copied())
                    .collect(),
                score: s.score,
                max_score: s.max_score,
                percent: s.percent,
            }
        })
        .collect();
    Grid {
        items: g.questions.iter().map(|q| q.item.clone()).collect(),
        rows,
    }
}

/// "right", "wrong", "partly right" (a part score) or "no answer".
pub fn verdict(a: &Answer) -> &'static str {
    if a.answer.is_none() {
        "no answer"
    } else if a.correct {
        "right"
    } else if a.score > 0.0 {
        "partly right"
    } else {
        "wrong"
    }
}
