//! A class report from quiz results: students, item analysis (facility, discrimination, distractors) and
//! mastery per tag, with Moodle's test and question statistics (`statistics`) and response frequencies
//! (`responses`). Pure: results in, figures out; `render` turns them into tables, CSV, JSON, Markdown or
//! HTML.

pub mod grid;
pub mod render;
pub mod responses;
pub mod statistics;

use std::collections::{BTreeMap, HashMap, HashSet};

use clap::ValueEnum;
use serde::Serialize;

use crate::quiz::file::Grading;
use crate::quiz::normalise_name;
use crate::quiz::results::{QuestionResult, Results};
use responses::Responses;
use statistics::{DISCRIMINATION_FLAG_ANSWERS, FACILITY_FLAG_ANSWERS, TestStats};

/// Which of a student's attempts count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum Attempts {
    #[default]
    Last,
    Best,
    First,
    /// The mean of every attempt's score; the item analysis counts every attempt.
    Mean,
    /// Each attempt is its own row.
    All,
}

impl Attempts {
    /// A quiz file's grading method.
    pub fn of(grading: Grading) -> Attempts {
        match grading {
            Grading::First => Attempts::First,
            Grading::Best => Attempts::Best,
            Grading::Last => Attempts::Last,
            Grading::Mean => Attempts::Mean,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Attempts::Last => "last attempt",
            Attempts::Best => "best attempt",
            Attempts::First => "first attempt",
            Attempts::Mean => "mean of attempts",
            Attempts::All => "every attempt",
        }
    }
}

/// How an unanswered question shows among the wrong answers.
pub const NO_ANSWER: &str = "(no answer)";

/// Facility above this: the question is too easy to tell students apart.
pub const TOO_EASY: f64 = 0.9;
/// Facility below this: the question is too hard, or wrong.
pub const TOO_HARD: f64 = 0.2;

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// One per deck version: results from different versions of a deck are not mixed.
    pub groups: Vec<Group>,
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Group {
    pub deck_id: String,
    pub deck_title: String,
    pub deck_hash: String,
    /// The quiz file the attempts were at, as (id, title); `None` for quizzes made on the command line.
    pub quiz: Option<(String, String)>,
    /// Which attempts count: the quiz's grading method unless `--attempts` said otherwise.
    pub graded_by: String,
    /// Distinct students (with `--attempts all`, `students` has a row per attempt).
    pub student_count: usize,
    pub students: Vec<Student>,
    pub questions: Vec<QuestionStats>,
    pub tags: Vec<TagStats>,
    /// How many students scored 0–9%, 10–19%, …, 90–100%.
    pub histogram: [usize; 10],
    pub mean_percent: f64,
    /// Moodle's test statistics of the counted attempts (those the item analysis counts).
    pub statistics: TestStats,
}

#[derive(Debug, Clone, Serialize)]
pub struct Student {
    pub name: String,
    /// The attempt shown, 1 for the first; `None` for the mean of every attempt. With `--attempts all`,
    /// each attempt is its own row.
    pub attempt: Option<usize>,
    pub attempts: usize,
    /// How each of the student's attempts ended, in order (the row's own, with `--attempts all`):
    /// `submitted`, `time up` or `stopped`.
    pub ended: Vec<String>,
    pub score: f64,
    pub max_score: f64,
    pub percent: f64,
    pub seconds: i64,
    /// The two tags with the lowest mastery (below 100%), weakest first, as (tag, percent).
    pub weakest_tags: Vec<(String, f64)>,
    /// Every answer in the attempts the row stands for, in order.
    pub answers: Vec<grid::Answer>,
}

