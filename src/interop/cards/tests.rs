use super::to_deck;
use crate::deck::{Body, Tolerance};
use crate::interop::draft::Warning;
use crate::interop::question::{Answer, Bank, ClozePart, Gap, Kind, NumericAnswer, Question};

fn bank(questions: Vec<Question>) -> Bank {
    Bank {
        questions,
        warnings: vec![],
    }
}

fn at(line: usize, text: &str, kind: Kind) -> Question {
    Question::new(Some(line), text, kind)
}

fn answers(list: &[(&str, f64)]) -> Vec<Answer> {
    list.iter().map(|(t, c)| Answer::new(*t, *c)).collect()
}

fn warnings(w: &[Warning]) -> Vec<(Option<usize>, &str)> {
    w.iter().map(|w| (w.line, w.message.as_str())).collect()
}

#[test]
fn a_question_nothing_can_ask_is_skipped_and_the_rest_imported() {
    let imported = to_deck(
        bank(vec![
            at(
                1,
                "Capital?",
                Kind::Short {
                    answers: answers(&[("Minsk", 1.0)]),
                    case_sensitive: false,
                },
            ),
            at(
                4,
                "Which?",
                Kind::Choice {
                    options: answers(&[("a", 0.5), ("b", 0.0)]),
                    single: true,
                },
            ),
            at(
                7,
                "Same twice?",
                Kind::Choice {
                    options: answers(&[("a", 1.0), ("a", 0.0)]),
                    single: true,
                },
            ),
        ]),
        "bank.gift",
        "bank",
        "Bank",
    )
    .unwrap();
    assert_eq!(imported.deck.cards.len(), 1);
    assert_eq!(
        warnings(&imported.warnings),
        [
            (Some(4), "no option earns full credit; skipped"),
            (Some(7), "the option “a” is given twice; skipped"),
        ]
    );
}

#[test]
fn a_card_the_deck_loader_refuses_is_skipped_at_its_line() {
    // Two blanks with the same answer text are fine; an order card of identical items is not.
    let imported = to_deck(
        bank(vec![
            at(
                2,
                "Order these",
                Kind::Ordering {
                    items: vec!["x".into(), "x".into()],
                },
            ),
            at(
                9,
                "Capital?",
                Kind::Short {
                    answers: answers(&[("Minsk", 1.0)]),
                    case_sensitive: false,
                },
            ),
        ]),
        "bank.xml",
        "bank",
        "Bank",
    )
    .unwrap();
    assert_eq!(imported.deck.cards.len(), 1);
    let [w] = imported.warnings.as_slice() else {
        panic!("{:?}", imported.warnings)
    };
    assert_eq!(w.line, Some(2));
    assert!(w.message.ends_with("; skipped"), "{}", w.message);
}

#[test]
fn moodle_weights_that_are_kartkas_own_rule_are_not_written() {
    let imported = to_deck(
        bank(vec![at(
            1,
            "Which were privileges?",
            Kind::Choice {
                options: answers(&[("tax", 0.5), ("customs", 0.5), ("office", -1.0)]),
                single: false,
            },
        )]),
        "b.gift",
        "b",
        "B",
    )
    .unwrap();
    let Body::Multi { answers, .. } = &imported.deck.cards[0].body else {
        panic!()
    };
    assert_eq!(answers, &[0, 1]);
    assert!(imported.warnings.is_empty(), "{:?}", imported.warnings);
}

#[test]
fn a_missing_word_typed_in_becomes_a_cloze() {
    let imported = to_deck(
        bank(vec![at(
            3,
            "The park opened in _____ by decree.",
            Kind::Short {
                answers: answers(&[("2005", 1.0), ("two thousand five", 1.0)]),
                case_sensitive: false,
            },
        )]),
        "b.gift",
        "b",
        "B",
    )
    .unwrap();
    let Body::Cloze { text, deletions } = &imported.deck.cards[0].body else {
        panic!()
    };
    assert_eq!(text, "The park opened in {{c1::2005}} by decree.");
    assert_eq!(deletions[0].accept, ["two thousand five"]);
}

#[test]
fn a_number_keeps_its_best_answer_and_says_what_else_the_source_accepted() {
    let imported = to_deck(
        bank(vec![at(
            5,
            "When was the park founded?",
            Kind::Numerical {
                answers: vec![
                    NumericAnswer {
                        value: 2005.0,
                        tolerance: 0.0,
                        credit: 1.0,
                        feedback: None,
                    },
                    NumericAnswer {
                        value: 2005.0,
                        tolerance: 1.0,
                        credit: 0.5,
                        feedback: None,
                    },
                ],
                units: vec![("year".into(), 1.0), ("yr".into(), 1.0)],
            },
        )]),
        "b.gift",
        "b",
        "B",
    )
    .unwrap();
    let Body::Number {
        answer,
        tolerance,
        unit,
    } = &imported.deck.cards[0].body
    else {
        panic!()
    };
    assert_eq!((*answer, unit.as_deref()), (2005.0, Some("year")));
    assert_eq!(*tolerance, Tolerance::Absolute(0.0));
    assert_eq!(
        warnings(&imported.warnings),
        [
            (
                Some(5),
                "a number card has one answer: also accepted in the source, left out: 2005 ± 1 (50%)"
            ),
            (Some(5), "other units are left out: yr (× 1)"),
        ]
    );
}

#[test]
fn matching_distractors_and_choice_gaps_are_warned_of() {
    let imported = to_deck(
        bank(vec![
            at(
                1,
                "Match",
                Kind::Matching {
                    pairs: vec![
                        ("EPAM".into(), "1993".into()),
                        ("HTP".into(), "2005".into()),
                    ],
                    distractors: vec!["1991".into()],
                },
            ),
            at(
                6,
                "",
                Kind::Cloze {
                    parts: vec![
                        ClozePart::Text("The park opened in ".into()),
                        ClozePart::Gap(Gap {
                            number: 1,
                            answers: answers(&[("2005", 1.0), ("2001", 0.0)]),
                            choice: true,
                            hint: None,
                        }),
                        ClozePart::Text(".".into()),
                    ],
                },
            ),
        ]),
        "b.xml",
        "b",
        "B",
    )
    .unwrap();
    assert_eq!(imported.deck.cards.len(), 2);
    assert_eq!(
        warnings(&imported.warnings),
        [
            (
                Some(1),
                "kartka matches pairs without extra answers: a distractor is left out (“1991”)"
            ),
            (
                Some(6),
                "gap 1 offers options in the source; in kartka it is typed (options left out: “2001”)"
            ),
        ]
    );
}

#[test]
fn a_file_of_only_unaskable_questions_says_why() {
    let err = to_deck(
        bank(vec![at(
            2,
            "Which?",
            Kind::Choice {
                options: answers(&[("a", 0.0), ("b", 0.0)]),
                single: true,
            },
        )]),
        "bank.gift",
        "bank",
        "Bank",
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "cannot import bank.gift: nothing in it can be a kartka card; 1 question was passed over (line 2: no option earns full credit)"
    );
}

#[test]
fn a_typed_answer_that_costs_marks_is_said_to_cost_them() {
    let imported = to_deck(
        bank(vec![at(
            4,
            "Capital?",
            Kind::Short {
                answers: answers(&[("Minsk", 1.0), ("Brest", -0.5)]),
                case_sensitive: false,
            },
        )]),
        "b.xml",
        "b",
        "B",
    )
    .unwrap();
    assert_eq!(
        warnings(&imported.warnings),
        [(
            Some(4),
            "the answer “Brest” costs 50% in the source; kartka takes no marks for a typed answer, so it is left out with its feedback"
        )]
    );
}
