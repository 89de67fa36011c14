//! Anki's "Notes in Plain Text": written for Anki to import, and read as Anki reads it.
//!
//! The rules are Anki's own (rslib/src/import_export/text/csv/metadata.rs and import.rs): `#key:value`
//! header lines up to the first other line, a `tags:` first line from older versions, a separator named
//! or sniffed, fields taken as HTML when `#html:true` says so or when any field looks like HTML, columns
//! mapped to the note type's fields by name (`#columns:`) or in order, skipping the GUID, note type, deck
//! and tags columns, and a Basic file's first spare column taken as its tags.

use std::collections::HashSet;

use super::anki_notes;
use super::draft::Warning;
use super::html;
use super::question::{Answer, Bank, ClozePart, Gap, Kind, Question};
use crate::deck::Deck;

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
    let (notes, mut warnings) = anki_notes::notes(deck);
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

/// Whether a `.tsv` or `.txt` file is Anki's: it opens with one of Anki's header lines.
pub fn is_anki_text(text: &str) -> bool {
    let first = text
        .trim_start_matches('\u{feff}')
        .lines()
        .next()
        .unwrap_or("");
    first.starts_with("tags:")
        || first.strip_prefix('#').is_some_and(|l| {
            l.split_once(':').is_some_and(|(key, _)| {
                Header::KEYS.contains(&key.trim().to_ascii_lowercase().as_str())
            })
        })
}

/// What the header lines set.
#[derive(Default)]
struct Header {
    delimiter: Option<u8>,
    html: Option<bool>,
    tags: Vec<String>,
    columns: Vec<String>,
    /// The file's one note type, and the line naming it.
    notetype: Option<(String, usize)>,
    deck: Option<String>,
    notetype_column: usize,
    deck_column: usize,
    tags_column: usize,
    guid_column: usize,
}

/// Anki's separators, in the order it tries them on a file that names none.
const DELIMITERS: [(&str, u8); 6] = [
    ("tab", b'\t'),
    ("pipe", b'|'),
    ("semicolon", b';'),
    ("colon", b':'),
    ("comma", b','),
    ("space", b' '),
];

impl Header {
    const KEYS: [&'static str; 13] = [
        "separator",
        "html",
        "tags",
        "columns",
        "notetype",
        "deck",
        "notetype column",
        "deck column",
        "tags column",
        "guid column",
        "match scope",
        "if matches",
        "match",
    ];

    /// One `#key:value` line, as Anki takes it; `notes` gets what kartka does not follow.
    fn set(&mut self, key: &str, value: &str, line: usize, notes: &mut Vec<Warning>) {
        // Anki cuts a value at its first non-alphanumeric character after the first, so that a header
        // exported as a record (`#separator:tab\t\t`) still reads, and `#separator:,` keeps its comma.
        let trimmed = value
            .char_indices()
            .nth(1)
            .and_then(|(i, _)| {
                value[i..]
                    .find(|c: char| !c.is_ascii_alphanumeric())
                    .map(|j| &value[..i + j])
            })
            .unwrap_or(value);
        let column = || trimmed.trim().parse::<usize>().ok();
        match key.trim().to_ascii_lowercase().as_str() {
            "separator" => {
                let normed = trimmed.to_ascii_lowercase();
                if let Some((_, byte)) = DELIMITERS
                    .iter()
                    .find(|(name, byte)| normed.trim() == *name || normed.as_bytes() == [*byte])
                {
                    self.delimiter = Some(*byte);
                }
            }
            "html" => self.html = trimmed.to_lowercase().parse().ok().or(self.html),
            "tags" => self.tags = value.split_whitespace().map(String::from).collect(),
            "columns" => {
                let mut reader = csv::ReaderBuilder::new()
                    .has_headers(false)
                    .delimiter(self.delimiter.unwrap_or(b'\t'))
                    .from_reader(value.as_bytes());
                if let Some(Ok(record)) = reader.records().next() {
                    self.columns = record.iter().map(String::from).collect();
                }
            }
            "notetype" => self.notetype = Some((value.to_string(), line)),
            "deck" if !value.is_empty() => self.deck = Some(value.to_string()),
            "notetype column" => self.notetype_column = column().unwrap_or(self.notetype_column),
            "deck column" => self.deck_column = column().unwrap_or(self.deck_column),
            "tags column" => self.tags_column = column().unwrap_or(self.tags_column),
            "guid column" => self.guid_column = column().unwrap_or(self.guid_column),
            "if matches" | "match scope" => notes.push(Warning {
                line: Some(line),
                message: format!(
                    "`#{}` is for notes already in an Anki collection; kartka makes a new deck, so it is ignored",
                    key.trim()
                ),
            }),
            _ => {}
        }
    }

