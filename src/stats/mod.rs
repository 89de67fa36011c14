//! Study statistics from the progress store: card states, what is due, review history, streaks, true
//! retention as Anki defines it, predicted retrievability, the hardest cards and mastery per tag. Pure:
//! stored states and the review log in, figures out (`chart` draws them).

pub mod chart;
mod log;

pub use log::{RETENTION_WINDOWS, ReviewTally};

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{DateTime, Duration, FixedOffset, NaiveDate};
use fsrs::current_retrievability;
use serde::Serialize;

use crate::deck::Outline;
use crate::schedule::{CardState, State, study_day};

/// An interval of this many days or more makes a card mature, as in Anki.
pub const MATURE_DAYS: i64 = 21;
/// Days of history in the review calendar.
pub const HISTORY_DAYS: usize = 90;
/// Days in the forecast.
pub const FORECAST_DAYS: usize = 30;

pub struct Input<'a> {
    pub decks: &'a [&'a Outline],
    /// Stored states by deck id, then by item id.
    pub cards: &'a HashMap<String, HashMap<String, CardState>>,
    /// The review log of these decks, tallied with the same `now` and rollover hour.
    pub reviews: &'a ReviewTally,
    pub now: DateTime<FixedOffset>,
    pub rollover_hour: u32,
    /// The FSRS decay in use (the last parameter), for retrievability.
    pub decay: f32,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stats {
    pub decks: Vec<String>,
    pub today: NaiveDate,
    pub cards: Counts,
    pub due_today: usize,
    /// Reviews falling due on each of the next 30 days (tomorrow first).
    pub forecast: Vec<usize>,
    /// Answers per day over the last 90 days, oldest first, ending today.
    pub history: Vec<DayCount>,
    pub streak: Streak,
    pub time: TimeSpent,
    /// True retention over the last 7, 30 and 365 days.
    pub retention: Vec<Retention>,
    /// Mean predicted probability of recalling each studied card now; `None` before any study.
    pub average_retrievability: Option<f64>,
    pub hardest: Vec<Hard>,
    pub tags: Vec<TagMastery>,
    pub total_reviews: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Counts {
    pub total: usize,
    pub new: usize,
    pub learning: usize,
    /// In review with an interval under 21 days.
    pub young: usize,
    pub mature: usize,
    /// Left out of study; not counted in the states above.
    pub suspended: usize,
    pub leeches: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DayCount {
    pub day: NaiveDate,
    pub reviews: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Streak {
    /// Consecutive study days up to today (or yesterday, when today has no answers yet).
    pub current: usize,
    pub longest: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TimeSpent {
    pub today_secs: u64,
    pub last_30_days_secs: u64,
    pub total_secs: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Retention {
    pub days: i64,
    pub young: Rate,
    pub mature: Rate,
}

/// Passed out of total reviews; `rate` is `None` with no reviews, rather than a division by zero.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rate {
    pub passed: usize,
    pub total: usize,
    pub rate: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hard {
    pub deck: String,
    pub item: String,
    pub lapses: u32,
    pub retrievability: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TagMastery {
    pub tag: String,
    pub items: usize,
    pub studied: usize,
    /// Mean predicted retrievability of the tag's items, unstudied ones counting 0, in percent.
    pub mastery: f64,
}

impl Rate {
    fn of(passed: usize, total: usize) -> Rate {
        Rate {
            passed,
            total,
            rate: (total > 0).then(|| passed as f64 / total as f64),
        }
    }
}

fn retrievability(
    card: &CardState,
    now: DateTime<FixedOffset>,
    rollover: u32,
    decay: f32,
) -> Option<f64> {
    let memory = card.memory?;
    let last = card.last_review?;
    let days = (study_day(now, rollover) - study_day(last, rollover))
        .num_days()
        .max(0) as f32;
    Some(f64::from(current_retrievability(memory, days, decay)))
}

/// The interval a review card is on, in days.
fn interval_days(card: &CardState) -> i64 {
    card.last_review
        .map_or(0, |last| (card.due - last).num_days())
}

pub fn compute(input: &Input<'_>) -> Stats {
    let rollover = input.rollover_hour;
    let today = study_day(input.now, rollover);
    let day_of = |at: DateTime<FixedOffset>| study_day(at, rollover);

    // Card states, over every item of the decks (unstudied items are new).
    let mut counts = Counts::default();
    let mut due_today = 0;
    let mut forecast = vec![0; FORECAST_DAYS];
    let mut tag_r: BTreeMap<String, (usize, usize, f64)> = BTreeMap::new();
    let mut r_sum = 0.0;
    let mut r_n = 0;
    let mut hardest = Vec::new();
    let no_cards = HashMap::new();
    for deck in input.decks {
        let stored = input.cards.get(deck.id()).unwrap_or(&no_cards);
        for (number, id) in deck.items() {
            counts.total += 1;
            let card = stored.get(id.as_ref());
            let r = card.and_then(|c| retrievability(c, input.now, rollover, input.decay));
            match card.map(|c| (c.state, c.suspended)) {
                Some((_, true)) => counts.suspended += 1,
                None | Some((State::New, _)) => counts.new += 1,
                Some((State::Learning | State::Relearning, _)) => counts.learning += 1,
                Some((State::Review, _)) => {
                    if interval_days(card.expect("a review card is stored")) >= MATURE_DAYS {
                        counts.mature += 1;
                    } else {
                        counts.young += 1;
                    }
                }
            }
            if let Some(card) = card.filter(|c| c.state != State::New && !c.suspended) {
                counts.leeches += usize::from(card.leech);
                let offset = (day_of(card.due) - today).num_days();
                if offset <= 0 {
                    due_today += 1;
                } else if let Some(slot) = forecast.get_mut(offset as usize - 1) {
                    *slot += 1;
                }
                // Only a card that would be listed is kept: most studied cards are neither lapsed nor
                // below 90%.
                if card.lapses > 0 || r.is_some_and(|r| r < 0.9) {
                    hardest.push(Hard {
                        deck: deck.id().to_string(),
                        item: id.to_string(),
                        lapses: card.lapses,
                        retrievability: r,
                    });
                }
            }
            if let Some(r) = r {
                r_sum += r;
                r_n += 1;
            }
            for tag in deck.card_tags(number).iter().chain(&deck.head().tags) {
                let e = match tag_r.get_mut(tag.as_str()) {
                    Some(e) => e,
                    None => tag_r.entry(tag.clone()).or_default(),
                };
                e.0 += 1;
                if let Some(r) = r {
                    e.1 += 1;
                    e.2 += r;
                }
            }
        }
    }
    hardest.sort_by(|a, b| {
        b.lapses
            .cmp(&a.lapses)
            .then(
                a.retrievability
                    .unwrap_or(1.0)
                    .total_cmp(&b.retrievability.unwrap_or(1.0)),
            )
            .then(a.item.cmp(&b.item))
    });
    hardest.truncate(5);

    // The review log, already tallied per study day.
    let reviews = input.reviews;
    let mut total_ms = 0u64;
    let mut today_ms = 0u64;
    let mut month_ms = 0u64;
    for (&day, &(_, ms)) in &reviews.per_day {
        total_ms += ms;
        if day == reviews.today {
            today_ms += ms;
        }
        if reviews.today - day < 30 {
            month_ms += ms;
        }
    }
    let time = TimeSpent {
        today_secs: today_ms / 1000,
        last_30_days_secs: month_ms / 1000,
        total_secs: total_ms / 1000,
    };
    let history = (0..HISTORY_DAYS as i64)
        .rev()
        .map(|back| DayCount {
            day: today - Duration::days(back),
            reviews: reviews
                .per_day
                .get(&(reviews.today - back))
                .map_or(0, |(n, _)| *n),
        })
        .collect();
    let days: BTreeSet<i64> = reviews.per_day.keys().copied().collect();
    let mut longest = 0;
    let mut run = 0;
    let mut previous: Option<i64> = None;
    for &day in &days {
        run = if previous == Some(day - 1) {
            run + 1
        } else {
            1
        };
        longest = longest.max(run);
        previous = Some(day);
    }
    let mut current = 0;
    let mut day = if days.contains(&reviews.today) {
        reviews.today
    } else {
        reviews.today - 1
    };
    while days.contains(&day) {
        current += 1;
        day -= 1;
    }

    let retention = RETENTION_WINDOWS
        .into_iter()
        .zip(reviews.retention)
        .map(|(days, [young, mature])| Retention {
            days,
            young: Rate::of(young.0, young.1),
            mature: Rate::of(mature.0, mature.1),
        })
        .collect();

    let tags = tag_r
        .into_iter()
        .map(|(tag, (items, studied, r))| TagMastery {
            tag,
            items,
            studied,
            mastery: if items > 0 {
                r * 100.0 / items as f64
            } else {
                0.0
            },
        })
        .collect();

    Stats {
        decks: input.decks.iter().map(|d| d.id().to_string()).collect(),
        today,
        cards: counts,
        due_today,
        forecast,
        history,
        streak: Streak { current, longest },
        time,
        retention,
        average_retrievability: (r_n > 0).then(|| r_sum / r_n as f64),
        hardest,
        tags,
        total_reviews: input.reviews.total,
    }
}

#[cfg(test)]
mod tests {
    use fsrs::MemoryState;

    use super::*;
    use crate::deck::parse;
    use crate::schedule::Rating;
    use crate::store::LoggedReview;

    fn at(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(s).unwrap()
    }

    /// A whole log at once, in the order given.
    fn tally(
        reviews: &[LoggedReview],
        now: DateTime<FixedOffset>,
        rollover_hour: u32,
    ) -> ReviewTally {
        let mut tally = ReviewTally::new(now, rollover_hour);
        for r in reviews {
            tally.add(&crate::store::LogRow {
                deck: &r.deck,
                item: &r.item,
                at_ms: r.at.timestamp_millis(),
                rating: r.rating,
                state_before: r.state_before,
                duration_ms: r.duration_ms,
                interval_secs: r.interval_secs,
            });
        }
        tally
    }

    fn deck() -> Outline {
        let mut text = String::from("[deck]\nid = \"d\"\ntitle = \"D\"\n");
        for (id, tag) in [
            ("a", "dates"),
            ("b", "dates"),
            ("c", "people"),
            ("d", "people"),
        ] {
            text.push_str(&format!(
                "[[cards]]\nid = \"{id}\"\nkind = \"truefalse\"\nprompt = \"?\"\nanswer = true\nexplain = \"e\"\ntags = [\"{tag}\"]\n"
            ));
        }
        Outline::of(&parse(&text).deck.unwrap())
    }

    fn card(state: State, last: &str, due: &str, stability: f32, lapses: u32) -> CardState {
        CardState {
            state,
            step: 0,
            memory: Some(MemoryState {
                stability,
                difficulty: 5.0,
            }),
            due: at(due),
            last_review: Some(at(last)),
            reps: 1,
            lapses,
            leech: false,
            suspended: false,
        }
    }

    fn review(
        when: &str,
        item: &str,
        rating: Rating,
        before: State,
        interval_days: f64,
    ) -> LoggedReview {
        LoggedReview {
            deck: "d".into(),
            item: item.into(),
            at: at(when),
            rating,
            state_before: before,
            duration_ms: 5000,
            interval_secs: (interval_days * 86_400.0) as i64,
        }
    }

    /// A small history worked out by hand (the retrievabilities with FSRS-6's default decay, 0.1542):
    /// a is mature (interval 30 days, reviewed 9 days ago, stability 30: R 0.9610), b young with two
    /// lapses (interval 4, reviewed 2 days ago, stability 4: R 0.9403), c in learning (R 1), d new.
    #[test]
    fn figures_of_a_hand_worked_history() {
        let d = deck();
        let now = at("2026-03-10T12:00:00+00:00");
        let in_deck: HashMap<String, CardState> = [
            (
                "a",
                card(
                    State::Review,
                    "2026-03-01T12:00:00+00:00",
                    "2026-03-31T12:00:00+00:00",
                    30.0,
                    0,
                ),
            ),
            (
                "b",
                card(
                    State::Review,
                    "2026-03-08T12:00:00+00:00",
                    "2026-03-12T12:00:00+00:00",
                    4.0,
                    2,
                ),
            ),
            (
                "c",
                card(
                    State::Learning,
                    "2026-03-10T11:00:00+00:00",
                    "2026-03-10T11:10:00+00:00",
                    0.5,
                    0,
                ),
            ),
        ]
        .into_iter()
        .map(|(id, c)| (id.to_string(), c))
        .collect();
        let cards = HashMap::from([("d".to_string(), in_deck)]);
        use Rating::*;
        let reviews = [
            review("2026-02-01T12:00:00+00:00", "a", Good, State::New, 29.0),
            review("2026-03-01T12:00:00+00:00", "a", Good, State::Review, 30.0),
            review("2026-03-04T12:00:00+00:00", "b", Good, State::New, 4.0),
            review(
                "2026-03-08T12:00:00+00:00",
                "b",
                Again,
                State::Review,
                0.007,
            ),
            review(
                "2026-03-08T12:05:00+00:00",
                "b",
                Good,
                State::Relearning,
                4.0,
            ),
            // A second review of b the same day: not counted for true retention.
            review("2026-03-08T13:00:00+00:00", "b", Hard, State::Review, 4.0),
            review("2026-03-10T11:00:00+00:00", "c", Good, State::New, 0.007),
        ];
        let decks = [&d];
        let stats = compute(&Input {
            decks: &decks,
            cards: &cards,
            reviews: &tally(&reviews, now, 4),
            now,
            rollover_hour: 4,
            decay: fsrs::FSRS6_DEFAULT_DECAY,
        });
        assert_eq!(
            stats.cards,
            Counts {
                total: 4,
                new: 1,
                learning: 1,
                young: 1,
                mature: 1,
                suspended: 0,
                leeches: 0
            }
        );
        assert_eq!(stats.due_today, 1, "c, in learning");
        let mut forecast = vec![0; 30];
        forecast[1] = 1; // b on the 12th
        forecast[20] = 1; // a on the 31st
        assert_eq!(stats.forecast, forecast);
        let busy: Vec<(String, usize)> = stats
            .history
            .iter()
            .filter(|d| d.reviews > 0)
            .map(|d| (d.day.to_string(), d.reviews))
            .collect();
        assert_eq!(
            busy,
            [
                ("2026-02-01".into(), 1),
                ("2026-03-01".into(), 1),
                ("2026-03-04".into(), 1),
                ("2026-03-08".into(), 3),
                ("2026-03-10".into(), 1)
            ]
        );
        assert_eq!(stats.history.len(), 90);
        assert_eq!(
            stats.streak,
            Streak {
                current: 1,
                longest: 1
            }
        );
        assert_eq!(
            stats.time,
            TimeSpent {
                today_secs: 5,
                last_30_days_secs: 30,
                total_secs: 35
            }
        );
        // a's review on the 1st was mature (its interval was 29 days) and passed; b's first review on the
        // 8th was young and failed.
        let r = |days: i64| {
            stats
                .retention
                .iter()
                .find(|r| r.days == days)
                .unwrap()
                .clone()
        };
        assert_eq!(
            (r(7).young.passed, r(7).young.total, r(7).young.rate),
            (0, 1, Some(0.0))
        );
        assert_eq!((r(7).mature.total, r(7).mature.rate), (0, None));
        assert_eq!(
            (r(30).mature.passed, r(30).mature.total, r(30).mature.rate),
            (1, 1, Some(1.0))
        );
        assert_eq!((r(365).young, r(365).mature), (r(30).young, r(30).mature));
        let avg = stats.average_retrievability.unwrap();
        assert!((avg - 0.96712).abs() < 1e-4, "{avg}");
        assert_eq!(stats.hardest.len(), 1);
        assert_eq!(
            (stats.hardest[0].item.as_str(), stats.hardest[0].lapses),
            ("b", 2)
        );
        let tags: Vec<(String, usize, usize, i64)> = stats
            .tags
            .iter()
            .map(|t| {
                (
                    t.tag.clone(),
                    t.items,
                    t.studied,
                    (t.mastery * 100.0).round() as i64,
                )
            })
            .collect();
        assert_eq!(
            tags,
            [("dates".into(), 2, 2, 9507), ("people".into(), 2, 1, 5000)]
        );
    }

    /// The store hands the log over in insertion order: cards interleave and the log as a whole may go
    /// back in time, which changes no figure, while one card going back is caught so the caller can
    /// tally again in time order.
    #[test]
    fn the_order_of_the_log_matters_only_within_a_card() {
        use Rating::*;
        let now = at("2026-03-10T12:00:00+00:00");
        let a1 = review("2026-02-01T12:00:00+00:00", "a", Good, State::New, 29.0);
        let a2 = review("2026-03-01T12:00:00+00:00", "a", Good, State::Review, 30.0);
        let b1 = review("2026-03-04T12:00:00+00:00", "b", Good, State::New, 4.0);
        let b2 = review("2026-03-08T12:00:00+00:00", "b", Again, State::Review, 1.0);
        let d = deck();
        let decks = [&d];
        let stats_of = |tally: &ReviewTally| {
            compute(&Input {
                decks: &decks,
                cards: &HashMap::new(),
                reviews: tally,
                now,
                rollover_hour: 4,
                decay: fsrs::FSRS6_DEFAULT_DECAY,
            })
        };
        let in_time = tally(&[a1.clone(), a2.clone(), b1.clone(), b2.clone()], now, 4);
        let by_card = tally(&[b1.clone(), b2.clone(), a1.clone(), a2.clone()], now, 4);
        assert!(!in_time.out_of_order() && !by_card.out_of_order());
        assert_eq!(stats_of(&in_time), stats_of(&by_card));
        assert_eq!(stats_of(&in_time).retention[2].mature.total, 1);
        assert!(tally(&[a2, a1, b1, b2], now, 4).out_of_order());
    }

    #[test]
    fn an_empty_history_has_no_rates_and_no_divisions_by_zero() {
        let d = deck();
        let decks = [&d];
        let stats = compute(&Input {
            decks: &decks,
            cards: &HashMap::new(),
            reviews: &ReviewTally::new(at("2026-03-10T12:00:00+00:00"), 4),
            now: at("2026-03-10T12:00:00+00:00"),
            rollover_hour: 4,
            decay: fsrs::FSRS6_DEFAULT_DECAY,
        });
        assert_eq!(stats.cards.new, 4);
        assert_eq!(stats.average_retrievability, None);
        assert!(
            stats
                .retention
                .iter()
                .all(|r| r.young.rate.is_none() && r.mature.rate.is_none())
        );
        assert!(stats.tags.iter().all(|t| t.mastery == 0.0));
        let text = chart::render(&stats, true);
        assert!(
            text.contains("No reviews yet: run `kartka study`"),
            "{text}"
        );
    }
}
