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
use super::statistics::TestStats;
use super::{Group, QuestionStats, Report, Student};
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
    /// A self-contained page, readable on a phone (the report's has charts).
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
    /// Moodle's test statistics, a row per quiz: mean, median, SD, skewness, kurtosis, Cronbach's alpha,
    /// error ratio, standard error, and the cautions.
    Statistics,
    /// Per question, how many picked each option (or gave each arrangement), the right ones marked.
    Responses,
}

impl Table {
    pub const ALL: [Table; 7] = [
        Table::Students,
        Table::Questions,
        Table::Tags,
        Table::Grid,
        Table::Answers,
        Table::Statistics,
        Table::Responses,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Table::Students => "students",
            Table::Questions => "questions",
            Table::Tags => "tags",
            Table::Grid => "grid",
            Table::Answers => "answers",
            Table::Statistics => "statistics",
            Table::Responses => "responses",
        }
    }
}

/// The report in `format`: `table` alone, or when `None` the format's usual set (the table and Markdown:
/// test statistics, students, questions and tags; HTML: every table, and charts; JSON: everything; CSV:
/// students).
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
                    Table::Responses => {
                        let responses: Vec<Value> = g
                            .questions
                            .iter()
                            .map(|q| {
                                serde_json::json!({
                                    "item": q.item,
                                    "kind": q.kind,
                                    "attempts": q.attempts,
                                    "responses": q.responses,
                                })
                            })
                            .collect();
                        obj.insert("responses".into(), Value::Array(responses));
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

/// A table's column: its heading, and its cells' HTML class: `n` for numbers (right-aligned in every
/// format), `flag` for warnings, or none.
type Column = (&'static str, &'static str);

const STUDENT_COLUMNS: [Column; 7] = [
    ("Student", ""),
    ("Attempt", ""),
    ("Ended", ""),
    ("Score", "n"),
    ("%", "n"),
    ("Time", "n"),
    ("Weakest tags", ""),
];

/// A student's row, as text: untrusted, each format escapes it.
fn student_cells(s: &Student) -> [String; 7] {
    [
        s.name.clone(),
        attempt(s),
        ended(s),
        format!("{} / {}", number(s.score), number(s.max_score)),
        percent(s.percent),
        time(s.seconds),
        weakest(&s.weakest_tags),
    ]
}

const QUESTION_COLUMNS: [Column; 10] = [
    ("Question", ""),
    ("Kind", ""),
    ("N", "n"),
    ("Facility", "n"),
    ("SD", "n"),
    ("Random guess", "n"),
    ("Discrimination", "n"),
    ("Efficiency", "n"),
    ("Flags", "flag"),
    ("Common wrong answers", ""),
];

/// A question's row, as text: untrusted, each format escapes it.
fn question_cells(q: &QuestionStats) -> [String; 10] {
    [
        q.item.clone(),
        q.kind.clone(),
        q.attempts.to_string(),
        format!("{:.2}", q.facility),
        fraction(q.sd),
        fraction(q.random_guess),
        discrimination(q.discrimination),
        discrimination(q.discriminative_efficiency),
        q.flags.join(", "),
        wrong(&q.wrong_answers),
    ]
}

const TAG_COLUMNS: [Column; 4] = [
    ("Tag", ""),
    ("Questions", "n"),
    ("Answers", "n"),
    ("Mastery", "n"),
];

fn tag_cells(t: &super::TagStats) -> [String; 4] {
    [
        t.tag.clone(),
        t.questions.to_string(),
        t.answers.to_string(),
        percent(t.mastery),
    ]
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

/// A figure, or "n/a" where it cannot be computed.
fn figure(v: Option<f64>, places: usize, unit: &str) -> String {
    v.map_or("n/a".to_string(), |v| format!("{v:.places$}{unit}"))
}

/// A question's figure on the 0–1 scale (SD, random guess), or "n/a".
fn fraction(v: Option<f64>) -> String {
    figure(v, 2, "")
}

/// One line of the test statistics: its name, its value, and what it says in plain words (Moodle's own
/// guidance, "Quiz report statistics", where it gives one; see docs/report.md).
struct StatLine {
    name: &'static str,
    value: String,
    gloss: &'static str,
}

/// The test statistics as lines, in Moodle's order; figures that cannot be computed are "n/a".
fn stat_lines(s: &TestStats) -> Vec<StatLine> {
    let line = |name, value, gloss| StatLine { name, value, gloss };
    vec![
        line(
            "Attempts",
            s.attempts.to_string(),
            "counted in the statistics",
        ),
        line(
            "Mean",
            figure(s.mean, 1, "%"),
            "the average total; Moodle suggests 50–75%",
        ),
        line(
            "Median",
            figure(s.median, 1, "%"),
            "half the attempts scored less",
        ),
        line(
            "Standard deviation",
            figure(s.sd, 1, "%"),
            "how spread out the totals are; Moodle suggests 12–18%",
        ),
        line(
            "Skewness",
            figure(s.skewness, 2, ""),
            "0: symmetric; below 0: most scored high; Moodle suggests about −1",
        ),
        line(
            "Kurtosis",
            figure(s.kurtosis, 2, ""),
            "0: bell-shaped; above 1: bunched in the middle; Moodle suggests 0–1",
        ),
        line(
            "Cronbach's alpha (CIC)",
            figure(s.cic, 1, "%"),
            "do the questions measure one thing? above 75% fine, below 64% not",
        ),
        line(
            "Error ratio",
            figure(s.error_ratio, 1, "%"),
            "the share of the spread that is chance; 50% when alpha is 75%",
        ),
        line(
            "Standard error",
            figure(s.standard_error, 1, "%"),
            "a student's total is uncertain by about ± this",
        ),
    ]
}

/// One row of a question's response frequencies: the response (untrusted text), how many gave it, and
/// whether it is right (`None` for the no-answer and unreadable rows).
struct ResponseRow {
    text: String,
    count: usize,
    right: Option<bool>,
}

/// A question's responses: each option (choice, multi, true/false) or the arrangements given most (order,
/// match), then the answers left blank and those that could not be read, when there are any.
fn response_rows(q: &QuestionStats) -> Vec<ResponseRow> {
    let r = &q.responses;
    let mut rows: Vec<ResponseRow> = r
        .options
        .iter()
        .map(|o| ResponseRow {
            text: o.text.clone(),
            count: o.count,
            right: Some(o.right),
        })
        .chain(r.arrangements.iter().map(|a| ResponseRow {
            text: a.text.clone(),
            count: a.count,
            right: Some(a.right),
        }))
        .collect();
    if r.unanswered > 0 || !rows.is_empty() {
        rows.push(ResponseRow {
            text: super::NO_ANSWER.to_string(),
            count: r.unanswered,
            right: None,
        });
    }
    if r.unread > 0 {
        rows.push(ResponseRow {
            text: "(could not be read)".to_string(),
            count: r.unread,
            right: None,
        });
    }
    rows
}

/// `count` of `of` in percent, whole.
fn share(count: usize, of: usize) -> f64 {
    count as f64 * 100.0 / of.max(1) as f64
}

/// A question of a kind without options or arrangements (typed answers): its responses are its wrong
/// answers.
fn typed(q: &QuestionStats) -> bool {
    q.responses.options.is_empty() && q.responses.arrangements.is_empty()
}

/// The most common wrong answers (untrusted), or "none".
fn common_wrong(q: &QuestionStats) -> String {
    match wrong(&q.wrong_answers) {
        w if w.is_empty() => "none".to_string(),
        w => w,
    }
}

/// `text` in lines of at most `width` characters, broken at spaces, each after the first indented by
/// `indent` spaces.
fn wrap(text: &str, width: usize, indent: usize) -> String {
    let mut out = String::new();
    let mut line = 0;
    for word in text.split(' ') {
        let n = word.chars().count();
        if line > indent && line + 1 + n > width {
            out.push('\n');
            out.push_str(&" ".repeat(indent));
            line = indent;
        } else if !out.is_empty() {
            out.push(' ');
            line += 1;
        }
        out.push_str(word);
        line += n;
    }
    out
}

/// A question's figures on one line: "8 answers · facility 0.50 · random guess 0.25 · SD 0.53 ·
/// discrimination 80.9 · efficiency 96.4".
fn question_line(q: &QuestionStats) -> String {
    format!(
        "{} answer{} · facility {:.2} · random guess {} · SD {} · discrimination {} · efficiency {}",
        q.attempts,
        if q.attempts == 1 { "" } else { "s" },
        q.facility,
        fraction(q.random_guess),
        fraction(q.sd),
        discrimination(q.discrimination),
        discrimination(q.discriminative_efficiency)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_breaks_at_spaces_and_indents() {
        assert_eq!(
            wrap("CAUTION: aa bb cc", 12, 9),
            "CAUTION: aa\n         bb\n         cc"
        );
        assert_eq!(wrap("short", 100, 9), "short");
    }
}
