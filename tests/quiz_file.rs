//! Quiz files through the real binary in plain mode: running one, attempts refused past the limit, what
//! each review setting shows, `kartka check`'s diagnostics, `kartka new --quiz`, the schema, and the report
//! grading attempts by the quiz's method.

use assert_cmd::Command;
use predicates::str::contains;
use serde_json::Value;
use tempfile::TempDir;

const NOW: &str = "2026-11-22T09:00:00+03:00";

fn kartka(home: &TempDir) -> Command {
    let mut cmd = Command::cargo_bin("kartka").unwrap();
    cmd.env("KARTKA_HOME", home.path().join("home"))
        .env("KARTKA_NOW", NOW)
        .env("NO_COLOR", "1")
        .current_dir(home.path());
    cmd
}

/// Three true-or-false questions, each true, with explanations and a source: "true" to each scores 3.
const DECK: &str = r#"[deck]
id = "tf"
title = "True or false"

[[sources]]
id = "notes"
title = "Class notes"

[[cards]]
id = "park"
kind = "truefalse"
prompt = "The Hi-Tech Park opened in Minsk."
answer = true
explain = "Decree No. 12 set it up."
source = "notes"
tags = ["places"]

[[cards]]
id = "tax"
kind = "truefalse"
prompt = "Residents paid a lower income tax."
answer = true
explain = "Nine percent, flat."
source = "notes"
tags = ["taxes"]

[[cards]]
id = "epam"
kind = "truefalse"
prompt = "EPAM began in Belarus."
answer = true
explain = "It was founded there in 1993."
source = "notes"
tags = ["companies"]
"#;

/// A folder with the deck and a quiz file on it, with `settings` added to `[quiz]`.
fn class(settings: &str) -> TempDir {
    let dir = TempDir::new().unwrap();
    std::fs::write(dir.path().join("tf.toml"), DECK).unwrap();
    std::fs::write(
        dir.path().join("test.quiz.toml"),
        format!(
            "[quiz]\nid = \"tf-test\"\ntitle = \"TF test\"\ndeck = \"tf.toml\"\nseed = \"7b\"\nresults = \"class\"\n{settings}"
        ),
    )
    .unwrap();
    dir
}

fn take(dir: &TempDir, name: &str, answers: &str) -> assert_cmd::assert::Assert {
    kartka(dir)
        .args(["quiz", "test.quiz.toml", "--name", name])
        .write_stdin(answers)
        .assert()
}

fn stdout(a: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&a.get_output().stdout).into_owned()
}

