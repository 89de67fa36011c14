//! One note of a plain-text file, its fields already found, as a question: by its note type's stock
//! fields and templates (rslib/src/notetype/stock.rs).

use crate::interop::question::{Answer, ClozePart, Gap, Kind};

/// Anki's stock note types, by the names a file gives them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Stock {
    Basic,
    Reversed,
    OptionalReversed,
    TypeIn,
    Cloze,
    ImageOcclusion,
}

impl Stock {
    pub fn named(name: &str) -> Option<Stock> {
        Some(match name {
            "Basic" => Stock::Basic,
            "Basic (and reversed card)" => Stock::Reversed,
            "Basic (optional reversed card)" => Stock::OptionalReversed,
            "Basic (type in the answer)" => Stock::TypeIn,
            "Cloze" => Stock::Cloze,
            "Image Occlusion" => Stock::ImageOcclusion,
            _ => return None,
        })
    }

    /// Its fields, in order.
    pub fn fields(self) -> &'static [&'static str] {
        match self {
            Stock::Basic | Stock::Reversed | Stock::TypeIn => &["Front", "Back"],
            Stock::OptionalReversed => &["Front", "Back", "Add Reverse"],
            Stock::Cloze => &["Text", "Back Extra"],
            Stock::ImageOcclusion => &["Occlusion", "Image", "Header", "Back Extra", "Comments"],
        }
    }
}

/// A question's text, answers and general feedback.
pub(super) struct Read {
    pub text: String,
    pub kind: Kind,
    pub feedback: Option<String>,
}

/// The note as a question, its fields as text; or why it cannot be one. `stock` is `None` for a note
/// type Anki does not ship, read as Basic.
pub(super) fn question(stock: Option<Stock>, fields: &[String]) -> Result<Read, &'static str> {
    let field = |i: usize| fields.get(i).cloned().unwrap_or_default();
    let flash = |reverse: bool| Read {
        text: field(0),
        kind: Kind::Flash {
            front: field(0),
            back: field(1),
            reverse,
        },
        feedback: None,
    };
    Ok(match stock.unwrap_or(Stock::Basic) {
        Stock::Basic => flash(false),
        Stock::Reversed => flash(true),
        // Anki makes the reverse card only when the Add Reverse field holds something.
        Stock::OptionalReversed => flash(!field(2).trim().is_empty()),
        Stock::TypeIn => Read {
            text: field(0),
            kind: Kind::Short {
                answers: vec![Answer::new(field(1), 1.0)],
                // Anki compares a typed answer letter for letter.
                case_sensitive: true,
            },
            feedback: None,
        },
        Stock::Cloze => {
            let parts = cloze_parts(&field(0));
            if !parts.iter().any(|p| matches!(p, ClozePart::Gap(_))) {
                return Err("a Cloze note with no deletion ({{c1::…}})");
            }
            Read {
                text: String::new(),
                kind: Kind::Cloze { parts },
                feedback: Some(field(1)).filter(|e| !e.trim().is_empty()),
            }
        }
        Stock::ImageOcclusion => {
            return Err(
                "an Image Occlusion note hides parts of a picture, which kartka cannot show",
            );
        }
    })
}

/// Anki's cloze text in parts: `{{cN::answer}}` and `{{cN::answer::hint}}` become gaps; anything else,
/// an unclosed or unnumbered deletion included, stays text, as Anki shows it.
fn cloze_parts(text: &str) -> Vec<ClozePart> {
    let mut parts = Vec::new();
    let mut plain = String::new();
    let mut rest = text;
    while let Some(open) = rest.find("{{c") {
        let after = &rest[open + 3..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        let gap = (digits > 0 && after[digits..].starts_with("::"))
            .then(|| {
                let inner = &after[digits + 2..];
                let close = inner.find("}}")?;
                let number = after[..digits].parse::<u32>().ok().filter(|&n| n > 0)?;
                Some((number, &inner[..close], &inner[close + 2..]))
            })
            .flatten();
        match gap {
            Some((number, body, tail)) => {
                plain.push_str(&rest[..open]);
                if !plain.is_empty() {
                    parts.push(ClozePart::Text(std::mem::take(&mut plain)));
                }
                let (answer, hint) = match body.split_once("::") {
                    Some((a, h)) => (a, Some(h.to_string())),
                    None => (body, None),
                };
                parts.push(ClozePart::Gap(Gap {
                    number,
                    answers: vec![Answer::new(answer, 1.0)],
                    choice: false,
                    hint,
                }));
                rest = tail;
            }
            None => {
                plain.push_str(&rest[..open + 3]);
                rest = after;
            }
        }
    }
    plain.push_str(rest);
    if !plain.is_empty() {
        parts.push(ClozePart::Text(plain));
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::interop::anki_notes::NoteType;

    /// The note types kartka writes and the ones it reads cannot drift apart.
    #[test]
    fn every_written_note_type_is_read() {
        for t in NoteType::ALL {
            assert!(Stock::named(t.name()).is_some(), "{}", t.name());
        }
    }

    #[test]
    fn cloze_text_in_parts() {
        let parts = cloze_parts("In {{c1::2005::year}} the {{c2::HTP}} {{c::x}} {{c3::open");
        assert_eq!(
            parts,
            [
                ClozePart::Text("In ".into()),
                ClozePart::Gap(Gap {
                    number: 1,
                    answers: vec![Answer::new("2005", 1.0)],
                    choice: false,
                    hint: Some("year".into()),
                }),
                ClozePart::Text(" the ".into()),
                ClozePart::Gap(Gap {
                    number: 2,
                    answers: vec![Answer::new("HTP", 1.0)],
                    choice: false,
                    hint: None,
                }),
                ClozePart::Text(" {{c::x}} {{c3::open".into()),
            ]
        );
    }
}
