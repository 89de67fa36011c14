//! Anki itself, from PyPI (tests/support/anki.rs), as the judge of kartka's Anki files: what it makes of
//! each shipped deck and of a deck of every kind and awkward text, exported as a package and as notes in
//! plain text; and whether it reads plain-text files as kartka's reader does.

// Each test binary uses a part of the shared support code.
#[allow(dead_code)]
mod support;

use std::collections::BTreeSet;
use std::path::Path;

use kartka::deck::catalog::built_in;
use kartka::deck::{Body, Deck, parse};
use kartka::interop::anki::{apkg, text as anki_text};
use kartka::interop::html;
use kartka::interop::question::{ClozePart, Kind};
use serde_json::Value;
use support::anki::{Import, import};

fn shipped() -> Vec<Deck> {
    built_in()
        .iter()
        .map(|f| parse(&f.text).deck.unwrap())
        .collect()
}

/// Every kind, and text a spreadsheet or HTML would take for something else.
const AWKWARD: &str = r##"
[deck]
id = "awkward"
title = "Awkward"
tags = ["belarus-it"]

[[cards]]
id = "frost"
kind = "flash"
front = "#1 coldest day in Minsk, in °C"
back = "-40"

[[cards]]
id = "markup"
kind = "flash"
front = "=SUM(A1) & <b>bold</b>"
back = "@home\n+375 \"quoted\"\ttabbed"
reverse = true
tags = ["two-words"]

[[cards]]
id = "typed"
kind = "text"
prompt = "Where is the Hi-Tech Park?"
answer = "Minsk"

[[cards]]
id = "gaps"
kind = "cloze"
text = "{{c1::EPAM}} was founded in {{c2::1993}}; {{c1::EPAM}} is in Minsk & Newtown."
explain = "Both cities <claim> it."

[[cards]]
id = "pick"
kind = "choice"
prompt = "Which is a park?"
options = ["HTP", "EPAM"]
answer = "HTP"

[[cards]]
id = "yes"
kind = "truefalse"
prompt = "HTP opened in 2005."
answer = true
"##;

fn awkward() -> Deck {
    parse(AWKWARD).deck.unwrap()
}

/// A field as Anki's HTML fields hold text.
fn html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('\n', "<br>")
}

/// What each card should become in Anki: note type, first field, cards.
fn expected(card: &kartka::deck::Card) -> (&'static str, String, u64) {
    match &card.body {
        Body::Flash {
            front,
            reverse: true,
            ..
        } => ("Basic (and reversed card)", html(front), 2),
        Body::Flash { front, .. } => ("Basic", html(front), 1),
        Body::Text { .. } => (
            "Basic (type in the answer)",
            html(card.prompt.as_deref().unwrap()),
            1,
        ),
        Body::Cloze { text, deletions } => {
            let numbers: BTreeSet<u32> = deletions.iter().map(|d| d.number).collect();
            ("Cloze", html(text), numbers.len() as u64)
        }
        _ => ("Basic", html(card.prompt.as_deref().unwrap()), 1),
    }
}

fn write(dir: &Path, deck: &Deck, now_ms: i64) -> (std::path::PathBuf, std::path::PathBuf) {
    let package = dir.join(format!("{}-{now_ms}.apkg", deck.id));
    std::fs::write(&package, apkg::export(deck, now_ms).unwrap().0).unwrap();
    let text = dir.join(format!("{}-{now_ms}.txt", deck.id));
    std::fs::write(&text, anki_text::export_tsv(deck).0).unwrap();
    (package, text)
}

/// Anki's notes of `deck`, by GUID.
fn notes_of<'a>(anki: &'a Value, deck: &Deck) -> Vec<&'a Value> {
    anki["notes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["decks"] == serde_json::json!([deck.id]))
        .collect()
}

fn check(anki: &Value, deck: &Deck, how: &str) {
    let notes = notes_of(anki, deck);
    assert_eq!(notes.len(), deck.cards.len(), "{how} {}", deck.id);
    for card in &deck.cards {
        let guid = format!("kartka:{}:{}", deck.id, card.id);
        let note = notes
            .iter()
            .find(|n| n["guid"] == guid)
            .unwrap_or_else(|| panic!("{how}: no note {guid}"));
        let at = format!("{how} {}/{}: {note:#}", deck.id, card.id);
        let (notetype, first, cards) = expected(card);
        // Anki adds a package's note types beside its own, naming them `Basic+` when `Basic` is taken.
        assert_eq!(
            note["notetype"].as_str().unwrap().trim_end_matches('+'),
            notetype,
            "{at}"
        );
        let first_field = if notetype == "Cloze" { "Text" } else { "Front" };
        assert!(
            note["fields"][first_field]
                .as_str()
                .unwrap()
                .contains(&first),
            "{at}"
        );
        if let Body::Choice {
            options, answer, ..
        } = &card.body
        {
            let back = note["fields"]["Back"].as_str().unwrap();
            assert!(back.starts_with(&html(&options[*answer])), "{at}");
        }
        assert_eq!(note["cards"], cards, "{at}");
        let tags: BTreeSet<String> = card.tags.iter().chain(&deck.tags).cloned().collect();
        let got: BTreeSet<String> = note["tags"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t.as_str().unwrap().to_string())
            .collect();
        assert_eq!(got, tags, "{at}");
    }
}

