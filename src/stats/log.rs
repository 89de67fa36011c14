//! The review-log half of the statistics, tallied one row at a time: a history of a million answers is
//! never held in memory, only a few numbers per study day and per card.

use std::collections::HashMap;

use chrono::{DateTime, FixedOffset};

use super::MATURE_DAYS;
use crate::schedule::{Rating, State};
use crate::store::LogRow;

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

    /// Counts one answer. Each card's answers must come in time order (the log's as a whole need not);
    /// `out_of_order` says when they did not.
    pub fn add(&mut self, row: &LogRow<'_>) {
        let day = (row.at_ms.div_euclid(1000) + self.shift_secs).div_euclid(DAY_SECS);
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
        if row.state_before == State::Review && card.counted_day != Some(day) {
            card.counted_day = Some(day);
            let mature = usize::from(card.previous_interval >= MATURE_DAYS * DAY_SECS);
            let passed = usize::from(row.rating != Rating::Again);
            for (window, days) in RETENTION_WINDOWS.iter().enumerate() {
                if self.today - day < *days {
                    let rate = &mut self.retention[window][mature];
                    rate.0 += passed;
                    rate.1 += 1;
                }
            }
        }
        card.previous_interval = row.interval_secs;
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
}
