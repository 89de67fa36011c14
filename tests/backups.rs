//! Backups and restores that never lose or silently replace anything: partial backups are never taken for
//! backups, "latest" goes by the time a backup was taken, kinds keep separate slots, nothing overwrites
//! anything, and a restore never swaps the store under a running session.

#![cfg(unix)]

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command as Process, Stdio};

use assert_cmd::Command;
use predicates::prelude::*;
use predicates::str::contains;
use tempfile::TempDir;

const NOW: &str = "2026-11-22T09:00:00+03:00";

fn deck(home: &TempDir) -> PathBuf {
    let mut text = String::from("[deck]\nid = \"safe\"\ntitle = \"Safe\"\n");
    for i in 0..6 {
        text.push_str(&format!(
            "[[cards]]\nid = \"c{i}\"\nkind = \"truefalse\"\nprompt = \"Statement {i}.\"\nanswer = true\nexplain = \"e\"\n"
        ));
    }
    let path = home.path().join("safe.toml");
    std::fs::write(&path, text).unwrap();
    path
}

fn kartka(home: &TempDir, now: &str) -> Command {
    let mut cmd = Command::cargo_bin("kartka").unwrap();
    cmd.env("KARTKA_HOME", home.path())
        .env("KARTKA_NOW", now)
        .env("NO_COLOR", "1");
    cmd
}

fn study(home: &TempDir, now: &str, answers: &str) {
    kartka(home, now)
        .arg("study")
        .arg(deck(home))
        .write_stdin(answers)
        .assert()
        .success();
}

fn reviews(path: &Path) -> i64 {
    rusqlite::Connection::open(path)
        .unwrap()
        .query_row("SELECT COUNT(*) FROM reviews", [], |r| r.get(0))
        .unwrap()
}

