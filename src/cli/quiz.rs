//! `kartka quiz`: a reproducible test for a class, with a results file per student.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::quiz_resume::{Drew, resumed};
use super::{EXIT_OK, Env};
use crate::Error;
use crate::atomic::{self, Access};
use crate::clock::Clock;
use crate::config::Config;
use crate::deck::catalog::Catalog;
use crate::deck::{Deck, Item};
use crate::prompt::{Prompter, Reply};
use crate::quiz::file::{QuizFile, Review};
use crate::quiz::results::{QuizInfo, Results};
use crate::quiz::{self, Feedback, Options};
use crate::sanitize::{for_terminal, one_line};
use crate::schedule::{BadDuration, MAX_DAYS, Rating, Scheduler, parse_duration};
use crate::store::lock::AttemptLock;
use crate::store::{Answer, Expected, Saved, Store};
use crate::style;
use crate::xapi::{self, Who};

/// What the command line asks of a quiz.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// A deck id, a path to a deck file, or a quiz file (NAME.quiz.toml) that sets everything else.
    pub deck: String,
    /// How many questions (all that match when not given).
    #[arg(long, value_name = "N")]
    pub count: Option<usize>,
    /// Only questions with this tag (repeatable).
    #[arg(long = "tag", value_name = "TAG")]
    pub tags: Vec<String>,
    /// The seed for the draw; a random one (recorded in the results) when not given.
    #[arg(long)]
    pub seed: Option<String>,
    /// Combine the seed with the student's name: a different but reproducible quiz per student.
    #[arg(long)]
    pub per_student: bool,
    /// Show options in the deck's order (order questions are still shuffled).
    #[arg(long)]
    pub no_shuffle: bool,
    /// End the quiz after this long, such as 15m; unanswered questions score 0.
    #[arg(long, value_name = "DURATION")]
    pub time_limit: Option<String>,
    /// The student's name (in a class, the name the teacher knows you by; asked when not given).
    #[arg(long)]
    pub name: Option<String>,
    /// Where to write the results file.
    #[arg(long, value_name = "PATH")]
    pub out: Option<PathBuf>,
    /// Show right or wrong after each question, or only at the end (the default).
    #[arg(long, value_enum)]
    pub feedback: Option<Feedback>,
    /// Also count the answers as study reviews.
    #[arg(long)]
    pub record: bool,
    /// Replace an existing results file.
    #[arg(long)]
    pub force: bool,
    /// Plain line-by-line prompts even on a terminal (for screen readers and scripts).
    #[arg(long)]
    pub plain: bool,
}

fn slug(text: &str) -> String {
    let mut s = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            s.push(c);
        } else if !s.is_empty() && !s.ends_with('-') {
            s.push('-');
        }
    }
    let s = s.trim_end_matches('-').to_string();
    if s.is_empty() { "student".into() } else { s }
}

/// The results file's name in a folder, before any number that keeps it apart from another's:
/// `<quiz or deck>-<student>-<when>`.
pub(super) fn results_stem(results: &Results) -> String {
    format!(
        "{}-{}-{}",
        results.quiz.as_ref().map_or(&results.deck.id, |q| &q.id),
        slug(&results.student),
        results.started_at.format("%Y%m%d-%H%M%S")
    )
}

/// Where a results file goes.
enum Destination {
    /// This file (`--out`), replaced only with `force`.
    File(PathBuf),
    /// A free name in this folder (created if missing), taken in the same step as the write.
    Folder(PathBuf),
}

/// Writes a results file whole.
fn write_results(
    results: &Results,
    json: &str,
    to: &Destination,
    force: bool,
) -> Result<PathBuf, Error> {
    match to {
        Destination::File(path) => {
            atomic::write(path, json.as_bytes(), force, Access::Shared)?;
            Ok(path.clone())
        }
        Destination::Folder(folder) => {
            atomic::write_numbered(folder, &results_stem(results), "json", json.as_bytes())
        }
    }
}

fn points(score: f64) -> String {
    crate::grade::number::format((score * 100.0).round() / 100.0)
}

