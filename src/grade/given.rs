//! What a learner answered, in terms of the card rather than of the screen: the options, items and sides
//! they picked named by their place in the card as written, whatever order they were shown in. This is
//! how an answer is reported outside kartka (xAPI statements), where learners shown different orders are
//! compared.

use super::{Layout, choice, matching, number, order};
use crate::deck::{Body, Deletion, Facet, Item};

#[derive(Debug, Clone, PartialEq)]
pub enum Given {
    /// A flash card: recalled, then self-rated.
    Recalled,
    /// The options picked (choice: one; multi: any number), as places in the card.
    Options(Vec<usize>),
    TrueFalse(bool),
    /// Typed text: a text card's answer, a cloze item's blanks in reading order, or a number that could
    /// not be read as one.
    Typed(Vec<String>),
    Number(f64),
    /// An order card's items, in the order the learner put them.
    Sequence(Vec<usize>),
    /// A match card's pairs: (left, right), the right side as a place among the card's distinct right
    /// sides ([`super::choices`]). Left items given no right side are left out.
    Pairs(Vec<(usize, usize)>),
}

impl Given {
    /// Reads `response` (what was typed, as [`super::grade`] read it) for `item` shown in `layout`;
    /// `None` for a flash card, whose answer is recalled, not typed ([`Given::Recalled`]), and for a
    /// response grading would have asked again for.
    pub fn read(item: &Item<'_>, layout: &Layout, response: &str) -> Option<Given> {
        let response = response.trim();
        let card = |shown: Vec<usize>| -> Vec<usize> {
            shown.into_iter().map(|pos| layout.shown[pos]).collect()
        };
        Some(match (&item.card.body, item.facet) {
            (Body::Flash { .. }, _) => return None,
            (Body::Text { .. }, _) => Given::Typed(vec![response.to_string()]),
            (Body::Choice { options, .. }, _) => {
                Given::Options(card(vec![choice::pick(options, layout, response)?]))
            }
            (Body::Multi { options, .. }, _) => {
                Given::Options(card(choice::picks(options, layout, response)?))
            }
            (Body::TrueFalse { .. }, _) => Given::TrueFalse(choice::said(response)?),
            (Body::Number { .. }, _) => match number::parse(response) {
                Ok(n) => Given::Number(n.value * n.scale),
                Err(_) => Given::Typed(vec![response.to_string()]),
            },
            (Body::Cloze { deletions, .. }, facet) => {
                Given::Typed(blanks(deletions, facet, response))
            }
            (Body::Order { items }, _) => {
                Given::Sequence(card(order::positions(response, items.len())?))
            }
            (Body::Match { pairs }, _) => {
                let chosen = matching::assignments(response, pairs.len(), layout.shown.len())?;
                Given::Pairs(
                    chosen
                        .into_iter()
                        .enumerate()
                        .filter_map(|(left, pos)| Some((left, layout.shown[pos?])))
                        .collect(),
                )
            }
        })
    }
}

/// A cloze answer split as grading splits it: by semicolons when the item has several blanks.
fn blanks(deletions: &[Deletion], facet: Facet, response: &str) -> Vec<String> {
    let number = match facet {
        Facet::Cloze(n) => n,
        _ => deletions.first().map_or(1, |d| d.number),
    };
    if deletions.iter().filter(|d| d.number == number).count() > 1 {
        response.split(';').map(|p| p.trim().to_string()).collect()
    } else {
        vec![response.to_string()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::Card;

    fn item_of(body: Body) -> Card {
        Card {
            id: "c".into(),
            prompt: Some("Q?".into()),
            explain: None,
            source: None,
            tags: vec![],
            body,
        }
    }

    fn read(card: &Card, facet: Facet, shown: Vec<usize>, response: &str) -> Option<Given> {
        let item = Item { card, facet };
        let layout = Layout::new(&item, shown).unwrap();
        Given::read(&item, &layout, response)
    }

    fn strings(s: &[&str]) -> Vec<String> {
        s.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn picks_are_places_in_the_card_whatever_was_shown() {
        let options = strings(&["Minsk", "Hrodna", "Brest"]);
        let one = item_of(Body::Choice {
            options: options.clone(),
            answer: 0,
            per_answer: Default::default(),
        });
        // Shown Brest, Minsk, Hrodna: "b" is Minsk, the card's first.
        assert_eq!(
            read(&one, Facet::Main, vec![2, 0, 1], "b"),
            Some(Given::Options(vec![0]))
        );
        assert_eq!(
            read(&one, Facet::Main, vec![2, 0, 1], "hrodna"),
            Some(Given::Options(vec![1]))
        );
        assert_eq!(read(&one, Facet::Main, vec![2, 0, 1], "z"), None);
        let several = item_of(Body::Multi {
            options,
            answers: vec![0, 2],
            per_answer: Default::default(),
        });
        assert_eq!(
            read(&several, Facet::Main, vec![2, 0, 1], "a b"),
            Some(Given::Options(vec![2, 0]))
        );
    }

    #[test]
    fn orders_and_pairs_are_places_in_the_card() {
        let order = item_of(Body::Order {
            items: strings(&["first", "second", "third"]),
        });
        // Shown third, first, second; "2 3 1" puts them right.
        assert_eq!(
            read(&order, Facet::Main, vec![2, 0, 1], "2 3 1"),
            Some(Given::Sequence(vec![0, 1, 2]))
        );
        let pairs = item_of(Body::Match {
            pairs: vec![
                ("Minsk".into(), "Belarus".into()),
                ("Vilnius".into(), "Lithuania".into()),
            ],
        });
        assert_eq!(
            read(&pairs, Facet::Main, vec![1, 0], "b a"),
            Some(Given::Pairs(vec![(0, 0), (1, 1)]))
        );
    }

    #[test]
    fn typed_answers() {
        let tf = item_of(Body::TrueFalse {
            answer: true,
            per_answer: Default::default(),
        });
        assert_eq!(
            read(&tf, Facet::Main, vec![], "yes"),
            Some(Given::TrueFalse(true))
        );
        let n = item_of(Body::Number {
            answer: 2005.0,
            tolerance: crate::deck::Tolerance::Absolute(0.0),
            unit: None,
        });
        assert_eq!(
            read(&n, Facet::Main, vec![], "2 thousand"),
            Some(Given::Number(2000.0))
        );
        assert_eq!(
            read(&n, Facet::Main, vec![], "soon"),
            Some(Given::Typed(strings(&["soon"])))
        );
        let text = "{{c1::Minsk}} and {{c1::Brest}} are {{c2::cities}}".to_string();
        let deletions = crate::deck::cloze::parse(&text).unwrap();
        let cloze = item_of(Body::Cloze { text, deletions });
        assert_eq!(
            read(&cloze, Facet::Cloze(1), vec![], "Minsk; Brest"),
            Some(Given::Typed(strings(&["Minsk", "Brest"])))
        );
        let flash = item_of(Body::Flash {
            front: "f".into(),
            back: "b".into(),
            reverse: false,
        });
        assert_eq!(read(&flash, Facet::Main, vec![], ""), None);
    }
}
