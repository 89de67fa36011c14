//! Choice and multi cards: the options and which of them are right.

use std::ops::Range;

use toml::de::{DeTable, DeValue};

use super::Checker;
use super::per_answer::Answers;
use crate::deck::diagnostic::Diagnostic;
use crate::deck::model::{Body, Kind, PerAnswer};
use crate::suggest;

impl Checker {
    pub(super) fn choice(
        &mut self,
        t: &DeTable<'_>,
        kind: Kind,
        anchor: Range<usize>,
        card_name: &str,
    ) -> Option<Body> {
        let options_v = self.field(
            t,
            "options",
            card_name,
            kind,
            &anchor,
            "options = [\"…\", \"…\", \"…\"]",
        );
        let options = options_v.and_then(|v| self.spanned_strings("options", v));
        let example = if kind == Kind::Multi {
            "answer = [\"…\", \"…\"]"
        } else {
            "answer = \"…\""
        };
        let answer_v = self.field(t, "answer", card_name, kind, &anchor, example);
        let options = options?;
        let options_v = options_v?;
        if options.len() < 2 {
            self.push(
                Diagnostic::error(format!("a {kind} card needs at least two options"))
                    .at(options_v.span(), format!("{} option here", options.len()))
                    .help("add the wrong options learners should tell apart from the right one"),
            );
            return None;
        }
        self.no_repeats("options", &options, false);
        let answer_v = answer_v?;
        let names: Vec<&str> = options.iter().map(|(s, _)| s.as_str()).collect();
        let answers: Vec<(String, Range<usize>)> = match (kind, answer_v.get_ref()) {
            (Kind::Choice, DeValue::Array(_)) => {
                self.wrong_type(
                    "answer",
                    answer_v,
                    "a string",
                    Some(
                        "a choice card has one answer; for several, use `kind = \"multi\"`".into(),
                    ),
                );
                return None;
            }
            (Kind::Choice, _) => vec![(self.text("answer", answer_v)?, answer_v.span())],
            (_, DeValue::String(s)) => {
                self.wrong_type(
                    "answer",
                    answer_v,
                    "an array",
                    Some(format!(
                        "a multi card lists its correct options: `answer = [\"{s}\"]`; for one answer, use `kind = \"choice\"`"
                    )),
                );
                return None;
            }
            _ => {
                let answers = self.spanned_strings("answer", answer_v)?;
                if answers.is_empty() {
                    self.push(
                        Diagnostic::error("a multi card needs at least one correct answer")
                            .at(answer_v.span(), "empty")
                            .help("list the correct options: `answer = [\"…\", \"…\"]`"),
                    );
                    return None;
                }
                if !self.no_repeats("answer", &answers, true) {
                    return None;
                }
                answers
            }
        };
        let mut indices = Vec::with_capacity(answers.len());
        for (answer, span) in &answers {
            match names.iter().position(|o| o.trim() == answer.trim()) {
                Some(i) => indices.push(i),
                None => {
                    let help = match suggest::closest(answer, names.iter().copied()) {
                        Some(close) => format!(
                            "did you mean `{close}`? the answer must be one of the options, word for word"
                        ),
                        None => "the answer must be one of the options, word for word".to_string(),
                    };
                    self.push(
                        Diagnostic::error(format!("answer `{answer}` is not among the options"))
                            .at(span.clone(), "not one of the options")
                            .with_context(options_v.span(), "the options")
                            .help(help),
                    );
                }
            }
        }
        if indices.len() != answers.len() {
            return None;
        }
        if kind == Kind::Choice {
            let answers = Answers {
                names: names.clone(),
                noun: "option",
                full: vec![indices[0]],
            };
            let others: Vec<&str> = names
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != indices[0])
                .map(|(_, n)| *n)
                .collect();
            let credit = self.credit(t, &answers, &others, 0.0);
            let feedback = self.feedback(t, &answers, false);
            Some(Body::Choice {
                options: names.iter().map(|s| s.to_string()).collect(),
                answer: indices[0],
                per_answer: PerAnswer {
                    credit: credit?,
                    ..feedback?
                },
            })
        } else {
            if indices.len() == names.len() {
                self.push(
                    Diagnostic::warning("every option is a correct answer")
                        .at(answer_v.span(), "all options")
                        .help("add wrong options, so that choosing means something"),
                );
            }
            indices.sort_unstable();
            let credit = self.multi_credit(t, &names, &indices, answer_v.span());
            let answers = Answers {
                names: names.clone(),
                noun: "option",
                full: vec![],
            };
            let feedback = self.feedback(t, &answers, false);
            Some(Body::Multi {
                options: names.iter().map(|s| s.to_string()).collect(),
                answers: indices,
                per_answer: PerAnswer {
                    credit: credit?,
                    ..feedback?
                },
            })
        }
    }
}
