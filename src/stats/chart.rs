//! Statistics drawn for a terminal: a bar chart of the forecast, a calendar of the last 90 days, bars for
//! mastery. Unicode block characters where the terminal can show them, ASCII otherwise.

use std::fmt::Write as _;

use chrono::Datelike;

use super::{Rate, Stats};
use crate::report::render::cut;

/// The characters charts are drawn with.
struct Glyphs {
    /// Bar heights in eighths, 1 to 8 (index 0 unused).
    eighths: [char; 9],
    /// Calendar shades, from no reviews to the busiest days.
    shades: [char; 5],
    full: char,
    empty: char,
    /// Between figures on a line.
    dot: &'static str,
    /// For a figure that does not exist yet.
    none: &'static str,
}

const UNICODE: Glyphs = Glyphs {
    eighths: [' ', '▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'],
    shades: ['·', '░', '▒', '▓', '█'],
    full: '█',
    empty: '░',
    dot: "·",
    none: "–",
};

const ASCII: Glyphs = Glyphs {
    eighths: [' ', '#', '#', '#', '#', '#', '#', '#', '#'],
    shades: ['.', ':', 'o', 'O', '@'],
    full: '#',
    empty: '.',
    dot: "|",
    none: "-",
};

/// Whether the locale says the terminal takes UTF-8 (the first of LC_ALL, LC_CTYPE, LANG that is set).
pub fn locale_is_utf8(lookup: impl Fn(&str) -> Option<String>) -> bool {
    ["LC_ALL", "LC_CTYPE", "LANG"]
        .iter()
        .find_map(|k| lookup(k).filter(|v| !v.is_empty()))
        .is_some_and(|v| {
            let v = v.to_lowercase();
            v.contains("utf-8") || v.contains("utf8")
        })
}

fn duration(secs: u64) -> String {
    match secs {
        0..60 => format!("{secs}s"),
        60..3600 => format!("{}m {:02}s", secs / 60, secs % 60),
        _ => format!("{}h {:02}m", secs / 3600, secs % 3600 / 60),
    }
}

fn rate(r: &Rate, g: &Glyphs) -> String {
    match r.rate {
        Some(p) => format!("{:.0}% ({}/{})", p * 100.0, r.passed, r.total),
        None => g.none.to_string(),
    }
}

/// Columns of bars `height` rows tall, one column per value.
fn bars(values: &[usize], height: usize, g: &Glyphs, ascii: bool) -> Vec<String> {
    let max = values.iter().copied().max().unwrap_or(0).max(1);
    let steps = if ascii { height } else { height * 8 };
    let scaled: Vec<usize> = values.iter().map(|&v| (v * steps).div_ceil(max)).collect();
    (0..height)
        .rev()
        .map(|row| {
            scaled
                .iter()
                .map(|&s| {
                    if ascii {
                        if s > row { g.full } else { ' ' }
                    } else {
                        let level = s.saturating_sub(row * 8).min(8);
                        g.eighths[level]
                    }
                })
                .collect::<String>()
                .trim_end()
                .to_string()
        })
        .collect()
}

/// Hardest cards: the question, cut to this many characters, and its id, to these.
const QUESTION_WIDTH: usize = 48;
const ID_WIDTH: usize = 36;

