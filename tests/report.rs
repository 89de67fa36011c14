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
    // Negative, but six answers are too few to flag a discrimination: below 10 its standard error is
    // about a third of the scale (see `report::statistics`).
    assert_eq!(questions[4]["flags"], json!([]));
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
        text.starts_with("Hi-Tech Park (htp) · 6 students · mean 55%\n\nTEST STATISTICS\n"),
        "{text}"
    );
    assert!(
        text.contains("CAUTION: 5 of 5 questions had fewer than 10 answers: their discrimination is not flagged\n\nSTUDENT  ATTEMPT  ENDED      SCORE    %    TIME   WEAKEST TAGS\n"),
        "{text}"
    );
    assert!(
        text.contains("Cat      1 of 1   submitted  3.5 / 5  70%  5m30s  money 0%, people 75%\n"),
        "{text}"
    );
    assert!(
        text.contains("q1        text    6  1.00      0.00   n/a       too easy\n"),
        "{text}"
    );
    assert!(
        text.contains(
            "q2        choice  6  0.50      0.33   36.1                “2003” ×2, “2007” ×1\n"
        ),
        "{text}"
    );
    // Six answers are too few to flag a discrimination (see `report::statistics`).
    assert!(
        text.contains("q5        text    6  0.33      0.00   -55.4               “wrong” ×4\n"),
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
            "htp,\"'=HYPERLINK(\"\"http://x\"\",\"\"win\"\")\",1,1,5,5,100.0,330,,submitted\n"
        ),
        "{csv}"
    );
    assert!(!csv.contains('\u{1b}'));
    let grid = report(&dir, &["--format", "csv", "--table", "grid"]);
    assert!(
        grid.contains("\"'=HYPERLINK(\"\"http://x\"\",\"\"win\"\")\",1,1,1,1,1,5,5,100.0\n"),
        "{grid}"
    );
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

/// The grid of the class above, as a gradebook or a spreadsheet imports it: one header row, the student's
/// name first, a column per question, numbers only.
const GRID_CSV: &str = "\
student,q1,q2,q3,q4,q5,total,max_score,percent
Ann,1,1,1,1,0,4,5,80.0
Bob,1,1,1,0,0,3,5,60.0
Cat,1,1,0.5,1,0,3.5,5,70.0
Dan,1,0,1,0,1,3,5,60.0
Eve,1,0,0,0,1,2,5,40.0
Fay,1,0,0,0,0,1,5,20.0
";

#[test]
fn the_grid_csv_is_ready_for_a_gradebook() {
    let dir = class();
    assert_eq!(
        report(&dir, &["--format", "csv", "--table", "grid"]),
        GRID_CSV
    );
    let table = report(&dir, &["--table", "grid"]);
    assert!(
        table.contains("STUDENT  q1  q2  q3   q4  q5  TOTAL    %\n"),
        "{table}"
    );
    assert!(
        table.contains("Cat      1   1   0.5  1   0   3.5 / 5  70%\n"),
        "{table}"
    );
    let md = report(&dir, &["--format", "markdown", "--table", "grid"]);
    assert!(
        md.contains("| Student | q1 | q2 | q3 | q4 | q5 | Total | % |\n"),
        "{md}"
    );
    assert!(
        md.contains("| Cat | 1 | 1 | 0.5 | 1 | 0 | 3.5 / 5 | 70% |\n"),
        "{md}"
    );
    let json: Value =
        serde_json::from_str(&report(&dir, &["--format", "json", "--table", "grid"])).unwrap();
    let grid = &json["groups"][0]["grid"];
    assert_eq!(grid["items"], json!(["q1", "q2", "q3", "q4", "q5"]));
    assert_eq!(grid["rows"][2]["student"], "Cat");
    assert_eq!(grid["rows"][2]["scores"], json!([1.0, 1.0, 0.5, 1.0, 0.0]));
    assert!(
        json["groups"][0].get("students").is_none(),
        "the grid alone"
    );
}

