//! Cards that give away other cards' answers: "Which decree set up the park?" is no question after a card
//! whose prompt reads "Decree No. 8 set up the park in 2005; in which year…".
//!
//! Every answer of every card (its answer and accepted answers, cloze blanks, right options, a flash card's
//! back, an order card's items in order, a match card's pairs) is looked for in what every other card shows:
//! its prompt, front and back, right options, items, pairs and cloze text, and, after the answer, its
//! feedback, explanation and source line. Wrong options are left out: shown as wrong, they assert nothing. Both sides are read as `tokens` does, so the search is one Aho-Corasick pass over the
//! deck, linear in its size.

mod report;
mod tokens;

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use aho_corasick::AhoCorasick;
use xxhash_rust::xxh3::Xxh3DefaultBuilder;

use super::{Body, Card, Deck, Source, cloze};
use crate::grade::number;

pub use report::{Intended, diagnostics};

/// Where on a card a learner reads something.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Place {
    Prompt,
    Front,
    Back,
    Option,
    Item,
    Pair,
    ClozeText,
    /// Read after answering, like the source line.
    Explanation,
    /// What the card says about a particular answer, read after giving it.
    Feedback,
    SourceLine,
}

impl Place {
    /// Whether the learner reads it only after answering the card that shows it.
    pub fn after_answer(self) -> bool {
        matches!(
            self,
            Place::Explanation | Place::Feedback | Place::SourceLine
        )
    }

    pub fn describe(self) -> &'static str {
        match self {
            Place::Prompt => "its prompt",
            Place::Front => "its front",
            Place::Back => "its back",
            Place::Option => "its right options",
            Place::Item => "its items",
            Place::Pair => "its pairs",
            Place::ClozeText => "its cloze text",
            Place::Explanation => "its explanation",
            Place::Feedback => "its feedback",
            Place::SourceLine => "its source line",
        }
    }
}

/// One card showing another card's answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GiveAway {
    /// The card that shows the answer, by index into the deck's cards.
    pub shows: usize,
    pub place: Place,
    /// The card whose answer it is.
    pub asks: usize,
    /// That answer, as the card that asks it has it.
    pub answer: String,
}

/// One answer a card asks for, as the search keys of its parts. Most have one part; an order card's items
/// must all be shown, in order, and a match card's pair both sides, in one place, to be given away.
struct Answer<'d> {
    /// The parts' keys, until [`Search::new`] takes them into its automaton.
    parts: Vec<String>,
    /// How many parts there are.
    count: usize,
    ordered: bool,
    /// As the card has it, for the report.
    text: Cow<'d, str>,
}

impl<'d> Answer<'d> {
    fn one(text: &'d str) -> Self {
        let parts: Vec<String> = tokens::answer_key(text).into_iter().collect();
        Answer {
            count: parts.len(),
            parts,
            ordered: false,
            text: text.into(),
        }
    }

    /// An answer of several parts, each of which must be worth looking for.
    fn of(parts: &[&str], ordered: bool, text: String) -> Self {
        let keys = parts
            .iter()
            .map(|p| tokens::answer_key(p))
            .collect::<Option<Vec<String>>>()
            .unwrap_or_default();
        Answer {
            count: keys.len(),
            parts: keys,
            ordered,
            text: text.into(),
        }
    }
}

/// The answers `card` asks for. A true/false card asks for none that another card could show.
fn answers(card: &Card) -> Vec<Answer<'_>> {
    let mut out = match &card.body {
        Body::Flash {
            front,
            back,
            reverse,
        } => {
            let mut a = vec![Answer::one(back)];
            if *reverse {
                a.push(Answer::one(front));
            }
            a
        }
        Body::Text { answer, accept, .. } => std::iter::once(answer)
            .chain(accept)
            .map(|a| Answer::one(a))
            .collect(),
        Body::Choice {
            options, answer, ..
        } => vec![Answer::one(&options[*answer])],
        Body::Multi {
            options, answers, ..
        } => answers.iter().map(|&i| Answer::one(&options[i])).collect(),
        Body::TrueFalse { .. } => vec![],
        Body::Number { answer, unit, .. } => vec![number_answer(*answer, unit.as_deref())],
        Body::Cloze { deletions, .. } => deletions
            .iter()
            .flat_map(|d| std::iter::once(&d.answer).chain(&d.accept))
            .map(|a| Answer::one(a))
            .collect(),
        Body::Order { items } => {
            let parts: Vec<&str> = items.iter().map(String::as_str).collect();
            vec![Answer::of(&parts, true, items.join(" → "))]
        }
        Body::Match { pairs } => pairs
            .iter()
            .map(|(l, r)| Answer::of(&[l, r], false, format!("{l} → {r}")))
            .collect(),
    };
    out.retain(|a| !a.parts.is_empty());
    out
}

