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
mod tests;
