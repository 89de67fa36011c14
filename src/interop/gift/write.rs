//! Decks written as GIFT that Moodle imports as meant: escapes exactly as Moodle undoes them, text that
//! Moodle would take for markup marked `[plain]`, weights from Moodle's grade list, one blank per
//! question, and a warning for everything a GIFT question cannot hold.

use std::fmt::Write as _;

use super::escape::escape;
use crate::deck::{Body, Card, Deck, Tolerance, Typos};
use crate::grade::number;
use crate::interop::moodle_grades as grades;

/// A GIFT percentage: up to five decimals, as Moodle writes its weights (33.33333).
fn weight(fraction: f64) -> String {
    let s = format!("{:.5}", fraction * 100.0);
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// A text Moodle renders in its format: marked `[plain]` when Moodle's default format would take it for
/// markup (a tag, an entity) or its start for a format marker, so that it shows as written.
fn shown(text: &str) -> String {
    if text.starts_with('[') || text.contains('<') || text.contains('&') {
        format!("[plain]{}", escape(text))
    } else {
        escape(text)
    }
}

/// A typed answer, which Moodle compares as text: a leading `[` would be read as a format marker, a
/// leading `%…%` as a weight (so full credit is written out before it), and `*` is Moodle's wildcard
/// unless written `\*`.
fn typed(text: &str) -> String {
    let escaped = escape(text).replace('*', "\\*");
    let marked = if text.starts_with('[') {
        format!("[plain]{escaped}")
    } else {
        escaped
    };
    if marked.starts_with('%') {
        format!("%100%{marked}")
    } else {
        marked
    }
}

/// The deck as GIFT, with what could not be carried.
pub fn export(deck: &Deck) -> (String, Vec<String>) {
    let one_line = |s: &str| s.replace(['\r', '\n'], " ");
    let mut out = format!(
        "// {} ({}), exported by kartka\n",
        one_line(&deck.title),
        one_line(&deck.id)
    );
    let mut warnings = left_out_of_deck(deck);
    let mut category: Option<String> = None;
    for card in &deck.cards {
        let wanted = match card.tags.first() {
            Some(t) => format!("$course$/{}/{t}", deck.id),
            None => format!("$course$/{}", deck.id),
        };
        if card.source.is_some() {
            warnings.push(format!(
                "{}: its source is left out: GIFT has no place for it",
                card.id
            ));
        }
        if category.as_deref() != Some(&wanted) {
            let _ = writeln!(out, "\n$CATEGORY: {}", one_line(&wanted));
            category = Some(wanted);
        }
        let tags = tag_comment(card, &mut warnings);
        for question in questions(card, &mut warnings) {
            out.push('\n');
            out.push_str(&tags);
            out.push_str(&question);
            out.push('\n');
        }
    }
    (out, warnings)
}

/// Every tag of the card as Moodle writes a question's tags, in a comment of its own just above it
/// (`// [tag:htp] [tag:people]`); the first is also its category, for Moodles before 3.6.
fn tag_comment(card: &Card, warnings: &mut Vec<String>) -> String {
    let mut bits = Vec::new();
    for tag in &card.tags {
        if tag
            .chars()
            .any(|c| c.is_control() || matches!(c, '<' | '>' | '`'))
        {
            warnings.push(format!(
                "{}: the tag `{tag}` is left out: Moodle's tags cannot hold <, > or `",
                card.id
            ));
        } else {
            bits.push(format!("[tag:{}]", tag.replace(']', "\\]")));
        }
    }
    if bits.is_empty() {
        String::new()
    } else {
        format!("// {}\n", bits.join(" "))
    }
}

/// The deck's own fields, which a GIFT file has no place for, in one warning.
fn left_out_of_deck(deck: &Deck) -> Vec<String> {
    let fields: Vec<&str> = [
        ("description", deck.description.is_some()),
        ("language", deck.language.is_some()),
        ("authors", !deck.authors.is_empty()),
        ("version", deck.version.is_some()),
        ("tags", !deck.tags.is_empty()),
        ("sources", !deck.sources.is_empty()),
    ]
    .into_iter()
    .filter_map(|(field, present)| present.then_some(field))
    .collect();
    let listed = match fields.as_slice() {
        [] => return Vec::new(),
        [one] => (*one).to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    };
    let plural = fields.len() > 1 || matches!(fields[0], "authors" | "tags" | "sources");
    let (verb, pronoun) = if plural {
        ("are", "them")
    } else {
        ("is", "it")
    };
    vec![format!(
        "{}: the deck's {listed} {verb} left out: GIFT has no place for {pronoun}",
        deck.id
    )]
}

/// An answer's own feedback, after its `#`.
fn said(feedback: Option<&str>) -> String {
    feedback
        .map(|f| format!("#{}", shown(f)))
        .unwrap_or_default()
}

fn feedback(card: &Card) -> String {
    card.explain
        .as_deref()
        .map(|e| format!(" ####{}", shown(e)))
        .unwrap_or_default()
}

/// A text of the card that cannot be written: Moodle takes an answer block holding both `=` and `->` for
/// a matching question, and no escape separates `-` from `>`, so a typed answer or a pair's left side
/// holding `->` would change the question's type.
fn arrow(card: &Card) -> Option<&str> {
    let texts: Vec<&str> = match &card.body {
        Body::Flash { back, .. } => vec![back],
        Body::Text { answer, accept, .. } => std::iter::once(answer)
            .chain(accept)
            .map(String::as_str)
            .collect(),
        Body::Cloze { deletions, .. } => deletions
            .iter()
            .flat_map(|d| std::iter::once(&d.answer).chain(&d.accept))
            .map(String::as_str)
            .collect(),
        Body::Match { pairs } => pairs.iter().map(|(l, _)| l.as_str()).collect(),
        _ => Vec::new(),
    };
    texts.into_iter().find(|t| t.contains("->"))
}

fn questions(card: &Card, warnings: &mut Vec<String>) -> Vec<String> {
    if let Some(text) = arrow(card) {
        warnings.push(format!(
            "{}: `{text}` holds `->`, which makes Moodle read it as a matching question; skipped",
            card.id
        ));
        return Vec::new();
    }
    let title = format!("::{}::", escape(&card.id));
    let prompt = shown(card.prompt.as_deref().unwrap_or_default());
    let fb = feedback(card);
    let one = |answer: String| vec![format!("{title} {prompt} {{{answer}{fb}}}")];
    match &card.body {
        Body::Flash {
            front,
            back,
            reverse,
        } => {
            warnings.push(format!(
                "{}: a flash card becomes a short-answer question",
                card.id
            ));
            if *reverse {
                warnings.push(format!(
                    "{}: only the front-to-back side is exported",
                    card.id
                ));
            }
            vec![format!("{title} {} {{={}{fb}}}", shown(front), typed(back))]
        }
        Body::Text {
            answer,
            accept,
            case_sensitive,
            accent_sensitive,
            typos,
            per_answer,
        } => {
            if *case_sensitive {
                warnings.push(format!(
                    "{}: `case_sensitive` is left out: GIFT's short answers ignore case",
                    card.id
                ));
            }
            if *accent_sensitive {
                warnings.push(format!(
                    "{}: `accent_sensitive` is left out: GIFT has no such setting",
                    card.id
                ));
            }
            if *typos != Typos::Auto {
                warnings.push(format!(
                    "{}: `typos` is left out: Moodle accepts no typos in a short answer",
                    card.id
                ));
            }
            let mut all: Vec<String> = std::iter::once(answer)
                .chain(accept)
                .enumerate()
                .map(|(i, a)| {
                    let credit = per_answer.credit.get(i).copied().unwrap_or(100.0);
                    let weight = if credit >= 100.0 {
                        String::new()
                    } else {
                        format!(
                            "%{}%",
                            self::weight(grades::for_credit(&card.id, a, credit, warnings))
                        )
                    };
                    format!("={weight}{}{}", typed(a), said(per_answer.feedback_for(i)))
                })
                .collect();
            // Feedback for any other answer: Moodle's wildcard, earning nothing.
            if let Some(other) = &per_answer.other {
                all.push(format!("=%0%*{}", said(Some(other))));
            }
            one(all.join(" "))
        }
        Body::Choice {
            options,
            answer,
            per_answer,
        } => {
            let mut parts = Vec::new();
            for (i, o) in options.iter().enumerate() {
                let credit = per_answer.credit.get(i).copied().unwrap_or(0.0);
                // A wrong option's own leading `%…%` would be read as its weight: its real one goes first.
                let marker = if i == *answer {
                    "=".to_string()
                } else if credit != 0.0 {
                    format!(
                        "~%{}%",
                        weight(grades::for_credit(&card.id, o, credit, warnings))
                    )
                } else if o.starts_with('%') {
                    "~%0%".to_string()
                } else {
                    "~".to_string()
                };
                parts.push(format!(
                    "{marker}{}{}",
                    shown(o),
                    said(per_answer.feedback_for(i))
                ));
            }
            one(parts.join(" "))
        }
        Body::Multi {
            options,
            answers,
            per_answer,
        } => one(multi(card, options, answers, per_answer, warnings)),
        Body::TrueFalse { answer, per_answer } => {
            // Moodle's order: the feedback for a wrong answer, then for a right one.
            let on = |said_true: bool| per_answer.feedback_for(usize::from(said_true));
            let (wrong, right) = (on(!*answer), on(*answer));
            let feedbacks = match (wrong, right) {
                (None, None) => String::new(),
                (w, r) => format!(
                    "#{}#{}",
                    w.map(shown).unwrap_or_default(),
                    r.map(shown).unwrap_or_default()
                ),
            };
            one(format!("{}{feedbacks}", if *answer { "T" } else { "F" }))
        }
        Body::Number {
            answer,
            tolerance,
            unit,
        } => {
            let t = match tolerance {
                Tolerance::Absolute(t) => *t,
                Tolerance::Percent(p) => answer.abs() * p / 100.0,
            };
            let mut prompt = prompt.clone();
            if let Some(u) = unit {
                warnings.push(format!(
                    "{}: GIFT has no units; `{u}` is added to the question",
                    card.id
                ));
                let _ = write!(prompt, " ({})", escape(u));
            }
            let value = if t > 0.0 {
                format!("{}:{}", number::format(*answer), number::format(t))
            } else {
                number::format(*answer)
            };
            vec![format!("{title} {prompt} {{#{value}{fb}}}")]
        }
        Body::Cloze { text, deletions } => cloze(card, text, deletions, &fb, warnings),
        Body::Order { .. } => {
            warnings.push(format!(
                "{}: GIFT has no ordering question; skipped",
                card.id
            ));
            vec![]
        }
        Body::Match { pairs } => {
            if pairs.len() < 3 {
                warnings.push(format!(
                    "{}: Moodle wants at least three pairs in a matching question",
                    card.id
                ));
            }
            // Moodle keeps the right-hand side as plain text, with no format marker.
            one(pairs
                .iter()
                .map(|(l, r)| format!("={} -> {}", shown(l), escape(r)))
                .collect::<Vec<_>>()
                .join(" "))
        }
    }
}

/// Every option with a weight: the card's own `credit` when it has one, else the right ones share full
/// credit and each wrong one takes at least its share of it away, so that ticking everything earns
/// nothing, as in kartka.
fn multi(
    card: &Card,
    options: &[String],
    answers: &[usize],
    per_answer: &crate::deck::PerAnswer,
    warnings: &mut Vec<String>,
) -> String {
    if !per_answer.credit.is_empty() {
        return options
            .iter()
            .enumerate()
            .map(|(i, o)| {
                let credit = per_answer.credit.get(i).copied().unwrap_or(0.0);
                format!(
                    "~%{}%{}{}",
                    weight(grades::for_credit(&card.id, o, credit, warnings)),
                    shown(o),
                    said(per_answer.feedback_for(i))
                )
            })
            .collect::<Vec<_>>()
            .join(" ");
    }
    let shares = grades::shares(answers.len()).unwrap_or_else(|| {
        warnings.push(format!(
            "{}: Moodle's weights cannot share full credit among {} right options; Moodle will refuse it",
            card.id,
            answers.len()
        ));
        vec![0.05; answers.len()]
    });
    if shares.windows(2).any(|w| w[0] != w[1]) {
        warnings.push(format!(
            "{}: Moodle's grades cannot split full credit into {} equal shares; its right options earn {}",
            card.id,
            answers.len(),
            shares
                .iter()
                .map(|s| format!("{}%", weight(*s)))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    let wrong = options.len() - answers.len();
    let penalty = if wrong > 0 {
        let exact = 1.0 / wrong as f64;
        let allowed = grades::at_least(exact);
        if (allowed - exact).abs() > 0.00001 {
            warnings.push(format!(
                "{}: each wrong option costs {}% in Moodle rather than {}%, the nearest grade Moodle has",
                card.id,
                weight(allowed),
                weight(exact)
            ));
        }
        -allowed
    } else {
        0.0
    };
    let mut right = shares.into_iter();
    options
        .iter()
        .enumerate()
        .map(|(i, o)| {
            let w = if answers.contains(&i) {
                right.next().unwrap_or(0.0)
            } else {
                penalty
            };
            format!(
                "~%{}%{}{}",
                weight(w),
                shown(o),
                said(per_answer.feedback_for(i))
            )
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// One question per deletion number, its other deletions shown filled in. GIFT has one blank per question:
/// a second deletion with the same number is shown as `_____`.
fn cloze(
    card: &Card,
    text: &str,
    deletions: &[crate::deck::Deletion],
    fb: &str,
    warnings: &mut Vec<String>,
) -> Vec<String> {
    let mut numbers: Vec<u32> = deletions.iter().map(|d| d.number).collect();
    numbers.sort_unstable();
    numbers.dedup();
    if numbers.len() > 1 {
        warnings.push(format!(
            "{}: each of its {} deletions becomes its own question",
            card.id,
            numbers.len()
        ));
    }
    if deletions.iter().any(|d| d.hint.is_some()) {
        warnings.push(format!("{}: GIFT has no hints; they are left out", card.id));
    }
    if card.prompt.is_some() {
        warnings.push(format!(
            "{}: its prompt is left out: a GIFT missing-word question is its text",
            card.id
        ));
    }
    for &n in &numbers {
        if deletions.iter().filter(|d| d.number == n).count() > 1 {
            warnings.push(format!(
                "{}: GIFT has one blank per question; the other blanks numbered c{n} are shown as _____",
                card.id
            ));
        }
    }
    numbers
        .iter()
        .map(|&n| {
            let mut out = String::new();
            let mut at = 0;
            let mut blank = false;
            for d in deletions {
                out.push_str(&escape(&text[at..d.start]));
                if d.number == n && !blank {
                    // GIFT's missing word takes several right answers, each after its own `=`.
                    let answers: Vec<String> = std::iter::once(&d.answer)
                        .chain(&d.accept)
                        .map(|a| format!("={}", typed(a)))
                        .collect();
                    let _ = write!(out, "{{{}{fb}}}", answers.join(" "));
                    blank = true;
                } else if d.number == n {
                    out.push_str("_____");
                } else {
                    out.push_str(&escape(&d.answer));
                }
                at = d.end;
            }
            out.push_str(&escape(&text[at..]));
            if text.starts_with('[') || text.contains('<') || text.contains('&') {
                out.insert_str(0, "[plain]");
            }
            let id = if numbers.len() > 1 {
                format!("{}-c{n}", card.id)
            } else {
                card.id.clone()
            };
            format!("::{}:: {}", escape(&id), out.trim())
        })
        .collect()
}