#[derive(Debug, Clone, Serialize)]
pub struct QuestionStats {
    pub item: String,
    pub kind: String,
    pub prompt: String,
    /// How many of the counted attempts had this question.
    pub attempts: usize,
    /// Mean score over maximum score, 0 to 1.
    pub facility: f64,
    /// Standard deviation (S − 1) of the scores, 0 to 1 like the facility; `None` below two attempts.
    pub sd: Option<f64>,
    /// The mean score of a random guess, 0 to 1 (Moodle's per question type); `None` where Moodle has none
    /// (several-answer questions).
    pub random_guess: Option<f64>,
    /// 100 × the correlation between this question's score and the rest of the test's (Moodle's
    /// discrimination index); `None` when it cannot be computed (fewer than two attempts, or no spread).
    pub discrimination: Option<f64>,
    /// 100 × the covariance of score and rest of the test over the largest covariance their values allow
    /// (Moodle's discriminative efficiency); `None` when that largest is 0.
    pub discriminative_efficiency: Option<f64>,
    /// `too easy` and `too hard` with at least [`FACILITY_FLAG_ANSWERS`] answers; `negative discrimination`
    /// and `no discrimination` with at least [`DISCRIMINATION_FLAG_ANSWERS`].
    pub flags: Vec<String>,
    /// The most frequent wrong answers, most frequent first, with their counts.
    pub wrong_answers: Vec<(String, usize)>,
    /// How often each option was picked (choice, multi, true/false), or the arrangements given most (order,
    /// match).
    pub responses: Responses,
}

#[derive(Debug, Clone, Serialize)]
pub struct TagStats {
    pub tag: String,
    /// Distinct questions with this tag.
    pub questions: usize,
    /// Answers to them, over all counted attempts.
    pub answers: usize,
    /// Mean score on questions with this tag, in percent.
    pub mastery: f64,
}

/// How an attempt ended, in the report's words.
fn ended(r: &Results) -> String {
    match r.ended.as_str() {
        "completed" => "submitted",
        "time-limit" => "time up",
        other => other,
    }
    .to_string()
}

/// A row of the report: one student's attempts that count.
struct Pick<'r> {
    /// The attempt shown, from 1; `None` for a mean.
    attempt: Option<usize>,
    /// The student's attempts in all.
    total: usize,
    /// How the attempts the row stands for ended.
    ended: Vec<String>,
    counted: Vec<&'r Results>,
}

/// The attempts that count for each student, in name order, numbered within the student.
fn choose<'r>(
    by_student: &BTreeMap<String, Vec<&'r Results>>,
    attempts: Attempts,
) -> Vec<Pick<'r>> {
    let mut out = Vec::new();
    for list in by_student.values() {
        let total = list.len();
        let all_ended: Vec<String> = list.iter().map(|r| ended(r)).collect();
        let one = |i: usize| Pick {
            attempt: Some(i + 1),
            total,
            ended: all_ended.clone(),
            counted: vec![list[i]],
        };
        match attempts {
            Attempts::All => out.extend(list.iter().enumerate().map(|(i, r)| Pick {
                attempt: Some(i + 1),
                total,
                ended: vec![ended(r)],
                counted: vec![r],
            })),
            Attempts::First => out.push(one(0)),
            Attempts::Last => out.push(one(total - 1)),
            Attempts::Best => {
                let (i, _) = list
                    .iter()
                    .enumerate()
                    .max_by(|(i, a), (j, b)| a.percent().total_cmp(&b.percent()).then(i.cmp(j)))
                    .expect("a student has at least one attempt");
                out.push(one(i));
            }
            Attempts::Mean => out.push(Pick {
                attempt: None,
                total,
                ended: all_ended.clone(),
                counted: list.clone(),
            }),
        }
    }
    out
}

/// One question's answers over the counted attempts, in attempt order.
#[derive(Default)]
struct Answers<'r> {
    answered: Vec<&'r QuestionResult>,
    scores: Vec<f64>,
    /// The rest of the test's score beside each of `scores`.
    rests: Vec<f64>,
    /// Wrong answers by their lower case: the first spelling met, and the count.
    wrong: BTreeMap<String, (String, usize)>,
}

