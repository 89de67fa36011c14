//! The deck model: what a deck file means once it has been validated.
//!
//! Everything here is plain data. Loading (with diagnostics) lives in `load`, grading in `crate::grade`.

use serde::{Deserialize, Serialize};

/// A validated deck.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Deck {
    pub id: String,
    pub title: String,
    pub description: Option<String>,
    pub language: Option<String>,
    pub authors: Vec<String>,
    pub version: Option<u32>,
    pub tags: Vec<String>,
    pub sources: Vec<Source>,
    pub cards: Vec<Card>,
}

/// Where the facts on a card come from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Source {
    pub id: String,
    pub title: String,
    pub author: Option<String>,
    pub url: Option<String>,
}

/// One `[[cards]]` entry as authored. A card yields one or more [`Item`]s to study.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Card {
    pub id: String,
    /// The question, for every kind but `flash` (which has `front`). For cloze it is an optional instruction.
    pub prompt: Option<String>,
    pub explain: Option<String>,
    pub source: Option<String>,
    pub tags: Vec<String>,
    pub body: Body,
}

/// The kind-specific part of a card.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Body {
    Flash {
        front: String,
        back: String,
        reverse: bool,
    },
    Text {
        answer: String,
        accept: Vec<String>,
        case_sensitive: bool,
        accent_sensitive: bool,
        typos: Typos,
        /// Keyed by the answer first, then each `accept` entry.
        #[serde(default)]
        per_answer: PerAnswer,
    },
    Choice {
        options: Vec<String>,
        /// Index into `options`.
        answer: usize,
        /// Keyed by option.
        #[serde(default)]
        per_answer: PerAnswer,
    },
    Multi {
        options: Vec<String>,
        /// Indices into `options`, ascending.
        answers: Vec<usize>,
        /// Keyed by option.
        #[serde(default)]
        per_answer: PerAnswer,
    },
    TrueFalse {
        answer: bool,
        /// Keyed by `false`, then `true`.
        #[serde(default)]
        per_answer: PerAnswer,
    },
    Number {
        answer: f64,
        tolerance: Tolerance,
        unit: Option<String>,
    },
    Cloze {
        text: String,
        /// The deletions in reading order.
        deletions: Vec<Deletion>,
    },
    Order {
        /// The items in their correct order.
        items: Vec<String>,
    },
    Match {
        pairs: Vec<(String, String)>,
    },
}

/// The card kinds, in the order the documentation lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Flash,
    Text,
    Choice,
    Multi,
    TrueFalse,
    Number,
    Cloze,
    Order,
    Match,
}

impl Kind {
    pub const ALL: [Kind; 9] = [
        Kind::Flash,
        Kind::Text,
        Kind::Choice,
        Kind::Multi,
        Kind::TrueFalse,
        Kind::Number,
        Kind::Cloze,
        Kind::Order,
        Kind::Match,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Kind::Flash => "flash",
            Kind::Text => "text",
            Kind::Choice => "choice",
            Kind::Multi => "multi",
            Kind::TrueFalse => "truefalse",
            Kind::Number => "number",
            Kind::Cloze => "cloze",
            Kind::Order => "order",
            Kind::Match => "match",
        }
    }

    pub fn from_name(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.name() == name)
    }
}

impl std::fmt::Display for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// What each possible answer earns and says, for cards that grade answer by answer as Moodle's question
/// banks do (a half-right option, a distractor that costs marks, a comment on a common mistake). Both lists
/// are empty unless the card sets them, and otherwise have one entry per answer the card's kind keys them by.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct PerAnswer {
    /// Percent earned by each answer, from -100 to 100, when the card sets `credit`.
    pub credit: Vec<f64>,
    /// Shown after each answer, when the card sets `feedback`.
    pub feedback: Vec<Option<String>>,
    /// Shown after a typed answer that is none of the listed ones (`"*"` in a text card's `feedback`).
    pub other: Option<String>,
}

impl PerAnswer {
    pub fn is_empty(&self) -> bool {
        self.credit.is_empty() && self.feedback.is_empty() && self.other.is_none()
    }

    /// The feedback for answer `i`, if any.
    pub fn feedback_for(&self, i: usize) -> Option<&str> {
        self.feedback.get(i).and_then(Option::as_deref)
    }
}

/// How many typing mistakes a text answer forgives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Typos {
    /// Scaled to the answer's length: none for short answers.
    Auto,
    /// At most this many edits (0 = exact after normalisation).
    Max(u32),
}

/// How far a typed number may be from the answer and still count.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Tolerance {
    /// In the card's own unit.
    Absolute(f64),
    /// Percent of the answer.
    Percent(f64),
}

/// One `{{cN::answer::hint}}` in a cloze text. Offsets are byte ranges into the text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Deletion {
    pub number: u32,
    pub answer: String,
    pub hint: Option<String>,
    /// Other answers that count, from the card's `accept = { cN = [...] }`: every blank numbered N has them.
    pub accept: Vec<String>,
    pub start: usize,
    pub end: usize,
}

