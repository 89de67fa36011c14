//! Moodle XML in: each `<question>` into the neutral question model, as Moodle's importer
//! (`question/format/xml/format.php`) reads it: its defaults (a question text is HTML unless it says
//! otherwise, answers and feedback take the question text's format, `<single>` is true unless "false",
//! "0" or empty), its old forms (true/false answers by position, `<fraction>` inside a numerical answer)
//! and what it refuses. A question that cannot be read is skipped with a warning at its line; the rest
//! are read.

use super::gaps;
use super::tree::{self, Element};
use crate::Error;
use crate::interop::draft::{Warning, slug};
use crate::interop::html;
use crate::interop::question::{Answer, Bank, Kind, NumericAnswer, Question};

/// The questions of a Moodle XML file. `Err` only when it is not Moodle XML at all.
pub fn read(data: &str) -> Result<Bank, Error> {
    let file = tree::read(data).map_err(|why| Error::NotFormat {
        format: "Moodle XML",
        why,
    })?;
    let mut bank = Bank::default();
    let mut category: Option<String> = None;
    for q in &file.questions {
        let kind = q.attr("type").unwrap_or("").trim();
        if kind == "category" {
            category = q.text_of("category").and_then(category_tag);
            continue;
        }
        match question(q, kind) {
            Ok(mut read) => {
                if let Some(tag) = &category
                    && !read.tags.contains(tag)
                {
                    read.tags.insert(0, tag.clone());
                }
                bank.questions.push(read);
            }
            Err(why) => bank.warnings.push(skipped(q, &why)),
        }
    }
    // Where the XML broke or a question was passed over unread, after the questions before it.
    bank.warnings.extend(file.warnings);
    Ok(bank)
}

fn skipped(q: &Element, why: &str) -> Warning {
    let named = q
        .text_of("name")
        .filter(|n| !n.is_empty())
        .map(|n| format!("`{n}`: "))
        .unwrap_or_default();
    Warning {
        line: Some(q.line),
        message: format!("{named}{why}; skipped"),
    }
}

/// The tag a `<category>` path gives the questions after it: its last part, as GIFT's `$CATEGORY`
/// does. The context (`$course$`), Moodle's `top` and a path of one part (the bank itself, as kartka
/// exports a deck) give none. `//` is Moodle's escape for a slash inside a name.
fn category_tag(path: &str) -> Option<String> {
    let mut parts = vec![String::new()];
    let mut chars = path.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, chars.peek()) {
            ('/', Some('/')) => {
                chars.next();
                parts.last_mut()?.push('/');
            }
            ('/', _) => parts.push(String::new()),
            (c, _) => parts.last_mut()?.push(c),
        }
    }
    let parts: Vec<&str> = parts
        .iter()
        .map(|p| p.trim())
        .filter(|p| !context(p) && *p != "top")
        .collect();
    if parts.len() < 2 {
        return None;
    }
    parts.last().map(|p| slug(p, 40)).filter(|t| !t.is_empty())
}

/// Empty, or a context such as `$course$` or `$system$`: not a category of its own.
fn context(part: &str) -> bool {
    part.is_empty() || (part.len() > 1 && part.starts_with('$') && part.ends_with('$'))
}

/// A field's text as plain text: HTML (the default) turned into text with any images noted; Moodle's
/// auto-format is HTML whose line breaks count; plain text, Markdown and wiki text kept.
pub(super) fn rich(text: &str, format: &str, notes: &mut Vec<String>) -> String {
    match format.trim() {
        "plain_text" | "markdown" | "wiki_like" => text.to_string(),
        "moodle_auto_format" => rich(&text.replace('\n', "<br>"), "html", notes),
        _ => {
            for media in html::media(text) {
                let note = format!("the image `{media}` is left out");
                if !notes.contains(&note) {
                    notes.push(note);
                }
            }
            html::to_text(text)
        }
    }
}

/// A rich child field (`<generalfeedback format="…"><text>…`), in `default` format unless it says.
fn field(q: &Element, name: &str, default: &str, notes: &mut Vec<String>) -> Option<String> {
    let holder = if name.is_empty() {
        Some(q)
    } else {
        q.child(name)
    }?;
    let format = holder.attr("format").unwrap_or(default);
    let text = rich(holder.text_of("").unwrap_or(""), format, notes);
    (!text.is_empty()).then_some(text)
}

