//! xAPI 1.0.3 statements (IEEE 9274.1.1): the records a class's Learning Record Store receives. Plain serde
//! types for the part of the specification kartka uses, and pure functions that build statements from
//! answers ([`build`], the answers read by [`crate::grade::Given`]) and describe each card as an interaction ([`interaction`]).
//!
//! A statement's id is derived (UUID v5) from what it records, so that a statement sent twice (a batch whose
//! reply was lost) is stored once: the LRS answers the second with 204 or 409, never a second record.

pub mod build;
pub mod interaction;
pub mod quiz;
pub mod read;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

pub use build::{Answered, AttemptStarted, Context, Who, class_iri};

/// The xAPI version kartka speaks (the `X-Experience-API-Version` header).
pub const VERSION: &str = "1.0.3";

/// The namespace of every UUID kartka derives (v5): fixed forever, or resent statements get new ids.
const NAMESPACE: Uuid = Uuid::from_u128(0x6b61_7274_6b61_5000_8000_7861_7069_0001);

/// Activity type of a card, as the ADL vocabulary names a question.
pub const CMI_INTERACTION: &str = "http://adlnet.gov/expapi/activities/cmi.interaction";
/// Activity type of a quiz.
pub const ASSESSMENT: &str = "http://adlnet.gov/expapi/activities/assessment";
/// Activity type of a deck studied outside a quiz.
pub const MODULE: &str = "http://adlnet.gov/expapi/activities/module";
/// Activity type of a class, the grouping of its students' statements.
pub const COURSE: &str = "http://adlnet.gov/expapi/activities/course";

/// Extensions kartka adds: the FSRS rating (1 again, 2 hard, 3 good, 4 easy) and the interval until the
/// card is due again (an ISO 8601 duration), and how a quiz attempt ended.
pub const EXT_RATING: &str = "urn:kartka:xapi:fsrs-rating";
pub const EXT_INTERVAL: &str = "urn:kartka:xapi:next-interval";
pub const EXT_ENDED: &str = "urn:kartka:xapi:attempt-ended";
/// On a completed attempt: its results document, as the student's results file holds it.
pub const EXT_RESULTS: &str = "urn:kartka:xapi:results";
/// On a card's activity: its tags, for the teacher's accuracy per tag.
pub const EXT_TAGS: &str = "urn:kartka:xapi:tags";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Statement {
    pub id: Uuid,
    pub actor: Agent,
    pub verb: Verb,
    pub object: Activity,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub result: Option<StatementResult>,
    pub context: StatementContext,
    /// RFC 3339, with the learner's offset.
    pub timestamp: String,
    pub version: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Agent {
    pub object_type: String,
    /// The student as the teacher knows them.
    pub name: String,
    pub account: Account,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Account {
    /// The LRS the account is on.
    pub home_page: String,
    /// The student's username there.
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Verb {
    pub id: String,
    pub display: LanguageMap,
}

/// Text by language tag (RFC 5646).
pub type LanguageMap = BTreeMap<String, String>;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Activity {
    pub object_type: String,
    pub id: String,
    pub definition: Definition,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Definition {
    #[serde(rename = "type")]
    pub kind: String,
    pub name: LanguageMap,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub interaction_type: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub correct_responses_pattern: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub choices: Vec<Component>,
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub source: Vec<Component>,
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub target: Vec<Component>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty", default)]
    pub extensions: BTreeMap<String, serde_json::Value>,
}

/// One choice, item or side of an interaction, named by an id its responses use.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Component {
    pub id: String,
    pub description: LanguageMap,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct StatementResult {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub success: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub completion: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub score: Option<Score>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub response: Option<String>,
    /// ISO 8601.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duration: Option<String>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty", default)]
    pub extensions: BTreeMap<String, serde_json::Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Score {
    /// -1 to 1; kartka's scores are 0 to 1.
    pub scaled: f64,
    pub raw: f64,
    pub min: f64,
    pub max: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StatementContext {
    /// One per quiz attempt or study session.
    pub registration: Uuid,
    pub context_activities: ContextActivities,
    pub platform: String,
    #[serde(skip_serializing_if = "BTreeMap::is_empty", default)]
    pub extensions: BTreeMap<String, serde_json::Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContextActivities {
    /// The deck, or the quiz, an answer belongs to.
    pub parent: Vec<Activity>,
    /// The class.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub grouping: Vec<Activity>,
}

/// A statement as the outbox keeps it.
pub fn queued(s: &Statement) -> crate::store::Queued {
    crate::store::Queued {
        id: s.id.to_string(),
        json: serde_json::to_string(s).unwrap_or_default(),
    }
}

/// A UUID derived from `parts`: the same parts, the same id, on any machine.
pub fn derived_id(parts: &[&str]) -> Uuid {
    // Each part's length is part of the name, so that ("ab", "c") and ("a", "bc") differ.
    let mut name = String::new();
    for p in parts {
        name.push_str(&format!("{}:{p};", p.len()));
    }
    Uuid::new_v5(&NAMESPACE, name.as_bytes())
}

/// An IRI naming something of kartka's: `urn:kartka:` followed by `parts`, each percent-encoded so that no
/// id can break the IRI.
pub fn iri(parts: &[&str]) -> String {
    let mut out = String::from("urn:kartka");
    for p in parts {
        out.push(':');
        for b in p.bytes() {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                out.push(char::from(b));
            } else {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

/// An ISO 8601 duration from milliseconds, as xAPI wants one (`PT1.25S`, `PT90S`).
pub fn duration(ms: u64) -> String {
    let (s, frac) = (ms / 1000, ms % 1000);
    if frac == 0 {
        format!("PT{s}S")
    } else {
        let frac = format!("{frac:03}");
        format!("PT{s}.{}S", frac.trim_end_matches('0'))
    }
}

fn language_map(language: &str, text: &str) -> LanguageMap {
    BTreeMap::from([(language.to_string(), text.to_string())])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_iris_and_ids() {
        assert_eq!(duration(0), "PT0S");
        assert_eq!(duration(1250), "PT1.25S");
        assert_eq!(duration(90_000), "PT90S");
        assert_eq!(duration(7), "PT0.007S");
        assert_eq!(
            iri(&["deck", "belarus-htp", "item", "card#c2"]),
            "urn:kartka:deck:belarus-htp:item:card%23c2"
        );
        assert_eq!(iri(&["deck", "Ў é"]), "urn:kartka:deck:%D0%8E%20%C3%A9");
        assert_eq!(derived_id(&["a", "b"]), derived_id(&["a", "b"]));
        assert_ne!(derived_id(&["ab", "c"]), derived_id(&["a", "bc"]));
        assert_eq!(derived_id(&["x"]).get_version_num(), 5);
    }
}
