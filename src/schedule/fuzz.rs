//! Interval fuzz as Anki does it (rslib/src/scheduler/states/fuzz.rs): a review interval is moved a little,
//! more for longer intervals, so that cards learnt together do not stay due together; the range comes from
//! FSRS's unrounded interval. Learning steps get up to 25% more, at most five minutes
//! (rslib/src/scheduler/answering/learning.rs). Seeded by the item and its review count, so the same history
//! always gives the same intervals (and tests are reproducible).

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// (from, to, share of the days in that range added to the fuzz), Anki's `FUZZ_RANGES`.
const RANGES: [(f32, f32, f32); 3] = [(2.5, 7.0, 0.15), (7.0, 20.0, 0.1), (20.0, f32::MAX, 0.05)];

/// How far an interval may move either way: none under 2.5 days (Anki's `fuzz_delta`).
fn delta(interval: f32) -> f32 {
    if interval < 2.5 {
        0.0
    } else {
        RANGES.iter().fold(1.0, |delta, (start, end, factor)| {
            delta + factor * (interval.min(*end) - start).max(0.0)
        })
    }
}

/// The smallest and largest day a fuzzed interval of `interval` days (unrounded) may fall on, kept
/// within `minimum..=maximum` (Anki's `constrained_fuzz_bounds`).
pub fn range(interval: f32, minimum: u32, maximum: u32) -> (u32, u32) {
    let minimum = minimum.min(maximum);
    let interval = interval.clamp(minimum as f32, maximum as f32);
    let delta = delta(interval);
    let lower = ((interval - delta).round() as u32).clamp(minimum, maximum);
    let mut upper = ((interval + delta).round() as u32).clamp(minimum, maximum);
    if upper == lower && upper > 2 && upper < maximum {
        upper = lower + 1;
    }
    (lower, upper)
}

/// The review interval in days for FSRS's `interval`: with a fuzz factor, a day in its fuzz range; without,
/// rounded; at least `minimum`, at most `maximum` (Anki's `with_review_fuzz`).
pub fn with_review_fuzz(factor: Option<f32>, interval: f32, minimum: u32, maximum: u32) -> u32 {
    // Anki's `min_and_max_review_intervals`.
    let maximum = maximum.max(1);
    match factor {
        Some(factor) => {
            let (lower, upper) = range(interval, minimum, maximum);
            (lower as f32 + factor * ((1 + upper - lower) as f32)).floor() as u32
        }
        None => (interval.round() as u32).clamp(minimum.clamp(1, maximum), maximum),
    }
}

/// The least a passing review may give, from the interval the card had (Anki's
/// `minimum_review_fuzz_interval`): more than before if FSRS's interval is longer, else no shorter than
/// before while that is within the fuzz range.
pub fn minimum_review_fuzz_interval(interval: f32, previous: u32, maximum: u32) -> u32 {
    let rounded = interval.round() as u32;
    let (_, upper) = range(interval, 1, maximum);
    if rounded > previous {
        previous + 1
    } else if previous <= upper {
        previous
    } else {
        0
    }
}

/// A seed from an item and its review count. FNV-1a: stable, unlike `std`'s hash, which may change between
/// Rust versions.
pub fn seed(key: &str, reps: u32) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in key.bytes().chain(reps.to_le_bytes()) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Where in its fuzz range an item's next review falls, `0.0..1.0`: the same for Hard, Good and Easy.
pub fn factor(key: &str, reps: u32) -> f32 {
    ChaCha8Rng::seed_from_u64(seed(key, reps)).random_range(0.0..1.0)
}

/// A learning step of `secs` seconds, fuzzed: up to 25% longer, at most five minutes.
pub fn learning(secs: i64, key: &str, reps: u32) -> i64 {
    let upper_exclusive = secs + ((secs as f32 * 0.25).min(300.0).floor() as i64);
    if secs >= upper_exclusive {
        return secs;
    }
    // Another stream than `factor`'s, from the same seed.
    let mut rng = ChaCha8Rng::seed_from_u64(seed(key, reps));
    rng.set_stream(1);
    rng.random_range(secs..upper_exclusive)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Anki's own cases (rslib/src/scheduler/states/fuzz.rs and review.rs tests).
    #[test]
    fn ranges_widen_with_the_interval_as_in_anki() {
        assert_eq!(range(1.0, 1, 36500), (1, 1));
        assert_eq!(range(2.0, 1, 36500), (2, 2));
        assert_eq!(range(3.0, 1, 36500), (2, 4));
        assert_eq!(range(10.0, 1, 36500), (8, 12));
        assert_eq!(range(100.0, 1, 36500), (93, 107));
        assert_eq!(range(100.0, 1, 101), (93, 101));
        // From the unrounded interval: 3.4 days reach 4.535, so 5, where 3 days reach only 4.075.
        assert_eq!(range(3.4, 1, 36500), (2, 5));
        // A minimum above the range is the interval.
        assert_eq!(range(5.0, 9, 36500), (9, 11));
    }

    #[test]
    fn fuzz_is_deterministic_and_in_range() {
        for interval in [3.0, 11.2, 46.5, 163.0, 498.7] {
            let f = factor("belarus-htp/htp-founded", 4);
            assert_eq!(f, factor("belarus-htp/htp-founded", 4));
            let days = with_review_fuzz(Some(f), interval, 1, 36500);
            let (low, high) = range(interval, 1, 36500);
            assert!((low..=high).contains(&days), "{interval} → {days}");
        }
        // Different cards answered together spread out.
        let spread: std::collections::HashSet<u32> = (0..20)
            .map(|i| with_review_fuzz(Some(factor(&format!("card-{i}"), 3)), 46.0, 1, 36500))
            .collect();
        assert!(spread.len() > 3, "{spread:?}");
    }

    #[test]
    fn learning_steps_get_up_to_a_quarter_at_most_five_minutes() {
        for (secs, most) in [(60, 74), (600, 749), (3600, 3899), (3, 3)] {
            let all: Vec<i64> = (0..50)
                .map(|i| learning(secs, &format!("c{i}"), 1))
                .collect();
            assert!(
                all.iter().all(|s| (secs..=most).contains(s)),
                "{secs}: {all:?}"
            );
            assert_eq!(learning(secs, "c1", 1), all[1]);
        }
    }
}