/// Which side of a card an item asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Facet {
    /// The card as written.
    Main,
    /// A flash card asked back to front.
    Reverse,
    /// One cloze deletion number.
    Cloze(u32),
}

/// One thing to study: a card, or one side or deletion of it. Progress is keyed on its [`Item::id`].
#[derive(Debug, Clone, Copy)]
pub struct Item<'d> {
    pub card: &'d Card,
    pub facet: Facet,
}

impl Facet {
    /// The id of this side of the card `card_id`: `card`, `card#reverse` or `card#c2`.
    pub fn item_id(self, card_id: &str) -> std::borrow::Cow<'_, str> {
        match self {
            Facet::Main => card_id.into(),
            Facet::Reverse => format!("{card_id}#reverse").into(),
            Facet::Cloze(n) => format!("{card_id}#c{n}").into(),
        }
    }
}

impl Body {
    /// The answers this card's `credit` and `feedback` are keyed by, in the order [`PerAnswer`] keeps
    /// them (a text card's answer, then its accepted answers; a true/false card's false, then true), with
    /// what it says of each; `None` for kinds without them.
    pub fn per_answer(&self) -> Option<(Vec<&str>, &PerAnswer)> {
        Some(match self {
            Body::Choice {
                options,
                per_answer,
                ..
            }
            | Body::Multi {
                options,
                per_answer,
                ..
            } => (options.iter().map(String::as_str).collect(), per_answer),
            Body::Text {
                answer,
                accept,
                per_answer,
                ..
            } => (
                std::iter::once(answer.as_str())
                    .chain(accept.iter().map(String::as_str))
                    .collect(),
                per_answer,
            ),
            Body::TrueFalse { per_answer, .. } => (vec!["false", "true"], per_answer),
            _ => return None,
        })
    }

    pub fn kind(&self) -> Kind {
        match self {
            Body::Flash { .. } => Kind::Flash,
            Body::Text { .. } => Kind::Text,
            Body::Choice { .. } => Kind::Choice,
            Body::Multi { .. } => Kind::Multi,
            Body::TrueFalse { .. } => Kind::TrueFalse,
            Body::Number { .. } => Kind::Number,
            Body::Cloze { .. } => Kind::Cloze,
            Body::Order { .. } => Kind::Order,
            Body::Match { .. } => Kind::Match,
        }
    }
}

impl Card {
    pub fn kind(&self) -> Kind {
        self.body.kind()
    }

    /// The items this card yields: a reversed flash card gives two, a cloze one per deletion number.
    pub fn items(&self) -> Vec<Item<'_>> {
        let facets = match &self.body {
            Body::Flash { reverse: true, .. } => vec![Facet::Main, Facet::Reverse],
            Body::Cloze { deletions, .. } => {
                let mut numbers: Vec<u32> = deletions.iter().map(|d| d.number).collect();
                numbers.sort_unstable();
                numbers.dedup();
                numbers.into_iter().map(Facet::Cloze).collect()
            }
            _ => vec![Facet::Main],
        };
        facets
            .into_iter()
            .map(|facet| Item { card: self, facet })
            .collect()
    }
}

impl Deck {
    /// Every item of every card, in deck order.
    pub fn items(&self) -> impl Iterator<Item = Item<'_>> {
        self.cards.iter().flat_map(Card::items)
    }

    /// Each card's position in `cards`, by id.
    pub fn card_positions(&self) -> std::collections::HashMap<&str, usize> {
        self.cards
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id.as_str(), i))
            .collect()
    }

    pub fn source(&self, id: &str) -> Option<&Source> {
        self.sources.iter().find(|s| s.id == id)
    }

    /// The distinct kinds used, in documentation order.
    pub fn kinds(&self) -> Vec<Kind> {
        let mut kinds: Vec<Kind> = self.cards.iter().map(Card::kind).collect();
        kinds.sort_unstable();
        kinds.dedup();
        kinds
    }
}

impl Item<'_> {
    /// The stable id progress is keyed on: `card`, `card#reverse` or `card#c2`.
    pub fn id(&self) -> String {
        self.facet.item_id(&self.card.id).into_owned()
    }

    /// Whether the card, or its deck, has one of `tags` (any item does when `tags` is empty). Tags are
    /// compared without regard to case.
    pub fn has_any_tag(&self, deck: &Deck, tags: &[String]) -> bool {
        tags.is_empty()
            || self
                .card
                .tags
                .iter()
                .chain(&deck.tags)
                .any(|t| tags.iter().any(|want| want.eq_ignore_ascii_case(t)))
    }

    /// Flash cards are rated by the learner; every other kind is graded.
    pub fn is_self_rated(&self) -> bool {
        matches!(self.card.body, Body::Flash { .. })
    }
}
