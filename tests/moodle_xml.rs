//! Moodle XML in and out: each rule of Moodle's importer on a fixture of ours (tests/fixtures/moodle-xml),
//! hostile files, and every shipped deck exported and read back.

use kartka::deck::{Body, Deck, parse};
#[allow(dead_code)]
mod support;

use kartka::interop::moodle_xml;
use kartka::interop::question::{Answer, Bank, ClozePart, Gap, Kind, NumericAnswer};
use support::bank::{answer, named, warning};

fn fixture(name: &str) -> Bank {
    let path = format!(
        "{}/tests/fixtures/moodle-xml/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    moodle_xml::read(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn multichoice_keeps_partial_credit_feedback_and_html_as_text() {
    let bank = fixture("choice.xml");
    let q = named(&bank, "htp-founded");
    assert_eq!(q.line, Some(5));
    assert_eq!(q.text, "When was the Hi-Tech Park founded?");
    assert_eq!(
        q.general_feedback.as_deref(),
        Some("By a decree of 22 September 2005.")
    );
    assert_eq!(
        q.kind,
        Kind::Choice {
            options: vec![
                answer("2005", 1.0, Some("Right: 2005.")),
                answer("2006", 0.5, Some("Close & yet not.")),
                answer("1995", 0.0, None),
            ],
            single: true,
        }
    );
    assert!(q.notes.is_empty(), "{:?}", q.notes);
}

#[test]
fn multichoice_with_several_answers_and_a_fixed_order() {
    let bank = fixture("choice.xml");
    let q = named(&bank, "htp-benefits");
    assert_eq!(q.text, "Which are Hi-Tech Park benefits?");
    assert_eq!(
        q.kind,
        Kind::Choice {
            options: vec![
                answer("No income tax", 0.5, None),
                answer("No VAT", 0.5, None),
                answer("Free office space", -1.0, None),
            ],
            single: false,
        }
    );
    assert_eq!(
        q.notes,
        [
            "the image `@@PLUGINFILE@@/park.png` is left out",
            "Moodle shows its options in a fixed order; kartka shuffles them"
        ]
    );
}

#[test]
fn plain_text_stays_as_typed_and_grades_off_moodles_list_are_noted() {
    let bank = fixture("choice.xml");
    let q = named(&bank, "odd-grade");
    assert_eq!(q.text, "Pick <one> of these & more");
    let Kind::Choice { options, single } = &q.kind else {
        panic!("{q:?}")
    };
    assert!(*single, "no <single> is Moodle's default: one answer");
    assert_eq!(options[0].text, "<b>bold</b> as typed");
    assert_eq!(options[1].credit, 0.33);
    assert_eq!(
        q.notes,
        [
            "the grade 33% is not one Moodle accepts (its importer refuses it or takes the nearest); kept as written"
        ]
    );
}

#[test]
fn multichoice_that_moodle_would_refuse_is_skipped_at_its_line() {
    let bank = fixture("choice.xml");
    assert_eq!(bank.questions.len(), 3);
    assert_eq!(
        bank.warnings,
        [
            warning(
                38,
                "`lonely`: a multiple-choice question needs at least two options; skipped"
            ),
            warning(46, "`no-credit`: no option earns any credit; skipped"),
        ]
    );
}

#[test]
fn truefalse_by_answer_name_with_feedback_for_each() {
    let bank = fixture("truefalse.xml");
    assert_eq!(
        named(&bank, "epam-minsk").kind,
        Kind::TrueFalse {
            answer: true,
            feedback_true: Some("Yes, since the 1990s.".into()),
            feedback_false: Some("It does.".into()),
        }
    );
    assert_eq!(
        named(&bank, "htp-closed").kind,
        Kind::TrueFalse {
            answer: false,
            feedback_true: None,
            feedback_false: None,
        }
    );
    let old = named(&bank, "old-style");
    // Moodle's auto-format: HTML whose line breaks are kept.
    assert_eq!(old.text, "Minsk is the capital\nof Belarus.");
    assert_eq!(
        old.kind,
        Kind::TrueFalse {
            answer: true,
            feedback_true: None,
            feedback_false: None,
        }
    );
    assert_eq!(
        old.notes,
        ["its answers are not named `true` and `false`; read as Moodle does, true first"]
    );
    assert_eq!(
        bank.warnings,
        [warning(
            30,
            "`empty-tf`: a true/false question without answers; skipped"
        )]
    );
}

#[test]
fn shortanswer_reads_case_grades_and_wildcard_as_plain_text() {
    let bank = fixture("shortanswer.xml");
    assert_eq!(
        named(&bank, "htp-city").kind,
        Kind::Short {
            answers: vec![
                answer("Minsk", 1.0, Some("Yes.")),
                answer("<b>Minsk</b>", 0.5, None),
                answer("*", 0.0, Some("It is Minsk.")),
            ],
            case_sensitive: true,
        }
    );
    assert_eq!(
        named(&bank, "no-usecase").kind,
        Kind::Short {
            answers: vec![answer("Minsk", 1.0, None)],
            case_sensitive: false,
        }
    );
    assert_eq!(
        bank.warnings,
        [warning(
            23,
            "`all-wrong`: no answer earns any credit; skipped"
        )]
    );
}

#[test]
fn numerical_answers_tolerances_units_and_old_forms() {
    let bank = fixture("numerical.xml");
    let q = named(&bank, "htp-revenue");
    assert_eq!(
        q.kind,
        Kind::Numerical {
            answers: vec![
                NumericAnswer {
                    value: 3.2,
                    tolerance: 0.1,
                    credit: 1.0,
                    feedback: Some("Right.".into()),
                },
                NumericAnswer {
                    value: 3.0,
                    tolerance: 0.5,
                    credit: 0.5,
                    feedback: None,
                },
            ],
            units: vec![("billion USD".into(), 1.0), ("million USD".into(), 1000.0)],
        }
    );
    assert_eq!(
        q.notes,
        ["any other number earns 0% in Moodle; kartka counts only the answers given"]
    );
    let old = named(&bank, "old-fraction");
    assert_eq!(
        old.kind,
        Kind::Numerical {
            answers: vec![NumericAnswer {
                value: 2005.0,
                tolerance: 0.0,
                credit: 1.0,
                feedback: None,
            }],
            units: vec![],
        }
    );
    assert_eq!(
        old.notes,
        [
            "the answer `many` is not a number and is left out",
            "Moodle does not ask for its units, so neither does kartka"
        ]
    );
    assert_eq!(
        bank.warnings,
        [warning(
            29,
            "`no-number`: no number earns any credit; skipped"
        )]
    );
}

#[test]
fn matching_pairs_and_distractors() {
    let bank = fixture("matching.xml");
    assert_eq!(
        named(&bank, "companies").kind,
        Kind::Matching {
            pairs: vec![
                ("EPAM".into(), "software engineering".into()),
                ("Wargaming".into(), "World of Tanks".into()),
            ],
            distractors: vec!["social network".into()],
        }
    );
    assert_eq!(
        bank.warnings,
        [
            warning(
                16,
                "`half-pair`: the item `Two` has nothing to match; skipped"
            ),
            warning(
                24,
                "`one-pair`: a matching question needs at least two pairs; skipped"
            ),
        ]
    );
}

#[test]
fn ordering_takes_the_file_order_and_notes_a_subset() {
    let bank = fixture("ordering.xml");
    let q = named(&bank, "it-history");
    assert_eq!(
        q.kind,
        Kind::Ordering {
            items: vec![
                "Minsk computer plant opens".into(),
                "Hi-Tech Park founded".into(),
                "Decree No. 8 on the digital economy".into(),
            ]
        }
    );
    assert!(q.notes.is_empty());
    assert_eq!(
        named(&bank, "subset").notes,
        ["Moodle shows 2 of its 3 items at a time; kartka asks them all"]
    );
}

fn gap(number: u32, answers: Vec<Answer>, choice: bool) -> ClozePart {
    ClozePart::Gap(Gap {
        number,
        answers,
        choice,
        hint: None,
    })
}

fn text(s: &str) -> ClozePart {
    ClozePart::Text(s.into())
}

#[test]
fn cloze_gaps_of_every_type_with_grades_feedback_and_escapes() {
    let bank = fixture("cloze.xml");
    let q = named(&bank, "htp-cloze");
    assert_eq!(q.line, Some(5));
    assert_eq!(q.general_feedback.as_deref(), Some("Decree No. 12."));
    assert_eq!(
        q.kind,
        Kind::Cloze {
            parts: vec![
                text("The park opened in "),
                gap(
                    1,
                    vec![
                        answer("2005", 1.0, None),
                        answer("2006", 0.5, Some("Close"))
                    ],
                    false
                ),
                text(" in "),
                gap(
                    2,
                    vec![
                        answer("Minsk", 1.0, Some("Yes")),
                        answer("Brest", 0.0, Some("No"))
                    ],
                    true
                ),
                text(".\nIts short name is "),
                gap(
                    3,
                    vec![
                        answer("HTP", 1.0, None),
                        answer("Hi-Tech} Park", 0.5, None),
                        answer("*", 0.0, Some("Try HTP")),
                    ],
                    false
                ),
                text(", case: "),
                gap(4, vec![answer("HTP", 1.0, None)], false),
                text("."),
            ]
        }
    );
    assert_eq!(
        q.notes,
        [
            "gap 1 accepts 2005 within 1 in Moodle; kartka asks for it exactly",
            "gap 4 is case-sensitive in Moodle; kartka ignores case"
        ]
    );
}

#[test]
fn cloze_multiresponse_is_scaled_as_moodle_does_and_entities_decoded() {
    let bank = fixture("cloze.xml");
    let q = named(&bank, "responses");
    assert_eq!(
        q.kind,
        Kind::Cloze {
            parts: vec![
                text("Tick the residents: "),
                gap(
                    1,
                    vec![
                        answer("EPAM", 0.5, None),
                        answer("Wargaming", 0.5, None),
                        answer("Belavia", -0.5, None),
                    ],
                    true
                ),
                // Outside a gap Moodle undoes no escape.
                text(" and type C\\#: "),
                gap(
                    2,
                    vec![answer("C#", 1.0, None), answer("café", 1.0, None)],
                    false
                ),
            ]
        }
    );
    assert_eq!(
        q.notes,
        [
            "gap 1 lets several options be ticked in Moodle; kartka asks for one",
            "its gaps carry different weights in Moodle; kartka counts each the same"
        ]
    );
}

#[test]
fn cloze_that_moodle_refuses_is_skipped_with_why() {
    let bank = fixture("cloze.xml");
    assert_eq!(bank.questions.len(), 2);
    assert_eq!(
        bank.warnings,
        [
            warning(
                18,
                "`no-gaps`: a cloze question without embedded answers; skipped"
            ),
            warning(
                24,
                "`one-choice`: Moodle would refuse this cloze: a choice gap has fewer than two options; skipped"
            ),
            warning(
                30,
                "`half-marks`: Moodle would refuse this cloze: a gap has no answer with full marks; skipped"
            ),
            warning(
                36,
                "`not-a-number`: Moodle would refuse this cloze: the numerical gap answer `two thousand five` is not a number; skipped"
            ),
        ]
    );
}

#[test]
fn types_kartka_cannot_ask_are_skipped_each_at_its_line() {
    let bank = fixture("skipped.xml");
    assert_eq!(
        bank.warnings,
        [
            warning(
                4,
                "`intro`: a description is text shown between questions; skipped"
            ),
            warning(
                8,
                "`opinion`: an essay question is marked by a teacher; skipped"
            ),
            warning(
                12,
                "`formula`: Moodle's `calculated` question type has no kartka kind; skipped"
            ),
            warning(
                16,
                "Moodle's `ddmarker` question type has no kartka kind; skipped"
            ),
            warning(19, "`typeless`: a question without a type; skipped"),
            warning(27, "`no-text`: it has no question text; skipped"),
            warning(
                33,
                "`raw-html`: a <text> holds the element <b>: HTML there must be escaped or in CDATA; skipped"
            ),
        ]
    );
    assert_eq!(bank.questions.len(), 1);
    assert_eq!(bank.questions[0].name.as_deref(), Some("kept"));
}

#[test]
fn categories_and_tags_become_tags() {
    let bank = fixture("categories.xml");
    assert!(bank.warnings.is_empty());
    // The question's own tags, and its category's unless it already has it.
    assert_eq!(named(&bank, "in-park").tags, ["minsk", "hi-tech-park"]);
    assert!(named(&bank, "at-top").tags.is_empty());
    assert_eq!(named(&bank, "slashed").tags, ["input-output"]);
}

#[test]
fn a_file_that_is_not_moodle_xml_says_what_it_is() {
    let err = moodle_xml::read("<html><body>Hi</body></html>").unwrap_err();
    assert_eq!(
        err.to_string(),
        "not Moodle XML: the root element is <html>, not <quiz>"
    );
    let err = moodle_xml::read("question,answer\nMinsk,Belarus\n").unwrap_err();
    assert_eq!(err.to_string(), "not Moodle XML: it holds no XML element");
    let err = moodle_xml::read("<!-- a comment never closed <quiz>").unwrap_err();
    assert!(
        err.to_string()
            .starts_with("not Moodle XML: it is not well-formed XML (line 1: "),
        "{err}"
    );
}

const GOOD: &str = "<question type=\"shortanswer\"><name><text>ok</text></name><questiontext><text>Q?</text></questiontext><answer fraction=\"100\"><text>A</text></answer></question>";

#[test]
fn broken_xml_keeps_what_came_before_and_says_where_it_broke() {
    let data = format!(
        "<quiz>\n{GOOD}\n<question type=\"shortanswer\">\n<name><text>cut</text></name></answer>\n</quiz>"
    );
    let bank = moodle_xml::read(&data).unwrap();
    assert_eq!(bank.questions.len(), 1);
    assert_eq!(bank.warnings.len(), 1);
    assert_eq!(bank.warnings[0].line, Some(4));
    assert!(
        bank.warnings[0]
            .message
            .starts_with("the XML is broken here (")
            && bank.warnings[0]
                .message
                .ends_with("; nothing from here on (with the question it is in) was read"),
        "{:?}",
        bank.warnings
    );
    let truncated = format!("<quiz>\n{GOOD}\n<question type=\"truefalse\">\n<name><text>half");
    let bank = moodle_xml::read(&truncated).unwrap();
    assert_eq!(bank.questions.len(), 1);
    assert_eq!(
        bank.warnings,
        [warning(
            3,
            "the file ends inside this question; it was not read"
        )]
    );
}

#[test]
fn a_byte_order_mark_and_comments_before_the_quiz_are_fine() {
    let data = format!(
        "\u{feff}<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- exported -->\n<quiz>{GOOD}</quiz>"
    );
    let bank = moodle_xml::read(&data).unwrap();
    assert_eq!(bank.questions.len(), 1, "{bank:?}");
    assert!(bank.warnings.is_empty());
}

#[test]
fn a_long_cloze_with_many_gaps_is_read_in_time() {
    let gaps = "{1:SA:=Minsk~%50%Minsk city#close} and ".repeat(3000);
    let data = format!(
        "<quiz><question type=\"cloze\"><name><text>long</text></name><questiontext format=\"html\"><text><![CDATA[{gaps}]]></text></questiontext></question></quiz>"
    );
    let started = std::time::Instant::now();
    let bank = moodle_xml::read(&data).unwrap();
    let Kind::Cloze { parts } = &bank.questions[0].kind else {
        panic!("{bank:?}")
    };
    assert_eq!(
        parts
            .iter()
            .filter(|p| matches!(p, ClozePart::Gap(_)))
            .count(),
        3000
    );
    assert!(started.elapsed().as_secs() < 20, "{:?}", started.elapsed());
}

#[test]
fn a_dtd_is_never_processed_so_entities_do_not_expand() {
    let data = format!(
        "<?xml version=\"1.0\"?>\n<!DOCTYPE quiz [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">]>\n<quiz>{}</quiz>",
        GOOD.replace("Q?", "Q &b; &#x41;&#66;")
    );
    let bank = moodle_xml::read(&data).unwrap();
    assert_eq!(bank.questions[0].text, "Q &b; AB");
}

