//! A deck as an Anki package (`.apkg`) Anki imports: a zip of a collection in Anki's legacy schema 11
//! (`collection.anki2`, which every Anki since 2.1 reads) and an empty media list.
//!
//! The note types are Anki's stock ones, with the templates, fields and styling Anki itself creates
//! (rslib/src/notetype/stock.rs), so notes look in Anki as if typed there. Their ids are fixed, so a second
//! import finds the note types of the first; the notes' GUIDs come from the deck and card ids, so it
//! updates the notes rather than adding them again.

use std::io::Write as _;

use rusqlite::{Connection, params};
use serde_json::{Value, json};

use super::text::escape_html;
use super::to_notes::{self, Note, NoteType};
use crate::Error;
use crate::cleanup::TempFile;
use crate::deck::Deck;

/// Anki's schema 11 (rslib/src/storage/schema11.sql): the tables an Anki 2.1 collection file holds.
const SCHEMA: &str = "
CREATE TABLE col (id integer PRIMARY KEY, crt integer NOT NULL, mod integer NOT NULL, scm integer NOT NULL,
  ver integer NOT NULL, dty integer NOT NULL, usn integer NOT NULL, ls integer NOT NULL, conf text NOT NULL,
  models text NOT NULL, decks text NOT NULL, dconf text NOT NULL, tags text NOT NULL);
CREATE TABLE notes (id integer PRIMARY KEY, guid text NOT NULL, mid integer NOT NULL, mod integer NOT NULL,
  usn integer NOT NULL, tags text NOT NULL, flds text NOT NULL, sfld integer NOT NULL, csum integer NOT NULL,
  flags integer NOT NULL, data text NOT NULL);
CREATE TABLE cards (id integer PRIMARY KEY, nid integer NOT NULL, did integer NOT NULL, ord integer NOT NULL,
  mod integer NOT NULL, usn integer NOT NULL, type integer NOT NULL, queue integer NOT NULL,
  due integer NOT NULL, ivl integer NOT NULL, factor integer NOT NULL, reps integer NOT NULL,
  lapses integer NOT NULL, left integer NOT NULL, odue integer NOT NULL, odid integer NOT NULL,
  flags integer NOT NULL, data text NOT NULL);
CREATE TABLE revlog (id integer PRIMARY KEY, cid integer NOT NULL, usn integer NOT NULL, ease integer NOT NULL,
  ivl integer NOT NULL, lastIvl integer NOT NULL, factor integer NOT NULL, time integer NOT NULL,
  type integer NOT NULL);
CREATE TABLE graves (usn integer NOT NULL, oid integer NOT NULL, type integer NOT NULL);
CREATE INDEX ix_notes_usn ON notes (usn);
CREATE INDEX ix_cards_usn ON cards (usn);
CREATE INDEX ix_revlog_usn ON revlog (usn);
CREATE INDEX ix_cards_nid ON cards (nid);
CREATE INDEX ix_cards_sched ON cards (did, queue, due);
CREATE INDEX ix_revlog_cid ON revlog (cid);
CREATE INDEX ix_notes_csum ON notes (csum);
";

/// The styling Anki gives its stock note types, and the cloze highlight it adds for Cloze.
const CSS: &str = ".card {\n    font-family: arial;\n    font-size: 20px;\n    line-height: 1.5;\n    text-align: center;\n    color: black;\n    background-color: white;\n}\n";
const CLOZE_CSS: &str = ".cloze {\n    font-weight: bold;\n    color: blue;\n}\n.nightMode .cloze {\n    color: lightblue;\n}\n";
const LATEX_PRE: &str = "\\documentclass[12pt]{article}\n\\special{papersize=3in,5in}\n\\usepackage[utf8]{inputenc}\n\\usepackage{amssymb,amsmath}\n\\pagestyle{empty}\n\\setlength{\\parindent}{0in}\n\\begin{document}\n";

/// The field separator inside a note's `flds`.
const FIELD_SEPARATOR: char = '\u{1f}';

impl NoteType {
    /// A fixed id, the same in every package kartka writes.
    fn id(self) -> i64 {
        1_342_697_561_000
            + match self {
                NoteType::Basic => 1,
                NoteType::Reversed => 2,
                NoteType::TypeIn => 3,
                NoteType::Cloze => 4,
            }
    }

    /// Anki's OriginalStockKind, which tells Anki which stock type this one began as.
    fn stock_kind(self) -> i64 {
        match self {
            NoteType::Basic => 1,
            NoteType::Reversed => 2,
            NoteType::TypeIn => 4,
            NoteType::Cloze => 5,
        }
    }

