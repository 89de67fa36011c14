//! A class over the network, against a real LRS (Ralph, tests/support/ralph.rs): study answers queued in
//! the progress store as they are given and sent beside the session, `kartka sync` sending what is left,
//! each stored once however often it is sent, nothing lost and no answer slowed while the LRS cannot be
//! reached or does not answer, statements the LRS refuses kept aside, and wrong credentials said clearly.

#[allow(dead_code)]
mod support;

use assert_cmd::Command;
use predicates::prelude::*;
use predicates::str::contains;
use support::ralph::{Ralph, User, free_port};
use tempfile::TempDir;

const DECK: &str = r#"[deck]
id = "mini"
title = "Mini"
language = "en"

[[cards]]
id = "founded"
kind = "number"
prompt = "When was the HTP launched?"
answer = 2005

[[cards]]
id = "minsk"
kind = "truefalse"
prompt = "Minsk computers were modelled on IBM systems."
answer = false
"#;

const DAY1: &str = "2026-11-22T09:00:00+03:00";
const DAY3: &str = "2026-11-24T09:00:00+03:00";

/// Both cards through their learning steps, each answer right and rated as suggested: four answers.
const FOUR_ANSWERS: &str = "2005\n\nfalse\n\nf\n\n2005\n\n";

struct Student {
    home: TempDir,
    deck: std::path::PathBuf,
}

impl Student {
    fn new() -> Student {
        let home = TempDir::new().unwrap();
        let deck = home.path().join("mini.toml");
        std::fs::write(&deck, DECK).unwrap();
        Student { home, deck }
    }

    fn kartka(&self) -> Command {
        let mut cmd = Command::cargo_bin("kartka").unwrap();
        cmd.env("KARTKA_HOME", self.home.path())
            .env("NO_COLOR", "1")
            .env("KARTKA_NOW", DAY1);
        cmd
    }

    /// Joins class 7B on the LRS at `lrs` as 7b-ann with `password`.
    fn join(&self, lrs: &str, password: &str) {
        let file = self.home.path().join("7b.class.toml");
        std::fs::write(
            &file,
            format!(
                "[class]\nname = \"7B\"\nlrs = \"{lrs}\"\nusername = \"7b-ann\"\npassword = \"{password}\"\nstudent = \"Ann Smith\"\n"
            ),
        )
        .unwrap();
        self.kartka()
            .args(["class", "join"])
            .arg(&file)
            .assert()
            .success();
    }

    fn study(&self, now: &str, input: &str) -> String {
        let out = self
            .kartka()
            .env("KARTKA_NOW", now)
            .arg("study")
            .arg(&self.deck)
            .write_stdin(input)
            .assert()
            .success();
        String::from_utf8(out.get_output().stdout.clone()).unwrap()
    }

    fn db(&self) -> rusqlite::Connection {
        rusqlite::Connection::open(self.home.path().join("progress.sqlite3")).unwrap()
    }

    fn outbox(&self) -> Vec<(String, String)> {
        let db = self.db();
        let mut stmt = db
            .prepare("SELECT id, statement FROM outbox ORDER BY seq")
            .unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    }
}

fn ann() -> User {
    User::all("7b-ann", "ann's password")
}

#[test]
fn a_study_session_in_a_class_sends_its_answers_as_it_goes_each_once() {
    let ralph = Ralph::start(&[ann()]);
    let student = Student::new();
    student.join(&ralph.endpoint(), "ann's password");
    let out = student.study(DAY1, FOUR_ANSWERS);
    assert!(!out.contains("waiting"), "{out}");
    assert!(student.outbox().is_empty());
    let stored = ralph.statements(&ann());
    assert_eq!(stored.len(), 4, "{stored:#?}");
    for s in &stored {
        assert_eq!(s["verb"]["id"], "http://adlnet.gov/expapi/verbs/answered");
        assert_eq!(s["actor"]["account"]["name"], "7b-ann");
        assert_eq!(s["actor"]["account"]["homePage"], ralph.endpoint());
        assert_eq!(s["actor"]["name"], "Ann Smith");
        assert_eq!(s["result"]["success"], true);
        assert_eq!(s["result"]["extensions"]["urn:kartka:xapi:fsrs-rating"], 3);
        assert_eq!(
            s["context"]["contextActivities"]["parent"][0]["id"],
            "urn:kartka:deck:mini"
        );
        assert_eq!(
            s["context"]["registration"], stored[0]["context"]["registration"],
            "one registration for the session"
        );
    }
    let responses: Vec<(&str, &str, &str)> = stored
        .iter()
        .map(|s| {
            (
                s["object"]["id"].as_str().unwrap(),
                s["object"]["definition"]["interactionType"]
                    .as_str()
                    .unwrap(),
                s["result"]["response"].as_str().unwrap(),
            )
        })
        .collect();
    for expected in [
        ("urn:kartka:deck:mini:item:founded", "numeric", "2005"),
        ("urn:kartka:deck:mini:item:minsk", "true-false", "false"),
    ] {
        assert_eq!(
            responses.iter().filter(|r| **r == expected).count(),
            2,
            "{responses:?}"
        );
    }

    student
        .kartka()
        .arg("sync")
        .assert()
        .success()
        .stdout("Nothing new to send to 7B.\n");
}

