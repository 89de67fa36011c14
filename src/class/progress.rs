//! A class's study progress, as its teacher sees it in `kartka class`: per student, when they last studied,
//! how many answers and how many right over the last 7 and 30 days, how many cards, and how they do per tag;
//! and who has not studied this week. Pure: study answers (read from the LRS) in, figures out.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, Duration, FixedOffset};
use serde::Serialize;

use crate::xapi::read::{Account, StudyAnswer};

/// Answers and how many of them were right, over some days.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Tally {
    pub answers: usize,
    pub right: usize,
}

impl Tally {
    fn add(&mut self, right: bool) {
        self.answers += 1;
        self.right += usize::from(right);
    }

    /// Right answers in percent; `None` without answers.
    pub fn accuracy(&self) -> Option<f64> {
        (self.answers > 0).then(|| self.right as f64 * 100.0 / self.answers as f64)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TagTally {
    pub tag: String,
    #[serde(flatten)]
    pub tally: Tally,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StudentProgress {
    /// The name the teacher gave the student's account.
    pub name: String,
    pub username: String,
    pub last_studied: Option<DateTime<FixedOffset>>,
    pub last_7_days: Tally,
    pub last_30_days: Tally,
    /// Distinct cards (items) ever studied.
    pub cards: usize,
    /// Over the last 30 days, weakest first.
    pub tags: Vec<TagTally>,
}

impl StudentProgress {
    /// Not studied in the last 7 days.
    pub fn idle(&self) -> bool {
        self.last_7_days.answers == 0
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Progress {
    pub class: String,
    /// The moment the figures are counted back from.
    pub now: DateTime<FixedOffset>,
    /// In name order: everyone who studied, and everyone on the roster.
    pub students: Vec<StudentProgress>,
    /// The class as a whole over the last 30 days, weakest tag first.
    pub tags: Vec<TagTally>,
}

/// Counts `answers` back from `now`; `roster` adds students who may never have studied. Answers after
/// `now` (a student's clock ahead of the teacher's) count as now.
pub fn progress(
    class: &str,
    now: DateTime<FixedOffset>,
    answers: &[StudyAnswer],
    roster: &[Account],
) -> Progress {
    #[derive(Default)]
    struct Acc<'a> {
        last: Option<DateTime<FixedOffset>>,
        week: Tally,
        month: Tally,
        cards: HashSet<&'a str>,
        tags: HashMap<&'a str, Tally>,
    }
    let week_start = now - Duration::days(7);
    let month_start = now - Duration::days(30);
    // By username: the account is who studied; a name can be shared.
    let mut by_user: BTreeMap<&str, (&str, Acc<'_>)> = BTreeMap::new();
    let mut class_tags: HashMap<&str, Tally> = HashMap::new();
    for a in answers {
        let (_, acc) = by_user
            .entry(&a.who.username)
            .or_insert_with(|| (&a.who.name, Acc::default()));
        acc.last = acc.last.max(Some(a.at));
        acc.cards.insert(&a.item);
        if a.at > week_start {
            acc.week.add(a.success);
        }
        if a.at > month_start {
            acc.month.add(a.success);
            for t in &a.tags {
                acc.tags.entry(t).or_default().add(a.success);
                class_tags.entry(t).or_default().add(a.success);
            }
        }
    }
    for r in roster {
        by_user
            .entry(&r.username)
            .or_insert_with(|| (&r.name, Acc::default()));
    }
    let mut students: Vec<StudentProgress> = by_user
        .into_iter()
        .map(|(username, (name, acc))| StudentProgress {
            name: name.to_string(),
            username: username.to_string(),
            last_studied: acc.last,
            last_7_days: acc.week,
            last_30_days: acc.month,
            cards: acc.cards.len(),
            tags: weakest_first(acc.tags),
        })
        .collect();
    students.sort_by(|a, b| a.name.cmp(&b.name).then(a.username.cmp(&b.username)));
    Progress {
        class: class.to_string(),
        now,
        students,
        tags: weakest_first(class_tags),
    }
}

fn weakest_first(tags: HashMap<&str, Tally>) -> Vec<TagTally> {
    let mut out: Vec<TagTally> = tags
        .into_iter()
        .map(|(tag, tally)| TagTally {
            tag: tag.to_string(),
            tally,
        })
        .collect();
    out.sort_by(|a, b| {
        let (x, y) = (a.tally.accuracy(), b.tally.accuracy());
        x.partial_cmp(&y)
            .unwrap_or(std::cmp::Ordering::Equal)
            .then(a.tag.cmp(&b.tag))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(s).unwrap()
    }

    fn answer(user: &str, item: &str, tags: &[&str], success: bool, when: &str) -> StudyAnswer {
        StudyAnswer {
            who: Account {
                username: user.into(),
                name: format!("{user} name"),
            },
            item: item.into(),
            tags: tags.iter().map(|t| t.to_string()).collect(),
            success,
            at: at(when),
        }
    }

    #[test]
    fn windows_tags_cards_and_the_roster() {
        let now = at("2026-11-30T12:00:00+03:00");
        let answers = [
            // 1 day ago, 6 days ago, 20 days ago, 40 days ago.
            answer("ann", "c1", &["law"], true, "2026-11-29T12:00:00+03:00"),
            answer("ann", "c1", &["law"], false, "2026-11-24T12:00:00+03:00"),
            answer(
                "ann",
                "c2",
                &["htp", "law"],
                true,
                "2026-11-10T12:00:00+03:00",
            ),
            answer("ann", "c3", &["htp"], false, "2026-10-21T12:00:00+03:00"),
            // Exactly 7 days ago is outside the week.
            answer("bob", "c1", &["law"], true, "2026-11-23T12:00:00+03:00"),
        ];
        let roster = [
            Account {
                username: "cat".into(),
                name: "Cat".into(),
            },
            Account {
                username: "ann".into(),
                name: "Ann on the roster".into(),
            },
        ];
        let p = progress("7B", now, &answers, &roster);
        let names: Vec<&str> = p.students.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["Cat", "ann name", "bob name"]);
        let ann = &p.students[1];
        assert_eq!(ann.last_studied, Some(at("2026-11-29T12:00:00+03:00")));
        assert_eq!(
            ann.last_7_days,
            Tally {
                answers: 2,
                right: 1
            }
        );
        assert_eq!(
            ann.last_30_days,
            Tally {
                answers: 3,
                right: 2
            }
        );
        assert_eq!(ann.last_7_days.accuracy(), Some(50.0));
        assert_eq!(ann.cards, 3);
        // law: 2 of 3 right in 30 days; htp: 1 of 1 (the 40-day-old answer is out).
        assert_eq!(
            ann.tags,
            [
                TagTally {
                    tag: "law".into(),
                    tally: Tally {
                        answers: 3,
                        right: 2
                    }
                },
                TagTally {
                    tag: "htp".into(),
                    tally: Tally {
                        answers: 1,
                        right: 1
                    }
                }
            ]
        );
        let bob = &p.students[2];
        assert!(bob.idle());
        assert_eq!(bob.last_30_days.answers, 1);
        let cat = &p.students[0];
        assert!(cat.idle() && cat.last_studied.is_none() && cat.cards == 0);
        assert_eq!(cat.last_7_days.accuracy(), None);
        assert_eq!(p.tags[0].tag, "law");
        assert_eq!(
            p.tags[0].tally,
            Tally {
                answers: 4,
                right: 3
            }
        );
    }
}
