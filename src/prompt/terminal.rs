//! Prompts on a terminal, with inquire: a list to pick a choice from, checkboxes for several, a text field
//! for typed answers, and the rating preselected on the suggested one.

use std::io::Write;

use inquire::Text;
use inquire::error::InquireError;

use super::line::Line;
use super::list::{self, Choice, Keys};
use super::{Confirm, Prompter, QuizAsk, QuizReply, Reply, Summary, SummaryChoice, Timer};
use crate::Error;
use crate::grade::diff::Marks;
use crate::grade::letter;
use crate::question::{Input, Question};
use crate::sanitize::{for_terminal, one_line};
use crate::schedule::Rating;

pub struct Terminal {
    /// Whether `u` and `:undo` are offered: not in practice, which has nothing to undo.
    undo: bool,
}

impl Default for Terminal {
    fn default() -> Terminal {
        Terminal { undo: true }
    }
}

/// Text wrapped at the terminal's width, so that words are not cut at the edge.
/// Lines longer than this are hard to read however wide the terminal.
const READABLE: usize = 100;

fn wrap(text: &str) -> String {
    let width = textwrap::termwidth().clamp(20, READABLE);
    text.lines()
        .map(|line| textwrap::fill(line, width))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Set by Ctrl-C: it ends kartka, where `q` and Esc leave only the screen (a session started from the
/// menu goes back to it).
static INTERRUPTED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

fn interrupt() {
    INTERRUPTED.store(true, std::sync::atomic::Ordering::Relaxed);
}

/// Esc and Ctrl-C end the session; anything else going wrong with the terminal is an error.
fn reply<T>(result: Result<T, InquireError>) -> Result<Reply<T>, Error> {
    match result {
        Ok(v) => Ok(Reply::Value(v)),
        Err(InquireError::OperationCanceled) => Ok(Reply::Quit),
        Err(InquireError::OperationInterrupted) => {
            interrupt();
            Ok(Reply::Quit)
        }
        Err(e) => Err(Error::Terminal(format!("the terminal prompt failed: {e}"))),
    }
}

/// A choice from a [`list`]: `q`, Esc and Ctrl-C end the session.
fn listed(
    title: &str,
    help: &str,
    options: &[String],
    start: usize,
    keys: Keys,
) -> Result<Reply<usize>, Error> {
    match list::choose(title, help, options, start, keys) {
        Ok(Choice::Picked(i)) => Ok(Reply::Value(i)),
        Ok(Choice::Undo) => Ok(Reply::Undo),
        Ok(Choice::Interrupt) => {
            interrupt();
            Ok(Reply::Quit)
        }
        Ok(Choice::Leave | Choice::TimeUp) => Ok(Reply::Quit),
        Err(e) => Err(Error::Terminal(format!("the terminal prompt failed: {e}"))),
    }
}

fn failed(e: std::io::Error) -> Error {
    Error::Terminal(format!("the terminal prompt failed: {e}"))
}

/// Lists answer by moving and Enter only: a letter or digit key could be taken for an answer.
const ENTER_ONLY: Keys = Keys {
    digits: false,
    space: false,
    undo: false,
};

/// A study question's list: as [`ENTER_ONLY`], and `u` takes back the previous answer.
const ANSWER: Keys = Keys {
    undo: true,
    ..ENTER_ONLY
};

/// `q` alone stops; `:undo` takes back the previous answer (no answer is either).
fn typed(text: Reply<String>) -> Reply<String> {
    match text {
        Reply::Value(t) if t.trim() == "q" => Reply::Quit,
        Reply::Value(t) if super::is_undo(&t) => Reply::Undo,
        other => other,
    }
}

impl Terminal {
    /// How the help line offers undo with `key`, when it is offered.
    fn undo_help(&self, key: &str) -> String {
        if self.undo {
            format!("{key} to undo the last answer, ")
        } else {
            String::new()
        }
    }

    /// A typed line: Esc and Ctrl-C end the session.
    fn line(&self, label: &str, help: &str) -> Result<Reply<String>, Error> {
        Ok(match super::line::read(label, help).map_err(failed)? {
            Line::Entered(text) => Reply::Value(text),
            Line::Leave => Reply::Quit,
            Line::Interrupt => {
                interrupt();
                Reply::Quit
            }
        })
    }

    fn keys(&self) -> Keys {
        if self.undo { ANSWER } else { ENTER_ONLY }
    }

    fn show(&mut self, text: &str) -> Result<(), Error> {
        let mut out = anstream::stdout();
        writeln!(
            out,
            "{}{}{}",
            anstyle::Style::new().bold().render(),
            wrap(&for_terminal(text)),
            anstyle::Reset.render()
        )
        .map_err(Error::Output)
    }
}

impl Prompter for Terminal {
    fn offer_undo(&mut self, offered: bool) {
        self.undo = offered;
    }

    fn interrupted(&self) -> bool {
        INTERRUPTED.load(std::sync::atomic::Ordering::Relaxed)
    }

    fn marks(&self) -> Marks {
        match anstream::AutoStream::choice(&std::io::stdout()) {
            anstream::ColorChoice::Never => Marks::Carets,
            _ => Marks::Styled,
        }
    }

    fn say(&mut self, text: &str) -> Result<(), Error> {
        writeln!(anstream::stdout(), "{}", wrap(text)).map_err(Error::Output)
    }

    fn answer(&mut self, q: &Question, again: bool) -> Result<Reply<String>, Error> {
        if !again {
            self.show(&q.text)?;
        }
        let choices: Vec<String> = q.choices.iter().map(|c| one_line(c).into_owned()).collect();
        match q.input {
            Input::One | Input::TrueFalse => {
                let picked = listed(
                    "Your answer:",
                    &format!(
                        "↑↓ to move, Enter to answer, {}q or Esc to stop",
                        self.undo_help("u")
                    ),
                    &choices,
                    0,
                    self.keys(),
                )?;
                Ok(match picked {
                    Reply::Value(i) if q.input == Input::One => Reply::Value(letter(i).to_string()),
                    Reply::Value(i) => Reply::Value(choices[i].clone()),
                    Reply::Quit => Reply::Quit,
                    Reply::Undo => Reply::Undo,
                })
            }
            Input::Several => {
                let (picked, ticked) = list::choose_several(
                    "Your answer:",
                    &format!(
                        "↑↓ to move, Space to tick, Enter to answer, {}q or Esc to stop",
                        self.undo_help("u")
                    ),
                    &choices,
                    self.keys(),
                )
                .map_err(failed)?;
                Ok(match picked {
                    Choice::Picked(_) => {
                        let letters: Vec<String> =
                            ticked.iter().map(|&i| letter(i).to_string()).collect();
                        Reply::Value(letters.join(" "))
                    }
                    Choice::Undo => Reply::Undo,
                    Choice::Interrupt => {
                        interrupt();
                        Reply::Quit
                    }
                    Choice::Leave | Choice::TimeUp => Reply::Quit,
                })
            }
            Input::Typed | Input::Reveal => {
                for c in choices.iter().filter(|_| !again) {
                    writeln!(anstream::stdout(), "  {c}").map_err(Error::Output)?;
                }
                let help = format!(
                    "{}; {}Esc to stop",
                    one_line(&q.how),
                    self.undo_help(":undo")
                );
                Ok(typed(self.line("Your answer:", &help)?))
            }
        }
    }

    fn reveal(&mut self, q: &Question) -> Result<Reply<()>, Error> {
        self.show(&q.text)?;
        let r = typed(self.line(
            "Press Enter to show the answer",
            &format!("{}Esc to stop", self.undo_help("u")),
        )?);
        Ok(match r {
            Reply::Value(t) if t.trim() == "u" => Reply::Undo,
            Reply::Value(_) => Reply::Value(()),
            Reply::Quit => Reply::Quit,
            Reply::Undo => Reply::Undo,
        })
    }

    fn rate(
        &mut self,
        choices: &[(Rating, String)],
        suggested: Rating,
    ) -> Result<Reply<Rating>, Error> {
        let labels: Vec<String> = choices
            .iter()
            .map(|(r, when)| format!("{} {:<5} {when}", *r as u8, r.name()))
            .collect();
        let start = choices
            .iter()
            .position(|(r, _)| *r == suggested)
            .unwrap_or(0);
        let picked = listed(
            "How well did you know it?",
            "1-4 to rate, Enter or Space for the one marked, q or Esc to stop (keeps the marked rating)",
            &labels,
            start,
            Keys {
                digits: true,
                space: true,
                undo: false,
            },
        )?;
        Ok(match picked {
            Reply::Value(i) => Reply::Value(choices[i].0),
            Reply::Quit => Reply::Quit,
            Reply::Undo => Reply::Undo,
        })
    }

    fn ask(&mut self, label: &str) -> Result<Reply<String>, Error> {
        reply(Text::new(label).prompt())
    }

    fn quiz_answer(&mut self, ask: &QuizAsk<'_>) -> Result<QuizReply, Error> {
        if !ask.again {
            let (h, hr) = (
                crate::style::HEADING.render(),
                crate::style::HEADING.render_reset(),
            );
            writeln!(
                anstream::stdout(),
                "\n{h}Question {} of {}{hr}",
                ask.number,
                ask.total
            )
            .map_err(Error::Output)?;
            self.show(&ask.question.text)?;
            if matches!(ask.question.input, Input::Typed) {
                for c in &ask.question.choices {
                    writeln!(anstream::stdout(), "  {}", one_line(c)).map_err(Error::Output)?;
                }
                writeln!(anstream::stdout(), "{}", one_line(&ask.question.how))
                    .map_err(Error::Output)?;
            }
            if ask.locked {
                writeln!(
                    anstream::stdout(),
                    "(answered; its feedback was shown, so it cannot change)"
                )
                .map_err(Error::Output)?;
            }
        }
        let choices: Vec<String> = match ask.question.input {
            Input::Typed | Input::Reveal => vec![],
            _ => ask
                .question
                .choices
                .iter()
                .map(|c| one_line(c).into_owned())
                .collect(),
        };
        super::field::ask(ask, &choices, ask.question.input).map_err(failed)
    }

    fn quiz_summary(&mut self, summary: &Summary<'_>) -> Result<SummaryChoice, Error> {
        let mut rows: Vec<String> = summary
            .rows
            .iter()
            .map(|r| one_line(r).into_owned())
            .collect();
        let back = summary.back_to.map(|i| {
            rows.push(format!("Back to question {}", i + 1));
            rows.len() - 1
        });
        rows.push("Submit".into());
        let submit = rows.len() - 1;
        // Enter must not submit by accident: the cursor starts on the way back, or the first unanswered.
        let start = back.or(summary.first_unanswered).unwrap_or(submit);
        let picked = list::choose_timed(
            &one_line(&summary.title),
            "↑↓ to move, Enter to go to a question or submit, Esc to stop",
            &rows,
            start,
            ENTER_ONLY,
            Some(&summary.timer),
        )
        .map_err(failed)?;
        Ok(match picked {
            Choice::Picked(i) if i < summary.rows.len() => SummaryChoice::Question(i),
            Choice::Picked(i) if Some(i) == back => SummaryChoice::Back,
            Choice::Picked(_) => SummaryChoice::Submit,
            Choice::TimeUp => SummaryChoice::TimeUp,
            // `u` is not offered here (ENTER_ONLY).
            Choice::Leave | Choice::Interrupt | Choice::Undo => SummaryChoice::Stop,
        })
    }

    fn confirm_submit(&mut self, question: &str, timer: &Timer<'_>) -> Result<Confirm, Error> {
        let options = [
            "Keep going".to_string(),
            "Review answers".to_string(),
            "Submit now".to_string(),
        ];
        let picked = list::choose_timed(
            &one_line(question),
            "↑↓ to move, Enter to choose; Esc keeps going",
            &options,
            0,
            ENTER_ONLY,
            Some(timer),
        )
        .map_err(failed)?;
        Ok(match picked {
            Choice::Picked(1) => Confirm::Review,
            Choice::Picked(2) => Confirm::Submit,
            Choice::TimeUp => Confirm::TimeUp,
            _ => Confirm::KeepGoing,
        })
    }

    fn pick(&mut self, title: &str, options: &[String]) -> Result<Reply<usize>, Error> {
        let options: Vec<String> = options.iter().map(|o| one_line(o).into_owned()).collect();
        listed(
            title,
            "↑↓ to move, Enter to choose, q or Esc to leave",
            &options,
            0,
            ENTER_ONLY,
        )
    }
}
