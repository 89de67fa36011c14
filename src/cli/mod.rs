//! The command line: argument definitions and one module per command. `main.rs` only calls [`run`].

pub(crate) mod authoring;
mod backup;
mod check;
mod class;
mod config;
mod decks;
mod env;
mod help;
mod interop;
mod menu;
mod optimize;
mod plan;
mod practice;
mod quiz;
mod quiz_file;
mod quiz_resume;
mod report;
mod results;
mod show;
mod stats;
mod study;
mod suspend;
mod sync;
mod undo;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};

pub use env::Env;
use env::prompter;

use crate::Error;
use crate::style;

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
    disable_help_subcommand = true,
    about = "Flashcards and quizzes in the terminal",
    long_about = "kartka studies TOML decks of questions in the terminal: flash cards, typed answers, \
                  multiple choice, numbers, cloze deletions, ordering and matching.",
    after_help = "Examples:\n  kartka                       pick a deck and study (on a terminal)\n  \
                  kartka study                 study every deck's due cards\n  \
                  kartka decks                 list the decks kartka knows\n  kartka show example          \
                  print a deck with its answers\n  kartka check my-deck.toml    report every problem in a deck\n\n\
                  Decks are found built in, in <config dir>/decks/, and at any path given. KARTKA_HOME sets the \
                  config directory; KARTKA_NOW (an RFC 3339 time) fixes the clock for tests and demonstrations.\n\n\
                  `kartka help deck-format` prints the deck file reference."
)]
pub struct Cli {
    /// When to use colour: auto (only on a terminal, and never with NO_COLOR), always or never.
    #[arg(long, global = true, value_enum, default_value_t = Color::Auto, value_name = "WHEN")]
    pub color: Color,

