//! The review history in an Anki collection (`revlog`, and each card's queue and due date), for
//! `kartka import --with-history`. The tables are the same in every schema Anki has written since 2.0.

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset, TimeZone};
use rusqlite::Connection;

use crate::schedule::Rating;

/// One Anki card's past, before it is matched with a kartka card.
#[derive(Debug, Clone, PartialEq)]
pub struct AnkiCard {
    pub guid: String,
    pub ord: u32,
    pub answers: Vec<super::history::PastAnswer>,
    pub due: Option<DateTime<FixedOffset>>,
    pub suspended: bool,
}

/// Anki's `revlog.type` of answers given in study: learning, review, relearning and filtered decks.
/// Manual entries (4, "set due date") and rescheduling (5) record no answer.
const ANSWERED: &str = "r.type BETWEEN 0 AND 3 AND r.ease BETWEEN 1 AND 4";

/// Every card with answers, its answers in time order, at `offset`.
pub fn read(conn: &Connection, offset: FixedOffset) -> rusqlite::Result<Vec<AnkiCard>> {
    let at = |ms: i64| offset.timestamp_millis_opt(ms).single();
    // The collection's day zero: review due dates count days from it.
    let created: i64 = conn.query_row("SELECT crt FROM col", [], |r| r.get(0))?;
    let mut cards: BTreeMap<i64, AnkiCard> = BTreeMap::new();
    let mut stmt = conn.prepare(&format!(
        "SELECT r.cid, r.id, r.ease, r.time, n.guid, c.ord, c.type, c.queue,
                CASE WHEN c.odid != 0 THEN c.odue ELSE c.due END
         FROM revlog r JOIN cards c ON c.id = r.cid JOIN notes n ON n.id = c.nid
         WHERE {ANSWERED} ORDER BY r.cid, r.id"
    ))?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let cid: i64 = r.get(0)?;
        let (Some(when), Some(rating)) = (at(r.get(1)?), Rating::from_number(r.get(2)?)) else {
            continue;
        };
        let duration: i64 = r.get(3)?;
        let entry = match cards.entry(cid) {
            std::collections::btree_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::btree_map::Entry::Vacant(v) => {
                let kind: i64 = r.get(6)?;
                let queue: i64 = r.get(7)?;
                let due: i64 = r.get(8)?;
                let due = match kind {
                    // Learning due within a day is a moment; anything later a day number.
                    1 | 3 if due > 1_000_000_000 => at(due.saturating_mul(1000)),
                    1..=3 => at(created
                        .saturating_add(due.saturating_mul(86_400))
                        .saturating_mul(1000)),
                    _ => None,
                };
                v.insert(AnkiCard {
                    guid: r.get(4)?,
                    ord: r.get::<_, i64>(5)?.clamp(0, i64::from(u32::MAX)) as u32,
                    answers: Vec::new(),
                    due,
                    suspended: queue == -1,
                })
            }
        };
        entry.answers.push(super::history::PastAnswer {
            at: when,
            rating,
            duration_ms: duration.clamp(0, 3_600_000) as u64,
        });
    }
    Ok(cards.into_values().collect())
}
