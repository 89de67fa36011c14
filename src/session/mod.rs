//! The study session's queue: which item comes next. Pure: the caller passes the time and the stored
//! states, and reports answers back.
//!
//! As in Anki: learning cards whose step is due come first, then reviews (most overdue first) with new
//! cards spread evenly among them. When nothing else is left, learning cards due within the next 20 minutes
//! are shown early, so a card answered "again" comes back before the session ends. A card's other items
//! (cloze deletions, a reversed side) are buried until the next study day once one is shown, as in Anki.

use std::collections::{HashMap, HashSet, VecDeque};

use chrono::{DateTime, Duration, FixedOffset};

use crate::deck::{Deck, Item, Outline};
use crate::item_set::ItemSet;
use crate::schedule::{CardState, State, study_day};

mod bury;
pub mod practice;

pub use bury::{Bury, card_of};

/// How far ahead a learning card may be shown when nothing else is due (Anki's "learn ahead limit").
pub const LEARN_AHEAD: Duration = Duration::minutes(20);

/// What a deck may still show today.
#[derive(Debug, Clone, Default)]
pub struct Today {
    /// New items it may still introduce.
    pub new_left: u32,
    /// Reviews it may still show.
    pub reviews_left: u32,
    /// Which siblings of the items shown today wait for the next study day.
    pub bury: Bury,
    /// Ids of the cards with an item answered earlier today, whose other items are held back as if
    /// shown in this session.
    pub seen: HashSet<String>,
}

/// One deck's part in a session.
pub struct DeckInput<'d> {
    pub deck: &'d Deck,
    /// Stored states by item id; items without one are new.
    pub stored: HashMap<String, CardState>,
    pub today: Today,
}

/// The cards of a deck that a session today can show, by number: those holding the learning and review
/// items in `due` that it takes, and the new items (not in `not_new`) it takes in deck order, among the
/// items that pass the tag filter, siblings buried as [`Bury`] says. A [`Session`] over just these cards,
/// given the stored state of each of their items, is the one the whole deck would give: nothing else can
/// be due, and the new items it introduces are these.
pub fn cards_needed(
    outline: &Outline,
    due: &HashMap<String, CardState>,
    not_new: &ItemSet,
    today: &Today,
    tags: &[String],
    rollover_hour: u32,
) -> Vec<usize> {
    let mut claimed: HashSet<&str> = today.seen.iter().map(String::as_str).collect();
    // Asked of every item of the deck: as an `ItemSet`, without SipHash.
    let due_items: ItemSet = due.keys().map(String::as_str).collect();
    let mut due_left = due.len();
    let mut candidates = Vec::new();
    for (card, id) in outline.items() {
        if due_left == 0 {
            break;
        }
        if let Some(state) = due.get(id.as_ref()) {
            due_left -= 1;
            if outline.card_has_any_tag(card, tags) {
                candidates.push((outline.card_id(card), state, card));
            }
        }
    }
    let (learning, reviews) = bury::take_due(
        candidates,
        today.reviews_left,
        today.bury,
        rollover_hour,
        &mut claimed,
    );
    let mut needed: Vec<usize> = learning.into_iter().chain(reviews).collect();
    let mut new_left = today.new_left;
    for (card, id) in outline.items() {
        if new_left == 0 {
            break;
        }
        if !due_items.contains(&id)
            && !not_new.contains(&id)
            && outline.card_has_any_tag(card, tags)
            && bury::take_new(
                outline.card_id(card),
                &mut new_left,
                today.bury,
                &mut claimed,
            )
        {
            needed.push(card);
        }
    }
    needed.sort_unstable();
    needed.dedup();
    needed
}

/// What narrows a session.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Only items whose card or deck has one of these tags (all items when empty).
    pub tags: Vec<String>,
    /// At most this many items in the session.
    pub limit: Option<usize>,
}

/// An item in the queue with its current scheduling state.
#[derive(Debug, Clone)]
pub struct Entry<'d> {
    pub deck: &'d Deck,
    pub item: Item<'d>,
    pub id: String,
    pub card: CardState,
}

