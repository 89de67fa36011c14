//! The grades Moodle accepts for an answer: `question_bank::fraction_options_full()`, every fraction p/q
//! for q up to 6, tenths, 1/q up to 10 and 1/20, positive and negative. Moodle matches an imported
//! fraction to this list within 0.00001 (`match_grade_options`), so a weight like 1/11 is refused.

/// The positive fractions of Moodle's list, largest first, as Moodle stores them (seven places).
const POSITIVE: [f64; 21] = [
    1.0, 0.9, 0.8333333, 0.8, 0.75, 0.7, 0.6666667, 0.6, 0.5, 0.4, 0.3333333, 0.3, 0.25, 0.2,
    0.1666667, 0.1428571, 0.125, 0.1111111, 0.1, 0.05, 0.0,
];

/// Whether Moodle accepts `fraction` (-1 to 1) as an answer's grade.
pub fn accepted(fraction: f64) -> bool {
    POSITIVE
        .iter()
        .any(|v| (fraction.abs() - v).abs() < 0.00001)
}

/// The largest accepted fraction not above `share` (0 to 1): a share Moodle has no grade for is
/// rounded down, so that grades never add up to more than the whole.
pub fn at_most(share: f64) -> f64 {
    POSITIVE
        .iter()
        .copied()
        .find(|v| *v <= share + 0.00001)
        .unwrap_or(0.0)
}

/// The grade of each right option of a question where `right` options must all be ticked: each 1/k
/// while Moodle has that grade (k up to 10); from 11 to 20 right options, tenths and twentieths that add
/// up to exactly 1 (Moodle refuses a multiple-answer question whose grades do not). `None` past 20.
pub fn shares(right: usize) -> Option<Vec<f64>> {
    match right {
        0 => Some(Vec::new()),
        1..=10 => Some(vec![at_most(1.0 / right as f64); right]),
        11..=20 => {
            let tenths = 20 - right;
            let mut out = vec![0.1; tenths];
            out.resize(right, 0.05);
            Some(out)
        }
        _ => None,
    }
}

/// A fraction as Moodle writes it in an `<answer fraction="…">`: a percentage with at most five places
/// (0.3333333 is "33.33333").
pub fn percent(fraction: f64) -> String {
    let s = format!("{:.5}", fraction * 100.0);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_add_up_to_one_in_moodles_grades() {
        for k in 1..=20 {
            let s = shares(k).unwrap();
            assert_eq!(s.len(), k);
            let total: f64 = s.iter().sum();
            assert!((total - 1.0).abs() < 0.005, "{k}: {total}");
            assert!(s.iter().all(|f| accepted(*f)), "{k}: {s:?}");
        }
        assert_eq!(shares(21), None);
    }

    #[test]
    fn the_list_is_moodles() {
        assert!(accepted(-0.1428571) && accepted(0.05) && accepted(-1.0));
        assert!(!accepted(1.0 / 11.0) && !accepted(0.35));
        assert_eq!(at_most(1.0 / 11.0), 0.05);
        assert_eq!(at_most(1.0 / 3.0), 0.3333333);
        assert_eq!(percent(0.3333333), "33.33333");
        assert_eq!(percent(-0.05), "-5");
        assert_eq!(percent(1.0), "100");
        assert_eq!(percent(0.0), "0");
    }
}
