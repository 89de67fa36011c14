//! Text as the words and numbers a learner reads, so that an answer can be found in what another card shows.
//!
//! Words are folded as the grader folds a typed answer (compatibility forms, case, accents, apostrophes), but
//! kept apart, so that "art" is not found in "start". Numbers take one canonical form whatever way they are
//! written: "$1.8bn", "1.8 billion" and "1,800,000,000" are all `#1800000000`, "9%" and "9 percent" are
//! `#9%`, and "twelve" is `#12`.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use crate::grade::number;

/// Words a learner meets in any sentence: an answer made only of these gives nothing away.
const STOPWORDS: &[&str] = &[
    "a", "an", "and", "as", "at", "be", "by", "for", "from", "in", "is", "it", "its", "of", "on",
    "or", "the", "to", "was", "were", "with",
];

const NUMBER_WORDS: &[(&str, u32)] = &[
    ("zero", 0),
    ("one", 1),
    ("two", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
    ("six", 6),
    ("seven", 7),
    ("eight", 8),
    ("nine", 9),
    ("ten", 10),
    ("eleven", 11),
    ("twelve", 12),
    ("thirteen", 13),
    ("fourteen", 14),
    ("fifteen", 15),
    ("sixteen", 16),
    ("seventeen", 17),
    ("eighteen", 18),
    ("nineteen", 19),
    ("twenty", 20),
    ("thirty", 30),
    ("forty", 40),
    ("fifty", 50),
    ("sixty", 60),
    ("seventy", 70),
    ("eighty", 80),
    ("ninety", 90),
];

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{2018}' | '\u{02BC}' | '`')
}

/// The text folded, with possessive endings dropped ("Umarova's" reads "umarova") and other apostrophes
/// joining their word ("O'Brien" reads "obrien").
fn fold(text: &str) -> Vec<char> {
    // Most deck text is ASCII, which normalisation leaves as it is: a third of `check`'s time on a large
    // deck went to normalising it.
    let chars: Vec<char> = if text.is_ascii() {
        text.chars().map(|c| c.to_ascii_lowercase()).collect()
    } else {
        let lower = text.nfkc().collect::<String>().to_lowercase();
        lower
            .nfd()
            .filter(|c| !is_combining_mark(*c))
            .nfc()
            .collect()
    };
    let mut out = Vec::with_capacity(chars.len());
    let mut i = 0;
    while i < chars.len() {
        if is_apostrophe(chars[i]) {
            let possessive = chars.get(i + 1) == Some(&'s')
                && !chars.get(i + 2).is_some_and(|c| c.is_alphanumeric());
            i += if possessive { 2 } else { 1 };
            continue;
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

/// The canonical token of a number: rounded to 12 significant digits, so that 1.8 × 10⁹ computed two ways
/// is one token.
pub fn number_token(value: f64, percent: bool) -> String {
    let percent = if percent { "%" } else { "" };
    // Years and counts, most numbers in a deck, are whole: no rounding needed.
    if value.fract() == 0.0 && value.abs() < 1e15 {
        return format!("#{}{percent}", value as i64);
    }
    let rounded: f64 = format!("{value:.11e}").parse().unwrap_or(value);
    format!("#{rounded}{percent}")
}

/// Tokens as they are read, written straight into one string, each with a space before and after
/// (" hi tech park "): a run of tokens is found in it as a substring, whole tokens only.
struct Out {
    text: String,
    /// Where the last token starts.
    last: Option<usize>,
}

impl Out {
    fn push(&mut self, token: &str) {
        self.last = Some(self.text.len());
        self.text.push_str(token);
        self.text.push(' ');
    }

    fn last(&self) -> Option<&str> {
        self.last.map(|at| &self.text[at..self.text.len() - 1])
    }

    fn pop(&mut self) {
        if let Some(at) = self.last.take() {
            self.text.truncate(at);
        }
    }

    fn mark_last_percent(&mut self) {
        if self.last.is_some() {
            self.text.pop();
            self.text.push_str("% ");
        }
    }
}

/// The tokens of `text`, spaced as [`Out`] spaces them.
pub fn spaced(text: &str) -> String {
    let chars = fold(text);
    let mut out = Out {
        text: String::with_capacity(text.len() + 2),
        last: None,
    };
    out.text.push(' ');
    let mut word = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_ascii_digit() {
            i = number(&chars, i, &mut out);
        } else if c.is_alphanumeric() {
            word.clear();
            while i < chars.len() && chars[i].is_alphanumeric() {
                word.push(chars[i]);
                i += 1;
            }
            i = word_token(&word, &chars, i, &mut out);
        } else {
            i += 1;
        }
    }
    out.text
}

/// Pushes a word, or the number it names ("twelve", "fifty-two"); returns where reading goes on.
fn word_token(word: &str, chars: &[char], mut i: usize, out: &mut Out) -> usize {
    let Some(&(_, mut n)) = NUMBER_WORDS.iter().find(|(w, _)| *w == word) else {
        if matches!(word, "percent" | "pct") && out.last().is_some_and(is_plain_number) {
            out.mark_last_percent();
        } else {
            out.push(word);
        }
        return i;
    };
    // "fifty-two", "fifty two"
    if n >= 20
        && n % 10 == 0
        && matches!(chars.get(i), Some('-' | ' '))
        && let Some((unit, end)) = next_word(chars, i + 1)
        && let Some(&(_, u)) = NUMBER_WORDS.iter().find(|(w, v)| *w == unit && *v < 10)
    {
        n += u;
        i = end;
    }
    out.push(&number_token(f64::from(n), false));
    scale_and_percent(chars, i, f64::from(n), out)
}

fn is_plain_number(token: &str) -> bool {
    token.starts_with('#') && !token.ends_with('%')
}

fn next_word(chars: &[char], start: usize) -> Option<(String, usize)> {
    let mut end = start;
    while end < chars.len() && chars[end].is_alphanumeric() {
        end += 1;
    }
    (end > start).then(|| (chars[start..end].iter().collect(), end))
}

/// Reads the number starting at `start`, with its separators, scale word and percent sign.
fn number(chars: &[char], start: usize, out: &mut Out) -> usize {
    let digits_from = |mut i: usize| {
        while i < chars.len() && chars[i].is_ascii_digit() {
            i += 1;
        }
        i
    };
    let mut end = digits_from(start);
    let mut integer: String = chars[start..end].iter().collect();
    // Spaces group thousands only from a first group of at most three digits: "1 800 000", not "2005 2".
    let mut spaced = integer.len() <= 3;
    let mut fraction = String::new();
    while let (Some(&sep), Some(next)) = (chars.get(end), chars.get(end + 1)) {
        if !next.is_ascii_digit() || !matches!(sep, ',' | '.' | ' ' | '\u{a0}' | '\u{202f}') {
            break;
        }
        let group_end = digits_from(end + 1);
        let group: String = chars[end + 1..group_end].iter().collect();
        let thousands = group.len() == 3 && fraction.is_empty();
        match sep {
            // "1,800" is a thousand and eight hundred; "1,8" is one point eight.
            ',' if thousands => {
                spaced = false;
                integer.push_str(&group);
            }
            ',' | '.' if fraction.is_empty() => fraction = group,
            // "1 800 000" groups thousands; "2005 2" is two numbers.
            ' ' | '\u{a0}' | '\u{202f}' if thousands && spaced => integer.push_str(&group),
            _ => break,
        }
        end = group_end;
        if !fraction.is_empty() {
            break;
        }
    }
    let text = if fraction.is_empty() {
        integer
    } else {
        format!("{integer}.{fraction}")
    };
    let value: f64 = text.parse().unwrap_or(0.0);
    // "1990s" or "2nd" is a word, not the number 1990 or 2.
    if let Some((suffix, suffix_end)) = next_word(chars, end) {
        match scale(&suffix) {
            Some(s) => {
                out.push(&number_token(value * s, false));
                return percent(chars, suffix_end, out);
            }
            None => {
                let word: String = chars[start..suffix_end]
                    .iter()
                    .filter(|c| c.is_alphanumeric())
                    .collect();
                out.push(&word);
                return suffix_end;
            }
        }
    }
    out.push(&number_token(value, false));
    scale_and_percent(chars, end, value, out)
}

fn scale(word: &str) -> Option<f64> {
    number::SCALES
        .iter()
        .find(|(name, _)| *name == word)
        .map(|(_, s)| *s)
}

/// After a number: a scale word one space on ("1.8 billion") replaces the number just pushed; a percent sign
/// marks it.
fn scale_and_percent(chars: &[char], end: usize, value: f64, out: &mut Out) -> usize {
    if matches!(chars.get(end), Some(' '))
        && let Some((word, word_end)) = next_word(chars, end + 1)
        && let Some(s) = scale(&word)
        // "5 m" may be metres, and "1 t" a tonne; only spelt-out scales count after a space.
        && word.len() > 2
    {
        out.pop();
        out.push(&number_token(value * s, false));
        return percent(chars, word_end, out);
    }
    percent(chars, end, out)
}

fn percent(chars: &[char], end: usize, out: &mut Out) -> usize {
    let at = if matches!(chars.get(end), Some(' ')) && chars.get(end + 1) == Some(&'%') {
        end + 1
    } else {
        end
    };
    if chars.get(at) == Some(&'%') {
        out.mark_last_percent();
        return at + 1;
    }
    end
}

/// An answer as it is searched for, spaced as [`spaced`] spaces tokens, with a leading article dropped as
/// the grader drops it; `None` when it is too slight to give away: only common words, or one word of one
/// or two letters ("EU", "B").
pub fn answer_key(answer: &str) -> Option<String> {
    let key = spaced(answer);
    let mut words = key.split_whitespace();
    let first = words.next()?;
    let key = match words.next() {
        Some(_) if matches!(first, "the" | "a" | "an") => key[first.len() + 1..].to_string(),
        _ => key,
    };
    let mut words = key.split_whitespace().peekable();
    let only = words.clone().count() == 1;
    let slight = words.all(|w| STOPWORDS.contains(&w))
        || (only && !key.trim().starts_with('#') && key.trim().chars().count() < 3);
    (!slight).then_some(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(text: &str) -> Vec<String> {
        spaced(text).split_whitespace().map(String::from).collect()
    }

    #[test]
    fn words_fold_like_typed_answers_but_stay_apart() {
        assert_eq!(t("The Hi-Tech Park"), ["the", "hi", "tech", "park"]);
        assert_eq!(
            t("ЦІХАНОЎСКАЯ, café O’Brien"),
            ["ціханоуская", "cafe", "obrien"]
        );
        assert_eq!(t("start"), ["start"]);
        assert_eq!(
            t("Umarova's article, the founders’ park"),
            ["umarova", "article", "the", "founders", "park"]
        );
    }

    #[test]
    fn numbers_take_one_form_however_written() {
        let bn = ["#1800000000"];
        assert_eq!(t("$1.8bn"), bn);
        assert_eq!(t("1.8 billion"), bn);
        assert_eq!(t("1,800,000,000"), bn);
        assert_eq!(t("1 800 000 000"), bn);
        assert_eq!(t("USD 1.8 billion"), ["usd", "#1800000000"]);
        assert_eq!(t("9%"), ["#9%"]);
        assert_eq!(t("9 %"), ["#9%"]);
        assert_eq!(t("9 percent"), ["#9%"]);
        assert_eq!(t("twelve years"), ["#12", "years"]);
        assert_eq!(t("fifty-two"), ["#52"]);
        assert_eq!(t("52-fold"), ["#52", "fold"]);
        assert_eq!(t("1,8"), ["#1.8"]);
        assert_eq!(t("over 1,000 residents"), ["over", "#1000", "residents"]);
        assert_eq!(t("in 2005 2 firms"), ["in", "#2005", "#2", "firms"]);
        assert_eq!(t("Decree No. 8"), ["decree", "no", "#8"]);
    }

    #[test]
    fn numbers_run_into_words_are_words() {
        assert_eq!(t("the 1990s"), ["the", "1990s"]);
        assert_eq!(t("2nd"), ["2nd"]);
        assert_eq!(t("5 m"), ["#5", "m"]);
    }

    #[test]
    fn slight_answers() {
        assert_eq!(answer_key("EU"), None);
        assert_eq!(answer_key("the"), None);
        assert_eq!(answer_key("of the"), None);
        assert_eq!(answer_key("8").as_deref(), Some(" #8 "));
        assert_eq!(answer_key("EPAM").as_deref(), Some(" epam "));
        assert_eq!(
            answer_key("The Hi-Tech Park").as_deref(),
            Some(" hi tech park ")
        );
    }
}
