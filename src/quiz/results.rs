//! The results file a quiz writes for each student: JSON, versioned, self-describing enough for
//! `kartka report` to analyse without the deck.

use std::path::Path;

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use super::file::Grading;
use crate::Error;

/// The results format this kartka reads. Version 2 adds `quiz`, and is written only for an attempt at a
/// quiz file: a plain quiz's results stay version 1, readable by a kartka that knows no other.
pub const FORMAT_VERSION: u32 = 2;

/// The version of a results file without `quiz`.
pub const PLAIN_VERSION: u32 = 1;

/// The largest results file kartka reads: a quiz of a thousand questions is well under 1 MB.
pub const MAX_RESULTS_BYTES: usize = 16 * 1024 * 1024;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Results {
    pub format_version: u32,
    pub kartka_version: String,
    pub deck: DeckInfo,
    pub student: String,
    pub started_at: DateTime<FixedOffset>,
    pub finished_at: DateTime<FixedOffset>,
    pub seed: String,
    pub per_student: bool,
    pub shuffled: bool,
    /// The time limit in seconds, if there was one.
    pub time_limit: Option<u64>,
    /// `completed`, `time-limit` or `stopped`.
    pub ended: String,
    pub questions: Vec<QuestionResult>,
    pub score: f64,
    pub max_score: f64,
    /// The quiz file this was an attempt at; `None` for a quiz made on the command line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quiz: Option<QuizInfo>,
}

/// An attempt at a quiz file: what `kartka report` needs to grade a student's attempts as the quiz says.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuizInfo {
    pub id: String,
    pub title: String,
    /// This attempt's number for this student, from 1.
    pub attempt: usize,
    /// Attempts allowed; 0 for any number.
    pub attempts_allowed: u32,
    pub grading: Grading,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeckInfo {
    pub id: String,
    pub title: String,
    pub version: Option<u32>,
    /// SHA-256 of the deck's content: results of different deck versions are reported apart.
    pub hash: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuestionResult {
    /// The item id (`card`, `card#c1`).
    pub item: String,
    pub kind: String,
    pub prompt: String,
    /// The choices as shown, in the order shown (options, order items, match right-hand sides).
    pub options: Vec<String>,
    pub tags: Vec<String>,
    /// What the student typed; `None` when unanswered (time ran out, or the quiz was stopped).
    pub answer: Option<String>,
    pub expected: String,
    pub correct: bool,
    pub score: f64,
    pub seconds: f64,
}

impl QuestionResult {
    /// The answer in words: letters picked from a list become the options they stood for, as shown to
    /// this student ("b" → "Dainova"); anything else is as typed.
    pub fn answer_text(&self) -> Option<String> {
        let answer = self.answer.as_deref()?.trim();
        if matches!(self.kind.as_str(), "choice" | "multi") {
            let letters: Vec<&str> = answer
                .split([' ', ',', ';'])
                .filter(|t| !t.is_empty())
                .collect();
            let picked: Option<Vec<&str>> = letters
                .iter()
                .map(|l| {
                    let mut chars = l.chars();
                    match (chars.next(), chars.next()) {
                        (Some(c), None) if c.is_ascii_alphabetic() => self
                            .options
                            .get((c.to_ascii_lowercase() as u8 - b'a') as usize)
                            .map(String::as_str),
                        _ => None,
                    }
                })
                .collect();
            if let Some(picked) = picked.filter(|p| !p.is_empty()) {
                return Some(picked.join("; "));
            }
        }
        Some(answer.to_string())
    }
}

impl Results {
    /// Marks the results as an attempt at a quiz file.
    pub fn at_quiz(&mut self, quiz: QuizInfo) {
        self.quiz = Some(quiz);
        self.format_version = FORMAT_VERSION;
    }

    pub fn percent(&self) -> f64 {
        if self.max_score > 0.0 {
            self.score * 100.0 / self.max_score
        } else {
            0.0
        }
    }

    /// Reads and checks a results file: the error names the file and what is wrong with it.
    pub fn read(path: &Path) -> Result<Results, Error> {
        let invalid = |problem: String| Error::InvalidResults {
            path: path.to_path_buf(),
            problem,
        };
        let bytes = crate::read_limited(path, MAX_RESULTS_BYTES)?;
        let text = String::from_utf8(bytes).map_err(|_| invalid("not UTF-8 text".into()))?;
        Results::parse(&text).map_err(invalid)
    }

    /// Parses and checks the text of a results file; the error says what is wrong with it.
    pub fn parse(text: &str) -> Result<Results, String> {
        // A file of this format parses at once. Any other is parsed again the careful way, for its error:
        // parsing each file twice took a third of a report on one large file.
        match serde_json::from_str::<Results>(text) {
            Ok(results) if results.format_version <= FORMAT_VERSION => {
                results.check()?;
                Ok(results)
            }
            _ => Self::parse_carefully(text),
        }
    }

    fn parse_carefully(text: &str) -> Result<Results, String> {
        // Read the version first, so that a newer file says so instead of failing on a field it adds.
        let version = serde_json::from_str::<serde_json::Value>(text)
            .map_err(|e| json_problem(&e))?
            .get("format_version")
            .and_then(serde_json::Value::as_u64);
        match version {
            None => return Err("no `format_version`: not a kartka results file".into()),
            Some(v) if v > u64::from(FORMAT_VERSION) => {
                return Err(format!(
                    "results format {v} is newer than this kartka reads ({FORMAT_VERSION}); update kartka"
                ));
            }
            Some(_) => {}
        }
        let results: Results = serde_json::from_str(text).map_err(|e| json_problem(&e))?;
        results.check()?;
        Ok(results)
    }

    /// Figures that must agree with each other.
    fn check(&self) -> Result<(), String> {
        for (i, q) in self.questions.iter().enumerate() {
            if !(0.0..=1.0).contains(&q.score) || !q.score.is_finite() {
                return Err(format!(
                    "question {} ({}) has score {}, outside 0 to 1",
                    i + 1,
                    q.item,
                    q.score
                ));
            }
        }
        let sum: f64 = self.questions.iter().map(|q| q.score).sum();
        if (sum - self.score).abs() > 1e-6
            || (self.max_score - self.questions.len() as f64).abs() > 1e-6
        {
            return Err(format!(
                "the total score {} / {} does not match its {} questions",
                self.score,
                self.max_score,
                self.questions.len()
            ));
        }
        Ok(())
    }
}

fn json_problem(e: &serde_json::Error) -> String {
    if e.is_eof() {
        format!(
            "the file ends early (truncated?) at line {}, column {}",
            e.line(),
            e.column()
        )
    } else {
        e.to_string()
    }
}
