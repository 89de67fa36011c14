//! Anki packages read into the neutral question model. The packages are made by Anki's own backend
//! (tests/fixtures/anki/make_packages.py, Anki 26.9.3) from one collection, in each format Anki writes:
//! `legacy.apkg` and `legacy.colpkg` (collection.anki21, schema 11), `current.apkg` and `current.colpkg`
//! (collection.anki21b, zstd, schema 18, beside a "please update" stub collection.anki2); `belarus-it.apkg`
//! is genanki's (collection.anki2 alone, no `meta`).

use std::io::Write;

use kartka::interop::anki;
use kartka::interop::question::{Answer, Bank, ClozePart, Gap, Kind, Question};

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/tests/fixtures/anki/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

fn current() -> Bank {
    anki::read(&fixture("current.apkg")).unwrap()
}

fn by_guid<'a>(bank: &'a Bank, guid: &str) -> &'a Question {
    bank.questions
        .iter()
        .find(|q| q.guid.as_deref() == Some(guid))
        .unwrap_or_else(|| panic!("no question from note {guid}"))
}

fn flash(front: &str, back: &str, reverse: bool) -> Kind {
    Kind::Flash {
        front: front.into(),
        back: back.into(),
        reverse,
    }
}

fn messages(bank: &Bank) -> Vec<&str> {
    bank.warnings.iter().map(|w| w.message.as_str()).collect()
}

#[test]
fn every_format_anki_writes_gives_the_same_bank() {
    let current = current();
    assert_eq!(current.questions.len(), 10);
    for name in ["legacy.apkg", "current.colpkg", "legacy.colpkg"] {
        assert_eq!(anki::read(&fixture(name)).unwrap(), current, "{name}");
    }
}

/// The current package also holds a collection.anki2 whose one note says "Please update to the latest
/// Anki version": reading it would give that note and none of the real ones.
#[test]
fn the_please_update_stub_is_never_read() {
    let bank = current();
    assert!(
        bank.questions
            .iter()
            .all(|q| !q.text.contains("Please update")),
        "{bank:#?}"
    );
    assert_eq!(
        by_guid(&bank, "basic-plain").text,
        "Which city hosts the Hi-Tech Park?"
    );
}

#[test]
fn a_basic_note_is_a_flash_question_with_its_tags_and_guid() {
    let bank = current();
    let mut expected = Question::new(
        None,
        "Which city hosts the Hi-Tech Park?",
        flash("Which city hosts the Hi-Tech Park?", "Minsk", false),
    );
    expected.guid = Some("basic-plain".into());
    expected.tags = vec!["geography".into(), "htp".into(), "belarus-it".into()];
    assert_eq!(by_guid(&bank, "basic-plain"), &expected);
}

#[test]
fn mirrored_templates_make_a_reversed_question() {
    let bank = current();
    let q = by_guid(&bank, "reversed");
    assert_eq!(
        q.kind,
        flash(
            "Hi-Tech Park",
            "a special legal regime for IT companies in Belarus",
            true
        )
    );
    assert_eq!(q.notes, Vec::<String>::new());
}

/// "Basic (optional reversed card)": Anki makes the reverse card only when "Add Reverse", the field its
/// second template tests with `{{#Add Reverse}}`, is filled.
#[test]
fn an_optional_reverse_only_when_its_field_is_filled() {
    let bank = current();
    assert_eq!(
        by_guid(&bank, "optional-filled").kind,
        flash(
            "Viber",
            "a messenger with a development office in Minsk",
            true
        )
    );
    assert_eq!(
        by_guid(&bank, "optional-empty").kind,
        flash(
            "EPAM Systems",
            "a software company founded in Minsk in 1993",
            false
        )
    );
    // The field only switches the reverse on: nothing of it is lost.
    assert_eq!(
        by_guid(&bank, "optional-filled").notes,
        Vec::<String>::new()
    );
}

