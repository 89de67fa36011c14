//! Import and export: Moodle GIFT and XML, CSV and TSV, Anki packages and TSV, Markdown.

use assert_cmd::Command;
use kartka::deck::{Body, Deck, parse};
use kartka::interop::anki::text as anki_text;
use kartka::interop::{anki, csv, gift, markdown, moodle_xml, write};
use predicates::prelude::*;
use predicates::str::contains;
use tempfile::TempDir;

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn card<'d>(deck: &'d Deck, id: &str) -> &'d kartka::deck::Card {
    deck.cards
        .iter()
        .find(|c| c.id == id)
        .unwrap_or_else(|| panic!("no card {id}"))
}

#[test]
fn a_gift_bank_in_moodles_documented_forms() {
    let text = std::fs::read_to_string(fixture("moodle-bank.gift")).unwrap();
    let imported = gift::import(&text, "bank.gift", "bank", "Bank").unwrap();
    let deck = &imported.deck;
    let kinds: Vec<(&str, &str)> = deck
        .cards
        .iter()
        .map(|c| (c.id.as_str(), c.kind().name()))
        .collect();
    assert_eq!(
        kinds,
        [
            ("first-company", "choice"),
            ("htp-2005", "truefalse"),
            ("minsk-ibm", "truefalse"),
            ("founder", "text"),
            ("htp-year", "number"),
            ("exports", "number"),
            ("residents", "number"),
            ("infopark", "number"),
            ("firms", "match"),
            ("decree", "choice"),
            ("decree-year", "cloze"),
            ("privileges", "multi"),
            ("escapes", "choice"),
            ("which-city-is-the-capital-of-belarus", "text"),
            ("html", "text"),
        ]
    );
    // Feedback stays with the answer it was written for; partial credit with its answer.
    let Body::Choice { per_answer, .. } = &card(deck, "first-company").body else {
        panic!()
    };
    assert_eq!(
        per_answer.feedback,
        [
            Some("Founded in 1991.".to_string()),
            Some("Belhard came in 1994.".to_string()),
            None
        ]
    );
    assert_eq!(card(deck, "first-company").explain, None);
    assert_eq!(card(deck, "first-company").tags, ["history"]);
    // {FALSE#wrong#right}: the first for an answer of true, the second for false; keyed false, then true.
    let Body::TrueFalse { per_answer, .. } = &card(deck, "minsk-ibm").body else {
        panic!()
    };
    assert_eq!(
        per_answer.feedback,
        [
            Some("Right: it was the ES EVM that followed IBM.".to_string()),
            Some("No: they were not.".to_string())
        ]
    );
    assert!(
        matches!(&card(deck, "founder").body, Body::Text { answer, accept, per_answer, .. } if answer == "Valery Tsepkalo" && accept == &["Tsepkalo", "Valery"] && per_answer.credit == [100.0, 100.0, 50.0])
    );
    assert!(
        matches!(card(deck, "exports").body, Body::Number { answer, tolerance: kartka::deck::Tolerance::Absolute(t), .. } if answer == 1.8 && t == 0.1)
    );
    assert!(
        matches!(card(deck, "residents").body, Body::Number { answer, tolerance: kartka::deck::Tolerance::Absolute(t), .. } if answer == 4.5 && t == 0.5)
    );
    assert_eq!(
        card(deck, "decree").prompt.as_deref(),
        Some("The HTP was created by a presidential _____ in 2005.")
    );
    assert!(
        matches!(&card(deck, "decree-year").body, Body::Cloze { text, .. } if text == "The HTP was created by a presidential decree in {{c1::2005}} by Tsepkalo.")
    );
    assert!(
        matches!(&card(deck, "privileges").body, Body::Multi { options, answers, .. } if answers == &[0, 1] && options[1] == "A 9% personal income tax rate")
    );
    assert_eq!(card(deck, "privileges").tags, ["htp"]);
    assert!(
        matches!(&card(deck, "escapes").body, Body::Choice { options, answer: 0, .. } if options == &["=", "~", "#"])
    );
    assert_eq!(
        card(deck, "escapes").prompt.as_deref(),
        Some("In GIFT: which character marks a right answer {in braces}?")
    );
    assert_eq!(
        card(deck, "html").prompt.as_deref(),
        Some("What does HTP stand for?")
    );
    let warnings: Vec<(Option<usize>, &str)> = imported
        .warnings
        .iter()
        .map(|w| (w.line, w.message.as_str()))
        .collect();
    assert_eq!(
        warnings,
        [
            (
                Some(28),
                "a number card has one answer: also accepted in the source, left out: 2001 ± 1 (50%)"
            ),
            (
                Some(62),
                "an essay question (`{}`) has no kartka kind; skipped"
            ),
            (
                Some(64),
                "a description (text with no answers) has no kartka kind; skipped"
            ),
        ]
    );
}

