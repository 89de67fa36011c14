//! The first GIFT importer, straight into a draft deck: kept, unchanged in behaviour, until `read` and the
//! one mapping from the question model into cards replace it.

use crate::Error;
use crate::grade::number;
use crate::interop::draft::{Draft, DraftCard, Imported, slug, text, texts};
use crate::interop::html;

/// A GIFT question as read: where it starts, its title and its text.
struct Block {
    line: usize,
    text: String,
}

/// Whether the character at byte `i` is escaped by a backslash (an odd number of them before it).
fn escaped(s: &str, i: usize) -> bool {
    s[..i].bytes().rev().take_while(|b| *b == b'\\').count() % 2 == 1
}

/// Byte positions of `c` not escaped with a backslash.
fn unescaped(s: &str, c: char) -> Vec<usize> {
    s.char_indices()
        .filter(|(i, ch)| *ch == c && !escaped(s, *i))
        .map(|(i, _)| i)
        .collect()
}

/// GIFT's escapes undone: `\~ \= \# \{ \} \: \\` are the characters, `\n` a newline.
fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') => out.push('\n'),
                Some(x) => out.push(x),
                None => out.push('\\'),
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Questions separated by blank lines; comments dropped; `$CATEGORY` lines returned as their own blocks.
fn blocks(data: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut current: Option<Block> = None;
    let mut depth = 0i32;
    for (n, line) in data.lines().enumerate() {
        let trimmed = line.trim();
        if trimmed.starts_with("//") {
            continue;
        }
        // A blank line ends a question; so does a new `::title::` once the question's answers are closed,
        // which forgives the blank line Moodle wants between questions.
        let complete = current
            .as_ref()
            .is_some_and(|b| !unescaped(&b.text, '}').is_empty());
        if depth == 0 && (trimmed.is_empty() || (trimmed.starts_with("::") && complete)) {
            out.extend(current.take());
            if trimmed.is_empty() {
                continue;
            }
        }
        if trimmed.starts_with("$CATEGORY:") && depth == 0 {
            out.extend(current.take());
            out.push(Block {
                line: n + 1,
                text: trimmed.to_string(),
            });
            continue;
        }
        depth += unescaped(line, '{').len() as i32 - unescaped(line, '}').len() as i32;
        match &mut current {
            Some(b) => {
                b.text.push('\n');
                b.text.push_str(line);
            }
            None => {
                current = Some(Block {
                    line: n + 1,
                    text: line.to_string(),
                })
            }
        }
    }
    out.extend(current);
    out
}

/// One answer in a GIFT answer block: `=right`, `~%50%partly#feedback`, `=left -> right`.
#[derive(Debug, Clone)]
struct Choice {
    right: bool,
    weight: Option<f64>,
    text: String,
    feedback: Option<String>,
}

/// Splits an answer block into its general feedback (`####…`) and answers.
fn answers(content: &str) -> (Vec<Choice>, Option<String>) {
    let (body, general) = match content.find("####").filter(|i| !escaped(content, *i)) {
        Some(i) => (&content[..i], Some(unescape(content[i + 4..].trim()))),
        None => (content, None),
    };
    let mut starts: Vec<usize> = unescaped(body, '=')
        .into_iter()
        .chain(unescaped(body, '~'))
        .collect();
    starts.sort_unstable();
    let mut out = Vec::new();
    for (k, &start) in starts.iter().enumerate() {
        let end = starts.get(k + 1).copied().unwrap_or(body.len());
        let marker = &body[start..start + 1];
        let mut item = body[start + 1..end].trim();
        let mut weight = None;
        if let Some(rest) = item.strip_prefix('%')
            && let Some(close) = rest.find('%')
        {
            weight = finite(&rest[..close]);
            item = rest[close + 1..].trim();
        }
        let (text, feedback) = match unescaped(item, '#').first() {
            Some(&h) => (&item[..h], Some(unescape(item[h + 1..].trim()))),
            None => (item, None),
        };
        out.push(Choice {
            right: marker == "=" || weight.is_some_and(|w| w > 0.0),
            weight,
            text: unescape(text.trim()),
            feedback: feedback.filter(|f| !f.is_empty()),
        });
    }
    (out, general.filter(|g| !g.is_empty()))
}

/// The explanation of a question: its general feedback, else the right answer's feedback.
fn explanation(general: Option<String>, choices: &[Choice]) -> Option<String> {
    general.or_else(|| {
        choices
            .iter()
            .find(|c| c.right)
            .and_then(|c| c.feedback.clone())
    })
}

/// A finite number: Rust reads `nan` and `inf` as numbers, but no answer can be one.
fn finite(s: &str) -> Option<f64> {
    s.trim().parse::<f64>().ok().filter(|n| n.is_finite())
}