#[test]
fn the_grid_counts_the_attempts_the_report_counts() {
    let dir = class();
    let retake = results("Ann", [1.0, 0.0, 0.0, 0.0, 0.0], "h1", 30);
    std::fs::write(dir.path().join("ann-2.json"), retake.to_string()).unwrap();
    let grid = |attempts: &str| {
        report(
            &dir,
            &["--format", "csv", "--table", "grid", "--attempts", attempts],
        )
    };
    assert!(grid("last").contains("\nAnn,1,0,0,0,0,1,5,20.0\n"));
    assert!(grid("best").contains("\nAnn,1,1,1,1,0,4,5,80.0\n"));
    // Each question's mean over the two attempts.
    assert!(grid("mean").contains("\nAnn,1,0.5,0.5,0.5,0,2.5,5,50.0\n"));
    // A row per attempt, numbered in a column of its own.
    let all = grid("all");
    assert!(
        all.starts_with("student,attempt,q1,q2,q3,q4,q5,total,max_score,percent\nAnn,1,1,1,1,1,0,4,5,80.0\nAnn,2,1,0,0,0,0,1,5,20.0\n"),
        "{all}"
    );
}

#[test]
fn csv_is_one_table_per_file() {
    let dir = class();
    let students = report(&dir, &["--format", "csv"]);
    assert!(
        students.starts_with(
            "group,student,attempt,attempts,score,max_score,percent,seconds,weakest_tags,ended\n\
             htp,Ann,1,1,4,5,80.0,330,money 0%,submitted\n"
        ),
        "{students}"
    );
    assert_eq!(students.lines().count(), 7, "a header and six students");
    let questions = report(&dir, &["--format", "csv", "--table", "questions"]);
    assert!(
        questions.starts_with(
            "group,item,kind,prompt,attempts,facility,sd,random_guess,discrimination,discriminative_efficiency,flags,wrong_answers,unanswered\n\
             htp,q1,text,Question 1?,6,1.000,0.000,0.000,,,too easy,,0\n"
        ),
        "{questions}"
    );
    let tags = report(&dir, &["--format", "csv", "--table", "tags"]);
    assert_eq!(
        tags,
        "group,tag,questions,answers,mastery\nhtp,dates,2,12,75.0\nhtp,money,1,6,33.3\nhtp,people,2,12,45.8\n"
    );
    let answers = report(&dir, &["--format", "csv", "--table", "answers"]);
    assert!(
        answers.starts_with("group,student,attempt,item,prompt,answer,expected,result,score\n"),
        "{answers}"
    );
    assert!(
        answers.contains("htp,Dan,1,q2,Question 2?,2003,right,wrong,0\n"),
        "{answers}"
    );
    assert!(
        answers.contains("htp,Cat,1,q3,Question 3?,right,right,partly right,0.5\n"),
        "{answers}"
    );
    // Every table in a folder, a file each.
    let out = TempDir::new().unwrap();
    report(
        &dir,
        &["--format", "csv", "--out", out.path().to_str().unwrap()],
    );
    let mut files: Vec<String> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    files.sort();
    assert_eq!(
        files,
        [
            "answers.csv",
            "grid.csv",
            "questions.csv",
            "responses.csv",
            "statistics.csv",
            "students.csv",
            "tags.csv"
        ]
    );
    assert_eq!(
        std::fs::read_to_string(out.path().join("grid.csv")).unwrap(),
        GRID_CSV
    );
    assert_eq!(
        std::fs::read_to_string(out.path().join("tags.csv")).unwrap(),
        tags
    );
}

