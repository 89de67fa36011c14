//! Quiz files (`NAME.quiz.toml`): a quiz a teacher defines once and hands out, with its settings (the
//! draw, time limit, attempts, grading, what students see afterwards, where results go).
//!
//! Checked by hand from toml's spanned document, as decks are, so that every mistake is reported at once
//! and where it is. Checking against the deck it draws from is [`check_against`]: finding the deck is the
//! caller's business (it reads files), this module stays pure.

use std::ops::Range;

use chrono::Duration;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::Feedback;
use crate::deck::{Deck, Diagnostic};
use crate::schedule::{BadDuration, MAX_DAYS, parse_duration};
use crate::suggest;

/// How a student's attempts make one grade (Moodle's grading methods).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Grading {
    First,
    /// Moodle's default: the highest grade.
    #[default]
    Best,
    Last,
    Mean,
}

/// What the student sees once an attempt is submitted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub enum Review {
    /// The score only: the questions can be set again without their answers going round the class.
    #[default]
    Score,
    /// Also right or wrong for each question.
    Marks,
    /// Also the right answers, explanations and sources.
    Answers,
}

impl Grading {
    const NAMES: [(&str, Grading); 4] = [
        ("first", Grading::First),
        ("best", Grading::Best),
        ("last", Grading::Last),
        ("mean", Grading::Mean),
    ];

    pub fn name(self) -> &'static str {
        Self::NAMES
            .iter()
            .find(|(_, g)| *g == self)
            .map_or("", |(n, _)| n)
    }
}

impl Review {
    const NAMES: [(&str, Review); 3] = [
        ("score", Review::Score),
        ("marks", Review::Marks),
        ("answers", Review::Answers),
    ];
}

const FEEDBACK: [(&str, Feedback); 2] = [("end", Feedback::End), ("each", Feedback::Each)];

/// The keys of `[quiz]`.
pub const KEYS: &[&str] = &[
    "id",
    "title",
    "deck",
    "count",
    "draw",
    "seed",
    "per_student",
    "time_limit",
    "attempts",
    "grading",
    "review",
    "feedback",
    "shuffle",
    "results",
];

/// A checked quiz file.
#[derive(Debug, Clone, PartialEq)]
pub struct QuizFile {
    pub id: String,
    pub title: String,
    /// A deck id or a path (relative to the quiz file).
    pub deck: String,
    pub count: Option<usize>,
    /// Per tag, how many questions with it, in the file's order.
    pub draw: Vec<(String, usize)>,
    /// `None`: a new random seed for each attempt (recorded in the results).
    pub seed: Option<String>,
    pub per_student: bool,
    pub time_limit: Option<Duration>,
    /// 0 for unlimited.
    pub attempts: u32,
    pub grading: Grading,
    pub review: Review,
    pub feedback: Feedback,
    pub shuffle: bool,
    /// The results folder as written; relative to the quiz file.
    pub results: Option<String>,
}

/// What the quiz asks of its deck, with where in the file, known even when the quiz has other errors.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Wanted {
    pub count: Option<(usize, Range<usize>)>,
    /// Each `draw` tag, its count and its key's span.
    pub draw: Vec<(String, usize, Range<usize>)>,
}

/// What checking a quiz file found: the quiz when there were no errors.
#[derive(Debug)]
pub struct Parsed {
    pub quiz: Option<QuizFile>,
    /// The deck the quiz names, and where, even when the quiz has errors: so that a wrong deck is reported
    /// with the rest.
    pub deck: Option<(String, Range<usize>)>,
    pub wanted: Wanted,
    pub diagnostics: Vec<Diagnostic>,
}

