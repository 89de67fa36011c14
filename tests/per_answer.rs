//! `credit` and `feedback` on choice, multi, truefalse and text cards: what each answer earns and says, as
//! Moodle grades its questions. The loader's errors as `kartka check` renders them, the scores each rule
//! gives, the documented examples, a deck written back by `kartka import`'s writer, and the feedback a
//! learner reads in `kartka study` and `kartka quiz`.

use assert_cmd::Command;
#[allow(dead_code)]
mod support;

use kartka::deck::{Deck, parse};
use kartka::grade::{Layout, grade};
use support::checked::{card, check};
use tempfile::TempDir;

const CITIES: &str = r#"id = "a"
kind = "choice"
explain = "e"
source = "it-history"
prompt = "Where is the Hi-Tech Park's administration?"
options = ["Minsk", "Hrodna", "Brest", "Homiel"]
answer = "Minsk"
"#;

const RESIDENTS: &str = r#"id = "a"
kind = "multi"
explain = "e"
source = "it-history"
prompt = "Which companies are Hi-Tech Park residents?"
options = ["EPAM", "Wargaming", "Belavia", "Belaruskali"]
answer = ["EPAM", "Wargaming"]
"#;

const CITY: &str = r#"id = "a"
kind = "text"
explain = "e"
source = "it-history"
prompt = "In which city is the Hi-Tech Park?"
answer = "Minsk"
accept = ["Miensk", "Minsk region"]
"#;

/// Every key of a choice card's `credit` is checked, each mistake reported where it is: an option
/// misspelt, the answer itself, a credit of 0 and one out of range.
#[test]
fn choice_credit_names_other_options_with_a_percent() {
    assert_eq!(
        check(&card(&format!(
            "{CITIES}credit = {{ Hrodna = 25, Brest = 0, Homel = 50, Minsk = 50, Homiel = 150 }}\n"
        ))),
        r#"error: `credit.Brest` is 0
  --> deck.toml:17:33
   |
17 | credit = { Hrodna = 25, Brest = 0, Homel = 50, Minsk = 50, Homiel = 150 }
   |                                 ^ earns nothing
   |
   = help: remove it: an answer `credit` does not name earns nothing

error: `credit` names no option `Homel` of this card
  --> deck.toml:17:36
   |
17 | credit = { Hrodna = 25, Brest = 0, Homel = 50, Minsk = 50, Homiel = 150 }
   |                                    ^^^^^ not an option
   |
   = help: did you mean `Homiel`? keys must match the option word for word

error: `credit` names `Minsk`, which earns full marks
  --> deck.toml:17:48
   |
17 | credit = { Hrodna = 25, Brest = 0, Homel = 50, Minsk = 50, Homiel = 150 }
   |                                                ^^^^^ full marks already
   |
   = help: the answer earns 100; `credit` is for the other options

error: `credit.Homiel` is 150, outside -100..100
  --> deck.toml:17:69
   |
17 | credit = { Hrodna = 25, Brest = 0, Homel = 50, Minsk = 50, Homiel = 150 }
   |                                                                     ^^^ a percent from -100 to 100
   |
   = help: credit is the percent of the card's marks the answer earns; a negative one costs marks

"#
    );
}

