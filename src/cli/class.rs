//! `kartka class join FILE` and `kartka class leave`: the class a student's answers are sent to; and
//! `kartka class` alone: the class's study progress, read from its LRS with the teacher's account.

use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Subcommand;

use super::{EXIT_OK, Env};
use crate::Error;
use crate::class::{self, Class};
use crate::config::Config;
use crate::report::render::Format;
use crate::xapi::read::{Account, StudyAnswer};
use crate::{lrs, sanitize, xapi};

#[derive(Debug, Clone, clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct Args {
    #[command(subcommand)]
    pub action: Option<Action>,
    /// How to write the class's progress.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Write the progress to this file instead of standard output.
    #[arg(long, value_name = "PATH")]
    pub out: Option<PathBuf>,
    /// The class files you handed out (files, or folders of `.toml` files): students who never studied are
    /// listed too.
    #[arg(long, value_name = "PATH")]
    pub roster: Vec<PathBuf>,
}

#[derive(Debug, Clone, Subcommand)]
pub enum Action {
    /// Join the class of a class file your teacher gave you (it is copied into config.toml).
    #[command(after_help = "Examples:\n  kartka class join 7b-ann.class.toml\n\n\
                            A class file is a [class] table: name, lrs (the Learning Record Store's xAPI \
                            endpoint), username, password and student. config.toml keeps it readable by you only; \
                            `kartka config` shows it without the password.")]
    Join {
        /// The class file.
        file: PathBuf,
        /// Drop the statements still waiting for the class you are in, when its LRS cannot take them now.
        #[arg(long)]
        discard: bool,
    },
    /// Leave the class: nothing is sent anywhere any more.
    Leave {
        /// Drop the statements still waiting for the class, when its LRS cannot take them now.
        #[arg(long)]
        discard: bool,
    },
}

pub fn run(out: &mut impl Write, env: &Env, args: &Args) -> Result<u8, Error> {
    let Some(action) = &args.action else {
        return progress(out, env, args);
    };
    let home = env.home.as_deref().ok_or(Error::NoHome)?;
    // A config.toml with mistakes is reported before it is changed, not rewritten around them.
    let before = Config::load(Some(home))?.class;
    let line = match action {
        Action::Join { file, discard } => join(out, home, file, before, *discard)?,
        Action::Leave { discard } => match before {
            Some(old) => {
                settle_outbox(out, home, &old, *discard)?;
                class::remove(home)?;
                format!(
                    "Left {}: nothing is sent to its LRS any more.",
                    sanitize::for_terminal(&old.name)
                )
            }
            None => "You are not in a class.".to_string(),
        },
    };
    writeln!(out, "{line}").map_err(Error::Output)?;
    Ok(EXIT_OK)
}

/// Before leaving `old` (for no class, another class or another account), its waiting statements are sent, or dropped
/// when `discard` says so: left waiting, they would go to the next class's LRS, as its student.
fn settle_outbox(
    out: &mut impl Write,
    home: &Path,
    old: &Class,
    discard: bool,
) -> Result<(), Error> {
    let path = home.join(crate::store::FILE_NAME);
    if !path.exists() {
        return Ok(());
    }
    let mut store = crate::store::Store::open(&path)?;
    if store.outbox_counts()?.waiting == 0 {
        return Ok(());
    }
    let name = sanitize::for_terminal(&old.name).into_owned();
    if discard {
        let n = store.outbox_discard_waiting()?;
        return writeln!(
            out,
            "Dropped {} waiting for {name}.",
            super::plural(n, "statement")
        )
        .map_err(Error::Output);
    }
    let sent = lrs::send_all(&mut store, old)?;
    let waiting = store.outbox_counts()?.waiting;
    match sent {
        Ok(s) if waiting == 0 => {
            if s.sent > 0 {
                writeln!(
                    out,
                    "Sent {} to {name} first.",
                    super::plural(s.sent, "statement")
                )
                .map_err(Error::Output)?;
            }
            Ok(())
        }
        Ok(_) => Err(Error::OutboxWaiting {
            class: name,
            waiting,
            why: "some were queued while sending".into(),
        }),
        Err(e) => Err(Error::OutboxWaiting {
            class: name,
            waiting,
            why: e.to_string(),
        }),
    }
}

fn join(
    out: &mut impl Write,
    home: &Path,
    file: &Path,
    before: Option<class::Class>,
    discard: bool,
) -> Result<String, Error> {
    let class = class::load_file(file)?;
    // The same class and account at a new address (the school moved its LRS) keeps its statements.
    if let Some(old) = before
        .as_ref()
        .filter(|old| old.name != class.name || old.username != class.username)
    {
        settle_outbox(out, home, old, discard)?;
    }
    let path = class::save(home, &class)?;
    let left = match before {
        Some(old) if old.name != class.name => {
            format!("Left {}. ", sanitize::for_terminal(&old.name))
        }
        _ => String::new(),
    };
    Ok(format!(
        "{left}Joined {} as {} (LRS {}), saved in {}.",
        sanitize::for_terminal(&class.name),
        sanitize::for_terminal(&class.student),
        sanitize::for_terminal(&class.lrs),
        sanitize::path(&path)
    ))
}

/// `kartka class`: each student's study, read from the LRS.
fn progress(out: &mut impl Write, env: &Env, args: &Args) -> Result<u8, Error> {
    let class = super::report::teachers_class(env, "`kartka class`")?;
    let now = env.clock()?.now();
    let roster = roster(&args.roster)?;
    let answers = study_answers(&class)?;
    let progress = class::progress::progress(&class.name, now, &answers, &roster);
    let text = class::render::render(&progress, args.format);
    super::write_out(out, args.out.as_deref(), &text)?;
    Ok(EXIT_OK)
}

/// Every study answer of the class the LRS holds, each once.
fn study_answers(class: &Class) -> Result<Vec<StudyAnswer>, Error> {
    let class_iri = xapi::class_iri(&class.name);
    let query = lrs::Query {
        class: &class_iri,
        verb: Some("http://adlnet.gov/expapi/verbs/answered"),
    };
    let mut seen = HashSet::new();
    let mut answers = Vec::new();
    lrs::read_statements(class, &query, &mut |raw| {
        if let Some((id, a)) = xapi::read::study_answer(raw.get(), &class_iri)
            && seen.insert(id)
        {
            answers.push(a);
        }
    })
    .map_err(|source| Error::LrsRead {
        source,
        class: sanitize::for_terminal(&class.name).into_owned(),
    })?;
    Ok(answers)
}

/// The students of the class files at `paths`.
fn roster(paths: &[PathBuf]) -> Result<Vec<Account>, Error> {
    let mut out = Vec::new();
    for path in paths {
        for file in crate::deck::catalog::files_with_extension(path, "toml")? {
            let c = class::load_file(&file)?;
            out.push(Account {
                username: c.username,
                name: c.student,
            });
        }
    }
    Ok(out)
}
