//! The body of each card kind but choice and multi: what the kind asks and what counts as its answer.

use std::ops::Range;

use toml::de::{DeTable, DeValue};

use super::fields::{get, inner_span, parse_integer, parse_number};
use super::per_answer::Answers;
use super::{Checker, Value};
use crate::deck::cloze;
use crate::deck::diagnostic::Diagnostic;
use crate::deck::model::{Body, Kind, PerAnswer, Tolerance, Typos};

impl Checker {
    pub(super) fn body(
        &mut self,
        t: &DeTable<'_>,
        kind: Kind,
        anchor: Range<usize>,
        card_name: &str,
    ) -> Option<Body> {
        match kind {
            Kind::Flash => {
                let front = self
                    .field(t, "front", card_name, kind, &anchor, "front = \"…\"")
                    .and_then(|v| self.text("front", v));
                let back = self
                    .field(t, "back", card_name, kind, &anchor, "back = \"…\"")
                    .and_then(|v| self.text("back", v));
                let reverse = self.bool(t, "reverse", false);
                Some(Body::Flash {
                    front: front?,
                    back: back?,
                    reverse: reverse?,
                })
            }
            Kind::Text => {
                let answer = self
                    .field(t, "answer", card_name, kind, &anchor, "answer = \"…\"")
                    .and_then(|v| self.text("answer", v));
                let accept = get(t, "accept").map_or(Some(vec![]), |v| self.strings("accept", v));
                let case_sensitive = self.bool(t, "case_sensitive", false);
                let accent_sensitive = self.bool(t, "accent_sensitive", false);
                let typos = match get(t, "typos") {
                    None => Some(Typos::Auto),
                    Some(v) => match v.get_ref() {
                        DeValue::Boolean(true) => Some(Typos::Auto),
                        DeValue::Boolean(false) => Some(Typos::Max(0)),
                        other => match parse_integer(other) {
                            Some(n) if (0..=i64::from(u32::MAX)).contains(&n) => {
                                Some(Typos::Max(n as u32))
                            }
                            _ => {
                                self.push(
                                    Diagnostic::error("`typos` must be true, false or a number of edits")
                                        .at(v.span(), "expected true, false or 0, 1, 2…")
                                        .help("`typos = true` forgives slips scaled to the answer's length; `typos = false` wants it exact"),
                                );
                                None
                            }
                        },
                    },
                };
                let (answer, accept) = (answer?, accept?);
                let per_answer = self.text_per_answer(t, &answer, &accept);
                Some(Body::Text {
                    answer,
                    accept,
                    case_sensitive: case_sensitive?,
                    accent_sensitive: accent_sensitive?,
                    typos: typos?,
                    per_answer: per_answer?,
                })
            }
            Kind::Choice | Kind::Multi => self.choice(t, kind, anchor, card_name),
            Kind::TrueFalse => {
                let v = self.field(t, "answer", card_name, kind, &anchor, "answer = true");
                let answers = Answers {
                    names: vec!["false", "true"],
                    noun: "answer",
                    full: vec![],
                };
                let per_answer = self.feedback(t, &answers, false);
                let v = v?;
                match v.get_ref() {
                    DeValue::Boolean(b) => Some(Body::TrueFalse {
                        answer: *b,
                        per_answer: per_answer?,
                    }),
                    _ => {
                        let help = match v.get_ref() {
                            DeValue::String(s)
                                if matches!(s.to_lowercase().as_str(), "true" | "false") =>
                            {
                                format!("write `answer = {}` without quotes", s.to_lowercase())
                            }
                            _ => "write `answer = true` or `answer = false`".into(),
                        };
                        self.wrong_type("answer", v, "true or false", Some(help));
                        None
                    }
                }
            }
            Kind::Number => {
                let answer = self
                    .field(t, "answer", card_name, kind, &anchor, "answer = 42")
                    .and_then(|v| match parse_number(v.get_ref()) {
                        Some(n) if n.is_finite() => Some(n),
                        Some(_) => {
                            self.push(
                                Diagnostic::error("`answer` must be a finite number")
                                    .at(v.span(), "not a finite number"),
                            );
                            None
                        }
                        None => {
                            let help = match v.get_ref() {
                                DeValue::String(s) => match crate::grade::number::parse(s) {
                                    Ok(n) if n.scale == 1.0 && n.unit.is_none() => {
                                        format!("write the number without quotes: `answer = {}`", n.value)
                                    }
                                    Ok(n) => format!(
                                        "write the number without quotes, as `answer = {}`, and put the unit in `unit = \"…\"`",
                                        n.value
                                    ),
                                    Err(_) => "write a number such as `answer = 2005` or `answer = 1.8`".into(),
                                },
                                _ => "write a number such as `answer = 2005` or `answer = 1.8`".into(),
                            };
                            self.wrong_type("answer", v, "a number", Some(help));
                            None
                        }
                    });
                let tolerance = self.tolerance(get(t, "tolerance"));
                let unit = self.optional_text(t, "unit");
                Some(Body::Number {
                    answer: answer?,
                    tolerance: tolerance?,
                    unit: unit?,
                })
            }
            Kind::Cloze => {
                let v = self.field(
                    t,
                    "text",
                    card_name,
                    kind,
                    &anchor,
                    "text = \"… {{c1::answer}} …\"",
                )?;
                let text = self.text("text", v)?;
                match cloze::parse(&text) {
                    Ok(deletions) if deletions.is_empty() => {
                        self.push(
                            Diagnostic::error(format!("cloze {card_name} has no deletions"))
                                .at(v.span(), "no `{{c1::…}}` in this text")
                                .help("mark the words to hide, as in `The HTP was founded in {{c1::2005}}.`"),
                        );
                        None
                    }
                    Ok(mut deletions) => {
                        self.cloze_accept(get(t, "accept"), &mut deletions)?;
                        Some(Body::Cloze { text, deletions })
                    }
                    Err(e) => {
                        let span = inner_span(v, &text, e.span.clone());
                        self.push(Diagnostic::error(e.message).at(span, "here").help(e.help));
                        None
                    }
                }
            }
            Kind::Order => {
                let v = self.field(
                    t,
                    "items",
                    card_name,
                    kind,
                    &anchor,
                    "items = [\"first\", \"second\", \"third\"]",
                )?;
                let items = self.spanned_strings("items", v)?;
                if items.len() < 2 {
                    self.push(
                        Diagnostic::error("an order card needs at least two items")
                            .at(v.span(), format!("{} item here", items.len()))
                            .help("list the items in their correct order; kartka shuffles them"),
                    );
                    return None;
                }
                if !self.no_repeats("items", &items, true) {
                    return None;
                }
                Some(Body::Order {
                    items: items.into_iter().map(|(s, _)| s).collect(),
                })
            }
            Kind::Match => {
                let v = self.field(
                    t,
                    "pairs",
                    card_name,
                    kind,
                    &anchor,
                    "pairs = [[\"EPAM\", \"USA\"], [\"Wargaming\", \"Cyprus\"]]",
                )?;
                let array = self.array("pairs", v)?;
                let mut pairs = Vec::new();
                let mut lefts = Vec::new();
                let mut ok = true;
                for item in array.iter() {
                    let pair = match item.get_ref() {
                        DeValue::Array(p) if p.len() == 2 => {
                            let left = self.text("pairs", &p[0]);
                            let right = self.text("pairs", &p[1]);
                            left.zip(right).map(|(l, r)| (l, r, p[0].span()))
                        }
                        _ => {
                            self.push(
                                Diagnostic::error("each pair must be an array of two strings")
                                    .at(item.span(), "expected [\"left\", \"right\"]")
                                    .help("write pairs as `[\"EPAM\", \"USA\"]`"),
                            );
                            None
                        }
                    };
                    match pair {
                        Some((l, r, span)) => {
                            lefts.push((l.clone(), span));
                            pairs.push((l, r));
                        }
                        None => ok = false,
                    }
                }
                if !ok {
                    return None;
                }
                if pairs.len() < 2 {
                    self.push(
                        Diagnostic::error("a match card needs at least two pairs")
                            .at(v.span(), format!("{} pair here", pairs.len()))
                            .help("add pairs, or make it a text or choice card"),
                    );
                    return None;
                }
                if !self.no_repeats("pairs", &lefts, true) {
                    return None;
                }
                Some(Body::Match { pairs })
            }
        }
    }

