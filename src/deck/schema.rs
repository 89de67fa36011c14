//! The deck file format as Rust types, for its JSON Schema (`kartka schema`, `schema/deck.schema.json`):
//! editors such as VS Code with Even Better TOML (Taplo) use it for completion and validation.
//!
//! The loader in `load` reads decks by hand, to report every mistake at once; a test validates every
//! shipped deck against this schema, so the two cannot drift apart. These types are only ever described,
//! never built, hence `allow(dead_code)` on each.

use schemars::{JsonSchema, Schema, schema_for};
use serde::Deserialize;

/// A kartka deck: a `[deck]` table, `[[sources]]` it cites and `[[cards]]`.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct DeckFile {
    deck: DeckTable,
    #[serde(default)]
    sources: Vec<SourceTable>,
    #[serde(default)]
    cards: Vec<CardTable>,
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct DeckTable {
    /// A slug: lowercase letters, digits and single hyphens. Progress is kept under it.
    #[schemars(regex(pattern = r"^[a-z0-9]+(-[a-z0-9]+)*$"))]
    id: String,
    #[schemars(length(min = 1))]
    title: String,
    description: Option<String>,
    /// A language tag such as `en` or `be`.
    language: Option<String>,
    authors: Option<Vec<String>>,
    /// The deck's own revision number.
    #[schemars(range(min = 1))]
    version: Option<u32>,
    /// Added to every card.
    tags: Option<Vec<Tag>>,
    /// The format version: 1.
    #[schemars(range(min = 1, max = 1))]
    format: Option<u32>,
}

