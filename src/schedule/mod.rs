//! Spaced-repetition scheduling: FSRS-6 (the `fsrs` crate, as Anki uses it) for memory, with Anki's rules
//! around it: learning and relearning steps, whole-day intervals, Hard < Good < Easy, a maximum interval,
//! deterministic fuzz and leeches.
//!
//! The step logic follows Anki's backend (rslib/src/scheduler/states/), so that with fuzz off the intervals
//! and memory states equal Anki's at every step: tests/data/anki_parity/ holds sequences answered through
//! Anki itself, which tests/study/anki_parity.rs replays.

mod duration;
mod fuzz;

pub use duration::{BadDuration, MAX_DAYS, answer_label, format_duration, parse_duration};
pub use fuzz::seed;

use chrono::{DateTime, Duration, FixedOffset};
use fsrs::{FSRS, MemoryState};

use crate::Error;

/// The learner's answer to "how well did you know it?".
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rating {
    Again = 1,
    Hard = 2,
    Good = 3,
    Easy = 4,
}

impl Rating {
    pub const ALL: [Rating; 4] = [Rating::Again, Rating::Hard, Rating::Good, Rating::Easy];

    pub fn name(self) -> &'static str {
        match self {
            Rating::Again => "again",
            Rating::Hard => "hard",
            Rating::Good => "good",
            Rating::Easy => "easy",
        }
    }

    pub fn from_number(n: i64) -> Option<Rating> {
        Rating::ALL.into_iter().find(|r| *r as i64 == n)
    }

    /// Reads `1`–`4`, `again`/`hard`/`good`/`easy` or their first letters.
    pub fn parse(text: &str) -> Option<Rating> {
        let t = text.trim().to_lowercase();
        Rating::ALL.into_iter().find(|r| {
            t == (*r as u8).to_string()
                || t == r.name()
                || (t.len() == 1 && r.name().starts_with(&t))
        })
    }
}

/// Where a card is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum State {
    New = 0,
    Learning = 1,
    Review = 2,
    Relearning = 3,
}

impl State {
    pub fn from_number(n: i64) -> Option<State> {
        [
            State::New,
            State::Learning,
            State::Review,
            State::Relearning,
        ]
        .into_iter()
        .find(|s| *s as i64 == n)
    }

    pub fn name(self) -> &'static str {
        match self {
            State::New => "new",
            State::Learning => "learning",
            State::Review => "review",
            State::Relearning => "relearning",
        }
    }
}

/// Everything the scheduler knows about one item.
#[derive(Debug, Clone, PartialEq)]
pub struct CardState {
    pub state: State,
    /// The learning or relearning step the card is on.
    pub step: usize,
    /// FSRS memory; `None` until the first answer.
    pub memory: Option<MemoryState>,
    pub due: DateTime<FixedOffset>,
    pub last_review: Option<DateTime<FixedOffset>>,
    pub reps: u32,
    pub lapses: u32,
    pub leech: bool,
    /// Left out of study sessions until unsuspended.
    pub suspended: bool,
}

impl CardState {
    pub fn new(now: DateTime<FixedOffset>) -> CardState {
        CardState {
            state: State::New,
            step: 0,
            memory: None,
            due: now,
            last_review: None,
            reps: 0,
            lapses: 0,
            leech: false,
            suspended: false,
        }
    }
}

/// The settings that shape scheduling (see `config` for where they come from).
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    pub desired_retention: f32,
    pub learning_steps: Vec<Duration>,
    pub relearning_steps: Vec<Duration>,
    pub maximum_interval: u32,
    /// The hour (local time) at which a new study day begins.
    pub rollover_hour: u32,
    pub leech_threshold: u32,
    pub fuzz: bool,
    /// FSRS parameters; empty for the defaults.
    pub parameters: Vec<f32>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            desired_retention: 0.9,
            learning_steps: vec![Duration::minutes(1), Duration::minutes(10)],
            relearning_steps: vec![Duration::minutes(10)],
            maximum_interval: 36500,
            rollover_hour: 4,
            leech_threshold: 8,
            fuzz: true,
            parameters: vec![],
        }
    }
}

/// The result of one answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub card: CardState,
    /// Time until the card is due again.
    pub interval: Duration,
    /// The card just became a leech.
    pub became_leech: bool,
}

/// The study day a moment belongs to: days roll over at `rollover_hour` local time, as in Anki.
pub fn study_day(at: DateTime<FixedOffset>, rollover_hour: u32) -> chrono::NaiveDate {
    (at.naive_local() - Duration::hours(i64::from(rollover_hour))).date()
}

