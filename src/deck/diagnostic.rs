//! Problems found in a deck file, and their cargo-style rendering.

use std::ops::Range;

use annotate_snippets::{AnnotationKind, Level, Origin, Renderer, Snippet};

use crate::sanitize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem, located by byte span in the deck's source text.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub message: String,
    /// The primary span and its label; `None` for problems about the file as a whole.
    pub primary: Option<(Range<usize>, String)>,
    /// A second place that explains the first (e.g. where a duplicate id was first used).
    pub context: Option<(Range<usize>, String)>,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(message: impl Into<String>) -> Self {
        Self::new(Severity::Error, message.into())
    }

    pub fn warning(message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, message.into())
    }

    fn new(severity: Severity, message: String) -> Self {
        Diagnostic {
            severity,
            message,
            primary: None,
            context: None,
            help: None,
        }
    }

    pub fn at(mut self, span: Range<usize>, label: impl Into<String>) -> Self {
        self.primary = Some((span, label.into()));
        self
    }

    pub fn with_context(mut self, span: Range<usize>, label: impl Into<String>) -> Self {
        self.context = Some((span, label.into()));
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn help_opt(mut self, help: Option<String>) -> Self {
        self.help = help;
        self
    }

    /// The same problem with its spans moved `by` bytes on: for a part of a file checked on its own.
    pub(super) fn shifted(mut self, by: usize) -> Self {
        for (span, _) in self.primary.iter_mut().chain(self.context.iter_mut()) {
            *span = span.start + by..span.end + by;
        }
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// 1-based line and column (in characters) of the primary span.
    pub fn line_col(&self, source: &str) -> Option<(usize, usize)> {
        let (span, _) = self.primary.as_ref()?;
        Some(line_col(source, span.start))
    }

    /// Renders like cargo: `error: …`, `--> path:line:col`, the line, a marker under the span, `= help: …`.
    pub fn render(&self, origin: &str, source: &str, color: bool) -> String {
        let level = match self.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        // Messages quote deck text, and file names are chosen by whoever wrote the deck: untrusted too.
        let origin = &*sanitize::one_line(origin);
        let message = sanitize::for_terminal(&self.message);
        let help = self.help.as_deref().map(sanitize::for_terminal);
        // annotate-snippets neutralises C0 controls and some bidi controls in the source; the rest are
        // replaced here, byte for byte, so that spans stay valid.
        let source = sanitize::non_ascii_controls_same_width(source);
        let labels: Vec<(Range<usize>, AnnotationKind, String)> = [
            self.primary.as_ref().map(|p| (p, AnnotationKind::Primary)),
            self.context.as_ref().map(|c| (c, AnnotationKind::Context)),
        ]
        .into_iter()
        .flatten()
        .map(|((span, label), kind)| {
            (
                clamp(span.clone(), &source),
                kind,
                sanitize::for_terminal(label).into_owned(),
            )
        })
        .collect();

        let title = level.primary_title(message);
        let mut group = if labels.is_empty() {
            title.element(Origin::path(origin))
        } else {
            let mut snippet = Snippet::source(source.as_ref()).path(origin);
            for (span, kind, label) in &labels {
                snippet = snippet.annotation((*kind).span(span.clone()).label(label.as_str()));
            }
            title.element(snippet)
        };
        if let Some(help) = help {
            group = group.element(Level::HELP.message(help));
        }
        let renderer = if color {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        renderer.render(&[group])
    }
}

/// 1-based line and character column of a byte offset.
pub fn line_col(source: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(source, offset.min(source.len()));
    let before = &source[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn clamp(span: Range<usize>, source: &str) -> Range<usize> {
    let end = floor_char_boundary(source, span.end.min(source.len()));
    let start = floor_char_boundary(source, span.start.min(end));
    start..end
}

/// Renders every diagnostic of one file, in the order given ([`crate::deck::parse`] sorts them by position).
pub fn render_all(diagnostics: &[Diagnostic], origin: &str, source: &str, color: bool) -> String {
    let mut out = String::new();
    for d in diagnostics {
        out.push_str(&d.render(origin, source, color));
        out.push_str("\n\n");
    }
    out
}