/// Moodle's `trans_single`: false for "false", "0" and nothing, true for anything else.
fn truthy(value: &str) -> bool {
    !matches!(value.trim(), "false" | "0" | "")
}

/// Moodle's `fraction` attribute, a percentage, as a fraction.
fn fraction(a: &Element) -> f64 {
    a.attr("fraction")
        .and_then(|f| f.trim().parse::<f64>().ok())
        .filter(|f| f.is_finite())
        .map_or(0.0, |f| f / 100.0)
}

/// Moodle's importer refuses a grade off its list (or, if asked, takes the nearest one); kartka keeps
/// the grade as written and says so.
fn check_grade(credit: f64, notes: &mut Vec<String>) {
    if !crate::interop::moodle_grades::accepted(credit) {
        let note = format!(
            "the grade {}% is not one Moodle accepts (its importer refuses it or takes the nearest); kept as written",
            crate::interop::moodle_grades::percent(credit)
        );
        if !notes.contains(&note) {
            notes.push(note);
        }
    }
}

/// The first element found inside a `<text>`: HTML written into the XML unescaped, which Moodle's
/// importer rejects as invalid XML rather than guess at.
fn markup_in_text(e: &Element) -> Option<&str> {
    if e.name == "text" {
        return e.children.first().map(|c| c.name.as_str());
    }
    e.children.iter().find_map(markup_in_text)
}

fn question(q: &Element, kind: &str) -> Result<Question, String> {
    if let Some(tag) = markup_in_text(q) {
        return Err(format!(
            "a <text> holds the element <{tag}>: HTML there must be escaped or in CDATA"
        ));
    }
    let mut notes = Vec::new();
    let format = q
        .child("questiontext")
        .and_then(|t| t.attr("format"))
        .unwrap_or("html")
        .to_string();
    let raw_text = q.text_of("questiontext").unwrap_or("");
    // A cloze's text is read with its gaps; any other question's first, so its notes come first.
    let text = if matches!(kind, "cloze" | "multianswer") {
        String::new()
    } else {
        rich(raw_text, &format, &mut notes)
    };
    let body = match kind {
        "multichoice" => choice(q, &format, &mut notes)?,
        "truefalse" => truefalse(q, &format, &mut notes)?,
        "shortanswer" => short(q, &format, &mut notes)?,
        "numerical" => numerical(q, &format, &mut notes)?,
        "matching" | "match" => matching(q, &format, &mut notes)?,
        "ordering" => ordering(q, &format, &mut notes)?,
        "cloze" | "multianswer" => gaps::cloze(raw_text, &format, &mut notes)?,
        "gapselect" => gaps::select(q, raw_text, &format, "selectoption", &mut notes)?,
        "ddwtos" => gaps::select(q, raw_text, &format, "dragbox", &mut notes)?,
        "description" => return Err("a description is text shown between questions".into()),
        "essay" => return Err("an essay question is marked by a teacher".into()),
        "" => return Err("a question without a type".into()),
        other => {
            return Err(format!(
                "Moodle's `{other}` question type has no kartka kind"
            ));
        }
    };
    if text.is_empty() && !matches!(body, Kind::Cloze { .. }) {
        return Err("it has no question text".into());
    }
    let general_feedback = field(q, "generalfeedback", &format, &mut notes);
    extras(q, &format, &mut notes);
    if q.value("hidden") == Some("1") {
        notes.push("it is hidden in Moodle's bank; kartka asks it like any other".into());
    }
    let mut tags = Vec::new();
    if let Some(list) = q.child("tags") {
        for t in list.all("tag") {
            let tag = slug(t.text_of("").unwrap_or(""), 40);
            if !tag.is_empty() && !tags.contains(&tag) {
                tags.push(tag);
            }
        }
    }
    let mut read = Question::new(Some(q.line), text, body);
    read.name = q
        .text_of("name")
        .filter(|n| !n.is_empty())
        .map(str::to_string);
    read.general_feedback = general_feedback;
    read.tags = tags;
    read.notes = notes;
    Ok(read)
}