pub struct Scheduler {
    fsrs: FSRS,
    settings: Settings,
}

impl Scheduler {
    /// Steps and intervals past [`MAX_DAYS`] are cut to it: config.toml refuses them, but settings made
    /// in code must not overflow a due date either.
    pub fn new(mut settings: Settings) -> Result<Scheduler, Error> {
        let fsrs = FSRS::new(&settings.parameters).map_err(|e| Error::Parameters(e.to_string()))?;
        let longest = Duration::days(MAX_DAYS);
        for step in settings
            .learning_steps
            .iter_mut()
            .chain(settings.relearning_steps.iter_mut())
        {
            *step = (*step).clamp(Duration::zero(), longest);
        }
        settings.maximum_interval = settings.maximum_interval.clamp(1, MAX_DAYS as u32);
        Ok(Scheduler { fsrs, settings })
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// Whole study days between the last review and `now`.
    fn elapsed_days(&self, card: &CardState, now: DateTime<FixedOffset>) -> u32 {
        card.last_review.map_or(0, |last| {
            let days = (study_day(now, self.settings.rollover_hour)
                - study_day(last, self.settings.rollover_hour))
            .num_days();
            days.max(0) as u32
        })
    }

    /// The whole days of the interval the card was last given, for a card in review: Anki's
    /// `scheduled_days`.
    fn scheduled_days(card: &CardState) -> u32 {
        card.last_review
            .map_or(0, |last| (card.due - last).num_days().max(0) as u32)
    }

    /// What each rating would do now, for showing "Good: 2d" before the learner chooses.
    ///
    /// Anki's rules (rslib/src/scheduler/states/{learning,relearning,review,steps,fuzz}.rs): review
    /// intervals are fuzzed from FSRS's unrounded interval and kept in order, Hard < Good < Easy; a card
    /// leaving its steps gets the rounded interval, fuzzed; Easy before the last step is at least Good's
    /// interval + 1 day.
    pub fn preview(
        &self,
        card: &CardState,
        key: &str,
        now: DateTime<FixedOffset>,
    ) -> Result<[Outcome; 4], Error> {
        let next = self
            .fsrs
            .next_states(
                card.memory,
                self.settings.desired_retention,
                self.elapsed_days(card, now),
            )
            .map_err(|e| Error::Parameters(e.to_string()))?;
        let states = [next.again, next.hard, next.good, next.easy];
        let max = self.settings.maximum_interval;
        let factor = self.settings.fuzz.then(|| fuzz::factor(key, card.reps));
        let review_fuzz = |interval: f32, minimum: u32| -> Goal {
            Goal::Days(fuzz::with_review_fuzz(factor, interval, minimum, max))
        };
        // Leaving the steps: FSRS's interval rounded, at least a day, fuzzed.
        let graduate = |interval: f32| review_fuzz(interval.round().max(1.0), 1);
        let goals: [Goal; 4] = match card.state {
            State::Review => {
                let previous = Self::scheduled_days(card);
                let minimum =
                    |interval: f32| fuzz::minimum_review_fuzz_interval(interval, previous, max);
                let hard = fuzz::with_review_fuzz(
                    factor,
                    states[1].interval,
                    minimum(states[1].interval).max(1),
                    max,
                );
                let good = fuzz::with_review_fuzz(
                    factor,
                    states[2].interval,
                    minimum(states[2].interval).max(hard + 1),
                    max,
                );
                let easy = fuzz::with_review_fuzz(
                    factor,
                    states[3].interval,
                    minimum(states[3].interval).max(good + 1),
                    max,
                );
                let again = match self.settings.relearning_steps.first() {
                    Some(step) => Goal::Step(State::Relearning, 0, *step),
                    None => Goal::Days((states[0].interval.round().max(1.0) as u32).clamp(1, max)),
                };
                [again, Goal::Days(hard), Goal::Days(good), Goal::Days(easy)]
            }
            State::New | State::Learning | State::Relearning => {
                let (steps, learning) = if card.state == State::Relearning {
                    (&self.settings.relearning_steps, State::Relearning)
                } else {
                    (&self.settings.learning_steps, State::Learning)
                };
                // Anki's `LearningSteps::get_index`: a step past the last (steps since shortened) is the last.
                let index = if card.state == State::New {
                    0
                } else {
                    card.step.min(steps.len().saturating_sub(1))
                };
                let again = match steps.first() {
                    Some(first) => Goal::Step(learning, 0, *first),
                    None => graduate(states[0].interval),
                };
                let hard = match steps.get(index) {
                    Some(current) if index == 0 => Goal::Step(
                        learning,
                        index,
                        hard_delay_on_first_step(*current, steps.get(1)),
                    ),
                    Some(current) => Goal::Step(learning, index, *current),
                    None => graduate(states[1].interval),
                };
                let good = match steps.get(index + 1) {
                    Some(step) => Goal::Step(learning, index + 1, *step),
                    None => graduate(states[2].interval),
                };
                let good_days = fuzz::with_review_fuzz(factor, states[2].interval, 1, max);
                let easy = review_fuzz(states[3].interval.round().max(1.0), good_days + 1);
                [again, hard, good, easy]
            }
        };
        Ok(Rating::ALL.map(|rating| {
            let i = rating as usize - 1;
            self.step(card, rating, states[i].memory, goals[i], key, now)
        }))
    }

    /// The card after answering `rating` at `now`. `key` identifies the item, to seed its fuzz.
    pub fn review(
        &self,
        card: &CardState,
        rating: Rating,
        key: &str,
        now: DateTime<FixedOffset>,
    ) -> Result<Outcome, Error> {
        let [again, hard, good, easy] = self.preview(card, key, now)?;
        Ok(match rating {
            Rating::Again => again,
            Rating::Hard => hard,
            Rating::Good => good,
            Rating::Easy => easy,
        })
    }

    /// The card after an answer that leads to `goal`, given the new FSRS memory.
    fn step(
        &self,
        card: &CardState,
        rating: Rating,
        memory: MemoryState,
        goal: Goal,
        key: &str,
        now: DateTime<FixedOffset>,
    ) -> Outcome {
        let mut next = card.clone();
        next.memory = Some(stored(memory));
        next.last_review = Some(now);
        next.reps += 1;
        let mut became_leech = false;
        if card.state == State::Review && rating == Rating::Again {
            next.lapses += 1;
            if next.lapses >= self.settings.leech_threshold && !card.leech {
                next.leech = true;
                became_leech = true;
            }
        }
        let (interval, wait) = match goal {
            Goal::Days(days) => {
                next.state = State::Review;
                next.step = 0;
                let interval = Duration::days(days.into());
                (interval, interval)
            }
            Goal::Step(state, step, interval) => {
                next.state = state;
                next.step = step;
                (interval, self.learning_fuzz(interval, key, card.reps, now))
            }
        };
        next.due = due(now, wait);
        Outcome {
            card: next,
            interval,
            became_leech,
        }
    }

    /// Anki fuzzes a learning step that ends before the day rolls over: up to 25% longer, at most five
    /// minutes (rslib/src/scheduler/answering/learning.rs, `learning_ivl_with_fuzz`). The interval shown
    /// stays the step, as in Anki.
    fn learning_fuzz(
        &self,
        step: Duration,
        key: &str,
        reps: u32,
        now: DateTime<FixedOffset>,
    ) -> Duration {
        let rollover = self.settings.rollover_hour;
        if !self.settings.fuzz || study_day(due(now, step), rollover) != study_day(now, rollover) {
            return step;
        }
        Duration::seconds(fuzz::learning(step.num_seconds(), key, reps))
    }
}

/// Where an answer sends a card.
#[derive(Debug, Clone, Copy)]
enum Goal {
    /// Into review, this many days out.
    Days(u32),
    /// To a learning or relearning step (its index), this long.
    Step(State, usize, Duration),
}

/// Hard on the first step: halfway to the second step; with a single step, 1.5 times it but at most a
/// day more. Past a day, whole days (Anki's `hard_delay_secs_for_first_step` and `maybe_round_in_days`).
fn hard_delay_on_first_step(first: Duration, second: Option<&Duration>) -> Duration {
    let day = 86_400;
    let again = first.num_seconds();
    let secs = match second {
        Some(next) => (again + next.num_seconds()) / 2,
        None => (again * 3 / 2).min(again + day),
    };
    if secs > day {
        Duration::seconds(((secs as f32 / day as f32).round() as i64) * day)
    } else {
        Duration::seconds(secs)
    }
}

/// A memory state as Anki stores it: stability to 4 decimals, difficulty to 3
/// (rslib/src/storage/card/data.rs, `CardData::convert_to_json`). The next answer starts from these.
pub fn stored(memory: MemoryState) -> MemoryState {
    fn round_to_places(value: f32, places: i32) -> f32 {
        let factor = 10_f32.powi(places);
        (value * factor).round() / factor
    }
    MemoryState {
        stability: round_to_places(memory.stability, 4),
        difficulty: round_to_places(memory.difficulty, 3),
    }
}

/// `interval` after `now`. Past the last date there is (with intervals of at most [`MAX_DAYS`], only a
/// clock set after the year 260,000 gets there), the card is due at once rather than a panic.
fn due(now: DateTime<FixedOffset>, interval: Duration) -> DateTime<FixedOffset> {
    now.checked_add_signed(interval).unwrap_or(now)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(s).unwrap()
    }

