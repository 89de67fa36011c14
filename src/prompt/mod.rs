//! Asking the learner: a [`Prompter`] trait with two implementations, [`terminal::Terminal`] (inquire
//! widgets) for a terminal and [`plain::Plain`] (one line of input per answer) for scripts, tests and
//! screen readers.

mod field;
mod line;
pub mod list;
pub mod plain;
pub mod terminal;

use chrono::{DateTime, FixedOffset};

use crate::Error;
use crate::clock::Clock;
use crate::grade::diff::Marks;
use crate::question::Question;
use crate::schedule::Rating;

/// A reply, or the learner's wish to stop (`q`, Esc, Ctrl-C, end of input).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reply<T> {
    Value(T),
    Quit,
    /// Take back the previous answer: offered where a study session asks its next question (`u` in a list,
    /// `:undo` typed).
    Undo,
}

pub trait Prompter {
    /// Shows text: headers, feedback, summaries.
    fn say(&mut self, text: &str) -> Result<(), Error>;
    /// Shows a question and reads the answer, in the grader's terms (letters for choices). `again` asks
    /// once more after an answer that could not be read, without showing the question again.
    fn answer(&mut self, question: &Question, again: bool) -> Result<Reply<String>, Error>;
    /// Shows a flash card's front and waits until the learner wants to see the back.
    fn reveal(&mut self, question: &Question) -> Result<Reply<()>, Error>;
    /// Asks for a rating; each choice comes with when the card would be due again.
    fn rate(
        &mut self,
        choices: &[(Rating, String)],
        suggested: Rating,
    ) -> Result<Reply<Rating>, Error>;
    /// Asks for a line of text, such as a name.
    fn ask(&mut self, label: &str) -> Result<Reply<String>, Error>;
    /// Asks to pick one of several options (a menu).
    fn pick(&mut self, title: &str, options: &[String]) -> Result<Reply<usize>, Error>;
    /// Whether the screens mention undo: a practice session has nothing to undo.
    fn offer_undo(&mut self, _offered: bool) {}

    /// Whether the learner pressed Ctrl-C: everything ends, where `q` or Esc leave only the screen.
    fn interrupted(&self) -> bool {
        false
    }

    /// How feedback marks where a typed answer differs from the right one: carets, readable anywhere,
    /// unless styles are sure to show.
    fn marks(&self) -> Marks {
        Marks::Carets
    }

    /// Asks a quiz question: the student may answer, move on or back, flag it, or stop, and the time may
    /// run out while they do. Flagging does not leave the question: the reply says whether it ends flagged.
    fn quiz_answer(&mut self, ask: &QuizAsk<'_>) -> Result<QuizReply, Error> {
        let action = match self.answer(ask.question, ask.again)? {
            Reply::Value(text) if text.trim().is_empty() => QuizMove::Skip,
            Reply::Value(text) => QuizMove::Answer(text),
            // Nothing to take back in a quiz: it was typed as an answer.
            Reply::Undo => QuizMove::Answer(":undo".into()),
            Reply::Quit => QuizMove::Stop,
        };
        Ok(QuizReply {
            action,
            flagged: ask.flagged,
        })
    }

    /// Shows where a quiz stands, one line per question, and asks where to go or whether to submit.
    fn quiz_summary(&mut self, summary: &Summary<'_>) -> Result<SummaryChoice, Error> {
        let mut rows = summary.rows.to_vec();
        if let Some(i) = summary.back_to {
            rows.push(format!("Back to question {}", i + 1));
        }
        rows.push("Submit".into());
        Ok(match self.pick(&summary.title, &rows)? {
            Reply::Value(i) if i < summary.rows.len() => SummaryChoice::Question(i),
            Reply::Value(i) if i + 1 < rows.len() => SummaryChoice::Back,
            Reply::Value(_) => SummaryChoice::Submit,
            // A menu offers no undo.
            Reply::Quit | Reply::Undo => SummaryChoice::InputEnded,
        })
    }