    fn meta_columns(&self) -> HashSet<usize> {
        [
            self.notetype_column,
            self.deck_column,
            self.tags_column,
            self.guid_column,
        ]
        .into_iter()
        .filter(|&c| c > 0)
        .collect()
    }
}

/// The header lines, and the line number (1-based) of the first line after them.
fn header(text: &str, notes: &mut Vec<Warning>) -> (Header, usize) {
    let mut h = Header::default();
    let mut next = 1;
    for (i, line) in text.lines().enumerate() {
        let line = if i == 0 {
            line.trim_start_matches('\u{feff}')
        } else {
            line
        };
        if i == 0
            && let Some(tags) = line.strip_prefix("tags:")
        {
            h.tags = tags.split_whitespace().map(String::from).collect();
        } else if let Some(l) = line.strip_prefix('#') {
            if let Some((key, value)) = l.split_once(':') {
                h.set(key, value.trim_end_matches('\r'), i + 1, notes);
            }
        } else {
            break;
        }
        next = i + 2;
    }
    (h, next)
}

/// What Anki's `is_html` finds: a tag, a comment, anything between `<` and a later `>`.
fn looks_like_html(field: &str) -> bool {
    field
        .find('<')
        .is_some_and(|open| field[open..].contains('>'))
}

/// A note type's fields by name, as Anki's stock types have them.
fn field_names(notetype: &str) -> Option<&'static [&'static str]> {
    Some(match notetype {
        "Basic" | "Basic (and reversed card)" | "Basic (type in the answer)" => &["Front", "Back"],
        "Basic (optional reversed card)" => &["Front", "Back", "Add Reverse"],
        "Cloze" => &["Text", "Back Extra"],
        _ => return None,
    })
}