fn results(dir: &TempDir) -> Vec<Value> {
    let mut files: Vec<_> = std::fs::read_dir(dir.path().join("class"))
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
fn a_quiz_file_runs_in_plain_mode_and_saves_to_its_folder() {
    let dir = class("count = 2\nattempts = 2\ngrading = \"mean\"\nreview = \"answers\"\n");
    let out = take(&dir, "Ann Smith", "true\nfalse\n").success();
    let text = stdout(&out);
    assert!(
        text.starts_with("Quiz: TF test · 2 questions · Ann Smith · attempt 1 of 2\n"),
        "{text}"
    );
    assert!(text.contains("Score: 1 / 2 (50%)"), "{text}");
    // review = "answers": the wrong answer's right one, why and where from.
    assert!(
        text.contains("Your answer: “false”. The answer: true")
            && text.contains("Why:")
            && text.contains("Source: Class notes"),
        "{text}"
    );
    assert!(
        text.ends_with(&format!(
            "Results saved to {}\n",
            std::path::Path::new("class")
                .join("tf-test-ann-smith-20261122-090000.json")
                .display()
        )),
        "{text}"
    );
    let r = &results(&dir)[0];
    assert_eq!(r["format_version"], 2);
    assert_eq!(
        r["quiz"],
        serde_json::json!({
            "id": "tf-test",
            "title": "TF test",
            "attempt": 1,
            "attempts_allowed": 2,
            "grading": "mean"
        })
    );
    assert_eq!(r["ended"], "completed");
    assert_eq!(r["seed"], "7b");
}

#[test]
fn an_attempt_past_the_limit_is_refused() {
    let dir = class("attempts = 2\n");
    take(&dir, "Ann Smith", "true\n\n\n").success();
    // A stopped attempt counts: closing the quiz must not buy another try.
    take(&dir, "ann  SMITH", "q\n").success();
    take(&dir, "Ann Smith", "true\ntrue\ntrue\n")
        .code(1)
        .stdout("")
        .stderr(
            "error: you have used 2 of 2 attempts at TF test\n\
             help: the quiz allows no more; ask your teacher if you need another\n",
        );
    // Another student is not held back.
    take(&dir, "Bob", "true\n").success();
    assert_eq!(results(&dir).len(), 3);
}

#[test]
fn review_score_shows_no_answer_nor_explanation_nor_source() {
    let dir = class("review = \"score\"\n");
    let text = stdout(&take(&dir, "Ann", "false\n\ntrue\n").success());
    let after = &text[text.find("Score: 1 / 3").expect(&text)..];
    for shown in [
        "answer",
        "Why",
        "Decree",
        "Nine percent",
        "1993",
        "Source",
        "Class notes",
        "right",
        "wrong",
    ] {
        assert!(!after.contains(shown), "{shown:?} shown: {after}");
    }
    assert!(after.contains("By tag:"), "{after}");
}

#[test]
fn review_marks_shows_right_or_wrong_but_no_answer() {
    let dir = class("review = \"marks\"\n");
    let text = stdout(&take(&dir, "Ann", "false\n\ntrue\n").success());
    let after = &text[text.find("Score: 1 / 3").expect(&text)..];
    assert_eq!(
        ["wrong", "not answered", "right"].map(|m| after.contains(&format!("\n   {m}\n"))),
        [true, true, true],
        "{after}"
    );
    assert!(
        !after.contains("The answer") && !after.contains("Why") && !after.contains("Source"),
        "{after}"
    );
}

#[test]
fn a_quiz_file_with_errors_is_refused_and_its_settings_cannot_be_overridden() {
    let dir = class("review = \"score\"\nfeedback = \"each\"\n");
    take(&dir, "Ann", "true\n")
        .code(1)
        .stdout("")
        .stderr(contains(
            "error: `feedback = \"each\"` shows every answer, but `review = \"score\"` hides them",
        ))
        .stderr(contains(
            "error: the quiz file `test.quiz.toml` has 1 error\nhelp: fix the quiz file; `kartka help quiz-format` describes it\n",
        ));
    let dir = class("");
    kartka(&dir)
        .args(["quiz", "test.quiz.toml", "--name", "Ann", "--count", "1"])
        .assert()
        .code(1)
        .stderr("error: --count cannot change a quiz file's settings: the quiz file `test.quiz.toml` sets them\n");
}

#[test]
fn check_reports_every_mistake_in_a_quiz_file_where_it_is() {
    let dir = class("");
    std::fs::write(
        dir.path().join("bad.quiz.toml"),
        "[quiz]\nid = \"tf-2\"\ntitle = \"TF 2\"\ndeck = \"tf.toml\"\ncount = 5\ndraw = { taxs = 1 }\ngradin = \"best\"\ntime_limit = 15\n",
    )
    .unwrap();
    let out = kartka(&dir)
        .args(["check", "bad.quiz.toml", "test.quiz.toml"])
        .assert()
        .code(1);
    assert_eq!(
        stdout(&out),
        r#"error: `count` is 5, but deck `tf` has 3 questions (flash cards are not used in quizzes)
 --> bad.quiz.toml:5:9
  |
5 | count = 5
  |         ^ 3 available
  |
  = help: write `count = 3` or less

error: no question in deck `tf` has the tag `taxs`
 --> bad.quiz.toml:6:10
  |
6 | draw = { taxs = 1 }
  |          ^^^^ unknown tag
  |
  = help: did you mean `taxes`?

error: unknown key `gradin` in `[quiz]`
 --> bad.quiz.toml:7:1
  |
7 | gradin = "best"
  | ^^^^^^ unknown key
  |
  = help: did you mean `grading`?

error: `time_limit` must be a duration, not an integer
 --> bad.quiz.toml:8:14
  |
8 | time_limit = 15
  |              ^^ expected a duration
  |
  = help: write a duration with its unit: `time_limit = "15m"`

failed: 0 decks (0 cards), 2 quizzes, 4 errors, 0 warnings
"#
    );
    std::fs::write(
        dir.path().join("bad.quiz.toml"),
        "[quiz]\nid = \"tf-2\"\ntitle = \"TF 2\"\ndeck = [\"tf\", \"example\"]\n",
    )
    .unwrap();
    kartka(&dir)
        .args(["check", "bad.quiz.toml"])
        .assert()
        .code(1)
        .stdout(contains(
            "error: a quiz draws from one deck\n --> bad.quiz.toml:4:8\n",
        ));
    std::fs::write(
        dir.path().join("bad.quiz.toml"),
        "[quiz]\nid = \"tf-2\"\ntitle = \"TF 2\"\ndeck = \"belarus-htq\"\n",
    )
    .unwrap();
    kartka(&dir)
        .args(["check", "bad.quiz.toml"])
        .assert()
        .code(1)
        .stdout(contains(
            "error: no deck `belarus-htq`\n --> bad.quiz.toml:4:8\n  |\n4 | deck = \"belarus-htq\"\n  |        ^^^^^^^^^^^^^ the quiz draws from this deck\n  |\n  = help: did you mean `belarus-htp`? `kartka decks` lists every deck\n",
        ));
}

#[test]
fn new_quiz_writes_a_file_that_passes_check_strict_and_the_schema() {
    let dir = TempDir::new().unwrap();
    kartka(&dir)
        .args(["new", "--quiz", "htp-test"])
        .assert()
        .success()
        .stdout("Wrote htp-test.quiz.toml. Set its deck and settings, then run `kartka check htp-test.quiz.toml`; students take it with `kartka quiz htp-test.quiz.toml`.\n");
    let text = std::fs::read_to_string(dir.path().join("htp-test.quiz.toml")).unwrap();
    assert!(
        text.contains("\nid = \"htp-test\"\n") && text.contains("\ntitle = \"Htp test\"\n"),
        "{text}"
    );
    kartka(&dir)
        .args(["check", "--strict", "htp-test.quiz.toml"])
        .assert()
        .success()
        .stdout("ok: 0 decks (0 cards), 1 quiz, 0 errors, 0 warnings\n");
    let schema = jsonschema::validator_for(&kartka::quiz::schema::schema().to_value()).unwrap();
    let json: Value = toml::from_str(&text).unwrap();
    assert!(schema.is_valid(&json));
    for bad in [
        "[quiz]\nid = \"q\"\ntitle = \"Q\"\ndeck = \"d\"\ngrading = \"highest\"\n",
        "[quiz]\nid = \"Q\"\ntitle = \"Q\"\ndeck = \"d\"\n",
        "[quiz]\nid = \"q\"\ntitle = \"Q\"\ndeck = [\"a\", \"b\"]\n",
        "[quiz]\nid = \"q\"\ntitle = \"Q\"\ndeck = \"d\"\ntime_limit = \"soon\"\n",
        "[quiz]\nid = \"q\"\ntitle = \"Q\"\ndeck = \"d\"\ndraw = { dates = 0 }\n",
        "[quiz]\nid = \"q\"\ntitle = \"Q\"\n",
    ] {
        let json: Value = toml::from_str(bad).unwrap();
        assert!(!schema.is_valid(&json), "{bad}");
        assert!(
            !kartka::quiz::file::parse(bad).diagnostics.is_empty(),
            "{bad}"
        );
    }
    // The skeleton runs as written.
    kartka(&dir)
        .args(["quiz", "htp-test.quiz.toml", "--name", "Ann"])
        .write_stdin("\n\n\n\n\n")
        .assert()
        .success()
        .stdout(contains("Results saved to results"));
}

#[test]
fn the_committed_quiz_schema_matches_the_types() {
    let committed = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/schema/quiz.schema.json"
    ))
    .unwrap();
    let dir = TempDir::new().unwrap();
    let out = kartka(&dir).args(["schema", "--quiz"]).assert().success();
    assert_eq!(
        stdout(&out),
        committed,
        "schema/quiz.schema.json is out of date: run `cargo run -- schema --quiz > schema/quiz.schema.json`"
    );
}

