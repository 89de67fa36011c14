//! Anki notes as questions, by what their note type's card templates show (never by its name): the fields
//! a template's question side shows are the front, the fields its answer side adds are the back.
//!
//! Basic and every type like it give one flash question; a second template that mirrors the first makes it
//! reversed, only for notes that fill the fields it tests with `{{#Field}}` (Anki makes that card only
//! then: "Basic (optional reversed card)"). `{{type:Field}}` makes a typed answer; a Cloze note type gives
//! its deletions. Image Occlusion notes, and notes whose question or answer is empty or only media, are
//! skipped with a warning naming the note.

use super::cloze;
use crate::interop::html;
use crate::interop::question::{Answer, Kind, Question};

pub(crate) struct NoteType {
    pub name: String,
    /// Anki's Cloze kind: cards come from the deletions, not from the templates.
    pub cloze: bool,
    pub fields: Vec<String>,
    pub templates: Vec<Template>,
}

pub(crate) struct Template {
    pub name: String,
    pub question: String,
    pub answer: String,
}

/// What one side of a template refers to, the note type's fields only.
#[derive(Debug, Default, PartialEq)]
struct Side {
    /// Shown fields in the order they first appear.
    shown: Vec<String>,
    /// `{{type:Field}}`: the field the learner types.
    typed: Option<String>,
    /// `{{cloze:Field}}`.
    cloze: Option<String>,
    /// `{{#Field}}`: the side is shown only when these are filled.
    conditions: Vec<String>,
}

/// The Anki fields that are no note field: the other side, and facts about the card.
const SPECIAL: [&str; 8] = [
    "FrontSide",
    "Tags",
    "Type",
    "Deck",
    "Subdeck",
    "Card",
    "CardFlag",
    "CardID",
];

/// Reads the `{{...}}` tags of one side. A filter chain (`text:`, `furigana:`, `tts en_US:`) ends in the
/// field's name; `type:` and `cloze:` say what kind of card it is.
fn side(template: &str, note_type: &NoteType) -> Side {
    let mut side = Side::default();
    let mut rest = template;
    while let Some(open) = rest.find("{{") {
        let after = &rest[open + 2..];
        let Some(close) = after.find("}}") else { break };
        let tag = after[..close].trim();
        rest = &after[close + 2..];
        let (marker, body) = match tag.chars().next() {
            Some(c @ ('#' | '^' | '/' | '!')) => (Some(c), tag[1..].trim()),
            _ => (None, tag),
        };
        let filters: Vec<&str> = body.split(':').map(str::trim).collect();
        let Some(name) = filters.last().copied() else {
            continue;
        };
        if SPECIAL.contains(&name) || !note_type.fields.iter().any(|f| f == name) {
            continue;
        }
        let name = name.to_string();
        match marker {
            Some('#') => side.conditions.push(name),
            Some(_) => {}
            None if filters.first() == Some(&"type") => side.typed = Some(name),
            None if filters.first() == Some(&"cloze") => side.cloze = Some(name),
            None if !side.shown.contains(&name) => side.shown.push(name),
            None => {}
        }
    }
    side
}

/// A note's fields by name, and what it makes of them.
struct Fields<'a> {
    names: &'a [String],
    values: &'a [String],
}

impl Fields<'_> {
    fn html(&self, name: &str) -> &str {
        self.names
            .iter()
            .position(|n| n == name)
            .and_then(|i| self.values.get(i))
            .map_or("", String::as_str)
    }

    fn text(&self, name: &str) -> String {
        html::to_text(&html::without_sounds(self.html(name)))
    }

    /// The shown fields as text, one a line, the empty ones left out.
    fn joined(&self, names: &[String]) -> String {
        let texts: Vec<String> = names
            .iter()
            .map(|n| self.text(n))
            .filter(|t| !t.is_empty())
            .collect();
        texts.join("\n")
    }

    fn media(&self, names: &[String]) -> Vec<String> {
        names
            .iter()
            .flat_map(|n| html::media(self.html(n)))
            .collect()
    }

    /// Anki's rule for a field that makes a card: anything but whitespace and empty markup, media
    /// included.
    fn filled(&self, name: &str) -> bool {
        !self.text(name).is_empty() || !html::media(self.html(name)).is_empty()
    }
}

/// Why a side cannot be a question's: it is empty, or only media.
fn empty_side(fields: &Fields<'_>, shown: &[String], side: &str) -> Option<String> {
    if !fields.joined(shown).is_empty() {
        return None;
    }
    let media = fields.media(shown);
    Some(if media.is_empty() {
        format!("its {side} is empty")
    } else {
        format!(
            "its {side} is only media ({}), which kartka cannot show",
            media.join(", ")
        )
    })
}

