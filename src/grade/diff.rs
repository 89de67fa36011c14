//! Where a typed answer differs from the right one, character by character, as Anki's type-answer
//! comparison shows it: in what was typed, the characters that are wrong or too many; in the right answer,
//! the characters that were left out or typed wrong.
//!
//! Characters are compared as the grader compares answers ([`Fold`]): "v" and "V" are the same on a card
//! that ignores case, and punctuation and spaces, which grading ignores, are never marked against each
//! other. The comparison is a longest common subsequence: typed answers are short, and the table is
//! refused beyond a few thousand characters.

use super::Fold;

/// A run of characters, marked or not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    pub text: String,
    pub marked: bool,
}

/// A typed answer against the right one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diff {
    /// What was typed; marked: characters that are wrong or too many.
    pub typed: Vec<Piece>,
    /// The right answer; marked: characters left out of what was typed, or typed wrong.
    pub right: Vec<Piece>,
}

/// Beyond this many character pairs the comparison is not worth its table.
const MAX_CELLS: usize = 4_000_000;

/// Folds one character as grading would: punctuation and spaces fold to nothing, and so compare equal.
fn key(c: char, fold: Fold) -> String {
    let mut s = [0u8; 4];
    fold.apply(c.encode_utf8(&mut s))
}

/// Appends `c` to the last piece if it has the same mark, else starts a new one.
fn push(pieces: &mut Vec<Piece>, c: char, marked: bool) {
    match pieces.last_mut() {
        Some(p) if p.marked == marked => p.text.push(c),
        _ => pieces.push(Piece {
            text: c.to_string(),
            marked,
        }),
    }
}

impl Diff {
    /// Compares `typed` with `right`; `None` when they are too long to compare.
    pub fn new(typed: &str, right: &str, fold: Fold) -> Option<Diff> {
        let t: Vec<char> = typed.chars().collect();
        let r: Vec<char> = right.chars().collect();
        if (t.len() + 1).saturating_mul(r.len() + 1) > MAX_CELLS {
            return None;
        }
        let tk: Vec<String> = t.iter().map(|c| key(*c, fold)).collect();
        let rk: Vec<String> = r.iter().map(|c| key(*c, fold)).collect();
        let same = |i: usize, j: usize| tk[i] == rk[j];
        // lcs[i][j]: the longest common subsequence of t[i..] and r[j..].
        let w = r.len() + 1;
        let mut lcs = vec![0usize; (t.len() + 1) * w];
        for i in (0..t.len()).rev() {
            for j in (0..r.len()).rev() {
                lcs[i * w + j] = if same(i, j) {
                    lcs[(i + 1) * w + j + 1] + 1
                } else {
                    lcs[(i + 1) * w + j].max(lcs[i * w + j + 1])
                };
            }
        }
        let (mut typed, mut right) = (Vec::new(), Vec::new());
        let (mut i, mut j) = (0, 0);
        while i < t.len() || j < r.len() {
            if i < t.len() && j < r.len() && same(i, j) {
                push(&mut typed, t[i], false);
                push(&mut right, r[j], false);
                i += 1;
                j += 1;
            } else if j == r.len() || (i < t.len() && lcs[(i + 1) * w + j] >= lcs[i * w + j + 1]) {
                push(&mut typed, t[i], true);
                i += 1;
            } else {
                push(&mut right, r[j], true);
                j += 1;
            }
        }
        Some(Diff { typed, right })
    }

    /// How many characters of the right answer were typed, in order.
    pub fn kept(&self) -> usize {
        self.right
            .iter()
            .filter(|p| !p.marked)
            .map(|p| p.text.chars().count())
            .sum()
    }

    /// How many characters are marked, on both sides.
    pub fn marked(&self) -> usize {
        self.typed
            .iter()
            .chain(&self.right)
            .filter(|p| p.marked)
            .map(|p| p.text.chars().count())
            .sum()
    }

    fn marks(&self) -> bool {
        self.typed.iter().chain(&self.right).any(|p| p.marked)
    }

    /// Whether showing it helps: something differs, and at least half the right answer was typed, in
    /// order. Against an unrelated answer every character would be marked, which says nothing.
    pub fn worth_showing(&self) -> bool {
        let len: usize = self.right.iter().map(|p| p.text.chars().count()).sum();
        self.marks() && self.kept() * 2 >= len
    }
}

/// How marked characters are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Marks {
    /// In a style of their own (bold and underlined), on a terminal that shows styles.
    Styled,
    /// With a line of carets under them: without colour, in plain mode, for screen readers and logs.
    Carets,
}

const TYPED: &str = "  typed:  ";
const RIGHT: &str = "  answer: ";

/// One labelled line, and under it a caret line when the marks are carets and anything is marked.
/// `safe` makes the text safe to print.
fn line(label: &str, pieces: &[Piece], marks: Marks, safe: &dyn Fn(&str) -> String) -> Vec<String> {
    let (m, mr) = (
        crate::style::MARK.render(),
        crate::style::MARK.render_reset(),
    );
    let mut text = label.to_string();
    let mut carets = " ".repeat(label.len());
    for p in pieces {
        let shown = safe(&p.text);
        match (p.marked, marks) {
            (true, Marks::Styled) => text.push_str(&format!("{m}{shown}{mr}")),
            _ => text.push_str(&shown),
        }
        let width = textwrap::core::display_width(&shown);
        carets.push_str(&if p.marked { "^" } else { " " }.repeat(width));
    }
    let mut lines = vec![text];
    if marks == Marks::Carets && pieces.iter().any(|p| p.marked) {
        lines.push(carets.trim_end().to_string());
    }
    lines
}

