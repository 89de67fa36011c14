//! Statements from what happened: an answer (in study or in a quiz), a quiz attempt started, and one
//! completed. Pure: the caller says who, when, and in which registration.

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset, SecondsFormat};
use uuid::Uuid;

use super::interaction;
use super::{
    ASSESSMENT, Account, Activity, Agent, COURSE, ContextActivities, Definition, EXT_ENDED,
    EXT_INTERVAL, EXT_RATING, EXT_RESULTS, MODULE, Score, Statement, StatementContext,
    StatementResult, VERSION, Verb, derived_id, duration, iri, language_map,
};
use crate::class::Class;
use crate::deck::Item;
use crate::grade::Given;
use crate::quiz::results::Results;
use crate::schedule::Rating;

/// The student, as their class's LRS knows them.
#[derive(Debug, Clone, Copy)]
pub struct Who<'a> {
    /// The class's name: its statements name it, so that a teacher reads theirs from an LRS shared by many.
    pub class: &'a str,
    pub lrs: &'a str,
    pub username: &'a str,
    pub student: &'a str,
}

impl<'a> Who<'a> {
    pub fn of(class: &'a Class) -> Who<'a> {
        Who {
            class: &class.name,
            lrs: &class.lrs,
            username: &class.username,
            student: &class.student,
        }
    }

    fn agent(&self) -> Agent {
        Agent {
            object_type: "Agent".into(),
            name: self.student.into(),
            account: Account {
                home_page: self.lrs.into(),
                name: self.username.into(),
            },
        }
    }
}

/// What every statement of one study session or quiz attempt shares.
#[derive(Debug, Clone)]
pub struct Context<'a> {
    pub who: Who<'a>,
    /// The study session's or the quiz attempt's.
    pub registration: Uuid,
    /// The deck studied, or the quiz taken: see [`Context::deck`] and [`Context::quiz`].
    pub parent: Activity,
    /// The deck's language tag, `und` when it names none.
    pub language: String,
}

impl<'a> Context<'a> {
    /// A study session of the deck `id`, in a registration of its own.
    pub fn deck(
        who: Who<'a>,
        registration: Uuid,
        id: &str,
        title: &str,
        language: Option<&str>,
    ) -> Context<'a> {
        let language = language.unwrap_or("und").to_string();
        Context {
            who,
            registration,
            parent: parent(iri(&["deck", id]), MODULE, &language, title),
            language,
        }
    }

    /// A quiz attempt: at the quiz file `quiz`, or at a quiz of the deck `deck` drawn with `seed`. Its
    /// registration is derived from the attempt, so that an attempt resumed after a crash keeps it.
    pub fn quiz(
        who: Who<'a>,
        deck: &str,
        quiz: Option<&str>,
        seed: &str,
        title: &str,
        language: Option<&str>,
        started_at: DateTime<FixedOffset>,
    ) -> Context<'a> {
        let language = language.unwrap_or("und").to_string();
        let id = match quiz {
            Some(q) => iri(&["quiz", q]),
            None => iri(&["deck", deck, "quiz", seed]),
        };
        let registration = derived_id(&[
            "attempt",
            who.lrs,
            who.username,
            &id,
            &started_at.timestamp_millis().to_string(),
        ]);
        Context {
            who,
            registration,
            parent: parent(id, ASSESSMENT, &language, title),
            language,
        }
    }

    fn statement(
        &self,
        id: Uuid,
        verb: &str,
        object: Activity,
        result: Option<StatementResult>,
        at: DateTime<FixedOffset>,
    ) -> Statement {
        Statement {
            id,
            actor: self.who.agent(),
            verb: Verb {
                id: format!("http://adlnet.gov/expapi/verbs/{verb}"),
                display: language_map("en-US", verb),
            },
            object,
            result,
            context: StatementContext {
                registration: self.registration,
                context_activities: ContextActivities {
                    parent: vec![self.parent.clone()],
                    grouping: vec![parent(
                        class_iri(self.who.class),
                        COURSE,
                        "und",
                        self.who.class,
                    )],
                },
                platform: "kartka".into(),
                extensions: BTreeMap::new(),
            },
            timestamp: at.to_rfc3339_opts(SecondsFormat::Millis, false),
            version: VERSION.into(),
        }
    }
}

