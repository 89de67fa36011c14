//! Line mode: the question is printed, one line of input is the answer, the next the rating. Used when
//! stdin is not a terminal, and with `--plain`.

use std::io::{BufRead, Write};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};

use super::{
    Confirm, Prompter, QuizAsk, QuizMove, QuizReply, Reply, Summary, SummaryChoice, Timer,
    rating_line,
};
use crate::Error;
use crate::question::{Input, Question};
use crate::sanitize::{for_terminal, one_line};
use crate::schedule::Rating;

/// Lines are read on a thread of their own, so that a quiz can stop waiting when its time runs out.
pub struct Plain<W> {
    lines: Receiver<std::io::Result<String>>,
    out: W,
    echo: bool,
}

/// One read: a line, the end of input, or the deadline passing first.
enum Line {
    Got(String),
    End,
    TimeUp,
}

/// Commands a student types in a quiz in plain mode; see `kartka help quiz`.
const QUIZ_COMMANDS: &str =
    "an empty line skips; :back goes back, :flag flags, :list shows where you are, :submit ends";

impl<W: Write> Plain<W> {
    /// With `echo`, each line read is written back after its prompt, so that a transcript of piped input
    /// reads like a session.
    pub fn new<R: BufRead + Send + 'static>(mut input: R, out: W, echo: bool) -> Self {
        // A rendezvous channel: the thread reads at most one line ahead of what is asked.
        let (tx, lines) = mpsc::sync_channel(0);
        std::thread::spawn(move || {
            loop {
                let mut line = String::new();
                match input.read_line(&mut line) {
                    Ok(0) => break,
                    Ok(_) => {
                        if tx.send(Ok(line)).is_err() {
                            break;
                        }
                    }
                    Err(e) => {
                        let _ = tx.send(Err(e));
                        break;
                    }
                }
            }
        });
        Plain { lines, out, echo }
    }

    /// One line of input, waiting no longer than `timer` allows.
    fn read(&mut self, prompt: &str, timer: Option<&Timer<'_>>) -> Result<Line, Error> {
        write!(self.out, "{prompt}").map_err(Error::Output)?;
        self.out.flush().map_err(Error::Output)?;
        let received = loop {
            let Some(left) = timer.and_then(Timer::remaining) else {
                break self
                    .lines
                    .recv()
                    .map_err(|_| RecvTimeoutError::Disconnected);
            };
            // Wake for a warning on the way, say it, and ask again.
            match timer.and_then(Timer::next_warning) {
                Some((until, say)) if until < left => match self.lines.recv_timeout(until) {
                    Err(RecvTimeoutError::Timeout) => {
                        write!(self.out, "\n{say}\n{prompt}").map_err(Error::Output)?;
                        self.out.flush().map_err(Error::Output)?;
                    }
                    other => break other,
                },
                _ => break self.lines.recv_timeout(left),
            }
        };
        let line = match received {
            Ok(line) => line.map_err(Error::Output)?,
            Err(RecvTimeoutError::Timeout) => {
                writeln!(self.out).map_err(Error::Output)?;
                return Ok(Line::TimeUp);
            }
            Err(RecvTimeoutError::Disconnected) => {
                // Keep the transcript readable when input ends mid-prompt.
                writeln!(self.out).map_err(Error::Output)?;
                return Ok(Line::End);
            }
        };
        let line = line.trim_end_matches(['\n', '\r']).to_string();
        if self.echo {
            writeln!(self.out, "{}", for_terminal(&line)).map_err(Error::Output)?;
        }
        Ok(Line::Got(line))
    }

    /// One line of input; `None` at the end of input or for `q`.
    fn line(&mut self, prompt: &str) -> Result<Option<String>, Error> {
        Ok(match self.read(prompt, None)? {
            Line::Got(line) => (line.trim() != "q").then_some(line),
            Line::End | Line::TimeUp => None,
        })
    }

    fn show(&mut self, question: &Question) -> Result<(), Error> {
        let mut text = format!("{}\n", for_terminal(&question.text));
        for choice in &question.choices {
            text.push_str(&format!("  {}\n", for_terminal(choice)));
        }
        if question.input != Input::Reveal {
            text.push_str(&format!("[{}]\n", one_line(&question.how)));
        }
        write!(self.out, "{text}").map_err(Error::Output)
    }
}

