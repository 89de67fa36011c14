//! Typed numbers: "2005", "9%", "1,8", "$1.8bn", "1.8 billion", "1 800 000 000", "1.8e9", "one point
//! eight". Reading digits, words and what follows a number are modules of their own; here they are put
//! together, and a typed number is graded against a card's answer, scale and unit.

mod digits;
mod unit;
mod words;

use super::{GradeError, Verdict};
use crate::deck::Tolerance;

pub(crate) use unit::SCALES;
pub use unit::Unit;
use unit::{card_unit, currency, read_suffix, scale_name};

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
    let (mut value, tail) = match digits::take(rest) {
        Some(Some((n, tail))) => match words::point(n, tail) {
            // "1 point 8"
            Some(Ok(read)) if n.fract() == 0.0 => read,
            Some(Err(how)) => return Err(format!("{} ({how})", not_a_number())),
            _ => (n, tail),
        },
        Some(None) => return Err(not_a_number()),
        None => match words::take(rest) {
            Some(Ok(read)) => read,
            Some(Err(how)) => return Err(format!("{} ({how})", not_a_number())),
            None => return Err(not_a_number()),
        },
    };
    if negative {
        value = -value;
    }
    let (scale, scaled, tail_unit) = read_suffix(tail).map_err(|_| not_a_number())?;
    if let Some(Unit::Word(w)) = &tail_unit
        && words::says_a_number(w)
    {
        return Err(format!(
            "“{}” is a number in words kartka cannot read",
            input.trim()
        ));
    }
    Ok(Parsed {
        value,
        scale,
        scaled,
        unit: tail_unit.or(unit),
    })
}

/// A number as kartka prints it: no trailing zeros, no grouping, and an exponent only past what six
/// decimals or fifteen digits can show.
pub fn format(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else if n.abs() >= 1e15 || (n != 0.0 && n.abs() < 1e-6) {
        // Past what six decimals show, in the shortest form that reads back as the same number (TOML,
        // GIFT and Moodle read `6.02214076e23` as the float it is; its digits would be an integer).
        format!("{n:e}")
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
    // A currency or % written without the card's scale word says what it says: "1.8 USD" is not
    // 1.8 billion USD. Free words are not judged ("1.8 mil" may well mean million).
    let literal = !typed.scaled
        && card_scale != 1.0
        && matches!(typed.unit, Some(Unit::Currency(_) | Unit::Percent));
    // Otherwise, without a scale word the learner may have answered in the card's unit ("1.8" for
    // "billion USD") or written the number out ("1800000000"): either is right.
    let right = if typed.scaled {
        close(typed.value * typed.scale)
    } else if literal {
        close(typed.value)
    } else {
        close(typed.value * card_scale) || close(typed.value)
    };
    Ok(if right {
        Verdict::right(expected_text)
    } else if card_scale != 1.0 && close(typed.value * card_scale) {
        // The right number with a scale that contradicts the card's: say so.
        Verdict::wrong(expected_text).noted(format!(
            "wrong scale: the answer is {}, not {}",
            describe(answer, Tolerance::Absolute(0.0), unit),
            as_typed(&typed)
        ))
    } else {
        Verdict::wrong(expected_text)
    })
}

/// A typed number as it was meant: "1.8 million", "1.8 USD", "1.8%".
fn as_typed(typed: &Parsed) -> String {
    let mut s = format(typed.value);
    if typed.scaled {
        match scale_name(typed.scale) {
            Some(name) => s = format!("{s} {name}"),
            None => s = format(typed.value * typed.scale),
        }
    }
    match &typed.unit {
        Some(Unit::Percent) => s.push('%'),
        Some(u) => s = format!("{s} {}", u.describe()),
        None => {}
    }
    s
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
            // Scientific notation, spelled decimals and a space before the decimal point.
            (1.8, none, Some("billion USD"), "1.8e9", true),
            (1.8, none, Some("billion USD"), "1.8e6", false),
            (1.8e9, none, Some("USD"), "1.8e9 USD", true),
            (1.8, none, Some("billion USD"), "one point eight", true),
            (1.8, none, Some("billion USD"), "1 .8", true),
            (25.0, none, None, "twenty-five", true),
            (20.0, none, None, "twenty five", false),
            // A currency or % without the card's scale word is taken at its word.
            (1.8, none, Some("billion USD"), "1.8 USD", false),
            (1.8, none, Some("billion USD"), "$1.8", false),
            (1.8, none, Some("billion USD"), "1800000000 USD", true),
            (1.8, none, Some("billion"), "$1.8", false),
            (1.8, none, Some("million residents"), "1.8 residents", true),
            (9.0, none, Some("%"), "9%", true),
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
    fn a_scale_that_contradicts_the_answer_is_named() {
        let none = Tolerance::Absolute(0.0);
        let scale = |s: &str| {
            Some(format!(
                "wrong scale: the answer is 1.8 billion USD, not {s}"
            ))
        };
        assert_eq!(
            check(1.8, none, Some("billion USD"), "1.8 USD"),
            (false, scale("1.8 USD"))
        );
        assert_eq!(
            check(1.8, none, Some("billion USD"), "1.8m"),
            (false, scale("1.8 million"))
        );
        assert_eq!(
            check(1.8, Tolerance::Percent(5.0), Some("billion USD"), "€1.8bn"),
            (
                false,
                Some("wrong unit: the answer is in USD, not EUR".into())
            ),
            "a wrong unit comes first"
        );
        assert_eq!(
            check(1.8, none, Some("billion USD"), "2 USD"),
            (false, None),
            "a wrong number is just wrong"
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
