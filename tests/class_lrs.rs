//! The teacher's side of a class, against a real LRS (Ralph, tests/support/ralph.rs) run as a school runs
//! it: students' accounts send and read only their own statements, the teacher's reads all. Thirty students
//! take a quiz and study for a week; `kartka report --lrs` is then the report over their results files, and
//! `kartka class` counts each student's study as their own progress store does.

#[allow(dead_code)]
mod support;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;
use predicates::str::contains;
use support::proxy::{Mode, Proxy};
use support::ralph::{Options, Ralph, User};
use tempfile::TempDir;

const DECK: &str = r#"[deck]
id = "tf"
title = "True or false"
language = "en"

[[cards]]
id = "park"
kind = "truefalse"
prompt = "The Hi-Tech Park opened in Minsk."
answer = true
tags = ["places"]

[[cards]]
id = "tax"
kind = "truefalse"
prompt = "Residents paid a lower income tax."
answer = true
tags = ["taxes"]

[[cards]]
id = "epam"
kind = "truefalse"
prompt = "EPAM began in Belarus."
answer = true
tags = ["companies", "places"]
"#;

const QUIZ: &str = "[quiz]\nid = \"tf-test\"\ntitle = \"TF test\"\ndeck = \"tf.toml\"\nseed = \"7b\"\n\
                    attempts = 2\ngrading = \"best\"\nresults = \"handed-in\"\n";

const STUDENTS: usize = 30;
/// The week of study: 22 to 28 November, in the evening.
const DAYS: [&str; 7] = [
    "2026-11-22T18:00:00+03:00",
    "2026-11-23T18:00:00+03:00",
    "2026-11-24T18:00:00+03:00",
    "2026-11-25T18:00:00+03:00",
    "2026-11-26T18:00:00+03:00",
    "2026-11-27T18:00:00+03:00",
    "2026-11-28T18:00:00+03:00",
];
/// When the teacher looks: the 22nd is then more than 7 days back.
const TEACHER_NOW: &str = "2026-11-30T12:00:00+03:00";

fn password(n: usize) -> String {
    format!("password of student {n}")
}

fn username(n: usize) -> String {
    format!("7b-s{n:02}")
}

fn name(n: usize) -> String {
    format!("Student {n:02}")
}

struct Class {
    ralph: Ralph,
    /// The quiz, its deck, and the folder results are handed in to.
    room: TempDir,
    homes: Vec<TempDir>,
    teacher: TempDir,
    /// The class files handed out, one for a student who never joined.
    handed_out: PathBuf,
}

fn kartka(home: &Path, now: &str) -> Command {
    let mut cmd = Command::cargo_bin("kartka").unwrap();
    cmd.env("KARTKA_HOME", home)
        .env("KARTKA_NOW", now)
        .env("NO_COLOR", "1")
        .env("COLUMNS", "200");
    cmd
}

fn class_file(path: &Path, lrs: &str, user: &str, password: &str, student: &str) {
    std::fs::write(
        path,
        format!(
            "[class]\nname = \"7B\"\nlrs = \"{lrs}\"\nusername = \"{user}\"\npassword = \"{password}\"\nstudent = \"{student}\"\n"
        ),
    )
    .unwrap();
}

/// Student `n`'s answer to a true-or-false question: a pattern of right and wrong answers that differs
/// from student to student and from try to try.
fn answer(n: usize, k: usize) -> &'static str {
    if (n * 7 + k * 3) % 5 < 3 {
        "true"
    } else {
        "false"
    }
}

