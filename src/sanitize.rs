//! Text from decks and results files is untrusted: it must never reach the terminal raw.
//!
//! An escape sequence in a card could clear the screen, retitle the window, or hide text; bidirectional
//! overrides can make a line read differently from what it contains. Every such character is replaced by a
//! visible stand-in before printing.

use std::borrow::Cow;

/// Embeddings, overrides and isolates, and the invisible marks (LRM, RLM, ALM) that reorder text around them.
fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
    )
}

/// Whether `c` may act on a terminal: every control character but newline and tab, and the bidi controls.
pub fn is_unsafe(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t') || is_bidi_control(c)
}

/// The visible stand-in for an unsafe character: a control picture (␛ for ESC) where Unicode has one.
fn stand_in(c: char) -> char {
    match c {
        '\0'..='\u{1F}' => char::from_u32(0x2400 + c as u32).unwrap_or('\u{FFFD}'),
        '\u{7F}' => '\u{2421}',
        _ => '\u{FFFD}',
    }
}

/// Text made safe to print: newlines and tabs stay, every other control character becomes visible.
pub fn for_terminal(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| if is_unsafe(c) { stand_in(c) } else { c })
            .collect(),
    )
}

/// Like [`for_terminal`], and newlines become spaces too: for names and one-line listings.
pub fn one_line(text: &str) -> Cow<'_, str> {
    let safe = for_terminal(text);
    if safe.contains(['\n', '\t']) {
        Cow::Owned(safe.replace(['\n', '\t'], " "))
    } else {
        safe
    }
}

/// `text` with every unsafe character written as a `\uXXXX` escape, which JSON and TOML strings share.
///
/// serde_json escapes only C0 controls, and TOML allows C1 and bidi controls raw: valid, but a terminal
/// showing the output would act on them. Applied to serialised JSON this only touches string contents, since
/// such characters cannot occur outside a string.
pub fn unicode_escaped(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_unsafe(c) {
            out.push_str(&format!("\\u{:04X}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A path as one safe line: file names are untrusted too (a downloaded deck can be named anything).
pub fn path(path: &std::path::Path) -> String {
    one_line(&path.display().to_string()).into_owned()
}

/// Replaces the unsafe characters beyond ASCII (C1 controls such as the 8-bit CSI, bidi controls) with
/// stand-ins of the same UTF-8 length, `¿` or `�`, so that byte spans into the text stay valid. ASCII controls
/// are left to the caller.
pub fn non_ascii_controls_same_width(text: &str) -> Cow<'_, str> {
    let replaced = |c: char| !c.is_ascii() && is_unsafe(c);
    if !text.chars().any(replaced) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| match c {
                c if !replaced(c) => c,
                c if c.len_utf8() == 2 => '\u{BF}',
                _ => '\u{FFFD}',
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_become_visible() {
        assert_eq!(for_terminal("a\u{1b}[2Jb"), "a\u{241b}[2Jb");
        assert_eq!(for_terminal("bell\u{7}"), "bell\u{2407}");
        assert_eq!(for_terminal("del\u{7f}"), "del\u{2421}");
        assert_eq!(for_terminal("csi\u{9b}31m"), "csi\u{FFFD}31m");
        assert_eq!(for_terminal("r\rx"), "r\u{240d}x");
    }

    #[test]
    fn bidi_overrides_are_replaced() {
        assert_eq!(for_terminal("abc\u{202E}fed"), "abc\u{FFFD}fed");
        assert_eq!(for_terminal("\u{2066}x\u{2069}"), "\u{FFFD}x\u{FFFD}");
        assert_eq!(
            for_terminal("a\u{200F}b\u{200E}c\u{061C}d"),
            "a\u{FFFD}b\u{FFFD}c\u{FFFD}d"
        );
    }

    #[test]
    fn ordinary_text_is_borrowed_unchanged() {
        let text = "Мінск — Hi-Tech Park\n\tcafé";
        assert!(matches!(for_terminal(text), Cow::Borrowed(t) if t == text));
    }

    #[test]
    fn one_line_folds_newlines() {
        assert_eq!(one_line("a\nb\tc\u{1b}"), "a b c\u{241b}");
    }

    #[test]
    fn unsafe_characters_become_unicode_escapes() {
        assert_eq!(
            unicode_escaped("\"a\u{9b}31m\u{202e}\u{7f}\"\n"),
            "\"a\\u009B31m\\u202E\\u007F\"\n"
        );
        let json = serde_json::to_string("\u{1b}[2J\u{9b}\u{200f}x").unwrap();
        let escaped = unicode_escaped(&json);
        assert!(!escaped.chars().any(is_unsafe), "{escaped}");
        let back: String = serde_json::from_str(&escaped).unwrap();
        assert_eq!(back, "\u{1b}[2J\u{9b}\u{200f}x");
    }

    #[test]
    fn same_width_replacement_keeps_byte_length() {
        let text = "x\u{9b}y\u{61c}z\u{200f}\u{202e}\u{1b}";
        let safe = non_ascii_controls_same_width(text);
        assert_eq!(safe, "x\u{bf}y\u{bf}z\u{FFFD}\u{FFFD}\u{1b}");
        assert_eq!(safe.len(), text.len());
    }
}
