//! Files made to hurt: Anki packages that hang SQLite or expand without end, imports killed midway, FIFOs
//! where files are expected, and settings too large to compute with. Each must end in a clear error, quickly,
//! leaving nothing behind.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use assert_cmd::Command;
use kartka::interop::anki;
use predicates::str::contains;
use tempfile::TempDir;

const MODELS: &str = r#"{"1": {"name": "Basic", "type": 0, "flds": [{"name": "Front"}, {"name": "Back"}], "tmpls": [{"qfmt": "{{Front}}"}]}}"#;

/// An `.apkg` whose collection is made by `schema` (SQL that creates `col` and `notes`), with the one note
/// type above in `col`.
fn package(schema: &str) -> Vec<u8> {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("collection.anki2");
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute_batch(schema).unwrap();
    conn.execute("INSERT INTO col (models) VALUES (?1)", [MODELS])
        .unwrap();
    drop(conn);
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.start_file("collection.anki2", zip::write::SimpleFileOptions::default())
        .unwrap();
    zip.write_all(&std::fs::read(&db).unwrap()).unwrap();
    zip.finish().unwrap().into_inner()
}

const GOOD: &str = "PRAGMA journal_mode = WAL;
    CREATE TABLE col (models TEXT);
    CREATE TABLE notes (id INTEGER PRIMARY KEY, guid TEXT, mid INTEGER, flds TEXT, tags TEXT);
    INSERT INTO notes VALUES (1, 'g1', 1, 'Minsk' || char(31) || 'capital', 'geo');";

/// `notes` is a view over a query that never ends: SQLite would step it forever.
const ENDLESS: &str = "CREATE TABLE col (models TEXT);
    CREATE VIEW notes AS WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r)
        SELECT x AS id, 'g' || x AS guid, 1 AS mid, 'a' || char(31) || 'b' AS flds, '' AS tags FROM r;";

/// A real `notes` table whose every row computes 16 MB of text: a query of a minute. (The column is added
/// after the rows: SQLite would compute it for each insert.)
const SLOW: &str = "CREATE TABLE col (models TEXT);
    CREATE TABLE notes (id INTEGER PRIMARY KEY, guid TEXT, mid INTEGER, tags TEXT);
    WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r LIMIT 2000)
        INSERT INTO notes SELECT x, 'g' || x, 1, '' FROM r;
    ALTER TABLE notes ADD COLUMN
        flds TEXT AS (substr(hex(zeroblob(8000000 + id)), 1, 8) || char(31) || 'b') VIRTUAL;";

fn kartka() -> Command {
    Command::cargo_bin("kartka").unwrap()
}

/// The names in a folder, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// A test folder with a package in it and an empty `tmp/` to serve as the temporary folder.
fn with_package(schema: &str) -> (TempDir, PathBuf, PathBuf) {
    let dir = TempDir::new().unwrap();
    let apkg = dir.path().join("deck.apkg");
    std::fs::write(&apkg, package(schema)).unwrap();
    let tmp = dir.path().join("tmp");
    std::fs::create_dir(&tmp).unwrap();
    (dir, apkg, tmp)
}

#[test]
fn a_view_in_place_of_the_notes_table_is_refused_at_once() {
    let start = Instant::now();
    let err = anki::import(&package(ENDLESS), "endless.apkg", "e", "E")
        .unwrap_err()
        .to_string();
    assert_eq!(
        err,
        "cannot import endless.apkg: not an Anki collection: its `notes` is a view, not a table"
    );
    assert!(
        start.elapsed() < Duration::from_secs(2),
        "{:?}",
        start.elapsed()
    );
}

#[test]
fn a_query_that_runs_too_long_is_stopped_after_two_seconds() {
    let (_dir, apkg, tmp) = with_package(SLOW);
    let start = Instant::now();
    kartka()
        .arg("import")
        .arg(&apkg)
        .env("TMPDIR", &tmp)
        .assert()
        .code(1)
        .stderr(contains(format!(
            "cannot import {}: reading its collection took more than 2 seconds: it is damaged, or made to hang importers",
            apkg.display()
        )));
    let took = start.elapsed();
    assert!(took < Duration::from_secs(6), "{took:?}");
    assert_eq!(names(&tmp), Vec::<String>::new());
}

#[test]
fn an_import_leaves_nothing_in_the_temporary_folder() {
    let (dir, apkg, tmp) = with_package(GOOD);
    // A collection a killed kartka left (no process has this id), and someone else's file.
    std::fs::write(tmp.join("kartka-import-0.4000000000.kartka-tmp"), "x").unwrap();
    std::fs::write(tmp.join("other.txt"), "x").unwrap();
    let out = dir.path().join("deck.toml");
    kartka()
        .arg("import")
        .arg(&apkg)
        .arg("--out")
        .arg(&out)
        .env("TMPDIR", &tmp)
        .assert()
        .success()
        .stdout(contains("Imported 1 card from"));
    assert!(std::fs::read_to_string(&out).unwrap().contains("Minsk"));
    // The collection is in WAL mode, yet read without -wal or -shm files.
    assert_eq!(names(&tmp), ["other.txt"]);
}

