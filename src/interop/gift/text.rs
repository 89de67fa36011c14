//! GIFT's text formats (`[html]`, `[moodle]`, `[plain]`, `[markdown]` at the start of a text), read as
//! Moodle's `parse_text_with_format` reads them, and the text turned into kartka's plain text.

use super::escape;
use super::split::php_trim;
use crate::interop::html;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Moodle's auto-format, the default: HTML is allowed in it and rendered.
    Moodle,
    Html,
    Plain,
    Markdown,
}

/// A text's own format marker taken off (an unknown `[word]` is text), its escapes put back, and it as
/// plain text: HTML turned into text, Markdown and plain text kept as written.
pub fn read(text: &str, default: Format) -> (String, Format) {
    let text = php_trim(text);
    let (format, body) = match text
        .strip_prefix('[')
        .and_then(|rest| rest.split_once(']'))
        .and_then(|(name, body)| Some((named(name)?, body)))
    {
        Some((format, body)) => (format, body),
        None => (default, text),
    };
    let body = php_trim(&escape::reveal(body)).to_string();
    let plain = match format {
        Format::Html => html::to_text(&body),
        Format::Moodle if looks_like_html(&body) => html::to_text(&body),
        Format::Moodle | Format::Plain | Format::Markdown => body,
    };
    (plain, format)
}

/// Only the text with its marker taken off and escapes put back, for the answers Moodle stores without a
/// format (short answers).
pub fn bare(text: &str) -> String {
    let text = php_trim(text);
    let body = match text
        .strip_prefix('[')
        .and_then(|rest| rest.split_once(']'))
        .filter(|(name, _)| named(name).is_some())
    {
        Some((_, body)) => body,
        None => text,
    };
    php_trim(&escape::reveal(body)).to_string()
}

fn named(name: &str) -> Option<Format> {
    match name {
        "moodle" => Some(Format::Moodle),
        "html" => Some(Format::Html),
        "plain" => Some(Format::Plain),
        "markdown" => Some(Format::Markdown),
        _ => None,
    }
}

/// Whether Moodle's auto-format text holds markup to render: a tag or an entity. Text such as `2 < 3` is
/// left alone, where turning it into text would change it.
fn looks_like_html(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes
        .windows(2)
        .any(|w| w[0] == b'<' && (w[1].is_ascii_alphabetic() || w[1] == b'/' || w[1] == b'!'))
        || text.match_indices('&').any(|(i, _)| {
            let rest = &text[i + 1..];
            rest.find(';').is_some_and(|end| {
                end > 0
                    && end <= 8
                    && rest[..end]
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '#')
            })
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_are_taken_off_and_html_becomes_text() {
        let (text, format) = read("[html]<p>Because <b>x</b> &amp; y.</p>", Format::Moodle);
        assert_eq!((text.as_str(), format), ("Because x & y.", Format::Html));
        assert_eq!(read("[markdown]**bold**", Format::Moodle).0, "**bold**");
        assert_eq!(read("[plain]<b>", Format::Html).0, "<b>");
        assert_eq!(read("[other]x", Format::Plain).0, "[other]x");
    }

    #[test]
    fn moodle_text_is_html_only_when_it_has_markup() {
        assert_eq!(
            read("Is 2 < 3 & 4 > 1?", Format::Moodle).0,
            "Is 2 < 3 & 4 > 1?"
        );
        assert_eq!(read("a <i>b</i>", Format::Moodle).0, "a b");
    }
}
