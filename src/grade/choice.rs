//! Choice, multi and true/false: picked by option text, letter or number.

use super::{Fold, GradeError, Layout, Verdict, letter};
use crate::deck::{PerAnswer, Typos};

/// The shown position a learner picked with one token: the option's text first (so that an option "2"
/// is not mistaken for the second), then a letter, then a number.
pub(crate) fn pick(options: &[String], layout: &Layout, token: &str) -> Option<usize> {
    let fold = Fold::default();
    let typed = fold.apply(token);
    if typed.is_empty() {
        return None;
    }
    if let Some(pos) = layout
        .shown
        .iter()
        .position(|&i| fold.apply(&options[i]) == typed)
    {
        return Some(pos);
    }
    let bare = token.trim().trim_end_matches([')', '.']).to_lowercase();
    let n = layout.shown.len();
    if let [c] = bare.chars().collect::<Vec<_>>()[..]
        && c.is_ascii_lowercase()
        && ((c as u8 - b'a') as usize) < n
    {
        return Some((c as u8 - b'a') as usize);
    }
    if let Ok(k) = bare.parse::<usize>()
        && (1..=n).contains(&k)
    {
        return Some(k - 1);
    }
    // A unique near-miss of an option's text.
    let near: Vec<usize> = layout
        .shown
        .iter()
        .enumerate()
        .filter(|(_, i)| {
            matches!(
                super::text::compare(&options[**i], token, fold, Typos::Auto),
                super::text::Match::Typo(_)
            )
        })
        .map(|(pos, _)| pos)
        .collect();
    match near[..] {
        [pos] => Some(pos),
        _ => None,
    }
}

fn how_to_pick(n: usize) -> String {
    format!(
        "type a letter (a–{}), a number (1–{n}) or the option's text",
        letter(n.saturating_sub(1))
    )
}

pub(super) fn join(options: &[String], answers: &[usize]) -> String {
    answers
        .iter()
        .map(|&i| options[i].as_str())
        .collect::<Vec<_>>()
        .join("; ")
}

pub(super) fn single(
    options: &[String],
    answer: usize,
    per_answer: &PerAnswer,
    layout: &Layout,
    response: &str,
) -> Result<Verdict, GradeError> {
    let expected = options[answer].clone();
    if response.is_empty() {
        return Ok(Verdict::wrong(expected).noted("no answer given"));
    }
    let pos = pick(options, layout, response)
        .ok_or_else(|| GradeError::Unrecognised(how_to_pick(layout.shown.len())))?;
    let picked = layout.shown[pos];
    let verdict = match per_answer.credit.get(picked) {
        Some(percent) => Verdict::partial(percent / 100.0, expected),
        None if picked == answer => Verdict::right(expected),
        None => Verdict::wrong(expected),
    };
    Ok(verdict.with_feedback(per_answer.feedback_for(picked).map(str::to_string)))
}

/// Splits a multi answer into picks: "a c", "a,c", "ac", "1 3", or option texts separated by commas or
/// semicolons.
pub(crate) fn picks(options: &[String], layout: &Layout, response: &str) -> Option<Vec<usize>> {
    let compact: String = response
        .chars()
        .filter(|c| !matches!(c, ' ' | ',' | ';'))
        .collect();
    let n = layout.shown.len();
    let fold = Fold::default();
    let is_an_option = layout
        .shown
        .iter()
        .any(|&i| fold.apply(&options[i]) == fold.apply(response));
    if !is_an_option && compact.len() <= n && compact.chars().all(|c| c.is_ascii_alphabetic()) {
        let letters: Option<Vec<usize>> = compact
            .to_ascii_lowercase()
            .bytes()
            .map(|b| Some((b - b'a') as usize).filter(|i| *i < n))
            .collect();
        if letters.is_some() {
            return letters;
        }
    }
    // An option's whole text, commas and all, is one pick.
    if let Some(pos) = layout
        .shown
        .iter()
        .position(|&i| fold.apply(&options[i]) == fold.apply(response))
    {
        return Some(vec![pos]);
    }
    let tokens: Vec<&str> = if response.contains([',', ';']) {
        response.split([',', ';']).collect()
    } else {
        response.split_whitespace().collect()
    };
    let from_tokens: Option<Vec<usize>> = tokens
        .iter()
        .filter(|t| !t.trim().is_empty())
        .map(|t| pick(options, layout, t))
        .collect();
    from_tokens.or_else(|| pick(options, layout, response).map(|p| vec![p]))
}

