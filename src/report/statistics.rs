//! Test and question statistics as Moodle's quiz statistics report computes them.
//!
//! The formulas are those of Moodle's developer documentation, "Quiz statistics calculations"
//! (<https://docs.moodle.org/dev/Quiz_statistics_calculations>), as Moodle's own code applies them:
//! `mod/quiz/report/statistics/classes/calculator.php` (test statistics) and
//! `question/classes/statistics/questions/calculator.php` (question statistics), with the random guess score
//! from each question type's `get_random_guess_score` (`question/type/*/questiontype.php`). With S the
//! attempts counted, x a question's score in an attempt and X the attempt's total:
//!
//! - mean X̄ = ΣX / S; median: the middle total, or the mean of the middle two;
//! - standard deviation SD = √(Σ(X − X̄)² / (S − 1)), for S > 1;
//! - with mₖ = Σ(X − X̄)ᵏ / S: k₂ = S m₂ / (S − 1), k₃ = S² m₃ / ((S − 1)(S − 2)),
//!   k₄ = S² ((S + 1) m₄ − 3 (S − 1) m₂²) / ((S − 1)(S − 2)(S − 3));
//!   skewness = k₃ / k₂^1.5 (S > 2), kurtosis = k₄ / k₂² (S > 3), neither when k₂ = 0;
//! - coefficient of internal consistency (Cronbach's alpha, in percent) over p questions:
//!   CIC = 100 p / (p − 1) × (1 − ΣV(xᵢ) / k₂), V(xᵢ) each question's variance (S − 1 in the denominator);
//! - error ratio ER = 100 √(1 − CIC / 100); standard error SE = ER × SD / 100;
//! - per question: facility x̄ / max; SD = √(Σ(x − x̄)² / (S − 1)); discrimination index
//!   100 C(x, X − x) / √(V(x) V(X − x)); discriminative efficiency 100 C(x, X − x) / Cmax(x, X − x), where
//!   Cmax pairs the sorted scores with the sorted rest-of-test scores, the largest covariance they could have.
//!
//! Totals are in percent of the maximum score, as Moodle shows them; a question's SD is on its 0–1 scale,
//! like its facility.

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use crate::quiz::results::{QuestionResult, Results};

/// Fewer attempts than this and the test statistics come with a caution. The standard error of a
/// correlation such as the discrimination index is about 1 / √(S − 1) (±0.23 at 20 attempts, ±0.33 at 10),
/// and that of the skewness about √(6 / S) (±0.55 at 20): below 20, neither says much.
pub const FEW_ATTEMPTS: usize = 20;
/// A question's facility is flagged (too easy, too hard) only with this many answers: with one or two
/// answers a question "nobody got right" says nothing of the question (a `--per-student` quiz gives most
/// questions one answer each).
pub const FACILITY_FLAG_ANSWERS: usize = 5;
/// A question's discrimination is flagged (negative, none) only with this many answers: below 10 its
/// standard error, about 1 / √(S − 1), is more than a third of the whole scale.
pub const DISCRIMINATION_FLAG_ANSWERS: usize = 10;

/// Statistics of the counted attempts' totals: Moodle's "Quiz information" figures.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TestStats {
    /// Attempts counted: one per student, or every attempt with `--attempts mean` or `all` (as the item
    /// analysis counts them).
    pub attempts: usize,
    /// Mean total, in percent of the maximum score.
    pub mean: Option<f64>,
    pub median: Option<f64>,
    /// Standard deviation (S − 1), in percent of the maximum score.
    pub sd: Option<f64>,
    pub skewness: Option<f64>,
    pub kurtosis: Option<f64>,
    /// Coefficient of internal consistency: 100 × Cronbach's alpha. `None` when the attempts did not all
    /// answer the same questions, or with fewer than two questions or no spread of totals.
    pub cic: Option<f64>,
    /// Error ratio, in percent: the share of the SD that is noise.
    pub error_ratio: Option<f64>,
    /// Standard error of a total, in percent of the maximum score.
    pub standard_error: Option<f64>,
    /// What the figures cannot be trusted for, in words.
    pub cautions: Vec<String>,
}

fn mean(xs: &[f64]) -> Option<f64> {
    (!xs.is_empty()).then(|| xs.iter().sum::<f64>() / xs.len() as f64)
}

/// Sample variance (S − 1); `None` below two values.
pub fn variance(xs: &[f64]) -> Option<f64> {
    let m = mean(xs)?;
    (xs.len() > 1).then(|| xs.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (xs.len() - 1) as f64)
}

