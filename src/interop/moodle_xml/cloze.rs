//! Moodle's embedded answers (the Cloze question type, `qtype_multianswer`): `{1:MULTICHOICE:=right#fb~wrong}`
//! gaps inside a question text, found with the very regular expressions of Moodle's
//! `qtype_multianswer_extract_question`, so that a gap Moodle sees is a gap here and text Moodle leaves
//! alone stays text. Written back with the escapes that code undoes: it decodes HTML entities and turns
//! `\}` and `\#` into `}` and `#`, nothing else, so every character that would end an answer is written
//! as a character reference.

use std::sync::LazyLock;

use fancy_regex::Regex;

use super::super::html;
use crate::interop::question::Answer;

const FRACTION: &str = r"=|%(-?[0-9]+(?:[.,][0-9]*)?)%";
const ANSWER: &str = r".+?(?<!\\|&|&amp;)(?=[~#}]|$)";
const FEEDBACK: &str = r".*?(?<!\\)(?=[~}]|$)";
const TYPES: &str = "(NUMERICAL|NM)|(MULTICHOICE|MC)|(MULTICHOICE_V|MCV)|(MULTICHOICE_H|MCH)|\
    (SHORTANSWER|SA|MW)|(SHORTANSWER_C|SAC|MWC)|(MULTICHOICE_S|MCS)|(MULTICHOICE_VS|MCVS)|\
    (MULTICHOICE_HS|MCHS)|(MULTIRESPONSE|MR)|(MULTIRESPONSE_H|MRH)|(MULTIRESPONSE_S|MRS)|\
    (MULTIRESPONSE_HS|MRHS)";

fn alternative() -> String {
    format!("({FRACTION})?({ANSWER})(#({FEEDBACK}))?")
}

static GAP: LazyLock<Regex> = LazyLock::new(|| {
    let alt = alternative();
    Regex::new(&format!(r"(?s)\{{([0-9]*):({TYPES}):({alt}(~{alt})*)\}}"))
        .expect("Moodle's gap pattern compiles")
});

static ALTERNATIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!("(?s)~?{}", alternative())).expect("Moodle's alternative pattern compiles")
});

static NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    let n = r"-?(([0-9]+[.,]?[0-9]*|[.,][0-9]+)([eE][-+]?[0-9]+)?)";
    Regex::new(&format!("(?s)^({n})(:{n})?$")).expect("Moodle's number pattern compiles")
});

/// What a gap asks for, by the type named after its weight.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GapType {
    Numerical,
    Short {
        case_sensitive: bool,
    },
    Choice,
    /// MULTIRESPONSE: any number of options ticked.
    Response,
}

/// One gap as Moodle reads it.
#[derive(Debug, Clone, PartialEq)]
pub struct RawGap {
    /// Its weight (`{2:…}`), 1 when not given.
    pub weight: f64,
    pub kind: GapType,
    /// The alternatives with their fractions and feedback, as text (a choice gap's options and all
    /// feedback are HTML to Moodle, and turned into text).
    pub answers: Vec<Answer>,
    /// A numerical gap's tolerance for each answer (`=2005:1`).
    pub tolerances: Vec<f64>,
}

/// A question text with its gaps taken out: the text with a marker where each gap was (`marker(i)`), and
/// the gaps in reading order. `Err` when Moodle would refuse the question, with its reason.
pub fn extract(text: &str) -> Result<(String, Vec<RawGap>), String> {
    let mut rest = text.replace([MARK_OPEN, MARK_CLOSE], "");
    let mut gaps = Vec::new();
    // Moodle searches the whole text again after each gap; no match can start before the last one (the
    // text there held none, and a marker ends no answer), so the search resumes there: linear, not
    // quadratic, on a long text.
    let mut from = 0;
    loop {
        let found = GAP
            .captures_from_pos(&rest, from)
            .map_err(|e| format!("its embedded answers are too tangled to read ({e})"))?;
        let Some(caps) = found else { break };
        let whole = caps.get(0).map_or(0..0, |m| m.range());
        let group = |i: usize| caps.get(i).map_or("", |m| m.as_str());
        let weight = match group(1) {
            "" => 1.0,
            n => n.parse().unwrap_or(1.0),
        };
        let kind = if !group(3).is_empty() {
            GapType::Numerical
        } else if !group(7).is_empty() {
            GapType::Short {
                case_sensitive: false,
            }
        } else if !group(8).is_empty() {
            GapType::Short {
                case_sensitive: true,
            }
        } else if (12..=15).any(|i| !group(i).is_empty()) {
            GapType::Response
        } else {
            GapType::Choice
        };
        let gap = alternatives(group(16), kind, weight)?;
        gaps.push(gap);
        let marker = marker(gaps.len() - 1);
        from = whole.start;
        rest.replace_range(whole, &marker);
    }
    Ok((rest, gaps))
}

