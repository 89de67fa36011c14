//! A GIFT file cut into questions the way Moodle's importer cuts it (`readdata` and `readquestions` in
//! question/format.php): trimmed lines, questions separated by blank lines, `//` comment lines dropped,
//! `$CATEGORY:` lines on their own.

use super::escape;
use crate::interop::draft::Warning;

/// One question's text with its escapes hidden, and the line it starts on (its first line that is not
/// a comment).
#[derive(Debug)]
pub struct Block {
    pub line: usize,
    pub text: String,
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
    for (n, raw) in lines(data).into_iter().enumerate() {
        let line = php_trim(raw);
        let number = n + 1;
        if line.is_empty() {
            out.extend(current.take().map(Piece::Question));
            continue;
        }
        if line.starts_with("//") {
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
                })
            }
        }
    }
    out.extend(current.map(Piece::Question));
    out
}
