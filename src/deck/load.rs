//! Turning deck source text into a [`Deck`], reporting every problem in one pass.
//!
//! The TOML is parsed into a spanned document first and then checked by hand, rather than deserialised with
//! serde, because serde stops at the first mistake and cannot say where a missing field should have been.
//!
//! The checks are split by what they check: the `[deck]` table and sources, a card's common keys, each
//! kind's body, and the field readers they share.

use std::collections::HashMap;
use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::diagnostic::{Diagnostic, Severity};
use super::giveaway;
use super::model::{Card, Deck, Source};

mod body;
mod card;
mod choice;
mod cloze_accept;
mod deck_table;
mod fields;
mod per_answer;

use fields::{get, type_name};

/// The deck format version this kartka reads and writes.
pub const FORMAT_VERSION: i64 = 1;

/// A prompt longer than this is legal but hard to read in a terminal.
const LONG_PROMPT_CHARS: usize = 500;

/// The largest deck file kartka reads: a 100,000-card deck takes about 25 MB.
pub const MAX_DECK_BYTES: usize = 64 * 1024 * 1024;
/// The most cards one deck may hold.
pub const MAX_CARDS: usize = 200_000;
/// The longest text one field may hold: a card is something to answer in a minute, not a book.
pub const MAX_FIELD_CHARS: usize = 10_000;

/// What loading one deck file produced.
#[derive(Debug, PartialEq)]
pub struct Loaded {
    /// The deck, when there were no errors (warnings allowed).
    pub deck: Option<Deck>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Loaded {
    pub fn error_count(&self) -> usize {
        self.count(Severity::Error)
    }

    pub fn warning_count(&self) -> usize {
        self.count(Severity::Warning)
    }

    pub fn note_count(&self) -> usize {
        self.count(Severity::Note)
    }

    fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }
}

type Value<'i> = Spanned<DeValue<'i>>;

/// Parses and validates one deck. Never panics, whatever the input.
pub fn parse(source: &str) -> Loaded {
    parse_limited(source, true)
}

/// [`parse`] without the give-away lint, whose diagnostics are all warnings: the same deck and the same
/// errors, for a caller that keeps only those (an importer checking the deck it wrote). The lint is
/// quadratic in the cards sharing an answer: on 20,000 imported Anki notes whose cloze deletions share
/// a word it took 150 s and 10 GiB.
pub fn parse_without_giveaways(source: &str) -> Loaded {
    parse_limited(source, false)
}

fn parse_limited(source: &str, giveaways: bool) -> Loaded {
    if source.len() > MAX_DECK_BYTES {
        return Loaded {
            deck: None,
            diagnostics: vec![
                Diagnostic::error(format!(
                    "the deck file is {} MB, over the {} MB limit",
                    source.len() / (1024 * 1024),
                    MAX_DECK_BYTES / (1024 * 1024)
                ))
                .help("split it into several decks"),
            ],
        };
    }
    parse_with(source, true, giveaways)
}

fn parse_with(source: &str, by_card: bool, giveaways: bool) -> Loaded {
    let mut checker = Checker::default();
    let deck = checker.document(source, by_card);
    let mut diagnostics = std::mem::take(&mut checker.diags);
    if let Some(deck) = deck
        .as_ref()
        .filter(|_| giveaways && !diagnostics.iter().any(Diagnostic::is_error))
    {
        let found = giveaway::find(deck);
        if found.len() > giveaway::MOST_PAIRS {
            diagnostics.push(
                Diagnostic::warning(format!(
                    "more than {} pairs of cards share answers, so they are not listed one by one",
                    giveaway::MOST_PAIRS
                ))
                .help(format!(
                    "thousands of cards ask for an answer that thousands of others show (“{}” among them): \
                     split the deck, or reword the cards that repeat it",
                    found[0].answer
                )),
            );
        } else {
            diagnostics.extend(giveaway::diagnostics(
                deck,
                &found,
                &checker.card_ids,
                &checker.intended,
            ));
        }
    }
    diagnostics.sort_by_key(|d| {
        (
            d.primary.as_ref().map_or(usize::MAX, |(s, _)| s.start),
            d.severity,
        )
    });
    let has_errors = diagnostics.iter().any(Diagnostic::is_error);
    Loaded {
        deck: if has_errors { None } else { deck },
        diagnostics,
    }
}