/// Where gap `i` was in an extracted text: characters from Unicode's private use area, which the
/// extraction removed from the source first so that they cannot be forged.
pub fn marker(i: usize) -> String {
    format!("{MARK_OPEN}{i}{MARK_CLOSE}")
}

pub const MARK_OPEN: char = '\u{E000}';
pub const MARK_CLOSE: char = '\u{E001}';

fn alternatives(mut rest: &str, kind: GapType, weight: f64) -> Result<RawGap, String> {
    let mut gap = RawGap {
        weight,
        kind,
        answers: Vec::new(),
        tolerances: Vec::new(),
    };
    let mut specific = false;
    while let Ok(Some(caps)) = ALTERNATIVE.captures(rest) {
        let group = |i: usize| caps.get(i).map_or("", |m| m.as_str());
        let credit = if group(1) == "=" {
            1.0
        } else if !group(2).is_empty() {
            specific = true;
            group(2).replace(',', ".").parse::<f64>().unwrap_or(0.0) / 100.0
        } else {
            0.0
        };
        let feedback = caps
            .get(5)
            .map(|m| moodle_unescape(m.as_str()))
            .map(|f| html::to_text(&f))
            .filter(|f| !f.is_empty());
        let raw = group(3);
        let number = match kind {
            GapType::Numerical => NUMBER.captures(raw).ok().flatten(),
            _ => None,
        };
        let text = match &number {
            Some(n) => {
                let tolerance = n.get(6).map_or(0.0, |m| number_value(m.as_str()));
                gap.tolerances.push(tolerance);
                n.get(1).map_or("", |m| m.as_str()).to_string()
            }
            None => {
                gap.tolerances.push(0.0);
                match kind {
                    GapType::Choice | GapType::Response => html::to_text(&moodle_unescape(raw)),
                    _ => moodle_unescape(raw),
                }
            }
        };
        gap.answers.push(Answer {
            text,
            credit,
            feedback,
        });
        // As Moodle does: what follows the first occurrence of the text just matched.
        let matched = caps.get(0).map_or("", |m| m.as_str());
        if matched.is_empty() {
            break;
        }
        rest = rest
            .find(matched)
            .map_or("", |at| &rest[at + matched.len()..]);
    }
    if kind == GapType::Response {
        // Moodle's rule: positive fractions are scaled to add up to 1, and without any `%n%` each wrong
        // option cancels one right one.
        let total: f64 = gap.answers.iter().map(|a| a.credit.max(0.0)).sum();
        if total > 0.0 {
            for a in &mut gap.answers {
                if a.credit > 0.0 {
                    a.credit /= total;
                } else if !specific {
                    a.credit = -1.0 / total;
                }
            }
        }
    }
    validate(&gap)?;
    Ok(gap)
}

/// `qtype_multianswer_validate_question` for one gap.
fn validate(gap: &RawGap) -> Result<(), String> {
    let given: Vec<&Answer> = gap
        .answers
        .iter()
        .filter(|a| !a.text.trim().is_empty())
        .collect();
    let choice = matches!(gap.kind, GapType::Choice | GapType::Response);
    if choice && given.len() < 2 {
        return Err("a choice gap has fewer than two options".into());
    }
    if given.is_empty() {
        return Err("a gap has no answer".into());
    }
    if gap.kind == GapType::Numerical
        && let Some(a) = given
            .iter()
            .find(|a| a.text.trim() != "*" && !NUMBER.is_match(a.text.trim()).unwrap_or(false))
    {
        return Err(format!(
            "the numerical gap answer `{}` is not a number",
            a.text
        ));
    }
    let full = given.iter().any(|a| {
        (a.credit - 1.0).abs() < 1e-9 || (gap.kind == GapType::Response && a.credit > 0.0)
    });
    if !full {
        return Err("a gap has no answer with full marks".into());
    }
    Ok(())
}

/// A number as Moodle writes one (a comma may be the decimal point).
pub fn number_value(s: &str) -> f64 {
    s.replace(',', ".").parse().unwrap_or(0.0)
}

/// The unescaping Moodle does to an answer or feedback: HTML entities decoded, `\}` and `\#` only.
fn moodle_unescape(s: &str) -> String {
    html::decode_entities(s)
        .replace("\\}", "}")
        .replace("\\#", "#")
}

