//! The review history in an Anki collection (`revlog`, and each card's queue and due date), for
//! `kartka import --with-history`. The tables are the same in every schema Anki has written since 2.0.

use std::collections::BTreeMap;

use chrono::{FixedOffset, TimeZone};

use super::collection::Session;
use crate::Error;
use crate::interop::history::{CardHistory, PastAnswer};
use crate::schedule::Rating;

/// Anki's `revlog.type` of answers given in study: learning, review, relearning and filtered decks.
/// Manual entries (4, "set due date") and rescheduling (5) record no answer, and neither does an answer in
/// a filtered deck with rescheduling off (3 with factor 0, a preview): it leaves the card as it was.
const ANSWERED: &str =
    "r.type BETWEEN 0 AND 3 AND r.ease BETWEEN 1 AND 4 AND NOT (r.type = 3 AND r.factor = 0)";

/// Anki's entry for a card reset to new ("Forget"): manual, no button, no ease. Anki then asks the card as
/// new, and its FSRS reads a card's answers from its last reset on; so does the replay.
const RESET: &str = "r.type = 4 AND r.ease = 0 AND r.factor = 0";

/// One answer as the log holds it, with its card's identity and schedule.
struct Row {
    card: i64,
    at_ms: i64,
    ease: i64,
    duration_ms: i64,
    guid: String,
    ord: i64,
    kind: i64,
    queue: i64,
    due: i64,
    reset: bool,
}

/// Every card with answers, its answers in time order, at `offset`; each named by its card id in the
/// imported deck, which [`super::id_from_guid`] makes from its note's GUID. Answers before the card was last
/// reset to new, and every answer of a card Anki now holds as new (reset by a version that logged no
/// reset), are counted in `forgotten` instead: Anki asks that card as new.
pub(super) fn read(session: &Session, offset: FixedOffset) -> Result<Vec<CardHistory>, Error> {
    session.check_tables(&["revlog"])?;
    let at = |ms: i64| offset.timestamp_millis_opt(ms).single();
    // The collection's day zero: review due dates count days from it.
    let created: i64 = session
        .rows("SELECT crt FROM col", |r| r.get(0))?
        .into_iter()
        .next()
        .unwrap_or(0);
    let rows = session.rows(
        &format!(
            "SELECT r.cid, r.id, r.ease, r.time, n.guid, c.ord, c.type, c.queue,
                    CASE WHEN c.odid != 0 THEN c.odue ELSE c.due END, {RESET}
             FROM revlog r JOIN cards c ON c.id = r.cid JOIN notes n ON n.id = c.nid
             WHERE ({ANSWERED}) OR ({RESET}) ORDER BY r.cid, r.id"
        ),
        |r| {
            Ok(Row {
                card: r.get(0)?,
                at_ms: r.get(1)?,
                ease: r.get(2)?,
                duration_ms: r.get(3)?,
                guid: r.get(4)?,
                ord: r.get(5)?,
                kind: r.get(6)?,
                queue: r.get(7)?,
                due: r.get(8)?,
                reset: r.get(9)?,
            })
        },
    )?;
    let mut cards: BTreeMap<i64, CardHistory> = BTreeMap::new();
    for r in rows {
        let entry = cards.entry(r.card).or_insert_with(|| CardHistory {
            card: super::id_from_guid(&r.guid),
            ord: r.ord.clamp(0, i64::from(u32::MAX)) as u32,
            answers: Vec::new(),
            due: match r.kind {
                // Learning due within a day is a moment; anything later a day number.
                1 | 3 if r.due > 1_000_000_000 => at(r.due.saturating_mul(1000)),
                1..=3 => at(created
                    .saturating_add(r.due.saturating_mul(86_400))
                    .saturating_mul(1000)),
                _ => None,
            },
            suspended: r.queue == -1,
            forgotten: 0,
        });
        if r.reset {
            entry.forgotten += entry.answers.len();
            entry.answers.clear();
            continue;
        }
        let (Some(when), Some(rating)) = (at(r.at_ms), Rating::from_number(r.ease)) else {
            continue;
        };
        if r.kind == 0 {
            entry.forgotten += 1;
            continue;
        }
        entry.answers.push(PastAnswer {
            at: when,
            rating,
            duration_ms: r.duration_ms.clamp(0, 3_600_000) as u64,
        });
    }
    Ok(cards.into_values().collect())
}