#[test]
fn a_type_in_note_is_a_typed_answer_compared_as_anki_does() {
    let bank = current();
    let q = by_guid(&bank, "typed");
    assert_eq!(q.text, "In which year was the Hi-Tech Park founded?");
    assert_eq!(
        q.kind,
        Kind::Short {
            answers: vec![Answer::new("2005", 1.0)],
            case_sensitive: true,
        }
    );
}

#[test]
fn a_cloze_note_gives_its_deletions_hints_and_back_extra() {
    let bank = current();
    let q = by_guid(&bank, "cloze");
    let gap = |number, answer: &str, hint: Option<&str>| {
        ClozePart::Gap(Gap {
            number,
            answers: vec![Answer::new(answer, 1.0)],
            choice: false,
            hint: hint.map(str::to_string),
        })
    };
    let text = |s: &str| ClozePart::Text(s.to_string());
    assert_eq!(
        q.kind,
        Kind::Cloze {
            parts: vec![
                text("The Hi-Tech Park was founded in "),
                gap(1, "2005", Some("year")),
                text(" by "),
                gap(2, "Decree No. 12", None),
                text("; its residents pay "),
                gap(1, "no profit tax", None),
                text("."),
            ]
        }
    );
    assert_eq!(
        q.text,
        "The Hi-Tech Park was founded in [year] by [...]; its residents pay [...]."
    );
    assert_eq!(
        q.general_feedback.as_deref(),
        Some("The regime was extended to 2049.")
    );
}

#[test]
fn subdecks_become_a_tag_per_component_after_the_notes_tags() {
    let bank = current();
    assert_eq!(
        by_guid(&bank, "cloze").tags,
        ["law", "belarus-it", "companies", "history"]
    );
    assert_eq!(
        by_guid(&bank, "optional-empty").tags,
        ["belarus-it", "companies"]
    );
}

/// The note type is read by its template, not its name: "Definition first" asks `{{Definition}}` and
/// answers `{{Term}}`, though Term is its first field.
#[test]
fn a_custom_note_type_is_asked_the_way_its_template_asks() {
    let bank = current();
    let q = by_guid(&bank, "definition-first");
    assert_eq!(
        q.kind,
        flash(
            "work done for a foreign client under contract",
            "outsourcing",
            false
        )
    );
    assert_eq!(q.notes, Vec::<String>::new());
}

#[test]
fn a_note_type_showing_several_fields_says_so_and_names_the_field_it_leaves_out() {
    let bank = current();
    let q = by_guid(&bank, "vocabulary");
    assert_eq!(q.kind, flash("рэзідэнт", "resident\nрэзідэнт ПВТ", false));
    assert_eq!(
        q.notes,
        [
            "its answer side shows fields Meaning, Example, one a line",
            "field “Notes” is on no card: left out",
        ]
    );
}

#[test]
fn html_becomes_text() {
    let bank = current();
    assert_eq!(
        by_guid(&bank, "html").kind,
        flash(
            "Wargaming & Gaijin: which game studio started in Minsk?",
            "Wargaming\nin 1998",
            false
        )
    );
}

#[test]
fn media_beside_text_is_a_note_on_the_question() {
    let bank = current();
    let q = by_guid(&bank, "with-sound");
    assert_eq!(
        q.kind,
        flash(
            "How is “Hi-Tech Park” said in Belarusian?",
            "Парк высокіх тэхналогій",
            false
        )
    );
    assert_eq!(q.notes, ["media “pvt.mp3” left out"]);
}

/// Notes that cannot be questions are skipped, each named, and the rest of the package is read.
#[test]
fn notes_that_cannot_be_questions_are_warnings_naming_them() {
    let bank = current();
    let warnings = messages(&bank);
    assert_eq!(warnings.len(), 4, "{warnings:#?}");
    assert!(warnings.iter().all(|w| w.starts_with("note ")));
    assert!(bank.warnings.iter().all(|w| w.line.is_none()));
    assert!(
        warnings[0].ends_with(
            " (no text in its first field): its question side is only media (office.png), which kartka cannot show; skipped"
        ),
        "{}",
        warnings[0]
    );
    assert!(
        warnings[1].ends_with(" (no text in its first field): its question side is empty; skipped"),
        "{}",
        warnings[1]
    );
    assert_eq!(
        warnings[2],
        "note “A question nobody answered”: its answer side is empty; skipped"
    );
    // Named by its id: its first field is mask coordinates.
    let occlusion = warnings[3]
        .strip_prefix("note ")
        .and_then(|w| w.strip_suffix(": an Image Occlusion note: its masks hide parts of an image, which kartka cannot show; skipped"));
    assert!(
        occlusion.is_some_and(|id| id.parse::<i64>().is_ok()),
        "{}",
        warnings[3]
    );
}

