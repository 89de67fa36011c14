//! Decks out to an exchange format and back (issue 20): every field a format can carry comes back equal.
//! Measured over the shipped decks and a deck with every kind and option (tests/fixtures/every-kind.toml),
//! field by field, as the issue measured them (sources not counted). CSV carries every field; GIFT, Moodle
//! XML and Anki packages at least 99% of the fields they can hold, the rest named in the export's warnings.
//! `cargo test --test round_trip -- --nocapture` prints the figures, of what each can hold and of all.

use std::collections::BTreeMap;

use kartka::deck::{Body, Card, Deck, Tolerance, Typos, parse};
use kartka::interop::{csv, gift, moodle_xml};

fn decks() -> Vec<Deck> {
    let root = env!("CARGO_MANIFEST_DIR");
    let mut paths: Vec<std::path::PathBuf> = std::fs::read_dir(format!("{root}/decks"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    paths.sort();
    paths.push(format!("{root}/tests/fixtures/every-kind.toml").into());
    paths
        .iter()
        .map(|p| {
            parse(&std::fs::read_to_string(p).unwrap())
                .deck
                .unwrap_or_else(|| panic!("{}", p.display()))
        })
        .collect()
}

/// A card's fields by name, options keyed by their text (exports for people shuffle them).
fn fields(card: &Card) -> BTreeMap<String, String> {
    let mut f = BTreeMap::new();
    let mut put = |k: &str, v: String| {
        f.insert(k.to_string(), v);
    };
    put("kind", card.kind().name().to_string());
    if let Some(p) = &card.prompt {
        put("prompt", p.clone());
    }
    if let Some(e) = &card.explain {
        put("explain", e.clone());
    }
    if !card.tags.is_empty() {
        put("tags", card.tags.join("|"));
    }
    let per = |f: &mut BTreeMap<String, String>, keys: &[&str], p: &kartka::deck::PerAnswer| {
        for (i, k) in keys.iter().enumerate() {
            if let Some(c) = p.credit.get(i) {
                f.insert(format!("credit:{k}"), format!("{c:.4}"));
            }
            if let Some(Some(fb)) = p.feedback.get(i) {
                f.insert(format!("feedback:{k}"), fb.clone());
            }
        }
        if let Some(o) = &p.other {
            f.insert("feedback:*".into(), o.clone());
        }
    };
    match &card.body {
        Body::Flash {
            front,
            back,
            reverse,
        } => {
            put("front", front.clone());
            put("back", back.clone());
            put("reverse", reverse.to_string());
        }
        Body::Text {
            answer,
            accept,
            case_sensitive,
            accent_sensitive,
            typos,
            per_answer,
        } => {
            put("answer", answer.clone());
            put("accept", accept.join("|"));
            put("case_sensitive", case_sensitive.to_string());
            put("accent_sensitive", accent_sensitive.to_string());
            put(
                "typos",
                match typos {
                    Typos::Auto => "auto".into(),
                    Typos::Max(n) => n.to_string(),
                },
            );
            let keys: Vec<&str> = std::iter::once(answer.as_str())
                .chain(accept.iter().map(String::as_str))
                .collect();
            per(&mut f, &keys, per_answer);
        }
        Body::Choice {
            options,
            answer,
            per_answer,
        } => {
            let mut sorted = options.clone();
            sorted.sort();
            put("options", sorted.join("|"));
            put("answer", options[*answer].clone());
            let keys: Vec<&str> = options.iter().map(String::as_str).collect();
            per(&mut f, &keys, per_answer);
        }
        Body::Multi {
            options,
            answers,
            per_answer,
        } => {
            let mut sorted = options.clone();
            sorted.sort();
            put("options", sorted.join("|"));
            let mut right: Vec<&str> = answers.iter().map(|&i| options[i].as_str()).collect();
            right.sort();
            put("answer", right.join("|"));
            let keys: Vec<&str> = options.iter().map(String::as_str).collect();
            per(&mut f, &keys, per_answer);
        }
        Body::TrueFalse { answer, per_answer } => {
            put("answer", answer.to_string());
            per(&mut f, &["false", "true"], per_answer);
        }
        Body::Number {
            answer,
            tolerance,
            unit,
        } => {
            put("answer", answer.to_string());
            put(
                "tolerance",
                match tolerance {
                    Tolerance::Absolute(t) => format!("{t}"),
                    Tolerance::Percent(p) => format!("{p}%"),
                },
            );
            if let Some(u) = unit {
                put("unit", u.clone());
            }
        }
        Body::Cloze { text, deletions } => {
            put("text", text.clone());
            for d in deletions {
                if !d.accept.is_empty() {
                    f.insert(format!("accept:c{}", d.number), d.accept.join("|"));
                }
            }
        }
        Body::Order { items } => put("items", items.join("|")),
        Body::Match { pairs } => put(
            "pairs",
            pairs
                .iter()
                .map(|(l, r)| format!("{l}->{r}"))
                .collect::<Vec<_>>()
                .join("|"),
        ),
    }
    f
}

/// What a format cannot hold, by design and said in its export's warnings: these fields are not counted.
type CannotCarry = fn(&Card, &str) -> bool;

struct Measure {
    carried: usize,
    equal: usize,
    lost: Vec<String>,
    /// Every field, and those equal, counting what the format cannot hold: the issue's own measure.
    all: usize,
    all_equal: usize,
}

fn measure(format: &str, cannot: CannotCarry, back: impl Fn(&Deck) -> Deck) -> Measure {
    measure_decks(format, cannot, back, false)
}

/// [`measure`]; `deck_tags_on_cards`: the format has no deck tags, so each card carries its deck's, and a
/// card's tags are not counted when its deck has any.
fn measure_decks(
    format: &str,
    cannot: CannotCarry,
    back: impl Fn(&Deck) -> Deck,
    deck_tags_on_cards: bool,
) -> Measure {
    let mut m = Measure {
        carried: 0,
        equal: 0,
        lost: Vec::new(),
        all: 0,
        all_equal: 0,
    };
    for deck in decks() {
        let again = back(&deck);
        for card in &deck.cards {
            // GIFT asks a cloze of several numbers as one question per number: its first, `id-cN`, holds
            // the card's tags and explanation.
            let split = cloze_numbers(card)
                .filter(|n| n.len() > 1)
                .map(|n| format!("{}-c{}", card.id, n[0]));
            let returned = again
                .cards
                .iter()
                .find(|c| c.id == card.id || Some(&c.id) == split.as_ref())
                .map(fields);
            for (name, value) in fields(card) {
                let back = returned.as_ref().and_then(|r| r.get(&name));
                m.all += 1;
                m.all_equal += usize::from(back == Some(&value));
                if cannot(card, &name)
                    || (deck_tags_on_cards && name == "tags" && !deck.tags.is_empty())
                {
                    continue;
                }
                m.carried += 1;
                match returned.as_ref().and_then(|r| r.get(&name)) {
                    Some(v) if *v == value => m.equal += 1,
                    other => m.lost.push(format!(
                        "{format} {}/{}: {name} {value:?} came back as {other:?}",
                        deck.id, card.id
                    )),
                }
            }
        }
    }
    m
}

fn report(format: &str, m: &Measure, at_least: f64) {
    let share = 100.0 * m.equal as f64 / m.carried as f64;
    println!(
        "{format}: {} of {} fields it can hold equal ({share:.2}%); of all fields {} of {} ({:.1}%)",
        m.equal,
        m.carried,
        m.all_equal,
        m.all,
        100.0 * m.all_equal as f64 / m.all as f64
    );
    for l in &m.lost {
        println!("  {l}");
    }
    assert!(
        share >= at_least,
        "{format}: {share:.2}% < {at_least}%:\n{}",
        m.lost.join("\n")
    );
}

#[test]
fn csv_carries_every_field() {
    let m = measure(
        "csv",
        |_, _| false,
        |deck| {
            csv::import(&csv::export(deck), b',', "d.csv", &deck.id, &deck.title)
                .unwrap()
                .deck
        },
    );
    report("CSV", &m, 100.0);
}

/// GIFT holds no ordering question and no flash card, no units or relative tolerance, one blank per question (a cloze of several numbers becomes a
/// question per number), no cloze prompt or hints, no reverse side, and short answers that ignore case,
/// accents and typos.
fn beyond_gift(card: &Card, field: &str) -> bool {
    match &card.body {
        Body::Order { .. } => true,
        // A flash card becomes a short answer (its id, tags and explanation kept).
        Body::Flash { .. } => matches!(field, "kind" | "front" | "back" | "reverse"),
        Body::Text { .. } => matches!(field, "case_sensitive" | "accent_sensitive" | "typos"),
        // The unit is written into the question; a tolerance is absolute.
        Body::Number {
            unit, tolerance, ..
        } => {
            (unit.is_some() && matches!(field, "prompt" | "unit"))
                || (matches!(tolerance, Tolerance::Percent(_)) && field == "tolerance")
        }
        Body::Cloze { text, deletions } => {
            let numbers = cloze_numbers(card).unwrap_or_default();
            // One blank per question: a cloze of several numbers, or one number twice, comes back with
            // its other blanks filled in or shown as `_____`; its tags and explanation travel whole.
            let split = numbers.len() > 1
                || deletions.iter().filter(|d| d.number == numbers[0]).count() > 1;
            (split && !matches!(field, "tags" | "explain"))
                || field == "prompt"
                || (field == "text" && text.contains("::"))
        }
        _ => false,
    }
}

/// A cloze card's deletion numbers, in order, each once.
fn cloze_numbers(card: &Card) -> Option<Vec<u32>> {
    let Body::Cloze { deletions, .. } = &card.body else {
        return None;
    };
    let mut numbers: Vec<u32> = deletions.iter().map(|d| d.number).collect();
    numbers.sort_unstable();
    numbers.dedup();
    Some(numbers)
}

#[test]
fn gift_carries_what_it_can_hold() {
    let m = measure("gift", beyond_gift, |deck| {
        let (text, _) = gift::export(deck);
        gift::import(&text, "d.gift", &deck.id, &deck.title)
            .unwrap()
            .deck
    });
    report("GIFT", &m, 99.0);
}

/// Moodle XML holds no flash card (it becomes a short answer), no accent sensitivity or typos, no
/// relative tolerance, no cloze prompt or hints.
fn beyond_xml(card: &Card, field: &str) -> bool {
    match &card.body {
        Body::Flash { .. } => matches!(field, "kind" | "front" | "back" | "reverse"),
        Body::Number {
            tolerance: Tolerance::Percent(_),
            ..
        } => field == "tolerance",
        Body::Text { .. } => matches!(field, "accent_sensitive" | "typos"),
        Body::Cloze { text, .. } => field == "prompt" || (field == "text" && text.contains("::")),
        _ => false,
    }
}

#[test]
fn moodle_xml_carries_what_it_can_hold() {
    let m = measure("xml", beyond_xml, |deck| {
        let (text, _) = moodle_xml::export(deck);
        kartka::interop::cards::to_deck(
            moodle_xml::read(&text).unwrap(),
            "d.xml",
            &deck.id,
            &deck.title,
        )
        .unwrap()
        .deck
    });
    report("Moodle XML", &m, 99.0);
}

/// Anki's note types hold a flash card (an explanation after its back), a typed answer (one answer,
/// compared exactly) and a cloze (one answer per blank, its prompt opening the text); every other kind
/// becomes a Basic note showing the question and its answer, which is no kartka kind to come back as.
fn beyond_anki(card: &Card, field: &str) -> bool {
    match &card.body {
        Body::Flash { .. } => card.explain.is_some() && matches!(field, "back" | "explain"),
        Body::Text { .. } => !matches!(field, "kind" | "prompt" | "answer" | "tags"),
        Body::Cloze { .. } => {
            field.starts_with("accept:")
                || (card.prompt.is_some() && matches!(field, "prompt" | "text"))
        }
        _ => true,
    }
}

#[test]
fn an_anki_package_carries_what_its_note_types_can_hold() {
    let m = measure_decks(
        "apkg",
        beyond_anki,
        |deck| {
            let (bytes, _) = kartka::interop::anki::apkg::export(deck, 1_767_000_000_000).unwrap();
            kartka::interop::anki::import(&bytes, "d.apkg", &deck.id, &deck.title)
                .unwrap()
                .deck
        },
        true,
    );
    report("Anki package", &m, 99.0);
}
