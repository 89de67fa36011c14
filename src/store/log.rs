//! The review log: answers written with the item's new state in one transaction, and read back for
//! statistics, the optimizer and the daily limits.

use std::collections::HashMap;

use chrono::{DateTime, FixedOffset};
use rusqlite::{OptionalExtension, params};

use super::cards::states;
use super::counts::{self, NearSample, Quarter};
use super::{Store, from_millis, millis, store_error, text};
use crate::Error;

/// Answers right and answers, by deck id, then by item id.
pub type RecentResults = HashMap<String, HashMap<String, (usize, usize)>>;
use crate::schedule::{CardState, Rating, State};

/// One answer, as it is logged.
#[derive(Debug, Clone)]
pub struct Answer<'a> {
    pub deck: &'a str,
    pub item: &'a str,
    pub at: DateTime<FixedOffset>,
    pub rating: Rating,
    pub state_before: State,
    /// What the learner typed (`None` for a flash card).
    pub response: Option<&'a str>,
    pub correct: Option<bool>,
    pub score: Option<f64>,
    pub duration_ms: u64,
    /// The item's state after the answer.
    pub after: CardState,
    pub interval: chrono::Duration,
    /// The xAPI statement recording it, for the class's LRS; `None` outside a class.
    pub statement: Option<super::Queued>,
}

/// One row of the review log, as the optimizer reads it.
#[derive(Debug, Clone, PartialEq)]
pub struct LoggedReview {
    pub deck: String,
    pub item: String,
    pub at: DateTime<FixedOffset>,
    pub rating: Rating,
    pub state_before: State,
    pub duration_ms: u64,
    /// The interval the answer gave, in seconds.
    pub interval_secs: i64,
}

/// One row of the review log, borrowed from the database while it is read (see `Store::each_review`).
#[derive(Debug, Clone, Copy)]
pub struct LogRow<'a> {
    pub deck: &'a str,
    pub item: &'a str,
    /// Unix milliseconds.
    pub at_ms: i64,
    pub rating: Rating,
    pub state_before: State,
    pub duration_ms: u64,
    /// The interval the answer gave, in seconds.
    pub interval_secs: i64,
}

/// The state an answer was computed from: its state and how many times it had been answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Expected {
    pub state: State,
    pub reps: u32,
    /// A re-rating changes neither the state nor the count, but always the due date or the lapses: without
    /// them, an answer computed from a state another session re-rated meanwhile would pass as current.
    pub lapses: u32,
    pub due_ms: i64,
}

impl Expected {
    pub fn of(card: &CardState) -> Expected {
        Expected {
            state: card.state,
            reps: card.reps,
            lapses: card.lapses,
            due_ms: card.due.timestamp_millis(),
        }
    }
}

/// What a conditional write did.
#[derive(Debug, Clone, PartialEq)]
pub enum Saved {
    /// Written, as this log row.
    Logged(i64),
    /// Not written: the item was answered elsewhere meanwhile, and is now in this state.
    Stale(CardState),
}

fn log_row<'r>(r: &'r rusqlite::Row<'_>) -> rusqlite::Result<LogRow<'r>> {
    Ok(LogRow {
        deck: text(r, 0)?,
        item: text(r, 1)?,
        at_ms: r.get(2)?,
        rating: Rating::from_number(r.get(3)?).unwrap_or(Rating::Again),
        state_before: State::from_number(r.get(4)?).unwrap_or(State::New),
        duration_ms: r.get::<_, i64>(5)?.max(0) as u64,
        interval_secs: r.get(6)?,
    })
}

fn quarter_row<'r>(r: &'r rusqlite::Row<'_>) -> rusqlite::Result<(&'r str, Quarter)> {
    let count = |i| r.get::<_, i64>(i).map(|n| n.max(0) as u64);
    let quarter = Quarter {
        quarter: r.get(1)?,
        answers: count(2)?,
        ms: count(3)?,
        retention: [(count(4)?, count(5)?), (count(6)?, count(7)?)],
    };
    Ok((text(r, 0)?, quarter))
}