#[test]
fn a_broken_gift_question_is_skipped_at_its_line_and_the_rest_imported() {
    let cases = [
        (
            "::q2:: Broken {=yes ~no\n",
            "its answers open with `{` but never close with `}`; skipped",
        ),
        (
            "::n:: How many? {#lots}\n",
            "it accepts any number, which is no question kartka can ask; skipped",
        ),
        (
            "::c:: Pick {~a ~b}\n",
            "no answer is right: mark one with `=` or give it a positive `%weight%` (Moodle refuses it); skipped",
        ),
        // Found by the deck loader.
        (
            "::p:: Pairs {=a -> x =a -> y =b -> z}\n",
            "`a` appears twice in `pairs` (remove the repeat, or reword one of them); skipped",
        ),
    ];
    for (broken, message) in cases {
        let text = format!("// a bank\n\n::q1:: Fine? {{T}}\n\n{broken}");
        let imported = gift::import(&text, "bank.gift", "bank", "Bank").unwrap();
        assert_eq!(imported.deck.cards.len(), 1, "{broken}");
        assert_eq!(
            imported
                .warnings
                .last()
                .map(|w| (w.line, w.message.as_str())),
            Some((Some(5), message)),
            "{broken}"
        );
    }
    // Found by the deck loader: the question is passed over at its line.
    assert_eq!(
        gift::import(
            "\n\n::p:: Pairs {=a -> x =a -> y =b -> z}\n",
            "b.gift",
            "b",
            "B"
        )
        .unwrap_err()
        .to_string(),
        "cannot import b.gift: nothing in it can be a kartka card; 1 question was passed over \
         (line 3: `a` appears twice in `pairs` (remove the repeat, or reword one of them))"
    );
    assert_eq!(
        gift::import("just text\n", "b.gift", "b", "B")
            .unwrap_err()
            .to_string(),
        "cannot import b.gift: nothing in it can be a kartka card; 1 question was passed over \
         (line 1: a description (text with no answers) has no kartka kind)"
    );
}

const ALL_GIFT_KINDS: &str = r#"[deck]
id = "rt"
title = "Round trip"

[[cards]]
id = "text"
kind = "text"
prompt = "Who founded the HTP? (a: b = c {d} #e ~f)"
answer = "Valery Tsepkalo"
accept = ["Tsepkalo"]
explain = "He pushed for the 2005 decree."
tags = ["people"]

[[cards]]
id = "choice"
kind = "choice"
prompt = "First private company?"
options = ["Dainova", "Belhard", "Belsoft"]
answer = "Belhard"
explain = "Trick question: Dainova came first."
tags = ["history"]

[[cards]]
id = "multi"
kind = "multi"
prompt = "Privileges?"
options = ["No VAT", "9% tax", "Free offices", "Free lunches"]
answer = ["No VAT", "9% tax"]
explain = "Two tax privileges."
tags = ["htp"]

[[cards]]
id = "tf"
kind = "truefalse"
prompt = "Minsk computers copied IBM."
answer = false
explain = "The ES EVM did."
tags = ["history"]

[[cards]]
id = "number"
kind = "number"
prompt = "Exports in 2024, billions?"
answer = 1.8
tolerance = 0.1
explain = "Down from 3.2."

[[cards]]
id = "cloze"
kind = "cloze"
text = "The HTP opened in {{c1::2005}}."
explain = "By decree."
tags = ["dates"]

[[cards]]
id = "cloze-alternatives"
kind = "cloze"
text = "The {{c1::Hi-Tech Park}} opened in Minsk."
accept = { c1 = ["High Technologies Park", "HTP"] }
explain = "By decree."
tags = ["htp"]

[[cards]]
id = "match"
kind = "match"
prompt = "Match firms and countries."
pairs = [["Tieto", "Finland"], ["SAP", "Germany"], ["Ericpol", "Poland"]]
explain = "From the article."
tags = ["companies"]
"#;

/// Every kind GIFT can carry comes back with its id, prompt, answers, explanation and tag.
#[test]
fn deck_to_gift_to_deck_keeps_what_gift_carries() {
    let deck = parse(ALL_GIFT_KINDS).deck.unwrap();
    let (text, warnings) = gift::export(&deck);
    assert!(warnings.is_empty(), "{warnings:?}");
    let back = gift::import(&text, "rt.gift", "rt", "Round trip").unwrap();
    assert!(back.warnings.is_empty(), "{:?}", back.warnings);
    assert_eq!(back.deck.cards, deck.cards, "\n{text}");
}

