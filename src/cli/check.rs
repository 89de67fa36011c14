//! `kartka check`: every problem in every deck, in one run.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use super::{EXIT_FAILURE, EXIT_OK, Env, plural};
use crate::Error;
use crate::deck::catalog::{self, DeckFile, Origin};
use crate::deck::{Severity, render_all};
use crate::sanitize;
use crate::style;

/// The built-in decks and those in the config directory, unparsed.
fn known_files(env: &Env) -> (Vec<DeckFile>, Vec<Error>) {
    let mut files = catalog::built_in();
    let mut failures = Vec::new();
    if let Some(dir) = env
        .home
        .as_deref()
        .map(catalog::config_decks_dir)
        .filter(|d| d.is_dir())
    {
        add(&dir, Origin::ConfigDir, &mut files, &mut failures);
    }
    (files, failures)
}

/// Reads every deck file under `path` into `files`, or the failure into `failures`.
fn add(
    path: &Path,
    origin: fn(PathBuf) -> Origin,
    files: &mut Vec<DeckFile>,
    failures: &mut Vec<Error>,
) {
    match catalog::files_under(path) {
        Ok(found) => {
            for p in found {
                match DeckFile::read(&p, origin(p.clone())) {
                    Ok(f) => files.push(f),
                    Err(e) => failures.push(e),
                }
            }
        }
        Err(e) => failures.push(e),
    }
}

/// The files to check: those under the given paths or deck ids, or every known deck.
fn files(env: &Env, paths: &[PathBuf]) -> (Vec<DeckFile>, Vec<Error>) {
    let mut files = Vec::new();
    let mut failures = Vec::new();
    if paths.is_empty() {
        return known_files(env);
    }
    let mut known: Option<Vec<DeckFile>> = None;
    for path in paths {
        // A deck id that is not a file names a known deck.
        let id = path
            .to_str()
            .filter(|p| !path.exists() && !p.contains(['/', '\\']) && !p.ends_with(".toml"));
        match id {
            Some(id) => {
                let known = known.get_or_insert_with(|| known_files(env).0);
                match known
                    .iter()
                    .position(|f| catalog::declared_id(&f.text).as_deref() == Some(id))
                {
                    Some(i) => files.push(known.remove(i)),
                    None => failures.push(Error::UnknownDeck {
                        query: id.to_string(),
                        suggestion: None,
                    }),
                }
            }
            None => add(path, Origin::Path, &mut files, &mut failures),
        }
    }
    (files, failures)
}

/// `color`: whether `out` keeps colours; without, diagnostics are rendered plain rather than styled and then
/// stripped.
pub fn run(
    out: &mut impl Write,
    env: &Env,
    paths: &[PathBuf],
    strict: bool,
    color: bool,
) -> Result<u8, Error> {
    let (files, failures) = files(env, paths);
    let mut errors = failures.len();
    let mut warnings = 0;
    let mut notes = 0;
    let mut cards = 0;
    // The decks without errors, by origin and id, for the check that no two share an id.
    let mut good: Vec<(Origin, String)> = Vec::new();
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
    let mut quizzes = 0;
    for file in &files {
        if let Some(path) = file
            .origin
            .path()
            .filter(|p| crate::quiz::file::is_quiz_file(&p.to_string_lossy(), Some(&file.text)))
        {
            quizzes += 1;
            let checked = super::quiz_file::check_text(env, path, file.text.to_string())?;
            for d in &checked.diagnostics {
                match d.severity {
                    Severity::Error => errors += 1,
                    Severity::Warning => warnings += 1,
                    Severity::Note => notes += 1,
                }
            }
            write!(
                out,
                "{}",
                render_all(
                    &checked.diagnostics,
                    &file.origin.to_string(),
                    &file.text,
                    color
                )
            )
            .map_err(Error::Output)?;
            continue;
        }
        let loaded = file.load();
        errors += loaded.error_count();
        warnings += loaded.warning_count();
        notes += loaded.note_count();
        write!(
            out,
            "{}",
            render_all(
                &loaded.diagnostics,
                &file.origin.to_string(),
                &file.text,
                color
            )
        )
        .map_err(Error::Output)?;
        if let Some(deck) = loaded.deck {
            cards += deck.cards.len();
            good.push((file.origin.clone(), deck.id));
        }
    }
    for conflict in catalog::conflicts(good.iter().map(|(origin, id)| (origin, id.as_str()))) {
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
        "{}{}{}: {} ({}){}, {}, {}{}",
        verdict.render(),
        if failed { "failed" } else { "ok" },
        verdict.render_reset(),
        plural(files.len() + failures.len() - quizzes, "deck"),
        plural(cards, "card"),
        match quizzes {
            0 => String::new(),
            1 => ", 1 quiz".to_string(),
            n => format!(", {n} quizzes"),
        },
        plural(errors, "error"),
        plural(warnings, "warning"),
        if notes > 0 {
            format!(", {}", plural(notes, "note"))
        } else {
            String::new()
        },
    )
    .map_err(Error::Output)?;
    Ok(if failed { EXIT_FAILURE } else { EXIT_OK })
}

/// [`run`] on stdout. For a file or a pipe, without colour, the diagnostics are rendered plain, and buffered:
/// line-buffered stdout made a write for each line, and for a deck with a warning per card, the writes and
/// stripping the styles took a third of the run.
pub fn run_on_stdout(env: &Env, paths: &[PathBuf], strict: bool) -> Result<u8, Error> {
    let stdout = std::io::stdout();
    if anstream::AutoStream::choice(&stdout) != anstream::ColorChoice::Never {
        return run(&mut anstream::stdout(), env, paths, strict, true);
    }
    let buffered: Box<dyn Write> = Box::new(BufWriter::new(stdout.lock()));
    // Still stripped: the lines besides the diagnostics are styled.
    let mut out = anstream::AutoStream::never(buffered);
    let status = run(&mut out, env, paths, strict, false)?;
    out.flush().map_err(Error::Output)?;
    Ok(status)
}