#[test]
fn with_the_lrs_down_nothing_is_lost_and_a_resent_batch_is_stored_once() {
    let ralph = Ralph::start(&[ann()]);
    let student = Student::new();
    // An LRS nobody answers at.
    student.join(
        &format!("http://127.0.0.1:{}/xAPI/", free_port()),
        "ann's password",
    );
    let out = student.study(DAY1, FOUR_ANSWERS);
    assert!(
        out.contains("4 answers waiting to be sent to 7B; `kartka sync` sends them.\n"),
        "{out}"
    );
    student
        .kartka()
        .arg("sync")
        .assert()
        .code(1)
        .stdout("")
        .stderr(contains("error: the LRS http://127.0.0.1:"))
        .stderr(contains("cannot be reached"))
        .stderr(contains(
            "help: 4 statements waiting to be sent to 7B are kept; `kartka sync` sends them",
        ));
    let queued = student.outbox();
    assert_eq!(queued.len(), 4);

    // The LRS is back (here: at another address).
    student.join(&ralph.endpoint(), "ann's password");
    student
        .kartka()
        .arg("sync")
        .assert()
        .success()
        .stdout("Sent 4 statements to 7B.\n");
    assert_eq!(ralph.statements(&ann()).len(), 4);

    // The next day's answers go beside the session; a batch whose reply was lost is sent again: stored
    // once.
    let out = student.study(DAY3, "2005\n\nfalse\n\n");
    assert!(!out.contains("waiting"), "{out}");
    let db = student.db();
    for (id, json) in &queued {
        db.execute(
            "INSERT INTO outbox (id, statement) VALUES (?1, ?2)",
            [id, json],
        )
        .unwrap();
    }
    student
        .kartka()
        .arg("sync")
        .assert()
        .success()
        .stdout("Sent 4 statements to 7B.\n");
    let stored = ralph.statements(&ann());
    assert_eq!(stored.len(), 6, "nothing doubled");
    let mut ids: Vec<&str> = stored.iter().map(|s| s["id"].as_str().unwrap()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 6);
}

#[test]
fn a_statement_the_lrs_refuses_is_kept_aside_and_the_others_are_sent() {
    let ralph = Ralph::start(&[ann()]);
    let student = Student::new();
    student.join(
        &format!("http://127.0.0.1:{}/xAPI/", free_port()),
        "ann's password",
    );
    student.study(DAY1, FOUR_ANSWERS);
    student.join(&ralph.endpoint(), "ann's password");
    student
        .db()
        .execute(
            "INSERT INTO outbox (seq, id, statement) VALUES (0, 'bad', '{\"actor\": {}}')",
            [],
        )
        .unwrap();
    student
        .kartka()
        .arg("sync")
        .assert()
        .code(1)
        .stdout("Sent 4 statements to 7B.\n")
        .stderr(contains("warning: the LRS refused statement bad as invalid: HTTP 422"))
        .stderr(contains(
            "warning: 1 statement refused by 7B's LRS is kept aside in the progress store and not sent again",
        ));
    assert_eq!(ralph.statements(&ann()).len(), 4);
    assert_eq!(student.outbox().len(), 1, "kept, not dropped");
    // Never sent again.
    student
        .kartka()
        .arg("sync")
        .assert()
        .code(1)
        .stdout("Nothing new to send to 7B.\n");
}

#[test]
fn an_lrs_that_never_answers_slows_no_answer_and_loses_nothing() {
    // Takes connections and never replies.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = silent.local_addr().unwrap().port();
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for connection in silent.incoming() {
            held.push(connection);
        }
    });
    let student = Student::new();
    student.join(&format!("http://127.0.0.1:{port}/xAPI/"), "ann's password");
    let started = std::time::Instant::now();
    let out = student.study(DAY1, FOUR_ANSWERS);
    let took = started.elapsed();
    // The session waits 2 seconds at its end for the last send, not for the LRS.
    assert!(took < std::time::Duration::from_secs(6), "{took:?}");
    assert!(out.contains("Done: 4 answers"), "{out}");
    assert!(
        out.contains("4 answers waiting to be sent to 7B; `kartka sync` sends them.\n"),
        "{out}"
    );
    assert_eq!(student.outbox().len(), 4);
}

