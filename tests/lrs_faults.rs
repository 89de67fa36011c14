//! A class's LRS failing in the ways networks and servers fail, against a real LRS (Ralph,
//! tests/support/ralph.rs) behind a fault-injecting proxy (tests/support/proxy.rs): killed in the middle of
//! a batch, a reply lost after the LRS stored the batch, slow replies, error and broken replies. Whatever
//! happens, no answer is slowed, no statement is lost, none is stored twice, and `kartka sync` says what went
//! wrong and exits 1 without hanging. (Wrong credentials: tests/class_sync.rs.)

#[allow(dead_code)]
mod support;

use std::process::Output;
use std::time::{Duration, Instant};

use assert_cmd::Command;
use support::proxy::{Mode, Proxy};
use support::ralph::{Ralph, User, free_port};
use tempfile::TempDir;

const DAY1: &str = "2026-11-22T09:00:00+03:00";
const DAY3: &str = "2026-11-24T09:00:00+03:00";

/// Longer than any run here takes when kartka works; a hang fails the test instead of stalling the suite.
const BOUND: Duration = Duration::from_secs(20);

struct Student {
    home: TempDir,
    deck: std::path::PathBuf,
}

impl Student {
    /// A student with a deck of `cards` true/false cards, all false, and as many new cards a day.
    fn new(cards: usize) -> Student {
        let home = TempDir::new().unwrap();
        let deck = home.path().join("many.toml");
        let mut toml = String::from("[deck]\nid = \"many\"\ntitle = \"Many\"\nlanguage = \"en\"\n");
        for i in 1..=cards {
            toml.push_str(&format!(
                "\n[[cards]]\nid = \"c{i}\"\nkind = \"truefalse\"\nprompt = \"Statement {i} is true.\"\nanswer = false\n"
            ));
        }
        std::fs::write(&deck, toml).unwrap();
        std::fs::write(
            home.path().join("config.toml"),
            format!("new_per_day = {cards}\n"),
        )
        .unwrap();
        Student { home, deck }
    }

    fn kartka(&self) -> Command {
        let mut cmd = Command::cargo_bin("kartka").unwrap();
        cmd.env("KARTKA_HOME", self.home.path())
            .env("NO_COLOR", "1")
            .env("KARTKA_NOW", DAY1)
            .timeout(BOUND);
        cmd
    }

    /// Joins class 7B on the LRS at `lrs` as 7b-ann.
    fn join(&self, lrs: &str) {
        let file = self.home.path().join("7b.class.toml");
        std::fs::write(
            &file,
            format!(
                "[class]\nname = \"7B\"\nlrs = \"{lrs}\"\nusername = \"7b-ann\"\npassword = \"ann's password\"\nstudent = \"Ann Smith\"\n"
            ),
        )
        .unwrap();
        self.kartka()
            .args(["class", "join"])
            .arg(&file)
            .assert()
            .success();
    }

    /// Studies on `now`, answering `answers` cards right with the suggested rating; the output.
    fn study(&self, now: &str, answers: usize) -> String {
        let out = self
            .kartka()
            .env("KARTKA_NOW", now)
            .arg("study")
            .arg(&self.deck)
            .write_stdin("false\n\n".repeat(answers))
            .assert()
            .success();
        let out = String::from_utf8(out.get_output().stdout.clone()).unwrap();
        assert!(out.contains(&format!("Done: {answers} answers")), "{out}");
        out
    }

    /// Every statement in the outbox, oldest first: (id, whether kept aside as refused).
    fn outbox(&self) -> Vec<(String, bool)> {
        let db = rusqlite::Connection::open(self.home.path().join("progress.sqlite3")).unwrap();
        let mut stmt = db
            .prepare("SELECT id, rejected IS NOT NULL FROM outbox ORDER BY seq")
            .unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    }

    fn waiting(&self) -> Vec<String> {
        self.outbox()
            .into_iter()
            .filter(|(_, rejected)| !rejected)
            .map(|(id, _)| id)
            .collect()
    }

    fn sync(&self) -> Output {
        self.kartka().arg("sync").output().unwrap()
    }
}

fn ann() -> User {
    User::all("7b-ann", "ann's password")
}

/// An LRS address nobody answers at: what a student studies with while offline.
fn unreachable() -> String {
    format!("http://127.0.0.1:{}/xAPI/", free_port())
}

