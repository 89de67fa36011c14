//! Where each line of a source starts, so that a byte offset finds its line by binary search: `check`
//! locates thousands of diagnostics in one file, and scanning from the top for each was quadratic.

use std::ops::Range;

pub struct Lines<'a> {
    source: &'a str,
    /// Byte offset of each line's first character; the first is 0. As for `str::lines` (and the renderer),
    /// the end of a text ending with a newline starts no line.
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    pub fn new(source: &'a str) -> Self {
        let starts = std::iter::once(0)
            .chain(source.match_indices('\n').map(|(i, _)| i + 1))
            .filter(|&start| start == 0 || start < source.len())
            .collect();
        Lines { source, starts }
    }

    pub fn source(&self) -> &'a str {
        self.source
    }

    /// The 0-based line holding byte `offset` (a newline belongs to the line it ends).
    pub fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset) - 1
    }

    /// The bytes of lines `first..=last` (0-based), each with its newline; `last` may be past the end.
    pub fn span_of_lines(&self, first: usize, last: usize) -> Range<usize> {
        let end = self
            .starts
            .get(last + 1)
            .copied()
            .unwrap_or(self.source.len());
        self.starts[first]..end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_find_the_line_a_scan_from_the_top_finds() {
        let source = "a\n\nbé\r\nlast\n";
        let lines = Lines::new(source);
        for offset in 0..source.len() {
            assert_eq!(
                lines.line_of(offset),
                source.as_bytes()[..offset]
                    .iter()
                    .filter(|&&b| b == b'\n')
                    .count(),
                "offset {offset}"
            );
        }
        assert_eq!(
            lines.line_of(source.len()),
            3,
            "the end is on the last line"
        );
        assert_eq!(lines.span_of_lines(1, 2), 2..8);
        assert_eq!(lines.span_of_lines(3, 9), 8..source.len());
    }
}
