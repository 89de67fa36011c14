//! The quiz file format as Rust types, for its JSON Schema (`kartka schema --quiz`,
//! `schema/quiz.schema.json`), as `deck::schema` does for decks: the loader in `file` reads quiz files by
//! hand; a test validates the `kartka new --quiz` skeleton against this schema. Only ever described, never
//! built, hence `allow(dead_code)`.

use std::collections::BTreeMap;

use schemars::{JsonSchema, Schema, schema_for};
use serde::Deserialize;

/// A kartka quiz file: one `[quiz]` table.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct QuizFile {
    quiz: QuizTable,
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct QuizTable {
    /// A slug: lowercase letters, digits and single hyphens. Attempts are counted under it.
    #[schemars(regex(pattern = r"^[a-z0-9]+(-[a-z0-9]+)*$"))]
    id: String,
    #[schemars(length(min = 1))]
    title: String,
    /// A deck id, or a path to a deck file relative to the quiz file (a list of one is accepted).
    deck: OneDeck,
    /// How many questions; every question of the deck when absent.
    #[schemars(range(min = 1))]
    count: Option<u32>,
    /// Per tag, how many questions with it to draw first.
    draw: Option<BTreeMap<String, Count>>,
    /// The seed of the draw; a new one for each attempt when absent.
    seed: Option<String>,
    /// Each student gets their own draw, the same each time they take it.
    per_student: Option<bool>,
    /// Such as "90s", "15m" or "1h".
    #[schemars(regex(pattern = r"^\s*0*[1-9][0-9]*\s*(s|m|h|d)\s*$"))]
    time_limit: Option<String>,
    /// Attempts each student may make; 0 for any number.
    #[schemars(range(min = 0))]
    attempts: Option<u32>,
    grading: Option<Grading>,
    review: Option<Review>,
    feedback: Option<Feedback>,
    /// Shuffle the options of each question.
    shuffle: Option<bool>,
    /// The folder results go to, relative to the quiz file.
    #[schemars(length(min = 1))]
    results: Option<String>,
}

#[derive(Deserialize, JsonSchema)]
#[serde(untagged)]
#[allow(dead_code)]
enum OneDeck {
    One(#[schemars(length(min = 1))] String),
    List(#[schemars(length(min = 1, max = 1))] Vec<String>),
}

#[derive(Deserialize, JsonSchema)]
#[allow(dead_code)]
struct Count(#[schemars(range(min = 1))] u32);

/// How a student's attempts make one grade.
#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
#[allow(dead_code)]
enum Grading {
    First,
    Best,
    Last,
    Mean,
}

/// What a student sees after submitting.
#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
#[allow(dead_code)]
enum Review {
    Score,
    Marks,
    Answers,
}

/// When a student sees whether an answer was right.
#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
#[allow(dead_code)]
enum Feedback {
    End,
    Each,
}

/// The JSON Schema of quiz files.
pub fn schema() -> Schema {
    let mut schema = schema_for!(QuizFile);
    schema.insert("title".into(), "kartka quiz".into());
    schema
}

/// The schema as the committed file holds it: pretty JSON with a final newline.
pub fn schema_text() -> String {
    serde_json::to_string_pretty(&schema()).expect("a schema serialises") + "\n"
}
