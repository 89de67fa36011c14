//! One GIFT question read as Moodle's `qformat_gift::readquestion` reads it: its name, text and answer
//! block, its type decided by the same tests in the same order, and each type's answers split the same
//! way. What Moodle refuses to import is a [`Skip`] with the reason; what Moodle imports with a quirk
//! (an empty answer it drops, a weight it does not read) is read the same way with a note.

use super::escape;
use super::split::{Block, php_trim};
use super::text::{self, Format};
use crate::interop::draft::slug;
use crate::interop::question::{Answer, Kind, NumericAnswer, Question};

/// Why a question is not imported.
pub struct Skip(pub String);

type Read<T> = Result<T, Skip>;

fn skip<T>(message: impl Into<String>) -> Read<T> {
    Err(Skip(message.into()))
}

/// Everything a question's answers are read with.
struct Context {
    format: Format,
    notes: Vec<String>,
}

pub fn question(block: &Block) -> Read<Question> {
    let mut rest = php_trim(&block.text);
    let mut name = None;
    if let Some(after) = rest.strip_prefix("::") {
        // Without a closing `::` Moodle drops the opening one and names the question from its text.
        rest = match after.find("::") {
            Some(end) => {
                name = Some(php_trim(&escape::reveal(&after[..end])).to_string())
                    .filter(|n| !n.is_empty());
                php_trim(&after[end + 2..])
            }
            None => after,
        };
    }
    let (open, close) = (rest.find('{'), rest.find('}'));
    let (stem, answers) = match (open, close) {
        (None, None) => {
            return skip("a description (text with no answers) has no kartka kind");
        }
        (Some(_), None) => return skip("its answers open with `{` but never close with `}`"),
        (None, Some(_)) => return skip("a `}` closes answers that no `{` opened"),
        (Some(open), Some(close)) if close < open => {
            return skip("a `}` comes before the `{` that opens its answers");
        }
        (Some(open), Some(close)) => {
            // Answers at the very end leave the text as it is; anywhere else they are its missing word.
            let gap = if rest.ends_with('}') { "" } else { "_____" };
            (
                format!("{}{gap}{}", &rest[..open], &rest[close + 1..]),
                php_trim(&rest[open + 1..close]),
            )
        }
    };
    let (answers, general) = match answers.rfind("####") {
        Some(at) => (php_trim(&answers[..at]), Some(&answers[at + 4..])),
        None => (answers, None),
    };
    let (text, format) = text::read(&stem, Format::Moodle);
    let mut cx = Context {
        format,
        notes: Vec::new(),
    };
    let general_feedback = general
        .map(|g| text::read(g, format).0)
        .filter(|g| !g.is_empty());
    let kind = if answers.is_empty() {
        return skip("an essay question (`{}`) has no kartka kind");
    } else if let Some(numbers) = answers.strip_prefix('#') {
        numerical(numbers, &mut cx)?
    } else if answers.contains('~') {
        choice(answers, &mut cx)?
    } else if answers.contains('=') && answers.contains("->") {
        matching(answers, &mut cx)?
    } else if let Some(tf) = true_false(answers, &cx) {
        tf
    } else {
        short(answers, &mut cx)?
    };
    // Moodle's id number is the question's stable identity; its tags are kartka tags.
    let (guid, tags) = block.id_and_tags();
    let mut own: Vec<String> = Vec::new();
    for tag in tags.iter().map(|t| slug(t, 40)).filter(|t| !t.is_empty()) {
        if !own.contains(&tag) {
            own.push(tag);
        }
    }
    Ok(Question {
        line: Some(block.line),
        name,
        guid,
        text,
        general_feedback,
        tags: own,
        kind,
        notes: cx.notes,
    })
}

/// An answer's text and its feedback (after the first `#`), the feedback in its own format or the
/// question's.
fn feedback<'a>(answer: &'a str, cx: &Context) -> (&'a str, Option<String>) {
    match answer.split_once('#') {
        Some((answer, feedback)) => (
            answer,
            Some(text::read(feedback, cx.format).0).filter(|f| !f.is_empty()),
        ),
        None => (answer, None),
    }
}

/// An answer in its own format or the question's, and its feedback.
fn with_feedback(answer: &str, cx: &Context) -> (String, Option<String>) {
    let (answer, feedback) = feedback(answer, cx);
    (text::read(answer, cx.format).0, feedback)
}

/// The same, for answers Moodle stores without a format (short answers, numbers).
fn bare_with_feedback(answer: &str, cx: &Context) -> (String, Option<String>) {
    let (answer, feedback) = feedback(answer, cx);
    (text::bare(answer), feedback)
}

/// Moodle's answers of one kind: split on `marker`, the text before the first one an answer too unless
/// it is empty.
fn split(answers: &str, marker: char) -> Vec<&str> {
    let mut parts: Vec<&str> = answers.split(marker).collect();
    if parts.first().is_some_and(|p| php_trim(p).is_empty()) {
        parts.remove(0);
    }
    parts.into_iter().map(php_trim).collect()
}

