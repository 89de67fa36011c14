//! Statements read back from an LRS, as the teacher's commands use them: a completed quiz attempt's results
//! and a study answer. Each is read from the JSON the LRS sent into only the fields it needs (a month of a
//! class's study is hundreds of thousands of statements: building a whole JSON tree for each cost most of
//! `kartka class`'s time). An LRS adds fields of its own and may hold other tools' statements, so a
//! statement lacking what a reader needs, or of another class, is passed over.

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset};
use serde::Deserialize;
use serde::de::IgnoredAny;

use super::{EXT_RATING, EXT_RESULTS, MODULE};
use crate::quiz::results::Results;

/// Who made a statement: the account's username, and the name the teacher gave them.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Account {
    pub username: String,
    pub name: String,
}

/// The parts of a statement the readers look at; everything else is skipped unread.
#[derive(Deserialize)]
struct Lean {
    id: String,
    actor: Actor,
    verb: Id,
    #[serde(default)]
    object: Option<Object>,
    #[serde(default)]
    result: Option<LeanResult>,
    #[serde(default)]
    context: Option<Context>,
    #[serde(default)]
    timestamp: Option<String>,
}

#[derive(Deserialize)]
struct Actor {
    #[serde(default)]
    name: Option<String>,
    account: AccountName,
}

#[derive(Deserialize)]
struct AccountName {
    name: String,
}

#[derive(Deserialize)]
struct Id {
    id: String,
}

#[derive(Deserialize)]
struct Object {
    id: String,
    #[serde(default)]
    definition: Option<ObjectDefinition>,
}

#[derive(Deserialize)]
struct ObjectDefinition {
    #[serde(default)]
    extensions: Option<DefinitionExtensions>,
}

#[derive(Deserialize)]
struct DefinitionExtensions {
    #[serde(rename = "urn:kartka:xapi:tags", default)]
    tags: Option<Vec<String>>,
}

#[derive(Deserialize)]
struct LeanResult {
    #[serde(default)]
    success: Option<bool>,
    #[serde(default)]
    extensions: BTreeMap<String, IgnoredAny>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Context {
    #[serde(default)]
    context_activities: Option<ContextActivities>,
}

#[derive(Deserialize)]
struct ContextActivities {
    #[serde(default)]
    parent: OneOrMany<Activity>,
    #[serde(default)]
    grouping: OneOrMany<Activity>,
}

#[derive(Deserialize)]
struct Activity {
    id: String,
    #[serde(default)]
    definition: Option<ActivityDefinition>,
}

#[derive(Deserialize)]
struct ActivityDefinition {
    #[serde(rename = "type", default)]
    kind: Option<String>,
}

/// xAPI allows a lone activity where a list is expected.
#[derive(Deserialize)]
#[serde(untagged)]
enum OneOrMany<T> {
    Many(Vec<T>),
    One(T),
}

impl<T> Default for OneOrMany<T> {
    fn default() -> Self {
        OneOrMany::Many(Vec::new())
    }
}

impl<T> OneOrMany<T> {
    fn iter(&self) -> std::slice::Iter<'_, T> {
        match self {
            OneOrMany::Many(list) => list.iter(),
            OneOrMany::One(one) => std::slice::from_ref(one).iter(),
        }
    }
}

impl Lean {
    fn account(&self) -> Account {
        let username = self.actor.account.name.clone();
        Account {
            name: self.actor.name.clone().unwrap_or_else(|| username.clone()),
            username,
        }
    }

    fn activities(&self) -> Option<&ContextActivities> {
        self.context.as_ref()?.context_activities.as_ref()
    }

    /// Whether it names the class `class_iri` among its groupings: an LRS that does not filter by activity
    /// sends every class's statements.
    fn in_class(&self, class_iri: &str) -> bool {
        self.activities()
            .is_some_and(|a| a.grouping.iter().any(|g| g.id == class_iri))
    }

    fn is(&self, verb: &str) -> bool {
        self.verb
            .id
            .strip_prefix("http://adlnet.gov/expapi/verbs/")
            .is_some_and(|v| v == verb)
    }
}

/// A completed quiz attempt of the class `class_iri` carrying its results, with the statement's id: `None`
/// for any other statement, `Some(.., Err)` when the results it carries are not valid (the problem, as a
/// results file's would be said).
pub fn completed_results(
    raw: &str,
    class_iri: &str,
) -> Option<(String, Account, Result<Results, String>)> {
    #[derive(Deserialize)]
    struct Carried {
        result: CarriedResult,
    }
    #[derive(Deserialize)]
    struct CarriedResult {
        extensions: BTreeMap<String, Box<serde_json::value::RawValue>>,
    }
    let lean: Lean = serde_json::from_str(raw).ok()?;
    if !lean.is("completed") || !lean.in_class(class_iri) {
        return None;
    }
    let carried: Carried = serde_json::from_str(raw).ok()?;
    let results = carried.result.extensions.get(EXT_RESULTS)?;
    Some((
        lean.id.clone(),
        lean.account(),
        Results::parse(results.get()),
    ))
}

