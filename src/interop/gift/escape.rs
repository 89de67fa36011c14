//! GIFT's escapes, exactly as Moodle's importer undoes them (`escapedchar_pre` and `escapedchar_post` in
//! question/format/gift/format.php) and as its exporter writes them (`repchar`).
//!
//! Moodle first turns `\\` into one backslash and each of `\: \# \= \{ \} \~ \n` into a placeholder, parses
//! the question with the placeholders standing in, and only then puts the characters back. A backslash
//! before any other character stays a backslash (LaTeX's `\(` survives), and nothing is unescaped twice.

/// Stand-ins for the escaped characters while a question is parsed: Unicode noncharacters, which are
/// reserved for exactly this kind of internal use and so never mean anything in a question bank.
const ESCAPED: [(char, char); 7] = [
    (':', '\u{FDD0}'),
    ('#', '\u{FDD1}'),
    ('=', '\u{FDD2}'),
    ('{', '\u{FDD3}'),
    ('}', '\u{FDD4}'),
    ('~', '\u{FDD5}'),
    ('n', '\u{FDD6}'),
];

fn is_placeholder(c: char) -> bool {
    ('\u{FDD0}'..='\u{FDD6}').contains(&c)
}

/// The text with its escapes replaced by placeholders, ready to be split on GIFT's special characters.
/// A placeholder character already in the text (it has no meaning) becomes U+FFFD so it cannot turn into
/// a special character later.
pub fn hide(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if is_placeholder(c) {
            out.push('\u{FFFD}');
        } else if c == '\\' {
            match chars.peek().copied() {
                // `\\` is one literal backslash; the character after it is not escaped by it.
                Some('\\') => {
                    chars.next();
                    out.push('\\');
                }
                Some(next) => match ESCAPED.iter().find(|(e, _)| *e == next) {
                    Some((_, placeholder)) => {
                        chars.next();
                        out.push(*placeholder);
                    }
                    None => out.push('\\'),
                },
                None => out.push('\\'),
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// The placeholders of [`hide`] turned back into the characters they stand for (`\n` into a newline).
pub fn reveal(text: &str) -> String {
    text.chars()
        .map(|c| match ESCAPED.iter().find(|(_, p)| *p == c) {
            Some(('n', _)) => '\n',
            Some((e, _)) => *e,
            None => c,
        })
        .collect()
}

/// Text made safe to put in GIFT, so that Moodle reads back exactly this text: Moodle's own `repchar`
/// escapes, with a carriage return dropped as Moodle drops it.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '~' | '=' | '#' | '{' | '}' | ':' => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push_str("\\n"),
            '\r' => {}
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unescape(s: &str) -> String {
        reveal(&hide(s))
    }

    #[test]
    fn only_moodles_escapes_are_undone_and_only_once() {
        assert_eq!(unescape(r"a \\ b"), r"a \ b");
        assert_eq!(unescape(r"C\:\\Windows"), r"C:\Windows");
        assert_eq!(unescape(r"\(x^2 \= 4\)"), r"\(x^2 = 4\)");
        assert_eq!(unescape(r"one\ntwo"), "one\ntwo");
        assert_eq!(unescape(r"\\n"), r"\n");
        assert_eq!(unescape(r"50\%"), r"50\%");
        assert_eq!(unescape("end\\"), "end\\");
    }

    #[test]
    fn an_escaped_backslash_leaves_the_next_character_special() {
        assert_eq!(hide(r"\\{"), "\\{");
        assert_eq!(hide(r"\\\{"), "\\\u{FDD3}");
    }

    #[test]
    fn placeholders_in_the_input_cannot_become_special_characters() {
        assert_eq!(unescape("a\u{FDD3}b"), "a\u{FFFD}b");
    }

    #[test]
    fn escape_is_undone_exactly() {
        for text in [
            r"C:\Windows",
            "a = b # c ~ {d} \\n",
            "line\nbreak",
            r"\(x\)",
        ] {
            assert_eq!(unescape(&escape(text)), text);
        }
    }
}