    /// The note type as `col.models` holds it.
    fn model(self, deck_id: i64, now_secs: i64) -> Value {
        let cloze = self == NoteType::Cloze;
        let templates: Vec<Value> = self
            .templates()
            .into_iter()
            .enumerate()
            .map(|(ord, (name, qfmt, afmt))| {
                json!({"name": name, "ord": ord, "qfmt": qfmt, "afmt": afmt, "bqfmt": "", "bafmt": "",
                       "did": null, "bfont": "", "bsize": 0})
            })
            .collect();
        let fields: Vec<Value> = self
            .fields()
            .into_iter()
            .enumerate()
            .map(|(ord, name)| {
                json!({"name": name, "ord": ord, "sticky": false, "rtl": false, "font": "Arial", "size": 20,
                       "description": "", "plainText": false, "collapsed": false, "excludeFromSearch": false,
                       // Cloze marks its fields as Text and Back Extra, and keeps Text from deletion.
                       "tag": if cloze { json!(ord) } else { Value::Null },
                       "preventDeletion": cloze && ord == 0})
            })
            .collect();
        // Which fields each card needs to be made (Anki works this out again when it imports).
        let req = match self {
            NoteType::Reversed => json!([[0, "any", [0]], [1, "any", [1]]]),
            NoteType::TypeIn => json!([[0, "any", [0, 1]]]),
            _ => json!([[0, "any", [0]]]),
        };
        json!({
            "id": self.id(), "name": self.name(), "type": i64::from(cloze), "mod": now_secs, "usn": -1,
            "sortf": 0, "did": deck_id, "tmpls": templates, "flds": fields,
            "css": if cloze { format!("{CSS}{CLOZE_CSS}") } else { CSS.to_string() },
            "latexPre": LATEX_PRE, "latexPost": "\\end{document}", "latexsvg": false, "req": req,
            "originalStockKind": self.stock_kind(), "tags": [], "vers": []
        })
    }

    /// The card templates a note of this type fills: for Cloze, one per deletion number.
    fn card_ords(self, note: &Note) -> Vec<i64> {
        match self {
            NoteType::Reversed => vec![0, 1],
            NoteType::Cloze => {
                let mut numbers: Vec<i64> = crate::deck::cloze::parse(&note.fields[0])
                    .map(|ds| ds.iter().map(|d| i64::from(d.number) - 1).collect())
                    .unwrap_or_default();
                numbers.sort_unstable();
                numbers.dedup();
                numbers
            }
            _ => vec![0],
        }
    }
}

/// What Anki sorts and checks duplicates by: the first field without its HTML. A field kartka writes is
/// escaped text, so that is the text without its line breaks (the `<br>` tags they became).
fn sort_field(field: &str) -> String {
    field.replace('\n', "")
}

/// Anki's field checksum: the first four bytes of the SHA-1 of the sort field.
fn checksum(field: &str) -> i64 {
    let digest = sha1_smol::Sha1::from(sort_field(field)).digest().bytes();
    i64::from(u32::from_be_bytes([
        digest[0], digest[1], digest[2], digest[3],
    ]))
}

/// A deck id for the deck: Anki matches decks by name on import, so it only needs to differ from the
/// Default deck's 1.
const DECK_ID: i64 = 1_342_697_562_000;

