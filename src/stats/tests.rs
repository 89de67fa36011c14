//! The statistics worked out by hand for small histories.

use fsrs::MemoryState;

use super::*;
use crate::deck::parse;
use crate::schedule::Rating;
use crate::store::LoggedReview;

fn at(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap()
}

/// A whole log at once, in the order given.
fn tally(reviews: &[LoggedReview], now: DateTime<FixedOffset>, rollover_hour: u32) -> ReviewTally {
    let mut tally = ReviewTally::new(now, rollover_hour);
    for r in reviews {
        tally.add(&crate::store::LogRow {
            deck: &r.deck,
            item: &r.item,
            at_ms: r.at.timestamp_millis(),
            rating: r.rating,
            state_before: r.state_before,
            duration_ms: r.duration_ms,
            interval_secs: r.interval_secs,
        });
    }
    tally
}

fn deck() -> Outline {
    let mut text = String::from("[deck]\nid = \"d\"\ntitle = \"D\"\n");
    for (id, tag) in [
        ("a", "dates"),
        ("b", "dates"),
        ("c", "people"),
        ("d", "people"),
    ] {
        text.push_str(&format!(
            "[[cards]]\nid = \"{id}\"\nkind = \"truefalse\"\nprompt = \"Is {id} true?\"\nanswer = true\nexplain = \"e\"\ntags = [\"{tag}\"]\n"
        ));
    }
    Outline::of(&parse(&text).deck.unwrap())
}

fn card(state: State, last: &str, due: &str, stability: f32, lapses: u32) -> CardState {
    CardState {
        state,
        step: 0,
        memory: Some(MemoryState {
            stability,
            difficulty: 5.0,
        }),
        due: at(due),
        last_review: Some(at(last)),
        reps: 1,
        lapses,
        leech: false,
        suspended: false,
    }
}

fn review(
    when: &str,
    item: &str,
    rating: Rating,
    before: State,
    interval_days: f64,
) -> LoggedReview {
    LoggedReview {
        deck: "d".into(),
        item: item.into(),
        at: at(when),
        rating,
        state_before: before,
        duration_ms: 5000,
        interval_secs: (interval_days * 86_400.0) as i64,
    }
}

/// A small history worked out by hand (the retrievabilities with FSRS-6's default decay, 0.1542):
/// a is mature (interval 30 days, reviewed 9 days ago, stability 30: R 0.9610), b young with two
/// lapses (interval 4, reviewed 2 days ago, stability 4: R 0.9403), c in learning (R 1), d new.
#[test]
fn figures_of_a_hand_worked_history() {
    let d = deck();
    let now = at("2026-03-10T12:00:00+00:00");
    let in_deck: HashMap<String, CardState> = [
        (
            "a",
            card(
                State::Review,
                "2026-03-01T12:00:00+00:00",
                "2026-03-31T12:00:00+00:00",
                30.0,
                0,
            ),
        ),
        (
            "b",
            card(
                State::Review,
                "2026-03-08T12:00:00+00:00",
                "2026-03-12T12:00:00+00:00",
                4.0,
                2,
            ),
        ),
        (
            "c",
            card(
                State::Learning,
                "2026-03-10T11:00:00+00:00",
                "2026-03-10T11:10:00+00:00",
                0.5,
                0,
            ),
        ),
    ]
    .into_iter()
    .map(|(id, c)| (id.to_string(), c))
    .collect();
    let cards = HashMap::from([("d".to_string(), in_deck)]);
    use Rating::*;
    let reviews = [
        review("2026-02-01T12:00:00+00:00", "a", Good, State::New, 29.0),
        review("2026-03-01T12:00:00+00:00", "a", Good, State::Review, 30.0),
        review("2026-03-04T12:00:00+00:00", "b", Good, State::New, 4.0),
        review(
            "2026-03-08T12:00:00+00:00",
            "b",
            Again,
            State::Review,
            0.007,
        ),
        review(
            "2026-03-08T12:05:00+00:00",
            "b",
            Good,
            State::Relearning,
            4.0,
        ),
        // A second review of b the same day: not counted for true retention.
        review("2026-03-08T13:00:00+00:00", "b", Hard, State::Review, 4.0),
        review("2026-03-10T11:00:00+00:00", "c", Good, State::New, 0.007),
    ];
    let decks = [&d];
    // Answers right and answers in 30 days, as the store counts them: a 1 of 1, b 2 of 3, c 1 of 1.
    let recent = HashMap::from([(
        "d".to_string(),
        HashMap::from([
            ("a".to_string(), (1, 1)),
            ("b".to_string(), (2, 3)),
            ("c".to_string(), (1, 1)),
        ]),
    )]);
    let stats = compute(&Input {
        decks: &decks,
        cards: &cards,
        reviews: &tally(&reviews, now, 4),
        now,
        rollover_hour: 4,
        decay: fsrs::FSRS6_DEFAULT_DECAY,
        recent: &recent,
        practice: (0, 0),
    });
    assert_eq!(
        stats.cards,
        Counts {
            cards: 4,
            total: 4,
            new: 1,
            learning: 1,
            young: 1,
            mature: 1,
            suspended: 0,
            leeches: 0
        }
    );
    assert_eq!(stats.due_today, 1, "c, in learning");
    let mut forecast = vec![0; 30];
    forecast[1] = 1; // b on the 12th
    forecast[20] = 1; // a on the 31st
    assert_eq!(stats.forecast, forecast);
    let busy: Vec<(String, usize)> = stats
        .history
        .iter()
        .filter(|d| d.reviews > 0)
        .map(|d| (d.day.to_string(), d.reviews))
        .collect();
    assert_eq!(
        busy,
        [
            ("2026-02-01".into(), 1),
            ("2026-03-01".into(), 1),
            ("2026-03-04".into(), 1),
            ("2026-03-08".into(), 3),
            ("2026-03-10".into(), 1)
        ]
    );
    assert_eq!(stats.history.len(), 90);
    assert_eq!(
        stats.streak,
        Streak {
            current: 1,
            longest: 1
        }
    );
    assert_eq!(
        stats.time,
        TimeSpent {
            today_secs: 5,
            last_30_days_secs: 30,
            total_secs: 35
        }
    );
    // a's review on the 1st was mature (its interval was 29 days) and passed; b's first review on the
    // 8th was young and failed.
    let r = |days: i64| {
        stats
            .retention
            .iter()
            .find(|r| r.days == days)
            .unwrap()
            .clone()
    };
    assert_eq!(
        (r(7).young.passed, r(7).young.total, r(7).young.rate),
        (0, 1, Some(0.0))
    );
    assert_eq!((r(7).mature.total, r(7).mature.rate), (0, None));
    assert_eq!(
        (r(30).mature.passed, r(30).mature.total, r(30).mature.rate),
        (1, 1, Some(1.0))
    );
    assert_eq!((r(365).young, r(365).mature), (r(30).young, r(30).mature));
    let avg = stats.average_retrievability.unwrap();
    assert!((avg - 0.96712).abs() < 1e-4, "{avg}");
    assert_eq!(stats.hardest.len(), 1);
    assert_eq!(
        (
            stats.hardest[0].item.as_str(),
            stats.hardest[0].question.as_str(),
            stats.hardest[0].lapses
        ),
        ("b", "Is b true?", 2)
    );
    let tags: Vec<(String, usize, usize, i64, usize, usize)> = stats
        .tags
        .iter()
        .map(|t| {
            (
                t.tag.clone(),
                t.items,
                t.studied,
                (t.predicted_recall * 100.0).round() as i64,
                t.right_30_days,
                t.answers_30_days,
            )
        })
        .collect();
    assert_eq!(
        tags,
        [
            ("dates".into(), 2, 2, 9507, 3, 4),
            ("people".into(), 2, 1, 5000, 1, 1)
        ]
    );
    let text = chart::render(&stats, true);
    assert!(
        text.starts_with("Questions: 4 from 4 cards · 1 new"),
        "{text}"
    );
    assert!(
        text.contains("\nHardest cards\n  Is b true?  d/b  2 lapses  recall now 94%\n"),
        "{text}"
    );
    assert!(
        text.contains(
            "\nBy tag   recall predicted now              right answers, last 30 days\n  \
             dates  ██████████  95% (2 of 2 studied)  75% (3 of 4)\n  \
             people █████░░░░░  50% (1 of 2 studied)  100% (1 of 1)\n"
        ),
        "{text}"
    );
}

