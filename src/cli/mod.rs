//! The command line: argument definitions and one module per command. `main.rs` only calls [`run`].

mod check;
mod decks;
mod show;
mod style;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};

use crate::Error;

/// Exit status: everything fine.
pub const EXIT_OK: u8 = 0;
/// Exit status: problems found (a deck with errors) or the command could not do its work.
pub const EXIT_FAILURE: u8 = 1;
/// Exit status: the command line itself was wrong (clap's own code for usage errors).
pub const EXIT_USAGE: u8 = 2;

#[derive(Debug, Parser)]
#[command(
    name = "kartka",
    version,
    about = "Flashcards and quizzes in the terminal",
    long_about = "kartka studies TOML decks of questions in the terminal: flash cards, typed answers, \
                  multiple choice, numbers, cloze deletions, ordering and matching.",
    after_help = "Examples:\n  kartka decks                 list the decks kartka knows\n  kartka show example          \
                  print a deck with its answers\n  kartka check my-deck.toml    report every problem in a deck\n\n\
                  Decks are found built in, in <config dir>/decks/, and at any path given. KARTKA_HOME sets the \
                  config directory.",
    arg_required_else_help = true
)]
pub struct Cli {
    /// When to use colour: auto (only on a terminal, and never with NO_COLOR), always or never.
    #[arg(long, global = true, value_enum, default_value_t = Color::Auto, value_name = "WHEN")]
    pub color: Color,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Color {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate decks and report every problem, with file, line and column.
    #[command(
        after_help = "Examples:\n  kartka check                 check every known deck\n  \
                            kartka check decks/          check every .toml file in a folder\n  \
                            kartka check --strict a.toml fail on warnings too\n\n\
                            Exit status: 0 when there are no errors, 1 when there are."
    )]
    Check {
        /// Deck files or folders of them; every known deck when none is given.
        paths: Vec<PathBuf>,
        /// Treat warnings as errors.
        #[arg(long)]
        strict: bool,
    },
    /// List every known deck: id, title, card count, kinds and where it comes from.
    #[command(after_help = "Examples:\n  kartka decks\n  kartka decks --json | jq '.[].id'")]
    Decks {
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Print a deck's cards with their answers, for proof-reading.
    #[command(after_help = "Examples:\n  kartka show example\n  kartka show path/to/deck.toml")]
    Show {
        /// A deck id, or a path to a deck file.
        deck: String,
    },
    /// Print a shell completion script.
    #[command(
        after_help = "Examples:\n  kartka completions bash > ~/.local/share/bash-completion/completions/kartka\n  \
                            kartka completions zsh > ~/.zfunc/_kartka\n  \
                            kartka completions fish > ~/.config/fish/completions/kartka.fish"
    )]
    Completions { shell: clap_complete::Shell },
}

/// "1 card", "2 cards".
fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// What the commands need from the environment, read once at the edge.
#[derive(Debug, Clone)]
pub struct Env {
    /// The config directory; `None` when none can be found (decks there are then simply absent).
    pub home: Option<PathBuf>,
}

impl Env {
    /// `KARTKA_HOME` when set, else the platform's config directory for kartka.
    pub fn from_process() -> Env {
        let home = std::env::var_os("KARTKA_HOME")
            .filter(|h| !h.is_empty())
            .map(PathBuf::from)
            .or_else(|| {
                directories::ProjectDirs::from("", "", "kartka")
                    .map(|d| d.config_dir().to_path_buf())
            });
        Env { home }
    }
}

/// Runs a parsed command line and returns the process's exit status.
pub fn run(cli: Cli, env: &Env) -> ExitCode {
    anstream::ColorChoice::write_global(match cli.color {
        Color::Auto => anstream::ColorChoice::Auto,
        Color::Always => anstream::ColorChoice::Always,
        Color::Never => anstream::ColorChoice::Never,
    });
    let mut out = anstream::stdout();
    let result = match cli.command {
        Command::Check { paths, strict } => check::run(&mut out, env, &paths, strict),
        Command::Decks { json } => decks::run(&mut out, env, json),
        Command::Show { deck } => show::run(&mut out, env, &deck),
        Command::Completions { shell } => {
            clap_complete::generate(shell, &mut Cli::command(), "kartka", &mut out);
            Ok(EXIT_OK)
        }
    };
    let _ = out.flush();
    match result {
        Ok(code) => ExitCode::from(code),
        // The reader went away (`kartka show x | head`): nothing is wrong and nothing more can be said.
        Err(Error::Output(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => {
            ExitCode::from(EXIT_OK)
        }
        Err(e) => {
            report(&e);
            ExitCode::from(EXIT_FAILURE)
        }
    }
}

/// Prints an error the way every kartka command does: one line, then what to do about it.
pub fn report(e: &Error) {
    let mut err = anstream::stderr();
    if let Some(details) = e.details() {
        let _ = write!(err, "{details}");
    }
    let text = crate::sanitize::for_terminal(&e.to_string()).into_owned();
    let _ = writeln!(
        err,
        "{}error:{} {text}",
        style::ERROR.render(),
        style::ERROR.render_reset()
    );
    if let Some(help) = e.help() {
        let help = crate::sanitize::for_terminal(&help).into_owned();
        let _ = writeln!(
            err,
            "{}help:{} {help}",
            style::HELP.render(),
            style::HELP.render_reset()
        );
    }
}
