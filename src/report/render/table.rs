//! The report as aligned columns for the terminal; `cut` puts text on one line and shortens it.

use std::fmt::Write as _;

use super::{
    Table, attempt, cell, common_wrong, discrimination, ended, fraction, given, heading, number,
    percent, question_line, response_rows, share, stat_lines, student_line, time, typed, weakest,
    wrap, wrong,
};
use crate::report::grid::{grid, verdict};
use crate::report::{Group, Report};
use crate::sanitize::one_line;

pub(crate) fn cut(text: &str, width: usize) -> String {
    let text = one_line(text);
    if text.chars().count() <= width {
        text.into_owned()
    } else {
        text.chars()
            .take(width.saturating_sub(1))
            .chain(['…'])
            .collect()
    }
}

/// Rows aligned in columns; the last column is left to run on.
pub(crate) fn columns(rows: &[Vec<String>]) -> String {
    let n = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..n)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|s| s.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for row in rows {
        let mut line = String::new();
        for (c, cell) in row.iter().enumerate() {
            if c + 1 == row.len() {
                line.push_str(cell);
            } else {
                let pad = widths[c] - cell.chars().count();
                line.push_str(cell);
                line.push_str(&" ".repeat(pad + 2));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

fn header(names: &[&str]) -> Vec<String> {
    names.iter().map(|s| s.to_string()).collect()
}

fn students(g: &Group) -> String {
    let mut rows = vec![header(&[
        "STUDENT",
        "ATTEMPT",
        "ENDED",
        "SCORE",
        "%",
        "TIME",
        "WEAKEST TAGS",
    ])];
    for s in &g.students {
        rows.push(vec![
            cut(&s.name, 28),
            attempt(s),
            cut(&ended(s), 40),
            format!("{} / {}", number(s.score), number(s.max_score)),
            percent(s.percent),
            time(s.seconds),
            cut(&weakest(&s.weakest_tags), 60),
        ]);
    }
    columns(&rows)
}

fn questions(g: &Group) -> String {
    let mut rows = vec![header(&[
        "QUESTION",
        "KIND",
        "N",
        "FACILITY",
        "GUESS",
        "DISCRIM.",
        "FLAGS",
        "COMMON WRONG ANSWERS",
    ])];
    for q in &g.questions {
        rows.push(vec![
            cut(&q.item, 32),
            cut(&q.kind, 12),
            q.attempts.to_string(),
            format!("{:.2}", q.facility),
            fraction(q.random_guess),
            discrimination(q.discrimination),
            cut(&q.flags.join(", "), 60),
            cut(&wrong(&q.wrong_answers), 60),
        ]);
    }
    columns(&rows)
}

/// Moodle's test statistics, each with what it says, then the cautions, each on a line of its own.
fn statistics(g: &Group) -> String {
    let mut rows = vec![header(&["TEST STATISTICS", "", ""])];
    for l in stat_lines(&g.statistics) {
        rows.push(vec![l.name.to_string(), l.value, l.gloss.to_string()]);
    }
    let mut out = columns(&rows);
    for c in &g.statistics.cautions {
        let _ = writeln!(
            out,
            "{}",
            wrap(&format!("CAUTION: {}", cut(c, 300)), 100, 9)
        );
    }
    out
}

/// Per question: its figures, then each option (or arrangement) with how many gave it, the right ones
/// marked ✓; for typed answers, the common wrong answers.
fn responses(g: &Group) -> String {
    let mut out = String::new();
    for q in &g.questions {
        let _ = writeln!(
            out,
            "{} ({}) · {}",
            cut(&q.item, 32),
            cut(&q.kind, 12),
            cut(&q.prompt, 60)
        );
        let _ = writeln!(out, "  {}", question_line(q));
        if typed(q) {
            let _ = writeln!(
                out,
                "  typed answers; common wrong: {}",
                cut(&common_wrong(q), 70)
            );
        }
        let rows: Vec<Vec<String>> = response_rows(q)
            .into_iter()
            .map(|r| {
                vec![
                    format!("  {}", if r.right == Some(true) { "✓" } else { " " }),
                    cut(&r.text, 60),
                    r.count.to_string(),
                    percent(share(r.count, q.attempts)),
                ]
            })
            .collect();
        out.push_str(&columns(&rows));
        out.push('\n');
    }
    out
}

fn tags(g: &Group) -> String {
    let mut rows = vec![header(&["TAG", "QUESTIONS", "ANSWERS", "MASTERY"])];
    for t in &g.tags {
        rows.push(vec![
            cut(&t.tag, 32),
            t.questions.to_string(),
            t.answers.to_string(),
            percent(t.mastery),
        ]);
    }
    columns(&rows)
}

/// A column per question, headed by its item id; "–" where a student was not asked it.
fn grid_table(g: &Group) -> String {
    let grid = grid(g);
    let mut head = vec!["STUDENT".to_string()];
    head.extend(grid.items.iter().map(|i| cut(i, 32)));
    head.extend(["TOTAL".to_string(), "%".to_string()]);
    let mut rows = vec![head];
    for (r, s) in grid.rows.iter().zip(&g.students) {
        let mut row = vec![if s.attempts > 1 || s.attempt.is_none() {
            cut(&format!("{} ({})", r.student, attempt(s)), 40)
        } else {
            cut(&r.student, 28)
        }];
        row.extend(r.scores.iter().map(|&c| cell(c)));
        row.push(format!("{} / {}", number(r.score), number(r.max_score)));
        row.push(percent(r.percent));
        rows.push(row);
    }
    columns(&rows)
}

fn answers(g: &Group) -> String {
    let mut out = String::new();
    for s in &g.students {
        let _ = writeln!(out, "{}", cut(&student_line(s), 100));
        let several = s.attempt.is_none();
        let mut rows = vec![header(&[
            "  QUESTION",
            "ANSWER",
            "RESULT",
            "SCORE",
            "EXPECTED",
        ])];
        for a in &s.answers {
            let item = if several {
                format!("{} (attempt {})", a.item, a.attempt)
            } else {
                a.item.clone()
            };
            rows.push(vec![
                format!("  {}", cut(&item, 32)),
                cut(&given(a), 40),
                verdict(a).to_string(),
                number(a.score),
                cut(&a.expected, 60),
            ]);
        }
        out.push_str(&columns(&rows));
        out.push('\n');
    }
    out
}

pub(super) fn render(report: &Report, table: Option<Table>) -> String {
    let mut out = String::new();
    for g in &report.groups {
        let _ = writeln!(out, "{}\n", one_line(&heading(g)));
        match table {
            None => {
                out.push_str(&statistics(g));
                out.push('\n');
                out.push_str(&students(g));
                out.push('\n');
                out.push_str(&questions(g));
                out.push_str("How many picked each option: kartka report --table responses\n\n");
                out.push_str(&tags(g));
                out.push('\n');
            }
            Some(Table::Students) => out.push_str(&(students(g) + "\n")),
            Some(Table::Questions) => out.push_str(&(questions(g) + "\n")),
            Some(Table::Tags) => out.push_str(&(tags(g) + "\n")),
            Some(Table::Grid) => out.push_str(&(grid_table(g) + "\n")),
            Some(Table::Answers) => out.push_str(&answers(g)),
            Some(Table::Statistics) => out.push_str(&(statistics(g) + "\n")),
            Some(Table::Responses) => out.push_str(&responses(g)),
        }
    }
    out
}
