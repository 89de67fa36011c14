//! Anki's cloze deletions (`{{c1::answer::hint}}`) as cloze parts, by the rules of rslib `cloze.rs`:
//! `{{c1,2::` opens a deletion asked on cards 1 and 2, the first `::` inside it starts its hint, `}}`
//! closes the innermost open one, and a `}}` outside any is text.

use crate::interop::question::{Answer, ClozePart, Gap};

/// A deletion being read: its numbers, its text so far, and its hint.
struct Open {
    numbers: Vec<u32>,
    text: String,
    hint: Option<String>,
}

/// Reads `{{c` followed by numbers and commas and `::`: the numbers, and the length of the marker.
fn opening(text: &str) -> Option<(Vec<u32>, usize)> {
    let after = text.strip_prefix("{{c")?;
    let digits = after
        .find(|c: char| !c.is_ascii_digit() && c != ',')
        .unwrap_or(after.len());
    if !after[digits..].starts_with("::") {
        return None;
    }
    let mut numbers: Vec<u32> = after[..digits]
        .split(',')
        .filter_map(|n| n.parse().ok())
        .collect();
    numbers.sort_unstable();
    numbers.dedup();
    (!numbers.is_empty()).then_some((numbers, 3 + digits + 2))
}

/// The parts of a cloze field already turned into text. Nothing is lost: what kartka's flat gaps cannot
/// hold (a deletion inside another, one asked on several cards, one never closed) is said in `notes`.
pub(super) fn parts(text: &str, notes: &mut Vec<String>) -> Vec<ClozePart> {
    let mut parts: Vec<ClozePart> = Vec::new();
    let mut open: Vec<Open> = Vec::new();
    let mut rest = text;
    let push_text = |parts: &mut Vec<ClozePart>, open: &mut Vec<Open>, s: &str| match open
        .last_mut()
    {
        Some(o) if o.hint.is_some() => o.hint.as_mut().map(|h| h.push_str(s)).unwrap_or_default(),
        Some(o) => match s.split_once("::") {
            Some((answer, hint)) => {
                o.text.push_str(answer);
                o.hint = Some(hint.to_string());
            }
            None => o.text.push_str(s),
        },
        None => match parts.last_mut() {
            Some(ClozePart::Text(t)) => t.push_str(s),
            _ => parts.push(ClozePart::Text(s.to_string())),
        },
    };
    while !rest.is_empty() {
        if let Some((numbers, len)) = opening(rest) {
            // Anki reads ten levels deep and passes over deeper markers.
            if open.len() < 10 {
                open.push(Open {
                    numbers,
                    text: String::new(),
                    hint: None,
                });
            }
            rest = &rest[len..];
        } else if let Some(after) = rest.strip_prefix("}}") {
            rest = after;
            match open.pop() {
                Some(inner) => close(inner, &mut open, &mut parts, notes),
                None => push_text(&mut parts, &mut open, "}}"),
            }
        } else {
            let next = rest
                .char_indices()
                .skip(1)
                .find(|(i, _)| rest[*i..].starts_with("}}") || opening(&rest[*i..]).is_some())
                .map_or(rest.len(), |(i, _)| i);
            push_text(&mut parts, &mut open, &rest[..next]);
            rest = &rest[next..];
        }
    }
    // Anki drops a deletion never closed; kartka keeps what was written, as text.
    while let Some(o) = open.pop() {
        let numbers: Vec<String> = o.numbers.iter().map(u32::to_string).collect();
        let hint = o.hint.map(|h| format!("::{h}")).unwrap_or_default();
        let marker = format!("{{{{c{}::{}{hint}", numbers.join(","), o.text);
        notes.push(format!("cloze “{marker}” is never closed: kept as text"));
        push_text(&mut parts, &mut open, &marker);
    }
    parts
}

