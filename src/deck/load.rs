//! Turning deck source text into a [`Deck`], reporting every problem in one pass.
//!
//! The TOML is parsed into a spanned document first and then checked by hand, rather than deserialised with
//! serde, because serde stops at the first mistake and cannot say where a missing field should have been.

use std::collections::HashMap;
use std::ops::Range;

use toml::Spanned;
use toml::de::{DeArray, DeTable, DeValue};

use super::cloze;
use super::diagnostic::{Diagnostic, Severity};
use super::giveaway;
use super::model::{Body, Card, Deck, Kind, Source, Tolerance, Typos};
use crate::suggest;

mod cloze_accept;

/// The deck format version this kartka reads and writes.
pub const FORMAT_VERSION: i64 = 1;

/// A prompt longer than this is legal but hard to read in a terminal.
const LONG_PROMPT_CHARS: usize = 500;

/// The largest deck file kartka reads: a 100,000-card deck takes about 25 MB.
pub const MAX_DECK_BYTES: usize = 64 * 1024 * 1024;
/// The most cards one deck may hold.
pub const MAX_CARDS: usize = 200_000;
/// The longest text one field may hold: a card is something to answer in a minute, not a book.
pub const MAX_FIELD_CHARS: usize = 10_000;

/// What loading one deck file produced.
#[derive(Debug, PartialEq)]
pub struct Loaded {
    /// The deck, when there were no errors (warnings allowed).
    pub deck: Option<Deck>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Loaded {
    pub fn error_count(&self) -> usize {
        self.count(Severity::Error)
    }

    pub fn warning_count(&self) -> usize {
        self.count(Severity::Warning)
    }

    pub fn note_count(&self) -> usize {
        self.count(Severity::Note)
    }

    fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }
}

type Value<'i> = Spanned<DeValue<'i>>;

const DECK_KEYS: &[&str] = &[
    "id",
    "title",
    "description",
    "language",
    "authors",
    "version",
    "tags",
    "format",
];
const SOURCE_KEYS: &[&str] = &["id", "title", "author", "url"];
const COMMON_CARD_KEYS: &[&str] = &[
    "id",
    "kind",
    "prompt",
    "explain",
    "source",
    "tags",
    "gives_away",
];

/// The keys each kind adds to the common ones.
fn kind_keys(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Flash => &["front", "back", "reverse"],
        Kind::Text => &[
            "answer",
            "accept",
            "case_sensitive",
            "accent_sensitive",
            "typos",
        ],
        Kind::Choice | Kind::Multi => &["options", "answer"],
        Kind::TrueFalse => &["answer"],
        Kind::Number => &["answer", "tolerance", "unit"],
        Kind::Cloze => &["text", "accept"],
        Kind::Order => &["items"],
        Kind::Match => &["pairs"],
    }
}

/// Names people reach for from other tools, mapped to kartka's.
const KIND_ALIASES: &[(&str, Kind)] = &[
    ("basic", Kind::Flash),
    ("flashcard", Kind::Flash),
    ("short", Kind::Text),
    ("shortanswer", Kind::Text),
    ("short_answer", Kind::Text),
    ("input", Kind::Text),
    ("mcq", Kind::Choice),
    ("multichoice", Kind::Choice),
    ("single", Kind::Choice),
    ("multiple", Kind::Multi),
    ("checkbox", Kind::Multi),
    ("bool", Kind::TrueFalse),
    ("boolean", Kind::TrueFalse),
    ("true_false", Kind::TrueFalse),
    ("true-false", Kind::TrueFalse),
    ("tf", Kind::TrueFalse),
    ("numeric", Kind::Number),
    ("numerical", Kind::Number),
    ("ordering", Kind::Order),
    ("sequence", Kind::Order),
    ("matching", Kind::Match),
    ("pairs", Kind::Match),
];

/// Card keys people reach for, mapped to kartka's.
const KEY_ALIASES: &[(&str, &str)] = &[
    ("question", "prompt"),
    ("q", "prompt"),
    ("correct", "answer"),
    ("answers", "answer"),
    ("a", "answer"),
    ("explanation", "explain"),
    ("feedback", "explain"),
    ("choices", "options"),
    ("alternatives", "accept"),
    ("tag", "tags"),
    ("type", "kind"),
];

/// Parses and validates one deck. Never panics, whatever the input.
pub fn parse(source: &str) -> Loaded {
    if source.len() > MAX_DECK_BYTES {
        return Loaded {
            deck: None,
            diagnostics: vec![
                Diagnostic::error(format!(
                    "the deck file is {} MB, over the {} MB limit",
                    source.len() / (1024 * 1024),
                    MAX_DECK_BYTES / (1024 * 1024)
                ))
                .help("split it into several decks"),
            ],
        };
    }
    parse_with(source, true)
}