fn near_row<'r>(r: &'r rusqlite::Row<'_>) -> rusqlite::Result<(&'r str, NearSample)> {
    let sample = NearSample {
        at_ms: r.get(1)?,
        previous_review_at_ms: r.get(2)?,
        passed: r.get(3)?,
        mature: r.get(4)?,
    };
    Ok((text(r, 0)?, sample))
}

impl Store {
    pub fn record(&mut self, a: &Answer<'_>) -> Result<i64, Error> {
        match self.write(a, None, None)? {
            Saved::Logged(id) => Ok(id),
            Saved::Stale(_) => unreachable!("an unconditional write is never stale"),
        }
    }

    /// Logs an answer computed from the item's state `expected`, only if the store still holds that state
    /// when the write lock is taken. Another session may have answered the item meanwhile: then nothing is
    /// written, and the state stored now is returned, to compute the answer from.
    pub fn record_if(&mut self, a: &Answer<'_>, expected: Expected) -> Result<Saved, Error> {
        self.write(a, None, Some(expected))
    }

    /// Replaces a logged answer's rating (the learner took another than the suggested one) and the item's
    /// state, in one transaction, if the item's state is still `expected` (what the first save left).
    pub fn rerate_if(
        &mut self,
        id: i64,
        a: &Answer<'_>,
        expected: Expected,
    ) -> Result<Saved, Error> {
        self.write(a, Some(id), Some(expected))
    }

    /// Replaces a logged answer's rating unconditionally.
    pub fn rerate(&mut self, id: i64, a: &Answer<'_>) -> Result<(), Error> {
        self.write(a, Some(id), None).map(|_| ())
    }

