//! A review history from another program replayed through kartka's scheduler: each past answer becomes a
//! row of the review log, and the item ends in the state those answers lead to, so that statistics, the
//! optimizer and tomorrow's session read it as if it had been studied here. Where the source says when a
//! card is next due, that date is kept: a learner moving over keeps their schedule.

use std::collections::HashMap;

use chrono::{DateTime, FixedOffset};

use super::draft::Warning;
use crate::Error;
use crate::deck::{Body, Card, Deck, Facet};
use crate::schedule::{CardState, Rating, Scheduler, State};
use crate::store::LoggedReview;

/// One card's past in the source: which note and which of its cards, and its answers in time order.
#[derive(Debug, Clone, PartialEq)]
pub struct CardHistory {
    /// The card id in the imported deck.
    pub card: String,
    /// Which of the note's cards: its template (0 the front, 1 the reverse) or cloze number less one.
    pub ord: u32,
    pub answers: Vec<PastAnswer>,
    /// When the source would ask it next; `None` when it does not say (a card never answered).
    pub due: Option<DateTime<FixedOffset>>,
    pub suspended: bool,
    /// Answers left out of `answers` because the source reset the card to new after them.
    pub forgotten: usize,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PastAnswer {
    pub at: DateTime<FixedOffset>,
    pub rating: Rating,
    pub duration_ms: u64,
}

/// What the replay gives to store, and what it could not place.
#[derive(Debug, Default)]
pub struct Replayed {
    pub states: Vec<(String, CardState)>,
    pub reviews: Vec<LoggedReview>,
    pub warnings: Vec<Warning>,
}

/// The item of `deck` a source card became: its card, and the side or cloze number its `ord` names.
fn item_of(cards: &HashMap<&str, &Card>, card_id: &str, ord: u32) -> Option<String> {
    let card = *cards.get(card_id)?;
    let facet = match (&card.body, ord) {
        (Body::Cloze { .. }, n) => Facet::Cloze(n + 1),
        (_, 0) => Facet::Main,
        (Body::Flash { reverse: true, .. }, 1) => Facet::Reverse,
        _ => return None,
    };
    card.items()
        .into_iter()
        .find(|i| i.facet == facet)
        .map(|i| i.id())
}

/// Replays every card's answers in order; cards without a kartka item are left out with a warning.
pub fn replay(
    deck: &Deck,
    histories: &[CardHistory],
    scheduler: &Scheduler,
) -> Result<Replayed, Error> {
    let mut out = Replayed::default();
    let mut unplaced = 0;
    let forgotten: usize = histories.iter().map(|h| h.forgotten).sum();
    // Cards by id, the first of any two with one id, as a search in deck order finds: one lookup per Anki
    // card instead of a pass over the deck (40,000 passes over 20,000 cards took 4 s).
    let mut cards: HashMap<&str, &Card> = HashMap::with_capacity(deck.cards.len());
    for card in &deck.cards {
        cards.entry(card.id.as_str()).or_insert(card);
    }
    for h in histories.iter().filter(|h| !h.answers.is_empty()) {
        let Some(item) = item_of(&cards, &h.card, h.ord) else {
            unplaced += 1;
            continue;
        };
        let key = format!("{}/{item}", deck.id);
        let mut card = CardState::new(h.answers[0].at);
        for a in &h.answers {
            let outcome = scheduler.review(&card, a.rating, &key, a.at)?;
            out.reviews.push(LoggedReview {
                deck: deck.id.clone(),
                item: item.clone(),
                at: a.at,
                rating: a.rating,
                state_before: card.state,
                duration_ms: a.duration_ms,
                interval_secs: outcome.interval.num_seconds(),
            });
            card = outcome.card;
        }
        if let Some(due) = h.due.filter(|_| card.state != State::New) {
            card.due = due;
        }
        card.suspended = h.suspended;
        out.states.push((item, card));
    }
    if forgotten > 0 {
        let cards = histories.iter().filter(|h| h.forgotten > 0).count();
        out.warnings.push(Warning {
            line: None,
            message: format!(
                "{forgotten} answer{} given before {cards} card{} reset to new in Anki (Forget) {} left out: Anki asks a card reset to new as new, and its FSRS reads a card's answers only from its last reset on",
                if forgotten == 1 { "" } else { "s" },
                if cards == 1 { " was" } else { "s were" },
                if forgotten == 1 { "is" } else { "are" },
            ),
        });
    }
    if unplaced > 0 {
        out.warnings.push(Warning {
            line: None,
            message: format!(
                "the history of {unplaced} Anki card{} is left out: no kartka card asks what {} asked",
                if unplaced == 1 { "" } else { "s" },
                if unplaced == 1 { "it" } else { "they" }
            ),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schedule::Settings;

    fn at(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(s).unwrap()
    }

    const DECK: &str = r#"[deck]
id = "anki"
title = "Anki"

[[cards]]
id = "htp"
kind = "flash"
front = "HTP"
back = "Hi-Tech Park"
reverse = true

[[cards]]
id = "year"
kind = "cloze"
text = "The park opened in {{c1::2005}} by {{c2::decree}}."
"#;

    fn answer(when: &str, rating: Rating) -> PastAnswer {
        PastAnswer {
            at: at(when),
            rating,
            duration_ms: 3000,
        }
    }

    #[test]
    fn each_anki_card_lands_on_its_side_or_deletion_with_its_answers_replayed() {
        let deck = crate::deck::parse(DECK).deck.unwrap();
        let scheduler = Scheduler::new(Settings {
            fuzz: false,
            ..Settings::default()
        })
        .unwrap();
        let anki_due = at("2026-03-20T04:00:00+00:00");
        let histories = [
            CardHistory {
                card: "htp".into(),
                ord: 1,
                answers: vec![
                    answer("2026-03-01T09:00:00+00:00", Rating::Good),
                    answer("2026-03-01T09:10:00+00:00", Rating::Good),
                    answer("2026-03-04T09:00:00+00:00", Rating::Again),
                ],
                due: Some(anki_due),
                suspended: false,
                forgotten: 0,
            },
            CardHistory {
                card: "year".into(),
                ord: 1,
                answers: vec![answer("2026-03-02T09:00:00+00:00", Rating::Easy)],
                due: None,
                suspended: true,
                forgotten: 0,
            },
            // A third template: nothing in kartka asks it.
            CardHistory {
                card: "htp".into(),
                ord: 2,
                answers: vec![answer("2026-03-02T09:00:00+00:00", Rating::Good)],
                due: None,
                suspended: false,
                forgotten: 0,
            },
        ];
        let r = replay(&deck, &histories, &scheduler).unwrap();
        let items: Vec<&str> = r.states.iter().map(|(i, _)| i.as_str()).collect();
        assert_eq!(items, ["htp#reverse", "year#c2"]);
        let (_, reverse) = &r.states[0];
        assert_eq!(
            (reverse.state, reverse.reps, reverse.lapses),
            (State::Relearning, 3, 1)
        );
        assert_eq!(reverse.due, anki_due, "Anki's due date is kept");
        let (_, cloze) = &r.states[1];
        assert!(cloze.suspended);
        assert_eq!(cloze.state, State::Review);
        let before: Vec<State> = r.reviews.iter().map(|l| l.state_before).collect();
        assert_eq!(
            before,
            [State::New, State::Learning, State::Review, State::New]
        );
        assert_eq!(r.warnings.len(), 1);
        assert_eq!(
            r.warnings[0].message,
            "the history of 1 Anki card is left out: no kartka card asks what it asked"
        );
    }
}
