//! Burying siblings, as Anki does: once an item of a card is in today's queue (or was answered earlier
//! today), the card's other items wait for the next study day, so that a cloze deletion or a reversed side
//! does not give away the answer to the one just seen. Items in learning within the day are never held
//! back, since their steps would be lost; what is held back is only left out of the queue, not changed in
//! the store, so it comes on the next study day as usual.
//!
//! Items are taken in Anki's order, each taken item claiming its card for the day: learning within the
//! day, learning across days, reviews (most overdue first, up to the daily limit), then new items in deck
//! order (by [`take_new`], up to theirs). Held-back items do not count against the limits.

use std::collections::HashSet;

use chrono::{DateTime, FixedOffset};

use crate::schedule::{CardState, State, study_day};

/// Which kinds of sibling are held back: `bury_new`, `bury_reviews` and `bury_interday_learning` in
/// config.toml.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bury {
    pub new: bool,
    pub reviews: bool,
    pub interday_learning: bool,
}

impl Default for Bury {
    fn default() -> Bury {
        Bury {
            new: true,
            reviews: true,
            interday_learning: true,
        }
    }
}

/// The card an item belongs to: card ids cannot hold `#`, which starts an item's facet.
pub fn card_of(item: &str) -> &str {
    item.split('#').next().unwrap_or(item)
}

/// A due item in the order it is taken in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Due {
    Intraday,
    Interday,
    Review,
}

/// How a learning or review item due today is taken, or `None` for any other.
fn due(card: &CardState, rollover_hour: u32) -> Option<Due> {
    match card.state {
        State::New => None,
        // A step that ends on a later study day than the answer that set it is Anki's interday learning.
        State::Learning | State::Relearning => Some(match card.last_review {
            Some(at) if study_day(at, rollover_hour) < study_day(card.due, rollover_hour) => {
                Due::Interday
            }
            _ => Due::Intraday,
        }),
        State::Review => Some(Due::Review),
    }
}

