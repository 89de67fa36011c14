//! Anki's "Notes in Plain Text": written for Anki to import, and read as Anki reads it.
//!
//! The rules are Anki's own (rslib/src/import_export/text/csv/metadata.rs and import.rs): the header
//! lines (`header.rs`), a separator named or sniffed, fields taken as HTML when `#html:true` says so or
//! when any field looks like HTML, columns mapped to the note type's fields by name (`#columns:`) or in
//! order, skipping the GUID, note type, deck and tags columns, and, for a file of one note type, the
//! first spare column taken as the tags. Each note then becomes a question as a package's note does
//! (`anki::notes`, by its card templates), its note type the stock one Anki ships (`note.rs`).

mod header;
mod note;

use std::collections::HashSet;

use super::notes::{self, NoteType};
use super::to_notes;
use crate::deck::Deck;
use crate::interop::draft::Warning;
use crate::interop::html;
use crate::interop::question::Bank;
pub use header::is_anki_text;
use header::{DELIMITERS, Header, looks_like_html};

/// Text for a field Anki reads as HTML: the markup characters escaped, line breaks as `<br>`.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\n' => out.push_str("<br>"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// The deck as notes in plain text: a GUID column, so that importing again updates the same notes, the
/// note type and deck, the two fields every note type kartka writes has, and the tags. Fields are HTML,
/// as the header says; nothing is prefixed against spreadsheet formulas, which Anki would show.
pub fn export_tsv(deck: &Deck) -> (String, Vec<String>) {
    let (notes, mut warnings) = to_notes::notes(deck);
    let mut w = csv::WriterBuilder::new()
        .delimiter(b'\t')
        .has_headers(false)
        // Anki's reader skips a line starting with `#` as a comment: such a field is quoted.
        .comment(Some(b'#'))
        .from_writer(Vec::new());
    for note in &notes {
        let [first, second] = &note.fields;
        // Writing into memory fails only on a record of the wrong length, which these are not.
        let _ = w.write_record([
            note.guid.as_str(),
            note.notetype.name(),
            &escape_html(first),
            &escape_html(second),
            &note.tags.join(" "),
        ]);
    }
    if deck.description.is_some() {
        warnings.push("Anki's text import has no deck description; it is left out".into());
    }
    let rows = String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default();
    let header = format!(
        "#separator:tab\n#html:true\n#guid column:1\n#notetype column:2\n#deck:{}\n#tags column:5\n",
        deck.id
    );
    (header + &rows, warnings)
}

/// Anki's guess at a file naming no separator: the first of its separators in the first 8 KiB, or space.
fn sniff(body: &str) -> u8 {
    let head = &body.as_bytes()[..body.len().min(8 * 1024)];
    DELIMITERS
        .iter()
        .find(|(_, b)| head.contains(b))
        .map_or(b' ', |(_, b)| *b)
}

/// The records after the header, each with the line it starts on. A record Anki cannot read either (a
/// quote left open) ends the file, with a warning.
fn records(
    body: &str,
    delimiter: u8,
    first_line: usize,
    warnings: &mut Vec<Warning>,
) -> Vec<(usize, csv::StringRecord)> {
    // As Anki's reader: no header row, rows of any length, `#` lines skipped as comments.
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .comment(Some(b'#'))
        .delimiter(delimiter)
        .from_reader(body.as_bytes());
    // The csv reader counts a record from the end of the one before, comment and blank lines included,
    // and its own line count leaves comments out: the record starts past those lines.
    let line_at = |p: Option<&csv::Position>| {
        let mut byte = p.map_or(0, |p| p.byte() as usize).min(body.len());
        while body[byte..].starts_with(['#', '\n']) {
            byte = body[byte..].find('\n').map_or(body.len(), |n| byte + n + 1);
        }
        first_line
            + body.as_bytes()[..byte]
                .iter()
                .filter(|&&b| b == b'\n')
                .count()
    };
    let mut records = Vec::new();
    for record in reader.records() {
        match record {
            Ok(r) => records.push((line_at(r.position()), r)),
            Err(e) => {
                warnings.push(Warning {
                    line: Some(line_at(e.position())),
                    message: format!(
                        "Anki cannot read the rest of the file either ({e}); it is left out"
                    ),
                });
                break;
            }
        }
    }
    records
}

/// Where a file's notes keep their fields: with one note type for the file, in the same columns for every
/// note; with a note type column, in every column that is nothing else, in order.
enum Layout {
    OneType {
        note_type: NoteType,
        columns: Vec<Option<usize>>,
    },
    TypeColumn,
}

/// The note type a file names, or Basic for one Anki does not ship: its fields are unknown, so it is read
/// as Anki itself reads a file whose note type it does not have.
fn note_type(name: &str) -> (NoteType, Option<String>) {
    match note::stock(name) {
        Some(t) => (t, None),
        None => (
            note::stock("Basic").expect("Basic is a stock note type"),
            Some(not_stock(name)),
        ),
    }
}

fn not_stock(name: &str) -> String {
    format!(
        "note type `{name}` is not one of Anki's stock types; read as Basic, its first field the front and its second the back"
    )
}

