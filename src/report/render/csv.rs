//! The report's tables as CSV, one table per file: a header row, then rows, nothing stacked. Every table
//! but the grid starts with a `group` column (the quiz, or the deck), so that a report on several quizzes
//! still makes one table; the grid has a column per question, so it is one group's.

use super::{Table, ended, group_labels, number, response_rows, weakest, wrong};
use crate::report::grid::{grid as make_grid, verdict};
use crate::report::{Group, Report};
use crate::sanitize::one_line;

/// A cell a spreadsheet will not run: text starting with `=`, `+`, `-`, `@`, a tab or a carriage return is
/// prefixed with `'` (OWASP's advice for CSV injection).
pub fn csv_cell(text: &str) -> String {
    let text = one_line(text);
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.into_owned()
    }
}

fn write(rows: Vec<Vec<String>>) -> String {
    let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
    for row in rows {
        let _ = w.write_record(&row);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// A figure to `n` places, or empty where it cannot be computed.
fn places(v: Option<f64>, n: usize) -> String {
    v.map_or(String::new(), |v| format!("{v:.n$}"))
}

fn header(names: &[&str]) -> Vec<String> {
    names.iter().map(|s| s.to_string()).collect()
}

/// One table (not the grid) over every group.
pub(super) fn render(report: &Report, table: Table) -> String {
    let t = |s: &str| csv_cell(s);
    let mut rows = vec![match table {
        Table::Students => header(&[
            "group",
            "student",
            "attempt",
            "attempts",
            "score",
            "max_score",
            "percent",
            "seconds",
            "weakest_tags",
            "ended",
        ]),
        Table::Questions => header(&[
            "group",
            "item",
            "kind",
            "prompt",
            "attempts",
            "facility",
            "sd",
            "random_guess",
            "discrimination",
            "discriminative_efficiency",
            "flags",
            "wrong_answers",
            "unanswered",
        ]),
        Table::Statistics => header(&[
            "group",
            "attempts",
            "mean",
            "median",
            "sd",
            "skewness",
            "kurtosis",
            "cic",
            "error_ratio",
            "standard_error",
            "cautions",
        ]),
        Table::Responses => header(&["group", "item", "kind", "response", "count", "right"]),
        Table::Tags => header(&["group", "tag", "questions", "answers", "mastery"]),
        Table::Answers => header(&[
            "group", "student", "attempt", "item", "prompt", "answer", "expected", "result",
            "score",
        ]),
        Table::Grid => unreachable!("the grid is written by `grid`"),
    }];
    for (g, label) in report.groups.iter().zip(group_labels(report)) {
        let label = t(&label);
        match table {
            Table::Students => rows.extend(g.students.iter().map(|s| {
                vec![
                    label.clone(),
                    t(&s.name),
                    s.attempt.map_or_else(String::new, |n| n.to_string()),
                    s.attempts.to_string(),
                    number(s.score),
                    number(s.max_score),
                    format!("{:.1}", s.percent),
                    s.seconds.to_string(),
                    t(&weakest(&s.weakest_tags)),
                    t(&ended(s)),
                ]
            })),
            Table::Questions => rows.extend(g.questions.iter().map(|q| {
                vec![
                    label.clone(),
                    t(&q.item),
                    t(&q.kind),
                    t(&q.prompt),
                    q.attempts.to_string(),
                    format!("{:.3}", q.facility),
                    places(q.sd, 3),
                    places(q.random_guess, 3),
                    places(q.discrimination, 1),
                    places(q.discriminative_efficiency, 1),
                    t(&q.flags.join("; ")),
                    t(&wrong(&q.wrong_answers)),
                    q.responses.unanswered.to_string(),
                ]
            })),
            Table::Statistics => {
                let s = &g.statistics;
                rows.push(vec![
                    label.clone(),
                    s.attempts.to_string(),
                    places(s.mean, 2),
                    places(s.median, 2),
                    places(s.sd, 2),
                    places(s.skewness, 4),
                    places(s.kurtosis, 4),
                    places(s.cic, 2),
                    places(s.error_ratio, 2),
                    places(s.standard_error, 2),
                    t(&s.cautions.join("; ")),
                ]);
            }
            Table::Responses => {
                for q in &g.questions {
                    rows.extend(response_rows(q).into_iter().map(|r| {
                        vec![
                            label.clone(),
                            t(&q.item),
                            t(&q.kind),
                            t(&r.text),
                            r.count.to_string(),
                            match r.right {
                                Some(true) => "yes",
                                Some(false) => "no",
                                None => "",
                            }
                            .to_string(),
                        ]
                    }));
                }
            }
            Table::Tags => rows.extend(g.tags.iter().map(|tag| {
                vec![
                    label.clone(),
                    t(&tag.tag),
                    tag.questions.to_string(),
                    tag.answers.to_string(),
                    format!("{:.1}", tag.mastery),
                ]
            })),
            Table::Answers => {
                for s in &g.students {
                    rows.extend(s.answers.iter().map(|a| {
                        vec![
                            label.clone(),
                            t(&s.name),
                            a.attempt.to_string(),
                            t(&a.item),
                            t(&a.prompt),
                            a.answer.as_deref().map_or(String::new(), t),
                            t(&a.expected),
                            verdict(a).to_string(),
                            number(a.score),
                        ]
                    }));
                }
            }
            Table::Grid => {}
        }
    }
    write(rows)
}

/// One group's grid for a spreadsheet or a gradebook: the student's name first, a column per question
/// headed by its item id, then the total, the maximum and the percent; numbers only, empty where a student
/// was not asked the question. With several rows per student (`--attempts all`), an `attempt` column
/// follows the name.
pub fn grid(g: &Group) -> String {
    let grid = make_grid(g);
    let several = g.students.len() > g.student_count;
    let mut head = vec!["student".to_string()];
    if several {
        head.push("attempt".into());
    }
    head.extend(grid.items.iter().map(|i| csv_cell(i)));
    head.extend(["total", "max_score", "percent"].map(String::from));
    let mut rows = vec![head];
    for r in &grid.rows {
        let mut row = vec![csv_cell(&r.student)];
        if several {
            row.push(r.attempt.map_or_else(String::new, |n| n.to_string()));
        }
        row.extend(r.scores.iter().map(|c| c.map_or_else(String::new, number)));
        row.extend([
            number(r.score),
            number(r.max_score),
            format!("{:.1}", r.percent),
        ]);
        rows.push(row);
    }
    write(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_escaped_in_csv() {
        for (cell, safe) in [
            ("=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"),
            ("+1", "'+1"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\u{1b}[31m", "\u{241b}[31m"),
            ("Ann", "Ann"),
        ] {
            assert_eq!(csv_cell(cell), safe);
        }
    }
}
