//! A deck known by its cards' ids, kinds, tags and items, with each card's content kept encoded until it is
//! asked for.
//!
//! A session over 100,000 cards shows a few hundred of them today, and `kartka decks` or `stats` only count
//! and group them: decoding every card's prompts, options and explanations would be most of their time. An
//! outline is also the deck cache's form on disk (see `catalog`), so reading it back is one file read and a
//! small index to decode.

use std::borrow::Cow;
use std::fs::File;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::xxh3_64;

use super::{Deck, Facet, Kind};
use crate::Error;

/// What is known of one card without decoding it. Each `*_end` is where the card's part of a shared
/// buffer ends; it starts where the previous card's ends.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
struct CardIndex {
    id_end: u32,
    facets_end: u32,
    body_end: u32,
    /// The low half of the encoded card's xxh3: a damaged body is an error, never a wrong card.
    body_check: u32,
    /// Into `Index::tag_sets`: cards mostly share a few sets of tags.
    tag_set: u32,
    kind: Kind,
}

#[derive(Debug, Serialize, Deserialize)]
struct Index {
    /// The deck's own fields, with no cards.
    head: Deck,
    /// Every card's id, back to back.
    ids: String,
    cards: Vec<CardIndex>,
    tag_sets: Vec<Vec<String>>,
    facets: Vec<Facet>,
}

/// Where the encoded cards are: each is postcard-encoded, back to back, from `start` on.
#[derive(Debug, Clone)]
enum Bodies {
    Memory(Arc<Vec<u8>>),
    /// A cache file, read from only for the cards asked for. Entries are replaced by renaming a new file
    /// over them, so the open file never changes under the reader.
    File(Arc<File>),
}

/// See the module documentation. Cloning is cheap: the parts are shared.
#[derive(Debug, Clone)]
pub struct Outline {
    index: Arc<Index>,
    bodies: Bodies,
    bodies_start: u64,
}

/// Fills `buf` from `offset` in `file`, without moving a shared cursor.
#[cfg(unix)]
fn read_at(file: &File, buf: &mut [u8], offset: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, offset)
}

#[cfg(windows)]
fn read_at(file: &File, mut buf: &mut [u8], mut offset: u64) -> std::io::Result<()> {
    while !buf.is_empty() {
        match std::os::windows::fs::FileExt::seek_read(file, buf, offset)? {
            0 => return Err(std::io::ErrorKind::UnexpectedEof.into()),
            n => {
                buf = &mut buf[n..];
                offset += n as u64;
            }
        }
    }
    Ok(())
}

fn check(bytes: &[u8]) -> u32 {
    xxh3_64(bytes) as u32
}

impl Outline {
    /// The outline of a parsed deck.
    pub fn of(deck: &Deck) -> Outline {
        let mut head = deck.clone();
        head.cards = Vec::new();
        let mut index = Index {
            head,
            ids: String::new(),
            cards: Vec::with_capacity(deck.cards.len()),
            tag_sets: Vec::new(),
            facets: Vec::new(),
        };
        let mut bodies = Vec::new();
        for card in &deck.cards {
            index.ids.push_str(&card.id);
            index
                .facets
                .extend(card.items().into_iter().map(|item| item.facet));
            let body_start = bodies.len();
            // A card that cannot be encoded cannot be: every field is a plain string, number or list.
            let _ = postcard::to_io(card, &mut bodies);
            let tag_set = match index.tag_sets.iter().position(|t| *t == card.tags) {
                Some(i) => i,
                None => {
                    index.tag_sets.push(card.tags.clone());
                    index.tag_sets.len() - 1
                }
            };
            index.cards.push(CardIndex {
                id_end: index.ids.len() as u32,
                facets_end: index.facets.len() as u32,
                body_end: bodies.len() as u32,
                body_check: check(&bodies[body_start..]),
                tag_set: tag_set as u32,
                kind: card.kind(),
            });
        }
        Outline {
            index: Arc::new(index),
            bodies: Bodies::Memory(Arc::new(bodies)),
            bodies_start: 0,
        }
    }

    /// The outline as bytes, for the deck cache: the index's length and checksum, the index, then the
    /// cards.
    pub fn to_bytes(&self) -> Result<Vec<u8>, Error> {
        let index = postcard::to_stdvec(&*self.index).map_err(|_| self.damaged())?;
        let last = self.index.cards.last().map_or(0, |c| c.body_end);
        let bodies = self.read(0, last)?;
        let mut out = Vec::with_capacity(12 + index.len() + bodies.len());
        out.extend_from_slice(&(index.len() as u32).to_le_bytes());
        out.extend_from_slice(&xxh3_64(&index).to_le_bytes());
        out.extend_from_slice(&index);
        out.extend_from_slice(&bodies);
        Ok(out)
    }

