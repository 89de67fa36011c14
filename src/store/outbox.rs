//! The outbox: xAPI statements waiting to be sent to the class's LRS. A statement is queued in the same
//! transaction as the answer it records, so an answer is never saved without it (nor it without the
//! answer), whatever happens to the process or the network afterwards.

use rusqlite::params;

use super::Store;
use crate::Error;

/// A statement to send: its id (a UUID) and its JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Queued {
    pub id: String,
    pub json: String,
}

/// Version 9: the outbox. `review` is the review log row a study answer's statement records, so that a
/// re-rated answer replaces its statement; `rejected` says why the LRS refused a statement as invalid
/// (it is then kept aside, never sent again, never dropped).
pub(super) const V9: &str = "
CREATE TABLE outbox (
    seq       INTEGER PRIMARY KEY,   -- the order statements are sent in
    id        TEXT NOT NULL UNIQUE,  -- the statement's id
    statement TEXT NOT NULL,         -- its JSON
    review    INTEGER,               -- the reviews row it records; NULL for quiz statements
    rejected  TEXT                   -- why the LRS refused it; NULL while it waits
);
CREATE INDEX outbox_by_review ON outbox (review);
";

/// How many statements wait, and how many the LRS refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct OutboxCounts {
    pub waiting: usize,
    pub rejected: usize,
}

/// Queues `q` inside the caller's transaction, replacing a statement with its id (an answer re-rated
/// before it was sent).
pub(super) fn queue(
    tx: &rusqlite::Transaction<'_>,
    q: &Queued,
    review: Option<i64>,
) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "INSERT INTO outbox (id, statement, review) VALUES (?1, ?2, ?3)
         ON CONFLICT (id) DO UPDATE SET statement = excluded.statement, review = excluded.review,
                                       rejected = NULL",
    )?
    .execute(params![q.id, q.json, review])?;
    Ok(())
}

impl Store {
    /// Up to `limit` statements waiting to be sent, oldest first.
    pub fn outbox(&self, limit: usize) -> Result<Vec<Queued>, Error> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT id, statement FROM outbox WHERE rejected IS NULL ORDER BY seq LIMIT ?1",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([limit as i64], |r| {
                Ok(Queued {
                    id: r.get(0)?,
                    json: r.get(1)?,
                })
            })
            .and_then(Iterator::collect)
            .map_err(|e| self.err(e))?;
        Ok(rows)
    }

    /// Removes statements the LRS has stored, each only as it was sent: one replaced meanwhile (an answer
    /// re-rated in another window while it was on its way) stays, to be sent in turn.
    pub fn outbox_sent(&mut self, sent: &[Queued]) -> Result<(), Error> {
        let (tx, path) = self.write_transaction()?;
        let err = |e| super::store_error(path, e);
        for q in sent {
            tx.execute(
                "DELETE FROM outbox WHERE id = ?1 AND statement = ?2",
                params![q.id, q.json],
            )
            .map_err(err)?;
        }
        tx.commit().map_err(err)
    }

    /// Keeps a statement the LRS refused as invalid aside, with why.
    pub fn outbox_reject(&mut self, id: &str, why: &str) -> Result<(), Error> {
        self.conn
            .execute(
                "UPDATE outbox SET rejected = ?2 WHERE id = ?1",
                params![id, why],
            )
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    /// Drops every statement waiting to be sent (not those kept aside): a student leaving a class whose LRS
    /// will never have them. Says how many.
    pub fn outbox_discard_waiting(&mut self) -> Result<usize, Error> {
        self.conn
            .execute("DELETE FROM outbox WHERE rejected IS NULL", [])
            .map_err(|e| self.err(e))
    }

    /// The statements kept aside, with why the LRS refused each.
    pub fn outbox_rejected(&self) -> Result<Vec<(String, String)>, Error> {
        let mut stmt = self
            .conn
            .prepare("SELECT id, rejected FROM outbox WHERE rejected IS NOT NULL ORDER BY seq")
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .and_then(Iterator::collect)
            .map_err(|e| self.err(e))?;
        Ok(rows)
    }

    pub fn outbox_counts(&self) -> Result<OutboxCounts, Error> {
        self.conn
            .query_row(
                "SELECT COUNT(*) - COUNT(rejected), COUNT(rejected) FROM outbox",
                [],
                |r| {
                    Ok(OutboxCounts {
                        waiting: r.get::<_, i64>(0)? as usize,
                        rejected: r.get::<_, i64>(1)? as usize,
                    })
                },
            )
            .map_err(|e| self.err(e))
    }
}