/// One answer given in study (not in a quiz).
#[derive(Debug, Clone, PartialEq)]
pub struct StudyAnswer {
    pub who: Account,
    /// The card's activity id: the same for every student.
    pub item: String,
    pub tags: Vec<String>,
    pub success: bool,
    pub at: DateTime<FixedOffset>,
}

/// A study answer of the class `class_iri`, with the statement's id: an `answered` statement whose parent
/// is a deck (a module) and which carries an FSRS rating; `None` for anything else.
pub fn study_answer(raw: &str, class_iri: &str) -> Option<(String, StudyAnswer)> {
    let lean: Lean = serde_json::from_str(raw).ok()?;
    if !lean.is("answered") || !lean.in_class(class_iri) {
        return None;
    }
    let in_study = lean.activities()?.parent.iter().any(|p| {
        p.definition
            .as_ref()
            .and_then(|d| d.kind.as_deref())
            .is_some_and(|k| k == MODULE)
    });
    let result = lean.result.as_ref()?;
    if !in_study || !result.extensions.contains_key(EXT_RATING) {
        return None;
    }
    let object = lean.object.as_ref()?;
    let tags = object
        .definition
        .as_ref()
        .and_then(|d| d.extensions.as_ref())
        .and_then(|e| e.tags.clone())
        .unwrap_or_default();
    let answer = StudyAnswer {
        who: lean.account(),
        item: object.id.clone(),
        tags,
        success: result.success?,
        at: DateTime::parse_from_rfc3339(lean.timestamp.as_deref()?).ok()?,
    };
    Some((lean.id, answer))
}

#[cfg(test)]
mod tests {
    use super::super::EXT_TAGS;
    use super::*;

    const CLASS: &str = "urn:kartka:class:7B";

    fn statement(verb: &str, parent_type: &str, rating: bool) -> serde_json::Value {
        let mut extensions = serde_json::Map::new();
        if rating {
            extensions.insert(EXT_RATING.into(), 3.into());
        }
        serde_json::json!({
            "id": "x",
            "actor": {"name": "Ann Smith", "account": {"homePage": "https://lrs/", "name": "7b-ann"}},
            "verb": {"id": format!("http://adlnet.gov/expapi/verbs/{verb}")},
            "object": {"id": "urn:kartka:deck:d:item:c",
                       "definition": {"extensions": {EXT_TAGS: ["htp", "law"]}, "choices": [{"id": "o1"}]}},
            "result": {"success": true, "extensions": extensions},
            "context": {"contextActivities": {"parent": {"id": "urn:kartka:deck:d",
                        "definition": {"type": parent_type}},
                        "grouping": [{"id": CLASS}]}},
            "timestamp": "2026-11-22T09:00:00.000+03:00",
            "stored": "2026-11-22T06:00:01Z"
        })
    }

    fn study(s: &serde_json::Value, class: &str) -> Option<StudyAnswer> {
        study_answer(&s.to_string(), class).map(|(_, a)| a)
    }

    #[test]
    fn a_study_answer_is_an_answer_to_a_deck_of_the_class_with_a_rating() {
        let (id, a) =
            study_answer(&statement("answered", MODULE, true).to_string(), CLASS).unwrap();
        assert_eq!(id, "x");
        assert_eq!(a.who.username, "7b-ann");
        assert_eq!(a.who.name, "Ann Smith");
        assert_eq!(a.item, "urn:kartka:deck:d:item:c");
        assert_eq!(a.tags, ["htp", "law"]);
        assert!(a.success);
        assert_eq!(a.at.to_rfc3339(), "2026-11-22T09:00:00+03:00");
        // Another class, a quiz answer, a statement without a rating, another verb: not this study.
        let s = statement("answered", MODULE, true);
        assert!(study(&s, "urn:kartka:class:7C").is_none());
        assert!(
            study(
                &statement("answered", super::super::ASSESSMENT, true),
                CLASS
            )
            .is_none()
        );
        assert!(study(&statement("answered", MODULE, false), CLASS).is_none());
        assert!(study(&statement("completed", MODULE, true), CLASS).is_none());
        assert!(completed_results(&s.to_string(), CLASS).is_none());
        assert!(study_answer(r#"{"verb": 3}"#, CLASS).is_none());
        assert!(study_answer("not json", CLASS).is_none());
    }

    #[test]
    fn the_tags_extension_is_read_by_the_name_kartka_sends() {
        // serde's attributes take a literal, not the constant.
        assert_eq!(EXT_TAGS, "urn:kartka:xapi:tags");
    }

    #[test]
    fn a_completed_attempt_without_valid_results_says_why() {
        let mut s = statement("completed", super::super::ASSESSMENT, false);
        s["result"]["extensions"][EXT_RESULTS] = serde_json::json!({"student": "Ann"});
        let (id, who, results) = completed_results(&s.to_string(), CLASS).unwrap();
        assert_eq!((id.as_str(), who.name.as_str()), ("x", "Ann Smith"));
        assert!(results.is_err());
        assert!(completed_results(&s.to_string(), "urn:kartka:class:7C").is_none());
    }
}