#[test]
fn help_quiz_format_prints_the_reference() {
    let dir = TempDir::new().unwrap();
    kartka(&dir)
        .args(["help", "quiz-format"])
        .assert()
        .success()
        .stdout(contains("# The kartka quiz file format\n"));
}

/// The report's figures for Ann, who scores 0 of 3, then 3 of 3, then 2 of 3 (a stopped attempt).
fn ann(grading: &str, args: &[&str]) -> (Value, String) {
    let dir = class(&format!(
        "attempts = 2\ngrading = \"{grading}\"\nreview = \"marks\"\n"
    ));
    take(&dir, "Ann", "false\nfalse\nfalse\n").success();
    take(&dir, "Ann", "true\ntrue\ntrue\n").success();
    take(&dir, "Bob", "true\nq\n").success();
    // A third attempt from another machine's store, copied into the folder.
    let mut third = results(&dir)
        .into_iter()
        .find(|r| r["student"] == "Ann" && r["quiz"]["attempt"] == 1)
        .unwrap();
    third["started_at"] = "2026-11-22T10:00:00+03:00".into();
    third["quiz"]["attempt"] = 3.into();
    std::fs::write(
        dir.path().join("class").join("ann-3.json"),
        third.to_string(),
    )
    .unwrap();
    let out = kartka(&dir)
        .args(["report", "class", "--format", "json"])
        .args(args)
        .assert()
        .success()
        .stderr("warning: Ann has 3 attempts at quiz `tf-test`, which allows 2\n");
    let json: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let table = kartka(&dir)
        .args(["report", "class"])
        .args(args)
        .assert()
        .success();
    (json["groups"][0].clone(), stdout(&table))
}

