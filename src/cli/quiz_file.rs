//! Quiz files on the command line: reading one, finding its deck, and its diagnostics for `kartka check`
//! and `kartka quiz`.

use std::path::{Path, PathBuf};

use super::Env;
use crate::Error;
use crate::deck::catalog::{Catalog, DeckFile, Origin};
use crate::deck::{Deck, Diagnostic, render_all};
use crate::quiz::file::{self, QuizFile};

/// A quiz file checked as far as it could be: with its deck when it has no errors.
pub struct Checked {
    pub text: String,
    pub diagnostics: Vec<Diagnostic>,
    pub quiz: Option<(QuizFile, Deck)>,
}

/// Whether `arg` of `kartka quiz` or `kartka check` names a quiz file rather than a deck.
pub fn is_quiz_file(path: &Path) -> bool {
    let name = path.to_string_lossy();
    // Only a `.toml` file can hold a `[quiz]` table: a deck id is never read as a file.
    file::is_quiz_file(&name, None)
        || (name.ends_with(".toml")
            && path.is_file()
            && std::fs::read_to_string(path).is_ok_and(|t| file::is_quiz_file(&name, Some(&t))))
}

/// The deck a quiz names, as `Catalog::resolve` takes it: a path is relative to the quiz file.
fn deck_query(quiz_path: &Path, deck: &str) -> String {
    let looks_like_path = deck.contains(['/', '\\']) || deck.ends_with(".toml");
    match quiz_path.parent() {
        Some(dir) if looks_like_path && Path::new(deck).is_relative() => {
            dir.join(deck).to_string_lossy().into_owned()
        }
        _ => deck.to_string(),
    }
}

/// Where a quiz's results go: its `results` folder (relative to the quiz file), or `<config dir>/results`.
pub fn results_folder(env: &Env, quiz_path: &Path, quiz: &QuizFile) -> Result<PathBuf, Error> {
    match &quiz.results {
        Some(folder) => Ok(quiz_path.parent().unwrap_or(Path::new("")).join(folder)),
        None => Ok(env.home.as_deref().ok_or(Error::NoHome)?.join("results")),
    }
}

/// Reads and checks a quiz file, and the quiz against its deck.
pub fn check(env: &Env, path: &Path) -> Result<Checked, Error> {
    let text = DeckFile::read(path, Origin::Path(path.to_path_buf()))?
        .text
        .into_owned();
    check_text(env, path, text)
}

/// Checks the text of the quiz file at `path`, and the quiz against its deck.
pub fn check_text(env: &Env, path: &Path, text: String) -> Result<Checked, Error> {
    let parsed = file::parse(&text);
    let mut diagnostics = parsed.diagnostics;
    let mut deck = None;
    if let Some((query, span)) = parsed.deck {
        let found = Catalog::load(env.home.as_deref())
            .and_then(|c| c.resolve(&deck_query(path, &query)))
            .and_then(|entry| entry.deck());
        match found {
            Ok(found) => deck = Some(found),
            // Whatever keeps the deck from being used is a mistake in the quiz file's `deck`.
            Err(e) => diagnostics.push(
                Diagnostic::error(e.to_string())
                    .at(span, "the quiz draws from this deck")
                    .help_opt(e.help()),
            ),
        }
    }
    if let Some(deck) = &deck {
        diagnostics.extend(file::check_against(&parsed.wanted, deck));
    }
    diagnostics.sort_by_key(|d| {
        (
            d.primary.as_ref().map_or(usize::MAX, |(s, _)| s.start),
            d.severity,
        )
    });
    let ok = !diagnostics.iter().any(Diagnostic::is_error);
    Ok(Checked {
        text,
        diagnostics,
        quiz: parsed.quiz.zip(deck).filter(|_| ok),
    })
}

/// A quiz file ready to run, or an error that carries its rendered diagnostics.
pub fn load(env: &Env, path: &Path) -> Result<(QuizFile, Deck), Error> {
    let checked = check(env, path)?;
    match checked.quiz {
        Some(quiz) => Ok(quiz),
        None => {
            let errors: Vec<Diagnostic> = checked
                .diagnostics
                .into_iter()
                .filter(Diagnostic::is_error)
                .collect();
            Err(Error::InvalidQuiz {
                path: path.to_path_buf(),
                count: errors.len(),
                report: render_all(
                    &errors,
                    &path.display().to_string(),
                    &checked.text,
                    anstream::AutoStream::choice(&std::io::stderr())
                        != anstream::ColorChoice::Never,
                ),
            })
        }
    }
}
