//! The progress store: one SQLite file in the config directory holding every item's scheduling state and a
//! log row for every answer.
//!
//! Every answer is one transaction, committed before the next question is shown, so a session killed at
//! any moment loses nothing that was answered. WAL mode and a busy timeout let two sessions share the store.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Duration as StdDuration;

use chrono::{DateTime, FixedOffset, TimeZone, Utc};
use fsrs::MemoryState;
use rusqlite::{Connection, OptionalExtension, params};

use crate::Error;
use crate::item_set::ItemSet;
use crate::schedule::{CardState, Rating, State};

pub mod backup;
mod counts;
pub mod lock;

pub use counts::{NearSample, Quarter};

/// A SQLite error as the learner should hear it: a damaged file names its latest backup, a full disk says
/// so, anything else names the store.
pub fn store_error(path: &Path, source: rusqlite::Error) -> Error {
    match source.sqlite_error_code() {
        Some(rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase) => {
            Error::StoreDamaged {
                path: path.to_path_buf(),
                backup: backup::latest(path, chrono::Local::now().fixed_offset()).map(|b| b.path),
            }
        }
        Some(rusqlite::ErrorCode::DiskFull) => Error::DiskFull {
            path: path.to_path_buf(),
        },
        Some(rusqlite::ErrorCode::ReadOnly | rusqlite::ErrorCode::CannotOpen) => {
            Error::StoreReadOnly {
                path: path.to_path_buf(),
            }
        }
        _ => Error::Store {
            path: path.to_path_buf(),
            source,
        },
    }
}

/// The schema this kartka writes: the number of migrations. Older stores are migrated; newer ones are
/// refused, never modified.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// The store's file name inside the config directory.
pub const FILE_NAME: &str = "progress.sqlite3";

/// Migration `i` takes a store from version `i` to `i + 1` (`PRAGMA user_version`). Append, never edit.
const MIGRATIONS: [&str; 5] = [V1, V2, V3, V4, counts::V5];

/// Version 2: cards can be suspended.
const V2: &str = "ALTER TABLE cards ADD COLUMN suspended INTEGER NOT NULL DEFAULT 0;";

/// Version 3: what a deck did today (the daily limits) is found without reading all its history.
const V3: &str = "CREATE INDEX reviews_by_deck_time ON reviews (deck, reviewed_at);";

/// Version 4: a session reads only the items that are due, not every studied one. The index holds the
/// state too, so that counting what is due reads nothing else.
const V4: &str = "CREATE INDEX cards_by_due ON cards (deck, due, state, suspended);";

const V1: &str = "
CREATE TABLE cards (
    deck        TEXT NOT NULL,
    item        TEXT NOT NULL,
    state       INTEGER NOT NULL,
    step        INTEGER NOT NULL,
    stability   REAL,
    difficulty  REAL,
    due         INTEGER NOT NULL,      -- Unix milliseconds
    last_review INTEGER,               -- Unix milliseconds
    reps        INTEGER NOT NULL,
    lapses      INTEGER NOT NULL,
    leech       INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (deck, item)
) WITHOUT ROWID;

CREATE TABLE reviews (
    id            INTEGER PRIMARY KEY,
    deck          TEXT NOT NULL,
    item          TEXT NOT NULL,
    reviewed_at   INTEGER NOT NULL,    -- Unix milliseconds
    rating        INTEGER NOT NULL,    -- 1 again, 2 hard, 3 good, 4 easy
    state_before  INTEGER NOT NULL,    -- 0 new, 1 learning, 2 review, 3 relearning
    answer        TEXT,                -- what the learner typed; NULL for flash cards
    correct       INTEGER,             -- NULL for flash cards
    score         REAL,
    duration_ms   INTEGER NOT NULL,
    interval_secs INTEGER NOT NULL,    -- until the card is due again
    stability     REAL,
    difficulty    REAL
);
CREATE INDEX reviews_by_time ON reviews (reviewed_at);
CREATE INDEX reviews_by_item ON reviews (deck, item, reviewed_at);
";

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
}

