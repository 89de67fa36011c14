//! Give-aways as `kartka check` warnings: one per pair of cards, or one per answer that many cards show, so
//! that a deck about one park does not get a warning for every card that names it.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::ops::Range;

use super::{GiveAway, Place};
use crate::deck::{Deck, Diagnostic};
use crate::suggest;

/// An answer shown by more cards than this is reported once, on the card that asks for it.
const MANY: usize = 3;

/// A card's `gives_away` list: the cards whose answers it is meant to show, with where each is named.
pub type Intended = HashMap<String, Vec<(String, Range<usize>)>>;

/// The warnings for `found` in `deck`. `ids` locates each card's id in the file; `intended` holds the pairs
/// the deck marks as meant, which are not reported (a mark that no longer matches anything is).
pub fn diagnostics(
    deck: &Deck,
    found: &[GiveAway],
    ids: &HashMap<String, Range<usize>>,
    intended: &Intended,
) -> Vec<Diagnostic> {
    let index = deck.card_positions();
    let span = |card: usize| ids.get(&deck.cards[card].id).cloned().unwrap_or(0..0);
    let name = |card: usize| format!("`{}`", deck.cards[card].id);
    let mut out = Vec::new();

    let mut meant: HashSet<(usize, usize)> = HashSet::new();
    let found_pairs: HashSet<(usize, usize)> = found.iter().map(|g| (g.shows, g.asks)).collect();
    for (card, marks) in intended {
        let Some(&shows) = index.get(card.as_str()) else {
            continue;
        };
        for (target, at) in marks {
            match index.get(target.as_str()) {
                Some(&asks) if found_pairs.contains(&(shows, asks)) => {
                    meant.insert((shows, asks));
                }
                Some(_) => out.push(
                    Diagnostic::warning(format!(
                        "card `{card}` marks `{target}` in `gives_away`, but shows none of its answers"
                    ))
                    .at(at.clone(), "nothing given away")
                    .help(format!("remove `{target}` from `gives_away`")),
                ),
                None => {
                    let help = match suggest::closest(target, deck.cards.iter().map(|c| c.id.as_str())) {
                        Some(close) => format!("did you mean `{close}`?"),
                        None => "`gives_away` lists ids of cards in this deck".to_string(),
                    };
                    out.push(
                        Diagnostic::warning(format!("no card `{target}` in this deck"))
                            .at(at.clone(), "not a card id")
                            .help(help),
                    );
                }
            }
        }
    }

    // The source line is the same under every card citing a source: one warning per source and answer.
    let mut by_source: BTreeMap<(usize, &str), &GiveAway> = BTreeMap::new();
    // Otherwise, by the card asked and whether the answer is read before or after answering.
    let mut by_answer: BTreeMap<(usize, bool), Vec<&GiveAway>> = BTreeMap::new();
    for g in found.iter().filter(|g| !meant.contains(&(g.shows, g.asks))) {
        match (g.place, deck.cards[g.shows].source.as_deref()) {
            (Place::SourceLine, Some(source)) => {
                by_source.entry((g.asks, source)).or_insert(g);
            }
            _ => by_answer
                .entry((g.asks, g.place.after_answer()))
                .or_default()
                .push(g),
        }
    }
    for ((asks, source), g) in by_source {
        out.push(
            Diagnostic::warning(format!(
                "the source line of `{source}` gives away the answer of card {}",
                name(asks)
            ))
            .at(span(asks), format!("asks for “{}”", g.answer))
            .help(format!(
                "learners read the source line under the answer of every card citing `{source}`, so it \
                 teaches this already: ask about something else, or drop the card"
            )),
        );
    }
    for ((asks, after), shown) in by_answer {
        let answer = &shown[0].answer;
        if shown.len() > MANY {
            let mut names: Vec<String> = shown.iter().take(MANY).map(|g| name(g.shows)).collect();
            names.push(format!("{} more", shown.len() - MANY));
            let (where_, diagnostic) = if after {
                ("explanations", Diagnostic::note as fn(String) -> Diagnostic)
            } else {
                ("questions", Diagnostic::warning as fn(String) -> Diagnostic)
            };
            out.push(
                diagnostic(format!(
                    "the answer of card {} is given away by the {where_} of {} other cards",
                    name(asks),
                    shown.len()
                ))
                .at(span(asks), format!("asks for “{answer}”"))
                .help(format!(
                    "{} show “{answer}”; ask about something they do not name, or mark each pair as meant \
                     with `gives_away = [\"{}\"]` on the card that shows it",
                    names.join(", "),
                    deck.cards[asks].id
                )),
            );
            continue;
        }
        for g in shown {
            let diagnostic: fn(String) -> Diagnostic = if after {
                Diagnostic::note
            } else {
                Diagnostic::warning
            };
            let message = if after {
                let part = if g.place == Place::Feedback {
                    "feedback"
                } else {
                    "explanation"
                };
                format!(
                    "the {part} of card {} gives away the answer of card {}",
                    name(g.shows),
                    name(asks)
                )
            } else {
                format!(
                    "card {} gives away the answer of card {}",
                    name(g.shows),
                    name(asks)
                )
            };
            let when = if after {
                format!(
                    "; learners who answer {} before {} read the answer first",
                    name(g.shows),
                    name(asks)
                )
            } else {
                String::new()
            };
            out.push(
                diagnostic(message)
                    .at(
                        span(g.shows),
                        format!("shows “{}” in {}", g.answer, g.place.describe()),
                    )
                    .with_context(span(asks), format!("{} asks for it", name(asks)))
                    .help(format!(
                        "reword the {} of {} so it does not say “{}”{when}; if the pair is meant, add \
                         `gives_away = [\"{}\"]` to {}",
                        g.place.describe().trim_start_matches("its "),
                        name(g.shows),
                        g.answer,
                        deck.cards[asks].id,
                        name(g.shows)
                    )),
            );
        }
    }
    out
}
