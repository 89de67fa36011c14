//! Grading through the public API, as study sessions and quizzes will use it: load a deck, take an item,
//! lay it out as shown, grade what the learner typed.

use kartka::deck::{Deck, Facet, Item, parse};
use kartka::grade::{GradeError, Layout, expected, grade};

fn example() -> Deck {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/decks/example.toml"))
        .unwrap();
    parse(&text).deck.expect("the example deck loads")
}

fn item<'d>(deck: &'d Deck, id: &str) -> Item<'d> {
    deck.items()
        .find(|i| i.id() == id)
        .unwrap_or_else(|| panic!("no item {id}"))
}

/// Grades with the card's own order, and returns (correct, score as a percentage).
fn run(deck: &Deck, id: &str, response: &str) -> (bool, u32) {
    let item = item(deck, id);
    let v = grade(&item, &Layout::identity(&item), response)
        .unwrap_or_else(|e| panic!("{id} {response:?}: {e}"));
    (v.correct, (v.score * 100.0).round() as u32)
}

#[test]
fn items_and_their_ids() {
    let deck = example();
    let ids: Vec<String> = deck.items().map(|i| i.id()).collect();
    assert_eq!(
        ids,
        [
            "htp-name",
            "htp-name#reverse",
            "htp-founder",
            "first-private-company",
            "htp-privileges",
            "minsk-computers-western",
            "htp-export-2024",
            "htp-decree-year#c1",
            "htp-decree-year#c2",
            "htp-residents-growth",
            "foreign-firms",
        ]
    );
}

#[test]
fn flash_cards_are_rated_not_graded() {
    let deck = example();
    let front = item(&deck, "htp-name");
    assert_eq!(
        grade(&front, &Layout::identity(&front), "anything"),
        Err(GradeError::SelfRated)
    );
    assert!(front.is_self_rated());
    let back = item(&deck, "htp-name#reverse");
    assert_eq!(back.facet, Facet::Reverse);
    assert_eq!(expected(&back), "HTP");
}

#[test]
fn every_kind_grades_right_and_wrong_answers() {
    let deck = example();
    let table: &[(&str, &str, (bool, u32))] = &[
        ("htp-founder", "Valery Tsepkalo", (true, 100)),
        ("htp-founder", "tsepkalo", (true, 100)),
        ("htp-founder", "Valery Tsepklao", (true, 100)),
        ("htp-founder", "Vsevolod Yanchevsky", (false, 0)),
        ("first-private-company", "a", (true, 100)),
        ("first-private-company", "Dainova", (true, 100)),
        ("first-private-company", "2", (false, 0)),
        ("htp-privileges", "a b c", (true, 100)),
        ("htp-privileges", "a b", (false, 67)),
        ("htp-privileges", "a b c d", (false, 0)),
        ("minsk-computers-western", "false", (true, 100)),
        ("minsk-computers-western", "yes", (false, 0)),
        ("htp-export-2024", "1.8", (true, 100)),
        ("htp-export-2024", "$1.8bn", (true, 100)),
        ("htp-export-2024", "1,8 billion dollars", (true, 100)),
        ("htp-export-2024", "3.2", (false, 0)),
        ("htp-decree-year#c1", "High Technologies Park", (true, 100)),
        ("htp-decree-year#c1", "2005", (false, 0)),
        ("htp-decree-year#c2", "2005", (true, 100)),
        ("htp-residents-growth", "1 2 3 4", (true, 100)),
        ("htp-residents-growth", "2 1 3 4", (false, 67)),
        ("foreign-firms", "a b c d", (true, 100)),
        ("foreign-firms", "b a c d", (false, 50)),
    ];
    for (id, response, want) in table {
        assert_eq!(
            run(&deck, id, response),
            *want,
            "{id} answered {response:?}"
        );
    }
}

#[test]
fn shuffled_layouts_change_what_letters_mean() {
    let deck = example();
    let choice = item(&deck, "first-private-company");
    // Shown as a) Infopark b) Belsoft c) Dainova d) Belhard.
    let layout = Layout::new(&choice, vec![3, 2, 0, 1]).unwrap();
    assert!(grade(&choice, &layout, "c").unwrap().correct);
    assert!(!grade(&choice, &layout, "a").unwrap().correct);
    assert!(
        Layout::new(&choice, vec![0, 0, 1, 2]).is_none(),
        "not a permutation"
    );

    let order = item(&deck, "htp-residents-growth");
    // Shown as 1) 400  2) 100  3) 1,000  4) 180: the right order is 2 4 1 3.
    let layout = Layout::new(&order, vec![2, 0, 3, 1]).unwrap();
    assert!(grade(&order, &layout, "2 4 1 3").unwrap().correct);
    let v = grade(&order, &layout, "1 2 3 4").unwrap();
    assert_eq!(
        v.note.as_deref(),
        Some("misplaced: More than 100 residents; More than 180 residents")
    );
}