/// Sample covariance (S − 1) of paired values; `None` below two pairs.
fn covariance(xs: &[f64], ys: &[f64]) -> Option<f64> {
    let (mx, my) = (mean(xs)?, mean(ys)?);
    (xs.len() > 1).then(|| {
        xs.iter()
            .zip(ys)
            .map(|(x, y)| (x - mx) * (y - my))
            .sum::<f64>()
            / (xs.len() - 1) as f64
    })
}

fn median(xs: &[f64]) -> Option<f64> {
    let mut sorted = xs.to_vec();
    sorted.sort_by(f64::total_cmp);
    let n = sorted.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(sorted[n / 2]),
        _ => Some((sorted[n / 2 - 1] + sorted[n / 2]) / 2.0),
    }
}

/// Too small to divide by: a variance of zero in floating point.
const ZERO: f64 = 1e-12;

/// A question's figures from its scores and the rest of each attempt's total beside them:
/// (SD, discrimination index, discriminative efficiency).
pub fn question_figures(scores: &[f64], rests: &[f64]) -> (Option<f64>, Option<f64>, Option<f64>) {
    let sd = variance(scores).map(f64::sqrt);
    let (vx, vy, c) = (variance(scores), variance(rests), covariance(scores, rests));
    let discrimination = match (vx, vy, c) {
        (Some(vx), Some(vy), Some(c)) if vx > ZERO && vy > ZERO => {
            Some(100.0 * c / (vx * vy).sqrt())
        }
        _ => None,
    };
    let mut sorted_x = scores.to_vec();
    let mut sorted_y = rests.to_vec();
    sorted_x.sort_by(f64::total_cmp);
    sorted_y.sort_by(f64::total_cmp);
    let efficiency = match (c, covariance(&sorted_x, &sorted_y)) {
        (Some(c), Some(max)) if max.abs() > ZERO => Some(100.0 * c / max),
        _ => None,
    };
    (sd, discrimination, efficiency)
}

/// The score a random guess earns on average, by question kind, as Moodle's question types have it: a
/// choice 1/n of the n options shown (Moodle's multichoice: the mean fraction of its answers), true/false
/// ½, a match 1/n of the n choices shown (qtype_match: `1 / count($q->choices)`), typed answers 0 (as
/// shortanswer and numerical without a `*` answer), an order 0 (qtype_ordering keeps `question_type`'s 0).
/// `None` for several-answer questions, as Moodle's multichoice: "pretty much impossible to compute for
/// _multi questions"; and for flashcards, which are self-rated. Where students were shown different
/// numbers of options, the mean over their answers.
pub fn random_guess(answers: &[&QuestionResult]) -> Option<f64> {
    let each = |q: &QuestionResult| -> Option<f64> {
        match q.kind.as_str() {
            "choice" | "match" => Some(1.0 / q.options.len().max(1) as f64),
            "truefalse" => Some(0.5),
            "text" | "number" | "cloze" | "order" => Some(0.0),
            _ => None,
        }
    };
    let guesses: Option<Vec<f64>> = answers.iter().map(|q| each(q)).collect();
    mean(&guesses?)
}

/// A caution for the questions answered too few times to be flagged, if any.
pub fn unflagged(questions: &[super::QuestionStats]) -> Option<String> {
    let few = questions
        .iter()
        .filter(|q| q.attempts < DISCRIMINATION_FLAG_ANSWERS)
        .count();
    let fewer = questions
        .iter()
        .filter(|q| q.attempts < FACILITY_FLAG_ANSWERS)
        .count();
    (few > 0).then(|| {
        let mut text = format!(
            "{few} of {} questions had fewer than {DISCRIMINATION_FLAG_ANSWERS} answers: their discrimination is not flagged",
            questions.len()
        );
        if fewer > 0 {
            text += &format!(
                ", and {fewer} had fewer than {FACILITY_FLAG_ANSWERS}: nor is their facility"
            );
        }
        text
    })
}

