//! `credit` and `feedback`: what each answer of a choice, multi, true/false or text card earns and says.
//!
//! Tables keyed by the answer's own text rather than by position, so that they read as the question does
//! and survive options being reordered; a key that names no answer is an error, since its credit or
//! comment would silently never apply.

use std::ops::Range;

use toml::de::{DeTable, DeValue};

use super::fields::{get, parse_number};
use super::{Checker, Value};
use crate::deck::diagnostic::Diagnostic;
use crate::deck::model::PerAnswer;
use crate::suggest;

/// The answers a card's `credit` and `feedback` may name.
pub(super) struct Answers<'a> {
    /// Each answer's key, in the order [`PerAnswer`] lists them.
    pub names: Vec<&'a str>,
    /// What one answer is called in messages: "option", "accepted answer".
    pub noun: &'static str,
    /// Answers that earn full marks whatever `credit` says: a choice or text card's `answer`.
    pub full: Vec<usize>,
}

/// One entry of a `credit` or `feedback` table, resolved to the answer it names.
struct Entry<'a, 'i> {
    index: usize,
    /// The entry's dotted key, `credit.Hrodna`, as messages name it.
    path: String,
    value: &'a Value<'i>,
}

impl Checker {
    /// `credit` of a choice or text card: each named answer earns its percent (a choice card's other
    /// options up to 100, as right as its `answer`), `full` answers 100 and the rest `unnamed`. Empty when the card has no `credit`; `None` when it is wrong.
    pub(super) fn credit(
        &mut self,
        t: &DeTable<'_>,
        answers: &Answers<'_>,
        credit_names: &[&str],
        unnamed: f64,
    ) -> Option<Vec<f64>> {
        let Some(v) = get(t, "credit") else {
            return Some(vec![]);
        };
        let (entries, mut ok) =
            self.entries("credit", v, &answers.names, credit_names, answers.noun);
        let mut credit: Vec<f64> = (0..answers.names.len())
            .map(|i| {
                if answers.full.contains(&i) {
                    100.0
                } else {
                    unnamed
                }
            })
            .collect();
        for e in entries {
            match self.percent(&e) {
                // Another option as right as the `answer`, as Moodle allows in a one-answer question;
                // an accepted typed answer earns 100 already.
                Some(100.0) if answers.noun != "option" => {
                    ok = false;
                    self.push(
                        Diagnostic::error(format!("`{}` is 100", e.path))
                            .at(e.value.span(), "full marks")
                            .help("remove it: an accepted answer earns 100 unless `credit` says otherwise"),
                    );
                }
                Some(p) => credit[e.index] = p,
                None => ok = false,
            }
        }
        ok.then_some(credit)
    }

    /// `credit` of a multi card, as Moodle weights a several-answer question: the options in `answer`
    /// share 100 between them and the others may cost marks. `None` when it is wrong.
    pub(super) fn multi_credit(
        &mut self,
        t: &DeTable<'_>,
        options: &[&str],
        answers: &[usize],
        answer_span: Range<usize>,
    ) -> Option<Vec<f64>> {
        let Some(v) = get(t, "credit") else {
            return Some(vec![]);
        };
        let (entries, mut ok) = self.entries("credit", v, options, options, "option");
        let mut credit = vec![0.0; options.len()];
        for e in &entries {
            let Some(p) = self.percent(e) else {
                ok = false;
                continue;
            };
            credit[e.index] = p;
            if p > 0.0 && !answers.contains(&e.index) {
                ok = false;
                self.push(
                    Diagnostic::error(format!(
                        "`{}` is positive, but `{}` is not in `answer`",
                        e.path, options[e.index]
                    ))
                    .at(e.value.span(), "earns marks")
                    .with_context(answer_span.clone(), "the correct options")
                    .help("add it to `answer`, or make its credit negative"),
                );
            }
        }
        if !ok {
            return None;
        }
        for &i in answers {
            if credit[i] <= 0.0 {
                ok = false;
                let at = entries
                    .iter()
                    .find(|e| e.index == i)
                    .map_or(v.span(), |e| e.value.span());
                self.push(
                    Diagnostic::error(format!(
                        "`{}` is a correct option but earns no credit",
                        options[i]
                    ))
                    .at(at, "no positive credit")
                    .with_context(answer_span.clone(), "the correct options")
                    .help("give each option in `answer` its share of 100"),
                );
            }
        }
        let total: f64 = credit.iter().filter(|p| **p > 0.0).sum();
        // Moodle accepts a sum that rounds to 100 (`round($totalfraction, 2) != 1`): three answers of
        // 33.33333 each.
        if ok && total.round() != 100.0 {
            ok = false;
            self.push(
                Diagnostic::error(format!(
                    "the correct options' credits sum to {}, not 100",
                    round(total)
                ))
                .at(v.span(), "these credits")
                .help("the options in `answer` share 100 between them, as `{ a = 50, b = 50 }`"),
            );
        }
        ok.then_some(credit)
    }

