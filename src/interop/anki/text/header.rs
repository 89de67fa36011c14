//! The `#key:value` lines that open Anki's notes in plain text, read as Anki reads them
//! (rslib/src/import_export/text/csv/metadata.rs): up to the first other line, a `tags:` first line
//! from older versions included; keys in any case; a value cut at its first non-alphanumeric character
//! after the first, as Anki cuts it.

use std::collections::HashSet;

use crate::interop::draft::Warning;

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
pub(super) struct Header {
    pub delimiter: Option<u8>,
    pub html: Option<bool>,
    pub tags: Vec<String>,
    pub columns: Vec<String>,
    /// The file's one note type, and the line naming it.
    pub notetype: Option<(String, usize)>,
    pub deck: Option<String>,
    pub notetype_column: usize,
    pub deck_column: usize,
    pub tags_column: usize,
    pub guid_column: usize,
}

/// Anki's separators, in the order it tries them on a file that names none.
pub(super) const DELIMITERS: [(&str, u8); 6] = [
    ("tab", b'\t'),
    ("pipe", b'|'),
    ("semicolon", b';'),
    ("colon", b':'),
    ("comma", b','),
    ("space", b' '),
];

impl Header {
    const KEYS: [&'static str; 12] = [
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
    ];

    /// One `#key:value` line, as Anki takes it; `notes` gets what kartka does not follow.
    fn set(&mut self, key: &str, value: &str, line: usize, notes: &mut Vec<Warning>) {
        // Cut so that a header exported as a record (`#separator:tab\t\t`) still reads, and
        // `#separator:,` keeps its comma.
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

    pub fn meta_columns(&self) -> HashSet<usize> {
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
pub(super) fn header(text: &str, notes: &mut Vec<Warning>) -> (Header, usize) {
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
pub(super) fn looks_like_html(field: &str) -> bool {
    field
        .find('<')
        .is_some_and(|open| field[open..].contains('>'))
}
