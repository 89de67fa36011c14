//! `kartka report`: a class report from a folder of quiz results.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::{EXIT_OK, Env, warn};
use crate::Error;
use crate::quiz::results::Results;
use crate::report::render::{Format, render};
use crate::report::{self, Attempts};

pub fn run(
    out: &mut impl Write,
    env: &Env,
    paths: &[PathBuf],
    format: Format,
    attempts: Option<Attempts>,
    skip_invalid: bool,
    to: Option<&Path>,
) -> Result<u8, Error> {
    // With no path, the folder where `kartka quiz` saves results on this machine.
    let default;
    let paths = if paths.is_empty() {
        default = [env.home.as_ref().ok_or(Error::NoHome)?.join("results")];
        if !default[0].exists() {
            return Err(Error::Usage(format!(
                "no quiz results yet: quizzes taken on this machine are saved in `{}`; name results files or folders to report on others",
                default[0].display()
            )));
        }
        &default[..]
    } else {
        paths
    };
    let mut results = Vec::new();
    for path in paths {
        for file in crate::deck::catalog::files_with_extension(path, "json")? {
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
