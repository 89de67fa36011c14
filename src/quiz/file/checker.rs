//! Checking a `[quiz]` table by hand, value by value, as `deck::load` checks decks.

use std::ops::Range;

use chrono::Duration;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::{FEEDBACK, Grading, KEYS, QuizFile, Review, Wanted};
use crate::deck::Diagnostic;
use crate::quiz::Feedback;
use crate::schedule::{BadDuration, MAX_DAYS, parse_duration};
use crate::suggest;

type Value<'i> = Spanned<DeValue<'i>>;

fn type_name(value: &DeValue<'_>) -> &'static str {
    match value {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a float",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a date",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}

fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// Parses and checks a quiz file on its own. Never panics, whatever the input.
pub(super) struct Checker<'d> {
    pub(super) diags: &'d mut Vec<Diagnostic>,
    pub(super) deck: Option<(String, Range<usize>)>,
    pub(super) wanted: Wanted,
}

impl Checker<'_> {
    fn push(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }

    fn wrong_type(&mut self, key: &str, v: &Value<'_>, expected: &str, help: Option<String>) {
        let found = type_name(v.get_ref());
        self.push(
            Diagnostic::error(format!("`{key}` must be {expected}, not {found}"))
                .at(v.span(), format!("expected {expected}"))
                .help_opt(help),
        );
    }

    fn unknown_key(
        &mut self,
        key: &Spanned<std::borrow::Cow<'_, str>>,
        allowed: &[&str],
        place: &str,
    ) {
        let name = key.get_ref().as_ref();
        let help = suggest::closest(name, allowed.iter().copied()).map_or_else(
            || format!("the keys allowed here are: {}", allowed.join(", ")),
            |s| format!("did you mean `{s}`?"),
        );
        self.push(
            Diagnostic::error(format!("unknown key `{name}` {place}"))
                .at(key.span(), "unknown key")
                .help(help),
        );
    }

    pub(super) fn document(&mut self, root: &DeTable<'_>) -> Option<QuizFile> {
        for (key, _) in root.iter() {
            if key.get_ref().as_ref() != "quiz" {
                self.unknown_key(key, &["quiz"], "at the top of a quiz file");
            }
        }
        match root.get("quiz") {
            Some(v) => match v.get_ref() {
                DeValue::Table(t) => self.quiz(t, v.span()),
                _ => {
                    self.wrong_type("quiz", v, "a table", Some("write a `[quiz]` table".into()));
                    None
                }
            },
            None => {
                self.push(
                    Diagnostic::error("missing `[quiz]` table")
                        .at(0..0, "the quiz starts here")
                        .help("start the file with:\n[quiz]\nid = \"my-quiz\"\ntitle = \"My quiz\"\ndeck = \"my-deck\""),
                );
                None
            }
        }
    }

    fn quiz(&mut self, t: &DeTable<'_>, span: Range<usize>) -> Option<QuizFile> {
        for (key, _) in t.iter() {
            if !KEYS.contains(&key.get_ref().as_ref()) {
                self.unknown_key(key, KEYS, "in `[quiz]`");
            }
        }
        let id = self.required(t, "id", &span, "add `id = \"my-quiz\"`: lowercase letters, digits and hyphens; attempts are counted under it");
        let id = id.and_then(|(id, s)| {
            if is_slug(&id) {
                Some(id)
            } else {
                self.push(
                    Diagnostic::error(format!("quiz id `{id}` is not a slug"))
                        .at(s, "not a slug")
                        .help(
                            "use lowercase letters, digits and single hyphens, like `htp-test-1`",
                        ),
                );
                None
            }
        });
        let title = self.required(t, "title", &span, "add `title = \"…\"`: students see it");
        let deck = self.deck(t, &span);
        self.deck.clone_from(&deck);
        let count = self.whole(t, "count", 1);
        let draw = self.draw(t);
        let seed = self.optional_text(t, "seed");
        let per_student = self.bool(t, "per_student", false);
        if let (Some(None), Some(true)) = (&seed, per_student) {
            let at = t.get("per_student").map_or(span.clone(), Spanned::span);
            self.push(
                Diagnostic::warning("`per_student` has no effect without a `seed`")
                    .at(at, "each student's own draw")
                    .help("without a seed every attempt is drawn afresh; add `seed = \"…\"` for a draw each student gets again"),
            );
        }
        let shuffle = self.bool(t, "shuffle", true);
        let time_limit = self.time_limit(t);
        let attempts = self.whole(t, "attempts", 0);
        let grading = self.choice(t, "grading", &Grading::NAMES);
        let review = self.choice(t, "review", &Review::NAMES);
        let feedback = self.choice(t, "feedback", &FEEDBACK);
        let results = self.optional_text(t, "results");
        if let (Some(Some((n, count_span))), Some(draw)) = (&count, &draw) {
            let sum: usize = draw.iter().map(|(_, n, _)| n).sum();
            if sum > *n {
                self.push(
                    Diagnostic::error(format!(
                        "`draw` asks for {sum} questions by tag, more than `count` ({n})"
                    ))
                    .at(count_span.clone(), format!("{n} in all"))
                    .help(format!(
                        "raise `count` to {sum} or more, or ask for fewer by tag"
                    )),
                );
            }
        }
        if let (Some(r), Some(Some(Feedback::Each))) = (review, feedback)
            && r.unwrap_or_default() == Review::Score
        {
            let at = t.get("feedback").map_or(span.clone(), Spanned::span);
            let default = if r.is_none() { " (the default)" } else { "" };
            self.push(
                Diagnostic::error(format!(
                    "`feedback = \"each\"` shows every answer, but `review = \"score\"`{default} hides them"
                ))
                .at(at, "shows right or wrong after each question")
                .help("write `feedback = \"end\"`, or a `review` that shows marks or answers"),
            );
        }
        self.wanted = Wanted {
            count: count.clone().flatten(),
            draw: draw.clone().unwrap_or_default(),
        };
        let (deck, _) = deck?;
        let count = count?;
        let draw = draw?.into_iter().map(|(tag, n, _)| (tag, n)).collect();
        Some(QuizFile {
            id: id?,
            title: title?.0,
            deck,
            count: count.as_ref().map(|(n, _)| *n),
            draw,
            seed: seed?,
            per_student: per_student?,
            time_limit: time_limit?,
            attempts: attempts?.map_or(0, |(n, _)| n as u32),
            grading: grading?.unwrap_or_default(),
            review: review?.unwrap_or_default(),
            feedback: feedback?.unwrap_or_default(),
            shuffle: shuffle?,
            results: results?,
        })
    }

    fn text(&mut self, key: &str, v: &Value<'_>) -> Option<String> {
        match v.get_ref() {
            DeValue::String(s) if !s.trim().is_empty() => Some(s.to_string()),
            DeValue::String(_) => {
                self.push(
                    Diagnostic::error(format!("empty `{key}`"))
                        .at(v.span(), "nothing here")
                        .help(format!("write the {key}, or remove the key")),
                );
                None
            }
            _ => {
                self.wrong_type(key, v, "a string", None);
                None
            }
        }
    }

    fn required(
        &mut self,
        t: &DeTable<'_>,
        key: &str,
        anchor: &Range<usize>,
        help: &str,
    ) -> Option<(String, Range<usize>)> {
        match t.get(key) {
            Some(v) => self.text(key, v).map(|s| (s, v.span())),
            None => {
                self.push(
                    Diagnostic::error(format!("the quiz has no `{key}`"))
                        .at(anchor.clone(), format!("`{key}` is required here"))
                        .help(help),
                );
                None
            }
        }
    }

    /// `Some(None)` when absent, `None` when present but wrong.
    fn optional_text(&mut self, t: &DeTable<'_>, key: &str) -> Option<Option<String>> {
        match t.get(key) {
            None => Some(None),
            Some(v) => self.text(key, v).map(Some),
        }
    }

    fn bool(&mut self, t: &DeTable<'_>, key: &str, default: bool) -> Option<bool> {
        match t.get(key).map(|v| (v, v.get_ref())) {
            None => Some(default),
            Some((_, DeValue::Boolean(b))) => Some(*b),
            Some((v, _)) => {
                self.wrong_type(
                    key,
                    v,
                    "true or false",
                    Some(format!("write `{key} = true` or `{key} = false`")),
                );
                None
            }
        }
    }

    /// A whole number of at least `min`, with its span; `Some(None)` when absent.
    fn whole(
        &mut self,
        t: &DeTable<'_>,
        key: &str,
        min: i64,
    ) -> Option<Option<(usize, Range<usize>)>> {
        let Some(v) = t.get(key) else {
            return Some(None);
        };
        self.whole_value(key, v, min).map(|n| Some((n, v.span())))
    }

    fn whole_value(&mut self, key: &str, v: &Value<'_>, min: i64) -> Option<usize> {
        let n = match v.get_ref() {
            DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix()).ok(),
            _ => {
                let help = match v.get_ref() {
                    DeValue::String(s) if s.parse::<u32>().is_ok() => {
                        Some(format!("write `{s}` without quotes"))
                    }
                    _ => None,
                };
                self.wrong_type(key, v, "a whole number", help);
                return None;
            }
        };
        match n {
            Some(n) if n >= min && n <= i64::from(u32::MAX) => Some(n as usize),
            _ => {
                self.push(
                    Diagnostic::error(format!("`{key}` must be {min} or more")).at(
                        v.span(),
                        format!("expected {min}, {}, {}…", min + 1, min + 2),
                    ),
                );
                None
            }
        }
    }

    /// One of `names`, by name; `Some(None)` when absent.
    fn choice<T: Copy>(
        &mut self,
        t: &DeTable<'_>,
        key: &str,
        names: &[(&str, T)],
    ) -> Option<Option<T>> {
        let Some(v) = t.get(key) else {
            return Some(None);
        };
        let list = names
            .iter()
            .map(|(n, _)| format!("\"{n}\""))
            .collect::<Vec<_>>()
            .join(", ");
        let DeValue::String(s) = v.get_ref() else {
            self.wrong_type(key, v, &format!("one of {list}"), None);
            return None;
        };
        if let Some((_, value)) = names.iter().find(|(n, _)| n.eq_ignore_ascii_case(s)) {
            return Some(Some(*value));
        }
        let help = suggest::closest(s, names.iter().map(|(n, _)| *n)).map_or_else(
            || format!("write one of {list}"),
            |n| format!("did you mean `\"{n}\"`?"),
        );
        self.push(
            Diagnostic::error(format!("unknown {key} `{s}`"))
                .at(v.span(), format!("expected one of {list}"))
                .help(help),
        );
        None
    }

    fn deck(&mut self, t: &DeTable<'_>, span: &Range<usize>) -> Option<(String, Range<usize>)> {
        let Some(v) = t.get("deck") else {
            self.push(
                Diagnostic::error("the quiz has no `deck`")
                    .at(span.clone(), "`deck` is required here")
                    .help("add `deck = \"belarus-htp\"`: a deck id, or a path to a deck file"),
            );
            return None;
        };
        match v.get_ref() {
            DeValue::Array(a) if a.len() == 1 => {
                let item = a.iter().next().expect("one item");
                self.text("deck", item).map(|s| (s, item.span()))
            }
            // Results record one deck, and `kartka report` analyses a deck's questions together.
            DeValue::Array(_) => {
                self.push(
                    Diagnostic::error("a quiz draws from one deck")
                        .at(v.span(), "several decks")
                        .help("write one deck id or path; to quiz on several, make a deck that holds their cards"),
                );
                None
            }
            _ => self.text("deck", v).map(|s| (s, v.span())),
        }
    }

    /// `draw = { tag = n, … }`, with each key's span.
    fn draw(&mut self, t: &DeTable<'_>) -> Option<Vec<(String, usize, Range<usize>)>> {
        let Some(v) = t.get("draw") else {
            return Some(vec![]);
        };
        let DeValue::Table(table) = v.get_ref() else {
            self.wrong_type(
                "draw",
                v,
                "a table of tags and counts",
                Some("write `draw = { dates = 3, people = 2 }`".into()),
            );
            return None;
        };
        let mut out = Vec::new();
        let mut ok = true;
        for (key, n) in table.iter() {
            match self.whole_value(&format!("draw.{}", key.get_ref()), n, 1) {
                Some(n) => out.push((key.get_ref().to_string(), n, key.span())),
                None => ok = false,
            }
        }
        ok.then_some(out)
    }

    fn time_limit(&mut self, t: &DeTable<'_>) -> Option<Option<Duration>> {
        let Some(v) = t.get("time_limit") else {
            return Some(None);
        };
        let DeValue::String(s) = v.get_ref() else {
            let help = match v.get_ref() {
                DeValue::Integer(i) => Some(format!(
                    "write a duration with its unit: `time_limit = \"{}m\"`",
                    i.as_str()
                )),
                _ => Some("write a duration such as \"15m\", \"90s\" or \"1h\"".into()),
            };
            self.wrong_type("time_limit", v, "a duration", help);
            return None;
        };
        match parse_duration(s) {
            Ok(d) => Some(Some(d)),
            Err(bad) => {
                let (label, help) = match bad {
                    BadDuration::Form => (
                        "not a duration",
                        "write it like \"15m\", \"90s\" or \"1h\"".to_string(),
                    ),
                    BadDuration::TooLong => ("too long", format!("{MAX_DAYS} days at most")),
                };
                self.push(
                    Diagnostic::error(format!("`time_limit` `{s}` is {label}"))
                        .at(v.span(), label)
                        .help(help),
                );
                None
            }
        }
    }
}