#[test]
fn a_package_without_meta_holding_collection_anki2_alone_is_read() {
    let bank = anki::read(&fixture("belarus-it.apkg")).unwrap();
    let guids: Vec<&str> = bank
        .questions
        .iter()
        .filter_map(|q| q.guid.as_deref())
        .collect();
    assert_eq!(
        guids,
        [
            "basic-htp",
            "reversed+founder",
            "type-in/dainova",
            "cloze-decree",
            "basic-minsk"
        ]
    );
    assert_eq!(
        by_guid(&bank, "reversed+founder").kind,
        flash("Founder of the Hi-Tech Park", "Valery Tsepkalo", true)
    );
    assert_eq!(
        anki::id_from_guid("reversed+founder"),
        "anki-reversed_2bfounder"
    );
}

/// A zip with `meta` and the files given.
fn package(files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in files {
        zip.start_file(*name, zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

fn error(bytes: &[u8]) -> String {
    anki::read(bytes).unwrap_err().to_string()
}

#[test]
fn files_that_are_no_package_are_errors_saying_why() {
    assert!(
        error(b"PK not really")
            .starts_with("cannot import the Anki package: not an Anki package (a zip file)"),
        "{}",
        error(b"PK not really")
    );
    assert_eq!(
        error(&package(&[
            ("meta", b"\x08\x03"),
            ("collection.anki2", b"stub")
        ])),
        "cannot import the Anki package: the package holds no Anki collection"
    );
    assert_eq!(
        error(&package(&[
            ("meta", b"\x08\x07"),
            ("collection.anki21b", b"")
        ])),
        "cannot import the Anki package: the package declares version 7, which kartka does not read: made by a newer Anki, or damaged"
    );
    assert_eq!(
        error(&package(&[
            ("meta", b"\x0a\x09"),
            ("collection.anki21b", b"")
        ])),
        "cannot import the Anki package: the package's `meta` is damaged: not a package version"
    );
    assert!(
        error(&package(&[
            ("meta", b"\x08\x03"),
            ("collection.anki21b", b"not zstd")
        ]))
        .starts_with("cannot import the Anki package: cannot unpack the collection: "),
    );
}

/// A schema 11 collection: `col` with its JSON, `notes` and `cards` as given.
fn collection(models: &str, decks: &str, notes: &str) -> Vec<u8> {
    let dir = tempfile::TempDir::new().unwrap();
    let path = dir.path().join("c");
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(
        "CREATE TABLE col (ver INTEGER, models TEXT, decks TEXT);
         CREATE TABLE cards (id INTEGER PRIMARY KEY, nid INTEGER, did INTEGER, odid INTEGER, ord INTEGER);",
    )
    .unwrap();
    conn.execute_batch(notes).unwrap();
    conn.execute("INSERT INTO col VALUES (11, ?1, ?2)", [models, decks])
        .unwrap();
    drop(conn);
    package(&[("collection.anki2", &std::fs::read(&path).unwrap())])
}

const BASIC: &str = r#"{"7": {"name": "Basic", "type": 0, "flds": [{"name": "Front", "ord": 0}, {"name": "Back", "ord": 1}],
    "tmpls": [{"name": "Card 1", "ord": 0, "qfmt": "{{Front}}", "afmt": "{{FrontSide}}<hr id=answer>{{Back}}"}]}}"#;

#[test]
fn a_note_of_a_missing_note_type_is_skipped_and_the_rest_read() {
    let bytes = collection(
        BASIC,
        r#"{"1": {"name": "Default"}, "5": {"name": "ПВТ::Рэзідэнты"}}"#,
        "CREATE TABLE notes (id INTEGER PRIMARY KEY, guid TEXT, mid INTEGER, flds TEXT, tags TEXT);
         INSERT INTO notes VALUES (1, 'lost', 99, '<b>Orphan</b> in {{c1::Minsk::city}}' || char(31) || 'x', '');
         INSERT INTO notes VALUES (2, 'kept', 7, 'EPAM' || char(31) || 'Minsk', '');
         INSERT INTO notes VALUES (3, 'default', 7, 'Viber' || char(31) || 'Minsk', '');
         INSERT INTO cards VALUES (1, 2, 5, 0, 0), (2, 3, 1, 0, 0);",
    );
    let bank = anki::read(&bytes).unwrap();
    assert_eq!(
        messages(&bank),
        ["note “Orphan in Minsk”: its note type is missing from the package; skipped"]
    );
    // Deck names in any script become tags; Anki's "Default" deck is no subject.
    assert_eq!(by_guid(&bank, "kept").tags, ["пвт", "рэзідэнты"]);
    assert_eq!(by_guid(&bank, "default").tags, Vec::<String>::new());
}

#[test]
fn a_view_in_place_of_the_notes_table_is_refused() {
    let bytes = collection(
        BASIC,
        "{}",
        "CREATE VIEW notes AS WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r)
            SELECT x AS id, 'g' || x AS guid, 7 AS mid, 'a' || char(31) || 'b' AS flds, '' AS tags FROM r;",
    );
    assert_eq!(
        error(&bytes),
        "cannot import the Anki package: not an Anki collection: its `notes` is a view, not a table"
    );
}

/// A note type of three templates: the second mirrors the first only when "Reverse" is filled, the
/// third asks something else; and a type-in note type whose answer field is empty.
const THREE: &str = r#"{
  "8": {"name": "Company", "type": 0,
        "flds": [{"name": "Name", "ord": 0}, {"name": "City", "ord": 1}, {"name": "Reverse", "ord": 2},
                 {"name": "Year", "ord": 3}],
        "tmpls": [{"name": "Where", "ord": 0, "qfmt": "{{Name}}", "afmt": "{{FrontSide}}<hr id=answer>{{ City }}"},
                  {"name": "Which", "ord": 1, "qfmt": "{{#Reverse}}{{text:City}}{{/Reverse}}", "afmt": "{{Name}}"},
                  {"name": "When", "ord": 2, "qfmt": "{{Name}}", "afmt": "{{Year}}"}]},
  "9": {"name": "Typed", "type": 0, "flds": [{"name": "Q", "ord": 0}, {"name": "A", "ord": 1}],
        "tmpls": [{"name": "Card 1", "ord": 0, "qfmt": "{{Q}} {{type:A}}", "afmt": "{{Q}}<hr id=answer>{{type:A}}"}]}
}"#;