fn backups(home: &TempDir) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(home.path().join("backups"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn store(home: &TempDir) -> PathBuf {
    home.path().join("progress.sqlite3")
}

/// What a killed backup of an older kartka left, and what a killed backup of this one leaves: neither is
/// listed nor restored, and this kartka's own leftovers are removed by the next backup.
#[test]
fn partial_backups_are_never_listed_chosen_or_kept() {
    let home = TempDir::new().unwrap();
    study(&home, NOW, "true\n\n");
    let folder = home.path().join("backups");
    // An older kartka's interrupted copy: the file and its journal, dated after every real backup.
    std::fs::write(
        folder.join("progress-2026-11-23-090000.sqlite3"),
        b"SQLite format 3\0",
    )
    .unwrap();
    std::fs::write(
        folder.join("progress-2026-11-23-090000.sqlite3-journal"),
        b"x",
    )
    .unwrap();
    // This kartka's own temporary file, from a process that no longer runs.
    let stale = folder.join(".progress-daily-2026-11-22-090000.4000000000.tmp");
    std::fs::write(&stale, b"half a backup").unwrap();
    let listed = kartka(&home, NOW)
        .args(["backup", "--list"])
        .assert()
        .success();
    let listed = String::from_utf8_lossy(&listed.get_output().stdout).to_string();
    assert_eq!(listed.lines().count(), 1, "{listed}");
    assert!(
        listed.contains("progress-daily-2026-11-22-090000.sqlite3"),
        "{listed}"
    );
    kartka(&home, "2026-11-22T10:00:00+03:00")
        .arg("restore")
        .assert()
        .success()
        .stdout(contains("from ").and(contains("progress-daily-2026-11-22-090000.sqlite3")));
    kartka(&home, NOW).arg("stats").assert().success();
    assert!(
        !stale.exists(),
        "the stale temporary file is removed at the next start"
    );
    assert!(!backups(&home).iter().any(|b| b.starts_with('.')));
}

/// A backup taken while the clock was years ahead is reported, not taken for the latest, and not pruned.
#[test]
fn a_backup_dated_in_the_future_is_reported_not_preferred() {
    let home = TempDir::new().unwrap();
    study(&home, "2030-01-01T09:00:00+03:00", "true\n\n");
    study(&home, NOW, "true\n\ntrue\n\n");
    let listed = kartka(&home, NOW)
        .args(["backup", "--list"])
        .assert()
        .success();
    let listed = String::from_utf8_lossy(&listed.get_output().stdout).to_string();
    assert!(
        listed.contains("progress-daily-2030-01-01-090000.sqlite3")
            && listed.contains("dated in the future"),
        "{listed}"
    );
    let restored = kartka(&home, "2026-11-22T10:00:00+03:00")
        .arg("restore")
        .assert()
        .success()
        .stderr(contains(
            "progress-daily-2030-01-01-090000.sqlite3 is dated 2030-01-01 09:00, in the future",
        ));
    let out = String::from_utf8_lossy(&restored.get_output().stdout).to_string();
    assert!(
        out.contains("progress-daily-2026-11-22-090000.sqlite3"),
        "{out}"
    );
    // Eight more days of study: the seven newest real daily backups are kept, and the future one too.
    for day in 23..31 {
        study(&home, &format!("2026-11-{day}T09:00:00+03:00"), "q\n");
    }
    let names = backups(&home);
    let daily: Vec<&String> = names.iter().filter(|n| n.contains("-daily-2026")).collect();
    assert_eq!(daily.len(), 7, "{names:?}");
    assert!(
        daily[0].contains("2026-11-24"),
        "the oldest go first: {names:?}"
    );
    assert!(names.iter().any(|n| n.contains("2030-01-01")), "{names:?}");
}

/// Manual backups have slots of their own, and two in one second both stay.
#[test]
fn manual_and_daily_backups_keep_separate_slots_and_never_overwrite() {
    let home = TempDir::new().unwrap();
    study(&home, NOW, "true\n\n");
    for _ in 0..9 {
        kartka(&home, "2026-11-22T12:00:00+03:00")
            .arg("backup")
            .assert()
            .success();
    }
    let names = backups(&home);
    assert!(
        names.contains(&"progress-daily-2026-11-22-090000.sqlite3".to_string()),
        "{names:?}"
    );
    let manual: Vec<&String> = names.iter().filter(|n| n.contains("-manual-")).collect();
    assert_eq!(manual.len(), 7, "{names:?}");
    assert!(
        manual.contains(&&"progress-manual-2026-11-22-120000-9.sqlite3".to_string()),
        "{names:?}"
    );
    for name in &names {
        let conn = rusqlite::Connection::open(home.path().join("backups").join(name)).unwrap();
        let ok: String = conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(ok, "ok", "{name}");
    }
}

/// The replaced store is kept under a name of its own each time, printed; a backup that fails its check
/// leaves the store byte for byte as it was.
#[test]
fn restores_keep_every_replaced_store_and_a_failed_one_changes_nothing() {
    let home = TempDir::new().unwrap();
    study(&home, NOW, "true\n\n");
    kartka(&home, NOW).arg("backup").assert().success();
    study(&home, "2026-11-23T09:00:00+03:00", "true\n\ntrue\n\n");
    let mut kept = Vec::new();
    for _ in 0..2 {
        let out = kartka(&home, "2026-11-23T10:00:00+03:00")
            .args(["restore"])
            .assert()
            .success();
        let out = String::from_utf8_lossy(&out.get_output().stdout).to_string();
        let aside = out
            .lines()
            .find_map(|l| l.strip_prefix("The store it replaced is kept as "))
            .and_then(|l| l.split(" (with").next())
            .unwrap_or_else(|| panic!("{out}"))
            .to_string();
        assert!(Path::new(&aside).exists(), "{aside}");
        kept.push(aside);
    }
    assert_ne!(
        kept[0], kept[1],
        "the second restore in the same second keeps the first's file"
    );
    assert_eq!(
        reviews(Path::new(&kept[0])),
        3,
        "the store before the restore, whole"
    );
    assert_eq!(reviews(&store(&home)), 1);

    let damaged = home.path().join("damaged.sqlite3");
    let good = home
        .path()
        .join("backups")
        .read_dir()
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let mut bytes = std::fs::read(good).unwrap();
    for b in bytes.iter_mut().skip(4096) {
        *b = 0xA5;
    }
    std::fs::write(&damaged, bytes).unwrap();
    let before = std::fs::read(store(&home)).unwrap();
    kartka(&home, "2026-11-23T11:00:00+03:00")
        .arg("restore")
        .arg(&damaged)
        .assert()
        .code(1)
        .stderr(contains("is damaged"));
    assert_eq!(std::fs::read(store(&home)).unwrap(), before);
    // An empty file (what an interrupted copy can leave) is a valid empty database, never a backup.
    let empty = home.path().join("empty.sqlite3");
    std::fs::write(&empty, b"").unwrap();
    kartka(&home, "2026-11-23T11:00:00+03:00")
        .arg("restore")
        .arg(&empty)
        .assert()
        .code(1)
        .stderr(format!(
            "error: `{}` is not a kartka backup: it holds no progress store\nhelp: name one of the files `kartka backup --list` shows; nothing was changed\n",
            empty.display()
        ));
    assert_eq!(std::fs::read(store(&home)).unwrap(), before);
    assert!(
        !std::fs::read_dir(home.path()).unwrap().any(|e| e
            .unwrap()
            .file_name()
            .to_string_lossy()
            .contains("restoring")),
        "no temporary file is left"
    );
}

/// A session waiting for an answer holds the store: a restore is refused, saying why, and the session's
/// next answer goes into the store it opened.
#[test]
fn restore_is_refused_while_a_session_holds_the_store() {
    let home = TempDir::new().unwrap();
    study(&home, NOW, "true\n\n");
    kartka(&home, "2026-11-22T09:05:00+03:00")
        .arg("backup")
        .assert()
        .success();
    let mut session = Process::new(assert_cmd::cargo::cargo_bin("kartka"))
        .env("KARTKA_HOME", home.path())
        .env("KARTKA_NOW", "2026-11-22T09:30:00+03:00")
        .arg("study")
        .arg(deck(&home))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(session.stdout.take().unwrap()).lines();
    // Wait until the session shows its first question.
    for line in lines.by_ref() {
        if line.unwrap().starts_with("Statement") {
            break;
        }
    }
    kartka(&home, "2026-11-22T09:31:00+03:00")
        .arg("restore")
        .assert()
        .code(1)
        .stderr(
            contains("error: another kartka is using the progress store").and(contains(
                "finish the study session or quiz that has it open",
            )),
        );
    let mut stdin = session.stdin.take().unwrap();
    stdin.write_all(b"true\n\nq\n").unwrap();
    drop(stdin);
    assert!(session.wait().unwrap().success());
    let _ = lines.count();
    assert_eq!(
        reviews(&store(&home)),
        2,
        "the session's answer is in the store"
    );
    kartka(&home, "2026-11-22T09:32:00+03:00")
        .arg("restore")
        .assert()
        .success();
    assert_eq!(reviews(&store(&home)), 1);
}

/// SIGTERM while a backup is being written: kartka exits 143 and leaves no part of it behind.
#[test]
fn a_backup_stopped_by_a_signal_leaves_nothing_behind() {
    let home = TempDir::new().unwrap();
    study(&home, NOW, "true\n\n");
    // A store large enough that its backup takes a while: 64 MB of other rows.
    rusqlite::Connection::open(store(&home))
        .unwrap()
        .execute_batch(
            "CREATE TABLE ballast (b BLOB);
             WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 16384)
             INSERT INTO ballast SELECT randomblob(4096) FROM n;",
        )
        .unwrap();
    let mut child = Process::new(assert_cmd::cargo::cargo_bin("kartka"))
        .env("KARTKA_HOME", home.path())
        .env("KARTKA_NOW", "2026-11-22T10:00:00+03:00")
        .arg("backup")
        .spawn()
        .unwrap();
    let folder = home.path().join("backups");
    let started = std::time::Instant::now();
    while !std::fs::read_dir(&folder)
        .map(|d| {
            d.flatten().any(|e| {
                e.file_name()
                    .to_string_lossy()
                    .starts_with(".progress-manual")
            })
        })
        .unwrap_or(false)
    {
        assert!(started.elapsed().as_secs() < 20, "the backup never started");
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    Process::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    let status = child.wait().unwrap();
    let left: Vec<String> = backups(&home)
        .into_iter()
        .filter(|n| n.contains("manual"))
        .collect();
    // The signal may land after the backup got its name; then it is whole, and nothing else is left.
    if status.code() == Some(143) {
        assert!(left.is_empty(), "{left:?}");
    }
    assert!(
        !backups(&home).iter().any(|n| n.starts_with('.')),
        "{:?}",
        backups(&home)
    );
}
