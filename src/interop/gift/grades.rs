//! The weights Moodle accepts: its grade list (`question_bank::fraction_options_full`), matched as its
//! importer matches them (`match_grade_options`, within 0.00001); any other weight makes Moodle refuse the
//! question.

/// The positive grades; their negatives and 0 are allowed too.
const GRADES: [f64; 20] = [
    1.0, 0.9, 0.8333333, 0.8, 0.75, 0.7, 0.6666667, 0.6, 0.5, 0.4, 0.3333333, 0.3, 0.25, 0.2,
    0.1666667, 0.1428571, 0.125, 0.1111111, 0.1, 0.05,
];

/// Whether Moodle's importer accepts this fraction as a weight.
pub fn allowed(fraction: f64) -> bool {
    fraction == 0.0 || GRADES.iter().any(|g| (fraction.abs() - g).abs() < 0.00001)
}

/// The smallest grade at least `fraction` (for 0 < fraction <= 1).
pub fn at_least(fraction: f64) -> f64 {
    GRADES
        .iter()
        .rev()
        .copied()
        .find(|g| *g >= fraction - 0.00001)
        .unwrap_or(1.0)
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
    let mut best: Option<(f64, f64, f64, usize)> = None;
    for &a in &GRADES {
        for &b in GRADES.iter().filter(|b| **b < a) {
            for high in 1..count {
                let total = high as f64 * a + (count - high) as f64 * b;
                if (total * 100.0).round() != 100.0 {
                    continue;
                }
                let spread = (a - fair).abs().max((b - fair).abs());
                if best.is_none_or(|(s, ..)| spread < s) {
                    best = Some((spread, a, b, high));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_add_up_to_full_credit_in_grades_moodle_accepts() {
        for count in 1..=20 {
            let shares = shares(count).unwrap();
            assert_eq!(shares.len(), count);
            assert!(shares.iter().all(|s| allowed(*s)), "{count}: {shares:?}");
            let total: f64 = shares.iter().sum();
            assert_eq!((total * 100.0).round(), 100.0, "{count}: {shares:?}");
        }
        assert_eq!(shares(3).unwrap(), vec![0.3333333; 3]);
        assert_eq!(shares(21), None);
    }

    #[test]
    fn moodles_own_weights_are_allowed_and_others_not() {
        assert!(allowed(0.3333333) && allowed(-0.1428571) && allowed(-1.0));
        assert!(!allowed(0.3333) && !allowed(0.0909091) && !allowed(1.5));
        assert_eq!(at_least(1.0 / 11.0), 0.1);
        assert_eq!(at_least(0.01), 0.05);
    }
}