/// How many items of each sort are still to come.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub new: usize,
    pub learning: usize,
    pub review: usize,
}

impl Counts {
    pub fn total(&self) -> usize {
        self.new + self.learning + self.review
    }
}

pub struct Session<'d> {
    learning: Vec<Entry<'d>>,
    main: VecDeque<Entry<'d>>,
    rollover_hour: u32,
}

/// Spreads `new` evenly among `reviews`: with 6 reviews and 2 new, a new card comes every fourth.
fn interleave<T>(reviews: Vec<T>, new: Vec<T>) -> VecDeque<T> {
    let total = reviews.len() + new.len();
    let mut out = VecDeque::with_capacity(total);
    let (mut reviews, mut new) = (reviews.into_iter(), new.into_iter());
    let (n_new, mut placed) = (new.len(), 0);
    for i in 0..total {
        // Place a new card when it is its turn (Bresenham-style), or when the reviews have run out.
        let due = (placed + 1) * total <= (i + 1) * n_new;
        let next = if due {
            new.next().or_else(|| reviews.next())
        } else {
            reviews.next().or_else(|| new.next())
        };
        if let Some(x) = next {
            if due {
                placed += 1;
            }
            out.push_back(x);
        }
    }
    out
}

impl<'d> Session<'d> {
    pub fn new(
        decks: Vec<DeckInput<'d>>,
        filter: &Filter,
        rollover_hour: u32,
        now: DateTime<FixedOffset>,
    ) -> Session<'d> {
        let today = study_day(now, rollover_hour);
        let mut learning = Vec::new();
        let mut reviews = Vec::new();
        let mut new = Vec::new();
        for input in &decks {
            let mut claimed: HashSet<&str> = input.today.seen.iter().map(String::as_str).collect();
            let mut due = Vec::new();
            let mut new_here = Vec::new();
            for item in input.deck.items() {
                if !item.has_any_tag(input.deck, &filter.tags) {
                    continue;
                }
                let id = item.id();
                let stored = input.stored.get(&id);
                let entry = |card| Entry {
                    deck: input.deck,
                    item,
                    id: id.clone(),
                    card,
                };
                match stored {
                    Some(card) if card.suspended => {}
                    None => new_here.push(entry(CardState::new(now))),
                    Some(card) if card.state == State::New => new_here.push(entry(card.clone())),
                    Some(card) if study_day(card.due, rollover_hour) <= today => {
                        due.push((item.card.id.as_str(), card, entry(card.clone())));
                    }
                    Some(_) => {}
                }
            }
            let bury = input.today.bury;
            let (l, r) = bury::take_due(
                due,
                input.today.reviews_left,
                bury,
                rollover_hour,
                &mut claimed,
            );
            learning.extend(l);
            reviews.extend(r);
            let mut new_left = input.today.new_left;
            for e in new_here {
                let card = e.item.card;
                if bury::take_new(&card.id, &mut new_left, bury, &mut claimed) {
                    new.push(e);
                }
            }
        }
        reviews.sort_by_key(|e| e.card.due);
        learning.sort_by_key(|e| e.card.due);
        let mut main = interleave(reviews, new);
        if let Some(limit) = filter.limit {
            learning.truncate(limit);
            main.truncate(limit.saturating_sub(learning.len()));
        }
        Session {
            learning,
            main,
            rollover_hour,
        }
    }

    /// The next item to ask, taken off the queue; `None` when the session is over.
    pub fn next(&mut self, now: DateTime<FixedOffset>) -> Option<Entry<'d>> {
        let soonest = |learning: &[Entry<'_>], by: DateTime<FixedOffset>| {
            learning
                .iter()
                .enumerate()
                .filter(|(_, e)| e.card.due <= by)
                .min_by_key(|(_, e)| e.card.due)
                .map(|(i, _)| i)
        };
        if let Some(i) = soonest(&self.learning, now) {
            return Some(self.learning.remove(i));
        }
        if let Some(e) = self.main.pop_front() {
            return Some(e);
        }
        soonest(&self.learning, now + LEARN_AHEAD).map(|i| self.learning.remove(i))
    }

    /// Reports an answered item with its new state: a card still in (re)learning today comes back.
    pub fn answered(&mut self, mut entry: Entry<'d>, card: CardState, now: DateTime<FixedOffset>) {
        let today = study_day(now, self.rollover_hour);
        if matches!(card.state, State::Learning | State::Relearning)
            && study_day(card.due, self.rollover_hour) <= today
        {
            entry.card = card;
            self.learning.push(entry);
        }
    }

    /// Puts `entry` at the head of the queue, as the next to ask, taking out any other turn of its item (a
    /// learning card queued again by the answer being undone).
    pub fn ask_first(&mut self, entry: Entry<'d>) {
        let same = |e: &Entry<'_>| e.deck.id == entry.deck.id && e.id == entry.id;
        self.learning.retain(|e| !same(e));
        self.main.retain(|e| !same(e));
        self.main.push_front(entry);
    }

    pub fn remaining(&self) -> Counts {
        let mut c = Counts {
            learning: self.learning.len(),
            ..Counts::default()
        };
        for e in &self.main {
            match e.card.state {
                State::New => c.new += 1,
                State::Review => c.review += 1,
                State::Learning | State::Relearning => c.learning += 1,
            }
        }
        c
    }

    /// Learning items that will be due later today, beyond the learn-ahead limit.
    pub fn later_today(&self) -> usize {
        self.learning.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::parse;
    use crate::schedule::{Rating, Scheduler, Settings};

    fn at(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(s).unwrap()
    }

    fn deck(n: usize) -> Deck {
        let mut text = String::from("[deck]\nid = \"d\"\ntitle = \"D\"\n");
        for i in 0..n {
            text.push_str(&format!(
                "[[cards]]\nid = \"c{i}\"\nkind = \"truefalse\"\nprompt = \"Q{i}?\"\nanswer = true\nexplain = \"e\"\ntags = [\"{}\"]\n",
                if i % 2 == 0 { "even" } else { "odd" }
            ));
        }
        parse(&text).deck.unwrap()
    }

    fn review(due: &str) -> CardState {
        let mut c = CardState::new(at(due));
        c.state = State::Review;
        c.last_review = Some(at(due) - Duration::days(3));
        c
    }

    fn ids(session: &mut Session<'_>, now: DateTime<FixedOffset>) -> Vec<String> {
        std::iter::from_fn(|| session.next(now))
            .map(|e| e.id)
            .collect()
    }

    #[test]
    fn reviews_most_overdue_first_with_new_cards_spread_among_them() {
        let d = deck(8);
        let now = at("2026-03-10T10:00:00+00:00");
        let stored: HashMap<String, CardState> = [
            ("c0", "2026-03-09T10:00:00+00:00"),
            ("c1", "2026-03-01T10:00:00+00:00"),
            ("c2", "2026-03-10T09:00:00+00:00"),
            ("c3", "2026-03-05T10:00:00+00:00"),
            ("c4", "2026-03-20T10:00:00+00:00"),
            ("c5", "2026-03-10T11:00:00+00:00"),
        ]
        .into_iter()
        .map(|(id, due)| (id.to_string(), review(due)))
        .collect();
        let input = DeckInput {
            deck: &d,
            stored,
            today: Today {
                new_left: 20,
                reviews_left: 200,
                ..Today::default()
            },
        };
        let mut s = Session::new(vec![input], &Filter::default(), 4, now);
        assert_eq!(
            s.remaining(),
            Counts {
                new: 2,
                learning: 0,
                review: 5
            }
        );
        // Five reviews by due date (c4 is not due until the 20th; c5 is due later today, which counts as
        // today), with the two new cards at every 3.5th place.
        assert_eq!(ids(&mut s, now), ["c1", "c3", "c0", "c6", "c2", "c5", "c7"]);
    }

    #[test]
    fn daily_limits_tags_and_the_session_limit() {
        let d = deck(10);
        let now = at("2026-03-10T10:00:00+00:00");
        let input = |new_left| DeckInput {
            deck: &d,
            stored: HashMap::new(),
            today: Today {
                new_left,
                reviews_left: 200,
                ..Today::default()
            },
        };
        let mut s = Session::new(vec![input(3)], &Filter::default(), 4, now);
        assert_eq!(ids(&mut s, now), ["c0", "c1", "c2"]);
        let odd = Filter {
            tags: vec!["ODD".into()],
            limit: None,
        };
        let mut s = Session::new(vec![input(20)], &odd, 4, now);
        assert_eq!(ids(&mut s, now), ["c1", "c3", "c5", "c7", "c9"]);
        let limit = Filter {
            tags: vec![],
            limit: Some(2),
        };
        let mut s = Session::new(vec![input(20)], &limit, 4, now);
        assert_eq!(ids(&mut s, now), ["c0", "c1"]);
    }

    #[test]
    fn a_card_answered_again_comes_back_in_the_same_session() {
        let d = deck(2);
        let now = at("2026-03-10T10:00:00+00:00");
        let scheduler = Scheduler::new(Settings::default()).unwrap();
        let input = DeckInput {
            deck: &d,
            stored: HashMap::new(),
            today: Today {
                new_left: 20,
                reviews_left: 200,
                ..Today::default()
            },
        };
        let mut s = Session::new(vec![input], &Filter::default(), 4, now);
        let mut seen = Vec::new();
        let mut clock = now;
        while let Some(e) = s.next(clock) {
            seen.push(e.id.clone());
            let rating = if seen.len() == 1 {
                Rating::Again
            } else {
                Rating::Good
            };
            let o = scheduler.review(&e.card, rating, &e.id, clock).unwrap();
            s.answered(e, o.card, clock);
            clock += Duration::seconds(30);
        }
        // c0: again (1m) → c1: good (10m) → c0 is due again after a minute → good (10m) → then, with nothing
        // else left, both are shown early and graduate.
        assert_eq!(seen, ["c0", "c1", "c0", "c1", "c0"]);
    }

    /// Four simulated weeks of daily sessions over a 30-card deck with 5 new cards a day, every answer
    /// good: new cards come 5 a day, nothing is shown before it is due, and nothing due is skipped.
    #[test]
    fn four_simulated_weeks() {
        let d = deck(30);
        let scheduler = Scheduler::new(Settings::default()).unwrap();
        let mut stored: HashMap<String, CardState> = HashMap::new();
        let start = at("2026-03-01T09:00:00+00:00");
        let mut introduced_per_day = Vec::new();
        for day in 0..28 {
            let morning = start + Duration::days(day);
            let due_today: Vec<String> = stored
                .iter()
                .filter(|(_, c)| study_day(c.due, 4) <= study_day(morning, 4))
                .map(|(id, _)| id.clone())
                .collect();
            let input = DeckInput {
                deck: &d,
                stored: stored.clone(),
                today: Today {
                    new_left: 5,
                    reviews_left: 200,
                    ..Today::default()
                },
            };
            let mut session = Session::new(vec![input], &Filter::default(), 4, morning);
            let mut clock = morning;
            let mut new_today = 0;
            let mut shown = std::collections::HashSet::new();
            while let Some(e) = session.next(clock) {
                if e.card.state == State::New {
                    new_today += 1;
                } else if e.card.state == State::Review {
                    assert!(
                        study_day(e.card.due, 4) <= study_day(clock, 4),
                        "{} shown early",
                        e.id
                    );
                }
                shown.insert(e.id.clone());
                let o = scheduler
                    .review(&e.card, Rating::Good, &e.id, clock)
                    .unwrap();
                stored.insert(e.id.clone(), o.card.clone());
                session.answered(e, o.card, clock);
                clock += Duration::seconds(20);
            }
            for id in due_today {
                assert!(shown.contains(&id), "day {day}: {id} was due and not shown");
            }
            introduced_per_day.push(new_today);
        }
        assert_eq!(&introduced_per_day[..7], [5, 5, 5, 5, 5, 5, 0]);
        assert!(stored.values().all(|c| c.state == State::Review));
        // After four weeks of good answers every card is due days or weeks ahead, not tomorrow.
        let end = start + Duration::days(28);
        assert!(
            stored.values().all(|c| c.due > end),
            "{:?}",
            stored.values().map(|c| c.due).min()
        );
    }
    /// The session over only the cards `cards_needed` picks, given their items' stored states (what
    /// `kartka study` builds), asks exactly what the session over the whole deck asks, whatever is stored:
    /// cloze deletions and reversed cards with one side due and the other not, suspended and unsuspended
    /// new items, learning items due later today, tag filters, daily limits and burying.
    #[test]
    fn a_session_over_the_cards_needed_is_the_session_over_the_whole_deck() {
        use rand::{RngExt, SeedableRng};
        let mut text = String::from("[deck]\nid = \"d\"\ntitle = \"D\"\n");
        for i in 0..12 {
            let tag = if i % 3 == 0 { "even" } else { "odd" };
            let body = match i % 3 {
                0 => "kind = \"cloze\"\ntext = \"{{c1::a}} {{c2::b}} {{c3::c}}\"".to_string(),
                1 => "kind = \"flash\"\nfront = \"f\"\nback = \"b\"\nreverse = true".to_string(),
                _ => format!("kind = \"truefalse\"\nprompt = \"Q{i}?\"\nanswer = true"),
            };
            text.push_str(&format!(
                "[[cards]]\nid = \"c{i}\"\n{body}\ntags = [\"{tag}\"]\n"
            ));
        }
        let full = parse(&text).deck.unwrap();
        let outline = Outline::of(&full);
        let now = at("2026-03-10T10:00:00+00:00");
        let tomorrow = at("2026-03-11T04:00:00+00:00");
        let ids_of = |deck: &Deck| deck.items().map(|i| i.id()).collect::<Vec<_>>();
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
        for round in 0..300 {
            let mut stored = HashMap::new();
            for id in ids_of(&full) {
                let mut card = CardState::new(now);
                card.state = match rng.random_range(0..5) {
                    0 => continue,
                    1 => State::New,
                    2 => State::Learning,
                    _ => State::Review,
                };
                card.due = now + Duration::hours(rng.random_range(-48..48));
                // A step set the day before it ends is learning across days; one set the same day, within it.
                card.last_review = Some(card.due - Duration::hours(rng.random_range(1..30)));
                card.suspended = rng.random_range(0..6) == 0;
                stored.insert(id, card);
            }
            let today = Today {
                new_left: rng.random_range(0..5),
                reviews_left: rng.random_range(1..8),
                bury: Bury {
                    new: rng.random_bool(0.7),
                    reviews: rng.random_bool(0.7),
                    interday_learning: rng.random_bool(0.7),
                },
                seen: (0..12)
                    .filter(|_| rng.random_range(0..4) == 0)
                    .map(|i| format!("c{i}"))
                    .collect(),
            };
            let tags: Vec<String> = match round % 3 {
                0 => vec!["even".into()],
                _ => vec![],
            };
            let filter = Filter {
                tags: tags.clone(),
                limit: None,
            };
            let asked = |deck: &Deck, stored: HashMap<String, CardState>| {
                let input = DeckInput {
                    deck,
                    stored,
                    today: today.clone(),
                };
                let mut session = Session::new(vec![input], &filter, 4, now);
                ids(&mut session, now)
            };
            let due: HashMap<String, CardState> = stored
                .iter()
                .filter(|(_, c)| c.state != State::New && !c.suspended && c.due < tomorrow)
                .map(|(id, c)| (id.clone(), c.clone()))
                .collect();
            let not_new: ItemSet = stored
                .iter()
                .filter(|(_, c)| c.state != State::New || c.suspended)
                .map(|(id, _)| id.as_str())
                .collect();
            let part = outline
                .deck_with(cards_needed(&outline, &due, &not_new, &today, &tags, 4))
                .unwrap();
            let part_stored = ids_of(&part)
                .into_iter()
                .filter_map(|id| stored.get(&id).map(|c| (id, c.clone())))
                .collect();
            assert_eq!(
                asked(&part, part_stored),
                asked(&full, stored.clone()),
                "round {round}"
            );
        }
    }
}
