//! Typed answers: folded comparison, alternatives, and typo tolerance scaled to the answer's length.

use super::diff::Diff;
use super::{Fold, Verdict};
use crate::deck::{PerAnswer, Typos};

/// Edits forgiven for an answer of this many folded characters: none for short answers, where one edit
/// is often another word ("Minsk" and "Pinsk").
fn auto_allowance(len: usize) -> usize {
    match len {
        0..=5 => 0,
        6..=10 => 1,
        11..=20 => 2,
        _ => 3,
    }
}

fn digits(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

/// How a typed answer compares with one accepted answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Match {
    Exact,
    Typo(usize),
    No,
}

/// Compares folded `response` with folded `accepted`. Digits never count as typos: "2005" is not "2006".
pub(super) fn compare(accepted: &str, response: &str, fold: Fold, typos: Typos) -> Match {
    let (a, r) = (fold.apply(accepted), fold.apply(response));
    if a == r {
        return Match::Exact;
    }
    let allowance = match typos {
        Typos::Auto => auto_allowance(a.chars().count()),
        Typos::Max(n) => n as usize,
    };
    if allowance == 0 || digits(&a) != digits(&r) {
        return Match::No;
    }
    let distance = strsim::damerau_levenshtein(&a, &r);
    if distance <= allowance {
        Match::Typo(distance)
    } else {
        Match::No
    }
}

pub(super) fn grade(
    answer: &str,
    accept: &[String],
    fold: Fold,
    typos: Typos,
    per_answer: &PerAnswer,
    response: &str,
) -> Verdict {
    if response.is_empty() {
        return Verdict::wrong(answer.to_string()).noted("no answer given");
    }
    let (how, which) = best(answer, accept, fold, typos, response);
    let accepted = nth(answer, accept, which);
    // Without `credit` every accepted answer is fully right; with it, each earns its own share.
    let earned = |expected: String| match per_answer.credit.get(which) {
        Some(percent) => Verdict::partial(percent / 100.0, expected),
        None => Verdict::right(expected),
    };
    let verdict = match how {
        Match::Exact => earned(answer.to_string()),
        Match::Typo(_) => earned(answer.to_string())
            .noted(format!("accepted with a typo: it is spelled “{accepted}”"))
            .compared(Diff::new(response, accepted, fold)),
        Match::No => {
            return Verdict::wrong(answer.to_string())
                .compared(closest(answer, accept, fold, response))
                .with_feedback(per_answer.other.clone());
        }
    };
    verdict.with_feedback(per_answer.feedback_for(which).map(str::to_string))
}

/// Where `response` differs from the accepted answer it comes closest to: the one with the fewest
/// characters marked, the main answer first among equals.
pub(super) fn closest(answer: &str, accept: &[String], fold: Fold, response: &str) -> Option<Diff> {
    std::iter::once(answer)
        .chain(accept.iter().map(String::as_str))
        .filter_map(|accepted| Diff::new(response, accepted, fold))
        .min_by_key(Diff::marked)
}

/// The closest of `answer` and its alternatives `accept` to `response`, with how close it is: its position
/// counting `answer` as 0 and `accept` from 1.
pub(super) fn best(
    answer: &str,
    accept: &[String],
    fold: Fold,
    typos: Typos,
    response: &str,
) -> (Match, usize) {
    std::iter::once(answer)
        .chain(accept.iter().map(String::as_str))
        .map(|accepted| compare(accepted, response, fold, typos))
        .enumerate()
        .min_by_key(|(_, m)| *m)
        .map_or((Match::No, 0), |(i, m)| (m, i))
}