#[test]
fn templates_beyond_one_way_and_back_are_said_and_a_conditional_reverse_follows_its_field() {
    let bytes = collection(
        THREE,
        "{}",
        "CREATE TABLE notes (id INTEGER PRIMARY KEY, guid TEXT, mid INTEGER, flds TEXT, tags TEXT);
         INSERT INTO notes VALUES (1, 'both', 8, 'Viber' || char(31) || 'Minsk' || char(31) || 'y' || char(31) || '2010', '');
         INSERT INTO notes VALUES (2, 'one', 8, 'EPAM' || char(31) || 'Minsk' || char(31) || '<br>' || char(31) || '', '');
         INSERT INTO notes VALUES (3, 'typed', 9, 'Founded?' || char(31) || ' <div></div>', '');",
    );
    let bank = anki::read(&bytes).unwrap();
    let third = "card type “When” of “Company” left out: kartka asks a note one way, or both ways";
    let both = by_guid(&bank, "both");
    assert_eq!(both.kind, flash("Viber", "Minsk", true));
    assert_eq!(both.notes, [third]);
    let one = by_guid(&bank, "one");
    assert_eq!(one.kind, flash("EPAM", "Minsk", false));
    assert_eq!(one.notes, [third]);
    assert_eq!(
        messages(&bank),
        ["note “Founded?”: its typed answer “A” is empty; skipped"]
    );
}

