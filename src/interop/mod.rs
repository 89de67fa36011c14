//! Decks in and out of other tools' formats: CSV and TSV, Moodle GIFT and XML, Anki, Markdown.

pub mod anki;
pub mod csv;
pub mod draft;
pub mod gift;
pub mod html;
pub mod markdown;
pub mod moodle_xml;
pub mod write;

use std::path::Path;

use crate::Error;

/// Writes a new file: never over an existing one unless `force`, and readable once complete (written
/// beside it, then renamed).
pub fn write_new(path: &Path, text: &str, force: bool) -> Result<(), Error> {
    crate::atomic::write(path, text.as_bytes(), force, crate::atomic::Access::Shared)
}