    /// The deck menu as plain numbered lines even on a terminal (for screen readers).
    #[arg(long)]
    pub plain: bool,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Color {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Study due cards with spaced repetition (FSRS), saving every answer as you go.
    #[command(
        after_help = "Examples:\n  kartka study                     every deck\n  \
                            kartka study belarus-htp         one deck, by id\n  \
                            kartka study --tag dates --limit 10\n  \
                            kartka study my-deck.toml --new 5\n\n\
                            On a terminal: pick answers from lists or type them; Esc or Ctrl-C stops.\n\
                            Without a terminal (or with --plain) each question is printed and read as one line of \
                            input: the answer (any line reveals a flash card), then the rating (1-4, \
                            again/hard/good/easy, or empty for the suggested one). `q` or the end of input stops."
    )]
    Study(study::Options),
    /// Take a quiz: a reproducible test drawn from a deck, scored, with a results file for the teacher.
    #[command(
        after_help = "Examples:\n  kartka quiz belarus-htp --count 10 --seed 7b-2026\n  \
                            kartka quiz belarus-htp --seed 7b --per-student --time-limit 15m --name \"Ann Smith\"\n  \
                            kartka quiz example --feedback each\n  \
                            kartka quiz htp-test.quiz.toml --name \"Ann Smith\"   a quiz file sets the rest\n\n\
                            The same --seed draws the same questions, in the same order, with the same option \
                            order, on any machine; --per-student mixes in the student's name. Results go to \
                            <config dir>/results/ unless --out (or a quiz file's `results`) says otherwise, and are \
                            never overwritten without --force. `kartka report` reads them. A quiz file \
                            (`kartka new --quiz`, `kartka help quiz-format`) also limits attempts and sets what \
                            students see after submitting."
    )]
    Quiz(quiz::Args),
    /// Turn quiz results into a class report: students, item analysis, mastery per tag.
    #[command(
        after_help = "Examples:\n  kartka report                    the quizzes taken on this machine\n  \
                            kartka report class-7b/ --format html --out class-7b.html\n  \
                            kartka report class-7b/ --format csv --table grid > grades.csv   a score per question\n  \
                            kartka report class-7b/ --format csv --out marks/   every table, a CSV file each\n  \
                            kartka report class-7b/ --table answers --attempts best   each student's answers\n  \
                            kartka report --lrs --quiz htp-test   the class's attempts, read from its LRS\n\n\
                            Facility is the mean score (0 to 1): above 0.9 too easy, below 0.2 too hard \
                            (flagged from 5 answers). Discrimination is 100 × the correlation between a \
                            question's score and the rest of the test (as Moodle defines it): zero or negative \
                            is flagged (from 10 answers). The JSON adds Moodle's test statistics (mean, \
                            median, SD, skewness, kurtosis, Cronbach's alpha, error ratio, standard error) and \
                            per question SD, random guess score, discriminative efficiency and response \
                            frequencies. Results from different versions of a deck are reported separately."
    )]
    Report(report::Args),
    /// Write the results files of quiz attempts that could not be written when they ended.
    #[command(
        after_help = "Examples:\n  kartka results                   list attempts without a results file\n  \
                            kartka results --write           write them to <config dir>/results\n  \
                            kartka results --write --out /mnt/class-7b\n\n\
                            A quiz saves each answer in the progress store as it is given; when its results file \
                            cannot be written (a full disk, a folder without write permission), the attempt stays \
                            there until this command writes it."
    )]
    Results {
        /// Write the files now.
        #[arg(long)]
        write: bool,
        /// The folder to write them to (`<config dir>/results` when not given).
        #[arg(long, value_name = "FOLDER", requires = "write")]
        out: Option<PathBuf>,
    },
    /// Show how study is going: card states, what is due, history, streaks, retention, hardest cards.
    #[command(
        after_help = "Examples:\n  kartka stats\n  kartka stats belarus-htp --json\n  kartka stats --ascii\n\n\
                            True retention is Anki's: the first review of a review card each day, where Again \
                            fails and Hard, Good and Easy pass; a card is mature from an interval of 21 days. \
                            Charts use Unicode blocks when the locale is UTF-8, ASCII otherwise."
    )]
    Stats {
        /// Deck ids or paths; every known deck when none is given.
        decks: Vec<String>,
        /// Print every figure as JSON.
        #[arg(long)]
        json: bool,
        /// Draw charts with ASCII characters only.
        #[arg(long)]
        ascii: bool,
    },
    /// Fit FSRS parameters to your own review history, and use them when they predict your recall better.
    #[command(
        after_help = "Examples:\n  kartka optimize                  one fit over all history, saved globally\n  \
                            kartka optimize belarus-htp      a fit for this deck, saved under [decks.belarus-htp]\n\n\
                            Log loss and RMSE (lower is better) are measured on the same history for the default, \
                            the current and the fitted parameters; config.toml is changed only when the fit is \
                            better, keeping the rest of the file as it was. `kartka config` shows the parameters \
                            in use."
    )]
    Optimize {
        /// Deck ids or paths to fit separately; all history together when none is given.
        decks: Vec<String>,
    },
    /// Leave cards out of study sessions until they are unsuspended.
    #[command(
        after_help = "Examples:\n  kartka suspend belarus-htp htp-founded-year\n  \
                            kartka suspend belarus-htp --leeches     every card tagged leech\n\n\
                            A card id stands for all its items: both sides of a reversed flash card, every \
                            cloze deletion; `card#c2` names one."
    )]
    Suspend {
        /// A deck id or path.
        deck: String,
        /// Card or item ids.
        cards: Vec<String>,
        /// Suspend every leech of the deck.
        #[arg(long)]
        leeches: bool,
    },
    /// Bring suspended cards back into study.
    #[command(
        after_help = "Examples:\n  kartka unsuspend belarus-htp htp-founded-year\n  kartka unsuspend belarus-htp --all"
    )]
    Unsuspend {
        /// A deck id or path.
        deck: String,
        /// Card or item ids.
        cards: Vec<String>,
        /// Unsuspend every suspended card of the deck.
        #[arg(long)]
        all: bool,
    },
    /// Back up the progress store now (one backup a day is also made when you study).
    #[command(after_help = "Examples:\n  kartka backup\n  kartka backup --list\n\n\
                            Backups are consistent copies (SQLite's online backup) in <config dir>/backups/, \
                            readable by you only; the newest seven are kept.")]
    Backup {
        /// List the backups instead of making one.
        #[arg(long)]
        list: bool,
    },
    /// Put a backup in the progress store's place (the latest when none is named).
    #[command(
        after_help = "Examples:\n  kartka restore\n  kartka restore ~/.config/kartka/backups/progress-2026-11-20.sqlite3\n\n\
                            The store it replaces is renamed and kept beside it. Close other kartka sessions first."
    )]
    Restore {
        /// The backup file to restore.
        backup: Option<PathBuf>,
    },
    /// Show the settings in force and where each comes from (config.toml or the default).
    #[command(
        after_help = "Examples:\n  kartka config\n  kartka config belarus-htp\n\n\
                            Settings live in <config dir>/config.toml, globally or under [decks.ID]:\n  \
                            desired_retention = 0.9        # 0.70 to 0.99\n  \
                            new_per_day = 20\n  reviews_per_day = 200\n  \
                            learning_steps = [\"1m\", \"10m\"]\n  relearning_steps = [\"10m\"]\n  \
                            maximum_interval = 36500       # days\n  rollover_hour = 4              # local time\n  \
                            leech_threshold = 8\n  fuzz = true\n  \
                            bury_new = true                # siblings wait for tomorrow\n  \
                            bury_reviews = true\n  bury_interday_learning = true"
    )]
    Config {
        /// Show the settings for this deck id.
        deck: Option<String>,
    },
    /// Join or leave a class (students); see the class's study progress (teachers).
    #[command(
        after_help = "Examples:\n  kartka class join 7b-ann.class.toml\n  kartka class leave\n  \
                            kartka class                       each student's study, read from the class's LRS\n  \
                            kartka class --roster handed-out/ --format html --out 7b.html\n\n\
                            Nothing is sent anywhere unless you joined a class. docs/class.md says what a class \
                            is and what the LRS receives."
    )]
    Class(class::Args),
    /// Send the answers waiting for the class's LRS now.
    #[command(after_help = "Examples:\n  kartka sync\n\n\
                            Answers are queued in the progress store as they are given, and kept until the LRS \
                            has them. Exit status: 0 when everything was sent, 1 when some are kept (the LRS \
                            cannot be reached, refuses the credentials, or refused statements as invalid).")]
    Sync,
    /// Take back your latest answer: the card returns to its state before it. Repeat to go further back.
    #[command(after_help = "Examples:\n  kartka undo\n\n\
                            During a session, type :undo (or press u in a list) at the next question instead. \
                            The last 1000 answers can be undone; an answer of a card answered again since \
                            cannot be, until that later one is.")]
    Undo,
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
    /// Write a new deck file: a commented skeleton with one card of every kind, ready to edit.
    #[command(
        after_help = "Examples:\n  kartka new 7b --title \"Class 7B: the HTP\"   <config dir>/decks/7b.toml, found by id\n  \
                            kartka new history.toml                    a file here, studied by path\n  \
                            kartka new --quiz htp-test                 htp-test.quiz.toml, a quiz file\n\n\
                            The skeleton passes `kartka check` as written. An existing file is never replaced \
                            without --force."
    )]
    New {
        /// A deck file to write, or a bare name (such as 7b) for `<config dir>/decks/NAME.toml`.
        path: PathBuf,
        /// The deck id (from the file name when not given).
        #[arg(long)]
        id: Option<String>,
        /// The deck title (from the file name when not given).
        #[arg(long)]
        title: Option<String>,
        /// Write a quiz file (NAME.quiz.toml) instead: a commented one with every setting.
        #[arg(long)]
        quiz: bool,
        /// Replace an existing file.
        #[arg(long)]
        force: bool,
    },
    /// Make a deck from a CSV or TSV file, a Moodle GIFT or XML question bank, or Anki notes or packages.
    #[command(after_help = interop::IMPORT_HELP)]
    Import {
        /// The file to import.
        file: PathBuf,
        /// The file's format.
        #[arg(long, value_enum, default_value_t = interop::From::Auto)]
        from: interop::From,
        /// Write the deck here (standard output when not given).
        #[arg(long, value_name = "DECK.toml")]
        out: Option<PathBuf>,
        /// The new deck's id (from the file name when not given).
        #[arg(long)]
        id: Option<String>,
        /// The new deck's title (from the file name when not given).
        #[arg(long)]
        title: Option<String>,
        /// Replace an existing --out file.
        #[arg(long)]
        force: bool,
        /// Fail (exit 1, writing nothing) when anything was skipped or changed on the way, for scripts.
        #[arg(long)]
        strict: bool,
        /// Also bring an Anki package's review history into your progress, so that its cards keep their
        /// schedule (a .colpkg, or an .apkg exported with scheduling information).
        #[arg(long)]
        with_history: bool,
    },
    /// Write a deck for Moodle (GIFT, XML), Anki (a package or TSV), a spreadsheet (CSV) or print (Markdown).
    #[command(
        after_help = "Examples:\n  kartka export belarus-htp --to gift --out htp.gift\n  \
                            kartka export belarus-htp --to moodle-xml > htp.xml\n  \
                            kartka export belarus-htp --to apkg --out htp.apkg\n  \
                            kartka export example --to markdown --out handout.md\n\n\
                            What a format cannot carry (an order card in GIFT, units in GIFT, several tags as \
                            one Moodle category) is reported as a warning."
    )]
    Export {
        /// A deck id or path.
        deck: String,
        /// The format to write.
        #[arg(long, value_enum)]
        to: interop::To,
        /// Write here (standard output when not given).
        #[arg(long, value_name = "PATH")]
        out: Option<PathBuf>,
        /// Replace an existing --out file.
        #[arg(long)]
        force: bool,
    },
    /// Print the JSON Schema of the deck format (or the quiz file format), for editors' completion and validation.
    #[command(
        after_help = "Examples:\n  kartka schema > deck.schema.json\n  kartka schema --quiz > quiz.schema.json\n\n\
                            The same schemas are in the repository as schema/deck.schema.json and \
                            schema/quiz.schema.json; docs/deck-format.md shows how to point Even Better TOML \
                            (Taplo) at them."
    )]
    Schema {
        /// The quiz file format's schema instead of the deck format's.
        #[arg(long)]
        quiz: bool,
    },
    /// Print the help of a command, or a reference: `deck-format`, `quiz-format`.
    #[command(
        after_help = "Examples:\n  kartka help study\n  kartka help deck-format | less\n  kartka help quiz-format"
    )]
    Help {
        /// A command, `deck-format` for the deck file reference, or `quiz-format` for quiz files.
        topic: Option<String>,
    },
    /// Print a shell completion script.
    #[command(
        after_help = "Examples:\n  kartka completions bash > ~/.local/share/bash-completion/completions/kartka\n  \
                            kartka completions zsh > ~/.zfunc/_kartka\n  \
                            kartka completions fish > ~/.config/fish/completions/kartka.fish"
    )]
    Completions {
        /// The shell to complete for.
        shell: clap_complete::Shell,
    },
}

