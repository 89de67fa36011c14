//! A report as a terminal table, CSV, JSON, Markdown or a self-contained HTML page, one module per format.
//!
//! Everything in a results file is untrusted (students type their own names, and anyone can edit the file):
//! each format has one escaping helper, `cut` for the table, `csv_cell`, `md` and `esc`, and every cell of
//! text goes through it. Only figures kartka formats itself are written as they are.

pub mod csv;
mod html;
mod markdown;
mod table;

use clap::ValueEnum;
use serde_json::Value;

use super::grid::{self, Answer};
use super::{Group, Report, Student};
use crate::sanitize::unicode_escaped;

pub use self::csv::csv_cell;
pub(crate) use self::html::{esc, page};
pub(crate) use self::markdown::md;
pub(crate) use self::table::{columns, cut};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum Format {
    /// Aligned columns for the terminal.
    #[default]
    Table,
    /// For a spreadsheet; cells that would run as formulas are escaped.
    Csv,
    /// Every figure, for scripts.
    Json,
    /// Tables to paste into a document or a wiki.
    Markdown,
    /// A self-contained page with charts.
    Html,
}

/// One of the report's tables, alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Table {
    /// A row per student: score, percent, time, attempts, weakest tags.
    Students,
    /// A row per question: facility, discrimination, flags, common wrong answers.
    Questions,
    /// A row per tag: the class's mastery.
    Tags,
    /// Students × questions: each student's score on each question, and their total.
    Grid,
    /// Each student's answers: what they answered, right or wrong, the score and the expected answer.
    Answers,
}

impl Table {
    pub const ALL: [Table; 5] = [
        Table::Students,
        Table::Questions,
        Table::Tags,
        Table::Grid,
        Table::Answers,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Table::Students => "students",
            Table::Questions => "questions",
            Table::Tags => "tags",
            Table::Grid => "grid",
            Table::Answers => "answers",
        }
    }
}

/// The report in `format`: `table` alone, or when `None` the format's usual set (the table and Markdown:
/// students, questions and tags; HTML: every table, and charts; JSON: everything; CSV: students).
pub fn render(report: &Report, format: Format, table: Option<Table>) -> String {
    match format {
        Format::Table => self::table::render(report, table),
        Format::Csv => match table.unwrap_or(Table::Students) {
            Table::Grid => report
                .groups
                .iter()
                .map(self::csv::grid)
                .collect::<Vec<_>>()
                .join("\n"),
            t => self::csv::render(report, t),
        },
        Format::Json => {
            let value = json(report, table);
            let json = serde_json::to_string_pretty(&value).expect("a report serialises");
            unicode_escaped(&json).into_owned() + "\n"
        }
        Format::Markdown => markdown::render(report, table),
        Format::Html => html::render(report, table),
    }
}

/// The whole report, each group with its grid; or with `table`, each group's heading and that table.
fn json(report: &Report, table: Option<Table>) -> Value {
    let mut value = serde_json::to_value(report).expect("a report serialises");
    let groups = value["groups"].as_array_mut().expect("groups");
    for (v, g) in groups.iter_mut().zip(&report.groups) {
        let obj = v.as_object_mut().expect("a group is an object");
        let grid = serde_json::to_value(grid::grid(g)).expect("a grid serialises");
        match table {
            None => {
                obj.insert("grid".into(), grid);
            }
            Some(t) => {
                let keep = ["deck_id", "deck_title", "deck_hash", "quiz", "graded_by"];
                obj.retain(|k, _| keep.contains(&k.as_str()) || k == t.name());
                match t {
                    Table::Grid => {
                        obj.insert("grid".into(), grid);
                    }
                    Table::Answers => {
                        let answers: Vec<Value> = g
                            .students
                            .iter()
                            .map(|s| {
                                serde_json::json!({
                                    "student": s.name,
                                    "attempt": s.attempt,
                                    "answers": s.answers,
                                })
                            })
                            .collect();
                        obj.insert("answers".into(), Value::Array(answers));
                    }
                    _ => {}
                }
            }
        }
    }
    value
}

/// Each group's name in a CSV column or a file name: its quiz's id, or its deck's; with the deck's version
/// (the start of its hash) where two groups would share one.
pub fn group_labels(report: &Report) -> Vec<String> {
    let base: Vec<String> = report
        .groups
        .iter()
        .map(|g| g.quiz.as_ref().map_or(&g.deck_id, |(id, _)| id).clone())
        .collect();
    base.iter()
        .zip(&report.groups)
        .map(|(b, g)| {
            if base.iter().filter(|o| *o == b).count() > 1 {
                format!("{b}@{}", g.deck_hash.chars().take(8).collect::<String>())
            } else {
                b.clone()
            }
        })
        .collect()
}

pub(crate) fn percent(p: f64) -> String {
    format!("{p:.0}%")
}

fn number(n: f64) -> String {
    crate::grade::number::format((n * 100.0).round() / 100.0)
}

fn time(seconds: i64) -> String {
    format!("{}m{:02}s", seconds / 60, seconds % 60)
}

fn discrimination(d: Option<f64>) -> String {
    d.map_or("n/a".to_string(), |d| format!("{d:.1}"))
}

fn weakest(tags: &[(String, f64)]) -> String {
    tags.iter()
        .map(|(t, p)| format!("{t} {}", percent(*p)))
        .collect::<Vec<_>>()
        .join(", ")
}

fn wrong(answers: &[(String, usize)]) -> String {
    answers
        .iter()
        .map(|(a, n)| format!("“{a}” ×{n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// "1 of 2", or "mean of 2".
fn attempt(s: &Student) -> String {
    match s.attempt {
        Some(n) => format!("{n} of {}", s.attempts),
        None => format!("mean of {}", s.attempts),
    }
}

/// Untrusted: the words come from the results files. Each format escapes it.
fn ended(s: &Student) -> String {
    s.ended.join(", ")
}

/// A grid cell: the score, or "–" for a question the student was not asked.
fn cell(score: Option<f64>) -> String {
    score.map_or("–".to_string(), number)
}

/// A student's answer as text (untrusted), or "(no answer)".
fn given(a: &Answer) -> String {
    a.answer
        .clone()
        .unwrap_or_else(|| super::NO_ANSWER.to_string())
}

/// What a row of the answers view stands for: "Ann · attempt 1 of 1 · 4 / 5 (80%)" (untrusted: the name).
fn student_line(s: &Student) -> String {
    format!(
        "{} · attempt {} · {} / {} ({})",
        s.name,
        attempt(s),
        number(s.score),
        number(s.max_score),
        percent(s.percent)
    )
}

fn heading(g: &Group) -> String {
    let students = match g.student_count {
        1 => "1 student".to_string(),
        n => format!("{n} students"),
    };
    match &g.quiz {
        Some((id, title)) => format!(
            "{title} (quiz {id}, deck {}) · {students} · graded by {} · mean {}",
            g.deck_id,
            g.graded_by,
            percent(g.mean_percent)
        ),
        None => format!(
            "{} ({}) · {students} · mean {}",
            g.deck_title,
            g.deck_id,
            percent(g.mean_percent)
        ),
    }
}