#[test]
fn a_question_nested_impossibly_deep_is_skipped() {
    let deep = format!("{}x{}", "<a>".repeat(200), "</a>".repeat(200));
    let data = format!("<quiz>\n<question type=\"shortanswer\">{deep}</question>\n{GOOD}</quiz>");
    let bank = moodle_xml::read(&data).unwrap();
    assert_eq!(bank.questions.len(), 1);
    assert_eq!(
        bank.warnings,
        [warning(
            2,
            "this question nests elements more than 64 deep; skipped"
        )]
    );
}

#[test]
fn no_input_makes_the_reader_panic() {
    // Every prefix of a real file, and bytes of it shuffled about: errors or warnings, never a panic.
    let path = format!(
        "{}/tests/fixtures/moodle-xml/cloze.xml",
        env!("CARGO_MANIFEST_DIR")
    );
    let data = std::fs::read_to_string(path).unwrap();
    for (end, _) in data.char_indices().step_by(7) {
        let _ = moodle_xml::read(&data[..end]);
    }
    let mut state = 0x2545_f491_u64;
    let chars: Vec<char> = data.chars().collect();
    for _ in 0..200 {
        let mut mutated = chars.clone();
        for _ in 0..20 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let i = (state % mutated.len() as u64) as usize;
            let j = ((state >> 32) % mutated.len() as u64) as usize;
            mutated.swap(i, j);
        }
        let text: String = mutated.into_iter().collect();
        let _ = moodle_xml::read(&text);
    }
}

