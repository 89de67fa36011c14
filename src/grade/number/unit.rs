//! What follows a number: a scale word ("bn", "million") and a unit ("%", "USD", "residents").

/// A unit a number was written with.
#[derive(Debug, Clone, PartialEq)]
pub enum Unit {
    Percent,
    /// An ISO currency code.
    Currency(&'static str),
    /// Anything else ("residents", "years"), folded to lowercase.
    Word(String),
}

impl Unit {
    pub(super) fn same_kind(&self, other: &Unit) -> bool {
        match (self, other) {
            (Unit::Percent, Unit::Percent) => true,
            (Unit::Currency(a), Unit::Currency(b)) => a == b,
            // Free words are not judged: "people" and "residents" may well mean the same.
            (Unit::Word(_), Unit::Word(_)) => true,
            _ => false,
        }
    }

    pub(super) fn describe(&self) -> String {
        match self {
            Unit::Percent => "%".into(),
            Unit::Currency(code) => (*code).into(),
            Unit::Word(w) => w.clone(),
        }
    }
}

pub(crate) const SCALES: &[(&str, f64)] = &[
    ("k", 1e3),
    ("thousand", 1e3),
    ("thousands", 1e3),
    ("m", 1e6),
    ("mn", 1e6),
    ("mln", 1e6),
    ("million", 1e6),
    ("millions", 1e6),
    ("b", 1e9),
    ("bn", 1e9),
    ("bln", 1e9),
    ("billion", 1e9),
    ("billions", 1e9),
    ("t", 1e12),
    ("tn", 1e12),
    ("trillion", 1e12),
    ("trillions", 1e12),
];

const CURRENCIES: &[(&str, &str)] = &[
    ("$", "USD"),
    ("usd", "USD"),
    ("dollar", "USD"),
    ("dollars", "USD"),
    ("€", "EUR"),
    ("eur", "EUR"),
    ("euro", "EUR"),
    ("euros", "EUR"),
    ("£", "GBP"),
    ("gbp", "GBP"),
    ("pound", "GBP"),
    ("pounds", "GBP"),
    ("byn", "BYN"),
    ("br", "BYN"),
    ("₽", "RUB"),
    ("rub", "RUB"),
    ("rouble", "RUB"),
    ("roubles", "RUB"),
    ("ruble", "RUB"),
    ("rubles", "RUB"),
];

pub(super) fn currency(word: &str) -> Option<&'static str> {
    CURRENCIES.iter().find(|(w, _)| *w == word).map(|(_, c)| *c)
}

/// Splits what follows a number into words, signs ("%", "$") standing alone; `None` if anything else
/// (another number, stray symbols) is there.
fn suffix_words(tail: &str) -> Option<Vec<String>> {
    let mut words = Vec::new();
    let mut word = String::new();
    for c in tail.chars() {
        if c.is_alphabetic() {
            word.push(c);
            continue;
        }
        if !word.is_empty() {
            words.push(std::mem::take(&mut word));
        }
        match c {
            '%' | '$' | '€' | '£' | '₽' => words.push(c.to_string()),
            // "52-fold" reads as 52 and the word "fold".
            c if c.is_whitespace()
                || matches!(c, '.' | ',' | ';' | '!' | '?' | '(' | ')' | '-') => {}
            _ => return None,
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    Some(words)
}

/// Reads what follows a number ("bn", "%", "billion dollars", "residents"): a scale and a unit.
pub(super) fn read_suffix(tail: &str) -> Result<(f64, bool, Option<Unit>), String> {
    let words = suffix_words(tail).ok_or_else(|| format!("“{}” is not a number", tail.trim()))?;
    let mut scale = 1.0;
    let mut scaled = false;
    let mut unit = None;
    let mut free: Vec<&str> = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let w = words[i].as_str();
        let as_scale = SCALES.iter().find(|(name, _)| *name == w);
        if let (Some((_, s)), false, true) = (as_scale, scaled, free.is_empty()) {
            scale = *s;
            scaled = true;
        } else if matches!(w, "%" | "percent" | "pct") {
            unit = Some(Unit::Percent);
        } else if w == "per" && words.get(i + 1).is_some_and(|n| n == "cent") {
            unit = Some(Unit::Percent);
            i += 1;
        } else if let Some(code) = currency(w) {
            unit = Some(Unit::Currency(code));
        } else {
            free.push(w);
        }
        i += 1;
    }
    if unit.is_none() && !free.is_empty() {
        unit = Some(Unit::Word(free.join(" ")));
    }
    Ok((scale, scaled, unit))
}

/// A card's unit string, such as "%", "billion USD" or "residents": its scale and its unit.
pub(super) fn card_unit(unit: &str) -> (f64, Option<Unit>) {
    match read_suffix(&unit.to_lowercase()) {
        Ok((scale, _, unit)) => (scale, unit),
        Err(_) => (1.0, Some(Unit::Word(unit.to_lowercase()))),
    }
}

/// The word kartka uses for a scale: "billion" for 1e9; `None` for 1 or a scale it has no word for.
pub(super) fn scale_name(scale: f64) -> Option<&'static str> {
    [
        (1e3, "thousand"),
        (1e6, "million"),
        (1e9, "billion"),
        (1e12, "trillion"),
    ]
    .iter()
    .find(|(s, _)| *s == scale)
    .map(|(_, name)| *name)
}