/// A `%weight%` at the start of an answer, as Moodle's `/^%\-*([0-9]{1,2})\.?([0-9]*)%/` finds it, as a
/// fraction; the answer after it. `None` when there is no weight Moodle reads (the `%…%` is then text).
fn weight(answer: &str) -> Read<Option<(f64, &str)>> {
    let Some(rest) = answer.strip_prefix('%') else {
        return Ok(None);
    };
    let Some(end) = rest.find('%') else {
        return Ok(None);
    };
    let number = &rest[..end];
    let digits = number.trim_start_matches('-');
    let minuses = number.len() - digits.len();
    let (whole, fraction) = match digits.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (digits, None),
    };
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let matches = !whole.is_empty()
        && all_digits(whole)
        && fraction.is_none_or(|f| whole.len() <= 2 && all_digits(f));
    if !matches {
        return Ok(None);
    }
    if minuses > 1 {
        return skip(format!(
            "the weight `%{number}%` has more than one minus sign, which stops Moodle's importer"
        ));
    }
    let percent: f64 = digits.parse().unwrap_or(0.0) * if minuses == 1 { -1.0 } else { 1.0 };
    if !(-100.0..=100.0).contains(&percent) {
        return skip(format!(
            "the weight `%{number}%` is outside -100%..100%, which Moodle refuses"
        ));
    }
    Ok(Some((percent / 100.0, &rest[end + 1..])))
}

/// Notes what Moodle does with a `%…%` it does not read as a weight: it stays in the answer's text.
fn unread_weight(answer: &str, cx: &mut Context) {
    if let Some(rest) = answer.strip_prefix('%')
        && let Some(end) = rest.find('%')
    {
        cx.notes.push(format!(
            "`%{}%` is not a weight Moodle reads; it stays in the answer's text",
            escape::reveal(&rest[..end])
        ));
    }
}

fn choice(answers: &str, cx: &mut Context) -> Read<Kind> {
    // One answer only when any answer is marked `=`, however many are (Moodle's own test).
    let single = answers.contains('=');
    let marked = answers.replace('=', "~=");
    let parts = split(&marked, '~');
    if parts.len() < 2 {
        return skip("a multiple-choice question needs at least two answers");
    }
    let mut options = Vec::new();
    for part in parts {
        let (credit, rest) = if let Some(rest) = part.strip_prefix('=') {
            // `=%50%Minsk` is a weight its author meant; a whole answer `%50%` is only text.
            if matches!(weight(rest), Ok(Some((_, after))) if !php_trim(after).is_empty()) {
                cx.notes.push(
                    "an answer marked `=` earns full credit whatever its `%weight%` says (Moodle \
                     reads weights only after `~`); the weight stays in its text"
                        .into(),
                );
            }
            (1.0, rest)
        } else {
            match weight(part)? {
                Some((w, rest)) => (w, rest),
                None => {
                    unread_weight(part, cx);
                    (0.0, part)
                }
            }
        };
        let (text, feedback) = with_feedback(rest, cx);
        if text.is_empty() {
            cx.notes
                .push("an empty answer is left out, as Moodle leaves it out".into());
            continue;
        }
        options.push(Answer {
            text,
            credit,
            feedback,
        });
    }
    if options.len() < 2 {
        return skip("a multiple-choice question needs at least two answers that are not empty");
    }
    if single {
        if !options.iter().any(|o| o.credit > 0.99999) {
            return skip("no answer earns full credit, which Moodle refuses");
        }
    } else {
        let total: f64 = options.iter().map(|o| o.credit.max(0.0)).sum();
        if total == 0.0 {
            return skip(
                "no answer is right: mark one with `=` or give it a positive `%weight%` (Moodle \
                 refuses it)",
            );
        }
        if (total * 100.0).round() != 100.0 {
            return skip(format!(
                "its answers' positive weights add up to {}%, not 100%, which Moodle refuses",
                crate::grade::number::format((total * 1e4).round() / 1e2)
            ));
        }
    }
    Ok(Kind::Choice { options, single })
}

fn matching(answers: &str, cx: &mut Context) -> Read<Kind> {
    let parts = split(answers, '=');
    if parts.len() < 2 {
        return skip("a matching question needs at least two pairs");
    }
    let mut pairs = Vec::new();
    let mut distractors = Vec::new();
    for part in parts {
        let Some((left, right)) = part.split_once("->") else {
            return skip(format!(
                "`{}` has no `->`: every answer of a matching question is a pair",
                escape::reveal(part)
            ));
        };
        // Moodle stores the right-hand side as plain text: only its escapes are undone.
        let right = php_trim(&escape::reveal(right)).to_string();
        let left = text::read(left, cx.format).0;
        match (left.is_empty(), right.is_empty()) {
            (false, _) => pairs.push((left, right)),
            (true, false) => distractors.push(right),
            (true, true) => {}
        }
    }
    if pairs.is_empty() {
        return skip("a matching question needs at least one pair with a left-hand side");
    }
    Ok(Kind::Matching { pairs, distractors })
}