impl Expected {
    pub fn of(card: &CardState) -> Expected {
        Expected {
            state: card.state,
            reps: card.reps,
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

pub struct Store {
    conn: Connection,
    path: PathBuf,
    _lock: lock::StoreLock,
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

fn text<'r>(r: &'r rusqlite::Row<'_>, i: usize) -> rusqlite::Result<&'r str> {
    r.get_ref(i)?.as_str().map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e))
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

fn states(
    conn: &Connection,
    condition: &str,
    params: impl rusqlite::Params,
    offset: FixedOffset,
) -> rusqlite::Result<HashMap<String, CardState>> {
    let mut stmt = conn
            .prepare_cached(&format!(
                "SELECT item, state, step, stability, difficulty, due, last_review, reps, lapses, leech, suspended
                 FROM cards WHERE {condition}"
            ))
            ?;
    let rows = stmt.query_map(params, |r| {
        let stability: Option<f64> = r.get(3)?;
        let difficulty: Option<f64> = r.get(4)?;
        Ok((
            r.get::<_, String>(0)?,
            CardState {
                state: State::from_number(r.get(1)?).unwrap_or(State::New),
                step: r.get::<_, i64>(2)?.max(0) as usize,
                memory: stability.zip(difficulty).map(|(s, d)| MemoryState {
                    stability: s as f32,
                    difficulty: d as f32,
                }),
                due: from_millis(r.get(5)?, offset),
                last_review: r
                    .get::<_, Option<i64>>(6)?
                    .map(|ms| from_millis(ms, offset)),
                reps: r.get(7)?,
                lapses: r.get(8)?,
                leech: r.get(9)?,
                suspended: r.get(10)?,
            },
        ))
    })?;
    rows.collect()
}

fn millis(at: DateTime<FixedOffset>) -> i64 {
    at.timestamp_millis()
}

fn from_millis(ms: i64, offset: FixedOffset) -> DateTime<FixedOffset> {
    Utc.timestamp_millis_opt(ms)
        .single()
        .unwrap_or_default()
        .with_timezone(&offset)
}

impl Store {
    /// Opens (creating if needed) the store at `path`, and the folder it lives in.
    pub fn open(path: &Path) -> Result<Store, Error> {
        let store_err = |source| store_error(path, source);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|source| Error::ConfigDir {
                path: dir.to_path_buf(),
                source,
            })?;
        }
        // Held for the store's lifetime: a restore waits for every open store to close.
        let lock = lock::shared(path)?;
        let existed = path.exists();
        let mut conn = Connection::open(path).map_err(store_err)?;
        conn.busy_timeout(StdDuration::from_secs(10))
            .map_err(store_err)?;
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(store_err)?;
        if version > SCHEMA_VERSION {
            return Err(Error::StoreTooNew {
                path: path.to_path_buf(),
                found: version,
                supported: SCHEMA_VERSION,
            });
        }
        enable_wal(&conn).map_err(store_err)?;
        // NORMAL is durable in WAL mode against a killed process; FULL adds power-loss durability for each
        // commit, which an answer is worth.
        conn.pragma_update(None, "synchronous", "FULL")
            .map_err(store_err)?;
        if version > 0 && version < SCHEMA_VERSION {
            // An older store is copied before it is changed.
            backup::write(
                &conn,
                path,
                backup::Kind::Migration,
                chrono::Local::now().fixed_offset(),
            )?;
        }
        if version < SCHEMA_VERSION {
            // All migrations run in one transaction. Two sessions may open an old store at once: the version
            // is read again under the write lock, so only one of them migrates.
            let tx = conn
                .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
                .map_err(store_err)?;
            let version: i64 = tx
                .query_row("PRAGMA user_version", [], |r| r.get(0))
                .map_err(store_err)?;
            for migration in MIGRATIONS.iter().skip(version.max(0) as usize) {
                tx.execute_batch(migration).map_err(store_err)?;
            }
            tx.pragma_update(None, "user_version", SCHEMA_VERSION)
                .map_err(store_err)?;
            tx.commit().map_err(store_err)?;
        }
        if !existed {
            restrict_to_owner(path);
        }
        Ok(Store {
            conn,
            path: path.to_path_buf(),
            _lock: lock,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn err(&self, source: rusqlite::Error) -> Error {
        store_error(&self.path, source)
    }

    /// Every item of a deck that has been answered, keyed by item id, with times in `offset`.
    pub fn cards(
        &self,
        deck: &str,
        offset: FixedOffset,
    ) -> Result<HashMap<String, CardState>, Error> {
        self.states("deck = ?1", params![deck], offset)
    }

    /// The items of a deck that a session can show before `before`: in learning or review, not suspended,
    /// and due by then. Found through the index on `(deck, due)`, without reading the deck's other items.
    pub fn due_cards(
        &self,
        deck: &str,
        before: DateTime<FixedOffset>,
        offset: FixedOffset,
    ) -> Result<HashMap<String, CardState>, Error> {
        self.states(
            "deck = ?1 AND due < ?2 AND state != 0 AND suspended = 0",
            params![deck, millis(before)],
            offset,
        )
    }

    /// One item's stored state, if it has one.
    pub fn card(
        &self,
        deck: &str,
        item: &str,
        offset: FixedOffset,
    ) -> Result<Option<CardState>, Error> {
        Ok(self
            .states("deck = ?1 AND item = ?2", params![deck, item], offset)?
            .remove(item))
    }

    /// The items of a deck that are not new: studied, or suspended before they ever were. `expected` is
    /// about how many there are (the deck's size will do), so that the set is not grown step by step.
    pub fn not_new(&self, deck: &str, expected: usize) -> Result<ItemSet, Error> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT item FROM cards WHERE deck = ?1 AND (state != 0 OR suspended != 0)",
            )
            .map_err(|e| self.err(e))?;
        let mut rows = stmt.query([deck]).map_err(|e| self.err(e))?;
        let mut items = ItemSet::with_capacity(expected);
        while let Some(row) = rows.next().map_err(|e| self.err(e))? {
            items.insert(text(row, 0).map_err(|e| self.err(e))?);
        }
        Ok(items)
    }

    fn states(
        &self,
        condition: &str,
        params: impl rusqlite::Params,
        offset: FixedOffset,
    ) -> Result<HashMap<String, CardState>, Error> {
        states(&self.conn, condition, params, offset).map_err(|e| self.err(e))
    }

    /// Logs an answer and saves the item's new state, in one transaction. Returns the log row's id.
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
        let path = self.path.clone();
        let err = |source| store_error(&path, source);
        // IMMEDIATE takes the write lock up front, so a second session waits (busy timeout) instead of
        // failing half-way through.
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(err)?;
        if let Some(expected) = expected {
            // Checked under the write lock: what is written is computed from the state stored now.
            let stored = states(
                &tx,
                "deck = ?1 AND item = ?2",
                params![a.deck, a.item],
                *a.at.offset(),
            )
            .map_err(err)?
            .remove(a.item)
            .unwrap_or_else(|| CardState::new(a.at));
            if stored.state != expected.state || stored.reps != expected.reps {
                return Ok(Saved::Stale(stored));
            }
        }
        let memory = a.after.memory;
        if let Some(id) = replace {
            tx.execute("DELETE FROM reviews WHERE id = ?1", [id])
                .map_err(err)?;
        }
        let class = counts::Class::of(&tx, a.deck, a.item, millis(a.at), a.state_before as i64)
            .map_err(err)?;
        tx.execute(
            "INSERT INTO reviews (id, deck, item, reviewed_at, rating, state_before, answer, correct, score,
                                  duration_ms, interval_secs, stability, difficulty, mature, sample,
                                  previous_review_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
            params![
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
            ],
        )
        .map_err(err)?;
        let id = tx.last_insert_rowid();
        if class.is_none() {
            // Saved out of time order: the answers after it change class too.
            tx.execute(counts::CLASSIFY_CARD, params![a.deck, a.item])
                .map_err(err)?;
        }
        tx.execute(
            "INSERT INTO cards (deck, item, state, step, stability, difficulty, due, last_review, reps, lapses, leech,
                                suspended)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
             ON CONFLICT (deck, item) DO UPDATE SET
                state = excluded.state, step = excluded.step, stability = excluded.stability,
                difficulty = excluded.difficulty, due = excluded.due, last_review = excluded.last_review,
                reps = excluded.reps, lapses = excluded.lapses, leech = excluded.leech,
                suspended = excluded.suspended",
            params![
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
            ],
        )
        .map_err(err)?;
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

    /// Suspends or unsuspends items; an item never studied gets a row as a new card, so that it stays
    /// suspended when it would first come up. Returns how many changed.
    pub fn set_suspended(
        &mut self,
        deck: &str,
        items: &[String],
        suspended: bool,
        now: DateTime<FixedOffset>,
    ) -> Result<usize, Error> {
        let path = self.path.clone();
        let err = |source| store_error(&path, source);
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(err)?;
        let mut changed = 0;
        for item in items {
            changed += tx
                .execute(
                    "INSERT INTO cards (deck, item, state, step, due, reps, lapses, suspended)
                     VALUES (?1, ?2, 0, 0, ?3, 0, 0, ?4)
                     ON CONFLICT (deck, item) DO UPDATE SET suspended = excluded.suspended
                     WHERE suspended != excluded.suspended",
                    params![deck, item, millis(now), suspended],
                )
                .map_err(err)?;
        }
        tx.commit().map_err(err)?;
        Ok(changed)
    }

    /// Every logged answer in the given decks (all decks when empty), oldest first.
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
        {
            let mut stmt = tx
                .prepare(
                    "INSERT INTO reviews (deck, item, reviewed_at, rating, state_before, duration_ms, interval_secs)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                )
                .map_err(err)?;
            for r in reviews {
                stmt.execute(params![
                    r.deck,
                    r.item,
                    millis(r.at),
                    r.rating as i64,
                    r.state_before as i64,
                    r.duration_ms as i64,
                    r.interval_secs
                ])
                .map_err(err)?;
            }
        }
        let mut decks: Vec<&str> = reviews.iter().map(|r| r.deck.as_str()).collect();
        decks.sort_unstable();
        decks.dedup();
        for deck in decks {
            tx.execute(counts::CLASSIFY_DECK, [deck]).map_err(err)?;
        }
        tx.commit().map_err(err)
    }

    /// Sets items' states at once, in one transaction: for tests and benchmarks.
    pub fn insert_states(
        &mut self,
        deck: &str,
        states: &[(String, CardState)],
    ) -> Result<(), Error> {
        let path = self.path.clone();
        let err = |source| store_error(&path, source);
        let tx = self.conn.transaction().map_err(err)?;
        {
            let mut stmt = tx
                .prepare(
                    "INSERT OR REPLACE INTO cards (deck, item, state, step, stability, difficulty, due, last_review,
                                                    reps, lapses, leech, suspended)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                )
                .map_err(err)?;
            for (item, c) in states {
                stmt.execute(params![
                    deck,
                    item,
                    c.state as i64,
                    c.step as i64,
                    c.memory.map(|m| f64::from(m.stability)),
                    c.memory.map(|m| f64::from(m.difficulty)),
                    millis(c.due),
                    c.last_review.map(millis),
                    c.reps,
                    c.lapses,
                    c.leech,
                    c.suspended
                ])
                .map_err(err)?;
            }
        }
        tx.commit().map_err(err)
    }