fn question_stats(q: &QuestionResult, answers: Answers) -> QuestionStats {
    let Answers {
        answered,
        scores,
        rests,
        wrong,
    } = answers;
    let facility = scores.iter().sum::<f64>() / scores.len().max(1) as f64;
    let (sd, discrimination, discriminative_efficiency) =
        statistics::question_figures(&scores, &rests);
    let mut flags = Vec::new();
    if scores.len() >= FACILITY_FLAG_ANSWERS {
        if facility > TOO_EASY {
            flags.push("too easy".to_string());
        }
        if facility < TOO_HARD {
            flags.push("too hard".to_string());
        }
    }
    match discrimination.filter(|_| scores.len() >= DISCRIMINATION_FLAG_ANSWERS) {
        Some(d) if d < 0.0 => flags.push("negative discrimination".to_string()),
        Some(d) if d.abs() < 1e-9 => flags.push("no discrimination".to_string()),
        _ => {}
    }
    let mut wrong: Vec<(String, usize)> = wrong.into_values().collect();
    wrong.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    wrong.truncate(3);
    QuestionStats {
        item: q.item.clone(),
        kind: q.kind.clone(),
        prompt: q.prompt.clone(),
        attempts: scores.len(),
        facility,
        sd,
        random_guess: statistics::random_guess(&answered),
        discrimination,
        discriminative_efficiency,
        flags,
        wrong_answers: wrong,
        responses: responses::tally(&answered),
    }
}

/// Per question, in the order questions first appear, its answers: one pass over every answer, where looking
/// each question up in each sheet was quadratic in a sheet's length. Only a question's first answer in a
/// sheet counts.
fn item_analysis(sheets: &[&Results]) -> Vec<QuestionStats> {
    let mut index: HashMap<&str, usize> = HashMap::new();
    let mut questions: Vec<(&QuestionResult, Answers)> = Vec::new();
    // The sheet each question was last answered in, to skip a repeat within a sheet.
    let mut last_sheet: Vec<usize> = Vec::new();
    for (sheet, r) in sheets.iter().enumerate() {
        for q in &r.questions {
            let i = *index.entry(q.item.as_str()).or_insert_with(|| {
                questions.push((q, Answers::default()));
                last_sheet.push(usize::MAX);
                questions.len() - 1
            });
            if last_sheet[i] == sheet {
                continue;
            }
            last_sheet[i] = sheet;
            let answers = &mut questions[i].1;
            answers.answered.push(q);
            answers.scores.push(q.score);
            answers.rests.push(r.score - q.score);
            if !q.correct {
                let text = q.answer_text().unwrap_or_else(|| NO_ANSWER.to_string());
                let e = answers
                    .wrong
                    .entry(text.to_lowercase())
                    .or_insert((text, 0));
                e.1 += 1;
            }
        }
    }
    questions
        .into_iter()
        .map(|(q, answers)| question_stats(q, answers))
        .collect()
}

/// Per tag: its distinct questions, its answers and their mean score, over every answer in every sheet.
fn tag_stats(sheets: &[&Results]) -> Vec<TagStats> {
    let mut tags: BTreeMap<&str, (HashSet<&str>, f64, usize)> = BTreeMap::new();
    for q in sheets.iter().flat_map(|r| &r.questions) {
        for t in &q.tags {
            let e = tags.entry(t.as_str()).or_default();
            e.0.insert(q.item.as_str());
            e.1 += q.score;
            e.2 += 1;
        }
    }
    tags.into_iter()
        .map(|(tag, (items, score, n))| TagStats {
            tag: tag.to_string(),
            questions: items.len(),
            answers: n,
            mastery: score * 100.0 / n as f64,
        })
        .collect()
}

/// Per tag, the sum of the scores of its answers among `qs` and their count.
fn mastery(qs: &[QuestionResult]) -> BTreeMap<&str, (f64, usize)> {
    let mut tags: BTreeMap<&str, (f64, usize)> = BTreeMap::new();
    for q in qs {
        for t in &q.tags {
            let e = tags.entry(t.as_str()).or_default();
            e.0 += q.score;
            e.1 += 1;
        }
    }
    tags
}

fn mean(xs: impl ExactSizeIterator<Item = f64>) -> f64 {
    let n = xs.len().max(1) as f64;
    xs.sum::<f64>() / n
}