#[test]
fn anki_imports_every_shipped_deck_and_every_kind_as_a_package_and_as_text() {
    let dir = tempfile::tempdir().unwrap();
    let mut decks = shipped();
    decks.push(awkward());
    let (packages, texts): (Vec<_>, Vec<_>) = decks
        .iter()
        .map(|d| write(dir.path(), d, 1_780_000_000_000))
        .unzip();
    let from_packages = import(
        Import::Package,
        &packages.iter().map(|p| p.as_path()).collect::<Vec<_>>(),
    );
    let from_texts = import(
        Import::Text,
        &texts.iter().map(|p| p.as_path()).collect::<Vec<_>>(),
    );
    // Every sort field and checksum is Anki's, and its Check Database finds nothing to mend.
    for check in from_packages["check_database"].as_array().unwrap() {
        assert_eq!(
            check,
            &serde_json::json!({"report": "Database rebuilt and optimized.", "ok": true,
                                "wrong_sort_field_or_checksum": []})
        );
    }
    for (anki, how) in [(&from_packages, "package"), (&from_texts, "text")] {
        for (deck, log) in decks.iter().zip(anki["logs"].as_array().unwrap()) {
            assert_eq!(log["new"], deck.cards.len(), "{how} {}: {log}", deck.id);
            check(anki, deck, how);
        }
    }
    // Both exports give Anki the same notes.
    let strip = |v: &Value| {
        let mut notes = v["notes"].as_array().unwrap().clone();
        notes.sort_by_key(|n| n["guid"].as_str().unwrap().to_string());
        for n in &mut notes {
            let name = n["notetype"]
                .as_str()
                .unwrap()
                .trim_end_matches('+')
                .to_string();
            n["notetype"] = name.into();
            n.as_object_mut().unwrap().remove("stock_kind");
        }
        notes
    };
    assert_eq!(strip(&from_packages), strip(&from_texts));
}

#[test]
fn awkward_text_reaches_anki_as_written() {
    let dir = tempfile::tempdir().unwrap();
    let deck = awkward();
    let (package, text) = write(dir.path(), &deck, 1_780_000_000_000);
    for (kind, file) in [(Import::Package, &package), (Import::Text, &text)] {
        let anki = import(kind, &[file]);
        let notes = anki["notes"].as_array().unwrap();
        let field = |i: usize, name: &str| notes[i]["fields"][name].as_str().unwrap().to_string();
        // Never `'-40`: the spreadsheet guard against formulas is not for Anki.
        assert_eq!(field(0, "Back"), "-40", "{kind:?}");
        assert_eq!(field(0, "Front"), "#1 coldest day in Minsk, in °C");
        assert_eq!(field(1, "Front"), "=SUM(A1) &amp; &lt;b&gt;bold&lt;/b&gt;");
        assert_eq!(field(1, "Back"), "@home<br>+375 \"quoted\"\ttabbed");
        assert_eq!(notes[1]["questions"][1], "@home<br>+375 \"quoted\"\ttabbed");
        assert_eq!(
            notes[1]["tags"],
            serde_json::json!(["belarus-it", "two-words"])
        );
        // Anki asks for the typed answer, and hides each numbered gap on its own card.
        assert!(
            notes[2]["questions"][0]
                .as_str()
                .unwrap()
                .contains("[[type:Back]]"),
            "{kind:?}: {}",
            notes[2]
        );
        let questions = notes[3]["questions"].as_array().unwrap();
        assert_eq!(questions.len(), 2);
        assert_eq!(
            questions[0]
                .as_str()
                .unwrap()
                .matches("data-ordinal=\"1\">[...]")
                .count(),
            2,
            "{}",
            questions[0]
        );
        assert!(
            questions[1]
                .as_str()
                .unwrap()
                .contains("was founded in <span class=\"cloze\" data-cloze=\"1993\" data-ordinal=\"2\">[...]</span>"),
            "{}",
            questions[1]
        );
        assert_eq!(field(3, "Back Extra"), "Both cities &lt;claim&gt; it.");
        assert_eq!(field(4, "Back"), "HTP");
        assert_eq!(field(5, "Back"), "true");
    }
}

#[test]
fn exporting_again_updates_the_notes_anki_has() {
    let dir = tempfile::tempdir().unwrap();
    let first = awkward();
    let mut second = awkward();
    if let Body::Flash { back, .. } = &mut second.cards[0].body {
        *back = "-40.2".into();
    }
    let (package1, text1) = write(dir.path(), &first, 1_780_000_000_000);
    let (package2, text2) = write(dir.path(), &second, 1_780_000_100_000);
    for (kind, files) in [
        (Import::Package, [&package1, &package2]),
        (Import::Text, [&text1, &text2]),
    ] {
        let anki = import(kind, &[files[0], files[1]]);
        let notes = anki["notes"].as_array().unwrap();
        assert_eq!(notes.len(), first.cards.len(), "{kind:?}: {anki:#}");
        assert_eq!(anki["logs"][1]["new"], 0, "{kind:?}");
        assert_eq!(notes[0]["fields"]["Back"], "-40.2", "{kind:?}");
    }
}

