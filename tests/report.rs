//! `kartka report` on a class of six students and five questions whose figures were worked out by hand
//! (and checked with a separate Python calculation):
//!
//! |      | q1 | q2 | q3  | q4 | q5 | total |
//! |------|----|----|-----|----|----|-------|
//! | Ann  | 1  | 1  | 1   | 1  | 0  | 4     |
//! | Bob  | 1  | 1  | 1   | 0  | 0  | 3     |
//! | Cat  | 1  | 1  | 0.5 | 1  | 0  | 3.5   |
//! | Dan  | 1  | 0  | 1   | 0  | 1  | 3     |
//! | Eve  | 1  | 0  | 0   | 0  | 1  | 2     |
//! | Fay  | 1  | 0  | 0   | 0  | 0  | 1     |
//!
//! Facility: 1.00, 0.50, 0.58, 0.33, 0.33. Discrimination (100 × the correlation of each question with the
//! rest of the test): n/a (everyone right), 36.1, 49.5, 32.2, −55.4. Tags: dates (q1, q2) 75%, people (q3,
//! q4) 45.8%, money (q5) 33.3%.

use assert_cmd::Command;
use predicates::prelude::*;
use predicates::str::contains;
use serde_json::{Value, json};
use tempfile::TempDir;

const SCORES: [(&str, [f64; 5]); 6] = [
    ("Ann", [1.0, 1.0, 1.0, 1.0, 0.0]),
    ("Bob", [1.0, 1.0, 1.0, 0.0, 0.0]),
    ("Cat", [1.0, 1.0, 0.5, 1.0, 0.0]),
    ("Dan", [1.0, 0.0, 1.0, 0.0, 1.0]),
    ("Eve", [1.0, 0.0, 0.0, 0.0, 1.0]),
    ("Fay", [1.0, 0.0, 0.0, 0.0, 0.0]),
];

/// Wrong answers to q2, a choice among 2005, 2003 and 2007 (a is right).
fn q2_answer(student: &str) -> &'static str {
    match student {
        "Dan" | "Eve" => "b",
        "Fay" => "c",
        _ => "a",
    }
}

fn results(student: &str, scores: [f64; 5], hash: &str, minute: u32) -> Value {
    let tags = [["dates"], ["dates"], ["people"], ["people"], ["money"]];
    let questions: Vec<Value> = (0..5)
        .map(|i| {
            json!({
                "item": format!("q{}", i + 1),
                "kind": if i == 1 { "choice" } else { "text" },
                "prompt": format!("Question {}?", i + 1),
                "options": if i == 1 { json!(["2005", "2003", "2007"]) } else { json!([]) },
                "tags": tags[i],
                "answer": if i == 1 { q2_answer(student) } else if scores[i] > 0.0 { "right" } else { "wrong" },
                "expected": "right",
                "correct": scores[i] == 1.0,
                "score": scores[i],
                "seconds": 10.0,
            })
        })
        .collect();
    json!({
        "format_version": 1,
        "kartka_version": "0.1.0",
        "deck": { "id": "htp", "title": "Hi-Tech Park", "version": 1, "hash": hash },
        "student": student,
        "started_at": format!("2026-11-22T09:{minute:02}:00+03:00"),
        "finished_at": format!("2026-11-22T09:{:02}:30+03:00", minute + 5),
        "seed": "7b",
        "per_student": false,
        "shuffled": true,
        "time_limit": null,
        "ended": "completed",
        "questions": questions,
        "score": scores.iter().sum::<f64>(),
        "max_score": 5.0,
    })
}

fn class() -> TempDir {
    let dir = TempDir::new().unwrap();
    for (name, scores) in SCORES {
        let path = dir.path().join(format!("{}.json", name.to_lowercase()));
        std::fs::write(
            path,
            serde_json::to_string_pretty(&results(name, scores, "h1", 0)).unwrap(),
        )
        .unwrap();
    }
    dir
}

fn report(dir: &TempDir, args: &[&str]) -> String {
    let out = Command::cargo_bin("kartka")
        .unwrap()
        .arg("report")
        .arg(dir.path())
        .args(args)
        .assert()
        .success();
    String::from_utf8(out.get_output().stdout.clone()).unwrap()
}

fn round(v: &Value) -> f64 {
    (v.as_f64().unwrap() * 10.0).round() / 10.0
}

