//! Practice answers (`kartka study --practice`): kept apart from the review log, so that they move no
//! schedule, no count of reviews, and no optimizer's training; `kartka stats` shows them on their own.

use chrono::{DateTime, FixedOffset};
use rusqlite::params;

use super::{Store, millis};
use crate::Error;

/// Version 12: practice answers.
pub const V12: &str = "
CREATE TABLE practice (
    id           INTEGER PRIMARY KEY,
    deck         TEXT NOT NULL,
    item         TEXT NOT NULL,
    practiced_at INTEGER NOT NULL,   -- Unix milliseconds
    answer       TEXT,               -- what the learner typed; NULL for flash cards
    correct      INTEGER NOT NULL,   -- graded right, or a flash card recalled
    duration_ms  INTEGER NOT NULL
);
CREATE INDEX practice_by_time ON practice (practiced_at);
";

/// One practice answer.
#[derive(Debug, Clone)]
pub struct Practised<'a> {
    pub deck: &'a str,
    pub item: &'a str,
    pub at: DateTime<FixedOffset>,
    pub answer: Option<&'a str>,
    pub correct: bool,
    pub duration_ms: u64,
}

impl Store {
    pub fn record_practice(&mut self, p: &Practised<'_>) -> Result<(), Error> {
        self.conn
            .prepare_cached(
                "INSERT INTO practice (deck, item, practiced_at, answer, correct, duration_ms)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )
            .and_then(|mut stmt| {
                stmt.execute(params![
                    p.deck,
                    p.item,
                    millis(p.at),
                    p.answer,
                    p.correct,
                    p.duration_ms as i64
                ])
            })
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    /// Practice answers of `decks` (all when empty) since `since`: (right, answers).
    pub fn practice_since(
        &self,
        decks: &[String],
        since: DateTime<FixedOffset>,
    ) -> Result<(usize, usize), Error> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT deck, SUM(correct), COUNT(*) FROM practice WHERE practiced_at >= ?1 GROUP BY deck",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([millis(since)], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, i64>(2)?,
                ))
            })
            .map_err(|e| self.err(e))?;
        let (mut right, mut total) = (0, 0);
        for row in rows {
            let (deck, r, n) = row.map_err(|e| self.err(e))?;
            if decks.is_empty() || decks.contains(&deck) {
                right += r.max(0) as usize;
                total += n.max(0) as usize;
            }
        }
        Ok((right, total))
    }
}
