//! `kartka suspend` and `kartka unsuspend`: leave cards out of study, and bring them back.

use std::io::Write;

use super::plan::open_store;
use super::{EXIT_OK, Env, plural};
use crate::Error;
use crate::clock::Clock;
use crate::deck::catalog::Catalog;
use crate::sanitize::one_line;
use crate::suggest;

/// What to (un)suspend.
pub struct Args {
    pub deck: String,
    /// Card or item ids; a card id means all its items (both sides, every cloze deletion).
    pub items: Vec<String>,
    /// Every leech of the deck (suspend) or every suspended item (unsuspend).
    pub all_marked: bool,
    pub suspend: bool,
}

pub fn run(out: &mut impl Write, env: &Env, args: &Args, clock: &dyn Clock) -> Result<u8, Error> {
    let entry = Catalog::load(env.home.as_deref())?.resolve(&args.deck)?;
    let deck = &entry.deck()?;
    let mut store = open_store(env)?;
    let now = clock.now();
    let ids: Vec<String> = deck.items().map(|i| i.id()).collect();
    let mut chosen: Vec<String> = Vec::new();
    for wanted in &args.items {
        let matching: Vec<&String> = ids
            .iter()
            .filter(|id| *id == wanted || id.split('#').next() == Some(wanted.as_str()))
            .collect();
        if matching.is_empty() {
            return Err(Error::UnknownItem {
                deck: deck.id.clone(),
                item: wanted.clone(),
                suggestion: suggest::closest(wanted, ids.iter().map(String::as_str))
                    .map(str::to_string),
            });
        }
        chosen.extend(matching.into_iter().cloned());
    }
    if args.all_marked {
        let stored = store.cards(&deck.id, *now.offset())?;
        chosen.extend(
            stored
                .into_iter()
                .filter(|(id, c)| {
                    ids.contains(id) && if args.suspend { c.leech } else { c.suspended }
                })
                .map(|(id, _)| id),
        );
    }
    chosen.sort();
    chosen.dedup();
    if chosen.is_empty() && !args.all_marked {
        return Err(Error::Usage(if args.suspend {
            "name the cards to suspend, or pass --leeches".into()
        } else {
            "name the cards to unsuspend, or pass --all".into()
        }));
    }
    if chosen.is_empty() {
        // Asking for every leech (or every suspended card) when there is none is a question answered, not a mistake.
        let none = if args.suspend {
            "no leeches"
        } else {
            "no suspended cards"
        };
        writeln!(out, "Nothing to do: `{}` has {none}.", one_line(&deck.id))
            .map_err(Error::Output)?;
        return Ok(EXIT_OK);
    }
    let changed = store.set_suspended(&deck.id, &chosen, args.suspend, now)?;
    let verb = if args.suspend {
        "Suspended"
    } else {
        "Unsuspended"
    };
    let text = if changed == 0 {
        format!(
            "Nothing changed: {} already {}.",
            plural(chosen.len(), "card"),
            if args.suspend {
                "suspended"
            } else {
                "in study"
            }
        )
    } else {
        format!(
            "{verb} {} in `{}`: {}",
            plural(changed, "card"),
            deck.id,
            one_line(&chosen.join(", "))
        )
    };
    writeln!(out, "{text}").map_err(Error::Output)?;
    Ok(EXIT_OK)
}