/// What a card cannot show: Moodle's hints between tries and its right/partly/wrong feedback.
fn extras(q: &Element, format: &str, notes: &mut Vec<String>) {
    let hints = q
        .all("hint")
        .filter(|h| field(h, "", format, &mut Vec::new()).is_some())
        .count();
    if hints > 0 {
        notes.push(format!(
            "its {hints} hint{} between tries {} left out",
            if hints == 1 { "" } else { "s" },
            if hints == 1 { "is" } else { "are" }
        ));
    }
    for (name, what) in [
        ("correctfeedback", "right"),
        ("partiallycorrectfeedback", "partly right"),
        ("incorrectfeedback", "wrong"),
    ] {
        if field(q, name, format, &mut Vec::new()).is_some() {
            notes.push(format!("its feedback for a {what} answer is left out"));
        }
    }
}

fn answer_feedback(a: &Element, format: &str, notes: &mut Vec<String>) -> Option<String> {
    field(a, "feedback", format, notes)
}

fn choice(q: &Element, format: &str, notes: &mut Vec<String>) -> Result<Kind, String> {
    let single = truthy(q.value("single").unwrap_or("true"));
    let mut options = Vec::new();
    for a in q.all("answer") {
        let answer_format = a.attr("format").unwrap_or(format);
        let text = rich(a.text_of("").unwrap_or(""), answer_format, notes);
        // Moodle saves no answer whose text is empty.
        if text.is_empty() {
            continue;
        }
        check_grade(fraction(a), notes);
        options.push(Answer {
            text,
            credit: fraction(a),
            feedback: answer_feedback(a, format, notes),
        });
    }
    if options.len() < 2 {
        return Err("a multiple-choice question needs at least two options".into());
    }
    if !options.iter().any(|o| o.credit > 0.0) {
        return Err("no option earns any credit".into());
    }
    if q.value("shuffleanswers").is_some_and(|s| !truthy(s)) {
        notes.push("Moodle shows its options in a fixed order; kartka shuffles them".into());
    }
    Ok(Kind::Choice { options, single })
}

fn truefalse(q: &Element, format: &str, notes: &mut Vec<String>) -> Result<Kind, String> {
    let mut answer = None;
    let (mut feedback_true, mut feedback_false) = (None, None);
    let mut by_position = false;
    for (i, a) in q.all("answer").enumerate() {
        let text = a.text_of("").unwrap_or("");
        // Old files name the answers in the teacher's language: Moodle takes them as true, then false.
        let is_true = match text {
            "true" => true,
            "false" => false,
            _ => {
                by_position = true;
                i == 0
            }
        };
        let full = a
            .attr("fraction")
            .and_then(|f| f.trim().parse::<f64>().ok())
            == Some(100.0);
        let feedback = answer_feedback(a, format, notes);
        if is_true {
            answer = Some(full);
            feedback_true = feedback;
        } else {
            answer = Some(!full);
            feedback_false = feedback;
        }
    }
    let answer = answer.ok_or("a true/false question without answers")?;
    if by_position {
        notes.push(
            "its answers are not named `true` and `false`; read as Moodle does, true first".into(),
        );
    }
    Ok(Kind::TrueFalse {
        answer,
        feedback_true,
        feedback_false,
    })
}

fn short(q: &Element, format: &str, notes: &mut Vec<String>) -> Result<Kind, String> {
    let case_sensitive = q
        .value("usecase")
        .is_some_and(|u| u.parse::<f64>().map_or(!u.is_empty(), |n| n != 0.0));
    let mut answers = Vec::new();
    for a in q.all("answer") {
        // Short answers are plain text to Moodle, whatever format they claim.
        let text = a.text_of("").unwrap_or("");
        if text.is_empty() {
            continue;
        }
        check_grade(fraction(a), notes);
        answers.push(Answer {
            text: text.to_string(),
            credit: fraction(a),
            feedback: answer_feedback(a, format, notes),
        });
    }
    if !answers.iter().any(|a| a.credit > 0.0) {
        return Err("no answer earns any credit".into());
    }
    Ok(Kind::Short {
        answers,
        case_sensitive,
    })
}

