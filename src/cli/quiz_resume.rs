//! Resuming a quiz attempt that a crash or a closed terminal cut short: what an attempt drew is recorded when
//! it begins, and an unfinished one found again is the same quiz when its deck and settings are.

use crate::clock::Clock;
use crate::deck::Deck;
use crate::quiz::results::QuestionResult;
use crate::quiz::{self, Feedback, Options};
use crate::store::Unfinished;

/// What an attempt drew, recorded when it begins: enough to draw the same questions when it is resumed,
/// and to tell the same quiz from another.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub(super) struct Drew {
    deck_hash: String,
    pub(super) seed: String,
    /// Whether the teacher chose the seed; a random one is taken over by the resume.
    seed_given: bool,
    per_student: bool,
    shuffle: bool,
    count: Option<usize>,
    tags: Vec<String>,
    per_tag: Vec<(String, usize)>,
    time_limit_seconds: Option<i64>,
    feedback_each: bool,
    /// The name of the attempt's lock (see [`AttemptLock`]).
    pub(super) lock: String,
}

impl Drew {
    pub(super) fn of(deck: &Deck, options: &Options, seed_given: bool) -> Drew {
        Drew {
            deck_hash: quiz::deck_hash(deck),
            seed: options.seed.clone(),
            seed_given,
            per_student: options.per_student,
            shuffle: options.shuffle,
            count: options.count,
            tags: options.tags.clone(),
            per_tag: options.per_tag.clone(),
            time_limit_seconds: options.time_limit.map(|t| t.num_seconds()),
            feedback_each: options.feedback == Feedback::Each,
            lock: format!("{:016x}", rand::random::<u64>()),
        }
    }

    /// Whether this earlier attempt is the quiz `now` asks for: the same deck and settings, and the same
    /// seed when one is given.
    pub(super) fn resumes(&self, now: &Drew) -> bool {
        let seed = if now.seed_given {
            now.seed.clone()
        } else {
            self.seed.clone()
        };
        *self
            == Drew {
                seed,
                seed_given: self.seed_given,
                lock: self.lock.clone(),
                ..now.clone()
            }
    }
}

/// The attempt and where it stands, from what `unfinished` saved; `None` when its answers are not those of
/// the questions drawn now (a store edited by hand).
pub(super) fn resumed<'a>(
    unfinished: Unfinished,
    student: &'a str,
    drawn: &[quiz::Drawn<'_>],
    clock: &dyn Clock,
) -> Option<(i64, quiz::Attempt<'a>)> {
    let mut given = vec![None; drawn.len()];
    for (position, json) in unfinished.answers {
        let result: QuestionResult = serde_json::from_str(&json).ok()?;
        if drawn.get(position)?.item.id() != result.item {
            return None;
        }
        given[position] = Some(result);
    }
    let started = chrono::DateTime::from_timestamp_millis(unfinished.started_at_ms)?
        .with_timezone(clock.now().offset());
    Some((
        unfinished.id,
        quiz::Attempt {
            student,
            started: Some(started),
            given,
            flagged: unfinished.flagged,
        },
    ))
}
