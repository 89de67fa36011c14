//! `kartka study --practice`: every card of the chosen decks (and tags) asked once, whatever its due date,
//! the weakest first or shuffled, graded as usual, and no schedule changed. Practice answers are kept in a
//! table of their own: `kartka stats` shows them, the optimizer never trains on them.

use rand::SeedableRng;
use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;

use super::plural;
use super::study::Options;
use crate::Error;
use crate::clock::Clock;
use crate::config::Config;
use crate::deck::catalog::Entry as DeckEntry;
use crate::grade::{self, GradeError, Layout};
use crate::prompt::{Prompter, Reply};
use crate::question::{Input, Question, feedback};
use crate::sanitize::for_terminal;
use crate::schedule::{self, Rating};
use crate::store::{Practised, Store};
use crate::style;

pub fn run(
    entries: &[DeckEntry],
    config: &Config,
    store: &mut Store,
    options: &Options,
    prompter: &mut dyn Prompter,
    clock: &dyn Clock,
) -> Result<u8, Error> {
    let now = clock.now();
    let decks = entries
        .iter()
        .map(DeckEntry::deck)
        .collect::<Result<Vec<_>, _>>()?;
    let mut items = Vec::new();
    let mut recalls = Vec::new();
    for deck in &decks {
        let settings = config.effective(Some(&deck.id)).settings;
        let decay = super::stats::decay(&settings.parameters);
        let stored = store.cards(&deck.id, *now.offset())?;
        for item in deck.items() {
            if !item.has_any_tag(deck, &options.tags) {
                continue;
            }
            let card = stored.get(&item.id());
            if card.is_some_and(|c| c.suspended) {
                continue;
            }
            recalls.push(
                card.and_then(|c| {
                    crate::stats::retrievability(c, now, settings.rollover_hour, decay)
                }),
            );
            items.push((deck, item));
        }
    }
    let mut order = crate::session::practice::weakest_first(&recalls);
    if options.shuffle {
        order.shuffle(&mut rand::rng());
    }
    if let Some(limit) = options.limit {
        order.truncate(limit);
    }
    if order.is_empty() {
        prompter.say("Nothing to practise: no cards match.")?;
        return Ok(super::EXIT_OK);
    }
    prompter.offer_undo(false);
    let (mut answers, mut graded, mut right) = (0, 0, 0);
    let mut quit = false;
    'cards: for (n, &i) in order.iter().enumerate() {
        let (deck, item) = &items[i];
        let (h, hr) = (style::HEADING.render(), style::HEADING.render_reset());
        prompter.say(&format!(
            "\n{h}Practice {} of {}{hr} · {}",
            n + 1,
            order.len(),
            for_terminal(&deck.title)
        ))?;
        // Options in a new order each time: practice is for knowing the answer, not its place.
        let mut rng = ChaCha8Rng::seed_from_u64(schedule::seed(
            &format!("{}/{}", deck.id, item.id()),
            clock.now().timestamp_millis() as u32,
        ));
        let layout = Layout::shuffled(item, &mut rng);
        let question = Question::of(item, &layout);
        let asked = clock.now();
        let (response, verdict) = if question.input == Input::Reveal {
            loop {
                match prompter.reveal(&question)? {
                    Reply::Quit => {
                        quit = true;
                        break 'cards;
                    }
                    Reply::Undo => prompter.say(NOTHING_TO_UNDO)?,
                    Reply::Value(()) => break (None, None),
                }
            }
        } else {
            let mut again = false;
            loop {
                match prompter.answer(&question, again)? {
                    Reply::Quit => {
                        quit = true;
                        break 'cards;
                    }
                    Reply::Undo => {
                        prompter.say(NOTHING_TO_UNDO)?;
                        again = true;
                    }
                    Reply::Value(text) if text.trim().is_empty() => {
                        prompter.say(super::study::nothing_given(&question))?;
                        again = true;
                    }
                    Reply::Value(text) => match grade::grade(item, &layout, &text) {
                        Ok(v) => break (Some(text), Some(v)),
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
        };
        let duration_ms = (clock.now() - asked).num_milliseconds().max(0) as u64;
        let marks = prompter.marks();
        prompter.say(&feedback(deck, item, verdict.as_ref(), marks))?;
        let correct = match &verdict {
            Some(v) => v.correct,
            // A flash card: the student says whether they knew it; nothing is scheduled from it.
            None => {
                let choices: Vec<(Rating, String)> = Rating::ALL
                    .iter()
                    .map(|r| (*r, "not scheduled".to_string()))
                    .collect();
                match prompter.rate(&choices, Rating::Good)? {
                    Reply::Value(r) => r != Rating::Again,
                    Reply::Undo => true,
                    Reply::Quit => {
                        quit = true;
                        break 'cards;
                    }
                }
            }
        };
        store.record_practice(&Practised {
            deck: &deck.id,
            item: &item.id(),
            at: asked,
            answer: response.as_deref(),
            correct,
            duration_ms,
        })?;
        answers += 1;
        graded += usize::from(verdict.is_some());
        right += usize::from(verdict.is_some() && correct);
    }
    let accuracy = if graded > 0 {
        format!(
            ", {right} of {graded} right ({:.0}%)",
            right as f64 * 100.0 / graded as f64
        )
    } else {
        String::new()
    };
    prompter.say(&format!(
        "\n{}{}{} {}{accuracy}. No card was rescheduled.",
        style::HEADING.render(),
        if quit {
            "Practice stopped:"
        } else {
            "Practice done:"
        },
        style::HEADING.render_reset(),
        plural(answers, "answer"),
    ))?;
    Ok(super::EXIT_OK)
}

const NOTHING_TO_UNDO: &str = "Nothing to undo: practice changes no schedule.";