#[test]
fn wrong_credentials_are_said_clearly_and_the_queue_is_kept() {
    let ralph = Ralph::start(&[ann()]);
    let student = Student::new();
    student.join(&ralph.endpoint(), "not Ann's password");
    let out = student.study(DAY1, FOUR_ANSWERS);
    assert!(
        out.contains("4 answers waiting to be sent to 7B: its LRS refused your username and password (check [class] in config.toml).\n"),
        "{out}"
    );
    student
        .kartka()
        .arg("sync")
        .assert()
        .code(1)
        .stderr(contains(format!(
            "error: the LRS {} refused your username and password (HTTP 401)",
            ralph.endpoint()
        )))
        .stderr(contains(
            "help: check `username` and `password` under [class] in config.toml",
        ))
        .stderr(contains("not Ann's password").not());
    assert_eq!(student.outbox().len(), 4);
}

#[test]
fn outside_a_class_nothing_is_queued() {
    let student = Student::new();
    let out = student.study(DAY1, FOUR_ANSWERS);
    assert!(!out.contains("waiting"), "{out}");
    assert!(student.outbox().is_empty());
    student
        .kartka()
        .arg("sync")
        .assert()
        .success()
        .stdout("You are not in a class: nothing is sent anywhere.\n");
}

#[test]
fn a_quiz_attempt_in_a_class_is_sent_as_attempted_answered_and_completed() {
    let ralph = Ralph::start(&[ann()]);
    let student = Student::new();
    student.join(&ralph.endpoint(), "ann's password");
    let results = student.home.path().join("results");
    // Seed 7b asks the true/false card first.
    let out = student
        .kartka()
        .args(["quiz"])
        .arg(&student.deck)
        .args(["--name", "Ann Smith", "--seed", "7b", "--out"])
        .arg(&results)
        .write_stdin("false\n2005\n\n")
        .assert()
        .success();
    let out = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(out.contains("Score: 2 / 2 (100%)"), "{out}");
    // Sent while the end screen shows: nothing waits.
    assert!(!out.contains("waiting to be sent"), "{out}");
    student
        .kartka()
        .arg("sync")
        .assert()
        .success()
        .stdout("Nothing new to send to 7B.\n");
    let stored = ralph.statements(&ann());
    let verbs = |verb: &str| -> Vec<&serde_json::Value> {
        stored
            .iter()
            .filter(|s| s["verb"]["id"] == format!("http://adlnet.gov/expapi/verbs/{verb}"))
            .collect()
    };
    let quiz = "urn:kartka:deck:mini:quiz:7b";
    assert_eq!(verbs("attempted").len(), 1);
    assert_eq!(verbs("attempted")[0]["object"]["id"], quiz);
    let completed = verbs("completed");
    assert_eq!(completed.len(), 1);
    assert_eq!(completed[0]["result"]["score"]["raw"], 2.0);
    assert_eq!(completed[0]["result"]["score"]["scaled"], 1.0);
    assert_eq!(completed[0]["result"]["completion"], true);
    let answers = verbs("answered");
    assert_eq!(answers.len(), 2);
    for s in &stored {
        assert_eq!(
            s["context"]["registration"], stored[0]["context"]["registration"],
            "one registration for the attempt"
        );
        assert_eq!(s["context"]["contextActivities"]["parent"][0]["id"], quiz);
    }
    let tf = answers
        .iter()
        .find(|s| s["object"]["id"] == "urn:kartka:deck:mini:item:minsk")
        .unwrap();
    assert_eq!(tf["result"]["response"], "false");
    assert_eq!(tf["result"]["success"], true);
    assert!(
        tf["result"].get("extensions").is_none(),
        "no FSRS in a quiz"
    );
}

#[test]
fn an_answer_is_sent_with_the_rating_the_student_took_not_the_suggested_one() {
    let ralph = Ralph::start(&[ann()]);
    let student = Student::new();
    student.join(&ralph.endpoint(), "ann's password");
    // Saved at once as Good (suggested), then re-rated Easy.
    student.study(DAY1, "2005\neasy\nq\n");
    student.kartka().arg("sync").assert().success();
    let stored = ralph.statements(&ann());
    assert_eq!(stored.len(), 1, "{stored:#?}");
    assert_eq!(
        stored[0]["result"]["extensions"]["urn:kartka:xapi:fsrs-rating"],
        4
    );
}