/// A second option as right as the `answer` is allowed (Moodle's one-answer questions may have several);
/// credit and feedback values have types; an empty comment and a misspelt key are errors.
#[test]
fn choice_credit_of_100_wrong_types_and_feedback_keys() {
    assert_eq!(
        check(&card(&format!(
            "{CITIES}credit = {{ Hrodna = 100, Brest = \"half\" }}\nfeedback = {{ Hrodna = \"\", Minks = \"Yes.\" }}\n"
        ))),
        r#"error: `credit.Brest` must be a number, not a string
  --> deck.toml:17:34
   |
17 | credit = { Hrodna = 100, Brest = "half" }
   |                                  ^^^^^^ expected a number
   |
   = help: write the percent the answer earns, such as `50` or `-25`

error: empty `feedback.Hrodna`
  --> deck.toml:18:23
   |
18 | feedback = { Hrodna = "", Minks = "Yes." }
   |                       ^^ nothing here
   |
   = help: write what a learner who gives this answer should read, or remove the key

error: `feedback` names no option `Minks` of this card
  --> deck.toml:18:27
   |
18 | feedback = { Hrodna = "", Minks = "Yes." }
   |                           ^^^^^ not an option
   |
   = help: did you mean `Minsk`? keys must match the option word for word

"#
    );
    assert_eq!(
        check(&card(&format!("{CITIES}credit = 50\n"))),
        r#"error: `credit` must be a table, not an integer
  --> deck.toml:17:10
   |
17 | credit = 50
   |          ^^ expected a table
   |
   = help: `credit` is keyed by the option it is for: `credit = { "an option" = 50 }`

"#
    );
}

/// Moodle's weights on a multi card: the `answer` options share 100 and only they earn marks.
#[test]
fn multi_credit_is_moodles_weights() {
    assert_eq!(
        check(&card(&format!(
            "{RESIDENTS}credit = {{ EPAM = 50, Wargaming = 40, Belavia = -50 }}\n"
        ))),
        r#"error: the correct options' credits sum to 90, not 100
  --> deck.toml:17:10
   |
17 | credit = { EPAM = 50, Wargaming = 40, Belavia = -50 }
   |          ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ these credits
   |
   = help: the options in `answer` share 100 between them, as `{ a = 50, b = 50 }`

"#
    );
    assert_eq!(
        check(&card(&format!(
            "{RESIDENTS}credit = {{ EPAM = 100, Belavia = 50 }}\n"
        ))),
        r#"error: `credit.Belavia` is positive, but `Belavia` is not in `answer`
  --> deck.toml:17:34
   |
16 | answer = ["EPAM", "Wargaming"]
   |          --------------------- the correct options
17 | credit = { EPAM = 100, Belavia = 50 }
   |                                  ^^ earns marks
   |
   = help: add it to `answer`, or make its credit negative

"#
    );
    assert_eq!(
        check(&card(&format!(
            "{RESIDENTS}credit = {{ EPAM = 100, Wargaming = -50 }}\n"
        ))),
        r#"error: `Wargaming` is a correct option but earns no credit
  --> deck.toml:17:36
   |
16 | answer = ["EPAM", "Wargaming"]
   |          --------------------- the correct options
17 | credit = { EPAM = 100, Wargaming = -50 }
   |                                    ^^^ no positive credit
   |
   = help: give each option in `answer` its share of 100

"#
    );
}

/// On a text card `credit` is for the `accept` entries, the main answer always earning 100; `"*"` is the
/// feedback for any other answer.
#[test]
fn text_credit_names_accepted_answers() {
    assert_eq!(
        check(&card(&format!(
            "{CITY}credit = {{ Minsk = 50, \"Minsk region\" = 100, Hrodna = 20 }}\nfeedback = {{ \"*\" = \"\", Minsk = \"Yes.\" }}\n"
        ))),
        r#"error: `credit` names `Minsk`, which earns full marks
  --> deck.toml:17:12
   |
17 | credit = { Minsk = 50, "Minsk region" = 100, Hrodna = 20 }
   |            ^^^^^ full marks already
   |
   = help: the main answer earns 100; `credit` is for the answers in `accept`: `Miensk`, `Minsk region`

error: `credit."Minsk region"` is 100
  --> deck.toml:17:41
   |
17 | credit = { Minsk = 50, "Minsk region" = 100, Hrodna = 20 }
   |                                         ^^^ full marks
   |
   = help: remove it: an accepted answer earns 100 unless `credit` says otherwise

error: `credit` names no accepted answer `Hrodna` of this card
  --> deck.toml:17:46
   |
17 | credit = { Minsk = 50, "Minsk region" = 100, Hrodna = 20 }
   |                                              ^^^^^^ not an accepted answer
   |
   = help: the keys allowed here are `Miensk`, `Minsk region`

error: empty `feedback."*"`
  --> deck.toml:18:20
   |
18 | feedback = { "*" = "", Minsk = "Yes." }
   |                    ^^ nothing here
   |
   = help: write what a learner who gives this answer should read, or remove the key

"#
    );
}