/// A schema 18 collection (as Anki keeps it in a profile folder) zipped as collection.anki2, with its note
/// types made by `types`: kartka goes by the collection's schema version, not by the file's name.
fn collection18(types: &str) -> Vec<u8> {
    let dir = tempfile::TempDir::new().unwrap();
    let path = dir.path().join("c");
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(
        "CREATE TABLE col (ver INTEGER, models TEXT, decks TEXT);
         INSERT INTO col VALUES (18, '', '');
         CREATE TABLE notes (id INTEGER PRIMARY KEY, guid TEXT, mid INTEGER, flds TEXT, tags TEXT);
         INSERT INTO notes VALUES (1, 'n1', 3, 'Minsk' || char(31) || 'capital', '');
         CREATE TABLE cards (id INTEGER PRIMARY KEY, nid INTEGER, did INTEGER, odid INTEGER, ord INTEGER);
         INSERT INTO cards VALUES (1, 1, 4, 0, 0);
         CREATE TABLE fields (ntid INTEGER, ord INTEGER, name TEXT, config BLOB);
         INSERT INTO fields VALUES (3, 0, 'Front', x''), (3, 1, 'Back', x'');
         CREATE TABLE decks (id INTEGER, name TEXT, common BLOB, kind BLOB);
         INSERT INTO decks VALUES (4, 'Belarus IT' || char(31) || 'Cities', x'', x'');",
    )
    .unwrap();
    conn.execute_batch(types).unwrap();
    drop(conn);
    package(&[("collection.anki2", &std::fs::read(&path).unwrap())])
}

const TYPES18: &str = "CREATE TABLE notetypes (id INTEGER, name TEXT, config BLOB);
    INSERT INTO notetypes VALUES (3, 'Basic', x'');
    CREATE TABLE templates (ntid INTEGER, ord INTEGER, name TEXT, config BLOB);";

#[test]
fn a_current_schema_collection_is_read_by_its_version_whatever_its_file_name() {
    // Template config: q_format "{{Front}}", a_format "{{Back}}".
    let template = "INSERT INTO templates VALUES (3, 0, 'Card 1', x'0a097b7b46726f6e747d7d12087b7b4261636b7d7d');";
    let bank = anki::read(&collection18(&format!("{TYPES18}{template}"))).unwrap();
    let mut expected = Question::new(None, "Minsk", flash("Minsk", "capital", false));
    expected.guid = Some("n1".into());
    expected.tags = vec!["belarus-it".into(), "cities".into()];
    assert_eq!(bank.questions, [expected]);
}

#[test]
fn a_damaged_template_config_is_an_error_naming_its_note_type() {
    let template = "INSERT INTO templates VALUES (3, 0, 'Card 1', x'0a7f7b7b');";
    assert_eq!(
        error(&collection18(&format!("{TYPES18}{template}"))),
        "cannot import the Anki package: the card template of note type 3 is damaged: not Anki's format"
    );
    let view = "CREATE VIEW notetypes AS SELECT 3 AS id, 'Basic' AS name, x'' AS config;
        CREATE TABLE templates (ntid INTEGER, ord INTEGER, name TEXT, config BLOB);";
    assert_eq!(
        error(&collection18(view)),
        "cannot import the Anki package: not an Anki collection: its `notetypes` is a view, not a table"
    );
}