    /// Asks whether to submit now (`question` says what is unanswered); keeping going is the default.
    fn confirm_submit(&mut self, question: &str, timer: &Timer<'_>) -> Result<Confirm, Error> {
        let _ = timer;
        let options = [
            "Keep going".to_string(),
            "Review answers".to_string(),
            "Submit now".to_string(),
        ];
        Ok(match self.pick(question, &options)? {
            Reply::Value(1) => Confirm::Review,
            Reply::Value(2) => Confirm::Submit,
            Reply::Value(_) => Confirm::KeepGoing,
            Reply::Quit | Reply::Undo => Confirm::InputEnded,
        })
    }
}

/// When a quiz's time runs out, and the clock that counts it.
#[derive(Clone, Copy)]
pub struct Timer<'a> {
    pub deadline: Option<DateTime<FixedOffset>>,
    /// The quiz's whole time limit: a warning comes at 5 minutes left when it is over 10 minutes.
    pub limit: Option<chrono::Duration>,
    pub clock: &'a dyn Clock,
}

impl Timer<'_> {
    /// The next warning still to come: how long until it, and what it says.
    pub fn next_warning(&self) -> Option<(std::time::Duration, &'static str)> {
        let left = self.seconds_left()?;
        let long = self
            .limit
            .is_some_and(|l| l > chrono::Duration::minutes(10));
        [(300, "5 minutes left."), (60, "1 minute left.")]
            .into_iter()
            .filter(|(at, _)| *at != 300 || long)
            .find(|(at, _)| left > *at)
            .map(|(at, say)| (std::time::Duration::from_secs((left - at) as u64), say))
    }

    /// Whole seconds left, rounded up: a quiz shows "0:05 left" for the whole of its last five seconds.
    pub fn seconds_left(&self) -> Option<i64> {
        self.deadline
            .map(|d| ((d - self.clock.now()).num_milliseconds().max(0) + 999) / 1000)
    }

    pub fn is_over(&self) -> bool {
        self.deadline.is_some_and(|d| self.clock.now() >= d)
    }

    /// How long until the deadline, for waiting on input; `None` without one.
    pub fn remaining(&self) -> Option<std::time::Duration> {
        self.deadline
            .map(|d| (d - self.clock.now()).to_std().unwrap_or_default())
    }

    /// Whether a warning is due: the last minute, or the last five of a limit over ten minutes.
    pub fn warning_now(&self) -> bool {
        let long = self
            .limit
            .is_some_and(|l| l > chrono::Duration::minutes(10));
        self.seconds_left()
            .is_some_and(|s| s <= 60 || (long && s <= 300))
    }

    /// "4:56 left", or nothing without a time limit.
    pub fn label(&self) -> Option<String> {
        self.seconds_left().map(|s| {
            if s >= 3600 {
                format!("{}:{:02}:{:02} left", s / 3600, s / 60 % 60, s % 60)
            } else {
                format!("{}:{:02} left", s / 60, s % 60)
            }
        })
    }
}

/// A quiz question as it is asked.
pub struct QuizAsk<'a> {
    pub question: &'a Question,
    /// 1-based.
    pub number: usize,
    pub total: usize,
    pub flagged: bool,
    /// The answer given before, in the grader's terms, when the student comes back to the question.
    pub previous: Option<&'a str>,
    /// Whether the answer can no longer change (its feedback was shown).
    pub locked: bool,
    /// Asking again after an answer that could not be read, without showing the question again.
    pub again: bool,
    pub timer: Timer<'a>,
}

impl QuizAsk<'_> {
    /// The line above a question: "Question 2 of 10 · 4:56 left · ⚑ flagged".
    pub fn status(&self, flagged: bool) -> String {
        let mut s = format!("Question {} of {}", self.number, self.total);
        let live = self.live_status(flagged);
        if !live.is_empty() {
            s.push_str(&format!(" · {live}"));
        }
        s
    }

    /// What changes while the question is on screen: "4:56 left · ⚑ flagged", or nothing.
    pub fn live_status(&self, flagged: bool) -> String {
        let mut parts: Vec<String> = self.timer.label().into_iter().collect();
        if flagged {
            parts.push("⚑ flagged".into());
        }
        parts.join(" · ")
    }
}

