//! `kartka study`: a spaced-repetition session over one or more decks.

use std::collections::HashMap;

use chrono::{DateTime, Duration, FixedOffset};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use super::{Env, plural};
use crate::Error;
use crate::clock::Clock;
use crate::config::Config;
use crate::deck::catalog::Entry as DeckEntry;
use crate::grade::{self, Given, GradeError, Layout};
use crate::lrs;
use crate::prompt::{Prompter, Reply};
use crate::question::{Input, Question, feedback};
use crate::sanitize::for_terminal;
use crate::schedule::{
    self, CardState, Outcome, Rating, Scheduler, State, answer_label, format_duration, study_day,
};
use crate::session::{self, Filter, Session};
use crate::store::{Answer, Expected, Saved, Store};
use crate::style;
use crate::xapi::{self, Who};

use super::plan::{day_start, open_store, prepare_all, select_decks};

/// Why an empty answer is asked again: a slip, not an answer.
pub(super) fn nothing_given(question: &Question) -> &'static str {
    if question.input == Input::Several {
        "Nothing ticked: tick the answers with Space, then Enter; Esc to stop."
    } else {
        "Nothing typed: type your answer, or q to stop."
    }
}

/// What the command line asks of a session.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct Options {
    /// Deck ids or paths; every known deck when none is given.
    pub decks: Vec<String>,
    /// Only cards with this tag (repeatable).
    #[arg(long = "tag", value_name = "TAG")]
    pub tags: Vec<String>,
    /// New cards to introduce this session, instead of what is left of the daily limit.
    #[arg(long, value_name = "N")]
    pub new: Option<u32>,
    /// Study at most N cards.
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
    /// Practise: every card once, whatever its due date, the weakest first; graded as usual, and no
    /// schedule changes (practice answers are kept apart from reviews).
    #[arg(long, conflicts_with = "new")]
    pub practice: bool,
    /// With --practice, in a random order instead of the weakest first.
    #[arg(long, requires = "practice")]
    pub shuffle: bool,
    /// Plain line-by-line prompts even on a terminal (for screen readers and scripts).
    #[arg(long)]
    pub plain: bool,
}

/// "in 10m", "in 2 days (Tue 24 Nov)".
fn when(interval: Duration, now: DateTime<FixedOffset>) -> String {
    if interval < Duration::days(1) {
        format!("in {}", format_duration(interval))
    } else {
        let days = interval.num_days();
        format!(
            "in {} ({})",
            plural(days as usize, "day"),
            (now + interval).format("%a %-d %b %Y")
        )
    }
}

#[derive(Default)]
struct Tally {
    answers: usize,
    graded: usize,
    right: usize,
}

/// Runs a session. Every answer is committed to the store before the next question.
pub fn run(
    env: &Env,
    options: &Options,
    prompter: &mut dyn Prompter,
    clock: &dyn Clock,
) -> Result<u8, Error> {
    let entries = select_decks(env, &options.decks)?;
    // The store first: opening it creates the config directory, or says why it cannot.
    let mut store = open_store(env)?;
    let config = Config::load(env.home.as_deref())?;
    if options.practice {
        return super::practice::run(&entries, &config, &mut store, options, prompter, clock);
    }
    let mut daily_backup = None;
    let result = session(
        &entries,
        &config,
        &mut store,
        options,
        prompter,
        clock,
        &mut daily_backup,
    );
    // Waited for on every way out, so that the backup is never cut short by the process ending.
    if let Some(Err(e) | Ok(Err(e))) = daily_backup.map(|h| {
        h.join()
            .map_err(|_| Error::Terminal("the backup thread stopped unexpectedly".into()))
    }) {
        prompter.say(&format!(
            "Note: today's backup could not be made: {e}. Your answers are saved; `kartka backup` tries again."
        ))?;
    }
    result
}

