//! HTML in imported text (Anki fields, `[html]` GIFT questions) turned into plain text.

/// Plain text from HTML: line breaks and block ends become newlines, other tags go, entities are decoded.
pub fn to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('>') else {
            out.push_str(&rest[open..]);
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
    out.push_str(rest);
    let decoded = decode_entities(&out);
    decoded
        .lines()
        .map(str::trim_end)
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
        let end = after.find(';').filter(|e| *e <= 10);
        let decoded = end.and_then(|e| {
            let name = &after[1..e];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" | "#39" => Some('\''),
                "nbsp" => Some(' '),
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
        assert_eq!(to_text("a < b"), "a < b");
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