impl Layout {
    /// The layout, and the tags column: the header's, or for one note type the first column past its
    /// fields that is nothing else (Anki's maybe_set_tags_column).
    fn of(
        h: &Header,
        width: usize,
        meta: &HashSet<usize>,
        warnings: &mut Vec<Warning>,
    ) -> (Layout, usize) {
        if h.notetype_column > 0 {
            return (Layout::TypeColumn, h.tags_column);
        }
        // A file naming no note type gets Anki's default for adding: Basic, in a new collection.
        let (name, line) = h
            .notetype
            .clone()
            .map_or(("Basic".to_string(), None), |(n, l)| (n, Some(l)));
        let (note_type, unknown) = note_type(&name);
        if let Some(message) = unknown {
            warnings.push(Warning { line, message });
        }
        let names = &note_type.fields;
        let mut columns = vec![None; names.len()];
        if h.columns.iter().all(String::is_empty) {
            let mut free = (1..=width).filter(|c| !meta.contains(c));
            for slot in columns.iter_mut() {
                *slot = free.next();
            }
        } else {
            for (slot, field) in columns.iter_mut().zip(names) {
                *slot = h
                    .columns
                    .iter()
                    .position(|c| c == field)
                    .map(|i| i + 1)
                    .filter(|c| !meta.contains(c));
            }
        }
        if columns[0].is_none() {
            columns[0] = (1..=width).find(|c| !meta.contains(c));
        }
        let mut tags_column = h.tags_column;
        if tags_column == 0 {
            let last = columns.iter().flatten().max().copied().unwrap_or(0);
            tags_column = (last + 1..=width).find(|c| !meta.contains(c)).unwrap_or(0);
        }
        (Layout::OneType { note_type, columns }, tags_column)
    }
}

/// Notes in plain text, read into questions. A note that cannot be one (an empty first field, an Image
/// Occlusion note, a Cloze with no deletion) is passed over with a warning naming its line.
pub fn read(text: &str) -> Bank {
    let mut bank = Bank::default();
    let (h, first_line) = header::header(text, &mut bank.warnings);
    let body: String = text
        .lines()
        .skip(first_line - 1)
        .collect::<Vec<_>>()
        .join("\n");
    let delimiter = h.delimiter.unwrap_or_else(|| sniff(&body));
    let records = records(&body, delimiter, first_line, &mut bank.warnings);
    let is_html = h.html.unwrap_or_else(|| {
        records
            .iter()
            .flat_map(|(_, r)| r.iter())
            .any(looks_like_html)
    });
    let meta = h.meta_columns();
    let width = h
        .columns
        .len()
        .max(records.first().map_or(0, |(_, r)| r.len()));
    let (layout, tags_column) = Layout::of(&h, width, &meta, &mut bank.warnings);
    for (line, record) in &records {
        let column = |c: usize| c.checked_sub(1).and_then(|i| record.get(i));
        let mut notes = Vec::new();
        let row_type;
        let (note_type, raw): (&NoteType, Vec<&str>) = match &layout {
            Layout::OneType { note_type, columns } => (
                note_type,
                columns
                    .iter()
                    .map(|c| c.and_then(column).unwrap_or(""))
                    .collect(),
            ),
            Layout::TypeColumn => {
                let name = column(h.notetype_column).unwrap_or("");
                let unknown;
                (row_type, unknown) = self::note_type(name);
                notes.extend(unknown);
                let raw: Vec<&str> = (1..=record.len())
                    .filter(|c| !meta.contains(c))
                    .filter_map(column)
                    .collect();
                let count = row_type.fields.len();
                if raw.iter().skip(count).any(|f| !f.trim().is_empty()) {
                    notes.push(format!(
                        "{name} has {count} fields; the columns past them are left out"
                    ));
                }
                (&row_type, raw)
            }
        };
        // As Anki stores them: a file not in HTML has its text escaped into HTML.
        let values: Vec<String> = raw
            .iter()
            .map(|f| {
                if is_html {
                    f.to_string()
                } else {
                    escape_html(f)
                }
            })
            .collect();
        let skip = |message: String| Warning {
            line: Some(*line),
            message: format!("{message}; skipped"),
        };
        // Anki passes over a note whose first field is empty.
        let first = values.first().map(String::as_str).unwrap_or("");
        if html::to_text(&html::without_sounds(first)).is_empty() {
            let what = if first.trim().is_empty() {
                "is empty"
            } else {
                "holds only media or markup, which kartka cannot show"
            };
            bank.warnings.push(skip(format!(
                "its first field ({}) {what}",
                note_type.fields[0]
            )));
            continue;
        }
        let mut q = match notes::question(&values, note_type) {
            Ok(q) => q,
            Err(why) => {
                bank.warnings.push(skip(why));
                continue;
            }
        };
        q.line = Some(*line);
        q.guid = column(h.guid_column)
            .filter(|g| !g.is_empty())
            .map(String::from);
        q.tags = h.tags.clone();
        if let Some(tags) = column(tags_column) {
            q.tags.extend(tags.split_whitespace().map(String::from));
        }
        // Its deck path as tags, one per level, as from a package; Anki's Default deck is no subject.
        let deck = column(h.deck_column)
            .filter(|d| !d.is_empty())
            .or(h.deck.as_deref())
            .filter(|d| *d != "Default");
        for level in deck.into_iter().flat_map(|d| d.split("::")) {
            let tag = super::deck_tag(level);
            if !tag.is_empty() && !q.tags.contains(&tag) {
                q.tags.push(tag);
            }
        }
        notes.append(&mut q.notes);
        q.notes = notes;
        bank.questions.push(q);
    }
    bank
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_escaping_is_minimal_and_breaks_lines() {
        assert_eq!(
            escape_html("-40 <b> & \"x\"\nnext"),
            "-40 &lt;b&gt; &amp; \"x\"<br>next"
        );
    }
}
