//! Order cards: the learner types the shown items' numbers in the right order.

use super::{GradeError, Layout, Verdict};

pub(super) fn describe(items: &[String]) -> String {
    items.join(" → ")
}

/// Reads "3 1 2", "3,1,2" or, for up to nine items, "312": a permutation of the shown numbers.
pub(crate) fn positions(response: &str, n: usize) -> Option<Vec<usize>> {
    let tokens: Vec<&str> = response
        .split(|c: char| !c.is_ascii_digit())
        .filter(|t| !t.is_empty())
        .collect();
    let numbers: Vec<usize> = match tokens[..] {
        [single] if n <= 9 && single.len() == n => {
            single.bytes().map(|b| (b - b'0') as usize).collect()
        }
        _ => tokens
            .iter()
            .map(|t| t.parse().ok())
            .collect::<Option<_>>()?,
    };
    let mut sorted = numbers.clone();
    sorted.sort_unstable();
    (sorted == (1..=n).collect::<Vec<_>>()).then(|| numbers.into_iter().map(|k| k - 1).collect())
}

/// The longest run of items already in the right relative order; the others are the misplaced ones.
fn longest_increasing(seq: &[usize]) -> Vec<usize> {
    // O(n²) is plenty: order cards hold a handful of items.
    let mut best_len = vec![1usize; seq.len()];
    let mut prev = vec![None; seq.len()];
    for i in 0..seq.len() {
        for j in 0..i {
            if seq[j] < seq[i] && best_len[j] + 1 > best_len[i] {
                best_len[i] = best_len[j] + 1;
                prev[i] = Some(j);
            }
        }
    }
    let mut at = (0..seq.len()).max_by_key(|&i| (best_len[i], std::cmp::Reverse(i)));
    let mut run = Vec::new();
    while let Some(i) = at {
        run.push(seq[i]);
        at = prev[i];
    }
    run.reverse();
    run
}

pub(super) fn grade(
    items: &[String],
    layout: &Layout,
    response: &str,
) -> Result<Verdict, GradeError> {
    let expected = describe(items);
    let n = items.len();
    if response.is_empty() {
        return Ok(Verdict::wrong(expected).noted("no answer given"));
    }
    let order = positions(response, n).ok_or_else(|| {
        GradeError::Unrecognised(format!(
            "type the numbers 1–{n} in the right order, each once, such as “{}”",
            (1..=n)
                .rev()
                .map(|k| k.to_string())
                .collect::<Vec<_>>()
                .join(" ")
        ))
    })?;
    let seq: Vec<usize> = order.iter().map(|&pos| layout.shown[pos]).collect();
    let kept = longest_increasing(&seq);
    let score = (kept.len() - 1) as f64 / (n - 1) as f64;
    let mut verdict = Verdict::partial(score, expected);
    if !verdict.correct {
        let misplaced: Vec<&str> = seq
            .iter()
            .filter(|i| !kept.contains(i))
            .map(|&i| items[i].as_str())
            .collect();
        verdict = verdict.noted(format!("misplaced: {}", misplaced.join("; ")));
    }
    Ok(verdict)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items() -> Vec<String> {
        ["1956", "1969", "1994", "2005"]
            .iter()
            .map(|s| s.to_string())
            .collect()
    }

    fn run(shown: Vec<usize>, response: &str) -> (bool, f64, Option<String>) {
        let v = grade(&items(), &Layout { shown }, response).unwrap();
        (v.correct, (v.score * 1000.0).round() / 1000.0, v.note)
    }

    #[test]
    fn grading_table() {
        // Shown in the card's order, so the right answer is 1 2 3 4.
        assert_eq!(run(vec![0, 1, 2, 3], "1 2 3 4"), (true, 1.0, None));
        assert_eq!(run(vec![0, 1, 2, 3], "1234"), (true, 1.0, None));
        assert_eq!(run(vec![0, 1, 2, 3], "1, 2, 3, 4"), (true, 1.0, None));
        // One item moved to the end: the other three are still in order.
        assert_eq!(
            run(vec![0, 1, 2, 3], "2 3 4 1"),
            (false, 0.667, Some("misplaced: 1956".into()))
        );
        assert_eq!(
            run(vec![0, 1, 2, 3], "4 3 2 1"),
            (false, 0.0, Some("misplaced: 1994; 1969; 1956".into()))
        );
        // Shown shuffled: 2005, 1956, 1994, 1969; the right answer is 2 4 3 1.
        assert_eq!(run(vec![3, 0, 2, 1], "2 4 3 1"), (true, 1.0, None));
        assert!(!run(vec![3, 0, 2, 1], "1 2 3 4").0);
    }

    #[test]
    fn unreadable_orders_ask_again() {
        for bad in ["1 2 3", "1 2 3 3", "1 2 3 5", "abc", "12345"] {
            let err = grade(
                &items(),
                &Layout {
                    shown: vec![0, 1, 2, 3],
                },
                bad,
            )
            .unwrap_err();
            assert_eq!(
                err,
                GradeError::Unrecognised(
                    "type the numbers 1–4 in the right order, each once, such as “4 3 2 1”".into()
                ),
                "{bad:?}"
            );
        }
    }
}
