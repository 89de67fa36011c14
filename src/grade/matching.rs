//! Match cards: each left item (numbered) gets one of the shown right-hand sides (lettered).

use super::{GradeError, Layout, Verdict, letter};

/// The distinct right-hand sides, in first-use order: two companies from one country share one choice.
pub(super) fn rights(pairs: &[(String, String)]) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    for (_, right) in pairs {
        if !out.contains(&right.as_str()) {
            out.push(right);
        }
    }
    out
}

pub(super) fn describe(pairs: &[(String, String)]) -> String {
    pairs
        .iter()
        .map(|(l, r)| format!("{l} → {r}"))
        .collect::<Vec<_>>()
        .join("; ")
}

/// Reads "b a c" (a letter for each left item in turn) or "1b 2a 3c" / "1-b, 2-a, 3-c" (explicit pairs)
/// into the shown position chosen for each left item.
pub(crate) fn assignments(
    response: &str,
    lefts: usize,
    shown: usize,
) -> Option<Vec<Option<usize>>> {
    let compact: Vec<char> = response
        .to_lowercase()
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect();
    let letter_index = |c: char| {
        c.is_ascii_lowercase()
            .then(|| (c as u8 - b'a') as usize)
            .filter(|i| *i < shown)
    };
    if compact.iter().all(char::is_ascii_lowercase) {
        if compact.len() != lefts {
            return None;
        }
        return compact.iter().map(|&c| letter_index(c).map(Some)).collect();
    }
    let mut out = vec![None; lefts];
    let mut rest = &compact[..];
    while !rest.is_empty() {
        let digits = rest.iter().take_while(|c| c.is_ascii_digit()).count();
        let left: usize = rest[..digits].iter().collect::<String>().parse().ok()?;
        let right = letter_index(*rest.get(digits)?)?;
        let slot = out.get_mut(left.checked_sub(1)?)?;
        if slot.is_some() {
            return None;
        }
        *slot = Some(right);
        rest = &rest[digits + 1..];
    }
    Some(out)
}

pub(super) fn grade(
    pairs: &[(String, String)],
    layout: &Layout,
    response: &str,
) -> Result<Verdict, GradeError> {
    let expected = describe(pairs);
    if response.is_empty() {
        return Ok(Verdict::wrong(expected).noted("no answer given"));
    }
    let choices = rights(pairs);
    let n = pairs.len();
    let chosen = assignments(response, n, layout.shown.len()).ok_or_else(|| {
        GradeError::Unrecognised(format!(
            "type a letter for each of the {n} items in turn, such as “{}”, or pairs such as “1{} 2{}”",
            (0..n).map(|i| letter(i % layout.shown.len().max(1)).to_string()).collect::<Vec<_>>().join(" "),
            letter(0),
            letter(1 % layout.shown.len().max(1)),
        ))
    })?;
    let mut wrong = Vec::new();
    for ((left, right), pick) in pairs.iter().zip(&chosen) {
        let picked = pick.map(|pos| choices[layout.shown[pos]]);
        if picked != Some(right.as_str()) {
            wrong.push(match picked {
                Some(p) => format!("{left} → {right}, not {p}"),
                None => format!("{left} → {right}, not answered"),
            });
        }
    }
    let score = (n - wrong.len()) as f64 / n as f64;
    let verdict = Verdict::partial(score, expected);
    Ok(if wrong.is_empty() {
        verdict
    } else {
        verdict.noted(format!("wrong: {}", wrong.join("; ")))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs() -> Vec<(String, String)> {
        [
            ("EPAM", "USA"),
            ("Wargaming", "Cyprus"),
            ("Viber", "Israel"),
            ("iTechArt", "USA"),
        ]
        .iter()
        .map(|(l, r)| (l.to_string(), r.to_string()))
        .collect()
    }

    fn run(shown: Vec<usize>, response: &str) -> (bool, f64, Option<String>) {
        let v = grade(&pairs(), &Layout { shown }, response).unwrap();
        (v.correct, v.score, v.note)
    }

    #[test]
    fn distinct_rights_are_offered_once() {
        assert_eq!(rights(&pairs()), vec!["USA", "Cyprus", "Israel"]);
    }

    #[test]
    fn grading_table() {
        // Shown: a) USA b) Cyprus c) Israel.
        assert_eq!(run(vec![0, 1, 2], "a b c a"), (true, 1.0, None));
        assert_eq!(run(vec![0, 1, 2], "abca"), (true, 1.0, None));
        assert_eq!(run(vec![0, 1, 2], "1a 2b 3c 4a"), (true, 1.0, None));
        assert_eq!(run(vec![0, 1, 2], "4-a, 3-c, 2-b, 1-a"), (true, 1.0, None));
        assert_eq!(
            run(vec![0, 1, 2], "a c b a"),
            (
                false,
                0.5,
                Some("wrong: Wargaming → Cyprus, not Israel; Viber → Israel, not Cyprus".into())
            )
        );
        assert_eq!(
            run(vec![0, 1, 2], "1a 2b"),
            (
                false,
                0.5,
                Some("wrong: Viber → Israel, not answered; iTechArt → USA, not answered".into())
            )
        );
        // Shown shuffled: a) Israel b) USA c) Cyprus.
        assert_eq!(run(vec![2, 0, 1], "b c a b"), (true, 1.0, None));
    }

    #[test]
    fn unreadable_answers_ask_again() {
        for bad in ["a b", "a b c d", "1a 1b", "5a", "1z", "hello"] {
            assert!(
                grade(
                    &pairs(),
                    &Layout {
                        shown: vec![0, 1, 2]
                    },
                    bad
                )
                .is_err(),
                "{bad:?}"
            );
        }
    }
}