    fn no_fuzz() -> Scheduler {
        Scheduler::new(Settings {
            fuzz: false,
            ..Settings::default()
        })
        .unwrap()
    }

    /// Answers each rating when the card is due and returns the intervals in whole days (floored, as
    /// py-fsrs's test measures `(due - review_time).days`).
    fn intervals(scheduler: &Scheduler, ratings: &[Rating]) -> Vec<i64> {
        let mut now = at("2022-11-29T12:30:00+00:00");
        let mut card = CardState::new(now);
        let mut out = Vec::new();
        for &rating in ratings {
            let o = scheduler.review(&card, rating, "deck/card", now).unwrap();
            out.push(o.interval.num_days());
            card = o.card;
            now = card.due;
        }
        out
    }

    #[test]
    fn matches_the_py_fsrs_reference_sequence() {
        use Rating::*;
        let ratings = [
            Good, Good, Good, Good, Good, Good, Again, Again, Good, Good, Good, Good, Good,
        ];
        assert_eq!(
            intervals(&no_fuzz(), &ratings),
            [0, 2, 11, 46, 163, 498, 0, 0, 2, 4, 7, 12, 21]
        );
    }

    #[test]
    fn easy_from_new_graduates_at_once_and_again_restarts_the_steps() {
        use Rating::*;
        let s = no_fuzz();
        assert_eq!(intervals(&s, &[Easy]), [8]);
        // Again on the second step sends the card back to the first; the lower stability graduates it at 1 day.
        assert_eq!(intervals(&s, &[Good, Again, Good, Good]), [0, 0, 0, 1]);
        // Hard on the first step waits halfway between the first two steps: 5.5 minutes.
        let now = at("2026-01-01T10:00:00+00:00");
        let o = s.review(&CardState::new(now), Hard, "k", now).unwrap();
        assert_eq!(o.interval, Duration::seconds(330));
        assert_eq!(o.card.state, State::Learning);
    }