/// The accepted answer at a position [`best`] returns.
pub(super) fn nth<'a>(answer: &'a str, accept: &'a [String], which: usize) -> &'a str {
    which.checked_sub(1).map_or(answer, |i| accept[i].as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(answer: &str, accept: &[&str], response: &str) -> (bool, Option<String>) {
        let accept: Vec<String> = accept.iter().map(|s| s.to_string()).collect();
        let v = grade(
            answer,
            &accept,
            Fold::default(),
            Typos::Auto,
            &PerAnswer::default(),
            response,
        );
        (v.correct, v.note)
    }

    #[test]
    fn grading_table() {
        let typo = |s: &str| Some(format!("accepted with a typo: it is spelled “{s}”"));
        type Case<'a> = (&'a str, &'a [&'a str], &'a str, bool, Option<String>);
        let cases: &[Case] = &[
            ("Valery Tsepkalo", &[], "Valery Tsepkalo", true, None),
            ("Valery Tsepkalo", &[], "valery tsepkalo", true, None),
            ("Valery Tsepkalo", &[], "  VALERY   TSEPKALO. ", true, None),
            (
                "Valery Tsepkalo",
                &[],
                "Valery Tsepklao",
                true,
                typo("Valery Tsepkalo"),
            ),
            (
                "Valery Tsepkalo",
                &[],
                "Valeri Tsepkala",
                true,
                typo("Valery Tsepkalo"),
            ),
            ("Valery Tsepkalo", &[], "Viktor Babariko", false, None),
            ("Valery Tsepkalo", &["Tsepkalo"], "Tsepkalo", true, None),
            (
                "Valery Tsepkalo",
                &["Tsepkalo"],
                "Tsepkala",
                true,
                typo("Tsepkalo"),
            ),
            (
                "Hi-Tech Park",
                &["HTP", "High Technologies Park"],
                "hi tech park",
                true,
                None,
            ),
            (
                "Hi-Tech Park",
                &["HTP", "High Technologies Park"],
                "the Hi Tech Park",
                true,
                None,
            ),
            (
                "Hi-Tech Park",
                &["HTP", "High Technologies Park"],
                "htp",
                true,
                None,
            ),
            (
                "Hi-Tech Park",
                &["HTP", "High Technologies Park"],
                "HPT",
                false,
                None,
            ),
            (
                "Hi-Tech Park",
                &["HTP", "High Technologies Park"],
                "high technolgies park",
                true,
                typo("High Technologies Park"),
            ),
            ("Minsk", &[], "Pinsk", false, None),
            ("Minsk", &[], "minsk", true, None),
            ("EPAM", &[], "EPAN", false, None),
            ("Décret", &[], "decret", true, None),
            ("Decree No. 8", &[], "decree no 8", true, None),
            ("Decree No. 8", &[], "decree no 9", false, None),
            (
                "Decree No. 8",
                &[],
                "decre no. 8",
                true,
                typo("Decree No. 8"),
            ),
            ("Minsk", &[], "", false, Some("no answer given".into())),
        ];
        for (answer, accept, response, correct, note) in cases {
            assert_eq!(
                check(answer, accept, response),
                (*correct, note.clone()),
                "answer {answer:?}, response {response:?}"
            );
        }
    }

    #[test]
    fn typo_settings() {
        let exact = grade(
            "Tsepkalo",
            &[],
            Fold::default(),
            Typos::Max(0),
            &PerAnswer::default(),
            "Tsepkala",
        );
        assert!(!exact.correct);
        let generous = grade(
            "Minsk",
            &[],
            Fold::default(),
            Typos::Max(1),
            &PerAnswer::default(),
            "Pinsk",
        );
        assert!(generous.correct);
        let case = Fold {
            case_sensitive: true,
            accent_sensitive: false,
        };
        assert!(
            !grade(
                "EPAM",
                &[],
                case,
                Typos::Max(0),
                &PerAnswer::default(),
                "epam"
            )
            .correct
        );
        let accents = Fold {
            case_sensitive: false,
            accent_sensitive: true,
        };
        assert!(
            !grade(
                "café",
                &[],
                accents,
                Typos::Max(0),
                &PerAnswer::default(),
                "cafe"
            )
            .correct
        );
    }
}
