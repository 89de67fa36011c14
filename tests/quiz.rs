//! `kartka quiz` through the real binary in plain mode: the draw, the results file, and its safety rules.

use assert_cmd::Command;
use predicates::str::contains;
use tempfile::TempDir;

const NOW: &str = "2026-11-22T09:00:00+03:00";

fn kartka(home: &TempDir) -> Command {
    let mut cmd = Command::cargo_bin("kartka").unwrap();
    cmd.env("KARTKA_HOME", home.path())
        .env("KARTKA_NOW", NOW)
        .env_remove("NO_COLOR");
    cmd
}

fn results(home: &TempDir) -> Vec<serde_json::Value> {
    let dir = home.path().join("results");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
        .iter()
        .map(|f| serde_json::from_str(&std::fs::read_to_string(f).unwrap()).unwrap())
        .collect()
}

#[test]
fn a_quiz_end_to_end_writes_the_results_file() {
    let home = TempDir::new().unwrap();
    let out = kartka(&home)
        .args([
            "quiz",
            "example",
            "--seed",
            "7b",
            "--count",
            "3",
            "--name",
            "Ann Smith",
        ])
        .write_stdin("a\n2005\n\n")
        .assert()
        .success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(
        text.contains("Quiz: A tour of the card kinds · 3 questions · Ann Smith\n"),
        "{text}"
    );
    assert!(
        text.contains("Question 1 of 3\nWhich of these were privileges of Hi-Tech Park residents"),
        "{text}"
    );
    assert!(text.contains("Score: 1.33 / 3 (44%)"), "{text}");
    // A letter is shown as the option it stood for.
    assert!(
        text.contains("Your answer: “Exemption from income tax and VAT”. The answer: "),
        "{text}"
    );
    let path = home
        .path()
        .join("results/example-ann-smith-20261122-090000.json");
    assert!(
        text.contains(&format!("Results saved to {}", path.display())),
        "{text}"
    );

    let all = results(&home);
    assert_eq!(all.len(), 1);
    let r = &all[0];
    assert_eq!(r["format_version"], 1);
    assert_eq!(r["deck"]["id"], "example");
    assert_eq!(r["deck"]["hash"].as_str().unwrap().len(), 64);
    assert_eq!(r["student"], "Ann Smith");
    assert_eq!(r["seed"], "7b");
    assert_eq!(r["started_at"], NOW);
    assert_eq!(r["ended"], "completed");
    let items: Vec<&str> = r["questions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["item"].as_str().unwrap())
        .collect();
    assert_eq!(
        items,
        [
            "htp-privileges",
            "htp-decree-year#c2",
            "minsk-computers-western"
        ]
    );
    let q0 = &r["questions"][0];
    assert_eq!(q0["kind"], "multi");
    assert_eq!(q0["answer"], "a");
    assert_eq!(q0["options"][0], "Exemption from income tax and VAT");
    assert_eq!(q0["correct"], false);
    assert_eq!(
        r["questions"][2]["answer"],
        serde_json::Value::Null,
        "an empty answer is no answer"
    );
    assert_eq!(r["questions"][2]["score"], 0.0);
}

#[test]
fn the_same_seed_gives_every_student_the_same_questions() {
    let home = TempDir::new().unwrap();
    for name in ["Ann", "Bob"] {
        kartka(&home)
            .args([
                "quiz",
                "belarus-htp",
                "--seed",
                "class-7b",
                "--count",
                "5",
                "--name",
                name,
            ])
            .write_stdin("q\n")
            .assert()
            .success();
    }
    for name in ["Cat", "Dan"] {
        kartka(&home)
            .args([
                "quiz",
                "belarus-htp",
                "--seed",
                "class-7b",
                "--count",
                "5",
                "--per-student",
                "--name",
                name,
            ])
            .write_stdin("q\n")
            .assert()
            .success();
    }
    let drawn = |r: &serde_json::Value| -> Vec<(String, serde_json::Value)> {
        r["questions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|q| {
                (
                    q["item"].as_str().unwrap().to_string(),
                    q["options"].clone(),
                )
            })
            .collect()
    };
    let all = results(&home);
    let by = |name: &str| all.iter().find(|r| r["student"] == name).unwrap();
    assert_eq!(drawn(by("Ann")), drawn(by("Bob")));
    assert_ne!(drawn(by("Cat")), drawn(by("Dan")));
    assert_eq!(by("Ann")["ended"], "stopped");
    assert_eq!(
        by("Ann")["questions"].as_array().unwrap().len(),
        5,
        "unreached questions are kept, scoring 0"
    );
}