/// The ids of what `ralph` stores for Ann, sorted, each as often as it is stored.
fn stored(ralph: &Ralph) -> Vec<String> {
    let mut ids: Vec<String> = ralph
        .statements(&ann())
        .iter()
        .map(|s| s["id"].as_str().unwrap().to_string())
        .collect();
    ids.sort_unstable();
    ids
}

fn sorted(mut ids: Vec<String>) -> Vec<String> {
    ids.sort_unstable();
    ids
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// What `kartka sync` prints when the LRS could not take the waiting statements.
fn kept(waiting: usize) -> String {
    format!(
        "help: {waiting} statements waiting to be sent to 7B are kept; `kartka sync` sends them\n"
    )
}

#[test]
fn the_lrs_killed_in_the_middle_of_a_batch_loses_nothing_and_stores_nothing_twice() {
    let mut ralph = Ralph::start(&[ann()]);
    let proxy = Proxy::in_front_of(&ralph.endpoint());
    // 90 statements: a batch of 50, then one of 40.
    let student = Student::new(45);
    student.join(&unreachable());
    student.study(DAY1, 90);
    let queued = student.waiting();
    assert_eq!(queued.len(), 90);

    student.join(&proxy.endpoint());
    proxy.set(Mode::StallPost(2));
    let mut sync = student.kartka();
    let syncing = std::thread::spawn(move || sync.arg("sync").output().unwrap());
    // The second batch is half through to Ralph when it dies.
    proxy.wait_until_stalled(BOUND);
    ralph.kill();
    let out = syncing.join().unwrap();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert_eq!(text(&out.stdout), "");
    assert_eq!(
        text(&out.stderr),
        format!(
            "error: the LRS {} cannot be reached: io: Peer disconnected\n{}",
            proxy.endpoint(),
            kept(40)
        )
    );
    assert_eq!(
        student.waiting(),
        queued[50..],
        "the first batch was acknowledged"
    );

    ralph.restart();
    assert_eq!(
        stored(&ralph),
        sorted(queued[..50].to_vec()),
        "{}",
        ralph.log()
    );
    let out = student.sync();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(text(&out.stdout), "Sent 40 statements to 7B.\n");
    assert_eq!(stored(&ralph), sorted(queued));
    assert!(student.outbox().is_empty());
}

#[test]
fn a_reply_lost_after_the_lrs_stored_the_batch_is_sent_again_and_stored_once() {
    let ralph = Ralph::start(&[ann()]);
    let proxy = Proxy::in_front_of(&ralph.endpoint());
    let student = Student::new(2);
    student.join(&unreachable());
    student.study(DAY1, 4);
    student.join(&proxy.endpoint());

    proxy.set(Mode::LoseReply);
    let out = student.sync();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert_eq!(
        text(&out.stderr),
        format!(
            "error: the LRS {} cannot be reached: io: Peer disconnected\n{}",
            proxy.endpoint(),
            kept(4)
        )
    );
    let queued = student.waiting();
    assert_eq!(queued.len(), 4, "kept until the LRS says it has them");
    assert_eq!(
        stored(&ralph),
        sorted(queued.clone()),
        "Ralph did store them"
    );

    // Two answers more while the LRS fails: the next batch mixes statements the LRS has with new ones.
    proxy.set(Mode::Reply(http(503, "")));
    let out = student.study(DAY3, 2);
    assert!(
        out.contains("6 answers waiting to be sent to 7B; `kartka sync` sends them.\n"),
        "{out}"
    );
    let queued = student.waiting();
    proxy.set(Mode::Forward);
    let out = student.sync();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(text(&out.stdout), "Sent 6 statements to 7B.\n");
    assert_eq!(stored(&ralph), sorted(queued));
    assert!(student.outbox().is_empty());
}

#[test]
fn a_slow_lrs_slows_no_answer_and_loses_nothing() {
    const ANSWERS: usize = 10;
    const DELAY: Duration = Duration::from_secs(3);
    let ralph = Ralph::start(&[ann()]);
    let proxy = Proxy::in_front_of(&ralph.endpoint());
    proxy.set(Mode::Delay(DELAY));

    let alone = Student::new(ANSWERS / 2);
    let started = Instant::now();
    alone.study(DAY1, ANSWERS);
    let outside = started.elapsed();
    let student = Student::new(ANSWERS / 2);
    student.join(&proxy.endpoint());
    let started = Instant::now();
    student.study(DAY1, ANSWERS);
    let inside = started.elapsed();
    // Sent in step with the answers, the session would take ANSWERS × DELAY; beside them, it waits at most
    // the 2 seconds' grace at its end.
    assert!(
        inside < outside + Duration::from_millis(2500),
        "{inside:?} in the class, {outside:?} outside"
    );

    proxy.set(Mode::Forward);
    let waiting = student.waiting().len();
    let out = student.sync();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(
        text(&out.stdout),
        format!("Sent {waiting} statements to 7B.\n")
    );
    let ids = stored(&ralph);
    let mut once = ids.clone();
    once.dedup();
    assert_eq!(ids.len(), ANSWERS);
    assert_eq!(once, ids);
    assert!(student.outbox().is_empty());
}

/// An HTTP reply with `status` and `body`.
fn http(status: u16, body: &str) -> Vec<u8> {
    format!(
        "HTTP/1.1 {status} Whatever\r\nContent-Type: text/html\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

/// A student with 4 statements waiting runs `kartka sync`, the proxy answering `reply` instead of the LRS.
fn sync_answered(reply: Vec<u8>) -> (Student, Proxy, Output) {
    let proxy = Proxy::in_front_of(&unreachable());
    proxy.set(Mode::Reply(reply));
    let student = Student::new(2);
    student.join(&unreachable());
    student.study(DAY1, 4);
    student.join(&proxy.endpoint());
    let out = student.sync();
    (student, proxy, out)
}

/// `kartka sync` failed, saying `error`, and kept the 4 statements to send later.
fn assert_failed_and_kept(student: &Student, proxy: &Proxy, out: &Output, error: &str) {
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert_eq!(text(&out.stdout), "");
    assert_eq!(
        text(&out.stderr),
        format!("error: the LRS {} {error}\n{}", proxy.endpoint(), kept(4))
    );
    assert_eq!(student.waiting().len(), 4);
}

#[test]
fn an_lrs_failing_with_an_html_page_keeps_the_queue() {
    let page = "<!DOCTYPE html>\n<html>\n<head><title>500 Internal Server Error</title></head>\n\
                <body><h1>Internal Server Error</h1></body>\n</html>\n";
    let (student, proxy, out) = sync_answered(http(500, page));
    assert_failed_and_kept(
        &student,
        &proxy,
        &out,
        "failed (HTTP 500): <!DOCTYPE html> <html> <head><title>500 Internal Server Error</title></head> \
         <body><h1>Internal Server Error</h1></body> </html>",
    );
}

#[test]
fn a_gateway_failing_with_no_body_keeps_the_queue() {
    let (student, proxy, out) = sync_answered(http(502, ""));
    assert_failed_and_kept(&student, &proxy, &out, "failed (HTTP 502): Bad Gateway");
}

#[test]
fn a_2xx_reply_means_stored_whatever_its_body() {
    let (student, _proxy, out) = sync_answered(http(200, "{\"not\": json"));
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(text(&out.stdout), "Sent 4 statements to 7B.\n");
    assert_eq!(text(&out.stderr), "");
    assert!(student.outbox().is_empty());
}

#[test]
fn a_400_reply_keeps_each_statement_aside_as_refused() {
    let (student, _proxy, out) = sync_answered(http(400, "{oops"));
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let outbox = student.outbox();
    assert_eq!(outbox.len(), 4);
    assert!(outbox.iter().all(|(_, rejected)| *rejected), "{outbox:?}");
    assert_eq!(text(&out.stdout), "Sent 0 statements to 7B.\n");
    let mut expected: String = outbox
        .iter()
        .map(|(id, _)| {
            format!("warning: the LRS refused statement {id} as invalid: HTTP 400: {{oops\n")
        })
        .collect();
    expected.push_str(
        "warning: 4 statements refused by 7B's LRS are kept aside in the progress store and not sent \
         again; tell your teacher\n",
    );
    assert_eq!(text(&out.stderr), expected);
}

#[test]
fn a_reply_cut_in_its_headers_keeps_the_queue() {
    let (student, proxy, out) = sync_answered(b"HTTP/1.1 200 OK\r\nContent-Ty".to_vec());
    assert_failed_and_kept(
        &student,
        &proxy,
        &out,
        "cannot be reached: io: Peer disconnected",
    );
}

#[test]
fn a_reply_that_is_not_http_keeps_the_queue() {
    let (student, proxy, out) = sync_answered(b"SSH-2.0-OpenSSH_9.6\r\n\r\n".to_vec());
    assert_failed_and_kept(
        &student,
        &proxy,
        &out,
        "cannot be reached: protocol: http parse fail: invalid HTTP version",
    );
}
