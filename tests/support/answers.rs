//! Answers to a deck's items, for the tests that build statements without running a session.

use kartka::deck::{Body, Facet, Item};
use kartka::grade::Given;

/// The right answer to `item`, as a learner would give it (for statements built from a deck).
pub fn right(item: &Item<'_>) -> Given {
    match (&item.card.body, item.facet) {
        (Body::Flash { .. }, _) => Given::Recalled,
        (Body::Text { answer, .. }, _) => Given::Typed(vec![answer.clone()]),
        (Body::Choice { answer, .. }, _) => Given::Options(vec![*answer]),
        (Body::Multi { answers, .. }, _) => Given::Options(answers.clone()),
        (Body::TrueFalse { answer, .. }, _) => Given::TrueFalse(*answer),
        (Body::Number { answer, .. }, _) => Given::Number(*answer),
        (Body::Cloze { deletions, .. }, facet) => Given::Typed(
            deletions
                .iter()
                .filter(|d| Facet::Cloze(d.number) == facet)
                .map(|d| d.answer.clone())
                .collect(),
        ),
        (Body::Order { items }, _) => Given::Sequence((0..items.len()).collect()),
        (Body::Match { pairs }, _) => {
            let rights = kartka::grade::choices(item);
            Given::Pairs(
                pairs
                    .iter()
                    .enumerate()
                    .map(|(i, (_, r))| (i, rights.iter().position(|x| x == r).unwrap()))
                    .collect(),
            )
        }
    }
}
