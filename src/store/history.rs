//! Progress brought from another program (`kartka import --with-history`): the review log and each item's
//! state written in one transaction, and only for items this store has never seen answered, so that an
//! import can neither mix two histories of one card nor lose a kartka answer.

use rusqlite::{OptionalExtension, params};

use super::log::LoggedReview;
use super::{Store, counts, store_error};
use crate::Error;
use crate::schedule::CardState;

/// Why a history was not imported.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NotImported {
    #[error(
        "{deck} already has progress for {count} of these cards ({first} among them): kartka keeps its own answers, so no history was imported"
    )]
    AlreadyStudied {
        deck: String,
        count: usize,
        first: String,
    },
}

impl Store {
    /// Writes `states` and `reviews` of `deck` at once; nothing when any of the items has been answered or
    /// scheduled here before.
    pub fn import_history(
        &mut self,
        deck: &str,
        states: &[(String, CardState)],
        reviews: &[LoggedReview],
    ) -> Result<Result<(), NotImported>, Error> {
        let (tx, path) = self.write_transaction()?;
        let err = |source| store_error(path, source);
        let mut studied: Vec<&str> = Vec::new();
        {
            let mut seen = tx
                .prepare(
                    "SELECT 1 FROM cards WHERE deck = ?1 AND item = ?2 AND (state != 0 OR reps > 0)
                     UNION ALL SELECT 1 FROM reviews WHERE deck = ?1 AND item = ?2 LIMIT 1",
                )
                .map_err(err)?;
            for (item, _) in states {
                let found: Option<i64> = seen
                    .query_row(params![deck, item], |r| r.get(0))
                    .optional()
                    .map_err(err)?;
                if found.is_some() {
                    studied.push(item);
                }
            }
        }
        if let Some(first) = studied.first() {
            return Ok(Err(NotImported::AlreadyStudied {
                deck: deck.to_string(),
                count: studied.len(),
                first: first.to_string(),
            }));
        }
        // A new card the learner suspended here stays suspended: that choice was made in kartka.
        let mut states = states.to_vec();
        {
            let mut suspended = tx
                .prepare("SELECT suspended FROM cards WHERE deck = ?1 AND item = ?2")
                .map_err(err)?;
            for (item, state) in &mut states {
                let here: Option<bool> = suspended
                    .query_row(params![deck, item.as_str()], |r| r.get(0))
                    .optional()
                    .map_err(err)?;
                state.suspended |= here == Some(true);
            }
        }
        super::cards::write_states(&tx, deck, &states).map_err(err)?;
        super::log::write_reviews(&tx, reviews).map_err(err)?;
        tx.execute(counts::CLASSIFY_DECK, [deck]).map_err(err)?;
        tx.commit().map_err(err)?;
        Ok(Ok(()))
    }
}
