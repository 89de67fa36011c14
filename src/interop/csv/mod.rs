//! CSV and TSV: a header row names the columns; a plain two-column file (what Quizlet and Anki export as
//! text) is front and back of flash cards. Export writes the same columns the importer reads.

use std::collections::HashMap;

mod export;

pub use export::export;

use super::draft::{Draft, DraftCard, Imported, text, texts};
use crate::Error;
use crate::grade::number;

/// The columns a header row may name, with the names other tools use for them.
const COLUMNS: &[(&str, &[&str])] = &[
    ("id", &["id", "guid"]),
    ("kind", &["kind", "type"]),
    ("prompt", &["prompt", "question", "term"]),
    ("front", &["front"]),
    ("back", &["back", "definition"]),
    ("answer", &["answer", "answers", "correct"]),
    ("accept", &["accept", "alternatives"]),
    ("options", &["options", "choices"]),
    ("unit", &["unit"]),
    ("tolerance", &["tolerance"]),
    ("text", &["text", "cloze"]),
    ("items", &["items"]),
    ("pairs", &["pairs"]),
    ("explain", &["explain", "explanation", "general feedback"]),
    ("feedback", &["feedback"]),
    ("credit", &["credit"]),
    ("reverse", &["reverse"]),
    ("case_sensitive", &["case_sensitive"]),
    ("accent_sensitive", &["accent_sensitive"]),
    ("typos", &["typos"]),
    ("source", &["source"]),
    ("tags", &["tags", "tag"]),
];

fn column(name: &str) -> Option<&'static str> {
    let n = name.trim().to_lowercase();
    COLUMNS
        .iter()
        .find(|(_, names)| names.contains(&n.as_str()))
        .map(|(c, _)| *c)
}

/// Undoes the formula escape that kartka's CSV export (and OWASP's advice) applies: `'=x` is `=x`.
fn unescape_formula(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@']) => rest,
        _ => cell,
    }
}

/// A cell holding several values: `a | b | c`.
/// A cloze card's `accept` cell, `c1: one | c1: other | c2: …`, as the card's `accept` table.
fn cloze_accept(cell: &str) -> Result<String, String> {
    let mut table: Vec<(String, Vec<String>)> = Vec::new();
    for value in several(cell) {
        let Some((number, alternative)) = value
            .split_once(':')
            .filter(|(n, a)| n.trim().starts_with('c') && !a.trim().is_empty())
        else {
            return Err(format!(
                "a cloze card's `accept` values name their deletion, as in `c1: {value}`"
            ));
        };
        let number = number.trim().to_string();
        match table.iter_mut().find(|(n, _)| *n == number) {
            Some((_, alternatives)) => alternatives.push(alternative.trim().to_string()),
            None => table.push((number, vec![alternative.trim().to_string()])),
        }
    }
    let entries: Vec<String> = table
        .iter()
        .map(|(n, alternatives)| format!("{} = {}", text(n), texts(alternatives)))
        .collect();
    Ok(format!("{{ {} }}", entries.join(", ")))
}

fn several(cell: &str) -> Vec<String> {
    cell.split('|')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

fn tags(cell: &str) -> Vec<String> {
    cell.split(|c: char| c == '|' || c == ',' || c.is_whitespace())
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect()
}

/// The line of a quoted cell that is never closed. The csv reader runs such a cell to the end of the file,
/// and the rows it swallowed would be reported as a card missing its columns.
fn unclosed_quote(data: &str, delimiter: u8) -> Option<usize> {
    let bytes = data.as_bytes();
    let (mut line, mut opened) = (1, None);
    // Quotes open a cell only as its first character, and `#` is a comment only at the start of a row,
    // as for the csv reader.
    let (mut cell_start, mut row_start) = (true, true);
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'\n' {
            line += 1;
        }
        if opened.is_some() {
            if b == b'"' && bytes.get(i + 1) == Some(&b'"') {
                i += 1;
            } else if b == b'"' {
                opened = None;
            }
        } else if b == b'\n' {
            (cell_start, row_start) = (true, true);
        } else if row_start && b == b'#' {
            while i + 1 < bytes.len() && bytes[i + 1] != b'\n' {
                i += 1;
            }
        } else if cell_start && b == b'"' {
            opened = Some(line);
            (cell_start, row_start) = (false, false);
        } else if b == delimiter {
            (cell_start, row_start) = (true, false);
        } else if b != b'\r' {
            (cell_start, row_start) = (false, false);
        }
        i += 1;
    }
    opened
}

