//! Undo: an answer taken back, during a session (`:undo` at the next question) or after it
//! (`kartka undo`), leaves the progress store exactly as if it had never been given: the card's state, the
//! review log and every count kept from it.

use assert_cmd::Command;
use tempfile::TempDir;

const DECK: &str = r#"[deck]
id = "mini"
title = "Mini"

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

fn home() -> TempDir {
    let home = TempDir::new().unwrap();
    std::fs::create_dir_all(home.path().join("decks")).unwrap();
    std::fs::write(home.path().join("decks/mini.toml"), DECK).unwrap();
    home
}

fn kartka(home: &TempDir, now: &str) -> Command {
    let mut cmd = Command::cargo_bin("kartka").unwrap();
    cmd.env("KARTKA_HOME", home.path())
        .env("KARTKA_NOW", now)
        .env("NO_COLOR", "1");
    cmd
}

fn study(home: &TempDir, now: &str, input: &str) -> String {
    let out = kartka(home, now)
        .args(["study", "mini"])
        .write_stdin(input.to_string())
        .assert()
        .success();
    String::from_utf8(out.get_output().stdout.clone()).unwrap()
}

/// Everything the store keeps of study, as text: the cards, the log, and the counts kept from it.
fn dump(home: &TempDir) -> String {
    let db = rusqlite::Connection::open(home.path().join("progress.sqlite3")).unwrap();
    let mut out = String::new();
    for sql in [
        "SELECT deck, item, state, step, stability, difficulty, due, last_review, reps, lapses, leech, suspended
         FROM cards ORDER BY deck, item",
        "SELECT deck, item, reviewed_at, rating, state_before, answer, correct, score, interval_secs, stability,
                difficulty, mature, sample, previous_review_at FROM reviews ORDER BY reviewed_at, id",
        "SELECT * FROM review_quarters ORDER BY 1, 2",
    ] {
        let mut stmt = db.prepare(sql).unwrap();
        let n = stmt.column_count();
        let rows = stmt
            .query_map([], |r| {
                Ok((0..n)
                    .map(|i| format!("{:?}", r.get_ref(i).unwrap()))
                    .collect::<Vec<_>>()
                    .join("|"))
            })
            .unwrap();
        for row in rows {
            out.push_str(&row.unwrap());
            out.push('\n');
        }
        out.push_str("--\n");
    }
    out
}

fn stats(home: &TempDir, now: &str) -> String {
    let out = kartka(home, now)
        .args(["stats", "--json"])
        .assert()
        .success();
    String::from_utf8(out.get_output().stdout.clone()).unwrap()
}

/// Day 1 learns both cards; day 3 answers `founded` wrong (a lapse) and `minsk` right.
const DAY1_ANSWERS: &str = "2005\n\nfalse\n\n2005\n\nf\n\n";

#[test]
fn kartka_undo_leaves_the_store_as_if_the_answers_were_never_given() {
    let undone = home();
    let never = home();
    study(&undone, DAY1, DAY1_ANSWERS);
    study(&never, DAY1, DAY1_ANSWERS);
    // Day 3: one home answers both due cards, then undoes both; the other answers nothing.
    study(&undone, DAY3, "1999\n\nfalse\n\n");
    assert_ne!(dump(&undone), dump(&never));
    let first = kartka(&undone, DAY3).arg("undo").assert().success();
    assert_eq!(
        String::from_utf8_lossy(&first.get_output().stdout),
        "Undone: your answer to mini/minsk of 2026-11-24 09:00 (rated good) is taken back; the card is as it was before it.\n"
    );
    kartka(&undone, DAY3).arg("undo").assert().success().stdout(
        "Undone: your answer to mini/founded of 2026-11-24 09:00 (rated again) is taken back; the card is as it was before it.\n",
    );
    assert_eq!(dump(&undone), dump(&never));
    assert_eq!(stats(&undone, DAY3), stats(&never, DAY3));
    // Repeatable back through the log, to nothing.
    for _ in 0..4 {
        kartka(&undone, DAY3).arg("undo").assert().success();
    }
    kartka(&undone, DAY3)
        .arg("undo")
        .assert()
        .success()
        .stdout("Nothing to undo: no answers yet.\n");
    // Both cards are new again: the session starts as on the first day.
    let out = study(&undone, DAY3, "q\n");
    assert!(
        out.starts_with("\nCard 1 · left: 1 new, 0 learning, 0 review · Mini · new card\n"),
        "{out}"
    );
}