fn parse_with(source: &str, by_card: bool) -> Loaded {
    let mut checker = Checker::default();
    let deck = checker.document(source, by_card);
    let mut diagnostics = std::mem::take(&mut checker.diags);
    if let Some(deck) = deck
        .as_ref()
        .filter(|_| !diagnostics.iter().any(Diagnostic::is_error))
    {
        let found = giveaway::find(deck);
        diagnostics.extend(giveaway::diagnostics(
            deck,
            &found,
            &checker.card_ids,
            &checker.intended,
        ));
    }
    diagnostics.sort_by_key(|d| {
        (
            d.primary.as_ref().map_or(usize::MAX, |(s, _)| s.start),
            d.severity,
        )
    });
    let has_errors = diagnostics.iter().any(Diagnostic::is_error);
    Loaded {
        deck: if has_errors { None } else { deck },
        diagnostics,
    }
}

#[derive(Default)]
struct Checker {
    diags: Vec<Diagnostic>,
    /// Where the part of the file being checked starts: spans are relative to it.
    offset: usize,
    /// Keys of the card being checked that an unknown key looks like a misspelling of: their absence is
    /// that one mistake, not a second one.
    misspelt: Vec<String>,
    /// Where each card's id is, in the whole file.
    card_ids: HashMap<String, Range<usize>>,
    /// Each card's `gives_away` marks, located in the whole file.
    intended: giveaway::Intended,
}

/// Where each `[[cards]]` header line starts, or `None` when there is none.
///
/// A large deck is parsed one card at a time: toml's spanned document of a whole 25 MB deck peaks at
/// over 400 MB. A line like a header inside a multi-line string or array is no header, but splitting
/// there leaves the part before it with an unterminated string or array, which does not parse, and the
/// file is then parsed whole: a split can make parsing fail over to the slow path, never go wrong.
fn card_headers(source: &str) -> Option<Vec<usize>> {
    let mut starts = Vec::new();
    let mut at = 0;
    for line in source.split_inclusive('\n') {
        let header = line
            .trim_start_matches([' ', '\t'])
            .strip_prefix("[[")
            .map(|rest| rest.trim_start_matches([' ', '\t']))
            .and_then(|rest| rest.strip_prefix("cards"))
            .map(|rest| rest.trim_start_matches([' ', '\t']))
            .and_then(|rest| rest.strip_prefix("]]"))
            .map(|rest| rest.trim_start_matches([' ', '\t']));
        if header.is_some_and(|rest| rest.is_empty() || rest.starts_with(['#', '\r', '\n'])) {
            starts.push(at);
        }
        at += line.len();
    }
    (!starts.is_empty()).then_some(starts)
}