/// Moodle's grade list (`question_bank::fraction_options_full`), written out here on its own so that
/// the exporter's copy is checked against it.
fn moodle_grade(fraction: f64) -> bool {
    let listed = [
        1.0, 0.9, 0.8333333, 0.8, 0.75, 0.7, 0.6666667, 0.6, 0.5, 0.4, 0.3333333, 0.3, 0.25, 0.2,
        0.1666667, 0.1428571, 0.125, 0.1111111, 0.1, 0.05, 0.0,
    ];
    listed.iter().any(|v| (fraction.abs() - v).abs() < 0.00001)
}

fn shipped_decks() -> Vec<Deck> {
    let dir = format!("{}/decks", env!("CARGO_MANIFEST_DIR"));
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| parse(&std::fs::read_to_string(p).unwrap()).deck.unwrap())
        .collect()
}

/// The cloze text with each gap filled by its first answer.
fn filled(parts: &[ClozePart]) -> String {
    parts
        .iter()
        .map(|p| match p {
            ClozePart::Text(t) => t.clone(),
            ClozePart::Gap(g) => g.answers[0].text.clone(),
        })
        .collect()
}

#[test]
fn every_shipped_deck_exports_and_reads_back_with_moodles_grades() {
    let mut checked = 0;
    for deck in shipped_decks() {
        let (xml, _) = moodle_xml::export(&deck);
        let bank = moodle_xml::read(&xml).unwrap();
        assert!(bank.warnings.is_empty(), "{}: {:?}", deck.id, bank.warnings);
        assert_eq!(bank.questions.len(), deck.cards.len(), "{}", deck.id);
        for (card, q) in deck.cards.iter().zip(&bank.questions) {
            assert!(q.notes.is_empty(), "{}: {:?}", card.id, q.notes);
            assert_eq!(q.name.as_deref(), Some(card.id.as_str()));
            assert_eq!(q.general_feedback, card.explain, "{}", card.id);
            for tag in &card.tags {
                assert!(
                    q.tags.contains(tag),
                    "{}: {tag} not in {:?}",
                    card.id,
                    q.tags
                );
            }
            let prompt = card.prompt.clone().unwrap_or_default();
            match (&card.body, &q.kind) {
                (Body::Flash { front, back, .. }, Kind::Short { answers, .. }) => {
                    assert_eq!(&q.text, front);
                    assert_eq!(answers, &[Answer::new(back.as_str(), 1.0)]);
                }
                (
                    Body::Text {
                        answer: a,
                        accept,
                        case_sensitive,
                        ..
                    },
                    Kind::Short {
                        answers,
                        case_sensitive: read_case,
                    },
                ) => {
                    assert_eq!(q.text, prompt);
                    assert_eq!(case_sensitive, read_case);
                    let texts: Vec<&str> = answers.iter().map(|a| a.text.as_str()).collect();
                    let mut wanted = vec![a.as_str()];
                    wanted.extend(accept.iter().map(String::as_str));
                    assert_eq!(texts, wanted);
                }
                (
                    Body::Choice {
                        options,
                        answer: right,
                        ..
                    },
                    Kind::Choice {
                        options: read,
                        single,
                    },
                ) => {
                    assert!(*single);
                    assert_eq!(q.text, prompt);
                    for (i, (o, r)) in options.iter().zip(read).enumerate() {
                        assert_eq!(o, &r.text);
                        assert_eq!(r.credit, if i == *right { 1.0 } else { 0.0 });
                    }
                }
                (
                    Body::Multi {
                        options, answers, ..
                    },
                    Kind::Choice {
                        options: read,
                        single,
                    },
                ) => {
                    assert!(!*single);
                    assert_eq!(options.len(), read.len());
                    let total: f64 = read.iter().map(|r| r.credit.max(0.0)).sum();
                    assert!((total - 1.0).abs() < 0.005, "{}: {total}", card.id);
                    for (i, r) in read.iter().enumerate() {
                        assert!(moodle_grade(r.credit), "{}: {}", card.id, r.credit);
                        assert_eq!(r.credit > 0.0, answers.contains(&i), "{}", card.id);
                    }
                }
                (Body::TrueFalse { answer: right, .. }, Kind::TrueFalse { answer, .. }) => {
                    assert_eq!(right, answer);
                }
                (
                    Body::Number {
                        answer: value,
                        unit,
                        ..
                    },
                    Kind::Numerical { answers, units },
                ) => {
                    assert_eq!(answers[0].value, *value);
                    assert_eq!(answers[0].credit, 1.0);
                    let wanted: Vec<(String, f64)> =
                        unit.iter().map(|u| (u.clone(), 1.0)).collect();
                    assert_eq!(units, &wanted, "{}", card.id);
                }
                (
                    Body::Cloze {
                        text: body,
                        deletions,
                    },
                    Kind::Cloze { parts },
                ) => {
                    let mut want = card
                        .prompt
                        .clone()
                        .map(|p| format!("{p}\n"))
                        .unwrap_or_default();
                    let mut at = 0;
                    for d in deletions {
                        want.push_str(&body[at..d.start]);
                        want.push_str(&d.answer);
                        at = d.end;
                    }
                    want.push_str(&body[at..]);
                    assert_eq!(filled(parts), want.trim(), "{}", card.id);
                }
                (Body::Order { items }, Kind::Ordering { items: read }) => {
                    assert_eq!(items, read);
                }
                (
                    Body::Match { pairs },
                    Kind::Matching {
                        pairs: read,
                        distractors,
                    },
                ) => {
                    assert_eq!(pairs, read);
                    assert!(distractors.is_empty());
                }
                (body, kind) => panic!("{}: {body:?} came back as {kind:?}", card.id),
            }
            for a in match &q.kind {
                Kind::Choice { options, .. } => options.clone(),
                Kind::Short { answers, .. } => answers.clone(),
                _ => Vec::new(),
            } {
                assert!(moodle_grade(a.credit), "{}: {}", card.id, a.credit);
            }
            checked += 1;
        }
    }
    assert!(checked > 100, "{checked}");
}

