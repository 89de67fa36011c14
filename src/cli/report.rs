//! `kartka report`: a class report from quiz results, read from results files or from the class's LRS.

use std::collections::HashSet;
use std::io::Write;
use std::path::PathBuf;

use super::{EXIT_OK, Env, warn};
use crate::Error;
use crate::class::Class;
use crate::config::Config;
use crate::lrs;
use crate::quiz::results::Results;
use crate::report::render::{Format, Table, csv, group_labels, render};
use crate::report::{self, Attempts};
use crate::sanitize::for_terminal;
use crate::xapi;

/// What the command line asks of a report.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// Results files, or folders of them; <config dir>/results (where quizzes save) when none is given.
    #[arg(conflicts_with = "lrs")]
    pub paths: Vec<PathBuf>,
    /// Read the class's quiz attempts from its Learning Record Store (the teacher's account under [class]
    /// in config.toml) instead of results files.
    #[arg(long)]
    pub lrs: bool,
    /// Only attempts at this quiz file (its id).
    #[arg(long, value_name = "ID")]
    pub quiz: Option<String>,
    /// Only attempts at quizzes of this deck (its id).
    #[arg(long, value_name = "ID")]
    pub deck: Option<String>,
    /// How to write the report.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// One table alone, in any format. Without it: test statistics, students, questions and tags (the
    /// table, Markdown); every table with charts (HTML); everything (JSON); students (CSV, one table per file: a teacher
    /// picks another with --table, or writes them all with --out DIR).
    #[arg(long, value_enum, value_name = "TABLE")]
    pub table: Option<Table>,
    /// Which attempts count when a student took the quiz more than once: by default, the quiz file's
    /// grading method, or the last attempt for a quiz made on the command line.
    #[arg(long, value_enum)]
    pub attempts: Option<Attempts>,
    /// Skip malformed results (files, or attempts read from the LRS) with a warning instead of stopping.
    #[arg(long)]
    pub skip_invalid: bool,
    /// Write the report to this file instead of standard output. With --format csv, PATH may be an existing
    /// folder: each table goes in a file of its own there (students.csv, questions.csv, tags.csv,
    /// answers.csv, statistics.csv, responses.csv and grid.csv, or grid-QUIZ.csv per quiz or deck when the
    /// report has several), or only the --table asked for.
    #[arg(long, value_name = "PATH")]
    pub out: Option<PathBuf>,
}

pub fn run(out: &mut impl Write, env: &Env, args: &Args) -> Result<u8, Error> {
    let (results, from) = if args.lrs {
        let class = teachers_class(env, "--lrs")?;
        let results = from_lrs(&class, args.skip_invalid)?;
        let from = format!("{}'s LRS", for_terminal(&class.name));
        (results, from)
    } else {
        from_files(env, &args.paths, args.skip_invalid)?
    };
    let narrowed: Vec<Results> = results
        .into_iter()
        .filter(|r| {
            args.deck.as_ref().is_none_or(|d| *d == r.deck.id)
                && args
                    .quiz
                    .as_ref()
                    .is_none_or(|q| r.quiz.as_ref().is_some_and(|i| i.id == *q))
        })
        .collect();
    if narrowed.is_empty() {
        let only = match (&args.quiz, &args.deck) {
            (Some(q), _) => format!(" at quiz `{}`", for_terminal(q)),
            (None, Some(d)) => format!(" at quizzes of deck `{}`", for_terminal(d)),
            (None, None) => String::new(),
        };
        return Err(Error::Usage(format!("no quiz attempts{only} in {from}")));
    }
    let report = report::build(&narrowed, args.attempts);
    for w in &report.warnings {
        warn(w);
    }
    match &args.out {
        Some(dir) if dir.is_dir() => {
            if args.format != Format::Csv {
                return Err(Error::Usage(format!(
                    "`{}` is a folder: --out writes a file per table into a folder only with --format csv; name a file",
                    dir.display()
                )));
            }
            let tables = match args.table {
                Some(t) => vec![t],
                None => Table::ALL.to_vec(),
            };
            for (name, text) in csv_files(&report, &tables) {
                super::write_out(out, Some(&dir.join(name)), &text)?;
            }
        }
        _ => {
            if args.format == Format::Csv
                && args.table == Some(Table::Grid)
                && report.groups.len() > 1
            {
                return Err(Error::Usage(format!(
                    "the grid has a column per question, so one CSV file holds the grid of one quiz: narrow the report with \
                     --quiz or --deck, or pass --out FOLDER for a grid file per quiz ({})",
                    group_labels(&report).join(", ")
                )));
            }
            let text = render(&report, args.format, args.table);
            super::write_out(out, args.out.as_deref(), &text)?;
        }
    }
    Ok(EXIT_OK)
}