/// One note as a question, or why it cannot be one. Tags and the GUID are the caller's.
pub(crate) fn question(values: &[String], note_type: &NoteType) -> Result<Question, String> {
    let fields = Fields {
        names: &note_type.fields,
        values,
    };
    let first = note_type
        .templates
        .first()
        .ok_or_else(|| format!("its note type “{}” has no card template", note_type.name))?;
    let front = side(&first.question, note_type);
    let back = side(&first.answer, note_type);
    let mut notes = Vec::new();
    let mut question = if note_type.cloze {
        let field = front
            .cloze
            .clone()
            .or_else(|| note_type.fields.first().cloned())
            .unwrap_or_default();
        let html = fields.html(&field);
        if html.contains("image-occlusion:") {
            return Err(
                "an Image Occlusion note: its masks hide parts of an image, which kartka cannot show"
                    .into(),
            );
        }
        let parts = cloze::parts(&fields.text(&field), &mut notes);
        if !parts
            .iter()
            .any(|p| matches!(p, crate::interop::question::ClozePart::Gap(_)))
        {
            return Err(format!("its cloze field “{field}” has no deletion"));
        }
        let extra: Vec<String> = back
            .shown
            .iter()
            .filter(|n| **n != field && !front.shown.contains(n))
            .cloned()
            .collect();
        let mut q = Question::new(None, cloze::shown(&parts), Kind::Cloze { parts });
        q.general_feedback = Some(fields.joined(&extra)).filter(|e| !e.is_empty());
        left_out_media(&fields, &[field], &mut notes);
        left_out_media(&fields, &extra, &mut notes);
        q
    } else {
        let added: Vec<String> = back
            .shown
            .iter()
            .filter(|n| !front.shown.contains(n) && Some(*n) != front.typed.as_ref())
            .cloned()
            .collect();
        if let Some(why) = empty_side(&fields, &front.shown, "question side") {
            return Err(why);
        }
        let prompt = fields.joined(&front.shown);
        left_out_media(&fields, &front.shown, &mut notes);
        left_out_media(&fields, &added, &mut notes);
        match &front.typed {
            Some(typed) => {
                let answer = fields.text(typed);
                if answer.is_empty() {
                    return Err(format!("its typed answer “{typed}” is empty"));
                }
                let kind = Kind::Short {
                    // Anki compares a typed answer as it is, case included, and an asterisk is one.
                    answers: vec![Answer::new(answer.replace('*', "\\*"), 1.0)],
                    case_sensitive: true,
                };
                let mut q = Question::new(None, prompt, kind);
                q.general_feedback = Some(fields.joined(&added)).filter(|e| !e.is_empty());
                for template in note_type.templates.iter().skip(1) {
                    notes.push(left_out(template, note_type));
                }
                q
            }
            None => {
                if let Some(why) = empty_side(&fields, &added, "answer side") {
                    return Err(why);
                }
                let reverse = reverse(note_type, &fields, &front.shown, &added, &mut notes);
                let kind = Kind::Flash {
                    front: prompt.clone(),
                    back: fields.joined(&added),
                    reverse,
                };
                Question::new(None, prompt, kind)
            }
        }
    };
    let added: Vec<&String> = back
        .shown
        .iter()
        .filter(|n| !front.shown.contains(n))
        .collect();
    if !note_type.cloze && front.shown.len() > 1 {
        notes.push(format!(
            "its question side shows fields {}, one a line",
            front.shown.join(", ")
        ));
    }
    if added.len() > 1 {
        let names: Vec<&str> = added.iter().map(|n| n.as_str()).collect();
        notes.push(format!(
            "its answer side shows fields {}, one a line",
            names.join(", ")
        ));
    }
    let sides: Vec<Side> = note_type
        .templates
        .iter()
        .flat_map(|t| [side(&t.question, note_type), side(&t.answer, note_type)])
        .collect();
    let used = |name: &String| {
        sides.iter().any(|s| {
            s.shown.contains(name)
                || s.conditions.contains(name)
                || s.typed.as_ref() == Some(name)
                || s.cloze.as_ref() == Some(name)
        })
    };
    for name in note_type.fields.iter().filter(|n| !used(n)) {
        if fields.filled(name) {
            notes.push(format!("field “{name}” is on no card: left out"));
        }
    }
    question.notes.extend(notes);
    Ok(question)
}

/// Whether the note is also asked the other way: a later template mirrors the first (its question side
/// shows the first's answer fields, its answer the first's question fields), and the fields it tests with
/// `{{#Field}}` are filled. Templates that are neither are noted as left out.
fn reverse(
    note_type: &NoteType,
    fields: &Fields<'_>,
    front: &[String],
    back: &[String],
    notes: &mut Vec<String>,
) -> bool {
    let same = |a: &[String], b: &[String]| a.len() == b.len() && a.iter().all(|x| b.contains(x));
    let mut reverse = false;
    for template in note_type.templates.iter().skip(1) {
        let question = side(&template.question, note_type);
        let answer = side(&template.answer, note_type);
        let added: Vec<String> = answer
            .shown
            .iter()
            .filter(|n| !question.shown.contains(n))
            .cloned()
            .collect();
        if !reverse && same(&question.shown, back) && same(&added, front) {
            reverse = question.conditions.iter().all(|c| fields.filled(c));
        } else {
            notes.push(left_out(template, note_type));
        }
    }
    reverse
}

fn left_out(template: &Template, note_type: &NoteType) -> String {
    format!(
        "card type “{}” of “{}” left out: kartka asks a note one way, or both ways",
        template.name, note_type.name
    )
}

fn left_out_media(fields: &Fields<'_>, names: &[String], notes: &mut Vec<String>) {
    for media in fields.media(names) {
        notes.push(format!("media “{media}” left out"));
    }
}