#[test]
fn gift_export_reports_what_it_cannot_carry() {
    let text =
        std::fs::read_to_string(format!("{}/decks/example.toml", env!("CARGO_MANIFEST_DIR")))
            .unwrap();
    let deck = parse(&text).deck.unwrap();
    let (gift, warnings) = gift::export(&deck);
    assert!(
        warnings
            .contains(&"htp-residents-growth: GIFT has no ordering question; skipped".to_string()),
        "{warnings:?}"
    );
    assert!(warnings.contains(
        &"htp-export-2024: GIFT has no units; `billion USD` is added to the question".to_string()
    ));
    assert!(warnings.contains(
        &"htp-decree-year: each of its 2 deletions becomes its own question".to_string()
    ));
    assert!(
        gift.contains(
            "::htp-decree-year-c1:: A presidential decree launched the {=High Technologies Park"
        ),
        "{gift}"
    );
    assert!(gift.contains("$CATEGORY: $course$/example/htp\n"));
}

#[test]
fn csv_with_a_header_row_takes_every_kind() {
    let data = "\
prompt,kind,answer,options,accept,explain,tags,unit,tolerance,items,pairs,front,back,text
Who founded the HTP?,,Valery Tsepkalo,,Tsepkalo,He did.,people htp,,,,,,,
First company?,,Dainova,Dainova | Belhard | Belsoft,,,history,,,,,,,
Privileges?,,No VAT | 9% tax,No VAT | 9% tax | Free offices,,,,,,,,,,
Minsk copied IBM?,,false,,,,,,,,,,,
Exports in 2024?,,1.8,,,,,billion USD,5%,,,,,
Order them,order,,,,,,,,100 | 180 | 400,,,,
Match them,,,,,,,,,,Tieto -> Finland | SAP -> Germany,,,
,,,,,,,,,,,HTP,High Technologies Park,
,,,,c1: the year 2005 | c1: two thousand five,,,,,,,,,The HTP opened in {{c1::2005}}.
";
    let imported = csv::import(data, b',', "cards.csv", "cards", "Cards").unwrap();
    let kinds: Vec<&str> = imported
        .deck
        .cards
        .iter()
        .map(|c| c.kind().name())
        .collect();
    assert_eq!(
        kinds,
        [
            "text",
            "choice",
            "multi",
            "truefalse",
            "number",
            "order",
            "match",
            "flash",
            "cloze"
        ]
    );
    let first = &imported.deck.cards[0];
    assert_eq!(
        (first.id.as_str(), first.tags.clone()),
        (
            "who-founded-the-htp",
            vec!["people".to_string(), "htp".into()]
        )
    );
    assert!(
        matches!(&imported.deck.cards[8].body, Body::Cloze { deletions, .. } if deletions[0].accept == ["the year 2005", "two thousand five"])
    );
    // A CSV export reads back as the same deck, cloze alternatives included, but for the order of options:
    // shuffled for the people who read it, the same right answers.
    let again = csv::import(
        &csv::export(&imported.deck),
        b',',
        "again.csv",
        "cards",
        "Cards",
    )
    .unwrap();
    let options_moved = again
        .deck
        .cards
        .iter()
        .zip(&imported.deck.cards)
        .filter(|(a, b)| a.body != b.body)
        .count();
    assert_eq!(options_moved, 2, "the choice and the multi card");
    assert_eq!(options_sorted(again.deck), options_sorted(imported.deck));
}

/// The deck with every choice and multi card's options in alphabetical order, its answers following them.
fn options_sorted(mut deck: kartka::deck::Deck) -> kartka::deck::Deck {
    let sorted = |options: &mut Vec<String>, answers: &mut [usize]| {
        let mut order: Vec<usize> = (0..options.len()).collect();
        order.sort_by(|&a, &b| options[a].cmp(&options[b]));
        let place = |i: usize| order.iter().position(|&o| o == i).unwrap();
        answers.iter_mut().for_each(|a| *a = place(*a));
        answers.sort_unstable();
        *options = order.iter().map(|&i| options[i].clone()).collect();
    };
    for card in &mut deck.cards {
        match &mut card.body {
            Body::Choice {
                options, answer, ..
            } => sorted(options, std::slice::from_mut(answer)),
            Body::Multi {
                options, answers, ..
            } => sorted(options, answers),
            _ => {}
        }
    }
    deck
}

#[test]
fn two_columns_without_a_header_are_flash_cards() {
    let data = "HTP\tHigh Technologies Park\nTsepkalo\tFounder of the HTP\ttag1 tag2\n";
    let imported = csv::import(data, b'\t', "q.tsv", "q", "Q").unwrap();
    assert_eq!(imported.deck.cards.len(), 2);
    assert!(
        matches!(&imported.deck.cards[1].body, Body::Flash { front, back, .. } if front == "Tsepkalo" && back == "Founder of the HTP")
    );
    assert_eq!(imported.deck.cards[1].tags, ["tag1", "tag2"]);
}