/// `min..max`, `value:tolerance` or `value`, as (value, tolerance), both finite.
fn numeric(s: &str) -> Option<(f64, f64)> {
    let s = s.trim();
    let (value, tolerance) = if let Some((lo, hi)) = s.split_once("..") {
        let (lo, hi) = (finite(lo)?, finite(hi)?);
        (lo / 2.0 + hi / 2.0, (hi / 2.0 - lo / 2.0).abs())
    } else {
        match s.split_once(':') {
            Some((v, t)) => (finite(v)?, finite(t)?.abs()),
            None => (finite(s)?, 0.0),
        }
    };
    (value.is_finite() && tolerance.is_finite()).then_some((value, tolerance))
}

pub fn import(data: &str, origin: &str, id: &str, title: &str) -> Result<Imported, Error> {
    let mut draft = Draft::new(id, title);
    let mut tags: Vec<String> = Vec::new();
    let fail = |line: usize, message: String| Error::Import {
        origin: origin.to_string(),
        line: Some(line),
        message,
    };
    for block in blocks(data) {
        let line = block.line;
        if let Some(path) = block.text.strip_prefix("$CATEGORY:") {
            // The last part of the path names the category; the deck itself is not a tag.
            tags = path
                .trim()
                .rsplit('/')
                .next()
                .map(|c| slug(c, 40))
                .filter(|t| !t.is_empty() && t != id)
                .into_iter()
                .collect();
            continue;
        }
        let mut rest = block.text.trim();
        let mut name = None;
        if let Some(after) = rest.strip_prefix("::")
            && let Some(end) = unescaped(after, ':')
                .windows(2)
                .find(|w| w[1] == w[0] + 1)
                .map(|w| w[0])
        {
            name = Some(unescape(after[..end].trim()));
            rest = after[end + 2..].trim_start();
        }
        let is_html = rest.starts_with("[html]");
        for marker in ["[html]", "[moodle]", "[plain]", "[markdown]"] {
            if let Some(r) = rest.strip_prefix(marker) {
                rest = r.trim_start();
            }
        }
        let clean = |s: &str| {
            let s = unescape(s);
            if is_html { html::to_text(&s) } else { s }
        };
        let (Some(&open), closes) = (unescaped(rest, '{').first(), unescaped(rest, '}')) else {
            draft.warn(
                Some(line),
                "a description (text without a question) has no kartka kind; skipped",
            );
            continue;
        };
        let Some(&close) = closes.iter().find(|c| **c > open) else {
            return Err(fail(
                line,
                "an answer block opened with `{` is not closed with `}`".into(),
            ));
        };
        let before = &rest[..open];
        let after = &rest[close + 1..];
        let content = rest[open + 1..close].trim();
        let stem = clean(before.trim());
        let tail = clean(after.trim());
        if content.is_empty() {
            draft.warn(Some(line), "an essay question has no kartka kind; skipped");
            continue;
        }
        let wanted = name.clone().unwrap_or_else(|| slug(&stem, 40));
        let card_id = draft.unique_id(&wanted, line);
        let prompt = if tail.is_empty() {
            stem.clone()
        } else {
            format!("{stem} _____ {tail}")
        };
        let upper = content.to_uppercase();
        let tf = upper.split('#').next().unwrap_or("").trim().to_string();
        let mut card;
        if let Some(num) = content.strip_prefix('#') {
            card = DraftCard::new(line, card_id, "number");
            card.set("prompt", text(&prompt));
            let (choices, general) = if num.trim_start().starts_with('=') {
                answers(num)
            } else {
                let (value, feedback) = match unescaped(num, '#').first() {
                    Some(&h) if !num[h..].starts_with("###") => {
                        (&num[..h], Some(unescape(num[h + 1..].trim())))
                    }
                    _ => (num.split("####").next().unwrap_or(num), None),
                };
                let general = num.find("####").map(|i| unescape(num[i + 4..].trim()));
                (
                    vec![Choice {
                        right: true,
                        weight: None,
                        text: value.trim().to_string(),
                        feedback,
                    }],
                    general,
                )
            };
            let best: Vec<&Choice> = choices
                .iter()
                .filter(|c| c.right && c.weight.is_none_or(|w| w >= 100.0))
                .collect();
            let first = best
                .first()
                .copied()
                .or_else(|| choices.first())
                .ok_or_else(|| fail(line, "a numerical question without an answer".into()))?;
            let (value, tolerance) = numeric(&first.text).ok_or_else(|| {
                fail(
                    line,
                    format!(
                        "`{}` is not a number, a `value:tolerance` or a `min..max` range",
                        first.text
                    ),
                )
            })?;
            if choices.len() > 1 {
                draft.warn(Some(line), "other graded numerical answers are left out: kartka keeps one answer and its tolerance");
            }
            card.set("answer", number::format(value));
            if tolerance > 0.0 {
                card.set("tolerance", number::format(tolerance));
            }
            if let Some(e) = explanation(general, &choices) {
                card.set("explain", text(&e));
            }
        } else if matches!(tf.as_str(), "T" | "TRUE" | "F" | "FALSE") {
            card = DraftCard::new(line, card_id, "truefalse");
            card.set("prompt", text(&prompt))
                .set("answer", tf.starts_with('T').to_string());
            let general = content
                .find("####")
                .map(|i| unescape(content[i + 4..].trim()));
            let feedbacks: Vec<String> = content
                .split("####")
                .next()
                .unwrap_or("")
                .split('#')
                .skip(1)
                .map(|f| unescape(f.trim()))
                .filter(|f| !f.is_empty())
                .collect();
            // {T#wrong#right}: the first feedback is for a wrong answer, the second for the right one.
            if let Some(e) = general
                .filter(|g| !g.is_empty())
                .or_else(|| feedbacks.get(1).cloned())
            {
                card.set("explain", text(&e));
            }
        } else {
            let (choices, general) = answers(content);
            if choices.is_empty() {
                return Err(fail(
                    line,
                    format!("the answer block `{{{content}}}` has no `=` or `~` answers"),
                ));
            }
            let explain = explanation(general, &choices);
            let pairs: Vec<(&str, &str)> = choices
                .iter()
                .filter_map(|c| c.text.split_once("->"))
                .collect();
            let wrong = choices.iter().filter(|c| !c.right).count();
            if !pairs.is_empty() && pairs.len() == choices.len() {
                card = DraftCard::new(line, card_id, "match");
                card.set("prompt", text(&prompt));
                let rows: Vec<String> = pairs
                    .iter()
                    .map(|(l, r)| {
                        format!("[{}, {}]", text(&clean(l.trim())), text(&clean(r.trim())))
                    })
                    .collect();
                card.set("pairs", format!("[{}]", rows.join(", ")));
            } else if wrong == 0 && !tail.is_empty() {
                // A missing word typed in: a cloze deletion.
                card = DraftCard::new(line, card_id, "cloze");
                let right: Vec<String> = choices.iter().map(|c| clean(&c.text)).collect();
                card.set(
                    "text",
                    text(&format!(
                        "{}{{{{c1::{}}}}}{}",
                        clean(before.trim_start()),
                        right[0],
                        clean(after.trim_end())
                    )),
                );
                if right.len() > 1 {
                    card.set("accept", format!("{{ c1 = {} }}", texts(&right[1..])));
                }
            } else if wrong == 0 {
                card = DraftCard::new(line, card_id, "text");
                card.set("prompt", text(&prompt));
                let full: Vec<String> = choices
                    .iter()
                    .filter(|c| c.weight.is_none_or(|w| w >= 100.0))
                    .map(|c| clean(&c.text))
                    .collect();
                let partial = choices.len() - full.len();
                if partial > 0 {
                    let answers = if partial == 1 {
                        "answer is"
                    } else {
                        "answers are"
                    };
                    draft.warn(Some(line), format!("{partial} partly right {answers} left out: kartka accepts an answer or not"));
                }
                let full = if full.is_empty() {
                    vec![clean(&choices[0].text)]
                } else {
                    full
                };
                card.set("answer", text(&full[0]));
                if full.len() > 1 {
                    card.set("accept", texts(&full[1..]));
                }
            } else {
                let options: Vec<String> = choices.iter().map(|c| clean(&c.text)).collect();
                let right: Vec<String> = choices
                    .iter()
                    .filter(|c| c.right)
                    .map(|c| clean(&c.text))
                    .collect();
                if right.is_empty() {
                    return Err(fail(
                        line,
                        "no right answer: mark it with `=`, or give it a positive `%weight%`"
                            .into(),
                    ));
                }
                let several = choices.iter().any(|c| c.weight.is_some()) && right.len() != 1
                    || right.len() > 1;
                if several {
                    card = DraftCard::new(line, card_id, "multi");
                    card.set("prompt", text(&prompt))
                        .set("options", texts(&options))
                        .set("answer", texts(&right));
                    let weights: Vec<f64> = choices
                        .iter()
                        .filter(|c| c.right)
                        .filter_map(|c| c.weight)
                        .collect();
                    if weights.windows(2).any(|w| (w[0] - w[1]).abs() > 0.01) {
                        draft.warn(
                            Some(line),
                            "unequal answer weights become equal shares in kartka",
                        );
                    }
                } else {
                    card = DraftCard::new(line, card_id, "choice");
                    card.set("prompt", text(&prompt))
                        .set("options", texts(&options))
                        .set("answer", text(&right[0]));
                    if choices
                        .iter()
                        .any(|c| !c.right && c.weight.is_some_and(|w| w != 0.0))
                    {
                        draft.warn(Some(line), "partial credit for wrong options is left out");
                    }
                }
                if choices
                    .iter()
                    .filter(|c| !c.right)
                    .any(|c| c.feedback.is_some())
                {
                    draft.warn(
                        Some(line),
                        "feedback on wrong options is left out: kartka keeps one explanation",
                    );
                }
            }
            if let Some(e) = explain {
                card.set("explain", text(&e));
            }
        }
        if !tags.is_empty() {
            card.set("tags", texts(&tags));
        }
        draft.push(card);
    }
    draft.finish(origin)
}