/// The typed answer over the right one, their differences marked, each line indented by two spaces.
pub fn render(diff: &Diff, marks: Marks, safe: &dyn Fn(&str) -> String) -> String {
    let mut lines = line(TYPED, &diff.typed, marks, safe);
    lines.extend(line(RIGHT, &diff.right, marks, safe));
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(s: &str) -> String {
        s.to_string()
    }

    fn carets(typed: &str, right: &str) -> String {
        render(
            &Diff::new(typed, right, Fold::default()).unwrap(),
            Marks::Carets,
            &plain,
        )
    }

    /// The marked runs, in brackets, of each side.
    fn brackets(typed: &str, right: &str, fold: Fold) -> (String, String) {
        let d = Diff::new(typed, right, fold).unwrap();
        let show = |pieces: &[Piece]| {
            pieces
                .iter()
                .map(|p| {
                    if p.marked {
                        format!("[{}]", p.text)
                    } else {
                        p.text.clone()
                    }
                })
                .collect::<String>()
        };
        (show(&d.typed), show(&d.right))
    }

    #[test]
    fn marks_swapped_missing_extra_and_wrong_characters() {
        let f = Fold::default();
        assert_eq!(
            brackets("Valery Tsepklao", "Valery Tsepkalo", f),
            ("Valery Tsepk[l]ao".into(), "Valery Tsepka[l]o".into())
        );
        assert_eq!(
            brackets("Tsepklo", "Tsepkalo", f),
            ("Tsepklo".into(), "Tsepk[a]lo".into()),
            "a letter left out is marked in the answer only"
        );
        assert_eq!(
            brackets("Tsepkallo", "Tsepkalo", f),
            ("Tsepkal[l]o".into(), "Tsepkalo".into()),
            "a letter too many is marked in what was typed only"
        );
        assert_eq!(
            brackets("Pinsk", "Minsk", f),
            ("[P]insk".into(), "[M]insk".into())
        );
    }

    #[test]
    fn compares_as_the_grader_folds() {
        let f = Fold::default();
        assert_eq!(
            brackets("valery tsepkalo", "Valery Tsepkalo", f),
            ("valery tsepkalo".into(), "Valery Tsepkalo".into()),
            "case is ignored unless the card says otherwise"
        );
        assert_eq!(
            brackets("hi tech parc", "Hi-Tech Park", f),
            ("hi tech par[c]".into(), "Hi-Tech Par[k]".into()),
            "a space for a hyphen is not marked"
        );
        assert_eq!(brackets("cafe", "café", f), ("cafe".into(), "café".into()));
        let strict = Fold {
            case_sensitive: true,
            accent_sensitive: true,
        };
        assert_eq!(
            brackets("cafe", "Café", strict),
            ("[c]af[e]".into(), "[C]af[é]".into())
        );
    }

    #[test]
    fn caret_lines_sit_under_the_differences() {
        assert_eq!(
            carets("Valery Tsepklao", "Valery Tsepkalo"),
            "  typed:  Valery Tsepklao\n                      ^\n  answer: Valery Tsepkalo\n                       ^"
        );
        // Nothing wrong in what was typed: no caret line under it.
        assert_eq!(
            carets("Tsepklo", "Tsepkalo"),
            "  typed:  Tsepklo\n  answer: Tsepkalo\n               ^"
        );
        // Wide characters take two columns, and so do their carets.
        assert_eq!(
            carets("東京都", "東京府"),
            "  typed:  東京都\n              ^^\n  answer: 東京府\n              ^^"
        );
    }

    #[test]
    fn styled_marks_have_no_caret_lines() {
        let d = Diff::new("Pinsk", "Minsk", Fold::default()).unwrap();
        let s = render(&d, Marks::Styled, &plain);
        assert_eq!(s.lines().count(), 2, "{s}");
        let (m, mr) = (
            crate::style::MARK.render(),
            crate::style::MARK.render_reset(),
        );
        assert!(s.starts_with(&format!("  typed:  {m}P{mr}insk")), "{s:?}");
        assert!(s.ends_with(&format!("  answer: {m}M{mr}insk")), "{s:?}");
    }

    #[test]
    fn unrelated_or_identical_answers_are_not_worth_showing() {
        let f = Fold::default();
        let d = |t: &str, r: &str| Diff::new(t, r, f).unwrap().worth_showing();
        assert!(d("Valery Tsepklao", "Valery Tsepkalo"));
        assert!(d("Pinsk", "Minsk"));
        assert!(!d("Viktor Babariko", "Valery Tsepkalo"));
        assert!(!d("EPAM", "Belhard"));
        assert!(!d("valery tsepkalo", "Valery Tsepkalo"));
        assert!(!d("", "Minsk"));
    }

    #[test]
    fn too_long_to_compare_is_none() {
        let long = "a".repeat(3000);
        assert!(Diff::new(&long, &long, Fold::default()).is_none());
    }
}
