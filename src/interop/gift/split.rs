//! A GIFT file cut into questions the way Moodle's importer cuts it (`readdata` and `readquestions` in
//! question/format.php): trimmed lines, questions separated by blank lines, `//` comment lines set aside
//! (they may hold the question's `[tag:…]` and `[id:…]`), `$CATEGORY:` lines on their own.

use super::escape;
use crate::interop::draft::Warning;

/// One question's text with its escapes hidden, the line it starts on (its first line that is not a
/// comment), and the comment lines in its block.
#[derive(Debug)]
pub struct Block {
    pub line: usize,
    pub text: String,
    pub comments: Vec<String>,
}

/// What a file holds, in order.
#[derive(Debug)]
pub enum Piece {
    Category { path: String },
    Question(Block),
}

/// Lines as Moodle reads them: a byte order mark dropped, and a file with only carriage returns (old Mac
/// files) split on them.
fn lines(data: &str) -> Vec<&str> {
    let data = data.strip_prefix('\u{feff}').unwrap_or(data);
    if data.contains('\r') && !data.contains('\n') {
        data.split('\r').collect()
    } else {
        data.lines().collect()
    }
}

/// PHP's `trim`: Moodle trims these characters only, not every Unicode space.
pub fn php_trim(s: &str) -> &str {
    s.trim_matches([' ', '\t', '\n', '\r', '\0', '\x0B'])
}

/// Whether a question's text so far has its answer block closed: a `{` and then a `}`.
fn closed(text: &str) -> bool {
    text.find('{')
        .is_some_and(|open| text[open..].contains('}'))
}

pub fn pieces(data: &str, warnings: &mut Vec<Warning>) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut current: Option<Block> = None;
    // Comment lines above a question, in its block: they belong to it.
    let mut comments: Vec<String> = Vec::new();
    for (n, raw) in lines(data).into_iter().enumerate() {
        let line = php_trim(raw);
        let number = n + 1;
        if line.is_empty() {
            out.extend(current.take().map(Piece::Question));
            comments.clear();
            continue;
        }
        if line.starts_with("//") {
            match &mut current {
                Some(block) => block.comments.push(line.to_string()),
                None => comments.push(line.to_string()),
            }
            continue;
        }
        let hidden = escape::hide(line);
        // Only a block's first line can switch the category: further down it is part of a question.
        if current.is_none()
            && let Some(path) = hidden.strip_prefix("$CATEGORY:")
        {
            // Moodle takes the whole block as the category's name, swallowing a question written on the
            // next line without a blank one; here the category is its line, and such a question is read.
            out.push(Piece::Category {
                path: escape::reveal(php_trim(path)),
            });
            comments.clear();
            continue;
        }
        if current
            .as_ref()
            .is_some_and(|b| line.starts_with("::") && closed(&b.text))
        {
            // Moodle would read this question as the end of the one above; it is read on its own.
            warnings.push(Warning {
                line: Some(number),
                message: "no blank line before this question: Moodle reads it as part of the \
                          question above; read here as a question of its own"
                    .into(),
            });
            out.extend(current.take().map(Piece::Question));
        }
        match &mut current {
            Some(block) => {
                block.text.push('\n');
                block.text.push_str(&hidden);
            }
            None => {
                current = Some(Block {
                    line: number,
                    text: hidden,
                    comments: std::mem::take(&mut comments),
                })
            }
        }
    }
    out.extend(current.map(Piece::Question));
    out
}

impl Block {
    /// The question's id number and tags from its comments, as Moodle's
    /// `extract_idnumber_and_tags_from_comment` finds them: `[id:…]` (the first) and every `[tag:…]`, a `]`
    /// inside written `\]`.
    pub fn id_and_tags(&self) -> (Option<String>, Vec<String>) {
        let comments: String = self.comments.iter().map(|c| format!("{c}\n")).collect();
        let id = marks(&comments, "[id:", &[]).into_iter().next();
        let tags = marks(&comments, "[tag:", &['<', '>', '`']);
        (id, tags)
    }
}

/// Every `opening…]` in the text whose value holds no control character nor one of `excluded`, with `\]`
/// turned into `]`, trimmed; empty values left out.
fn marks(text: &str, opening: &str, excluded: &[char]) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find(opening) {
        rest = &rest[at + opening.len()..];
        let mut value = String::new();
        let mut chars = rest.char_indices();
        let mut end = None;
        while let Some((i, c)) = chars.next() {
            if c == '\\' && rest[i + 1..].starts_with(']') {
                chars.next();
                value.push(']');
            } else if c == ']' {
                end = Some(i + 1);
                break;
            } else if c.is_control() || excluded.contains(&c) {
                break;
            } else {
                value.push(c);
            }
        }
        if let Some(end) = end {
            rest = &rest[end..];
            let value = value.trim();
            if !value.is_empty() {
                found.push(value.to_string());
            }
        }
    }
    found
}
