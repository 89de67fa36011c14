//! kartka cards as Anki notes of Anki's stock note types: what both Anki exports (the plain-text file
//! and the package) write, so that they agree on every field and on every warning.

use crate::deck::{Body, Card, Deck, Typos};
use crate::grade;

/// The stock note types kartka writes, as Anki names and builds them (rslib/src/notetype/stock.rs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoteType {
    Basic,
    Reversed,
    TypeIn,
    Cloze,
}

impl NoteType {
    pub const ALL: [NoteType; 4] = [
        NoteType::Basic,
        NoteType::Reversed,
        NoteType::TypeIn,
        NoteType::Cloze,
    ];

    pub fn name(self) -> &'static str {
        match self {
            NoteType::Basic => "Basic",
            NoteType::Reversed => "Basic (and reversed card)",
            NoteType::TypeIn => "Basic (type in the answer)",
            NoteType::Cloze => "Cloze",
        }
    }

    /// Each card template: name, question and answer.
    pub fn templates(self) -> Vec<(&'static str, &'static str, &'static str)> {
        const FRONT: (&str, &str, &str) = (
            "Card 1",
            "{{Front}}",
            "{{FrontSide}}\n\n<hr id=answer>\n\n{{Back}}",
        );
        match self {
            NoteType::Basic => vec![FRONT],
            NoteType::Reversed => vec![
                FRONT,
                (
                    "Card 2",
                    "{{Back}}",
                    "{{FrontSide}}\n\n<hr id=answer>\n\n{{Front}}",
                ),
            ],
            NoteType::TypeIn => vec![(
                "Card 1",
                "{{Front}}\n\n{{type:Back}}",
                "{{Front}}\n\n<hr id=answer>\n\n{{type:Back}}",
            )],
            NoteType::Cloze => vec![(
                "Cloze",
                "{{cloze:Text}}",
                "{{cloze:Text}}<br>\n{{Back Extra}}",
            )],
        }
    }

    /// Its fields, in order.
    pub fn fields(self) -> [&'static str; 2] {
        match self {
            NoteType::Cloze => ["Text", "Back Extra"],
            _ => ["Front", "Back"],
        }
    }
}

/// One note: its fields as plain text (each export escapes them its own way), in the note type's order.
#[derive(Debug, Clone, PartialEq)]
pub struct Note {
    pub guid: String,
    pub notetype: NoteType,
    pub fields: [String; 2],
    pub tags: Vec<String>,
}

/// The prefix of the card ids `kartka import` gives Anki notes (`anki::id_from_guid`).
const IMPORTED: &str = "anki-";

/// The note's GUID: a card that came from Anki gets its note's GUID back (decoding the id import made of
/// it), so its Anki note is updated rather than doubled; any other card one made of its deck and id, the
/// same on every export, so exporting again updates the notes the last export made.
pub fn guid(deck: &Deck, card: &Card) -> String {
    card.id
        .strip_prefix(IMPORTED)
        .and_then(decode_guid)
        .unwrap_or_else(|| format!("kartka:{}:{}", deck.id, card.id))
}

/// The card id in a GUID kartka wrote (`kartka:deck:card`), so that a deck sent through Anki and back
/// keeps its card ids, and with them its progress.
pub fn card_id(guid: &str) -> Option<&str> {
    guid.strip_prefix("kartka:")?
        .split_once(':')
        .map(|(_, card)| card)
        .filter(|card| !card.is_empty())
}

/// The GUID an imported card id was made from: `_` and two hex digits stand for one byte.
fn decode_guid(id: &str) -> Option<String> {
    let mut bytes = Vec::with_capacity(id.len());
    let mut rest = id.as_bytes();
    while let Some((&b, tail)) = rest.split_first() {
        if b == b'_' {
            let hex = std::str::from_utf8(tail.get(..2)?).ok()?;
            bytes.push(u8::from_str_radix(hex, 16).ok()?);
            rest = &tail[2..];
        } else {
            bytes.push(b);
            rest = tail;
        }
    }
    String::from_utf8(bytes).ok().filter(|g| !g.is_empty())
}