#[derive(Default)]
struct Checker {
    diags: Vec<Diagnostic>,
    /// Where the part of the file being checked starts: spans are relative to it.
    offset: usize,
    /// Keys of the card being checked that an unknown key looks like a misspelling of: their absence is
    /// that one mistake, not a second one.
    misspelt: Vec<String>,
    /// Where each card's id is, in the whole file.
    card_ids: HashMap<String, Range<usize>>,
    /// Each card's `gives_away` marks, located in the whole file.
    intended: giveaway::Intended,
}

/// Where each `[[cards]]` header line starts, or `None` when there is none.
///
/// A large deck is parsed one card at a time: toml's spanned document of a whole 25 MB deck peaks at
/// over 400 MB. A line like a header inside a multi-line string or array is no header, but splitting
/// there leaves the part before it with an unterminated string or array, which does not parse, and the
/// file is then parsed whole: a split can make parsing fail over to the slow path, never go wrong.
fn card_headers(source: &str) -> Option<Vec<usize>> {
    let mut starts = Vec::new();
    let mut at = 0;
    for line in source.split_inclusive('\n') {
        let header = line
            .trim_start_matches([' ', '\t'])
            .strip_prefix("[[")
            .map(|rest| rest.trim_start_matches([' ', '\t']))
            .and_then(|rest| rest.strip_prefix("cards"))
            .map(|rest| rest.trim_start_matches([' ', '\t']))
            .and_then(|rest| rest.strip_prefix("]]"))
            .map(|rest| rest.trim_start_matches([' ', '\t']));
        if header.is_some_and(|rest| rest.is_empty() || rest.starts_with(['#', '\r', '\n'])) {
            starts.push(at);
        }
        at += line.len();
    }
    (!starts.is_empty()).then_some(starts)
}

impl Checker {
    fn push(&mut self, d: Diagnostic) {
        self.diags.push(d.shifted(self.offset));
    }

    fn wrong_type(&mut self, key: &str, value: &Value<'_>, expected: &str, help: Option<String>) {
        let found = type_name(value.get_ref());
        self.push(
            Diagnostic::error(format!("`{key}` must be {expected}, not {found}"))
                .at(value.span(), format!("expected {expected}"))
                .help_opt(help),
        );
    }

    /// Checks a whole deck file, one card at a time when `by_card` and the file allows it (see
    /// [`card_headers`]), and otherwise all at once.
    fn document(&mut self, source: &str, by_card: bool) -> Option<Deck> {
        if let Some(starts) = card_headers(source).filter(|_| by_card) {
            let (head, errors) = DeTable::parse_recoverable(&source[..starts[0]]);
            if errors.is_empty() && head.get_ref().get("cards").is_none() {
                let mut parts_ok = true;
                let deck = self.deck_from(head.get_ref(), |checker, sources| {
                    checker
                        .cards_by_part(source, &starts, sources)
                        .unwrap_or_else(|| {
                            parts_ok = false;
                            vec![]
                        })
                });
                if parts_ok {
                    return deck;
                }
                self.diags.clear();
                self.card_ids.clear();
                self.intended.clear();
                self.offset = 0;
            }
        }
        let (root, errors) = DeTable::parse_recoverable(source);
        if !errors.is_empty() {
            self.push(super::syntax::syntax_error(source, &errors));
            return None;
        }
        let root = root.get_ref();
        self.deck_from(root, |checker, sources| {
            checker.cards(get(root, "cards"), sources)
        })
    }