/// Notes in plain text, read into questions. A note that cannot be one (an empty first field, a note
/// type kartka does not know, a Cloze with no deletion) is passed over with a warning naming its line.
pub fn read(text: &str) -> Bank {
    let mut bank = Bank::default();
    let (h, first_line) = header(text, &mut bank.warnings);
    let body: String = text
        .lines()
        .skip(first_line - 1)
        .collect::<Vec<_>>()
        .join("\n");
    let delimiter = h.delimiter.unwrap_or_else(|| {
        let head = &body.as_bytes()[..body.len().min(8 * 1024)];
        DELIMITERS
            .iter()
            .find(|(_, b)| head.contains(b))
            .map_or(b' ', |(_, b)| *b)
    });
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
                bank.warnings.push(Warning {
                    line: Some(line_at(e.position())),
                    message: format!(
                        "Anki cannot read the rest of the file either ({e}); it is left out"
                    ),
                });
                break;
            }
        }
    }
    let is_html = h.html.unwrap_or_else(|| {
        records
            .iter()
            .flat_map(|(_, r)| r.iter())
            .any(looks_like_html)
    });
    let meta = h.meta_columns();
    let decks: HashSet<&str> = records
        .iter()
        .filter_map(|(_, r)| r.get(h.deck_column.wrapping_sub(1)))
        .collect();
    // A file naming no note type gets Anki's default for adding, Basic in a new collection.
    let (global_type, type_line) = match &h.notetype {
        _ if h.notetype_column > 0 => (None, None),
        Some((name, line)) => (Some(name.as_str()), Some(*line)),
        None => (Some("Basic"), None),
    };
    // With one note type for the file, its fields come from the columns by name or in order, and the
    // first column past them that is nothing else holds the tags (Anki's maybe_set_tags_column).
    let mut tags_column = h.tags_column;
    let global_fields: Option<Vec<Option<usize>>> =
        global_type.and_then(field_names).map(|names| {
            let width = h
                .columns
                .len()
                .max(records.first().map_or(0, |(_, r)| r.len()));
            let mut mapped = vec![None; names.len()];
            if h.columns.iter().all(String::is_empty) {
                let mut free = (1..=width).filter(|c| !meta.contains(c));
                for slot in mapped.iter_mut() {
                    *slot = free.next();
                }
            } else {
                for (slot, name) in mapped.iter_mut().zip(names) {
                    *slot = h
                        .columns
                        .iter()
                        .position(|c| c == name)
                        .map(|i| i + 1)
                        .filter(|c| !meta.contains(c));
                }
            }
            if mapped[0].is_none() {
                mapped[0] = (1..=width).find(|c| !meta.contains(c));
            }
            if tags_column == 0 {
                let last = mapped.iter().flatten().max().copied().unwrap_or(0);
                tags_column = (last + 1..=width).find(|c| !meta.contains(c)).unwrap_or(0);
            }
            mapped
        });
    if let Some(name) = global_type
        && global_fields.is_none()
    {
        bank.warnings.push(Warning {
            line: type_line,
            message: format!(
                "note type `{name}` is not one of Anki's stock types; kartka cannot tell its fields, so its {} skipped",
                match records.len() {
                    1 => "1 note is".to_string(),
                    n => format!("{n} notes are"),
                }
            ),
        });
        return bank;
    }
    let clean = |field: &str| {
        if is_html {
            html::to_text(&html::without_sounds(field))
        } else {
            field.to_string()
        }
    };
    for (line, record) in &records {
        let column = |c: usize| c.checked_sub(1).and_then(|i| record.get(i));
        let notetype = global_type
            .or_else(|| column(h.notetype_column))
            .unwrap_or("");
        let Some(names) = field_names(notetype) else {
            bank.warnings.push(Warning {
                line: Some(*line),
                message: format!(
                    "note type `{notetype}` is not one of Anki's stock types; kartka cannot tell its fields; skipped"
                ),
            });
            continue;
        };
        let raw: Vec<&str> = match &global_fields {
            Some(mapped) => mapped
                .iter()
                .map(|c| c.and_then(column).unwrap_or(""))
                .collect(),
            None => (1..=record.len())
                .filter(|c| !meta.contains(c))
                .filter_map(column)
                .collect(),
        };
        let mut notes = Vec::new();
        if is_html {
            for m in raw.iter().flat_map(|f| html::media(f)) {
                notes.push(format!("media `{m}` left out"));
            }
        }
        if raw.len() > names.len() && raw[names.len()..].iter().any(|f| !f.trim().is_empty()) {
            notes.push(format!(
                "{} has {} fields; the columns past them are left out",
                notetype,
                names.len()
            ));
        }
        let field = |i: usize| clean(raw.get(i).copied().unwrap_or(""));
        if field(0).trim().is_empty() {
            let what = if raw.first().is_some_and(|f| !f.trim().is_empty()) {
                "holds only media or markup, which kartka cannot show"
            } else {
                "is empty"
            };
            bank.warnings.push(Warning {
                line: Some(*line),
                message: format!("its first field ({}) {what}; skipped", names[0]),
            });
            continue;
        }
        let (text, kind) = match notetype {
            "Cloze" => {
                let parts = cloze_parts(&field(0));
                if !parts.iter().any(|p| matches!(p, ClozePart::Gap(_))) {
                    bank.warnings.push(Warning {
                        line: Some(*line),
                        message: "a Cloze note with no deletion ({{c1::…}}); skipped".into(),
                    });
                    continue;
                }
                (String::new(), Kind::Cloze { parts })
            }
            "Basic (type in the answer)" => (
                field(0),
                Kind::Short {
                    answers: vec![Answer::new(field(1), 1.0)],
                    // Anki compares a typed answer letter for letter.
                    case_sensitive: true,
                },
            ),
            _ => (
                field(0),
                Kind::Flash {
                    front: field(0),
                    back: field(1),
                    reverse: notetype == "Basic (and reversed card)"
                        || (notetype == "Basic (optional reversed card)"
                            && !field(2).trim().is_empty()),
                },
            ),
        };
        let mut q = Question::new(Some(*line), text, kind);
        if notetype == "Cloze" {
            q.general_feedback = Some(field(1)).filter(|e| !e.trim().is_empty());
        }
        q.guid = column(h.guid_column)
            .filter(|g| !g.is_empty())
            .map(String::from);
        q.tags = h.tags.clone();
        if let Some(tags) = column(tags_column) {
            q.tags.extend(tags.split_whitespace().map(String::from));
        }
        // A file filling several decks keeps each note's deck as a tag; one deck is just the deck.
        if decks.len() > 1
            && let Some(deck) = column(h.deck_column).filter(|d| !d.is_empty())
        {
            q.tags
                .push(deck.split_whitespace().collect::<Vec<_>>().join("_"));
        }
        q.notes = notes;
        bank.questions.push(q);
    }
    bank
}

