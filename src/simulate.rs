//! A simulated learner, for tests and benchmarks that need a long, realistic review history without
//! anyone having studied for months.

use chrono::{DateTime, Duration, FixedOffset};
use fsrs::{DEFAULT_PARAMETERS, FSRS, MemoryState, current_retrievability};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::schedule::{CardState, Rating, Scheduler, Settings, State};
use crate::store::LoggedReview;

/// A learner whose memory follows FSRS with other parameters than the defaults (new cards are
/// remembered four times longer), studying `cards` items `c0`, `c1`… of `deck` for `days` days from
/// 1 January 2025 with kartka's default scheduler, ten new cards a day. Reproducible: the seed fixes every
/// recall.
pub fn simulated_history(deck: &str, cards: usize, days: i64, seed: u64) -> Vec<LoggedReview> {
    simulate(deck, cards, days, seed).0
}

/// The same simulation, with each studied item's state at the end (items `c0`, `c1`…), for a store that
/// looks as it would after the study.
pub fn simulate(
    deck: &str,
    cards: usize,
    days: i64,
    seed: u64,
) -> (Vec<LoggedReview>, Vec<(String, CardState)>) {
    let mut truth = DEFAULT_PARAMETERS.to_vec();
    for w in &mut truth[..4] {
        *w *= 4.0;
    }
    let true_fsrs = FSRS::new(&truth).expect("scaled default parameters are valid");
    let scheduler = Scheduler::new(Settings::default()).expect("the default settings are valid");
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let start = DateTime::parse_from_rfc3339("2025-01-01T09:00:00+00:00").expect("a valid date");
    let mut state: Vec<(
        CardState,
        Option<MemoryState>,
        Option<DateTime<FixedOffset>>,
    )> = (0..cards)
        .map(|_| (CardState::new(start), None, None))
        .collect();
    let mut log = Vec::new();
    for day in 0..days {
        let mut now = start + Duration::days(day);
        let mut introduced = 0;
        for (i, (card, true_memory, last_seen)) in state.iter_mut().enumerate() {
            let due = card.state != State::New && card.due <= now + Duration::hours(12);
            let new = card.state == State::New && introduced < 10;
            if !(due || new) {
                continue;
            }
            introduced += usize::from(new);
            // Whether this learner recalls it now, by the true model.
            let elapsed = last_seen.map_or(0.0, |l| (now - l).num_hours() as f32 / 24.0);
            let recall = true_memory.map_or(0.0, |m| current_retrievability(m, elapsed, truth[20]));
            let remembered = rng.random::<f32>() < recall;
            let rating = if remembered {
                Rating::Good
            } else {
                Rating::Again
            };
            let days_elapsed = elapsed.floor() as u32;
            let next = true_fsrs
                .next_states(*true_memory, 0.9, days_elapsed)
                .expect("the true model's states stay valid");
            *true_memory = Some(if remembered {
                next.good.memory
            } else {
                next.again.memory
            });
            *last_seen = Some(now);
            let key = format!("{deck}/c{i}");
            let outcome = scheduler
                .review(card, rating, &key, now)
                .expect("the default scheduler handles every state");
            log.push(LoggedReview {
                deck: deck.into(),
                item: format!("c{i}"),
                at: now,
                rating,
                state_before: card.state,
                duration_ms: 8000,
                interval_secs: outcome.interval.num_seconds(),
            });
            *card = outcome.card;
            now += Duration::seconds(10);
        }
    }
    log.sort_by_key(|r| r.at);
    let states = state
        .into_iter()
        .enumerate()
        .filter(|(_, (card, _, _))| card.state != State::New)
        .map(|(i, (card, _, _))| (format!("c{i}"), card))
        .collect();
    (log, states)
}
