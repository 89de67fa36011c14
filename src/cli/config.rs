//! `kartka config`: the settings in force, and where each comes from; the class joined, without its password.

use std::io::Write;

use super::{EXIT_OK, Env};
use crate::Error;
use crate::config::{Config, From, KEYS};
use crate::deck::catalog;
use crate::sanitize;
use crate::store;
use crate::style;

pub fn run(out: &mut impl Write, env: &Env, deck: Option<&str>) -> Result<u8, Error> {
    let config = Config::load(env.home.as_deref())?;
    let (d, dr) = (style::DIM.render(), style::DIM.render_reset());
    let (h, hr) = (style::HEADING.render(), style::HEADING.render_reset());
    let mut s = String::new();
    match &env.home {
        Some(home) => {
            let file = home.join(crate::config::FILE_NAME);
            s.push_str(&format!(
                "{d}# config file:    {}{}{dr}\n",
                sanitize::path(&file),
                if config.exists {
                    ""
                } else {
                    " (not there: defaults in use)"
                }
            ));
            s.push_str(&format!(
                "{d}# progress store: {}{dr}\n",
                sanitize::path(&home.join(store::FILE_NAME))
            ));
            s.push_str(&format!(
                "{d}# your decks:     {}{dr}\n",
                sanitize::path(&catalog::config_decks_dir(home))
            ));
        }
        None => s.push_str(&format!("{d}# no config directory: set KARTKA_HOME{dr}\n")),
    }
    // A deck's section in the full listing shows only what the deck changes; asked for by name, everything.
    let mut section = |title: Option<String>, deck: Option<&str>, only_overrides: bool| {
        let effective = config.effective(deck);
        s.push('\n');
        if let Some(t) = title {
            s.push_str(&format!("{h}{t}{hr}\n"));
        }
        for key in KEYS {
            let from = effective.from[key];
            if only_overrides && from != From::Deck {
                continue;
            }
            let line = format!("{key} = {}", effective.value(key));
            s.push_str(&format!("{line:<44} {d}# {from}{dr}\n"));
        }
    };
    match deck {
        Some(id) => section(Some(format!("[decks.{id}]")), Some(id), false),
        None => {
            section(None, None, false);
            for id in config.decks.keys() {
                section(Some(format!("[decks.{id}]")), Some(id), true);
            }
        }
    }
    if let (Some(class), None) = (&config.class, deck) {
        s.push_str(&format!("\n{h}[class]{hr}\n"));
        for (key, value) in [
            ("name", &class.name),
            ("lrs", &class.lrs),
            ("username", &class.username),
            ("student", &class.student),
        ] {
            // Written as TOML strings: a name with a quote in it stays one value.
            let value = toml_edit::Value::from(value.as_str()).to_string();
            s.push_str(&format!(
                "{key} = {}\n",
                sanitize::for_terminal(value.trim())
            ));
        }
        s.push_str(&format!("{d}# password = (set; never shown){dr}\n"));
    }
    out.write_all(s.as_bytes()).map_err(Error::Output)?;
    Ok(EXIT_OK)
}
