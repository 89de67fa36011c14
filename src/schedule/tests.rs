use super::*;

fn at(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap()
}

fn no_fuzz() -> Scheduler {
    Scheduler::new(Settings {
        fuzz: false,
        ..Settings::default()
    })
    .unwrap()
}

/// Answers each rating when the card is due and returns the intervals in whole days (floored, as
/// py-fsrs's test measures `(due - review_time).days`).
fn intervals(scheduler: &Scheduler, ratings: &[Rating]) -> Vec<i64> {
    let mut now = at("2022-11-29T12:30:00+00:00");
    let mut card = CardState::new(now);
    let mut out = Vec::new();
    for &rating in ratings {
        let o = scheduler.review(&card, rating, "deck/card", now).unwrap();
        out.push(o.interval.num_days());
        card = o.card;
        now = card.due;
    }
    out
}

#[test]
fn matches_the_py_fsrs_reference_sequence() {
    use Rating::*;
    let ratings = [
        Good, Good, Good, Good, Good, Good, Again, Again, Good, Good, Good, Good, Good,
    ];
    assert_eq!(
        intervals(&no_fuzz(), &ratings),
        [0, 2, 11, 46, 163, 498, 0, 0, 2, 4, 7, 12, 21]
    );
}

#[test]
fn easy_from_new_graduates_at_once_and_again_restarts_the_steps() {
    use Rating::*;
    let s = no_fuzz();
    assert_eq!(intervals(&s, &[Easy]), [8]);
    // Again on the second step sends the card back to the first; the lower stability graduates it at 1 day.
    assert_eq!(intervals(&s, &[Good, Again, Good, Good]), [0, 0, 0, 1]);
    // Hard on the first step waits halfway between the first two steps: 5.5 minutes.
    let now = at("2026-01-01T10:00:00+00:00");
    let o = s.review(&CardState::new(now), Hard, "k", now).unwrap();
    assert_eq!(o.interval, Duration::seconds(330));
    assert_eq!(o.card.state, State::Learning);
}

/// Anki's rules where py-fsrs's differ (pinned step by step against Anki in tests/study/anki_parity.rs).
#[test]
fn easy_in_learning_hard_on_a_single_long_step_and_stored_memory_are_anki_s() {
    use Rating::*;
    // Easy while learning is at least Good's interval + 1 day.
    assert_eq!(
        intervals(&no_fuzz(), &[Again, Easy, Good, Good]),
        [0, 2, 4, 14]
    );
    // Hard on a single 3-day step: the step + 1 day, not 1.5 times it.
    let s = Scheduler::new(Settings {
        fuzz: false,
        learning_steps: vec![Duration::days(3)],
        ..Settings::default()
    })
    .unwrap();
    let now = at("2026-01-01T10:00:00+00:00");
    let o = s.review(&CardState::new(now), Hard, "k", now).unwrap();
    assert_eq!(o.interval, Duration::days(4));
    // Memory is kept as Anki stores it: stability to 4 decimals, difficulty to 3.
    let memory = o.card.memory.unwrap();
    assert_eq!(memory, stored(memory));
    assert_eq!((memory.stability, memory.difficulty), (1.2931, 5.112));
}

#[test]
fn learning_steps_are_fuzzed_in_the_due_date_not_the_interval_shown() {
    let s = Scheduler::new(Settings::default()).unwrap();
    let now = at("2026-01-01T10:00:00+00:00");
    let dues: std::collections::HashSet<i64> = (0..30)
        .map(|i| {
            let o = s
                .review(&CardState::new(now), Rating::Good, &format!("k{i}"), now)
                .unwrap();
            assert_eq!(o.interval, Duration::minutes(10));
            (o.card.due - now).num_seconds()
        })
        .collect();
    assert!(dues.iter().all(|d| (600..750).contains(d)), "{dues:?}");
    assert!(dues.len() > 10, "{dues:?}");
}

#[test]
fn steps_of_a_new_card() {
    let s = no_fuzz();
    let now = at("2026-01-01T10:00:00+00:00");
    let [again, hard, good, easy] = s.preview(&CardState::new(now), "k", now).unwrap();
    assert_eq!(
        [again.interval, hard.interval, good.interval, easy.interval],
        [
            Duration::minutes(1),
            Duration::seconds(330),
            Duration::minutes(10),
            Duration::days(8)
        ]
    );
    assert_eq!(good.card.state, State::Learning);
    assert_eq!(easy.card.state, State::Review);
}