/// Whether a file is a quiz file rather than a deck: its name ends `.quiz.toml`, or its first table is
/// `[quiz]`.
pub fn is_quiz_file(name: &str, text: Option<&str>) -> bool {
    name.ends_with(".quiz.toml")
        || text.is_some_and(|t| {
            t.lines()
                .map(str::trim)
                .find(|l| l.starts_with('['))
                .is_some_and(|l| l.trim_end_matches(|c: char| c != ']') == "[quiz]")
        })
}

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
pub fn parse(source: &str) -> Parsed {
    let mut diags = Vec::new();
    let (root, errors) = DeTable::parse_recoverable(source);
    if !errors.is_empty() {
        diags.push(crate::deck::syntax_error(source, &errors));
        return Parsed {
            quiz: None,
            deck: None,
            wanted: Wanted::default(),
            diagnostics: diags,
        };
    }
    let mut checker = Checker {
        diags: &mut diags,
        deck: None,
        wanted: Wanted::default(),
    };
    let quiz = checker.document(root.get_ref());
    let (deck, wanted) = (checker.deck.take(), std::mem::take(&mut checker.wanted));
    let quiz = quiz.filter(|_| !diags.iter().any(Diagnostic::is_error));
    Parsed {
        quiz,
        deck,
        wanted,
        diagnostics: diags,
    }
}

