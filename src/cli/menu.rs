//! `kartka` alone on a terminal: a menu of decks with what is due in each, then a session.

use super::plan;
use super::study::{self, Options};
use super::{EXIT_OK, Env, truncate};
use crate::Error;
use crate::clock::Clock;
use crate::config::Config;
use crate::prompt::{Prompter, Reply};
use crate::session::{Filter, Session};

pub fn run(env: &Env, prompter: &mut dyn Prompter, clock: &dyn Clock) -> Result<u8, Error> {
    let entries = plan::select_decks(env, &[])?;
    if entries.is_empty() {
        prompter.say("No decks yet: put deck files in the config directory's decks/ folder (see `kartka config`).")?;
        return Ok(EXIT_OK);
    }
    // Back to the menu after each session, with its counts as they are now, until `q`, Esc or Ctrl-C.
    loop {
        let Some(decks) = choose(env, prompter, clock, &entries)? else {
            return Ok(EXIT_OK);
        };
        let code = study::run(
            env,
            &Options {
                decks,
                ..Options::default()
            },
            prompter,
            clock,
        )?;
        if prompter.interrupted() {
            return Ok(code);
        }
    }
}

/// The deck (or every deck, as an empty list) picked from the menu; `None` to leave.
fn choose(
    env: &Env,
    prompter: &mut dyn Prompter,
    clock: &dyn Clock,
    entries: &[crate::deck::catalog::Entry],
) -> Result<Option<Vec<String>>, Error> {
    let store = plan::open_store(env)?;
    let config = Config::load(env.home.as_deref())?;
    let now = clock.now();
    let mut labels = Vec::new();
    let mut totals = (0, 0, 0);
    // Counted as the session will count them: by the global rollover hour.
    let rollover = config.effective(None).settings.rollover_hour;
    let (decks, plans) = plan::prepare_all(entries, &config, &store, now, None, &[])?;
    for (entry, (deck, plan)) in entries.iter().zip(decks.iter().zip(plans)) {
        let (input, _) = plan.input(deck);
        let c = Session::new(vec![input], &Filter::default(), rollover, now).remaining();
        totals = (totals.0 + c.new, totals.1 + c.learning, totals.2 + c.review);
        labels.push(format!(
            "{:<40} {:>3} new  {:>3} learning  {:>3} due",
            truncate(entry.outline.title(), 40),
            c.new,
            c.learning,
            c.review
        ));
    }
    labels.push(format!(
        "{:<40} {:>3} new  {:>3} learning  {:>3} due",
        "All decks", totals.0, totals.1, totals.2
    ));
    Ok(
        match prompter.pick("Which deck would you like to study?", &labels)? {
            Reply::Value(choice) => Some(match entries.get(choice) {
                Some(entry) => vec![entry.id().to_string()],
                None => vec![],
            }),
            Reply::Quit | Reply::Undo => None,
        },
    )
}