pub fn render(stats: &Stats, unicode: bool) -> String {
    let g = if unicode { &UNICODE } else { &ASCII };
    let d = g.dot;
    let mut s = String::new();
    let c = &stats.cards;
    let _ = writeln!(
        s,
        "Questions: {} from {} {} {d} {} new {d} {} learning {d} {} young {d} {} mature {d} {} suspended {d} {} {}",
        c.total,
        c.cards,
        if c.cards == 1 { "card" } else { "cards" },
        c.new,
        c.learning,
        c.young,
        c.mature,
        c.suspended,
        c.leeches,
        if c.leeches == 1 { "leech" } else { "leeches" }
    );
    if stats.total_reviews == 0 {
        s.push_str("\nNo reviews yet: run `kartka study`, and your progress will show here.\n");
        return s;
    }
    let _ = writeln!(s, "Due today: {}", stats.due_today);

    let max = stats.forecast.iter().copied().max().unwrap_or(0);
    if max == 0 {
        let _ = writeln!(s, "\nNothing falls due in the next 30 days.");
    } else {
        let total: usize = stats.forecast.iter().sum();
        let _ = writeln!(s, "\nDue in the next 30 days: {total} (busiest day: {max})");
        for line in bars(&stats.forecast, 4, g, !unicode) {
            let _ = writeln!(s, "  {line}");
        }
        let _ = writeln!(s, "  {}", "-".repeat(stats.forecast.len()));
        let width = stats.forecast.len().saturating_sub(8);
        let _ = writeln!(s, "  tomorrow{:>width$}", "+30d");
    }

    // A calendar: a row per weekday, a column per week, the last 90 days.
    let peak = stats
        .history
        .iter()
        .map(|d| d.reviews)
        .max()
        .unwrap_or(0)
        .max(1);
    let _ = writeln!(s, "\nReviews in the last 90 days (busiest day: {peak})");
    let first = stats
        .history
        .first()
        .map(|d| d.day.weekday().num_days_from_monday())
        .unwrap_or(0) as usize;
    let weeks = (first + stats.history.len()).div_ceil(7);
    let mut grid = vec![vec![' '; weeks]; 7];
    for (i, d) in stats.history.iter().enumerate() {
        let cell = first + i;
        let shade = if d.reviews == 0 {
            0
        } else {
            1 + (d.reviews * 4 - 1) / peak
        };
        grid[cell % 7][cell / 7] = g.shades[shade.min(4)];
    }
    for (name, row) in ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
        .iter()
        .zip(grid)
    {
        let _ = writeln!(
            s,
            "  {name} {}",
            row.into_iter().collect::<String>().trim_end()
        );
    }
    let _ = writeln!(s, "      less {} more", g.shades.iter().collect::<String>());

    let t = &stats.time;
    let _ = writeln!(
        s,
        "\nStreak: {} {} (longest {}) {d} time today {}, last 30 days {}, in all {}",
        stats.streak.current,
        if stats.streak.current == 1 {
            "day"
        } else {
            "days"
        },
        stats.streak.longest,
        duration(t.today_secs),
        duration(t.last_30_days_secs),
        duration(t.total_secs)
    );

    let _ = writeln!(
        s,
        "\nTrue retention (first review of a card each day; Again fails)"
    );
    let _ = writeln!(s, "  {:<14} {:<18} mature", "", "young");
    for r in &stats.retention {
        let label = match r.days {
            7 => "last 7 days",
            30 => "last 30 days",
            _ => "last year",
        };
        let _ = writeln!(
            s,
            "  {label:<14} {:<18} {}",
            rate(&r.young, g),
            rate(&r.mature, g)
        );
    }
    if let Some(r) = stats.average_retrievability {
        let _ = writeln!(s, "Average predicted retrievability now: {:.0}%", r * 100.0);
    }
    let p = &stats.practice;
    if p.answers_30_days > 0 {
        let _ = writeln!(
            s,
            "Practice in the last 30 days (not scheduled, not counted above): {} {}, {} right ({:.0}%)",
            p.answers_30_days,
            if p.answers_30_days == 1 {
                "answer"
            } else {
                "answers"
            },
            p.right_30_days,
            p.right_30_days as f64 * 100.0 / p.answers_30_days as f64
        );
    }

    if !stats.hardest.is_empty() {
        let _ = writeln!(s, "\nHardest cards");
        let rows: Vec<[String; 3]> = stats
            .hardest
            .iter()
            .map(|h| {
                [
                    cut(&h.question, QUESTION_WIDTH),
                    cut(&format!("{}/{}", h.deck, h.item), ID_WIDTH),
                    format!(
                        "{} {}  recall now {}",
                        h.lapses,
                        if h.lapses == 1 { "lapse " } else { "lapses" },
                        h.retrievability
                            .map_or(g.none.into(), |r| format!("{:.0}%", r * 100.0))
                    ),
                ]
            })
            .collect();
        let width = |c: usize| rows.iter().map(|r| r[c].chars().count()).max().unwrap_or(0);
        let (q, id) = (width(0), width(1));
        for [question, item, figures] in &rows {
            let _ = writeln!(s, "  {question:<q$}  {item:<id$}  {figures}");
        }
    }

    if !stats.tags.is_empty() {
        let width = stats
            .tags
            .iter()
            .map(|t| t.tag.chars().count())
            .max()
            .unwrap_or(0)
            .clamp(3, 24);
        let studied_width = stats
            .tags
            .iter()
            .map(|t| format!("({} of {} studied)", t.studied, t.items).len())
            .max()
            .unwrap_or(0);
        let _ = writeln!(
            s,
            "\n{:<w$} {:<r$}right answers, last 30 days",
            "By tag",
            "recall predicted now",
            w = width + 2,
            r = 10 + 1 + 4 + 1 + studied_width + 2
        );
        for t in &stats.tags {
            let filled = (t.predicted_recall / 10.0).round() as usize;
            let bar: String = std::iter::repeat_n(g.full, filled.min(10))
                .chain(std::iter::repeat_n(g.empty, 10 - filled.min(10)))
                .collect();
            let studied = format!("({} of {} studied)", t.studied, t.items);
            let right = if t.answers_30_days == 0 {
                g.none.to_string()
            } else {
                format!(
                    "{:.0}% ({} of {})",
                    t.right_30_days as f64 * 100.0 / t.answers_30_days as f64,
                    t.right_30_days,
                    t.answers_30_days
                )
            };
            let _ = writeln!(
                s,
                "  {:<width$} {bar} {:>3.0}% {studied:<studied_width$}  {right}",
                cut(&t.tag, width),
                t.predicted_recall,
            );
        }
        let _ = writeln!(
            s,
            "  (predicted: FSRS's chance of recalling each card now, unstudied cards counting 0)"
        );
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_locale_decides_unicode() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| {
                pairs
                    .iter()
                    .find(|(n, _)| *n == k)
                    .map(|(_, v)| v.to_string())
            }
        };
        assert!(locale_is_utf8(env(&[("LANG", "en_GB.UTF-8")])));
        assert!(locale_is_utf8(env(&[
            ("LC_ALL", "be_BY.utf8"),
            ("LANG", "C")
        ])));
        assert!(!locale_is_utf8(env(&[
            ("LC_ALL", "C"),
            ("LANG", "en_GB.UTF-8")
        ])));
        assert!(!locale_is_utf8(env(&[])));
    }

    #[test]
    fn bars_scale_to_the_busiest_day() {
        // Two rows of eight steps each: 1 of 4 is a half-height first row.
        assert_eq!(bars(&[0, 1, 2, 4], 2, &UNICODE, false), ["   █", " ▄██"]);
        assert_eq!(bars(&[0, 1, 2, 3], 1, &UNICODE, false), [" ▃▆█"]);
        // ASCII has whole rows only, rounded up so that a busy day never shows as empty.
        assert_eq!(bars(&[0, 1, 2, 4], 2, &ASCII, true), ["   #", " ###"]);
    }
}