    /// Anki's rules where py-fsrs's differ (pinned step by step against Anki in tests/study/anki_parity.rs).
    #[test]
    fn easy_in_learning_hard_on_a_single_long_step_and_stored_memory_are_anki_s() {
        use Rating::*;
        // Easy while learning is at least Good's interval + 1 day.
        assert_eq!(
            intervals(&no_fuzz(), &[Again, Easy, Good, Good]),
            [0, 2, 4, 14]
        );
        // Hard on a single 3-day step: the step + 1 day, not 1.5 times it.
        let s = Scheduler::new(Settings {
            fuzz: false,
            learning_steps: vec![Duration::days(3)],
            ..Settings::default()
        })
        .unwrap();
        let now = at("2026-01-01T10:00:00+00:00");
        let o = s.review(&CardState::new(now), Hard, "k", now).unwrap();
        assert_eq!(o.interval, Duration::days(4));
        // Memory is kept as Anki stores it: stability to 4 decimals, difficulty to 3.
        let memory = o.card.memory.unwrap();
        assert_eq!(memory, stored(memory));
        assert_eq!((memory.stability, memory.difficulty), (1.2931, 5.112));
    }

    #[test]
    fn learning_steps_are_fuzzed_in_the_due_date_not_the_interval_shown() {
        let s = Scheduler::new(Settings::default()).unwrap();
        let now = at("2026-01-01T10:00:00+00:00");
        let dues: std::collections::HashSet<i64> = (0..30)
            .map(|i| {
                let o = s
                    .review(&CardState::new(now), Rating::Good, &format!("k{i}"), now)
                    .unwrap();
                assert_eq!(o.interval, Duration::minutes(10));
                (o.card.due - now).num_seconds()
            })
            .collect();
        assert!(dues.iter().all(|d| (600..750).contains(d)), "{dues:?}");
        assert!(dues.len() > 10, "{dues:?}");
    }

