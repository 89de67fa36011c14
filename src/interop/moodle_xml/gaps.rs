//! Questions whose answers sit in gaps in their text: Moodle's embedded answers (Cloze), and its
//! "select missing words" (gapselect) and "drag and drop into text" (ddwtos), whose `[[n]]` gaps are
//! each a choice among the options of one group, the n-th option being the right one.

use super::cloze::{self, GapType, MARK_CLOSE, MARK_OPEN, RawGap};
use super::read::rich;
use super::tree::Element;
use crate::interop::question::{Answer, ClozePart, Gap, Kind};

/// A text with gap markers (`cloze::marker`) cut into text and the gaps `gap_for` gives each marker.
fn split(text: &str, mut gap_for: impl FnMut(usize) -> Option<Gap>) -> Vec<ClozePart> {
    let mut parts = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find(MARK_OPEN) {
        let after = &rest[open + MARK_OPEN.len_utf8()..];
        let Some(close) = after.find(MARK_CLOSE) else {
            break;
        };
        let Ok(i) = after[..close].parse::<usize>() else {
            break;
        };
        if open > 0 {
            parts.push(ClozePart::Text(rest[..open].to_string()));
        }
        if let Some(gap) = gap_for(i) {
            parts.push(ClozePart::Gap(gap));
        }
        rest = &after[close + MARK_CLOSE.len_utf8()..];
    }
    if !rest.is_empty() {
        parts.push(ClozePart::Text(rest.to_string()));
    }
    parts
}

pub(super) fn cloze(raw: &str, format: &str, notes: &mut Vec<String>) -> Result<Kind, String> {
    let (marked, gaps) =
        cloze::extract(raw).map_err(|why| format!("Moodle would refuse this cloze: {why}"))?;
    if gaps.is_empty() {
        return Err("a cloze question without embedded answers".into());
    }
    let text = rich(&marked, format, notes);
    let parts = split(&text, |i| gaps.get(i).map(|g| read_gap(i, g, notes)));
    let weights: Vec<f64> = gaps.iter().map(|g| g.weight).collect();
    if weights.iter().any(|w| *w != weights[0]) {
        notes
            .push("its gaps carry different weights in Moodle; kartka counts each the same".into());
    }
    Ok(Kind::Cloze { parts })
}

fn read_gap(i: usize, gap: &RawGap, notes: &mut Vec<String>) -> Gap {
    let number = i as u32 + 1;
    let mut answers: Vec<Answer> = gap
        .answers
        .iter()
        .filter(|a| !a.text.trim().is_empty())
        .cloned()
        .collect();
    match gap.kind {
        GapType::Numerical => {
            for (a, t) in gap.answers.iter().zip(&gap.tolerances) {
                if *t != 0.0 {
                    notes.push(format!(
                        "gap {number} accepts {} within {t} in Moodle; kartka asks for it exactly",
                        a.text
                    ));
                }
            }
        }
        GapType::Short { case_sensitive } if case_sensitive => notes.push(format!(
            "gap {number} is case-sensitive in Moodle; kartka ignores case"
        )),
        GapType::Response => notes.push(format!(
            "gap {number} lets several options be ticked in Moodle; kartka asks for one"
        )),
        _ => {}
    }
    let choice = matches!(gap.kind, GapType::Choice | GapType::Response);
    if !choice {
        // The answer shown as right comes first; Moodle's order is otherwise kept.
        answers.sort_by(|a, b| b.credit.total_cmp(&a.credit));
    }
    Gap {
        number,
        answers,
        choice,
        hint: None,
    }
}

/// The text with each `[[n]]` (qtype_gapselect's `\[\[(\d+)]]`) replaced by a marker, and the n of each.
fn places(text: &str) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(text.len());
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find("[[") {
        out.push_str(&rest[..open]);
        let after = &rest[open + 2..];
        let digits = after.len() - after.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        match after[digits..].strip_prefix("]]") {
            Some(next) if digits > 0 => {
                found.push(after[..digits].parse().unwrap_or(usize::MAX));
                out.push_str(&cloze::marker(found.len() - 1));
                rest = next;
            }
            _ => {
                out.push('[');
                rest = &rest[open + 1..];
            }
        }
    }
    out.push_str(rest);
    (out, found)
}

/// A gapselect or ddwtos question: `[[n]]` in the text is a gap whose right answer is the n-th option
/// (`<selectoption>` or `<dragbox>`, each with its `<group>`), to be picked among the options of its
/// group, as qtype_gapselect reads them.
pub(super) fn select(
    q: &Element,
    raw: &str,
    format: &str,
    option: &str,
    notes: &mut Vec<String>,
) -> Result<Kind, String> {
    let options: Vec<(String, String)> = q
        .all(option)
        .map(|o| {
            let text = o.text_of("").unwrap_or("").to_string();
            let group = o.value("group").unwrap_or("1").to_string();
            (text, group)
        })
        .collect();
    let (marked, places) = places(&raw.replace([MARK_OPEN, MARK_CLOSE], ""));
    if places.is_empty() {
        return Err("its text has no [[n]] gaps".into());
    }
    let mut gaps = Vec::new();
    for (i, n) in places.iter().enumerate() {
        let Some((right, group)) = n.checked_sub(1).and_then(|n| options.get(n)) else {
            // A number too long to read was kept as the largest there is: no option has it.
            return Err(if *n == usize::MAX {
                "a gap names an option by a number longer than any bank has".into()
            } else {
                format!("the gap [[{n}]] has no option {n}")
            });
        };
        if right.is_empty() {
            return Err(format!("option {n} of the gap [[{n}]] is empty"));
        }
        let mut answers = vec![Answer::new(right.as_str(), 1.0)];
        answers.extend(
            options
                .iter()
                .filter(|(text, g)| g == group && text != right && !text.is_empty())
                .map(|(text, _)| Answer::new(text.as_str(), 0.0)),
        );
        gaps.push(Gap {
            number: i as u32 + 1,
            answers,
            choice: true,
            hint: None,
        });
    }
    let text = rich(&marked, format, notes);
    let mut gaps = gaps.into_iter().map(Some).collect::<Vec<_>>();
    let parts = split(&text, |i| gaps.get_mut(i).and_then(Option::take));
    Ok(Kind::Cloze { parts })
}
