//! Steps and intervals as written in config.toml and shown to learners: "30s", "10m", "1h", "3d".

use chrono::Duration;

/// "10m", "2h", "3d": how a step or interval is written in config and shown to learners.
pub fn format_duration(d: Duration) -> String {
    let minutes = d.num_minutes();
    if minutes < 1 {
        format!("{}s", d.num_seconds().max(0))
    } else if minutes < 60 {
        format!("{minutes}m")
    } else if minutes < 60 * 24 {
        let hours = d.num_minutes() as f64 / 60.0;
        format!(
            "{}h",
            crate::grade::number::format((hours * 10.0).round() / 10.0)
        )
    } else {
        let days = d.num_days();
        if days < 365 {
            format!("{days}d")
        } else {
            format!(
                "{}y",
                crate::grade::number::format((days as f64 / 365.0 * 10.0).round() / 10.0)
            )
        }
    }
}

/// An answer button's label as Anki writes it (rslib/src/scheduler/timespan.rs,
/// `answer_button_time_collapsible`): the natural unit, whole seconds, minutes and days, tenths of hours,
/// months and years; "<" before what comes back within the 20 minutes Anki studies ahead.
pub fn answer_label(d: Duration) -> String {
    const MINUTE: f32 = 60.0;
    const HOUR: f32 = 60.0 * MINUTE;
    const DAY: f32 = 24.0 * HOUR;
    const YEAR: f32 = 365.0 * DAY;
    const MONTH: f32 = YEAR / 12.0;
    /// Anki's default "learn ahead limit".
    const COLLAPSE_SECS: i64 = 20 * 60;
    let seconds = d.num_seconds().max(0);
    if seconds == 0 {
        return "end".to_string();
    }
    let secs = seconds as f32;
    let (unit, suffix, whole) = if secs < MINUTE {
        (1.0, "s", true)
    } else if secs < HOUR {
        (MINUTE, "m", true)
    } else if secs < DAY {
        (HOUR, "h", false)
    } else if secs < MONTH {
        (DAY, "d", true)
    } else if secs < YEAR {
        (MONTH, "mo", false)
    } else {
        (YEAR, "y", false)
    };
    let amount = if whole {
        (secs / unit).round()
    } else {
        (secs / unit * 10.0).round() / 10.0
    };
    let amount = format!("{amount:.1}");
    let label = format!("{}{suffix}", amount.trim_end_matches(".0"));
    if seconds < COLLAPSE_SECS {
        format!("<{label}")
    } else {
        label
    }
}

/// The longest step or interval: 100 years. Due dates stay far inside what dates can hold.
pub const MAX_DAYS: i64 = 36500;

/// Why a duration's text cannot be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BadDuration {
    /// Not a positive whole number followed by `s`, `m`, `h` or `d`.
    Form,
    /// Longer than [`MAX_DAYS`].
    TooLong,
}

/// Reads "1m", "10m", "1h", "1d", "30s".
pub fn parse_duration(text: &str) -> Result<Duration, BadDuration> {
    let t = text.trim();
    let split = t
        .find(|c: char| !c.is_ascii_digit())
        .ok_or(BadDuration::Form)?;
    let (n, unit) = t.split_at(split);
    let seconds = match unit.trim() {
        "s" => 1,
        "m" => 60,
        "h" => 60 * 60,
        "d" => 24 * 60 * 60,
        _ => return Err(BadDuration::Form),
    };
    if n.is_empty() || n.bytes().all(|b| b == b'0') {
        return Err(BadDuration::Form);
    }
    // Digits past what an i64 holds are a number too, just too long.
    n.parse::<i64>()
        .ok()
        .and_then(|n| n.checked_mul(seconds))
        .filter(|s| *s <= MAX_DAYS * 24 * 60 * 60)
        .map(Duration::seconds)
        .ok_or(BadDuration::TooLong)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_parse_and_format() {
        assert_eq!(parse_duration("10m"), Ok(Duration::minutes(10)));
        assert_eq!(parse_duration("1d"), Ok(Duration::days(1)));
        assert_eq!(parse_duration("36500d"), Ok(Duration::days(36500)));
        assert_eq!(parse_duration("36501d"), Err(BadDuration::TooLong));
        assert_eq!(parse_duration("100000000d"), Err(BadDuration::TooLong));
        assert_eq!(
            parse_duration("99999999999999999999s"),
            Err(BadDuration::TooLong)
        );
        assert_eq!(parse_duration("0m"), Err(BadDuration::Form));
        assert_eq!(parse_duration("ten"), Err(BadDuration::Form));
        assert_eq!(parse_duration("10"), Err(BadDuration::Form));
        assert_eq!(format_duration(Duration::seconds(330)), "5m");
        assert_eq!(format_duration(Duration::days(2)), "2d");
        assert_eq!(format_duration(Duration::days(498)), "1.4y");
    }

    /// Labels as Anki's answer buttons show them.
    #[test]
    fn answer_labels_are_anki_s() {
        let label = |secs| answer_label(Duration::seconds(secs));
        assert_eq!(label(60), "<1m");
        assert_eq!(label(330), "<6m");
        assert_eq!(label(600), "<10m");
        assert_eq!(label(1200), "20m");
        assert_eq!(label(3600), "1h");
        assert_eq!(label(5400), "1.5h");
        assert_eq!(label(2 * 86400), "2d");
        assert_eq!(label(46 * 86400), "1.5mo");
        assert_eq!(label(498 * 86400), "1.4y");
        assert_eq!(label(36500 * 86400), "100y");
    }
}