    /// Opens what [`Outline::to_bytes`] wrote, from `start` on in `file`, reading only its index; `None`
    /// when it is not such an outline, or damaged. Every offset is checked here, so that the accessors
    /// cannot go out of bounds.
    pub fn open(file: File, start: u64) -> Option<Outline> {
        let size = file.metadata().ok()?.len();
        let mut head = [0; 12];
        read_at(&file, &mut head, start).ok()?;
        let len = u32::from_le_bytes(head[..4].try_into().ok()?);
        let mut bytes = vec![0; len as usize];
        read_at(&file, &mut bytes, start + 12).ok()?;
        if xxh3_64(&bytes).to_le_bytes() != head[4..] {
            return None;
        }
        let index: Index = postcard::from_bytes(&bytes).ok()?;
        let bodies_start = start + 12 + u64::from(len);
        let (mut id, mut facet, mut body) = (0, 0, 0);
        for card in &index.cards {
            let (id_end, facets_end, body_end) = (
                card.id_end as usize,
                card.facets_end as usize,
                card.body_end as usize,
            );
            if id_end < id
                || !index.ids.is_char_boundary(id_end)
                || facets_end < facet
                || facets_end > index.facets.len()
                || body_end < body
                || bodies_start + body_end as u64 > size
                || card.tag_set as usize >= index.tag_sets.len()
            {
                return None;
            }
            (id, facet, body) = (id_end, facets_end, body_end);
        }
        if id != index.ids.len() || facet != index.facets.len() {
            return None;
        }
        Some(Outline {
            index: Arc::new(index),
            bodies: Bodies::File(Arc::new(file)),
            bodies_start,
        })
    }
    /// The deck's own fields (id, title, tags, sources…), with no cards.
    pub fn head(&self) -> &Deck {
        &self.index.head
    }

    pub fn id(&self) -> &str {
        &self.index.head.id
    }

    pub fn title(&self) -> &str {
        &self.index.head.title
    }

    /// How many cards the deck has.
    pub fn len(&self) -> usize {
        self.index.cards.len()
    }

    pub fn is_empty(&self) -> bool {
        self.index.cards.is_empty()
    }

    /// How many items its cards yield.
    pub fn item_count(&self) -> usize {
        self.index.facets.len()
    }

    /// The distinct kinds used, in documentation order.
    pub fn kinds(&self) -> Vec<Kind> {
        let mut kinds: Vec<Kind> = self.index.cards.iter().map(|c| c.kind).collect();
        kinds.sort_unstable();
        kinds.dedup();
        kinds
    }

    fn start(&self, card: usize) -> CardIndex {
        match card.checked_sub(1) {
            Some(previous) => self.index.cards[previous],
            None => CardIndex {
                id_end: 0,
                facets_end: 0,
                body_end: 0,
                body_check: 0,
                tag_set: 0,
                kind: Kind::Flash,
            },
        }
    }

    /// Card number `card`'s id.
    pub fn card_id(&self, card: usize) -> &str {
        let (start, end) = (self.start(card).id_end, self.index.cards[card].id_end);
        &self.index.ids[start as usize..end as usize]
    }

    /// Card number `card`'s own tags.
    pub fn card_tags(&self, card: usize) -> &[String] {
        &self.index.tag_sets[self.index.cards[card].tag_set as usize]
    }

    /// Whether card number `card`, or the deck, has one of `tags` (any card does when `tags` is empty),
    /// as [`super::Item::has_any_tag`] decides it.
    pub fn card_has_any_tag(&self, card: usize, tags: &[String]) -> bool {
        tags.is_empty()
            || self
                .card_tags(card)
                .iter()
                .chain(&self.index.head.tags)
                .any(|t| tags.iter().any(|want| want.eq_ignore_ascii_case(t)))
    }

    /// Every item, in deck order: the card's number and the item's id.
    pub fn items(&self) -> impl Iterator<Item = (usize, Cow<'_, str>)> {
        (0..self.len()).flat_map(move |card| {
            let (start, end) = (
                self.start(card).facets_end,
                self.index.cards[card].facets_end,
            );
            let id = self.card_id(card);
            self.index.facets[start as usize..end as usize]
                .iter()
                .map(move |facet| (card, facet.item_id(id)))
        })
    }

    /// The deck with only the cards numbered in `cards`, decoded, in deck order.
    pub fn deck_with(&self, cards: impl IntoIterator<Item = usize>) -> Result<Deck, Error> {
        let mut numbers: Vec<usize> = cards.into_iter().collect();
        numbers.sort_unstable();
        numbers.dedup();
        let mut deck = self.index.head.clone();
        deck.cards.reserve(numbers.len());
        // Cards close together are read at once: one read for a run, not one for each card.
        let mut rest = &numbers[..];
        while let Some(&first) = rest.first() {
            let start = self.start(first).body_end;
            let mut run = 1;
            while run < rest.len()
                && self.start(rest[run]).body_end - self.index.cards[rest[run - 1]].body_end <= 4096
            {
                run += 1;
            }
            let end = self.index.cards[rest[run - 1]].body_end;
            let bytes = self.read(start, end)?;
            for &card in &rest[..run] {
                let (from, to) = (self.start(card).body_end, self.index.cards[card].body_end);
                let body = &bytes[(from - start) as usize..(to - start) as usize];
                if check(body) != self.index.cards[card].body_check {
                    return Err(self.damaged());
                }
                deck.cards
                    .push(postcard::from_bytes(body).map_err(|_| self.damaged())?);
            }
            rest = &rest[run..];
        }
        Ok(deck)
    }