/// The activity naming a class, in every statement of its students: what `kartka report --lrs` and
/// `kartka class` ask the LRS for.
pub fn class_iri(class: &str) -> String {
    iri(&["class", class])
}

fn parent(id: String, kind: &str, language: &str, title: &str) -> Activity {
    Activity {
        object_type: "Activity".into(),
        id,
        definition: Definition {
            kind: kind.into(),
            name: language_map(language, title),
            ..Definition::default()
        },
    }
}

/// One answer to one item, in study or in a quiz.
#[derive(Debug, Clone)]
pub struct Answered<'a, 'd> {
    pub deck: &'a str,
    pub item: &'a Item<'d>,
    pub response: Given,
    /// Whether it was right (for a flash card: whether it was recalled, anything but Again).
    pub success: bool,
    /// 0 to 1; `None` for a flash card.
    pub score: Option<f64>,
    pub duration_ms: u64,
    pub at: DateTime<FixedOffset>,
    /// The answer's place in its study session or quiz attempt: two answers to one item are two statements
    /// even within one millisecond, and a re-rated answer keeps its statement's id.
    pub seq: usize,
    /// In study: the FSRS rating and the interval until the item is due again.
    pub schedule: Option<(Rating, chrono::Duration)>,
}

/// "answered": one answer.
pub fn answered(cx: &Context<'_>, a: &Answered<'_, '_>) -> Statement {
    let item_id = a.item.id();
    let object = Activity {
        object_type: "Activity".into(),
        id: iri(&["deck", a.deck, "item", &item_id]),
        definition: interaction::definition(a.item, &cx.language),
    };
    let mut extensions = BTreeMap::new();
    if let Some((rating, interval)) = a.schedule {
        extensions.insert(EXT_RATING.to_string(), (rating as i64).into());
        let ms = interval.num_milliseconds().max(0) as u64;
        extensions.insert(EXT_INTERVAL.to_string(), duration(ms).into());
    }
    let result = StatementResult {
        success: Some(a.success),
        score: a.score.map(|s| Score {
            scaled: s.clamp(0.0, 1.0),
            raw: s.clamp(0.0, 1.0),
            min: 0.0,
            max: 1.0,
        }),
        response: interaction::response(&a.response),
        duration: Some(duration(a.duration_ms)),
        extensions,
        ..StatementResult::default()
    };
    let at_ms = a.at.timestamp_millis().to_string();
    let id = derived_id(&[
        "answered",
        cx.who.lrs,
        cx.who.username,
        &cx.registration.to_string(),
        a.deck,
        &item_id,
        &at_ms,
        &a.seq.to_string(),
    ]);
    cx.statement(id, "answered", object, Some(result), a.at)
}

/// "attempted": a quiz attempt begun.
#[derive(Debug, Clone, Copy)]
pub struct AttemptStarted {
    pub at: DateTime<FixedOffset>,
}

pub fn attempt_started(cx: &Context<'_>, s: &AttemptStarted) -> Statement {
    let id = derived_id(&[
        "attempted",
        cx.who.lrs,
        cx.who.username,
        &cx.registration.to_string(),
    ]);
    cx.statement(id, "attempted", cx.parent.clone(), None, s.at)
}

/// "completed": a quiz attempt submitted, with its score and how it ended, carrying its results document
/// (the results file's content) so that the teacher's report read from the LRS is the report read from
/// files.
pub fn attempt_completed(cx: &Context<'_>, results: &Results) -> Statement {
    let ms = (results.finished_at - results.started_at)
        .num_milliseconds()
        .max(0) as u64;
    let scaled = if results.max_score > 0.0 {
        (results.score / results.max_score).clamp(0.0, 1.0)
    } else {
        0.0
    };
    let result = StatementResult {
        completion: Some(true),
        score: Some(Score {
            scaled,
            raw: results.score,
            min: 0.0,
            max: results.max_score,
        }),
        duration: Some(duration(ms)),
        extensions: BTreeMap::from([
            (EXT_ENDED.to_string(), results.ended.clone().into()),
            (
                EXT_RESULTS.to_string(),
                serde_json::to_value(results).unwrap_or_default(),
            ),
        ]),
        ..StatementResult::default()
    };
    let id = derived_id(&[
        "completed",
        cx.who.lrs,
        cx.who.username,
        &cx.registration.to_string(),
    ]);
    cx.statement(
        id,
        "completed",
        cx.parent.clone(),
        Some(result),
        results.finished_at,
    )
}