    /// How many studied items of a deck fall due before `until`, and how many items it has stored: what the
    /// end-of-session summary needs, counted by SQLite rather than read out.
    pub fn due_before(
        &self,
        deck: &str,
        until: DateTime<FixedOffset>,
    ) -> Result<(usize, usize), Error> {
        let due: i64 = self
            .conn
            .query_row(
                "SELECT COUNT(*) FROM cards WHERE deck = ?1 AND state != 0 AND suspended = 0 AND due < ?2",
                params![deck, millis(until)],
                |r| r.get(0),
            )
            .map_err(|e| self.err(e))?;
        let stored: i64 = self
            .conn
            .query_row("SELECT COUNT(*) FROM cards WHERE deck = ?1", [deck], |r| {
                r.get(0)
            })
            .map_err(|e| self.err(e))?;
        Ok((due as usize, stored as usize))
    }

    /// The number of answers logged, for summaries and tests.
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

/// Switches the store to WAL mode (a setting kept in the file). The switch takes an exclusive lock without
/// waiting on the busy handler, so when two sessions create a store at once it is retried for a while.
fn enable_wal(conn: &Connection) -> rusqlite::Result<()> {
    let deadline = std::time::Instant::now() + StdDuration::from_secs(10);
    loop {
        let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0))?;
        if mode.eq_ignore_ascii_case("wal") {
            return Ok(());
        }
        match conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get::<_, String>(0)) {
            Ok(_) => return Ok(()),
            Err(rusqlite::Error::SqliteFailure(e, _))
                if e.code == rusqlite::ErrorCode::DatabaseBusy
                    && std::time::Instant::now() < deadline =>
            {
                std::thread::sleep(StdDuration::from_millis(10));
            }
            Err(e) => return Err(e),
        }
    }
}

