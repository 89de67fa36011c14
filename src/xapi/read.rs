//! Statements read back from an LRS, as the teacher's commands use them: a completed quiz attempt's results
//! and a study answer. Read from JSON values rather than [`super::Statement`]: an LRS adds fields of its own
//! and may hold other tools' statements, so each reader takes what it needs and a statement that lacks it
//! is not kartka's record of that kind.

use chrono::{DateTime, FixedOffset};
use serde_json::Value;

use super::{EXT_RATING, EXT_RESULTS, EXT_TAGS, MODULE};
use crate::quiz::results::Results;

/// Who made a statement: the account's username, and the name the teacher gave them.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Account {
    pub username: String,
    pub name: String,
}

fn account(s: &Value) -> Option<Account> {
    let actor = s.get("actor")?;
    let username = actor.pointer("/account/name")?.as_str()?.to_string();
    let name = actor
        .get("name")
        .and_then(Value::as_str)
        .unwrap_or(&username)
        .to_string();
    Some(Account { username, name })
}

fn verb(s: &Value) -> Option<&str> {
    s.pointer("/verb/id")?.as_str()
}

/// Whether the statement names the class `class_iri` (see [`super::class_iri`]) among its groupings: an LRS
/// that does not filter by activity sends every class's statements.
pub fn in_class(s: &Value, class_iri: &str) -> bool {
    let names = |a: &Value| a.get("id").and_then(Value::as_str) == Some(class_iri);
    match s.pointer("/context/contextActivities/grouping") {
        Some(Value::Array(list)) => list.iter().any(names),
        Some(one) => names(one),
        None => false,
    }
}

/// The statement's id, to tell statements apart when an LRS sends one twice.
pub fn id(s: &Value) -> Option<&str> {
    s.get("id")?.as_str()
}

/// A completed quiz attempt carrying its results: `None` for any other statement, `Some(Err)` when the
/// results it carries are not valid (the problem, as a results file's would be said).
pub fn completed_results(s: &Value) -> Option<(Account, Result<Results, String>)> {
    if verb(s)? != "http://adlnet.gov/expapi/verbs/completed" {
        return None;
    }
    let carried = s.pointer("/result/extensions")?.get(EXT_RESULTS)?;
    Some((account(s)?, Results::parse(&carried.to_string())))
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

/// A study answer: an `answered` statement whose parent is a deck (a module) and which carries an FSRS
/// rating; `None` for anything else.
pub fn study_answer(s: &Value) -> Option<StudyAnswer> {
    if verb(s)? != "http://adlnet.gov/expapi/verbs/answered" {
        return None;
    }
    let parents = s.pointer("/context/contextActivities/parent")?;
    // xAPI allows a lone activity where a list is expected.
    let is_module =
        |p: &Value| p.pointer("/definition/type").and_then(Value::as_str) == Some(MODULE);
    let in_study = match parents {
        Value::Array(list) => list.iter().any(is_module),
        one => is_module(one),
    };
    let result = s.get("result")?;
    if !in_study || result.pointer("/extensions")?.get(EXT_RATING).is_none() {
        return None;
    }
    let object = s.get("object")?;
    let tags = object
        .pointer("/definition/extensions")
        .and_then(|e| e.get(EXT_TAGS))
        .and_then(Value::as_array)
        .map(|t| {
            t.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    Some(StudyAnswer {
        who: account(s)?,
        item: object.get("id")?.as_str()?.to_string(),
        tags,
        success: result.get("success")?.as_bool()?,
        at: DateTime::parse_from_rfc3339(s.get("timestamp")?.as_str()?).ok()?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn statement(verb: &str, parent_type: &str, rating: bool) -> Value {
        let mut extensions = serde_json::Map::new();
        if rating {
            extensions.insert(EXT_RATING.into(), 3.into());
        }
        serde_json::json!({
            "id": "x",
            "actor": {"name": "Ann Smith", "account": {"homePage": "https://lrs/", "name": "7b-ann"}},
            "verb": {"id": format!("http://adlnet.gov/expapi/verbs/{verb}")},
            "object": {"id": "urn:kartka:deck:d:item:c",
                       "definition": {"extensions": {EXT_TAGS: ["htp", "law"]}}},
            "result": {"success": true, "extensions": extensions},
            "context": {"contextActivities": {"parent": {"id": "urn:kartka:deck:d",
                        "definition": {"type": parent_type}},
                        "grouping": [{"id": "urn:kartka:class:7B"}]}},
            "timestamp": "2026-11-22T09:00:00.000+03:00",
            "stored": "2026-11-22T06:00:01Z"
        })
    }

    #[test]
    fn a_study_answer_is_an_answer_to_a_deck_with_a_rating() {
        let a = study_answer(&statement("answered", MODULE, true)).unwrap();
        assert_eq!(a.who.username, "7b-ann");
        assert_eq!(a.who.name, "Ann Smith");
        assert_eq!(a.item, "urn:kartka:deck:d:item:c");
        assert_eq!(a.tags, ["htp", "law"]);
        assert!(a.success);
        assert_eq!(a.at.to_rfc3339(), "2026-11-22T09:00:00+03:00");
        // A quiz answer, a statement without a rating, another verb: not study.
        assert!(study_answer(&statement("answered", super::super::ASSESSMENT, true)).is_none());
        assert!(study_answer(&statement("answered", MODULE, false)).is_none());
        assert!(study_answer(&statement("completed", MODULE, true)).is_none());
        assert!(completed_results(&statement("answered", MODULE, true)).is_none());
        assert!(study_answer(&serde_json::json!({"verb": 3})).is_none());
        let s = statement("answered", MODULE, true);
        assert!(in_class(&s, "urn:kartka:class:7B"));
        assert!(!in_class(&s, "urn:kartka:class:7C"));
        assert!(!in_class(&serde_json::json!({}), "urn:kartka:class:7B"));
    }

    #[test]
    fn a_completed_attempt_without_valid_results_says_why() {
        let mut s = statement("completed", super::super::ASSESSMENT, false);
        s["result"]["extensions"][EXT_RESULTS] = serde_json::json!({"student": "Ann"});
        let (who, results) = completed_results(&s).unwrap();
        assert_eq!(who.name, "Ann Smith");
        assert!(results.is_err());
    }
}
