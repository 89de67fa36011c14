//! Asking the learner: a [`Prompter`] trait with two implementations, [`terminal::Terminal`] (inquire
//! widgets) for a terminal and [`plain::Plain`] (one line of input per answer) for scripts, tests and
//! screen readers.

pub mod list;
pub mod plain;
pub mod terminal;

use crate::Error;
use crate::question::Question;
use crate::schedule::Rating;

/// A reply, or the learner's wish to stop (`q`, Esc, Ctrl-C, end of input).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reply<T> {
    Value(T),
    Quit,
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
}

/// The rating line both prompters show: `1 again (1m) · 2 hard (5m) · 3 good (10m) · 4 easy (8d)`.
pub fn rating_line(choices: &[(Rating, String)]) -> String {
    choices
        .iter()
        .map(|(r, when)| format!("{} {} ({when})", *r as u8, r.name()))
        .collect::<Vec<_>>()
        .join(" · ")
}
