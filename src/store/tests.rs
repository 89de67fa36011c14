use fsrs::MemoryState;

use super::*;
use crate::schedule::{CardState, Rating, State};

fn at(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap()
}

#[test]
fn answers_round_trip_and_count_against_the_day() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("sub/progress.sqlite3")).unwrap();
    let now = at("2026-03-10T10:00:00+03:00");
    let mut after = CardState::new(now);
    after.state = State::Learning;
    after.memory = Some(MemoryState {
        stability: 2.3,
        difficulty: 2.1,
    });
    after.due = now + chrono::Duration::minutes(10);
    after.last_review = Some(now);
    after.reps = 1;
    let answer = Answer {
        deck: "d",
        item: "c#c1",
        at: now,
        rating: Rating::Good,
        state_before: State::New,
        response: Some("2005"),
        correct: Some(true),
        score: Some(1.0),
        duration_ms: 1200,
        after: after.clone(),
        interval: chrono::Duration::minutes(10),
        statement: Some(Queued {
            id: "s1".into(),
            json: "good".into(),
        }),
    };
    let id = store.record(&answer).unwrap();
    let mut easier = after.clone();
    easier.state = State::Review;
    easier.due = now + chrono::Duration::days(8);
    store
        .rerate(
            id,
            &Answer {
                rating: Rating::Easy,
                after: easier,
                interval: chrono::Duration::days(8),
                statement: Some(Queued {
                    id: "s1".into(),
                    json: "easy".into(),
                }),
                ..answer.clone()
            },
        )
        .unwrap();
    assert_eq!(
        store.review_count().unwrap(),
        1,
        "re-rating replaces the answer, it does not add one"
    );
    // And its statement, queued with it.
    assert_eq!(
        store.outbox(10).unwrap(),
        [Queued {
            id: "s1".into(),
            json: "easy".into()
        }]
    );
    // Sent as it was before the re-rating: the re-rated statement stays to be sent.
    store
        .outbox_sent(&[Queued {
            id: "s1".into(),
            json: "good".into(),
        }])
        .unwrap();
    assert_eq!(store.outbox_counts().unwrap().waiting, 1);
    store.outbox_reject("s1", "invalid").unwrap();
    assert_eq!(
        store.outbox_counts().unwrap(),
        OutboxCounts {
            waiting: 0,
            rejected: 1
        }
    );
    assert_eq!(
        store.outbox_rejected().unwrap(),
        [("s1".to_string(), "invalid".to_string())]
    );
    store
        .outbox_sent(&[Queued {
            id: "s1".into(),
            json: "easy".into(),
        }])
        .unwrap();
    assert_eq!(store.outbox_counts().unwrap(), OutboxCounts::default());
    assert_eq!(
        store.last_answer("d", "c#c1").unwrap(),
        Some((Rating::Easy, Some("2005".into()), 8 * 86400))
    );
    store.rerate(id, &answer).unwrap();
    let cards = store.cards("d", *now.offset()).unwrap();
    let back = &cards["c#c1"];
    assert_eq!(back.state, State::Learning);
    assert_eq!(back.due, after.due);
    assert_eq!(back.last_review, Some(now));
    assert!((back.memory.unwrap().stability - 2.3).abs() < 1e-6);
    assert_eq!(
        store
            .done_since("d", at("2026-03-10T04:00:00+03:00"))
            .unwrap(),
        (1, 0)
    );
    assert_eq!(
        store
            .done_since("d", at("2026-03-11T04:00:00+03:00"))
            .unwrap(),
        (0, 0)
    );
    assert_eq!(
        store.last_answer("d", "c#c1").unwrap(),
        Some((Rating::Good, Some("2005".into()), 600))
    );
}