/// Anki's cloze text in parts: `{{cN::answer}}` and `{{cN::answer::hint}}` become gaps; anything else,
/// an unclosed or unnumbered deletion included, stays text, as Anki shows it.
fn cloze_parts(text: &str) -> Vec<ClozePart> {
    let mut parts = Vec::new();
    let mut plain = String::new();
    let mut rest = text;
    while let Some(open) = rest.find("{{c") {
        let after = &rest[open + 3..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        let gap = (digits > 0 && after[digits..].starts_with("::"))
            .then(|| {
                let inner = &after[digits + 2..];
                let close = inner.find("}}")?;
                let number = after[..digits].parse::<u32>().ok().filter(|&n| n > 0)?;
                Some((number, &inner[..close], &inner[close + 2..]))
            })
            .flatten();
        match gap {
            Some((number, body, tail)) => {
                plain.push_str(&rest[..open]);
                if !plain.is_empty() {
                    parts.push(ClozePart::Text(std::mem::take(&mut plain)));
                }
                let (answer, hint) = match body.split_once("::") {
                    Some((a, h)) => (a, Some(h.to_string())),
                    None => (body, None),
                };
                parts.push(ClozePart::Gap(Gap {
                    number,
                    answers: vec![Answer::new(answer, 1.0)],
                    choice: false,
                    hint,
                }));
                rest = tail;
            }
            None => {
                plain.push_str(&rest[..open + 3]);
                rest = after;
            }
        }
    }
    plain.push_str(rest);
    if !plain.is_empty() {
        parts.push(ClozePart::Text(plain));
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::interop::anki_notes::NoteType;

    /// The note types kartka writes and the ones it reads cannot drift apart.
    #[test]
    fn every_written_note_type_is_read() {
        for t in NoteType::ALL {
            assert!(field_names(t.name()).is_some(), "{}", t.name());
        }
    }

    #[test]
    fn html_escaping_is_minimal_and_breaks_lines() {
        assert_eq!(
            escape_html("-40 <b> & \"x\"\nnext"),
            "-40 &lt;b&gt; &amp; \"x\"<br>next"
        );
    }

    #[test]
    fn cloze_text_in_parts() {
        let parts = cloze_parts("In {{c1::2005::year}} the {{c2::HTP}} {{c::x}} {{c3::open");
        assert_eq!(
            parts,
            [
                ClozePart::Text("In ".into()),
                ClozePart::Gap(Gap {
                    number: 1,
                    answers: vec![Answer::new("2005", 1.0)],
                    choice: false,
                    hint: Some("year".into()),
                }),
                ClozePart::Text(" the ".into()),
                ClozePart::Gap(Gap {
                    number: 2,
                    answers: vec![Answer::new("HTP", 1.0)],
                    choice: false,
                    hint: None,
                }),
                ClozePart::Text(" {{c::x}} {{c3::open".into()),
            ]
        );
    }
}