/// A true/false card takes feedback keyed `true` and `false` but no credit; a number card takes neither.
#[test]
fn kinds_without_credit_or_feedback_reject_them() {
    assert_eq!(
        check(&card(
            r#"id = "a"
kind = "truefalse"
explain = "e"
source = "it-history"
prompt = "The Hi-Tech Park opened in 2005."
answer = true
credit = { true = 50 }
feedback = { yes = "Right." }
"#
        )),
        r#"error: unknown key `credit` in truefalse card `a`
  --> deck.toml:16:1
   |
16 | credit = { true = 50 }
   | ^^^^^^ unknown key
   |
   = help: `credit` belongs to text and choice and multi cards; remove it, or change `kind`

error: `feedback` names no answer `yes` of this card
  --> deck.toml:17:14
   |
17 | feedback = { yes = "Right." }
   |              ^^^ not an answer
   |
   = help: the keys allowed here are `false`, `true`

"#
    );
    assert_eq!(
        check(&card(
            r#"id = "a"
kind = "number"
explain = "e"
source = "it-history"
prompt = "When did the Hi-Tech Park open?"
answer = 2005
feedback = { "2005" = "Yes." }
"#
        )),
        r#"error: unknown key `feedback` in number card `a`
  --> deck.toml:16:1
   |
16 | feedback = { "2005" = "Yes." }
   | ^^^^^^^^ unknown key
   |
   = help: `feedback` belongs to text and choice and multi and truefalse cards; remove it, or change `kind`

"#
    );
}

/// The `toml` examples of the documentation's section on credit and feedback, as one deck file.
fn documented_text() -> String {
    let doc = include_str!("../docs/deck-format.md");
    let start = doc
        .find("### Per-answer credit and feedback")
        .expect("the section");
    let end = start + doc[start..].find("\n## ").expect("the next section");
    let mut text = String::from("[deck]\nid = \"per-answer\"\ntitle = \"Per answer\"\n");
    for block in doc[start..end].split("```toml\n").skip(1) {
        text.push_str(&block[..block.find("```").expect("a closed block")]);
    }
    text
}

fn documented() -> Deck {
    let loaded = parse(&documented_text());
    assert_eq!(loaded.error_count(), 0, "{:?}", loaded.diagnostics);
    loaded.deck.expect("the documented examples load")
}

/// (correct, score in percent, feedback) for `response` to card `id`, as the card lists its options.
fn graded(deck: &Deck, id: &str, response: &str) -> (bool, u32, Option<String>) {
    let item = deck.items().find(|i| i.id() == id).expect("the card");
    let v = grade(&item, &Layout::identity(&item), response).expect("an answer");
    (v.correct, (v.score * 100.0).round() as u32, v.feedback)
}

#[test]
fn choice_credit_is_partial_and_a_negative_one_counts_as_nothing() {
    let deck = documented();
    let said = |s: &str| Some(s.to_string());
    assert_eq!(
        graded(&deck, "hq", "Minsk"),
        (true, 100, said("Yes: the capital."))
    );
    assert_eq!(
        graded(&deck, "hq", "Hrodna"),
        (false, 25, said("Close, but not the capital."))
    );
    assert_eq!(graded(&deck, "hq", "c"), (false, 0, None), "Brest: -50%");
    assert_eq!(graded(&deck, "hq", "Homiel"), (false, 0, None));
}

