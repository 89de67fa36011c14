//! The lint on pairs of cards built for each kind, as giver and as shower, and its warnings as `kartka
//! check` gives them.

use super::*;
use crate::deck::{Severity, parse};

const HEAD: &str = "[deck]\nid = \"t\"\ntitle = \"T\"\n\n[[sources]]\nid = \"art\"\ntitle = \"How the park grew\"\nauthor = \"Artyom Shraibman\"\n\n";

fn deck(cards: &[(&str, &str)]) -> String {
    let mut text = HEAD.to_string();
    for (id, rest) in cards {
        text.push_str(&format!("[[cards]]\nid = \"{id}\"\n{}\n\n", rest.trim()));
    }
    text
}

/// (card that shows, card asked, where) for every give-away in the deck.
fn found(cards: &[(&str, &str)]) -> Vec<(String, String, Place)> {
    let text = deck(cards);
    let loaded = parse(&text);
    let deck = loaded
        .deck
        .unwrap_or_else(|| panic!("{:?}", loaded.diagnostics));
    find(&deck)
        .into_iter()
        .map(|g| {
            (
                deck.cards[g.shows].id.clone(),
                deck.cards[g.asks].id.clone(),
                g.place,
            )
        })
        .collect()
}

fn pair(shows: &str, asks: &str, place: Place) -> Vec<(String, String, Place)> {
    vec![(shows.to_string(), asks.to_string(), place)]
}

const WHO: (&str, &str) = (
    "who",
    r#"kind = "text"
prompt = "Who founded the park?"
answer = "Valery Tsepkalo"
accept = ["Tsepkalo"]"#,
);

fn statement(id: &'static str, prompt: &str) -> (&'static str, String) {
    (
        id,
        format!("kind = \"truefalse\"\nprompt = \"{prompt}\"\nanswer = true"),
    )
}