#[test]
fn the_report_grades_by_the_quiz_files_method() {
    let (g, table) = ann("best", &[]);
    assert_eq!(g["graded_by"], "best attempt");
    assert_eq!(g["student_count"], 2);
    let a = &g["students"][0];
    assert_eq!(
        (a["name"].as_str(), a["score"].as_f64()),
        (Some("Ann"), Some(3.0))
    );
    assert_eq!(a["attempt"], 2);
    assert_eq!(
        a["ended"],
        serde_json::json!(["submitted", "submitted", "submitted"])
    );
    assert!(
        table.starts_with(
            "TF test (quiz tf-test, deck tf) · 2 students · graded by best attempt · mean "
        ),
        "{table}"
    );
    assert!(table.contains("Bob      1 of 1   stopped  "), "{table}");

    let (g, _) = ann("mean", &[]);
    let a = &g["students"][0];
    // (0 + 3 + 0) / 3: the copied third attempt is the first one again.
    assert_eq!(
        (a["score"].as_f64(), a["percent"].as_f64()),
        (Some(1.0), Some(100.0 / 3.0))
    );
    assert_eq!(a["attempt"], Value::Null);

    // `--attempts all` has a row per attempt, and still counts students.
    let (g, table) = ann("best", &["--attempts", "all"]);
    assert_eq!(g["students"].as_array().unwrap().len(), 4);
    assert_eq!(g["student_count"], 2);
    assert!(
        table.contains(" · 2 students · graded by every attempt · "),
        "{table}"
    );
}

/// Per-tag counts through the binary: over many seeds, the quiz holds its question tagged `taxes`, and as many
/// questions as `count` says.
#[test]
fn per_tag_counts_hold_over_many_seeds() {
    let dir = class("count = 2\ndraw = { taxes = 1 }\n");
    let mut drawn = std::collections::BTreeSet::new();
    for seed in 0..20 {
        let text = std::fs::read_to_string(dir.path().join("test.quiz.toml"))
            .unwrap()
            .replace("seed = \"7b\"", &format!("seed = \"{seed}\""));
        std::fs::write(dir.path().join(format!("s{seed}.quiz.toml")), text).unwrap();
        let out = kartka(&dir)
            .args(["quiz", &format!("s{seed}.quiz.toml"), "--name", "Ann"])
            .write_stdin("\n\n")
            .assert()
            .success();
        let text = stdout(&out);
        assert!(text.contains(" · 2 questions · "), "{text}");
        let path = text
            .lines()
            .last()
            .unwrap()
            .strip_prefix("Results saved to ")
            .unwrap();
        let r: Value =
            serde_json::from_str(&std::fs::read_to_string(dir.path().join(path)).unwrap()).unwrap();
        let items: Vec<&str> = r["questions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|q| q["item"].as_str().unwrap())
            .collect();
        assert!(items.contains(&"tax"), "seed {seed}: {items:?}");
        drawn.extend(items.iter().map(|i| i.to_string()));
    }
    // The rest of the count comes from every other question.
    assert_eq!(drawn.len(), 3, "{drawn:?}");
}
