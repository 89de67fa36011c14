//! A deck being imported: cards as TOML fields, each remembering the line it came from. The draft is
//! written as a deck file and read back with the same loader as `kartka check`, so imported decks obey every
//! rule of the format; a loader error is reported at the line of the source file it came from.

use std::collections::HashSet;
use std::fmt::Write as _;

use super::write::quote;
use crate::Error;
use crate::deck::{Deck, parse_without_giveaways};

/// Something an import could not carry over, and where it was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    pub line: Option<usize>,
    pub message: String,
}

/// An imported deck, and what was left behind.
#[derive(Debug)]
pub struct Imported {
    pub deck: Deck,
    pub warnings: Vec<Warning>,
}

/// A TOML value, already written out (`"text"`, `2005`, `["a", "b"]`, `true`).
pub type Value = String;

pub fn text(s: &str) -> Value {
    quote(s)
}

pub fn texts<S: AsRef<str>>(items: &[S]) -> Value {
    let quoted: Vec<String> = items.iter().map(|s| quote(s.as_ref())).collect();
    format!("[{}]", quoted.join(", "))
}

#[derive(Debug, Clone)]
pub struct DraftCard {
    pub line: usize,
    pub id: String,
    pub kind: &'static str,
    pub fields: Vec<(&'static str, Value)>,
}

impl DraftCard {
    pub fn new(line: usize, id: String, kind: &'static str) -> DraftCard {
        DraftCard {
            line,
            id,
            kind,
            fields: Vec::new(),
        }
    }

    pub fn set(&mut self, key: &'static str, value: Value) -> &mut Self {
        self.fields.retain(|(k, _)| *k != key);
        self.fields.push((key, value));
        self
    }
}

#[derive(Debug, Default)]
pub struct Draft {
    pub id: String,
    pub title: String,
    pub cards: Vec<DraftCard>,
    pub warnings: Vec<Warning>,
    ids: HashSet<String>,
}

/// A card id from any text: letters and digits kept, runs of anything else become one hyphen.
pub fn slug(text: &str, max: usize) -> String {
    let mut s = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if s.len() >= max {
            break;
        }
        if c.is_ascii_alphanumeric() {
            s.push(c);
        } else if !s.is_empty() && !s.ends_with('-') {
            s.push('-');
        }
    }
    s.trim_end_matches('-').to_string()
}

impl Draft {
    pub fn new(id: &str, title: &str) -> Draft {
        Draft {
            id: id.to_string(),
            title: title.to_string(),
            ..Draft::default()
        }
    }

    pub fn warn(&mut self, line: Option<usize>, message: impl Into<String>) {
        self.warnings.push(Warning {
            line,
            message: message.into(),
        });
    }

    /// A unique card id from `wanted` (a title, a GUID, a prompt), or from the line when it gives none.
    pub fn unique_id(&mut self, wanted: &str, line: usize) -> String {
        let base = if wanted
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
            && wanted.starts_with(|c: char| c.is_ascii_alphanumeric())
        {
            wanted.to_string()
        } else {
            slug(wanted, 40)
        };
        let base = if base.is_empty() {
            format!("line-{line}")
        } else {
            base
        };
        let mut id = base.clone();
        let mut n = 2;
        while self.ids.contains(&id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        self.ids.insert(id.clone());
        id
    }

    pub fn push(&mut self, card: DraftCard) {
        self.cards.push(card);
    }

    fn to_toml(&self) -> (String, Vec<(usize, usize)>) {
        let mut out = format!(
            "[deck]\nid = {}\ntitle = {}\n",
            quote(&self.id),
            quote(&self.title)
        );
        // Where each card's text starts in the TOML, to map loader errors back to source lines.
        let mut starts = Vec::new();
        for c in &self.cards {
            starts.push((out.len(), c.line));
            let _ = writeln!(
                out,
                "\n[[cards]]\nid = {}\nkind = \"{}\"",
                quote(&c.id),
                c.kind
            );
            for (k, v) in &c.fields {
                let _ = writeln!(out, "{k} = {v}");
            }
        }
        (out, starts)
    }

    /// The deck, checked by the deck loader. `origin` names the source file in errors. A card the loader
    /// refuses is left out with a warning at its source line, so that one bad question never costs the
    /// rest of the file.
    pub fn finish(mut self, origin: &str) -> Result<Imported, Error> {
        loop {
            if self.cards.is_empty() {
                return Err(self.nothing_imported(origin));
            }
            let (toml, starts) = self.to_toml();
            // Only its errors are kept: the give-away lint (warnings only) is left to `kartka check`.
            let loaded = parse_without_giveaways(&toml);
            let errors: Vec<_> = loaded.diagnostics.iter().filter(|d| d.is_error()).collect();
            if errors.is_empty() {
                // Warnings in file order, whether the reader, the mapping or the loader raised them.
                self.warnings.sort_by_key(|w| w.line.unwrap_or(0));
                let deck = loaded.deck.ok_or_else(|| Error::Import {
                    origin: origin.to_string(),
                    line: None,
                    message: "the imported deck did not load".into(),
                })?;
                return Ok(Imported {
                    deck,
                    warnings: self.warnings,
                });
            }
            let mut refused: Vec<(usize, String)> = Vec::new();
            for d in errors {
                let at = d.primary.as_ref().map_or(0, |(span, _)| span.start);
                let mut message = d.message.clone();
                if let Some(help) = &d.help {
                    let _ = write!(message, " ({help})");
                }
                match starts.iter().rposition(|(start, _)| *start <= at) {
                    Some(i) => refused.push((i, message)),
                    // Not in any card: the deck table itself, which the importer wrote.
                    None => {
                        return Err(Error::Import {
                            origin: origin.to_string(),
                            line: None,
                            message,
                        });
                    }
                }
            }
            refused.sort_by_key(|(i, _)| *i);
            refused.dedup_by_key(|(i, _)| *i);
            for (i, message) in refused.into_iter().rev() {
                let card = self.cards.remove(i);
                let line = (card.line > 0).then_some(card.line);
                self.warn(line, format!("{message}; skipped"));
            }
        }
    }

    fn nothing_imported(&self, origin: &str) -> Error {
        // Say what was passed over: an essay-only bank or notes of unknown types are not empty files.
        let message = match self.warnings.as_slice() {
            [] => "no questions found to import".to_string(),
            skipped => {
                let mut reasons: Vec<String> = Vec::new();
                for w in skipped {
                    let at = w.line.map(|l| format!("line {l}: ")).unwrap_or_default();
                    if reasons.len() < 3 {
                        reasons.push(format!("{at}{}", w.message.trim_end_matches("; skipped")));
                    }
                }
                let more = skipped.len().saturating_sub(reasons.len());
                format!(
                    "nothing in it can be a kartka card; {} passed over ({}{})",
                    if skipped.len() == 1 {
                        "1 question was".to_string()
                    } else {
                        format!("{} questions were", skipped.len())
                    },
                    reasons.join("; "),
                    if more > 0 {
                        format!("; and {more} more")
                    } else {
                        String::new()
                    }
                )
            }
        };
        Error::Import {
            origin: origin.to_string(),
            line: None,
            message,
        }
    }
}