/// "voided": takes back a statement the LRS has, by its id (an answer the student undid). Its object is a
/// statement reference, not an activity, so it is written as JSON here rather than as a [`Statement`].
pub fn voiding(who: Who<'_>, voided: &str, at: DateTime<FixedOffset>) -> crate::store::Queued {
    let id = derived_id(&["voided", who.lrs, who.username, voided]);
    let json = serde_json::json!({
        "id": id,
        "actor": who.agent(),
        "verb": {"id": "http://adlnet.gov/expapi/verbs/voided", "display": {"en-US": "voided"}},
        "object": {"objectType": "StatementRef", "id": voided},
        "timestamp": at.to_rfc3339_opts(SecondsFormat::Millis, false),
        "version": VERSION,
    });
    crate::store::Queued {
        id: id.to_string(),
        json: json.to_string(),
    }
}

/// A new study session's registration.
pub fn session_registration() -> Uuid {
    Uuid::new_v4()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::{Body, Card, Facet};

    fn at(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(s).unwrap()
    }

    const WHO: Who<'static> = Who {
        class: "7B",
        lrs: "https://lrs.school.example/xAPI/",
        username: "7b-ann",
        student: "Ann Smith",
    };

    fn choice() -> Card {
        Card {
            id: "htp-city".into(),
            prompt: Some("Where is the HTP?".into()),
            explain: None,
            source: None,
            tags: vec!["htp".into()],
            body: Body::Choice {
                options: vec!["Minsk".into(), "Hrodna".into()],
                answer: 0,
                per_answer: Default::default(),
            },
        }
    }

    #[test]
    fn a_study_answer_is_an_answered_statement_with_its_schedule() {
        let card = choice();
        let item = Item {
            card: &card,
            facet: Facet::Main,
        };
        let registration = Uuid::from_u128(7);
        let cx = Context::deck(WHO, registration, "belarus-htp", "The HTP", Some("en"));
        let answer = Answered {
            deck: "belarus-htp",
            item: &item,
            response: Given::Options(vec![0]),
            success: true,
            score: Some(1.0),
            duration_ms: 4200,
            at: at("2026-11-22T09:00:00+03:00"),
            seq: 0,
            schedule: Some((Rating::Good, chrono::Duration::days(3))),
        };
        let s = answered(&cx, &answer);
        let json = serde_json::to_value(&s).unwrap();
        let expected = serde_json::json!({
            "id": s.id,
            "actor": {"objectType": "Agent", "name": "Ann Smith",
                      "account": {"homePage": "https://lrs.school.example/xAPI/", "name": "7b-ann"}},
            "verb": {"id": "http://adlnet.gov/expapi/verbs/answered", "display": {"en-US": "answered"}},
            "object": {"objectType": "Activity", "id": "urn:kartka:deck:belarus-htp:item:htp-city",
                       "definition": {"type": "http://adlnet.gov/expapi/activities/cmi.interaction",
                                      "name": {"en": "Where is the HTP?"}, "interactionType": "choice",
                                      "correctResponsesPattern": ["o1"],
                                      "choices": [{"id": "o1", "description": {"en": "Minsk"}},
                                                  {"id": "o2", "description": {"en": "Hrodna"}}],
                                      "extensions": {"urn:kartka:xapi:tags": ["htp"]}}},
            "result": {"success": true, "score": {"scaled": 1.0, "raw": 1.0, "min": 0.0, "max": 1.0},
                       "response": "o1", "duration": "PT4.2S",
                       "extensions": {"urn:kartka:xapi:fsrs-rating": 3, "urn:kartka:xapi:next-interval": "PT259200S"}},
            "context": {"registration": "00000000-0000-0000-0000-000000000007", "platform": "kartka",
                        "contextActivities": {"parent": [{"objectType": "Activity", "id": "urn:kartka:deck:belarus-htp",
                            "definition": {"type": "http://adlnet.gov/expapi/activities/module", "name": {"en": "The HTP"}}}],
                          "grouping": [{"objectType": "Activity", "id": "urn:kartka:class:7B",
                            "definition": {"type": "http://adlnet.gov/expapi/activities/course", "name": {"und": "7B"}}}]}},
            "timestamp": "2026-11-22T09:00:00.000+03:00",
            "version": "1.0.3"
        });
        assert_eq!(
            json,
            expected,
            "{}",
            serde_json::to_string_pretty(&json).unwrap()
        );
        // The same answer gives the same id; another moment, another.
        assert_eq!(answered(&cx, &answer).id, s.id);
        let later = Answered {
            at: at("2026-11-22T09:00:01+03:00"),
            ..answer.clone()
        };
        assert_ne!(answered(&cx, &later).id, s.id);
        let next = Answered {
            seq: 1,
            ..answer.clone()
        };
        assert_ne!(answered(&cx, &next).id, s.id);
    }

    #[test]
    fn a_quiz_attempt_keeps_its_registration_and_is_started_and_completed_once() {
        let started = at("2026-11-22T09:00:00+03:00");
        let cx = Context::quiz(
            WHO,
            "belarus-htp",
            Some("htp-test"),
            "7b",
            "HTP test",
            None,
            started,
        );
        // A resumed attempt (same start) is the same registration.
        let again = Context::quiz(
            WHO,
            "belarus-htp",
            Some("htp-test"),
            "7b",
            "HTP test",
            None,
            started,
        );
        assert_eq!(cx.registration, again.registration);
        assert_eq!(cx.parent.id, "urn:kartka:quiz:htp-test");
        assert_eq!(cx.parent.definition.kind, ASSESSMENT);
        let begun = attempt_started(&cx, &AttemptStarted { at: started });
        assert_eq!(begun.verb.id, "http://adlnet.gov/expapi/verbs/attempted");
        assert_eq!(begun.object, cx.parent);
        let results = Results {
            format_version: 2,
            kartka_version: "0.1.0".into(),
            deck: crate::quiz::results::DeckInfo {
                id: "belarus-htp".into(),
                title: "The HTP".into(),
                version: None,
                hash: "h".into(),
            },
            student: "Ann Smith".into(),
            started_at: started,
            finished_at: at("2026-11-22T09:12:30+03:00"),
            seed: "7b".into(),
            per_student: false,
            shuffled: true,
            time_limit: None,
            ended: "completed".into(),
            questions: (0..10)
                .map(|q| crate::quiz::results::QuestionResult {
                    item: format!("q{q}"),
                    kind: "multi".into(),
                    prompt: "Which?".into(),
                    options: vec!["a".into(), "b".into()],
                    tags: vec![],
                    answer: Some("a".into()),
                    expected: "a, b".into(),
                    correct: false,
                    score: 0.75,
                    seconds: 60.0,
                })
                .collect(),
            score: 7.5,
            max_score: 10.0,
            quiz: None,
        };
        let done = attempt_completed(&cx, &results);
        let result = done.result.unwrap();
        assert_eq!(result.completion, Some(true));
        assert_eq!(result.duration.as_deref(), Some("PT750S"));
        let score = result.score.unwrap();
        assert_eq!((score.scaled, score.raw, score.max), (0.75, 7.5, 10.0));
        assert_eq!(result.extensions[EXT_ENDED], "completed");
        // The results document travels whole: the teacher's report reads it back.
        let carried = result.extensions[EXT_RESULTS].to_string();
        assert_eq!(Results::parse(&carried).unwrap(), results);
        assert_ne!(begun.id, done.id);
        let other = Context::quiz(WHO, "belarus-htp", None, "7b", "HTP", None, started);
        assert_eq!(other.parent.id, "urn:kartka:deck:belarus-htp:quiz:7b");
        assert_ne!(other.registration, cx.registration);
        assert_eq!(other.language, "und");
        assert_eq!(session_registration().get_version_num(), 4);
    }
}
