//! Text from decks and results files is untrusted: it must never reach the terminal raw.
//!
//! An escape sequence in a card could clear the screen, retitle the window, or hide text; bidirectional
//! overrides can make a line read differently from what it contains. Every such character is replaced by a
//! visible stand-in before printing.

use std::borrow::Cow;

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

fn is_unsafe(c: char) -> bool {
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

/// Replaces C1 control characters (U+0080–U+009F, two bytes in UTF-8, such as the 8-bit CSI) with `¿`,
/// also two bytes, so that byte spans into the text stay valid.
pub fn c1_controls_same_width(text: &str) -> Cow<'_, str> {
    let is_c1 = |c: char| ('\u{80}'..='\u{9F}').contains(&c);
    if !text.chars().any(is_c1) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| if is_c1(c) { '\u{BF}' } else { c })
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
    fn c1_replacement_keeps_byte_length() {
        let text = "x\u{9b}y";
        let safe = c1_controls_same_width(text);
        assert_eq!(safe, "x\u{bf}y");
        assert_eq!(safe.len(), text.len());
    }
}
