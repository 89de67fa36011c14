//! Typed numbers: "2005", "9%", "1,8", "$1.8bn", "1.8 billion", "1 800 000 000".

use super::{GradeError, Verdict};
use crate::deck::Tolerance;

/// What a typed number means, before comparing it with anything.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    /// The number as written, without its scale word.
    pub value: f64,
    /// 1, or 1e3/1e6/1e9/1e12 for "thousand", "m", "bn", "trillion"…
    pub scale: f64,
    /// Whether a scale word was written (an explicit "× 1" is not the same as none).
    pub scaled: bool,
    pub unit: Option<Unit>,
}

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
    fn same_kind(&self, other: &Unit) -> bool {
        match (self, other) {
            (Unit::Percent, Unit::Percent) => true,
            (Unit::Currency(a), Unit::Currency(b)) => a == b,
            // Free words are not judged: "people" and "residents" may well mean the same.
            (Unit::Word(_), Unit::Word(_)) => true,
            _ => false,
        }
    }

    fn describe(&self) -> String {
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

fn currency(word: &str) -> Option<&'static str> {
    CURRENCIES.iter().find(|(w, _)| *w == word).map(|(_, c)| *c)
}

fn is_group_separator(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}' | '\'' | '_')
}

/// Reads the digits and separators of a number: "1,800,000", "1.8", "1,8", "1 800 000".
fn read_digits(digits: &str) -> Option<f64> {
    let cleaned: String = digits.chars().filter(|c| !is_group_separator(*c)).collect();
    let commas = cleaned.matches(',').count();
    let dots = cleaned.matches('.').count();
    let normal = match (commas, dots) {
        (0, 0) => cleaned,
        // Both: whichever comes last is the decimal mark ("1,234.5" and "1.234,5").
        (_, _) if commas > 0 && dots > 0 => {
            let (decimal, group) = if cleaned.rfind(',') > cleaned.rfind('.') {
                (',', '.')
            } else {
                ('.', ',')
            };
            if cleaned.matches(decimal).count() > 1 {
                return None;
            }
            cleaned.replace(group, "").replace(decimal, ".")
        }
        // Repeated: thousands separators ("1,800,000" or "1.800.000").
        (c, 0) if c > 1 => cleaned.replace(',', ""),
        (0, d) if d > 1 => cleaned.replace('.', ""),
        // A lone comma before exactly three digits groups thousands ("1,800"); otherwise it is a decimal
        // comma ("1,8").
        (1, 0) => {
            let after = cleaned.len() - cleaned.find(',').unwrap_or(0) - 1;
            if after == 3 {
                cleaned.replace(',', "")
            } else {
                cleaned.replace(',', ".")
            }
        }
        _ => cleaned,
    };
    if normal.is_empty() || normal.starts_with('.') && normal.len() == 1 {
        return None;
    }
    normal.parse::<f64>().ok().filter(|n| n.is_finite())
}

/// Words that may come before a number and do not change it: "more than 100", "about 2 000".
const QUALIFIERS: &[&str] = &[
    "more than",
    "less than",
    "fewer than",
    "over",
    "under",
    "about",
    "around",
    "approximately",
    "approx.",
    "approx",
    "nearly",
    "almost",
    "roughly",
    "some",
    "circa",
    "ca.",
    "~",
    "≈",
    ">",
    "<",
];

/// Numbers written as one word.
const NUMBER_WORDS: &[(&str, f64)] = &[
    ("zero", 0.0),
    ("one", 1.0),
    ("two", 2.0),
    ("three", 3.0),
    ("four", 4.0),
    ("five", 5.0),
    ("six", 6.0),
    ("seven", 7.0),
    ("eight", 8.0),
    ("nine", 9.0),
    ("ten", 10.0),
    ("eleven", 11.0),
    ("twelve", 12.0),
    ("thirteen", 13.0),
    ("fourteen", 14.0),
    ("fifteen", 15.0),
    ("sixteen", 16.0),
    ("seventeen", 17.0),
    ("eighteen", 18.0),
    ("nineteen", 19.0),
    ("twenty", 20.0),
    ("thirty", 30.0),
    ("forty", 40.0),
    ("fifty", 50.0),
    ("sixty", 60.0),
    ("seventy", 70.0),
    ("eighty", 80.0),
    ("ninety", 90.0),
    ("hundred", 100.0),
    ("a hundred", 100.0),
    ("one hundred", 100.0),
];