/// Each table's CSV file: `tables.csv`, and the grid a file per group when there are several
/// (`grid-QUIZ.csv`, the quiz's or deck's id made safe for a file name).
fn csv_files(report: &report::Report, tables: &[Table]) -> Vec<(String, String)> {
    let mut files = Vec::new();
    for &t in tables {
        if t != Table::Grid {
            files.push((
                format!("{}.csv", t.name()),
                render(report, Format::Csv, Some(t)),
            ));
        } else if report.groups.len() == 1 {
            files.push(("grid.csv".into(), csv::grid(&report.groups[0])));
        } else {
            for (g, label) in report.groups.iter().zip(group_labels(report)) {
                let safe: String = label
                    .chars()
                    .map(|c| {
                        if c.is_alphanumeric() || "-_.@".contains(c) {
                            c
                        } else {
                            '_'
                        }
                    })
                    .collect();
                files.push((format!("grid-{safe}.csv"), csv::grid(g)));
            }
        }
    }
    files
}

/// The `[class]` of config.toml, for a command reading the class's statements (`what`, for the error).
pub(super) fn teachers_class(env: &Env, what: &str) -> Result<Class, Error> {
    Config::load(env.home.as_deref())?.class.ok_or_else(|| {
        Error::Usage(format!(
            "{what} reads your class's LRS, and config.toml has no [class]: add one with your own (teacher's) \
             LRS account, as docs/class.md shows"
        ))
    })
}

/// Every attempt of the class the LRS holds, each once.
fn from_lrs(class: &Class, skip_invalid: bool) -> Result<Vec<Results>, Error> {
    let lrs_error = |source| Error::LrsRead {
        source,
        class: for_terminal(&class.name).into_owned(),
    };
    let class_iri = xapi::class_iri(&class.name);
    let query = lrs::Query {
        class: &class_iri,
        verb: Some("http://adlnet.gov/expapi/verbs/completed"),
    };
    let mut seen = HashSet::new();
    let mut results = Vec::new();
    let mut invalid = None;
    lrs::read_statements(class, &query, &mut |raw| {
        let Some((id, who, results_read)) = xapi::read::completed_results(raw.get(), &class_iri)
        else {
            return;
        };
        if !seen.insert(id.clone()) {
            return;
        }
        match results_read {
            Ok(r) => {
                if r.student != who.name {
                    warn(&format!(
                        "the attempt in statement {id} names {} but was sent by {} ({}): reported as {}",
                        r.student, who.username, who.name, r.student
                    ));
                }
                results.push(r);
            }
            Err(problem) if skip_invalid => {
                warn(&format!("statement {id} carries invalid results: {problem}; skipped"));
            }
            Err(problem) => {
                invalid.get_or_insert((id, problem));
            }
        }
    })
    .map_err(lrs_error)?;
    if let Some((id, problem)) = invalid {
        return Err(Error::InvalidLrsResults { id, problem });
    }
    Ok(results)
}

fn from_files(
    env: &Env,
    paths: &[PathBuf],
    skip_invalid: bool,
) -> Result<(Vec<Results>, String), Error> {
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
    let from = paths
        .iter()
        .map(|p| format!("`{}`", p.display()))
        .collect::<Vec<_>>()
        .join(", ");
    if results.is_empty() {
        return Err(Error::Usage(format!("no results files found in {from}")));
    }
    Ok((results, from))
}
