//! The field readers every part of a deck shares: strings, lists, tags, flags, and where a value is.

use std::ops::Range;

use toml::Spanned;
use toml::de::{DeArray, DeTable, DeValue};

use super::{Checker, MAX_FIELD_CHARS, Value};
use crate::deck::diagnostic::Diagnostic;
use crate::suggest;

/// Card keys people reach for, mapped to kartka's.
pub(super) const KEY_ALIASES: &[(&str, &str)] = &[
    ("question", "prompt"),
    ("q", "prompt"),
    ("correct", "answer"),
    ("answers", "answer"),
    ("a", "answer"),
    ("explanation", "explain"),
    ("choices", "options"),
    ("alternatives", "accept"),
    ("tag", "tags"),
    ("type", "kind"),
];

pub(super) fn type_name(value: &DeValue<'_>) -> &'static str {
    match value {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a float",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a date",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}

pub(super) fn get<'a, 'i>(table: &'a DeTable<'i>, key: &str) -> Option<&'a Value<'i>> {
    table.get(key)
}

pub(super) fn parse_integer(value: &DeValue<'_>) -> Option<i64> {
    match value {
        DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix()).ok(),
        _ => None,
    }
}

pub(super) fn parse_number(value: &DeValue<'_>) -> Option<f64> {
    match value {
        DeValue::Integer(_) => parse_integer(value).map(|i| i as f64),
        DeValue::Float(f) => f.as_str().replace('_', "").parse::<f64>().ok(),
        _ => None,
    }
}

impl Checker {
    pub(super) fn unknown_key(
        &mut self,
        key: &Spanned<std::borrow::Cow<'_, str>>,
        allowed: &[&str],
        place: &str,
        elsewhere: Option<String>,
    ) {
        let name = key.get_ref().as_ref();
        let meant = KEY_ALIASES
            .iter()
            .find(|(alias, _)| *alias == name)
            .map(|(_, real)| *real)
            .filter(|real| allowed.contains(real))
            .or_else(|| suggest::closest(name, allowed.iter().copied()));
        if let Some(meant) = meant {
            self.misspelt.push(meant.to_string());
        }
        let help = elsewhere.or_else(|| {
            meant
                .map(|s| format!("did you mean `{s}`?"))
                .or_else(|| Some(format!("the keys allowed here are: {}", allowed.join(", "))))
        });
        self.push(
            Diagnostic::error(format!("unknown key `{name}` {place}"))
                .at(key.span(), "unknown key")
                .help_opt(help),
        );
    }

    pub(super) fn string(&mut self, key: &str, v: &Value<'_>) -> Option<String> {
        match v.get_ref() {
            DeValue::String(s) if s.chars().count() > MAX_FIELD_CHARS => {
                self.push(
                    Diagnostic::error(format!(
                        "`{key}` is {} characters long, over the limit of {MAX_FIELD_CHARS}",
                        s.chars().count()
                    ))
                    .at(v.span().start..v.span().start + 1, "this text")
                    .help("shorten it, or split the card"),
                );
                None
            }
            DeValue::String(s) => Some(s.to_string()),
            other => {
                let help = match other {
                    DeValue::Integer(_) | DeValue::Float(_) | DeValue::Boolean(_) => {
                        Some(format!("put the value in quotes: `{key} = \"…\"`"))
                    }
                    _ => None,
                };
                self.wrong_type(key, v, "a string", help);
                None
            }
        }
    }

    /// A string that must contain something other than white space.
    pub(super) fn text(&mut self, key: &str, v: &Value<'_>) -> Option<String> {
        let s = self.string(key, v)?;
        if s.trim().is_empty() {
            self.push(
                Diagnostic::error(format!("empty `{key}`"))
                    .at(v.span(), "nothing here")
                    .help(format!("write the {key}, or remove the key")),
            );
            return None;
        }
        Some(s)
    }

    pub(super) fn required_text(
        &mut self,
        t: &DeTable<'_>,
        key: &str,
        anchor: &Range<usize>,
        owner: &str,
        help: &str,
    ) -> Option<String> {
        match get(t, key) {
            Some(v) => self.text(key, v),
            None => {
                self.push(
                    Diagnostic::error(format!("{owner} has no `{key}`"))
                        .at(anchor.clone(), format!("`{key}` is required here"))
                        .help(help),
                );
                None
            }
        }
    }

    /// `Some(None)` when absent, `None` when present but wrong.
    pub(super) fn optional_text(&mut self, t: &DeTable<'_>, key: &str) -> Option<Option<String>> {
        match get(t, key) {
            None => Some(None),
            Some(v) => self.text(key, v).map(Some),
        }
    }

    pub(super) fn bool(&mut self, t: &DeTable<'_>, key: &str, default: bool) -> Option<bool> {
        match get(t, key) {
            None => Some(default),
            Some(v) => match v.get_ref() {
                DeValue::Boolean(b) => Some(*b),
                _ => {
                    let help = match v.get_ref() {
                        DeValue::String(s) if matches!(s.as_ref(), "true" | "false") => {
                            Some(format!("write `{key} = {s}` without quotes"))
                        }
                        _ => Some(format!("write `{key} = true` or `{key} = false`")),
                    };
                    self.wrong_type(key, v, "true or false", help);
                    None
                }
            },
        }
    }

    pub(super) fn array<'a, 'i>(&mut self, key: &str, v: &'a Value<'i>) -> Option<&'a DeArray<'i>> {
        match v.get_ref() {
            DeValue::Array(a) => Some(a),
            DeValue::String(s) => {
                let help = format!("write a list: `{key} = [\"{s}\"]`");
                self.wrong_type(key, v, "an array", Some(help));
                None
            }
            _ => {
                self.wrong_type(key, v, "an array", None);
                None
            }
        }
    }

    /// An array of non-empty strings, each with its span.
    pub(super) fn spanned_strings(
        &mut self,
        key: &str,
        v: &Value<'_>,
    ) -> Option<Vec<(String, Range<usize>)>> {
        let array = self.array(key, v)?;
        let mut out = Vec::with_capacity(array.len());
        let mut ok = true;
        for item in array.iter() {
            match self.text(key, item) {
                Some(s) => out.push((s, item.span())),
                None => ok = false,
            }
        }
        ok.then_some(out)
    }

    pub(super) fn strings(&mut self, key: &str, v: &Value<'_>) -> Option<Vec<String>> {
        self.spanned_strings(key, v)
            .map(|items| items.into_iter().map(|(s, _)| s).collect())
    }

    pub(super) fn tags(&mut self, v: Option<&Value<'_>>) -> Option<Vec<String>> {
        let Some(v) = v else { return Some(vec![]) };
        let tags = self.spanned_strings("tags", v)?;
        let mut ok = true;
        for (tag, span) in &tags {
            if tag.chars().any(char::is_whitespace) {
                ok = false;
                let fixed: Vec<&str> = tag.split_whitespace().collect();
                self.push(
                    Diagnostic::error(format!("tag `{tag}` contains a space"))
                        .at(span.clone(), "spaces are not allowed in tags")
                        .help(format!(
                            "tags are typed as single words, as in `--tag {}`; use hyphens: `\"{}\"`",
                            fixed.join("-"),
                            fixed.join("-")
                        )),
                );
            }
        }
        ok.then(|| tags.into_iter().map(|(t, _)| t).collect())
    }

    pub(super) fn tables<'a, 'i>(
        &mut self,
        key: &str,
        v: &'a Value<'i>,
    ) -> Vec<(&'a DeTable<'i>, Range<usize>)> {
        let Some(array) = self.array(key, v) else {
            return vec![];
        };
        let mut out = Vec::with_capacity(array.len());
        for item in array.iter() {
            match item.get_ref() {
                DeValue::Table(t) => out.push((t, item.span())),
                _ => self.wrong_type(
                    key,
                    item,
                    "a table",
                    Some(format!("write each entry as its own `[[{key}]]` table")),
                ),
            }
        }
        out
    }

    /// Reports repeated entries; returns whether there were none. Repeats are errors where they make the
    /// answer ambiguous, warnings where they are only untidy.
    pub(super) fn no_repeats(
        &mut self,
        key: &str,
        items: &[(String, Range<usize>)],
        is_error: bool,
    ) -> bool {
        let mut clean = true;
        for (i, (item, span)) in items.iter().enumerate() {
            if let Some((_, first)) = items[..i].iter().find(|(s, _)| s.trim() == item.trim()) {
                clean = false;
                let message = format!("`{item}` appears twice in `{key}`");
                let d = if is_error {
                    Diagnostic::error(message)
                } else {
                    Diagnostic::warning(message)
                };
                self.push(
                    d.at(span.clone(), "repeated here")
                        .with_context(first.clone(), "first here")
                        .help("remove the repeat, or reword one of them"),
                );
            }
        }
        clean
    }
}

/// Maps a byte range inside a string's value to the source, when the literal has no escapes to shift it;
/// otherwise the whole string is the best place to point at.
pub(super) fn inner_span(v: &Value<'_>, value: &str, inner: Range<usize>) -> Range<usize> {
    let span = v.span();
    // A basic or literal string: one quote either side; a multi-line one: three, maybe then a newline.
    for quote in [1usize, 3] {
        let start = span.start + quote;
        if let Some(body) = span
            .end
            .checked_sub(quote)
            .filter(|end| *end >= start)
            .map(|end| start..end)
        {
            let body_len = body.end - body.start;
            if body_len == value.len() {
                return start + inner.start..start + inner.end;
            }
            if quote == 3 && body_len == value.len() + 1 {
                return start + 1 + inner.start..start + 1 + inner.end;
            }
        }
    }
    span
}