/// The learning and review items of one deck to show today, out of those due by the end of it, each
/// given with its card and state: `(learning, reviews)`. `claimed` holds the cards already claimed today
/// and gains those of the items taken.
pub fn take_due<'k, T>(
    candidates: Vec<(&'k str, &CardState, T)>,
    reviews_left: u32,
    bury: Bury,
    rollover_hour: u32,
    claimed: &mut HashSet<&'k str>,
) -> (Vec<T>, Vec<T>) {
    let mut ordered: Vec<(Due, DateTime<FixedOffset>, &'k str, T)> = candidates
        .into_iter()
        .filter_map(|(card, state, x)| due(state, rollover_hour).map(|d| (d, state.due, card, x)))
        .collect();
    ordered.sort_by_key(|(d, at, ..)| (*d, *at));
    let (mut learning, mut reviews) = (Vec::new(), Vec::new());
    let mut reviews_left = reviews_left;
    for (d, _, card, x) in ordered {
        let held_back = claimed.contains(card)
            && match d {
                Due::Intraday => false,
                Due::Interday => bury.interday_learning,
                Due::Review => bury.reviews,
            };
        if held_back || (d == Due::Review && reviews_left == 0) {
            continue;
        }
        claimed.insert(card);
        if d == Due::Review {
            reviews_left -= 1;
            reviews.push(x);
        } else {
            learning.push(x);
        }
    }
    (learning, reviews)
}

/// Whether the next new item in deck order, of `card`, is taken; if so it claims its card and uses one
/// of `new_left`.
pub fn take_new<'k>(
    card: &'k str,
    new_left: &mut u32,
    bury: Bury,
    claimed: &mut HashSet<&'k str>,
) -> bool {
    if *new_left == 0 || (bury.new && claimed.contains(card)) {
        return false;
    }
    claimed.insert(card);
    *new_left -= 1;
    true
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;
    use crate::deck::{Deck, parse};
    use crate::session::{DeckInput, Filter, Session, Today};

    /// A cloze card with two deletions, a reversed flash card, and a true/false card.
    fn deck() -> Deck {
        parse(
            "[deck]\nid = \"d\"\ntitle = \"D\"\n\
             [[cards]]\nid = \"cz\"\nkind = \"cloze\"\ntext = \"{{c1::a}} {{c2::b}}\"\n\
             [[cards]]\nid = \"fl\"\nkind = \"flash\"\nfront = \"f\"\nback = \"b\"\nreverse = true\n\
             [[cards]]\nid = \"tf\"\nkind = \"truefalse\"\nprompt = \"Q?\"\nanswer = true\n",
        )
        .deck
        .unwrap()
    }

    fn at(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(s).unwrap()
    }

    const NOW: &str = "2026-03-10T10:00:00+00:00";

    fn state(state: State, due: &str, last_review: &str) -> CardState {
        let mut c = CardState::new(at(due));
        c.state = state;
        c.last_review = Some(at(last_review));
        c
    }

    /// The items a session at [`NOW`] asks, given stored states and what burying and earlier sessions say.
    fn asked(stored: &[(&str, CardState)], bury: Bury, seen: &[&str]) -> Vec<String> {
        let d = deck();
        let input = DeckInput {
            deck: &d,
            stored: stored
                .iter()
                .map(|(id, c)| (id.to_string(), c.clone()))
                .collect::<HashMap<_, _>>(),
            today: Today {
                new_left: 20,
                reviews_left: 200,
                bury,
                seen: seen.iter().map(|s| s.to_string()).collect(),
            },
        };
        let mut session = Session::new(vec![input], &Filter::default(), 4, at(NOW));
        let mut ids: Vec<String> = std::iter::from_fn(|| session.next(at(NOW)))
            .map(|e| e.id)
            .collect();
        ids.sort();
        ids
    }

    #[test]
    fn one_new_item_of_a_card_a_day() {
        // A cloze's second deletion and a flash card's reverse wait for another day...
        assert_eq!(asked(&[], Bury::default(), &[]), ["cz#c1", "fl", "tf"]);
        // ...and not for another session the same day.
        assert_eq!(asked(&[], Bury::default(), &["cz", "fl"]), ["tf"]);
        let off = Bury {
            new: false,
            ..Bury::default()
        };
        assert_eq!(
            asked(&[], off, &["cz"]),
            ["cz#c1", "cz#c2", "fl", "fl#reverse", "tf"]
        );
    }

    #[test]
    fn a_due_review_holds_back_its_siblings_due_or_new() {
        let review = |due| state(State::Review, due, "2026-03-01T10:00:00+00:00");
        let stored = [
            ("cz#c1", review("2026-03-09T10:00:00+00:00")),
            ("cz#c2", review("2026-03-08T10:00:00+00:00")),
            ("fl", review("2026-03-10T09:00:00+00:00")),
        ];
        // The most overdue review of a card is the one shown.
        assert_eq!(asked(&stored, Bury::default(), &[]), ["cz#c2", "fl", "tf"]);
        let off = Bury {
            new: false,
            reviews: false,
            ..Bury::default()
        };
        assert_eq!(
            asked(&stored, off, &[]),
            ["cz#c1", "cz#c2", "fl", "fl#reverse", "tf"]
        );
    }

    #[test]
    fn learning_within_the_day_is_never_held_back_and_learning_across_days_is() {
        let day_before = "2026-03-09T10:00:00+00:00";
        let intraday = state(State::Learning, NOW, NOW);
        let interday = state(State::Learning, "2026-03-10T09:00:00+00:00", day_before);
        let stored = [
            ("cz#c1", intraday.clone()),
            ("cz#c2", interday.clone()),
            ("fl", intraday),
            (
                "fl#reverse",
                state(State::Relearning, NOW, "2026-03-10T09:59:00+00:00"),
            ),
        ];
        assert_eq!(
            asked(&stored, Bury::default(), &[]),
            ["cz#c1", "fl", "fl#reverse", "tf"]
        );
        let off = Bury {
            interday_learning: false,
            ..Bury::default()
        };
        assert_eq!(
            asked(&stored, off, &[]),
            ["cz#c1", "cz#c2", "fl", "fl#reverse", "tf"]
        );
        // Answered yesterday, due today: learning across days, which an answer earlier today holds back.
        let stored = [("cz#c2", interday)];
        assert_eq!(asked(&stored, Bury::default(), &["cz"]), ["fl", "tf"]);
    }
}