/// The store holds a learner's history: only they should read it.
fn restrict_to_owner(path: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600));
    }
    #[cfg(not(unix))]
    let _ = path;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(s).unwrap()
    }

    #[test]
    fn answers_round_trip_and_count_against_the_day() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("sub/progress.sqlite3")).unwrap();
        let now = at("2026-03-10T10:00:00+03:00");
        let mut after = CardState::new(now);
        after.state = State::Learning;
        after.memory = Some(MemoryState {
            stability: 2.3,
            difficulty: 2.1,
        });
        after.due = now + chrono::Duration::minutes(10);
        after.last_review = Some(now);
        after.reps = 1;
        let answer = Answer {
            deck: "d",
            item: "c#c1",
            at: now,
            rating: Rating::Good,
            state_before: State::New,
            response: Some("2005"),
            correct: Some(true),
            score: Some(1.0),
            duration_ms: 1200,
            after: after.clone(),
            interval: chrono::Duration::minutes(10),
        };
        let id = store.record(&answer).unwrap();
        let mut easier = after.clone();
        easier.state = State::Review;
        easier.due = now + chrono::Duration::days(8);
        store
            .rerate(
                id,
                &Answer {
                    rating: Rating::Easy,
                    after: easier,
                    interval: chrono::Duration::days(8),
                    ..answer.clone()
                },
            )
            .unwrap();
        assert_eq!(
            store.review_count().unwrap(),
            1,
            "re-rating replaces the answer, it does not add one"
        );
        assert_eq!(
            store.last_answer("d", "c#c1").unwrap(),
            Some((Rating::Easy, Some("2005".into()), 8 * 86400))
        );
        store.rerate(id, &answer).unwrap();
        let cards = store.cards("d", *now.offset()).unwrap();
        let back = &cards["c#c1"];
        assert_eq!(back.state, State::Learning);
        assert_eq!(back.due, after.due);
        assert_eq!(back.last_review, Some(now));
        assert!((back.memory.unwrap().stability - 2.3).abs() < 1e-6);
        assert_eq!(
            store
                .done_since("d", at("2026-03-10T04:00:00+03:00"))
                .unwrap(),
            (1, 0)
        );
        assert_eq!(
            store
                .done_since("d", at("2026-03-11T04:00:00+03:00"))
                .unwrap(),
            (0, 0)
        );
        assert_eq!(
            store.last_answer("d", "c#c1").unwrap(),
            Some((Rating::Good, Some("2005".into()), 600))
        );
    }

    #[test]
    fn the_log_streams_in_insertion_order_or_in_time_order_and_only_for_the_decks_asked() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("progress.sqlite3")).unwrap();
        let logged = |deck: &str, item: &str, when: &str| LoggedReview {
            deck: deck.into(),
            item: item.into(),
            at: at(when),
            rating: Rating::Good,
            state_before: State::Review,
            duration_ms: 1000,
            interval_secs: 86_400,
        };
        // The second answer was given after the clock was set back a day.
        store
            .insert_history(&[
                logged("d", "a", "2026-03-10T12:00:00+00:00"),
                logged("d", "a", "2026-03-09T12:00:00+00:00"),
                logged("other", "x", "2026-03-08T12:00:00+00:00"),
            ])
            .unwrap();
        let read = |in_time_order| {
            let mut seen = Vec::new();
            store
                .each_review(&["d".to_string()], in_time_order, |r| {
                    seen.push((r.item.to_string(), r.at_ms))
                })
                .unwrap();
            seen
        };
        let tenth = at("2026-03-10T12:00:00+00:00").timestamp_millis();
        let ninth = at("2026-03-09T12:00:00+00:00").timestamp_millis();
        assert_eq!(read(false), [("a".into(), tenth), ("a".into(), ninth)]);
        assert_eq!(read(true), [("a".into(), ninth), ("a".into(), tenth)]);
    }

    #[test]
    fn a_store_from_a_newer_kartka_is_refused_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("progress.sqlite3");
        Connection::open(&path)
            .unwrap()
            .pragma_update(None, "user_version", 99)
            .unwrap();
        let before = std::fs::read(&path).unwrap();
        let err = Store::open(&path).err().unwrap();
        assert_eq!(
            err.to_string(),
            format!(
                "{} was written by a newer kartka (store version 99; this kartka reads up to {SCHEMA_VERSION})",
                path.display()
            )
        );
        assert_eq!(std::fs::read(&path).unwrap(), before);
    }

    #[test]
    fn a_version_1_store_is_migrated_keeping_its_data() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("progress.sqlite3");
        {
            let conn = Connection::open(&path).unwrap();
            conn.execute_batch(V1).unwrap();
            conn.execute_batch(
                "INSERT INTO cards (deck, item, state, step, due, reps, lapses, leech) VALUES ('d', 'c', 2, 0, 0, 3, 1, 1);
                 INSERT INTO reviews (deck, item, reviewed_at, rating, state_before, duration_ms, interval_secs)
                 VALUES ('d', 'c', 0, 3, 2, 1000, 86400);
                 PRAGMA user_version = 1;",
            )
            .unwrap();
        }
        let store = Store::open(&path).unwrap();
        let version: i64 = store
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(version, SCHEMA_VERSION);
        let cards = store.cards("d", FixedOffset::east_opt(0).unwrap()).unwrap();
        let c = &cards["c"];
        assert_eq!(
            (c.state, c.reps, c.lapses, c.leech, c.suspended),
            (State::Review, 3, 1, true, false)
        );
        assert_eq!(store.review_count().unwrap(), 1);
        // The running counts are filled in for the history there was: one review, a first one, passed.
        let mut quarters = Vec::new();
        store.each_quarter(&[], |q| quarters.push(*q)).unwrap();
        assert_eq!(
            quarters,
            [Quarter {
                quarter: 0,
                answers: 1,
                ms: 1000,
                retention: [(1, 1), (0, 0)],
            }]
        );
    }

    /// A store that cannot grow (as on a full disk) refuses the answer with a clear error, rolls it back,
    /// and keeps everything saved before.
    #[test]
    fn a_full_disk_is_a_clear_error_and_the_store_stays_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("progress.sqlite3");
        let mut store = Store::open(&path).unwrap();
        let now = at("2026-03-10T10:00:00+03:00");
        let after = CardState::new(now);
        let long = "x".repeat(2000);
        let answer = |item: &'static str| Answer {
            deck: "d",
            item,
            at: now,
            rating: Rating::Good,
            state_before: State::New,
            response: Some(&long),
            correct: Some(true),
            score: Some(1.0),
            duration_ms: 0,
            after: after.clone(),
            interval: chrono::Duration::minutes(10),
        };
        store.record(&answer("a")).unwrap();
        let pages: i64 = store
            .conn
            .query_row("PRAGMA page_count", [], |r| r.get(0))
            .unwrap();
        store
            .conn
            .pragma_update(None, "max_page_count", pages)
            .unwrap();
        let mut saved = 1;
        let err = loop {
            match store.record(&answer("b")) {
                Ok(_) => saved += 1,
                Err(e) => break e,
            }
            assert!(saved < 1000, "the store never filled up");
        };
        assert_eq!(
            err.to_string(),
            format!("the disk is full: `{}` cannot grow", path.display())
        );
        assert_eq!(store.review_count().unwrap(), saved);
        let ok: String = store
            .conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(ok, "ok");
    }

    #[test]
    fn a_read_only_store_is_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("progress.sqlite3");
        let mut store = Store::open(&path).unwrap();
        // What a read-only file system does to writes, without needing one.
        store.conn.pragma_update(None, "query_only", true).unwrap();
        let now = at("2026-03-10T10:00:00+03:00");
        let err = store
            .set_suspended("d", &["c".into()], true, now)
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            format!(
                "cannot write the progress store `{}`: it or its folder is read-only",
                path.display()
            )
        );
        assert_eq!(
            err.help().unwrap(),
            "set KARTKA_HOME to a directory you can write to, or fix the permissions; nothing was changed"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_new_store_is_readable_by_its_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("progress.sqlite3");
        Store::open(&path).unwrap();
        assert_eq!(
            std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
}