fn collection(conn: &Connection, deck: &Deck, notes: &[Note], now_ms: i64) -> rusqlite::Result<()> {
    let now = now_ms / 1000;
    conn.execute_batch(SCHEMA)?;
    let models: serde_json::Map<String, Value> = NoteType::ALL
        .into_iter()
        .map(|t| (t.id().to_string(), t.model(DECK_ID, now)))
        .collect();
    let deck_json = |id: i64, name: &str, desc: &str| {
        json!({"id": id, "mod": now, "name": name, "usn": -1, "lrnToday": [0, 0], "revToday": [0, 0],
               "newToday": [0, 0], "timeToday": [0, 0], "collapsed": false, "browserCollapsed": false,
               "desc": desc, "dyn": 0, "conf": 1, "extendNew": 0, "extendRev": 0})
    };
    let decks = json!({
        "1": deck_json(1, "Default", ""),
        DECK_ID.to_string(): deck_json(DECK_ID, &deck.id, deck.description.as_deref().unwrap_or("")),
    });
    let dconf = json!({"1": {
        "id": 1, "mod": 0, "name": "Default", "usn": 0, "maxTaken": 60, "autoplay": true, "timer": 0,
        "replayq": true, "dyn": false,
        "new": {"bury": false, "delays": [1.0, 10.0], "initialFactor": 2500, "ints": [1, 4, 0], "order": 1, "perDay": 20},
        "rev": {"bury": false, "ease4": 1.3, "ivlFct": 1.0, "maxIvl": 36500, "perDay": 200, "hardFactor": 1.2},
        "lapse": {"delays": [10.0], "leechAction": 1, "leechFails": 8, "minInt": 1, "mult": 0.0}
    }});
    let conf = json!({"activeDecks": [1], "curDeck": 1, "newSpread": 0, "collapseTime": 1200, "timeLim": 0,
                      "estTimes": true, "dueCounts": true, "curModel": NoteType::Basic.id(),
                      "nextPos": notes.len() + 1, "sortType": "noteFld", "sortBackwards": false,
                      "addToCur": true});
    conn.execute(
        "INSERT INTO col VALUES (1, ?1, ?2, ?2, 11, 0, 0, 0, ?3, ?4, ?5, ?6, '{}')",
        params![
            now - now % 86_400,
            now_ms,
            conf.to_string(),
            Value::Object(models).to_string(),
            decks.to_string(),
            dconf.to_string()
        ],
    )?;
    let mut card_id = now_ms;
    for (i, note) in notes.iter().enumerate() {
        // Anki's ids are times in milliseconds; counting on from now keeps them unique.
        let note_id = now_ms + i as i64;
        let fields: Vec<String> = note.fields.iter().map(|f| escape_html(f)).collect();
        let tags = if note.tags.is_empty() {
            String::new()
        } else {
            format!(" {} ", note.tags.join(" "))
        };
        conn.execute(
            "INSERT INTO notes VALUES (?1, ?2, ?3, ?4, -1, ?5, ?6, ?7, ?8, 0, '')",
            params![
                note_id,
                note.guid,
                note.notetype.id(),
                now,
                tags,
                fields.join(&FIELD_SEPARATOR.to_string()),
                sort_field(&note.fields[0]),
                checksum(&note.fields[0])
            ],
        )?;
        for ord in note.notetype.card_ords(note) {
            conn.execute(
                "INSERT INTO cards VALUES (?1, ?2, ?3, ?4, ?5, -1, 0, 0, ?6, 0, 0, 0, 0, 0, 0, 0, 0, '')",
                params![card_id, note_id, DECK_ID, ord, now, i as i64 + 1],
            )?;
            card_id += 1;
        }
    }
    Ok(())
}

/// The deck as an `.apkg`, and what its notes leave out or change. `now_ms` stamps the notes and cards.
pub fn export(deck: &Deck, now_ms: i64) -> Result<(Vec<u8>, Vec<String>), Error> {
    let fail = |message: String| Error::Package {
        deck: deck.id.clone(),
        message,
    };
    let (notes, warnings) = to_notes::notes(deck);
    let (temp, file) =
        TempFile::create("apkg").map_err(|e| fail(format!("no temporary file: {e}")))?;
    drop(file);
    let conn = Connection::open(temp.path()).map_err(|e| fail(e.to_string()))?;
    // No journal beside the temporary file: nothing but it to clean up, whatever ends kartka.
    conn.pragma_update(None, "journal_mode", "OFF")
        .and_then(|()| collection(&conn, deck, &notes, now_ms))
        .map_err(|e| fail(e.to_string()))?;
    conn.close().map_err(|(_, e)| fail(e.to_string()))?;
    let sqlite = std::fs::read(temp.path()).map_err(|e| fail(e.to_string()))?;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let zipped = (|| -> zip::result::ZipResult<Vec<u8>> {
        zip.start_file("collection.anki2", options)?;
        zip.write_all(&sqlite)?;
        // Which numbered file is which media file: none.
        zip.start_file("media", options)?;
        zip.write_all(b"{}")?;
        Ok(zip.finish()?.into_inner())
    })()
    .map_err(|e| fail(e.to_string()))?;
    Ok((zipped, warnings))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::parse;

    #[test]
    fn the_checksum_is_ankis() {
        // Anki's field_checksum("ok") (rslib/src/notes/mod.rs), the SHA-1 of "ok" starting 7a85f476.
        assert_eq!(checksum("ok"), 0x7a85_f476);
    }

    #[test]
    fn a_package_holds_the_collection_and_its_media_list() {
        let deck = parse(
            "[deck]\nid = \"it\"\ntitle = \"IT\"\n[[cards]]\nid = \"c\"\nkind = \"cloze\"\ntext = \"{{c1::Minsk}} and {{c2::Grodno}}, {{c1::Minsk}}\"\n",
        )
        .deck
        .unwrap();
        let (bytes, _) = export(&deck, 1_700_000_000_000).unwrap();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut names: Vec<String> = zip.file_names().map(|n| n.unwrap().into_owned()).collect();
        names.sort_unstable();
        assert_eq!(names, ["collection.anki2", "media"]);
        let mut media = String::new();
        std::io::Read::read_to_string(&mut zip.by_name("media").unwrap(), &mut media).unwrap();
        assert_eq!(media, "{}");
    }
}