#[test]
fn a_bad_csv_row_is_skipped_with_its_line_and_the_rest_imported() {
    let cases = [
        (
            "prompt,answer,kind\nQ?,A,text\nQ2?,A,textt\n",
            3,
            "unknown kind `textt`",
        ),
        (
            "prompt,options,answer\nOk?,a | b,a\nQ?,a | b,c\n",
            3,
            "answer `c` is not among the options",
        ),
        (
            "prompt,pairs\nOk?,a -> b | c -> d\nQ?,a = b | c = d\n",
            3,
            "pair `a = b` has no `->`",
        ),
        (
            "prompt,answer,kind\nHow many?,lots,number\nFine,1,number\n",
            2,
            "“lots” is not a number",
        ),
        (
            "front,back\nHTP,Hi-Tech Park\nEPAM,\n",
            3,
            "a flash card needs a `back` column",
        ),
        (
            "HTP,Hi-Tech Park\nEPAM,1993,x,y\n",
            2,
            "4 columns where the rows above have front and back",
        ),
    ];
    for (data, line, message) in cases {
        let imported = csv::import(data, b',', "cards.csv", "c", "C").unwrap();
        assert_eq!(imported.deck.cards.len(), 1, "{data}");
        let [w] = imported.warnings.as_slice() else {
            panic!("{data}: {:?}", imported.warnings)
        };
        assert_eq!(w.line, Some(line), "{data}");
        assert!(
            w.message.starts_with(message) && w.message.ends_with("; skipped"),
            "{}",
            w.message
        );
    }
    // What is wrong with the file as a whole is still an error.
    let err = csv::import("a,b,c,d\n", b',', "cards.csv", "c", "C")
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with("cannot import cards.csv, line 1: 4 columns and no header row"),
        "{err}"
    );
}

#[test]
fn an_anki_package_made_by_genanki() {
    let bytes = std::fs::read(fixture("anki/belarus-it.apkg")).unwrap();
    let imported = anki::import(&bytes, "belarus-it.apkg", "belarus-it", "Belarus IT").unwrap();
    let cards: Vec<(&str, &str)> = imported
        .deck
        .cards
        .iter()
        .map(|c| (c.id.as_str(), c.kind().name()))
        .collect();
    assert_eq!(
        cards,
        [
            ("anki-basic-htp", "flash"),
            ("anki-reversed_2bfounder", "flash"),
            ("anki-type-in_2fdainova", "text"),
            ("anki-cloze-decree", "cloze"),
            ("anki-basic-minsk", "flash"),
        ]
    );
    let deck = &imported.deck;
    assert!(
        matches!(&card(deck, "anki-reversed_2bfounder").body, Body::Flash { back, reverse: true, .. } if back == "Valery Tsepkalo")
    );
    assert!(
        matches!(&card(deck, "anki-type-in_2fdainova").body, Body::Text { answer, .. } if answer == "Dainova")
    );
    assert_eq!(
        card(deck, "anki-cloze-decree").explain.as_deref(),
        Some("Pushed for by Valery Tsepkalo.")
    );
    assert_eq!(card(deck, "anki-cloze-decree").tags, ["htp", "dates"]);
    assert!(
        matches!(&card(deck, "anki-basic-minsk").body, Body::Flash { front, back, .. }
        if front == "Minsk computers\n(1960s)" && back == "Built without reference to Western designs & deployed widely")
    );
    assert_eq!(imported.warnings.len(), 1);
    assert_eq!(
        imported.warnings[0].message,
        "note “Minsk computers (1960s)”: media “minsk.jpg” left out"
    );
    // The same package imported again gives the same ids: progress carries over.
    let again = anki::import(&bytes, "belarus-it.apkg", "belarus-it", "Belarus IT").unwrap();
    assert_eq!(again.deck, imported.deck);
}

#[test]
fn broken_packages_are_errors_not_panics() {
    let bytes = std::fs::read(fixture("anki/belarus-it.apkg")).unwrap();
    for bad in [
        &bytes[..bytes.len() / 2],
        b"PK\x03\x04 not really".as_slice(),
        b"".as_slice(),
    ] {
        let err = anki::import(bad, "x.apkg", "x", "X")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("cannot import x.apkg: "), "{err}");
    }
}

