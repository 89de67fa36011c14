//! Moodle's GIFT format (docs.moodle.org/en/GIFT_format), read as Moodle's own importer reads it
//! (question/format/gift/format.php) and written as Moodle unescapes it.
//!
//! [`read`] fills the neutral question model: the file cut into questions (`split`), each read with
//! Moodle's rules (`read`), its texts in their formats (`text`), its escapes undone once (`escape`). A question Moodle refuses is skipped with a warning naming its line; the rest is read.
//! [`export`] writes a deck with weights from Moodle's grade list ([`moodle_grades`](super::moodle_grades)).

mod escape;

mod read;
mod split;
mod text;
mod write;

pub use write::export;

use super::draft::{Imported, Warning, slug};
use super::question::Bank;
use crate::Error;

/// A GIFT file as a deck: [`read`], then the one mapping into cards.
pub fn import(data: &str, origin: &str, id: &str, title: &str) -> Result<Imported, Error> {
    super::cards::to_deck(read(data), origin, id, title)
}

/// Every question of a GIFT file Moodle would import, and a warning for each one it would not.
pub fn read(data: &str) -> Bank {
    let mut bank = Bank::default();
    let mut tags: Vec<String> = Vec::new();
    for piece in split::pieces(data, &mut bank.warnings) {
        match piece {
            split::Piece::Category { path } => tags = category_tags(&path),
            split::Piece::Question(block) => match read::question(&block) {
                Ok(mut question) => {
                    let own = std::mem::replace(&mut question.tags, tags.clone());
                    for tag in own {
                        if !question.tags.contains(&tag) {
                            question.tags.push(tag);
                        }
                    }
                    bank.questions.push(question);
                }
                Err(read::Skip(message)) => bank.warnings.push(Warning {
                    line: Some(block.line),
                    message: format!("{message}; skipped"),
                }),
            },
        }
    }
    bank.warnings.sort_by_key(|w| w.line);
    bank
}

/// A Moodle category path (`$course$/top/Belarus IT/HTP history`) as tags: the category itself, the last
/// part of the path, as a slug. `//` is a `/` inside a name; `$course$`-style contexts and `top` are
/// Moodle's containers, not categories.
fn category_tags(path: &str) -> Vec<String> {
    let context = |p: &str| p.is_empty() || (p.starts_with('$') && p.ends_with('$'));
    let parts: Vec<String> = path
        .replace("//", "\u{0}")
        .split('/')
        .map(|p| p.replace('\u{0}', "/").trim().to_string())
        .filter(|p| !context(p) && p != "top")
        .collect();
    parts
        .last()
        .map(|c| slug(c, 40))
        .filter(|t| !t.is_empty())
        .into_iter()
        .collect()
}