#[test]
fn item_analysis_matches_the_hand_worked_figures() {
    let dir = class();
    let json: Value = serde_json::from_str(&report(&dir, &["--format", "json"])).unwrap();
    let g = &json["groups"][0];
    let questions = g["questions"].as_array().unwrap();
    let facility: Vec<f64> = questions
        .iter()
        .map(|q| (q["facility"].as_f64().unwrap() * 100.0).round() / 100.0)
        .collect();
    assert_eq!(facility, [1.0, 0.5, 0.58, 0.33, 0.33]);
    let disc: Vec<Option<f64>> = questions
        .iter()
        .map(|q| {
            q["discrimination"]
                .as_f64()
                .map(|d| (d * 10.0).round() / 10.0)
        })
        .collect();
    assert_eq!(
        disc,
        [None, Some(36.1), Some(49.5), Some(32.2), Some(-55.4)]
    );
    assert_eq!(questions[0]["flags"], json!(["too easy"]));
    assert_eq!(questions[4]["flags"], json!(["negative discrimination"]));
    assert_eq!(questions[2]["flags"], json!([]));
    // Distractor analysis shows the options the letters stood for.
    assert_eq!(
        questions[1]["wrong_answers"],
        json!([["2003", 2], ["2007", 1]])
    );
    let tags: Vec<(String, f64)> = g["tags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (t["tag"].as_str().unwrap().to_string(), round(&t["mastery"])))
        .collect();
    assert_eq!(
        tags,
        [
            ("dates".into(), 75.0),
            ("money".into(), 33.3),
            ("people".into(), 45.8)
        ]
    );
    let students = g["students"].as_array().unwrap();
    let cat = students.iter().find(|s| s["name"] == "Cat").unwrap();
    assert_eq!(
        (
            cat["score"].as_f64(),
            round(&cat["percent"]),
            cat["seconds"].as_i64()
        ),
        (Some(3.5), 70.0, Some(330))
    );
    assert_eq!(
        cat["weakest_tags"],
        json!([["money", 0.0], ["people", 75.0]])
    );
    let ann = students.iter().find(|s| s["name"] == "Ann").unwrap();
    assert_eq!(ann["weakest_tags"], json!([["money", 0.0]]));
    assert_eq!(g["histogram"], json!([0, 0, 1, 0, 1, 0, 2, 1, 1, 0]));
}

#[test]
fn the_table_reads_well_in_a_terminal() {
    let dir = class();
    let text = report(&dir, &[]);
    assert!(
        text.starts_with("Hi-Tech Park (htp) · 6 students · mean 55%\n\n"),
        "{text}"
    );
    assert!(
        text.contains("STUDENT  ATTEMPT  ENDED      SCORE    %    TIME   WEAKEST TAGS\n"),
        "{text}"
    );
    assert!(
        text.contains("Cat      1 of 1   submitted  3.5 / 5  70%  5m30s  money 0%, people 75%\n"),
        "{text}"
    );
    assert!(
        text.contains("q1        text    6  1.00      n/a       too easy\n"),
        "{text}"
    );
    assert!(text.contains("q2        choice  6  0.50      36.1                               “2003” ×2, “2007” ×1\n"), "{text}");
    assert!(
        text.contains(
            "q5        text    6  0.33      -55.4     negative discrimination  “wrong” ×4\n"
        ),
        "{text}"
    );
    assert!(
        text.contains("TAG     QUESTIONS  ANSWERS  MASTERY\n"),
        "{text}"
    );
    assert!(text.contains("people  2          12       46%\n"), "{text}");
}

#[test]
fn attempts_pick_which_result_counts() {
    let dir = class();
    // Ann takes it again later and does worse.
    let retake = results("ann ", [1.0, 0.0, 0.0, 0.0, 0.0], "h1", 30);
    std::fs::write(dir.path().join("ann-2.json"), retake.to_string()).unwrap();
    let score = |args: &[&str]| -> Vec<(f64, u64)> {
        let json: Value = serde_json::from_str(&report(&dir, args)).unwrap();
        json["groups"][0]["students"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| {
                s["name"]
                    .as_str()
                    .unwrap()
                    .trim()
                    .eq_ignore_ascii_case("ann")
            })
            .map(|s| (s["score"].as_f64().unwrap(), s["attempt"].as_u64().unwrap()))
            .collect()
    };
    assert_eq!(score(&["--format", "json"]), [(1.0, 2)], "last by default");
    assert_eq!(
        score(&["--format", "json", "--attempts", "best"]),
        [(4.0, 1)]
    );
    assert_eq!(
        score(&["--format", "json", "--attempts", "first"]),
        [(4.0, 1)]
    );
    assert_eq!(
        score(&["--format", "json", "--attempts", "all"]),
        [(4.0, 1), (1.0, 2)]
    );
    // A row per attempt, but the class is still six students.
    assert!(report(&dir, &["--attempts", "all"]).starts_with("Hi-Tech Park (htp) · 6 students · "));
    // The mean of Ann's two attempts: (4 + 1) / 2; a mean is no one attempt.
    let json: Value =
        serde_json::from_str(&report(&dir, &["--format", "json", "--attempts", "mean"])).unwrap();
    let ann = json["groups"][0]["students"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| {
            s["name"]
                .as_str()
                .unwrap()
                .trim()
                .eq_ignore_ascii_case("ann")
        })
        .unwrap()
        .clone();
    assert_eq!(
        (ann["score"].as_f64(), ann["attempt"].clone()),
        (Some(2.5), Value::Null)
    );
}

#[test]
fn results_from_another_deck_version_are_reported_apart() {
    let dir = class();
    std::fs::write(
        dir.path().join("zed.json"),
        results("Zed", [1.0; 5], "h2", 0).to_string(),
    )
    .unwrap();
    Command::cargo_bin("kartka")
        .unwrap()
        .arg("report")
        .arg(dir.path())
        .args(["--format", "json"])
        .assert()
        .success()
        .stderr("warning: the results for deck `htp` come from 2 different versions of the deck; each version is reported separately\n")
        .stdout(predicate::function(|s: &str| {
            let v: Value = serde_json::from_str(s).unwrap();
            v["groups"].as_array().unwrap().len() == 2
        }));
}

#[test]
fn a_damaged_file_is_named_and_can_be_skipped() {
    let dir = class();
    let bad = dir.path().join("truncated.json");
    let full = results("Gus", [1.0; 5], "h1", 0).to_string();
    std::fs::write(&bad, &full[..full.len() / 2]).unwrap();
    Command::cargo_bin("kartka")
        .unwrap()
        .arg("report")
        .arg(dir.path())
        .assert()
        .code(1)
        .stdout("")
        .stderr(contains(format!(
            "error: `{}` is not a valid results file: the file ends early (truncated?)",
            bad.display()
        )))
        .stderr(contains(
            "help: fix or remove the file, or pass --skip-invalid to report without it",
        ));
    Command::cargo_bin("kartka")
        .unwrap()
        .arg("report")
        .arg(dir.path())
        .arg("--skip-invalid")
        .assert()
        .success()
        .stderr(contains("warning: ").and(contains("; skipped")))
        .stdout(contains("6 students"));
    // A score that does not add up is caught too.
    let mut lying = results("Hal", [0.0; 5], "h1", 0);
    lying["score"] = json!(5.0);
    std::fs::write(&bad, lying.to_string()).unwrap();
    Command::cargo_bin("kartka")
        .unwrap()
        .arg("report")
        .arg(&bad)
        .assert()
        .code(1)
        .stderr(contains(
            "the total score 5 / 5 does not match its 5 questions",
        ));
}

#[test]
fn student_names_cannot_attack_a_terminal_or_a_spreadsheet() {
    let dir = TempDir::new().unwrap();
    for (i, name) in [
        "=HYPERLINK(\"http://x\",\"win\")",
        "\u{1b}]0;owned\u{7}\u{1b}[2JEve",
    ]
    .iter()
    .enumerate()
    {
        std::fs::write(
            dir.path().join(format!("{i}.json")),
            results(name, [1.0; 5], "h1", 0).to_string(),
        )
        .unwrap();
    }
    let table = report(&dir, &[]);
    assert!(!table.contains('\u{1b}'), "{table:?}");
    assert!(table.contains("␛]0;owned␇␛[2JEve"), "{table}");
    let csv = report(&dir, &["--format", "csv"]);
    assert!(
        csv.contains(
            "student,htp,\"'=HYPERLINK(\"\"http://x\"\",\"\"win\"\")\",1,1,5,5,100.0,330,,submitted\n"
        ),
        "{csv}"
    );
    assert!(!csv.contains('\u{1b}'));
    let html = report(&dir, &["--format", "html"]);
    assert!(
        html.contains("<td>=HYPERLINK(&quot;http://x&quot;,&quot;win&quot;)</td>"),
        "{html}"
    );
    let md = report(&dir, &["--format", "markdown"]);
    // `[` is escaped too, as it could start a link.
    assert!(
        md.contains("| ␛\\]0;owned␇␛\\[2JEve | 1 of 1 | submitted |"),
        "{md}"
    );
}

#[test]
fn html_is_one_self_contained_page_with_charts() {
    let dir = class();
    let out = dir.path().join("class.html");
    Command::cargo_bin("kartka")
        .unwrap()
        .arg("report")
        .arg(dir.path())
        .args(["--format", "html", "--out"])
        .arg(&out)
        .assert()
        .success()
        .stdout("");
    let html = std::fs::read_to_string(out).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert_eq!(
        html.matches("<svg").count(),
        2,
        "a histogram and a facility chart"
    );
    assert!(
        !html.contains("src=") && !html.contains("href="),
        "nothing loaded from elsewhere"
    );
    assert!(html.contains("<title>q5: 0.33</title>"));
}

#[test]
fn no_results_is_an_error() {
    let dir = TempDir::new().unwrap();
    Command::cargo_bin("kartka")
        .unwrap()
        .arg("report")
        .arg(dir.path())
        .assert()
        .code(1)
        .stderr(contains("error: no results files found in"));
}
