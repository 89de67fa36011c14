//! The review-log half of the statistics: answers and time per study day, and true retention.
//!
//! Tallied from the store's running counts per quarter-hour (see `store::Quarter`), or, when study days
//! do not fall on quarter-hours (an offset in odd minutes), from the log itself one row at a time: a
//! history of a million answers is never held in memory, only a few numbers per study day and per card.

use std::collections::HashMap;

use chrono::{DateTime, FixedOffset};

use super::MATURE_DAYS;
use crate::schedule::{Rating, State};
use crate::store::{LogRow, NearSample, Quarter};

/// The windows, in days, that true retention is reported over.
pub const RETENTION_WINDOWS: [i64; 3] = [7, 30, 365];

const DAY_SECS: i64 = 86_400;

/// What `compute` needs to remember of one card while the log streams past.
struct CardLog {
    last_at_ms: i64,
    /// The interval the card's previous answer gave, in seconds (0 before any).
    previous_interval: i64,
    /// The last study day on which a review-state answer counted for true retention.
    counted_day: Option<i64>,
}

pub struct ReviewTally {
    /// Seconds to add to a UTC timestamp to land on the study day: the offset, less the rollover hour.
    shift_secs: i64,
    pub(super) today: i64,
    /// Answers and milliseconds spent, per study day (days since 1970-01-01).
    pub(super) per_day: HashMap<i64, (usize, u64)>,
    pub(super) total: usize,
    /// Passed and total first-of-the-day reviews, per window, young (0) and mature (1).
    pub(super) retention: [[(usize, usize); 2]; RETENTION_WINDOWS.len()],
    ids: HashMap<String, HashMap<String, usize>>,
    cards: Vec<CardLog>,
    out_of_order: bool,
}

impl ReviewTally {
    /// A tally for study days as seen at `now` (its offset) with the day rolling over at `rollover_hour`.
    pub fn new(now: DateTime<FixedOffset>, rollover_hour: u32) -> ReviewTally {
        let shift_secs =
            i64::from(now.offset().local_minus_utc()) - i64::from(rollover_hour) * 3600;
        ReviewTally {
            shift_secs,
            today: (now.timestamp() + shift_secs).div_euclid(DAY_SECS),
            per_day: HashMap::new(),
            total: 0,
            retention: [[(0, 0); 2]; RETENTION_WINDOWS.len()],
            ids: HashMap::new(),
            cards: Vec::new(),
            out_of_order: false,
        }
    }

    /// Whether study days can be formed from counts per quarter-hour: the offset less the rollover hour is
    /// a whole number of quarter-hours, as every offset in use is.
    pub fn by_quarters(&self) -> bool {
        self.shift_secs % 900 == 0
    }

    fn day_of(&self, at_ms: i64) -> i64 {
        (at_ms.div_euclid(1000) + self.shift_secs).div_euclid(DAY_SECS)
    }

    fn add_sample(&mut self, day: i64, mature: bool, passed: u64, total: u64) {
        for (window, days) in RETENTION_WINDOWS.iter().enumerate() {
            if self.today - day < *days {
                let rate = &mut self.retention[window][usize::from(mature)];
                rate.0 += passed as usize;
                rate.1 += total as usize;
            }
        }
    }

    /// Counts one quarter-hour's answers. Only when [`ReviewTally::by_quarters`].
    pub fn add_quarter(&mut self, q: &Quarter) {
        let day = (q.quarter * 900 + self.shift_secs).div_euclid(DAY_SECS);
        let slot = self.per_day.entry(day).or_default();
        slot.0 += q.answers as usize;
        slot.1 += q.ms;
        self.total += q.answers as usize;
        for (mature, (passed, total)) in [false, true].into_iter().zip(q.retention) {
            self.add_sample(day, mature, passed, total);
        }
    }

    /// Counts a review given less than 24 hours after the card's previous one, if that was on another
    /// study day.
    pub fn add_near_sample(&mut self, s: &NearSample) {
        let day = self.day_of(s.at_ms);
        if day != self.day_of(s.previous_review_at_ms) {
            self.add_sample(day, s.mature, u64::from(s.passed), 1);
        }
    }