/// An answer or feedback written so that Moodle reads it back unchanged: the characters that end an
/// answer (`~ # }`), the backslash that would stop them ending it, and `&` (which Moodle decodes, and
/// which before `#` hides it) as character references.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&#38;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '~' => out.push_str("&#126;"),
            '#' => out.push_str("&#35;"),
            '}' => out.push_str("&#125;"),
            '{' => out.push_str("&#123;"),
            '\\' => out.push_str("&#92;"),
            _ => out.push(c),
        }
    }
    out
}

/// Text for a field Moodle shows as HTML (a choice's option, feedback): its markup characters as entities.
fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// One gap in Moodle's syntax: `{1:SHORTANSWER:=right~%50%half#feedback}`. Every answer carries its
/// fraction, so an answer starting with `=` or `%` is not taken for one. A choice gap's options are HTML
/// to Moodle, a typed gap's answers are compared as they are.
pub fn write_gap(kind: &str, answers: &[Answer], choice: bool) -> String {
    let alternatives: Vec<String> = answers
        .iter()
        .map(|a| {
            let fraction = if (a.credit - 1.0).abs() < 1e-9 {
                "=".to_string()
            } else {
                format!("%{}%", crate::interop::moodle_grades::percent(a.credit))
            };
            let feedback = a
                .feedback
                .as_deref()
                .map(|f| format!("#{}", escape(&html_escape(f))))
                .unwrap_or_default();
            let text = if choice {
                escape(&html_escape(&a.text))
            } else {
                escape(&a.text)
            };
            format!("{fraction}{text}{feedback}")
        })
        .collect();
    format!("{{1:{kind}:{}}}", alternatives.join("~"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(g: &RawGap) -> Vec<(&str, f64)> {
        g.answers
            .iter()
            .map(|a| (a.text.as_str(), a.credit))
            .collect()
    }

    #[test]
    fn an_escaped_brace_or_hash_belongs_to_the_answer() {
        let (text, gaps) = extract(r"Set {1:SA:=a\}b\#c#it is a\}b} now").unwrap();
        assert_eq!(text, format!("Set {} now", marker(0)));
        assert_eq!(texts(&gaps[0]), [("a}b#c", 1.0)]);
        assert_eq!(gaps[0].answers[0].feedback.as_deref(), Some("it is a}b"));
    }

    #[test]
    fn a_backslash_before_a_tilde_stays_as_moodle_keeps_it() {
        let (_, gaps) = extract(r"{1:SA:=a\~b~%50%c}").unwrap();
        assert_eq!(texts(&gaps[0]), [(r"a\~b", 1.0), ("c", 0.5)]);
    }

    #[test]
    fn an_entity_does_not_end_an_answer() {
        let (_, gaps) = extract("{1:MC:=caf&#233;~tea}").unwrap();
        assert_eq!(texts(&gaps[0]), [("café", 1.0), ("tea", 0.0)]);
    }

    #[test]
    fn numerical_gaps_carry_tolerances_and_multiresponse_is_scaled() {
        let (_, gaps) = extract("{2:NM:=2005:1~%50%2006}{1:MR:=a~=b~c}").unwrap();
        assert_eq!(gaps[0].kind, GapType::Numerical);
        assert_eq!(gaps[0].weight, 2.0);
        assert_eq!(gaps[0].tolerances, [1.0, 0.0]);
        assert_eq!(texts(&gaps[1]), [("a", 0.5), ("b", 0.5), ("c", -0.5)]);
    }

    #[test]
    fn what_moodle_refuses_is_refused() {
        assert!(extract("{1:MC:=only}").unwrap_err().contains("two options"));
        assert!(
            extract("{1:NM:=many}")
                .unwrap_err()
                .contains("not a number")
        );
        assert!(
            extract("{1:SA:%50%half}")
                .unwrap_err()
                .contains("full marks")
        );
        // Not gaps at all: text.
        let (text, gaps) = extract("{1:ESSAY:=x} {:SA:}").unwrap();
        assert!(gaps.is_empty());
        assert_eq!(text, "{1:ESSAY:=x} {:SA:}");
    }

    #[test]
    fn written_gaps_read_back_unchanged() {
        let answers = vec![
            Answer::new(r"C:\Windows #1 {x} ~ & &amp; <b>", 1.0),
            Answer {
                text: "=%50% start".into(),
                credit: 0.5,
                feedback: Some("half ~ right } # <b>".into()),
            },
            Answer::new("R&", 0.0),
        ];
        let written = write_gap("SHORTANSWER", &answers, false);
        let (_, gaps) = extract(&written).unwrap();
        assert_eq!(gaps[0].answers, answers, "{written}");
        let written = write_gap("MULTICHOICE", &answers, true);
        let (_, gaps) = extract(&written).unwrap();
        assert_eq!(gaps[0].answers, answers, "{written}");
    }
}
