//! A Moodle XML file read into one small element tree per `<question>`, each knowing its line. The file
//! is streamed with quick-xml, which never processes a DTD: an entity the file declares itself is left
//! as written (`&lol;`), so nothing expands. A question nested past `MAX_DEPTH` elements is passed over
//! rather than followed, and XML that breaks off ends the reading with what came before it kept.

use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

use crate::interop::draft::Warning;

/// Moodle's questions nest five or six elements deep; anything far deeper is not a question.
const MAX_DEPTH: usize = 64;

#[derive(Debug, Default)]
pub struct Element {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub children: Vec<Element>,
    /// The element's own text (character data, CDATA and references), in order.
    pub text: String,
    pub line: usize,
}

impl Element {
    pub fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name == name)
    }

    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The trimmed text of the child `name`, as Moodle's `getpath(…, true)` reads it.
    pub fn value(&self, name: &str) -> Option<&str> {
        self.child(name).map(|c| c.text.trim())
    }

    /// The trimmed text of `<text>` inside the child `name` (or inside this element when `name` is
    /// empty), as Moodle reads a question's texts.
    pub fn text_of(&self, name: &str) -> Option<&str> {
        let holder = if name.is_empty() {
            Some(self)
        } else {
            self.child(name)
        };
        holder.and_then(|h| h.value("text"))
    }
}

/// What the file holds: its `<question>` elements in order, or why it is not a Moodle XML file at all.
pub struct Questions {
    pub questions: Vec<Element>,
    /// Why reading stopped early or what was passed over, at its line.
    pub warnings: Vec<Warning>,
}

/// Counts lines up to a byte position, remembering where it got to (positions only grow).
struct Lines<'a> {
    data: &'a [u8],
    at: usize,
    line: usize,
}

impl Lines<'_> {
    fn line_at(&mut self, pos: usize) -> usize {
        let pos = pos.min(self.data.len());
        if pos > self.at {
            self.line += self.data[self.at..pos]
                .iter()
                .filter(|b| **b == b'\n')
                .count();
            self.at = pos;
        }
        self.line
    }
}

fn element(start: &BytesStart<'_>, line: usize) -> Element {
    let attrs = start
        .attributes()
        .flatten()
        .map(|a| {
            let value = a
                .normalized_value(XmlVersion::Implicit1_0)
                .map(|v| v.into_owned())
                .unwrap_or_else(|_| a.value.to_string());
            (a.key.as_ref().to_string(), value)
        })
        .collect();
    Element {
        name: start.name().as_ref().to_string(),
        attrs,
        line,
        ..Element::default()
    }
}

/// The `<question>` elements of a `<quiz>`. `Err` says what the file is instead.
pub fn read(data: &str) -> Result<Questions, String> {
    let mut reader = Reader::from_str(data);
    let config = reader.config_mut();
    config.expand_empty_elements = true;
    config.allow_dangling_amp = true;
    let mut lines = Lines {
        data: data.as_bytes(),
        at: 0,
        line: 1,
    };
    let mut out = Questions {
        questions: Vec::new(),
        warnings: Vec::new(),
    };
    let mut root_seen = false;
    // The elements open inside the current question, innermost last; `skipped` counts those opened
    // past MAX_DEPTH, which are not kept.
    let mut open: Vec<Element> = Vec::new();
    let mut skipped = 0usize;
    let mut too_deep = false;
    let mut depth_outside = 0usize;
    loop {
        let before = reader.buffer_position() as usize;
        let event = match reader.read_event() {
            Ok(e) => e,
            Err(e) => {
                let line = lines.line_at(reader.error_position() as usize);
                if !root_seen {
                    return Err(format!("it is not well-formed XML (line {line}: {e})"));
                }
                let lost = if open.is_empty() {
                    String::new()
                } else {
                    " (with the question it is in)".to_string()
                };
                out.warnings.push(Warning {
                    line: Some(line),
                    message: format!(
                        "the XML is broken here ({e}); nothing from here on{lost} was read"
                    ),
                });
                return Ok(out);
            }
        };
        match event {
            Event::Start(start) => {
                let line = lines.line_at(before);
                if !root_seen {
                    let name = start.name().as_ref().to_string();
                    if name != "quiz" {
                        return Err(format!("the root element is <{name}>, not <quiz>"));
                    }
                    root_seen = true;
                    continue;
                }
                if open.is_empty() {
                    if start.name().as_ref() == "question" && depth_outside == 0 {
                        open.push(element(&start, line));
                        too_deep = false;
                    } else {
                        depth_outside += 1;
                    }
                } else if skipped > 0 || open.len() >= MAX_DEPTH {
                    skipped += 1;
                    too_deep = true;
                } else {
                    open.push(element(&start, line));
                }
            }
            Event::End(_) => {
                if skipped > 0 {
                    skipped -= 1;
                } else if let Some(done) = open.pop() {
                    match open.last_mut() {
                        Some(parent) => parent.children.push(done),
                        None if too_deep => out.warnings.push(Warning {
                            line: Some(done.line),
                            message: format!(
                                "this question nests elements more than {MAX_DEPTH} deep; skipped"
                            ),
                        }),
                        None => out.questions.push(done),
                    }
                } else {
                    depth_outside = depth_outside.saturating_sub(1);
                }
            }
            Event::Text(t) => {
                if skipped == 0
                    && let Some(current) = open.last_mut()
                {
                    current.text.push_str(&t.xml10_content());
                }
            }
            Event::CData(t) => {
                if skipped == 0
                    && let Some(current) = open.last_mut()
                {
                    current.text.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) => {
                if skipped == 0
                    && let Some(current) = open.last_mut()
                {
                    let name = r.xml10_content();
                    match r.resolve_char_ref() {
                        Ok(Some(c)) => current.text.push(c),
                        _ => match name.as_ref() {
                            "amp" => current.text.push('&'),
                            "lt" => current.text.push('<'),
                            "gt" => current.text.push('>'),
                            "quot" => current.text.push('"'),
                            "apos" => current.text.push('\''),
                            // Declared in a DTD, which is not processed: kept as written.
                            other => {
                                current.text.push('&');
                                current.text.push_str(other);
                                current.text.push(';');
                            }
                        },
                    }
                }
            }
            Event::Eof => break,
            Event::Empty(_) | Event::Comment(_) | Event::Decl(_) | Event::PI(_) => {}
            Event::DocType(_) => {}
        }
    }
    if !root_seen {
        return Err("it holds no XML element".into());
    }
    if let Some(q) = open.first() {
        out.warnings.push(Warning {
            line: Some(q.line),
            message: "the file ends inside this question; it was not read".into(),
        });
    }
    Ok(out)
}