fn numerical(q: &Element, format: &str, notes: &mut Vec<String>) -> Result<Kind, String> {
    let mut answers = Vec::new();
    for a in q.all("answer") {
        let text = a.text_of("").unwrap_or("");
        // The deprecated `<fraction>` inside the answer wins over the attribute, as in Moodle.
        let credit = a
            .value("fraction")
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or_else(|| fraction(a));
        let feedback = answer_feedback(a, format, notes);
        if text.is_empty() || text == "*" {
            notes.push(format!(
                "any other number earns {}% in Moodle; kartka counts only the answers given",
                crate::interop::moodle_grades::percent(credit)
            ));
            continue;
        }
        let Some(value) = cloze_number(text) else {
            notes.push(format!(
                "the answer `{text}` is not a number and is left out"
            ));
            continue;
        };
        let tolerance = a
            .value("tolerance")
            .and_then(cloze_number)
            .unwrap_or(0.0)
            .abs();
        check_grade(credit, notes);
        answers.push(NumericAnswer {
            value,
            tolerance,
            credit,
            feedback,
        });
    }
    if !answers.iter().any(|a| a.credit > 0.0) {
        return Err("no number earns any credit".into());
    }
    let mut units = Vec::new();
    if let Some(list) = q.child("units") {
        for u in list.all("unit") {
            let name = u.value("unit_name").unwrap_or("");
            if name.is_empty() {
                continue;
            }
            let multiplier = u.value("multiplier").and_then(cloze_number).unwrap_or(1.0);
            units.push((name.to_string(), multiplier));
        }
    }
    // showunits 3 is Moodle's UNITNONE: the units are defined but never asked for.
    if q.value("showunits") == Some("3") && !units.is_empty() {
        units.clear();
        notes.push("Moodle does not ask for its units, so neither does kartka".into());
    }
    Ok(Kind::Numerical { answers, units })
}

fn cloze_number(s: &str) -> Option<f64> {
    s.trim()
        .replace(',', ".")
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
}

fn matching(q: &Element, format: &str, notes: &mut Vec<String>) -> Result<Kind, String> {
    let mut pairs = Vec::new();
    let mut distractors = Vec::new();
    for s in q.all("subquestion") {
        let sub_format = s.attr("format").unwrap_or(format);
        let left = rich(s.text_of("").unwrap_or(""), sub_format, notes);
        let right = s
            .child("answer")
            .and_then(|a| a.text_of(""))
            .unwrap_or("")
            .to_string();
        match (left.is_empty(), right.is_empty()) {
            (true, true) => {}
            // An answer with no question is Moodle's way of adding a wrong choice.
            (true, false) => distractors.push(right),
            (false, true) => {
                return Err(format!("the item `{left}` has nothing to match"));
            }
            (false, false) => pairs.push((left, right)),
        }
    }
    if pairs.len() < 2 {
        return Err("a matching question needs at least two pairs".into());
    }
    Ok(Kind::Matching { pairs, distractors })
}

fn ordering(q: &Element, format: &str, notes: &mut Vec<String>) -> Result<Kind, String> {
    let mut items = Vec::new();
    for a in q.all("answer") {
        let item_format = a.attr("format").unwrap_or(format);
        let text = rich(a.text_of("").unwrap_or(""), item_format, notes);
        if !text.is_empty() {
            items.push(text);
        }
    }
    if items.len() < 2 {
        return Err("an ordering question needs at least two items".into());
    }
    // The older names of these fields, as qtype_ordering still reads them.
    let (select, count) = if q.child("selecttype").is_some() {
        ("selecttype", "selectcount")
    } else {
        ("logical", "studentsee")
    };
    let select = q.value(select).unwrap_or("RANDOM").to_uppercase();
    let count = q
        .value(count)
        .and_then(|c| c.parse::<usize>().ok())
        .unwrap_or(6);
    if !matches!(select.as_str(), "ALL" | "0") && count > 0 && count < items.len() {
        notes.push(format!(
            "Moodle shows {count} of its {} items at a time; kartka asks them all",
            items.len()
        ));
    }
    Ok(Kind::Ordering { items })
}
