//! The one mapping from the neutral question model into kartka cards, shared by every reader. What a card
//! cannot hold is said in a warning at the question's line; a question nothing in kartka can ask is
//! skipped with a warning, and the rest of the file is imported.

use super::draft::{Draft, DraftCard, Imported, Value, text, texts};
use super::question::{Answer, Bank, ClozePart, Gap, Kind, NumericAnswer, Question};
use crate::Error;
use crate::grade::number;

/// Two credits closer than this are the same: Moodle writes fractions to seven places (0.3333333).
const SAME: f64 = 1e-4;

/// Where a question came from, for warnings: its line, or for a package its name or first words.
fn whose(q: &Question) -> String {
    match (&q.line, &q.name) {
        (Some(_), _) => String::new(),
        (None, Some(name)) => format!("note “{}”: ", cut(name)),
        (None, None) => format!("note “{}”: ", cut(&q.text)),
    }
}

fn cut(s: &str) -> String {
    const MAX: usize = 40;
    let one_line = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() > MAX {
        let mut short: String = one_line.chars().take(MAX - 1).collect();
        short.push('…');
        short
    } else {
        one_line
    }
}

/// A percentage as the deck format writes it: up to four decimals, no trailing zeros.
fn percent(credit: f64) -> Value {
    let p = (credit * 100.0 * 10_000.0).round() / 10_000.0;
    number::format(p)
}

/// A TOML inline table of `"key" = value`.
fn table(entries: &[(String, Value)]) -> Value {
    let inner: Vec<String> = entries
        .iter()
        .map(|(k, v)| format!("{} = {v}", text(k)))
        .collect();
    format!("{{ {} }}", inner.join(", "))
}

/// Tags as the deck format takes them: no spaces, each once.
fn tags(wanted: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for t in wanted {
        let t = t.split_whitespace().collect::<Vec<_>>().join("-");
        if !t.is_empty() && !out.contains(&t) {
            out.push(t);
        }
    }
    out
}

/// Why a question is skipped, or the card it becomes and what changed on the way.
struct Mapped {
    card: DraftCard,
    changed: Vec<String>,
}

type Outcome = Result<Mapped, String>;

/// Turns a reader's bank into a deck: each question a card, or a warning saying why not.
pub fn to_deck(bank: Bank, origin: &str, id: &str, title: &str) -> Result<Imported, Error> {
    let mut draft = Draft::new(id, title);
    draft.warnings.extend(bank.warnings);
    for q in bank.questions {
        let who = whose(&q);
        let line = q.line.unwrap_or(0);
        let wanted = match (&q.guid, &q.name) {
            (Some(guid), _) => super::anki_notes::card_id(guid)
                .map_or_else(|| super::anki::id_from_guid(guid), String::from),
            (None, Some(name)) if !name.trim().is_empty() => name.clone(),
            _ => super::draft::slug(&q.text, 40),
        };
        for note in &q.notes {
            draft.warn(q.line, format!("{who}{note}"));
        }
        if q.text.trim().is_empty() && !matches!(q.kind, Kind::Cloze { .. } | Kind::Flash { .. }) {
            draft.warn(q.line, format!("{who}the question has no text; skipped"));
            continue;
        }
        let card_id = draft.unique_id(&wanted, line);
        match card(&q, DraftCard::new(line, card_id, "")) {
            Ok(mut mapped) => {
                if let Some(g) = q
                    .general_feedback
                    .as_deref()
                    .filter(|g| !g.trim().is_empty())
                {
                    mapped.card.set("explain", text(g));
                }
                // A bank exported from a deck files its cards under the deck's own category.
                let tags: Vec<String> = tags(&q.tags).into_iter().filter(|t| t != id).collect();
                if !tags.is_empty() {
                    mapped.card.set("tags", texts(&tags));
                }
                for c in mapped.changed {
                    draft.warn(q.line, format!("{who}{c}"));
                }
                draft.push(mapped.card);
            }
            Err(why) => draft.warn(q.line, format!("{who}{why}; skipped")),
        }
    }
    draft.finish(origin)
}

