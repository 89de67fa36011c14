//! One `[[cards]]` table: its id, kind and the keys every kind shares, then its kind's body.

use std::ops::Range;

use toml::de::{DeTable, DeValue};

use super::fields::get;
use super::{Checker, LONG_PROMPT_CHARS, MAX_CARDS, Value};
use crate::deck::diagnostic::Diagnostic;
use crate::deck::model::{Card, Kind, Source};
use crate::suggest;

pub(super) const COMMON_CARD_KEYS: &[&str] = &[
    "id",
    "kind",
    "prompt",
    "explain",
    "source",
    "tags",
    "gives_away",
];

/// The keys each kind adds to the common ones.
pub(super) fn kind_keys(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Flash => &["front", "back", "reverse"],
        Kind::Text => &[
            "answer",
            "accept",
            "case_sensitive",
            "accent_sensitive",
            "typos",
            "credit",
            "feedback",
        ],
        Kind::Choice | Kind::Multi => &["options", "answer", "credit", "feedback"],
        Kind::TrueFalse => &["answer", "feedback"],
        Kind::Number => &["answer", "tolerance", "unit"],
        Kind::Cloze => &["text", "accept"],
        Kind::Order => &["items"],
        Kind::Match => &["pairs"],
    }
}

/// Names people reach for from other tools, mapped to kartka's.
pub(super) const KIND_ALIASES: &[(&str, Kind)] = &[
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

impl Checker {
    pub(super) fn too_many_cards(&mut self, count: usize) -> Vec<Card> {
        self.push(
            Diagnostic::error(format!(
                "the deck has {count} cards, over the limit of {MAX_CARDS}"
            ))
            .help("split it into several decks"),
        );
        vec![]
    }

    pub(super) fn cards(
        &mut self,
        v: Option<&Value<'_>>,
        sources: &[(Source, Range<usize>)],
    ) -> Vec<Card> {
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
    pub(super) fn cards_by_part(
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

    pub(super) fn card(
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

    pub(super) fn missing(
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

    pub(super) fn field<'a, 'i>(
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
}

/// A key of `t` that looks like a misspelling of `wanted`, with its span.
pub(super) fn misspelling_of(t: &DeTable<'_>, wanted: &str) -> Option<(String, Range<usize>)> {
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

pub(super) fn kind_list() -> String {
    Kind::ALL
        .iter()
        .map(|k| k.name())
        .collect::<Vec<_>>()
        .join(", ")
}
