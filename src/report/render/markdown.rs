//! The report as Markdown tables; `md` keeps text text in a table cell.

use std::fmt::Write as _;

use super::{
    Table, attempt, cell, common_wrong, given, heading, number, percent, question_line,
    response_rows, share, stat_lines, student_line, typed,
};
use crate::report::grid::{grid, verdict};
use crate::report::{Group, Report};
use crate::sanitize::one_line;

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

/// A table of `columns` under `title`, each cell escaped; numbers right-aligned.
fn table<const N: usize>(
    out: &mut String,
    title: &str,
    columns: &[super::Column; N],
    rows: impl Iterator<Item = [String; N]>,
) {
    let _ = write!(out, "### {title}\n\n|");
    for (heading, _) in columns {
        let _ = write!(out, " {heading} |");
    }
    out.push_str("\n|");
    for (_, class) in columns {
        out.push_str(if *class == "n" { "---:|" } else { "---|" });
    }
    out.push('\n');
    for cells in rows {
        out.push('|');
        for cell in &cells {
            let _ = write!(out, " {} |", md(cell));
        }
        out.push('\n');
    }
    out.push('\n');
}

fn students(out: &mut String, g: &Group) {
    table(
        out,
        "Students",
        &super::STUDENT_COLUMNS,
        g.students.iter().map(super::student_cells),
    );
}

fn questions(out: &mut String, g: &Group) {
    table(
        out,
        "Questions",
        &super::QUESTION_COLUMNS,
        g.questions.iter().map(super::question_cells),
    );
}

/// Moodle's test statistics with what each says, the cautions first.
fn statistics(out: &mut String, g: &Group) {
    out.push_str("### Test statistics\n\n");
    for c in &g.statistics.cautions {
        let _ = writeln!(out, "> **Caution:** {}\n", md(c));
    }
    out.push_str("| Figure | Value | What it says |\n|---|---:|---|\n");
    for l in stat_lines(&g.statistics) {
        let _ = writeln!(out, "| {} | {} | {} |", md(l.name), l.value, md(l.gloss));
    }
    out.push('\n');
}

/// Per question, its figures and how many gave each response, the right ones marked ✓.
fn responses(out: &mut String, g: &Group) {
    out.push_str("### Responses\n\n");
    for q in &g.questions {
        let _ = writeln!(
            out,
            "#### {} ({})\n\n{}\n\n{}\n",
            md(&q.item),
            md(&q.kind),
            md(&q.prompt),
            md(&question_line(q))
        );
        if typed(q) {
            let _ = writeln!(
                out,
                "Typed answers; common wrong answers: {}\n",
                md(&common_wrong(q))
            );
        }
        let rows = response_rows(q);
        if rows.is_empty() {
            continue;
        }
        out.push_str("| Right | Response | Count | % |\n|---|---|---:|---:|\n");
        for r in rows {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                if r.right == Some(true) { "✓" } else { "" },
                md(&r.text),
                r.count,
                percent(share(r.count, q.attempts))
            );
        }
        out.push('\n');
    }
}

fn tags(out: &mut String, g: &Group) {
    table(
        out,
        "Tags",
        &super::TAG_COLUMNS,
        g.tags.iter().map(super::tag_cells),
    );
}

/// A column per question, headed by its item id; "–" where a student was not asked it.
fn grid_table(out: &mut String, g: &Group) {
    let grid = grid(g);
    out.push_str("### Scores per question\n\n| Student |");
    for item in &grid.items {
        let _ = write!(out, " {} |", md(item));
    }
    out.push_str(" Total | % |\n|---|");
    out.push_str(&"---:|".repeat(grid.items.len() + 2));
    out.push('\n');
    for (r, s) in grid.rows.iter().zip(&g.students) {
        let name = if s.attempts > 1 || s.attempt.is_none() {
            format!("{} ({})", s.name, attempt(s))
        } else {
            s.name.clone()
        };
        let _ = write!(out, "| {} |", md(&name));
        for &c in &r.scores {
            let _ = write!(out, " {} |", cell(c));
        }
        let _ = writeln!(
            out,
            " {} / {} | {} |",
            number(r.score),
            number(r.max_score),
            percent(r.percent)
        );
    }
    out.push('\n');
}

fn answers(out: &mut String, g: &Group) {
    out.push_str("### Answers\n\n");
    for s in &g.students {
        let _ = writeln!(
            out,
            "#### {}\n\n| Question | Attempt | Answer | Result | Score | Expected |\n|---|---|---|---|---:|---|",
            md(&student_line(s))
        );
        for a in &s.answers {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} |",
                md(&a.item),
                a.attempt,
                md(&given(a)),
                verdict(a),
                number(a.score),
                md(&a.expected)
            );
        }
        out.push('\n');
    }
}

pub(super) fn render(report: &Report, table: Option<Table>) -> String {
    let mut out = String::from("# Class report\n\n");
    for w in &report.warnings {
        let _ = writeln!(out, "> **Warning:** {}\n", md(w));
    }
    for g in &report.groups {
        let _ = writeln!(out, "## {}\n", md(&heading(g)));
        match table {
            None => {
                statistics(&mut out, g);
                students(&mut out, g);
                questions(&mut out, g);
                tags(&mut out, g);
            }
            Some(Table::Students) => students(&mut out, g),
            Some(Table::Questions) => questions(&mut out, g),
            Some(Table::Tags) => tags(&mut out, g),
            Some(Table::Grid) => grid_table(&mut out, g),
            Some(Table::Answers) => answers(&mut out, g),
            Some(Table::Statistics) => statistics(&mut out, g),
            Some(Table::Responses) => responses(&mut out, g),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_escapes_text() {
        assert_eq!(md("a|b\nc<i>"), "a\\|b c&lt;i&gt;");
        assert_eq!(
            md("[win](http://x) `x` *b* &#x202E; a\\b"),
            "\\[win\\](http://x) \\`x\\` \\*b\\* &amp;#x202E; a\\\\b"
        );
    }
}