/// `--with-history`: the package's answers land in the progress store under the new deck, and importing
/// them again is refused whole rather than doubling the log.
#[test]
fn with_history_brings_the_answers_into_the_progress_store_once() {
    let home = tempfile::TempDir::new().unwrap();
    let out = home.path().join("anki.toml");
    let import = || {
        assert_cmd::Command::cargo_bin("kartka")
            .unwrap()
            .env("KARTKA_HOME", home.path())
            .args(["import", "--with-history", "--id", "anki", "--out"])
            .arg(&out)
            .arg("--force")
            .arg(format!(
                "{}/tests/fixtures/anki/current.colpkg",
                env!("CARGO_MANIFEST_DIR")
            ))
            .assert()
    };
    import().success().stdout(predicates::str::contains(
        "Brought in the history of 1 card: 1 answer, the last on ",
    ));
    let store = rusqlite::Connection::open(home.path().join("progress.sqlite3")).unwrap();
    let logged: Vec<(String, i64)> = store
        .prepare("SELECT item, rating FROM reviews WHERE deck = 'anki'")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let [(item, 3)] = logged.as_slice() else {
        panic!("{logged:?}")
    };
    let state: i64 = store
        .query_row(
            "SELECT state FROM cards WHERE deck = 'anki' AND item = ?1",
            [item],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(state, 1, "one Good on a new card: learning");
    import().code(1).stderr(predicates::str::contains(
        "anki already has progress for 1 of these cards",
    ));
    let count: i64 = store
        .query_row("SELECT COUNT(*) FROM reviews", [], |r| r.get(0))
        .unwrap();
    assert_eq!(count, 1, "nothing written the second time");
}

/// What Anki itself holds for the cards of `history.colpkg` and `history.apkg` (made together by
/// tests/fixtures/anki/make_history.py): each card's log entries and due date, and the moment it was read.
fn anki_history() -> serde_json::Value {
    serde_json::from_slice(&fixture("history.json")).unwrap()
}

/// The kartka item an Anki card became: the card from its note's GUID, the side or deletion from its ord.
fn item_of(guid: &str, ord: u64, cloze: bool) -> String {
    let card = anki::id_from_guid(guid);
    match (cloze, ord) {
        (true, n) => format!("{card}#c{}", n + 1),
        (false, 0) => card,
        (false, 1) => format!("{card}#reverse"),
        _ => panic!("no kartka item for {guid} ord {ord}"),
    }
}

/// A card's answers in Anki's log: learning, review, relearning and filtered, with a button.
fn answers_in_anki(card: &serde_json::Value) -> Vec<&serde_json::Value> {
    card["revlog"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["type"].as_i64() <= Some(3) && e["ease"].as_i64() >= Some(1))
        .collect()
}

/// The answers kartka brings: those after the card was last reset to new ("Forget": manual, no ease, no
/// factor), which is what Anki's FSRS reads, less previews (filtered, no factor), which change nothing.
fn kept(card: &serde_json::Value) -> Vec<&serde_json::Value> {
    let log = card["revlog"].as_array().unwrap();
    let from = log
        .iter()
        .rposition(|e| e["type"] == 4 && e["ease"] == 0 && e["factor"] == 0)
        .map_or(0, |i| i + 1);
    log[from..]
        .iter()
        .filter(|e| e["type"].as_i64() <= Some(3) && e["ease"].as_i64() >= Some(1))
        .filter(|e| !(e["type"] == 3 && e["factor"] == 0))
        .collect()
}

fn millis(rfc3339: &str) -> i64 {
    chrono::DateTime::parse_from_rfc3339(rfc3339)
        .unwrap()
        .timestamp_millis()
}

/// Imports `package` with its history into a fresh home at the moment Anki's cards were read, checks the
/// progress store against what Anki holds, and returns the home for more.
fn import_history_and_compare(package: &str) -> tempfile::TempDir {
    let anki = anki_history();
    let now = anki["now"].as_str().unwrap();
    let home = tempfile::TempDir::new().unwrap();
    std::fs::create_dir(home.path().join("decks")).unwrap();
    let cards = anki["cards"].as_array().unwrap();
    let logged_in_anki: usize = cards.iter().map(|c| answers_in_anki(c).len()).sum();
    let answers: usize = cards.iter().map(|c| kept(c).len()).sum();
    let answered = cards.iter().filter(|c| !kept(c).is_empty()).count();
    assert_eq!(
        (logged_in_anki, answers, answered),
        (27, 23, 6),
        "the fixture as made"
    );
    let due_now = cards
        .iter()
        .filter(|c| c["queue"] != -1 && c["due"].as_str().is_some_and(|d| millis(d) <= millis(now)))
        .count();
    assert_eq!(due_now, 2, "the fixture as made");
    assert_cmd::Command::cargo_bin("kartka")
        .unwrap()
        .env("KARTKA_HOME", home.path())
        .env("KARTKA_NOW", now)
        .args(["import", "--with-history", "--id", "hist", "--out"])
        .arg(home.path().join("decks/hist.toml"))
        .arg(format!(
            "{}/tests/fixtures/anki/{package}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .assert()
        .success()
        .stderr(predicates::str::contains(format!(
            "{package}: 3 answers given before 1 card was reset to new in Anki (Forget) are left out",
        )))
        .stdout(predicates::str::contains(format!(
            "Brought in the history of {answered} cards: {answers} answers, the last on {}. {due_now} cards due now.",
            &now[..10]
        )));
    let store = rusqlite::Connection::open(home.path().join("progress.sqlite3")).unwrap();
    let total: i64 = store
        .query_row("SELECT COUNT(*) FROM reviews", [], |r| r.get(0))
        .unwrap();
    assert_eq!(total as usize, answers, "every answer Anki logged, once");
    for card in cards {
        let guid = card["guid"].as_str().unwrap();
        let item = item_of(guid, card["ord"].as_u64().unwrap(), guid == "hist-cloze");
        let logged: Vec<(i64, i64, i64)> = store
            .prepare(
                "SELECT reviewed_at, rating, state_before FROM reviews
                 WHERE deck = 'hist' AND item = ?1 ORDER BY reviewed_at",
            )
            .unwrap()
            .query_map([&item], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let revlog = kept(card);
        assert_eq!(logged.len(), revlog.len(), "{item}: {logged:?}");
        for (i, ((at, rating, before), entry)) in logged.iter().zip(revlog).enumerate() {
            assert_eq!(Some(*at), entry["id"].as_i64(), "{item}: answer {i}'s time");
            assert_eq!(
                Some(*rating),
                entry["ease"].as_i64(),
                "{item}: answer {i}'s rating"
            );
            // Anki logs a new card's answers and its learning steps alike as learning (0), then review (1)
            // and relearning (2); kartka's state before the answer tells new (0) from learning (1).
            let anki_state = match entry["type"].as_i64().unwrap() {
                0 if i == 0 => 0,
                0 => 1,
                1 => 2,
                2 => 3,
                other => panic!("{item}: revlog type {other}"),
            };
            assert_eq!(*before, anki_state, "{item}: answer {i}'s state before it");
        }
        let state: Option<(i64, i64, i64, i64)> = store
            .query_row(
                "SELECT state, due, suspended, lapses FROM cards WHERE deck = 'hist' AND item = ?1",
                [&item],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .ok();
        let Some(due) = card["due"].as_str() else {
            assert!(answers_in_anki(card).is_empty());
            assert_eq!(state, None, "{item}: never answered in Anki, new here");
            continue;
        };
        let (kind, at, suspended, lapses) = state.unwrap_or_else(|| panic!("{item}: no state"));
        assert_eq!(at, millis(due), "{item}: due when Anki has it due ({due})");
        assert_eq!(
            Some(kind),
            card["type"].as_i64(),
            "{item}: Anki's card type"
        );
        assert_eq!(suspended == 1, card["queue"] == -1, "{item}: suspended");
        assert_eq!(Some(lapses), card["lapses"].as_i64(), "{item}: lapses");
    }
    let lapsed: Vec<String> = store
        .prepare("SELECT item FROM cards WHERE lapses > 0")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(lapsed, ["anki-hist-cloze#c1"]);
    let suspended: String = store
        .query_row("SELECT item FROM cards WHERE suspended = 1", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(suspended, "anki-hist-suspended");
    home
}

fn kartka_at(home: &tempfile::TempDir) -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("kartka").unwrap();
    cmd.env("KARTKA_HOME", home.path())
        .env("KARTKA_NOW", anki_history()["now"].as_str().unwrap())
        .env_remove("NO_COLOR");
    cmd
}

/// Statistics count the imported answers, and a session asks first what Anki had due: the cloze's second
/// deletion in learning, then the reversed note's front as a review; the never-answered note only after,
/// and not the card relearnt after its reset, due ten minutes after its last answer.
fn stats_and_study_follow_anki(home: &tempfile::TempDir) {
    let out = kartka_at(home)
        .args(["stats", "hist", "--json"])
        .assert()
        .success();
    let stats: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(stats["total_reviews"], 23, "{stats}");
    // Due today: the two due now, and the card relearnt after its reset, due again in ten minutes.
    assert_eq!(stats["due_today"], 3, "{stats}");
    let cards = &stats["cards"];
    assert_eq!(
        (&cards["total"], &cards["new"], &cards["suspended"]),
        (&7.into(), &1.into(), &1.into()),
        "{stats}"
    );
    let out = kartka_at(home)
        .args(["study", "hist"])
        .write_stdin("a decree\n\n\n\nq\n")
        .assert()
        .success();
    let out = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let asked = |n: usize| {
        let start = out
            .find(&format!("Card {n} · "))
            .unwrap_or_else(|| panic!("no card {n}: {out}"));
        out[start..].lines().nth(1).unwrap_or_default().to_string()
    };
    assert!(
        out.contains("Card 1 · left: 1 new, 1 learning, 1 review · history\n"),
        "{out}"
    );
    assert!(
        out.contains("The park opened in 2005 by [...].\n"),
        "c2 asked: {out}"
    );
    assert_eq!(asked(2), "ПВТ", "{out}");
    assert_eq!(asked(3), "Wargaming started in", "{out}");
}

#[test]
fn with_history_a_colpkg_brings_exactly_the_answers_and_due_dates_anki_holds() {
    let home = import_history_and_compare("history.colpkg");
    stats_and_study_follow_anki(&home);
}

#[test]
fn with_history_an_apkg_with_scheduling_brings_the_same() {
    let home = import_history_and_compare("history.apkg");
    stats_and_study_follow_anki(&home);
}

/// `--strict` counts the history's warnings too, and a history the store refuses leaves no deck written:
/// an import is all or nothing.
#[test]
fn with_history_is_all_or_nothing() {
    let home = tempfile::TempDir::new().unwrap();
    let out = home.path().join("hist.toml");
    let package = format!(
        "{}/tests/fixtures/anki/history.colpkg",
        env!("CARGO_MANIFEST_DIR")
    );
    let kartka = || {
        let mut c = assert_cmd::Command::cargo_bin("kartka").unwrap();
        c.env("KARTKA_HOME", home.path())
            .args(["import", "--with-history", "--id", "hist", "--out"])
            .arg(&out)
            .arg(&package);
        c
    };
    let store = home.path().join("progress.sqlite3");
    let answers = || -> i64 {
        if !store.exists() {
            return 0;
        }
        rusqlite::Connection::open(&store)
            .unwrap()
            .query_row("SELECT COUNT(*) FROM reviews", [], |r| r.get(0))
            .unwrap()
    };
    kartka()
        .arg("--strict")
        .assert()
        .code(1)
        .stderr(predicates::str::contains("with --strict; nothing written"));
    assert!(!out.exists());
    assert_eq!(answers(), 0);
    kartka().assert().success();
    let imported = answers();
    assert!(imported > 0);
    std::fs::remove_file(&out).unwrap();
    // Imported again: the store refuses the history, and the deck is not written either.
    kartka()
        .assert()
        .code(1)
        .stderr(predicates::str::contains("hist already has progress for"))
        .stderr(predicates::str::contains("; nothing written"));
    assert!(!out.exists());
    assert_eq!(answers(), imported);
}