fn deck(toml: &str) -> Deck {
    let loaded = parse(toml);
    loaded
        .deck
        .unwrap_or_else(|| panic!("{:?}", loaded.diagnostics))
}

#[test]
fn export_warns_for_every_field_it_leaves_out() {
    let deck = deck(
        r#"
[deck]
id = "left-out"
title = "What Moodle has no place for"
description = "A deck"
authors = ["kartka"]
tags = ["it"]

[[sources]]
id = "scene"
title = "An article"

[[cards]]
id = "typed"
kind = "text"
prompt = "Capital of Belarus?"
answer = "Minsk"
typos = 2
accent_sensitive = true
source = "scene"

[[cards]]
id = "both-ways"
kind = "flash"
front = "HTP"
back = "Hi-Tech Park"
reverse = true

[[cards]]
id = "gap"
kind = "cloze"
prompt = "Fill in the year."
text = "Founded in {{c1::2005::a year}}."
"#,
    );
    let (_, warnings) = moodle_xml::export(&deck);
    assert_eq!(
        warnings,
        [
            "the deck's description, authors, tags, sources are left out: Moodle XML has no place for them",
            "typed: its source is left out: Moodle XML has no place for it",
            "typed: Moodle ignores `accent_sensitive`: it compares letters as typed",
            "typed: Moodle forgives no typos; `typos = 2` is left out",
            "both-ways: a flash card becomes a short-answer question; its reverse side is not asked",
            "gap: Moodle's cloze has no instruction of its own; the prompt begins its text",
            "gap: Moodle's cloze has no hints; they are left out",
        ]
    );
}

