//! Anki packages (`.apkg`) in.
//!
//! An `.apkg` is a zip holding the SQLite collection. Basic, reversed, type-in and Cloze notes become
//! flash, reversed flash, text and cloze cards; HTML becomes text; media are left out with a warning. Card
//! ids come from the notes' GUIDs, so importing the same package again updates the same cards.

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use rusqlite::limits::Limit;
use rusqlite::{Connection, OpenFlags, OptionalExtension};
use serde::Deserialize;

use super::draft::{Draft, DraftCard, Imported, text, texts};
use super::html;
use crate::Error;
use crate::cleanup::TempFile;

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

/// How long one query on a collection may run. Real ones take milliseconds; a collection built to hang
/// importers (a view over an endless recursive query, an expensive generated column) is stopped here.
const QUERY_TIME: Duration = Duration::from_secs(2);

/// The longest text or blob SQLite may build while reading a collection, so that a generated column cannot
/// exhaust memory within its time.
const MAX_VALUE_BYTES: i32 = 32 * 1024 * 1024;

/// Unpacks the collection into a temporary file, refusing one larger than `limit` bytes: first by the size
/// the zip declares, before anything is written, then by counting, in case the declaration lies.
fn unpack(bytes: &[u8], limit: u64, fail: &dyn Fn(String) -> Error) -> Result<TempFile, Error> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| fail(format!("not an Anki package (a zip file): {e}")))?;
    let names: Vec<String> = zip
        .file_names()
        .filter_map(Result::ok)
        .map(|n| n.into_owned())
        .collect();
    // Newer packages keep a stub "collection.anki2" beside the real "collection.anki21".
    let name = ["collection.anki21", "collection.anki2"]
        .into_iter()
        .find(|n| names.iter().any(|m| m == n))
        .ok_or_else(|| {
            if names.iter().any(|n| n == "collection.anki21b") {
                fail("this package uses Anki's newest compressed format: export it again with “Support older Anki versions” ticked".into())
            } else {
                fail("the package holds no Anki collection".into())
            }
        })?;
    let too_big = || {
        fail(format!(
            "its collection expands to more than {} MB, more than kartka imports",
            limit / (1024 * 1024)
        ))
    };
    let entry = zip.by_name(name).map_err(|e| fail(e.to_string()))?;
    if entry.size() > limit {
        return Err(too_big());
    }
    let unpack_err = |e: std::io::Error| fail(format!("cannot unpack the collection: {e}"));
    let (temp, mut file) = TempFile::create("import").map_err(unpack_err)?;
    let copied = std::io::copy(&mut entry.take(limit + 1), &mut file).map_err(unpack_err)?;
    if copied > limit {
        return Err(too_big());
    }
    Ok(temp)
}

/// A `file:` URI for SQLite, its path percent-encoded: a temporary folder may have `?`, `#` or `%` in it.
fn uri(path: &Path) -> String {
    let mut uri = String::from("file:");
    for &b in path.as_os_str().as_encoded_bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            uri.push(b as char);
        } else {
            uri.push_str(&format!("%{b:02X}"));
        }
    }
    // Immutable: SQLite neither writes nor locks the file, and makes no -wal, -shm or -journal beside it.
    uri + "?immutable=1"
}

/// Opens an unpacked collection read-only, its queries limited in time and their values in size.
fn open(path: &Path, deadline: Arc<Mutex<Instant>>) -> rusqlite::Result<Connection> {
    let mut conn = Connection::open_with_flags(
        uri(path),
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI,
    )?;
    conn.set_limit(Limit::SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)?;
    conn.progress_handler(
        1000,
        Some(move || Instant::now() > *deadline.lock().unwrap_or_else(PoisonError::into_inner)),
    )?;
    Ok(conn)
}

/// The tables kartka reads must be tables: a view, or a virtual table, could run any query.
fn check_tables(conn: &Connection) -> Result<(), String> {
    for table in ["col", "notes"] {
        let found: Option<(String, String)> = conn
            .query_row(
                "SELECT type, coalesce(sql, '') FROM sqlite_schema WHERE name = ?1",
                [table],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .map_err(|e| format!("not an Anki collection: {e}"))?;
        let Some((kind, sql)) = found else {
            return Err(format!("not an Anki collection: it has no `{table}` table"));
        };
        let words: Vec<String> = sql
            .split_whitespace()
            .take(2)
            .map(str::to_uppercase)
            .collect();
        let kind = match kind.as_str() {
            "table" if words == ["CREATE", "VIRTUAL"] => "virtual table",
            "table" => continue,
            other => other,
        };
        return Err(format!(
            "not an Anki collection: its `{table}` is a {kind}, not a table"
        ));
    }
    Ok(())
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
    let fail = |message: String| Error::Import {
        origin: origin.to_string(),
        line: None,
        message,
    };
    let file = unpack(bytes, limit, &fail)?;
    let deadline = Arc::new(Mutex::new(Instant::now() + QUERY_TIME));
    let conn = open(file.path(), deadline.clone()).map_err(|e| fail(e.to_string()))?;
    // Each query gets its own time.
    let restart = || {
        *deadline.lock().unwrap_or_else(PoisonError::into_inner) = Instant::now() + QUERY_TIME;
    };
    let sql_err = |e: rusqlite::Error| {
        if e.sqlite_error_code() == Some(rusqlite::ErrorCode::OperationInterrupted) {
            fail(format!(
                "reading its collection took more than {} seconds: it is damaged, or made to hang importers",
                QUERY_TIME.as_secs()
            ))
        } else {
            fail(format!("not an Anki collection: {e}"))
        }
    };
    check_tables(&conn).map_err(fail)?;
    restart();
    let models_json: String = conn
        .query_row("SELECT models FROM col", [], |r| r.get(0))
        .map_err(sql_err)?;
    let models: HashMap<String, Model> = serde_json::from_str(&models_json)
        .map_err(|e| fail(format!("cannot read the note types: {e}")))?;
    restart();
    let notes: Vec<(String, i64, String, String)> = conn
        .prepare("SELECT guid, mid, flds, tags FROM notes ORDER BY id")
        .and_then(|mut stmt| {
            stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
                .collect()
        })
        .map_err(sql_err)?;
    drop(conn);
    drop(file);
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
