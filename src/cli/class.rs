//! `kartka class join FILE` and `kartka class leave`: the class a student's answers are sent to.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Subcommand;

use super::{EXIT_OK, Env};
use crate::Error;
use crate::class;
use crate::config::Config;
use crate::sanitize;

#[derive(Debug, Subcommand)]
pub enum Action {
    /// Join the class of a class file your teacher gave you (it is copied into config.toml).
    #[command(after_help = "Examples:\n  kartka class join 7b-ann.class.toml\n\n\
                            A class file is a [class] table: name, lrs (the Learning Record Store's xAPI \
                            endpoint), username, password and student. config.toml keeps it readable by you only; \
                            `kartka config` shows it without the password.")]
    Join {
        /// The class file.
        file: PathBuf,
    },
    /// Leave the class: nothing is sent anywhere any more.
    Leave,
}

pub fn run(out: &mut impl Write, env: &Env, action: &Action) -> Result<u8, Error> {
    let home = env.home.as_deref().ok_or(Error::NoHome)?;
    // A config.toml with mistakes is reported before it is changed, not rewritten around them.
    let before = Config::load(Some(home))?.class;
    let line = match action {
        Action::Join { file } => join(home, file, before)?,
        Action::Leave => match before {
            Some(old) if class::remove(home)? => format!(
                "Left {}: nothing is sent to its LRS any more.",
                sanitize::for_terminal(&old.name)
            ),
            _ => "You are not in a class.".to_string(),
        },
    };
    writeln!(out, "{line}").map_err(Error::Output)?;
    Ok(EXIT_OK)
}

fn join(home: &Path, file: &Path, before: Option<class::Class>) -> Result<String, Error> {
    let class = class::load_file(file)?;
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