#[test]
fn moodle_xml_is_well_formed_and_complete() {
    let text =
        std::fs::read_to_string(format!("{}/decks/example.toml", env!("CARGO_MANIFEST_DIR")))
            .unwrap();
    let deck = parse(&text).deck.unwrap();
    let (xml, _) = moodle_xml::export(&deck);
    let mut reader = quick_xml::Reader::from_str(&xml);
    let mut types = Vec::new();
    loop {
        match reader.read_event().expect("well-formed XML") {
            quick_xml::events::Event::Eof => break,
            quick_xml::events::Event::Start(e) if e.name().as_ref() == "question" => {
                let t = e.try_get_attribute("type").unwrap().unwrap();
                types.push(t.value.to_string());
            }
            _ => {}
        }
    }
    let questions: Vec<&str> = types
        .iter()
        .map(String::as_str)
        .filter(|t| *t != "category")
        .collect();
    assert_eq!(
        questions,
        [
            "shortanswer",
            "shortanswer",
            "multichoice",
            "multichoice",
            "truefalse",
            "numerical",
            "cloze",
            "ordering",
            "matching"
        ]
    );
    assert!(xml.contains("<unit_name>billion USD</unit_name>"));
    assert!(
        xml.contains("{1:SHORTANSWER:=High Technologies Park~=HTP~=High Technology Park}"),
        "{xml}"
    );
    assert!(xml.contains("<answer fraction=\"33.33333\" format=\"plain_text\"><text>Exemption from income tax and VAT</text>"));
}

#[test]
fn anki_tsv_has_the_headers_anki_reads() {
    let deck = parse(
        &std::fs::read_to_string(format!("{}/decks/example.toml", env!("CARGO_MANIFEST_DIR")))
            .unwrap(),
    )
    .deck
    .unwrap();
    let (tsv, warnings) = anki_text::export_tsv(&deck);
    assert!(tsv.starts_with("#separator:tab\n#html:true\n#guid column:1\n#notetype column:2\n#deck:example\n#tags column:5\n"), "{tsv}");
    assert!(
        tsv.contains("kartka:example:htp-name\tBasic (and reversed card)\tHTP\t"),
        "{tsv}"
    );
    assert!(tsv.contains("kartka:example:htp-founder\tBasic (type in the answer)\tWho founded the Hi-Tech Park?\tValery Tsepkalo\thtp people example\n"), "{tsv}");
    assert!(tsv.contains("\tCloze\tA presidential decree launched the {{c1::High Technologies Park::name}} in {{c2::2005}}."));
    assert!(warnings.contains(&"htp-decree-year: Anki's cloze takes one answer per blank; the other accepted answers are left out".to_string()), "{warnings:?}");
    assert!(warnings.contains(&"6 choice, multi, true/false, number, order and match cards become Basic notes, the options on the front, the answer and explanation on the back: Anki has no such kinds".to_string()), "{warnings:?}");
}

#[test]
fn markdown_handout_with_an_answer_key() {
    let deck = parse(
        &std::fs::read_to_string(format!("{}/decks/example.toml", env!("CARGO_MANIFEST_DIR")))
            .unwrap(),
    )
    .deck
    .unwrap();
    let md = markdown::export(&deck);
    assert!(md.starts_with("# A tour of the card kinds\n"), "{md}");
    let (questions, key) = md.split_once("## Answer key").unwrap();
    assert!(questions.contains("3. Which company is named as the first recognised private tech company in Belarus?\n   - a) Belhard\n   - b) Dainova\n"), "{questions}");
    assert!(
        !questions.contains("Valery Tsepkalo"),
        "answers stay in the key"
    );
    assert!(
        key.contains("3. **b) Dainova** — Dainova came first"),
        "{key}"
    );
    assert!(key.contains("**High Technologies Park (or HTP, High Technology Park); 2005 (A presidential decree launched the High Technologies Park in 2005.)**"), "{key}");
    assert!(
        questions.contains("A presidential decree launched the [name] in [...]."),
        "{questions}"
    );
}

#[test]
fn csv_export_escapes_formulas() {
    let deck = parse("[deck]\nid = \"d\"\ntitle = \"D\"\n[[cards]]\nid = \"f\"\nkind = \"text\"\nprompt = \"=HYPERLINK(\\\"x\\\")\"\nanswer = \"@SUM(A1)\"\n").deck.unwrap();
    let out = csv::export(&deck);
    assert!(
        out.contains("\"'=HYPERLINK(\"\"x\"\")\"") && out.contains("'@SUM(A1)"),
        "{out}"
    );
    // …and kartka reads its own escaping back.
    let back = csv::import(&out, b',', "d.csv", "d", "D").unwrap();
    assert_eq!(
        back.deck.cards[0].prompt.as_deref(),
        Some("=HYPERLINK(\"x\")")
    );
}