impl Class {
    /// Thirty students (a 31st is handed a class file and never joins) in class 7B; each takes the quiz
    /// (every seventh twice) and studies each evening of a week (every fifth only on the first).
    fn run() -> Class {
        let mut users: Vec<User> = (0..STUDENTS)
            .map(|n| User::student(&username(n), &password(n)))
            .collect();
        users.push(User::teacher("7b-teacher", "teacher's password"));
        users.push(User::with(
            "7b-writer",
            "writer's password",
            &["statements/write"],
        ));
        // Small pages, so that every read follows `more` links.
        let ralph = Ralph::start_with(
            &users,
            Options {
                page: 25,
                ..Options::default()
            },
        );
        let room = TempDir::new().unwrap();
        std::fs::write(room.path().join("tf.toml"), DECK).unwrap();
        std::fs::write(room.path().join("test.quiz.toml"), QUIZ).unwrap();
        let handed_out = room.path().join("handed-out");
        std::fs::create_dir(&handed_out).unwrap();
        for n in 0..=STUDENTS {
            class_file(
                &handed_out.join(format!("{}.class.toml", username(n))),
                &ralph.endpoint(),
                &username(n),
                &password(n),
                &name(n),
            );
        }
        let homes: Vec<TempDir> = (0..STUDENTS).map(|_| TempDir::new().unwrap()).collect();
        std::thread::scope(|scope| {
            for worker in 0..4 {
                let (homes, room, handed_out) = (&homes, room.path(), &handed_out);
                scope.spawn(move || {
                    for n in (worker..STUDENTS).step_by(4) {
                        student(n, homes[n].path(), room, handed_out);
                    }
                });
            }
        });
        let teacher = TempDir::new().unwrap();
        let file = teacher.path().join("teacher.class.toml");
        class_file(
            &file,
            &ralph.endpoint(),
            "7b-teacher",
            "teacher's password",
            "Ms Teacher",
        );
        kartka(teacher.path(), TEACHER_NOW)
            .args(["class", "join"])
            .arg(&file)
            .assert()
            .success();
        Class {
            ralph,
            room,
            homes,
            teacher,
            handed_out,
        }
    }

    fn teacher(&self) -> Command {
        kartka(self.teacher.path(), TEACHER_NOW)
    }
}

/// Student `n` joins, takes the quiz, studies, and sends what is left.
fn student(n: usize, home: &Path, room: &Path, handed_out: &Path) {
    kartka(home, DAYS[0])
        .args(["class", "join"])
        .arg(handed_out.join(format!("{}.class.toml", username(n))))
        .assert()
        .success();
    let tries = if n % 7 == 3 { 2 } else { 1 };
    for t in 0..tries {
        let answers: String = (0..3).map(|k| format!("{}\n", answer(n, k + t))).collect();
        kartka(home, &format!("2026-11-22T09:{:02}:00+03:00", 10 * t))
            .current_dir(room)
            .args(["quiz", "test.quiz.toml"])
            .write_stdin(answers)
            .assert()
            .success();
    }
    let days = if n.is_multiple_of(5) { 1 } else { DAYS.len() };
    for (d, day) in DAYS.iter().enumerate().take(days) {
        // More answers than a day's session asks for: it ends when nothing is due.
        let input: String = (0..12)
            .map(|k| format!("{}\n\n", answer(n, d + k)))
            .collect();
        kartka(home, day)
            .arg("study")
            .arg(room.join("tf.toml"))
            .write_stdin(input)
            .assert()
            .success();
    }
    kartka(home, DAYS[6]).arg("sync").assert().success();
}

fn stdout(cmd: &mut Command) -> String {
    let out = cmd.assert().success();
    String::from_utf8(out.get_output().stdout.clone()).unwrap()
}

/// A student's study as their own progress store records it, counted back from the teacher's moment:
/// (answers and right answers in 7 days, the same in 30 days, distinct cards, the last answer).
fn own_study(home: &Path) -> (i64, i64, i64, i64, i64, Option<i64>) {
    let db = rusqlite::Connection::open(home.join("progress.sqlite3")).unwrap();
    let now = chrono::DateTime::parse_from_rfc3339(TEACHER_NOW)
        .unwrap()
        .timestamp_millis();
    let (week, month) = (now - 7 * 86_400_000, now - 30 * 86_400_000);
    db.query_row(
        "SELECT SUM(reviewed_at > ?1), SUM(reviewed_at > ?1 AND correct),
                SUM(reviewed_at > ?2), SUM(reviewed_at > ?2 AND correct),
                COUNT(DISTINCT item), MAX(reviewed_at)
         FROM reviews",
        [week, month],
        |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        },
    )
    .unwrap()
}