/// Parses what a learner typed.
pub fn parse(input: &str) -> Result<Parsed, String> {
    let not_a_number = || format!("“{}” is not a number", input.trim());
    let lower = input.trim().to_lowercase().replace('\u{2212}', "-");
    let mut rest = lower.as_str();
    let mut unit = None;
    // Qualifiers, a sign and a currency sign may come before the number: "over $1bn", "-$5", "US$ 20".
    let mut negative = false;
    loop {
        rest = rest.trim_start();
        if let Some(q) = QUALIFIERS.iter().find(|q| rest.starts_with(**q)) {
            rest = &rest[q.len()..];
        } else if let Some(r) = rest.strip_prefix('-') {
            negative = true;
            rest = r;
        } else if let Some(r) = rest.strip_prefix('+') {
            rest = r;
        } else if let Some(sign) = ["us$", "$", "€", "£", "₽"]
            .iter()
            .find(|s| rest.starts_with(**s))
        {
            unit = currency(&sign.replace("us", "")).map(Unit::Currency);
            rest = &rest[sign.len()..];
        } else {
            break;
        }
    }
    let chars: Vec<(usize, char)> = rest.char_indices().collect();
    let mut end = 0;
    for (i, &(at, c)) in chars.iter().enumerate() {
        let next_is_digit = chars.get(i + 1).is_some_and(|(_, n)| n.is_ascii_digit());
        if c.is_ascii_digit()
            || ((matches!(c, ',' | '.') || is_group_separator(c)) && next_is_digit)
        {
            end = at + c.len_utf8();
        } else {
            break;
        }
    }
    let (mut value, tail) = if end > 0 {
        (
            read_digits(&rest[..end]).ok_or_else(not_a_number)?,
            &rest[end..],
        )
    } else {
        // The longest number word that is a whole word at the start: "one hundred" before "one".
        NUMBER_WORDS
            .iter()
            .filter(|(w, _)| {
                rest.strip_prefix(*w)
                    .is_some_and(|after| !after.starts_with(char::is_alphabetic))
            })
            .max_by_key(|(w, _)| w.len())
            .map(|(w, n)| (*n, &rest[w.len()..]))
            .ok_or_else(not_a_number)?
    };
    if negative {
        value = -value;
    }
    let (scale, scaled, tail_unit) = read_suffix(tail).map_err(|_| not_a_number())?;
    Ok(Parsed {
        value,
        scale,
        scaled,
        unit: tail_unit.or(unit),
    })
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
fn read_suffix(tail: &str) -> Result<(f64, bool, Option<Unit>), String> {
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
fn card_unit(unit: &str) -> (f64, Option<Unit>) {
    match read_suffix(&unit.to_lowercase()) {
        Ok((scale, _, unit)) => (scale, unit),
        Err(_) => (1.0, Some(Unit::Word(unit.to_lowercase()))),
    }
}

/// A number as kartka prints it: no exponent, no trailing zeros, no grouping.
pub fn format(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        let s = format!("{n:.6}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// The answer as a learner should read it: "9%", "1.8 billion USD", "2005 (± 1)".
pub fn describe(answer: f64, tolerance: Tolerance, unit: Option<&str>) -> String {
    let mut s = format(answer);
    match unit {
        Some("%") => s.push('%'),
        Some(u) => {
            s.push(' ');
            s.push_str(u);
        }
        None => {}
    }
    match tolerance {
        Tolerance::Absolute(t) if t > 0.0 => s.push_str(&format!(" (± {})", format(t))),
        Tolerance::Percent(p) if p > 0.0 => s.push_str(&format!(" (± {}%)", format(p))),
        _ => {}
    }
    s
}

pub(super) fn grade(
    answer: f64,
    tolerance: Tolerance,
    unit: Option<&str>,
    response: &str,
) -> Result<Verdict, GradeError> {
    let expected_text = describe(answer, tolerance, unit);
    if response.is_empty() {
        return Ok(Verdict::wrong(expected_text).noted("no answer given"));
    }
    let typed = parse(response).map_err(|e| {
        GradeError::Unrecognised(format!(
            "{e}: type a number, such as 2005, 9%, 1.8 or 1.8 billion"
        ))
    })?;
    let (card_scale, card_unit) = unit.map_or((1.0, None), card_unit);
    if let (Some(expected), Some(given)) = (&card_unit, &typed.unit)
        && !expected.same_kind(given)
    {
        return Ok(Verdict::wrong(expected_text).noted(format!(
            "wrong unit: the answer is in {}, not {}",
            expected.describe(),
            given.describe()
        )));
    }
    let target = answer * card_scale;
    let allowed = match tolerance {
        Tolerance::Absolute(t) => t * card_scale,
        Tolerance::Percent(p) => target.abs() * p / 100.0,
    };
    let close = |v: f64| (v - target).abs() <= allowed + 1e-9 * target.abs().max(1.0);
    // Without a scale word the learner may have answered in the card's unit ("1.8" for "billion USD") or
    // written the number out ("1800000000"): either is right.
    let right = if typed.scaled {
        close(typed.value * typed.scale)
    } else {
        close(typed.value * card_scale) || close(typed.value)
    };
    Ok(if right {
        Verdict::right(expected_text)
    } else {
        Verdict::wrong(expected_text)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(input: &str) -> f64 {
        let p = parse(input).unwrap_or_else(|e| panic!("{input:?}: {e}"));
        p.value * p.scale
    }

    #[test]
    fn parses_the_ways_people_write_numbers() {
        let cases: &[(&str, f64)] = &[
            ("2005", 2005.0),
            ("9%", 9.0),
            ("9 %", 9.0),
            ("1.8", 1.8),
            ("1,8", 1.8),
            ("1,80", 1.8),
            ("1,800", 1800.0),
            ("1,800,000", 1_800_000.0),
            ("1.800.000", 1_800_000.0),
            ("1,234.5", 1234.5),
            ("1.234,5", 1234.5),
            ("$1.8bn", 1.8e9),
            ("$ 1.8 bn", 1.8e9),
            ("1.8 billion", 1.8e9),
            ("1.8 Billion dollars", 1.8e9),
            ("1 800 000 000", 1.8e9),
            ("1\u{a0}800\u{a0}000", 1.8e6),
            ("1'000", 1000.0),
            ("2k", 2000.0),
            ("3 thousand", 3000.0),
            ("1.5m", 1.5e6),
            ("12 mln", 12e6),
            ("-5", -5.0),
            ("\u{2212}5", -5.0),
            ("-$5", -5.0),
            ("€20", 20.0),
            ("0.5", 0.5),
            (".5", 0.5),
            ("more than 100", 100.0),
            ("over 1,000", 1000.0),
            ("about $1.8bn", 1.8e9),
            ("~400", 400.0),
            ("US$1bn", 1e9),
            ("52-fold", 52.0),
            ("52 times", 52.0),
            ("twelve", 12.0),
            ("twelve years", 12.0),
            ("one hundred", 100.0),
        ];
        for (input, expected) in cases {
            assert!(
                (value(input) - expected).abs() < 1e-6,
                "{input:?} gave {}",
                value(input)
            );
        }
    }

    #[test]
    fn reads_units() {
        assert_eq!(parse("9%").unwrap().unit, Some(Unit::Percent));
        assert_eq!(parse("9 per cent").unwrap().unit, Some(Unit::Percent));
        assert_eq!(parse("$1.8bn").unwrap().unit, Some(Unit::Currency("USD")));
        assert_eq!(
            parse("1.8bn USD").unwrap().unit,
            Some(Unit::Currency("USD"))
        );
        assert_eq!(parse("20 €").unwrap().unit, Some(Unit::Currency("EUR")));
        assert_eq!(
            parse("1000 residents").unwrap().unit,
            Some(Unit::Word("residents".into()))
        );
        assert_eq!(parse("2005").unwrap().unit, None);
        assert_eq!(parse("US$1bn").unwrap().unit, Some(Unit::Currency("USD")));
        assert_eq!(
            parse("52-fold").unwrap().unit,
            Some(Unit::Word("fold".into()))
        );
    }

    #[test]
    fn rejects_what_is_not_a_number() {
        for input in [
            "",
            "abc",
            "twentyish",
            "1.2.3,4,5",
            "%",
            "12 34 %%x 5",
            "12 and 13",
        ] {
            assert!(parse(input).is_err(), "{input:?} parsed");
        }
    }

    fn check(
        answer: f64,
        tolerance: Tolerance,
        unit: Option<&str>,
        response: &str,
    ) -> (bool, Option<String>) {
        let v = grade(answer, tolerance, unit, response).unwrap();
        (v.correct, v.note)
    }

    #[test]
    fn grading_table() {
        let none = Tolerance::Absolute(0.0);
        let cases: &[(f64, Tolerance, Option<&str>, &str, bool)] = &[
            (2005.0, none, None, "2005", true),
            (2005.0, none, None, "2,005", true),
            (2005.0, none, None, "2006", false),
            (2005.0, Tolerance::Absolute(1.0), None, "2006", true),
            (2005.0, Tolerance::Absolute(1.0), None, "2007", false),
            (9.0, none, Some("%"), "9%", true),
            (9.0, none, Some("%"), "9", true),
            (9.0, none, Some("%"), "9 percent", true),
            (9.0, none, Some("%"), "10%", false),
            (1.8, none, Some("billion USD"), "1.8", true),
            (1.8, none, Some("billion USD"), "$1.8bn", true),
            (1.8, none, Some("billion USD"), "1.8 billion", true),
            (1.8, none, Some("billion USD"), "1 800 000 000", true),
            (1.8, none, Some("billion USD"), "1,8", true),
            (1.8, none, Some("billion USD"), "1.8 million", false),
            (1.8e9, none, Some("USD"), "$1.8bn", true),
            (1.8e9, none, Some("USD"), "1.8", false),
            (100.0, Tolerance::Percent(5.0), None, "104", true),
            (100.0, Tolerance::Percent(5.0), None, "95", true),
            (100.0, Tolerance::Percent(5.0), None, "94.9", false),
            (1000.0, none, Some("residents"), "1000 residents", true),
            (1000.0, none, Some("residents"), "1000 companies", true),
            (0.1, none, None, "0.1", true),
        ];
        for (answer, tolerance, unit, response, correct) in cases {
            assert_eq!(
                check(*answer, *tolerance, *unit, response).0,
                *correct,
                "answer {answer} {unit:?}, response {response:?}"
            );
        }
    }

    #[test]
    fn a_wrong_unit_is_named() {
        let none = Tolerance::Absolute(0.0);
        assert_eq!(
            check(9.0, none, Some("%"), "$9"),
            (
                false,
                Some("wrong unit: the answer is in %, not USD".into())
            )
        );
        assert_eq!(
            check(1.8, none, Some("billion USD"), "1.8bn euros"),
            (
                false,
                Some("wrong unit: the answer is in USD, not EUR".into())
            )
        );
        assert_eq!(
            check(1000.0, none, Some("residents"), "1000%"),
            (
                false,
                Some("wrong unit: the answer is in residents, not %".into())
            )
        );
    }

    #[test]
    fn describes_the_answer() {
        assert_eq!(describe(2005.0, Tolerance::Absolute(0.0), None), "2005");
        assert_eq!(describe(9.0, Tolerance::Absolute(0.0), Some("%")), "9%");
        assert_eq!(
            describe(1.8, Tolerance::Percent(5.0), Some("billion USD")),
            "1.8 billion USD (± 5%)"
        );
        assert_eq!(
            describe(2005.0, Tolerance::Absolute(1.0), None),
            "2005 (± 1)"
        );
    }

    #[test]
    fn errors_quote_the_whole_input() {
        assert_eq!(
            parse("52-fold x2").unwrap_err(),
            "“52-fold x2” is not a number"
        );
    }

    #[test]
    fn unreadable_input_asks_again() {
        let err = grade(2005.0, Tolerance::Absolute(0.0), None, "soon").unwrap_err();
        assert_eq!(
            err,
            GradeError::Unrecognised(
                "“soon” is not a number: type a number, such as 2005, 9%, 1.8 or 1.8 billion"
                    .into()
            )
        );
    }
}
