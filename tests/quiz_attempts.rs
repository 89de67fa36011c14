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

/// Starts a quiz, gives `answers`, waits for the question after them, and kills the process (SIGKILL).
fn killed_after(home: &TempDir, extra: &[&str], answers: &str, until: &str, frozen: bool) {
    let mut cmd = Process::new(assert_cmd::cargo::cargo_bin("kartka"));
    cmd.env("KARTKA_HOME", home.path())
        .args([
            "quiz", "example", "--seed", "7b", "--count", "3", "--name", "Ann",
        ])
        .args(extra)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped());
    if frozen {
        cmd.env("KARTKA_NOW", NOW);
    } else {
        cmd.env_remove("KARTKA_NOW");
    }
    let mut child = cmd.spawn().unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(answers.as_bytes()).unwrap();
    stdin.flush().unwrap();
    for line in BufReader::new(child.stdout.take().unwrap()).lines() {
        if line.unwrap().starts_with(until) {
            break;
        }
    }
    child.kill().unwrap();
    child.wait().unwrap();
}

fn attempts(home: &TempDir) -> i64 {
    let db = rusqlite::Connection::open(home.path().join("progress.sqlite3")).unwrap();
    db.query_row("SELECT count(*) FROM attempts", [], |r| r.get(0))
        .unwrap()
}

fn only_results(home: &TempDir) -> serde_json::Value {
    let dir = home.path().join("results");
    let names = files(&dir);
    assert_eq!(names.len(), 1, "{names:?}");
    serde_json::from_str(&std::fs::read_to_string(dir.join(&names[0])).unwrap()).unwrap()
}

/// Killed after two answers (the second flagged), the same quiz run again for the same student (names
/// compared loosely) goes on at the third question with both answers and the flag kept, in the same attempt.
#[test]
fn a_quiz_killed_midway_is_resumed_where_it_stopped() {
    let home = TempDir::new().unwrap();
    killed_after(&home, &[], "a c d\n:flag\n2005\n", "Question 3 of 3", true);
    let mut cmd = kartka(&home);
    cmd.args([
        "quiz", "example", "--seed", "7b", "--count", "3", "--name", " ann ",
    ]);
    cmd.write_stdin("false\n\n")
        .assert()
        .success()
        .stdout(contains(
            "Resuming your attempt begun at 09:00: 2 of 3 questions answered.\n\nQuestion 3 of 3",
        ))
        .stdout(contains("Summary: 3 answered, 0 unanswered, 1 flagged"))
        .stdout(contains("Score: 3 / 3 (100%)"));
    let results = only_results(&home);
    assert_eq!(results["ended"], "completed");
    let answers: Vec<&str> = results["questions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["answer"].as_str().unwrap())
        .collect();
    assert_eq!(answers, ["a c d", "2005", "false"]);
    assert_eq!(attempts(&home), 1, "the resumed attempt is the same one");
    // Once finished, the next run is a new attempt.
    quiz(&home, "Ann")
        .write_stdin("")
        .assert()
        .success()
        .stdout(contains("Resuming").not());
}

/// An attempt whose time ran out while it was cut short is submitted with what it had, and the student
/// is told; another seed or deck setting is another quiz, and starts afresh.
#[test]
fn a_resumed_attempt_whose_time_ran_out_is_submitted_as_it_stood() {
    let home = TempDir::new().unwrap();
    killed_after(
        &home,
        &["--time-limit", "2s"],
        "a c d\n",
        "Question 2 of 3",
        false,
    );
    std::thread::sleep(std::time::Duration::from_millis(2500));
    let mut other = Command::cargo_bin("kartka").unwrap();
    other
        .env("KARTKA_HOME", home.path())
        .env_remove("KARTKA_NOW")
        .args([
            "quiz", "example", "--seed", "7b", "--count", "2", "--name", "Ann",
        ])
        .args(["--time-limit", "2s"])
        .write_stdin("")
        .assert()
        .success()
        .stdout(contains("Resuming").not());
    let mut again = Command::cargo_bin("kartka").unwrap();
    again
        .env("KARTKA_HOME", home.path())
        .env_remove("KARTKA_NOW")
        .args([
            "quiz", "example", "--seed", "7b", "--count", "3", "--name", "Ann",
        ])
        .args(["--time-limit", "2s"])
        .write_stdin("")
        .assert()
        .success()
        .stdout(contains(
            "ran out of time while it was interrupted: it is submitted with its 1 answer.",
        ))
        .stdout(contains("Time is up (2s)"));
    let dir = home.path().join("results");
    let timed_out: Vec<serde_json::Value> = files(&dir)
        .iter()
        .map(|n| serde_json::from_str(&std::fs::read_to_string(dir.join(n)).unwrap()).unwrap())
        .filter(|r: &serde_json::Value| r["questions"].as_array().unwrap().len() == 3)
        .collect();
    assert_eq!(timed_out.len(), 1);
    assert_eq!(timed_out[0]["ended"], "time-limit");
    let took = chrono::DateTime::parse_from_rfc3339(timed_out[0]["finished_at"].as_str().unwrap())
        .unwrap()
        - chrono::DateTime::parse_from_rfc3339(timed_out[0]["started_at"].as_str().unwrap())
            .unwrap();
    assert!(
        took <= chrono::Duration::seconds(2),
        "it ended at its limit, not when reopened: {took}"
    );
    assert_eq!(timed_out[0]["questions"][0]["answer"], "a c d");
    assert!(timed_out[0]["questions"][1]["answer"].is_null());
}
