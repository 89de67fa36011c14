//! The statements of a submitted quiz attempt: attempted, each answer given, completed. They are made when
//! the attempt is submitted, from its results, because until then a student may go back and change any
//! answer: the teacher receives the answers that were graded.

use super::Statement;
use super::build::{
    Answered, AttemptStarted, Context, Who, answered, attempt_completed, attempt_started,
};
use crate::deck::Deck;
use crate::grade::Given;
use crate::quiz::Drawn;
use crate::quiz::results::Results;

/// Every statement recording `results`, an attempt at the questions `drawn` from `deck`.
pub fn attempt(
    who: Who<'_>,
    deck: &Deck,
    drawn: &[Drawn<'_>],
    results: &Results,
) -> Vec<Statement> {
    let quiz = results.quiz.as_ref();
    let cx = Context::quiz(
        who,
        &deck.id,
        quiz.map(|q| q.id.as_str()),
        &results.seed,
        quiz.map_or(deck.title.as_str(), |q| q.title.as_str()),
        deck.language.as_deref(),
        results.started_at,
    );
    let mut out = vec![attempt_started(
        &cx,
        &AttemptStarted {
            at: results.started_at,
        },
    )];
    for (seq, (d, q)) in drawn.iter().zip(&results.questions).enumerate() {
        let Some(text) = &q.answer else {
            continue;
        };
        let response = Given::read(&d.item, &d.layout, text)
            .unwrap_or_else(|| Given::Typed(vec![text.clone()]));
        out.push(answered(
            &cx,
            &Answered {
                deck: &deck.id,
                item: &d.item,
                response,
                success: q.correct,
                score: Some(q.score),
                duration_ms: (q.seconds.max(0.0) * 1000.0) as u64,
                at: results.finished_at,
                seq,
                schedule: None,
            },
        ));
    }
    out.push(attempt_completed(&cx, results));
    out
}