/// Anki's notes in plain text are told by their headers, read as Anki reads them, and what cannot be a
/// card is named with its line.
#[test]
fn anki_notes_in_plain_text_through_the_binary() {
    let dir = TempDir::new().unwrap();
    // Named .csv, as a teacher may rename it: the headers still say what it is.
    let renamed = dir.path().join("notes.csv");
    std::fs::copy(fixture("anki/notes-in-plain-text.txt"), &renamed).unwrap();
    for file in [
        fixture("anki/notes-in-plain-text.txt"),
        renamed.display().to_string(),
    ] {
        let out = Command::cargo_bin("kartka")
            .unwrap()
            .args(["import", &file])
            .assert()
            .success()
            .stderr(contains(format!(
                "{file}:13: an Image Occlusion note: its masks hide parts of an image, which kartka cannot show; skipped"
            )))
            .stderr(contains(format!(
                "{file}:14: its first field (Front) holds only media or markup, which kartka cannot show; skipped"
            )))
            .stderr(contains("Imported 7 cards"));
        let deck = parse(&String::from_utf8_lossy(&out.get_output().stdout))
            .deck
            .unwrap();
        let reversed = deck
            .cards
            .iter()
            .find(|c| c.id == anki::id_from_guid("Ab3&kL0pQz"))
            .unwrap();
        assert!(
            matches!(&reversed.body, Body::Flash { back, reverse: true, .. } if back == "High Technologies Park\n(Minsk)"),
            "{reversed:?}"
        );
    }
}

