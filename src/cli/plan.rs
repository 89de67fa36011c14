//! What a study session asks of the decks and the store before its first question: which decks, what is due
//! in each and which items are new, decoding only the cards that can come up today.

use std::collections::HashMap;

use chrono::{DateTime, Duration, FixedOffset};

use super::Env;
use crate::Error;
use crate::config::Config;
use crate::deck::catalog::{Catalog, Entry as DeckEntry};
use crate::deck::{Deck, Outline};
use crate::item_set::ItemSet;
use crate::schedule::{CardState, Scheduler, study_day};
use crate::session::{self, DeckInput, Today};
use crate::store::{self, Store};

/// The decks to study: those named, or every known deck.
pub fn select_decks(env: &Env, names: &[String]) -> Result<Vec<DeckEntry>, Error> {
    let catalog = Catalog::load(env.home.as_deref())?;
    if names.is_empty() {
        if let Some(conflict) = catalog.conflicts.first() {
            return Err(conflict.into());
        }
        return Ok(catalog.entries);
    }
    let mut out: Vec<DeckEntry> = Vec::new();
    for name in names {
        let entry = catalog.resolve(name)?;
        if let Some(first) = out.iter().find(|e| e.id() == entry.id()) {
            if first.origin != entry.origin {
                return Err(Error::DuplicateDeck {
                    id: entry.id().to_string(),
                    first: first.origin.to_string(),
                    second: entry.origin.to_string(),
                });
            }
            continue;
        }
        out.push(entry);
    }
    Ok(out)
}

pub fn open_store(env: &Env) -> Result<Store, Error> {
    let home = env.home.as_deref().ok_or(Error::NoHome)?;
    Store::open(&home.join(store::FILE_NAME))
}

/// The moment the current study day began.
pub(super) fn day_start(now: DateTime<FixedOffset>, rollover_hour: u32) -> DateTime<FixedOffset> {
    let day = study_day(now, rollover_hour);
    let start = day.and_hms_opt(rollover_hour, 0, 0).unwrap_or_default();
    now - (now.naive_local() - start)
}

/// What the store says of a deck's share of a session.
pub struct Plan {
    stored: HashMap<String, CardState>,
    today: Today,
    scheduler: Scheduler,
}

/// Asks the store what is due in a deck and which of its items are new, and decodes only the cards that
/// can come up today (with 100,000 cards, a few hundred): the deck with those cards, and its plan.
fn prepare(
    outline: &Outline,
    config: &Config,
    store: &Store,
    now: DateTime<FixedOffset>,
    new_override: Option<u32>,
    tags: &[String],
) -> Result<(Deck, Plan), Error> {
    let effective = config.effective(Some(outline.id()));
    let since = day_start(now, effective.settings.rollover_hour);
    let (new_done, reviews_done) = store.done_since(outline.id(), since)?;
    let new_left = new_override.unwrap_or_else(|| effective.new_per_day.saturating_sub(new_done));
    // Due by the end of the study day, as the session reckons days.
    let rollover = config.effective(None).settings.rollover_hour;
    let tomorrow = day_start(now, rollover) + Duration::days(1);
    let mut stored = store.due_cards(outline.id(), tomorrow, *now.offset())?;
    let not_new = if new_left > 0 {
        store.not_new(outline.id(), outline.item_count())?
    } else {
        ItemSet::default()
    };
    let today = Today {
        new_left,
        reviews_left: effective.reviews_per_day.saturating_sub(reviews_done),
        bury: effective.bury,
        // Burying lasts the study day, not one session: what earlier sessions showed holds back its siblings.
        seen: store
            .answered_since(outline.id(), since)?
            .iter()
            .map(|item| session::card_of(item).to_string())
            .collect(),
    };
    let deck = outline.deck_with(session::cards_needed(
        outline, &stored, &not_new, &today, tags, rollover,
    ))?;
    // The other items of those cards (a cloze's other deletions; a new item stored as new) are asked for
    // one by one: the session needs every state of the cards it holds.
    for item in deck.items() {
        let id = item.id();
        if !stored.contains_key(&id)
            && let Some(state) = store.card(&deck.id, &id, *now.offset())?
        {
            stored.insert(id, state);
        }
    }
    let plan = Plan {
        stored,
        today,
        scheduler: Scheduler::new(effective.settings)?,
    };
    Ok((deck, plan))
}

/// Prepares each deck of a session.
pub fn prepare_all(
    entries: &[DeckEntry],
    config: &Config,
    store: &Store,
    now: DateTime<FixedOffset>,
    new_override: Option<u32>,
    tags: &[String],
) -> Result<(Vec<Deck>, Vec<Plan>), Error> {
    let mut decks = Vec::with_capacity(entries.len());
    let mut plans = Vec::with_capacity(entries.len());
    for entry in entries {
        let (deck, plan) = prepare(&entry.outline, config, store, now, new_override, tags)?;
        decks.push(deck);
        plans.push(plan);
    }
    Ok((decks, plans))
}

impl Plan {
    /// The session's input for `deck`, the deck this plan was prepared with, and its scheduler.
    pub fn input(self, deck: &Deck) -> (DeckInput<'_>, Scheduler) {
        let input = DeckInput {
            deck,
            stored: self.stored,
            today: self.today,
        };
        (input, self.scheduler)
    }
}