/// `{T}`, `{TRUE}`, `{F}`, `{FALSE}`, exactly in capitals (Moodle's test is case-sensitive, so `{true}`
/// is a short answer), with a feedback for a wrong answer and one for the right answer.
fn true_false(answers: &str, cx: &Context) -> Option<Kind> {
    let check = match answers.find('#') {
        Some(at) if at > 0 => php_trim(&answers[..at]),
        _ => answers,
    };
    let answer = match check {
        "T" | "TRUE" => true,
        "F" | "FALSE" => false,
        _ => return None,
    };
    let mut bits = answers.splitn(3, '#').skip(1);
    let mut feedback = || {
        bits.next()
            .map(|f| text::read(f, cx.format).0)
            .filter(|f| !f.is_empty())
    };
    let (wrong, right) = (feedback(), feedback());
    let (feedback_true, feedback_false) = if answer {
        (right, wrong)
    } else {
        (wrong, right)
    };
    Some(Kind::TrueFalse {
        answer,
        feedback_true,
        feedback_false,
    })
}

fn short(answers: &str, cx: &mut Context) -> Read<Kind> {
    let mut accepted = Vec::new();
    for part in split(answers, '=') {
        let (credit, rest) = match weight(part)? {
            Some((w, rest)) => (w, rest),
            None => {
                unread_weight(part, cx);
                (1.0, part)
            }
        };
        let (text, feedback) = bare_with_feedback(rest, cx);
        if text.is_empty() {
            cx.notes
                .push("an empty answer is left out, as Moodle leaves it out".into());
            continue;
        }
        accepted.push(Answer {
            text,
            credit,
            feedback,
        });
    }
    if accepted.is_empty() {
        return skip("a short-answer question needs an answer");
    }
    if !accepted.iter().any(|a| a.credit > 0.99999) {
        return skip("no answer earns full credit, which Moodle refuses");
    }
    Ok(Kind::Short {
        answers: accepted,
        case_sensitive: false,
    })
}

/// A number as PHP's `is_numeric` takes it: digits with a sign, a point and an exponent, never `inf` or
/// `nan` (which Rust would read).
fn php_number(s: &str) -> Option<f64> {
    let s = php_trim(s);
    let numeric = !s.is_empty()
        && s.bytes().any(|b| b.is_ascii_digit())
        && s.bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'+' | b'-' | b'.' | b'e' | b'E'));
    numeric
        .then(|| s.parse::<f64>().ok())
        .flatten()
        .filter(|n| n.is_finite())
}

/// Any number at all: Moodle's `*` answer.
fn any_number(credit: f64, feedback: Option<String>) -> NumericAnswer {
    NumericAnswer {
        value: 0.0,
        tolerance: f64::INFINITY,
        credit,
        feedback,
    }
}

fn numerical(answers: &str, cx: &mut Context) -> Read<Kind> {
    // Everything from the first `~` is the feedback for any other answer.
    let (answers, other) = match answers.find('~') {
        Some(at) => (&answers[..at], Some(&answers[at..])),
        None => (answers, None),
    };
    let parts = split(answers, '=');
    if parts.is_empty() {
        return skip("a numerical question needs an answer");
    }
    let mut accepted = Vec::new();
    for part in parts {
        let (credit, rest) = match weight(part)? {
            Some((w, rest)) => (w, rest),
            None => (1.0, part),
        };
        let (value, feedback) = bare_with_feedback(rest, cx);
        let found = if let Some((lo, hi)) = value.split_once("..").filter(|(lo, _)| !lo.is_empty())
        {
            let (Some(lo), Some(hi)) = (php_number(lo), php_number(hi)) else {
                return skip(format!(
                    "`{value}` is not a range of two numbers, which stops Moodle's importer"
                ));
            };
            Some((lo / 2.0 + hi / 2.0, (hi / 2.0 - lo / 2.0).abs()))
        } else if let Some((v, t)) = value.split_once(':').filter(|(v, _)| !v.is_empty()) {
            let Some(tolerance) = php_number(t) else {
                return skip(format!(
                    "the tolerance in `{value}` is not a number, which Moodle refuses"
                ));
            };
            php_number(v).map(|v| (v, tolerance.abs()))
        } else {
            php_number(&value).map(|v| (v, 0.0))
        };
        match found {
            Some((value, tolerance)) => accepted.push(NumericAnswer {
                value,
                tolerance,
                credit,
                feedback,
            }),
            None => {
                // Moodle turns an answer that is not a number into `*`: any number earns its credit.
                if value != "*" {
                    cx.notes.push(format!(
                        "`{value}` is not a number: Moodle accepts any number for it"
                    ));
                }
                accepted.push(any_number(credit, feedback));
            }
        }
    }
    // Feedback for any other number is an answer with no credit that every number matches.
    if let Some(other) = other {
        let (_, feedback) = bare_with_feedback(other, cx);
        if feedback.is_some() {
            accepted.push(any_number(0.0, feedback));
        }
    }
    Ok(Kind::Numerical {
        answers: accepted,
        units: Vec::new(),
    })
}