/// Plain-text files kartka's reader is tested on (tests/anki_text.rs), each imported by Anki too: the same
/// notes, of the same types, with the same fields, tags and cards.
#[test]
fn anki_reads_plain_text_as_kartka_does() {
    let fixture = std::fs::read_to_string(format!(
        "{}/tests/fixtures/anki/notes-in-plain-text.txt",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let files = [
        fixture.as_str(),
        "#separator:Semicolon\n#notetype:Basic (and reversed card)\n#tags:belarus it\nHTP;Hi-Tech Park;htp names\nEPAM;A Minsk company\n",
        "#separator:tab\n#columns:Tags\tBack\tFront\n#tags column:1\nhtp\tMinsk\tWhere is the park?\n",
        "#html:false\nTime: noon,lunch\n",
        "#html:false\nHTP 2005\n",
        "#separator:|\nHTP|2005\n",
        "#separator:tab\t\t\nHTP\t2005\n",
        "#separator:tab\n#html:false\n<b>a</b> &amp; b\tx\n",
        "#separator:tab\na &amp; b\tx\nc\t<i>d</i>\n",
        "#separator:tab\na &amp; b\tx\n",
        "#notetype:Vocabulary\nminsk\tcity\n",
        "tags:htp minsk\n#a comment line\nHTP\t\"park,\nin Minsk\"\n#another\n\nEPAM\tcompany\n",
    ];
    let dir = tempfile::tempdir().unwrap();
    let paths: Vec<_> = files
        .iter()
        .enumerate()
        .map(|(i, text)| {
            let path = dir.path().join(format!("{i}.txt"));
            std::fs::write(&path, text).unwrap();
            path
        })
        .collect();
    let results = import(
        Import::EachText,
        &paths.iter().map(|p| p.as_path()).collect::<Vec<_>>(),
    );
    for (text, anki) in files.iter().zip(results.as_array().unwrap()) {
        let bank = anki_text::read(text);
        let notes = anki["notes"].as_array().unwrap();
        // Anki imports what kartka passes over (an Image Occlusion note, a picture for a front): those
        // are matched by GUID, the rest in order.
        let with_guids = text.contains("#guid column");
        let matched: Vec<&Value> = if with_guids {
            bank.questions
                .iter()
                .map(|q| {
                    notes
                        .iter()
                        .find(|n| n["guid"].as_str() == q.guid.as_deref())
                        .unwrap()
                })
                .collect()
        } else {
            assert_eq!(notes.len(), bank.questions.len(), "{text:?}: {anki:#}");
            notes.iter().collect()
        };
        for (q, note) in bank.questions.iter().zip(matched) {
            let at = format!("{text:?}: {q:?} / {note:#}");
            let field = |name: &str| html::to_text(note["fields"][name].as_str().unwrap());
            let name = note["notetype"].as_str().unwrap();
            let cards = note["cards"].as_u64().unwrap();
            match &q.kind {
                Kind::Flash {
                    front,
                    back,
                    reverse,
                } => {
                    assert!(name.starts_with("Basic") && !name.contains("type"), "{at}");
                    // html::to_text trims, which kartka does to every field anyway.
                    assert_eq!(
                        (front.trim(), back.trim()),
                        (field("Front").as_str(), field("Back").as_str()),
                        "{at}"
                    );
                    assert_eq!(*reverse, cards == 2, "{at}");
                }
                Kind::Short { answers, .. } => {
                    assert_eq!(name, "Basic (type in the answer)", "{at}");
                    assert_eq!(
                        (&q.text, &answers[0].text),
                        (&field("Front"), &field("Back")),
                        "{at}"
                    );
                }
                Kind::Cloze { parts } => {
                    assert_eq!(name, "Cloze", "{at}");
                    let numbers: BTreeSet<u32> = parts
                        .iter()
                        .filter_map(|p| match p {
                            ClozePart::Gap(g) => Some(g.number),
                            ClozePart::Text(_) => None,
                        })
                        .collect();
                    assert_eq!(numbers.len() as u64, cards, "{at}");
                    assert_eq!(q.general_feedback, Some(field("Back Extra")), "{at}");
                }
                other => panic!("{at}: {other:?}"),
            }
            let mut anki_tags: BTreeSet<String> = note["tags"]
                .as_array()
                .unwrap()
                .iter()
                .map(|t| t.as_str().unwrap().to_string())
                .collect();
            // kartka keeps the deck path as tags, one per level, but for Anki's Default deck.
            let deck = note["decks"][0].as_str().unwrap();
            for level in deck.split("::").filter(|_| deck != "Default") {
                anki_tags.insert(level.to_lowercase().replace(' ', "-"));
            }
            let tags: BTreeSet<String> = q.tags.iter().cloned().collect();
            assert_eq!(tags, anki_tags, "{at}");
        }
    }
}
