//! An unpacked Anki collection, opened so that a hostile one can do no harm, and read into note types,
//! decks and notes in either of its schemas: 11, where note types and decks are JSON in `col`, and 15 to
//! 18 (every `collection.anki21b`, and any collection an Anki since 2.1.28 has open), where they are tables
//! with protobuf configs (rslib `storage/upgrades/schema15_upgrade.sql`).

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use rusqlite::limits::Limit;
use rusqlite::{Connection, OpenFlags, OptionalExtension, Row};
use serde::Deserialize;

use super::notes::{NoteType, Template};
use super::proto;
use crate::Error;

/// How long one query on a collection may run. Real ones take milliseconds; a collection built to hang
/// importers (a view over an endless recursive query, an expensive generated column) is stopped here.
const QUERY_TIME: Duration = Duration::from_secs(2);

/// The longest text or blob SQLite may build while reading a collection, so that a generated column cannot
/// exhaust memory within its time.
const MAX_VALUE_BYTES: i32 = 32 * 1024 * 1024;

/// What kartka reads of a collection.
pub(super) struct Collection {
    pub note_types: HashMap<i64, NoteType>,
    /// Each deck's path, `Parent::Child` as its components.
    pub decks: HashMap<i64, Vec<String>>,
    pub notes: Vec<Note>,
}

pub(super) struct Note {
    pub id: i64,
    pub guid: String,
    pub note_type: i64,
    /// Field values in the note type's order, as HTML.
    pub fields: Vec<String>,
    pub tags: Vec<String>,
    /// The deck of its first card (a note's cards may be spread over decks; the first is where it was
    /// added). A card in a filtered deck counts in its home deck.
    pub deck: Option<i64>,
}

/// An open collection whose every query gets [`QUERY_TIME`] of its own.
pub(super) struct Session {
    pub conn: Connection,
    deadline: Arc<Mutex<Instant>>,
    fail: Box<dyn Fn(String) -> Error>,
}

impl Session {
    /// Opens an unpacked collection read-only, its queries limited in time and their values in size.
    pub fn open(path: &Path, fail: Box<dyn Fn(String) -> Error>) -> Result<Session, Error> {
        let deadline = Arc::new(Mutex::new(Instant::now() + QUERY_TIME));
        let watched = deadline.clone();
        let conn = (|| {
            let mut conn = Connection::open_with_flags(
                uri(path),
                OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI,
            )?;
            conn.set_limit(Limit::SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)?;
            // Anki declares names `COLLATE unicase`, its own collation; without one of that name SQLite
            // plans no query over those tables. Case-folded order is all kartka needs of it.
            conn.create_collation("unicase", |a, b| {
                a.chars()
                    .flat_map(char::to_lowercase)
                    .cmp(b.chars().flat_map(char::to_lowercase))
            })?;
            conn.progress_handler(
                1000,
                Some(move || {
                    Instant::now() > *watched.lock().unwrap_or_else(PoisonError::into_inner)
                }),
            )?;
            Ok(conn)
        })()
        .map_err(|e: rusqlite::Error| fail(e.to_string()))?;
        Ok(Session {
            conn,
            deadline,
            fail,
        })
    }

    pub fn fail(&self, message: String) -> Error {
        (self.fail)(message)
    }

    /// Starts the clock for the next query.
    pub fn restart(&self) {
        *self.deadline.lock().unwrap_or_else(PoisonError::into_inner) = Instant::now() + QUERY_TIME;
    }

    pub fn sql_err(&self, e: rusqlite::Error) -> Error {
        if e.sqlite_error_code() == Some(rusqlite::ErrorCode::OperationInterrupted) {
            self.fail(format!(
                "reading its collection took more than {} seconds: it is damaged, or made to hang importers",
                QUERY_TIME.as_secs()
            ))
        } else {
            self.fail(format!("not an Anki collection: {e}"))
        }
    }

