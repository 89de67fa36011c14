//! Anki: packages (`.apkg`, `.colpkg`) and Notes in Plain Text (`text`) in; packages (`apkg`) and plain
//! text out, each card as the note `to_notes` makes of it.
//!
//! A package is a zip holding the SQLite collection (`package`), opened so that a hostile one can do no
//! harm and read in either of its schemas (`collection`); its notes become questions by their note types'
//! templates (`notes`, `cloze`). Questions keep their note's GUID, so importing the same package again
//! updates the same cards.

pub mod apkg;
mod cloze;
mod collection;
mod history;
pub(crate) mod notes;
mod package;
mod proto;
pub mod text;
pub mod to_notes;

use super::draft::{Imported, Warning};
use super::html;
use super::question::Bank;
use crate::Error;
use collection::Session;

/// A card id from a note's GUID: letters, digits, `-` and `.` kept, anything else (`_` included) as `_`
/// and its hex code, so that each GUID gives one id, always the same.
pub fn id_from_guid(guid: &str) -> String {
    let mut id = String::from("anki-");
    for b in guid.bytes() {
        if b.is_ascii_alphanumeric() || b == b'-' || b == b'.' {
            id.push(b as char);
        } else {
            id.push_str(&format!("_{b:02x}"));
        }
    }
    id
}

/// The most a package's collection may take unpacked. Real collections without their media are a few MB
/// even with tens of thousands of notes; a package that claims more is broken or a zip bomb.
pub const MAX_COLLECTION_BYTES: u64 = 256 * 1024 * 1024;

/// The notes of an Anki package (`.apkg` or `.colpkg`, any version) as questions, in the order they were
/// added. A note that cannot be a question is a warning naming it; only a file that is no Anki package,
/// or a collection kartka cannot read at all, is an error.
pub fn read(bytes: &[u8]) -> Result<Bank, Error> {
    read_within(bytes, MAX_COLLECTION_BYTES, "the Anki package", None)
}

/// [`import`], and the review history the package holds (`.colpkg`, or an `.apkg` exported with its
/// scheduling), each card's times at `offset`.
pub fn import_with_history(
    bytes: &[u8],
    origin: &str,
    id: &str,
    title: &str,
    offset: chrono::FixedOffset,
) -> Result<(Imported, Vec<crate::interop::history::CardHistory>), Error> {
    let mut history = Vec::new();
    let bank = read_within(
        bytes,
        MAX_COLLECTION_BYTES,
        origin,
        Some((offset, &mut history)),
    )?;
    Ok((super::cards::to_deck(bank, origin, id, title)?, history))
}

type HistoryWanted<'a> = Option<(
    chrono::FixedOffset,
    &'a mut Vec<crate::interop::history::CardHistory>,
)>;

/// [`read`], with the collection limited to `limit` bytes unpacked and errors naming `origin`; its
/// review history read too when wanted.
fn read_within(
    bytes: &[u8],
    limit: u64,
    origin: &str,
    history: HistoryWanted<'_>,
) -> Result<Bank, Error> {
    let origin = origin.to_string();
    let fail = move |message: String| Error::Import {
        origin: origin.clone(),
        line: None,
        message,
    };
    let unpacked = package::unpack(bytes, limit, &fail)?;
    let session = Session::open(unpacked.path(), Box::new(fail))?;
    let collection = collection::read(&session)?;
    if let Some((offset, out)) = history {
        *out = history::read(&session, offset)?;
    }
    drop(session);
    let mut bank = Bank::default();
    for note in &collection.notes {
        let skip = |why: String| Warning {
            line: None,
            message: format!("note {}: {why}; skipped", label(note)),
        };
        let Some(note_type) = collection.note_types.get(&note.note_type) else {
            bank.warnings
                .push(skip("its note type is missing from the package".into()));
            continue;
        };
        match notes::question(&note.fields, note_type) {
            Ok(mut question) => {
                question.guid = Some(note.guid.clone());
                question.tags = note.tags.clone();
                let path = note.deck.and_then(|d| collection.decks.get(&d));
                // Anki's "Default" deck (id 1) is where notes land when nobody chose: no subject.
                for component in path.filter(|_| note.deck != Some(1)).into_iter().flatten() {
                    let tag = deck_tag(component);
                    if !tag.is_empty() && !question.tags.contains(&tag) {
                        question.tags.push(tag);
                    }
                }
                bank.questions.push(question);
            }
            Err(why) => bank.warnings.push(skip(why)),
        }
    }
    Ok(bank)
}