/// A number answer as a token: its unit's scale word applied ("1.8" in "billion USD"), a percent kept.
fn number_answer(answer: f64, unit: Option<&str>) -> Answer<'static> {
    let scale = unit
        .and_then(|u| u.split_whitespace().next())
        .and_then(|w| {
            number::SCALES
                .iter()
                .find(|(name, _)| name.eq_ignore_ascii_case(w))
        })
        .map_or(1.0, |(_, s)| *s);
    let percent = unit.is_some_and(|u| u.trim() == "%" || u.trim().eq_ignore_ascii_case("percent"));
    let text = match unit {
        Some("%") => format!("{}%", number::format(answer)),
        Some(u) => format!("{} {u}", number::format(answer)),
        None => number::format(answer),
    };
    Answer {
        parts: vec![format!(
            " {} ",
            tokens::number_token(answer * scale, percent)
        )],
        count: 1,
        ordered: false,
        text: text.into(),
    }
}

/// What `card` shows a learner, place by place, but for its source line, which [`find`] reads once per
/// source.
fn shown(card: &Card) -> Vec<(Place, Cow<'_, str>)> {
    let mut out: Vec<(Place, Cow<'_, str>)> = Vec::new();
    if let Some(p) = &card.prompt {
        out.push((Place::Prompt, p.into()));
    }
    match &card.body {
        Body::Flash { front, back, .. } => {
            out.push((Place::Front, front.into()));
            out.push((Place::Back, back.into()));
        }
        // A wrong option is shown as wrong: it tells nothing of what another card asks.
        Body::Choice {
            options, answer, ..
        } => out.push((Place::Option, (&options[*answer]).into())),
        Body::Multi {
            options, answers, ..
        } => {
            out.extend(
                answers
                    .iter()
                    .map(|&i| (Place::Option, (&options[i]).into())),
            );
        }
        Body::Cloze { text, deletions } => {
            out.push((Place::ClozeText, cloze::full_text(text, deletions).into()));
        }
        Body::Order { items } => out.extend(items.iter().map(|i| (Place::Item, i.into()))),
        Body::Match { pairs } => {
            out.extend(
                pairs
                    .iter()
                    .flat_map(|(l, r)| [(Place::Pair, l.into()), (Place::Pair, r.into())]),
            );
        }
        Body::Text { .. } | Body::TrueFalse { .. } | Body::Number { .. } => {}
    }
    if let Body::Text { per_answer, .. }
    | Body::Choice { per_answer, .. }
    | Body::Multi { per_answer, .. }
    | Body::TrueFalse { per_answer, .. } = &card.body
    {
        out.extend(
            per_answer
                .feedback
                .iter()
                .flatten()
                .chain(&per_answer.other)
                .map(|f| (Place::Feedback, f.into())),
        );
    }
    if let Some(e) = &card.explain {
        out.push((Place::Explanation, e.into()));
    }
    out
}

/// The source line under an answer, as [`crate::question::source_line`] shows it.
fn source_line(source: &Source) -> String {
    match &source.author {
        Some(a) => format!("{} — {a}", source.title),
        None => source.title.clone(),
    }
}

/// Every answer, the automaton over all parts, and for each pattern the
/// (card, answer, part) it is part of.
struct Search<'d> {
    answers: Vec<Vec<Answer<'d>>>,
    automaton: AhoCorasick,
    uses: Vec<Vec<(usize, usize, usize)>>,
}

