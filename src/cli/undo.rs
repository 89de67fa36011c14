//! `kartka undo`: take back the latest answer after a session, as `:undo` does during one.

use std::io::Write;

use super::{EXIT_FAILURE, EXIT_OK, Env};
use crate::Error;
use crate::clock::Clock;
use crate::config::Config;
use crate::sanitize::for_terminal;
use crate::store::CannotUndo;
use crate::xapi::{self, Who};

pub fn run(out: &mut impl Write, env: &Env, clock: &dyn Clock) -> Result<u8, Error> {
    let config = Config::load(env.home.as_deref())?;
    let mut store = super::plan::open_store(env)?;
    let now = clock.now();
    let who = config.class.as_ref().map(Who::of);
    let void = |id: &str| who.map(|w| xapi::build::voiding(w, id, now));
    let (line, code) = match store.undo(None, *now.offset(), &void)? {
        Ok(undone) => (
            format!(
                "Undone: your answer to {}/{} of {} (rated {}) is taken back; the card is as it was before it.{}",
                for_terminal(&undone.deck),
                for_terminal(&undone.item),
                undone.at.format("%Y-%m-%d %H:%M"),
                undone.rating.name(),
                if undone.voided {
                    " Its record at your class's LRS is withdrawn when `kartka sync` runs."
                } else {
                    ""
                }
            ),
            EXIT_OK,
        ),
        Err(CannotUndo::Nothing) => ("Nothing to undo: no answers yet.".to_string(), EXIT_OK),
        Err(why) => (format!("Cannot undo: {why}."), EXIT_FAILURE),
    };
    writeln!(out, "{line}").map_err(Error::Output)?;
    Ok(code)
}