pub fn import(
    data: &str,
    delimiter: u8,
    origin: &str,
    id: &str,
    title: &str,
) -> Result<Imported, Error> {
    if let Some(line) = unclosed_quote(data, delimiter) {
        return Err(Error::Import {
            origin: origin.to_string(),
            line: Some(line),
            message: "a quoted cell starts here and is never closed (a `\"` inside a quoted cell is written `\"\"`)".into(),
        });
    }
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .comment(Some(b'#'))
        .from_reader(data.as_bytes());
    let mut rows: Vec<(usize, Vec<String>)> = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| Error::Import {
            origin: origin.to_string(),
            line: e.position().map(|p| p.line() as usize),
            message: e.to_string(),
        })?;
        let line = record.position().map_or(0, |p| p.line() as usize);
        let cells: Vec<String> = record
            .iter()
            .map(|c| unescape_formula(c.trim()).to_string())
            .collect();
        if cells.iter().any(|c| !c.is_empty()) {
            rows.push((line, cells));
        }
    }
    let mut draft = Draft::new(id, title);
    let header: Option<Vec<Option<&str>>> = rows.first().and_then(|(_, cells)| {
        let named: Vec<Option<&str>> = cells.iter().map(|c| column(c)).collect();
        let asks = named
            .iter()
            .flatten()
            .any(|c| matches!(*c, "prompt" | "front" | "text"));
        asks.then_some(named)
    });
    match header {
        Some(columns) => {
            let (line, cells) = &rows[0];
            for (cell, col) in cells.iter().zip(&columns) {
                if col.is_none() && !cell.is_empty() {
                    draft.warn(
                        Some(*line),
                        format!("column `{cell}` is not one kartka reads; it is left out"),
                    );
                }
            }
            for (line, cells) in rows.iter().skip(1) {
                let values: HashMap<&'static str, &str> = columns
                    .iter()
                    .zip(cells)
                    .filter_map(|(c, v)| c.filter(|_| !v.is_empty()).map(|c| (c, v.as_str())))
                    .collect();
                // One bad row costs only itself.
                match row(&mut draft, *line, &values, origin) {
                    Err(Error::Import { line, message, .. }) => {
                        draft.warn(line, format!("{message}; skipped"));
                    }
                    other => other?,
                }
            }
        }
        None => {
            for (i, (line, cells)) in rows.iter().enumerate() {
                if !(2..=3).contains(&cells.len()) && i > 0 {
                    draft.warn(
                        Some(*line),
                        format!(
                            "{} columns where the rows above have front and back; skipped",
                            cells.len()
                        ),
                    );
                    continue;
                }
                if !(2..=3).contains(&cells.len()) {
                    return Err(Error::Import {
                        origin: origin.to_string(),
                        line: Some(*line),
                        message: format!(
                            "{} columns and no header row: name the columns in a first row (prompt, answer, kind, options, explain, tags), or give two columns, front and back",
                            cells.len()
                        ),
                    });
                }
                let id = draft.unique_id(&cells[0], *line);
                let mut card = DraftCard::new(*line, id, "flash");
                card.set("front", text(&cells[0]))
                    .set("back", text(&cells[1]));
                if let Some(t) = cells.get(2).filter(|t| !t.is_empty()) {
                    card.set("tags", texts(&tags(t)));
                }
                draft.push(card);
            }
        }
    }
    draft.finish(origin)
}