#[cfg(unix)]
#[test]
fn sigterm_during_an_import_removes_the_unpacked_collection() {
    let (_dir, apkg, tmp) = with_package(SLOW);
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("kartka"))
        .arg("import")
        .arg(&apkg)
        .env("TMPDIR", &tmp)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while names(&tmp).is_empty() {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "no collection unpacked"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    let kill = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    assert_eq!(child.wait().unwrap().code(), Some(143));
    assert_eq!(names(&tmp), Vec::<String>::new());
}

/// A package of a few hundred bytes that claims a 300 MB collection is refused before anything is unpacked.
#[test]
fn a_collection_claiming_more_than_256_mb_is_refused_before_unpacking() {
    let mut bytes = package(GOOD);
    let claimed = (300u32 << 20).to_le_bytes();
    // The uncompressed size: 22 bytes into the local header, 24 into the central directory's.
    for (signature, offset) in [(b"PK\x03\x04", 22), (b"PK\x01\x02", 24)] {
        let at = bytes.windows(4).position(|w| w == signature).unwrap() + offset;
        bytes[at..at + 4].copy_from_slice(&claimed);
    }
    let (_dir, apkg, tmp) = with_package(GOOD);
    std::fs::write(&apkg, bytes).unwrap();
    kartka()
        .arg("import")
        .arg(&apkg)
        .env("TMPDIR", &tmp)
        .assert()
        .code(1)
        .stderr(contains(
            "its collection expands to more than 256 MB, more than kartka imports",
        ));
    assert_eq!(names(&tmp), Vec::<String>::new());
}

#[cfg(unix)]
fn mkfifo(path: &Path) {
    let made = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .unwrap();
    assert!(made.success());
}

/// Commands that would wait on a FIFO forever are given this long, then fail the test.
const HANG: Duration = Duration::from_secs(20);

#[cfg(unix)]
#[test]
fn a_fifo_in_the_decks_folder_is_passed_over() {
    let home = TempDir::new().unwrap();
    let decks = home.path().join("decks");
    std::fs::create_dir(&decks).unwrap();
    std::fs::write(
        decks.join("mine.toml"),
        "[deck]\nid = \"mine\"\ntitle = \"Mine\"\n\n[[cards]]\nid = \"a\"\nkind = \"flash\"\nfront = \"1\"\nback = \"2\"\n",
    )
    .unwrap();
    mkfifo(&decks.join("trap.toml"));
    kartka()
        .arg("decks")
        .env("KARTKA_HOME", home.path())
        .timeout(HANG)
        .assert()
        .success()
        .stdout(contains("mine"));
    kartka()
        .arg("check")
        .arg(&decks)
        .timeout(HANG)
        .assert()
        .success();
}

#[cfg(unix)]
#[test]
fn a_fifo_in_a_results_folder_is_passed_over() {
    let dir = TempDir::new().unwrap();
    mkfifo(&dir.path().join("trap.json"));
    kartka()
        .arg("report")
        .arg(dir.path())
        .timeout(HANG)
        .assert()
        .failure()
        .stderr(contains("no results files found in"));
}

/// Named on the command line, a FIFO (or a folder where a file is needed) is an error, not a wait.
#[cfg(unix)]
#[test]
fn a_fifo_named_on_the_command_line_is_an_error() {
    let dir = TempDir::new().unwrap();
    for (name, args) in [
        ("deck.toml", &["check"][..]),
        ("deck.toml", &["show"][..]),
        ("results.json", &["report"][..]),
        ("bank.gift", &["import"][..]),
    ] {
        let fifo = dir.path().join(name);
        if !fifo.exists() {
            mkfifo(&fifo);
        }
        // `check` reports on standard output, the others on standard error.
        let out = kartka()
            .args(args)
            .arg(&fifo)
            .env("KARTKA_HOME", dir.path().join("home"))
            .timeout(HANG)
            .assert()
            .code(1);
        let out = out.get_output();
        let text = String::from_utf8_lossy(&out.stdout) + String::from_utf8_lossy(&out.stderr);
        let want = format!("`{}` is a FIFO, not a regular file", fifo.display());
        assert!(text.contains(&want), "{args:?}: {text}");
    }
    kartka()
        .arg("import")
        .arg(dir.path())
        .timeout(HANG)
        .assert()
        .code(1)
        .stderr(contains(format!(
            "`{}` is a folder, not a regular file",
            dir.path().display()
        )));
}

#[cfg(unix)]
#[test]
fn a_fifo_for_config_toml_is_an_error() {
    let home = TempDir::new().unwrap();
    mkfifo(&home.path().join("config.toml"));
    kartka()
        .arg("config")
        .env("KARTKA_HOME", home.path())
        .timeout(HANG)
        .assert()
        .code(1)
        .stderr(contains("config.toml` is a FIFO, not a regular file"));
}

