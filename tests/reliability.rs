//! Data safety: kills at random moments, backups and restore, damaged and older stores, two sessions.

#![cfg(unix)]

use std::io::{BufRead, BufReader, Write};
use std::process::{Command as Process, Stdio};
use std::time::{Duration, Instant};

use assert_cmd::Command;
use predicates::prelude::*;
use predicates::str::contains;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use tempfile::TempDir;

const NOW: &str = "2026-11-22T09:00:00+03:00";

fn deck(home: &TempDir, cards: usize) -> std::path::PathBuf {
    let mut text = String::from("[deck]\nid = \"crash\"\ntitle = \"Crash\"\n");
    for i in 0..cards {
        text.push_str(&format!(
            "[[cards]]\nid = \"c{i}\"\nkind = \"truefalse\"\nprompt = \"Statement {i}.\"\nanswer = {}\nexplain = \"e\"\n",
            i % 2 == 0
        ));
    }
    let path = home.path().join("crash.toml");
    std::fs::write(&path, text).unwrap();
    path
}

fn db(home: &TempDir) -> rusqlite::Connection {
    rusqlite::Connection::open(home.path().join("progress.sqlite3")).unwrap()
}

/// Answers in the store; a store killed before it made its tables has none.
fn reviews(home: &TempDir) -> i64 {
    let conn = db(home);
    let tables: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM sqlite_master WHERE name = 'reviews'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    if tables == 0 {
        0
    } else {
        conn.query_row("SELECT COUNT(*) FROM reviews", [], |r| r.get(0))
            .unwrap()
    }
}

fn integrity(home: &TempDir) -> String {
    db(home)
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap()
}

fn kartka(home: &TempDir) -> Command {
    let mut cmd = Command::cargo_bin("kartka").unwrap();
    cmd.env("KARTKA_HOME", home.path()).env("KARTKA_NOW", NOW);
    cmd
}

/// 200 sessions, each killed with SIGKILL at a random moment: after a random number of answers, and then
/// after a random few hundred microseconds more, so that kills land before, during and after commits.
/// After every kill the store passes `PRAGMA integrity_check`, and every answer whose feedback was printed
/// is in it (at most one more may be saved but not yet printed).
#[test]
fn killed_at_random_moments_no_printed_answer_is_lost() {
    const ROUNDS: usize = 200;
    let home = TempDir::new().unwrap();
    let deck = deck(&home, 600);
    let mut rng = ChaCha8Rng::seed_from_u64(2026);
    let (mut printed_total, mut unprinted_total, mut mid_answer_kills) = (0, 0, 0);
    let started = Instant::now();
    for round in 0..ROUNDS {
        let before = if round == 0 { 0 } else { reviews(&home) };
        let mut child = Process::new(assert_cmd::cargo::cargo_bin("kartka"))
            .env("KARTKA_HOME", home.path())
            .env("KARTKA_NOW", NOW)
            .args(["study", "--new", "1000"])
            .arg(&deck)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        // Answers, then a rating: Enter takes the suggested one, "1" re-rates a right answer as Again
        // (rewriting the saved row in a second transaction).
        let script: String = (0..40)
            .map(|i| {
                format!(
                    "{}\n{}\n",
                    if i % 3 == 0 { "false" } else { "true" },
                    if i % 4 == 0 { "1" } else { "" }
                )
            })
            .collect();
        let writer = std::thread::spawn(move || {
            let _ = stdin.write_all(script.as_bytes());
        });
        let answers_before_kill = rng.random_range(0..4);
        let extra_wait = Duration::from_micros(rng.random_range(0..800));
        let mut printed = 0;
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        if answers_before_kill > 0 {
            for line in lines.by_ref() {
                let line = line.unwrap_or_default();
                if line.starts_with("✓ Right.") || line.starts_with("✗ Not right.") {
                    printed += 1;
                    if printed == answers_before_kill {
                        break;
                    }
                }
            }
        }
        std::thread::sleep(extra_wait);
        child.kill().unwrap(); // SIGKILL
        // Anything printed before the kill still counts.
        for line in lines.map_while(Result::ok) {
            if line.starts_with("✓ Right.") || line.starts_with("✗ Not right.") {
                printed += 1;
            }
        }
        child.wait().unwrap();
        let _ = writer.join();
        let after = reviews(&home);
        let saved = (after - before) as usize;
        assert_eq!(integrity(&home), "ok", "round {round}");
        assert!(
            saved >= printed,
            "round {round}: {printed} answers printed, {saved} saved"
        );
        assert!(
            saved <= printed + 1,
            "round {round}: {printed} printed, {saved} saved"
        );
        printed_total += printed;
        unprinted_total += saved - printed;
        mid_answer_kills += usize::from(saved > printed);
    }
    eprintln!(
        "crash test: {ROUNDS} kills in {:.1}s; {printed_total} answers printed, all saved; {unprinted_total} saved in the instant before their feedback was printed ({mid_answer_kills} kills between commit and print); integrity_check ok every time",
        started.elapsed().as_secs_f64()
    );
    assert!(
        printed_total > ROUNDS,
        "the kills should land after answers too"
    );
}