/// The session itself, once the store is open. It starts the day's backup (`daily_backup`, for the
/// caller to wait for) once the first question is ready.
fn session(
    entries: &[DeckEntry],
    config: &Config,
    store: &mut Store,
    options: &Options,
    prompter: &mut dyn Prompter,
    clock: &dyn Clock,
    daily_backup: &mut Option<std::thread::JoinHandle<Result<std::path::PathBuf, Error>>>,
) -> Result<u8, Error> {
    let now = clock.now();
    let started = now;
    let (decks, plans) = prepare_all(entries, config, store, now, options.new, &options.tags)?;
    let mut schedulers: HashMap<&str, Scheduler> = HashMap::new();
    let mut inputs = Vec::new();
    for (deck, plan) in decks.iter().zip(plans) {
        let (input, scheduler) = plan.input(deck);
        schedulers.insert(&deck.id, scheduler);
        inputs.push(input);
    }
    let rollover = config.effective(None).settings.rollover_hour;
    let filter = Filter {
        tags: options.tags.clone(),
        limit: options.limit,
    };
    let mut session = Session::new(inputs, &filter, rollover, now);
    if session.remaining().total() == 0 {
        prompter
            .say("Nothing to study now: no cards are due and no new cards are left for today.")?;
        summary_tomorrow(prompter, entries, config, store, now)?;
        return Ok(super::EXIT_OK);
    }
    // One backup a day, made beside the session: started only now, so that it does not compete with
    // preparing the first question.
    let today = study_day(now, config.effective(None).settings.rollover_hour);
    *daily_backup = store.start_daily_backup(today, now);
    let mut tally = Tally::default();
    let mut quit = false;
    // Answers' places in the session, for their statements' ids.
    let mut statements = 0;
    // This session's answers, latest last, for undo.
    let mut answered: Vec<Done<'_>> = Vec::new();
    // Statements for the class's LRS, one registration for the session, sent beside it; none without a
    // class.
    let who = config.class.as_ref().map(Who::of);
    let registration = xapi::build::session_registration();
    let sender = config
        .class
        .clone()
        .map(|class| lrs::Background::start(store.path().to_path_buf(), class));
    // Undo is offered while this session has answers to take back (practice, run before it, had none).
    prompter.offer_undo(true);
    while let Some(entry) = session.next(clock.now()) {
        let now = clock.now();
        // Another session may have answered this card since this one was planned: it is then taken as
        // stored now (asked again later today if it is learning and due), not asked a second time.
        if let Some(stored) = store.card(&entry.deck.id, &entry.id, *now.offset())?
            && Expected::of(&stored) != Expected::of(&entry.card)
        {
            session.answered(entry, stored, now);
            continue;
        }
        let left = session.remaining();
        let (h, hr) = (style::HEADING.render(), style::HEADING.render_reset());
        // The three counts, as Anki shows them: a total would stand still while learning cards come back.
        prompter.say(&format!(
            "\n{h}Card {}{hr} · left: {} new, {} learning, {} review · {}{}",
            tally.answers + 1,
            left.new,
            left.learning,
            left.review,
            for_terminal(&entry.deck.title),
            if entry.card.state == State::New {
                " · new card"
            } else {
                ""
            },
        ))?;
        let key = format!("{}/{}", entry.deck.id, entry.id);
        let scheduler = &schedulers[entry.deck.id.as_str()];
        let mut rng = ChaCha8Rng::seed_from_u64(schedule::seed(&key, entry.card.reps));
        let layout = Layout::shuffled(&entry.item, &mut rng);
        let question = Question::of(&entry.item, &layout);
        let asked = clock.now();
        let mut undo = false;
        let (response, verdict) = if question.input == Input::Reveal {
            match prompter.reveal(&question)? {
                Reply::Quit => {
                    quit = true;
                    break;
                }
                Reply::Undo => {
                    undo = true;
                    (None, None)
                }
                Reply::Value(()) => (None, None),
            }
        } else {
            let mut graded = None;
            let mut again = false;
            while graded.is_none() && !undo {
                match prompter.answer(&question, again)? {
                    Reply::Quit => break,
                    Reply::Undo => undo = true,
                    // An empty Enter is a slip, not an answer: it is asked again, never graded.
                    Reply::Value(text) if text.trim().is_empty() => {
                        prompter.say(nothing_given(&question))?;
                        again = true;
                    }
                    Reply::Value(text) => match grade::grade(&entry.item, &layout, &text) {
                        Ok(v) => graded = Some((text, v)),
                        Err(GradeError::Unrecognised(how)) => {
                            prompter.say(&for_terminal(&how))?;
                            again = true;
                        }
                        Err(GradeError::SelfRated) => {
                            unreachable!("flash cards are revealed, not answered")
                        }
                    },
                }
            }
            match graded {
                None if undo => (None, None),
                None => {
                    quit = true;
                    break;
                }
                Some((text, v)) => (Some(text), Some(v)),
            }
        };
        if undo {
            session.ask_first(entry);
            match answered.pop() {
                None => prompter.say("Nothing to undo in this session yet.")?,
                Some(last) => {
                    let void = |id: &str| who.map(|w| xapi::build::voiding(w, id, clock.now()));
                    match store.undo(Some(last.review), *clock.now().offset(), &void)? {
                        Ok(_) => {
                            tally.answers -= 1;
                            tally.graded -= usize::from(last.graded);
                            tally.right -= usize::from(last.right);
                            prompter.say(&format!(
                                "Undone: your answer to {} is taken back, and it is asked again.",
                                for_terminal(&last.entry.item.id())
                            ))?;
                            session.ask_first(last.entry);
                        }
                        Err(why) => prompter.say(&format!("Cannot undo: {why}."))?,
                    }
                }
            }
            continue;
        }
        let duration_ms = (clock.now() - asked).num_milliseconds().max(0) as u64;
        let suggested = match &verdict {
            Some(v) if !v.correct => Rating::Again,
            _ => Rating::Good,
        };
        let given = match &response {
            Some(text) => Given::read(&entry.item, &layout, text)
                .unwrap_or_else(|| Given::Typed(vec![text.clone()])),
            None => Given::Recalled,
        };
        // Never reused, not even after an undo: a new answer's statement must not take an undone one's id.
        let seq = statements;
        statements += 1;
        let statement = |rating: Rating, outcome: &Outcome| {
            let cx = xapi::Context::deck(
                who?,
                registration,
                &entry.deck.id,
                &entry.deck.title,
                entry.deck.language.as_deref(),
            );
            let answered = xapi::Answered {
                deck: &entry.deck.id,
                item: &entry.item,
                response: given.clone(),
                success: verdict
                    .as_ref()
                    .map_or(rating != Rating::Again, |v| v.correct),
                score: verdict.as_ref().map(|v| v.score),
                duration_ms,
                at: now,
                seq,
                schedule: Some((rating, outcome.interval)),
            };
            Some(xapi::queued(&xapi::build::answered(&cx, &answered)))
        };
        let answer = |before: &CardState, rating: Rating, outcome: &Outcome| Answer {
            deck: &entry.deck.id,
            item: &entry.id,
            at: now,
            rating,
            state_before: before.state,
            response: response.as_deref(),
            correct: verdict.as_ref().map(|v| v.correct),
            score: verdict.as_ref().map(|v| v.score),
            duration_ms,
            after: outcome.card.clone(),
            interval: outcome.interval,
            statement: statement(rating, outcome),
        };
        // A graded answer is saved at once with the suggested rating, before the feedback is shown; a
        // flash card's rating is its answer. Each is computed from the card as stored when it is saved.
        let mut before = entry.card.clone();
        let (outcomes, mut saved) = loop {
            let outcomes = scheduler.preview(&before, &key, now)?;
            if verdict.is_none() {
                break (outcomes, None);
            }
            let first = answer(&before, suggested, &outcomes[suggested as usize - 1]);
            // Not sent until its rating is final.
            if let (Some(s), Some(q)) = (&sender, &first.statement) {
                s.hold(&q.id);
            }
            match store.record_if(&first, Expected::of(&before))? {
                Saved::Logged(id) => break (outcomes, Some(id)),
                Saved::Stale(stored) => before = stored,
            }
        };
        tally.answers += 1;
        if let Some(v) = &verdict {
            tally.graded += 1;
            tally.right += usize::from(v.correct);
        }
        let marks = prompter.marks();
        prompter.say(&feedback(entry.deck, &entry.item, verdict.as_ref(), marks))?;
        let choices: Vec<(Rating, String)> = Rating::ALL
            .iter()
            .map(|r| (*r, answer_label(outcomes[*r as usize - 1].interval)))
            .collect();
        let rating = match prompter.rate(&choices, suggested)? {
            Reply::Value(r) => r,
            // The rating offers no undo (undo is at the next question): the marked rating stands.
            Reply::Undo => suggested,
            Reply::Quit => {
                if saved.is_none() {
                    // A flash card that was revealed but not rated: nothing to save.
                    tally.answers -= 1;
                }
                quit = true;
                break;
            }
        };
        let mut outcome = outcomes[rating as usize - 1].clone();
        match saved {
            Some(id) if rating != suggested => {
                let first = Expected::of(&outcomes[suggested as usize - 1].card);
                if let Saved::Stale(_) =
                    store.rerate_if(id, &answer(&before, rating, &outcome), first)?
                {
                    outcome = outcomes[suggested as usize - 1].clone();
                    prompter.say(&format!(
                        "Note: another session answered this card meanwhile, so the rating saved first ({}) stays.",
                        suggested.name()
                    ))?;
                }
            }
            Some(_) => {}
            None => loop {
                match store.record_if(&answer(&before, rating, &outcome), Expected::of(&before))? {
                    Saved::Logged(id) => {
                        saved = Some(id);
                        break;
                    }
                    Saved::Stale(stored) => {
                        before = stored;
                        outcome = scheduler.review(&before, rating, &key, now)?;
                    }
                }
            },
        }
        if let Some(s) = &sender {
            s.release();
        }
        let outcome = &outcome;
        let (d, dr) = (style::DIM.render(), style::DIM.render_reset());
        prompter.say(&format!(
            "{d}Next review {}.{dr}",
            when(outcome.interval, now)
        ))?;
        if outcome.became_leech {
            prompter.say(&format!(
                "{}Leech:{} you have forgotten this card {}; it is now tagged `leech`. Consider rewriting it, or splitting it into smaller cards.",
                style::ERROR.render(),
                style::ERROR.render_reset(),
                plural(outcome.card.lapses as usize, "time")
            ))?;
        }
        if let Some(review) = saved {
            answered.push(Done {
                review,
                entry: session::Entry {
                    card: before.clone(),
                    ..entry.clone()
                },
                graded: verdict.is_some(),
                right: verdict.as_ref().is_some_and(|v| v.correct),
            });
        }
        session.answered(entry, outcome.card.clone(), now);
    }
    let elapsed = (clock.now() - started).num_seconds().max(0);
    let accuracy = if tally.graded > 0 {
        format!(
            ", {} of {} right ({:.0}%)",
            tally.right,
            tally.graded,
            tally.right as f64 * 100.0 / tally.graded as f64
        )
    } else {
        String::new()
    };
    prompter.say(&format!(
        "\n{}{}{} {} in {}m {:02}s{accuracy}.{}",
        style::HEADING.render(),
        if quit { "Stopped:" } else { "Done:" },
        style::HEADING.render_reset(),
        plural(tally.answers, "answer"),
        elapsed / 60,
        elapsed % 60,
        if quit {
            " Every answer given is saved."
        } else {
            ""
        },
    ))?;
    if session.later_today() > 0 && !quit {
        prompter.say(&format!(
            "{} in learning will be due again later today.",
            plural(session.later_today(), "card")
        ))?;
    }
    summary_tomorrow(prompter, entries, config, store, clock.now())?;
    // What the last answers need to reach a reachable LRS; an unreachable one keeps them queued.
    let failed = sender.and_then(|s| s.stop(std::time::Duration::from_secs(2)));
    if let Some(line) = super::sync::waiting(store, config.class.as_ref(), failed.as_ref())? {
        prompter.say(&line)?;
    }
    Ok(super::EXIT_OK)
}

