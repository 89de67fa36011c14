//! One diagnostic for a TOML syntax error, at its cause.
//!
//! toml's recovering parser reports every place where it lost its way: one missing `]` yields a dozen
//! errors, all after the mistake. Only the first is worth showing, and when it is a key found inside an
//! array or inline table that was opened on an earlier line, the cause is the bracket never closed.

use std::ops::Range;

use super::diagnostic::{Diagnostic, line_col};

/// Where a deck author learns the syntax: it ships inside the binary.
pub const SYNTAX_HELP: &str = "`kartka help deck-format` shows the deck file syntax";

/// The diagnostic for a file toml cannot parse, from the parser's errors (at least one).
pub fn syntax_error(source: &str, errors: &[toml::de::Error]) -> Diagnostic {
    let first = errors
        .iter()
        .min_by_key(|e| e.span().map_or(usize::MAX, |s| s.start));
    let (span, message) = match first {
        Some(e) => (e.span().unwrap_or(0..0), e.message().trim_end().to_string()),
        None => (0..0, "the file cannot be read as TOML".to_string()),
    };
    if let Some((open, bracket)) = unclosed_before(source, span.start)
        && line_col(source, open).0 < line_col(source, span.start).0
        && starts_a_key_or_table(source, span.start)
    {
        let (what, close) = match bracket {
            '[' => ("array", ']'),
            _ => ("inline table", '}'),
        };
        return Diagnostic::error(format!("invalid TOML: unclosed {what}"))
            .at(open..open + 1, format!("this `{bracket}` is never closed"))
            .with_context(
                line_start(source, span.start)..span.start.max(line_start(source, span.start) + 1),
                format!("the next line starts a new key, so `{close}` is missing before it"),
            )
            .help(format!(
                "add `{close}` where the {what} ends; {SYNTAX_HELP}"
            ));
    }
    Diagnostic::error("invalid TOML")
        .at(span, message)
        .help(SYNTAX_HELP)
}

fn line_start(source: &str, at: usize) -> usize {
    source[..at.min(source.len())]
        .rfind('\n')
        .map_or(0, |i| i + 1)
}

/// Whether `at` is the first character of a line holding `key =` or a `[table]` header: text that
/// cannot belong inside an array.
fn starts_a_key_or_table(source: &str, at: usize) -> bool {
    let Some(rest) = source.get(at..) else {
        return false;
    };
    if !source[line_start(source, at)..at].trim().is_empty() {
        return false;
    }
    let line = rest.lines().next().unwrap_or_default();
    if line.starts_with('[') {
        return line.trim_end().ends_with(']') && !line.contains(',');
    }
    let key: String = line
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
        .collect();
    !key.is_empty() && line[key.len()..].trim_start().starts_with('=')
}

/// The innermost `[` or `{` still open at byte `end`, skipping strings and comments.
fn unclosed_before(source: &str, end: usize) -> Option<(usize, char)> {
    let text = source.get(..end)?;
    let bytes = text.as_bytes();
    let mut open: Vec<(usize, char)> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'#' => i = skip_to_line_end(bytes, i),
            b'"' | b'\'' => i = skip_string(bytes, i),
            b'[' => {
                open.push((i, '['));
                i += 1;
            }
            b'{' => {
                open.push((i, '{'));
                i += 1;
            }
            b']' | b'}' => {
                let wanted = if bytes[i] == b']' { '[' } else { '{' };
                if open.last().is_some_and(|(_, c)| *c == wanted) {
                    open.pop();
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
    open.pop()
}

fn skip_to_line_end(bytes: &[u8], from: usize) -> usize {
    bytes[from..]
        .iter()
        .position(|b| *b == b'\n')
        .map_or(bytes.len(), |p| from + p)
}

/// The index just past the string starting at `from` (or the end of its line, when it is unterminated).
fn skip_string(bytes: &[u8], from: usize) -> usize {
    let quote = bytes[from];
    let triple: Range<usize> = from..from + 3;
    if bytes.get(triple.clone()) == Some(&[quote, quote, quote][..]) {
        let mut i = triple.end;
        while i < bytes.len() {
            if quote == b'"' && bytes[i] == b'\\' {
                i += 2;
                continue;
            }
            if bytes.get(i..i + 3) == Some(&[quote, quote, quote][..]) {
                return i + 3;
            }
            i += 1;
        }
        return bytes.len();
    }
    let mut i = from + 1;
    while i < bytes.len() && bytes[i] != b'\n' {
        if quote == b'"' && bytes[i] == b'\\' {
            i += 2;
            continue;
        }
        if bytes[i] == quote {
            return i + 1;
        }
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_innermost_open_bracket_outside_strings_and_comments() {
        let src = "[deck]\nauthors = [\"a]\", # ]\n 'b' ,{x = \"}\"";
        assert_eq!(unclosed_before(src, src.len()), Some((34, '{')));
        let src = "[deck]\nauthors = [\"a]\", # ]\n";
        assert_eq!(unclosed_before(src, src.len()), Some((17, '[')));
        assert_eq!(unclosed_before("a = \"\"\"[\"\"\"\n", 12), None);
    }

    #[test]
    fn a_key_line_cannot_be_an_array_element() {
        let src = "a = [\n  \"x\"\n  \"y\",\nversion = 1\n[[cards]]\n";
        assert!(!starts_a_key_or_table(src, src.find("\"y\"").unwrap()));
        assert!(starts_a_key_or_table(src, src.find("version").unwrap()));
        assert!(starts_a_key_or_table(src, src.find("[[cards]]").unwrap()));
    }
}