    #[test]
    fn steps_of_a_new_card() {
        let s = no_fuzz();
        let now = at("2026-01-01T10:00:00+00:00");
        let [again, hard, good, easy] = s.preview(&CardState::new(now), "k", now).unwrap();
        assert_eq!(
            [again.interval, hard.interval, good.interval, easy.interval],
            [
                Duration::minutes(1),
                Duration::seconds(330),
                Duration::minutes(10),
                Duration::days(8)
            ]
        );
        assert_eq!(good.card.state, State::Learning);
        assert_eq!(easy.card.state, State::Review);
    }

    #[test]
    fn review_intervals_are_strictly_ordered() {
        use Rating::*;
        let s = no_fuzz();
        let mut now = at("2026-01-01T10:00:00+00:00");
        let mut card = CardState::new(now);
        for rating in [Good, Good, Good, Hard, Good, Easy, Good] {
            let [_, hard, good, easy] = s.preview(&card, "k", now).unwrap();
            if card.state == State::Review {
                assert!(
                    hard.interval < good.interval && good.interval < easy.interval,
                    "{hard:?} {good:?} {easy:?}"
                );
            }
            card = s.review(&card, rating, "k", now).unwrap().card;
            now = card.due;
        }
    }

    #[test]
    fn lapses_relearn_and_eight_make_a_leech() {
        use Rating::*;
        let s = no_fuzz();
        let mut now = at("2026-01-01T10:00:00+00:00");
        let mut card = CardState::new(now);
        let mut leech_at = None;
        for round in 1..=9 {
            for rating in [Good, Good, Again] {
                let o = s.review(&card, rating, "k", now).unwrap();
                if o.became_leech {
                    leech_at = Some(round);
                }
                card = o.card;
                now = card.due;
            }
            assert_eq!(card.state, State::Relearning);
            assert_eq!(card.lapses, round);
        }
        assert_eq!(leech_at, Some(8));
        assert!(card.leech);
    }

    #[test]
    fn the_maximum_interval_caps_reviews() {
        use Rating::*;
        let s = Scheduler::new(Settings {
            fuzz: false,
            maximum_interval: 30,
            ..Settings::default()
        })
        .unwrap();
        assert_eq!(
            intervals(&s, &[Good, Good, Good, Good, Easy]),
            [0, 2, 11, 30, 30]
        );
    }

    #[test]
    fn days_roll_over_at_the_configured_hour() {
        let day = |s| study_day(at(s), 4).to_string();
        assert_eq!(day("2026-03-10T03:59:00+03:00"), "2026-03-09");
        assert_eq!(day("2026-03-10T04:00:00+03:00"), "2026-03-10");
        assert_eq!(day("2026-03-10T23:59:00+03:00"), "2026-03-10");
    }

    #[test]
    fn a_review_the_next_morning_counts_one_day_after_a_late_review() {
        let s = no_fuzz();
        let mut card = CardState::new(at("2026-03-10T23:00:00+00:00"));
        card.last_review = Some(at("2026-03-10T23:00:00+00:00"));
        assert_eq!(s.elapsed_days(&card, at("2026-03-11T03:00:00+00:00")), 0);
        assert_eq!(s.elapsed_days(&card, at("2026-03-11T05:00:00+00:00")), 1);
    }

    /// Settings made in code are not checked as config.toml's are: too long, they are cut, never a panic.
    #[test]
    fn steps_and_intervals_too_long_for_a_date_are_cut_not_a_panic() {
        let s = Scheduler::new(Settings {
            learning_steps: vec![Duration::days(100_000_000), Duration::days(200_000_000)],
            relearning_steps: vec![Duration::days(100_000_000)],
            maximum_interval: u32::MAX,
            ..Settings::default()
        })
        .unwrap();
        let now = at("2026-01-01T10:00:00+00:00");
        let outcomes = s.preview(&CardState::new(now), "k", now).unwrap();
        for o in &outcomes {
            assert!(o.interval <= Duration::days(MAX_DAYS), "{:?}", o.interval);
        }
        assert_eq!(outcomes[0].card.due, now + Duration::days(MAX_DAYS));
        // At the end of time, a card is due at once.
        let last = DateTime::<chrono::Utc>::MAX_UTC.fixed_offset();
        let o = s
            .review(&CardState::new(last), Rating::Good, "k", last)
            .unwrap();
        assert_eq!(o.card.due, last);
    }

    #[test]
    fn ratings_parse() {
        assert_eq!(Rating::parse("3"), Some(Rating::Good));
        assert_eq!(Rating::parse(" Again "), Some(Rating::Again));
        assert_eq!(Rating::parse("e"), Some(Rating::Easy));
        assert_eq!(Rating::parse("5"), None);
        assert_eq!(Rating::parse(""), None);
    }
}