#[test]
fn a_grid_csv_is_one_quiz_s() {
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
        .args(["--format", "csv", "--table", "grid"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(
            contains("one CSV file holds the grid of one quiz").and(contains("htp@h1, htp@h2")),
        );
    // Other tables tell the groups apart in their first column.
    let students = report(&dir, &["--format", "csv"]);
    assert!(students.contains("\nhtp@h1,Ann,") && students.contains("\nhtp@h2,Zed,"));
    let out = TempDir::new().unwrap();
    report(
        &dir,
        &[
            "--format",
            "csv",
            "--table",
            "grid",
            "--out",
            out.path().to_str().unwrap(),
        ],
    );
    assert_eq!(
        std::fs::read_to_string(out.path().join("grid-htp@h1.csv")).unwrap(),
        GRID_CSV
    );
    assert_eq!(
        std::fs::read_to_string(out.path().join("grid-htp@h2.csv")).unwrap(),
        "student,q1,q2,q3,q4,q5,total,max_score,percent\nZed,1,1,1,1,1,5,5,100.0\n"
    );
}

#[test]
fn each_student_s_answers_in_words() {
    let dir = class();
    let table = report(&dir, &["--table", "answers"]);
    assert!(
        table.contains(
            "Dan · attempt 1 of 1 · 3 / 5 (60%)\n  QUESTION  ANSWER  RESULT  SCORE  EXPECTED\n"
        ),
        "{table}"
    );
    assert!(
        table.contains("  q2        2003    wrong   0      right\n"),
        "{table}"
    );
    assert!(
        table.contains("  q3        right   partly right  0.5    right\n"),
        "{table}"
    );
    assert!(!table.contains("QUESTION  KIND"), "the answers alone");
    let md = report(&dir, &["--format", "markdown", "--table", "answers"]);
    assert!(
        md.contains("#### Dan · attempt 1 of 1 · 3 / 5 (60%)\n"),
        "{md}"
    );
    assert!(
        md.contains("| q2 | 1 | 2003 | wrong | 0 | right |\n"),
        "{md}"
    );
    let json: Value = serde_json::from_str(&report(&dir, &["--format", "json"])).unwrap();
    let dan = &json["groups"][0]["students"][3];
    assert_eq!(dan["name"], "Dan");
    assert_eq!(dan["answers"][1]["answer"], "2003");
    assert_eq!(dan["answers"][1]["correct"], false);
    assert_eq!(json["groups"][0]["grid"]["rows"][3]["scores"][1], 0.0);
    let students = report(&dir, &["--table", "students"]);
    assert!(students.contains("STUDENT  ATTEMPT") && !students.contains("QUESTION"));
}

#[test]
fn html_has_the_grid_the_answers_and_charts_that_fit_a_phone() {
    let dir = class();
    let html = report(&dir, &["--format", "html"]);
    // The grid: questions headed by their id with the prompt as a tooltip, each score in its cell.
    assert!(html.contains("<th title=\"Question 3?\">q3</th>"), "{html}");
    assert!(
        html.contains("<tr><th>Cat</th><td class=\"n s4\" title=\"q1\">1</td><td class=\"n s4\" title=\"q2\">1</td><td class=\"n s2\" title=\"q3\">0.5</td><td class=\"n s4\" title=\"q4\">1</td><td class=\"n s0\" title=\"q5\">0</td><td class=\"n\">3.5 / 5</td><td class=\"n s2\">70%</td></tr>"),
        "{html}"
    );
    // Each student's answers, folded.
    assert_eq!(html.matches("<details>").count(), 6);
    assert!(html.contains("<summary>Dan · attempt 1 of 1 · 3 / 5 (60%)</summary>"));
    assert!(
        html.contains("<td>2003</td><td class=\"wrong\">wrong</td>"),
        "{html}"
    );
    // Charts scale to the page; the histogram's bars are labelled with their ranges.
    assert_eq!(html.matches("<svg").count(), 2);
    assert_eq!(
        html.matches("<svg").count(),
        html.matches("viewBox=\"0 0 ").count()
    );
    assert_eq!(html.matches("style=\"width:100%;").count(), 2);
    for label in [">0–9%<", ">10–19%<", ">50–59%<", ">90–100%<"] {
        assert!(html.contains(label), "{label}");
    }
    // Every table scrolls sideways in its own box.
    assert_eq!(
        html.matches("<table").count(),
        html.matches("<div class=\"scroll\"><table").count()
    );
    // --table: that table alone, without charts.
    let grid = report(&dir, &["--format", "html", "--table", "grid"]);
    assert!(
        grid.contains("<table class=\"grid\">")
            && !grid.contains("<svg")
            && !grid.contains("<details>")
    );
}

/// The figures of `tests/data/report_stats/expected.json`, printed by `worked_example.py` there: Moodle's
/// test and question statistics computed in Python from the formulas in Moodle's documentation, for the
/// results files beside it (eight students, six questions of six kinds, options shuffled per student,
/// Gita's first attempt not counting).
#[test]
fn statistics_match_the_worked_example_in_python() {
    let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/report_stats");
    let expected: Value =
        serde_json::from_str(&std::fs::read_to_string(data.join("expected.json")).unwrap())
            .unwrap();
    let out = Command::cargo_bin("kartka")
        .unwrap()
        .arg("report")
        .arg(data.join("results"))
        .args(["--format", "json"])
        .assert()
        .success();
    let json: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let g = &json["groups"][0];
    let close = |what: &str, got: &Value, want: &Value| match (got.as_f64(), want.as_f64()) {
        (Some(a), Some(b)) => assert!((a - b).abs() < 1e-9, "{what}: kartka {a}, Python {b}"),
        _ => assert!(
            got.is_null() && want.is_null(),
            "{what}: kartka {got}, Python {want}"
        ),
    };
    let test = &expected["test"];
    assert_eq!(g["statistics"]["attempts"], test["attempts"]);
    for figure in [
        "mean",
        "median",
        "sd",
        "skewness",
        "kurtosis",
        "cic",
        "error_ratio",
        "standard_error",
    ] {
        close(figure, &g["statistics"][figure], &test[figure]);
        assert!(test[figure].is_f64(), "the example computes {figure}");
    }
    // Cronbach's alpha, the standard error and a discriminative efficiency, as printed (to 4 places).
    let four = |v: &Value| (v.as_f64().unwrap() * 1e4).round() / 1e4;
    assert_eq!(
        (
            four(&g["statistics"]["cic"]),
            four(&g["statistics"]["standard_error"])
        ),
        (80.9229, 14.1601)
    );
    let questions = g["questions"].as_array().unwrap();
    let want = expected["questions"].as_array().unwrap();
    assert_eq!(questions.len(), 6);
    for (q, w) in questions.iter().zip(want) {
        let item = w["item"].as_str().unwrap();
        assert_eq!((&q["item"], &q["kind"]), (&w["item"], &w["kind"]));
        for figure in [
            "facility",
            "sd",
            "discrimination",
            "discriminative_efficiency",
            "random_guess",
        ] {
            close(&format!("{item} {figure}"), &q[figure], &w[figure]);
        }
        assert_eq!(q["responses"], w["responses"], "{item} responses");
    }
    assert_eq!(four(&questions[0]["discriminative_efficiency"]), 96.4286);
    // Eight attempts: the figures come with cautions, and no question is flagged for its discrimination.
    let cautions = g["statistics"]["cautions"].to_string();
    assert!(
        cautions.contains("with 8 attempts, these figures say little"),
        "{cautions}"
    );
    assert!(
        cautions.contains("6 of 6 questions had fewer than 10 answers"),
        "{cautions}"
    );
    assert!(
        questions
            .iter()
            .all(|q| !q["flags"].to_string().contains("discrimination")),
        "{questions:?}"
    );
    // The statistics count the attempts the report counts: with every attempt, Gita's first too.
    let out = Command::cargo_bin("kartka")
        .unwrap()
        .arg("report")
        .arg(data.join("results"))
        .args(["--format", "json", "--attempts", "all"])
        .assert()
        .success();
    let all: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(all["groups"][0]["statistics"]["attempts"], json!(9));
}

/// With `--per-student`, each student draws different questions: a question answered once, wrongly, is not
/// "too hard", and the attempts answered different questions, so there is no Cronbach's alpha.
#[test]
fn questions_answered_once_are_not_flagged() {
    let dir = TempDir::new().unwrap();
    for (name, _) in SCORES {
        let mut r = results(name, [0.0; 5], "h1", 0);
        for q in r["questions"].as_array_mut().unwrap() {
            q["item"] = json!(format!("{name}-{}", q["item"].as_str().unwrap()));
        }
        r["per_student"] = json!(true);
        r["score"] = json!(0.0);
        let path = dir.path().join(format!("{}.json", name.to_lowercase()));
        std::fs::write(path, serde_json::to_string(&r).unwrap()).unwrap();
    }
    let json: Value = serde_json::from_str(&report(&dir, &["--format", "json"])).unwrap();
    let g = &json["groups"][0];
    let questions = g["questions"].as_array().unwrap();
    assert_eq!(questions.len(), 30);
    for q in questions {
        assert_eq!(
            (q["attempts"].as_u64(), q["facility"].as_f64()),
            (Some(1), Some(0.0))
        );
        assert_eq!(q["flags"], json!([]), "{q}");
    }
    let s = &g["statistics"];
    assert_eq!(
        (s["attempts"].as_u64(), s["cic"].is_null()),
        (Some(6), true)
    );
    let cautions = s["cautions"].to_string();
    assert!(
        cautions.contains("did not all answer the same questions"),
        "{cautions}"
    );
    assert!(
        cautions.contains("and 30 had fewer than 5: nor is their facility"),
        "{cautions}"
    );
}

/// The worked example's test statistics, response frequencies and new question figures, as each format
/// shows them.
#[test]
fn statistics_and_responses_are_shown_in_every_format() {
    let data =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/report_stats/results");
    let run = |args: &[&str]| -> String {
        let out = Command::cargo_bin("kartka")
            .unwrap()
            .arg("report")
            .arg(&data)
            .args(args)
            .assert()
            .success();
        String::from_utf8(out.get_output().stdout.clone()).unwrap()
    };
    assert_eq!(
        run(&["--table", "statistics"]),
        "Baltic (baltic) · 8 students · mean 58%

TEST STATISTICS
Attempts                8      counted in the statistics
Mean                    57.6%  the average total; Moodle suggests 50–75%
Median                  54.2%  half the attempts scored less
Standard deviation      32.4%  how spread out the totals are; Moodle suggests 12–18%
Skewness                0.01   0: symmetric; below 0: most scored high; Moodle suggests about −1
Kurtosis                -1.58  0: bell-shaped; above 1: bunched in the middle; Moodle suggests 0–1
Cronbach's alpha (CIC)  80.9%  do the questions measure one thing? above 75% fine, below 64% not
Error ratio             43.7%  the share of the spread that is chance; 50% when alpha is 75%
Standard error          14.2%  a student's total is uncertain by about ± this
CAUTION: with 8 attempts, these figures say little: below 20, a discrimination index is uncertain by
         about ±38 and the skewness by about ±0.9
CAUTION: 6 of 6 questions had fewer than 10 answers: their discrimination is not flagged

"
    );
    let table = run(&[]);
    assert!(
        table.contains("TEST STATISTICS\n") && table.contains("\nCAUTION: with 8 attempts"),
        "{table}"
    );
    assert!(
        table.contains("q1        choice     8  0.50      0.25   80.9             “Riga” ×2"),
        "{table}"
    );
    assert!(
        table.contains("How many picked each option: kartka report --table responses\n"),
        "{table}"
    );
    assert!(
        !table.contains("Vilnius      4"),
        "responses only with --table responses"
    );
    let responses = run(&["--table", "responses"]);
    assert!(
        responses.contains(
            "q1 (choice) · Question q1?
  8 answers · facility 0.50 · random guess 0.25 · SD 0.53 · discrimination 80.9 · efficiency 96.4
     Riga         2  25%
  ✓  Vilnius      4  50%
     Minsk        1  12%
     Tallinn      1  12%
     (no answer)  0  0%
"
        ),
        "{responses}"
    );
    assert!(
        responses.contains(
            "  ✓  1956 → 1969 → 1994 → 2005  3  38%
     1969 → 1956 → 1994 → 2005  2  25%
"
        ),
        "{responses}"
    );
    assert!(
        responses.contains(
            "  typed answers; common wrong: “(no answer)” ×1, “fotosynthesis” ×1, “respiration” ×1
     (no answer)  1  12%
"
        ),
        "{responses}"
    );
    let md = run(&["--format", "markdown"]);
    for want in [
        "### Test statistics\n\n> **Caution:** with 8 attempts, these figures say little",
        "| Cronbach's alpha (CIC) | 80.9% | do the questions measure one thing? above 75% fine, below 64% not |",
        "| Standard error | 14.2% |",
        "| Kurtosis | -1.58 |",
        "| q1 | choice | 8 | 0.50 | 0.53 | 0.25 | 80.9 | 96.4 |",
        "| q2 | multi | 8 | 0.46 | 0.41 | n/a | 63.5 | 66.7 |",
    ] {
        assert!(md.contains(want), "{want} in {md}");
    }
    let md = run(&["--format", "markdown", "--table", "responses"]);
    assert!(
        md.contains("| ✓ | Vilnius | 4 | 50% |\n|  | Minsk | 1 | 12% |"),
        "{md}"
    );
    let html = run(&["--format", "html"]);
    for want in [
        "<h3>Test statistics</h3><p class=\"warning\">⚠ Caution: with 8 attempts",
        "<tr><th>Cronbach&#39;s alpha (CIC)<br><small>do the questions measure one thing? above 75% fine, below 64% not</small></th><td class=\"n\">80.9%</td></tr>",
        "<td class=\"n\">0.53</td><td class=\"n\">0.25</td><td class=\"n\">80.9</td><td class=\"n\">96.4</td>",
        "<h3>Responses</h3>",
        "<td><span class=\"right\" title=\"right\">✓</span></td><td>Vilnius</td><td class=\"n\">4</td><td class=\"n\">50%</td><td class=\"barcell\"><span class=\"bar right\" style=\"width:50%\"></span></td>",
    ] {
        assert!(html.contains(want), "{want} in {html}");
    }
    assert_eq!(
        run(&["--format", "csv", "--table", "statistics"]),
        "group,attempts,mean,median,sd,skewness,kurtosis,cic,error_ratio,standard_error,cautions\n\
         baltic,8,57.64,54.17,32.42,0.0057,-1.5750,80.92,43.68,14.16,\"with 8 attempts, these figures say little: below 20, a discrimination index is uncertain by about ±38 and the skewness by about ±0.9; 6 of 6 questions had fewer than 10 answers: their discrimination is not flagged\"\n"
    );
    let csv = run(&["--format", "csv", "--table", "responses"]);
    assert!(
        csv.starts_with(
            "group,item,kind,response,count,right\n\
             baltic,q1,choice,Riga,2,no\nbaltic,q1,choice,Vilnius,4,yes\n"
        ),
        "{csv}"
    );
    assert!(csv.contains("baltic,q6,text,(no answer),1,\n"), "{csv}");
    let questions = run(&["--format", "csv", "--table", "questions"]);
    assert!(
        questions.starts_with(
            "group,item,kind,prompt,attempts,facility,sd,random_guess,discrimination,discriminative_efficiency,flags,wrong_answers,unanswered\n\
             baltic,q1,choice,Question q1?,8,0.500,0.535,0.250,80.9,96.4,,\"“Riga” ×2, “Minsk” ×1, “Tallinn” ×1\",0\n"
        ),
        "{questions}"
    );
    let json: Value =
        serde_json::from_str(&run(&["--format", "json", "--table", "responses"])).unwrap();
    assert_eq!(
        json["groups"][0]["responses"][0]["responses"]["options"][1]["text"],
        "Vilnius"
    );
    let json: Value =
        serde_json::from_str(&run(&["--format", "json", "--table", "statistics"])).unwrap();
    assert_eq!(json["groups"][0]["statistics"]["attempts"], 8);
}

/// --deck and --quiz narrow a report from files as from the LRS, and say so when nothing is left.
#[test]
fn deck_and_quiz_narrow_the_report() {
    let results =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/report_stats/results");
    let all = Command::cargo_bin("kartka")
        .unwrap()
        .arg("report")
        .arg(&results)
        .assert()
        .success();
    let deck: String = serde_json::from_str::<Value>(
        &std::fs::read_to_string(
            std::fs::read_dir(&results)
                .unwrap()
                .next()
                .unwrap()
                .unwrap()
                .path(),
        )
        .unwrap(),
    )
    .unwrap()["deck"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    Command::cargo_bin("kartka")
        .unwrap()
        .arg("report")
        .arg(&results)
        .args(["--deck", &deck])
        .assert()
        .success()
        .stdout(String::from_utf8(all.get_output().stdout.clone()).unwrap());
    Command::cargo_bin("kartka")
        .unwrap()
        .arg("report")
        .arg(&results)
        .args(["--deck", "another"])
        .assert()
        .code(1)
        .stderr(format!(
            "error: no quiz attempts at quizzes of deck `another` in `{}`\n",
            results.display()
        ));
}

/// Every table of the Markdown report, in one shape: a heading per column, numbers right-aligned, each
/// cell escaped; the HTML report marks the same columns as numbers and flags.
#[test]
fn markdown_and_html_tables_share_their_columns() {
    let results =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/report_stats/results");
    let run = |format: &str| {
        let out = Command::cargo_bin("kartka")
            .unwrap()
            .arg("report")
            .arg(&results)
            .args(["--format", format])
            .assert()
            .success();
        String::from_utf8_lossy(&out.get_output().stdout).to_string()
    };
    let md = run("markdown");
    for table in [
        "| Student | Attempt | Ended | Score | % | Time | Weakest tags |\n|---|---|---|---:|---:|---:|---|\n",
        "| Question | Kind | N | Facility | SD | Random guess | Discrimination | Efficiency | Flags | Common wrong answers |\n|---|---|---:|---:|---:|---:|---:|---:|---|---|\n",
        "| Tag | Questions | Answers | Mastery |\n|---|---:|---:|---:|\n| baltic | 6 | 48 | 58% |\n",
    ] {
        assert!(md.contains(table), "{table}\n{md}");
    }
    let html = run("html");
    assert!(html.contains(
        "<tr><td>baltic</td><td class=\"n\">6</td><td class=\"n\">48</td><td class=\"n\">58%</td></tr>"
    ));
    assert!(html.contains("<td class=\"n\">96.4</td><td class=\"flag\"></td>"));
}