/// One group's report. `attempts`: which attempts count, when the command line says; otherwise the quiz
/// file's grading method, or the last attempt for quizzes made on the command line.
fn group(results: &[&Results], attempts: Option<Attempts>, warnings: &mut Vec<String>) -> Group {
    let first = results[0];
    let quiz = first.quiz.as_ref();
    let attempts = attempts
        .or(quiz.map(|q| Attempts::of(q.grading)))
        .unwrap_or_default();
    let mut by_student: BTreeMap<String, Vec<&Results>> = BTreeMap::new();
    for r in results {
        by_student
            .entry(normalise_name(&r.student))
            .or_default()
            .push(r);
    }
    // Two attempts begun in the same second are told apart by the number the quiz gave them.
    for list in by_student.values_mut() {
        list.sort_by_key(|r| (r.started_at, r.quiz.as_ref().map(|q| q.attempt)));
    }
    if let Some(q) = quiz.filter(|q| q.attempts_allowed > 0) {
        for list in by_student
            .values()
            .filter(|l| l.len() > q.attempts_allowed as usize)
        {
            warnings.push(format!(
                "{} has {} attempts at quiz `{}`, which allows {}",
                list[0].student.trim(),
                list.len(),
                q.id,
                q.attempts_allowed
            ));
        }
    }
    let picks = choose(&by_student, attempts);
    let sheets: Vec<&Results> = picks
        .iter()
        .flat_map(|p| p.counted.iter().copied())
        .collect();
    let questions = item_analysis(&sheets);
    let mut test_stats = statistics::test_stats(&sheets);
    test_stats
        .cautions
        .extend(statistics::unflagged(&questions));
    let tags = tag_stats(&sheets);
    let mut histogram = [0; 10];
    let students: Vec<Student> = picks
        .iter()
        .map(|p| {
            let percent = mean(p.counted.iter().map(|r| r.percent()));
            histogram[((percent / 10.0) as usize).min(9)] += 1;
            let answers: Vec<QuestionResult> = p
                .counted
                .iter()
                .flat_map(|r| r.questions.iter().cloned())
                .collect();
            let mut weakest: Vec<(String, f64)> = mastery(&answers)
                .into_iter()
                .map(|(t, (s, n))| (t.to_string(), s * 100.0 / n as f64))
                .filter(|(_, p)| *p < 100.0)
                .collect();
            weakest.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
            weakest.truncate(2);
            Student {
                name: p.counted[0].student.clone(),
                attempt: p.attempt,
                attempts: p.total,
                ended: p.ended.clone(),
                score: mean(p.counted.iter().map(|r| r.score)),
                max_score: mean(p.counted.iter().map(|r| r.max_score)),
                percent,
                seconds: mean(
                    p.counted
                        .iter()
                        .map(|r| (r.finished_at - r.started_at).num_seconds() as f64),
                )
                .round() as i64,
                weakest_tags: weakest,
                answers: grid::answers(p.attempt, &p.counted),
            }
        })
        .collect();
    let mean_percent =
        students.iter().map(|s| s.percent).sum::<f64>() / students.len().max(1) as f64;
    Group {
        deck_id: first.deck.id.clone(),
        deck_title: first.deck.title.clone(),
        deck_hash: first.deck.hash.clone(),
        quiz: quiz.map(|q| (q.id.clone(), q.title.clone())),
        graded_by: attempts.name().to_string(),
        student_count: by_student.len(),
        students,
        questions,
        tags,
        histogram,
        mean_percent,
        statistics: test_stats,
    }
}

