//! Study statistics from the progress store: card states, what is due, review history, streaks, true
//! retention as Anki defines it, predicted retrievability, the hardest cards, and per tag the recall
//! predicted now beside the answers observed. Stored states and the review log in, figures out (`chart`
//! draws them); the only reading is of the few hardest cards' questions, from the decks' outlines.

pub mod chart;
mod log;

pub use log::{RETENTION_WINDOWS, ReviewTally};

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{DateTime, Duration, FixedOffset, NaiveDate};
use fsrs::current_retrievability;
use serde::Serialize;

use crate::deck::Outline;
use crate::grade::Layout;
use crate::question::Question;
use crate::schedule::{CardState, State, study_day};
use crate::store::RecentResults;

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
    /// Answers right and answers in the last 30 days, by deck id, then by item id (see
    /// [`crate::store::Store::recent_results`]).
    pub recent: &'a RecentResults,
    /// Practice answers in the last 30 days (`kartka study --practice`): (right, answers).
    pub practice: (usize, usize),
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
    /// Practice answers in the last 30 days, kept apart from reviews.
    pub practice: Practice,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Practice {
    pub answers_30_days: usize,
    pub right_30_days: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Counts {
    /// Cards as written in the decks.
    pub cards: usize,
    /// Questions asked of them: a card with a reverse side or several cloze blanks asks more than one.
    /// The states below count questions.
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
    /// What the question asks, as a student sees it.
    pub question: String,
    pub lapses: u32,
    pub retrievability: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TagMastery {
    pub tag: String,
    pub items: usize,
    pub studied: usize,
    /// The recall FSRS predicts now: the mean retrievability of the tag's items, unstudied ones counting 0,
    /// in percent. A forecast, not a record of answers.
    pub predicted_recall: f64,
    /// What was observed: answers to the tag's items in the last 30 days, and how many were right.
    pub answers_30_days: usize,
    pub right_30_days: usize,
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

/// The recall FSRS predicts for `card` now, by study days; `None` before its first answer.
pub fn retrievability(
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
/// The question `item` of card `card` asks, decoded from the outline (only the few hardest are).
fn question(deck: &Outline, card: usize, item: &str) -> Option<String> {
    let deck = deck.deck_with([card]).ok()?;
    let item = deck.items().find(|i| i.id() == item)?;
    Some(Question::of(&item, &Layout::identity(&item)).text)
}

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
    // Per tag: items, studied items, summed retrievability, answers right and answers in 30 days.
    let mut tag_r: BTreeMap<String, (usize, usize, f64, usize, usize)> = BTreeMap::new();
    let mut r_sum = 0.0;
    let mut r_n = 0;
    let mut hardest = Vec::new();
    let no_cards = HashMap::new();
    let no_results = HashMap::new();
    for (deck_index, deck) in input.decks.iter().enumerate() {
        counts.cards += deck.len();
        let stored = input.cards.get(deck.id()).unwrap_or(&no_cards);
        let recent = input.recent.get(deck.id()).unwrap_or(&no_results);
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
                    hardest.push((
                        deck_index,
                        number,
                        Hard {
                            deck: deck.id().to_string(),
                            item: id.to_string(),
                            question: String::new(),
                            lapses: card.lapses,
                            retrievability: r,
                        },
                    ));
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
                if let Some((right, total)) = recent.get(id.as_ref()) {
                    e.3 += right;
                    e.4 += total;
                }
            }
        }
    }
    hardest.sort_by(|(_, _, a), (_, _, b)| {
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
    let hardest = hardest
        .into_iter()
        .map(|(deck, card, mut h)| {
            h.question =
                question(input.decks[deck], card, &h.item).unwrap_or_else(|| h.item.clone());
            h
        })
        .collect();

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
        .map(|(tag, (items, studied, r, right, answers))| TagMastery {
            tag,
            items,
            studied,
            predicted_recall: if items > 0 {
                r * 100.0 / items as f64
            } else {
                0.0
            },
            answers_30_days: answers,
            right_30_days: right,
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
        practice: Practice {
            answers_30_days: input.practice.1,
            right_30_days: input.practice.0,
        },
    }
}

#[cfg(test)]
mod tests;
