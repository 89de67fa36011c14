//! The note types a plain-text file names, as the package reader's note types (`anki::notes`), so that
//! a note becomes the same question whether it comes in a package or in text: Anki's stock types, with
//! the fields and templates Anki gives them (rslib/src/notetype/stock.rs).

use crate::interop::anki::notes::{NoteType, Template};
use crate::interop::anki::to_notes::NoteType as Written;

/// A stock note type by the name a file gives it.
pub(super) fn stock(name: &str) -> Option<NoteType> {
    let written = |t: Written| NoteType {
        name: t.name().to_string(),
        cloze: t == Written::Cloze,
        fields: t.fields().iter().map(|f| f.to_string()).collect(),
        templates: t
            .templates()
            .into_iter()
            .map(|(name, question, answer)| Template {
                name: name.into(),
                question: question.into(),
                answer: answer.into(),
            })
            .collect(),
    };
    Some(match name {
        "Basic" => written(Written::Basic),
        "Basic (and reversed card)" => written(Written::Reversed),
        "Basic (type in the answer)" => written(Written::TypeIn),
        "Cloze" => written(Written::Cloze),
        // Reversed, its second card made only when Add Reverse holds something.
        "Basic (optional reversed card)" => {
            let mut t = written(Written::Reversed);
            t.name = name.into();
            t.fields.push("Add Reverse".into());
            t.templates[1].question = "{{#Add Reverse}}{{Back}}{{/Add Reverse}}".into();
            t
        }
        // Its fields, and what its templates show of them; their markup and script draw the masks.
        "Image Occlusion" => NoteType {
            name: name.into(),
            cloze: true,
            fields: ["Occlusion", "Image", "Header", "Back Extra", "Comments"]
                .map(String::from)
                .to_vec(),
            templates: vec![Template {
                name: name.into(),
                question: "{{#Header}}{{Header}}{{/Header}}{{cloze:Occlusion}}{{Image}}".into(),
                answer: "{{#Header}}{{Header}}{{/Header}}{{cloze:Occlusion}}{{Image}}{{#Back Extra}}{{Back Extra}}{{/Back Extra}}"
                    .into(),
            }],
        },
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The note types kartka writes and the ones it reads cannot drift apart.
    #[test]
    fn every_written_note_type_is_read() {
        for t in Written::ALL {
            let read = stock(t.name()).unwrap();
            assert_eq!(read.fields, t.fields());
        }
    }
}
