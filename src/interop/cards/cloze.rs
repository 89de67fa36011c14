//! Texts with gaps, each gap a deletion.

use super::{Mapped, Outcome, SAME, kind, quoted_list, table};
use crate::interop::draft::{DraftCard, Value, text, texts};
use crate::interop::question::{Answer, ClozePart, Gap, Question};

/// `{{cN::answer::hint}}`.
pub(super) fn deletion(number: u32, answer: &str, hint: Option<&str>) -> String {
    match hint.filter(|h| !h.trim().is_empty()) {
        Some(h) => format!("{{{{c{number}::{answer}::{h}}}}}"),
        None => format!("{{{{c{number}::{answer}}}}}"),
    }
}

pub(super) fn cloze(q: &Question, card: DraftCard, parts: &[ClozePart]) -> Outcome {
    let mut changed = Vec::new();
    let mut body = String::new();
    let mut accept: Vec<(u32, Vec<String>)> = Vec::new();
    for part in parts {
        match part {
            ClozePart::Text(t) => body.push_str(t),
            ClozePart::Gap(gap) => body.push_str(&gap_text(gap, &mut accept, &mut changed)?),
        }
    }
    if !parts.iter().any(|p| matches!(p, ClozePart::Gap(_))) {
        return Err("the cloze has no gaps".into());
    }
    let mut card = kind(card, "cloze");
    card.set("text", text(&body));
    if !q.text.trim().is_empty() {
        card.set("prompt", text(&q.text));
    }
    if !accept.is_empty() {
        let entries: Vec<(String, Value)> = accept
            .into_iter()
            .map(|(n, alts)| (format!("c{n}"), texts(&alts)))
            .collect();
        card.set("accept", table(&entries));
    }
    Ok(Mapped { card, changed })
}

/// One gap as a deletion, its other full-credit answers accepted; what a typed blank cannot hold (its
/// options, partial credit) said.
pub(super) fn gap_text(
    gap: &Gap,
    accept: &mut Vec<(u32, Vec<String>)>,
    changed: &mut Vec<String>,
) -> Result<String, String> {
    let full: Vec<&Answer> = gap
        .answers
        .iter()
        .filter(|a| a.credit >= 1.0 - SAME && !a.text.trim().is_empty())
        .collect();
    let Some(first) = full.first() else {
        return Err(format!(
            "gap {} has no answer earning full credit",
            gap.number
        ));
    };
    if full
        .iter()
        .any(|a| a.text.contains("::") || a.text.contains("}}") || a.text.contains("{{"))
    {
        return Err(format!(
            "an answer of gap {} holds `::`, `{{{{` or `}}}}`, which a cloze deletion cannot",
            gap.number
        ));
    }
    if gap.choice {
        let wrong: Vec<String> = gap
            .answers
            .iter()
            .filter(|a| a.credit < 1.0 - SAME)
            .map(|a| a.text.clone())
            .collect();
        let left_out = if wrong.is_empty() {
            String::new()
        } else {
            format!(" (options left out: {})", quoted_list(&wrong))
        };
        changed.push(format!(
            "gap {} offers options in the source; in kartka it is typed{left_out}",
            gap.number
        ));
    } else if gap
        .answers
        .iter()
        .any(|a| a.credit > SAME && a.credit < 1.0 - SAME)
    {
        changed.push(format!(
            "gap {}: partly right answers are left out (kartka's blanks are right or not)",
            gap.number
        ));
    }
    if gap.answers.iter().any(|a| a.feedback.is_some()) {
        changed.push(format!(
            "gap {}: feedback on its answers is left out",
            gap.number
        ));
    }
    let alts: Vec<String> = full[1..]
        .iter()
        .map(|a| a.text.trim().to_string())
        .filter(|t| *t != first.text.trim())
        .collect();
    if !alts.is_empty() {
        match accept.iter_mut().find(|(n, _)| *n == gap.number) {
            Some((_, list)) => list.extend(alts),
            None => accept.push((gap.number, alts)),
        }
    }
    Ok(deletion(gap.number, first.text.trim(), gap.hint.as_deref()))
}
