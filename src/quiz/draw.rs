//! The draw: which questions a quiz asks, in which order, with which option order.
use rand::SeedableRng;
use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;

use super::{Drawn, Feedback, Options, seed};
use crate::deck::{Body, Deck, Item, giveaway};
use crate::grade::Layout;

/// The questions a quiz asks, and how many it held back.
#[derive(Debug)]
pub struct Draw<'d> {
    pub drawn: Vec<Drawn<'d>>,
    /// Questions that matched but were left out because a drawn card gives their answer away, or theirs
    /// a drawn card's, when there were not enough others to draw instead.
    pub held_back: usize,
}

/// Draws the questions. Flash cards are left out: a quiz grades answers, and flash cards are self-rated.
///
/// No two drawn items come from one card (two blanks of one cloze each show the other's answer), nor from
/// two cards of which one gives the other's answer away ([`giveaway::find`]), even where the deck marks
/// the pair as meant: a quiz asks each thing once. Explanations and source lines count only when they are
/// shown during the quiz (`Feedback::Each`).
pub fn draw<'d>(deck: &'d Deck, options: &Options, student: &str) -> Draw<'d> {
    let mut rng =
        ChaCha8Rng::seed_from_u64(seed(&options.seed, options.per_student.then_some(student)));
    let mut items: Vec<Item<'d>> = deck
        .items()
        .filter(|i| !i.is_self_rated() && i.has_any_tag(deck, &options.tags))
        .collect();
    items.shuffle(&mut rng);
    let index = deck.card_positions();
    let mut apart: Vec<Vec<usize>> = vec![Vec::new(); deck.cards.len()];
    for g in giveaway::find(deck) {
        if !g.place.after_answer() || options.feedback == Feedback::Each {
            apart[g.shows].push(g.asks);
            apart[g.asks].push(g.shows);
        }
    }
    // Each tag's count is drawn first, in the order given, then the rest of `count` from any question.
    // Every pass walks the one seeded shuffle, so the draw stays reproducible, and without per-tag
    // counts it is the single pass it always was.
    let by_tag: usize = options.per_tag.iter().map(|(_, n)| n).sum();
    let rest = match options.count {
        Some(count) => count.saturating_sub(by_tag),
        None if options.per_tag.is_empty() => usize::MAX,
        None => 0,
    };
    let quotas = options
        .per_tag
        .iter()
        .map(|(tag, n)| (Some(std::slice::from_ref(tag)), *n))
        .chain([(None, rest)]);
    let mut taken = vec![false; deck.cards.len()];
    let mut kept: Vec<(usize, Item<'d>)> = Vec::new();
    for (tag, quota) in quotas {
        let mut drawn = 0;
        for (at, item) in items.iter().enumerate() {
            if drawn == quota {
                break;
            }
            let card = index[item.card.id.as_str()];
            if tag.is_none_or(|t| item.has_any_tag(deck, t))
                && !taken[card]
                && !apart[card].iter().any(|&o| taken[o])
            {
                taken[card] = true;
                kept.push((at, *item));
                drawn += 1;
            }
        }
    }
    // In the shuffle's order, not grouped by tag.
    kept.sort_by_key(|(at, _)| *at);
    let wanted = by_tag.saturating_add(rest);
    let cards_matching: std::collections::HashSet<usize> =
        items.iter().map(|i| index[i.card.id.as_str()]).collect();
    let held_back = cards_matching.len().min(wanted).saturating_sub(kept.len());
    let drawn = kept
        .into_iter()
        .map(|(_, item)| {
            let layout = if options.shuffle || matches!(item.card.body, Body::Order { .. }) {
                Layout::shuffled(&item, &mut rng)
            } else {
                Layout::identity(&item)
            };
            Drawn { item, layout }
        })
        .collect();
    Draw { drawn, held_back }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::parse;

    fn example() -> Deck {
        parse(include_str!("../../decks/example.toml"))
            .deck
            .unwrap()
    }

    fn options(seed: &str) -> Options {
        Options {
            seed: seed.into(),
            shuffle: true,
            ..Options::default()
        }
    }

    fn ids(draw: &Draw<'_>) -> Vec<(String, Vec<usize>)> {
        draw.drawn
            .iter()
            .map(|d| (d.item.id(), d.layout.shown.clone()))
            .collect()
    }

    /// The same seed draws the same questions in the same order with the same option order: pinned, so
    /// that a change of generator or of drawing shows up here before it breaks a class's quiz.
    #[test]
    fn a_seed_draws_the_same_quiz_everywhere() {
        let deck = example();
        let drawn = draw(
            &deck,
            &Options {
                count: Some(4),
                ..options("class-7b")
            },
            "Ann",
        );
        assert_eq!(
            ids(&drawn),
            [
                ("htp-privileges".to_string(), vec![2, 3, 1, 0]),
                ("htp-export-2024".to_string(), vec![]),
                ("first-private-company".to_string(), vec![1, 3, 0, 2]),
                ("foreign-firms".to_string(), vec![2, 1, 0, 3]),
            ]
        );
        assert_eq!(
            ids(&drawn),
            ids(&draw(
                &deck,
                &Options {
                    count: Some(4),
                    ..options("class-7b")
                },
                "Bob"
            ))
        );
        assert_ne!(
            ids(&drawn),
            ids(&draw(
                &deck,
                &Options {
                    count: Some(4),
                    ..options("class-7c")
                },
                "Ann"
            ))
        );
    }

    #[test]
    fn per_student_draws_differ_by_name_but_not_by_spelling_of_spaces_or_case() {
        let deck = example();
        let per = Options {
            per_student: true,
            ..options("s")
        };
        let ann = ids(&draw(&deck, &per, "Ann Smith"));
        assert_eq!(ann, ids(&draw(&deck, &per, "  ann   SMITH ")));
        assert_ne!(ann, ids(&draw(&deck, &per, "Bob Jones")));
    }

    /// A deck whose cards give answers away: `founded` shows the founder `who` asks for, `when` and `cloze`
    /// ask the year `founded` shows, and `why`'s explanation names the founder.
    fn giving_away() -> Deck {
        let card = |id: &str, rest: &str| format!("[[cards]]\nid = \"{id}\"\n{rest}\n");
        let text = [
            "[deck]\nid = \"g\"\ntitle = \"G\"\n".to_string(),
            card("who", "kind = \"text\"\nprompt = \"Who founded the park?\"\nanswer = \"Valery Tsepkalo\""),
            card("founded", "kind = \"truefalse\"\nprompt = \"Valery Tsepkalo founded the park in 2005.\"\nanswer = true"),
            card("when", "kind = \"number\"\nprompt = \"In which year was the park set up?\"\nanswer = 2005"),
            card("cloze", "kind = \"cloze\"\ntext = \"The park opened in {{c1::2005}} in {{c2::Minsk}}.\""),
            card("why", "kind = \"choice\"\nprompt = \"Which tax did residents not pay?\"\noptions = [\"profit tax\", \"none\"]\nanswer = \"profit tax\"\nexplain = \"Valery Tsepkalo won that privilege.\""),
            card("free", "kind = \"text\"\nprompt = \"Which city hosts the park?\"\nanswer = \"Minsk\""),
        ]
        .concat();
        parse(&text).deck.unwrap()
    }

    /// Over many seeds and counts, in every shipped deck and one full of give-aways, no draw holds two items
    /// of one card, nor two cards of which one gives the other's answer away (in explanations too when
    /// they are shown after each answer).
    #[test]
    fn a_draw_never_holds_two_items_of_one_card_nor_a_give_away() {
        let decks = [
            parse(include_str!("../../decks/belarus-htp.toml"))
                .deck
                .unwrap(),
            parse(include_str!("../../decks/belarus-it-history.toml"))
                .deck
                .unwrap(),
            parse(include_str!("../../decks/belarus-it-politics.toml"))
                .deck
                .unwrap(),
            giving_away(),
        ];
        for deck in &decks {
            for feedback in [Feedback::End, Feedback::Each] {
                let pairs: std::collections::HashSet<(&str, &str)> = giveaway::find(deck)
                    .into_iter()
                    .filter(|g| feedback == Feedback::Each || !g.place.after_answer())
                    .map(|g| {
                        (
                            deck.cards[g.shows].id.as_str(),
                            deck.cards[g.asks].id.as_str(),
                        )
                    })
                    .collect();
                for seed in 0..50 {
                    for count in [3, 30, 1000] {
                        let draw = draw(
                            deck,
                            &Options {
                                count: Some(count),
                                feedback,
                                ..options(&seed.to_string())
                            },
                            "A",
                        );
                        let cards: Vec<&str> =
                            draw.drawn.iter().map(|d| d.item.card.id.as_str()).collect();
                        let mut distinct = cards.clone();
                        distinct.sort_unstable();
                        distinct.dedup();
                        assert_eq!(distinct.len(), cards.len(), "{} seed {seed}", deck.id);
                        for a in &cards {
                            for b in &cards {
                                assert!(
                                    !pairs.contains(&(a, b)),
                                    "{} seed {seed}: {a} gives away {b}",
                                    deck.id
                                );
                            }
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn a_draw_says_how_many_questions_it_held_back() {
        let deck = giving_away();
        let end = draw(&deck, &options("s"), "A");
        // who/founded, founded/when, founded/cloze, when/cloze and cloze/free are pairs: of six cards, at
        // most three can be drawn together.
        assert!(end.drawn.len() <= 3, "{:?}", ids(&end));
        assert_eq!(end.drawn.len() + end.held_back, 6);
        let each = draw(
            &deck,
            &Options {
                feedback: Feedback::Each,
                ..options("s")
            },
            "A",
        );
        let drawn: Vec<String> = each.drawn.iter().map(|d| d.item.card.id.clone()).collect();
        assert!(
            !(drawn.contains(&"why".to_string()) && drawn.contains(&"who".to_string())),
            "why's explanation names who's answer: {drawn:?}"
        );
        let two = draw(
            &deck,
            &Options {
                count: Some(2),
                ..options("s")
            },
            "A",
        );
        assert_eq!((two.drawn.len(), two.held_back), (2, 0));
    }

    #[test]
    fn flash_cards_are_not_drawn_and_tags_filter() {
        let deck = example();
        let all = draw(&deck, &options("x"), "A").drawn;
        assert_eq!(
            all.len(),
            8,
            "9 cards less the flash card; one deletion of the cloze card"
        );
        let dates = draw(
            &deck,
            &Options {
                tags: vec!["dates".into()],
                ..options("x")
            },
            "A",
        )
        .drawn;
        assert_eq!(
            dates.len(),
            1,
            "one of the two deletions of the cloze card tagged dates: each shows the other's answer"
        );
    }

    #[test]
    fn without_shuffling_options_stay_in_order_but_order_items_do_not() {
        let deck = example();
        for d in draw(
            &deck,
            &Options {
                shuffle: false,
                ..options("x")
            },
            "A",
        )
        .drawn
        {
            let identity: Vec<usize> = (0..d.layout.shown.len()).collect();
            if d.item.id() == "htp-residents-growth" {
                assert_ne!(d.layout.shown, identity);
            } else {
                assert_eq!(d.layout.shown, identity, "{}", d.item.id());
            }
        }
    }

    /// Per-tag counts take that many questions with each tag, then the rest of `count` from any: over
    /// many seeds, with the other guarantees kept.
    #[test]
    fn per_tag_counts_draw_that_many_with_each_tag() {
        let deck = parse(include_str!("../../decks/belarus-htp.toml"))
            .deck
            .unwrap();
        let tagged = |d: &Drawn<'_>, tag: &str| d.item.has_any_tag(&deck, &[tag.to_string()]);
        for seed in 0..200 {
            let opts = Options {
                count: Some(8),
                per_tag: vec![("dates".into(), 2), ("taxes".into(), 3)],
                ..options(&seed.to_string())
            };
            let draw = draw(&deck, &opts, "A");
            assert_eq!(draw.drawn.len(), 8, "seed {seed}");
            let taxes = draw.drawn.iter().filter(|d| tagged(d, "taxes")).count();
            let dates = draw.drawn.iter().filter(|d| tagged(d, "dates")).count();
            assert!(
                taxes >= 3 && dates >= 2,
                "seed {seed}: {taxes} taxes, {dates} dates"
            );
            let mut cards: Vec<&str> = draw.drawn.iter().map(|d| d.item.card.id.as_str()).collect();
            cards.sort_unstable();
            cards.dedup();
            assert_eq!(cards.len(), 8, "seed {seed}: a card drawn twice");
            assert_eq!(
                ids(&draw),
                ids(&super::draw(&deck, &opts, "A")),
                "seed {seed}"
            );
            // Without `count`, only the per-tag questions.
            let only = super::draw(
                &deck,
                &Options {
                    count: None,
                    ..opts.clone()
                },
                "A",
            );
            assert_eq!(only.drawn.len(), 5, "seed {seed}");
            assert_eq!(only.drawn.iter().filter(|d| tagged(d, "taxes")).count(), 3);
        }
    }
}
