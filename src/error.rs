use std::path::PathBuf;

use thiserror::Error;

/// What can go wrong outside a deck's own content (which is reported as [`crate::deck::Diagnostic`]s).
#[derive(Debug, Error)]
pub enum Error {
    #[error("cannot read `{path}`: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("`{path}` is larger than kartka reads ({} MB at most)", limit / (1024 * 1024))]
    TooLarge { path: PathBuf, limit: usize },
    #[error("`{path}` is a {kind}, not a regular file")]
    NotAFile { path: PathBuf, kind: &'static str },
    #[error("`{path}` is not valid UTF-8 text")]
    NotUtf8 { path: PathBuf },
    #[error("no deck `{query}`")]
    UnknownDeck {
        query: String,
        suggestion: Option<String>,
    },
    #[error("two decks have the id `{id}`: {first} and {second}")]
    DuplicateDeck {
        id: String,
        first: String,
        second: String,
    },
    #[error("the deck {origin} has {errors} error{}", if *errors == 1 { "" } else { "s" })]
    InvalidDeck { origin: String, errors: usize },
    #[error("the cached copy of deck `{deck}` cannot be read")]
    DeckCache { deck: String },
    #[error("no config directory: neither KARTKA_HOME nor a home directory is set")]
    NoHome,
    #[error("cannot write output: {0}")]
    Output(std::io::Error),
    #[error("invalid FSRS parameters: {0}")]
    Parameters(String),
    #[error("cannot create the config directory `{path}`: {source}")]
    ConfigDir {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the progress store `{path}` cannot be used: {source}")]
    Store {
        path: PathBuf,
        source: rusqlite::Error,
    },
    #[error(
        "{path} was written by a newer kartka (store version {found}; this kartka reads up to {supported})"
    )]
    StoreTooNew {
        path: PathBuf,
        found: i64,
        supported: i64,
    },
    #[error("the progress store `{path}` is damaged")]
    StoreDamaged {
        path: PathBuf,
        backup: Option<PathBuf>,
    },
    #[error("cannot write the progress store `{path}`: it or its folder is read-only")]
    StoreReadOnly { path: PathBuf },
    #[error("the progress store `{path}` cannot be opened: there is {what} in its place")]
    StoreNotAFile { path: PathBuf, what: String },
    #[error("`{path}` is not a progress store this kartka made ({detail})")]
    StoreSchema { path: PathBuf, detail: String },
    #[error("the results file could not be written: {reason}")]
    ResultsNotWritten { reason: Box<Error> },
    #[error("`{path}` is not a kartka backup: it holds no progress store")]
    NotABackup { path: PathBuf },
    #[error("another kartka is using the progress store `{path}`")]
    StoreBusy { path: PathBuf },
    #[error(
        "the restore of `{path}` stopped half-way ({source}); your previous store is safe in `{kept}`"
    )]
    RestoreInterrupted {
        path: PathBuf,
        kept: PathBuf,
        source: std::io::Error,
    },
    #[error("the disk is full: `{path}` cannot grow")]
    DiskFull { path: PathBuf },
    #[error("the config file `{path}` has {count} error{}", if *count == 1 { "" } else { "s" })]
    InvalidConfig {
        path: PathBuf,
        count: usize,
        /// The rendered diagnostics, printed before the error line.
        report: String,
    },
    #[error("the quiz file `{path}` has {count} error{}", if *count == 1 { "" } else { "s" })]
    InvalidQuiz {
        path: PathBuf,
        count: usize,
        /// The rendered diagnostics, printed before the error line.
        report: String,
    },
    #[error("the class file `{path}` has {count} error{}", if *count == 1 { "" } else { "s" })]
    InvalidClass {
        path: PathBuf,
        count: usize,
        /// The rendered diagnostics, printed before the error line.
        report: String,
    },
    #[error("{source}")]
    Lrs {
        source: crate::lrs::LrsError,
        /// The class's name, for the help line.
        class: String,
        /// Statements still waiting.
        waiting: usize,
    },
    #[error("{waiting} statement{} still wait to be sent to {class}, and its LRS cannot take them now: {why}", if *waiting == 1 { "" } else { "s" })]
    OutboxWaiting {
        class: String,
        waiting: usize,
        why: String,
    },
    /// Reading the class's statements (`report --lrs`, `kartka class`) failed.
    #[error("{source}")]
    LrsRead {
        source: crate::lrs::LrsError,
        class: String,
    },
    #[error("statement {id} read from the LRS carries results that are not valid: {problem}")]
    InvalidLrsResults { id: String, problem: String },
    #[error("you have used {used} of {allowed} attempt{} at {title}", if *allowed == 1 { "" } else { "s" })]
    NoAttemptsLeft {
        title: String,
        used: usize,
        allowed: u32,
    },
    #[error("{0}")]
    Terminal(String),
    #[error("`{path}` is not a valid results file: {problem}")]
    InvalidResults { path: PathBuf, problem: String },
    #[error("`{path}` already exists")]
    Exists { path: PathBuf },
    #[error("cannot write `{path}`: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{0}")]
    Usage(String),
    #[error("cannot write deck `{deck}` as an Anki package: {message}")]
    Package { deck: String, message: String },
    #[error("cannot import {origin}{}: {message}", line.map(|l| format!(", line {l}")).unwrap_or_default())]
    Import {
        origin: String,
        line: Option<usize>,
        message: String,
    },
    /// A file given as one format that is not that format at all (what it is instead in `why`).
    #[error("not {format}: {why}")]
    NotFormat { format: &'static str, why: String },
    #[error("deck `{deck}` has no card `{item}`")]
    UnknownItem {
        deck: String,
        item: String,
        suggestion: Option<String>,
    },
    #[error(
        "not enough review history to fit FSRS parameters: {have} of the {need} spaced reviews needed"
    )]
    NotEnoughHistory { have: usize, need: usize },
}