impl<'d> Search<'d> {
    fn new(deck: &'d Deck) -> Option<Search<'d>> {
        // Each distinct key is one pattern; keys are spaced, so they match whole tokens only.
        let mut pattern_ids: HashMap<String, usize, Xxh3DefaultBuilder> = HashMap::default();
        let mut uses: Vec<Vec<(usize, usize, usize)>> = Vec::new();
        let mut answers: Vec<Vec<Answer<'d>>> = deck.cards.iter().map(answers).collect();
        for (c, card_answers) in answers.iter_mut().enumerate() {
            for (a, answer) in card_answers.iter_mut().enumerate() {
                for (p, key) in std::mem::take(&mut answer.parts).into_iter().enumerate() {
                    let next = pattern_ids.len();
                    let id = *pattern_ids.entry(key).or_insert(next);
                    if id == uses.len() {
                        uses.push(Vec::new());
                    }
                    uses[id].push((c, a, p));
                }
            }
        }
        let mut patterns = vec![String::new(); pattern_ids.len()];
        for (key, id) in pattern_ids {
            patterns[id] = key;
        }
        let automaton = AhoCorasick::new(&patterns).ok()?;
        Some(Search {
            answers,
            automaton,
            uses,
        })
    }

    /// The (card, answer) pairs whose answers `text` shows, but those of card `except`, in order.
    fn in_text(&self, text: &str, except: Option<usize>) -> Vec<(usize, usize)> {
        let haystack = tokens::spaced(text);
        // (card, answer) → where each of its parts was first seen.
        let mut parts: HashMap<(usize, usize), Vec<Option<usize>>, Xxh3DefaultBuilder> =
            HashMap::default();
        for m in self.automaton.find_overlapping_iter(&haystack) {
            for &(asks, a, p) in &self.uses[m.pattern().as_usize()] {
                if Some(asks) == except {
                    continue;
                }
                let n = self.answers[asks][a].count;
                let at = parts.entry((asks, a)).or_insert_with(|| vec![None; n]);
                at[p].get_or_insert(m.start());
            }
        }
        let mut hits: Vec<(usize, usize)> = parts
            .into_iter()
            .filter(|((asks, a), at)| {
                at.iter().all(Option::is_some)
                    && (!self.answers[*asks][*a].ordered || at.windows(2).all(|w| w[0] < w[1]))
            })
            .map(|(key, _)| key)
            .collect();
        hits.sort_unstable();
        hits
    }
}

/// The most pairs [`find`] collects. Pairs grow with the square of the cards sharing an answer: 20,000
/// imported notes whose cloze deletions share one word made 10 GiB of them. A deck past this is more
/// shared answers than questions, and is said to be so instead of listed pair by pair.
pub const MOST_PAIRS: usize = 100_000;

/// Every card that shows another's answer, once per pair of cards and per side of the answer (before it,
/// and after it in the explanation or source line), at the first place it does. In deck order; past
/// [`MOST_PAIRS`], the search stops with one pair more than that.
pub fn find(deck: &Deck) -> Vec<GiveAway> {
    let Some(search) = Search::new(deck) else {
        return vec![];
    };
    // The source line is the same under every card citing a source: read once per source.
    let mut by_source: HashMap<&str, Vec<(usize, usize)>> = HashMap::new();
    let mut found: Vec<GiveAway> = Vec::new();
    let mut seen: HashSet<(usize, usize, bool), Xxh3DefaultBuilder> = HashSet::default();
    for (shows, card) in deck.cards.iter().enumerate() {
        let mut places: Vec<(Place, Vec<(usize, usize)>)> = shown(card)
            .into_iter()
            .map(|(place, text)| (place, search.in_text(&text, Some(shows))))
            .collect();
        if let Some(id) = card.source.as_deref() {
            let hits = by_source.entry(id).or_insert_with(|| {
                deck.source(id)
                    .map(|s| search.in_text(&source_line(s), None))
                    .unwrap_or_default()
            });
            let others = hits.iter().filter(|(asks, _)| *asks != shows).copied();
            places.push((Place::SourceLine, others.collect()));
        }
        for (place, hits) in places {
            for (asks, a) in hits {
                if seen.insert((shows, asks, place.after_answer())) {
                    found.push(GiveAway {
                        shows,
                        place,
                        asks,
                        answer: search.answers[asks][a].text.to_string(),
                    });
                    if found.len() > MOST_PAIRS {
                        return found;
                    }
                }
            }
        }
    }
    found
}

#[cfg(test)]
mod tests;
