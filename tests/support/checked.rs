//! A card in a small deck, and `kartka check`'s output for a deck as a teacher sees it (no colour): for the
//! tests that pin diagnostics.

use kartka::deck::{parse, render_all};

/// A deck with one source, to which a test adds one card.
pub const HEAD: &str = r#"[deck]
id = "demo"
title = "Demo"

[[sources]]
id = "it-history"
title = "Belarusian IT history"
"#;

pub fn card(body: &str) -> String {
    format!("{HEAD}\n[[cards]]\n{body}")
}

pub fn check(source: &str) -> String {
    let loaded = parse(source);
    render_all(&loaded.diagnostics, "deck.toml", source, false)
}
