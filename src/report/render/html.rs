//! The report as one self-contained HTML page with SVG charts, readable on a phone: charts scale to the
//! page's width and wide tables scroll in their own box. `esc` escapes text; `page` is shared with
//! `kartka class`.

use std::fmt::Write as _;

use super::{
    Table, attempt, common_wrong, given, heading, number, percent, question_line, response_rows,
    share, stat_lines, student_line, typed,
};
use crate::report::grid::{grid, verdict};
use crate::report::{Group, Report, TOO_EASY, TOO_HARD};
use crate::sanitize::one_line;

pub(crate) fn esc(text: &str) -> String {
    one_line(text)
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// An SVG's opening tag: drawn in `w` × `h` units, as wide as the page allows up to `w` pixels.
fn svg_open(label: &str, w: usize, h: usize) -> String {
    format!(
        "<svg role=\"img\" aria-label=\"{label}\" viewBox=\"0 0 {w} {h}\" \
         style=\"width:100%;max-width:{w}px;height:auto\" preserveAspectRatio=\"xMinYMin meet\">"
    )
}

/// "0–9%", …, "90–100%": the students in histogram bin `i`.
fn bin(i: usize) -> String {
    format!("{}–{}%", i * 10, if i == 9 { 100 } else { i * 10 + 9 })
}

/// Ten bars: how many students scored 0–9%, 10–19%, … 90–100%, each labelled with its range (slanted, so
/// that the labels stay legible when the chart shrinks to a phone's width).
fn histogram_svg(g: &Group) -> String {
    let max = g.histogram.iter().copied().max().unwrap_or(0).max(1);
    let (h, bar, gap) = (180, 34, 6);
    let w = 14 + 10 * (bar + gap);
    let mut svg = svg_open("Score histogram", w, h + 62);
    for (i, &n) in g.histogram.iter().enumerate() {
        let bh = n * h / max;
        let x = 14 + i * (bar + gap);
        let _ = write!(
            svg,
            "<rect x=\"{x}\" y=\"{}\" width=\"{bar}\" height=\"{bh}\" fill=\"#3b6ea5\"><title>{}: {n}</title></rect>",
            h - bh,
            bin(i)
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
                "<text x=\"{}\" y=\"{y}\" fill=\"{fill}\" text-anchor=\"middle\" font-size=\"15\">{n}</text>",
                x + bar / 2
            );
        }
        let (lx, ly) = (x + bar / 2 + 4, h + 14);
        let _ = write!(
            svg,
            "<text x=\"{lx}\" y=\"{ly}\" text-anchor=\"end\" font-size=\"14\" transform=\"rotate(-40 {lx} {ly})\">{}</text>",
            bin(i)
        );
    }
    let _ = write!(
        svg,
        "<line x1=\"8\" y1=\"{h}\" x2=\"{}\" y2=\"{h}\" stroke=\"#333\"/></svg>",
        w - 4
    );
    svg
}

/// `text` on one line, at most `width` characters: the middle cut out, as item ids differ at either end
/// (`deck-card#c1`, `deck-card#c2`).
fn cut_middle(text: &str, width: usize) -> String {
    let chars: Vec<char> = one_line(text).chars().collect();
    if chars.len() <= width {
        return chars.into_iter().collect();
    }
    let tail = (width - 1) / 2;
    let head = width - 1 - tail;
    chars[..head]
        .iter()
        .chain(['…'].iter())
        .chain(&chars[chars.len() - tail..])
        .collect()
}

/// A bar per question, its length the facility, red below the too-hard line and grey above the too-easy one.
fn facility_svg(g: &Group) -> String {
    let (label_w, bar_w, row) = (185, 210, 22);
    let h = g.questions.len() * row + 30;
    let mut svg = svg_open("Facility per question", label_w + bar_w + 50, h);
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
             <text x=\"{}\" y=\"{}\" font-size=\"13\">{:.2}</text>",
            label_w - 6,
            y + 14,
            esc(&cut_middle(&q.item, 21)),
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
             <text x=\"{x}\" y=\"{}\" text-anchor=\"middle\" font-size=\"12\">{label}</text>",
            h - 20,
            h - 6
        );
    }
    svg.push_str("</svg>");
    svg
}