#[test]
fn one_backup_a_day_readable_by_the_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let home = TempDir::new().unwrap();
    let deck = deck(&home, 4);
    let study = |now: &str| {
        Command::cargo_bin("kartka")
            .unwrap()
            .env("KARTKA_HOME", home.path())
            .env("KARTKA_NOW", now)
            .arg("study")
            .arg(&deck)
            .write_stdin("true\n\n")
            .assert()
            .success();
    };
    study(NOW);
    study("2026-11-22T18:00:00+03:00");
    let backups = || {
        let mut names: Vec<String> = std::fs::read_dir(home.path().join("backups"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    assert_eq!(backups(), ["progress-daily-2026-11-22-090000.sqlite3"]);
    study("2026-11-23T09:00:00+03:00");
    assert_eq!(backups().len(), 2);
    for name in backups() {
        let mode = std::fs::metadata(home.path().join("backups").join(name))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    kartka(&home)
        .args(["backup", "--list"])
        .assert()
        .success()
        .stdout(
            contains("2026-11-23 09:00:00  daily     ")
                .and(contains("progress-daily-2026-11-23-090000.sqlite3")),
        );
}

#[test]
fn a_damaged_store_names_the_latest_backup_and_restore_brings_it_back() {
    let home = TempDir::new().unwrap();
    let deck = deck(&home, 4);
    kartka(&home)
        .arg("study")
        .arg(&deck)
        .write_stdin("true\n\nfalse\n\n")
        .assert()
        .success();
    let made = kartka(&home).arg("backup").assert().success();
    let made = String::from_utf8_lossy(&made.get_output().stdout).to_string();
    assert!(made.starts_with("Backed up "), "{made}");
    let store = home.path().join("progress.sqlite3");
    // A disk fault overwrites the file.
    let _ = std::fs::remove_file(home.path().join("progress.sqlite3-wal"));
    std::fs::write(
        &store,
        b"not a database at all, just bytes that happened to land here",
    )
    .unwrap();
    let latest = home
        .path()
        .join("backups/progress-manual-2026-11-22-090000.sqlite3");
    kartka(&home)
        .arg("study")
        .arg(&deck)
        .assert()
        .code(1)
        .stderr(format!(
            "error: the progress store `{}` is damaged\nhelp: run `kartka restore` to put back the latest backup, {}; the damaged file is kept beside it\n",
            store.display(),
            latest.display()
        ));
    kartka(&home)
        .arg("restore")
        .assert()
        .success()
        .stdout(contains("Restored ").and(contains("The store it replaced is kept as ")));
    assert_eq!(
        reviews(&home),
        2,
        "the answers from before the backup are back"
    );
    kartka(&home)
        .arg("study")
        .arg(&deck)
        .write_stdin("q\n")
        .assert()
        .success();
}

#[test]
fn a_corrupted_page_is_detected_too() {
    let home = TempDir::new().unwrap();
    let deck = deck(&home, 40);
    let answers = "true\n\nfalse\n\n".repeat(20);
    kartka(&home)
        .arg("study")
        .arg(&deck)
        .write_stdin(answers)
        .assert()
        .success();
    // Fold the write-ahead log into the file, then scribble over the pages after the header.
    db(&home)
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
        .unwrap();
    let store = home.path().join("progress.sqlite3");
    let mut bytes = std::fs::read(&store).unwrap();
    for b in bytes.iter_mut().skip(4096).take(8192) {
        *b = 0xA5;
    }
    std::fs::write(&store, bytes).unwrap();
    kartka(&home)
        .arg("study")
        .arg(&deck)
        .assert()
        .code(1)
        .stderr(contains("is damaged"));
}

#[test]
fn an_older_store_is_backed_up_then_migrated() {
    let home = TempDir::new().unwrap();
    let deck = deck(&home, 4);
    {
        // A version-1 store, as the first kartka wrote it.
        let conn = db(&home);
        conn.execute_batch(
            "CREATE TABLE cards (deck TEXT NOT NULL, item TEXT NOT NULL, state INTEGER NOT NULL, step INTEGER NOT NULL,
                 stability REAL, difficulty REAL, due INTEGER NOT NULL, last_review INTEGER, reps INTEGER NOT NULL,
                 lapses INTEGER NOT NULL, leech INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (deck, item)) WITHOUT ROWID;
             CREATE TABLE reviews (id INTEGER PRIMARY KEY, deck TEXT NOT NULL, item TEXT NOT NULL, reviewed_at INTEGER NOT NULL,
                 rating INTEGER NOT NULL, state_before INTEGER NOT NULL, answer TEXT, correct INTEGER, score REAL,
                 duration_ms INTEGER NOT NULL, interval_secs INTEGER NOT NULL, stability REAL, difficulty REAL);
             INSERT INTO reviews (deck, item, reviewed_at, rating, state_before, duration_ms, interval_secs)
                 VALUES ('crash', 'c0', 0, 3, 0, 0, 600);
             PRAGMA user_version = 1;",
        )
        .unwrap();
    }
    kartka(&home)
        .arg("study")
        .arg(&deck)
        .write_stdin("q\n")
        .assert()
        .success();
    let backups: Vec<String> = std::fs::read_dir(home.path().join("backups"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        backups.iter().any(|b| b.starts_with("progress-migration-")),
        "{backups:?}"
    );
    let version: i64 = db(&home)
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, kartka::store::SCHEMA_VERSION);
    assert_eq!(reviews(&home), 1);
}

#[test]
fn a_store_from_a_newer_kartka_is_left_byte_for_byte() {
    let home = TempDir::new().unwrap();
    let deck = deck(&home, 4);
    db(&home)
        .execute_batch(&format!(
            "CREATE TABLE future (x); PRAGMA user_version = {};",
            kartka::store::SCHEMA_VERSION + 1
        ))
        .unwrap();
    let store = home.path().join("progress.sqlite3");
    let before = std::fs::read(&store).unwrap();
    kartka(&home)
        .arg("study")
        .arg(&deck)
        .assert()
        .code(1)
        .stderr(contains("written by a newer kartka"));
    kartka(&home).arg("backup").assert().code(1);
    assert_eq!(std::fs::read(&store).unwrap(), before);
}

/// Sessions on one deck at once: each answer is computed from the card as stored when it is saved, and a
/// card another session answered is not introduced again. Every card's reps and lapses then agree with its
/// log rows, whatever the interleaving.
#[test]
fn concurrent_sessions_keep_each_cards_state_in_step_with_its_log() {
    const SESSIONS: usize = 6;
    const CARDS: usize = 40;
    let home = TempDir::new().unwrap();
    let deck = deck(&home, CARDS);
    std::fs::write(
        home.path().join("config.toml"),
        "new_per_day = 1000\nlearning_steps = []\nrelearning_steps = []\n",
    )
    .unwrap();
    for round in 0..3 {
        let now = format!("2026-11-{}T09:00:00+03:00", 22 + round * 2);
        let mut rng = ChaCha8Rng::seed_from_u64(round as u64);
        let children: Vec<_> = (0..SESSIONS)
            .map(|_| {
                let mut input = String::new();
                for _ in 0..CARDS {
                    input.push_str(if rng.random_bool(0.5) {
                        "true\n"
                    } else {
                        "false\n"
                    });
                    input.push_str(&format!("{}\n", rng.random_range(1..=4)));
                }
                let mut child = Process::new(assert_cmd::cargo::cargo_bin("kartka"))
                    .env("KARTKA_HOME", home.path())
                    .env("KARTKA_NOW", &now)
                    .arg("study")
                    .arg(&deck)
                    .stdin(Stdio::piped())
                    .stdout(Stdio::null())
                    .stderr(Stdio::piped())
                    .spawn()
                    .unwrap();
                let mut stdin = child.stdin.take().unwrap();
                std::thread::spawn(move || {
                    let _ = stdin.write_all(input.as_bytes());
                });
                child
            })
            .collect();
        for child in children {
            let out = child.wait_with_output().unwrap();
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
    let conn = db(&home);
    let mismatched: Vec<(String, i64, i64, i64, i64)> = conn
        .prepare(
            "SELECT c.item, c.reps, c.lapses,
                    (SELECT COUNT(*) FROM reviews r WHERE r.deck = c.deck AND r.item = c.item),
                    (SELECT COUNT(*) FROM reviews r WHERE r.deck = c.deck AND r.item = c.item
                        AND r.state_before = 2 AND r.rating = 1)
             FROM cards c",
        )
        .unwrap()
        .query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .unwrap()
        .map(Result::unwrap)
        .filter(|(_, reps, lapses, rows, lapse_rows)| reps != rows || lapses != lapse_rows)
        .collect();
    assert!(mismatched.is_empty(), "{mismatched:?}");
    // On the first day every card is new, and any one session has input enough to answer them all.
    assert!(reviews(&home) >= CARDS as i64, "{}", reviews(&home));
}