#[test]
fn multi_credit_sums_the_ticked_options_between_0_and_100() {
    let deck = documented();
    let airline = Some("Belavia is the national airline.".to_string());
    assert_eq!(graded(&deck, "residents", "a b"), (true, 100, None));
    assert_eq!(graded(&deck, "residents", "a"), (false, 50, None));
    assert_eq!(
        graded(&deck, "residents", "a b c"),
        (false, 50, airline.clone())
    );
    assert_eq!(
        graded(&deck, "residents", "a c"),
        (false, 0, airline.clone())
    );
    // 50 + 50 - 50 - 100: ticking everything earns nothing.
    assert_eq!(graded(&deck, "residents", "a b c d"), (false, 0, airline));
    assert_eq!(graded(&deck, "residents", "d"), (false, 0, None));
}

/// Moodle's thirds: 33.33333% three times is full marks, as Moodle counts it; a sum that does not round to
/// 100 is refused.
#[test]
fn multi_credit_in_thirds_is_right_when_every_third_is_ticked() {
    let thirds = card(&format!(
        "{}options = [\"EPAM\", \"Wargaming\", \"Viber\", \"Belavia\"]\nanswer = [\"EPAM\", \"Wargaming\", \"Viber\"]\ncredit = {{ EPAM = 33.33333, Wargaming = 33.33333, Viber = 33.33333, Belavia = -100 }}\n",
        &RESIDENTS[..RESIDENTS.find("options").unwrap()]
    ));
    let deck = parse(&thirds).deck.expect("thirds load");
    assert_eq!(graded(&deck, "a", "a b c"), (true, 100, None));
    assert_eq!(graded(&deck, "a", "a b"), (false, 67, None));
    assert_eq!(
        check(&thirds.replacen("33.33333,", "33,", 2)),
        r#"error: the correct options' credits sum to 99.33, not 100
  --> deck.toml:17:10
   |
17 | credit = { EPAM = 33, Wargaming = 33, Viber = 33.33333, Belavia = -100 }
   |          ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ these credits
   |
   = help: the options in `answer` share 100 between them, as `{ a = 50, b = 50 }`

"#
    );
}

#[test]
fn text_credit_and_feedback_follow_the_accepted_answer_matched() {
    let deck = documented();
    let said = |s: &str| Some(s.to_string());
    assert_eq!(graded(&deck, "city", "minsk"), (true, 100, None));
    assert_eq!(graded(&deck, "city", "Miensk"), (true, 100, None));
    let half = said("Half: the park is in the city itself.");
    assert_eq!(
        graded(&deck, "city", "Minsk region"),
        (false, 50, half.clone())
    );
    // A typo of a half-credit answer earns its half.
    assert_eq!(graded(&deck, "city", "Minsk regoin"), (false, 50, half));
    assert_eq!(
        graded(&deck, "city", "Hrodna"),
        (false, 0, said("It is in the capital."))
    );
}

#[test]
fn truefalse_feedback_answers_what_the_learner_said() {
    let deck = documented();
    let said = |s: &str| Some(s.to_string());
    assert_eq!(
        graded(&deck, "founded", "true"),
        (true, 100, said("Yes: by Decree No. 12."))
    );
    assert_eq!(
        graded(&deck, "founded", "n"),
        (false, 0, said("It was 2005, by Decree No. 12."))
    );
}

/// `kartka import` writes decks with this writer: credit and feedback survive it, and so does a card
/// without them.
#[test]
fn credit_and_feedback_survive_writing_the_deck_back() {
    let deck = documented();
    let text = kartka::interop::write::to_toml(&deck);
    let again = parse(&text);
    assert_eq!(again.deck.as_ref(), Some(&deck), "{text}");
    assert!(
        text.contains("credit.Hrodna = 25\ncredit.Brest = -50\n"),
        "{text}"
    );
    assert!(
        text.contains("feedback.\"*\" = \"It is in the capital.\"\n"),
        "{text}"
    );
}

const TOWNS: &str = r#"[deck]
id = "towns"
title = "Towns"

[[sources]]
id = "notes"
title = "Class notes"

