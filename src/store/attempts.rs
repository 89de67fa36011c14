//! Quiz attempts: each answer saved as it is given, and the finished results kept until their file is
//! written, so that neither a crash nor a results folder that cannot be written loses an attempt.

use chrono::{DateTime, FixedOffset};
use rusqlite::params;

use super::{Queued, Store, millis};
use crate::Error;
use crate::quiz::normalise_name;

/// A finished attempt whose results file has not been written.
#[derive(Debug, Clone, PartialEq)]
pub struct Unwritten {
    pub id: i64,
    pub deck: String,
    pub student: String,
    pub started_at_ms: i64,
    /// The results file's JSON.
    pub results: String,
}

/// An attempt that never finished.
#[derive(Debug, Clone, PartialEq)]
pub struct Unfinished {
    pub id: i64,
    pub started_at_ms: i64,
    /// What it drew, as `begin_attempt` recorded it.
    pub draw: String,
    /// (position, the question's result JSON) for each answer saved.
    pub answers: Vec<(usize, String)>,
    /// The positions of the questions flagged.
    pub flagged: Vec<usize>,
}

impl Store {
    /// Starts an attempt, at the quiz file `quiz` if it is one, recording what it `draw`s (for a resume);
    /// returns its id.
    pub fn begin_attempt(
        &mut self,
        deck: &str,
        quiz: Option<&str>,
        student: &str,
        started_at: DateTime<FixedOffset>,
        draw: &str,
    ) -> Result<i64, Error> {
        self.conn
            .execute(
                "INSERT INTO attempts (deck, quiz, student, started_at, draw) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![deck, quiz, student, millis(started_at), draw],
            )
            .map_err(|e| self.err(e))?;
        Ok(self.conn.last_insert_rowid())
    }

    /// The student's newest attempt at `deck` (and the quiz file `quiz`, if it is one) that never finished,
    /// with the answers it saved: what a crash or a closed terminal left behind.
    pub fn unfinished_attempt(
        &self,
        deck: &str,
        quiz: Option<&str>,
        student: &str,
    ) -> Result<Option<Unfinished>, Error> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT id, student, started_at, draw, flags FROM attempts
                 WHERE deck = ?1 AND quiz IS ?2 AND finished_at IS NULL AND draw IS NOT NULL
                 ORDER BY id DESC",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map(params![deck, quiz], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, i64>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, Option<String>>(4)?,
                ))
            })
            .map_err(|e| self.err(e))?
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| self.err(e))?;
        let student = normalise_name(student);
        let Some((id, _, started_at_ms, draw, flags)) = rows
            .into_iter()
            .find(|(_, name, _, _, _)| normalise_name(name) == student)
        else {
            return Ok(None);
        };
        let mut stmt = self
            .conn
            .prepare(
                "SELECT position, result FROM attempt_answers WHERE attempt = ?1 ORDER BY position",
            )
            .map_err(|e| self.err(e))?;
        let answers = stmt
            .query_map([id], |r| {
                Ok((r.get::<_, i64>(0)? as usize, r.get::<_, String>(1)?))
            })
            .map_err(|e| self.err(e))?
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| self.err(e))?;
        Ok(Some(Unfinished {
            id,
            started_at_ms,
            draw,
            answers,
            flagged: flags
                .and_then(|f| serde_json::from_str(&f).ok())
                .unwrap_or_default(),
        }))
    }

    /// How many attempts at the quiz `quiz` the student has begun, the student found by their name as
    /// [`normalise_name`] compares names. A begun attempt counts even if it never finished: closing the
    /// terminal must not buy another try.
    pub fn attempts_at(&self, quiz: &str, student: &str) -> Result<usize, Error> {
        let mut stmt = self
            .conn
            .prepare("SELECT student FROM attempts WHERE quiz = ?1")
            .map_err(|e| self.err(e))?;
        let names = stmt
            .query_map([quiz], |r| r.get::<_, String>(0))
            .map_err(|e| self.err(e))?
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| self.err(e))?;
        let student = normalise_name(student);
        Ok(names
            .iter()
            .filter(|n| normalise_name(n) == student)
            .count())
    }

    /// Saves which questions of an attempt are flagged, by position.
    pub fn save_attempt_flags(&mut self, attempt: i64, flagged: &[usize]) -> Result<(), Error> {
        let flags = serde_json::to_string(flagged).expect("positions serialise");
        self.conn
            .execute(
                "UPDATE attempts SET flags = ?2 WHERE id = ?1",
                params![attempt, flags],
            )
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    /// Saves the answer to the question at `position` (replacing an earlier answer to it).
    pub fn save_attempt_answer(
        &mut self,
        attempt: i64,
        position: usize,
        result_json: &str,
    ) -> Result<(), Error> {
        self.conn
            .execute(
                "INSERT INTO attempt_answers (attempt, position, result) VALUES (?1, ?2, ?3)
                 ON CONFLICT (attempt, position) DO UPDATE SET result = excluded.result",
                params![attempt, position as i64, result_json],
            )
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    /// Marks an attempt finished, keeping its results until their file is written, and queues the
    /// `statements` recording it for the class's LRS in the same transaction.
    pub fn finish_attempt(
        &mut self,
        attempt: i64,
        finished_at: DateTime<FixedOffset>,
        results_json: &str,
        statements: &[Queued],
    ) -> Result<(), Error> {
        let (tx, path) = self.write_transaction()?;
        let err = |e| super::store_error(path, e);
        tx.execute(
            "UPDATE attempts SET finished_at = ?2, results = ?3 WHERE id = ?1",
            params![attempt, millis(finished_at), results_json],
        )
        .map_err(err)?;
        for q in statements {
            super::outbox::queue(&tx, q, None).map_err(err)?;
        }
        tx.commit().map_err(err)
    }

    /// Records where an attempt's results file was written.
    pub fn attempt_written(&mut self, attempt: i64, path: &str) -> Result<(), Error> {
        self.conn
            .execute(
                "UPDATE attempts SET written_to = ?2 WHERE id = ?1",
                params![attempt, path],
            )
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    /// Finished attempts whose results file was never written, oldest first.
    pub fn unwritten_attempts(&self) -> Result<Vec<Unwritten>, Error> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT id, deck, student, started_at, results FROM attempts
                 WHERE results IS NOT NULL AND written_to IS NULL ORDER BY id",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([], |r| {
                Ok(Unwritten {
                    id: r.get(0)?,
                    deck: r.get(1)?,
                    student: r.get(2)?,
                    started_at_ms: r.get(3)?,
                    results: r.get(4)?,
                })
            })
            .map_err(|e| self.err(e))?;
        rows.collect::<Result<_, _>>().map_err(|e| self.err(e))
    }
}
