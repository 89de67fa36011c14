//! The grades Moodle accepts for an answer, shared by the GIFT and Moodle XML writers and readers: its
//! grade list (`question_bank::fraction_options_full()`: every p/q for q up to 6, tenths, 1/q up to 10 and
//! 1/20, positive and negative), matched as its importers match them (`match_grade_options`, within
//! 0.00001). Any other weight makes Moodle refuse the question.

/// The positive grades, largest first, as Moodle stores them (seven places); their negatives and 0 are
/// allowed too.
const GRADES: [f64; 20] = [
    1.0, 0.9, 0.8333333, 0.8, 0.75, 0.7, 0.6666667, 0.6, 0.5, 0.4, 0.3333333, 0.3, 0.25, 0.2,
    0.1666667, 0.1428571, 0.125, 0.1111111, 0.1, 0.05,
];

/// Whether Moodle's importer accepts this fraction (-1 to 1) as a weight.
pub fn accepted(fraction: f64) -> bool {
    fraction == 0.0 || GRADES.iter().any(|g| (fraction.abs() - g).abs() < 0.00001)
}

/// The smallest grade at least `fraction` (for 0 < fraction <= 1): a wrong option's penalty, so that
/// ticking every option never earns more than kartka gives.
pub fn at_least(fraction: f64) -> f64 {
    GRADES
        .iter()
        .rev()
        .copied()
        .find(|g| *g >= fraction - 0.00001)
        .unwrap_or(1.0)
}

/// The grade nearest to `fraction` (-1 to 1), its sign kept.
pub fn nearest(fraction: f64) -> f64 {
    if fraction.abs() < 0.025 {
        return 0.0;
    }
    let near = GRADES
        .iter()
        .copied()
        .min_by(|a, b| {
            (a - fraction.abs())
                .abs()
                .total_cmp(&(b - fraction.abs()).abs())
        })
        .unwrap_or(1.0);
    near.copysign(fraction)
}

/// A card's `credit` (percent) for `option` as the nearest grade Moodle accepts, with a warning naming
/// the card when it has to move.
pub fn for_credit(card: &str, option: &str, percent: f64, warnings: &mut Vec<String>) -> f64 {
    let exact = percent / 100.0;
    let allowed = nearest(exact);
    if (allowed - exact).abs() > 0.00001 {
        warnings.push(format!(
            "{card}: “{option}” earns {}% in Moodle rather than {}%, the nearest grade Moodle has",
            self::percent(allowed),
            self::percent(exact)
        ));
    }
    allowed
}

/// Full credit shared among `count` right options with grades Moodle accepts that add up to 100% (Moodle
/// checks the sum to two decimals), as equal as they can be: `count` 11 is nine 10% and two 5%. `None` when
/// no grades can (more than 20 right options).
pub fn shares(count: usize) -> Option<Vec<f64>> {
    if count == 0 {
        return None;
    }
    let fair = 1.0 / count as f64;
    if let Some(g) = GRADES.iter().find(|g| (*g - fair).abs() < 0.00001) {
        return Some(vec![*g; count]);
    }
    // The pair of grades whose worst share is nearest the fair one, and of those the nearest overall.
    let mut best: Option<((f64, f64), f64, f64, usize)> = None;
    for &a in &GRADES {
        for &b in GRADES.iter().filter(|b| **b < a) {
            for high in 1..count {
                let low = count - high;
                let total = high as f64 * a + low as f64 * b;
                if (total * 100.0).round() != 100.0 {
                    continue;
                }
                let spread = (a - fair).abs().max((b - fair).abs());
                let off = high as f64 * (a - fair).abs() + low as f64 * (b - fair).abs();
                let key = (spread, off);
                if best.is_none_or(|(k, ..)| {
                    key.0 < k.0 - 1e-9 || (key.0 <= k.0 + 1e-9 && key.1 < k.1)
                }) {
                    best = Some((key, a, b, high));
                }
            }
        }
    }
    best.map(|(_, a, b, high)| {
        let mut out = vec![a; high];
        out.resize(count, b);
        out
    })
}

/// A fraction as Moodle writes it, in GIFT's `%…%` and XML's `fraction="…"`: a percentage with at most
/// five places (0.3333333 is "33.33333").
pub fn percent(fraction: f64) -> String {
    let s = format!("{:.5}", fraction * 100.0);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_add_up_to_full_credit_in_grades_moodle_accepts() {
        for count in 1..=20 {
            let shares = shares(count).unwrap();
            assert_eq!(shares.len(), count);
            assert!(shares.iter().all(|s| accepted(*s)), "{count}: {shares:?}");
            let total: f64 = shares.iter().sum();
            assert_eq!((total * 100.0).round(), 100.0, "{count}: {shares:?}");
        }
        assert_eq!(shares(3).unwrap(), vec![0.3333333; 3]);
        let mut eleven = vec![0.1; 9];
        eleven.extend([0.05; 2]);
        assert_eq!(shares(11).unwrap(), eleven);
        assert_eq!(shares(21), None);
    }

    #[test]
    fn moodles_own_weights_are_accepted_and_others_not() {
        assert!(accepted(0.3333333) && accepted(-0.1428571) && accepted(-1.0) && accepted(0.05));
        assert!(!accepted(0.3333) && !accepted(0.0909091) && !accepted(1.5) && !accepted(0.35));
        assert_eq!(at_least(1.0 / 11.0), 0.1);
        assert_eq!(at_least(0.01), 0.05);
        assert_eq!(nearest(0.33), 0.3333333);
        assert_eq!(nearest(-0.26), -0.25);
        assert_eq!(nearest(0.01), 0.0);
    }

    #[test]
    fn written_as_moodle_writes_them() {
        assert_eq!(percent(0.3333333), "33.33333");
        assert_eq!(percent(-0.05), "-5");
        assert_eq!(percent(1.0), "100");
        assert_eq!(percent(0.0), "0");
        assert_eq!(percent(-0.0), "0");
    }
}
