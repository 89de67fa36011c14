//! Anki's "Notes in Plain Text" read as Anki reads them (rslib/src/import_export/text/csv/metadata.rs
//! and import.rs): each header, each way of finding fields, tags and note types, and what is passed over.
//! And kartka's own export read back.

use kartka::deck::{Body, parse};
use kartka::interop::anki::text::{export_tsv, is_anki_text, read};
use kartka::interop::draft::Warning;
use kartka::interop::question::{Answer, ClozePart, Gap, Kind, Question};

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/tests/fixtures/anki/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

fn flash(q: &Question) -> (&str, &str, bool) {
    match &q.kind {
        Kind::Flash {
            front,
            back,
            reverse,
        } => (front, back, *reverse),
        other => panic!("not a flash question: {other:?}"),
    }
}

fn warning(line: usize, message: &str) -> Warning {
    Warning {
        line: Some(line),
        message: message.into(),
    }
}

#[test]
fn anki_s_own_export_with_every_column() {
    let bank = read(&fixture("notes-in-plain-text.txt"));
    let q = &bank.questions;
    assert_eq!(q.len(), 7, "{bank:#?}");
    assert_eq!(
        flash(&q[0]),
        ("In which year was the Hi-Tech Park founded?", "2005", false)
    );
    assert_eq!(q[0].guid.as_deref(), Some("f#Qb,`9}k~"));
    assert_eq!(q[0].line, Some(7));
    // Its deck path as tags, one per level, as from a package.
    assert_eq!(q[0].tags, ["htp", "dates", "belarus-it", "hi-tech-park"]);
    assert_eq!(
        flash(&q[1]),
        ("HTP", "High Technologies Park\n(Minsk)", true)
    );
    // The optional reverse only when its field is filled.
    assert_eq!(flash(&q[2]), ("EPAM", "Founded in Minsk in 1993", true));
    assert_eq!(flash(&q[3]), ("Wargaming", "Made World of Tanks", false));
    assert_eq!(q[4].text, "Which company made Viber?");
    assert_eq!(
        q[4].kind,
        Kind::Short {
            answers: vec![Answer::new("Viber Media", 1.0)],
            case_sensitive: true
        }
    );
    assert_eq!(q[4].tags, ["companies", "people", "belarus-it"]);
    assert_eq!(
        q[5].kind,
        Kind::Cloze {
            parts: vec![
                ClozePart::Text("The park was set up by decree in ".into()),
                ClozePart::Gap(Gap {
                    number: 1,
                    answers: vec![Answer::new("2005", 1.0)],
                    choice: false,
                    hint: Some("year".into()),
                }),
                ClozePart::Text(" and has over ".into()),
                ClozePart::Gap(Gap {
                    number: 2,
                    answers: vec![Answer::new("1,000", 1.0)],
                    choice: false,
                    hint: None,
                }),
                ClozePart::Text(" residents.".into()),
            ]
        }
    );
    assert_eq!(
        q[5].general_feedback.as_deref(),
        Some("Decree No. 12 & its renewals.")
    );
    // Quoted fields, a doubled quote and a comma inside.
    assert_eq!(
        flash(&q[6]),
        (
            "Who founded \"Belhard\"?",
            "Igor Mamonenko,\nin 1994",
            false
        )
    );
    assert_eq!(q[6].line, Some(15));
    assert_eq!(
        bank.warnings,
        [
            warning(
                13,
                "an Image Occlusion note: its masks hide parts of an image, which kartka cannot show; skipped"
            ),
            warning(
                14,
                "its first field (Front) holds only media or markup, which kartka cannot show; skipped"
            ),
        ]
    );
}

#[test]
fn one_note_type_for_the_file_and_the_first_spare_column_as_tags() {
    let bank = read(
        "#separator:Semicolon\n#notetype:Basic (and reversed card)\n#tags:belarus it\nHTP;Hi-Tech Park;htp names\nEPAM;A Minsk company\n",
    );
    assert_eq!(bank.questions.len(), 2);
    assert_eq!(flash(&bank.questions[0]), ("HTP", "Hi-Tech Park", true));
    assert_eq!(bank.questions[0].tags, ["belarus", "it", "htp", "names"]);
    assert_eq!(bank.questions[1].tags, ["belarus", "it"]);
    assert_eq!(bank.questions[1].line, Some(5));
}

#[test]
fn columns_by_name() {
    let bank = read(
        "#separator:tab\n#columns:Tags\tBack\tFront\n#tags column:1\nhtp\tMinsk\tWhere is the park?\n",
    );
    assert_eq!(
        flash(&bank.questions[0]),
        ("Where is the park?", "Minsk", false)
    );
    assert_eq!(bank.questions[0].tags, ["htp"]);
}