/// Statements waiting for a class are never sent to the next one: leaving (or joining another class) sends
/// them first, refuses while its LRS cannot take them, or drops them when told to.
#[test]
fn leaving_a_class_sends_its_waiting_statements_first_or_refuses() {
    let down = format!("http://127.0.0.1:{}/xAPI/", free_port());
    let student = Student::new();
    student.join(&down, "ann's password");
    student.study(DAY1, FOUR_ANSWERS);
    assert_eq!(student.outbox().len(), 4);
    student
        .kartka()
        .args(["class", "leave"])
        .assert()
        .code(1)
        .stderr(contains(
            "error: 4 statements still wait to be sent to 7B, and its LRS cannot take them now: the LRS",
        ))
        .stderr(contains(
            "help: you are still in 7B: `kartka sync` sends them once its LRS is back; or add --discard",
        ));
    // Still in 7B, everything kept; another class's file is refused the same way.
    student
        .kartka()
        .arg("config")
        .assert()
        .success()
        .stdout(contains("name = \"7B\""));
    let other = student.home.path().join("7c.class.toml");
    std::fs::write(
        &other,
        "[class]\nname = \"7C\"\nlrs = \"https://lrs.example.org/xAPI/\"\nusername = \"7c-ann\"\npassword = \"p\"\nstudent = \"Ann\"\n",
    )
    .unwrap();
    student
        .kartka()
        .args(["class", "join"])
        .arg(&other)
        .assert()
        .code(1)
        .stderr(contains("4 statements still wait to be sent to 7B"));
    assert_eq!(student.outbox().len(), 4);

    // With the LRS back, leaving sends them first.
    let ralph = Ralph::start(&[ann()]);
    student.join(&ralph.endpoint(), "ann's password");
    student
        .kartka()
        .args(["class", "leave"])
        .assert()
        .success()
        .stdout("Sent 4 statements to 7B first.\nLeft 7B: nothing is sent to its LRS any more.\n");
    assert_eq!(ralph.statements(&ann()).len(), 4);
    assert!(student.outbox().is_empty());

    // --discard drops what cannot be sent.
    student.join(&down, "ann's password");
    student.study(DAY3, FOUR_ANSWERS);
    let waiting = student.outbox().len();
    assert!(waiting > 0);
    student
        .kartka()
        .args(["class", "leave", "--discard"])
        .assert()
        .success()
        .stdout(format!(
            "Dropped {waiting} statements waiting for 7B.\nLeft 7B: nothing is sent to its LRS any more.\n"
        ));
    assert!(student.outbox().is_empty());
}

/// An undone answer's statement is taken out of the outbox when it waits there, and voided at the LRS
/// when it was sent.
#[test]
fn an_undone_answer_is_withdrawn_from_the_lrs() {
    let ralph = Ralph::start(&[ann()]);
    let student = Student::new();
    student.join(&ralph.endpoint(), "ann's password");
    student.study(DAY1, FOUR_ANSWERS);
    assert!(student.outbox().is_empty(), "all four sent");
    let sent = ralph.statements(&ann());
    student
        .kartka()
        .arg("undo")
        .assert()
        .success()
        .stdout(contains(
            "is taken back; the card is as it was before it. Its record at your class's LRS is withdrawn when `kartka sync` runs.\n",
        ));
    student
        .kartka()
        .arg("sync")
        .assert()
        .success()
        .stdout("Sent 1 statement to 7B.\n");
    let now = ralph.statements(&ann());
    let voiding = now
        .iter()
        .find(|s| s["verb"]["id"] == "http://adlnet.gov/expapi/verbs/voided")
        .unwrap_or_else(|| panic!("no voiding statement in {now:?}"));
    assert_eq!(voiding["object"]["objectType"], "StatementRef");
    let voided = voiding["object"]["id"].as_str().unwrap();
    assert!(
        sent.iter().any(|s| s["id"] == voided),
        "it voids one of the answers sent"
    );

    // Offline, an undone answer's statement simply leaves the outbox.
    let offline = Student::new();
    offline.join(
        &format!("http://127.0.0.1:{}/xAPI/", free_port()),
        "ann's password",
    );
    offline.study(DAY1, FOUR_ANSWERS);
    assert_eq!(offline.outbox().len(), 4);
    offline
        .kartka()
        .arg("undo")
        .assert()
        .success()
        .stdout(contains(
            "is taken back; the card is as it was before it.\n",
        ));
    assert_eq!(offline.outbox().len(), 3);
}