fn type_name(value: &DeValue<'_>) -> &'static str {
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

fn get<'a, 'i>(table: &'a DeTable<'i>, key: &str) -> Option<&'a Value<'i>> {
    table.get(key)
}

fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// Card and source ids: letters, digits, `-`, `_`, `.`; `#` is reserved for item ids such as `card#c1`.
fn is_card_id(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

fn slugify(s: &str) -> String {
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

fn parse_integer(value: &DeValue<'_>) -> Option<i64> {
    match value {
        DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix()).ok(),
        _ => None,
    }
}

fn parse_number(value: &DeValue<'_>) -> Option<f64> {
    match value {
        DeValue::Integer(_) => parse_integer(value).map(|i| i as f64),
        DeValue::Float(f) => f.as_str().replace('_', "").parse::<f64>().ok(),
        _ => None,
    }
}

impl Checker {
    fn push(&mut self, d: Diagnostic) {
        self.diags.push(d.shifted(self.offset));
    }

    fn wrong_type(&mut self, key: &str, value: &Value<'_>, expected: &str, help: Option<String>) {
        let found = type_name(value.get_ref());
        self.push(
            Diagnostic::error(format!("`{key}` must be {expected}, not {found}"))
                .at(value.span(), format!("expected {expected}"))
                .help_opt(help),
        );
    }

    /// Checks a whole deck file, one card at a time when `by_card` and the file allows it (see
    /// [`card_headers`]), and otherwise all at once.
    fn document(&mut self, source: &str, by_card: bool) -> Option<Deck> {
        if let Some(starts) = card_headers(source).filter(|_| by_card) {
            let (head, errors) = DeTable::parse_recoverable(&source[..starts[0]]);
            if errors.is_empty() && head.get_ref().get("cards").is_none() {
                let mut parts_ok = true;
                let deck = self.deck_from(head.get_ref(), |checker, sources| {
                    checker
                        .cards_by_part(source, &starts, sources)
                        .unwrap_or_else(|| {
                            parts_ok = false;
                            vec![]
                        })
                });
                if parts_ok {
                    return deck;
                }
                self.diags.clear();
                self.card_ids.clear();
                self.intended.clear();
                self.offset = 0;
            }
        }
        let (root, errors) = DeTable::parse_recoverable(source);
        if !errors.is_empty() {
            self.push(super::syntax::syntax_error(source, &errors));
            return None;
        }
        let root = root.get_ref();
        self.deck_from(root, |checker, sources| {
            checker.cards(get(root, "cards"), sources)
        })
    }

    /// The deck from its root table, with its cards checked by `cards`.
    fn deck_from(
        &mut self,
        root: &DeTable<'_>,
        cards: impl FnOnce(&mut Self, &[(Source, Range<usize>)]) -> Vec<Card>,
    ) -> Option<Deck> {
        for (key, _) in root.iter() {
            if !matches!(key.get_ref().as_ref(), "deck" | "sources" | "cards") {
                self.unknown_key(
                    key,
                    &["deck", "sources", "cards"],
                    "at the top of a deck",
                    None,
                );
            }
        }
        let meta = match get(root, "deck") {
            Some(v) => match v.get_ref() {
                DeValue::Table(t) => self.deck_table(t, v.span()),
                _ => {
                    self.wrong_type(
                        "deck",
                        v,
                        "a table",
                        Some("write a `[deck]` table with `id` and `title`".into()),
                    );
                    None
                }
            },
            None => {
                self.push(
                    Diagnostic::error("missing `[deck]` table")
                        .at(0..0, "the deck starts here")
                        .help(
                            "start the file with:\n[deck]\nid = \"my-deck\"\ntitle = \"My deck\"",
                        ),
                );
                None
            }
        };
        let sources = self.sources(get(root, "sources"));
        let cards = cards(self, &sources);
        let mut deck = meta?;
        deck.sources = sources.into_iter().map(|(s, _)| s).collect();
        deck.cards = cards;
        Some(deck)
    }

    fn unknown_key(
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

    /// The `[deck]` table as a deck without sources or cards yet.
    fn deck_table(&mut self, t: &DeTable<'_>, span: Range<usize>) -> Option<Deck> {
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

    fn string(&mut self, key: &str, v: &Value<'_>) -> Option<String> {
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
    fn text(&mut self, key: &str, v: &Value<'_>) -> Option<String> {
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

    fn required_text(
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
    fn optional_text(&mut self, t: &DeTable<'_>, key: &str) -> Option<Option<String>> {
        match get(t, key) {
            None => Some(None),
            Some(v) => self.text(key, v).map(Some),
        }
    }

    fn bool(&mut self, t: &DeTable<'_>, key: &str, default: bool) -> Option<bool> {
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

    fn array<'a, 'i>(&mut self, key: &str, v: &'a Value<'i>) -> Option<&'a DeArray<'i>> {
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
    fn spanned_strings(&mut self, key: &str, v: &Value<'_>) -> Option<Vec<(String, Range<usize>)>> {
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

    fn strings(&mut self, key: &str, v: &Value<'_>) -> Option<Vec<String>> {
        self.spanned_strings(key, v)
            .map(|items| items.into_iter().map(|(s, _)| s).collect())
    }

    fn tags(&mut self, v: Option<&Value<'_>>) -> Option<Vec<String>> {
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

    fn tables<'a, 'i>(
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

    fn sources(&mut self, v: Option<&Value<'_>>) -> Vec<(Source, Range<usize>)> {
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
    fn id(&mut self, owner: &str, v: &Value<'_>) -> Option<(String, Range<usize>)> {
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

    fn too_many_cards(&mut self, count: usize) -> Vec<Card> {
        self.push(
            Diagnostic::error(format!(
                "the deck has {count} cards, over the limit of {MAX_CARDS}"
            ))
            .help("split it into several decks"),
        );
        vec![]
    }

    fn cards(&mut self, v: Option<&Value<'_>>, sources: &[(Source, Range<usize>)]) -> Vec<Card> {
        let Some(v) = v else {
            self.push(Diagnostic::warning("the deck has no cards").help(
                "add cards as `[[cards]]` tables; `kartka help deck-format` shows every kind",
            ));
            return vec![];
        };
        if let DeValue::Array(a) = v.get_ref()
            && a.len() > MAX_CARDS
        {
            return self.too_many_cards(a.len());
        }
        let mut cards = Vec::new();
        for (t, span) in self.tables("cards", v) {
            if let Some(card) = self.card(t, span, sources) {
                cards.push(card);
            }
        }
        cards
    }

    /// The cards of a file split at its `[[cards]]` headers, each part parsed and checked on its own
    /// and dropped before the next; `None` when a part is not exactly one card that parses (the file is
    /// then checked whole).
    fn cards_by_part(
        &mut self,
        source: &str,
        starts: &[usize],
        sources: &[(Source, Range<usize>)],
    ) -> Option<Vec<Card>> {
        if starts.len() > MAX_CARDS {
            return Some(self.too_many_cards(starts.len()));
        }
        let mut cards = Vec::with_capacity(starts.len());
        for (i, &start) in starts.iter().enumerate() {
            let end = starts.get(i + 1).copied().unwrap_or(source.len());
            let (part, errors) = DeTable::parse_recoverable(&source[start..end]);
            let part = part.get_ref();
            if !errors.is_empty() || part.len() != 1 {
                return None;
            }
            let DeValue::Array(array) = part.get("cards")?.get_ref() else {
                return None;
            };
            if array.len() != 1 {
                return None;
            }
            let item = array.iter().next()?;
            let DeValue::Table(t) = item.get_ref() else {
                return None;
            };
            self.offset = start;
            let card = self.card(t, item.span(), sources);
            self.offset = 0;
            cards.extend(card);
        }
        Some(cards)
    }

    fn card(
        &mut self,
        t: &DeTable<'_>,
        span: Range<usize>,
        sources: &[(Source, Range<usize>)],
    ) -> Option<Card> {
        self.misspelt.clear();
        let id = match get(t, "id") {
            None => {
                self.push(match misspelling_of(t, "id") {
                    Some((typo, at)) => Diagnostic::error("card has no `id`")
                        .at(at, format!("did you mean `id` for `{typo}`?"))
                        .help("rename it to `id`: progress is kept under the card's id"),
                    None => Diagnostic::error("card has no `id`")
                        .at(span.clone(), "this card")
                        .help("add `id = \"…\"`: it must stay the same, since progress is kept under it"),
                });
                None
            }
            Some(v) => self.id("card", v),
        };
        // `card_ids` holds spans in the whole file, since the first use may be in another part of it.
        let id = id.and_then(|(id, id_span)| match self.card_ids.get(&id) {
            Some(first) => {
                let mut d = Diagnostic::error(format!("duplicate card id `{id}`"))
                    .at(id_span, "used again here")
                    .help("give each card its own id; progress is kept per card id")
                    .shifted(self.offset);
                d.context = Some((first.clone(), "first used here".into()));
                self.diags.push(d);
                None
            }
            None => {
                self.card_ids.insert(
                    id.clone(),
                    id_span.start + self.offset..id_span.end + self.offset,
                );
                Some(id)
            }
        });
        let card_name = id
            .as_deref()
            .map_or("card".to_string(), |id| format!("card `{id}`"));

        let kind = match get(t, "kind") {
            None => {
                self.push(match misspelling_of(t, "kind") {
                    Some((typo, at)) => Diagnostic::error(format!("{card_name} has no `kind`"))
                        .at(at, format!("did you mean `kind` for `{typo}`?"))
                        .help(format!(
                            "rename it to `kind`; the kinds are: {}",
                            kind_list()
                        )),
                    None => Diagnostic::error(format!("{card_name} has no `kind`"))
                        .at(span.clone(), "this card")
                        .help(format!("add `kind = \"…\"`, one of: {}", kind_list())),
                });
                None
            }
            Some(v) => self.string("kind", v).and_then(|name| {
                let kind = Kind::from_name(&name);
                if kind.is_none() {
                    let lower = name.to_lowercase();
                    let suggestion = Kind::from_name(&lower)
                        .or_else(|| {
                            KIND_ALIASES
                                .iter()
                                .find(|(a, _)| *a == lower)
                                .map(|(_, k)| *k)
                        })
                        .map(Kind::name)
                        .or_else(|| suggest::closest(&lower, Kind::ALL.iter().map(|k| k.name())));
                    let help = match suggestion {
                        Some(s) => format!("did you mean `{s}`? the kinds are: {}", kind_list()),
                        None => format!("the kinds are: {}", kind_list()),
                    };
                    self.push(
                        Diagnostic::error(format!("unknown card kind `{name}`"))
                            .at(v.span(), "not a card kind")
                            .help(help),
                    );
                }
                kind.map(|k| (k, v.span()))
            }),
        };

        if let Some((kind, _)) = kind {
            for (key, _) in t.iter() {
                let name = key.get_ref().as_ref();
                if COMMON_CARD_KEYS.contains(&name) || kind_keys(kind).contains(&name) {
                    continue;
                }
                let mut allowed: Vec<&str> = COMMON_CARD_KEYS.to_vec();
                allowed.extend_from_slice(kind_keys(kind));
                let owners: Vec<&str> = Kind::ALL
                    .iter()
                    .filter(|k| kind_keys(**k).contains(&name))
                    .map(|k| k.name())
                    .collect();
                let elsewhere = (!owners.is_empty()).then(|| {
                    format!(
                        "`{name}` belongs to {} cards; remove it, or change `kind`",
                        owners.join(" and ")
                    )
                });
                let place = format!("in {kind} {card_name}");
                self.unknown_key(key, &allowed, &place, elsewhere);
            }
        }

        let prompt = match (get(t, "prompt"), kind.clone()) {
            (Some(v), Some((Kind::Flash, _))) => {
                self.push(
                    Diagnostic::error(format!("flash {card_name} has a `prompt`"))
                        .at(v.span(), "flash cards have no prompt")
                        .help("rename `prompt` to `front`"),
                );
                None
            }
            (Some(v), _) => self.text("prompt", v).map(Some),
            (None, Some((Kind::Flash | Kind::Cloze, _))) => Some(None),
            (None, Some((kind, kind_span))) => {
                self.missing(&card_name, kind, kind_span, "prompt", "prompt = \"…?\"");
                None
            }
            (None, None) => Some(None),
        };
        if let Some(Some(p)) = &prompt
            && p.chars().count() > LONG_PROMPT_CHARS
        {
            let v = get(t, "prompt").map(|v| v.span()).unwrap_or(span.clone());
            self.push(
                Diagnostic::warning(format!(
                    "very long prompt ({} characters)",
                    p.chars().count()
                ))
                .at(v, format!("more than {LONG_PROMPT_CHARS} characters"))
                .help("split it into several cards, or move background into `explain`"),
            );
        }
        let explain = self.optional_text(t, "explain");
        let source = match get(t, "source") {
            None => Some(None),
            Some(v) => self.text("source", v).and_then(|s| {
                if sources.iter().any(|(src, _)| src.id == s) {
                    Some(Some(s))
                } else {
                    let known: Vec<&str> = sources.iter().map(|(src, _)| src.id.as_str()).collect();
                    let help = match suggest::closest(&s, known.iter().copied()) {
                        Some(close) => format!("did you mean `{close}`?"),
                        None if known.is_empty() => format!(
                            "declare it in the deck:\n[[sources]]\nid = \"{s}\"\ntitle = \"…\""
                        ),
                        None => format!(
                            "the sources of this deck are: {}; declare new ones in `[[sources]]`",
                            known.join(", ")
                        ),
                    };
                    self.push(
                        Diagnostic::error(format!("unknown source `{s}`"))
                            .at(v.span(), "no `[[sources]]` entry has this id")
                            .help(help),
                    );
                    None
                }
            }),
        };
        let tags = self.tags(get(t, "tags"));
        let gives_away = match get(t, "gives_away") {
            None => Some(vec![]),
            Some(v) => self.spanned_strings("gives_away", v),
        };
        let (kind, kind_span) = kind?;
        let body = self.body(t, kind, kind_span.clone(), &card_name);

        if matches!(explain, Some(None)) {
            self.push(
                Diagnostic::warning(format!("{card_name} has no `explain`"))
                    .at(kind_span.clone(), "this card")
                    .help("add `explain = \"…\"`: a sentence on why the answer is right helps learners remember it"),
            );
        }
        if matches!(source, Some(None)) {
            self.push(
                Diagnostic::warning(format!("{card_name} has no `source`"))
                    .at(kind_span, "this card")
                    .help("add `source = \"…\"` naming a `[[sources]]` entry, so learners can check the fact"),
            );
        }
        let id = id?;
        let gives_away = gives_away?;
        if !gives_away.is_empty() {
            let offset = self.offset;
            self.intended.insert(
                id.clone(),
                gives_away
                    .into_iter()
                    .map(|(target, at)| (target, at.start + offset..at.end + offset))
                    .collect(),
            );
        }
        Some(Card {
            id,
            prompt: prompt?,
            explain: explain?,
            source: source?,
            tags: tags?,
            body: body?,
        })
    }

    fn missing(
        &mut self,
        card_name: &str,
        kind: Kind,
        anchor: Range<usize>,
        key: &str,
        example: &str,
    ) {
        if self.misspelt.iter().any(|k| k == key) {
            return;
        }
        self.push(
            Diagnostic::error(format!("{kind} {card_name} has no `{key}`"))
                .at(anchor, format!("this {kind} card needs `{key}`"))
                .help(format!("add `{example}`")),
        );
    }

    fn field<'a, 'i>(
        &mut self,
        t: &'a DeTable<'i>,
        key: &str,
        card_name: &str,
        kind: Kind,
        anchor: &Range<usize>,
        example: &str,
    ) -> Option<&'a Value<'i>> {
        let v = get(t, key);
        if v.is_none() {
            self.missing(card_name, kind, anchor.clone(), key, example);
        }
        v
    }

    fn body(
        &mut self,
        t: &DeTable<'_>,
        kind: Kind,
        anchor: Range<usize>,
        card_name: &str,
    ) -> Option<Body> {
        match kind {
            Kind::Flash => {
                let front = self
                    .field(t, "front", card_name, kind, &anchor, "front = \"…\"")
                    .and_then(|v| self.text("front", v));
                let back = self
                    .field(t, "back", card_name, kind, &anchor, "back = \"…\"")
                    .and_then(|v| self.text("back", v));
                let reverse = self.bool(t, "reverse", false);
                Some(Body::Flash {
                    front: front?,
                    back: back?,
                    reverse: reverse?,
                })
            }
            Kind::Text => {
                let answer = self
                    .field(t, "answer", card_name, kind, &anchor, "answer = \"…\"")
                    .and_then(|v| self.text("answer", v));
                let accept = get(t, "accept").map_or(Some(vec![]), |v| self.strings("accept", v));
                let case_sensitive = self.bool(t, "case_sensitive", false);
                let accent_sensitive = self.bool(t, "accent_sensitive", false);
                let typos = match get(t, "typos") {
                    None => Some(Typos::Auto),
                    Some(v) => match v.get_ref() {
                        DeValue::Boolean(true) => Some(Typos::Auto),
                        DeValue::Boolean(false) => Some(Typos::Max(0)),
                        other => match parse_integer(other) {
                            Some(n) if (0..=i64::from(u32::MAX)).contains(&n) => {
                                Some(Typos::Max(n as u32))
                            }
                            _ => {
                                self.push(
                                    Diagnostic::error("`typos` must be true, false or a number of edits")
                                        .at(v.span(), "expected true, false or 0, 1, 2…")
                                        .help("`typos = true` forgives slips scaled to the answer's length; `typos = false` wants it exact"),
                                );
                                None
                            }
                        },
                    },
                };
                Some(Body::Text {
                    answer: answer?,
                    accept: accept?,
                    case_sensitive: case_sensitive?,
                    accent_sensitive: accent_sensitive?,
                    typos: typos?,
                })
            }
            Kind::Choice | Kind::Multi => self.choice(t, kind, anchor, card_name),
            Kind::TrueFalse => {
                let v = self.field(t, "answer", card_name, kind, &anchor, "answer = true")?;
                match v.get_ref() {
                    DeValue::Boolean(b) => Some(Body::TrueFalse { answer: *b }),
                    _ => {
                        let help = match v.get_ref() {
                            DeValue::String(s)
                                if matches!(s.to_lowercase().as_str(), "true" | "false") =>
                            {
                                format!("write `answer = {}` without quotes", s.to_lowercase())
                            }
                            _ => "write `answer = true` or `answer = false`".into(),
                        };
                        self.wrong_type("answer", v, "true or false", Some(help));
                        None
                    }
                }
            }
            Kind::Number => {
                let answer = self
                    .field(t, "answer", card_name, kind, &anchor, "answer = 42")
                    .and_then(|v| match parse_number(v.get_ref()) {
                        Some(n) if n.is_finite() => Some(n),
                        Some(_) => {
                            self.push(
                                Diagnostic::error("`answer` must be a finite number")
                                    .at(v.span(), "not a finite number"),
                            );
                            None
                        }
                        None => {
                            let help = match v.get_ref() {
                                DeValue::String(s) => match crate::grade::number::parse(s) {
                                    Ok(n) if n.scale == 1.0 && n.unit.is_none() => {
                                        format!("write the number without quotes: `answer = {}`", n.value)
                                    }
                                    Ok(n) => format!(
                                        "write the number without quotes, as `answer = {}`, and put the unit in `unit = \"…\"`",
                                        n.value
                                    ),
                                    Err(_) => "write a number such as `answer = 2005` or `answer = 1.8`".into(),
                                },
                                _ => "write a number such as `answer = 2005` or `answer = 1.8`".into(),
                            };
                            self.wrong_type("answer", v, "a number", Some(help));
                            None
                        }
                    });
                let tolerance = self.tolerance(get(t, "tolerance"));
                let unit = self.optional_text(t, "unit");
                Some(Body::Number {
                    answer: answer?,
                    tolerance: tolerance?,
                    unit: unit?,
                })
            }
            Kind::Cloze => {
                let v = self.field(
                    t,
                    "text",
                    card_name,
                    kind,
                    &anchor,
                    "text = \"… {{c1::answer}} …\"",
                )?;
                let text = self.text("text", v)?;
                match cloze::parse(&text) {
                    Ok(deletions) if deletions.is_empty() => {
                        self.push(
                            Diagnostic::error(format!("cloze {card_name} has no deletions"))
                                .at(v.span(), "no `{{c1::…}}` in this text")
                                .help("mark the words to hide, as in `The HTP was founded in {{c1::2005}}.`"),
                        );
                        None
                    }
                    Ok(mut deletions) => {
                        self.cloze_accept(get(t, "accept"), &mut deletions)?;
                        Some(Body::Cloze { text, deletions })
                    }
                    Err(e) => {
                        let span = inner_span(v, &text, e.span.clone());
                        self.push(Diagnostic::error(e.message).at(span, "here").help(e.help));
                        None
                    }
                }
            }
            Kind::Order => {
                let v = self.field(
                    t,
                    "items",
                    card_name,
                    kind,
                    &anchor,
                    "items = [\"first\", \"second\", \"third\"]",
                )?;
                let items = self.spanned_strings("items", v)?;
                if items.len() < 2 {
                    self.push(
                        Diagnostic::error("an order card needs at least two items")
                            .at(v.span(), format!("{} item here", items.len()))
                            .help("list the items in their correct order; kartka shuffles them"),
                    );
                    return None;
                }
                if !self.no_repeats("items", &items, true) {
                    return None;
                }
                Some(Body::Order {
                    items: items.into_iter().map(|(s, _)| s).collect(),
                })
            }
            Kind::Match => {
                let v = self.field(
                    t,
                    "pairs",
                    card_name,
                    kind,
                    &anchor,
                    "pairs = [[\"EPAM\", \"USA\"], [\"Wargaming\", \"Cyprus\"]]",
                )?;
                let array = self.array("pairs", v)?;
                let mut pairs = Vec::new();
                let mut lefts = Vec::new();
                let mut ok = true;
                for item in array.iter() {
                    let pair = match item.get_ref() {
                        DeValue::Array(p) if p.len() == 2 => {
                            let left = self.text("pairs", &p[0]);
                            let right = self.text("pairs", &p[1]);
                            left.zip(right).map(|(l, r)| (l, r, p[0].span()))
                        }
                        _ => {
                            self.push(
                                Diagnostic::error("each pair must be an array of two strings")
                                    .at(item.span(), "expected [\"left\", \"right\"]")
                                    .help("write pairs as `[\"EPAM\", \"USA\"]`"),
                            );
                            None
                        }
                    };
                    match pair {
                        Some((l, r, span)) => {
                            lefts.push((l.clone(), span));
                            pairs.push((l, r));
                        }
                        None => ok = false,
                    }
                }
                if !ok {
                    return None;
                }
                if pairs.len() < 2 {
                    self.push(
                        Diagnostic::error("a match card needs at least two pairs")
                            .at(v.span(), format!("{} pair here", pairs.len()))
                            .help("add pairs, or make it a text or choice card"),
                    );
                    return None;
                }
                if !self.no_repeats("pairs", &lefts, true) {
                    return None;
                }
                Some(Body::Match { pairs })
            }
        }
    }

    /// Reports repeated entries; returns whether there were none. Repeats are errors where they make the
    /// answer ambiguous, warnings where they are only untidy.
    fn no_repeats(&mut self, key: &str, items: &[(String, Range<usize>)], is_error: bool) -> bool {
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

    fn choice(
        &mut self,
        t: &DeTable<'_>,
        kind: Kind,
        anchor: Range<usize>,
        card_name: &str,
    ) -> Option<Body> {
        let options_v = self.field(
            t,
            "options",
            card_name,
            kind,
            &anchor,
            "options = [\"…\", \"…\", \"…\"]",
        );
        let options = options_v.and_then(|v| self.spanned_strings("options", v));
        let example = if kind == Kind::Multi {
            "answer = [\"…\", \"…\"]"
        } else {
            "answer = \"…\""
        };
        let answer_v = self.field(t, "answer", card_name, kind, &anchor, example);
        let options = options?;
        let options_v = options_v?;
        if options.len() < 2 {
            self.push(
                Diagnostic::error(format!("a {kind} card needs at least two options"))
                    .at(options_v.span(), format!("{} option here", options.len()))
                    .help("add the wrong options learners should tell apart from the right one"),
            );
            return None;
        }
        self.no_repeats("options", &options, false);
        let answer_v = answer_v?;
        let names: Vec<&str> = options.iter().map(|(s, _)| s.as_str()).collect();
        let answers: Vec<(String, Range<usize>)> = match (kind, answer_v.get_ref()) {
            (Kind::Choice, DeValue::Array(_)) => {
                self.wrong_type(
                    "answer",
                    answer_v,
                    "a string",
                    Some(
                        "a choice card has one answer; for several, use `kind = \"multi\"`".into(),
                    ),
                );
                return None;
            }
            (Kind::Choice, _) => vec![(self.text("answer", answer_v)?, answer_v.span())],
            (_, DeValue::String(s)) => {
                self.wrong_type(
                    "answer",
                    answer_v,
                    "an array",
                    Some(format!(
                        "a multi card lists its correct options: `answer = [\"{s}\"]`; for one answer, use `kind = \"choice\"`"
                    )),
                );
                return None;
            }
            _ => {
                let answers = self.spanned_strings("answer", answer_v)?;
                if answers.is_empty() {
                    self.push(
                        Diagnostic::error("a multi card needs at least one correct answer")
                            .at(answer_v.span(), "empty")
                            .help("list the correct options: `answer = [\"…\", \"…\"]`"),
                    );
                    return None;
                }
                if !self.no_repeats("answer", &answers, true) {
                    return None;
                }
                answers
            }
        };
        let mut indices = Vec::with_capacity(answers.len());
        for (answer, span) in &answers {
            match names.iter().position(|o| o.trim() == answer.trim()) {
                Some(i) => indices.push(i),
                None => {
                    let help = match suggest::closest(answer, names.iter().copied()) {
                        Some(close) => format!(
                            "did you mean `{close}`? the answer must be one of the options, word for word"
                        ),
                        None => "the answer must be one of the options, word for word".to_string(),
                    };
                    self.push(
                        Diagnostic::error(format!("answer `{answer}` is not among the options"))
                            .at(span.clone(), "not one of the options")
                            .with_context(options_v.span(), "the options")
                            .help(help),
                    );
                }
            }
        }
        if indices.len() != answers.len() {
            return None;
        }
        if kind == Kind::Choice {
            Some(Body::Choice {
                options: names.iter().map(|s| s.to_string()).collect(),
                answer: indices[0],
            })
        } else {
            if indices.len() == names.len() {
                self.push(
                    Diagnostic::warning("every option is a correct answer")
                        .at(answer_v.span(), "all options")
                        .help("add wrong options, so that choosing means something"),
                );
            }
            indices.sort_unstable();
            Some(Body::Multi {
                options: names.iter().map(|s| s.to_string()).collect(),
                answers: indices,
            })
        }
    }

    fn tolerance(&mut self, v: Option<&Value<'_>>) -> Option<Tolerance> {
        let Some(v) = v else {
            return Some(Tolerance::Absolute(0.0));
        };
        let (tolerance, amount) = match v.get_ref() {
            DeValue::String(s) => {
                let Some(amount) = s
                    .trim()
                    .strip_suffix('%')
                    .and_then(|n| n.trim().parse::<f64>().ok())
                else {
                    self.push(
                        Diagnostic::error(format!("tolerance `{s}` is not a number or a percentage"))
                            .at(v.span(), "expected a number, or a string like \"5%\"")
                            .help("write `tolerance = 0.5` (in the answer's unit) or `tolerance = \"5%\"` (of the answer)"),
                    );
                    return None;
                };
                (Tolerance::Percent(amount), amount)
            }
            other => match parse_number(other) {
                Some(n) => (Tolerance::Absolute(n), n),
                None => {
                    self.wrong_type(
                        "tolerance",
                        v,
                        "a number or a percentage",
                        Some("write `tolerance = 0.5` or `tolerance = \"5%\"`".into()),
                    );
                    return None;
                }
            },
        };
        if amount < 0.0 || !amount.is_finite() {
            self.push(
                Diagnostic::error("negative tolerance")
                    .at(v.span(), "must be zero or more")
                    .help("a tolerance is a distance either side of the answer: write it without the minus sign"),
            );
            return None;
        }
        Some(tolerance)
    }
}

/// A key of `t` that looks like a misspelling of `wanted`, with its span.
fn misspelling_of(t: &DeTable<'_>, wanted: &str) -> Option<(String, Range<usize>)> {
    t.iter()
        .map(|(k, _)| k)
        .find(|k| {
            let name = k.get_ref().as_ref();
            name != wanted
                && !COMMON_CARD_KEYS.contains(&name)
                && suggest::closest(name, [wanted]).is_some()
        })
        .map(|k| (k.get_ref().to_string(), k.span()))
}

fn kind_list() -> String {
    Kind::ALL
        .iter()
        .map(|k| k.name())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Maps a byte range inside a string's value to the source, when the literal has no escapes to shift it;
/// otherwise the whole string is the best place to point at.
fn inner_span(v: &Value<'_>, value: &str, inner: Range<usize>) -> Range<usize> {
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

#[cfg(test)]
mod tests {
    use rand::{RngExt, SeedableRng};

    use super::*;

    /// Checking a deck one card at a time finds exactly what checking it whole finds, for the shipped
    /// decks, the skeleton `kartka new` writes, and thousands of damaged variants of them: lines lost,
    /// repeated or swapped, headers and string quotes inserted where they break the file, characters
    /// changed.
    #[test]
    fn a_deck_checked_card_by_card_is_checked_as_a_whole() {
        let mut decks: Vec<String> = crate::deck::catalog::built_in()
            .iter()
            .map(|f| f.text.to_string())
            .collect();
        decks.push(crate::cli::authoring::skeleton(
            std::path::Path::new("mine.toml"),
            None,
            None,
            false,
        ));
        let inserts = [
            "\"\"\"",
            "'''",
            "x = [",
            "[deck]",
            "[[sources]]",
            "[[ cards ]] # again",
        ];
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(11);
        let mut split = 0;
        for deck in &decks {
            assert_eq!(parse_with(deck, true), parse_with(deck, false));
            for _ in 0..300 {
                let mut lines: Vec<String> = deck.lines().map(str::to_string).collect();
                let at = rng.random_range(0..lines.len());
                let other = rng.random_range(0..lines.len());
                match rng.random_range(0..8) {
                    0 => {
                        lines.remove(at);
                    }
                    1 => lines.insert(at, lines[other].clone()),
                    2 => lines.swap(at, other),
                    3 => lines.insert(at, "[[cards]]".into()),
                    4 => lines.insert(at, inserts[other % inserts.len()].into()),
                    5 => {
                        let line = &mut lines[at];
                        if let Some((i, c)) = line.char_indices().nth(other % line.len().max(1)) {
                            line.replace_range(i..i + c.len_utf8(), "\"");
                        }
                    }
                    6 => lines.insert(at, format!("tags = [\"a b\"]  # {other}")),
                    _ => {
                        // A card repeated further on: its id is a duplicate.
                        let headers: Vec<usize> = (0..lines.len())
                            .filter(|&i| lines[i] == "[[cards]]")
                            .collect();
                        if headers.len() >= 2 {
                            let card = other % (headers.len() - 1);
                            let block = lines[headers[card]..headers[card + 1]].to_vec();
                            lines.extend(block);
                        }
                    }
                }
                let text = lines.join("\n");
                split += usize::from(card_headers(&text).is_some());
                assert_eq!(parse_with(&text, true), parse_with(&text, false), "{text}");
            }
        }
        assert!(split > 800);
    }
}
