//! Line mode: the question is printed, one line of input is the answer, the next the rating. Used when
//! stdin is not a terminal, and with `--plain`.

use std::io::{BufRead, Write};

use super::{Prompter, Reply, rating_line};
use crate::Error;
use crate::question::{Input, Question};
use crate::sanitize::{for_terminal, one_line};
use crate::schedule::Rating;

pub struct Plain<R, W> {
    input: R,
    out: W,
    echo: bool,
}

impl<R: BufRead, W: Write> Plain<R, W> {
    /// With `echo`, each line read is written back after its prompt, so that a transcript of piped input
    /// reads like a session.
    pub fn new(input: R, out: W, echo: bool) -> Self {
        Plain { input, out, echo }
    }

    /// One line of input; `None` at the end of input or for `q`.
    fn line(&mut self, prompt: &str) -> Result<Option<String>, Error> {
        write!(self.out, "{prompt}").map_err(Error::Output)?;
        self.out.flush().map_err(Error::Output)?;
        let mut line = String::new();
        let read = self.input.read_line(&mut line).map_err(Error::Output)?;
        if read == 0 {
            // Keep the transcript readable when input ends mid-prompt.
            writeln!(self.out).map_err(Error::Output)?;
            return Ok(None);
        }
        let line = line.trim_end_matches(['\n', '\r']).to_string();
        if self.echo {
            writeln!(self.out, "{}", for_terminal(&line)).map_err(Error::Output)?;
        }
        Ok((line.trim() != "q").then_some(line))
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

impl<R: BufRead, W: Write> Prompter for Plain<R, W> {
    fn say(&mut self, text: &str) -> Result<(), Error> {
        writeln!(self.out, "{text}").map_err(Error::Output)
    }

    fn answer(&mut self, question: &Question, again: bool) -> Result<Reply<String>, Error> {
        if !again {
            self.show(question)?;
        }
        Ok(self.line("> ")?.map_or(Reply::Quit, Reply::Value))
    }

    fn reveal(&mut self, question: &Question) -> Result<Reply<()>, Error> {
        self.show(question)?;
        Ok(self
            .line("(press Enter to show the answer) ")?
            .map_or(Reply::Quit, |_| Reply::Value(())))
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