#[test]
fn a_week_of_a_class_of_thirty_read_back_by_its_teacher() {
    let class = Class::run();

    // The report from the LRS is the report from the handed-in files, in every format.
    let handed_in = class.room.path().join("handed-in");
    assert_eq!(
        std::fs::read_dir(&handed_in).unwrap().count(),
        STUDENTS + (0..STUDENTS).filter(|n| n % 7 == 3).count(),
        "every attempt handed in"
    );
    for format in ["table", "json", "csv"] {
        let from_files = stdout(
            class
                .teacher()
                .arg("report")
                .arg(&handed_in)
                .args(["--format", format]),
        );
        let from_lrs = stdout(
            class
                .teacher()
                .args(["report", "--lrs", "--format", format]),
        );
        assert_eq!(from_lrs, from_files, "{format}");
    }
    let report = stdout(
        class
            .teacher()
            .args(["report", "--lrs", "--quiz", "tf-test"]),
    );
    assert!(
        report
            .starts_with("TF test (quiz tf-test, deck tf) · 30 students · graded by best attempt"),
        "{report}"
    );
    class
        .teacher()
        .args(["report", "--lrs", "--quiz", "another"])
        .assert()
        .code(1)
        .stderr("error: no quiz attempts at quiz `another` in 7B's LRS\n");

    // `kartka class`: each student's study as their own store counts it, and who has not studied.
    let json = stdout(
        class
            .teacher()
            .args(["class", "--format", "json", "--roster"])
            .arg(&class.handed_out),
    );
    let progress: serde_json::Value = serde_json::from_str(&json).unwrap();
    let students = progress["students"].as_array().unwrap();
    assert_eq!(students.len(), STUDENTS + 1, "the roster adds the 31st");
    for (n, home) in class.homes.iter().enumerate() {
        let s = students
            .iter()
            .find(|s| s["username"] == username(n))
            .unwrap();
        assert_eq!(s["name"], name(n));
        let (week, week_right, month, month_right, cards, last) = own_study(home.path());
        assert!(month > 0, "student {n} studied");
        let got = (
            s["last_7_days"]["answers"].as_i64().unwrap(),
            s["last_7_days"]["right"].as_i64().unwrap(),
            s["last_30_days"]["answers"].as_i64().unwrap(),
            s["last_30_days"]["right"].as_i64().unwrap(),
            s["cards"].as_i64().unwrap(),
        );
        assert_eq!(got, (week, week_right, month, month_right, cards), "{n}");
        let last_studied =
            chrono::DateTime::parse_from_rfc3339(s["last_studied"].as_str().unwrap())
                .unwrap()
                .timestamp_millis();
        assert_eq!(Some(last_studied), last, "{n}");
        // Those who studied only on the 22nd have not studied this week.
        assert_eq!(week == 0, n.is_multiple_of(5), "{n}");
    }
    let never = students
        .iter()
        .find(|s| s["username"] == username(STUDENTS))
        .unwrap();
    assert_eq!(never["last_studied"], serde_json::Value::Null);
    assert_eq!(never["cards"], 0);

    let table = stdout(
        class
            .teacher()
            .args(["class", "--roster"])
            .arg(&class.handed_out),
    );
    assert!(
        table.starts_with("7B: study up to 2026-11-30 12:00 · 31 students\n\nSTUDENT "),
        "{table}"
    );
    assert!(
        table.contains(
            "Not studied in the last 7 days (7): Student 00 (8 days ago), Student 05 (8 days ago), Student 10 \
             (8 days ago), Student 15 (8 days ago), Student 20 (8 days ago), Student 25 (8 days ago), Student 30 \
             (never).\n"
        ),
        "{table}"
    );
    let html = stdout(class.teacher().args(["class", "--format", "html"]));
    // --out writes the same page to a file, and nothing to standard output.
    let page = class.teacher.path().join("7b.html");
    let printed = stdout(
        class
            .teacher()
            .args(["class", "--format", "html", "--out"])
            .arg(&page),
    );
    assert_eq!(printed, "");
    assert_eq!(std::fs::read_to_string(&page).unwrap(), html);
    assert!(html.starts_with("<!DOCTYPE html>") && html.contains("<td>Student 01</td>"));
    let csv = stdout(class.teacher().args(["class", "--format", "csv"]));
    let header = csv.lines().next().unwrap();
    assert!(
        header.starts_with("student,account,last_studied,answers_7_days,right_7_days,answers_30_days,right_30_days,cards,"),
        "{header}"
    );
    assert_eq!(csv.lines().count(), STUDENTS + 1);

    // A student's account reads its own statements only: its report holds one student, its progress one.
    let ann = class.homes[1].path();
    let own = stdout(kartka(ann, TEACHER_NOW).args(["report", "--lrs"]));
    assert!(own.contains("· 1 student ·"), "{own}");
    assert!(
        own.contains("Student 01") && !own.contains("Student 02"),
        "{own}"
    );
    let own = stdout(kartka(ann, TEACHER_NOW).args(["class", "--format", "json"]));
    let own: serde_json::Value = serde_json::from_str(&own).unwrap();
    assert_eq!(own["students"].as_array().unwrap().len(), 1);
    assert_eq!(own["students"][0]["username"], username(1));

    // An account that may only send is refused, and told what reading needs.
    let writer = TempDir::new().unwrap();
    let file = writer.path().join("w.class.toml");
    class_file(
        &file,
        &class.ralph.endpoint(),
        "7b-writer",
        "writer's password",
        "W",
    );
    kartka(writer.path(), TEACHER_NOW)
        .args(["class", "join"])
        .arg(&file)
        .assert()
        .success();
    for args in [&["report", "--lrs"][..], &["class"][..]] {
        kartka(writer.path(), TEACHER_NOW)
            .args(args)
            .assert()
            .code(1)
            .stderr(contains(format!(
                "error: the LRS {} refused to show the class's statements to this account (HTTP 401: Access not \
                 authorized to scope: \"statements/read/mine\".)",
                class.ralph.endpoint()
            )))
            .stderr(contains(
                "help: check `username` and `password` under [class] in config.toml: reading every student's \
                 statements needs the teacher's LRS account",
            ))
            .stderr(contains("writer's password").not());
    }
    // A wrong password is refused as such.
    class_file(
        &file,
        &class.ralph.endpoint(),
        "7b-teacher",
        "not the teacher's password",
        "W",
    );
    kartka(writer.path(), TEACHER_NOW)
        .args(["class", "join"])
        .arg(&file)
        .assert()
        .success();
    kartka(writer.path(), TEACHER_NOW)
        .args(["report", "--lrs"])
        .assert()
        .code(1)
        .stderr(contains("(HTTP 401: Invalid authentication credentials)"))
        .stderr(contains("not the teacher's password").not());
}