#[test]
fn every_separator_by_name_or_as_itself() {
    for (header, row) in [
        ("tab", "HTP\t2005"),
        ("Pipe", "HTP|2005"),
        ("semicolon", "HTP;2005"),
        ("colon", "HTP:2005"),
        ("comma", "HTP,2005"),
        ("space", "HTP 2005"),
        (",", "HTP,2005"),
        ("|", "HTP|2005"),
        // A header exported as a record keeps its trailing separators: Anki cuts them off.
        ("tab\t\t", "HTP\t2005"),
    ] {
        let bank = read(&format!("#separator:{header}\n{row}\n"));
        assert_eq!(
            flash(&bank.questions[0]),
            ("HTP", "2005", false),
            "{header:?}"
        );
    }
}

#[test]
fn a_file_naming_no_separator_is_split_on_the_first_anki_finds() {
    // Tab, pipe, semicolon and colon come before comma: a colon in a comma file splits there, as in Anki.
    let bank = read("#html:false\nTime: noon,lunch\n");
    // Fields become text as Anki shows them, trimmed.
    assert_eq!(flash(&bank.questions[0]), ("Time", "noon,lunch", false));
    let bank = read("#html:false\nHTP,2005\n");
    assert_eq!(flash(&bank.questions[0]), ("HTP", "2005", false));
    let bank = read("#html:false\nHTP 2005\n");
    assert_eq!(flash(&bank.questions[0]), ("HTP", "2005", false));
}

#[test]
fn html_only_when_the_file_says_so_or_looks_like_it() {
    let literal = read("#separator:tab\n#html:false\n<b>a</b> &amp; b\tx\n");
    assert_eq!(flash(&literal.questions[0]).0, "<b>a</b> &amp; b");
    let markup = read("#separator:tab\n#html:true\n<b>a</b> &amp; b\tx<br>y\n");
    assert_eq!(flash(&markup.questions[0]), ("a & b", "x\ny", false));
    // No `#html`: one field that looks like HTML makes all of them HTML.
    let sniffed = read("#separator:tab\na &amp; b\tx\nc\t<i>d</i>\n");
    assert_eq!(flash(&sniffed.questions[0]).0, "a & b");
    let plain = read("#separator:tab\na &amp; b\tx\n");
    assert_eq!(flash(&plain.questions[0]).0, "a &amp; b");
}

#[test]
fn the_old_tags_line_and_comments() {
    let bank = read(
        "tags:htp minsk\n#a comment line\nHTP\t\"park,\nin Minsk\"\n#another\n\nEPAM\tcompany\n",
    );
    assert_eq!(bank.questions.len(), 2);
    assert_eq!(bank.questions[0].tags, ["htp", "minsk"]);
    assert_eq!(flash(&bank.questions[0]).1, "park,\nin Minsk");
    assert_eq!(bank.questions[1].line, Some(7));
}

#[test]
fn notes_that_cannot_be_questions_are_passed_over_with_their_line() {
    let bank = read(
        "#separator:tab\n#notetype column:1\n#if matches:keep current\nCloze\tno deletion here\tx\nBasic\t\tback only\nVocabulary\tminsk\tcity\tgorod\nBasic\tHTP\t2005\textra\n",
    );
    assert_eq!(
        bank.warnings,
        [
            warning(
                3,
                "`#if matches` is for notes already in an Anki collection; kartka makes a new deck, so it is ignored"
            ),
            warning(4, "its cloze field “Text” has no deletion; skipped"),
            warning(5, "its first field (Front) is empty; skipped"),
        ]
    );
    let q = &bank.questions;
    assert_eq!(q.len(), 2);
    // A note type Anki does not ship is read as Basic, and says so.
    assert_eq!(
        (q[0].line, flash(&q[0])),
        (Some(6), ("minsk", "city", false))
    );
    assert_eq!(
        q[0].notes,
        [
            "note type `Vocabulary` is not one of Anki's stock types; read as Basic, its first field the front and its second the back",
            "Vocabulary has 2 fields; the columns past them are left out"
        ]
    );
    assert_eq!(
        q[1].notes,
        ["Basic has 2 fields; the columns past them are left out"]
    );
}

#[test]
fn a_file_of_one_note_type_anki_does_not_ship_is_read_as_basic() {
    let bank = read("#notetype:Vocabulary\nminsk\tcity\nbrest\tcity\n");
    assert_eq!(bank.questions.len(), 2);
    assert_eq!(flash(&bank.questions[1]), ("brest", "city", false));
    assert_eq!(
        bank.warnings,
        [warning(
            1,
            "note type `Vocabulary` is not one of Anki's stock types; read as Basic, its first field the front and its second the back"
        )]
    );
}

#[test]
fn media_are_noted() {
    let bank = read("#html:true\nHTP [sound:anthem.mp3]\tpark <img src=\"map.png\">\n");
    assert_eq!(flash(&bank.questions[0]), ("HTP", "park", false));
    assert_eq!(
        bank.questions[0].notes,
        ["media “anthem.mp3” left out", "media “map.png” left out"]
    );
}

#[test]
fn anki_text_is_told_by_its_first_line() {
    assert!(is_anki_text("#separator:tab\nx\ty\n"));
    assert!(is_anki_text("\u{feff}#html:true\nx\ty\n"));
    assert!(is_anki_text("tags:a b\nx\ty\n"));
    assert!(!is_anki_text("front\tback\n"));
    assert!(!is_anki_text("# a comment: not a header\n"));
}

