//! Items' scheduling state: what is due, what is new, suspending.

use std::collections::HashMap;

use chrono::{DateTime, FixedOffset};
use fsrs::MemoryState;
use rusqlite::{Connection, params};

use super::{Store, from_millis, millis, store_error, text};
use crate::Error;
use crate::item_set::ItemSet;
use crate::schedule::{CardState, State};

pub(super) fn states(
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

impl Store {
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

    /// Suspends or unsuspends items; an item never studied gets a row as a new card, so that it stays
    /// suspended when it would first come up. Returns how many changed.
    pub fn set_suspended(
        &mut self,
        deck: &str,
        items: &[String],
        suspended: bool,
        now: DateTime<FixedOffset>,
    ) -> Result<usize, Error> {
        let (tx, path) = self.write_transaction()?;
        let err = |source| store_error(path, source);
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

    pub fn insert_states(
        &mut self,
        deck: &str,
        states: &[(String, CardState)],
    ) -> Result<(), Error> {
        let path = self.path.clone();
        let err = |source| store_error(&path, source);
        let tx = self.conn.transaction().map_err(err)?;
        write_states(&tx, deck, states).map_err(err)?;
        tx.commit().map_err(err)
    }

    /// How many studied items of a deck fall due before `until`, and how many items it has stored: what the
    /// end-of-session summary needs, counted by SQLite rather than read out.
    /// Items of `deck` in (re)learning falling due from `from` until `until`: asked the same day.
    pub fn learning_due_between(
        &self,
        deck: &str,
        from: DateTime<FixedOffset>,
        until: DateTime<FixedOffset>,
    ) -> Result<usize, Error> {
        self.conn
            .query_row(
                "SELECT COUNT(*) FROM cards WHERE deck = ?1 AND state IN (1, 3) AND suspended = 0
                   AND due >= ?2 AND due < ?3",
                params![deck, millis(from), millis(until)],
                |r| r.get::<_, i64>(0),
            )
            .map(|n| n as usize)
            .map_err(|e| self.err(e))
    }

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
}

/// Writes each item's state whole, replacing what was stored.
pub(super) fn write_states(
    tx: &rusqlite::Transaction<'_>,
    deck: &str,
    states: &[(String, CardState)],
) -> rusqlite::Result<()> {
    let mut stmt = tx.prepare(
        "INSERT OR REPLACE INTO cards (deck, item, state, step, stability, difficulty, due, last_review,
                                        reps, lapses, leech, suspended)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?;
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
        ])?;
    }
    Ok(())
}
