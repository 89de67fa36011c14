//! Anki: packages (`.apkg`) in, the text format Anki imports (TSV with `#` headers) out.
//!
//! An `.apkg` is a zip holding the SQLite collection. Basic, reversed, type-in and Cloze notes become
//! flash, reversed flash, text and cloze cards; HTML becomes text; media are left out with a warning. Card
//! ids come from the notes' GUIDs, so importing the same package again updates the same cards.

use std::collections::HashMap;
use std::io::Read;

use serde::Deserialize;

use super::draft::{Draft, DraftCard, Imported, text, texts};
use super::html;
use crate::Error;
use crate::deck::{Body, Deck};
use crate::grade;
use crate::report::render::csv_cell;

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

/// The collection inside a package, written to a temporary file for SQLite to open.
struct Collection(std::path::PathBuf);

impl Drop for Collection {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

fn collection(bytes: &[u8], fail: &dyn Fn(String) -> Error) -> Result<Collection, Error> {
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
    let mut data = Vec::new();
    zip.by_name(name)
        .map_err(|e| fail(e.to_string()))?
        .take(512 * 1024 * 1024)
        .read_to_end(&mut data)
        .map_err(|e| fail(e.to_string()))?;
    let path = std::env::temp_dir().join(format!(
        "kartka-import-{}-{}.anki2",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos())
    ));
    std::fs::write(&path, data).map_err(|e| fail(format!("cannot unpack the collection: {e}")))?;
    Ok(Collection(path))
}

pub fn import(bytes: &[u8], origin: &str, id: &str, title: &str) -> Result<Imported, Error> {
    let fail = |message: String| Error::Import {
        origin: origin.to_string(),
        line: None,
        message,
    };
    let file = collection(bytes, &fail)?;
    let conn =
        rusqlite::Connection::open_with_flags(&file.0, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .map_err(|e| fail(e.to_string()))?;
    let models_json: String = conn
        .query_row("SELECT models FROM col", [], |r| r.get(0))
        .map_err(|e| fail(format!("not an Anki collection: {e}")))?;
    let models: HashMap<String, Model> = serde_json::from_str(&models_json)
        .map_err(|e| fail(format!("cannot read the note types: {e}")))?;
    let mut stmt = conn
        .prepare("SELECT guid, mid, flds, tags FROM notes ORDER BY id")
        .map_err(|e| fail(e.to_string()))?;
    let notes: Vec<(String, i64, String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .and_then(Iterator::collect)
        .map_err(|e| fail(e.to_string()))?;
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

/// The deck in the text format Anki imports: tab-separated, with `#` headers naming the separator, the
/// note type column, the deck and the tags column.
pub fn export_tsv(deck: &Deck) -> (String, Vec<String>) {
    let mut warnings = Vec::new();
    let mut w = csv::WriterBuilder::new()
        .delimiter(b'\t')
        .has_headers(false)
        .from_writer(Vec::new());
    let mut basic = 0;
    for card in &deck.cards {
        let tags = card.tags.join(" ");
        let explain = card
            .explain
            .as_deref()
            .map(|e| format!("\n\n{e}"))
            .unwrap_or_default();
        let (notetype, front, back) = match &card.body {
            Body::Flash {
                front,
                back,
                reverse,
            } => (
                if *reverse {
                    "Basic (and reversed card)"
                } else {
                    "Basic"
                },
                front.clone(),
                format!("{back}{explain}"),
            ),
            Body::Text { answer, .. } => (
                "Basic (type in the answer)",
                card.prompt.clone().unwrap_or_default(),
                answer.clone(),
            ),
            Body::Cloze { text, .. } => (
                "Cloze",
                text.clone(),
                card.explain.clone().unwrap_or_default(),
            ),
            _ => {
                basic += 1;
                let item = card.items().into_iter().next().expect("a card has an item");
                let question =
                    crate::question::Question::of(&item, &grade::Layout::identity(&item));
                let mut front = question.text.clone();
                for c in &question.choices {
                    front.push('\n');
                    front.push_str(c);
                }
                (
                    "Basic",
                    front,
                    format!("{}{explain}", grade::expected(&item)),
                )
            }
        };
        let _ = w.write_record([
            notetype.to_string(),
            csv_cell(&front.replace('\n', "<br>")),
            csv_cell(&back.replace('\n', "<br>")),
            tags,
        ]);
    }
    if basic > 0 {
        warnings.push(format!(
            "{basic} choice, multi, true/false, number, order and match cards become Basic notes: Anki has no such kinds"
        ));
    }
    let rows = String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default();
    let header = format!(
        "#separator:tab\n#html:true\n#notetype column:1\n#deck:{}\n#tags column:4\n",
        deck.title.replace('\n', " ")
    );
    (header + &rows, warnings)
}