#[test]
fn review_intervals_are_strictly_ordered() {
    use Rating::*;
    let s = no_fuzz();
    let mut now = at("2026-01-01T10:00:00+00:00");
    let mut card = CardState::new(now);
    for rating in [Good, Good, Good, Hard, Good, Easy, Good] {
        let [_, hard, good, easy] = s.preview(&card, "k", now).unwrap();
        if card.state == State::Review {
            assert!(
                hard.interval < good.interval && good.interval < easy.interval,
                "{hard:?} {good:?} {easy:?}"
            );
        }
        card = s.review(&card, rating, "k", now).unwrap().card;
        now = card.due;
    }
}

#[test]
fn lapses_relearn_and_eight_make_a_leech() {
    use Rating::*;
    let s = no_fuzz();
    let mut now = at("2026-01-01T10:00:00+00:00");
    let mut card = CardState::new(now);
    let mut leech_at = None;
    for round in 1..=9 {
        for rating in [Good, Good, Again] {
            let o = s.review(&card, rating, "k", now).unwrap();
            if o.became_leech {
                leech_at = Some(round);
            }
            card = o.card;
            now = card.due;
        }
        assert_eq!(card.state, State::Relearning);
        assert_eq!(card.lapses, round);
    }
    assert_eq!(leech_at, Some(8));
    assert!(card.leech);
}

#[test]
fn the_maximum_interval_caps_reviews() {
    use Rating::*;
    let s = Scheduler::new(Settings {
        fuzz: false,
        maximum_interval: 30,
        ..Settings::default()
    })
    .unwrap();
    assert_eq!(
        intervals(&s, &[Good, Good, Good, Good, Easy]),
        [0, 2, 11, 30, 30]
    );
}

#[test]
fn days_roll_over_at_the_configured_hour() {
    let day = |s| study_day(at(s), 4).to_string();
    assert_eq!(day("2026-03-10T03:59:00+03:00"), "2026-03-09");
    assert_eq!(day("2026-03-10T04:00:00+03:00"), "2026-03-10");
    assert_eq!(day("2026-03-10T23:59:00+03:00"), "2026-03-10");
}

#[test]
fn a_review_the_next_morning_counts_one_day_after_a_late_review() {
    let s = no_fuzz();
    let mut card = CardState::new(at("2026-03-10T23:00:00+00:00"));
    card.last_review = Some(at("2026-03-10T23:00:00+00:00"));
    assert_eq!(s.elapsed_days(&card, at("2026-03-11T03:00:00+00:00")), 0);
    assert_eq!(s.elapsed_days(&card, at("2026-03-11T05:00:00+00:00")), 1);
}

/// Settings made in code are not checked as config.toml's are: too long, they are cut, never a panic.
#[test]
fn steps_and_intervals_too_long_for_a_date_are_cut_not_a_panic() {
    let s = Scheduler::new(Settings {
        learning_steps: vec![Duration::days(100_000_000), Duration::days(200_000_000)],
        relearning_steps: vec![Duration::days(100_000_000)],
        maximum_interval: u32::MAX,
        ..Settings::default()
    })
    .unwrap();
    let now = at("2026-01-01T10:00:00+00:00");
    let outcomes = s.preview(&CardState::new(now), "k", now).unwrap();
    for o in &outcomes {
        assert!(o.interval <= Duration::days(MAX_DAYS), "{:?}", o.interval);
    }
    assert_eq!(outcomes[0].card.due, now + Duration::days(MAX_DAYS));
    // At the end of time, a card is due at once.
    let last = DateTime::<chrono::Utc>::MAX_UTC.fixed_offset();
    let o = s
        .review(&CardState::new(last), Rating::Good, "k", last)
        .unwrap();
    assert_eq!(o.card.due, last);
}

#[test]
fn ratings_parse() {
    assert_eq!(Rating::parse("3"), Some(Rating::Good));
    assert_eq!(Rating::parse(" Again "), Some(Rating::Again));
    assert_eq!(Rating::parse("e"), Some(Rating::Easy));
    assert_eq!(Rating::parse("5"), None);
    assert_eq!(Rating::parse(""), None);
}