/// kartka's export read back: every shipped deck's flash, typed and cloze cards come back as they were
/// written, with their GUIDs.
#[test]
fn the_export_reads_back() {
    for file in kartka::deck::catalog::built_in() {
        let deck = parse(&file.text).deck.unwrap();
        let (text, _) = export_tsv(&deck);
        let bank = read(&text);
        assert!(bank.warnings.is_empty(), "{:?}", bank.warnings);
        assert_eq!(bank.questions.len(), deck.cards.len());
        for (card, q) in deck.cards.iter().zip(&bank.questions) {
            assert_eq!(
                q.guid.as_deref(),
                Some(format!("kartka:{}:{}", deck.id, card.id).as_str())
            );
            let mut tags = card.tags.clone();
            for t in deck.tags.iter().chain([&deck.id]) {
                if !tags.contains(t) {
                    tags.push(t.clone());
                }
            }
            assert_eq!(q.tags, tags, "{}", card.id);
            match (&card.body, &q.kind) {
                (
                    Body::Flash { front, reverse, .. },
                    Kind::Flash {
                        front: f,
                        reverse: r,
                        back,
                    },
                ) => {
                    assert_eq!((f, r), (front, reverse));
                    assert!(!back.is_empty());
                }
                (Body::Text { answer, .. }, Kind::Short { answers, .. }) => {
                    assert_eq!(Some(&q.text), card.prompt.as_ref());
                    assert_eq!(answers[0].text, *answer);
                }
                (Body::Cloze { deletions, .. }, Kind::Cloze { parts }) => {
                    let gaps: Vec<(u32, &str)> = parts
                        .iter()
                        .filter_map(|p| match p {
                            ClozePart::Gap(g) => Some((g.number, g.answers[0].text.as_str())),
                            ClozePart::Text(_) => None,
                        })
                        .collect();
                    let want: Vec<(u32, &str)> = deletions
                        .iter()
                        .map(|d| (d.number, d.answer.as_str()))
                        .collect();
                    assert_eq!(gaps, want, "{}", card.id);
                    assert_eq!(q.general_feedback, card.explain);
                }
                (_, Kind::Flash { front, .. }) => {
                    assert!(
                        front.starts_with(card.prompt.as_deref().unwrap()),
                        "{}",
                        card.id
                    );
                }
                (body, kind) => panic!("{}: {body:?} read as {kind:?}", card.id),
            }
        }
    }
}

/// Every shipped deck through Anki's plain text and back into cards: each flash, typed and cloze card
/// keeps its id and every field Anki's note types hold; what changes is what the export warned of (an
/// explanation after a flash card's back, a cloze prompt opening its text, the deck's tags on every card,
/// Anki's letter-for-letter typed answers).
#[test]
fn shipped_decks_through_anki_text_and_back() {
    for file in kartka::deck::catalog::built_in() {
        let deck = parse(&file.text).deck.unwrap();
        let back = kartka::interop::cards::to_deck(read(&export_tsv(&deck).0), "x.txt", "x", "X")
            .unwrap()
            .deck;
        assert_eq!(back.cards.len(), deck.cards.len());
        for card in &deck.cards {
            let again = back.cards.iter().find(|c| c.id == card.id).unwrap();
            let mut tags = card.tags.clone();
            for t in deck.tags.iter().chain([&deck.id]) {
                if !tags.contains(t) {
                    tags.push(t.clone());
                }
            }
            assert_eq!(again.tags, tags, "{}", card.id);
            let explained = |text: &str| match &card.explain {
                Some(e) => format!("{text}\n\n{e}"),
                None => text.to_string(),
            };
            match (&card.body, &again.body) {
                (
                    Body::Flash {
                        front,
                        back,
                        reverse,
                    },
                    Body::Flash {
                        front: f,
                        back: b,
                        reverse: r,
                    },
                ) => assert_eq!((f, b, r), (front, &explained(back), reverse), "{}", card.id),
                (
                    Body::Text { answer, .. },
                    Body::Text {
                        answer: a,
                        case_sensitive,
                        ..
                    },
                ) => {
                    assert_eq!((&again.prompt, a), (&card.prompt, answer), "{}", card.id);
                    assert!(case_sensitive);
                }
                (Body::Cloze { text, .. }, Body::Cloze { text: t, .. }) => {
                    let want = match &card.prompt {
                        Some(p) => format!("{p}\n\n{text}"),
                        None => text.clone(),
                    };
                    assert_eq!(t, &want, "{}", card.id);
                    assert_eq!(again.explain, card.explain, "{}", card.id);
                }
                // The other kinds become Basic notes, their options on the front.
                (_, Body::Flash { front, .. }) => {
                    assert!(
                        front.starts_with(card.prompt.as_deref().unwrap()),
                        "{}",
                        card.id
                    )
                }
                (a, b) => panic!("{}: {a:?} came back as {b:?}", card.id),
            }
        }
    }
}