/// The shade of a score from 0 to 1, light (wrong) to dark blue (right): one hue, so it reads for
/// colour-blind eyes and in black and white; the number is in the cell too.
fn shade(score: f64) -> usize {
    match score {
        s if s <= 0.0 => 0,
        s if s < 0.5 => 1,
        s if s < 0.75 => 2,
        s if s < 1.0 => 3,
        _ => 4,
    }
}

/// A table of `columns` under `title`, each row's cells already escaped, each with its column's class.
fn table<const N: usize>(
    body: &mut String,
    title: &str,
    class: &str,
    columns: &[super::Column; N],
    rows: impl Iterator<Item = [String; N]>,
) {
    let _ = write!(
        body,
        "<h3>{title}</h3><div class=\"scroll\"><table{class}><tr>"
    );
    for (heading, _) in columns {
        let _ = write!(body, "<th>{heading}</th>");
    }
    body.push_str("</tr>");
    for cells in rows {
        body.push_str("<tr>");
        for (cell, (_, class)) in cells.iter().zip(columns) {
            match *class {
                "" => {
                    let _ = write!(body, "<td>{cell}</td>");
                }
                class => {
                    let _ = write!(body, "<td class=\"{class}\">{cell}</td>");
                }
            }
        }
        body.push_str("</tr>");
    }
    body.push_str("</table></div>");
}

fn students(body: &mut String, g: &Group) {
    let rows = g
        .students
        .iter()
        .map(|s| super::student_cells(s).map(|c| esc(&c)));
    table(
        body,
        "Students",
        " class=\"nowrap\"",
        &super::STUDENT_COLUMNS,
        rows,
    );
}

fn questions(body: &mut String, g: &Group) {
    let rows = g.questions.iter().map(|q| {
        let mut cells = super::question_cells(q).map(|c| esc(&c));
        // The question's prompt under its id, which the other formats leave to their own tables.
        cells[0] = format!("<b>{}</b><br><small>{}</small>", cells[0], esc(&q.prompt));
        cells
    });
    table(body, "Questions", "", &super::QUESTION_COLUMNS, rows);
}

/// Moodle's test statistics with what each says; the cautions above them, as warnings.
fn statistics(body: &mut String, g: &Group) {
    body.push_str("<h3>Test statistics</h3>");
    for c in &g.statistics.cautions {
        let _ = write!(body, "<p class=\"warning\">⚠ Caution: {}</p>", esc(c));
    }
    body.push_str(
        "<div class=\"scroll\"><table class=\"stats\"><tr><th>Figure <small>(what it says)</small></th><th>Value</th></tr>",
    );
    for l in stat_lines(&g.statistics) {
        let _ = write!(
            body,
            "<tr><th>{}<br><small>{}</small></th><td class=\"n\">{}</td></tr>",
            esc(l.name),
            esc(l.gloss),
            esc(&l.value)
        );
    }
    body.push_str("</table></div>");
}

/// Per question, its figures and how many gave each response: a bar each, the right ones marked ✓.
fn responses(body: &mut String, g: &Group) {
    body.push_str("<h3>Responses</h3><div class=\"responses\">");
    for q in &g.questions {
        let _ = write!(
            body,
            "<div class=\"resp\"><h4>{} <small>({})</small></h4><p>{}</p><p><small>{}</small></p>",
            esc(&q.item),
            esc(&q.kind),
            esc(&q.prompt),
            esc(&question_line(q))
        );
        if typed(q) {
            let _ = write!(
                body,
                "<p><small>Typed answers; common wrong answers: {}</small></p>",
                esc(&common_wrong(q))
            );
        }
        let rows = response_rows(q);
        if rows.is_empty() {
            body.push_str("</div>");
            continue;
        }
        body.push_str(
            "<div class=\"scroll\"><table><tr><th></th><th>Response</th><th>Count</th><th>%</th><th></th></tr>",
        );
        for r in rows {
            let p = share(r.count, q.attempts);
            let (mark, class) = match r.right {
                Some(true) => (
                    "<span class=\"right\" title=\"right\">✓</span>",
                    "bar right",
                ),
                Some(false) => ("", "bar"),
                None => ("", "bar none"),
            };
            let _ = write!(
                body,
                "<tr><td>{mark}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>\
                 <td class=\"barcell\"><span class=\"{class}\" style=\"width:{:.0}%\"></span></td></tr>",
                esc(&r.text),
                r.count,
                percent(p),
                p.min(100.0)
            );
        }
        body.push_str("</table></div></div>");
    }
    body.push_str("</div>");
}

