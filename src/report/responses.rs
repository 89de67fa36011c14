//! Response frequencies, as Moodle's statistics report analyses responses
//! (`question/classes/statistics/responses/analyser.php`): for a choice, several-answer or true/false
//! question, how many picked each option; for an order or match question, the arrangements given most.
//!
//! Options are shuffled per student, so a recorded letter is read against the options as shown to that
//! student, by the same parsers grading used (`grade::read_back`). Which options are right, and a match
//! question's left items, are read from the recorded expected answer ("a; b", "l → r; l → r"): an option
//! whose own text holds "; " is not recognised as right.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::grade::Layout;
use crate::grade::read_back;
use crate::quiz::results::QuestionResult;

/// How many arrangements of an order or match question are listed.
pub const ARRANGEMENTS: usize = 3;

#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Responses {
    /// Each option of a choice, several-answer or true/false question, in the order first shown, with how
    /// many answers picked it; empty for other kinds.
    pub options: Vec<OptionCount>,
    /// The arrangements most given to an order or match question, most frequent first; empty for other
    /// kinds.
    pub arrangements: Vec<Arrangement>,
    /// Answers left blank (of any kind).
    pub unanswered: usize,
    /// Answers of the kinds above that could not be read back (written by another kartka, or edited).
    pub unread: usize,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct OptionCount {
    pub text: String,
    pub count: usize,
    /// Whether the option is (one of) the right answer(s).
    pub right: bool,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Arrangement {
    /// Order: the items as placed, "a → b → c"; match: each left item with the right-hand side given,
    /// "l → r; l → r".
    pub text: String,
    pub count: usize,
    pub right: bool,
}

/// The options as shown to this student, in the order shown.
fn shown(q: &QuestionResult) -> Layout {
    Layout {
        shown: (0..q.options.len()).collect(),
    }
}

/// The options picked in `q`'s answer, by text; `None` when it cannot be read.
fn picked(q: &QuestionResult, answer: &str) -> Option<Vec<String>> {
    let layout = shown(q);
    let mut positions = match q.kind.as_str() {
        "choice" => vec![read_back::pick(&q.options, &layout, answer)?],
        "multi" => read_back::picks(&q.options, &layout, answer)?,
        "truefalse" => {
            let word = if read_back::said(answer)? {
                "true"
            } else {
                "false"
            };
            return Some(vec![word.to_string()]);
        }
        _ => return None,
    };
    positions.sort_unstable();
    positions.dedup();
    positions
        .into_iter()
        .map(|p| q.options.get(p).cloned())
        .collect()
}

/// The left items of a match question, from its expected answer "l → r; l → r".
fn lefts(expected: &str) -> Vec<&str> {
    expected
        .split("; ")
        .map(|pair| pair.split(" → ").next().unwrap_or(pair))
        .collect()
}

/// An order or match answer as an arrangement of texts; `None` when it cannot be read.
fn arrangement(q: &QuestionResult, answer: &str) -> Option<String> {
    match q.kind.as_str() {
        "order" => {
            let order = read_back::positions(answer, q.options.len())?;
            let items: Vec<&str> = order.iter().map(|&p| q.options[p].as_str()).collect();
            Some(items.join(" → "))
        }
        "match" => {
            let lefts = lefts(&q.expected);
            let chosen = read_back::assignments(answer, lefts.len(), q.options.len())?;
            let pairs: Vec<String> = lefts
                .iter()
                .zip(chosen)
                .map(|(l, c)| match c {
                    Some(p) => format!("{l} → {}", q.options[p]),
                    None => format!("{l} → ?"),
                })
                .collect();
            Some(pairs.join("; "))
        }
        _ => None,
    }
}

/// The response frequencies of one question's answers, one per counted attempt.
pub fn tally(answers: &[&QuestionResult]) -> Responses {
    let mut out = Responses::default();
    let Some(first) = answers.first() else {
        return out;
    };
    let kind = first.kind.as_str();
    let choice = matches!(kind, "choice" | "multi" | "truefalse");
    let arranged = matches!(kind, "order" | "match");
    if kind == "truefalse" {
        for word in ["true", "false"] {
            out.options.push(OptionCount {
                text: word.into(),
                count: 0,
                right: first.expected == word,
            });
        }
    }
    let mut ways: BTreeMap<String, usize> = BTreeMap::new();
    for q in answers {
        // Every option shown to anyone is listed, picked or not.
        if matches!(kind, "choice" | "multi") {
            let rights: Vec<&str> = if kind == "multi" {
                q.expected.split("; ").collect()
            } else {
                vec![q.expected.as_str()]
            };
            for o in &q.options {
                if !out.options.iter().any(|c| &c.text == o) {
                    out.options.push(OptionCount {
                        text: o.clone(),
                        count: 0,
                        right: rights.contains(&o.as_str()),
                    });
                }
            }
        }
        let Some(answer) = q.answer.as_deref().map(str::trim).filter(|a| !a.is_empty()) else {
            out.unanswered += 1;
            continue;
        };
        if !choice && !arranged {
            continue;
        }
        if choice {
            match picked(q, answer) {
                Some(texts) => {
                    for t in texts {
                        if let Some(c) = out.options.iter_mut().find(|c| c.text == t) {
                            c.count += 1;
                        }
                    }
                }
                None => out.unread += 1,
            }
        } else {
            match arrangement(q, answer) {
                Some(a) => *ways.entry(a).or_default() += 1,
                None => out.unread += 1,
            }
        }
    }
    let mut ways: Vec<(String, usize)> = ways.into_iter().collect();
    ways.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    out.arrangements = ways
        .into_iter()
        .take(ARRANGEMENTS)
        .map(|(text, count)| Arrangement {
            right: text == first.expected,
            text,
            count,
        })
        .collect();
    out
}
