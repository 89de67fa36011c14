//! docs/class.md shows what kartka sends to a class's LRS: a statement for each card kind of the example
//! deck, and a quiz attempt begun and submitted. Those examples are not written by hand: this test builds
//! each with kartka's own code (a fixed student, moment and registration) and checks that the section of
//! docs/class.md between its `<!-- statements -->` markers is exactly what it builds, so that the docs cannot
//! drift from what is sent. When they differ it prints the section as it should be; `KARTKA_UPDATE_DOCS=1`
//! writes it into docs/class.md.

#[allow(dead_code)]
mod support;

use chrono::{DateTime, Duration, FixedOffset};
use kartka::deck::{Deck, Item};
use kartka::quiz::file::Grading;
use kartka::quiz::results::{DeckInfo, QuestionResult, QuizInfo, Results};
use kartka::schedule::Rating;
use kartka::xapi::build::{
    Answered, AttemptStarted, Context, Who, answered, attempt_completed, attempt_started,
};
use kartka::xapi::{EXT_RESULTS, Statement};
use serde_json::Value;
use support::answers::right;
use uuid::Uuid;

const DOC: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/class.md");
const BEGIN: &str = "<!-- statements: written by tests/xapi_docs.rs (KARTKA_UPDATE_DOCS=1 cargo test --test xapi_docs) -->\n";
const END: &str = "<!-- /statements -->\n";

/// What stands in for the ids that change from statement to statement and session to session.
const STATEMENT_ID: &str = "(a UUID v5 derived from what the statement records)";
const SESSION: &str = "(the study session's UUID, random)";
const ATTEMPT: &str =
    "(the attempt's UUID, derived from the account, the quiz and the moment it began)";
const RESULTS: &str = "(the attempt's results document, as the student's results file holds it)";

const WHO: Who<'static> = Who {
    class: "7B",
    lrs: "https://lrs.school.example/xAPI/",
    username: "7b-ann",
    student: "Ann Smith",
};

fn at(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap()
}

/// A statement as the docs show it: its id and registration replaced by what they are.
fn shown(s: &Statement, registration: &str) -> Value {
    let mut v = serde_json::to_value(s).unwrap();
    v["id"] = STATEMENT_ID.into();
    v["context"]["registration"] = registration.into();
    if let Some(results) = v.pointer_mut(&format!("/result/extensions/{EXT_RESULTS}")) {
        *results = RESULTS.into();
    }
    v
}

/// The order keys are shown in: kartka's own (its types' field order), as serde_json's `Value` sorts them.
const KEY_ORDER: [&str; 36] = [
    "objectType",
    "id",
    "actor",
    "verb",
    "object",
    "result",
    "context",
    "timestamp",
    "version",
    "homePage",
    "type",
    "name",
    "account",
    "display",
    "description",
    "definition",
    "interactionType",
    "correctResponsesPattern",
    "choices",
    "source",
    "target",
    "success",
    "completion",
    "score",
    "scaled",
    "raw",
    "min",
    "max",
    "response",
    "duration",
    "registration",
    "contextActivities",
    "parent",
    "grouping",
    "platform",
    "extensions",
];

fn members(map: &serde_json::Map<String, Value>) -> Vec<(&String, &Value)> {
    let mut out: Vec<(&String, &Value)> = map.iter().collect();
    out.sort_by_key(|(k, _)| {
        KEY_ORDER
            .iter()
            .position(|o| o == k)
            .unwrap_or(KEY_ORDER.len())
    });
    out
}

/// JSON laid out for reading: an object or list on one line when it fits in `WIDTH` from `column`, else one
/// member a line, indented by `indent`.
fn layout(v: &Value, indent: usize, column: usize, out: &mut String) {
    const WIDTH: usize = 100;
    let one_line = inline(v);
    if column + one_line.len() <= WIDTH || !matches!(v, Value::Object(_) | Value::Array(_)) {
        out.push_str(&one_line);
        return;
    }
    let pad = " ".repeat(indent + 2);
    let (open, close, members): (char, char, Vec<(Option<&String>, &Value)>) = match v {
        Value::Object(map) => (
            '{',
            '}',
            members(map)
                .into_iter()
                .map(|(k, v)| (Some(k), v))
                .collect(),
        ),
        Value::Array(list) => ('[', ']', list.iter().map(|v| (None, v)).collect()),
        _ => unreachable!(),
    };
    out.push(open);
    out.push('\n');
    for (i, (key, value)) in members.iter().enumerate() {
        out.push_str(&pad);
        let mut column = indent + 2;
        if let Some(k) = key {
            let k = format!("{}: ", Value::from(k.as_str()));
            column += k.len();
            out.push_str(&k);
        }
        layout(value, indent + 2, column, out);
        if i + 1 < members.len() {
            out.push(',');
        }
        out.push('\n');
    }
    out.push_str(&" ".repeat(indent));
    out.push(close);
}