#[test]
fn undo_during_a_session_asks_the_card_again_and_counts_right() {
    let undone = home();
    let never = home();
    // A wrong answer to `founded`, undone at the next question, then answered right.
    let out = study(&undone, DAY1, "1999\n\n:undo\n2005\n\n");
    assert!(
        out.contains(
            "> :undo\nUndone: your answer to founded is taken back, and it is asked again.\n\n\
             Card 1 · left: 1 new, 0 learning, 0 review · Mini · new card\nWhen was the HTP launched?"
        ),
        "{out}"
    );
    assert!(
        out.contains("Stopped: 1 answer in 0m 00s, 1 of 1 right (100%)."),
        "{out}"
    );
    study(&never, DAY1, "2005\n\n");
    assert_eq!(dump(&undone), dump(&never));
    // Nothing to take back before the first answer.
    let out = study(&home(), DAY1, ":undo\n");
    assert!(
        out.contains("Nothing to undo in this session yet.\n"),
        "{out}"
    );
}

#[test]
fn an_answer_answered_again_since_cannot_be_undone_first() {
    let home = home();
    study(&home, DAY1, "2005\n\n");
    // Another session answers the same card later; the first answer is no longer the card's latest.
    let db = rusqlite::Connection::open(home.path().join("progress.sqlite3")).unwrap();
    let first: i64 = db
        .query_row("SELECT MIN(id) FROM reviews", [], |r| r.get(0))
        .unwrap();
    drop(db);
    study(&home, "2026-11-22T09:20:00+03:00", "2005\n\n");
    let mut store = kartka::store::Store::open(&home.path().join("progress.sqlite3")).unwrap();
    let offset = *chrono::DateTime::parse_from_rfc3339(DAY1).unwrap().offset();
    let refused = store.undo(Some(first), offset, &|_| None).unwrap();
    assert_eq!(
        refused.unwrap_err().to_string(),
        "founded was answered again since, in another session: undo that answer first"
    );
}

/// `--practice` asks every card once, the weakest first, whatever is due, and changes no schedule: the
/// cards and the review log stay as they were; `kartka stats` shows the practice apart.
#[test]
fn practice_asks_every_card_and_changes_no_schedule() {
    let home = home();
    // `founded` studied (right), `minsk` never: it is the weaker, asked first.
    study(&home, DAY1, "2005\n\n");
    let before = dump(&home);
    let out = kartka(&home, "2026-11-22T10:00:00+03:00")
        .args(["study", "mini", "--practice"])
        .write_stdin("true\n2005\n")
        .assert()
        .success();
    let out = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let minsk = out.find("Minsk computers").unwrap();
    let founded = out.find("When was the HTP launched?").unwrap();
    assert!(minsk < founded, "the card never studied first:\n{out}");
    assert!(out.starts_with("\nPractice 1 of 2 · Mini\n"), "{out}");
    assert!(
        out.ends_with("\nPractice done: 2 answers, 1 of 2 right (50%). No card was rescheduled.\n"),
        "{out}"
    );
    assert_eq!(dump(&home), before, "no schedule, log or count changed");
    let stats = kartka(&home, "2026-11-22T10:00:00+03:00")
        .args(["stats", "mini"])
        .assert()
        .success();
    assert!(
        String::from_utf8_lossy(&stats.get_output().stdout).contains(
            "Practice in the last 30 days (not scheduled, not counted above): 2 answers, 1 right (50%)\n"
        )
    );
    // Shuffled and limited.
    let out = kartka(&home, "2026-11-22T10:05:00+03:00")
        .args(["study", "mini", "--practice", "--shuffle", "--limit", "1"])
        .write_stdin("true\n2005\n")
        .assert()
        .success();
    assert!(String::from_utf8_lossy(&out.get_output().stdout).contains("Practice done: 1 answer"));
}
