//! Classroom quizzes: a reproducible draw of questions from a deck, asked once each, scored, and written
//! to a results file per student.
//!
//! Randomness comes from ChaCha8 seeded by the teacher's seed (and, with `--per-student`, the student's
//! name): ChaCha's output is fixed by its specification, so the same seed draws the same questions in the
//! same order, with the same option order, on any machine and any kartka version.

mod draw;
pub mod file;
pub mod results;
pub mod schema;

use chrono::{DateTime, Duration, FixedOffset};
use sha2::{Digest, Sha256};

use crate::Error;
use crate::clock::Clock;
use crate::deck::{Deck, Item};
use crate::grade::{self, GradeError, Layout, Verdict};
use crate::prompt::{Prompter, Reply};
use crate::question::{Question, feedback};
use crate::sanitize::for_terminal;
use crate::schedule::format_duration;
use crate::style;
pub use draw::{Draw, draw};
use results::{DeckInfo, QuestionResult, Results};

/// When the student sees whether an answer was right.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Feedback {
    /// After each question.
    Each,
    /// Only at the end (a test).
    #[default]
    End,
}

#[derive(Debug, Clone, Default)]
pub struct Options {
    /// How many questions; all that match when `None`.
    pub count: Option<usize>,
    pub tags: Vec<String>,
    /// Per tag, how many questions with it to draw first (a quiz file's `draw`).
    pub per_tag: Vec<(String, usize)>,
    pub seed: String,
    /// Combine the seed with the student's name: a different, reproducible quiz per student.
    pub per_student: bool,
    /// Shuffle options (order items are always shuffled: in their own order they answer themselves).
    pub shuffle: bool,
    pub time_limit: Option<Duration>,
    pub feedback: Feedback,
}

/// One drawn question: the item and the order its choices are shown in.
#[derive(Debug, Clone)]
pub struct Drawn<'d> {
    pub item: Item<'d>,
    pub layout: Layout,
}