fn with(cards: &[(&'static str, String)]) -> Vec<(String, String, Place)> {
    let cards: Vec<(&str, &str)> = cards.iter().map(|(i, r)| (*i, r.as_str())).collect();
    found(&cards)
}

#[test]
fn a_text_answer_or_an_accepted_one_in_a_prompt() {
    let s = statement("a", "VALERY TSEPKALO set the park up.");
    assert_eq!(
        with(&[(WHO.0, WHO.1.into()), s]),
        pair("a", "who", Place::Prompt)
    );
    let s = statement("a", "It was Tsepkalo's idea.");
    assert_eq!(
        with(&[(WHO.0, WHO.1.into()), s]),
        pair("a", "who", Place::Prompt)
    );
}

#[test]
fn whole_words_only_and_slight_answers_are_never_given_away() {
    let art = (
        "art",
        "kind = \"text\"\nprompt = \"Which?\"\nanswer = \"art\"".to_string(),
    );
    let eu = (
        "eu",
        "kind = \"text\"\nprompt = \"Which union?\"\nanswer = \"EU\"".to_string(),
    );
    let s = statement("a", "The start of the EU market.");
    assert_eq!(with(&[art, eu, s]), vec![]);
}

#[test]
fn a_card_never_gives_itself_away() {
    let own = (
        "own",
        "kind = \"text\"\nprompt = \"Valery Tsepkalo founded what?\"\nanswer = \"Valery Tsepkalo\""
            .to_string(),
    );
    assert_eq!(with(&[own]), vec![]);
}

#[test]
fn a_cloze_blank_and_its_alternatives() {
    let cloze = (
        "cloze",
        "kind = \"cloze\"\ntext = \"The park is in {{c1::Minsk}}.\"\naccept = { c1 = [\"Mensk\"] }"
            .to_string(),
    );
    assert_eq!(
        with(&[cloze.clone(), statement("a", "Mensk is the capital.")]),
        pair("a", "cloze", Place::Prompt)
    );
    // And a cloze text shows what it does not blank in the item asked.
    assert_eq!(
        with(&[
            (WHO.0, WHO.1.into()),
            (
                "c",
                "kind = \"cloze\"\ntext = \"{{c1::Valery Tsepkalo}} founded it in {{c2::2005}}.\""
                    .into()
            )
        ]),
        pair("c", "who", Place::ClozeText)
    );
}

#[test]
fn numbers_however_they_are_written() {
    let exports = (
        "exports",
        "kind = \"number\"\nprompt = \"Exports in 2024?\"\nanswer = 1.8\nunit = \"billion USD\""
            .to_string(),
    );
    let rate = (
        "rate",
        "kind = \"number\"\nprompt = \"Income tax rate?\"\nanswer = 9\nunit = \"%\"".to_string(),
    );
    assert_eq!(
        with(&[exports.clone(), statement("a", "Exports reached $1.8bn.")]),
        pair("a", "exports", Place::Prompt)
    );
    assert_eq!(
        with(&[
            exports,
            statement("a", "Exports reached 1,800,000,000 dollars.")
        ]),
        pair("a", "exports", Place::Prompt)
    );
    assert_eq!(
        with(&[rate.clone(), statement("a", "Employees paid 9 percent.")]),
        pair("a", "rate", Place::Prompt)
    );
    assert_eq!(
        with(&[rate, statement("a", "Some 9 companies paid it.")]),
        vec![]
    );
    let years = (
        "years",
        "kind = \"number\"\nprompt = \"How many years?\"\nanswer = 12\nunit = \"years\""
            .to_string(),
    );
    assert_eq!(
        with(&[years, statement("a", "In his twelve years at the park…")]),
        pair("a", "years", Place::Prompt)
    );
}

#[test]
fn right_options_give_answers_away_and_wrong_ones_do_not() {
    let decree = (
        "decree",
        "kind = \"choice\"\nprompt = \"Which decree?\"\noptions = [\"Decree No. 8\", \"Decree No. 12\"]\nanswer = \"Decree No. 8\"".to_string(),
    );
    let multi = (
        "multi",
        "kind = \"multi\"\nprompt = \"Where did firms move?\"\noptions = [\"Poland\", \"Lithuania\", \"Japan\"]\nanswer = [\"Poland\", \"Lithuania\"]".to_string(),
    );
    assert_eq!(
        with(&[
            decree.clone(),
            statement("a", "Decree No. 8 legalised crypto.")
        ]),
        pair("a", "decree", Place::Prompt)
    );
    assert_eq!(
        with(&[multi.clone(), statement("a", "Many moved to Lithuania.")]),
        pair("a", "multi", Place::Prompt)
    );
    let right = ("c", "kind = \"choice\"\nprompt = \"Where is Vilnius?\"\noptions = [\"Lithuania\", \"Japan\"]\nanswer = \"Lithuania\"".to_string());
    // Both assert Lithuania: each answers the other.
    assert_eq!(
        with(&[multi.clone(), right]),
        [
            pair("multi", "c", Place::Option),
            pair("c", "multi", Place::Option)
        ]
        .concat()
    );
    let wrong = ("c", "kind = \"choice\"\nprompt = \"Where is Tokyo?\"\noptions = [\"Lithuania\", \"Japan\"]\nanswer = \"Japan\"".to_string());
    assert_eq!(with(&[multi, wrong]), vec![]);
}

#[test]
fn a_flash_back_and_a_reversed_front() {
    let flash = |reverse: bool| {
        (
            "flash",
            format!(
                "kind = \"flash\"\nfront = \"HTP\"\nback = \"Hi-Tech Park\"\nreverse = {reverse}"
            ),
        )
    };
    assert_eq!(
        with(&[flash(false), statement("a", "The hi tech park grew.")]),
        pair("a", "flash", Place::Prompt)
    );
    assert_eq!(
        with(&[flash(false), statement("a", "The HTP grew.")]),
        vec![]
    );
    assert_eq!(
        with(&[flash(true), statement("a", "The HTP grew.")]),
        pair("a", "flash", Place::Prompt)
    );
    // A flash card shows both sides.
    assert_eq!(
        with(&[
            (WHO.0, WHO.1.into()),
            (
                "f",
                "kind = \"flash\"\nfront = \"Founder\"\nback = \"Valery Tsepkalo\"".into()
            )
        ]),
        pair("f", "who", Place::Back)
    );
}

#[test]
fn order_items_only_all_of_them_in_order() {
    let order = (
        "order",
        "kind = \"order\"\nprompt = \"Oldest first\"\nitems = [\"EPAM\", \"IBA\", \"Wargaming\"]"
            .to_string(),
    );
    assert_eq!(
        with(&[
            order.clone(),
            statement("a", "EPAM came first, then IBA, then Wargaming.")
        ]),
        pair("a", "order", Place::Prompt)
    );
    assert_eq!(
        with(&[
            order.clone(),
            statement("a", "Wargaming, IBA and EPAM grew.")
        ]),
        vec![]
    );
    assert_eq!(with(&[order, statement("a", "EPAM and IBA grew.")]), vec![]);
    // An order card shows its items.
    assert_eq!(
        with(&[(WHO.0, WHO.1.into()), ("o", "kind = \"order\"\nprompt = \"Oldest first\"\nitems = [\"Valery Tsepkalo became ambassador\", \"The park opened\"]".into())]),
        pair("o", "who", Place::Item)
    );
}

#[test]
fn a_match_pair_only_both_sides_together() {
    let matching = (
        "match",
        "kind = \"match\"\nprompt = \"Match\"\npairs = [[\"Prokopenya\", \"businessman\"], [\"Martinovich\", \"writer\"]]".to_string(),
    );
    assert_eq!(
        with(&[
            matching.clone(),
            statement("a", "Prokopenya, a businessman, met him.")
        ]),
        pair("a", "match", Place::Prompt)
    );
    assert_eq!(
        with(&[matching.clone(), statement("a", "Prokopenya met a writer.")]),
        vec![]
    );
    // A match card shows each side.
    assert_eq!(
        with(&[(WHO.0, WHO.1.into()), ("m", "kind = \"match\"\nprompt = \"Match\"\npairs = [[\"Valery Tsepkalo\", \"founder\"], [\"Prokopenya\", \"businessman\"]]".into())]),
        pair("m", "who", Place::Pair)
    );
}

#[test]
fn true_false_cards_ask_nothing_another_can_show() {
    let tf = statement("tf", "The park opened in 2005.");
    assert_eq!(with(&[tf, statement("a", "True, it did.")]), vec![]);
}

#[test]
fn the_source_line_and_the_explanation_are_read_after_answering() {
    let author = (
        "author",
        "kind = \"text\"\nprompt = \"Who wrote it?\"\nanswer = \"Artyom Shraibman\"".to_string(),
    );
    let cites = (
        "a",
        "kind = \"truefalse\"\nprompt = \"The park grew.\"\nanswer = true\nsource = \"art\""
            .to_string(),
    );
    assert_eq!(
        with(&[author, cites]),
        pair("a", "author", Place::SourceLine)
    );
    let explains = ("a", "kind = \"truefalse\"\nprompt = \"The park grew.\"\nanswer = true\nexplain = \"Valery Tsepkalo grew it.\"".to_string());
    let found = with(&[(WHO.0, WHO.1.into()), explains]);
    assert_eq!(found, pair("a", "who", Place::Explanation));
    assert!(found[0].2.after_answer());
    let says = ("a", "kind = \"choice\"\nprompt = \"Who ran the park first?\"\noptions = [\"its founder\", \"a ministry\"]\nanswer = \"its founder\"\nfeedback = { \"its founder\" = \"Yes: Valery Tsepkalo.\" }".to_string());
    let found = with(&[(WHO.0, WHO.1.into()), says]);
    assert_eq!(found, pair("a", "who", Place::Feedback));
    assert!(found[0].2.after_answer());
}

/// Feedback, read only after answering, is a note like an explanation, not a warning.
#[test]
fn feedback_that_gives_an_answer_away_is_a_note() {
    let d = diagnostics(&[
        WHO,
        (
            "a",
            "kind = \"truefalse\"\nprompt = \"The park has a founder.\"\nanswer = true\nfeedback = { true = \"Tsepkalo.\" }",
        ),
    ]);
    assert_eq!(
        d,
        [(
            Severity::Note,
            "the feedback of card `a` gives away the answer of card `who`".to_string(),
            "shows “Tsepkalo” in its feedback".to_string()
        )]
    );
}

/// Message, severity and primary label of every diagnostic of a deck.
fn diagnostics(cards: &[(&str, &str)]) -> Vec<(Severity, String, String)> {
    parse(&deck(cards))
        .diagnostics
        .into_iter()
        .filter(|d| {
            !d.message.contains("has no `explain`") && !d.message.contains("has no `source`")
        })
        .map(|d| {
            (
                d.severity,
                d.message,
                d.primary.map(|(_, l)| l).unwrap_or_default(),
            )
        })
        .collect()
}

#[test]
fn check_names_both_cards_and_where() {
    let d = diagnostics(&[
        WHO,
        (
            "a",
            "kind = \"truefalse\"\nprompt = \"Valery Tsepkalo set it up.\"\nanswer = true\nexplain = \"Tsepkalo did.\"",
        ),
    ]);
    assert_eq!(
        d,
        [
            (
                Severity::Warning,
                "card `a` gives away the answer of card `who`".into(),
                "shows “Valery Tsepkalo” in its prompt".into()
            ),
            (
                Severity::Note,
                "the explanation of card `a` gives away the answer of card `who`".into(),
                "shows “Tsepkalo” in its explanation".into()
            ),
        ]
    );
}

#[test]
fn an_answer_many_cards_show_is_one_warning() {
    let s: Vec<(String, String)> = (0..5)
        .map(|i| (format!("s{i}"), format!("kind = \"truefalse\"\nprompt = \"Valery Tsepkalo did thing {i}.\"\nanswer = true")))
        .collect();
    let mut cards = vec![WHO];
    cards.extend(s.iter().map(|(i, r)| (i.as_str(), r.as_str())));
    assert_eq!(
        diagnostics(&cards),
        [(
            Severity::Warning,
            "the answer of card `who` is given away by the questions of 5 other cards".into(),
            "asks for “Valery Tsepkalo”".into()
        )]
    );
}

#[test]
fn a_pair_marked_as_meant_is_not_reported_and_a_stale_or_unknown_mark_is() {
    let meant = "kind = \"truefalse\"\nprompt = \"Valery Tsepkalo set it up.\"\nanswer = true\ngives_away = [\"who\"]";
    assert_eq!(diagnostics(&[WHO, ("a", meant)]), []);
    let stale = "kind = \"truefalse\"\nprompt = \"Someone set it up.\"\nanswer = true\ngives_away = [\"who\"]";
    assert_eq!(
        diagnostics(&[WHO, ("a", stale)]),
        [(
            Severity::Warning,
            "card `a` marks `who` in `gives_away`, but shows none of its answers".into(),
            "nothing given away".into()
        )]
    );
    let unknown = "kind = \"truefalse\"\nprompt = \"Valery Tsepkalo set it up.\"\nanswer = true\ngives_away = [\"wh\"]";
    let d = parse(&deck(&[WHO, ("a", unknown)])).diagnostics;
    let unknown = d
        .iter()
        .find(|d| d.message == "no card `wh` in this deck")
        .unwrap();
    assert_eq!(unknown.help.as_deref(), Some("did you mean `who`?"));
    assert!(
        d.iter()
            .any(|d| d.message == "card `a` gives away the answer of card `who`")
    );
}

#[test]
fn a_shared_source_line_is_one_warning_per_answer() {
    let author = (
        "author",
        "kind = \"text\"\nprompt = \"Who wrote it?\"\nanswer = \"Artyom Shraibman\"\nsource = \"art\"",
    );
    let a = (
        "a",
        "kind = \"truefalse\"\nprompt = \"The park grew.\"\nanswer = true\nsource = \"art\"",
    );
    let b = (
        "b",
        "kind = \"truefalse\"\nprompt = \"The park shrank.\"\nanswer = false\nsource = \"art\"",
    );
    assert_eq!(
        diagnostics(&[author, a, b]),
        [(
            Severity::Warning,
            "the source line of `art` gives away the answer of card `author`".into(),
            "asks for “Artyom Shraibman”".into()
        )]
    );
}
