//! Questions answered by typing: a short answer, or a number.

use super::cloze::deletion;
use super::{Mapped, Outcome, SAME, cut, kind, percent, table};
use crate::grade::number;
use crate::interop::draft::{DraftCard, Value, text, texts};
use crate::interop::question::{Answer, NumericAnswer, Question};

/// A short answer: full-credit answers accepted, partly right ones with their credit, Moodle's `*`
/// catch-all as the feedback for any other answer.
pub(super) fn short(
    q: &Question,
    card: DraftCard,
    answers: &[Answer],
    case_sensitive: bool,
) -> Outcome {
    let mut changed = Vec::new();
    let mut full: Vec<&Answer> = Vec::new();
    let mut partial: Vec<&Answer> = Vec::new();
    let mut feedback: Vec<(String, Value)> = Vec::new();
    let literal: Vec<Answer> = answers
        .iter()
        .map(|a| Answer {
            text: a.text.replace("\\*", "*"),
            ..a.clone()
        })
        .collect();
    for (a, source) in literal.iter().zip(answers) {
        let t = a.text.trim();
        if t.is_empty() {
            continue;
        }
        if source.text.trim() == "*" {
            if a.credit > SAME {
                return Err(format!(
                    "`*` accepts any answer for {}% credit, which kartka cannot grade",
                    percent(a.credit)
                ));
            }
            if let Some(f) = a.feedback.as_deref().filter(|f| !f.trim().is_empty()) {
                feedback.push(("*".into(), text(f)));
            }
            continue;
        }
        // Moodle's `\*` is a literal asterisk; a bare `*` inside an answer is its wildcard.
        if source.text.replace("\\*", "").contains('*') {
            changed.push(format!(
                "“{}” uses Moodle's `*` wildcard; kartka takes it as typed",
                cut(t)
            ));
        }
        if a.credit >= 1.0 - SAME {
            full.push(a);
        } else if a.credit > SAME {
            partial.push(a);
        } else if a.credit < -SAME {
            changed.push(format!(
                "the answer “{}” costs {}% in the source; kartka takes no marks for a typed answer, so it is left out with its feedback",
                cut(t),
                percent(-a.credit)
            ));
            continue;
        } else {
            changed.push(format!(
                "the answer “{}” earns no credit; its feedback is left out",
                cut(t)
            ));
            continue;
        }
        if let Some(f) = a.feedback.as_deref().filter(|f| !f.trim().is_empty()) {
            feedback.push((t.to_string(), text(f)));
        }
    }
    let Some(first) = full.first() else {
        return Err("no answer earns full credit".into());
    };
    let blanks = q.text.matches("_____").count();
    let mut card = if blanks == 1 && partial.is_empty() && feedback.is_empty() && !case_sensitive {
        // Moodle's "missing word": the typed answer fills the gap, so it is a cloze.
        let mut card = kind(card, "cloze");
        card.set(
            "text",
            text(&q.text.replacen("_____", &deletion(1, &first.text, None), 1)),
        );
        if full.len() > 1 {
            let rest: Vec<String> = full[1..].iter().map(|a| a.text.clone()).collect();
            card.set("accept", format!("{{ c1 = {} }}", texts(&rest)));
        }
        return Ok(Mapped { card, changed });
    } else {
        kind(card, "text")
    };
    card.set("prompt", text(&q.text))
        .set("answer", text(first.text.trim()));
    let accept: Vec<String> = full[1..]
        .iter()
        .chain(&partial)
        .map(|a| a.text.trim().to_string())
        .collect();
    if !accept.is_empty() {
        card.set("accept", texts(&accept));
    }
    if !partial.is_empty() {
        let credit: Vec<(String, Value)> = partial
            .iter()
            .map(|a| (a.text.trim().to_string(), percent(a.credit)))
            .collect();
        card.set("credit", table(&credit));
    }
    if case_sensitive {
        card.set("case_sensitive", "true".into());
    }
    if !feedback.is_empty() {
        card.set("feedback", table(&feedback));
    }
    Ok(Mapped { card, changed })
}

pub(super) fn numerical(
    q: &Question,
    card: DraftCard,
    answers: &[NumericAnswer],
    units: &[(String, f64)],
) -> Outcome {
    let Some(best) = answers.iter().find(|a| a.credit >= 1.0 - SAME) else {
        return Err("no number earns full credit".into());
    };
    if best.tolerance.is_infinite() {
        return Err("it accepts any number, which is no question kartka can ask".into());
    }
    if !best.value.is_finite() || !best.tolerance.is_finite() || best.tolerance < 0.0 {
        return Err("its answer is not a finite number".into());
    }
    let mut changed = Vec::new();
    let others: Vec<String> = answers
        .iter()
        .filter(|a| !std::ptr::eq(*a, best) && a.credit > SAME)
        .map(|a| {
            let within = if a.tolerance > 0.0 {
                format!(" ± {}", number::format(a.tolerance))
            } else {
                String::new()
            };
            format!(
                "{}{within} ({}%)",
                number::format(a.value),
                percent(a.credit)
            )
        })
        .collect();
    if !others.is_empty() {
        changed.push(format!(
            "a number card has one answer: also accepted in the source, left out: {}",
            others.join(", ")
        ));
    }
    if answers.iter().any(|a| a.feedback.is_some()) {
        changed.push("feedback on the numbers is left out".into());
    }
    let mut card = kind(card, "number");
    card.set("prompt", text(&q.text))
        .set("answer", number::format(best.value));
    if best.tolerance > 0.0 {
        card.set("tolerance", number::format(best.tolerance));
    }
    if let Some((unit, _)) = units.first().filter(|(u, _)| !u.trim().is_empty()) {
        card.set("unit", text(unit.trim()));
    }
    if units.len() > 1 {
        let rest: Vec<String> = units[1..]
            .iter()
            .map(|(u, m)| format!("{u} (× {})", number::format(*m)))
            .collect();
        changed.push(format!("other units are left out: {}", rest.join(", ")));
    }
    Ok(Mapped { card, changed })
}