pub(super) fn multi(
    options: &[String],
    answers: &[usize],
    per_answer: &PerAnswer,
    layout: &Layout,
    response: &str,
) -> Result<Verdict, GradeError> {
    let expected = join(options, answers);
    if response.is_empty() {
        return Ok(Verdict::wrong(expected).noted("no answer given"));
    }
    let n = layout.shown.len();
    let mut chosen: Vec<usize> = picks(options, layout, response)
        .ok_or_else(|| {
            GradeError::Unrecognised(format!(
                "type the letters of every correct option (such as “a c”), their numbers (1–{n}), or their texts separated by commas"
            ))
        })?
        .into_iter()
        .map(|pos| layout.shown[pos])
        .collect();
    chosen.sort_unstable();
    chosen.dedup();
    let hits = chosen.iter().filter(|i| answers.contains(i)).count();
    let misses = chosen.len() - hits;
    let mut verdict = if per_answer.credit.is_empty() {
        let wrong_options = n - answers.len();
        // As Moodle grades several-answer questions: each right pick earns its share, each wrong pick costs one.
        let penalty = if wrong_options == 0 {
            0.0
        } else {
            misses as f64 / wrong_options as f64
        };
        let score = hits as f64 / answers.len() as f64 - penalty;
        let mut verdict = Verdict::partial(score, expected);
        verdict.correct = chosen == answers;
        verdict
    } else {
        // The card's own weights, summed over what was ticked, as Moodle sums them.
        let score = chosen
            .iter()
            .filter_map(|&i| per_answer.credit.get(i))
            .sum::<f64>()
            / 100.0;
        // Moodle counts a fraction over 0.999999 as right: three answers of 33.33333% each are.
        Verdict::partial(if score > 0.999_999 { 1.0 } else { score }, expected)
    };
    let said: Vec<&str> = chosen
        .iter()
        .filter_map(|&i| per_answer.feedback_for(i))
        .collect();
    verdict.feedback = (!said.is_empty()).then(|| said.join("\n"));
    if !verdict.correct && hits > 0 {
        let missing = answers.len() - hits;
        verdict = verdict.noted(format!(
            "{hits} of {} right{}{}",
            answers.len(),
            if missing > 0 {
                format!(", {missing} missed")
            } else {
                String::new()
            },
            if misses > 0 {
                format!(", {misses} wrongly chosen")
            } else {
                String::new()
            },
        ));
    }
    Ok(verdict)
}

pub(super) fn truefalse_word(answer: bool) -> &'static str {
    if answer { "true" } else { "false" }
}

/// What a true/false answer says; `None` when it is neither.
pub(crate) fn said(response: &str) -> Option<bool> {
    match response.to_lowercase().trim_end_matches(['.', '!']) {
        "true" | "t" | "yes" | "y" => Some(true),
        "false" | "f" | "no" | "n" => Some(false),
        _ => None,
    }
}

