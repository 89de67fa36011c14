//! `kartka decks`: every known deck.

use std::io::Write;

use serde::Serialize;

use super::{EXIT_FAILURE, EXIT_OK, Env, truncate};
use crate::Error;
use crate::deck::Kind;
use crate::deck::catalog::Catalog;
use crate::sanitize;
use crate::style;

#[derive(Serialize)]
struct Listing<'a> {
    id: &'a str,
    title: &'a str,
    description: Option<&'a str>,
    cards: usize,
    /// Study items: a reversed flash card counts twice, a cloze card once per deletion number.
    items: usize,
    kinds: Vec<Kind>,
    tags: &'a [String],
    /// `built-in`, `config` or `path`.
    origin: &'static str,
    path: Option<String>,
}

pub fn run(out: &mut impl Write, env: &Env, json: bool) -> Result<u8, Error> {
    let catalog = Catalog::load(env.home.as_deref())?;
    let listings: Vec<Listing> = catalog
        .entries
        .iter()
        .map(|e| Listing {
            id: e.id(),
            title: e.outline.title(),
            description: e.outline.head().description.as_deref(),
            cards: e.outline.len(),
            items: e.outline.item_count(),
            kinds: e.outline.kinds(),
            tags: &e.outline.head().tags,
            origin: e.origin.kind(),
            path: e.origin.path().map(|p| p.display().to_string()),
        })
        .collect();
    if json {
        let text = serde_json::to_string_pretty(&listings).expect("listings serialise");
        writeln!(out, "{}", sanitize::unicode_escaped(&text)).map_err(Error::Output)?;
    } else if listings.is_empty() {
        writeln!(
            out,
            "No decks yet. Put deck files in the config directory's decks/ folder, or name a path."
        )
        .map_err(Error::Output)?;
    } else {
        let id_w = listings
            .iter()
            .map(|l| l.id.chars().count())
            .max()
            .unwrap_or(0)
            .max(2);
        let title_w = listings
            .iter()
            .map(|l| l.title.chars().count())
            .max()
            .unwrap_or(0)
            .clamp(5, 40);
        let h = style::HEADING;
        writeln!(
            out,
            "{}{:id_w$}  {:title_w$}  {:>5}  {:8}  KINDS{}",
            h.render(),
            "ID",
            "TITLE",
            "CARDS",
            "FROM",
            h.render_reset()
        )
        .map_err(Error::Output)?;
        for l in &listings {
            let kinds: Vec<&str> = l.kinds.iter().map(|k| k.name()).collect();
            writeln!(
                out,
                "{:id_w$}  {:title_w$}  {:>5}  {:8}  {}",
                l.id,
                truncate(&sanitize::one_line(l.title), title_w),
                l.cards,
                l.origin,
                kinds.join(" ")
            )
            .map_err(Error::Output)?;
        }
    }
    let mut err = anstream::stderr();
    for (file, loaded) in &catalog.broken {
        let origin = sanitize::one_line(&file.origin.to_string()).into_owned();
        let _ = writeln!(
            err,
            "{}error:{} {origin} has {} and is left out; run `kartka check {origin}`",
            style::ERROR.render(),
            style::ERROR.render_reset(),
            super::plural(loaded.error_count(), "error"),
        );
    }
    for conflict in &catalog.conflicts {
        super::report(&conflict.into());
    }
    Ok(
        if catalog.broken.is_empty() && catalog.conflicts.is_empty() {
            EXIT_OK
        } else {
            EXIT_FAILURE
        },
    )
}