fn tags(body: &mut String, g: &Group) {
    let rows = g.tags.iter().map(|t| super::tag_cells(t).map(|c| esc(&c)));
    table(body, "Tags", " class=\"nowrap\"", &super::TAG_COLUMNS, rows);
}

/// Students × questions: each cell the score, shaded; the question's prompt as its heading's tooltip.
fn grid_table(body: &mut String, g: &Group) {
    let grid = grid(g);
    body.push_str(
        "<h3>Scores per question</h3><p class=\"key\">Score: <span class=\"s0\">0</span>\
         <span class=\"s1\">below 0.5</span><span class=\"s2\">below 0.75</span><span class=\"s3\">below 1</span>\
         <span class=\"s4\">1</span> · – not asked</p><div class=\"scroll\"><table class=\"grid\"><tr><th>Student</th>",
    );
    for q in &g.questions {
        let _ = write!(
            body,
            "<th title=\"{}\">{}</th>",
            esc(&q.prompt),
            esc(&q.item)
        );
    }
    body.push_str("<th>Total</th><th>%</th></tr>");
    for (r, s) in grid.rows.iter().zip(&g.students) {
        let name = if s.attempts > 1 || s.attempt.is_none() {
            format!("{} <small>({})</small>", esc(&s.name), attempt(s))
        } else {
            esc(&s.name)
        };
        let _ = write!(body, "<tr><th>{name}</th>");
        for (c, q) in r.scores.iter().zip(&g.questions) {
            match c {
                Some(c) => {
                    let _ = write!(
                        body,
                        "<td class=\"n s{}\" title=\"{}\">{}</td>",
                        shade(*c),
                        esc(&q.item),
                        number(*c)
                    );
                }
                None => body.push_str("<td class=\"n na\">–</td>"),
            }
        }
        let _ = write!(
            body,
            "<td class=\"n\">{} / {}</td><td class=\"n s{}\">{}</td></tr>",
            number(r.score),
            number(r.max_score),
            shade(r.percent / 100.0),
            percent(r.percent)
        );
    }
    body.push_str("</table></div>");
}

/// Each student's answers, folded: what they answered, the verdict, the score and the expected answer.
fn answers(body: &mut String, g: &Group) {
    body.push_str("<h3>Answers</h3>");
    for s in &g.students {
        let _ = write!(
            body,
            "<details><summary>{}</summary><div class=\"scroll\"><table><tr><th>Question</th>{}<th>Answer</th><th>Result</th><th>Score</th><th>Expected</th></tr>",
            esc(&student_line(s)),
            if s.attempt.is_none() {
                "<th>Attempt</th>"
            } else {
                ""
            }
        );
        for a in &s.answers {
            let _ = write!(
                body,
                "<tr><td><b>{}</b><br><small>{}</small></td>{}<td>{}</td><td class=\"{}\">{}</td><td class=\"n\">{}</td><td>{}</td></tr>",
                esc(&a.item),
                esc(&a.prompt),
                if s.attempt.is_none() {
                    format!("<td class=\"n\">{}</td>", a.attempt)
                } else {
                    String::new()
                },
                esc(&given(a)),
                if a.correct { "right" } else { "wrong" },
                verdict(a),
                number(a.score),
                esc(&a.expected)
            );
        }
        body.push_str("</table></div></details>");
    }
}