/// Builds the report: attempts at each quiz file apart, and results of different deck versions in separate
/// groups, with a warning. `attempts`: which attempts count, when the command line says.
pub fn build(results: &[Results], attempts: Option<Attempts>) -> Report {
    let mut groups: BTreeMap<(Option<String>, String, String), Vec<&Results>> = BTreeMap::new();
    for r in results {
        groups
            .entry((
                r.quiz.as_ref().map(|q| q.id.clone()),
                r.deck.id.clone(),
                r.deck.hash.clone(),
            ))
            .or_default()
            .push(r);
    }
    let mut warnings = Vec::new();
    let mut versions: BTreeMap<(&Option<String>, &str), usize> = BTreeMap::new();
    for (quiz, id, _) in groups.keys() {
        *versions.entry((quiz, id)).or_default() += 1;
    }
    for ((_, id), n) in versions.iter().filter(|(_, n)| **n > 1) {
        warnings.push(format!(
            "the results for deck `{id}` come from {n} different versions of the deck; each version is reported separately"
        ));
    }
    let groups = groups
        .values()
        .map(|rs| group(rs, attempts, &mut warnings))
        .collect();
    Report { groups, warnings }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quiz::results::DeckInfo;

    /// Student `s`'s answer to question `q`: wrong where `q` is a multiple of `s + 2`.
    fn right(s: usize, q: usize) -> bool {
        !q.is_multiple_of(s + 2)
    }

    fn sheet(s: usize, questions: usize) -> Results {
        let mut qs: Vec<QuestionResult> = (0..questions)
            .map(|q| QuestionResult {
                item: format!("q{q}"),
                kind: "text".into(),
                prompt: format!("Question {q}?"),
                options: Vec::new(),
                tags: vec![format!("t{}", q % 7)],
                answer: Some(if right(s, q) { "yes" } else { "No" }.into()),
                expected: "yes".into(),
                correct: right(s, q),
                score: if right(s, q) { 1.0 } else { 0.0 },
                seconds: 1.0,
            })
            .collect();
        // A repeat of a question in one sheet: only its first answer counts.
        let mut again = qs[1].clone();
        again.score = 1.0 - again.score;
        again.correct = !again.correct;
        qs.push(again);
        let at = chrono::DateTime::parse_from_rfc3339("2026-11-22T09:00:00+03:00").unwrap();
        Results {
            format_version: 1,
            kartka_version: "0.1.0".into(),
            deck: DeckInfo {
                id: "big".into(),
                title: "Big".into(),
                version: None,
                hash: "h".into(),
            },
            student: format!("s{s}"),
            started_at: at,
            finished_at: at,
            seed: "0".into(),
            per_student: false,
            shuffled: false,
            time_limit: None,
            ended: "completed".into(),
            score: qs.iter().map(|q| q.score).sum(),
            max_score: qs.len() as f64,
            questions: qs,
            quiz: None,
        }
    }

    /// A long quiz (looking each question up in each sheet once took minutes at this size): the figures
    /// are those worked out from how the sheets were made.
    #[test]
    fn item_analysis_of_a_long_quiz_counts_each_answer_once() {
        let (students, questions) = (4, 40_000);
        let results: Vec<Results> = (0..students).map(|s| sheet(s, questions)).collect();
        let report = build(&results, Some(Attempts::Last));
        let g = &report.groups[0];
        assert_eq!(g.questions.len(), questions);
        for (q, stats) in g.questions.iter().enumerate() {
            let wrong = (0..students).filter(|&s| !right(s, q)).count();
            assert_eq!(stats.item, format!("q{q}"));
            assert_eq!(stats.attempts, students);
            assert_eq!(stats.facility, (students - wrong) as f64 / students as f64);
            let expected: Vec<(String, usize)> = if wrong == 0 {
                vec![]
            } else {
                vec![("No".to_string(), wrong)]
            };
            assert_eq!(stats.wrong_answers, expected, "q{q}");
        }
        assert_eq!(g.tags.len(), 7);
        for (t, tag) in g.tags.iter().enumerate() {
            let items: Vec<usize> = (0..questions).filter(|q| q % 7 == t).collect();
            // The repeat of q1 is an answer too, the opposite of each student's first.
            let repeats = if t == 1 { students } else { 0 };
            let right_answers = (0..students)
                .flat_map(|s| items.iter().map(move |&q| right(s, q)))
                .filter(|&r| r)
                .count()
                + if t == 1 {
                    (0..students).filter(|&s| !right(s, 1)).count()
                } else {
                    0
                };
            assert_eq!(tag.tag, format!("t{t}"));
            assert_eq!(tag.questions, items.len());
            assert_eq!(tag.answers, items.len() * students + repeats);
            let mastery = right_answers as f64 * 100.0 / tag.answers as f64;
            assert!((tag.mastery - mastery).abs() < 1e-9, "t{t}");
        }
    }
}