    /// `feedback`, one comment per answer named; a key `"*"` when `other` is allowed (text cards).
    pub(super) fn feedback(
        &mut self,
        t: &DeTable<'_>,
        answers: &Answers<'_>,
        other: bool,
    ) -> Option<PerAnswer> {
        let Some(v) = get(t, "feedback") else {
            return Some(PerAnswer::default());
        };
        let mut names = answers.names.clone();
        if other {
            names.push("*");
        }
        let (entries, mut ok) = self.entries("feedback", v, &names, &names, answers.noun);
        let mut out = PerAnswer {
            feedback: vec![None; answers.names.len()],
            ..PerAnswer::default()
        };
        for e in entries {
            match self.comment(&e) {
                Some(text) if e.index == answers.names.len() => out.other = Some(text),
                Some(text) => out.feedback[e.index] = Some(text),
                None => ok = false,
            }
        }
        if out.feedback.iter().all(Option::is_none) {
            out.feedback.clear();
        }
        ok.then_some(out)
    }

    /// The entries of the table `v`, each resolved to the answer in `names` it names; only those in
    /// `allowed` may be named.
    fn entries<'a, 'i>(
        &mut self,
        key: &str,
        v: &'a Value<'i>,
        names: &[&str],
        allowed: &[&str],
        noun: &str,
    ) -> (Vec<Entry<'a, 'i>>, bool) {
        let DeValue::Table(table) = v.get_ref() else {
            let example_key = match noun {
                "answer" => "true".to_string(),
                _ => format!("\"{}\"", article(noun)),
            };
            let example = match key {
                "credit" => format!("credit = {{ {example_key} = 50 }}"),
                _ => format!("feedback = {{ {example_key} = \"Why it is right or wrong.\" }}"),
            };
            self.wrong_type(
                key,
                v,
                "a table",
                Some(format!(
                    "`{key}` is keyed by the {noun} it is for: `{example}`"
                )),
            );
            return (vec![], false);
        };
        let mut out = Vec::with_capacity(table.len());
        let mut ok = true;
        for (k, value) in table.iter() {
            let name = k.get_ref().as_ref();
            let index = allowed
                .iter()
                .any(|a| a.trim() == name.trim())
                .then(|| names.iter().position(|n| n.trim() == name.trim()))
                .flatten();
            match index {
                Some(index) => out.push(Entry {
                    index,
                    path: format!("{key}.{}", crate::interop::write::key(name)),
                    value,
                }),
                None => {
                    ok = false;
                    self.no_such_answer(key, name, k.span(), names, allowed, noun);
                }
            }
        }
        (out, ok)
    }

    fn no_such_answer(
        &mut self,
        key: &str,
        name: &str,
        span: Range<usize>,
        names: &[&str],
        allowed: &[&str],
        noun: &str,
    ) {
        let listed: Vec<String> = allowed.iter().map(|a| format!("`{a}`")).collect();
        let help = if names.iter().any(|n| n.trim() == name.trim()) {
            match noun {
                "option" => "the answer earns 100; `credit` is for the other options".to_string(),
                _ => format!(
                    "the main answer earns 100; `credit` is for the answers in `accept`: {}",
                    listed.join(", ")
                ),
            }
        } else {
            match suggest::closest(name, allowed.iter().copied()) {
                Some(close) => {
                    format!("did you mean `{close}`? keys must match the {noun} word for word")
                }
                None if listed.is_empty() => format!("this card has no {noun} `{key}` can name"),
                None => format!("the keys allowed here are {}", listed.join(", ")),
            }
        };
        let message = if names.iter().any(|n| n.trim() == name.trim()) {
            format!("`{key}` names `{name}`, which earns full marks")
        } else {
            format!("`{key}` names no {noun} `{name}` of this card")
        };
        let label = if names.iter().any(|n| n.trim() == name.trim()) {
            "full marks already".to_string()
        } else {
            format!("not {}", article(noun))
        };
        self.push(Diagnostic::error(message).at(span, label).help(help));
    }

    /// One feedback comment: a string with something in it.
    fn comment(&mut self, e: &Entry<'_, '_>) -> Option<String> {
        let text = self.string(&e.path, e.value)?;
        if text.trim().is_empty() {
            self.push(
                Diagnostic::error(format!("empty `{}`", e.path))
                    .at(e.value.span(), "nothing here")
                    .help(
                        "write what a learner who gives this answer should read, or remove the key",
                    ),
            );
            return None;
        }
        Some(text)
    }

    /// A credit: a percent from -100 to 100, not 0.
    fn percent(&mut self, e: &Entry<'_, '_>) -> Option<f64> {
        let Some(p) = parse_number(e.value.get_ref()) else {
            self.wrong_type(
                &e.path,
                e.value,
                "a number",
                Some("write the percent the answer earns, such as `50` or `-25`".into()),
            );
            return None;
        };
        if !(-100.0..=100.0).contains(&p) {
            self.push(
                Diagnostic::error(format!("`{}` is {}, outside -100..100", e.path, round(p)))
                    .at(e.value.span(), "a percent from -100 to 100")
                    .help("credit is the percent of the card's marks the answer earns; a negative one costs marks"),
            );
            return None;
        }
        if p == 0.0 {
            self.push(
                Diagnostic::error(format!("`{}` is 0", e.path))
                    .at(e.value.span(), "earns nothing")
                    .help("remove it: an answer `credit` does not name earns nothing"),
            );
            return None;
        }
        Some(p)
    }
}

fn article(noun: &str) -> String {
    if noun.starts_with(['a', 'e', 'i', 'o', 'u']) {
        format!("an {noun}")
    } else {
        format!("a {noun}")
    }
}

/// A percent as people write it: `50`, `33.33`.
fn round(p: f64) -> String {
    let r = (p * 100.0).round() / 100.0;
    if r.fract() == 0.0 {
        format!("{r:.0}")
    } else {
        format!("{r}")
    }
}