impl<W: Write> Prompter for Plain<W> {
    fn say(&mut self, text: &str) -> Result<(), Error> {
        writeln!(self.out, "{text}").map_err(Error::Output)
    }

    fn answer(&mut self, question: &Question, again: bool) -> Result<Reply<String>, Error> {
        if !again {
            self.show(question)?;
        }
        Ok(match self.line("> ")? {
            None => Reply::Quit,
            Some(line) if super::is_undo(&line) => Reply::Undo,
            Some(line) => Reply::Value(line),
        })
    }

    fn reveal(&mut self, question: &Question) -> Result<Reply<()>, Error> {
        self.show(question)?;
        Ok(match self.line("(press Enter to show the answer) ")? {
            None => Reply::Quit,
            Some(line) if super::is_undo(&line) => Reply::Undo,
            Some(_) => Reply::Value(()),
        })
    }

    fn rate(
        &mut self,
        choices: &[(Rating, String)],
        suggested: Rating,
    ) -> Result<Reply<Rating>, Error> {
        let prompt = format!(
            "Rate: {} [Enter: {}] ",
            rating_line(choices),
            suggested.name()
        );
        loop {
            let Some(line) = self.line(&prompt)? else {
                return Ok(Reply::Quit);
            };
            if line.trim().is_empty() {
                return Ok(Reply::Value(suggested));
            }
            match Rating::parse(&line) {
                Some(r) => return Ok(Reply::Value(r)),
                None => self.say(
                    "Type 1–4 (again, hard, good, easy), or press Enter for the suggested rating.",
                )?,
            }
        }
    }

    fn ask(&mut self, label: &str) -> Result<Reply<String>, Error> {
        Ok(self
            .line(&format!("{label} "))?
            .map_or(Reply::Quit, Reply::Value))
    }

    fn pick(&mut self, title: &str, options: &[String]) -> Result<Reply<usize>, Error> {
        self.say(title)?;
        for (i, o) in options.iter().enumerate() {
            self.say(&format!("  {}. {}", i + 1, for_terminal(o)))?;
        }
        loop {
            let Some(line) = self.line("> ")? else {
                return Ok(Reply::Quit);
            };
            match line.trim().parse::<usize>() {
                Ok(n) if (1..=options.len()).contains(&n) => return Ok(Reply::Value(n - 1)),
                _ => self.say(&format!("Type a number from 1 to {}.", options.len()))?,
            }
        }
    }

    fn quiz_answer(&mut self, ask: &QuizAsk<'_>) -> Result<QuizReply, Error> {
        if !ask.again {
            self.say(&format!("\n{}", ask.status(ask.flagged)))?;
            self.show(ask.question)?;
            if let Some(previous) = ask.previous {
                let how = if ask.locked {
                    "it cannot change now its feedback was shown"
                } else {
                    "type another to change it"
                };
                self.say(&format!("(answered: {}; {how})", for_terminal(previous)))?;
            }
        }
        let mut flagged = ask.flagged;
        loop {
            let line = match self.read("> ", Some(&ask.timer))? {
                Line::Got(line) => line,
                Line::End => {
                    return Ok(QuizReply {
                        action: QuizMove::EndOfInput,
                        flagged,
                    });
                }
                Line::TimeUp => {
                    return Ok(QuizReply {
                        action: QuizMove::TimeUp(None),
                        flagged,
                    });
                }
            };
            let action = match line.trim() {
                "q" => QuizMove::Stop,
                "" => QuizMove::Skip,
                ":back" | ":b" => QuizMove::Back,
                ":list" | ":l" => QuizMove::Summary,
                ":submit" => QuizMove::Stop,
                ":flag" | ":f" => {
                    flagged = !flagged;
                    self.say(if flagged { "Flagged." } else { "Flag removed." })?;
                    continue;
                }
                ":help" | ":h" | "?" => {
                    self.say(QUIZ_COMMANDS)?;
                    continue;
                }
                _ if ask.locked => {
                    self.say("This answer cannot change now its feedback was shown: :back, or an empty line to go on.")?;
                    continue;
                }
                _ => QuizMove::Answer(line),
            };
            return Ok(QuizReply { action, flagged });
        }
    }

