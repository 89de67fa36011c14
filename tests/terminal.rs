//! The interactive screens in a real pseudo-terminal (rexpect reads output byte by byte, so expectations
//! stick to ASCII): the deck menu, the inquire widgets for each kind of
//! answer, the preselected rating, and Esc and Ctrl-C ending a session with every answer saved.

#![cfg(unix)]

use std::process::Command;

use rexpect::session::{PtySession, spawn_command};
use tempfile::TempDir;

const DOWN: &str = "\x1b[B";
const ESC: &str = "\x1b";

fn kartka(home: &TempDir, args: &[&str]) -> PtySession {
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("kartka"));
    cmd.args(args)
        .env("KARTKA_HOME", home.path())
        .env("KARTKA_NOW", "2026-11-22T09:00:00+03:00")
        .env("TERM", "xterm-256color")
        .env("NO_COLOR", "1");
    spawn_command(cmd, Some(10_000)).expect("kartka starts in a pty")
}

/// Sends keys without a newline; they must be flushed to reach the program on their own.
fn keys(p: &mut PtySession, keys: &str) {
    p.send(keys).unwrap();
    p.flush().unwrap();
}

fn reviews(home: &TempDir) -> Vec<(String, i64, Option<String>)> {
    let db = rusqlite::Connection::open(home.path().join("progress.sqlite3")).unwrap();
    let mut stmt = db
        .prepare("SELECT item, rating, answer FROM reviews ORDER BY id")
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

#[test]
fn a_session_on_the_terminal_from_the_menu_to_ctrl_c() {
    let home = TempDir::new().unwrap();
    let mut p = kartka(&home, &[]);
    p.exp_string("Which deck would you like to study?").unwrap();
    p.exp_string("A tour of the card kinds").unwrap();
    // The example deck is listed after the three article decks.
    for _ in 0..3 {
        keys(&mut p, DOWN);
    }
    p.send_line("").unwrap();

    // A flash card: reveal, then take the preselected rating.
    p.exp_string("HTP").unwrap();
    p.exp_string("Press Enter to show the answer").unwrap();
    p.send_line("").unwrap();
    p.exp_string("Answer: High Technologies Park").unwrap();
    p.exp_string("> 3 good").unwrap();
    p.send_line("").unwrap();
    p.exp_string("Next review in 10m.").unwrap();

    // Its reverse side, which would give the answer away, waits for tomorrow: a typed answer with a typo.
    p.exp_string("Who founded the Hi-Tech Park?").unwrap();
    p.exp_string("Your answer:").unwrap();
    p.send_line("Valery Tsepklao").unwrap();
    p.exp_string("Right. Valery Tsepkalo").unwrap();
    p.exp_string("accepted with a typo").unwrap();
    // Take "easy" instead of the suggested "good".
    p.exp_string("> 3 good").unwrap();
    keys(&mut p, DOWN);
    p.send_line("").unwrap();
    p.exp_string("Next review in").unwrap();

    // A choice from a list: pick the first option, whatever it is, then stop with Ctrl-C at the rating.
    p.exp_string("Which company is named as the first recognised private tech company")
        .unwrap();
    p.exp_string("a) ").unwrap();
    p.send_line("").unwrap();
    p.exp_string("How well did you know it?").unwrap();
    p.send_control('c').unwrap();
    p.exp_string("Stopped: 3 answers").unwrap();
    p.exp_string("Every answer given is saved.").unwrap();
    p.exp_eof().unwrap();

    let saved = reviews(&home);
    let items: Vec<&str> = saved.iter().map(|(i, _, _)| i.as_str()).collect();
    assert_eq!(items, ["htp-name", "htp-founder", "first-private-company"]);
    assert_eq!(
        saved[1].1, 4,
        "easy was taken instead of the suggested good"
    );
    assert_eq!(saved[1].2.as_deref(), Some("Valery Tsepklao"));
    assert_eq!(
        saved[2].2.as_deref(),
        Some("a"),
        "the list answer is saved as the letter shown"
    );
}

#[test]
fn esc_at_a_question_ends_the_session_without_saving_it() {
    let home = TempDir::new().unwrap();
    let mut p = kartka(&home, &["study", "example"]);
    p.exp_string("Press Enter to show the answer").unwrap();
    keys(&mut p, ESC);
    p.exp_string("Stopped: 0 answers").unwrap();
    p.exp_eof().unwrap();
    assert!(reviews(&home).is_empty());
}

#[test]
fn checkboxes_answer_a_multi_card() {
    let home = TempDir::new().unwrap();
    std::fs::create_dir_all(home.path().join("decks")).unwrap();
    std::fs::write(
        home.path().join("decks/multi.toml"),
        r#"[deck]
id = "multi"
title = "Multi"

[[cards]]
id = "m"
kind = "multi"
prompt = "Which are Polish firms?"
options = ["Ericpol", "NTT System", "Tieto"]
answer = ["Ericpol", "NTT System"]
explain = "Tieto is Finnish."
"#,
    )
    .unwrap();
    let mut p = kartka(&home, &["study", "multi"]);
    p.exp_string("Space to tick").unwrap();
    // Tick every option: two right, one wrong.
    keys(&mut p, " ");
    keys(&mut p, DOWN);
    keys(&mut p, " ");
    keys(&mut p, DOWN);
    keys(&mut p, " ");
    p.send_line("").unwrap();
    // The ticked options echo as their letters, which never wrap mid-word.
    p.exp_string("Your answer: ").unwrap();
    p.exp_string("a, b, c").unwrap();
    // The one wrong option costs as much as the two right ones earn, as Moodle scores it.
    p.exp_string("Not right. The answer: Ericpol; NTT System")
        .unwrap();
    p.exp_string("2 of 2 right, 1 wrongly chosen").unwrap();
    // A wrong answer preselects "again".
    p.exp_string("> 1 again").unwrap();
    p.send_line("").unwrap();
    p.exp_string("Next review in 1m.").unwrap();
    keys(&mut p, ESC);
    p.exp_eof().unwrap();
    assert_eq!(
        reviews(&home),
        [("m".to_string(), 1, Some("a b c".to_string()))]
    );
}

/// A deck full of escape sequences, studied in a real terminal: none reaches the terminal raw; each shows
/// as visible symbols instead.
#[test]
fn escape_sequences_in_a_deck_never_reach_the_terminal() {
    let home = TempDir::new().unwrap();
    std::fs::create_dir_all(home.path().join("decks")).unwrap();
    std::fs::write(
        home.path().join("decks/evil.toml"),
        r#"[deck]
id = "evil"
title = "Evil \u001b]0;PWNED-TITLE\u0007"

[[cards]]
id = "e"
kind = "choice"
prompt = "Pick one \u001b[2J\u001b[31;7mREVERSED\u009b?25l"
options = ["safe", "\u001b]8;;http://evil.invalid\u0007LINK\u001b]8;;\u0007"]
answer = "safe"
explain = "Bell \u0007 and erase \u001b[K and bidi \u202eRTL"
"#,
    )
    .unwrap();
    let mut p = kartka(&home, &["study", "evil"]);
    let before = p.exp_string("Pick one").unwrap();
    p.send_line("").unwrap();
    let after = p.exp_string("How well did you know it?").unwrap();
    keys(&mut p, ESC);
    let rest = p.exp_eof().unwrap();
    let screen = before + &after + &rest;
    assert!(
        screen.contains("Evil \u{e2}\u{90}\u{9b}]0;PWNED-TITLE"),
        "the title is shown, neutralised: {screen:?}"
    );
    for payload in [
        "\u{1b}]0;PWNED",
        "\u{1b}[2J",
        "\u{1b}[31;7m",
        "\u{1b}]8;;",
        "\u{9b}?25l",
        "\u{7}",
    ] {
        assert!(
            !screen.contains(payload),
            "{payload:?} reached the terminal: {screen:?}"
        );
    }
    // The visible stand-ins, as rexpect reads them byte by byte: "␛" is e2 90 9b.
    assert!(screen.contains("\u{e2}\u{90}\u{9b}[2J"), "{screen:?}");
    assert!(screen.contains("REVERSED") && screen.contains("LINK"));
}

/// The rating takes single keys: a digit rates at once, typed letters never move the marker, and `q`
/// stops the session with the answer before it saved. `q` also leaves the deck menu.
#[test]
fn digits_rate_at_once_and_q_stops_where_no_answer_is_typed() {
    let home = TempDir::new().unwrap();
    // Both sides of the flash card the same day, for two prompts where no answer is typed.
    std::fs::write(home.path().join("config.toml"), "bury_new = false\n").unwrap();
    let mut p = kartka(&home, &["study", "example"]);
    // The flash card: reveal it, then press 4 (easy) while "3 good" is marked.
    p.exp_string("Press Enter to show the answer").unwrap();
    p.send_line("").unwrap();
    p.exp_string("> 3 good").unwrap();
    keys(&mut p, "x1");
    // `x` is ignored and `1` rated at once: no Enter was needed.
    p.exp_string("Next review in 1m.").unwrap();
    // Its reverse side: `q` at the rating stops; the answer just given stays.
    p.exp_string("Press Enter to show the answer").unwrap();
    p.send_line("").unwrap();
    p.exp_string("How well did you know it?").unwrap();
    keys(&mut p, "q");
    p.exp_string("Stopped: 1 answer").unwrap();
    p.exp_eof().unwrap();
    let saved = reviews(&home);
    assert_eq!(saved.len(), 1, "{saved:?}");
    assert_eq!(saved[0].1, 1, "1 rated again, without Enter");

    let mut p = kartka(&home, &[]);
    p.exp_string("Which deck would you like to study?").unwrap();
    keys(&mut p, "q");
    p.exp_eof().unwrap();
    assert_eq!(reviews(&home).len(), 1);
}

/// A timed quiz on the terminal: the time left counts down while the student thinks, Ctrl-F flags, PgUp
/// goes back, Esc asks before submitting (Enter keeps going), and at zero the quiz submits itself.
#[test]
fn a_timed_quiz_counts_down_flags_goes_back_and_submits_itself() {
    let home = TempDir::new().unwrap();
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("kartka"));
    cmd.args([
        "quiz", "example", "--seed", "7b", "--count", "3", "--name", "Ann",
    ])
    .args(["--time-limit", "20s"])
    .env("KARTKA_HOME", home.path())
    .env("TERM", "xterm-256color")
    .env("NO_COLOR", "1");
    // The real clock: time must pass.
    cmd.env_remove("KARTKA_NOW");
    let mut p = spawn_command(cmd, Some(40_000)).expect("kartka starts in a pty");
    p.exp_string("Question 1 of 3").unwrap();
    // Nothing typed, and the clock has moved on screen.
    p.exp_regex("0:1[0-8] left").unwrap();
    keys(&mut p, "\x06");
    p.exp_string("flagged").unwrap();
    keys(&mut p, " ");
    keys(&mut p, "\r");
    p.exp_string("Question 2 of 3").unwrap();
    keys(&mut p, "\x1b[5~");
    p.exp_string("Question 1 of 3").unwrap();
    p.exp_string("[x] a)").unwrap();
    keys(&mut p, ESC);
    p.exp_string("Submit now? 2 questions are unanswered.")
        .unwrap();
    p.exp_string("> Keep going").unwrap();
    keys(&mut p, "\r");
    // Back at the same question, its answer field drawn again.
    p.exp_string("[x] a)").unwrap();
    p.exp_string("Time is up (20s): the quiz was submitted with the answers given.")
        .unwrap();
    p.exp_string("Results saved to").unwrap();
    p.exp_eof().unwrap();
    let dir = home.path().join("results");
    let file = std::fs::read_dir(dir)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let results: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
    assert_eq!(results["ended"], "time-limit");
    assert_eq!(results["questions"][0]["answer"], "a");
    assert!(results["questions"][1]["answer"].is_null());
}