/// A package is written only to a file (never as bytes to a terminal), and read back by the package
/// reader as the same notes.
#[test]
fn an_anki_package_through_the_binary() {
    let dir = TempDir::new().unwrap();
    let deck = format!("{}/decks/example.toml", env!("CARGO_MANIFEST_DIR"));
    Command::cargo_bin("kartka")
        .unwrap()
        .args(["export", &deck, "--to", "apkg"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(contains(
            "an Anki package is a zip file, not text: name it with --out, e.g. --out deck.apkg",
        ));
    let package = dir.path().join("example.apkg");
    Command::cargo_bin("kartka")
        .unwrap()
        .args(["export", &deck, "--to", "apkg", "--out"])
        .arg(&package)
        .env("KARTKA_NOW", "2026-05-01T10:00:00+03:00")
        .assert()
        .success()
        .stdout(format!("Exported 9 cards to {}.\n", package.display()))
        .stderr(contains(
            "htp-decree-year: Anki's cloze takes one answer per blank; the other accepted answers are left out",
        ));
    // Read back, each note's GUID gives its card's own id again.
    let bytes = std::fs::read(&package).unwrap();
    let imported = anki::import(&bytes, "example.apkg", "example", "Example").unwrap();
    let flash = imported
        .deck
        .cards
        .iter()
        .find(|c| c.id == "htp-name")
        .unwrap();
    assert!(
        matches!(&flash.body, Body::Flash { front, reverse: true, .. } if front == "HTP"),
        "{flash:?}"
    );
    assert_eq!(imported.deck.cards.len(), 9);
}

#[test]
fn import_and_export_through_the_binary() {
    let dir = TempDir::new().unwrap();
    let out = dir.path().join("bank.toml");
    Command::cargo_bin("kartka")
        .unwrap()
        .args(["import", &fixture("moodle-bank.gift"), "--out"])
        .arg(&out)
        .assert()
        .success()
        .stdout(contains("Imported 15 cards from"))
        .stderr(contains(
            ":62: an essay question (`{}`) has no kartka kind; skipped",
        ));
    Command::cargo_bin("kartka")
        .unwrap()
        .args(["check"])
        .arg(&out)
        .assert()
        .success();
    // Never over an existing file without --force.
    Command::cargo_bin("kartka")
        .unwrap()
        .args(["import", &fixture("moodle-bank.gift"), "--out"])
        .arg(&out)
        .assert()
        .code(1)
        .stderr(contains("already exists"));
    let gift_out = dir.path().join("bank.gift");
    Command::cargo_bin("kartka")
        .unwrap()
        .arg("export")
        .arg(&out)
        .args(["--to", "gift", "--out"])
        .arg(&gift_out)
        .assert()
        .success()
        .stdout("Exported 15 cards to ".to_string() + &gift_out.display().to_string() + ".\n");
    let again = Command::cargo_bin("kartka")
        .unwrap()
        .args(["import", "--from", "gift", "--id", "bank"])
        .arg(&gift_out)
        .assert()
        .success();
    let toml = String::from_utf8_lossy(&again.get_output().stdout).to_string();
    assert!(parse(&toml).deck.is_some());
    // Output goes only where asked: without --out, to standard output.
    Command::cargo_bin("kartka")
        .unwrap()
        .args(["export", "example", "--to", "markdown"])
        .current_dir(dir.path())
        .assert()
        .success()
        .stdout(predicate::str::starts_with("# A tour of the card kinds"));
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
}

#[test]
fn the_writer_keeps_imported_decks_stable() {
    let text = std::fs::read_to_string(fixture("moodle-bank.gift")).unwrap();
    let deck = gift::import(&text, "bank.gift", "bank", "Bank")
        .unwrap()
        .deck;
    assert_eq!(parse(&write::to_toml(&deck)).deck, Some(deck));
}

#[test]
fn spreadsheet_and_quizlet_fixtures_through_the_binary() {
    let out = Command::cargo_bin("kartka")
        .unwrap()
        .args(["import", &fixture("spreadsheet.csv")])
        .assert()
        .success();
    let deck = parse(&String::from_utf8_lossy(&out.get_output().stdout))
        .deck
        .unwrap();
    let kinds: Vec<&str> = deck.cards.iter().map(|c| c.kind().name()).collect();
    assert_eq!(kinds, ["text", "choice", "multi", "truefalse", "number"]);
    assert!(
        matches!(&deck.cards[4].body, Body::Number { answer, unit: Some(u), .. } if *answer == 1.8 && u == "billion USD")
    );
    let out = Command::cargo_bin("kartka")
        .unwrap()
        .args(["import", &fixture("quizlet.tsv")])
        .assert()
        .success();
    let deck = parse(&String::from_utf8_lossy(&out.get_output().stdout))
        .deck
        .unwrap();
    assert_eq!(deck.id, "quizlet");
    assert_eq!(deck.cards.len(), 3);
    assert_eq!(deck.cards[1].tags, ["institutions", "history"]);
    assert_eq!(deck.kinds(), [kartka::deck::Kind::Flash]);
}

/// Handouts and CSV tables place the right option anywhere, not where the deck lists it (first, in most
/// decks): over the shipped decks' choice cards, no place holds more than half of the answers.
#[test]
fn handouts_do_not_give_the_answer_by_its_place() {
    let mut letters = std::collections::BTreeMap::new();
    let mut in_csv = std::collections::BTreeMap::new();
    for name in ["belarus-htp", "belarus-it-history", "belarus-it-politics"] {
        let deck = parse(
            &std::fs::read_to_string(format!("{}/decks/{name}.toml", env!("CARGO_MANIFEST_DIR")))
                .unwrap(),
        )
        .deck
        .unwrap();
        let md = markdown::export(&deck);
        let (_, key) = md.split_once("## Answer key").unwrap();
        for card in deck
            .cards
            .iter()
            .filter(|c| matches!(c.body, kartka::deck::Body::Choice { .. }))
        {
            let n = deck.cards.iter().position(|c| c.id == card.id).unwrap() + 1;
            let line = key
                .lines()
                .find(|l| l.starts_with(&format!("{n}. **")))
                .unwrap();
            let letter = line[format!("{n}. **").len()..].chars().next().unwrap();
            *letters.entry(letter).or_insert(0) += 1;
        }
        assert_eq!(
            md,
            markdown::export(&deck),
            "the same deck exports the same way"
        );
        let table = csv::export(&deck);
        assert_eq!(
            table,
            csv::export(&deck),
            "the same deck exports the same way"
        );
        let mut rows = ::csv::Reader::from_reader(table.as_bytes());
        let header = rows.headers().unwrap().clone();
        let column = |name: &str| header.iter().position(|h| h == name).unwrap();
        for row in rows.records().map(Result::unwrap) {
            if &row[column("kind")] == "choice" {
                let options: Vec<&str> = row[column("options")].split(" | ").collect();
                let at = options
                    .iter()
                    .position(|o| *o == &row[column("answer")])
                    .unwrap();
                *in_csv.entry(at).or_insert(0) += 1;
            }
        }
    }
    for spread in [
        letters.values().copied().collect::<Vec<usize>>(),
        in_csv.values().copied().collect(),
    ] {
        let total: usize = spread.iter().sum();
        assert!(total >= 20, "{letters:?} {in_csv:?}");
        assert!(
            spread.iter().all(|&n| n * 2 <= total),
            "{letters:?} {in_csv:?}"
        );
        assert!(spread.len() >= 3, "{letters:?} {in_csv:?}");
    }
}

/// A cloze card's alternatives go where the format has room for them (GIFT and Moodle answers, the CSV
/// `accept` column, the handout's key, the TOML writer) and are reported as left out where it has none.
#[test]
fn cloze_alternatives_are_carried_or_reported() {
    let deck = parse(
        r#"[deck]
id = "d"
title = "D"

[[cards]]
id = "park"
kind = "cloze"
text = "The {{c1::Hi-Tech Park}} opened in {{c2::2005}}."
accept = { c1 = ["High Technologies Park", "HTP"] }
"#,
    )
    .deck
    .unwrap();
    let (gift_text, _) = gift::export(&deck);
    assert!(
        gift_text.contains("{=Hi-Tech Park =High Technologies Park =HTP}"),
        "{gift_text}"
    );
    let (_, warnings) = anki_text::export_tsv(&deck);
    assert_eq!(
        warnings,
        ["park: Anki's cloze takes one answer per blank; the other accepted answers are left out"]
    );
    let md = markdown::export(&deck);
    assert!(
        md.contains("**Hi-Tech Park (or High Technologies Park, HTP); 2005"),
        "{md}"
    );
    let toml = write::to_toml(&deck);
    assert!(
        toml.contains("accept.c1 = [\"High Technologies Park\", \"HTP\"]\n"),
        "{toml}"
    );
    assert_eq!(parse(&toml).deck, Some(deck));
}

#[test]
fn strict_import_fails_on_any_warning_and_writes_nothing() {
    let dir = TempDir::new().unwrap();
    let csv = dir.path().join("cards.csv");
    std::fs::write(&csv, "prompt,answer,kind\nQ?,A,text\nQ2?,A,textt\n").unwrap();
    let out = dir.path().join("cards.toml");
    Command::cargo_bin("kartka")
        .unwrap()
        .arg("import")
        .arg(&csv)
        .arg("--out")
        .arg(&out)
        .arg("--strict")
        .assert()
        .code(1)
        .stderr(contains("cards.csv:3: unknown kind `textt`; skipped"))
        .stderr(contains(
            "cards.csv: 1 warning with --strict; nothing written",
        ));
    assert!(!out.exists());
    Command::cargo_bin("kartka")
        .unwrap()
        .arg("import")
        .arg(&csv)
        .arg("--out")
        .arg(&out)
        .assert()
        .success()
        .stdout(contains("Imported 1 card from"));
    assert!(out.exists());
}

/// A `feedback` column from another tool is one text per question (kartka's `explain`); kartka's own is a
/// JSON object keyed by answer.
#[test]
fn a_csv_feedback_column_is_the_explanation_unless_it_is_keyed_by_answer() {
    let data = "prompt,options,answer,feedback\n\
                Capital?,Minsk | Brest,Minsk,Minsk has been the capital since 1919.\n\
                Capital again?,Minsk | Brest,Minsk,\"{\"\"Brest\"\": \"\"On the border.\"\"}\"\n";
    let deck = csv::import(data, b',', "c.csv", "c", "C").unwrap().deck;
    assert_eq!(
        deck.cards[0].explain.as_deref(),
        Some("Minsk has been the capital since 1919.")
    );
    let Body::Choice { per_answer, .. } = &deck.cards[1].body else {
        panic!()
    };
    assert_eq!(
        per_answer.feedback,
        [None, Some("On the border.".to_string())]
    );
}

/// Moodle's one-answer question may have several right options: each is full marks in kartka too.
#[test]
fn a_gift_choice_with_two_right_options_grades_both_right() {
    let deck = gift::import(
        "::two:: Which city is in Belarus? {=Minsk =Brest ~Warsaw}\n",
        "two.gift",
        "two",
        "Two",
    )
    .unwrap()
    .deck;
    let item = deck.cards[0].items()[0];
    let layout = kartka::grade::Layout::identity(&item);
    let verdict = |said: &str| kartka::grade::grade(&item, &layout, said).unwrap();
    assert!(verdict("Minsk").correct && verdict("Brest").correct);
    assert_eq!(verdict("Warsaw").score, 0.0);
}

/// A choice with two options worth full marks: the handout's key and `kartka show` give both.
#[test]
fn a_second_right_option_is_in_the_key_and_in_show() {
    let dir = TempDir::new().unwrap();
    let deck_path = dir.path().join("two.toml");
    let imported = gift::import(
        "::two:: Which is the capital's name? {=Minsk =Mensk ~Brest}\n",
        "two.gift",
        "two",
        "Two",
    )
    .unwrap();
    std::fs::write(&deck_path, write::to_toml(&imported.deck)).unwrap();
    let md = markdown::export(&imported.deck);
    let key = md.split("## Answer key").nth(1).unwrap();
    assert!(
        key.contains("Minsk") && key.contains(" or ") && key.contains("Mensk"),
        "{key}"
    );
    Command::cargo_bin("kartka")
        .unwrap()
        .arg("show")
        .arg(&deck_path)
        .assert()
        .success()
        .stdout(contains("credit: Mensk 100%"));
}
