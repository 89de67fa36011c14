//! Undoing an answer: each answer keeps the item's state from before it (in the `undo` table, written in
//! the answer's transaction), so that taking the answer back restores that state exactly, removes the answer
//! from the log (the running counts follow, by the log's triggers) and takes its statement out of the
//! outbox, or voids it at the LRS when it was sent already.

use rusqlite::{OptionalExtension, Transaction, params};

use super::{Queued, Store, store_error};
use crate::Error;
use crate::schedule::{CardState, Rating};

/// Version 11: the item's state before each of the latest answers, and the id of the answer's statement
/// for the class's LRS (to void it once it was sent). `existed` is 0 for an item that had no row.
pub const V11: &str = "
CREATE TABLE undo (
    review      INTEGER PRIMARY KEY,
    existed     INTEGER NOT NULL,
    state       INTEGER,
    step        INTEGER,
    stability   REAL,
    difficulty  REAL,
    due         INTEGER,
    last_review INTEGER,
    reps        INTEGER,
    lapses      INTEGER,
    leech       INTEGER,
    suspended   INTEGER,
    statement   TEXT
);
";

/// Answers that can be undone, counting back from the latest: enough for any session, while the table
/// stays small beside a log of a million answers.
pub const KEPT: i64 = 1000;

/// Keeps the item's state from before answer `review` (of `deck`/`item`), before the answer's new state is
/// written. A re-rated answer keeps the state from before its first rating.
pub(super) fn remember(
    tx: &Transaction<'_>,
    review: i64,
    deck: &str,
    item: &str,
    statement: Option<&str>,
) -> rusqlite::Result<()> {
    let copied = tx
        .prepare_cached(
            "INSERT OR IGNORE INTO undo (review, existed, state, step, stability, difficulty, due, last_review,
                                         reps, lapses, leech, suspended, statement)
             SELECT ?1, 1, state, step, stability, difficulty, due, last_review, reps, lapses, leech, suspended, ?4
             FROM cards WHERE deck = ?2 AND item = ?3",
        )?
        .execute(params![review, deck, item, statement])?;
    if copied == 0 {
        tx.prepare_cached(
            "INSERT OR IGNORE INTO undo (review, existed, statement) VALUES (?1, 0, ?2)",
        )?
        .execute(params![review, statement])?;
    }
    tx.prepare_cached("DELETE FROM undo WHERE review <= ?1")?
        .execute([review - KEPT])?;
    Ok(())
}

/// An answer taken back.
#[derive(Debug, Clone, PartialEq)]
pub struct Undone {
    pub deck: String,
    pub item: String,
    pub rating: Rating,
    pub at: chrono::DateTime<chrono::FixedOffset>,
    /// The item's state restored; `None` when it had never been answered before.
    pub before: Option<CardState>,
    /// Whether the answer's statement had reached the LRS, and a voiding statement was queued.
    pub voided: bool,
}

/// Why an answer cannot be undone.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CannotUndo {
    #[error("there is no answer to undo")]
    Nothing,
    #[error(
        "that answer cannot be undone: only the last {KEPT} answers given in kartka can be (not older ones, nor a history imported from Anki)"
    )]
    TooOld,
    #[error("{item} was answered again since, in another session: undo that answer first")]
    AnsweredSince { item: String },
}

impl Store {
    /// Undoes answer `review`, or the latest answer in the log when `None`. `void` makes the statement that
    /// voids a statement already sent (by its id); it is queued in the same transaction.
    pub fn undo(
        &mut self,
        review: Option<i64>,
        offset: chrono::FixedOffset,
        void: &dyn Fn(&str) -> Option<Queued>,
    ) -> Result<Result<Undone, CannotUndo>, Error> {
        let (tx, path) = self.write_transaction()?;
        let err = |source| store_error(path, source);
        let review = match review {
            Some(id) => id,
            None => match tx
                .query_row("SELECT MAX(id) FROM reviews", [], |r| {
                    r.get::<_, Option<i64>>(0)
                })
                .map_err(err)?
            {
                Some(id) => id,
                None => return Ok(Err(CannotUndo::Nothing)),
            },
        };
        let Some((deck, item, at, rating)) = tx
            .query_row(
                "SELECT deck, item, reviewed_at, rating FROM reviews WHERE id = ?1",
                [review],
                |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, i64>(2)?,
                        r.get::<_, i64>(3)?,
                    ))
                },
            )
            .optional()
            .map_err(err)?
        else {
            return Ok(Err(CannotUndo::Nothing));
        };
        let later: bool = tx
            .query_row(
                "SELECT EXISTS (SELECT 1 FROM reviews WHERE deck = ?1 AND item = ?2 AND id > ?3)",
                params![deck, item, review],
                |r| r.get(0),
            )
            .map_err(err)?;
        if later {
            return Ok(Err(CannotUndo::AnsweredSince { item }));
        }
        let saved: Option<(bool, Option<String>)> = tx
            .query_row(
                "SELECT existed, statement FROM undo WHERE review = ?1",
                [review],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .map_err(err)?;
        let Some((existed, statement)) = saved else {
            return Ok(Err(CannotUndo::TooOld));
        };
        if existed {
            tx.execute(
                "UPDATE cards SET (state, step, stability, difficulty, due, last_review, reps, lapses, leech,
                                   suspended) =
                    (SELECT state, step, stability, difficulty, due, last_review, reps, lapses, leech, suspended
                     FROM undo WHERE review = ?3)
                 WHERE deck = ?1 AND item = ?2",
                params![deck, item, review],
            )
            .map_err(err)?;
        } else {
            tx.execute(
                "DELETE FROM cards WHERE deck = ?1 AND item = ?2",
                params![deck, item],
            )
            .map_err(err)?;
        }
        tx.execute("DELETE FROM reviews WHERE id = ?1", [review])
            .map_err(err)?;
        // The log's trigger took the answer out of its quarter-hour's counts; a quarter-hour left with
        // none goes, as if never counted.
        tx.execute(
            "DELETE FROM review_quarters WHERE deck = ?1 AND quarter = ?2 / 900000 AND answers = 0
               AND young_total = 0 AND mature_total = 0",
            params![deck, at],
        )
        .map_err(err)?;
        tx.execute("DELETE FROM undo WHERE review = ?1", [review])
            .map_err(err)?;
        let unsent = tx
            .execute("DELETE FROM outbox WHERE review = ?1", [review])
            .map_err(err)?;
        let mut voided = false;
        if unsent == 0
            && let Some(q) = statement.as_deref().and_then(void)
        {
            super::outbox::queue(&tx, &q, None).map_err(err)?;
            voided = true;
        }
        let before = if existed {
            super::cards::states(&tx, "deck = ?1 AND item = ?2", params![deck, item], offset)
                .map_err(err)?
                .remove(&item)
        } else {
            None
        };
        tx.commit().map_err(err)?;
        Ok(Ok(Undone {
            deck,
            item,
            rating: Rating::from_number(rating).unwrap_or(Rating::Good),
            at: super::from_millis(at, offset),
            before,
            voided,
        }))
    }
}
