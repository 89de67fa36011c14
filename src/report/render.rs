//! A report as a terminal table, CSV, JSON, Markdown or a self-contained HTML page.
//!
//! Everything in a results file is untrusted (students type their own names, and anyone can edit the file):
//! each format has one escaping helper, `cut` for the table, `csv_cell`, `md` and `esc`, and every cell of
//! text goes through it. Only figures kartka formats itself are written as they are.

use std::fmt::Write as _;

use clap::ValueEnum;

use super::{Group, Report, Student, TOO_EASY, TOO_HARD};
use crate::sanitize::{one_line, unicode_escaped};

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

pub fn render(report: &Report, format: Format) -> String {
    match format {
        Format::Table => table(report),
        Format::Csv => csv(report),
        Format::Json => {
            let json = serde_json::to_string_pretty(report).expect("a report serialises");
            unicode_escaped(&json).into_owned() + "\n"
        }
        Format::Markdown => markdown(report),
        Format::Html => html(report),
    }
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

fn table(report: &Report) -> String {
    let mut out = String::new();
    for g in &report.groups {
        let _ = writeln!(out, "{}\n", one_line(&heading(g)));
        let mut rows = vec![
            vec![
                "STUDENT",
                "ATTEMPT",
                "ENDED",
                "SCORE",
                "%",
                "TIME",
                "WEAKEST TAGS",
            ]
            .into_iter()
            .map(String::from)
            .collect::<Vec<_>>(),
        ];
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
        out.push_str(&columns(&rows));
        let mut rows = vec![
            vec![
                "QUESTION",
                "KIND",
                "N",
                "FACILITY",
                "DISCRIM.",
                "FLAGS",
                "COMMON WRONG ANSWERS",
            ]
            .into_iter()
            .map(String::from)
            .collect::<Vec<_>>(),
        ];
        for q in &g.questions {
            rows.push(vec![
                cut(&q.item, 32),
                cut(&q.kind, 12),
                q.attempts.to_string(),
                format!("{:.2}", q.facility),
                discrimination(q.discrimination),
                cut(&q.flags.join(", "), 60),
                cut(&wrong(&q.wrong_answers), 60),
            ]);
        }
        out.push('\n');
        out.push_str(&columns(&rows));
        let mut rows = vec![vec![
            "TAG".to_string(),
            "QUESTIONS".into(),
            "ANSWERS".into(),
            "MASTERY".into(),
        ]];
        for t in &g.tags {
            rows.push(vec![
                cut(&t.tag, 32),
                t.questions.to_string(),
                t.answers.to_string(),
                percent(t.mastery),
            ]);
        }
        out.push('\n');
        out.push_str(&columns(&rows));
        out.push('\n');
    }
    out
}

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

fn csv(report: &Report) -> String {
    let mut w = csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(Vec::new());
    let t = |s: &str| csv_cell(s);
    let mut rows: Vec<Vec<String>> = vec![
        [
            "section",
            "deck",
            "student",
            "attempt",
            "attempts",
            "score",
            "max_score",
            "percent",
            "seconds",
            "weakest_tags",
            "ended",
        ]
        .map(String::from)
        .to_vec(),
    ];
    for g in &report.groups {
        for s in &g.students {
            rows.push(vec![
                "student".into(),
                t(&g.deck_id),
                t(&s.name),
                s.attempt.map_or_else(String::new, |n| n.to_string()),
                s.attempts.to_string(),
                number(s.score),
                number(s.max_score),
                format!("{:.1}", s.percent),
                s.seconds.to_string(),
                t(&weakest(&s.weakest_tags)),
                t(&ended(s)),
            ]);
        }
    }
    rows.push(vec![]);
    rows.push(
        [
            "section",
            "deck",
            "item",
            "kind",
            "prompt",
            "attempts",
            "facility",
            "discrimination",
            "flags",
            "wrong_answers",
        ]
        .map(String::from)
        .to_vec(),
    );
    for g in &report.groups {
        for q in &g.questions {
            rows.push(vec![
                "question".into(),
                t(&g.deck_id),
                t(&q.item),
                t(&q.kind),
                t(&q.prompt),
                q.attempts.to_string(),
                format!("{:.3}", q.facility),
                q.discrimination
                    .map_or(String::new(), |d| format!("{d:.1}")),
                t(&q.flags.join("; ")),
                t(&wrong(&q.wrong_answers)),
            ]);
        }
    }
    rows.push(vec![]);
    rows.push(
        ["section", "deck", "tag", "questions", "answers", "mastery"]
            .map(String::from)
            .to_vec(),
    );
    for g in &report.groups {
        for tag in &g.tags {
            rows.push(vec![
                "tag".into(),
                t(&g.deck_id),
                t(&tag.tag),
                tag.questions.to_string(),
                tag.answers.to_string(),
                format!("{:.1}", tag.mastery),
            ]);
        }
    }
    for row in rows {
        if row.is_empty() {
            let _ = w.write_record([""]);
        } else {
            let _ = w.write_record(&row);
        }
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// Text that stays text in a Markdown table cell: no cell break, link or image (`[`), emphasis, code span,
/// HTML tag or autolink (`<`), nor character reference (`&#x202E;` would bring back what `one_line` removed).
pub(crate) fn md(text: &str) -> String {
    let mut out = String::new();
    for c in one_line(text).chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\\' | '|' | '`' | '*' | '_' | '~' | '[' | ']' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

fn markdown(report: &Report) -> String {
    let mut out = String::from("# Class report\n\n");
    for w in &report.warnings {
        let _ = writeln!(out, "> **Warning:** {}\n", md(w));
    }
    for g in &report.groups {
        let _ = writeln!(out, "## {}\n", md(&heading(g)));
        out.push_str("### Students\n\n| Student | Attempt | Ended | Score | % | Time | Weakest tags |\n|---|---|---|---|---|---|---|\n");
        for s in &g.students {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} / {} | {} | {} | {} |",
                md(&s.name),
                attempt(s),
                md(&ended(s)),
                number(s.score),
                number(s.max_score),
                percent(s.percent),
                time(s.seconds),
                md(&weakest(&s.weakest_tags))
            );
        }
        out.push_str("\n### Questions\n\n| Question | Kind | N | Facility | Discrimination | Flags | Common wrong answers |\n|---|---|---|---|---|---|---|\n");
        for q in &g.questions {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {:.2} | {} | {} | {} |",
                md(&q.item),
                md(&q.kind),
                q.attempts,
                q.facility,
                discrimination(q.discrimination),
                md(&q.flags.join(", ")),
                md(&wrong(&q.wrong_answers))
            );
        }
        out.push_str("\n### Tags\n\n| Tag | Questions | Answers | Mastery |\n|---|---|---|---|\n");
        for t in &g.tags {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                md(&t.tag),
                t.questions,
                t.answers,
                percent(t.mastery)
            );
        }
        out.push('\n');
    }
    out
}

pub(crate) fn esc(text: &str) -> String {
    one_line(text)
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// Ten bars: how many students scored 0–9%, 10–19%, … 90–100%.
fn histogram_svg(g: &Group) -> String {
    let max = g.histogram.iter().copied().max().unwrap_or(0).max(1);
    let (w, h, bar) = (420, 180, 36);
    let mut svg = format!(
        "<svg role=\"img\" aria-label=\"Score histogram\" viewBox=\"0 0 {w} {}\" width=\"{w}\" height=\"{}\">",
        h + 40,
        h + 40
    );
    for (i, &n) in g.histogram.iter().enumerate() {
        let bh = n * h / max;
        let x = 10 + i * (bar + 4);
        let _ = write!(
            svg,
            "<rect x=\"{x}\" y=\"{}\" width=\"{bar}\" height=\"{bh}\" fill=\"#3b6ea5\"><title>{}–{}%: {n}</title></rect>",
            h - bh,
            i * 10,
            if i == 9 { 100 } else { i * 10 + 9 }
        );
        if n > 0 {
            // Above the bar, or in white just inside it when the bar is full height.
            let (y, fill) = if h - bh >= 18 {
                (h - bh - 4, "#222")
            } else {
                (16, "#fff")
            };
            let _ = write!(
                svg,
                "<text x=\"{}\" y=\"{y}\" fill=\"{fill}\" text-anchor=\"middle\" font-size=\"12\">{n}</text>",
                x + bar / 2
            );
        }
        let _ = write!(
            svg,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"11\">{}%</text>",
            x + bar / 2,
            h + 16,
            i * 10
        );
    }
    let _ = write!(
        svg,
        "<line x1=\"8\" y1=\"{h}\" x2=\"{}\" y2=\"{h}\" stroke=\"#333\"/></svg>",
        w - 4
    );
    svg
}

/// A bar per question, its length the facility, red below the too-hard line and grey above the too-easy one.
fn facility_svg(g: &Group) -> String {
    let (label_w, bar_w, row) = (240, 300, 22);
    let h = g.questions.len() * row + 30;
    let mut svg = format!(
        "<svg role=\"img\" aria-label=\"Facility per question\" viewBox=\"0 0 {} {h}\" width=\"{}\" height=\"{h}\">",
        label_w + bar_w + 60,
        label_w + bar_w + 60
    );
    for (i, q) in g.questions.iter().enumerate() {
        let y = 10 + i * row;
        let len = (q.facility * bar_w as f64).round() as usize;
        let colour = if q.facility < TOO_HARD {
            "#c0392b"
        } else if q.facility > TOO_EASY {
            "#95a5a6"
        } else {
            "#3b6ea5"
        };
        let _ = write!(
            svg,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" font-size=\"12\">{}</text>\
             <rect x=\"{label_w}\" y=\"{y}\" width=\"{len}\" height=\"{}\" fill=\"{colour}\"><title>{}: {:.2}</title></rect>\
             <text x=\"{}\" y=\"{}\" font-size=\"12\">{:.2}</text>",
            label_w - 6,
            y + 14,
            esc(&cut(&q.item, 34)),
            row - 6,
            esc(&q.item),
            q.facility,
            label_w + len + 4,
            y + 14,
            q.facility
        );
    }
    for (f, label) in [(TOO_HARD, "0.2"), (TOO_EASY, "0.9")] {
        let x = label_w + (f * bar_w as f64) as usize;
        let _ = write!(
            svg,
            "<line x1=\"{x}\" y1=\"4\" x2=\"{x}\" y2=\"{}\" stroke=\"#888\" stroke-dasharray=\"4 3\"/>\
             <text x=\"{x}\" y=\"{}\" text-anchor=\"middle\" font-size=\"11\">{label}</text>",
            h - 20,
            h - 6
        );
    }
    svg.push_str("</svg>");
    svg
}

fn html(report: &Report) -> String {
    let mut body = String::new();
    for w in &report.warnings {
        let _ = write!(body, "<p class=\"warning\">⚠ {}</p>", esc(w));
    }
    for g in &report.groups {
        let _ = write!(body, "<section><h2>{}</h2>", esc(&heading(g)));
        let _ = write!(
            body,
            "<div class=\"charts\"><figure>{}<figcaption>Scores</figcaption></figure>\
             <figure>{}<figcaption>Facility per question (dashed: too hard below 0.2, too easy above 0.9)</figcaption></figure></div>",
            histogram_svg(g),
            facility_svg(g)
        );
        body.push_str("<h3>Students</h3><table><tr><th>Student</th><th>Attempt</th><th>Ended</th><th>Score</th><th>%</th><th>Time</th><th>Weakest tags</th></tr>");
        for s in &g.students {
            let _ = write!(
                body,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"n\">{} / {}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td></tr>",
                esc(&s.name),
                attempt(s),
                esc(&ended(s)),
                number(s.score),
                number(s.max_score),
                percent(s.percent),
                time(s.seconds),
                esc(&weakest(&s.weakest_tags))
            );
        }
        body.push_str("</table><h3>Questions</h3><table><tr><th>Question</th><th>Kind</th><th>N</th><th>Facility</th><th>Discrimination</th><th>Flags</th><th>Common wrong answers</th></tr>");
        for q in &g.questions {
            let _ = write!(
                body,
                "<tr><td><b>{}</b><br><small>{}</small></td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{:.2}</td><td class=\"n\">{}</td><td class=\"flag\">{}</td><td>{}</td></tr>",
                esc(&q.item),
                esc(&q.prompt),
                esc(&q.kind),
                q.attempts,
                q.facility,
                discrimination(q.discrimination),
                esc(&q.flags.join(", ")),
                esc(&wrong(&q.wrong_answers))
            );
        }
        body.push_str("</table><h3>Tags</h3><table><tr><th>Tag</th><th>Questions</th><th>Answers</th><th>Mastery</th></tr>");
        for t in &g.tags {
            let _ = write!(
                body,
                "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
                esc(&t.tag),
                t.questions,
                t.answers,
                percent(t.mastery)
            );
        }
        body.push_str("</table></section>");
    }
    page("Class report", &body)
}

/// A self-contained HTML page: `title` as text, `body` as HTML already escaped.
pub(crate) fn page(title: &str, body: &str) -> String {
    let title = esc(title);
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{title}</title>\
         <style>body{{font-family:system-ui,sans-serif;margin:2em;color:#222;max-width:70em}}\
         table{{border-collapse:collapse;margin:.5em 0 1.5em}}th,td{{border:1px solid #ccc;padding:.3em .6em;text-align:left}}\
         th{{background:#f2f4f7}}small{{color:#555}}td.n{{text-align:right;font-variant-numeric:tabular-nums}}td.flag{{color:#c0392b}}\
         .charts{{display:flex;flex-wrap:wrap;gap:2em}}figure{{margin:0}}figcaption{{font-size:.9em;color:#555}}\
         .warning{{background:#fff3cd;padding:.5em 1em;border-left:4px solid #e0a800}}\
         .scroll{{overflow-x:auto}}.scroll table{{margin-top:0}}td.d,td.n{{white-space:nowrap}}\
         @media (max-width:40em){{body{{margin:1em}}th,td{{padding:.25em .4em}}}}</style></head>\
         <body><h1>{title}</h1>{body}</body></html>\n"
    )
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

    #[test]
    fn html_and_markdown_escape_text() {
        assert_eq!(esc("<script>&\"'"), "&lt;script&gt;&amp;&quot;&#39;");
        assert_eq!(md("a|b\nc<i>"), "a\\|b c&lt;i&gt;");
        assert_eq!(
            md("[win](http://x) `x` *b* &#x202E; a\\b"),
            "\\[win\\](http://x) \\`x\\` \\*b\\* &amp;#x202E; a\\\\b"
        );
    }
}