/// A step of 100,000,000 days passed `kartka config` and then made `kartka study` panic ("DateTime +
/// TimeDelta overflowed"): it is refused where config.toml is read, with its place, by every command.
#[test]
fn a_step_too_long_for_a_date_is_a_located_config_error() {
    let home = TempDir::new().unwrap();
    let config = home.path().join("config.toml");
    std::fs::write(&config, "learning_steps = [\"100000000d\"]\n").unwrap();
    let want = format!(
        "error: `learning_steps` must be at most 36500 days (100 years) each
 --> {path}:1:19
  |
1 | learning_steps = [\"100000000d\"]
  |                   ^^^^^^^^^^^^ too long
  |
  = help: steps are minutes, hours or days, such as \"10m\", \"1h\" or \"1d\"

error: the config file `{path}` has 1 error
help: fix the file, or remove it to use the defaults
",
        path = config.display()
    );
    for command in ["config", "study"] {
        kartka()
            .arg(command)
            .env("KARTKA_HOME", home.path())
            .env("KARTKA_NOW", "2026-11-22T09:30:00+03:00")
            .assert()
            .code(1)
            .stdout("")
            .stderr(want.clone());
    }
}

/// Moodle XML was sniffed as CSV and refused as "1 columns and no header row": it is read as Moodle XML
/// whatever the file's name.
#[test]
fn moodle_xml_is_read_as_such_whatever_its_name() {
    let dir = TempDir::new().unwrap();
    let xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<quiz>\n<question type=\"shortanswer\"/>\n</quiz>\n";
    for (name, text, why) in [
        (
            "bank.xml",
            xml,
            "nothing in it can be a kartka card; 1 question was passed over (line 3: no answer earns any credit)",
        ),
        (
            "bank.txt",
            xml,
            "nothing in it can be a kartka card; 1 question was passed over (line 3: no answer earns any credit)",
        ),
        (
            "bare.txt",
            "<quiz>\n</quiz>\n",
            "no questions found to import",
        ),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        kartka().arg("import").arg(&path).assert().code(1).stderr(format!(
            "error: cannot import {}: {why}\n\
             help: fix the file there, or see `kartka import --help` for the formats kartka reads\n",
            path.display()
        ));
    }
}

/// An unclosed quote swallowed the rest of the file into one cell, reported as "a text card needs an
/// `answer` column".
#[test]
fn an_unclosed_quote_in_csv_is_reported_where_it_opens() {
    let data =
        "prompt,answer\n\"2+2\",4\n# a comment with a \" in it\n\"What is, x\n2+2,4\n3+3,6\n";
    let err = kartka::interop::csv::import(data, b',', "q.csv", "q", "Q")
        .unwrap_err()
        .to_string();
    assert_eq!(
        err,
        "cannot import q.csv, line 4: a quoted cell starts here and is never closed (a `\"` inside a quoted cell is written `\"\"`)"
    );
    // Quotes closed, doubled, or inside an unquoted cell are no such thing.
    let fine = "prompt,answer\n\"He said \"\"hi\"\"\",hi\nsay 5\" long,5\n\"two\nlines\",x\n";
    let deck = kartka::interop::csv::import(fine, b',', "q.csv", "q", "Q")
        .unwrap()
        .deck;
    assert_eq!(deck.cards.len(), 3);
}

/// `{#nan}` became `answer = nan`, and the deck written was "invalid TOML". Moodle takes a number it
/// cannot read as "any number"; kartka cannot ask that, so the question is skipped at its line.
#[test]
fn non_finite_gift_numbers_are_skipped_at_their_line() {
    for answer in ["nan", "inf", "-inf", "1..inf", "5:NaN"] {
        let gift = format!("::Q0:: fine {{#4}}\n\n::Q1:: 2+2? {{#{answer}}}\n");
        let imported = kartka::interop::gift::import(&gift, "n.gift", "n", "N").unwrap();
        let ids: Vec<&str> = imported.deck.cards.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["Q0"], "{answer}");
        let last = imported.warnings.last().unwrap();
        assert_eq!(last.line, Some(3), "{answer}");
        assert!(
            last.message.ends_with("; skipped"),
            "{answer}: {}",
            last.message
        );
        assert!(
            kartka::deck::parse(&kartka::interop::write::to_toml(&imported.deck))
                .deck
                .is_some()
        );
    }
}

/// A bank with nothing kartka can ask says what it passed over, not only that nothing was found.
#[test]
fn an_essay_only_bank_says_what_was_passed_over() {
    let dir = tempfile::TempDir::new().unwrap();
    let bank = dir.path().join("essays.gift");
    std::fs::write(
        &bank,
        "::e1:: Write an essay on the HTP. {}\n\n::e2:: Describe it.{}\n",
    )
    .unwrap();
    assert_cmd::Command::cargo_bin("kartka")
        .unwrap()
        .arg("import")
        .arg(&bank)
        .assert()
        .code(1)
        .stderr(predicates::str::contains(format!(
            "error: cannot import {}: nothing in it can be a kartka card; 2 questions were passed over \
             (line 1: an essay question (`{{}}`) has no kartka kind; line 3: an essay question (`{{}}`) has no kartka kind)\n",
            bank.display()
        )));
}