#[test]
fn feedback_names_what_went_wrong() {
    let deck = example();
    let export = item(&deck, "htp-export-2024");
    let v = grade(&export, &Layout::identity(&export), "1.8%").unwrap();
    assert_eq!(
        v.note.as_deref(),
        Some("wrong unit: the answer is in USD, not %")
    );
    assert_eq!(v.expected, "1.8 billion USD");

    let firms = item(&deck, "foreign-firms");
    let v = grade(&firms, &Layout::identity(&firms), "1a 2b 3d 4c").unwrap();
    assert_eq!(
        v.note.as_deref(),
        Some("wrong: SAP → Germany, not Russia; Yandex → Russia, not Germany")
    );

    let founder = item(&deck, "htp-founder");
    let v = grade(&founder, &Layout::identity(&founder), "Tsepkallo").unwrap();
    assert_eq!(
        v.note.as_deref(),
        Some("accepted with a typo: it is spelled “Tsepkalo”")
    );
}

#[test]
fn unreadable_answers_are_not_graded() {
    let deck = example();
    for (id, response) in [
        ("first-private-company", "z"),
        ("minsk-computers-western", "perhaps"),
        ("htp-export-2024", "a lot"),
        ("htp-residents-growth", "1 1 2 3"),
        ("foreign-firms", "a b"),
    ] {
        let item = item(&deck, id);
        assert!(
            matches!(
                grade(&item, &Layout::identity(&item), response),
                Err(GradeError::Unrecognised(_))
            ),
            "{id} {response:?}"
        );
    }
}

/// The example in an order or match question's hint ("such as “1 2 3”") is never its right answer, and an
/// order card of three or more items is never shown in order or exactly reversed: over every order and
/// match card of the shipped decks and two thousand shuffles each.
#[test]
fn hints_never_give_the_answer_and_order_is_never_shown_in_or_against_its_order() {
    use rand::SeedableRng;
    let mut checked = 0;
    for name in [
        "example",
        "belarus-htp",
        "belarus-it-history",
        "belarus-it-politics",
    ] {
        let text =
            std::fs::read_to_string(format!("{}/decks/{name}.toml", env!("CARGO_MANIFEST_DIR")))
                .unwrap();
        let deck = parse(&text).deck.unwrap();
        for item in deck.items().filter(|i| {
            matches!(
                i.card.body,
                kartka::deck::Body::Order { .. } | kartka::deck::Body::Match { .. }
            )
        }) {
            for seed in 0..2000 {
                let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
                let layout = Layout::shuffled(&item, &mut rng);
                let question = kartka::question::Question::of(&item, &layout);
                let example = question
                    .how
                    .split('“')
                    .nth(1)
                    .and_then(|rest| rest.split('”').next())
                    .unwrap_or_else(|| panic!("no example in {:?}", question.how));
                let verdict = grade(&item, &layout, example).unwrap();
                assert!(
                    !verdict.correct,
                    "{}: the hint {example:?} is the answer (layout {:?})",
                    item.id(),
                    layout.shown
                );
                if let kartka::deck::Body::Order { items } = &item.card.body {
                    let n = items.len();
                    assert_ne!(layout.shown, (0..n).collect::<Vec<_>>(), "{}", item.id());
                    if n >= 3 {
                        assert_ne!(
                            layout.shown,
                            (0..n).rev().collect::<Vec<_>>(),
                            "{}",
                            item.id()
                        );
                    }
                }
                checked += 1;
            }
        }
    }
    assert!(checked >= 2000 * 10, "{checked}");
}

