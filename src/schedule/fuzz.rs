//! Interval fuzz as Anki does it: a review interval is moved a little, more for longer intervals, so that
//! cards learnt together do not stay due together. Seeded by the item and its review count, so the same
//! history always gives the same intervals (and tests are reproducible).

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// (from, to, share of the days in that range added to the fuzz), Anki's `FUZZ_RANGES`.
const RANGES: [(f64, f64, f64); 3] = [
    (2.5, 7.0, 0.15),
    (7.0, 20.0, 0.1),
    (20.0, f64::INFINITY, 0.05),
];

/// The smallest and largest day a fuzzed interval may fall on.
pub fn range(days: u32, maximum: u32) -> (u32, u32) {
    let d = f64::from(days);
    let delta = 1.0
        + RANGES
            .iter()
            .map(|(start, end, factor)| factor * (d.min(*end) - start).max(0.0))
            .sum::<f64>();
    let high = ((d + delta).round() as u32).min(maximum);
    let low = ((d - delta).round() as u32).max(2).min(high);
    (low, high)
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

/// A fuzzed interval for a review interval of `days`; intervals under 2.5 days are left alone.
pub fn fuzz(days: u32, maximum: u32, key: &str, reps: u32) -> u32 {
    if f64::from(days) < 2.5 {
        return days;
    }
    let (low, high) = range(days, maximum);
    ChaCha8Rng::seed_from_u64(seed(key, reps)).random_range(low..=high)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_widen_with_the_interval() {
        assert_eq!(range(3, 36500), (2, 4));
        assert_eq!(range(10, 36500), (8, 12));
        assert_eq!(range(100, 36500), (93, 107));
        assert_eq!(range(100, 101), (93, 101));
    }

    #[test]
    fn fuzz_is_deterministic_and_in_range() {
        for days in [1, 2, 3, 11, 46, 163, 498] {
            let a = fuzz(days, 36500, "belarus-htp/htp-founded", 4);
            assert_eq!(a, fuzz(days, 36500, "belarus-htp/htp-founded", 4));
            let (low, high) = if days < 3 {
                (days, days)
            } else {
                range(days, 36500)
            };
            assert!((low..=high).contains(&a), "{days} → {a}");
        }
        // Different cards answered together spread out.
        let spread: std::collections::HashSet<u32> = (0..20)
            .map(|i| fuzz(46, 36500, &format!("card-{i}"), 3))
            .collect();
        assert!(spread.len() > 3, "{spread:?}");
    }
}