fn row(
    draft: &mut Draft,
    line: usize,
    values: &HashMap<&'static str, &str>,
    origin: &str,
) -> Result<(), Error> {
    let get = |name: &str| values.get(name).copied();
    let fail = |message: String| Error::Import {
        origin: origin.to_string(),
        line: Some(line),
        message,
    };
    let prompt = get("prompt");
    let answer = get("answer");
    let kind: &'static str = match get("kind") {
        Some(k) => crate::deck::Kind::from_name(&k.to_lowercase())
            .map(|k| k.name())
            .ok_or_else(|| fail(format!("unknown kind `{k}`")))?,
        None if get("text").is_some_and(|t| t.contains("{{c")) => "cloze",
        None if get("front").is_some() => "flash",
        None if get("pairs").is_some() => "match",
        None if get("items").is_some() => "order",
        None if get("options").is_some() => {
            if answer.is_some_and(|a| a.contains('|')) {
                "multi"
            } else {
                "choice"
            }
        }
        None if answer.is_some_and(|a| matches!(a.to_lowercase().as_str(), "true" | "false")) => {
            "truefalse"
        }
        None if answer.is_some_and(|a| a.parse::<f64>().is_ok()) => "number",
        None => "text",
    };
    let wanted = get("id")
        .or(prompt)
        .or(get("front"))
        .or(get("text"))
        .unwrap_or_default()
        .to_string();
    let id = draft.unique_id(&wanted, line);
    let mut card = DraftCard::new(line, id, kind);
    let need = |name: &str| {
        get(name).ok_or_else(|| fail(format!("a {kind} card needs a `{name}` column")))
    };
    if kind != "flash" && kind != "cloze" {
        card.set("prompt", text(need("prompt")?));
    }
    match kind {
        "flash" => {
            card.set(
                "front",
                text(
                    get("front")
                        .or(prompt)
                        .ok_or_else(|| fail("a flash card needs a `front` column".into()))?,
                ),
            );
            card.set(
                "back",
                text(
                    get("back")
                        .or(answer)
                        .ok_or_else(|| fail("a flash card needs a `back` column".into()))?,
                ),
            );
        }
        "text" => {
            card.set("answer", text(need("answer")?));
            if let Some(a) = get("accept") {
                card.set("accept", texts(&several(a)));
            }
        }
        "choice" => {
            card.set("options", texts(&several(need("options")?)))
                .set("answer", text(need("answer")?));
        }
        "multi" => {
            card.set("options", texts(&several(need("options")?)))
                .set("answer", texts(&several(need("answer")?)));
        }
        "truefalse" => {
            let a = need("answer")?.to_lowercase();
            card.set(
                "answer",
                (a == "true" || a == "t" || a == "yes").to_string(),
            );
        }
        "number" => {
            let a = need("answer")?;
            let n = number::parse(a)
                .map_err(|e| fail(format!("{e}: a number card's answer must be a number")))?;
            card.set("answer", number::format(n.value * n.scale));
            if let Some(t) = get("tolerance") {
                if t.trim_end().ends_with('%') {
                    card.set("tolerance", text(t));
                } else {
                    let v = t.parse::<f64>().map_err(|_| {
                        fail(format!("tolerance `{t}` is not a number or a percentage"))
                    })?;
                    card.set("tolerance", number::format(v));
                }
            }
            if let Some(u) = get("unit") {
                card.set("unit", text(u));
            }
        }
        "cloze" => {
            let body = get("text")
                .or(prompt)
                .ok_or_else(|| fail("a cloze card needs a `text` column".into()))?;
            card.set("text", text(body));
            // With a text of its own, the prompt is the cloze's instruction.
            if let (Some(p), Some(_)) = (prompt, get("text")) {
                card.set("prompt", text(p));
            }
            if let Some(a) = get("accept") {
                card.set("accept", cloze_accept(a).map_err(fail)?);
            }
        }
        "order" => {
            card.set("items", texts(&several(need("items")?)));
        }
        "match" => {
            let pairs: Result<Vec<String>, Error> = several(need("pairs")?)
                .iter()
                .map(|p| {
                    p.split_once("->")
                        .map(|(l, r)| format!("[{}, {}]", text(l.trim()), text(r.trim())))
                        .ok_or_else(|| fail(format!("pair `{p}` has no `->`: write pairs as `left -> right | left -> right`")))
                })
                .collect();
            card.set("pairs", format!("[{}]", pairs?.join(", ")));
        }
        _ => {}
    }
    for setting in ["reverse", "case_sensitive", "accent_sensitive"] {
        if let Some(v) = get(setting) {
            card.set(
                setting,
                yes_or_no(v).map_err(|e| fail(format!("`{setting}`: {e}")))?,
            );
        }
    }
    if let Some(t) = get("typos") {
        card.set(
            "typos",
            match t.trim().to_lowercase().as_str() {
                "auto" => "\"auto\"".into(),
                n => n
                    .parse::<u32>()
                    .map(|n| n.to_string())
                    .map_err(|_| fail(format!("`typos` is `{t}`: a number of edits, or auto")))?,
            },
        );
    }
    for column in ["credit", "feedback"] {
        match get(column) {
            // Other tools' `feedback` column is one text for the whole question: kartka's `explain`.
            Some(cell) if column == "feedback" && !cell.trim_start().starts_with('{') => {
                card.set("explain", text(cell));
            }
            Some(cell) => {
                card.set(
                    column,
                    per_answer(cell).map_err(|e| fail(format!("`{column}`: {e}")))?,
                );
            }
            None => {}
        }
    }
    if let Some(e) = get("explain") {
        card.set("explain", text(e));
    }
    if let Some(s) = get("source") {
        draft.warn(
            Some(line),
            format!("source `{s}` is left out: declare it in `[[sources]]` and add it back"),
        );
    }
    if let Some(t) = get("tags") {
        card.set("tags", texts(&tags(t)));
    }
    draft.push(card);
    Ok(())
}

fn yes_or_no(cell: &str) -> Result<String, String> {
    match cell.trim().to_lowercase().as_str() {
        "true" | "yes" | "1" => Ok("true".into()),
        "false" | "no" | "0" | "" => Ok("false".into()),
        other => Err(format!("`{other}` is neither true nor false")),
    }
}

/// A `credit` or `feedback` cell: a JSON object keyed by the answer (`{"Bethlehem": 25}`), written as
/// the deck's own table. JSON, because answers may hold any character a list separator could be.
fn per_answer(cell: &str) -> Result<String, String> {
    let map: serde_json::Map<String, serde_json::Value> = serde_json::from_str(cell)
        .map_err(|e| format!("a JSON object keyed by answer, such as {{\"Minsk\": 50}} ({e})"))?;
    let entries: Result<Vec<String>, String> = map
        .iter()
        .map(|(k, v)| match v {
            serde_json::Value::Number(n) => Ok(format!("{} = {n}", text(k))),
            serde_json::Value::String(s) => Ok(format!("{} = {}", text(k), text(s))),
            other => Err(format!("`{k}` is {other}, neither a number nor a text")),
        })
        .collect();
    Ok(format!("{{ {} }}", entries?.join(", ")))
}