/// The end of a quiz: the score and a breakdown by tag; with `Review::Marks`, right or wrong for each
/// question; with `Review::Answers`, what was answered wrongly, with the answer and why.
fn summary(deck: &Deck, results: &Results, items: &[Item<'_>], review: Review) -> String {
    let (h, hr) = (style::HEADING.render(), style::HEADING.render_reset());
    let (d, dr) = (style::DIM.render(), style::DIM.render_reset());
    let mut s = format!(
        "\n{h}Score: {} / {} ({:.0}%){hr}\n",
        points(results.score),
        points(results.max_score),
        results.percent()
    );
    let mut by_tag: BTreeMap<&str, (f64, usize)> = BTreeMap::new();
    for q in &results.questions {
        for t in &q.tags {
            let e = by_tag.entry(t).or_default();
            e.0 += q.score;
            e.1 += 1;
        }
    }
    if !by_tag.is_empty() {
        s.push_str("\nBy tag:\n");
        let width = by_tag.keys().map(|t| t.chars().count()).max().unwrap_or(0);
        for (tag, (score, n)) in &by_tag {
            s.push_str(&format!(
                "  {:width$}  {:>5} / {:<3} {:>4.0}%\n",
                for_terminal(tag),
                points(*score),
                n,
                score * 100.0 / *n as f64
            ));
        }
    }
    match review {
        Review::Score => {}
        Review::Marks => {
            s.push_str(&format!("\n{h}Marks{hr}\n"));
            for (i, q) in results.questions.iter().enumerate() {
                let mark = match (&q.answer, q.correct) {
                    (None, _) => "not answered",
                    (Some(_), true) => "right",
                    (Some(_), false) if q.score > 0.0 => "partly right",
                    (Some(_), false) => "wrong",
                };
                s.push_str(&format!(
                    "{}. {}\n   {mark}\n",
                    i + 1,
                    for_terminal(&q.prompt).replace('\n', "\n   ")
                ));
            }
        }
        Review::Answers => {
            let wrong: Vec<(usize, &crate::quiz::results::QuestionResult)> = results
                .questions
                .iter()
                .enumerate()
                .filter(|(_, q)| !q.correct)
                .collect();
            if !wrong.is_empty() {
                s.push_str(&format!("\n{h}To review{hr}\n"));
            }
            for (i, q) in wrong {
                s.push_str(&format!(
                    "\n{}. {}\n",
                    i + 1,
                    for_terminal(&q.prompt).replace('\n', "\n   ")
                ));
                let given = q
                    .answer_text()
                    .map_or("(no answer)".into(), |a| format!("“{}”", one_line(&a)));
                s.push_str(&format!(
                    "   Your answer: {given}. The answer: {}\n",
                    for_terminal(&q.expected)
                ));
                if let Some(item) = items.iter().find(|it| it.id() == q.item) {
                    let said = q
                        .answer
                        .as_deref()
                        .and_then(|a| crate::question::said_about(item, &q.options, a));
                    if let Some(said) = said {
                        s.push_str(&format!("   {d}Feedback:{dr} {}\n", for_terminal(&said)));
                    }
                    if let Some(why) = &item.card.explain {
                        s.push_str(&format!("   {d}Why:{dr} {}\n", for_terminal(why)));
                    }
                    if let Some(src) = crate::question::source_line(deck, item) {
                        s.push_str(&format!("   {d}Source:{dr} {}\n", for_terminal(&src)));
                    }
                }
            }
        }
    }
    s
}

/// `--record`: the answers count as study reviews too (Good when right, Again when wrong).
fn record(
    env: &Env,
    store: &mut Store,
    deck: &Deck,
    results: &Results,
    items: &[Item<'_>],
    clock: &dyn Clock,
) -> Result<(), Error> {
    let config = Config::load(env.home.as_deref())?;
    let scheduler = Scheduler::new(config.effective(Some(&deck.id)).settings)?;
    let now = clock.now();
    let mut stored = store.cards(&deck.id, *now.offset())?;
    for q in results.questions.iter().filter(|q| q.answer.is_some()) {
        if !items.iter().any(|i| i.id() == q.item) {
            continue;
        }
        let mut card = stored
            .remove(&q.item)
            .unwrap_or_else(|| crate::schedule::CardState::new(now));
        let rating = if q.correct {
            Rating::Good
        } else {
            Rating::Again
        };
        let key = format!("{}/{}", deck.id, q.item);
        // Computed from the card as stored when it is saved: a study session may run beside the quiz.
        loop {
            let outcome = scheduler.review(&card, rating, &key, now)?;
            let answer = Answer {
                deck: &deck.id,
                item: &q.item,
                at: now,
                rating,
                state_before: card.state,
                response: q.answer.as_deref(),
                correct: Some(q.correct),
                score: Some(q.score),
                duration_ms: (q.seconds * 1000.0) as u64,
                after: outcome.card.clone(),
                interval: outcome.interval,
                // The quiz's own statements record this answer.
                statement: None,
            };
            match store.record_if(&answer, Expected::of(&card))? {
                Saved::Logged(_) => break,
                Saved::Stale(now_stored) => card = now_stored,
            }
        }
    }
    Ok(())
}

/// A quiz ready to take: from a quiz file, or made on the command line.
struct Setup {
    deck: Deck,
    options: Options,
    /// The quiz file, when the quiz is one.
    quiz: Option<QuizFile>,
    review: Review,
    to: Destination,
}

fn time_limit(t: &str) -> Result<chrono::Duration, Error> {
    parse_duration(t).map_err(|bad| {
        Error::Usage(match bad {
            BadDuration::Form => {
                format!("--time-limit `{t}` is not a duration: write it like 15m, 90s or 1h")
            }
            BadDuration::TooLong => {
                format!("--time-limit `{t}` is too long: {MAX_DAYS} days at most")
            }
        })
    })
}

fn random_seed() -> String {
    rand::random::<u64>().to_string()
}

fn ad_hoc(env: &Env, args: &Args) -> Result<Setup, Error> {
    let entry = Catalog::load(env.home.as_deref())?.resolve(&args.deck)?;
    let to = match &args.out {
        Some(out) => Destination::File(out.clone()),
        None => Destination::Folder(env.home.as_deref().ok_or(Error::NoHome)?.join("results")),
    };
    Ok(Setup {
        deck: entry.deck()?,
        options: Options {
            count: args.count,
            tags: args.tags.clone(),
            per_tag: Vec::new(),
            seed: args.seed.clone().unwrap_or_else(random_seed),
            per_student: args.per_student,
            shuffle: !args.no_shuffle,
            time_limit: args.time_limit.as_deref().map(time_limit).transpose()?,
            feedback: args.feedback.unwrap_or_default(),
        },
        quiz: None,
        review: Review::Answers,
        to,
    })
}

fn from_file(env: &Env, args: &Args) -> Result<Setup, Error> {
    let set = [
        ("--count", args.count.is_some()),
        ("--tag", !args.tags.is_empty()),
        ("--seed", args.seed.is_some()),
        ("--per-student", args.per_student),
        ("--no-shuffle", args.no_shuffle),
        ("--time-limit", args.time_limit.is_some()),
        ("--feedback", args.feedback.is_some()),
        ("--out", args.out.is_some()),
        ("--force", args.force),
    ];
    if let Some((flag, _)) = set.iter().find(|(_, given)| *given) {
        return Err(Error::Usage(format!(
            "{flag} cannot change a quiz file's settings: the quiz file `{}` sets them",
            args.deck
        )));
    }
    let path = Path::new(&args.deck);
    let (quiz, deck) = super::quiz_file::load(env, path)?;
    let to = Destination::Folder(super::quiz_file::results_folder(env, path, &quiz)?);
    Ok(Setup {
        deck,
        options: Options {
            count: quiz.count,
            tags: Vec::new(),
            per_tag: quiz.draw.clone(),
            seed: quiz.seed.clone().unwrap_or_else(random_seed),
            per_student: quiz.per_student,
            shuffle: quiz.shuffle,
            time_limit: quiz.time_limit,
            feedback: quiz.feedback,
        },
        review: quiz.review,
        quiz: Some(quiz),
        to,
    })
}

pub fn run(
    env: &Env,
    args: &Args,
    prompter: &mut dyn Prompter,
    clock: &dyn Clock,
) -> Result<u8, Error> {
    let Setup {
        deck,
        mut options,
        quiz,
        review,
        to,
    } = if super::quiz_file::is_quiz_file(Path::new(&args.deck)) {
        from_file(env, args)?
    } else {
        ad_hoc(env, args)?
    };
    let deck = &deck;
    // Check where the results go before the student spends time on the quiz.
    if let Destination::File(out) = &to
        && out.exists()
        && !args.force
    {
        return Err(Error::Exists { path: out.clone() });
    }
    // In a class the teacher's name for the student is theirs on every attempt, as on every statement.
    let class = Config::load(env.home.as_deref())?.class;
    let name = match (&args.name, &class) {
        (Some(n), _) if !n.trim().is_empty() => n.trim().to_string(),
        (_, Some(c)) => c.student.clone(),
        // Without a terminal the first line of input could be a name or an answer: scripts must say which.
        _ if !env.terminal => {
            return Err(Error::Usage(
                "a quiz needs the student's name, and there is no terminal to ask for it on: pass --name \"NAME\""
                    .into(),
            ));
        }
        _ => loop {
            match prompter.ask("Your name:")? {
                Reply::Quit => return Ok(EXIT_OK),
                Reply::Value(n) if !n.trim().is_empty() => break n.trim().to_string(),
                Reply::Value(_) | Reply::Undo => {
                    prompter.say("Please type your name: it goes on your results.")?
                }
            }
        },
    };
    // Every answer is in the store before the next question: a crash or an unwritable results folder
    // loses nothing.
    let mut store = super::plan::open_store(env)?;
    let seed_given = args.seed.is_some() || quiz.as_ref().is_some_and(|q| q.seed.is_some());
    let drew = Drew::of(deck, &options, seed_given);
    let quiz_id = quiz.as_ref().map(|q| q.id.as_str());
    // An attempt that a crash or a closed terminal cut short goes on where it stopped, with its questions;
    // one that another window is still running (it holds the attempt's lock) is left to it.
    let unfinished = match store.unfinished_attempt(&deck.id, quiz_id, &name)? {
        Some(u) => match serde_json::from_str::<Drew>(&u.draw) {
            Ok(earlier) if earlier.resumes(&drew) => {
                AttemptLock::take(store.path(), &earlier.lock)?.map(|lock| (u, earlier.seed, lock))
            }
            _ => None,
        },
        None => None,
    };
    if let Some((_, seed, _)) = &unfinished {
        options.seed = seed.clone();
    }
    let attempt_number = match &quiz {
        Some(q) if unfinished.is_some() => store.attempts_at(&q.id, &name)?,
        Some(q) => {
            let used = store.attempts_at(&q.id, &name)?;
            if q.attempts > 0 && used >= q.attempts as usize {
                return Err(Error::NoAttemptsLeft {
                    title: q.title.clone(),
                    used,
                    allowed: q.attempts,
                });
            }
            used + 1
        }
        None => 1,
    };
    let quiz::Draw { drawn, held_back } = quiz::draw(deck, &options, &name);
    if drawn.is_empty() {
        return Err(Error::Usage(format!(
            "no questions in `{}` match{}; flash cards are not used in quizzes",
            deck.id,
            if options.tags.is_empty() {
                String::new()
            } else {
                format!(" the tags {}", options.tags.join(", "))
            }
        )));
    }
    let (h, hr) = (style::HEADING.render(), style::HEADING.render_reset());
    let attempts = quiz
        .as_ref()
        .filter(|q| q.attempts > 0)
        .map(|q| format!(" · attempt {attempt_number} of {}", q.attempts))
        .unwrap_or_default();
    // The keys differ: a terminal has PgUp and Ctrl-F, plain lines have commands.
    let how = if env.terminal && !args.plain {
        "Enter answers; PgUp goes back, PgDn skips, Ctrl-F flags a question; Esc asks before submitting."
    } else {
        "An empty line skips a question; :back goes back, :flag flags, :list shows where you are, :submit ends."
    };
    prompter.say(&format!(
        "{h}Quiz: {}{hr} · {} · {}{}{attempts}\n{how}",
        for_terminal(quiz.as_ref().map_or(&deck.title, |q| &q.title)),
        super::plural(drawn.len(), "question"),
        one_line(&name),
        options
            .time_limit
            .map(|t| format!(" · time limit {}", quiz::format_limit(t)))
            .unwrap_or_default(),
    ))?;
    if held_back > 0 {
        prompter.say(&format!(
            "{} held back: their cards and drawn ones give each other's answers away (`kartka check {}` lists them).",
            super::plural(held_back, "question"),
            deck.id
        ))?;
    }
    let (attempt, resume, lock) = match unfinished
        .and_then(|(u, _, lock)| resumed(u, &name, &drawn, clock).map(|(a, r)| (a, r, lock)))
    {
        Some((attempt, resume, lock)) => {
            let answered = resume.given.iter().flatten().count();
            let began = resume
                .started
                .map(|t| t.format("%H:%M").to_string())
                .unwrap_or_default();
            let over = match (resume.started, options.time_limit) {
                (Some(started), Some(limit)) => clock.now() >= started + limit,
                _ => false,
            };
            prompter.say(&if over {
                format!(
                    "Your attempt begun at {began} ran out of time while it was interrupted: it is submitted with its {}.",
                    super::plural(answered, "answer")
                )
            } else {
                let clock_note = if options.time_limit.is_some() {
                    "; the time limit counts from then"
                } else {
                    ""
                };
                format!(
                    "Resuming your attempt begun at {began}: {answered} of {} answered{clock_note}.",
                    super::plural(drawn.len(), "question")
                )
            })?;
            (attempt, resume, Some(lock))
        }
        None => {
            // Held before the attempt is in the store, so that no other kartka takes it for cut short.
            let lock = AttemptLock::take(store.path(), &drew.lock)?;
            let draw = serde_json::to_string(&drew).expect("a draw serialises");
            let attempt = store.begin_attempt(&deck.id, quiz_id, &name, clock.now(), &draw)?;
            (attempt, quiz::Attempt::new(&name), lock)
        }
    };
    let mut results = quiz::run(
        deck,
        &drawn,
        &options,
        resume,
        prompter,
        clock,
        &mut |saving| match saving {
            quiz::Saving::Answer(i, q) => {
                let json = serde_json::to_string(q).expect("a question's result serialises");
                store.save_attempt_answer(attempt, i, &json)
            }
            quiz::Saving::Flags(positions) => store.save_attempt_flags(attempt, positions),
        },
    )?;
    if let Some(q) = &quiz {
        results.at_quiz(QuizInfo {
            id: q.id.clone(),
            title: q.title.clone(),
            attempt: attempt_number,
            attempts_allowed: q.attempts,
            grading: q.grading,
        });
    }
    let json = serde_json::to_string_pretty(&results).expect("results serialise");
    // In a class, the attempt's statements are queued with its results.
    let statements: Vec<_> = class
        .as_ref()
        .map(|c| xapi::quiz::attempt(Who::of(c), deck, &drawn, &results))
        .unwrap_or_default()
        .iter()
        .map(xapi::queued)
        .collect();
    store.finish_attempt(attempt, results.finished_at, &json, &statements)?;
    if let Some(lock) = lock {
        lock.release();
    }
    // The attempt goes to the class's LRS while the end screen is shown; an unreachable one keeps it queued.
    let sender = class
        .clone()
        .map(|c| crate::lrs::Background::start(store.path().to_path_buf(), c));
    let items: Vec<Item<'_>> = drawn.iter().map(|d| d.item).collect();
    prompter.say(&summary(deck, &results, &items, review))?;
    if args.record {
        record(env, &mut store, deck, &results, &items, clock)?;
        prompter.say("Your answers were also recorded as study reviews.")?;
    }
    let path =
        write_results(&results, &json, &to, args.force).map_err(|e| Error::ResultsNotWritten {
            reason: Box::new(e),
        })?;
    store.attempt_written(attempt, &path.to_string_lossy())?;
    prompter.say(&format!(
        "Results saved to {}",
        for_terminal(&path.display().to_string())
    ))?;
    let failed = sender.and_then(|s| s.stop(std::time::Duration::from_secs(2)));
    if let Some(line) = super::sync::waiting(&store, class.as_ref(), failed.as_ref())? {
        prompter.say(&line)?;
    }
    Ok(EXIT_OK)
}