impl Error {
    /// Text to print before the one-line message, such as a config file's rendered diagnostics.
    pub fn details(&self) -> Option<&str> {
        match self {
            Error::InvalidConfig { report, .. }
            | Error::InvalidQuiz { report, .. }
            | Error::InvalidClass { report, .. } => Some(report),
            _ => None,
        }
    }

    /// What the user can do about it.
    pub fn help(&self) -> Option<String> {
        match self {
            Error::UnknownDeck { suggestion, .. } => Some(match suggestion {
                Some(s) => format!("did you mean `{s}`? `kartka decks` lists every deck"),
                None => "`kartka decks` lists every deck; a path to a .toml file works too".into(),
            }),
            Error::DuplicateDeck { .. } => Some(
                "deck ids must be unique: change the `id` in one of the `[deck]` tables".into(),
            ),
            Error::InvalidDeck { origin, .. } => {
                Some(format!("run `kartka check {origin}` to see every problem"))
            }
            Error::DeckCache { .. } => Some(
                "delete the `cache` folder in the config directory (`kartka config` shows where); kartka rebuilds it from the deck files".into(),
            ),
            Error::NoHome => {
                Some("set KARTKA_HOME to the directory kartka should keep its files in".into())
            }
            Error::Parameters(_) => {
                Some("remove `parameters` from config.toml to use the defaults".into())
            }
            Error::ConfigDir { .. } => {
                Some("set KARTKA_HOME to a directory you can write to, or fix the permissions".into())
            }
            Error::Store { .. } => Some(
                "check that the disk is healthy and has room, and that no other program holds the file; \
                 `kartka config` shows where the store is"
                    .into(),
            ),
            Error::StoreDamaged { backup: Some(b), .. } => Some(format!(
                "run `kartka restore` to put back the latest backup, {}; the damaged file is kept beside it",
                b.display()
            )),
            Error::StoreDamaged { backup: None, .. } => Some(
                "there is no backup to restore: move the file aside to start afresh (your decks are not affected)".into(),
            ),
            Error::StoreReadOnly { .. } => Some(
                "set KARTKA_HOME to a directory you can write to, or fix the permissions; nothing was changed".into(),
            ),
            Error::StoreNotAFile { .. } => Some(
                "move it away (your progress, if any, is not in it), or set KARTKA_HOME to another folder; \
                 nothing was changed"
                    .into(),
            ),
            Error::StoreSchema { .. } => Some(
                "move the file aside and kartka starts a new store, or put back a backup with `kartka restore`; \
                 nothing was changed"
                    .into(),
            ),
            Error::ResultsNotWritten { .. } => Some(
                "the answers and the score are kept in the progress store: once the folder can be written, \
                 run `kartka results --write` (or `kartka results --write --out FOLDER` for another folder)"
                    .into(),
            ),
            Error::NotABackup { .. } => Some(
                "name one of the files `kartka backup --list` shows; nothing was changed".into(),
            ),
            Error::StoreBusy { .. } => Some(
                "finish the study session or quiz that has it open (or wait for the command), then run `kartka restore` again; nothing was changed".into(),
            ),
            Error::RestoreInterrupted { path, kept, .. } => Some(format!(
                "move `{}` back to `{}` by hand (with its -wal and -shm files, if any), or run `kartka restore` again",
                kept.display(),
                path.display()
            )),
            Error::DiskFull { .. } => {
                Some("free some space and try again; the store is as it was before this answer".into())
            }
            Error::StoreTooNew { .. } => {
                Some("update kartka to use this store; it was left exactly as it was".into())
            }
            Error::InvalidConfig { .. } => Some("fix the file, or remove it to use the defaults".into()),
            Error::Lrs {
                source,
                class,
                waiting,
            } => {
                let kept = format!(
                    "{waiting} statement{} waiting to be sent to {class} {} kept; `kartka sync` sends them",
                    if *waiting == 1 { "" } else { "s" },
                    if *waiting == 1 { "is" } else { "are" },
                );
                Some(match source {
                    crate::lrs::LrsError::Credentials { .. } => format!(
                        "check `username` and `password` under [class] in config.toml, or join again with your teacher's class file; {kept}"
                    ),
                    _ => kept,
                })
            }
            Error::OutboxWaiting { class, .. } => Some(format!(
                "you are still in {class}: `kartka sync` sends them once its LRS is back; or add --discard to drop \
                 them (left waiting, they would be sent to the next class's LRS as you)"
            )),
            Error::LrsRead { source, class } => Some(match source {
                crate::lrs::LrsError::Refused { .. } => "check `username` and `password` under [class] in config.toml: \
                     reading every student's statements needs the teacher's LRS account (one allowed to read all \
                     statements, such as Ralph's scope `statements/read`); a student's account may send and read only \
                     its own"
                    .into(),
                crate::lrs::LrsError::Unreachable { .. } => format!(
                    "check `lrs` under [class] in config.toml and that {class}'s LRS is up, then try again"
                ),
                _ => format!("nothing was changed; try again later, or ask {class}'s LRS administrator"),
            }),
            Error::InvalidLrsResults { .. } => Some(
                "pass --skip-invalid to report without it; a student's kartka sent it, or another tool wrote it".into(),
            ),
            Error::InvalidClass { .. } => Some(
                "the class file is as your teacher wrote it: ask them for a corrected one; nothing was changed".into(),
            ),
            Error::InvalidQuiz { .. } => {
                Some("fix the quiz file; `kartka help quiz-format` describes it".into())
            }
            Error::NoAttemptsLeft { .. } => {
                Some("the quiz allows no more; ask your teacher if you need another".into())
            }
            Error::InvalidResults { .. } => {
                Some("fix or remove the file, or pass --skip-invalid to report without it".into())
            }
            Error::UnknownItem { suggestion, deck, .. } => Some(match suggestion {
                Some(s) => format!("did you mean `{s}`? `kartka show {deck}` lists the cards"),
                None => format!("`kartka show {deck}` lists the cards"),
            }),
            Error::Import { .. } => {
                Some("fix the file there, or see `kartka import --help` for the formats kartka reads".into())
            }
            Error::NotFormat { format, .. } => Some(format!(
                "check that this is the file you meant; `kartka import --help` says which {format} files kartka reads"
            )),
            Error::Exists { .. } => Some("choose another --out, or pass --force to replace it".into()),
            Error::NotEnoughHistory { have, need } => Some(format!(
                "a spaced review is one made a day or more after the card's previous review, from the card's \
                 second such review on; study for {} more of them, then run `kartka optimize` again",
                need - have
            )),
            Error::TooLarge { .. } => Some("split it into smaller files".into()),
            Error::NotAFile { .. } => Some("name a file, or a folder of them".into()),
            Error::Package { .. } => {
                Some("check that the temporary folder (TMPDIR) has room and can be written".into())
            }
            Error::Read { .. }
            | Error::NotUtf8 { .. }
            | Error::Output(_)
            | Error::Terminal(_)
            | Error::Write { .. }
            | Error::Usage(_) => None,
        }
    }
}