#[test]
fn results_are_never_overwritten_without_force() {
    let home = TempDir::new().unwrap();
    let out = home.path().join("ann.json");
    std::fs::write(&out, "{}").unwrap();
    kartka(&home)
        .args(["quiz", "example", "--name", "Ann", "--out"])
        .arg(&out)
        .write_stdin("q\n")
        .assert()
        .code(1)
        .stdout("")
        .stderr(format!(
            "error: `{}` already exists\nhelp: choose another --out, or pass --force to replace it\n",
            out.display()
        ));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "{}");
    kartka(&home)
        .args(["quiz", "example", "--name", "Ann", "--force", "--out"])
        .arg(&out)
        .write_stdin("q\n")
        .assert()
        .success();
    assert!(
        std::fs::read_to_string(&out)
            .unwrap()
            .contains("\"format_version\": 1")
    );
    // Two quizzes in the same second by the same student do not collide either.
    for _ in 0..2 {
        kartka(&home)
            .args(["quiz", "example", "--name", "Ann"])
            .write_stdin("q\n")
            .assert()
            .success();
    }
    assert_eq!(results(&home).len(), 2);
}

#[test]
fn record_counts_the_answers_as_study_reviews() {
    let home = TempDir::new().unwrap();
    kartka(&home)
        .args([
            "quiz", "example", "--seed", "7b", "--count", "2", "--name", "Ann", "--record",
        ])
        .write_stdin("a c d\n2005\n")
        .assert()
        .success()
        .stdout(contains(
            "Your answers were also recorded as study reviews.",
        ));
    let db = rusqlite::Connection::open(home.path().join("progress.sqlite3")).unwrap();
    let n: i64 = db
        .query_row("SELECT COUNT(*) FROM reviews", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 2);
}

#[test]
fn bad_options_are_reported() {
    let home = TempDir::new().unwrap();
    kartka(&home)
        .args(["quiz", "example", "--name", "A", "--time-limit", "soon"])
        .assert()
        .code(1)
        .stderr("error: --time-limit `soon` is not a duration: write it like 15m, 90s or 1h\n");
    kartka(&home)
        .args(["quiz", "example", "--name", "A", "--tag", "nothing"])
        .assert()
        .code(1)
        .stderr(contains(
            "error: no questions in `example` match the tags nothing",
        ));
}

#[test]
fn without_a_terminal_a_quiz_needs_a_name() {
    let home = TempDir::new().unwrap();
    kartka(&home)
        .args(["quiz", "example", "--count", "5"])
        .write_stdin("")
        .assert()
        .code(1)
        .stdout("")
        .stderr(
            "error: a quiz needs the student's name, and there is no terminal to ask for it on: \
             pass --name \"NAME\"\n",
        );
    assert!(!home.path().join("results").exists());
}

#[test]
fn quizzes_then_a_report_over_the_results_folder() {
    let home = TempDir::new().unwrap();
    // Three students take the same 3-question quiz (a multi, a cloze, a true/false for seed 7b).
    for (name, input) in [
        ("Ann", "a c d\n2005\nfalse\n"),
        ("Bob", "a\n2005\ntrue\n"),
        ("Cat", "b\n2004\ntrue\n"),
    ] {
        kartka(&home)
            .args([
                "quiz", "example", "--seed", "7b", "--count", "3", "--name", name,
            ])
            .write_stdin(input)
            .assert()
            .success();
    }
    let out = Command::cargo_bin("kartka")
        .unwrap()
        .arg("report")
        .arg(home.path().join("results"))
        .assert()
        .success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(
        text.starts_with("A tour of the card kinds (example) · 3 students · mean "),
        "{text}"
    );
    assert!(
        text.contains("minsk-computers-western  truefalse  3  0.33"),
        "{text}"
    );
    assert!(text.contains("“true” ×2"), "{text}");
    assert!(
        text.contains("htp-decree-year#c2       cloze      3  0.67"),
        "{text}"
    );
}