/// An answer of this session, kept to be undone: the item as it was asked, and what it added to the tally.
struct Done<'d> {
    review: i64,
    entry: session::Entry<'d>,
    graded: bool,
    right: bool,
}

/// "Later today: 2 cards due. Tomorrow: 4 reviews due, up to 20 new cards.": a learning card due in 10
/// minutes is today's; anything else due by the end of tomorrow (a review held back today, a buried
/// sibling) is tomorrow's.
fn summary_tomorrow(
    prompter: &mut dyn Prompter,
    entries: &[DeckEntry],
    config: &Config,
    store: &Store,
    now: DateTime<FixedOffset>,
) -> Result<(), Error> {
    let (mut today, mut tomorrow, mut new) = (0, 0, 0);
    for entry in entries {
        let effective = config.effective(Some(entry.id()));
        let rollover = effective.settings.rollover_hour;
        let start = day_start(now, rollover);
        let later = store.learning_due_between(entry.id(), start, start + Duration::days(1))?;
        let (by_tomorrow_night, stored) =
            store.due_before(entry.id(), start + Duration::days(2))?;
        today += later;
        tomorrow += by_tomorrow_night.saturating_sub(later);
        // Rows of cards since removed from the deck make this an estimate, which "up to" allows.
        let unseen = entry.outline.item_count().saturating_sub(stored);
        new += unseen.min(effective.new_per_day as usize);
    }
    let later = if today > 0 {
        format!("Later today: {} due. ", plural(today, "card"))
    } else {
        String::new()
    };
    let new = match new {
        0 => "no new cards".to_string(),
        n => format!("up to {}", plural(n, "new card")),
    };
    prompter.say(&format!(
        "{later}Tomorrow: {} due, {new}.",
        plural(tomorrow, "review")
    ))
}