/// A note as a warning names it: its first field's text, cut short, or its id when that is empty.
fn label(note: &collection::Note) -> String {
    let first = note
        .fields
        .first()
        .map(|f| html::to_text(&html::without_sounds(f)))
        .unwrap_or_default();
    // An Image Occlusion note's first field is mask coordinates, no name for anyone.
    if first.contains("image-occlusion:") {
        return note.id.to_string();
    }
    let first = cloze::revealed(&cloze::parts(&first, &mut Vec::new()));
    let first = first.split_whitespace().collect::<Vec<_>>().join(" ");
    if first.is_empty() {
        return format!("{} (no text in its first field)", note.id);
    }
    let mut cut: String = first.chars().take(40).collect();
    if cut.len() < first.len() {
        cut.push('…');
    }
    format!("“{cut}”")
}

/// A deck path component as a tag: lower case, letters and digits in any script kept, anything else
/// between them one hyphen. `Belarus IT::Companies` tags its notes `belarus-it` and `companies`.
pub(crate) fn deck_tag(component: &str) -> String {
    let mut tag = String::new();
    for c in component.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            tag.push(c);
        } else if !tag.is_empty() && !tag.ends_with('-') {
            tag.push('-');
        }
    }
    tag.trim_end_matches('-').to_string()
}

/// A package as a deck: [`read`], then the one mapping into cards.
pub fn import(bytes: &[u8], origin: &str, id: &str, title: &str) -> Result<Imported, Error> {
    super::cards::to_deck(
        read_within(bytes, MAX_COLLECTION_BYTES, origin, None)?,
        origin,
        id,
        title,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// A package whose collection is `size` zero bytes: a few kilobytes compressed.
    fn zeros(size: usize) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        zip.start_file("collection.anki2", zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(&vec![0; size]).unwrap();
        zip.finish().unwrap().into_inner()
    }

    fn error(bytes: &[u8], limit: u64) -> String {
        read_within(bytes, limit, "bomb.apkg", None)
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn a_collection_past_the_limit_is_refused_by_its_declared_size() {
        let bytes = zeros(3 * 1024 * 1024);
        assert!(bytes.len() < 10_000, "{}", bytes.len());
        assert_eq!(
            error(&bytes, 2 * 1024 * 1024),
            "cannot import bomb.apkg: its collection expands to more than 2 MB, more than kartka imports"
        );
        // Within the limit, it is unpacked and found to be no collection.
        let within = error(&bytes, 4 * 1024 * 1024);
        assert!(within.contains("not an Anki collection"), "{within}");
    }

    /// A zip may declare a size smaller than what its entry expands to. The zip reader stops at the declared
    /// size (and kartka's count at the limit, should a reader not): an error, never a cut collection.
    #[test]
    fn a_collection_that_lies_about_its_size_is_refused() {
        let size = 3 * 1024 * 1024;
        let mut bytes = zeros(size);
        let declared = (size as u32).to_le_bytes();
        let small = 1000u32.to_le_bytes();
        // The uncompressed size: 22 bytes into the local header, 24 into the central directory's.
        for (signature, offset) in [(b"PK\x03\x04", 22), (b"PK\x01\x02", 24)] {
            let at = bytes.windows(4).position(|w| w == signature).unwrap() + offset;
            assert_eq!(bytes[at..at + 4], declared);
            bytes[at..at + 4].copy_from_slice(&small);
        }
        assert_eq!(
            error(&bytes, 2 * 1024 * 1024),
            "cannot import bomb.apkg: cannot unpack the collection: File is larger than its declared uncompressed size"
        );
    }
}