/// The test statistics of `sheets`, the counted attempts. Cronbach's alpha needs every attempt to have
/// answered the same questions, each once.
pub fn test_stats(sheets: &[&Results]) -> TestStats {
    let totals: Vec<f64> = sheets.iter().map(|r| r.percent()).collect();
    let s = totals.len();
    let n = s as f64;
    let avg = mean(&totals);
    let sd = variance(&totals).map(f64::sqrt);
    let (mut skewness, mut kurtosis) = (None, None);
    let mut k2 = None;
    if let (Some(m), true) = (avg, s > 2) {
        let power = |k: i32| totals.iter().map(|x| (x - m).powi(k)).sum::<f64>() / n;
        let (m2, m3, m4) = (power(2), power(3), power(4));
        let k2v = n * m2 / (n - 1.0);
        if k2v > ZERO {
            k2 = Some(k2v);
            let k3 = n * n * m3 / ((n - 1.0) * (n - 2.0));
            skewness = Some(k3 / k2v.powf(1.5));
            if s > 3 {
                let k4 = n * n * ((n + 1.0) * m4 - 3.0 * (n - 1.0) * m2 * m2)
                    / ((n - 1.0) * (n - 2.0) * (n - 3.0));
                kurtosis = Some(k4 / (k2v * k2v));
            }
        }
    }
    let mut cautions = Vec::new();
    let same = same_questions(sheets);
    if same.is_none() && s > 1 {
        cautions.push(
            "the attempts did not all answer the same questions (drawn per student, or different quiz lengths): no coefficient of internal consistency".to_string(),
        );
    }
    let cic = match (same, k2) {
        (Some(items), Some(k2)) if items.len() > 1 => {
            let p = items.len() as f64;
            // A question's score in percent of the test: each question is worth 100 / p.
            let scale = 100.0 / p;
            let sum_var: f64 = items
                .iter()
                .map(|scores| variance(scores).unwrap_or(0.0) * scale * scale)
                .sum();
            Some(100.0 * p / (p - 1.0) * (1.0 - sum_var / k2))
        }
        _ => None,
    };
    let error_ratio = cic
        .filter(|c| *c <= 100.0)
        .map(|c| 100.0 * (1.0 - c / 100.0).sqrt());
    let standard_error = error_ratio.zip(sd).map(|(er, sd)| er * sd / 100.0);
    if s < FEW_ATTEMPTS {
        let n = s.max(2) as f64;
        cautions.push(format!(
            "with {s} attempt{}, these figures say little: below {FEW_ATTEMPTS}, a discrimination index is uncertain by about ±{:.0} and the skewness by about ±{:.1}",
            if s == 1 { "" } else { "s" },
            100.0 / (n - 1.0).sqrt(),
            (6.0 / n).sqrt(),
        ));
    }
    TestStats {
        attempts: s,
        mean: avg,
        median: median(&totals),
        sd,
        skewness,
        kurtosis,
        cic,
        error_ratio,
        standard_error,
        cautions,
    }
}

/// Each question's scores, one per sheet in sheet order, when every sheet answered the same questions,
/// each once, and its total is their sum; `None` otherwise.
fn same_questions(sheets: &[&Results]) -> Option<Vec<Vec<f64>>> {
    let first = sheets.first()?;
    let items: Vec<&str> = first.questions.iter().map(|q| q.item.as_str()).collect();
    let distinct: HashSet<&str> = items.iter().copied().collect();
    if distinct.len() != items.len() {
        return None;
    }
    let index: HashMap<&str, usize> = items.iter().enumerate().map(|(i, q)| (*q, i)).collect();
    let mut scores = vec![Vec::with_capacity(sheets.len()); items.len()];
    for r in sheets {
        if r.questions.len() != items.len() {
            return None;
        }
        let mut seen = vec![false; items.len()];
        for q in &r.questions {
            let i = *index.get(q.item.as_str())?;
            if std::mem::replace(&mut seen[i], true) {
                return None;
            }
            scores[i].push(q.score);
        }
    }
    Some(scores)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn efficiency_is_100_when_the_order_is_perfect_and_negative_when_reversed() {
        let (sd, d, e) = question_figures(&[0.0, 0.5, 1.0], &[1.0, 2.0, 4.0]);
        assert!((sd.unwrap() - 0.5).abs() < 1e-12);
        assert!(d.unwrap() > 90.0);
        assert!((e.unwrap() - 100.0).abs() < 1e-9);
        let (_, d, e) = question_figures(&[1.0, 0.5, 0.0], &[1.0, 2.0, 4.0]);
        assert!(d.unwrap() < -90.0);
        assert!((e.unwrap() + 100.0).abs() < 1e-9);
        assert_eq!(question_figures(&[1.0], &[2.0]), (None, None, None));
        assert_eq!(question_figures(&[1.0, 1.0], &[2.0, 3.0]).1, None);
    }

    #[test]
    fn median_of_an_even_count_is_the_mean_of_the_middle_two() {
        assert_eq!(median(&[4.0, 1.0, 3.0, 2.0]), Some(2.5));
        assert_eq!(median(&[4.0, 1.0, 3.0]), Some(3.0));
        assert_eq!(median(&[]), None);
    }
}