pub(super) fn truefalse(
    answer: bool,
    per_answer: &PerAnswer,
    response: &str,
) -> Result<Verdict, GradeError> {
    let expected = truefalse_word(answer).to_string();
    if response.is_empty() {
        return Ok(Verdict::wrong(expected).noted("no answer given"));
    }
    let said = said(response).ok_or_else(|| {
        GradeError::Unrecognised("type true or false (t/f, yes/no also work)".into())
    })?;
    let verdict = if said == answer {
        Verdict::right(expected)
    } else {
        Verdict::wrong(expected)
    };
    Ok(verdict.with_feedback(
        per_answer
            .feedback_for(usize::from(said))
            .map(str::to_string),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    const NONE: PerAnswer = PerAnswer {
        credit: vec![],
        feedback: vec![],
        other: None,
    };

    fn options() -> Vec<String> {
        ["EPAM", "Wargaming", "Viber", "2"]
            .iter()
            .map(|s| s.to_string())
            .collect()
    }

    fn identity() -> Layout {
        Layout {
            shown: vec![0, 1, 2, 3],
        }
    }

    fn single_correct(layout: &Layout, response: &str) -> Result<bool, GradeError> {
        single(&options(), 1, &NONE, layout, response).map(|v| v.correct)
    }

    #[test]
    fn single_choice_by_text_letter_or_number() {
        let id = identity();
        for right in ["Wargaming", "wargaming", "b", "B", "b)", "Wargamng"] {
            assert_eq!(single_correct(&id, right), Ok(true), "{right:?}");
        }
        for wrong in ["EPAM", "a", "1", "c"] {
            assert_eq!(single_correct(&id, wrong), Ok(false), "{wrong:?}");
        }
        assert!(matches!(
            single_correct(&id, "z"),
            Err(GradeError::Unrecognised(_))
        ));
        assert!(matches!(
            single_correct(&id, "9"),
            Err(GradeError::Unrecognised(_))
        ));
        assert_eq!(
            single(&options(), 1, &NONE, &id, "")
                .unwrap()
                .note
                .as_deref(),
            Some("no answer given")
        );
    }

    #[test]
    fn option_text_wins_over_position() {
        // The option "2" is the fourth; typing "2" means that option, not the second.
        assert!(
            single(&options(), 3, &NONE, &identity(), "2")
                .unwrap()
                .correct
        );
    }

    #[test]
    fn letters_follow_the_shown_order() {
        let shuffled = Layout {
            shown: vec![2, 1, 3, 0],
        };
        assert_eq!(single_correct(&shuffled, "b"), Ok(true));
        assert_eq!(single_correct(&shuffled, "a"), Ok(false));
        let rotated = Layout {
            shown: vec![1, 2, 3, 0],
        };
        assert_eq!(single_correct(&rotated, "a"), Ok(true));
        assert_eq!(single_correct(&rotated, "1"), Ok(true));
    }

    fn multi_of(response: &str) -> (bool, f64, Option<String>) {
        let v = multi(&options(), &[0, 2], &NONE, &identity(), response).unwrap();
        (v.correct, (v.score * 100.0).round() / 100.0, v.note)
    }

    #[test]
    fn an_option_with_a_comma_can_be_typed_whole() {
        let options: Vec<String> = ["Income, VAT", "Customs", "Offices"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let layout = Layout {
            shown: vec![0, 1, 2],
        };
        assert!(
            multi(&options, &[0], &NONE, &layout, "income, vat")
                .unwrap()
                .correct
        );
        assert!(
            multi(&options, &[0, 1], &NONE, &layout, "Income, VAT; Customs").is_err(),
            "ambiguous text asks again"
        );
        assert!(
            multi(&options, &[0, 1], &NONE, &layout, "a b")
                .unwrap()
                .correct
        );
    }

    #[test]
    fn multi_grading_table() {
        assert_eq!(multi_of("a c"), (true, 1.0, None));
        assert_eq!(multi_of("c,a"), (true, 1.0, None));
        assert_eq!(multi_of("AC"), (true, 1.0, None));
        assert_eq!(multi_of("1 3"), (true, 1.0, None));
        assert_eq!(multi_of("EPAM, Viber"), (true, 1.0, None));
        assert_eq!(
            multi_of("a"),
            (false, 0.5, Some("1 of 2 right, 1 missed".into()))
        );
        assert_eq!(
            multi_of("a b c"),
            (false, 0.5, Some("2 of 2 right, 1 wrongly chosen".into()))
        );
        assert_eq!(
            multi_of("a b"),
            (
                false,
                0.0,
                Some("1 of 2 right, 1 missed, 1 wrongly chosen".into())
            )
        );
        assert_eq!(multi_of("b d"), (false, 0.0, None));
        assert!(multi(&options(), &[0, 2], &NONE, &identity(), "a q").is_err());
    }

    #[test]
    fn truefalse_words() {
        for (said, correct) in [
            ("true", true),
            ("T", true),
            ("yes", true),
            ("y", true),
            ("false", false),
            ("no", false),
            ("F.", false),
        ] {
            assert_eq!(
                truefalse(true, &NONE, said).unwrap().correct,
                correct,
                "{said:?}"
            );
        }
        assert!(truefalse(true, &NONE, "maybe").is_err());
        assert_eq!(truefalse(false, &NONE, "f").unwrap().expected, "false");
    }
}