/// At the closing summary Esc asks before submitting and Keep going stays on the summary; Enter on Submit
/// then submits.
#[test]
fn esc_at_the_summary_asks_and_keep_going_stays_there() {
    let home = TempDir::new().unwrap();
    let mut p = kartka(
        &home,
        &[
            "quiz", "example", "--seed", "7b", "--count", "3", "--name", "Ann",
        ],
    );
    p.exp_string("Question 1 of 3").unwrap();
    keys(&mut p, " ");
    keys(&mut p, "\r");
    p.exp_string("Question 2 of 3").unwrap();
    p.send("2005").unwrap();
    keys(&mut p, "\r");
    p.exp_string("Question 3 of 3").unwrap();
    keys(&mut p, "\r");
    p.exp_string("Summary: 3 answered, 0 unanswered, 0 flagged")
        .unwrap();
    p.exp_string("> Submit").unwrap();
    keys(&mut p, ESC);
    p.exp_string("Submit now? Every question is answered.")
        .unwrap();
    keys(&mut p, "\r");
    p.exp_string("Summary: 3 answered, 0 unanswered, 0 flagged")
        .unwrap();
    keys(&mut p, "\r");
    p.exp_string("Results saved to").unwrap();
    p.exp_eof().unwrap();
}

#[test]
fn u_at_the_next_question_undoes_the_last_answer() {
    let home = TempDir::new().unwrap();
    std::fs::write(home.path().join("config.toml"), "bury_new = false\n").unwrap();
    let mut p = kartka(&home, &["study", "example"]);
    p.exp_string("Press Enter to show the answer").unwrap();
    p.send_line("").unwrap();
    p.exp_string("> 3 good").unwrap();
    keys(&mut p, "3");
    p.exp_string("Next review in").unwrap();
    // The next question (the card's reverse side): `u` takes the answer back and asks the card again.
    p.exp_string("u to undo the last answer").unwrap();
    p.send_line("u").unwrap();
    p.exp_string("Undone: your answer to").unwrap();
    p.exp_string("Card 1 ").unwrap();
    p.exp_string("Press Enter to show the answer").unwrap();
    keys(&mut p, ESC);
    p.exp_string("Stopped: 0 answers").unwrap();
    p.exp_eof().unwrap();
    assert!(reviews(&home).is_empty());
}