/// The store hands the log over in insertion order: cards interleave and the log as a whole may go
/// back in time, which changes no figure, while one card going back is caught so the caller can
/// tally again in time order.
#[test]
fn the_order_of_the_log_matters_only_within_a_card() {
    use Rating::*;
    let now = at("2026-03-10T12:00:00+00:00");
    let a1 = review("2026-02-01T12:00:00+00:00", "a", Good, State::New, 29.0);
    let a2 = review("2026-03-01T12:00:00+00:00", "a", Good, State::Review, 30.0);
    let b1 = review("2026-03-04T12:00:00+00:00", "b", Good, State::New, 4.0);
    let b2 = review("2026-03-08T12:00:00+00:00", "b", Again, State::Review, 1.0);
    let d = deck();
    let decks = [&d];
    let stats_of = |tally: &ReviewTally| {
        compute(&Input {
            decks: &decks,
            cards: &HashMap::new(),
            reviews: tally,
            now,
            rollover_hour: 4,
            decay: fsrs::FSRS6_DEFAULT_DECAY,
            recent: &HashMap::new(),
            practice: (0, 0),
        })
    };
    let in_time = tally(&[a1.clone(), a2.clone(), b1.clone(), b2.clone()], now, 4);
    let by_card = tally(&[b1.clone(), b2.clone(), a1.clone(), a2.clone()], now, 4);
    assert!(!in_time.out_of_order() && !by_card.out_of_order());
    assert_eq!(stats_of(&in_time), stats_of(&by_card));
    assert_eq!(stats_of(&in_time).retention[2].mature.total, 1);
    assert!(tally(&[a2, a1, b1, b2], now, 4).out_of_order());
}

#[test]
fn an_empty_history_has_no_rates_and_no_divisions_by_zero() {
    let d = deck();
    let decks = [&d];
    let stats = compute(&Input {
        decks: &decks,
        cards: &HashMap::new(),
        reviews: &ReviewTally::new(at("2026-03-10T12:00:00+00:00"), 4),
        now: at("2026-03-10T12:00:00+00:00"),
        rollover_hour: 4,
        decay: fsrs::FSRS6_DEFAULT_DECAY,
        recent: &HashMap::new(),
        practice: (0, 0),
    });
    assert_eq!(stats.cards.new, 4);
    assert_eq!(stats.average_retrievability, None);
    assert!(
        stats
            .retention
            .iter()
            .all(|r| r.young.rate.is_none() && r.mature.rate.is_none())
    );
    assert!(stats.tags.iter().all(|t| t.predicted_recall == 0.0));
    let text = chart::render(&stats, true);
    assert!(
        text.contains("No reviews yet: run `kartka study`"),
        "{text}"
    );
}
