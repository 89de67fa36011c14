//! `kartka sync`: send the statements waiting in the outbox to the class's LRS now.

use std::io::Write;

use super::{EXIT_FAILURE, EXIT_OK, Env, plural, warn};
use crate::Error;
use crate::class::Class;
use crate::config::Config;
use crate::lrs;
use crate::sanitize::for_terminal;
use crate::store::{self, Store};

/// The line that ends a study session or a quiz in a class while statements wait: "12 answers waiting to
/// be sent to 7B; `kartka sync` sends them." (A quiz attempt's start and end count among them.) Refused
/// credentials are said there, since no later send can succeed without new ones.
pub(super) fn waiting(
    store: &Store,
    class: Option<&Class>,
    failed: Option<&lrs::LrsError>,
) -> Result<Option<String>, Error> {
    let Some(class) = class else {
        return Ok(None);
    };
    let waiting = store.outbox_counts()?.waiting;
    Ok((waiting > 0).then(|| {
        let name = for_terminal(&class.name);
        match failed {
            Some(lrs::LrsError::Credentials { .. }) => format!(
                "{} waiting to be sent to {name}: its LRS refused your username and password (check [class] in config.toml).",
                plural(waiting, "answer"),
            ),
            _ => format!(
                "{} waiting to be sent to {name}; `kartka sync` sends them.",
                plural(waiting, "answer"),
            ),
        }
    }))
}

pub fn run(out: &mut impl Write, env: &Env) -> Result<u8, Error> {
    let home = env.home.as_deref().ok_or(Error::NoHome)?;
    let config = Config::load(Some(home))?;
    let Some(class) = config.class else {
        writeln!(out, "You are not in a class: nothing is sent anywhere.")
            .map_err(Error::Output)?;
        return Ok(EXIT_OK);
    };
    let mut store = Store::open(&home.join(store::FILE_NAME))?;
    let result = lrs::send_all(&mut store, &class)?;
    let counts = store.outbox_counts()?;
    let name = for_terminal(&class.name).into_owned();
    let sent = match result {
        Ok(sent) => sent,
        Err(source) => {
            return Err(Error::Lrs {
                source,
                class: name,
                waiting: counts.waiting,
            });
        }
    };
    // When every statement tried was refused, "nothing new" would hide that there were new ones.
    let line = match (sent.sent, sent.rejected) {
        (0, 0) => format!("Nothing new to send to {name}."),
        (n, _) => format!("Sent {} to {name}.", plural(n, "statement")),
    };
    writeln!(out, "{line}").map_err(Error::Output)?;
    if counts.rejected == 0 {
        return Ok(EXIT_OK);
    }
    for (id, why) in store.outbox_rejected()? {
        warn(&format!("the LRS refused statement {id} as invalid: {why}"));
    }
    warn(&format!(
        "{} refused by {name}'s LRS {} kept aside in the progress store and not sent again; tell your teacher",
        plural(counts.rejected, "statement"),
        if counts.rejected == 1 { "is" } else { "are" }
    ));
    Ok(EXIT_FAILURE)
}