#[test]
fn u_at_a_checkbox_question_undoes_the_last_answer() {
    let home = TempDir::new().unwrap();
    std::fs::create_dir_all(home.path().join("decks")).unwrap();
    std::fs::write(
        home.path().join("decks/multi.toml"),
        r#"[deck]
id = "multi"
title = "Multi"

[[cards]]
id = "m1"
kind = "multi"
prompt = "Which are Polish firms?"
options = ["Ericpol", "NTT System", "Tieto"]
answer = ["Ericpol", "NTT System"]

[[cards]]
id = "m2"
kind = "multi"
prompt = "Which are Belarusian firms?"
options = ["EPAM", "Wargaming", "Tieto"]
answer = ["EPAM", "Wargaming"]
"#,
    )
    .unwrap();
    let mut p = kartka(&home, &["study", "multi"]);
    p.exp_string("Space to tick, Enter to answer, u to undo the last answer")
        .unwrap();
    keys(&mut p, " ");
    p.send_line("").unwrap();
    p.exp_string("> 1 again").unwrap();
    p.send_line("").unwrap();
    p.exp_string("Next review in 1m.").unwrap();
    // The second card's boxes: `u` takes the first answer back and asks that card again.
    p.exp_string("Space to tick").unwrap();
    keys(&mut p, "u");
    p.exp_string("Undone: your answer to").unwrap();
    p.exp_string("Which are Polish firms?").unwrap();
    p.exp_string("Space to tick").unwrap();
    keys(&mut p, "q");
    p.exp_string("Stopped: 0 answers").unwrap();
    p.exp_eof().unwrap();
    assert!(reviews(&home).is_empty());
}