#[test]
fn cloze_answers_are_escaped_as_moodle_unescapes_them() {
    let deck = deck(
        r#"
[deck]
id = "escapes"
title = "Escapes"

[[cards]]
id = "paths"
kind = "cloze"
text = "On Windows the folder is {{c1::C:\\Windows}} and {a} ~ stays text; then {{c2::#1 & ~ R&}}."
accept = { c1 = ["=%50% C:\\WINDOWS"] }
"#,
    );
    let (xml, warnings) = moodle_xml::export(&deck);
    assert!(warnings.is_empty(), "{warnings:?}");
    // Every character that would end or change an answer in Moodle's gap syntax is a character
    // reference (decoded by html_entity_decode there); XML then escapes the `&` once more.
    assert!(
        xml.contains("{1:SHORTANSWER:=C:&amp;#92;Windows~==%50% C:&amp;#92;WINDOWS}"),
        "{xml}"
    );
    assert!(
        xml.contains("{1:SHORTANSWER:=&amp;#35;1 &amp;#38; &amp;#126; R&amp;#38;}"),
        "{xml}"
    );
    let bank = moodle_xml::read(&xml).unwrap();
    let Kind::Cloze { parts } = &bank.questions[0].kind else {
        panic!("{bank:?}")
    };
    assert_eq!(
        parts,
        &[
            text("On Windows the folder is "),
            gap(
                1,
                vec![
                    answer("C:\\Windows", 1.0, None),
                    answer("=%50% C:\\WINDOWS", 1.0, None)
                ],
                false
            ),
            text(" and {a} ~ stays text; then "),
            gap(2, vec![answer("#1 & ~ R&", 1.0, None)], false),
            text("."),
        ]
    );
}