/// Text cut to `width` characters, with an ellipsis when it was longer.
fn truncate(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        text.to_string()
    } else {
        let mut s: String = text.chars().take(width.saturating_sub(1)).collect();
        s.push('…');
        s
    }
}

/// "1 card", "2 cards".
fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
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
        None if env.terminal => env
            .clock()
            .and_then(|clock| menu::run(env, &mut *prompter(env, cli.plain), &*clock)),
        None => {
            let _ = Cli::command().print_help();
            return ExitCode::from(EXIT_USAGE);
        }
        Some(Command::Study(options)) => env.clock().and_then(|clock| {
            study::run(env, &options, &mut *prompter(env, options.plain), &*clock)
        }),
        Some(Command::Quiz(args)) => env
            .clock()
            .and_then(|clock| quiz::run(env, &args, &mut *prompter(env, args.plain), &*clock)),
        Some(Command::Report(args)) => report::run(&mut out, env, &args),
        Some(Command::Results { write, out: to }) => {
            results::run(&mut out, env, write, to.as_deref())
        }
        Some(Command::Stats { decks, json, ascii }) => env
            .clock()
            .and_then(|clock| stats::run(&mut out, env, &decks, json, ascii, &*clock)),
        Some(Command::Optimize { decks }) => env
            .clock()
            .and_then(|clock| optimize::run(&mut out, env, &decks, &*clock)),
        Some(Command::Suspend {
            deck,
            cards,
            leeches,
        }) => env.clock().and_then(|clock| {
            let args = suspend::Args {
                deck,
                items: cards,
                all_marked: leeches,
                suspend: true,
            };
            suspend::run(&mut out, env, &args, &*clock)
        }),
        Some(Command::Unsuspend { deck, cards, all }) => env.clock().and_then(|clock| {
            let args = suspend::Args {
                deck,
                items: cards,
                all_marked: all,
                suspend: false,
            };
            suspend::run(&mut out, env, &args, &*clock)
        }),
        Some(Command::New {
            path,
            id,
            title,
            quiz,
            force,
        }) => authoring::new(
            &mut out,
            env,
            &path,
            id.as_deref(),
            title.as_deref(),
            quiz,
            force,
        ),
        Some(Command::Schema { quiz }) => authoring::schema(&mut out, quiz),
        Some(Command::Import {
            file,
            from,
            out: to,
            id,
            title,
            force,
            strict,
            with_history,
        }) => {
            let args = interop::ImportArgs {
                file,
                from,
                out: to,
                id,
                title,
                force,
                strict,
                with_history,
            };
            env.clock()
                .and_then(|clock| interop::import(&mut out, env, &*clock, &args))
        }
        Some(Command::Export {
            deck,
            to,
            out: path,
            force,
        }) => env.clock().and_then(|clock| {
            interop::export(&mut out, env, &deck, to, path.as_deref(), force, &*clock)
        }),
        Some(Command::Backup { list }) => env
            .clock()
            .and_then(|clock| backup::backup(&mut out, env, list, &*clock)),
        Some(Command::Restore { backup: from }) => env
            .clock()
            .and_then(|clock| backup::restore(&mut out, env, from.as_deref(), &*clock)),
        Some(Command::Config { deck }) => config::run(&mut out, env, deck.as_deref()),
        Some(Command::Class(args)) => class::run(&mut out, env, &args),
        Some(Command::Sync) => sync::run(&mut out, env),
        Some(Command::Undo) => env
            .clock()
            .and_then(|clock| undo::run(&mut out, env, &*clock)),
        Some(Command::Check { paths, strict }) => check::run_on_stdout(env, &paths, strict),
        Some(Command::Decks { json }) => decks::run(&mut out, env, json),
        Some(Command::Show { deck }) => show::run(&mut out, env, &deck),
        Some(Command::Help { topic }) => help::run(&mut out, topic.as_deref()),
        Some(Command::Completions { shell }) => {
            // clap_complete panics when its writer fails; a closed pipe must end the command quietly instead.
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "kartka", &mut script);
            out.write_all(&script)
                .map(|()| EXIT_OK)
                .map_err(Error::Output)
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

/// Writes `text` to the file `to`, or to `out` when there is none: where `--out` sends a report.
fn write_out(out: &mut impl Write, to: Option<&std::path::Path>, text: &str) -> Result<(), Error> {
    match to {
        Some(path) => std::fs::write(path, text).map_err(|source| Error::Write {
            path: path.to_path_buf(),
            source,
        }),
        None => out.write_all(text.as_bytes()).map_err(Error::Output),
    }
}

/// Prints a warning the way every kartka command does.
fn warn(text: &str) {
    let _ = writeln!(
        anstream::stderr(),
        "{}warning:{} {}",
        style::WARNING.render(),
        style::WARNING.render_reset(),
        crate::sanitize::for_terminal(text)
    );
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
