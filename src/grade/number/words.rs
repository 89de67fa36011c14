//! Numbers in words: "twelve", "twenty-five", "one hundred", "one point eight".

/// Numbers written as one word.
pub(super) const NUMBER_WORDS: &[(&str, f64)] = &[
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

/// The digits of a spelled decimal, after "point": "one point eight five".
const DIGIT_WORDS: [&str; 10] = [
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
];

/// `word` at the start of `rest` as a whole word: what follows it.
fn word<'a>(rest: &'a str, word: &str) -> Option<&'a str> {
    rest.strip_prefix(word)
        .filter(|after| !after.starts_with(char::is_alphabetic))
}

/// The longest number word at the start of `rest`: "one hundred" before "one".
fn number_word(rest: &str) -> Option<(f64, &str)> {
    NUMBER_WORDS
        .iter()
        .filter_map(|(w, n)| word(rest, w).map(|after| (w.len(), *n, after)))
        .max_by_key(|(len, _, _)| *len)
        .map(|(_, n, after)| (n, after))
}

/// A whole number in words at the start of `rest`, tens and ones together: "twenty-five", "forty two".
fn whole(rest: &str) -> Option<(f64, &str)> {
    let (n, after) = number_word(rest)?;
    let tens = (20.0..100.0).contains(&n) && n % 10.0 == 0.0;
    let joined = after.strip_prefix('-').unwrap_or(after).trim_start();
    match number_word(joined) {
        Some((ones, rest)) if tens && (1.0..10.0).contains(&ones) => Some((n + ones, rest)),
        _ => Some((n, after)),
    }
}

/// A spelled decimal part after a whole number: "point eight", "point 8", "point two five". `None` without
/// "point"; an error when "point" is followed by no digit.
pub(super) fn point(whole: f64, tail: &str) -> Option<Result<(f64, &str), String>> {
    let mut rest = word(tail.trim_start(), "point")?;
    let mut digits = String::new();
    loop {
        let next = rest.trim_start();
        if let Some(d) = next.chars().next().filter(char::is_ascii_digit) {
            digits.push(d);
            rest = &next[1..];
        } else if let Some((d, after)) = DIGIT_WORDS
            .iter()
            .enumerate()
            .find_map(|(d, w)| word(next, w).map(|after| (d, after)))
        {
            digits.push(char::from(b'0' + d as u8));
            rest = after;
        } else {
            break;
        }
    }
    if digits.is_empty() {
        return Some(Err(
            "after “point”, say each digit, as in “one point eight”".into(),
        ));
    }
    let fraction: f64 = format!("0.{digits}").parse().unwrap_or(0.0);
    Some(Ok((whole + fraction, rest)))
}

/// A number in words at the start of `rest`, with its decimal part: its value and what follows it.
pub(super) fn take(rest: &str) -> Option<Result<(f64, &str), String>> {
    let (n, after) = whole(rest)?;
    Some(point(n, after).unwrap_or(Ok((n, after))))
}

/// Whether `unit`, the words after a number, says a number too ("and five" in "two thousand and five"):
/// a number in words kartka cannot read, which must not pass for a unit.
pub(super) fn says_a_number(unit: &str) -> bool {
    unit.split_whitespace()
        .any(|w| w == "point" || NUMBER_WORDS.iter().any(|(n, _)| *n == w))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(s: &str) -> Option<(f64, &str)> {
        take(s).and_then(Result::ok)
    }

    #[test]
    fn reads_numbers_in_words() {
        assert_eq!(read("twelve"), Some((12.0, "")));
        assert_eq!(read("twenty-five"), Some((25.0, "")));
        assert_eq!(read("forty two years"), Some((42.0, " years")));
        assert_eq!(read("twenty"), Some((20.0, "")));
        assert_eq!(read("one hundred"), Some((100.0, "")));
        assert_eq!(
            read("twelve one"),
            Some((12.0, " one")),
            "only tens take ones"
        );
        assert_eq!(read("onerous"), None);
    }

    #[test]
    fn reads_spelled_decimals() {
        assert_eq!(read("one point eight"), Some((1.8, "")));
        assert_eq!(read("zero point two five"), Some((0.25, "")));
        assert_eq!(read("one point eight billion"), Some((1.8, " billion")));
        assert_eq!(read("twenty-one point 5"), Some((21.5, "")));
        assert_eq!(
            take("one point"),
            Some(Err(
                "after “point”, say each digit, as in “one point eight”".into()
            ))
        );
        assert_eq!(point(1.0, " point 8"), Some(Ok((1.8, ""))));
        assert_eq!(point(1.0, " pointless"), None);
    }

    #[test]
    fn number_words_are_not_units() {
        assert!(says_a_number("and five"));
        assert!(says_a_number("point eight"));
        assert!(!says_a_number("residents"));
        assert!(!says_a_number("fold"));
    }
}