struct Checker<'d> {
    diags: &'d mut Vec<Diagnostic>,
    deck: Option<(String, Range<usize>)>,
    wanted: Wanted,
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

    fn document(&mut self, root: &DeTable<'_>) -> Option<QuizFile> {
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
        if let (Some(Some(Review::Score)), Some(Some(Feedback::Each))) = (review, feedback) {
            let at = t.get("feedback").map_or(span.clone(), Spanned::span);
            self.push(
                Diagnostic::error(
                    "`feedback = \"each\"` shows every answer, but `review = \"score\"` hides them",
                )
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

/// Problems with the quiz as drawn from `deck`: a `draw` tag no question has, and counts larger than the
/// questions there are.
pub fn check_against(wanted: &Wanted, deck: &Deck) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let questions: Vec<_> = deck.items().filter(|i| !i.is_self_rated()).collect();
    let cards = |tags: &[String]| {
        let mut ids: Vec<&str> = questions
            .iter()
            .filter(|i| i.has_any_tag(deck, tags))
            .map(|i| i.card.id.as_str())
            .collect();
        ids.dedup();
        ids.len()
    };
    let mut known: Vec<&str> = deck
        .tags
        .iter()
        .chain(deck.cards.iter().flat_map(|c| &c.tags))
        .map(String::as_str)
        .collect();
    known.sort_unstable();
    known.dedup();
    for (tag, n, span) in &wanted.draw {
        let have = cards(std::slice::from_ref(tag));
        if have == 0 {
            let help = suggest::closest(tag, known.iter().copied()).map_or_else(
                || {
                    format!(
                        "`kartka show {}` lists the deck's cards and their tags",
                        deck.id
                    )
                },
                |t| format!("did you mean `{t}`?"),
            );
            diags.push(
                Diagnostic::error(format!(
                    "no question in deck `{}` has the tag `{tag}`",
                    deck.id
                ))
                .at(span.clone(), "unknown tag")
                .help(help),
            );
        } else if have < *n {
            diags.push(
                Diagnostic::error(format!(
                    "`draw` asks for {n} questions tagged `{tag}`, but deck `{}` has {have}",
                    deck.id
                ))
                .at(span.clone(), format!("{have} available")),
            );
        }
    }
    let all = cards(&[]);
    if let Some((n, span)) = &wanted.count
        && *n > all
    {
        diags.push(
            Diagnostic::error(format!(
                "`count` is {n}, but deck `{}` has {all} questions (flash cards are not used in quizzes)",
                deck.id
            ))
            .at(span.clone(), format!("{all} available"))
            .help(format!("write `count = {all}` or less")),
        );
    }
    diags
}

#[cfg(test)]
mod tests {
    use super::*;

    fn messages(source: &str) -> Vec<String> {
        parse(source)
            .diagnostics
            .iter()
            .map(|d| d.message.clone())
            .collect()
    }

    #[test]
    fn a_full_quiz_file_reads_every_setting() {
        let parsed = parse(
            "[quiz]\nid = \"htp-1\"\ntitle = \"HTP\"\ndeck = [\"belarus-htp\"]\ncount = 10\n\
             draw = { dates = 3, people = 2 }\nseed = \"7b\"\nper_student = true\ntime_limit = \"15m\"\n\
             attempts = 2\ngrading = \"mean\"\nreview = \"marks\"\nfeedback = \"each\"\nshuffle = false\n\
             results = \"class\"\n",
        );
        assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
        let q = parsed.quiz.unwrap();
        assert_eq!(
            (q.id.as_str(), q.title.as_str(), q.deck.as_str()),
            ("htp-1", "HTP", "belarus-htp")
        );
        assert_eq!(q.count, Some(10));
        assert_eq!(
            q.draw,
            [("dates".to_string(), 3), ("people".to_string(), 2)]
        );
        assert_eq!(q.seed.as_deref(), Some("7b"));
        assert!(q.per_student && !q.shuffle);
        assert_eq!(q.time_limit, Some(Duration::minutes(15)));
        assert_eq!(
            (q.attempts, q.grading, q.review, q.feedback),
            (2, Grading::Mean, Review::Marks, Feedback::Each)
        );
        assert_eq!(q.results.as_deref(), Some("class"));
    }

    #[test]
    fn defaults_are_moodles_but_only_the_score_is_shown() {
        let q = parse("[quiz]\nid = \"q\"\ntitle = \"Q\"\ndeck = \"example\"\n")
            .quiz
            .unwrap();
        assert_eq!((q.count, q.seed, q.time_limit), (None, None, None));
        assert_eq!(
            (q.attempts, q.grading, q.review, q.feedback),
            (0, Grading::Best, Review::Score, Feedback::End)
        );
        assert!(q.shuffle && !q.per_student && q.draw.is_empty());
    }

    #[test]
    fn every_mistake_is_reported_at_once() {
        let found = messages(
            "[quiz]\nid = \"Q 1\"\ndeck = [\"a\", \"b\"]\ncount = \"5\"\ndraw = { dates = 0 }\n\
             attempts = -1\ngrading = \"highest\"\nreview = \"score\"\nfeedback = \"each\"\n\
             time_limit = \"soon\"\nshufle = true\n[extra]\n",
        );
        assert_eq!(
            found,
            [
                "unknown key `extra` at the top of a quiz file",
                "unknown key `shufle` in `[quiz]`",
                "quiz id `Q 1` is not a slug",
                "the quiz has no `title`",
                "a quiz draws from one deck",
                "`count` must be a whole number, not a string",
                "`draw.dates` must be 1 or more",
                "`time_limit` `soon` is not a duration",
                "`attempts` must be 0 or more",
                "unknown grading `highest`",
                "`feedback = \"each\"` shows every answer, but `review = \"score\"` hides them",
            ]
        );
    }

    #[test]
    fn per_tag_counts_cannot_exceed_the_count() {
        assert_eq!(
            messages(
                "[quiz]\nid = \"q\"\ntitle = \"Q\"\ndeck = \"d\"\ncount = 3\ndraw = { a = 2, b = 2 }\n"
            ),
            ["`draw` asks for 4 questions by tag, more than `count` (3)"]
        );
    }

    #[test]
    fn a_file_is_a_quiz_by_its_name_or_its_first_table() {
        assert!(is_quiz_file("x/htp.quiz.toml", None));
        assert!(is_quiz_file(
            "htp.toml",
            Some("# a quiz\n[quiz]\nid = \"q\"\n")
        ));
        assert!(!is_quiz_file(
            "htp.toml",
            Some("[deck]\nid = \"d\"\n[quiz]\n")
        ));
        assert!(!is_quiz_file("htp.toml", None));
    }

    #[test]
    fn the_quiz_is_checked_against_its_deck() {
        let deck = crate::deck::parse(include_str!("../../decks/example.toml"))
            .deck
            .unwrap();
        let q = parse(
            "[quiz]\nid = \"q\"\ntitle = \"Q\"\ndeck = \"example\"\ncount = 20\ndraw = { datse = 1, htp = 9 }\n",
        );
        let found: Vec<String> = check_against(&q.wanted, &deck)
            .into_iter()
            .map(|d| d.message)
            .collect();
        assert_eq!(
            found,
            [
                "no question in deck `example` has the tag `datse`",
                "`draw` asks for 9 questions tagged `htp`, but deck `example` has 5",
                "`count` is 20, but deck `example` has 8 questions (flash cards are not used in quizzes)",
            ]
        );
    }
}