#[test]
fn the_log_streams_in_insertion_order_or_in_time_order_and_only_for_the_decks_asked() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("progress.sqlite3")).unwrap();
    let logged = |deck: &str, item: &str, when: &str| LoggedReview {
        deck: deck.into(),
        item: item.into(),
        at: at(when),
        rating: Rating::Good,
        state_before: State::Review,
        duration_ms: 1000,
        interval_secs: 86_400,
    };
    // The second answer was given after the clock was set back a day.
    store
        .insert_history(&[
            logged("d", "a", "2026-03-10T12:00:00+00:00"),
            logged("d", "a", "2026-03-09T12:00:00+00:00"),
            logged("other", "x", "2026-03-08T12:00:00+00:00"),
        ])
        .unwrap();
    let read = |in_time_order| {
        let mut seen = Vec::new();
        store
            .each_review(&["d".to_string()], in_time_order, |r| {
                seen.push((r.item.to_string(), r.at_ms))
            })
            .unwrap();
        seen
    };
    let tenth = at("2026-03-10T12:00:00+00:00").timestamp_millis();
    let ninth = at("2026-03-09T12:00:00+00:00").timestamp_millis();
    assert_eq!(read(false), [("a".into(), tenth), ("a".into(), ninth)]);
    assert_eq!(read(true), [("a".into(), ninth), ("a".into(), tenth)]);
}

#[test]
fn a_store_from_a_newer_kartka_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("progress.sqlite3");
    Connection::open(&path)
        .unwrap()
        .pragma_update(None, "user_version", 99)
        .unwrap();
    let before = std::fs::read(&path).unwrap();
    let err = Store::open(&path).err().unwrap();
    assert_eq!(
        err.to_string(),
        format!(
            "{} was written by a newer kartka (store version 99; this kartka reads up to {SCHEMA_VERSION})",
            path.display()
        )
    );
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn a_version_1_store_is_migrated_keeping_its_data() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("progress.sqlite3");
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(schema::V1).unwrap();
        conn.execute_batch(
            "INSERT INTO cards (deck, item, state, step, due, reps, lapses, leech) VALUES ('d', 'c', 2, 0, 0, 3, 1, 1);
             INSERT INTO reviews (deck, item, reviewed_at, rating, state_before, duration_ms, interval_secs)
             VALUES ('d', 'c', 0, 3, 2, 1000, 86400);
             PRAGMA user_version = 1;",
        )
        .unwrap();
    }
    let store = Store::open(&path).unwrap();
    let version: i64 = store
        .conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, SCHEMA_VERSION);
    let cards = store.cards("d", FixedOffset::east_opt(0).unwrap()).unwrap();
    let c = &cards["c"];
    assert_eq!(
        (c.state, c.reps, c.lapses, c.leech, c.suspended),
        (State::Review, 3, 1, true, false)
    );
    assert_eq!(store.review_count().unwrap(), 1);
    // The running counts are filled in for the history there was: one review, a first one, passed.
    let mut quarters = Vec::new();
    store.each_quarter(&[], |q| quarters.push(*q)).unwrap();
    assert_eq!(
        quarters,
        [Quarter {
            quarter: 0,
            answers: 1,
            ms: 1000,
            retention: [(1, 1), (0, 0)],
        }]
    );
}

/// A store that cannot grow (as on a full disk) refuses the answer with a clear error, rolls it back,
/// and keeps everything saved before.
#[test]
fn a_full_disk_is_a_clear_error_and_the_store_stays_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("progress.sqlite3");
    let mut store = Store::open(&path).unwrap();
    let now = at("2026-03-10T10:00:00+03:00");
    let after = CardState::new(now);
    let long = "x".repeat(2000);
    let answer = |item: &'static str| Answer {
        deck: "d",
        item,
        at: now,
        rating: Rating::Good,
        state_before: State::New,
        response: Some(&long),
        correct: Some(true),
        score: Some(1.0),
        duration_ms: 0,
        after: after.clone(),
        interval: chrono::Duration::minutes(10),
        statement: None,
    };
    store.record(&answer("a")).unwrap();
    let pages: i64 = store
        .conn
        .query_row("PRAGMA page_count", [], |r| r.get(0))
        .unwrap();
    store
        .conn
        .pragma_update(None, "max_page_count", pages)
        .unwrap();
    let mut saved = 1;
    let err = loop {
        match store.record(&answer("b")) {
            Ok(_) => saved += 1,
            Err(e) => break e,
        }
        assert!(saved < 1000, "the store never filled up");
    };
    assert_eq!(
        err.to_string(),
        format!("the disk is full: `{}` cannot grow", path.display())
    );
    assert_eq!(store.review_count().unwrap(), saved);
    let ok: String = store
        .conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
}