    /// A text card's `credit` and `feedback`, keyed by the answer and its `accept` entries.
    fn text_per_answer(
        &mut self,
        t: &DeTable<'_>,
        answer: &str,
        accept: &[String],
    ) -> Option<PerAnswer> {
        let answers = Answers {
            names: std::iter::once(answer)
                .chain(accept.iter().map(String::as_str))
                .collect(),
            noun: "accepted answer",
            full: vec![0],
        };
        let accepted: Vec<&str> = accept.iter().map(String::as_str).collect();
        let credit = self.credit(t, &answers, &accepted, 100.0);
        let feedback = self.feedback(t, &answers, true);
        Some(PerAnswer {
            credit: credit?,
            ..feedback?
        })
    }

    pub(super) fn tolerance(&mut self, v: Option<&Value<'_>>) -> Option<Tolerance> {
        let Some(v) = v else {
            return Some(Tolerance::Absolute(0.0));
        };
        let (tolerance, amount) = match v.get_ref() {
            DeValue::String(s) => {
                let Some(amount) = s
                    .trim()
                    .strip_suffix('%')
                    .and_then(|n| n.trim().parse::<f64>().ok())
                else {
                    self.push(
                        Diagnostic::error(format!("tolerance `{s}` is not a number or a percentage"))
                            .at(v.span(), "expected a number, or a string like \"5%\"")
                            .help("write `tolerance = 0.5` (in the answer's unit) or `tolerance = \"5%\"` (of the answer)"),
                    );
                    return None;
                };
                (Tolerance::Percent(amount), amount)
            }
            other => match parse_number(other) {
                Some(n) => (Tolerance::Absolute(n), n),
                None => {
                    self.wrong_type(
                        "tolerance",
                        v,
                        "a number or a percentage",
                        Some("write `tolerance = 0.5` or `tolerance = \"5%\"`".into()),
                    );
                    return None;
                }
            },
        };
        if amount < 0.0 || !amount.is_finite() {
            self.push(
                Diagnostic::error("negative tolerance")
                    .at(v.span(), "must be zero or more")
                    .help("a tolerance is a distance either side of the answer: write it without the minus sign"),
            );
            return None;
        }
        Some(tolerance)
    }
}
