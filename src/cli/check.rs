//! `kartka check`: every problem in every deck, in one run.

use std::io::Write;
use std::path::PathBuf;

use super::{EXIT_FAILURE, EXIT_OK, Env, plural, style};
use crate::Error;
use crate::deck::catalog::{self, DeckFile, Entry, Origin};
use crate::deck::render_all;
use crate::sanitize;

/// The files to check: those under the given paths, or every known deck.
fn files(env: &Env, paths: &[PathBuf]) -> (Vec<DeckFile>, Vec<Error>) {
    let mut files = Vec::new();
    let mut failures = Vec::new();
    let mut add = |path: &PathBuf, origin: fn(PathBuf) -> Origin| match catalog::files_under(path) {
        Ok(found) => {
            for p in found {
                match DeckFile::read(&p, origin(p.clone())) {
                    Ok(f) => files.push(f),
                    Err(e) => failures.push(e),
                }
            }
        }
        Err(e) => failures.push(e),
    };
    if paths.is_empty() {
        if let Some(dir) = env
            .home
            .as_deref()
            .map(catalog::config_decks_dir)
            .filter(|d| d.is_dir())
        {
            add(&dir, Origin::ConfigDir);
        }
        let mut all = catalog::built_in();
        all.append(&mut files);
        return (all, failures);
    }
    for path in paths {
        add(path, Origin::Path);
    }
    (files, failures)
}

pub fn run(out: &mut impl Write, env: &Env, paths: &[PathBuf], strict: bool) -> Result<u8, Error> {
    let (files, failures) = files(env, paths);
    let mut errors = failures.len();
    let mut warnings = 0;
    let mut cards = 0;
    let mut good: Vec<Entry> = Vec::new();
    for failure in &failures {
        let text = sanitize::for_terminal(&failure.to_string()).into_owned();
        writeln!(
            out,
            "{}error:{} {text}\n",
            style::ERROR.render(),
            style::ERROR.render_reset()
        )
        .map_err(Error::Output)?;
    }
    for file in &files {
        let loaded = file.load();
        errors += loaded.error_count();
        warnings += loaded.warning_count();
        write!(
            out,
            "{}",
            render_all(
                &loaded.diagnostics,
                &file.origin.to_string(),
                &file.text,
                true
            )
        )
        .map_err(Error::Output)?;
        if let Some(deck) = loaded.deck {
            cards += deck.cards.len();
            good.push(Entry {
                origin: file.origin.clone(),
                deck,
            });
        }
    }
    for conflict in catalog::conflicts(&good) {
        errors += 1;
        let e = Error::from(&conflict);
        let text = sanitize::for_terminal(&e.to_string()).into_owned();
        let help = e.help().unwrap_or_default();
        writeln!(
            out,
            "{}error:{} {text}\n{}help:{} {help}\n",
            style::ERROR.render(),
            style::ERROR.render_reset(),
            style::HELP.render(),
            style::HELP.render_reset()
        )
        .map_err(Error::Output)?;
    }
    let failed = errors > 0 || (strict && warnings > 0);
    let verdict = if failed { style::ERROR } else { style::OK };
    writeln!(
        out,
        "{}{}{}: {} ({}), {}, {}",
        verdict.render(),
        if failed { "failed" } else { "ok" },
        verdict.render_reset(),
        plural(files.len() + failures.len(), "deck"),
        plural(cards, "card"),
        plural(errors, "error"),
        plural(warnings, "warning"),
    )
    .map_err(Error::Output)?;
    Ok(if failed { EXIT_FAILURE } else { EXIT_OK })
}