/// The deck's notes, and what they leave out or change, each warning `card: what`.
pub fn notes(deck: &Deck) -> (Vec<Note>, Vec<String>) {
    let mut warnings = Vec::new();
    let mut basic = 0;
    let mut notes = Vec::new();
    for card in &deck.cards {
        let mut warn = |what: &str| warnings.push(format!("{}: {what}", card.id));
        let explained = |text: &str| match &card.explain {
            Some(e) => format!("{text}\n\n{e}"),
            None => text.to_string(),
        };
        let per_answer = match &card.body {
            Body::Text { per_answer, .. }
            | Body::Choice { per_answer, .. }
            | Body::Multi { per_answer, .. }
            | Body::TrueFalse { per_answer, .. } => Some(per_answer),
            _ => None,
        };
        if per_answer.is_some_and(|p| !p.is_empty()) {
            warn("Anki has no credit or feedback for each answer; they are left out");
        }
        let (notetype, fields) = match &card.body {
            Body::Flash {
                front,
                back,
                reverse,
            } => {
                if card.explain.is_some() {
                    warn("Anki's Basic note has no field for the explanation; it follows the back");
                }
                let notetype = if *reverse {
                    NoteType::Reversed
                } else {
                    NoteType::Basic
                };
                (notetype, [front.clone(), explained(back)])
            }
            Body::Text {
                answer,
                accept,
                case_sensitive,
                typos,
                ..
            } => {
                if !accept.is_empty() {
                    warn(
                        "Anki's typed answer takes one answer; the other accepted answers are left out",
                    );
                }
                if !case_sensitive {
                    warn("Anki compares typed answers letter for letter, capitals included");
                }
                if *typos != Typos::Max(0) {
                    warn("Anki forgives no typos in a typed answer");
                }
                if card.explain.is_some() {
                    warn(
                        "Anki's typed-answer note has no field for the explanation; it is left out",
                    );
                }
                let prompt = card.prompt.clone().unwrap_or_default();
                (NoteType::TypeIn, [prompt, answer.clone()])
            }
            Body::Cloze { text, deletions } => {
                if deletions.iter().any(|d| !d.accept.is_empty()) {
                    warn(
                        "Anki's cloze takes one answer per blank; the other accepted answers are left out",
                    );
                }
                let text = match &card.prompt {
                    Some(p) => {
                        warn("Anki's Cloze note has no field for the prompt; it opens the text");
                        format!("{p}\n\n{text}")
                    }
                    None => text.clone(),
                };
                let extra = card.explain.clone().unwrap_or_default();
                (NoteType::Cloze, [text, extra])
            }
            _ => {
                basic += 1;
                let Some(item) = card.items().into_iter().next() else {
                    continue;
                };
                let layout = crate::interop::layout_for_people(deck, &item);
                let question = crate::question::Question::of(&item, &layout);
                let mut front = question.text.clone();
                for c in &question.choices {
                    front.push('\n');
                    front.push_str(c);
                }
                (NoteType::Basic, [front, explained(&grade::expected(&item))])
            }
        };
        if card.source.is_some() {
            warn("Anki notes have no field for a source; it is left out");
        }
        // kartka tags are single words, as Anki's are.
        let mut tags = card.tags.clone();
        for t in &deck.tags {
            if !tags.contains(t) {
                tags.push(t.clone());
            }
        }
        notes.push(Note {
            guid: guid(deck, card),
            notetype,
            fields,
            tags,
        });
    }
    if basic > 0 {
        warnings.push(format!(
            "{basic} choice, multi, true/false, number, order and match cards become Basic notes, the options on the front, the answer and explanation on the back: Anki has no such kinds"
        ));
    }
    if !deck.tags.is_empty() {
        warnings.push("Anki decks have no tags: every note gets the deck's tags".into());
    }
    (notes, warnings)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::parse;

    fn deck(cards: &str) -> Deck {
        parse(&format!(
            "[deck]\nid = \"it\"\ntitle = \"IT\"\ntags = [\"belarus\"]\n{cards}"
        ))
        .deck
        .unwrap()
    }

    #[test]
    fn a_card_imported_from_anki_gets_its_note_guid_back() {
        let d = deck(
            "[[cards]]\nid = \"x\"\nkind = \"flash\"\nfront = \"a\"\nback = \"b\"\n\n[[cards]]\nid = \"y\"\nkind = \"flash\"\nfront = \"a\"\nback = \"b\"\n",
        );
        let mut card = d.cards[0].clone();
        for original in ["f#Qb,`9}k~", "plain-guid.1", "ü_x"] {
            card.id = crate::interop::anki::id_from_guid(original);
            assert_eq!(guid(&d, &card), original);
        }
        assert_eq!(guid(&d, &d.cards[1]), "kartka:it:y");
        assert_eq!(card_id("kartka:it:y"), Some("y"));
        assert_eq!(card_id("kartka:it:"), None);
        assert_eq!(card_id("f#Qb,`9}k~"), None);
        card.id = "anki-_zz".into();
        assert_eq!(guid(&d, &card), "kartka:it:anki-_zz");
    }

    #[test]
    fn what_a_note_cannot_hold_is_said() {
        let d = deck(
            r#"[[cards]]
id = "founder"
kind = "text"
prompt = "Who founded the park?"
answer = "Tsepkalo"
accept = ["Valery Tsepkalo"]
explain = "He had been ambassador."
tags = ["people"]
"#,
        );
        let (notes, warnings) = notes(&d);
        assert_eq!(
            notes,
            [Note {
                guid: "kartka:it:founder".into(),
                notetype: NoteType::TypeIn,
                fields: ["Who founded the park?".into(), "Tsepkalo".into()],
                tags: vec!["people".into(), "belarus".into()],
            }]
        );
        assert_eq!(
            warnings,
            [
                "founder: Anki's typed answer takes one answer; the other accepted answers are left out",
                "founder: Anki compares typed answers letter for letter, capitals included",
                "founder: Anki forgives no typos in a typed answer",
                "founder: Anki's typed-answer note has no field for the explanation; it is left out",
                "Anki decks have no tags: every note gets the deck's tags",
            ]
        );
    }

    #[test]
    fn credit_and_feedback_for_each_answer_are_said_to_be_left_out() {
        let d = deck(
            r#"[[cards]]
id = "office"
kind = "choice"
prompt = "Where is EPAM's head office in Belarus?"
options = ["Minsk", "Hrodna"]
answer = "Minsk"
feedback = { Hrodna = "Close, but not the capital." }
"#,
        );
        let (notes, warnings) = notes(&d);
        assert_eq!(notes[0].fields[1], "Minsk");
        assert_eq!(
            warnings[0],
            "office: Anki has no credit or feedback for each answer; they are left out"
        );
    }

    #[test]
    fn a_cloze_prompt_opens_the_text_and_the_explanation_is_back_extra() {
        let d = deck(
            "[[cards]]\nid = \"c\"\nkind = \"cloze\"\nprompt = \"Name the year.\"\ntext = \"HTP opened in {{c1::2005}}.\"\nexplain = \"By decree.\"\n",
        );
        let (notes, warnings) = notes(&d);
        assert_eq!(notes[0].notetype, NoteType::Cloze);
        assert_eq!(
            notes[0].fields,
            [
                "Name the year.\n\nHTP opened in {{c1::2005}}.".to_string(),
                "By decree.".to_string()
            ]
        );
        assert_eq!(
            warnings[0],
            "c: Anki's Cloze note has no field for the prompt; it opens the text"
        );
    }
}