/// Letters, digits, `-`, `_` and `.`, starting with a letter or digit.
#[derive(Deserialize, JsonSchema)]
#[allow(dead_code)]
struct Id(#[schemars(regex(pattern = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"))] String);

/// A tag: no spaces.
#[derive(Deserialize, JsonSchema)]
#[allow(dead_code)]
struct Tag(#[schemars(regex(pattern = r"^\S+$"))] String);

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct SourceTable {
    id: Id,
    title: String,
    author: Option<String>,
    url: Option<String>,
}

/// An amount either side of the answer, in its unit, or a percentage of it such as "5%".
#[derive(Deserialize, JsonSchema)]
#[serde(untagged)]
#[allow(dead_code)]
enum Tolerance {
    Absolute(#[schemars(range(min = 0.0))] f64),
    Percent(#[schemars(regex(pattern = r"^\s*[0-9]+(\.[0-9]+)?\s*%\s*$"))] String),
}

/// `true` (forgive slips scaled to the answer's length), `false` (exact) or a number of edits.
#[derive(Deserialize, JsonSchema)]
#[serde(untagged)]
#[allow(dead_code)]
enum Typos {
    Scaled(bool),
    Edits(u32),
}

/// The percent an answer earns: from -100 to 100, not 0 (an answer not named earns nothing).
#[derive(Deserialize, JsonSchema)]
#[allow(dead_code)]
struct Credit(
    #[schemars(range(min = -100.0, max = 100.0))]
    #[schemars(extend("not" = { "const": 0 }))]
    f64,
);

/// Per answer, keyed by the answer's text: what it earns.
type CreditTable = std::collections::BTreeMap<String, Credit>;

/// Per answer, keyed by the answer's text: what a learner who gives it reads.
type FeedbackTable = std::collections::BTreeMap<String, String>;

/// Declares one card kind's table: the fields every card has, then the kind's own.
macro_rules! card_kinds {
    ($( $(#[$doc:meta])* $variant:ident { $($field:tt)* } )*) => {
        /// A card; `kind` says which fields it takes.
        #[derive(Deserialize, JsonSchema)]
        #[serde(tag = "kind", rename_all = "lowercase", deny_unknown_fields)]
        #[allow(dead_code)]
        enum CardTable {
            $(
                $(#[$doc])*
                $variant {
                    /// Unique in the deck and stable: progress is keyed on it.
                    id: Id,
                    /// Why the answer is right, shown after answering.
                    explain: Option<String>,
                    /// The id of a `[[sources]]` entry.
                    source: Option<Id>,
                    tags: Option<Vec<Tag>>,
                    /// Ids of cards whose answers this card shows on purpose: `kartka check` does not warn
                    /// of them, and a quiz still never draws the two together.
                    gives_away: Option<Vec<Id>>,
                    $($field)*
                },
            )*
        }
    };
}

card_kinds! {
    /// Front and back; the learner rates themselves.
    Flash {
        front: String,
        back: String,
        /// Also ask back to front.
        reverse: Option<bool>,
    }
    /// A typed answer.
    Text {
        prompt: String,
        answer: String,
        /// Other accepted answers.
        accept: Option<Vec<String>>,
        case_sensitive: Option<bool>,
        accent_sensitive: Option<bool>,
        typos: Option<Typos>,
        /// The percent an `accept` entry earns instead of 100, keyed by the entry.
        credit: Option<CreditTable>,
        /// Shown after an answer, keyed by `answer` or an `accept` entry; `"*"` for any other answer.
        feedback: Option<FeedbackTable>,
    }
    /// One correct option.
    Choice {
        prompt: String,
        #[schemars(length(min = 2))]
        options: Vec<String>,
        /// One of the options, word for word.
        answer: String,
        /// The percent another option earns, keyed by the option; the answer earns 100.
        credit: Option<CreditTable>,
        /// Shown after an option is picked, keyed by the option.
        feedback: Option<FeedbackTable>,
    }
    /// Several correct options.
    Multi {
        prompt: String,
        #[schemars(length(min = 2))]
        options: Vec<String>,
        /// The correct options, word for word.
        #[schemars(length(min = 1))]
        answer: Vec<String>,
        /// Moodle's weights, keyed by option: the options in `answer` share 100, others may cost marks;
        /// the score is the sum over the options ticked.
        credit: Option<CreditTable>,
        /// Shown when an option was ticked, keyed by the option.
        feedback: Option<FeedbackTable>,
    }
    /// True or false.
    TrueFalse {
        prompt: String,
        answer: bool,
        /// Shown after the learner's answer, keyed by `true` or `false`.
        #[schemars(extend("propertyNames" = { "enum": ["true", "false"] }))]
        feedback: Option<FeedbackTable>,
    }
    /// A number, with a tolerance and a unit.
    Number {
        prompt: String,
        answer: f64,
        tolerance: Option<Tolerance>,
        /// Such as "%", "USD" or "billion USD".
        unit: Option<String>,
    }
    /// Text with `{{c1::answer}}` or `{{c1::answer::hint}}` deletions.
    Cloze {
        /// An optional instruction shown above the text.
        prompt: Option<String>,
        #[schemars(regex(pattern = r"\{\{c[1-9][0-9]*::"))]
        text: String,
        /// Other accepted answers per deletion number: `{ c1 = ["…"] }`.
        #[schemars(extend("propertyNames" = { "pattern": "^c[1-9][0-9]*$" }))]
        accept: Option<std::collections::BTreeMap<String, Vec<String>>>,
    }
    /// Items to put in order, listed in the correct order.
    Order {
        prompt: String,
        #[schemars(length(min = 2))]
        items: Vec<String>,
    }
    /// Pairs to match: `[["left", "right"], …]`.
    Match {
        prompt: String,
        #[schemars(length(min = 2))]
        pairs: Vec<[String; 2]>,
    }
}

/// The JSON Schema of the deck format.
pub fn schema() -> Schema {
    let mut schema = schema_for!(DeckFile);
    schema.insert("title".into(), "kartka deck".into());
    schema
}

/// The schema as the committed file holds it: pretty JSON with a final newline.
pub fn schema_text() -> String {
    serde_json::to_string_pretty(&schema()).expect("a schema serialises") + "\n"
}