#[test]
fn many_options_get_grades_moodle_accepts_adding_up_to_full_marks() {
    let options: Vec<String> = (1..=15).map(|i| format!("\"option {i}\"")).collect();
    let deck = deck(&format!(
        r#"
[deck]
id = "many"
title = "Many options"

[[cards]]
id = "eleven-right"
kind = "multi"
prompt = "Which?"
options = [{}]
answer = [{}]

[[cards]]
id = "three-of-fifteen"
kind = "multi"
prompt = "Which?"
options = [{}]
answer = ["option 1", "option 6", "option 15"]
"#,
        options[..12].join(", "),
        options[..11].join(", "),
        options.join(", ")
    ));
    let (xml, warnings) = moodle_xml::export(&deck);
    assert_eq!(
        warnings,
        [
            "three-of-fifteen: each wrong option costs 10% in Moodle rather than 8.33333%, the nearest grade Moodle has"
        ]
    );
    assert!(!xml.contains("9.09091"), "{xml}");
    let bank = moodle_xml::read(&xml).unwrap();
    let credits: Vec<Vec<f64>> = bank
        .questions
        .iter()
        .map(|q| match &q.kind {
            Kind::Choice { options, .. } => options.iter().map(|o| o.credit).collect(),
            other => panic!("{other:?}"),
        })
        .collect();
    // 11 right: nine tenths and two twentieths; the one wrong option takes all away.
    assert_eq!(
        credits[0],
        [
            0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.05, 0.05, -1.0
        ]
    );
    // 3 right of 15: a third each; twelve wrong at 1/12 is off Moodle's list, so the next grade up,
    // 1/10 each: ticking every option still earns nothing.
    let third = |c: &&f64| (**c - 0.3333333).abs() < 0.00001;
    assert_eq!(credits[1].iter().filter(third).count(), 3);
    assert_eq!(credits[1].iter().filter(|c| **c == -0.1).count(), 12);
    for q in &bank.questions {
        assert!(q.notes.is_empty(), "{:?}", q.notes);
    }
}

