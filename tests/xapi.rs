//! kartka's xAPI statements as a real LRS (Ralph, tests/support/ralph.rs) judges them: one for every card
//! kind of the example deck, a quiz attempt started and completed, all accepted as valid xAPI 1.0.3, read
//! back as sent, and stored once when sent twice.

#[allow(dead_code)]
mod support;

use chrono::DateTime;
use kartka::deck::Item;
use kartka::quiz::results::{DeckInfo, QuestionResult, Results};
use kartka::xapi::build::{
    Answered, AttemptStarted, Context, Who, answered, attempt_completed, attempt_started,
};
use support::answers::right;
use support::ralph::{Ralph, User};

#[test]
fn every_card_kind_and_a_quiz_attempt_are_valid_statements_stored_once() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/decks/example.toml"))
        .unwrap();
    let deck = kartka::deck::parse(&text).deck.unwrap();
    let ann = User::all("7b-ann", "ann's password");
    let ralph = Ralph::start(std::slice::from_ref(&ann));
    let endpoint = ralph.endpoint();
    let who = Who {
        class: "7B",
        lrs: &endpoint,
        username: "7b-ann",
        student: "Ann Smith",
    };
    let started = DateTime::parse_from_rfc3339("2026-11-22T09:00:00+03:00").unwrap();
    let cx = Context::quiz(
        who,
        &deck.id,
        None,
        "7b",
        &deck.title,
        deck.language.as_deref(),
        started,
    );
    let items: Vec<Item<'_>> = deck.items().collect();
    let mut kinds: Vec<&str> = items.iter().map(|i| i.card.kind().name()).collect();
    kinds.dedup();
    assert_eq!(kinds.len(), 9, "the example deck has every kind: {kinds:?}");
    let mut statements = vec![attempt_started(&cx, &AttemptStarted { at: started })];
    for (n, item) in items.iter().enumerate() {
        statements.push(answered(
            &cx,
            &Answered {
                deck: &deck.id,
                item,
                response: right(item),
                success: true,
                score: (!item.is_self_rated()).then_some(1.0),
                duration_ms: 1500,
                at: started + chrono::Duration::seconds(10 * (n as i64 + 1)),
                seq: n,
                schedule: None,
            },
        ));
    }
    let results = Results {
        format_version: 2,
        kartka_version: env!("CARGO_PKG_VERSION").into(),
        deck: DeckInfo {
            id: deck.id.clone(),
            title: deck.title.clone(),
            version: deck.version,
            hash: "h".into(),
        },
        student: "Ann Smith".into(),
        started_at: started,
        finished_at: started + chrono::Duration::minutes(5),
        seed: "7b".into(),
        per_student: false,
        shuffled: true,
        time_limit: None,
        ended: "completed".into(),
        questions: items
            .iter()
            .map(|item| QuestionResult {
                item: item.id(),
                kind: item.card.kind().name().into(),
                prompt: item.card.prompt.clone().unwrap_or_default(),
                options: vec![],
                tags: item.card.tags.clone(),
                answer: Some("right".into()),
                expected: "right".into(),
                correct: true,
                score: 1.0,
                seconds: 1.5,
            })
            .collect(),
        score: items.len() as f64,
        max_score: items.len() as f64,
        quiz: None,
    };
    statements.push(attempt_completed(&cx, &results));
    let body = serde_json::to_string(&statements).unwrap();
    let auth = Some((ann.username.as_str(), ann.password.as_str()));
    let sent = ralph
        .request("POST", "/xAPI/statements", auth, Some(&body))
        .unwrap();
    assert_eq!(sent.status, 200, "{}\n{}", sent.body, ralph.log());
    let again = ralph
        .request("POST", "/xAPI/statements", auth, Some(&body))
        .unwrap();
    assert_eq!(
        again.status, 204,
        "a resent batch is no error: {}",
        again.body
    );

    let stored = ralph.statements(&ann);
    assert_eq!(stored.len(), statements.len(), "each stored once");
    for s in &statements {
        let back = stored
            .iter()
            .find(|b| b["id"] == s.id.to_string())
            .unwrap_or_else(|| panic!("{} not stored", s.id));
        let sent = serde_json::to_value(s).unwrap();
        for key in ["actor", "verb", "object", "context"] {
            assert_eq!(back[key], sent[key], "{key} of {}", s.id);
        }
    }
}
