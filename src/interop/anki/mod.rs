//! Anki packages (`.apkg`, `.colpkg`) in; the exports are `apkg` and `anki_text`.
//!
//! A package is a zip holding the SQLite collection (`package`), opened so that a hostile one can do no
//! harm and read in either of its schemas (`collection`); its notes become questions by their note types'
//! templates (`notes`, `cloze`). Questions keep their note's GUID, so importing the same package again
//! updates the same cards.

mod cloze;
mod collection;
pub(crate) mod notes;
mod package;
mod proto;

use std::collections::HashMap;

use serde::Deserialize;

use super::draft::{Draft, DraftCard, Imported, Warning, text, texts};
use super::html;
use super::question::Bank;
use crate::Error;
use collection::Session;

#[derive(Deserialize)]
struct Model {
    name: String,
    #[serde(rename = "type")]
    kind: i64,
    flds: Vec<Field>,
    tmpls: Vec<Template>,
}

#[derive(Deserialize)]
struct Field {
    name: String,
}

#[derive(Deserialize)]
struct Template {
    qfmt: String,
}

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
    read_within(bytes, MAX_COLLECTION_BYTES)
}

fn read_within(bytes: &[u8], limit: u64) -> Result<Bank, Error> {
    let fail = |message: String| Error::Import {
        origin: "the Anki package".to_string(),
        line: None,
        message,
    };
    let unpacked = package::unpack(bytes, limit, &fail)?;
    let session = Session::open(unpacked.file.path(), Box::new(fail))?;
    let collection = collection::read(&session)?;
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

pub fn import(bytes: &[u8], origin: &str, id: &str, title: &str) -> Result<Imported, Error> {
    import_within(bytes, MAX_COLLECTION_BYTES, origin, id, title)
}

/// [`import`], with the collection limited to `limit` bytes unpacked.
fn import_within(
    bytes: &[u8],
    limit: u64,
    origin: &str,
    id: &str,
    title: &str,
) -> Result<Imported, Error> {
    let origin_owned = origin.to_string();
    let fail = move |message: String| Error::Import {
        origin: origin_owned.clone(),
        line: None,
        message,
    };
    let unpacked = package::unpack(bytes, limit, &fail)?;
    if unpacked.version == package::Version::Latest {
        return Err(fail("this package uses Anki's newest compressed format: export it again with “Support older Anki versions” ticked".into()));
    }
    let session = Session::open(unpacked.file.path(), Box::new(fail))?;
    session.check_tables(&["col", "notes"])?;
    let models_json: String = session
        .rows("SELECT models FROM col", |r| r.get(0))?
        .into_iter()
        .next()
        .unwrap_or_default();
    let models: HashMap<String, Model> = serde_json::from_str(&models_json)
        .map_err(|e| session.fail(format!("cannot read the note types: {e}")))?;
    let notes: Vec<(String, i64, String, String)> = session
        .rows("SELECT guid, mid, flds, tags FROM notes ORDER BY id", |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })?;
    drop(session);
    drop(unpacked);
    let mut draft = Draft::new(id, title);
    for (n, (guid, mid, fields, tags)) in notes.iter().enumerate() {
        let line = n + 1;
        let Some(model) = models.get(&mid.to_string()) else {
            draft.warn(
                None,
                format!("note {guid} has an unknown note type; skipped"),
            );
            continue;
        };
        let values: Vec<&str> = fields.split('\u{1f}').collect();
        let field = |name: &str| {
            model
                .flds
                .iter()
                .position(|f| f.name == name)
                .and_then(|i| values.get(i))
                .copied()
        };
        for media in values.iter().flat_map(|v| html::media(v)) {
            draft.warn(None, format!("note {guid}: media `{media}` left out"));
        }
        let clean = |v: &str| html::to_text(&html::without_sounds(v));
        let card_id = draft.unique_id(&id_from_guid(guid), line);
        let mut card;
        if model.kind == 1 {
            card = DraftCard::new(line, card_id, "cloze");
            let body = field("Text")
                .or(values.first().copied())
                .unwrap_or_default();
            card.set("text", text(&clean(body)));
            if let Some(extra) = field("Back Extra")
                .or(values.get(1).copied())
                .map(clean)
                .filter(|e| !e.is_empty())
            {
                card.set("explain", text(&extra));
            }
        } else {
            let typed = model.tmpls.iter().find_map(|t| {
                let start = t.qfmt.find("{{type:")? + 7;
                let end = t.qfmt[start..].find("}}")? + start;
                Some(t.qfmt[start..end].to_string())
            });
            let front = clean(values.first().copied().unwrap_or_default());
            let back = clean(values.get(1).copied().unwrap_or_default());
            match typed {
                Some(answer_field) => {
                    card = DraftCard::new(line, card_id, "text");
                    let answer = field(&answer_field).map(clean).unwrap_or(back);
                    card.set("prompt", text(&front))
                        .set("answer", text(&answer));
                }
                None => {
                    card = DraftCard::new(line, card_id, "flash");
                    card.set("front", text(&front)).set("back", text(&back));
                    if model.tmpls.len() > 1 {
                        card.set("reverse", "true".into());
                    }
                }
            }
            if values.len() > 2 && values[2..].iter().any(|v| !v.trim().is_empty()) {
                let names: Vec<&str> = model.flds.iter().skip(2).map(|f| f.name.as_str()).collect();
                draft.warn(
                    None,
                    format!(
                        "note {guid} ({}): fields {} left out",
                        model.name,
                        names.join(", ")
                    ),
                );
            }
        }
        let tags: Vec<&str> = tags.split_whitespace().collect();
        if !tags.is_empty() {
            card.set("tags", texts(&tags));
        }
        draft.push(card);
    }
    draft.finish(origin)
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
        import_within(bytes, limit, "bomb.apkg", "b", "B")
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