/// `v` on one line, with a space after each `:` and `,`.
fn inline(v: &Value) -> String {
    match v {
        Value::Object(map) => format!(
            "{{{}}}",
            members(map)
                .iter()
                .map(|(k, v)| format!("{}: {}", Value::from(k.as_str()), inline(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Value::Array(list) => format!(
            "[{}]",
            list.iter().map(inline).collect::<Vec<_>>().join(", ")
        ),
        other => other.to_string(),
    }
}

fn block(v: &Value) -> String {
    let mut out = String::from("```json\n");
    layout(v, 0, 0, &mut out);
    out.push_str("\n```\n");
    out
}

fn example_deck() -> Deck {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/decks/example.toml"))
        .unwrap();
    kartka::deck::parse(&text).deck.unwrap()
}

/// The section of docs/class.md between the markers, as kartka's code makes it.
fn section() -> String {
    let deck = example_deck();
    let items: Vec<Item<'_>> = deck.items().collect();
    let registration = Uuid::from_u128(1);
    let cx = Context::deck(
        WHO,
        registration,
        &deck.id,
        &deck.title,
        deck.language.as_deref(),
    );
    let start = at("2026-11-22T18:00:00.000+03:00");
    // One study answer to each item, each right and rated Good, due again in 3 days.
    let study: Vec<(&Item<'_>, Statement)> = items
        .iter()
        .enumerate()
        .map(|(n, item)| {
            let s = answered(
                &cx,
                &Answered {
                    deck: &deck.id,
                    item,
                    response: right(item),
                    success: true,
                    score: (!item.is_self_rated()).then_some(1.0),
                    duration_ms: 4200,
                    at: start + Duration::seconds(10 * n as i64),
                    seq: n,
                    schedule: Some((Rating::Good, Duration::days(3))),
                },
            );
            (item, s)
        })
        .collect();

    let mut out = String::new();
    let choice = study
        .iter()
        .find(|(i, _)| i.card.kind().name() == "choice")
        .expect("the example deck has a choice card");
    out.push_str(&format!(
        "A study answer to the example deck's `choice` card (`kartka study example`), whole:\n\n{}",
        block(&shown(&choice.1, SESSION))
    ));
    out.push_str(
        "\nThe other kinds differ in their `object` and `result` only: here the first item of each kind in the \
         example deck, answered right in study.\n",
    );
    let mut seen = Vec::new();
    for (item, s) in &study {
        let kind = item.card.kind().name();
        if seen.contains(&kind) {
            continue;
        }
        seen.push(kind);
        if kind == "choice" {
            continue;
        }
        let v = shown(s, SESSION);
        let part = serde_json::json!({"object": v["object"], "result": v["result"]});
        out.push_str(&format!(
            "\n`{kind}` (`{}`):\n\n{}",
            item.id(),
            block(&part)
        ));
    }
    assert_eq!(seen.len(), 9, "the example deck has every kind: {seen:?}");

    // A quiz file's attempt at the example deck: begun, then submitted after 5 minutes.
    let started = at("2026-11-23T09:00:00.000+03:00");
    let quiz = Context::quiz(
        WHO,
        &deck.id,
        Some("example-test"),
        "7b",
        "Example test",
        deck.language.as_deref(),
        started,
    );
    let begun = attempt_started(&quiz, &AttemptStarted { at: started });
    let questions: Vec<QuestionResult> = items
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
            seconds: 20.0,
        })
        .collect();
    let results = Results {
        format_version: 2,
        kartka_version: "0.1.0".into(),
        deck: DeckInfo {
            id: deck.id.clone(),
            title: deck.title.clone(),
            version: deck.version,
            hash: "h".into(),
        },
        student: WHO.student.into(),
        started_at: started,
        finished_at: started + Duration::minutes(5),
        seed: "7b".into(),
        per_student: false,
        shuffled: true,
        time_limit: None,
        ended: "completed".into(),
        score: questions.len() as f64 * 0.75,
        max_score: questions.len() as f64,
        questions,
        quiz: Some(QuizInfo {
            id: "example-test".into(),
            title: "Example test".into(),
            attempt: 1,
            attempts_allowed: 2,
            grading: Grading::Best,
        }),
    };
    let done = attempt_completed(&quiz, &results);
    out.push_str(&format!(
        "\nA quiz attempt at the quiz file `example-test`, begun:\n\n{}",
        block(&shown(&begun, ATTEMPT))
    ));
    out.push_str(&format!(
        "\nand submitted five minutes later with {} points of {} (the attempt's answers, sent between the two, \
         are `answered` statements as above whose parent is the quiz, with no FSRS extensions):\n\n{}",
        results.score,
        results.max_score,
        block(&shown(&done, ATTEMPT))
    ));
    out
}

#[test]
fn the_statements_in_docs_class_md_are_what_kartka_sends() {
    let expected = section();
    let doc = std::fs::read_to_string(DOC).unwrap();
    let (before, rest) = doc
        .split_once(BEGIN)
        .unwrap_or_else(|| panic!("docs/class.md lacks the line {BEGIN:?}"));
    let (current, after) = rest
        .split_once(END)
        .unwrap_or_else(|| panic!("docs/class.md lacks the line {END:?} after {BEGIN:?}"));
    let current = current.strip_prefix('\n').unwrap_or(current);
    let current = current.strip_suffix('\n').unwrap_or(current);
    if current == expected {
        return;
    }
    if std::env::var_os("KARTKA_UPDATE_DOCS").is_some() {
        std::fs::write(DOC, format!("{before}{BEGIN}\n{expected}\n{END}{after}")).unwrap();
        return;
    }
    let first = current
        .lines()
        .zip(expected.lines())
        .position(|(a, b)| a != b)
        .unwrap_or(current.lines().count().min(expected.lines().count()));
    panic!(
        "docs/class.md's example statements are not what kartka sends (first difference in line {} of the \
         section). Between {BEGIN:?} and {END:?} it should hold (or run with KARTKA_UPDATE_DOCS=1 to write \
         it):\n\n{expected}",
        first + 1
    );
}

#[test]
fn the_layout_is_json() {
    // What the docs show parses back to the statement (the placeholders aside).
    let v = serde_json::json!({"a": [1, 2, {"b": "x".repeat(120)}], "c": {"d": null}});
    let text = block(&v);
    let inner = text
        .trim_start_matches("```json\n")
        .trim_end_matches("\n```\n");
    assert_eq!(serde_json::from_str::<Value>(inner).unwrap(), v);
}