/// A closed deletion becomes a gap, or, inside another, part of that one's answer.
fn close(inner: Open, open: &mut [Open], parts: &mut Vec<ClozePart>, notes: &mut Vec<String>) {
    let number = inner.numbers[0];
    if let Some(outer) = open.last_mut() {
        let hint = inner
            .hint
            .as_deref()
            .map(|h| format!(", its hint “{h}” left out"))
            .unwrap_or_default();
        notes.push(format!(
            "cloze c{number} inside c{} is asked as part of c{}{hint}",
            outer.numbers[0], outer.numbers[0]
        ));
        outer.text.push_str(&inner.text);
        return;
    }
    if inner.numbers.len() > 1 {
        let others: Vec<String> = inner.numbers[1..].iter().map(|n| format!("c{n}")).collect();
        notes.push(format!(
            "cloze “{}” is asked as c{number} only, not also as {}",
            inner.text,
            others.join(", ")
        ));
    }
    let answer = inner.text.trim();
    if answer.is_empty() {
        notes.push(match inner.hint.as_deref().map(str::trim) {
            Some(hint) if !hint.is_empty() => {
                format!("cloze c{number} is empty: left out, with its hint “{hint}”")
            }
            _ => format!("cloze c{number} is empty: left out"),
        });
        return;
    }
    parts.push(ClozePart::Gap(Gap {
        number,
        answers: vec![Answer::new(answer, 1.0)],
        choice: false,
        hint: inner
            .hint
            .map(|h| h.trim().to_string())
            .filter(|h| !h.is_empty()),
    }));
}

/// The cloze as Anki's question side shows it: every gap as `[...]`, or its hint in brackets.
pub(super) fn shown(parts: &[ClozePart]) -> String {
    parts
        .iter()
        .map(|p| match p {
            ClozePart::Text(t) => t.clone(),
            ClozePart::Gap(g) => format!("[{}]", g.hint.as_deref().unwrap_or("...")),
        })
        .collect()
}

/// The cloze with every gap showing its answer, as Anki's answer side shows it.
pub(super) fn revealed(parts: &[ClozePart]) -> String {
    parts
        .iter()
        .map(|p| match p {
            ClozePart::Text(t) => t.as_str(),
            ClozePart::Gap(g) => g.answers.first().map_or("", |a| a.text.as_str()),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gap(number: u32, answer: &str, hint: Option<&str>) -> ClozePart {
        ClozePart::Gap(Gap {
            number,
            answers: vec![Answer::new(answer, 1.0)],
            choice: false,
            hint: hint.map(str::to_string),
        })
    }

    fn text(s: &str) -> ClozePart {
        ClozePart::Text(s.to_string())
    }

    #[test]
    fn deletions_hints_and_stray_braces() {
        let mut notes = Vec::new();
        let parts = parts(
            "In {{c1::2005::year}} by {{c2::Decree 12}} }} {{c1::x",
            &mut notes,
        );
        assert_eq!(
            parts,
            [
                text("In "),
                gap(1, "2005", Some("year")),
                text(" by "),
                gap(2, "Decree 12", None),
                text(" }} {{c1::x"),
            ]
        );
        assert_eq!(notes, ["cloze “{{c1::x” is never closed: kept as text"]);
        assert_eq!(shown(&parts), "In [year] by [...] }} {{c1::x");
        assert_eq!(revealed(&parts), "In 2005 by Decree 12 }} {{c1::x");
    }

    #[test]
    fn nested_and_shared_deletions_are_said() {
        let mut notes = Vec::new();
        let parts = parts(
            "{{c1::Minsk {{c2::Hi-Tech}} Park}} and {{c3,1::EPAM}} {{c4::}}",
            &mut notes,
        );
        assert_eq!(
            parts,
            [
                gap(1, "Minsk Hi-Tech Park", None),
                text(" and "),
                gap(1, "EPAM", None),
                text(" "),
            ]
        );
        assert_eq!(
            notes,
            [
                "cloze c2 inside c1 is asked as part of c1",
                "cloze “EPAM” is asked as c1 only, not also as c3",
                "cloze c4 is empty: left out",
            ]
        );
    }

    proptest::proptest! {
        /// Any text, however its markers nest or break off, is read without a panic, and every character
        /// outside the markers is kept somewhere: in a text part, a gap, a hint or a note.
        #[test]
        fn any_text_is_read_and_kept(text in "(\\{\\{c[0-9,]{0,2}::|\\}\\}|::|[aé ]){0,30}") {
            let mut notes = Vec::new();
            let parts = parts(&text, &mut notes);
            let letters = |s: &str| s.chars().filter(|c| matches!(c, 'a' | 'é')).count();
            let kept: usize = parts
                .iter()
                .map(|p| match p {
                    ClozePart::Text(t) => letters(t),
                    ClozePart::Gap(g) => letters(&g.answers[0].text) + g.hint.as_deref().map_or(0, letters),
                })
                .sum();
            let said: usize = notes.iter().map(|n| letters(n)).sum();
            proptest::prop_assert!(kept <= letters(&text) && kept + said >= letters(&text));
        }
    }
}
