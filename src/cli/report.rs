//! `kartka report`: a class report from a folder of quiz results.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::EXIT_OK;
use crate::Error;
use crate::quiz::results::Results;
use crate::report::render::{Format, render};
use crate::report::{self, Attempts};
use crate::sanitize::for_terminal;
use crate::style;

/// Every `.json` file under a path (or the path itself), sorted.
fn files(path: &Path) -> Result<Vec<PathBuf>, Error> {
    let read_err = |source| Error::Read {
        path: path.to_path_buf(),
        source,
    };
    if !std::fs::metadata(path).map_err(read_err)?.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
    let mut entries: Vec<PathBuf> = std::fs::read_dir(path)
        .map_err(read_err)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    entries.sort();
    let mut out = Vec::new();
    for e in entries {
        if e.is_dir() {
            out.extend(files(&e)?);
        } else if e.extension().is_some_and(|x| x == "json") {
            out.push(e);
        }
    }
    Ok(out)
}

fn warn(text: &str) {
    let _ = writeln!(
        anstream::stderr(),
        "{}warning:{} {}",
        style::WARNING.render(),
        style::WARNING.render_reset(),
        for_terminal(text)
    );
}

pub fn run(
    out: &mut impl Write,
    paths: &[PathBuf],
    format: Format,
    attempts: Attempts,
    skip_invalid: bool,
    to: Option<&Path>,
) -> Result<u8, Error> {
    let mut results = Vec::new();
    for path in paths {
        for file in files(path)? {
            match Results::read(&file) {
                Ok(r) => results.push(r),
                Err(e) if skip_invalid => warn(&format!("{e}; skipped")),
                Err(e) => return Err(e),
            }
        }
    }
    if results.is_empty() {
        return Err(Error::Usage(format!(
            "no results files found in {}",
            paths
                .iter()
                .map(|p| format!("`{}`", p.display()))
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    let report = report::build(&results, attempts);
    for w in &report.warnings {
        warn(w);
    }
    let text = render(&report, format);
    match to {
        Some(path) => std::fs::write(path, text).map_err(|source| Error::Write {
            path: path.to_path_buf(),
            source,
        })?,
        None => out.write_all(text.as_bytes()).map_err(Error::Output)?,
    }
    Ok(EXIT_OK)
}
