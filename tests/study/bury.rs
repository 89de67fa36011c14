//! Siblings buried: a card's other items wait for the next study day once one is shown.

use predicates::str::contains;

use super::{DAY1, Learner};

/// One cloze card with two deletions.
const CLOZE: &str = r#"[deck]
id = "mini"
title = "Mini"

[[cards]]
id = "capital"
kind = "cloze"
text = "{{c1::Minsk}} is the capital of {{c2::Belarus}}."
"#;

/// One flash card asked both ways.
const FLASH: &str = r#"[deck]
id = "mini"
title = "Mini"

[[cards]]
id = "hello"
kind = "flash"
front = "прывітанне"
back = "hello"
reverse = true
"#;

fn learner(deck: &str, config: &str) -> Learner {
    let learner = Learner::new();
    std::fs::write(&learner.deck, deck).unwrap();
    std::fs::write(learner.home.path().join("config.toml"), config).unwrap();
    learner
}

#[test]
fn a_cloze_shows_one_deletion_a_day() {
    let learner = learner(CLOZE, "");
    let out = learner.study(DAY1, "Minsk\n\nMinsk\n\n");
    assert!(
        out.contains("Card 1 · left: 0 new, 0 learning, 0 review"),
        "{out}"
    );
    assert!(out.contains("Done: 2 answers"), "{out}");
    assert!(!out.contains("Card 3"), "{out}");
    // Not in another session the same study day, which lasts until 4 AM...
    for now in ["2026-11-22T21:00:00+03:00", "2026-11-23T03:59:00+03:00"] {
        let out = learner.study(now, "");
        assert!(out.starts_with("Nothing to study now"), "{now}: {out}");
    }
    // ...and the next study day, the other deletion comes.
    let out = learner.study("2026-11-23T04:00:00+03:00", "Belarus\n\nq\n");
    assert!(
        out.contains("Card 1 · left: 0 new, 0 learning, 0 review · Mini · new card"),
        "{out}"
    );
    assert!(out.contains("✓ Right"), "{out}");
}

#[test]
fn a_reversed_card_shows_one_side_a_day() {
    let learner = learner(FLASH, "");
    let out = learner.study(DAY1, "\n\n\n\n");
    assert!(
        out.contains("Card 1 · left: 0 new, 0 learning, 0 review"),
        "{out}"
    );
    assert!(out.contains("Done: 2 answers"), "{out}");
    assert!(!out.contains("Answer: прывітанне"), "{out}");
    let out = learner.study("2026-11-23T04:00:00+03:00", "\nq\n");
    assert!(
        out.contains("Card 1 · left: 0 new, 0 learning, 0 review · Mini · new card\nhello\n"),
        "{out}"
    );
}

#[test]
fn with_bury_new_off_both_deletions_come_the_same_day() {
    let learner = learner(CLOZE, "bury_new = false\n");
    let out = learner.study(DAY1, "q\n");
    assert!(
        out.contains("Card 1 · left: 1 new, 0 learning, 0 review"),
        "{out}"
    );
    learner
        .kartka(DAY1)
        .arg("config")
        .assert()
        .success()
        .stdout(contains(
            "bury_new = false                             # config.toml\n",
        ));
}

#[test]
fn a_due_review_holds_back_its_sibling_review() {
    // Both deletions learnt the same day, without fuzz, come due the same day...
    let learner = learner(CLOZE, "bury_new = false\nfuzz = false\n");
    learner.study(DAY1, "Minsk\n\nBelarus\n\nMinsk\n\nBelarus\n\n");
    assert_eq!(
        learner.count("SELECT COUNT(DISTINCT due) FROM cards WHERE state = 2"),
        1
    );
    // ...where the second waits a day.
    std::fs::write(learner.home.path().join("config.toml"), "fuzz = false\n").unwrap();
    let out = learner.study("2026-11-24T09:00:00+03:00", "Minsk\n\n");
    assert!(
        out.contains("Card 1 · left: 0 new, 0 learning, 0 review · Mini\n[...] is the capital"),
        "{out}"
    );
    assert!(out.contains("Done: 1 answer in"), "{out}");
    assert!(out.contains("Tomorrow: 1 review due"), "{out}");
    let out = learner.study("2026-11-25T09:00:00+03:00", "Belarus\n\n");
    assert!(
        out.contains(
            "Card 1 · left: 0 new, 0 learning, 0 review · Mini\nMinsk is the capital of [...]."
        ),
        "{out}"
    );
}
