//! Study sessions in plain mode, driven through the real binary across several days with `KARTKA_NOW`.

use assert_cmd::Command;
use predicates::prelude::*;
use predicates::str::contains;
use tempfile::TempDir;

/// Two true/false cards and a number card: short to answer, with known right answers.
const DECK: &str = r#"[deck]
id = "mini"
title = "Mini"

[[sources]]
id = "notes"
title = "Class notes"
author = "A. Teacher"

[[cards]]
id = "founded"
kind = "number"
prompt = "When was the HTP launched?"
answer = 2005
explain = "By a presidential decree."
source = "notes"
tags = ["dates"]

[[cards]]
id = "minsk"
kind = "truefalse"
prompt = "Minsk computers were modelled on IBM systems."
answer = false
explain = "The ES EVM was; the Minsk series was not."
source = "notes"
tags = ["history"]
"#;

#[path = "study/anki_parity.rs"]
mod anki_parity;
#[path = "study/bury.rs"]
mod bury;

struct Learner {
    home: TempDir,
    deck: std::path::PathBuf,
}

impl Learner {
    fn new() -> Learner {
        Learner::with(DECK)
    }

    /// A learner of another deck.
    fn with(deck_text: &str) -> Learner {
        let home = TempDir::new().unwrap();
        let deck = home.path().join("mini.toml");
        std::fs::write(&deck, deck_text).unwrap();
        Learner { home, deck }
    }

    fn kartka(&self, now: &str) -> Command {
        let mut cmd = Command::cargo_bin("kartka").unwrap();
        cmd.env("KARTKA_HOME", self.home.path())
            .env("KARTKA_NOW", now)
            .env_remove("NO_COLOR");
        cmd
    }

