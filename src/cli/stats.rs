//! `kartka stats`: how study is going.

use std::collections::HashMap;
use std::io::Write;

use super::plan::{open_store, select_decks};
use super::{EXIT_OK, Env};
use crate::Error;
use crate::clock::Clock;
use crate::config::Config;
use crate::deck::Outline;
use crate::stats::{self, Input, ReviewTally, chart};

/// The FSRS decay in force: the last of 21 parameters, or FSRS-6's default.
pub fn decay(parameters: &[f32]) -> f32 {
    if parameters.len() == 21 {
        parameters[20]
    } else {
        fsrs::FSRS6_DEFAULT_DECAY
    }
}

pub fn run(
    out: &mut impl Write,
    env: &Env,
    decks: &[String],
    json: bool,
    ascii: bool,
    clock: &dyn Clock,
) -> Result<u8, Error> {
    let entries = select_decks(env, decks)?;
    let store = open_store(env)?;
    let config = Config::load(env.home.as_deref())?;
    let now = clock.now();
    let ids: Vec<String> = entries.iter().map(|e| e.id().to_string()).collect();
    let mut cards = HashMap::new();
    for id in &ids {
        cards.insert(id.clone(), store.cards(id, *now.offset())?);
    }
    let settings = config.effective(None).settings;
    let mut reviews = ReviewTally::new(now, settings.rollover_hour);
    if reviews.by_quarters() {
        store.each_quarter(&ids, |q| reviews.add_quarter(q))?;
        store.each_near_sample(&ids, |s| reviews.add_near_sample(s))?;
    } else {
        store.each_review(&ids, false, |row| reviews.add(row))?;
        if reviews.out_of_order() {
            reviews = ReviewTally::new(now, settings.rollover_hour);
            store.each_review(&ids, true, |row| reviews.add(row))?;
        }
    }
    let month_ago = now - chrono::Duration::days(30);
    let recent = store.recent_results(&ids, month_ago)?;
    let practice = store.practice_since(&ids, month_ago)?;
    let deck_refs: Vec<&Outline> = entries.iter().map(|e| &e.outline).collect();
    let figures = stats::compute(&Input {
        decks: &deck_refs,
        cards: &cards,
        reviews: &reviews,
        now,
        rollover_hour: settings.rollover_hour,
        decay: decay(&settings.parameters),
        recent: &recent,
        practice,
    });
    let text = if json {
        let json = serde_json::to_string_pretty(&figures).expect("statistics serialise");
        crate::sanitize::unicode_escaped(&json).into_owned() + "\n"
    } else {
        chart::render(&figures, env.utf8 && !ascii)
    };
    out.write_all(text.as_bytes()).map_err(Error::Output)?;
    Ok(EXIT_OK)
}