    fn write(
        &mut self,
        a: &Answer<'_>,
        replace: Option<i64>,
        expected: Option<Expected>,
    ) -> Result<Saved, Error> {
        let (tx, path) = self.write_transaction()?;
        let err = |source| store_error(path, source);
        if let Some(expected) = expected {
            // Checked under the write lock: what is written is computed from the state stored now. Only the
            // state and count are read on this path; the whole state only when they differ.
            let now: Option<(i64, u32, u32, i64)> = tx
                .prepare_cached(
                    "SELECT state, reps, lapses, due FROM cards WHERE deck = ?1 AND item = ?2",
                )
                .and_then(|mut stmt| {
                    stmt.query_row(params![a.deck, a.item], |r| {
                        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
                    })
                    .optional()
                })
                .map_err(err)?;
            let current = match now {
                Some((state, reps, lapses, due)) => {
                    state == expected.state as i64
                        && reps == expected.reps
                        && lapses == expected.lapses
                        && due == expected.due_ms
                }
                // Never stored: new, whatever due date the session gave it.
                None => expected.state == State::New && expected.reps == 0,
            };
            if !current {
                let stored = states(
                    &tx,
                    "deck = ?1 AND item = ?2",
                    params![a.deck, a.item],
                    *a.at.offset(),
                )
                .map_err(err)?
                .remove(a.item)
                .unwrap_or_else(|| CardState::new(a.at));
                return Ok(Saved::Stale(stored));
            }
        }
        let memory = a.after.memory;
        if let Some(id) = replace {
            tx.prepare_cached("DELETE FROM reviews WHERE id = ?1")
                .and_then(|mut stmt| stmt.execute([id]))
                .map_err(err)?;
            // Its statement, unless already sent, goes with it.
            tx.prepare_cached("DELETE FROM outbox WHERE review = ?1")
                .and_then(|mut stmt| stmt.execute([id]))
                .map_err(err)?;
        }
        let class = counts::Class::of(&tx, a.deck, a.item, millis(a.at), a.state_before as i64)
            .map_err(err)?;
        // Statements prepared once per connection: an answer's write is on the learner's critical path.
        tx.prepare_cached(
            "INSERT INTO reviews (id, deck, item, reviewed_at, rating, state_before, answer, correct, score,
                                  duration_ms, interval_secs, stability, difficulty, mature, sample,
                                  previous_review_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
        )
        .and_then(|mut stmt| stmt.execute(params![
                replace,
                a.deck,
                a.item,
                millis(a.at),
                a.rating as i64,
                a.state_before as i64,
                a.response,
                a.correct,
                a.score,
                a.duration_ms as i64,
                a.interval.num_seconds(),
                memory.map(|m| f64::from(m.stability)),
                memory.map(|m| f64::from(m.difficulty)),
                class.as_ref().is_some_and(|c| c.mature),
                class.as_ref().map_or(0, |c| c.sample),
                class.as_ref().and_then(|c| c.previous_review_at),
            ]))
        .map_err(err)?;
        let id = tx.last_insert_rowid();
        super::undo::remember(
            &tx,
            id,
            a.deck,
            a.item,
            a.statement.as_ref().map(|q| q.id.as_str()),
        )
        .map_err(err)?;
        if class.is_none() {
            // Saved out of time order: the answers after it change class too.
            tx.execute(counts::CLASSIFY_CARD, params![a.deck, a.item])
                .map_err(err)?;
        }
        tx.prepare_cached(
            "INSERT INTO cards (deck, item, state, step, stability, difficulty, due, last_review, reps, lapses, leech,
                                suspended)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
             ON CONFLICT (deck, item) DO UPDATE SET
                state = excluded.state, step = excluded.step, stability = excluded.stability,
                difficulty = excluded.difficulty, due = excluded.due, last_review = excluded.last_review,
                reps = excluded.reps, lapses = excluded.lapses, leech = excluded.leech,
                suspended = excluded.suspended",
        )
        .and_then(|mut stmt| stmt.execute(params![
                a.deck,
                a.item,
                a.after.state as i64,
                a.after.step as i64,
                memory.map(|m| f64::from(m.stability)),
                memory.map(|m| f64::from(m.difficulty)),
                millis(a.after.due),
                a.after.last_review.map(millis),
                a.after.reps,
                a.after.lapses,
                a.after.leech,
                a.after.suspended,
            ]))
        .map_err(err)?;
        if let Some(q) = &a.statement {
            super::outbox::queue(&tx, q, Some(id)).map_err(err)?;
        }
        tx.commit().map_err(err)?;
        Ok(Saved::Logged(id))
    }

    /// How many new items were introduced and how many reviews answered in a deck since `since`: what the
    /// daily limits have already used.
    pub fn done_since(
        &self,
        deck: &str,
        since: DateTime<FixedOffset>,
    ) -> Result<(u32, u32), Error> {
        self.conn
            .query_row(
                "SELECT
                    COUNT(DISTINCT CASE WHEN state_before = 0 THEN item END),
                    COUNT(CASE WHEN state_before = 2 THEN 1 END)
                 FROM reviews WHERE deck = ?1 AND reviewed_at >= ?2",
                params![deck, millis(since)],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .map_err(|e| self.err(e))
    }

    /// The items of a deck answered since `since`.
    pub fn answered_since(
        &self,
        deck: &str,
        since: DateTime<FixedOffset>,
    ) -> Result<Vec<String>, Error> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT DISTINCT item FROM reviews WHERE deck = ?1 AND reviewed_at >= ?2",
            )
            .map_err(|e| self.err(e))?;
        let items = stmt
            .query_map(params![deck, millis(since)], |r| r.get(0))
            .and_then(Iterator::collect)
            .map_err(|e| self.err(e))?;
        Ok(items)
    }

    pub fn reviews(
        &self,
        decks: &[String],
        offset: FixedOffset,
    ) -> Result<Vec<LoggedReview>, Error> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT deck, item, reviewed_at, rating, state_before, duration_ms, interval_secs
                 FROM reviews ORDER BY reviewed_at, id",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([], |r| {
                Ok(LoggedReview {
                    deck: r.get(0)?,
                    item: r.get(1)?,
                    at: from_millis(r.get(2)?, offset),
                    rating: Rating::from_number(r.get(3)?).unwrap_or(Rating::Again),
                    state_before: State::from_number(r.get(4)?).unwrap_or(State::New),
                    duration_ms: r.get::<_, i64>(5)?.max(0) as u64,
                    interval_secs: r.get(6)?,
                })
            })
            .map_err(|e| self.err(e))?;
        let mut out = Vec::new();
        for row in rows {
            let row = row.map_err(|e| self.err(e))?;
            if decks.is_empty() || decks.contains(&row.deck) {
                out.push(row);
            }
        }
        Ok(out)
    }

    /// Streams the review log of `decks` (all when empty) to `each`, one borrowed row at a time, so a
    /// long history is never held in memory. In insertion order, which reads the table straight through
    /// and keeps each card's answers in time order unless the clock was set back; `in_time_order` sorts by
    /// time instead, through an index, at about twice the cost.
    pub fn each_review(
        &self,
        decks: &[String],
        in_time_order: bool,
        mut each: impl FnMut(&LogRow<'_>),
    ) -> Result<(), Error> {
        let sql = if in_time_order {
            "SELECT deck, item, reviewed_at, rating, state_before, duration_ms, interval_secs
             FROM reviews ORDER BY reviewed_at, id"
        } else {
            "SELECT deck, item, reviewed_at, rating, state_before, duration_ms, interval_secs
             FROM reviews ORDER BY id"
        };
        let mut stmt = self.conn.prepare_cached(sql).map_err(|e| self.err(e))?;
        let mut rows = stmt.query([]).map_err(|e| self.err(e))?;
        while let Some(r) = rows.next().map_err(|e| self.err(e))? {
            let row = log_row(r).map_err(|e| self.err(e))?;
            if decks.is_empty() || decks.iter().any(|d| d == row.deck) {
                each(&row);
            }
        }
        Ok(())
    }

    /// Per card item of `decks` (all when empty) answered since `since`: (answers right, answers). A typed
    /// answer is right when it was graded right; a flash card, when not rated Again. Read through the
    /// index by time: the recent log only, however long the history.
    pub fn recent_results(
        &self,
        decks: &[String],
        since: DateTime<FixedOffset>,
    ) -> Result<RecentResults, Error> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT deck, item, SUM(COALESCE(correct, rating > 1)), COUNT(*) FROM reviews
                 WHERE reviewed_at >= ?1 GROUP BY deck, item",
            )
            .map_err(|e| self.err(e))?;
        let mut rows = stmt
            .query([since.timestamp_millis()])
            .map_err(|e| self.err(e))?;
        let mut out = RecentResults::new();
        while let Some(r) = rows.next().map_err(|e| self.err(e))? {
            let deck: String = r.get(0).map_err(|e| self.err(e))?;
            if !decks.is_empty() && !decks.contains(&deck) {
                continue;
            }
            let item: String = r.get(1).map_err(|e| self.err(e))?;
            let right: i64 = r.get(2).map_err(|e| self.err(e))?;
            let total: i64 = r.get(3).map_err(|e| self.err(e))?;
            out.entry(deck)
                .or_default()
                .insert(item, (right.max(0) as usize, total.max(0) as usize));
        }
        Ok(out)
    }

    /// The running counts of the review log of `decks` (all when empty), one quarter-hour of one deck at
    /// a time (see [`Quarter`]).
    pub fn each_quarter(&self, decks: &[String], each: impl FnMut(&Quarter)) -> Result<(), Error> {
        self.each_of_decks(
            "SELECT deck, quarter, answers, ms, young_passed, young_total, mature_passed, mature_total
             FROM review_quarters WHERE answers > 0",
            decks,
            quarter_row,
            each,
        )
    }

    /// The review answers of `decks` (all when empty) given less than 24 hours after the card's previous
    /// review (see [`NearSample`]): few, since a review card is not due again the same day.
    pub fn each_near_sample(
        &self,
        decks: &[String],
        each: impl FnMut(&NearSample),
    ) -> Result<(), Error> {
        self.each_of_decks(
            "SELECT deck, reviewed_at, previous_review_at, rating != 1, mature FROM reviews
             WHERE sample = 2",
            decks,
            near_row,
            each,
        )
    }

    /// Hands `each` the rows of `sql` that `read` finds to be of `decks` (all when empty).
    fn each_of_decks<T>(
        &self,
        sql: &str,
        decks: &[String],
        read: for<'r> fn(&'r rusqlite::Row<'_>) -> rusqlite::Result<(&'r str, T)>,
        mut each: impl FnMut(&T),
    ) -> Result<(), Error> {
        let mut stmt = self.conn.prepare_cached(sql).map_err(|e| self.err(e))?;
        let mut rows = stmt.query([]).map_err(|e| self.err(e))?;
        while let Some(r) = rows.next().map_err(|e| self.err(e))? {
            let (deck, value) = read(r).map_err(|e| self.err(e))?;
            if decks.is_empty() || decks.iter().any(|d| d == deck) {
                each(&value);
            }
        }
        Ok(())
    }

    /// Adds a whole history at once, in one transaction: for tests and benchmarks. Each item's state is
    /// left to the caller (`record` keeps both in step during study).
    pub fn insert_history(&mut self, reviews: &[LoggedReview]) -> Result<(), Error> {
        let path = self.path.clone();
        let err = |source| store_error(&path, source);
        let tx = self.conn.transaction().map_err(err)?;
        write_reviews(&tx, reviews).map_err(err)?;
        let mut decks: Vec<&str> = reviews.iter().map(|r| r.deck.as_str()).collect();
        decks.sort_unstable();
        decks.dedup();
        for deck in decks {
            tx.execute(counts::CLASSIFY_DECK, [deck]).map_err(err)?;
        }
        tx.commit().map_err(err)
    }

    pub fn review_count(&self) -> Result<i64, Error> {
        self.conn
            .query_row("SELECT COUNT(*) FROM reviews", [], |r| r.get(0))
            .map_err(|e| self.err(e))
    }

    /// The latest answer to an item, if any: (rating, answer given, interval in seconds).
    pub fn last_answer(
        &self,
        deck: &str,
        item: &str,
    ) -> Result<Option<(Rating, Option<String>, i64)>, Error> {
        self.conn
            .query_row(
                "SELECT rating, answer, interval_secs FROM reviews WHERE deck = ?1 AND item = ?2
                 ORDER BY reviewed_at DESC, id DESC LIMIT 1",
                params![deck, item],
                |r| {
                    Ok((
                        Rating::from_number(r.get(0)?).unwrap_or(Rating::Again),
                        r.get(1)?,
                        r.get(2)?,
                    ))
                },
            )
            .optional()
            .map_err(|e| self.err(e))
    }
}

/// Appends answers to the log as they are; the caller reclassifies their decks.
pub(super) fn write_reviews(
    tx: &rusqlite::Transaction<'_>,
    reviews: &[LoggedReview],
) -> rusqlite::Result<()> {
    let mut stmt = tx.prepare(
        "INSERT INTO reviews (deck, item, reviewed_at, rating, state_before, duration_ms, interval_secs)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for r in reviews {
        stmt.execute(params![
            r.deck,
            r.item,
            millis(r.at),
            r.rating as i64,
            r.state_before as i64,
            r.duration_ms as i64,
            r.interval_secs
        ])?;
    }
    Ok(())
}