    /// The whole deck, every card decoded.
    pub fn deck(&self) -> Result<Deck, Error> {
        self.deck_with(0..self.len())
    }

    /// The encoded cards from `start` to `end`.
    fn read(&self, start: u32, end: u32) -> Result<Cow<'_, [u8]>, Error> {
        match &self.bodies {
            Bodies::Memory(bytes) => Ok(Cow::Borrowed(&bytes[start as usize..end as usize])),
            Bodies::File(file) => {
                let mut bytes = vec![0; (end - start) as usize];
                read_at(file, &mut bytes, self.bodies_start + u64::from(start))
                    .map_err(|_| self.damaged())?;
                Ok(Cow::Owned(bytes))
            }
        }
    }

    fn damaged(&self) -> Error {
        Error::DeckCache {
            deck: self.id().to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::parse;

    const DECK: &str = r#"
[deck]
id = "d"
title = "D"
tags = ["history"]

[[cards]]
id = "a"
kind = "flash"
front = "F"
back = "B"
reverse = true
tags = ["x"]

[[cards]]
id = "b"
kind = "cloze"
text = "{{c1::One}} and {{c2::two}}"

[[cards]]
id = "c"
kind = "truefalse"
prompt = "Yes?"
answer = true
tags = ["x"]
"#;

    #[test]
    fn an_outline_read_back_from_bytes_gives_the_same_items_tags_and_cards() {
        let deck = parse(DECK).deck.unwrap();
        let outline = opened(&Outline::of(&deck).to_bytes().unwrap(), 0).unwrap();
        let items: Vec<(usize, String)> = outline
            .items()
            .map(|(card, id)| (card, id.into_owned()))
            .collect();
        let expected: Vec<(usize, String)> = deck
            .cards
            .iter()
            .enumerate()
            .flat_map(|(i, c)| c.items().into_iter().map(move |item| (i, item.id())))
            .collect();
        assert_eq!(items, expected);
        assert_eq!(outline.item_count(), 5);
        assert_eq!(
            (outline.id(), outline.title(), outline.len()),
            ("d", "D", 3)
        );
        assert_eq!(outline.card_tags(2), ["x"]);
        assert!(outline.card_has_any_tag(1, &["HISTORY".into()]));
        assert!(!outline.card_has_any_tag(1, &["x".into()]));
        assert_eq!(outline.kinds(), deck.kinds());
        assert_eq!(outline.deck().unwrap(), deck);
        let some = outline.deck_with([2, 0]).unwrap();
        assert_eq!(some.cards, [deck.cards[0].clone(), deck.cards[2].clone()]);
        assert_eq!(some.sources, deck.sources);
    }

    /// The bytes written to a file after `skip` bytes of something else, and opened.
    fn opened(bytes: &[u8], skip: usize) -> Option<Outline> {
        let mut file = tempfile::tempfile().unwrap();
        std::io::Write::write_all(&mut file, &vec![b'-'; skip]).unwrap();
        std::io::Write::write_all(&mut file, bytes).unwrap();
        Outline::open(file, skip as u64)
    }

    #[test]
    fn bytes_that_are_not_an_outline_are_refused_not_trusted() {
        let deck = parse(DECK).deck.unwrap();
        let bytes = Outline::of(&deck).to_bytes().unwrap();
        assert_eq!(opened(&bytes, 6).unwrap().deck().unwrap(), deck);
        assert!(opened(&bytes[..bytes.len() - 1], 0).is_none());
        assert!(opened(&bytes[..10], 0).is_none());
        assert!(opened(&[], 0).is_none());
        let mut long = bytes.clone();
        long[0] = 0xff;
        assert!(opened(&long, 0).is_none());
        let mut flipped_index = bytes.clone();
        flipped_index[20] ^= 1;
        assert!(opened(&flipped_index, 0).is_none());
        // A damaged card is found when it is read, and is an error, not a wrong card.
        let mut flipped_card = bytes.clone();
        let last = flipped_card.len() - 2;
        flipped_card[last] ^= 1;
        let outline = opened(&flipped_card, 0).unwrap();
        assert_eq!(outline.deck_with([0]).unwrap().cards[0], deck.cards[0]);
        assert_eq!(
            outline.deck().unwrap_err().to_string(),
            "the cached copy of deck `d` cannot be read"
        );
    }
}