/// What the student did at a quiz question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QuizMove {
    /// An answer, in the grader's terms.
    Answer(String),
    /// On to the next question, leaving this one as it was.
    Skip,
    Back,
    /// To the summary of answered, unanswered and flagged questions.
    Summary,
    /// Esc, Ctrl-C or `q`: the quiz asks whether to submit.
    Stop,
    /// The input ended (plain mode): nothing more can be answered.
    EndOfInput,
    /// The time ran out; what was typed or ticked, as it stood.
    TimeUp(Option<String>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuizReply {
    pub action: QuizMove,
    pub flagged: bool,
}

/// Where a quiz stands, before it is submitted.
pub struct Summary<'a> {
    pub title: String,
    /// One line per question: "3. unanswered · ⚑ flagged · Who founded…".
    pub rows: &'a [String],
    /// The question the summary was opened from, which Enter goes back to; `None` after the last question.
    pub back_to: Option<usize>,
    pub first_unanswered: Option<usize>,
    pub timer: Timer<'a>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SummaryChoice {
    Question(usize),
    /// Back to the question the summary was opened from.
    Back,
    /// Submit (asked first when questions are unanswered).
    Submit,
    /// Esc or Ctrl-C: asks whether to submit.
    Stop,
    InputEnded,
    TimeUp,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Confirm {
    KeepGoing,
    Review,
    Submit,
    TimeUp,
    /// No answer can come (plain mode's input ended): the quiz ends as it stands.
    InputEnded,
}

/// The rating line both prompters show: `1 again (1m) · 2 hard (5m) · 3 good (10m) · 4 easy (8d)`.
/// What a student types to take back the previous answer.
pub fn is_undo(text: &str) -> bool {
    matches!(text.trim(), ":undo" | ":u")
}

pub fn rating_line(choices: &[(Rating, String)]) -> String {
    choices
        .iter()
        .map(|(r, when)| format!("{} {} ({when})", *r as u8, r.name()))
        .collect::<Vec<_>>()
        .join(" · ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::FixedClock;

    fn timer(clock: &FixedClock, limit_minutes: i64, left_seconds: i64) -> Timer<'_> {
        Timer {
            deadline: Some(clock.0 + chrono::Duration::seconds(left_seconds)),
            limit: Some(chrono::Duration::minutes(limit_minutes)),
            clock,
        }
    }

    #[test]
    fn warnings_come_at_five_minutes_for_long_limits_and_at_one_minute() {
        let clock = FixedClock(DateTime::parse_from_rfc3339("2026-11-22T09:00:00+03:00").unwrap());
        let secs = |d: std::time::Duration| d.as_secs();
        let long = timer(&clock, 15, 400);
        let (until, say) = long.next_warning().unwrap();
        assert_eq!((secs(until), say), (100, "5 minutes left."));
        assert!(!long.warning_now());
        let short = timer(&clock, 10, 400);
        let (until, say) = short.next_warning().unwrap();
        assert_eq!(
            (secs(until), say),
            (340, "1 minute left."),
            "no 5-minute warning at 10 minutes"
        );
        let last = timer(&clock, 15, 45);
        assert_eq!(last.next_warning(), None);
        assert!(last.warning_now());
        assert_eq!(last.label().as_deref(), Some("0:45 left"));
        assert!(
            timer(&clock, 15, 200).warning_now(),
            "inside the last five of a long limit"
        );
        assert!(!timer(&clock, 10, 200).warning_now());
        let over = timer(&clock, 1, 0);
        assert!(over.is_over());
        assert_eq!(over.label().as_deref(), Some("0:00 left"));
        let hours = timer(&clock, 120, 3725);
        assert_eq!(hours.label().as_deref(), Some("1:02:05 left"));
    }
}