pub(super) fn render(report: &Report, table: Option<Table>) -> String {
    let mut body = String::new();
    for w in &report.warnings {
        let _ = write!(body, "<p class=\"warning\">⚠ {}</p>", esc(w));
    }
    for g in &report.groups {
        let _ = write!(body, "<section><h2>{}</h2>", esc(&heading(g)));
        match table {
            None => {
                let _ = write!(
                    body,
                    "<div class=\"charts\"><figure>{}<figcaption>Students per score</figcaption></figure>\
                     <figure>{}<figcaption>Facility per question (dashed: too hard below 0.2, too easy above 0.9)</figcaption></figure></div>",
                    histogram_svg(g),
                    facility_svg(g)
                );
                statistics(&mut body, g);
                students(&mut body, g);
                grid_table(&mut body, g);
                questions(&mut body, g);
                responses(&mut body, g);
                tags(&mut body, g);
                answers(&mut body, g);
            }
            Some(Table::Students) => students(&mut body, g),
            Some(Table::Questions) => questions(&mut body, g),
            Some(Table::Tags) => tags(&mut body, g),
            Some(Table::Grid) => grid_table(&mut body, g),
            Some(Table::Answers) => answers(&mut body, g),
            Some(Table::Statistics) => statistics(&mut body, g),
            Some(Table::Responses) => responses(&mut body, g),
        }
        body.push_str("</section>");
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
         .charts{{display:flex;flex-wrap:wrap;gap:2em}}figure{{margin:0;flex:1 1 22em;min-width:0}}figcaption{{font-size:.9em;color:#555}}\
         .warning{{background:#fff3cd;padding:.5em 1em;border-left:4px solid #e0a800}}\
         .scroll{{overflow-x:auto}}.scroll table{{margin-top:0}}td.d,td.n{{white-space:nowrap}}\
         .s0{{background:#f7fbff}}.s1{{background:#c6dbef}}.s2{{background:#6baed6}}.s3{{background:#2171b5;color:#fff}}\
         .s4{{background:#08306b;color:#fff}}td.na{{color:#888;text-align:center}}.key span{{padding:.1em .5em;margin:.1em .2em;border:1px solid #ccc;display:inline-block}}\
         table.grid th:first-child{{position:sticky;left:0;min-width:6em}}table.grid tr:first-child th{{min-width:3em;max-width:9em}}table.nowrap td{{white-space:nowrap}}\
         table.stats th{{font-weight:normal}}table.stats td{{vertical-align:top}}.responses{{display:flex;flex-wrap:wrap;gap:0 2em}}\
         .resp{{flex:1 1 24em;min-width:0}}.resp h4{{margin:.8em 0 .2em}}.resp p{{margin:.2em 0}}\
         td.barcell{{width:8em;min-width:5em}}.bar{{display:block;height:.9em;background:#9fb8d4}}.bar.right{{background:#1a5e20}}\
         .bar.none{{background:#bbb}}span.right{{color:#1a5e20;font-weight:bold}}\
         td.right{{color:#1a5e20}}td.wrong{{color:#b03a2e}}details{{margin:.3em 0}}summary{{cursor:pointer}}\
         @media print{{*{{-webkit-print-color-adjust:exact;print-color-adjust:exact}}details{{display:block}}}}\
         @media (max-width:40em){{body{{margin:1em}}th,td{{padding:.25em .4em}}td.barcell{{width:3em;min-width:3em}}}}</style></head>\
         <body><h1>{title}</h1>{body}</body></html>\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_escapes_text() {
        assert_eq!(esc("<script>&\"'"), "&lt;script&gt;&amp;&quot;&#39;");
    }

    #[test]
    fn histogram_bins_are_ranges() {
        assert_eq!(bin(0), "0–9%");
        assert_eq!(bin(5), "50–59%");
        assert_eq!(bin(9), "90–100%");
    }

    #[test]
    fn long_item_ids_keep_both_ends() {
        assert_eq!(cut_middle("short", 22), "short");
        assert_eq!(
            cut_middle("minsk-computers-western#c12", 22),
            "minsk-compu…estern#c12"
        );
    }
}