#[test]
fn a_read_only_store_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("progress.sqlite3");
    let mut store = Store::open(&path).unwrap();
    // What a read-only file system does to writes, without needing one.
    store.conn.pragma_update(None, "query_only", true).unwrap();
    let now = at("2026-03-10T10:00:00+03:00");
    let err = store
        .set_suspended("d", &["c".into()], true, now)
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "cannot write the progress store `{}`: it or its folder is read-only",
            path.display()
        )
    );
    assert_eq!(
        err.help().unwrap(),
        "set KARTKA_HOME to a directory you can write to, or fix the permissions; nothing was changed"
    );
}

#[cfg(unix)]
#[test]
fn a_new_store_is_readable_by_its_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("progress.sqlite3");
    Store::open(&path).unwrap();
    assert_eq!(
        std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
        0o600
    );
}

#[test]
fn a_history_is_imported_whole_and_never_over_answers_given_here() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("progress.sqlite3")).unwrap();
    let first = at("2026-03-01T09:00:00+00:00");
    let mut state = CardState::new(first);
    state.state = State::Review;
    state.reps = 1;
    state.due = first + chrono::Duration::days(3);
    state.last_review = Some(first);
    let review = LoggedReview {
        deck: "d".into(),
        item: "a".into(),
        at: first,
        rating: Rating::Good,
        state_before: State::New,
        duration_ms: 4000,
        interval_secs: 3 * 86_400,
    };
    let states = [("a".to_string(), state.clone())];
    // Suspended here before it was ever studied: the import keeps it suspended.
    store
        .set_suspended("d", &["a".to_string()], true, first)
        .unwrap();
    store
        .import_history("d", &states, std::slice::from_ref(&review))
        .unwrap()
        .unwrap();
    let mut kept = state.clone();
    kept.suspended = true;
    assert_eq!(store.card("d", "a", *first.offset()).unwrap(), Some(kept));
    assert_eq!(store.review_count().unwrap(), 1);
    // Imported again (or after studying the card here), nothing is written.
    assert_eq!(
        store.import_history("d", &states, &[review]).unwrap(),
        Err(NotImported::AlreadyStudied {
            deck: "d".into(),
            count: 1,
            first: "a".into(),
        })
    );
    assert_eq!(store.review_count().unwrap(), 1);
}

/// Session A answers a card Again, session B reads that state (its own save was stale), A re-rates to
/// Good, and B saves an answer computed from the Again it read: the re-rating changed neither the state
/// nor the count, so B's answer passed as current and the card kept a lapse its log no longer had
/// (reliability's concurrent test failed 5 runs in 180 with three at once). It is stale now.
#[test]
fn an_answer_computed_from_a_state_re_rated_since_is_stale() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("progress.sqlite3")).unwrap();
    let day = at("2026-03-10T09:00:00+03:00");
    let mut studied = CardState::new(day);
    studied.state = State::Review;
    studied.reps = 1;
    studied.due = day;
    let mut again = studied.clone();
    again.reps = 2;
    again.lapses = 1;
    again.due = day + chrono::Duration::days(1);
    let mut good = studied.clone();
    good.reps = 2;
    good.due = day + chrono::Duration::days(3);
    let answer = |rating, after: &CardState| Answer {
        deck: "d",
        item: "c",
        at: day,
        rating,
        state_before: State::Review,
        response: Some("x"),
        correct: Some(false),
        score: Some(0.0),
        duration_ms: 1000,
        after: after.clone(),
        interval: after.due - day,
        statement: None,
    };
    store
        .insert_states("d", &[("c".to_string(), studied.clone())])
        .unwrap();
    let Saved::Logged(id) = store
        .record_if(&answer(Rating::Again, &again), Expected::of(&studied))
        .unwrap()
    else {
        panic!("A's answer is current")
    };
    // B read A's Again; A re-rates to Good.
    let read_by_b = store.card("d", "c", *day.offset()).unwrap().unwrap();
    assert!(matches!(
        store
            .rerate_if(id, &answer(Rating::Good, &good), Expected::of(&again))
            .unwrap(),
        Saved::Logged(_)
    ));
    let mut b_after = read_by_b.clone();
    b_after.reps = 3;
    b_after.lapses = 2;
    assert!(matches!(
        store
            .record_if(&answer(Rating::Again, &b_after), Expected::of(&read_by_b))
            .unwrap(),
        Saved::Stale(now) if now.lapses == 0 && now.reps == 2
    ));
}