    /// The deck from its root table, with its cards checked by `cards`.
    fn deck_from(
        &mut self,
        root: &DeTable<'_>,
        cards: impl FnOnce(&mut Self, &[(Source, Range<usize>)]) -> Vec<Card>,
    ) -> Option<Deck> {
        for (key, _) in root.iter() {
            if !matches!(key.get_ref().as_ref(), "deck" | "sources" | "cards") {
                self.unknown_key(
                    key,
                    &["deck", "sources", "cards"],
                    "at the top of a deck",
                    None,
                );
            }
        }
        let meta = match get(root, "deck") {
            Some(v) => match v.get_ref() {
                DeValue::Table(t) => self.deck_table(t, v.span()),
                _ => {
                    self.wrong_type(
                        "deck",
                        v,
                        "a table",
                        Some("write a `[deck]` table with `id` and `title`".into()),
                    );
                    None
                }
            },
            None => {
                self.push(
                    Diagnostic::error("missing `[deck]` table")
                        .at(0..0, "the deck starts here")
                        .help(
                            "start the file with:\n[deck]\nid = \"my-deck\"\ntitle = \"My deck\"",
                        ),
                );
                None
            }
        };
        let sources = self.sources(get(root, "sources"));
        let cards = cards(self, &sources);
        let mut deck = meta?;
        deck.sources = sources.into_iter().map(|(s, _)| s).collect();
        deck.cards = cards;
        Some(deck)
    }
}

#[cfg(test)]
mod tests {
    use rand::{RngExt, SeedableRng};

    use super::*;

    /// Checking a deck one card at a time finds exactly what checking it whole finds, for the shipped
    /// decks, the skeleton `kartka new` writes, and thousands of damaged variants of them: lines lost,
    /// repeated or swapped, headers and string quotes inserted where they break the file, characters
    /// changed.
    #[test]
    fn a_deck_checked_card_by_card_is_checked_as_a_whole() {
        let mut decks: Vec<String> = crate::deck::catalog::built_in()
            .iter()
            .map(|f| f.text.to_string())
            .collect();
        decks.push(crate::cli::authoring::skeleton(
            std::path::Path::new("mine.toml"),
            None,
            None,
            false,
        ));
        let inserts = [
            "\"\"\"",
            "'''",
            "x = [",
            "[deck]",
            "[[sources]]",
            "[[ cards ]] # again",
        ];
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(11);
        let mut split = 0;
        for deck in &decks {
            assert_eq!(parse_with(deck, true, true), parse_with(deck, false, true));
            for _ in 0..300 {
                let mut lines: Vec<String> = deck.lines().map(str::to_string).collect();
                let at = rng.random_range(0..lines.len());
                let other = rng.random_range(0..lines.len());
                match rng.random_range(0..8) {
                    0 => {
                        lines.remove(at);
                    }
                    1 => lines.insert(at, lines[other].clone()),
                    2 => lines.swap(at, other),
                    3 => lines.insert(at, "[[cards]]".into()),
                    4 => lines.insert(at, inserts[other % inserts.len()].into()),
                    5 => {
                        let line = &mut lines[at];
                        if let Some((i, c)) = line.char_indices().nth(other % line.len().max(1)) {
                            line.replace_range(i..i + c.len_utf8(), "\"");
                        }
                    }
                    6 => lines.insert(at, format!("tags = [\"a b\"]  # {other}")),
                    _ => {
                        // A card repeated further on: its id is a duplicate.
                        let headers: Vec<usize> = (0..lines.len())
                            .filter(|&i| lines[i] == "[[cards]]")
                            .collect();
                        if headers.len() >= 2 {
                            let card = other % (headers.len() - 1);
                            let block = lines[headers[card]..headers[card + 1]].to_vec();
                            lines.extend(block);
                        }
                    }
                }
                let text = lines.join("\n");
                split += usize::from(card_headers(&text).is_some());
                assert_eq!(
                    parse_with(&text, true, true),
                    parse_with(&text, false, true),
                    "{text}"
                );
            }
        }
        assert!(split > 800);
    }
}