#[test]
fn gapselect_and_ddwtos_gaps_choose_within_their_group() {
    let bank = fixture("gapselect.xml");
    let park = || vec![answer("Hi-Tech Park", 1.0, None)];
    assert_eq!(
        named(&bank, "htp-select").kind,
        Kind::Cloze {
            parts: vec![
                text("The "),
                gap(1, park(), true),
                text(" was founded in "),
                gap(
                    2,
                    vec![answer("2005", 1.0, None), answer("1995", 0.0, None)],
                    true
                ),
                text("; "),
                gap(3, park(), true),
                text(" is in "),
                gap(
                    4,
                    vec![answer("Minsk", 1.0, None), answer("Brest", 0.0, None)],
                    true
                ),
                text("."),
            ]
        }
    );
    assert_eq!(
        named(&bank, "drag").kind,
        Kind::Cloze {
            parts: vec![
                text("Drag: "),
                gap(
                    1,
                    vec![answer("EPAM", 1.0, None), answer("Wargaming", 0.0, None)],
                    true
                ),
                text(" before "),
                gap(
                    2,
                    vec![answer("Wargaming", 1.0, None), answer("EPAM", 0.0, None)],
                    true
                ),
                text("."),
            ]
        }
    );
    assert_eq!(
        bank.warnings,
        [warning(
            24,
            "`missing-option`: the gap [[4]] has no option 4; skipped"
        )]
    );
}

