//! `kartka results`: quiz attempts whose results file could not be written when they ended (a full disk,
//! a folder that cannot be written), kept in the progress store, and writing them now.

use std::io::Write;
use std::path::Path;

use super::{EXIT_OK, Env, plural};
use crate::Error;
use crate::quiz::results::Results;
use crate::sanitize::{one_line, path as shown};

pub fn run(out: &mut impl Write, env: &Env, write: bool, to: Option<&Path>) -> Result<u8, Error> {
    let mut store = super::plan::open_store(env)?;
    let waiting = store.unwritten_attempts()?;
    if waiting.is_empty() {
        writeln!(
            out,
            "Every finished quiz attempt has its results file: nothing to write."
        )
        .map_err(Error::Output)?;
        return Ok(EXIT_OK);
    }
    if !write {
        writeln!(
            out,
            "{} without a results file:",
            plural(waiting.len(), "quiz attempt")
        )
        .map_err(Error::Output)?;
        for a in &waiting {
            let when = chrono::DateTime::from_timestamp_millis(a.started_at_ms)
                .map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string())
                .unwrap_or_default();
            writeln!(
                out,
                "  {}  {}  {when}",
                one_line(&a.deck),
                one_line(&a.student)
            )
            .map_err(Error::Output)?;
        }
        writeln!(
            out,
            "`kartka results --write` writes them to the results folder (`--out FOLDER` for another)."
        )
        .map_err(Error::Output)?;
        return Ok(EXIT_OK);
    }
    for a in waiting {
        let results: Results = serde_json::from_str(&a.results).map_err(|e| {
            Error::Usage(format!(
                "the kept results of {}'s attempt at `{}` cannot be read back: {e}",
                one_line(&a.student),
                one_line(&a.deck)
            ))
        })?;
        let folder = match to {
            Some(folder) => folder.to_path_buf(),
            None => env.home.as_deref().ok_or(Error::NoHome)?.join("results"),
        };
        let path = crate::atomic::write_numbered(
            &folder,
            &super::quiz::results_stem(&results),
            "json",
            a.results.as_bytes(),
        )?;
        store.attempt_written(a.id, &path.to_string_lossy())?;
        writeln!(out, "Wrote {}", shown(&path)).map_err(Error::Output)?;
    }
    Ok(EXIT_OK)
}