fn card(q: &Question, card: DraftCard) -> Outcome {
    match &q.kind {
        Kind::Flash {
            front,
            back,
            reverse,
        } => flash(card, front, back, *reverse),
        Kind::Choice { options, single } if *single => choice(q, card, options),
        Kind::Choice { options, .. } => multi(q, card, options),
        Kind::TrueFalse {
            answer,
            feedback_true,
            feedback_false,
        } => {
            let mut card = kind(card, "truefalse");
            card.set("prompt", text(&q.text))
                .set("answer", answer.to_string());
            let feedback: Vec<(String, Value)> =
                [("true", feedback_true), ("false", feedback_false)]
                    .into_iter()
                    .filter_map(|(k, f)| Some((k.to_string(), text(f.as_deref()?))))
                    .filter(|(_, f)| f != "\"\"")
                    .collect();
            if !feedback.is_empty() {
                card.set("feedback", table(&feedback));
            }
            Ok(Mapped {
                card,
                changed: vec![],
            })
        }
        Kind::Short {
            answers,
            case_sensitive,
        } => short(q, card, answers, *case_sensitive),
        Kind::Numerical { answers, units } => numerical(q, card, answers, units),
        Kind::Matching { pairs, distractors } => {
            if pairs.len() < 2 {
                return Err("a matching question needs at least two pairs".into());
            }
            let mut card = kind(card, "match");
            let rows: Vec<String> = pairs
                .iter()
                .map(|(l, r)| format!("[{}, {}]", text(l), text(r)))
                .collect();
            card.set("prompt", text(&q.text))
                .set("pairs", format!("[{}]", rows.join(", ")));
            let changed = if distractors.is_empty() {
                vec![]
            } else {
                vec![format!(
                    "kartka matches pairs without extra answers: {} left out ({})",
                    if distractors.len() == 1 {
                        "a distractor is".to_string()
                    } else {
                        format!("{} distractors are", distractors.len())
                    },
                    quoted_list(distractors)
                )]
            };
            Ok(Mapped { card, changed })
        }
        Kind::Ordering { items } => {
            if items.len() < 2 {
                return Err("an ordering question needs at least two items".into());
            }
            let mut card = kind(card, "order");
            card.set("prompt", text(&q.text)).set("items", texts(items));
            Ok(Mapped {
                card,
                changed: vec![],
            })
        }
        Kind::Cloze { parts } => cloze(q, card, parts),
    }
}

fn kind(mut card: DraftCard, kind: &'static str) -> DraftCard {
    card.kind = kind;
    card
}

fn quoted_list(items: &[String]) -> String {
    items
        .iter()
        .map(|s| format!("“{}”", cut(s)))
        .collect::<Vec<_>>()
        .join(", ")
}

fn flash(card: DraftCard, front: &str, back: &str, reverse: bool) -> Outcome {
    if front.trim().is_empty() {
        return Err("its front is empty (or only media)".into());
    }
    if back.trim().is_empty() {
        return Err("its back is empty (or only media)".into());
    }
    let mut card = kind(card, "flash");
    card.set("front", text(front)).set("back", text(back));
    if reverse {
        card.set("reverse", "true".into());
    }
    Ok(Mapped {
        card,
        changed: vec![],
    })
}

/// Per-option feedback as the deck format's table, options named by their text.
fn feedback_table(answers: &[Answer]) -> Option<Value> {
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
fn distinct(options: &[Answer]) -> Result<(), String> {
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
fn choice(q: &Question, card: DraftCard, options: &[Answer]) -> Outcome {
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
fn multi(q: &Question, card: DraftCard, options: &[Answer]) -> Outcome {
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

/// A short answer: full-credit answers accepted, partly right ones with their credit, Moodle's `*`
/// catch-all as the feedback for any other answer.
fn short(q: &Question, card: DraftCard, answers: &[Answer], case_sensitive: bool) -> Outcome {
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

fn numerical(
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

/// `{{cN::answer::hint}}`.
fn deletion(number: u32, answer: &str, hint: Option<&str>) -> String {
    match hint.filter(|h| !h.trim().is_empty()) {
        Some(h) => format!("{{{{c{number}::{answer}::{h}}}}}"),
        None => format!("{{{{c{number}::{answer}}}}}"),
    }
}

fn cloze(q: &Question, card: DraftCard, parts: &[ClozePart]) -> Outcome {
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
fn gap_text(
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

#[cfg(test)]
mod tests;
