//! Cloze items: the hidden words of one deletion number, typed like a text answer, alternatives included.

use super::diff::Diff;
use super::text::{Match, best, closest, nth};
use super::{Fold, Verdict};
use crate::deck::{Deletion, Typos};

fn blanks(deletions: &[Deletion], number: u32) -> Vec<&Deletion> {
    deletions.iter().filter(|d| d.number == number).collect()
}

pub(super) fn expected(deletions: &[Deletion], number: u32) -> String {
    blanks(deletions, number)
        .iter()
        .map(|d| d.answer.as_str())
        .collect::<Vec<_>>()
        .join("; ")
}

/// Several blanks with one number are answered in reading order, separated by semicolons.
pub(super) fn grade(deletions: &[Deletion], number: u32, response: &str) -> Verdict {
    let blanks = blanks(deletions, number);
    let expected = expected(deletions, number);
    if response.is_empty() {
        return Verdict::wrong(expected).noted("no answer given");
    }
    let parts: Vec<&str> = if blanks.len() > 1 {
        response.split(';').map(str::trim).collect()
    } else {
        vec![response]
    };
    let results: Vec<Match> = blanks
        .iter()
        .enumerate()
        .map(|(i, d)| {
            parts.get(i).map_or(Match::No, |p| {
                best(&d.answer, &d.accept, Fold::default(), Typos::Auto, p).0
            })
        })
        .collect();
    let right = results.iter().filter(|m| **m != Match::No).count();
    // Each blank against the accepted answer it comes closest to, the blanks joined as they were typed.
    let against: Vec<String> = blanks
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let typed = parts.get(i).copied().unwrap_or_default();
            match best(&d.answer, &d.accept, Fold::default(), Typos::Auto, typed) {
                (Match::No, _) => closest(&d.answer, &d.accept, Fold::default(), typed)
                    .map_or_else(|| d.answer.clone(), |c| pieces_text(&c.right)),
                (_, which) => nth(&d.answer, &d.accept, which).to_string(),
            }
        })
        .collect();
    let diff = Diff::new(&parts.join("; "), &against.join("; "), Fold::default());
    let verdict = Verdict::partial(right as f64 / blanks.len().max(1) as f64, expected).compared(
        if right < blanks.len() || results.iter().any(|m| matches!(m, Match::Typo(_))) {
            diff
        } else {
            None
        },
    );
    if verdict.correct && results.iter().any(|m| matches!(m, Match::Typo(_))) {
        verdict.noted("accepted with a typo")
    } else if blanks.len() > 1 && !verdict.correct && right > 0 {
        verdict.noted(format!("{right} of {} blanks right", blanks.len()))
    } else {
        verdict
    }
}

fn pieces_text(pieces: &[super::diff::Piece]) -> String {
    pieces.iter().map(|p| p.text.as_str()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::cloze::parse;

    fn run(text: &str, number: u32, response: &str) -> (bool, f64, Option<String>) {
        let d = parse(text).unwrap();
        let v = grade(&d, number, response);
        (v.correct, v.score, v.note)
    }

    #[test]
    fn grading_table() {
        let text = "{{c1::Valery Tsepkalo}} pushed for the park, created in {{c2::2005}}.";
        assert_eq!(run(text, 1, "Valery Tsepkalo"), (true, 1.0, None));
        assert_eq!(
            run(text, 1, "valery tsepkala"),
            (true, 1.0, Some("accepted with a typo".into()))
        );
        assert_eq!(run(text, 2, "2005"), (true, 1.0, None));
        assert_eq!(run(text, 2, "2006"), (false, 0.0, None));
        assert_eq!(
            run(text, 2, ""),
            (false, 0.0, Some("no answer given".into()))
        );
        let twice =
            "{{c1::Minsk}} computers were built in {{c1::Minsk}}'s {{c2::Ordzhonikidze}} plant.";
        assert_eq!(run(twice, 1, "Minsk; Minsk"), (true, 1.0, None));
        assert_eq!(
            run(twice, 1, "Minsk; Pinsk"),
            (false, 0.5, Some("1 of 2 blanks right".into()))
        );
        assert_eq!(
            run(twice, 1, "Minsk"),
            (false, 0.5, Some("1 of 2 blanks right".into()))
        );
    }

    #[test]
    fn each_blank_is_shown_against_its_closest_accepted_answer() {
        let shown = |text: &str, number: u32, response: &str| {
            let d = parse(text).unwrap();
            grade(&d, number, response).diff.map(|d| {
                super::super::diff::render(&d, super::super::diff::Marks::Carets, &|t| {
                    t.to_string()
                })
            })
        };
        let text = "{{c1::Valery Tsepkalo}} pushed for the park, created in {{c2::2005}}.";
        assert_eq!(
            shown(text, 1, "valery tsepkala").as_deref(),
            Some(
                "  typed:  valery tsepkala\n                        ^\n  answer: Valery Tsepkalo\n                        ^"
            )
        );
        assert_eq!(shown(text, 1, "Valery Tsepkalo"), None);
        let twice =
            "{{c1::Minsk}} computers were built in {{c1::Minsk}}'s {{c2::Ordzhonikidze}} plant.";
        assert_eq!(
            shown(twice, 1, "Minsk; Pinsk").as_deref(),
            Some(
                "  typed:  Minsk; Pinsk\n                 ^\n  answer: Minsk; Minsk\n                 ^"
            )
        );
    }
}