    /// Every row of `sql`, within its time.
    pub fn rows<T>(
        &self,
        sql: &str,
        row: impl FnMut(&Row<'_>) -> rusqlite::Result<T>,
    ) -> Result<Vec<T>, Error> {
        self.restart();
        self.conn
            .prepare(sql)
            .and_then(|mut stmt| stmt.query_map([], row)?.collect())
            .map_err(|e| self.sql_err(e))
    }

    /// The tables kartka reads must be tables: a view, or a virtual table, could run any query.
    pub fn check_tables(&self, tables: &[&str]) -> Result<(), Error> {
        for table in tables {
            self.restart();
            let found: Option<(String, String)> = self
                .conn
                .query_row(
                    "SELECT type, coalesce(sql, '') FROM sqlite_schema WHERE name = ?1",
                    [table],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()
                .map_err(|e| self.sql_err(e))?;
            let Some((kind, sql)) = found else {
                return Err(self.fail(format!("not an Anki collection: it has no `{table}` table")));
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
            return Err(self.fail(format!(
                "not an Anki collection: its `{table}` is a {kind}, not a table"
            )));
        }
        Ok(())
    }
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

/// Reads the note types, decks and notes of a collection, whichever its schema.
pub(super) fn read(session: &Session) -> Result<Collection, Error> {
    session.check_tables(&["col", "notes", "cards"])?;
    let version: Vec<i64> = session.rows("SELECT ver FROM col", |r| r.get(0))?;
    let (note_types, decks) = if version.first().is_some_and(|v| *v >= 15) {
        session.check_tables(&["notetypes", "fields", "templates", "decks"])?;
        (note_types_from_tables(session)?, decks_from_table(session)?)
    } else {
        legacy_types_and_decks(session)?
    };
    let first_decks: HashMap<i64, i64> = session
        .rows(
            // SQLite takes a bare column from the row that gave min(): the first card's deck.
            "SELECT nid, CASE WHEN odid != 0 THEN odid ELSE did END, min(ord) FROM cards GROUP BY nid",
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?
        .into_iter()
        .collect();
    let notes = session.rows(
        "SELECT id, guid, mid, flds, tags FROM notes ORDER BY id",
        |r| {
            let id: i64 = r.get(0)?;
            let fields: String = r.get(3)?;
            let tags: String = r.get(4)?;
            Ok(Note {
                id,
                guid: r.get(1)?,
                note_type: r.get(2)?,
                fields: fields.split('\u{1f}').map(str::to_string).collect(),
                tags: tags.split_whitespace().map(str::to_string).collect(),
                deck: first_decks.get(&id).copied(),
            })
        },
    )?;
    Ok(Collection {
        note_types,
        decks,
        notes,
    })
}

#[derive(Deserialize)]
struct LegacyType {
    name: String,
    #[serde(rename = "type", default)]
    kind: i64,
    flds: Vec<LegacyField>,
    tmpls: Vec<LegacyTemplate>,
}

#[derive(Deserialize)]
struct LegacyField {
    name: String,
    #[serde(default)]
    ord: i64,
}

#[derive(Deserialize)]
struct LegacyTemplate {
    #[serde(default)]
    name: String,
    qfmt: String,
    #[serde(default)]
    afmt: String,
    #[serde(default)]
    ord: i64,
}

#[derive(Deserialize)]
struct LegacyDeck {
    name: String,
}

/// Schema 11: `col.models` and `col.decks`, JSON objects keyed by id.
#[allow(clippy::type_complexity)]
fn legacy_types_and_decks(
    session: &Session,
) -> Result<(HashMap<i64, NoteType>, HashMap<i64, Vec<String>>), Error> {
    let (models, decks): (String, String) = session
        .rows("SELECT models, decks FROM col", |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?
        .into_iter()
        .next()
        .ok_or_else(|| session.fail("not an Anki collection: its `col` is empty".into()))?;
    let models: HashMap<String, LegacyType> = serde_json::from_str(&models)
        .map_err(|e| session.fail(format!("cannot read the note types: {e}")))?;
    let decks: HashMap<String, LegacyDeck> = serde_json::from_str(&decks)
        .map_err(|e| session.fail(format!("cannot read the decks: {e}")))?;
    let note_types = models
        .into_iter()
        .filter_map(|(id, mut m)| {
            m.flds.sort_by_key(|f| f.ord);
            m.tmpls.sort_by_key(|t| t.ord);
            let note_type = NoteType {
                name: m.name,
                cloze: m.kind == 1,
                fields: m.flds.into_iter().map(|f| f.name).collect(),
                templates: m
                    .tmpls
                    .into_iter()
                    .map(|t| Template {
                        name: t.name,
                        question: t.qfmt,
                        answer: t.afmt,
                    })
                    .collect(),
            };
            Some((id.parse().ok()?, note_type))
        })
        .collect();
    let decks = decks
        .into_iter()
        .filter_map(|(id, d)| {
            let path = d.name.split("::").map(str::to_string).collect();
            Some((id.parse().ok()?, path))
        })
        .collect();
    Ok((note_types, decks))
}

/// Schema 15 and later: `notetypes`, `fields` and `templates`, their configs protobuf messages
/// (`proto/anki/notetypes.proto`: the note type's kind is field 1 of its config, a template's question and
/// answer formats fields 1 and 2 of its).
fn note_types_from_tables(session: &Session) -> Result<HashMap<i64, NoteType>, Error> {
    let damaged = |what: &str, id: i64| {
        session.fail(format!(
            "the {what} of note type {id} is damaged: not Anki's format"
        ))
    };
    let mut note_types = HashMap::new();
    for (id, name, config) in session.rows("SELECT id, name, config FROM notetypes", |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, Vec<u8>>(2)?,
        ))
    })? {
        let config = proto::fields(&config).ok_or_else(|| damaged("config", id))?;
        let note_type = NoteType {
            name,
            cloze: proto::number(&config, 1) == 1,
            fields: Vec::new(),
            templates: Vec::new(),
        };
        note_types.insert(id, note_type);
    }
    for (id, name) in session.rows("SELECT ntid, name FROM fields ORDER BY ntid, ord", |r| {
        Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
    })? {
        if let Some(t) = note_types.get_mut(&id) {
            t.fields.push(name);
        }
    }
    for (id, name, config) in session.rows(
        "SELECT ntid, name, config FROM templates ORDER BY ntid, ord",
        |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Vec<u8>>(2)?,
            ))
        },
    )? {
        let config = proto::fields(&config).ok_or_else(|| damaged("card template", id))?;
        if let Some(t) = note_types.get_mut(&id) {
            t.templates.push(Template {
                name,
                question: proto::string(&config, 1),
                answer: proto::string(&config, 2),
            });
        }
    }
    Ok(note_types)
}

/// Schema 15 and later: a deck's name is its path, components separated by U+001F.
fn decks_from_table(session: &Session) -> Result<HashMap<i64, Vec<String>>, Error> {
    Ok(session
        .rows("SELECT id, name FROM decks", |r| {
            let name: String = r.get(1)?;
            Ok((
                r.get(0)?,
                name.split('\u{1f}').map(str::to_string).collect(),
            ))
        })?
        .into_iter()
        .collect())
}