    fn quiz_summary(&mut self, summary: &Summary<'_>) -> Result<SummaryChoice, Error> {
        self.say(&format!("\n{}", summary.title))?;
        for row in summary.rows {
            self.say(&format!("  {}", for_terminal(row)))?;
        }
        let (prompt, enter) = match summary.back_to {
            Some(i) => (
                format!(
                    "Type a question's number to go to it, Enter to go back to question {}, :submit to submit: ",
                    i + 1
                ),
                SummaryChoice::Back,
            ),
            None => (
                "Type a question's number to go back to it, or press Enter to submit: ".to_string(),
                SummaryChoice::Submit,
            ),
        };
        loop {
            match self.read(&prompt, Some(&summary.timer))? {
                Line::TimeUp => return Ok(SummaryChoice::TimeUp),
                Line::End => return Ok(SummaryChoice::InputEnded),
                Line::Got(line) => match line.trim() {
                    "" => return Ok(enter),
                    ":submit" => return Ok(SummaryChoice::Submit),
                    "q" => return Ok(SummaryChoice::Stop),
                    other => match other.parse::<usize>() {
                        Ok(n) if (1..=summary.rows.len()).contains(&n) => {
                            return Ok(SummaryChoice::Question(n - 1));
                        }
                        _ => self.say(&format!(
                            "Type a number from 1 to {}, or press Enter.",
                            summary.rows.len()
                        ))?,
                    },
                },
            }
        }
    }

    fn confirm_submit(&mut self, question: &str, timer: &Timer<'_>) -> Result<Confirm, Error> {
        loop {
            match self.read(&format!("{question} [y/N, l to list] "), Some(timer))? {
                Line::TimeUp => return Ok(Confirm::TimeUp),
                Line::End => return Ok(Confirm::InputEnded),
                Line::Got(line) => match line.trim().to_lowercase().as_str() {
                    "" | "n" | "no" => return Ok(Confirm::KeepGoing),
                    "y" | "yes" => return Ok(Confirm::Submit),
                    "l" | ":list" => return Ok(Confirm::Review),
                    _ => self.say(
                        "Type y to submit, n (or Enter) to keep going, l to list the questions.",
                    )?,
                },
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn question() -> Question {
        Question {
            text: "Which?".into(),
            choices: vec!["a) EPAM".into(), "b) Viber".into()],
            input: Input::One,
            how: "type a letter".into(),
        }
    }

    #[test]
    fn reads_answers_and_ratings_line_by_line() {
        let mut out = Vec::new();
        let mut p = Plain::new("b\n\nhard\nx\n4\nq\n".as_bytes(), &mut out, true);
        assert_eq!(
            p.answer(&question(), false).unwrap(),
            Reply::Value("b".into())
        );
        let choices = [
            (Rating::Again, "1m".to_string()),
            (Rating::Good, "10m".to_string()),
        ];
        assert_eq!(
            p.rate(&choices, Rating::Good).unwrap(),
            Reply::Value(Rating::Good)
        );
        assert_eq!(
            p.rate(&choices, Rating::Good).unwrap(),
            Reply::Value(Rating::Hard)
        );
        assert_eq!(
            p.rate(&choices, Rating::Again).unwrap(),
            Reply::Value(Rating::Easy)
        );
        assert_eq!(p.answer(&question(), false).unwrap(), Reply::Quit);
        assert_eq!(
            p.answer(&question(), false).unwrap(),
            Reply::Quit,
            "end of input quits too"
        );
        let transcript = String::from_utf8(out).unwrap();
        assert!(
            transcript.starts_with("Which?\n  a) EPAM\n  b) Viber\n[type a letter]\n> b\n"),
            "{transcript}"
        );
        assert!(transcript.contains("Rate: 1 again (1m) · 3 good (10m) [Enter: good] \n"));
        assert!(transcript.contains(
            "Type 1–4 (again, hard, good, easy), or press Enter for the suggested rating."
        ));
    }
}