/// A name compared loosely: case and spacing do not make another student.
pub fn normalise_name(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The seed for a quiz: the teacher's seed, with the student's name when each student gets their own draw.
pub fn seed(seed: &str, student: Option<&str>) -> u64 {
    let mut hasher = Sha256::new();
    hasher.update(seed.as_bytes());
    if let Some(name) = student {
        hasher.update([0]);
        hasher.update(normalise_name(name).as_bytes());
    }
    let digest = hasher.finalize();
    u64::from_le_bytes(digest[..8].try_into().unwrap_or_default())
}

/// SHA-256 of the deck's content (not its formatting or comments), in hex.
pub fn deck_hash(deck: &Deck) -> String {
    let canonical = serde_json::to_string(deck).unwrap_or_default();
    Sha256::digest(canonical.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn result_of(
    drawn: &Drawn<'_>,
    deck: &Deck,
    answer: Option<String>,
    verdict: Option<&Verdict>,
    seconds: f64,
) -> QuestionResult {
    let question = Question::of(&drawn.item, &drawn.layout);
    let all = grade::choices(&drawn.item);
    QuestionResult {
        item: drawn.item.id(),
        kind: drawn.item.card.kind().name().to_string(),
        prompt: question.text,
        options: drawn
            .layout
            .shown
            .iter()
            .map(|&i| all[i].to_string())
            .collect(),
        tags: drawn
            .item
            .card
            .tags
            .iter()
            .chain(&deck.tags)
            .cloned()
            .collect(),
        answer,
        expected: grade::expected(&drawn.item),
        correct: verdict.is_some_and(|v| v.correct),
        score: verdict.map_or(0.0, |v| v.score),
        seconds,
    }
}

/// "12:30 left".
fn left(deadline: DateTime<FixedOffset>, now: DateTime<FixedOffset>) -> String {
    let secs = (deadline - now).num_seconds().max(0);
    format!("{}:{:02} left", secs / 60, secs % 60)
}

/// Asks every drawn question once and scores the answers. Questions not reached (time ran out, or the
/// student stopped) score 0. `saved` is given each answer, with its question's position, as it is given:
/// it must keep it before the next question is asked.
pub fn run(
    deck: &Deck,
    drawn: &[Drawn<'_>],
    options: &Options,
    student: &str,
    prompter: &mut dyn Prompter,
    clock: &dyn Clock,
    saved: &mut dyn FnMut(usize, &QuestionResult) -> Result<(), Error>,
) -> Result<Results, Error> {
    let started = clock.now();
    let deadline = options.time_limit.map(|limit| started + limit);
    let over = |now: DateTime<FixedOffset>| deadline.is_some_and(|d| now >= d);
    let mut answered: Vec<QuestionResult> = Vec::new();
    let mut ended = "completed";
    'questions: for (i, d) in drawn.iter().enumerate() {
        let asked = clock.now();
        if over(asked) {
            ended = "time-limit";
            break;
        }
        let (h, hr) = (style::HEADING.render(), style::HEADING.render_reset());
        let timer = deadline
            .map(|d| format!(" · {}", left(d, asked)))
            .unwrap_or_default();
        prompter.say(&format!(
            "\n{h}Question {} of {}{hr}{timer}",
            i + 1,
            drawn.len()
        ))?;
        let question = Question::of(&d.item, &d.layout);
        let mut again = false;
        let (text, verdict) = loop {
            let Reply::Value(text) = prompter.answer(&question, again)? else {
                ended = "stopped";
                break 'questions;
            };
            if over(clock.now()) {
                prompter
                    .say("Time is up: that answer came after the time limit and is not counted.")?;
                ended = "time-limit";
                break 'questions;
            }
            match grade::grade(&d.item, &d.layout, &text) {
                Ok(v) => break (text, v),
                Err(GradeError::Unrecognised(how)) => {
                    prompter.say(&for_terminal(&how))?;
                    again = true;
                }
                Err(GradeError::SelfRated) => unreachable!("flash cards are not drawn"),
            }
        };
        let seconds = (clock.now() - asked).num_milliseconds() as f64 / 1000.0;
        let answer = (!text.trim().is_empty()).then_some(text);
        if options.feedback == Feedback::Each {
            prompter.say(&feedback(deck, &d.item, Some(&verdict)))?;
        }
        let result = result_of(d, deck, answer, Some(&verdict), seconds);
        saved(i, &result)?;
        answered.push(result);
    }
    if ended == "time-limit" {
        let limit = options.time_limit.map(format_duration).unwrap_or_default();
        prompter.say(&format!(
            "Time is up ({limit}). Questions not answered score 0."
        ))?;
    }
    let reached = answered.len();
    answered.extend(
        drawn[reached..]
            .iter()
            .map(|d| result_of(d, deck, None, None, 0.0)),
    );
    let score = answered.iter().map(|q| q.score).sum();
    Ok(Results {
        format_version: results::PLAIN_VERSION,
        kartka_version: env!("CARGO_PKG_VERSION").to_string(),
        deck: DeckInfo {
            id: deck.id.clone(),
            title: deck.title.clone(),
            version: deck.version,
            hash: deck_hash(deck),
        },
        student: student.to_string(),
        started_at: started,
        finished_at: clock.now(),
        seed: options.seed.clone(),
        per_student: options.per_student,
        shuffled: options.shuffle,
        time_limit: options.time_limit.map(|l| l.num_seconds().max(0) as u64),
        ended: ended.to_string(),
        max_score: answered.len() as f64,
        score,
        questions: answered,
        quiz: None,
    })
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;
    use std::rc::Rc;

    use super::*;
    use crate::deck::parse;
    use crate::schedule::Rating;

    /// A clock that stands still until the scripted student moves it.
    struct Manual(Rc<Cell<DateTime<FixedOffset>>>);

    impl Clock for Manual {
        fn now(&self) -> DateTime<FixedOffset> {
            self.0.get()
        }
    }

    /// A student who answers "true" to everything, taking two minutes over each answer.
    struct Student {
        time: Rc<Cell<DateTime<FixedOffset>>>,
        said: Vec<String>,
    }

    impl Prompter for Student {
        fn say(&mut self, text: &str) -> Result<(), Error> {
            self.said.push(text.to_string());
            Ok(())
        }
        fn answer(&mut self, _: &Question, _: bool) -> Result<Reply<String>, Error> {
            self.time.set(self.time.get() + Duration::minutes(2));
            Ok(Reply::Value("true".into()))
        }
        fn reveal(&mut self, _: &Question) -> Result<Reply<()>, Error> {
            unreachable!("quizzes have no flash cards")
        }
        fn rate(&mut self, _: &[(Rating, String)], _: Rating) -> Result<Reply<Rating>, Error> {
            unreachable!("quizzes are not rated")
        }
        fn pick(&mut self, _: &str, _: &[String]) -> Result<Reply<usize>, Error> {
            unreachable!("quizzes have no menu")
        }
        fn ask(&mut self, _: &str) -> Result<Reply<String>, Error> {
            unreachable!("the name is given")
        }
    }

    #[test]
    fn the_time_limit_ends_the_quiz_and_unanswered_questions_score_zero() {
        let mut text = String::from("[deck]\nid = \"tf\"\ntitle = \"TF\"\n");
        for i in 0..6 {
            text.push_str(&format!(
                "[[cards]]\nid = \"q{i}\"\nkind = \"truefalse\"\nprompt = \"Q{i}\"\nanswer = true\nexplain = \"e\"\n"
            ));
        }
        let deck = parse(&text).deck.unwrap();
        let opts = Options {
            time_limit: Some(Duration::minutes(5)),
            seed: "t".into(),
            shuffle: true,
            ..Options::default()
        };
        let drawn = draw(&deck, &opts, "A").drawn;
        let time = Rc::new(Cell::new(
            DateTime::parse_from_rfc3339("2026-11-22T09:00:00+03:00").unwrap(),
        ));
        let mut student = Student {
            time: time.clone(),
            said: vec![],
        };
        let mut positions = Vec::new();
        let results = run(
            &deck,
            &drawn,
            &opts,
            "A",
            &mut student,
            &Manual(time),
            &mut |i, _| {
                positions.push(i);
                Ok(())
            },
        )
        .unwrap();
        // Answers at 09:02 and 09:04 count; the third comes at 09:06, after the five minutes.
        let answered: Vec<bool> = results
            .questions
            .iter()
            .map(|q| q.answer.is_some())
            .collect();
        assert_eq!(answered, [true, true, false, false, false, false]);
        assert_eq!(
            positions,
            [0, 1],
            "each counted answer is handed over to be saved"
        );
        assert_eq!((results.score, results.max_score), (2.0, 6.0));
        assert_eq!(results.ended, "time-limit");
        assert_eq!(results.questions[0].seconds, 120.0);
        let said = student.said.join("\n");
        assert!(
            said.contains("Question 1 of 6\u{1b}[0m · 5:00 left"),
            "{said}"
        );
        assert!(
            said.contains("Question 3 of 6") && said.contains("1:00 left"),
            "{said}"
        );
        assert!(
            said.contains("Time is up: that answer came after the time limit and is not counted.")
        );
        assert!(said.contains("Time is up (5m). Questions not answered score 0."));
    }
}