#[test]
fn a_session_started_from_the_menu_returns_to_it() {
    let home = TempDir::new().unwrap();
    let mut p = kartka(&home, &[]);
    p.exp_string("Which deck would you like to study?").unwrap();
    for _ in 0..3 {
        keys(&mut p, DOWN);
    }
    p.send_line("").unwrap();
    p.exp_string("Press Enter to show the answer").unwrap();
    p.send_line("").unwrap();
    p.exp_string("> 3 good").unwrap();
    keys(&mut p, "3");
    p.exp_string("Next review in").unwrap();
    // `q` typed at the next question leaves the session, back to the menu.
    p.exp_string("Your answer:").unwrap();
    p.send_line("q").unwrap();
    p.exp_string("Stopped: 1 answer").unwrap();
    p.exp_string("Which deck would you like to study?").unwrap();
    // The menu counts what is left now: the example deck has one card in learning.
    p.exp_string("1 learning").unwrap();
    keys(&mut p, "q");
    p.exp_eof().unwrap();
    assert_eq!(reviews(&home).len(), 1);
}

/// An empty Enter at a typed answer asks again without grading it; a typo is shown against the right
/// spelling, with carets under the differences when there is no colour.
#[test]
fn an_empty_enter_asks_again_and_a_typo_is_marked() {
    let home = TempDir::new().unwrap();
    let mut p = kartka(&home, &["study", "example"]);
    p.exp_string("Press Enter to show the answer").unwrap();
    p.send_line("").unwrap();
    p.exp_string("> 3 good").unwrap();
    p.send_line("").unwrap();
    p.exp_string("Who founded the Hi-Tech Park?").unwrap();
    p.exp_string("Your answer:").unwrap();
    p.send_line("").unwrap();
    p.exp_string("Nothing typed: type your answer, or q to stop.")
        .unwrap();
    p.exp_string("Your answer:").unwrap();
    // Ctrl-L redraws the line: it types no `l`.
    keys(&mut p, "Valery ");
    keys(&mut p, "\x0c");
    p.send_line("Tsepklao").unwrap();
    p.exp_string("accepted with a typo").unwrap();
    p.exp_string(
        "  typed:  Valery Tsepklao\r\n                      ^\r\n  answer: Valery Tsepkalo\r\n                       ^\r\n",
    )
    .unwrap();
    p.exp_string("How well did you know it?").unwrap();
    keys(&mut p, ESC);
    p.exp_string("Stopped: 2 answers").unwrap();
    p.exp_eof().unwrap();
    let saved = reviews(&home);
    assert_eq!(
        saved.len(),
        2,
        "the empty Enter was not an answer: {saved:?}"
    );
    assert_eq!(saved[1].2.as_deref(), Some("Valery Tsepklao"));
}

#[test]
fn practice_on_the_terminal_asks_grades_and_schedules_nothing() {
    let home = TempDir::new().unwrap();
    let mut p = kartka(&home, &["study", "example", "--practice", "--limit", "3"]);
    // Never studied, every card ties at 0 and comes in the deck's order: the flash card, both sides.
    for n in 1..=2 {
        p.exp_string(&format!("Practice {n} of 3")).unwrap();
        p.exp_string("Press Enter to show the answer").unwrap();
        // Practice has nothing to undo, so its help line does not offer it.
        let help = p.exp_string("Esc to stop").unwrap();
        assert!(!help.contains("undo"), "{help}");
        p.send_line("").unwrap();
        p.exp_string("not scheduled").unwrap();
        keys(&mut p, "3");
    }
    p.exp_string("Practice 3 of 3").unwrap();
    p.exp_string("Your answer:").unwrap();
    p.send_line("Valery Tsepkalo").unwrap();
    p.exp_string("Practice done: 3 answers, 1 of 1 right (100%). No card was rescheduled.")
        .unwrap();
    p.exp_eof().unwrap();
    assert!(
        reviews(&home).is_empty(),
        "practice is not in the review log"
    );
}