#[test]
fn without_a_class_report_lrs_says_what_to_add() {
    let home = TempDir::new().unwrap();
    kartka(home.path(), TEACHER_NOW)
        .args(["report", "--lrs"])
        .assert()
        .code(1)
        .stderr(contains(
            "error: --lrs reads your class's LRS, and config.toml has no [class]: add one with your own (teacher's) \
             LRS account, as docs/class.md shows",
        ));
    kartka(home.path(), TEACHER_NOW)
        .arg("class")
        .assert()
        .code(1)
        .stderr(contains("error: `kartka class` reads your class's LRS"));
}

/// A teacher whose class's LRS is at `lrs`.
fn teacher_at(lrs: &str) -> TempDir {
    let home = TempDir::new().unwrap();
    let file = home.path().join("t.class.toml");
    class_file(&file, lrs, "7b-teacher", "teacher's password", "Ms Teacher");
    kartka(home.path(), TEACHER_NOW)
        .args(["class", "join"])
        .arg(&file)
        .assert()
        .success();
    home
}

fn reply(status: u16, body: &str) -> Mode {
    Mode::Reply(
        format!(
            "HTTP/1.1 {status} Whatever\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        )
        .into_bytes(),
    )
}

/// The teacher's reads through an LRS that fails, answers nonsense, or pages without end: each command
/// ends, exit 1 with what went wrong, or with what it could read.
#[test]
fn reads_from_a_failing_lrs_say_what_failed_and_never_hang() {
    let nobody = format!("http://127.0.0.1:{}/xAPI/", support::ralph::free_port());
    let proxy = Proxy::in_front_of(&nobody);
    let ep = proxy.endpoint();
    let teacher = teacher_at(&ep);
    let run = |args: &[&str]| {
        let out = kartka(teacher.path(), TEACHER_NOW)
            .args(args)
            .timeout(std::time::Duration::from_secs(20))
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8(out.stderr).unwrap(),
            String::from_utf8(out.stdout).unwrap(),
        )
    };

    proxy.set(reply(
        500,
        "<!DOCTYPE html>\n<html><body><h1>Internal Server Error</h1></body></html>\n",
    ));
    assert_eq!(
        run(&["report", "--lrs"]),
        (
            Some(1),
            format!(
                "error: the LRS {ep} failed (HTTP 500): <!DOCTYPE html> <html><body><h1>Internal Server Error</h1></body></html>\n\
                 help: nothing was changed; try again later, or ask 7B's LRS administrator\n"
            ),
            String::new()
        )
    );

    proxy.set(reply(200, "{\"statements\": [oops"));
    let (code, stderr, _) = run(&["class"]);
    assert_eq!(code, Some(1));
    assert!(
        stderr.starts_with(&format!(
            "error: the LRS {ep} answered with something kartka cannot read: its reply is not a list of statements ("
        )),
        "{stderr}"
    );

    // A page that names itself as the next: read once more, then the end.
    let other = r#"{"id": "1", "verb": {"id": "http://adlnet.gov/expapi/verbs/completed"}}"#;
    proxy.set(reply(
        200,
        &format!(r#"{{"statements": [{other}], "more": "/xAPI/statements?page=2"}}"#),
    ));
    assert_eq!(
        run(&["report", "--lrs"]),
        (
            Some(1),
            "error: no quiz attempts in 7B's LRS\n".into(),
            String::new()
        )
    );

    // Credentials go to the LRS only, not to where its `more` link points.
    proxy.set(reply(
        200,
        &format!(
            r#"{{"statements": [{other}], "more": "http://lrs.example.org/xAPI/statements?page=2"}}"#
        ),
    ));
    let (code, stderr, _) = run(&["class"]);
    assert_eq!(code, Some(1));
    assert!(
        stderr.starts_with(&format!(
            "error: the LRS {ep} answered with something kartka cannot read: its `more` link leads to another \
             server, where your credentials are not sent\n"
        )),
        "{stderr}"
    );

    let down = teacher_at(&nobody);
    let out = kartka(down.path(), TEACHER_NOW)
        .args(["report", "--lrs"])
        .timeout(std::time::Duration::from_secs(20))
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr.starts_with(&format!("error: the LRS {nobody} cannot be reached: "))
            && stderr.ends_with(
                "help: check `lrs` under [class] in config.toml and that 7B's LRS is up, then try again\n"
            ),
        "{stderr}"
    );
}

