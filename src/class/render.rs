//! A class's study progress as a terminal table, CSV, JSON, Markdown or an HTML page, in the report's
//! formats and with its escaping: names and tags come from students' statements, untrusted.

use std::fmt::Write as _;

use chrono::{DateTime, FixedOffset};

use super::progress::{Progress, StudentProgress, Tally};
use crate::report::render::{Format, columns, csv_cell, cut, esc, md, page, percent};
use crate::sanitize::{one_line, unicode_escaped};

/// Tags shown per student in the table: the weakest.
const WEAKEST: usize = 3;

pub fn render(p: &Progress, format: Format) -> String {
    match format {
        Format::Table => table(p),
        Format::Csv => csv(p),
        Format::Json => {
            let json = serde_json::to_string_pretty(p).expect("progress serialises");
            unicode_escaped(&json).into_owned() + "\n"
        }
        Format::Markdown => markdown(p),
        Format::Html => html(p),
    }
}

fn heading(p: &Progress) -> String {
    let n = p.students.len();
    format!(
        "{}: study up to {} · {n} student{}",
        p.class,
        p.now.format("%Y-%m-%d %H:%M"),
        if n == 1 { "" } else { "s" }
    )
}

/// "12 · 75%", or "0".
fn tally(t: &Tally) -> String {
    match t.accuracy() {
        Some(a) => format!("{} · {}", t.answers, percent(a)),
        None => "0".into(),
    }
}

/// "2026-11-29 (1 day ago)", "today", "never": days counted in the teacher's calendar.
fn last(p: &Progress, s: &StudentProgress) -> String {
    match s.last_studied {
        Some(at) => format!("{} ({})", day(p, at), ago(p, at)),
        None => "never".into(),
    }
}

fn day(p: &Progress, at: DateTime<FixedOffset>) -> String {
    at.with_timezone(&p.now.timezone())
        .format("%Y-%m-%d")
        .to_string()
}

fn ago(p: &Progress, at: DateTime<FixedOffset>) -> String {
    let days = (p.now.date_naive() - at.with_timezone(&p.now.timezone()).date_naive())
        .num_days()
        .max(0);
    match days {
        0 => "today".into(),
        1 => "1 day ago".into(),
        n => format!("{n} days ago"),
    }
}