/// A cloze blank accepts the alternatives its card's `accept` table lists for its number, with the same
/// folding and typo allowance as the answer itself; an alternative listed for one number counts for no
/// other, and every blank with that number has it.
#[test]
fn cloze_blanks_accept_their_listed_alternatives() {
    let source = r#"[deck]
id = "demo"
title = "Demo"

[[cards]]
id = "park"
kind = "cloze"
text = "The {{c1::Hi-Tech Park}} opened in {{c2::Minsk}}; {{c3::Minsk}} and {{c3::Pinsk}} are towns."
accept = { c1 = ["High Technologies Park", "HTP"], c3 = ["Minsk city"] }
"#;
    let deck = parse(source).deck.expect("the deck loads");
    assert_eq!(run(&deck, "park#c1", "Hi-Tech Park"), (true, 100));
    assert_eq!(run(&deck, "park#c1", "high technologies park"), (true, 100));
    assert_eq!(run(&deck, "park#c1", "HTP"), (true, 100));
    assert_eq!(run(&deck, "park#c1", "High Technologies Prak"), (true, 100));
    assert_eq!(run(&deck, "park#c1", "Minsk"), (false, 0));
    assert_eq!(run(&deck, "park#c2", "HTP"), (false, 0));
    assert_eq!(run(&deck, "park#c3", "Minsk city; Minsk city"), (true, 100));
    let c1 = item(&deck, "park#c1");
    let v = grade(&c1, &Layout::identity(&c1), "High Technologies Prak").unwrap();
    assert_eq!(v.note.as_deref(), Some("accepted with a typo"));
    assert_eq!(expected(&c1), "Hi-Tech Park");
    let example = example();
    assert_eq!(run(&example, "htp-decree-year#c1", "HTP"), (true, 100));
    assert_eq!(
        run(&example, "htp-decree-year#c1", "High Technology Park"),
        (true, 100)
    );
}

/// Issue 19, point 4: the ways of writing 1.8 billion USD that were misread.
#[test]
fn numbers_in_scientific_notation_in_words_and_with_a_contradicting_scale() {
    let deck = example();
    let export = item(&deck, "htp-export-2024");
    let graded = |response: &str| grade(&export, &Layout::identity(&export), response);
    for response in [
        "1.8e9",
        "1.8E9 USD",
        "1.8 × 10^9",
        "1 .8",
        "one point eight",
        "one point eight billion dollars",
        "1 point 8",
        "$1.8bn",
        "1.8",
    ] {
        let v = graded(response).unwrap_or_else(|e| panic!("{response:?}: {e}"));
        assert!(v.correct, "{response:?}: {v:?}");
        assert_eq!(v.note, None, "{response:?}");
    }
    for (response, note) in [
        (
            "1.8 USD",
            "wrong scale: the answer is 1.8 billion USD, not 1.8 USD",
        ),
        (
            "$1.8",
            "wrong scale: the answer is 1.8 billion USD, not 1.8 USD",
        ),
        (
            "1.8 million dollars",
            "wrong scale: the answer is 1.8 billion USD, not 1.8 million USD",
        ),
    ] {
        let v = graded(response).unwrap();
        assert!(!v.correct, "{response:?}");
        assert_eq!(v.note.as_deref(), Some(note), "{response:?}");
    }
    assert_eq!(
        graded("one point"),
        Err(GradeError::Unrecognised(
            "“one point” is not a number (after “point”, say each digit, as in “one point eight”): \
             type a number, such as 2005, 9%, 1.8 or 1.8 billion"
                .into()
        ))
    );
    assert_eq!(
        graded("two thousand and five"),
        Err(GradeError::Unrecognised(
            "“two thousand and five” is a number in words kartka cannot read: \
             type a number, such as 2005, 9%, 1.8 or 1.8 billion"
                .into()
        ))
    );
}

/// A typed answer that is wrong, or right with a typo, comes with where it differs from the closest
/// accepted answer; a right one, or one unrelated to any accepted answer, does not.
#[test]
fn typed_answers_carry_where_they_differ() {
    use kartka::grade::diff::{Marks, render};
    let deck = example();
    let founder = item(&deck, "htp-founder");
    let shown = |response: &str| {
        grade(&founder, &Layout::identity(&founder), response)
            .unwrap()
            .diff
            .map(|d| render(&d, Marks::Carets, &|t| t.to_string()))
    };
    assert_eq!(
        shown("Tsepkallo").as_deref(),
        Some("  typed:  Tsepkallo\n                 ^\n  answer: Tsepkalo"),
        "compared with the alternative it comes closest to"
    );
    assert_eq!(
        shown("Valery Cepkalo").as_deref(),
        Some(
            "  typed:  Valery Cepkalo\n                 ^\n  answer: Valery Tsepkalo\n                 ^^"
        ),
        "two slips in fifteen letters: accepted, and shown"
    );
    let wrong = grade(&founder, &Layout::identity(&founder), "Valentin Tsepkalo").unwrap();
    assert!(!wrong.correct);
    assert_eq!(
        shown("Valentin Tsepkalo").as_deref(),
        Some(
            "  typed:  Valentin Tsepkalo\n              ^^ ^\n  answer: Valeriy Tsepkalo\n              ^ ^"
        ),
        "wrong, and shown against the alternative with the fewest differences"
    );
    assert_eq!(shown("valery tsepkalo"), None);
    assert_eq!(shown("Viktor Babariko"), None);
}