    /// Runs `kartka study <deck>` with `input` as stdin and returns stdout.
    fn study(&self, now: &str, input: &str) -> String {
        let out = self
            .kartka(now)
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

    fn count(&self, sql: &str) -> i64 {
        self.db().query_row(sql, [], |r| r.get(0)).unwrap()
    }
}

const DAY1: &str = "2026-11-22T09:00:00+03:00";

#[test]
fn first_session_asks_each_new_card_through_its_learning_steps() {
    let learner = Learner::new();
    // Each card: answer, then Enter for the suggested rating. New cards go through two learning steps
    // (1m, 10m); with the clock standing still, the second step is shown once nothing else is left.
    let out = learner.study(DAY1, "2005\n\nfalse\n\nf\n\n2005\n\n");
    assert!(
        out.contains(
            "
Card 1 · left: 1 new, 0 learning, 0 review · Mini · new card
When was the HTP launched?
[type a number]
> 2005
✓ Right. 2005
Why: By a presidential decree.
Source: Class notes — A. Teacher
Rate: 1 again (<1m) · 2 hard (<6m) · 3 good (<10m) · 4 easy (7d) [Enter: good] 
Next review in 10m.
"
        ),
        "{out}"
    );
    assert!(
        out.contains("Card 3 · left: 0 new, 1 learning, 0 review · Mini\n"),
        "{out}"
    );
    assert!(
        out.contains("Next review in 2 days (Tue 24 Nov 2026).\n"),
        "{out}"
    );
    assert!(out.contains("Done: 4 answers in "), "{out}");
    assert!(
        out.contains(", 4 of 4 right (100%).\nTomorrow: 0 reviews due, no new cards.\n"),
        "{out}"
    );
    assert_eq!(learner.count("SELECT COUNT(*) FROM reviews"), 4);
    assert_eq!(
        learner.count("SELECT COUNT(*) FROM cards WHERE state = 2"),
        2
    );
}

#[test]
fn cards_come_back_on_the_day_their_interval_says() {
    let learner = Learner::new();
    learner.study(DAY1, "2005\n\nfalse\n\nf\n\n2005\n\n");
    // Later the same day, and the next day: nothing is due.
    let later = learner.study("2026-11-22T21:00:00+03:00", "");
    assert!(
        later.starts_with(
            "Nothing to study now: no cards are due and no new cards are left for today.\n"
        ),
        "{later}"
    );
    let next_day = learner.study("2026-11-23T09:00:00+03:00", "");
    assert!(next_day.starts_with("Nothing to study now"), "{next_day}");
    // Two days later both are due as reviews, even an hour earlier in the day than they were answered.
    let due = learner.study("2026-11-24T08:00:00+03:00", "2005\n\nfalse\n\n");
    assert!(
        due.contains("Card 1 · left: 0 new, 0 learning, 1 review · Mini\n"),
        "{due}"
    );
    assert!(due.contains("Done: 2 answers"), "{due}");
    assert_eq!(
        learner.count("SELECT COUNT(*) FROM reviews WHERE state_before = 2"),
        2
    );
}

#[test]
fn the_day_rolls_over_at_four_in_the_morning() {
    let learner = Learner::new();
    learner.study(DAY1, "2005\n\nfalse\n\nf\n\n2005\n\n");
    // 03:59 on the 24th still belongs to the 23rd's study day.
    assert!(
        learner
            .study("2026-11-24T03:59:00+03:00", "")
            .starts_with("Nothing to study now")
    );
    assert!(
        learner
            .study("2026-11-24T04:00:00+03:00", "q\n")
            .contains("1 review")
    );
}

#[test]
fn a_wrong_answer_is_suggested_again_and_comes_back_in_the_same_session() {
    let learner = Learner::new();
    let out = learner.study(DAY1, "2006\n\ntrue\n\nfalse\n\n2005\n\n2005\n\nf\n\n");
    assert!(
        out.contains("> 2006\n✗ Not right. The answer: 2005\n"),
        "{out}"
    );
    assert!(
        out.contains("[Enter: again] \nNext review in 1m.\n"),
        "{out}"
    );
    assert!(out.contains("Done: 6 answers"), "{out}");
    assert!(out.contains("4 of 6 right (67%)"), "{out}");
    // The log keeps what was typed and whether it was right.
    let db = learner.db();
    let first: (String, bool, i64) = db
        .query_row(
            "SELECT answer, correct, rating FROM reviews ORDER BY id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(first, ("2006".to_string(), false, 1));
}

#[test]
fn the_learner_can_take_another_rating_than_the_suggested_one() {
    let learner = Learner::new();
    let out = learner.study(DAY1, "2005\neasy\nq\n");
    // Easy on a new card: FSRS says 8 days, which fuzz (seeded by the card) moves to 7.
    assert!(
        out.contains("4 easy (7d) [Enter: good] easy\nNext review in 7 days (Sun 29 Nov 2026).\n"),
        "{out}"
    );
    assert_eq!(
        learner.count("SELECT COUNT(*) FROM reviews"),
        1,
        "re-rating replaces the saved answer"
    );
    assert_eq!(learner.count("SELECT rating FROM reviews"), 4);
}

#[test]
fn unreadable_answers_are_asked_again_without_repeating_the_question() {
    let learner = Learner::new();
    let out = learner.study(DAY1, "soon\n2005\n\nq\n");
    assert!(
        out.contains(
            "> soon\n“soon” is not a number: type a number, such as 2005, 9%, 1.8 or 1.8 billion\n> 2005\n✓ Right."
        ),
        "{out}"
    );
}

#[test]
fn an_empty_enter_asks_again_and_is_never_graded() {
    let learner = Learner::new();
    // An empty line, then the answer; the empty line after it takes the suggested rating.
    let out = learner.study(DAY1, "\n  \n2005\n\nq\n");
    assert!(
        out.contains(
            "[type a number]\n> \nNothing typed: type your answer, or q to stop.\n>   \nNothing typed: type your answer, or q to stop.\n> 2005\n✓ Right. 2005\n"
        ),
        "{out}"
    );
    assert_eq!(learner.count("SELECT COUNT(*) FROM reviews"), 1);
    assert_eq!(
        learner.count("SELECT COUNT(*) FROM reviews WHERE answer = ''"),
        0
    );
}

/// Issue 19, point 4: a typed answer that is wrong or accepted with a typo shows where it differs, with
/// carets under the differences in plain mode; numbers in scientific notation or in words are read, and a
/// scale that contradicts the answer's is named.
#[test]
fn typed_answers_show_where_they_differ_and_numbers_are_read_as_meant() {
    let learner = Learner::with(
        r#"[deck]
id = "typed"
title = "Typed"

[[cards]]
id = "founder"
kind = "text"
prompt = "Who founded the Hi-Tech Park?"
answer = "Valery Tsepkalo"

[[cards]]
id = "city"
kind = "text"
prompt = "Where is the Hi-Tech Park?"
answer = "Minsk"

[[cards]]
id = "export"
kind = "number"
prompt = "HTP export revenue in 2024?"
answer = 1.8
unit = "billion USD"
"#,
    );
    let out = learner.study(
        DAY1,
        "Valery Tsepklao\n\nPinsk\n\n1.8 USD\n\nMinsk\n\n1.8e9\n\nq\n",
    );
    assert!(
        out.contains(
            "> Valery Tsepklao
✓ Right. Valery Tsepkalo
  accepted with a typo: it is spelled “Valery Tsepkalo”
  typed:  Valery Tsepklao
                      ^
  answer: Valery Tsepkalo
                       ^
"
        ),
        "{out}"
    );
    assert!(
        out.contains(
            "> Pinsk
✗ Not right. The answer: Minsk
  typed:  Pinsk
          ^
  answer: Minsk
          ^
"
        ),
        "{out}"
    );
    assert!(
        out.contains(
            "> 1.8 USD
✗ Not right. The answer: 1.8 billion USD
  wrong scale: the answer is 1.8 billion USD, not 1.8 USD
"
        ),
        "{out}"
    );
    assert!(out.contains("> 1.8e9\n✓ Right. 1.8 billion USD\n"), "{out}");
    let numbers = Learner::with(
        r#"[deck]
id = "numbers"
title = "Numbers"

[[cards]]
id = "export"
kind = "number"
prompt = "HTP export revenue in 2024?"
answer = 1.8
unit = "billion USD"
"#,
    );
    let out = numbers.study(DAY1, "one point eight\n\n1 .8\n\n");
    assert!(
        out.contains("> one point eight\n✓ Right. 1.8 billion USD\n"),
        "{out}"
    );
    assert!(out.contains("> 1 .8\n✓ Right. 1.8 billion USD\n"), "{out}");
}

#[test]
fn quitting_keeps_every_answer_and_the_next_session_continues() {
    let learner = Learner::new();
    let out = learner.study(DAY1, "2005\n\nq\n");
    assert!(out.contains("Stopped: 1 answer in "), "{out}");
    assert!(out.contains("Every answer given is saved."), "{out}");
    assert_eq!(learner.count("SELECT COUNT(*) FROM reviews"), 1);
    // End of input stops too, at the rating prompt, and the graded answer is already saved.
    learner.study(DAY1, "false\n");
    assert_eq!(learner.count("SELECT COUNT(*) FROM reviews"), 2);
    let next = learner.study(DAY1, "q\n");
    assert!(next.contains("left: 0 new, 1 learning, 0 review"), "{next}");
}

#[test]
fn editing_a_deck_keeps_progress_while_card_ids_stay() {
    let learner = Learner::new();
    learner.study(DAY1, "2005\n\nfalse\n\nf\n\n2005\n\n");
    // Reword a prompt and drop the other card: the kept card keeps its schedule.
    let edited = DECK
        .replace(
            "When was the HTP launched?",
            "In which year was the HTP launched?",
        )
        .split("[[cards]]\nid = \"minsk\"")
        .next()
        .unwrap()
        .to_string();
    std::fs::write(&learner.deck, &edited).unwrap();
    assert!(learner.study(DAY1, "").starts_with("Nothing to study now"));
    assert_eq!(
        learner.count("SELECT COUNT(*) FROM cards WHERE item = 'minsk'"),
        1,
        "a removed card keeps its row"
    );
    // Restored, it comes back with its history rather than as new.
    std::fs::write(&learner.deck, DECK).unwrap();
    let due = learner.study("2026-11-24T09:00:00+03:00", "q\n");
    assert!(due.contains("left: 0 new, 0 learning, 1 review"), "{due}");
}

#[test]
fn new_cards_per_day_follow_the_config_and_the_new_option() {
    let learner = Learner::new();
    std::fs::write(
        learner.home.path().join("config.toml"),
        "[decks.mini]\nnew_per_day = 1\n",
    )
    .unwrap();
    let out = learner.study(DAY1, "q\n");
    assert!(
        out.contains("Card 1 · left: 0 new, 0 learning, 0 review"),
        "{out}"
    );
    let out = learner
        .kartka(DAY1)
        .args(["study", "--new", "2"])
        .arg(&learner.deck)
        .write_stdin("q\n")
        .assert()
        .success();
    assert!(String::from_utf8_lossy(&out.get_output().stdout).contains("Card 1 · left: 1 new,"));
}

#[test]
fn tags_narrow_a_session() {
    let learner = Learner::new();
    let out = learner
        .kartka(DAY1)
        .args(["study", "--tag", "history"])
        .arg(&learner.deck)
        .write_stdin("q\n")
        .assert()
        .success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(
        text.contains("Minsk computers were modelled on IBM systems.") && !text.contains("HTP"),
        "{text}"
    );
}

#[test]
fn a_malformed_config_is_reported_with_line_and_column() {
    let learner = Learner::new();
    let config = learner.home.path().join("config.toml");
    std::fs::write(&config, "desired_retention = 0.5\n").unwrap();
    learner
        .kartka(DAY1)
        .arg("study")
        .arg(&learner.deck)
        .assert()
        .code(1)
        .stderr(format!(
            "error: `desired_retention` must be between 0.70 and 0.99
 --> {path}:1:21
  |
1 | desired_retention = 0.5
  |                     ^^^ out of range
  |
  = help: 0.9 asks you to remember 90% of cards when they come due; higher means more reviews

error: the config file `{path}` has 1 error
help: fix the file, or remove it to use the defaults
",
            path = config.display()
        ));
}

#[test]
fn config_shows_each_value_and_where_it_comes_from() {
    let learner = Learner::new();
    std::fs::write(
        learner.home.path().join("config.toml"),
        "desired_retention = 0.85\n[decks.mini]\nnew_per_day = 5\n",
    )
    .unwrap();
    let out = learner.kartka(DAY1).arg("config").assert().success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(
        text.contains("desired_retention = 0.85                     # config.toml\n"),
        "{text}"
    );
    assert!(
        text.contains("new_per_day = 20                             # default\n"),
        "{text}"
    );
    assert!(
        text.contains("learning_steps = [\"1m\", \"10m\"]               # default\n"),
        "{text}"
    );
    assert!(
        text.contains(
            "[decks.mini]\nnew_per_day = 5                              # config.toml, this deck\n"
        ),
        "{text}"
    );
    let out = learner
        .kartka(DAY1)
        .args(["config", "mini"])
        .assert()
        .success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(
        text.contains("[decks.mini]\ndesired_retention = 0.85"),
        "{text}"
    );
}

#[test]
fn a_config_directory_that_cannot_be_created_is_a_clear_error() {
    let learner = Learner::new();
    let blocker = learner.home.path().join("file");
    std::fs::write(&blocker, "not a directory").unwrap();
    let mut cmd = Command::cargo_bin("kartka").unwrap();
    cmd.env("KARTKA_HOME", blocker.join("kartka"))
        .env("KARTKA_NOW", DAY1)
        .arg("study")
        .arg(&learner.deck)
        .assert()
        .code(1)
        .stderr(contains(format!(
            "error: cannot create the config directory `{}`",
            blocker.join("kartka").display()
        )))
        .stderr(contains(
            "help: set KARTKA_HOME to a directory you can write to",
        ));
}

#[test]
fn a_store_from_a_newer_kartka_is_refused() {
    let learner = Learner::new();
    let path = learner.home.path().join("progress.sqlite3");
    rusqlite::Connection::open(&path)
        .unwrap()
        .pragma_update(None, "user_version", kartka::store::SCHEMA_VERSION + 1)
        .unwrap();
    learner
        .kartka(DAY1)
        .arg("study")
        .arg(&learner.deck)
        .assert()
        .code(1)
        .stderr(contains(format!(
            "was written by a newer kartka (store version {}; this kartka reads up to {})",
            kartka::store::SCHEMA_VERSION + 1,
            kartka::store::SCHEMA_VERSION
        )))
        .stderr(contains("it was left exactly as it was"));
}

#[test]
fn a_bad_kartka_now_is_reported() {
    let learner = Learner::new();
    learner
        .kartka("tomorrow")
        .arg("study")
        .arg(&learner.deck)
        .assert()
        .code(1)
        .stderr(contains(
            "error: KARTKA_NOW=`tomorrow` is not an RFC 3339 time",
        ));
}

#[test]
fn two_sessions_at_once_both_save_every_answer() {
    let learner = Learner::new();
    let second = learner.home.path().join("second.toml");
    std::fs::write(&second, DECK.replace("id = \"mini\"", "id = \"second\"")).unwrap();
    let spawn = |deck: &std::path::Path| {
        std::process::Command::new(assert_cmd::cargo::cargo_bin("kartka"))
            .env("KARTKA_HOME", learner.home.path())
            .env("KARTKA_NOW", DAY1)
            .arg("study")
            .arg(deck)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    let mut a = spawn(&learner.deck);
    let mut b = spawn(&second);
    use std::io::Write;
    let input = "2005\n\nfalse\n\nf\n\n2005\n\n";
    // Interleave the two sessions' answers line by line.
    let (mut sa, mut sb) = (a.stdin.take().unwrap(), b.stdin.take().unwrap());
    for line in input.split_inclusive('\n') {
        // A session that failed has closed its input; its stderr below says why.
        let _ = sa.write_all(line.as_bytes());
        let _ = sb.write_all(line.as_bytes());
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    drop((sa, sb));
    let (oa, ob) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
    let errors =
        String::from_utf8_lossy(&oa.stderr).to_string() + &String::from_utf8_lossy(&ob.stderr);
    assert!(oa.status.success() && ob.status.success(), "{errors}");
    assert_eq!(errors, "");
    assert_eq!(
        learner.count("SELECT COUNT(*) FROM reviews WHERE deck = 'mini'"),
        4
    );
    assert_eq!(
        learner.count("SELECT COUNT(*) FROM reviews WHERE deck = 'second'"),
        4
    );
}

#[test]
fn without_a_terminal_and_without_a_command_kartka_prints_help() {
    let learner = Learner::new();
    learner
        .kartka(DAY1)
        .assert()
        .code(2)
        .stdout(contains("Usage: kartka"));
}

#[test]
fn studying_every_deck_works_with_the_built_in_ones() {
    let learner = Learner::new();
    learner
        .kartka(DAY1)
        .arg("study")
        .write_stdin("q\n")
        .assert()
        .success()
        .stdout(contains("Card 1 · ").and(contains("Stopped: 0 answers")));
}

#[test]
fn a_leech_is_tagged_and_the_learner_is_told() {
    let learner = Learner::new();
    std::fs::write(
        learner.home.path().join("config.toml"),
        "leech_threshold = 1\nfuzz = false\n",
    )
    .unwrap();
    // Easy graduates both cards at once, 8 days out.
    learner.study(DAY1, "2005\neasy\nfalse\neasy\n");
    let out = learner.study("2026-11-30T09:00:00+03:00", "1999\n\nq\n");
    assert!(
        out.contains("Leech: you have forgotten this card 1 time; it is now tagged `leech`."),
        "{out}"
    );
    assert_eq!(
        learner.count("SELECT COUNT(*) FROM cards WHERE leech = 1"),
        1
    );
}

#[test]
fn suspended_cards_are_left_out_until_unsuspended() {
    let learner = Learner::new();
    let deck = learner.deck.to_str().unwrap().to_string();
    learner
        .kartka(DAY1)
        .args(["suspend", &deck, "minsk"])
        .assert()
        .success()
        .stdout("Suspended 1 card in `mini`: minsk\n");
    let out = learner.study(DAY1, "2005\n\n2005\n\n");
    assert!(!out.contains("Minsk computers"), "{out}");
    assert!(out.contains("Done: 2 answers"), "{out}");
    learner
        .kartka(DAY1)
        .args(["suspend", &deck, "minsk"])
        .assert()
        .success()
        .stdout("Nothing changed: 1 card already suspended.\n");
    learner
        .kartka(DAY1)
        .args(["stats", &deck, "--json"])
        .assert()
        .success()
        .stdout(contains("\"suspended\": 1"));
    learner
        .kartka(DAY1)
        .args(["unsuspend", &deck, "--all"])
        .assert()
        .success()
        .stdout("Unsuspended 1 card in `mini`: minsk\n");
    assert!(learner.study(DAY1, "q\n").contains("Minsk computers"));
    learner
        .kartka(DAY1)
        .args(["suspend", &deck, "minks"])
        .assert()
        .code(1)
        .stderr(format!(
            "error: deck `mini` has no card `minks`\nhelp: did you mean `minsk`? `kartka show {}` lists the cards\n",
            "mini"
        ));
}

#[test]
fn leeches_can_be_suspended_together() {
    let learner = Learner::new();
    std::fs::write(
        learner.home.path().join("config.toml"),
        "leech_threshold = 1\nfuzz = false\n",
    )
    .unwrap();
    learner.study(DAY1, "2005\neasy\nfalse\neasy\n");
    learner.study("2026-11-30T09:00:00+03:00", "1999\n\nq\n");
    let deck = learner.deck.to_str().unwrap().to_string();
    learner
        .kartka(DAY1)
        .args(["suspend", &deck, "--leeches"])
        .assert()
        .success()
        .stdout("Suspended 1 card in `mini`: founded\n");
}
