//! A quiz attempt is never lost: each answer is in the progress store as it is given, the results file is
//! written whole under a name nobody else has, and when it cannot be written the student still sees the
//! score and `kartka results --write` writes it later.

use std::io::{BufRead, BufReader, Write};
use std::process::{Command as Process, Stdio};

use assert_cmd::Command;
use predicates::prelude::*;
use predicates::str::contains;
use tempfile::TempDir;

const NOW: &str = "2026-11-22T09:00:00+03:00";

fn kartka(home: &TempDir) -> Command {
    let mut cmd = Command::cargo_bin("kartka").unwrap();
    cmd.env("KARTKA_HOME", home.path())
        .env("KARTKA_NOW", NOW)
        .env("NO_COLOR", "1");
    cmd
}

fn quiz(home: &TempDir, name: &str) -> Command {
    let mut cmd = kartka(home);
    cmd.args([
        "quiz", "example", "--seed", "7b", "--count", "3", "--name", name,
    ]);
    cmd
}

fn files(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|d| {
            d.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

#[test]
fn an_unwritable_results_folder_keeps_the_attempt_and_shows_the_score() {
    let home = TempDir::new().unwrap();
    // A file where the results folder should be: no folder can be made there, even by root.
    std::fs::write(home.path().join("results"), b"").unwrap();
    quiz(&home, "Ann Smith")
        .write_stdin("a c d\n2005\nfalse\n")
        .assert()
        .code(1)
        .stdout(contains("Score: 3 / 3 (100%)"))
        .stderr(contains("error: the results file could not be written: ").and(contains(
            "help: the answers and the score are kept in the progress store: once the folder can be written, run `kartka results --write`",
        )));
    kartka(&home)
        .arg("results")
        .assert()
        .success()
        .stdout(contains(
            "1 quiz attempt without a results file:\n  example  Ann Smith  2026-11-22 06:00 UTC\n",
        ));
    // A folder of the teacher's choosing first: the attempt is written there, and then no longer waits.
    let class = home.path().join("class-7b");
    kartka(&home)
        .args(["results", "--write", "--out"])
        .arg(&class)
        .assert()
        .success()
        .stdout(contains("example-ann-smith-20261122-090000.json"));
    assert_eq!(files(&class), ["example-ann-smith-20261122-090000.json"]);
    kartka(&home)
        .arg("results")
        .assert()
        .success()
        .stdout("Every finished quiz attempt has its results file: nothing to write.\n");
    // Another attempt, written later to the default folder once it can be made.
    quiz(&home, "Ann Smith")
        .write_stdin("a c d\n2005\nfalse\n")
        .assert()
        .code(1);
    std::fs::remove_file(home.path().join("results")).unwrap();
    kartka(&home)
        .args(["results", "--write"])
        .assert()
        .success()
        .stdout(contains("Wrote ").and(contains("example-ann-smith-20261122-090000.json")));
    let written = home
        .path()
        .join("results/example-ann-smith-20261122-090000.json");
    let results: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(written).unwrap()).unwrap();
    assert_eq!(results["student"], "Ann Smith");
    assert_eq!(results["questions"].as_array().unwrap().len(), 3);
    kartka(&home)
        .arg("results")
        .assert()
        .success()
        .stdout("Every finished quiz attempt has its results file: nothing to write.\n");
    assert_eq!(
        files(&home.path().join("results")).len(),
        1,
        "no temporary file is left"
    );
}

/// Two students whose names make the same file name, finishing in the same second, both keep their results.
#[test]
fn same_file_names_in_the_same_second_never_overwrite() {
    let home = TempDir::new().unwrap();
    let children: Vec<_> = ["Ann Smith", "ann smith", "ANN  SMITH"]
        .iter()
        .map(|name| {
            let mut child = Process::new(assert_cmd::cargo::cargo_bin("kartka"))
                .env("KARTKA_HOME", home.path())
                .env("KARTKA_NOW", NOW)
                .args([
                    "quiz", "example", "--seed", "7b", "--count", "3", "--name", name,
                ])
                .stdin(Stdio::piped())
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap();
            child
                .stdin
                .take()
                .unwrap()
                .write_all(b"a\n2005\ntrue\n")
                .unwrap();
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
    assert_eq!(
        files(&home.path().join("results")),
        [
            "example-ann-smith-20261122-090000-2.json",
            "example-ann-smith-20261122-090000-3.json",
            "example-ann-smith-20261122-090000.json",
        ]
    );
}

/// Killed after two answers: both are in the progress store.
#[test]
fn each_answer_is_saved_as_it_is_given() {
    let home = TempDir::new().unwrap();
    let mut child = Process::new(assert_cmd::cargo::cargo_bin("kartka"))
        .env("KARTKA_HOME", home.path())
        .env("KARTKA_NOW", NOW)
        .args([
            "quiz", "example", "--seed", "7b", "--count", "3", "--name", "Ann",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(b"a c d\n2005\n").unwrap();
    stdin.flush().unwrap();
    for line in BufReader::new(child.stdout.take().unwrap()).lines() {
        if line.unwrap().starts_with("Question 3 of 3") {
            break;
        }
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let db = rusqlite::Connection::open(home.path().join("progress.sqlite3")).unwrap();
    let saved: Vec<(i64, String)> = db
        .prepare("SELECT position, result FROM attempt_answers ORDER BY position")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(saved.len(), 2, "{saved:?}");
    let second: serde_json::Value = serde_json::from_str(&saved[1].1).unwrap();
    assert_eq!(
        (saved[1].0, &second["answer"], &second["correct"]),
        (1, &"2005".into(), &true.into())
    );
    assert!(
        !home.path().join("results").exists() || files(&home.path().join("results")).is_empty()
    );
}
