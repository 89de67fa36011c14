//! Questions answered by picking: one option, or any number of them ticked.

use super::{Mapped, Outcome, SAME, cut, kind, percent, table};
use crate::interop::draft::{DraftCard, Value, text, texts};
use crate::interop::question::{Answer, Question};

/// Per-option feedback as the deck format's table, options named by their text.
pub(super) fn feedback_table(answers: &[Answer]) -> Option<Value> {
    let entries: Vec<(String, Value)> = answers
        .iter()
        .filter_map(|a| {
            let f = a.feedback.as_deref()?.trim();
            (!f.is_empty()).then(|| (a.text.clone(), text(f)))
        })
        .collect();
    (!entries.is_empty()).then(|| table(&entries))
}

/// Options of one question must be told apart by their text, which is how decks name them.
pub(super) fn distinct(options: &[Answer]) -> Result<(), String> {
    for (i, a) in options.iter().enumerate() {
        if a.text.trim().is_empty() {
            return Err(format!("option {} is empty", i + 1));
        }
        if options[..i].iter().any(|b| b.text == a.text) {
            return Err(format!("the option “{}” is given twice", cut(&a.text)));
        }
    }
    Ok(())
}

/// One answer picked: full credit for the best option or options, partial credit kept per option.
pub(super) fn choice(q: &Question, card: DraftCard, options: &[Answer]) -> Outcome {
    distinct(options)?;
    if options.len() < 2 {
        return Err("a multiple-choice question needs at least two options".into());
    }
    let Some(right) = options.iter().position(|a| a.credit >= 1.0 - SAME) else {
        return Err("no option earns full credit".into());
    };
    let mut card = kind(card, "choice");
    let names: Vec<String> = options.iter().map(|a| a.text.clone()).collect();
    card.set("prompt", text(&q.text))
        .set("options", texts(&names))
        .set("answer", text(&options[right].text));
    let credit: Vec<(String, Value)> = options
        .iter()
        .enumerate()
        .filter(|(i, a)| *i != right && a.credit.abs() > SAME)
        .map(|(_, a)| (a.text.clone(), percent(a.credit.clamp(-1.0, 1.0))))
        .collect();
    if !credit.is_empty() {
        card.set("credit", table(&credit));
    }
    if let Some(f) = feedback_table(options) {
        card.set("feedback", f);
    }
    Ok(Mapped {
        card,
        changed: vec![],
    })
}

/// Any number ticked: Moodle's weights kept, unless they are the ones kartka gives anyway (each right
/// option an equal share, each wrong one an equal penalty).
pub(super) fn multi(q: &Question, card: DraftCard, options: &[Answer]) -> Outcome {
    distinct(options)?;
    if options.len() < 2 {
        return Err("a multiple-answer question needs at least two options".into());
    }
    let right: Vec<&Answer> = options.iter().filter(|a| a.credit > SAME).collect();
    if right.is_empty() {
        return Err("no option earns credit".into());
    }
    let total: f64 = right.iter().map(|a| a.credit).sum();
    let mut changed = Vec::new();
    // Moodle's editor insists the right options add up to 100%; an imported file need not.
    let scale = if (total - 1.0).abs() > 1e-3 {
        changed.push(format!(
            "the right options' credits add up to {}%, not 100%: scaled to 100%",
            percent(total)
        ));
        1.0 / total
    } else {
        1.0
    };
    let mut card = kind(card, "multi");
    let names: Vec<String> = options.iter().map(|a| a.text.clone()).collect();
    let answer: Vec<String> = right.iter().map(|a| a.text.clone()).collect();
    card.set("prompt", text(&q.text))
        .set("options", texts(&names))
        .set("answer", texts(&answer));
    let wrong = options.len() - right.len();
    let usual = |a: &Answer| {
        if a.credit > SAME {
            1.0 / right.len() as f64
        } else {
            -1.0 / wrong as f64
        }
    };
    let as_usual = options
        .iter()
        .all(|a| (a.credit * if a.credit > SAME { scale } else { 1.0 } - usual(a)).abs() < 1e-3);
    if !as_usual {
        let credit: Vec<(String, Value)> = options
            .iter()
            .filter(|a| a.credit.abs() > SAME)
            .map(|a| {
                let c = if a.credit > 0.0 {
                    a.credit * scale
                } else {
                    a.credit.max(-1.0)
                };
                (a.text.clone(), percent(c))
            })
            .collect();
        card.set("credit", table(&credit));
    }
    if let Some(f) = feedback_table(options) {
        card.set("feedback", f);
    }
    Ok(Mapped { card, changed })
}