/// The weakest tags below 100%, as the report shows a student's.
fn weakest(s: &StudentProgress) -> String {
    s.tags
        .iter()
        .filter_map(|t| Some((t, t.tally.accuracy()?)))
        .filter(|(_, a)| *a < 100.0)
        .take(WEAKEST)
        .map(|(t, a)| format!("{} {}", t.tag, percent(a)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// "Not studied in the last 7 days: Bob (9 days ago), Cat (never)."; empty when everyone studied.
fn idle(p: &Progress) -> String {
    let names: Vec<String> = p
        .students
        .iter()
        .filter(|s| s.idle())
        .map(|s| {
            let when = s.last_studied.map_or("never".into(), |at| ago(p, at));
            format!("{} ({when})", s.name)
        })
        .collect();
    if names.is_empty() {
        String::new()
    } else {
        format!(
            "Not studied in the last 7 days ({}): {}.",
            names.len(),
            names.join(", ")
        )
    }
}

fn table(p: &Progress) -> String {
    let mut out = format!("{}\n\n", one_line(&heading(p)));
    let mut rows = vec![
        [
            "STUDENT",
            "ACCOUNT",
            "LAST STUDIED",
            "7 DAYS",
            "30 DAYS",
            "CARDS",
            "WEAKEST TAGS (30 DAYS)",
        ]
        .map(String::from)
        .to_vec(),
    ];
    for s in &p.students {
        rows.push(vec![
            cut(&s.name, 30),
            cut(&s.username, 20),
            last(p, s),
            tally(&s.last_7_days),
            tally(&s.last_30_days),
            s.cards.to_string(),
            cut(&weakest(s), 60),
        ]);
    }
    out.push_str(&columns(&rows));
    let idle = idle(p);
    if !idle.is_empty() {
        let _ = writeln!(out, "\n{}", one_line(&idle));
    }
    if !p.tags.is_empty() {
        out.push('\n');
        let mut rows = vec![
            ["TAG", "ANSWERS (30 DAYS)", "RIGHT"]
                .map(String::from)
                .to_vec(),
        ];
        for t in &p.tags {
            rows.push(vec![
                cut(&t.tag, 30),
                t.tally.answers.to_string(),
                t.tally.accuracy().map_or(String::new(), percent),
            ]);
        }
        out.push_str(&columns(&rows));
    }
    out
}

/// One row per student; a column per tag of the class with the student's accuracy on it over 30 days.
fn csv(p: &Progress) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header: Vec<String> = [
        "student",
        "account",
        "last_studied",
        "answers_7_days",
        "right_7_days",
        "answers_30_days",
        "right_30_days",
        "cards",
    ]
    .map(String::from)
    .to_vec();
    header.extend(p.tags.iter().map(|t| csv_cell(&format!("{} %", t.tag))));
    let _ = w.write_record(&header);
    for s in &p.students {
        let mut row = vec![
            csv_cell(&s.name),
            csv_cell(&s.username),
            s.last_studied.map_or(String::new(), |t| t.to_rfc3339()),
            s.last_7_days.answers.to_string(),
            s.last_7_days.right.to_string(),
            s.last_30_days.answers.to_string(),
            s.last_30_days.right.to_string(),
            s.cards.to_string(),
        ];
        row.extend(p.tags.iter().map(|t| tag_accuracy(s, &t.tag)));
        let _ = w.write_record(&row);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// The student's accuracy on `tag` over 30 days, in percent; empty when they did not answer it.
fn tag_accuracy(s: &StudentProgress, tag: &str) -> String {
    s.tags
        .iter()
        .find(|t| t.tag == tag)
        .and_then(|t| t.tally.accuracy())
        .map_or(String::new(), |a| format!("{a:.0}"))
}

fn markdown(p: &Progress) -> String {
    let mut out = format!("# {}\n\n", md(&heading(p)));
    out.push_str("| Student | Account | Last studied | 7 days | 30 days | Cards | Weakest tags (30 days) |\n");
    out.push_str("|---|---|---|--:|--:|--:|---|\n");
    for s in &p.students {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} |",
            md(&s.name),
            md(&s.username),
            last(p, s),
            tally(&s.last_7_days),
            tally(&s.last_30_days),
            s.cards,
            md(&weakest(s))
        );
    }
    let idle = idle(p);
    if !idle.is_empty() {
        let _ = writeln!(out, "\n{}", md(&idle));
    }
    if !p.tags.is_empty() {
        out.push_str("\n| Tag | Answers (30 days) | Right |\n|---|--:|--:|\n");
        for t in &p.tags {
            let _ = writeln!(
                out,
                "| {} | {} | {} |",
                md(&t.tag),
                t.tally.answers,
                t.tally.accuracy().map_or(String::new(), percent)
            );
        }
    }
    out
}

fn html(p: &Progress) -> String {
    let n = p.students.len();
    let mut body = format!(
        "<p>Study up to {} · {n} student{}</p>",
        p.now.format("%Y-%m-%d %H:%M"),
        if n == 1 { "" } else { "s" }
    );
    let idle = idle(p);
    if !idle.is_empty() {
        let _ = write!(body, "<p class=\"warning\">{}</p>", esc(&idle));
    }
    body.push_str(
        "<div class=\"scroll\"><table><tr><th>Student</th><th>Last studied</th><th>7 days</th><th>30 days</th>\
         <th>Cards</th><th>Account</th></tr>",
    );
    for s in &p.students {
        let last = match s.last_studied {
            Some(at) => format!("{}<br><small>{}</small>", day(p, at), ago(p, at)),
            None => "never".into(),
        };
        let _ = write!(
            body,
            "<tr><td>{}</td><td class=\"d\">{last}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td></tr>",
            esc(&s.name),
            tally(&s.last_7_days),
            tally(&s.last_30_days),
            s.cards,
            esc(&s.username),
        );
    }
    body.push_str("</table></div>");
    if !p.tags.is_empty() {
        body.push_str(
            "<h2>Right answers per tag, last 30 days</h2><div class=\"scroll\"><table><tr><th>Student</th>",
        );
        for t in &p.tags {
            let _ = write!(body, "<th>{}</th>", esc(&t.tag));
        }
        body.push_str("</tr><tr><th>Class</th>");
        for t in &p.tags {
            let _ = write!(
                body,
                "<th class=\"n\">{}</th>",
                t.tally.accuracy().map_or(String::new(), percent)
            );
        }
        body.push_str("</tr>");
        for s in &p.students {
            let _ = write!(body, "<tr><td>{}</td>", esc(&s.name));
            for t in &p.tags {
                let a = tag_accuracy(s, &t.tag);
                let _ = write!(
                    body,
                    "<td class=\"n\">{}</td>",
                    if a.is_empty() { a } else { a + "%" }
                );
            }
            body.push_str("</tr>");
        }
        body.push_str("</table></div>");
    }
    page(&format!("{}: study progress", p.class), &body)
}
