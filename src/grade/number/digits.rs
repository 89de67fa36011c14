//! A number in digits: group separators, decimal commas and points, and scientific notation ("1.8e9",
//! "1.8 × 10^9").

pub(super) fn is_group_separator(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}' | '\'' | '_')
}

/// The digits and separators of a number as Rust reads them: "1,800,000", "1.8", "1,8", "1 800 000".
fn normal(digits: &str) -> Option<String> {
    let cleaned: String = digits.chars().filter(|c| !is_group_separator(*c)).collect();
    let commas = cleaned.matches(',').count();
    let dots = cleaned.matches('.').count();
    let normal = match (commas, dots) {
        (0, 0) => cleaned,
        // Both: whichever comes last is the decimal mark ("1,234.5" and "1.234,5").
        (_, _) if commas > 0 && dots > 0 => {
            let (decimal, group) = if cleaned.rfind(',') > cleaned.rfind('.') {
                (',', '.')
            } else {
                ('.', ',')
            };
            if cleaned.matches(decimal).count() > 1 {
                return None;
            }
            cleaned.replace(group, "").replace(decimal, ".")
        }
        // Repeated: thousands separators ("1,800,000" or "1.800.000").
        (c, 0) if c > 1 => cleaned.replace(',', ""),
        (0, d) if d > 1 => cleaned.replace('.', ""),
        // A lone comma before exactly three digits groups thousands ("1,800"); otherwise it is a decimal
        // comma ("1,8").
        (1, 0) => {
            let after = cleaned.len() - cleaned.find(',').unwrap_or(0) - 1;
            if after == 3 {
                cleaned.replace(',', "")
            } else {
                cleaned.replace(',', ".")
            }
        }
        _ => cleaned,
    };
    if normal.is_empty() || normal.starts_with('.') && normal.len() == 1 {
        return None;
    }
    Some(normal)
}

/// How far the digits of a number go at the start of `rest`: digits, and separators between digits. A
/// space before a decimal point ("1 .8") is a slip, read as "1.8".
fn extent(rest: &str) -> usize {
    let chars: Vec<(usize, char)> = rest.char_indices().collect();
    let digit_at = |i: usize| chars.get(i).is_some_and(|(_, n)| n.is_ascii_digit());
    let mark_at = |i: usize| chars.get(i).is_some_and(|(_, n)| matches!(n, ',' | '.'));
    let mut end = 0;
    for (i, &(at, c)) in chars.iter().enumerate() {
        let fits = c.is_ascii_digit()
            || (matches!(c, ',' | '.') && digit_at(i + 1))
            || (is_group_separator(c) && (digit_at(i + 1) || mark_at(i + 1) && digit_at(i + 2)));
        if !fits {
            break;
        }
        end = at + c.len_utf8();
    }
    end
}

const SUPERSCRIPTS: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];

/// An exponent of ten right after a number: "e9", "e-3", "e+9", "× 10^9", "x10^9", "* 10**9", "·10⁹".
/// Returns the exponent and what follows it.
fn exponent(tail: &str) -> Option<(i32, &str)> {
    let signed = |s: &str| -> Option<(i32, usize)> {
        let (sign, digits) = match s.chars().next()? {
            '-' | '\u{2212}' | '⁻' => (-1, &s[s.chars().next()?.len_utf8()..]),
            '+' | '⁺' => (1, &s[s.chars().next()?.len_utf8()..]),
            _ => (1, s),
        };
        let mut n = String::new();
        let mut used = s.len() - digits.len();
        for c in digits.chars() {
            match c
                .to_digit(10)
                .or_else(|| SUPERSCRIPTS.iter().position(|s| *s == c).map(|p| p as u32))
            {
                Some(d) => {
                    n.push(char::from_digit(d, 10)?);
                    used += c.len_utf8();
                }
                None => break,
            }
        }
        let n: i32 = n.parse().ok()?;
        Some((sign * n, used))
    };
    if let Some(after) = tail.strip_prefix('e') {
        let (n, used) = signed(after)?;
        return Some((n, &after[used..]));
    }
    let rest = tail.trim_start();
    let rest = ['×', 'x', '*', '·']
        .iter()
        .find_map(|times| rest.strip_prefix(*times))?
        .trim_start()
        .strip_prefix("10")?;
    let rest = rest
        .strip_prefix('^')
        .or_else(|| rest.strip_prefix("**"))
        .unwrap_or(rest);
    let (n, used) = signed(rest)?;
    Some((n, &rest[used..]))
}

/// A number in digits at the start of `rest`: its value and what follows it. `None` when `rest` does not
/// start with one; `Some(None)` when it does but is not a number ("1.2.3,4,5").
pub(super) fn take(rest: &str) -> Option<Option<(f64, &str)>> {
    let end = extent(rest);
    if end == 0 {
        return None;
    }
    let Some(mut number) = normal(&rest[..end]) else {
        return Some(None);
    };
    let mut tail = &rest[end..];
    if let Some((e, after)) = exponent(tail) {
        number.push_str(&format!("e{e}"));
        tail = after;
    }
    Some(
        number
            .parse::<f64>()
            .ok()
            .filter(|n| n.is_finite())
            .map(|n| (n, tail)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(s: &str) -> Option<(f64, &str)> {
        take(s).flatten()
    }

    #[test]
    fn reads_scientific_notation() {
        for (input, n) in [
            ("1.8e9", 1.8e9),
            ("1.8e+9", 1.8e9),
            ("18e8", 1.8e9),
            ("2.5e-3", 0.0025),
            ("1.8 × 10^9", 1.8e9),
            ("1.8x10^9", 1.8e9),
            ("1.8 * 10**9", 1.8e9),
            ("1.8·10⁹", 1.8e9),
            ("1,8e9", 1.8e9),
        ] {
            assert_eq!(value(input), Some((n, "")), "{input}");
        }
        assert_eq!(value("2 euros"), Some((2.0, " euros")));
        assert_eq!(
            value("2eur"),
            Some((2.0, "eur")),
            "no digits after e: not an exponent"
        );
        assert_eq!(value("1e999"), None, "too large to be a number");
    }

    #[test]
    fn a_space_before_the_decimal_point_is_a_slip() {
        assert_eq!(value("1 .8"), Some((1.8, "")));
        assert_eq!(value("1 ,8 bn"), Some((1.8, " bn")));
        assert_eq!(value("1 800 .5"), Some((1800.5, "")));
        assert_eq!(
            value("1, 8"),
            Some((1.0, ", 8")),
            "a comma and a space list numbers"
        );
        assert_eq!(value("1 . 8"), Some((1.0, " . 8")));
    }
}
