//! Problems found in a deck file, and their cargo-style rendering.

use std::ops::Range;

use annotate_snippets::{AnnotationKind, Level, Origin, Renderer, Snippet};

use super::lines::Lines;
use crate::sanitize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
    /// Worth knowing, not a fault: `kartka check --strict` passes with notes.
    Note,
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

    pub fn note(message: impl Into<String>) -> Self {
        Self::new(Severity::Note, message.into())
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

    /// Each TOML syntax error of a settings file (the config, a class file) as a diagnostic, with `help`.
    pub fn invalid_toml(errors: Vec<toml::de::Error>, help: &str) -> Vec<Diagnostic> {
        errors
            .into_iter()
            .map(|e| {
                Diagnostic::error("invalid TOML")
                    .at(e.span().unwrap_or(0..0), e.message().trim_end().to_string())
                    .help(help)
            })
            .collect()
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
        self.render_in(origin, &Lines::new(source), color)
    }

    fn render_in(&self, origin: &str, lines: &Lines, color: bool) -> String {
        let (window, first_line) = self.window(lines);
        self.render_window(origin, lines.source(), window, first_line, color)
    }

    /// The lines the spans touch and one on either side, with the number of the first (1-based). Only these
    /// are given to the renderer: given the whole file, it takes time in the file's size for each
    /// diagnostic, and a file with a warning on each card took quadratic time. The line after keeps a span
    /// that ends at a line's end inside the text, as it is in the whole file; the line before keeps the
    /// gutter's width, which annotate-snippets counts from the text before the end of the spans (one line
    /// short when they end at a line's start). `window_renders_as_the_whole_file` pins that the output is
    /// the same.
    fn window(&self, lines: &Lines) -> (Range<usize>, usize) {
        let source = lines.source();
        let spans = || {
            self.primary
                .iter()
                .chain(&self.context)
                .map(|(span, _)| clamp(span.clone(), source))
        };
        let (Some(lo), Some(hi)) = (spans().map(|s| s.start).min(), spans().map(|s| s.end).max())
        else {
            return (0..0, 1);
        };
        let first = lines.line_of(lo).saturating_sub(1);
        (lines.span_of_lines(first, lines.line_of(hi) + 1), first + 1)
    }

    /// Renders with `window` of `source` (whole lines, the first numbered `first_line`) as the snippet.
    fn render_window(
        &self,
        origin: &str,
        source: &str,
        window: Range<usize>,
        first_line: usize,
        color: bool,
    ) -> String {
        let level = match self.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
            Severity::Note => Level::NOTE,
        };
        // Messages quote deck text, and file names are chosen by whoever wrote the deck: untrusted too.
        let origin = &*sanitize::one_line(origin);
        let message = sanitize::for_terminal(&self.message);
        let help = self.help.as_deref().map(sanitize::for_terminal);
        let text = &source[window.clone()];
        let labels: Vec<(Range<usize>, AnnotationKind, String)> = [
            self.primary.as_ref().map(|p| (p, AnnotationKind::Primary)),
            self.context.as_ref().map(|c| (c, AnnotationKind::Context)),
        ]
        .into_iter()
        .flatten()
        .map(|((span, label), kind)| {
            let span = clamp(span.clone(), source);
            (
                span.start - window.start..span.end - window.start,
                kind,
                sanitize::for_terminal(label).into_owned(),
            )
        })
        .collect();
        // annotate-snippets neutralises C0 controls and some bidi controls in the source; the rest are
        // replaced here, byte for byte, so that spans stay valid.
        let text = sanitize::non_ascii_controls_same_width(text);

        let title = level.primary_title(message);
        let mut group = if labels.is_empty() {
            title.element(Origin::path(origin))
        } else {
            let mut snippet = Snippet::source(text.as_ref())
                .line_start(first_line)
                .path(origin);
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
    let lines = Lines::new(source);
    let mut out = String::new();
    for d in diagnostics {
        out.push_str(&d.render_in(origin, &lines, color));
        out.push_str("\n\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn whole_file(d: &Diagnostic, source: &str) -> String {
        d.render_window("deck.toml", source, 0..source.len(), 1, false)
    }

    #[test]
    fn a_diagnostic_deep_in_a_big_file_is_rendered_from_its_own_lines() {
        let source: String = (1..=100_001).map(|i| format!("k{i} = {i}\n")).collect();
        let at = source.find("k100000 =").unwrap();
        let d = Diagnostic::warning("w")
            .at(at + 10..at + 16, "here")
            .with_context(at - 8..at - 1, "before");
        let lines = Lines::new(&source);
        let (window, first_line) = d.window(&lines);
        assert_eq!(first_line, 99_998);
        assert_eq!(
            &source[window],
            "k99998 = 99998\nk99999 = 99999\nk100000 = 100000\nk100001 = 100001\n"
        );
        assert_eq!(
            d.render_in("deck.toml", &lines, false),
            whole_file(&d, &source)
        );
    }

    fn text() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop::sample::select(vec![
                "a", "key", " ", "=", "\"", "\n", "\n", "\r\n", "\r", "\t", "é", "😀", "\u{202E}",
                "\u{85}", "\u{1b}",
            ]),
            0..40,
        )
        .prop_map(|parts| parts.concat())
    }

    fn span() -> impl Strategy<Value = Range<usize>> {
        (0..200usize, 0..30usize).prop_map(|(start, len)| start..start + len)
    }

    proptest! {
        /// Spans anywhere, past the end, over several lines, on newlines, in the middle of a character: the
        /// lines given to the renderer make the text the whole file makes, and the styled text stripped of its
        /// styles is the plain one.
        #[test]
        fn window_renders_as_the_whole_file(
            source in text(),
            primary in proptest::option::of(span()),
            context in proptest::option::of(span()),
        ) {
            let mut d = Diagnostic::error("e").help("h");
            d.primary = primary.map(|s| (s, "p".to_string()));
            d.context = context.map(|s| (s, "c".to_string()));
            let plain = d.render("deck.toml", &source, false);
            prop_assert_eq!(&plain, &whole_file(&d, &source));
            // `check` renders plain where colours would be stripped.
            let styled = d.render("deck.toml", &source, true);
            prop_assert_eq!(anstream::adapter::strip_str(&styled).to_string(), plain);
        }
    }
}
