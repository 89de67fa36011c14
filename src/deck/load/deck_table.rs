//! The `[deck]` table and the `[[sources]]` cards cite, and the ids both use.

use std::ops::Range;

use toml::de::DeTable;

use super::fields::{get, parse_integer};
use super::{Checker, FORMAT_VERSION, Value};
use crate::deck::diagnostic::Diagnostic;
use crate::deck::model::{Deck, Source};

pub(super) const DECK_KEYS: &[&str] = &[
    "id",
    "title",
    "description",
    "language",
    "authors",
    "version",
    "tags",
    "format",
];
pub(super) const SOURCE_KEYS: &[&str] = &["id", "title", "author", "url"];

pub(super) fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// Card and source ids: letters, digits, `-`, `_`, `.`; `#` is reserved for item ids such as `card#c1`.
pub(super) fn is_card_id(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

pub(super) fn slugify(s: &str) -> String {
    let mut slug = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').to_string()
}

impl Checker {
    /// The `[deck]` table as a deck without sources or cards yet.
    pub(super) fn deck_table(&mut self, t: &DeTable<'_>, span: Range<usize>) -> Option<Deck> {
        for (key, _) in t.iter() {
            if !DECK_KEYS.contains(&key.get_ref().as_ref()) {
                self.unknown_key(key, DECK_KEYS, "in `[deck]`", None);
            }
        }
        if let Some(v) = get(t, "format") {
            match parse_integer(v.get_ref()) {
                Some(FORMAT_VERSION) => {}
                Some(n) if n > FORMAT_VERSION => self.push(
                    Diagnostic::error(format!(
                        "this deck uses format {n}, written for a newer kartka"
                    ))
                    .at(
                        v.span(),
                        format!("this kartka reads format {FORMAT_VERSION}"),
                    )
                    .help("update kartka to study this deck"),
                ),
                _ => self.push(
                    Diagnostic::error("unknown deck format")
                        .at(v.span(), format!("expected {FORMAT_VERSION}"))
                        .help(format!(
                            "write `format = {FORMAT_VERSION}`, or leave it out"
                        )),
                ),
            }
        }
        let id = match get(t, "id") {
            None => {
                self.push(
                    Diagnostic::error("the deck has no `id`")
                        .at(span.clone(), "in this table")
                        .help("add `id = \"my-deck\"`: lowercase letters, digits and hyphens; progress is kept under it"),
                );
                None
            }
            Some(v) => self.string("id", v).and_then(|id| {
                if is_slug(&id) {
                    Some(id)
                } else {
                    let slug = slugify(&id);
                    let help = if slug.is_empty() {
                        "use lowercase letters, digits and single hyphens, like `belarus-htp`"
                            .to_string()
                    } else {
                        format!(
                            "use lowercase letters, digits and single hyphens: `id = \"{slug}\"`"
                        )
                    };
                    self.push(
                        Diagnostic::error(format!("deck id `{id}` is not a slug"))
                            .at(v.span(), "not a slug")
                            .help(help),
                    );
                    None
                }
            }),
        };
        let title = self.required_text(t, "title", &span, "the deck", "add `title = \"…\"`");
        let description = self.optional_text(t, "description");
        let language = self.optional_text(t, "language");
        let authors = get(t, "authors").map_or(Some(vec![]), |v| self.strings("authors", v));
        let version = match get(t, "version") {
            None => Some(None),
            Some(v) => match parse_integer(v.get_ref()) {
                Some(n) if n >= 1 && n <= i64::from(u32::MAX) => Some(Some(n as u32)),
                _ => {
                    self.push(
                        Diagnostic::error("`version` must be a positive whole number")
                            .at(v.span(), "expected 1, 2, 3…")
                            .help("count the deck's revisions: `version = 1`"),
                    );
                    None
                }
            },
        };
        let tags = self.tags(get(t, "tags"));
        Some(Deck {
            id: id?,
            title: title?,
            description: description?,
            language: language?,
            authors: authors?,
            version: version?,
            tags: tags?,
            sources: vec![],
            cards: vec![],
        })
    }

    pub(super) fn sources(&mut self, v: Option<&Value<'_>>) -> Vec<(Source, Range<usize>)> {
        let Some(v) = v else { return vec![] };
        let mut out: Vec<(Source, Range<usize>)> = Vec::new();
        for (t, span) in self.tables("sources", v) {
            for (key, _) in t.iter() {
                if !SOURCE_KEYS.contains(&key.get_ref().as_ref()) {
                    self.unknown_key(key, SOURCE_KEYS, "in `[[sources]]`", None);
                }
            }
            let id = match get(t, "id") {
                None => {
                    self.push(
                        Diagnostic::error("source has no `id`")
                            .at(span.clone(), "in this source")
                            .help("add `id = \"…\"` and cite it from cards with `source = \"…\"`"),
                    );
                    None
                }
                Some(v) => self.id("source", v),
            };
            let title = self.required_text(t, "title", &span, "the source", "add `title = \"…\"`");
            let author = self.optional_text(t, "author");
            let url = self.optional_text(t, "url");
            if let (Some((id, id_span)), Some(title), Some(author), Some(url)) =
                (id, title, author, url)
            {
                if let Some((_, first)) = out.iter().find(|(s, _)| s.id == id) {
                    let first = first.clone();
                    self.push(
                        Diagnostic::error(format!("duplicate source id `{id}`"))
                            .at(id_span, "used again here")
                            .with_context(first, "first defined here")
                            .help("give each source its own id"),
                    );
                    continue;
                }
                out.push((
                    Source {
                        id,
                        title,
                        author,
                        url,
                    },
                    id_span,
                ));
            }
        }
        out
    }

    /// A card or source id, with its span.
    pub(super) fn id(&mut self, owner: &str, v: &Value<'_>) -> Option<(String, Range<usize>)> {
        let id = self.text("id", v)?;
        if is_card_id(&id) {
            return Some((id, v.span()));
        }
        let fixed: String = slugify(&id);
        let help = if fixed.is_empty() {
            "use letters, digits, `-`, `_` and `.`, starting with a letter or digit".to_string()
        } else {
            format!("use letters, digits, `-`, `_` and `.`, as in `id = \"{fixed}\"`")
        };
        self.push(
            Diagnostic::error(format!("invalid {owner} id `{id}`"))
                .at(v.span(), "not a valid id")
                .help(help),
        );
        None
    }
}