/// Without a terminal, a quiz ends at its time limit even while its input stays open: the student's answers
/// so far count, the rest score 0, and the end says the time ran out.
#[test]
fn a_time_limit_ends_a_plain_quiz_whose_input_stays_open() {
    use std::io::Write;
    use std::process::{Command, Stdio};
    use std::time::{Duration, Instant};
    let home = TempDir::new().unwrap();
    // The real clock: a frozen KARTKA_NOW never runs out.
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("kartka"))
        .args([
            "quiz", "example", "--seed", "7b", "--count", "3", "--name", "Ann",
        ])
        .args(["--time-limit", "5s"])
        .env("KARTKA_HOME", home.path())
        .env("NO_COLOR", "1")
        .env_remove("KARTKA_NOW")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(b"a\n").unwrap();
    stdin.flush().unwrap();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "the quiz waited for input past its limit"
        );
        std::thread::sleep(Duration::from_millis(100));
    };
    let took = started.elapsed();
    drop(stdin);
    assert!(status.success());
    assert!(took >= Duration::from_secs(4), "ended after {took:?}");
    let mut text = String::new();
    std::io::Read::read_to_string(&mut child.stdout.take().unwrap(), &mut text).unwrap();
    assert!(text.contains("Question 1 of 3 · 0:05 left"), "{text}");
    assert!(
        text.contains(
            "Time is up (5s): the quiz was submitted with the answers given. Questions not answered score 0."
        ),
        "{text}"
    );
    let results = results(&home);
    assert_eq!(results[0]["ended"], "time-limit");
    let answers: Vec<&serde_json::Value> = results[0]["questions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| &q["answer"])
        .collect();
    assert_eq!(
        answers,
        [
            &serde_json::json!("a"),
            &serde_json::Value::Null,
            &serde_json::Value::Null
        ]
    );
}

/// In plain mode a student skips, flags, goes back and changes an answer, and submits from the summary;
/// `q` asks first, and keeping going is the default.
#[test]
fn a_plain_quiz_goes_back_flags_and_asks_before_submitting() {
    let home = TempDir::new().unwrap();
    let out = kartka(&home)
        .args([
            "quiz", "example", "--seed", "7b", "--count", "3", "--name", "Ann",
        ])
        // Q1 skipped; Q2 flagged and answered wrongly; from Q3 back to Q2 to change the answer; at Q3 `q`,
        // and Enter keeps going; Q3 answered; at the summary, 1 goes to Q1, answered, which leads back to
        // the summary; there `:list`-style rows show each question; an empty line submits.
        .write_stdin("\n:flag\n2004\n:back\n2005\nq\n\ntrue\n1\na c d\n\n")
        .assert()
        .success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(text.contains("Flagged."), "{text}");
    assert!(
        text.contains("Submit now? 2 questions are unanswered. [y/N, l to list]"),
        "{text}"
    );
    assert!(
        text.contains("(answered: 2004; type another to change it)"),
        "{text}"
    );
    assert!(
        text.contains("Summary: 2 answered, 1 unanswered, 1 flagged\n  1. unanswered · Which of these were privileges of Hi-Tech Park…\n  2. answered · ⚑ flagged · A presidential decree launched the High…\n"),
        "{text}"
    );
    assert!(
        text.contains("Summary: 3 answered, 0 unanswered, 1 flagged"),
        "a question gone to from the summary leads back to it: {text}"
    );
    assert!(text.contains("Score: 2 / 3 (67%)"), "{text}");
    let results = results(&home);
    assert_eq!(results[0]["ended"], "completed");
    let answers: Vec<&str> = results[0]["questions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["answer"].as_str().unwrap())
        .collect();
    assert_eq!(answers, ["a c d", "2005", "true"]);
}

/// In plain mode `:list` shows where the quiz stands and Enter goes back to the question: it never submits.
#[test]
fn list_goes_back_to_the_question_and_never_submits() {
    let home = TempDir::new().unwrap();
    let out = kartka(&home)
        .args([
            "quiz", "example", "--seed", "7b", "--count", "3", "--name", "Ann",
        ])
        .write_stdin("a\n:list\n\n2005\n")
        .assert()
        .success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(
        text.contains("Type a question's number to go to it, Enter to go back to question 2, :submit to submit: \n\nQuestion 2 of 3"),
        "{text}"
    );
    assert!(text.contains("> 2005"), "{text}");
}
