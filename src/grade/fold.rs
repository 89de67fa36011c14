//! Folding typed text to a canonical form, so that "Hi-Tech Park", "hi tech park" and "HI TECH PARK" compare
//! equal.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Which differences matter when comparing typed text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Fold {
    pub case_sensitive: bool,
    pub accent_sensitive: bool,
}

/// Apostrophes join a word ("O'Brien" is "obrien"); other punctuation separates words.
fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{2018}' | '\u{02BC}' | '`')
}

impl Fold {
    /// The canonical form: compatibility-normalised (NFKC), case folded and diacritics dropped unless they
    /// matter, punctuation and white space removed, and a leading English article ("the", "a", "an") dropped.
    pub fn apply(self, text: &str) -> String {
        let mut s: String = text.nfkc().collect();
        if !self.case_sensitive {
            s = s.to_lowercase();
        }
        if !self.accent_sensitive {
            s = s.nfd().filter(|c| !is_combining_mark(*c)).nfc().collect();
        }
        let spaced: String = s
            .chars()
            .filter(|c| !is_apostrophe(*c))
            .map(|c| if c.is_alphanumeric() { c } else { ' ' })
            .collect();
        let mut words: Vec<&str> = spaced.split_whitespace().collect();
        if words.len() > 1 && matches!(words[0].to_lowercase().as_str(), "the" | "a" | "an") {
            words.remove(0);
        }
        words.concat()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_space_punctuation_and_accents() {
        let f = Fold::default();
        assert_eq!(f.apply("Hi-Tech Park"), "hitechpark");
        assert_eq!(f.apply("  hi tech   PARK "), "hitechpark");
        assert_eq!(f.apply("The Hi-Tech Park"), "hitechpark");
        assert_eq!(f.apply("ЦІХАНОЎСКАЯ"), "ціханоуская");
        assert_eq!(f.apply("Tsepkalo!"), "tsepkalo");
        assert_eq!(f.apply("O\u{2019}Brien"), "obrien");
        assert_eq!(f.apply("café"), "cafe");
        assert_eq!(f.apply("ﬁve"), "five");
        assert_eq!(f.apply("The"), "the");
    }

    #[test]
    fn sensitivity_switches() {
        let strict = Fold {
            case_sensitive: true,
            accent_sensitive: true,
        };
        assert_eq!(strict.apply("Café au Lait"), "Caféau Lait".replace(' ', ""));
        let accents = Fold {
            case_sensitive: false,
            accent_sensitive: true,
        };
        assert_eq!(accents.apply("Ўладзімір"), "ўладзімір");
    }
}
