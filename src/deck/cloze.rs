//! Anki-style cloze deletions: `{{c1::answer}}` and `{{c1::answer::hint}}`.

use std::ops::Range;

use super::model::Deletion;

/// A malformed deletion, with the byte range inside the cloze text.
#[derive(Debug, Clone, PartialEq)]
pub struct ClozeError {
    pub span: Range<usize>,
    pub message: String,
    pub help: String,
}

/// Finds every deletion in `text`, in reading order.
pub fn parse(text: &str) -> Result<Vec<Deletion>, ClozeError> {
    let mut deletions = Vec::new();
    let mut rest = 0;
    while let Some(found) = text[rest..].find("{{") {
        let start = rest + found;
        let Some(close) = text[start..].find("}}") else {
            return Err(ClozeError {
                span: start..text.len(),
                message: "unclosed cloze deletion".into(),
                help: "close it with `}}`, as in `{{c1::answer}}`".into(),
            });
        };
        let end = start + close + 2;
        let inner = &text[start + 2..end - 2];
        let mut parts = inner.splitn(3, "::");
        let tag = parts.next().unwrap_or_default();
        let number = tag
            .strip_prefix('c')
            .and_then(|n| n.parse::<u32>().ok())
            .filter(|&n| n >= 1);
        let (Some(number), Some(answer)) = (number, parts.next()) else {
            return Err(ClozeError {
                span: start..end,
                message: format!("malformed cloze deletion `{}`", &text[start..end]),
                help: "write a deletion as `{{c1::answer}}` or `{{c1::answer::hint}}`, numbered from c1".into(),
            });
        };
        if answer.trim().is_empty() {
            return Err(ClozeError {
                span: start..end,
                message: "cloze deletion with an empty answer".into(),
                help: "put the hidden words between `::` and `}}`".into(),
            });
        }
        let hint = parts
            .next()
            .map(str::trim)
            .filter(|h| !h.is_empty())
            .map(str::to_string);
        deletions.push(Deletion {
            number,
            answer: answer.trim().to_string(),
            hint,
            accept: Vec::new(),
            start,
            end,
        });
        rest = end;
    }
    Ok(deletions)
}

/// The text as the learner sees it when asked deletion `number`: that deletion is a blank (showing its hint),
/// the others are filled in.
pub fn question(text: &str, deletions: &[Deletion], number: u32) -> String {
    fill(text, deletions, |d| {
        if d.number == number {
            format!("[{}]", d.hint.as_deref().unwrap_or("..."))
        } else {
            d.answer.clone()
        }
    })
}

/// The text with every deletion filled in.
pub fn full_text(text: &str, deletions: &[Deletion]) -> String {
    fill(text, deletions, |d| d.answer.clone())
}

/// Each deletion number's alternatives (its `accept` entry), in number order, for numbers that have some.
pub fn alternatives(deletions: &[Deletion]) -> Vec<(u32, &[String])> {
    let mut out: Vec<(u32, &[String])> = deletions
        .iter()
        .filter(|d| !d.accept.is_empty())
        .map(|d| (d.number, d.accept.as_slice()))
        .collect();
    out.sort_by_key(|(n, _)| *n);
    out.dedup_by_key(|(n, _)| *n);
    out
}

fn fill(text: &str, deletions: &[Deletion], with: impl Fn(&Deletion) -> String) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for d in deletions {
        out.push_str(&text[at..d.start]);
        out.push_str(&with(d));
        at = d.end;
    }
    out.push_str(&text[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_deletions_with_and_without_hints() {
        let text = "The HTP opened in {{c1::2005}} in {{c2::Minsk::city}}.";
        let d = parse(text).unwrap();
        assert_eq!(d.len(), 2);
        assert_eq!(
            (d[0].number, d[0].answer.as_str(), d[0].hint.as_deref()),
            (1, "2005", None)
        );
        assert_eq!(
            (d[1].number, d[1].answer.as_str(), d[1].hint.as_deref()),
            (2, "Minsk", Some("city"))
        );
        assert_eq!(&text[d[1].start..d[1].end], "{{c2::Minsk::city}}");
        assert_eq!(question(text, &d, 2), "The HTP opened in 2005 in [city].");
        assert_eq!(question(text, &d, 1), "The HTP opened in [...] in Minsk.");
        assert_eq!(full_text(text, &d), "The HTP opened in 2005 in Minsk.");
    }

    #[test]
    fn text_without_deletions_has_none() {
        assert_eq!(parse("no deletions here").unwrap(), vec![]);
    }

    #[test]
    fn malformed_deletions_are_located() {
        let err = parse("a {{c1::b").unwrap_err();
        assert_eq!(
            (err.span, err.message.as_str()),
            (2..9, "unclosed cloze deletion")
        );
        let err = parse("x {{1::y}}").unwrap_err();
        assert_eq!(err.span, 2..10);
        assert_eq!(err.message, "malformed cloze deletion `{{1::y}}`");
        let err = parse("{{c0::y}}").unwrap_err();
        assert_eq!(err.message, "malformed cloze deletion `{{c0::y}}`");
        let err = parse("{{c1:: }}").unwrap_err();
        assert_eq!(err.message, "cloze deletion with an empty answer");
    }
}
