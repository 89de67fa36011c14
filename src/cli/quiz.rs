//! `kartka quiz`: a reproducible test for a class, with a results file per student.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::{EXIT_OK, Env};
use crate::Error;
use crate::atomic::{self, Access};
use crate::clock::Clock;
use crate::config::Config;
use crate::deck::catalog::Catalog;
use crate::deck::{Deck, Item};
use crate::prompt::{Prompter, Reply};
use crate::quiz::results::Results;
use crate::quiz::{self, Feedback, Options};
use crate::sanitize::{for_terminal, one_line};
use crate::schedule::{BadDuration, MAX_DAYS, Rating, Scheduler, parse_duration};
use crate::store::{Answer, Expected, Saved, Store};
use crate::style;

/// What the command line asks of a quiz.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// A deck id, or a path to a deck file.
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
    /// The student's name (asked when not given).
    #[arg(long)]
    pub name: Option<String>,
    /// Where to write the results file.
    #[arg(long, value_name = "PATH")]
    pub out: Option<PathBuf>,
    /// Show right or wrong after each question, or only at the end.
    #[arg(long, value_enum, default_value_t = Feedback::End)]
    pub feedback: Feedback,
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
/// `<deck>-<student>-<when>`.
pub(super) fn results_stem(results: &Results) -> String {
    format!(
        "{}-{}-{}",
        results.deck.id,
        slug(&results.student),
        results.started_at.format("%Y%m%d-%H%M%S")
    )
}

/// Writes a results file whole: to `out` (replaced only with `force`), or under a free name in
/// `<config dir>/results/`, taken in the same step as the write.
pub(super) fn write_results(
    env: &Env,
    results: &Results,
    json: &str,
    out: Option<&Path>,
    force: bool,
) -> Result<PathBuf, Error> {
    match out {
        Some(path) => {
            atomic::write(path, json.as_bytes(), force, Access::Shared)?;
            Ok(path.to_path_buf())
        }
        None => {
            let folder = env.home.as_deref().ok_or(Error::NoHome)?.join("results");
            atomic::write_numbered(&folder, &results_stem(results), "json", json.as_bytes())
        }
    }
}

fn points(score: f64) -> String {
    crate::grade::number::format((score * 100.0).round() / 100.0)
}

/// The end of a quiz: the score, a breakdown by tag, and what was answered wrongly, with the answer and why.
fn summary(deck: &Deck, results: &Results, items: &[Item<'_>]) -> String {
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
    let wrong: Vec<(usize, &crate::quiz::results::QuestionResult)> = results
        .questions
        .iter()
        .enumerate()
        .filter(|(_, q)| !q.correct)
        .collect();
    if !wrong.is_empty() {
        s.push_str(&format!("\n{h}To review{hr}\n"));
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
                if let Some(why) = &item.card.explain {
                    s.push_str(&format!("   {d}Why:{dr} {}\n", for_terminal(why)));
                }
                if let Some(src) = crate::question::source_line(deck, item) {
                    s.push_str(&format!("   {d}Source:{dr} {}\n", for_terminal(&src)));
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
            };
            match store.record_if(&answer, Expected::of(&card))? {
                Saved::Logged(_) => break,
                Saved::Stale(now_stored) => card = now_stored,
            }
        }
    }
    Ok(())
}

pub fn run(
    env: &Env,
    args: &Args,
    prompter: &mut dyn Prompter,
    clock: &dyn Clock,
) -> Result<u8, Error> {
    let entry = Catalog::load(env.home.as_deref())?.resolve(&args.deck)?;
    let deck = &entry.deck()?;
    let time_limit = match &args.time_limit {
        None => None,
        Some(t) => Some(parse_duration(t).map_err(|bad| {
            Error::Usage(match bad {
                BadDuration::Form => {
                    format!("--time-limit `{t}` is not a duration: write it like 15m, 90s or 1h")
                }
                BadDuration::TooLong => {
                    format!("--time-limit `{t}` is too long: {MAX_DAYS} days at most")
                }
            })
        })?),
    };
    // Check where the results go before the student spends time on the quiz.
    if let Some(out) = &args.out
        && out.exists()
        && !args.force
    {
        return Err(Error::Exists { path: out.clone() });
    }
    let name = match &args.name {
        Some(n) if !n.trim().is_empty() => n.trim().to_string(),
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
                Reply::Value(_) => {
                    prompter.say("Please type your name: it goes on your results.")?
                }
            }
        },
    };
    let options = Options {
        count: args.count,
        tags: args.tags.clone(),
        seed: args
            .seed
            .clone()
            .unwrap_or_else(|| rand::random::<u64>().to_string()),
        per_student: args.per_student,
        shuffle: !args.no_shuffle,
        time_limit,
        feedback: args.feedback,
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
    // The keys differ: a terminal has PgUp and Ctrl-F, plain lines have commands.
    let how = if env.terminal && !args.plain {
        "Enter answers; PgUp goes back, PgDn skips, Ctrl-F flags a question; Esc asks before submitting."
    } else {
        "An empty line skips a question; :back goes back, :flag flags, :list shows where you are, :submit ends."
    };
    prompter.say(&format!(
        "{h}Quiz: {}{hr} · {} · {}{}\n{how}",
        for_terminal(&deck.title),
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
    // Every answer is in the store before the next question: a crash or an unwritable results folder
    // loses nothing.
    let mut store = super::study::open_store(env)?;
    let attempt = store.begin_attempt(&deck.id, &name, clock.now())?;
    let results = quiz::run(
        deck,
        &drawn,
        &options,
        &name,
        prompter,
        clock,
        &mut |i, q| {
            let json = serde_json::to_string(q).expect("a question's result serialises");
            store.save_attempt_answer(attempt, i, &json)
        },
    )?;
    let json = serde_json::to_string_pretty(&results).expect("results serialise");
    store.finish_attempt(attempt, results.finished_at, &json)?;
    let items: Vec<Item<'_>> = drawn.iter().map(|d| d.item).collect();
    prompter.say(&summary(deck, &results, &items))?;
    if args.record {
        record(env, &mut store, deck, &results, &items, clock)?;
        prompter.say("Your answers were also recorded as study reviews.")?;
    }
    let path =
        write_results(env, &results, &json, args.out.as_deref(), args.force).map_err(|e| {
            Error::ResultsNotWritten {
                reason: Box::new(e),
            }
        })?;
    store.attempt_written(attempt, &path.to_string_lossy())?;
    prompter.say(&format!(
        "Results saved to {}",
        for_terminal(&path.display().to_string())
    ))?;
    Ok(EXIT_OK)
}