/// Through the binary: detected by its extension or its first bytes, each question a card or a warning at
/// its line, in file order, and the deck it writes checks clean.
#[test]
fn kartka_import_reads_moodle_xml_whatever_its_name() {
    let dir = tempfile::TempDir::new().unwrap();
    let renamed = dir.path().join("bank.txt");
    std::fs::copy(
        format!(
            "{}/tests/fixtures/moodle-xml/matching.xml",
            env!("CARGO_MANIFEST_DIR")
        ),
        &renamed,
    )
    .unwrap();
    let out = dir.path().join("bank.toml");
    let run = assert_cmd::Command::cargo_bin("kartka")
        .unwrap()
        .arg("import")
        .arg(&renamed)
        .arg("--out")
        .arg(&out)
        .assert()
        .success()
        .stdout(predicates::str::contains("Imported 1 card from"));
    let stderr = String::from_utf8_lossy(&run.get_output().stderr).to_string();
    let lines: Vec<&str> = stderr
        .lines()
        .map(|l| l.split_once("bank.txt:").map_or(l, |(_, rest)| rest))
        .collect();
    assert_eq!(
        lines,
        [
            "5: kartka matches pairs without extra answers: a distractor is left out (“social network”)",
            "16: `half-pair`: the item `Two` has nothing to match; skipped",
            "24: `one-pair`: a matching question needs at least two pairs; skipped",
        ]
    );
    assert_cmd::Command::cargo_bin("kartka")
        .unwrap()
        .arg("check")
        .arg(&out)
        .assert()
        .success();
}

/// A question hidden in Moodle's bank is read, with a note that kartka will ask it.
#[test]
fn a_hidden_question_is_read_with_a_note() {
    let xml = "<quiz>\n<question type=\"shortanswer\">\n<name><text>h</text></name>\n\
               <questiontext format=\"plain_text\"><text>Capital?</text></questiontext>\n\
               <hidden>1</hidden>\n<answer fraction=\"100\"><text>Minsk</text></answer>\n\
               </question>\n</quiz>\n";
    let bank = moodle_xml::read(xml).unwrap();
    assert_eq!(
        bank.questions[0].notes,
        ["it is hidden in Moodle's bank; kartka asks it like any other"]
    );
}