/// An LRS that does not implement `related_activities` (Ralph's database backends) finds no statement by the
/// class; the teacher's commands then read by verb and keep the class's.
#[test]
fn an_lrs_without_related_activities_is_read_by_verb() {
    let users = [
        User::student(&username(1), &password(1)),
        User::student("7c-s01", "7C's password"),
        User::teacher("7b-teacher", "teacher's password"),
    ];
    let ralph = Ralph::start_with(
        &users,
        Options {
            related_ignored: true,
            ..Options::default()
        },
    );
    let room = TempDir::new().unwrap();
    std::fs::write(room.path().join("tf.toml"), DECK).unwrap();
    std::fs::write(room.path().join("test.quiz.toml"), QUIZ).unwrap();
    // A student of 7B and one of 7C take the quiz and study.
    for (user, password, class) in [
        (username(1), self::password(1), "7B"),
        ("7c-s01".to_string(), "7C's password".to_string(), "7C"),
    ] {
        let home = TempDir::new().unwrap();
        let file = home.path().join("c.class.toml");
        class_file(&file, &ralph.endpoint(), &user, &password, &user);
        let text = std::fs::read_to_string(&file).unwrap();
        std::fs::write(&file, text.replace("\"7B\"", &format!("\"{class}\""))).unwrap();
        kartka(home.path(), DAYS[0])
            .args(["class", "join"])
            .arg(&file)
            .assert()
            .success();
        kartka(home.path(), DAYS[0])
            .current_dir(room.path())
            .args(["quiz", "test.quiz.toml"])
            .write_stdin("true\ntrue\nfalse\n")
            .assert()
            .success();
        kartka(home.path(), DAYS[1])
            .arg("study")
            .arg(room.path().join("tf.toml"))
            .write_stdin("true\n\n".repeat(6))
            .assert()
            .success();
        kartka(home.path(), DAYS[1]).arg("sync").assert().success();
    }
    let teacher = teacher_at(&ralph.endpoint());
    let report = stdout(kartka(teacher.path(), TEACHER_NOW).args(["report", "--lrs"]));
    assert!(
        report.contains("· 1 student ·") && report.contains("7b-s01") && !report.contains("7c-s01"),
        "{report}"
    );
    let progress = stdout(kartka(teacher.path(), TEACHER_NOW).args(["class", "--format", "csv"]));
    assert_eq!(progress.lines().count(), 2, "{progress}");
    assert!(
        progress
            .lines()
            .nth(1)
            .unwrap()
            .starts_with("7b-s01,7b-s01,"),
        "{progress}"
    );
}