    /// Counts one answer. Each card's answers must come in time order (the log's as a whole need not);
    /// `out_of_order` says when they did not.
    pub fn add(&mut self, row: &LogRow<'_>) {
        let day = self.day_of(row.at_ms);
        let slot = self.per_day.entry(day).or_default();
        slot.0 += 1;
        slot.1 += row.duration_ms;
        self.total += 1;

        let index = self.card_index(row.deck, row.item);
        let card = &mut self.cards[index];
        if row.at_ms < card.last_at_ms {
            self.out_of_order = true;
        }
        card.last_at_ms = row.at_ms;
        // True retention, as Anki defines it: the first review of a review card each day; Again fails,
        // anything else passes. A card is young or mature by the interval it was on when reviewed.
        let sample = row.state_before == State::Review && card.counted_day != Some(day);
        let mature = card.previous_interval >= MATURE_DAYS * DAY_SECS;
        card.previous_interval = row.interval_secs;
        if sample {
            card.counted_day = Some(day);
            self.add_sample(day, mature, u64::from(row.rating != Rating::Again), 1);
        }
    }

    /// Whether some card's answers came out of time order, as they do after the clock was set back.
    /// The figures are then not to be trusted, and the log should be tallied again in time order.
    pub fn out_of_order(&self) -> bool {
        self.out_of_order
    }

    fn card_index(&mut self, deck: &str, item: &str) -> usize {
        // Looked up by `&str` first: allocating two strings for each of a million rows is what this
        // tally exists to avoid.
        if let Some(&index) = self.ids.get(deck).and_then(|items| items.get(item)) {
            return index;
        }
        let index = self.cards.len();
        self.cards.push(CardLog {
            last_at_ms: i64::MIN,
            previous_interval: 0,
            counted_day: None,
        });
        self.ids
            .entry(deck.to_string())
            .or_default()
            .insert(item.to_string(), index);
        index
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(item: &str, at_ms: i64) -> LogRow<'_> {
        LogRow {
            deck: "d",
            item,
            at_ms,
            rating: Rating::Good,
            state_before: State::Review,
            duration_ms: 1000,
            interval_secs: 86_400,
        }
    }

    #[test]
    fn interleaved_cards_in_time_order_are_in_order_but_one_card_going_back_is_not() {
        let now = DateTime::parse_from_rfc3339("2026-03-10T12:00:00+00:00").unwrap();
        let mut tally = ReviewTally::new(now, 4);
        // The log as a whole goes back in time (b was inserted later), each card on its own does not.
        tally.add(&row("a", 2_000));
        tally.add(&row("b", 1_000));
        tally.add(&row("a", 3_000));
        assert!(!tally.out_of_order());
        tally.add(&row("b", 500));
        assert!(tally.out_of_order());
        assert_eq!(tally.total, 4);
    }

