//! A class report from quiz results: students, item analysis (facility, discrimination, distractors) and
//! mastery per tag. Pure: results in, figures out; `render` turns them into tables, CSV, JSON, Markdown or
//! HTML.

pub mod render;

use std::collections::{BTreeMap, HashMap};

use clap::ValueEnum;
use serde::Serialize;

use crate::quiz::normalise_name;
use crate::quiz::results::Results;

/// Which of a student's attempts count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum Attempts {
    #[default]
    Last,
    Best,
    First,
    All,
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
    pub students: Vec<Student>,
    pub questions: Vec<QuestionStats>,
    pub tags: Vec<TagStats>,
    /// How many students scored 0–9%, 10–19%, …, 90–100%.
    pub histogram: [usize; 10],
    pub mean_percent: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Student {
    pub name: String,
    /// 1 for the first attempt; with `--attempts all`, each attempt is its own row.
    pub attempt: usize,
    pub attempts: usize,
    pub score: f64,
    pub max_score: f64,
    pub percent: f64,
    pub seconds: i64,
    /// The two tags with the lowest mastery (below 100%), weakest first, as (tag, percent).
    pub weakest_tags: Vec<(String, f64)>,
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
    /// 100 × the correlation between this question's score and the rest of the test's (Moodle's
    /// discrimination index); `None` when it cannot be computed (fewer than two attempts, or no spread).
    pub discrimination: Option<f64>,
    pub flags: Vec<String>,
    /// The most frequent wrong answers, most frequent first, with their counts.
    pub wrong_answers: Vec<(String, usize)>,
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

fn pearson(xs: &[f64], ys: &[f64]) -> Option<f64> {
    let n = xs.len() as f64;
    if xs.len() < 2 {
        return None;
    }
    let (mx, my) = (xs.iter().sum::<f64>() / n, ys.iter().sum::<f64>() / n);
    let cov: f64 = xs.iter().zip(ys).map(|(x, y)| (x - mx) * (y - my)).sum();
    let vx: f64 = xs.iter().map(|x| (x - mx).powi(2)).sum();
    let vy: f64 = ys.iter().map(|y| (y - my).powi(2)).sum();
    (vx > 1e-12 && vy > 1e-12).then(|| cov / (vx * vy).sqrt())
}

/// The attempts that count for each student, in name order, numbered within the student.
fn choose(results: &[&Results], attempts: Attempts) -> Vec<(usize, usize, Results)> {
    let mut by_student: BTreeMap<String, Vec<&Results>> = BTreeMap::new();
    for r in results {
        by_student
            .entry(normalise_name(&r.student))
            .or_default()
            .push(r);
    }
    let mut out = Vec::new();
    for mut list in by_student.into_values() {
        list.sort_by_key(|r| r.started_at);
        let total = list.len();
        let picked: Vec<(usize, &Results)> = match attempts {
            Attempts::All => list
                .iter()
                .copied()
                .enumerate()
                .map(|(i, r)| (i + 1, r))
                .collect(),
            Attempts::First => vec![(1, list[0])],
            Attempts::Last => vec![(total, list[total - 1])],
            Attempts::Best => {
                let (i, r) = list
                    .iter()
                    .enumerate()
                    .max_by(|(i, a), (j, b)| a.percent().total_cmp(&b.percent()).then(i.cmp(j)))
                    .expect("a student has at least one attempt");
                vec![(i + 1, *r)]
            }
        };
        out.extend(picked.into_iter().map(|(n, r)| (n, total, r.clone())));
    }
    out
}

fn group(results: &[&Results], attempts: Attempts) -> Group {
    let sheets = choose(results, attempts);
    let first = results[0];
    // Questions in the order they first appear.
    let mut order: Vec<String> = Vec::new();
    let mut meta: HashMap<String, (String, String)> = HashMap::new();
    for (_, _, r) in &sheets {
        for q in &r.questions {
            if !meta.contains_key(&q.item) {
                order.push(q.item.clone());
                meta.insert(q.item.clone(), (q.kind.clone(), q.prompt.clone()));
            }
        }
    }
    let questions = order
        .iter()
        .map(|item| {
            let mut scores = Vec::new();
            let mut rests = Vec::new();
            let mut wrong: BTreeMap<String, (String, usize)> = BTreeMap::new();
            for (_, _, r) in &sheets {
                if let Some(q) = r.questions.iter().find(|q| &q.item == item) {
                    scores.push(q.score);
                    rests.push(r.score - q.score);
                    if !q.correct {
                        let text = q.answer_text().unwrap_or_else(|| NO_ANSWER.to_string());
                        let e = wrong.entry(text.to_lowercase()).or_insert((text, 0));
                        e.1 += 1;
                    }
                }
            }
            let facility = scores.iter().sum::<f64>() / scores.len().max(1) as f64;
            let discrimination = pearson(&scores, &rests).map(|c| c * 100.0);
            let mut flags = Vec::new();
            if facility > TOO_EASY {
                flags.push("too easy".to_string());
            }
            if facility < TOO_HARD {
                flags.push("too hard".to_string());
            }
            match discrimination {
                Some(d) if d < 0.0 => flags.push("negative discrimination".to_string()),
                Some(d) if d.abs() < 1e-9 => flags.push("no discrimination".to_string()),
                _ => {}
            }
            let mut wrong: Vec<(String, usize)> = wrong.into_values().collect();
            wrong.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            wrong.truncate(3);
            let (kind, prompt) = meta[item].clone();
            QuestionStats {
                item: item.clone(),
                kind,
                prompt,
                attempts: scores.len(),
                facility,
                discrimination,
                flags,
                wrong_answers: wrong,
            }
        })
        .collect();

    let mastery = |qs: &mut dyn Iterator<Item = &crate::quiz::results::QuestionResult>| {
        let mut tags: BTreeMap<String, (f64, usize)> = BTreeMap::new();
        for q in qs {
            for t in &q.tags {
                let e = tags.entry(t.clone()).or_default();
                e.0 += q.score;
                e.1 += 1;
            }
        }
        tags
    };
    let tags = mastery(&mut sheets.iter().flat_map(|(_, _, r)| &r.questions))
        .into_iter()
        .map(|(tag, (score, n))| {
            let mut items: Vec<&str> = sheets
                .iter()
                .flat_map(|(_, _, r)| &r.questions)
                .filter(|q| q.tags.contains(&tag))
                .map(|q| q.item.as_str())
                .collect();
            items.sort_unstable();
            items.dedup();
            TagStats {
                questions: items.len(),
                tag,
                answers: n,
                mastery: score * 100.0 / n as f64,
            }
        })
        .collect();

    let mut histogram = [0; 10];
    let students: Vec<Student> = sheets
        .iter()
        .map(|(attempt, total, r)| {
            histogram[((r.percent() / 10.0) as usize).min(9)] += 1;
            let mut weakest: Vec<(String, f64)> = mastery(&mut r.questions.iter())
                .into_iter()
                .map(|(t, (s, n))| (t, s * 100.0 / n as f64))
                .filter(|(_, p)| *p < 100.0)
                .collect();
            weakest.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
            weakest.truncate(2);
            Student {
                name: r.student.clone(),
                attempt: *attempt,
                attempts: *total,
                score: r.score,
                max_score: r.max_score,
                percent: r.percent(),
                seconds: (r.finished_at - r.started_at).num_seconds(),
                weakest_tags: weakest,
            }
        })
        .collect();
    let mean_percent =
        students.iter().map(|s| s.percent).sum::<f64>() / students.len().max(1) as f64;
    Group {
        deck_id: first.deck.id.clone(),
        deck_title: first.deck.title.clone(),
        deck_hash: first.deck.hash.clone(),
        students,
        questions,
        tags,
        histogram,
        mean_percent,
    }
}

/// Builds the report; results of different deck versions go in separate groups, with a warning.
pub fn build(results: &[Results], attempts: Attempts) -> Report {
    let mut groups: BTreeMap<(String, String), Vec<&Results>> = BTreeMap::new();
    for r in results {
        groups
            .entry((r.deck.id.clone(), r.deck.hash.clone()))
            .or_default()
            .push(r);
    }
    let mut warnings = Vec::new();
    let mut versions: BTreeMap<&str, usize> = BTreeMap::new();
    for (id, _) in groups.keys() {
        *versions.entry(id).or_default() += 1;
    }
    for (id, n) in versions.iter().filter(|(_, n)| **n > 1) {
        warnings.push(format!(
            "the results for deck `{id}` come from {n} different versions of the deck; each version is reported separately"
        ));
    }
    Report {
        groups: groups.values().map(|rs| group(rs, attempts)).collect(),
        warnings,
    }
}