[[cards]]
id = "hq"
kind = "choice"
prompt = "Where is the Hi-Tech Park's administration?"
options = ["Minsk", "Hrodna", "Brest", "Homiel"]
answer = "Minsk"
credit = { Hrodna = 25 }
feedback = { Hrodna = "Close, but not the capital.\u001b[2J" }
explain = "The park's administration sits in Minsk."
source = "notes"
"#;

fn kartka(home: &TempDir) -> Command {
    let mut cmd = Command::cargo_bin("kartka").unwrap();
    cmd.env("KARTKA_HOME", home.path())
        .env("KARTKA_NOW", "2026-11-22T09:00:00+03:00")
        .env_remove("NO_COLOR");
    cmd
}

fn run(cmd: &mut Command, input: &str) -> String {
    let out = cmd.write_stdin(input).assert().success();
    String::from_utf8(out.get_output().stdout.clone()).unwrap()
}

/// The learner who picks a half-right option reads it is partly right, then the card's word on that option
/// (its escape sequence made harmless), then why.
#[test]
fn study_shows_the_feedback_on_the_option_picked() {
    let home = TempDir::new().unwrap();
    let deck = home.path().join("towns.toml");
    std::fs::write(&deck, TOWNS).unwrap();
    let out = run(kartka(&home).arg("study").arg(&deck), "Hrodna\n\nq\n");
    assert!(
        out.contains(
            "> Hrodna
◐ Partly right (25%). The answer: Minsk
Feedback: Close, but not the capital.␛[2J
Why: The park's administration sits in Minsk.
Source: Class notes
"
        ),
        "{out}"
    );
}

/// In a quiz the feedback follows each answer with `--feedback each`, and the review at the end shows it
/// under the answer given; the half-right option scores a quarter of a point.
#[test]
fn a_quiz_shows_the_feedback_after_the_answer_and_in_the_review() {
    let home = TempDir::new().unwrap();
    let deck = home.path().join("towns.toml");
    std::fs::write(&deck, TOWNS).unwrap();
    let each = run(
        kartka(&home).arg("quiz").arg(&deck).args([
            "--name",
            "Ann",
            "--seed",
            "1",
            "--feedback",
            "each",
        ]),
        "Hrodna\n\n",
    );
    assert!(
        each.contains(
            "> Hrodna
◐ Partly right (25%). The answer: Minsk
Feedback: Close, but not the capital.␛[2J
Why: The park's administration sits in Minsk.
"
        ),
        "{each}"
    );
    let review = run(
        kartka(&home)
            .arg("quiz")
            .arg(&deck)
            .args(["--name", "Bob", "--seed", "1"]),
        "Hrodna\n\n",
    );
    assert!(review.contains("Score: 0.25 / 1 (25%)"), "{review}");
    assert!(
        review.contains(
            "   Your answer: “Hrodna”. The answer: Minsk
   Feedback: Close, but not the capital.␛[2J
   Why: The park's administration sits in Minsk.
"
        ),
        "{review}"
    );
}

/// `kartka show` lists what the author set per answer under the answers, so a teacher can check an import.
#[test]
fn show_lists_credit_and_feedback_under_the_answers() {
    let home = TempDir::new().unwrap();
    let deck = home.path().join("per-answer.toml");
    std::fs::write(&deck, documented_text()).unwrap();
    let out = run(kartka(&home).arg("show").arg(&deck), "");
    for shown in [
        "   d)   Homiel
   credit: Hrodna 25%, Brest -50%
   on Minsk: Yes: the capital.
   on Hrodna: Close, but not the capital.
",
        "   credit: EPAM 50%, Wargaming 50%, Belavia -50%, Belaruskali -100%
   on Belavia: Belavia is the national airline.
",
        "   answer: true
   on false: It was 2005, by Decree No. 12.
   on true: Yes: by Decree No. 12.
",
        "   also accepted: Miensk; Minsk region
   credit: Minsk region 50%
   on Minsk region: Half: the park is in the city itself.
   on any other answer: It is in the capital.
",
    ] {
        assert!(out.contains(shown), "{out}");
    }
}