    #[test]
    fn study_days_roll_over_at_the_hour_in_the_offset_of_now() {
        // 02:30 in Minsk (UTC+3) on the 10th is still the 9th with the day rolling over at 04:00.
        let now = DateTime::parse_from_rfc3339("2026-03-10T12:00:00+03:00").unwrap();
        let mut tally = ReviewTally::new(now, 4);
        let half_past_two = DateTime::parse_from_rfc3339("2026-03-10T02:30:00+03:00").unwrap();
        let five = DateTime::parse_from_rfc3339("2026-03-10T05:00:00+03:00").unwrap();
        tally.add(&row("a", half_past_two.timestamp_millis()));
        tally.add(&row("b", five.timestamp_millis()));
        let mut days: Vec<i64> = tally.per_day.keys().map(|d| tally.today - d).collect();
        days.sort();
        assert_eq!(days, [0, 1]);
    }
    /// The store's running counts give the tally that reading the whole log in time order gives, for
    /// any offset and rollover hour: with answers saved out of time order, ratings taken back, reviews
    /// less than a day apart, and a history added in bulk.
    #[test]
    fn the_running_counts_tally_as_the_whole_log_does() {
        use rand::{RngExt, SeedableRng};

        use crate::schedule::CardState;
        use crate::store::{Answer, LoggedReview, Store};

        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("progress.sqlite3")).unwrap();
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(3);
        let start = DateTime::parse_from_rfc3339("2026-01-01T00:00:00+00:00").unwrap();
        let states = [
            State::New,
            State::Learning,
            State::Review,
            State::Review,
            State::Relearning,
        ];
        let ratings = [Rating::Again, Rating::Hard, Rating::Good, Rating::Easy];
        let items = ["a", "b", "c#c1", "c#c2"];
        let mut answers = Vec::new();
        for n in 0..600 {
            let at = start
                + chrono::Duration::minutes(rng.random_range(0..60 * 24 * 60))
                + chrono::Duration::seconds(rng.random_range(0..60));
            answers.push(Answer {
                deck: ["one", "two"][n % 2],
                item: items[rng.random_range(0..items.len())],
                at,
                rating: ratings[rng.random_range(0..4)],
                state_before: states[rng.random_range(0..states.len())],
                response: None,
                correct: None,
                score: None,
                duration_ms: rng.random_range(0..20_000),
                after: CardState::new(at),
                interval: chrono::Duration::hours(rng.random_range(0..24 * 40)),
                statement: None,
            });
        }
        // A third answered in time order, as in study (every 7th rated again); a third after them, in
        // no order, as after the clock was set back; a third added in bulk.
        let mut in_order: Vec<&Answer> = answers.iter().step_by(3).collect();
        in_order.sort_by_key(|a| a.at);
        let late: Vec<&Answer> = answers.iter().skip(1).step_by(3).collect();
        let bulk: Vec<LoggedReview> = answers
            .iter()
            .skip(2)
            .step_by(3)
            .map(|a| LoggedReview {
                deck: a.deck.into(),
                item: a.item.into(),
                at: a.at,
                rating: a.rating,
                state_before: a.state_before,
                duration_ms: a.duration_ms,
                interval_secs: a.interval.num_seconds(),
            })
            .collect();
        let mut record = |store: &mut Store, answers: &[&Answer]| {
            for (n, answer) in answers.iter().enumerate() {
                let id = store.record(answer).unwrap();
                if n % 7 == 0 {
                    let other = Answer {
                        rating: ratings[rng.random_range(0..4)],
                        interval: chrono::Duration::hours(rng.random_range(0..24 * 40)),
                        ..(*answer).clone()
                    };
                    store.rerate(id, &other).unwrap();
                }
            }
        };
        let agree = |store: &Store| {
            for (now, rollover) in [
                ("2026-03-02T12:00:00+00:00", 4),
                ("2026-03-01T02:00:00+03:00", 0),
                ("2026-02-20T23:30:00-05:30", 4),
                ("2026-03-05T09:00:00+05:45", 23),
            ] {
                let now = DateTime::parse_from_rfc3339(now).unwrap();
                for decks in [vec![], vec!["two".to_string()]] {
                    let mut counted = ReviewTally::new(now, rollover);
                    assert!(counted.by_quarters());
                    store
                        .each_quarter(&decks, |q| counted.add_quarter(q))
                        .unwrap();
                    store
                        .each_near_sample(&decks, |s| counted.add_near_sample(s))
                        .unwrap();
                    let mut read = ReviewTally::new(now, rollover);
                    store.each_review(&decks, true, |r| read.add(r)).unwrap();
                    assert_eq!(counted.per_day, read.per_day, "{now} {rollover}");
                    assert_eq!(counted.total, read.total);
                    assert_eq!(counted.retention, read.retention, "{now} {rollover}");
                    assert!(read.retention[2][0].1 > 5 && read.retention[2][1].1 > 5);
                }
            }
        };
        record(&mut store, &in_order);
        agree(&store);
        record(&mut store, &late);
        agree(&store);
        store.insert_history(&bulk).unwrap();
        agree(&store);
        let odd = DateTime::parse_from_rfc3339("2026-03-02T12:00:00+00:07").unwrap();
        assert!(!ReviewTally::new(odd, 4).by_quarters());
    }
}
