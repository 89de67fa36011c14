//! HTML in imported text (Anki fields, `[html]` GIFT questions) turned into plain text.

/// Text between tags as a browser shows it: each run of spaces and line breaks is one space (an editor's
/// indentation and line wrapping are not the author's line breaks).
fn push_collapsed(out: &mut String, text: &str) {
    for c in text.chars() {
        if c.is_ascii_whitespace() {
            if !out.ends_with([' ', '\n']) {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
}

/// Where the text after a comment or a `script`/`style` element opened at `rest`'s start goes on: what a
/// browser never shows (Word's pasted `<!--[if gte mso 9]>…<![endif]-->`, styles, scripts).
fn unshown(rest: &str) -> Option<usize> {
    if rest.starts_with("<!--") {
        return Some(rest.find("-->").map_or(rest.len(), |e| e + 3));
    }
    let lower = rest.get(..8).unwrap_or(rest).to_ascii_lowercase();
    let name = ["<script", "<style"].into_iter().find(|n| {
        lower.starts_with(n) && !rest[n.len()..].starts_with(|c: char| c.is_alphanumeric())
    })?;
    let close = format!("</{}", &name[1..]);
    // Found without lowering a copy of the rest, so that many scripts cost no more than one.
    let end = rest
        .as_bytes()
        .windows(close.len())
        .position(|w| w.eq_ignore_ascii_case(close.as_bytes()))
        .map_or(rest.len(), |e| {
            rest[e..].find('>').map_or(rest.len(), |g| e + g + 1)
        });
    Some(end)
}

/// Plain text from HTML: line breaks and block ends become newlines, other tags go, comments, scripts and
/// styles go with their content, runs of white space become one space, entities are decoded.
pub fn to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        push_collapsed(&mut out, &rest[..open]);
        if let Some(skip) = unshown(&rest[open..]) {
            rest = &rest[open + skip..];
            continue;
        }
        let Some(close) = rest[open..].find('>') else {
            push_collapsed(&mut out, &rest[open..]);
            rest = "";
            break;
        };
        let tag = rest[open + 1..open + close].trim().to_lowercase();
        let name = tag
            .trim_start_matches('/')
            .split(|c: char| c.is_whitespace() || c == '/')
            .next()
            .unwrap_or("");
        if matches!(name, "br" | "p" | "div" | "li" | "tr")
            && (name == "br" || tag.starts_with('/'))
        {
            out.push('\n');
        }
        rest = &rest[open + close + 1..];
    }
    push_collapsed(&mut out, rest);
    let decoded = decode_entities(&out);
    decoded
        .lines()
        .map(str::trim)
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_string()
}

pub fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp..];
        // An entity is short: looking further for its `;` would make text of many `&` quadratic.
        let end = after.bytes().take(11).position(|b| b == b';');
        let decoded = end.and_then(|e| {
            let name = &after[1..e];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" | "#39" => Some('\''),
                "nbsp" => Some(' '),
                _ if named(name).is_some() => named(name),
                _ => name
                    .strip_prefix("#x")
                    .or_else(|| name.strip_prefix("#X"))
                    .and_then(|h| u32::from_str_radix(h, 16).ok())
                    .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
                    .and_then(char::from_u32),
            };
            c.map(|c| (c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &after[e + 1..];
            }
            None => {
                out.push('&');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// HTML's named entities for Latin-1 (`&eacute;`, `&copy;`), in code point order from U+00A0.
const LATIN1: [&str; 96] = [
    "nbsp", "iexcl", "cent", "pound", "curren", "yen", "brvbar", "sect", "uml", "copy", "ordf",
    "laquo", "not", "shy", "reg", "macr", "deg", "plusmn", "sup2", "sup3", "acute", "micro",
    "para", "middot", "cedil", "sup1", "ordm", "raquo", "frac14", "frac12", "frac34", "iquest",
    "Agrave", "Aacute", "Acirc", "Atilde", "Auml", "Aring", "AElig", "Ccedil", "Egrave", "Eacute",
    "Ecirc", "Euml", "Igrave", "Iacute", "Icirc", "Iuml", "ETH", "Ntilde", "Ograve", "Oacute",
    "Ocirc", "Otilde", "Ouml", "times", "Oslash", "Ugrave", "Uacute", "Ucirc", "Uuml", "Yacute",
    "THORN", "szlig", "agrave", "aacute", "acirc", "atilde", "auml", "aring", "aelig", "ccedil",
    "egrave", "eacute", "ecirc", "euml", "igrave", "iacute", "icirc", "iuml", "eth", "ntilde",
    "ograve", "oacute", "ocirc", "otilde", "ouml", "divide", "oslash", "ugrave", "uacute", "ucirc",
    "uuml", "yacute", "thorn", "yuml",
];

/// The named entities editors write (Moodle's and Anki's alike): Latin-1 and typographic punctuation.
fn named(name: &str) -> Option<char> {
    if let Some(i) = LATIN1.iter().position(|n| *n == name) {
        return char::from_u32(0xA0 + i as u32);
    }
    Some(match name {
        "ndash" => '–',
        "mdash" => '—',
        "lsquo" => '‘',
        "rsquo" => '’',
        "sbquo" => '‚',
        "ldquo" => '“',
        "rdquo" => '”',
        "bdquo" => '„',
        "hellip" => '…',
        "bull" => '•',
        "euro" => '€',
        "trade" => '™',
        "minus" => '−',
        "le" => '≤',
        "ge" => '≥',
        "ne" => '≠',
        "larr" => '←',
        "rarr" => '→',
        _ => return None,
    })
}

/// Media references an HTML field holds (`<img src>`, `[sound:…]`), which kartka cannot show.
pub fn media(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    let lower = html.to_lowercase();
    let mut at = 0;
    while let Some(i) = lower[at..].find("<img") {
        let start = at + i;
        let end = lower[start..].find('>').map_or(lower.len(), |e| start + e);
        let tag = &html[start..end];
        if let Some(src) = tag.split("src=").nth(1) {
            let src = src.trim_start_matches(['"', '\'']);
            let src: String = src
                .chars()
                .take_while(|c| !matches!(c, '"' | '\'' | ' ' | '>'))
                .collect();
            found.push(src);
        }
        at = end;
    }
    let mut rest = html;
    while let Some(i) = rest.find("[sound:") {
        let after = &rest[i + 7..];
        let end = after.find(']').unwrap_or(after.len());
        found.push(after[..end].to_string());
        rest = &after[end..];
    }
    found
}

/// Text with `[sound:…]` references taken out.
pub fn without_sounds(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find("[sound:") {
        out.push_str(&rest[..i]);
        let after = &rest[i..];
        rest = after.find(']').map_or("", |e| &after[e + 1..]);
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_becomes_text() {
        assert_eq!(to_text("Minsk<br>Belarus"), "Minsk\nBelarus");
        assert_eq!(
            to_text("<div>One</div><div>Two &amp; three</div>"),
            "One\nTwo & three"
        );
        assert_eq!(
            to_text("<b>Bold</b>&nbsp;&lt;tag&gt; &#1052;&#x0456;"),
            "Bold <tag> Мі"
        );
        assert_eq!(to_text("AT&T & co"), "AT&T & co");
        assert_eq!(
            to_text("caf&eacute; &laquo;Minsk&raquo; &ndash; &Uuml;&yuml; &bogus;"),
            "café «Minsk» – Üÿ &bogus;"
        );
        assert_eq!(to_text("a < b"), "a < b");
        assert_eq!(
            to_text("<text>\n  <p>Two  spaces,\n wrapped</p>\n  <p>and a\tparagraph</p>\n</text>"),
            "Two spaces, wrapped\nand a paragraph"
        );
    }

    #[test]
    fn what_a_browser_never_shows_is_left_out() {
        assert_eq!(
            to_text("<!--[if gte mso 9]><xml><o:p>x</o:p></xml><![endif]--><p>Minsk</p>"),
            "Minsk"
        );
        assert_eq!(
            to_text("Which<SCRIPT type=x>alert(1)</Script> city?<style>p { color: red }</style>"),
            "Which city?"
        );
        // An element that only starts like one is kept; an unclosed one hides the rest, as in a browser.
        assert_eq!(to_text("<scripture>Genesis</scripture>"), "Genesis");
        assert_eq!(to_text("a<!-- never closed"), "a");
    }

    /// A field of nothing but ampersands: each is looked at once, not searched past to the end.
    #[test]
    fn many_ampersands_decode_as_themselves() {
        let text = "&".repeat(200_000);
        assert_eq!(decode_entities(&text), text);
    }

    #[test]
    fn media_are_found() {
        assert_eq!(
            media("<img src=\"park.jpg\"> [sound:anthem.mp3]"),
            ["park.jpg", "anthem.mp3"]
        );
        assert_eq!(without_sounds("Hear [sound:a.mp3]this"), "Hear this");
    }
}
