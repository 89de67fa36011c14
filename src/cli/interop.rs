//! `kartka import` and `kartka export`.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::ValueEnum;

use super::{EXIT_OK, Env, plural, warn};
use crate::Error;
use crate::clock::Clock;
use crate::deck::catalog::Catalog;
use crate::interop::anki::{apkg, text as anki_text};
use crate::interop::{self, anki, cards, csv, gift, markdown, moodle_xml, write};
use crate::sanitize;

/// `kartka import --help`, after the options: examples, the formats and the CSV columns.
pub const IMPORT_HELP: &str = "Examples:\n  kartka import bank.gift --out decks/bank.toml\n  \
                            kartka import cards.csv > cards.toml\n  kartka import history.apkg --id history --out history.toml\n  \
                            kartka import collection.colpkg --with-history --out anki.toml\n\n\
                            Formats (from the extension, or --from):\n  \
                            .csv .tsv   a spreadsheet; see the columns below\n  \
                            .gift       a Moodle GIFT bank, read by Moodle's rules: choice, multi, true/false, short answer, \
                            numerical, matching, missing word; partial credit and feedback kept; categories become tags\n  \
                            .xml        a Moodle XML bank: the same, and ordering, cloze (embedded answers) and gapselect\n  \
                            .apkg       an Anki package (.colpkg too, from any Anki version): each note as its card template asks it; \
                            its tags kept, and its deck path as tags, one per level (`Belarus IT::Companies` gives \
                            belarus-it and companies)\n  \
                            .txt        Anki's Notes in Plain Text, told by its `#separator:`, `#html:`, `#notetype:`… \
                            headers (whatever the extension), read as Anki reads them\n\n\
                            CSV/TSV columns, named in a header row in any order (other tools' names in brackets):\n  \
                            id (guid)                  the card id; made from the prompt when absent\n  \
                            kind (type)                flash, text, choice, multi, truefalse, number, cloze, order, match;\n  \
                            \x20                          guessed from the other columns when absent\n  \
                            prompt (question, term)    the question\n  \
                            answer (answers, correct)  the answer; for multi, every right option\n  \
                            accept (alternatives)      other answers that count as right; for cloze, `c1: answer`\n  \
                            options (choices)          the options of a choice or multi card\n  \
                            front, back (definition)   the two sides of a flash card\n  \
                            unit, tolerance            for number cards\n  \
                            text (cloze)               a cloze text with {{c1::...}} deletions\n  \
                            items                      an order card's items, in the right order\n  \
                            pairs                      a match card's pairs, each written `left -> right`\n  \
                            reverse, case_sensitive, accent_sensitive, typos   true/false (typos: a number or auto)\n  \
                            credit, feedback           JSON objects keyed by answer: {\"Galilee\": 50}, {\"*\": \"Not quite\"};\n  \
                            \x20                          a feedback that is plain text is the explanation\n  \
                            explain (explanation, general feedback), source, tags (tag)\n\
                            Several values in one cell are separated by `|`. A file of two columns without a header \
                            is the front and back of flash cards (a Quizlet or Anki text export). Whatever cannot be \
                            carried over is reported as a warning with its line.";

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum From {
    /// From the file's extension, or its content.
    Auto,
    /// Comma-separated values, with a header row naming the columns (or two columns: front and back).
    Csv,
    /// Tab-separated values, with the same columns as CSV (a Quizlet or Anki text export).
    Tsv,
    /// A Moodle GIFT question bank.
    Gift,
    /// A Moodle XML question bank.
    MoodleXml,
    /// An Anki package (.apkg).
    Anki,
    /// Anki's "Notes in Plain Text" (.txt), read by its `#` headers as Anki reads them.
    AnkiText,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum To {
    /// Moodle's GIFT format, for a question bank (every kind but order).
    Gift,
    /// Moodle XML, every kind (cloze as embedded answers, order as ordering questions).
    MoodleXml,
    /// Anki's "Notes in Plain Text" import, with its headers (HTML fields, note types, deck, tags, GUIDs).
    AnkiTsv,
    /// An Anki package (.apkg) with Anki's own Basic, reversed, type-in and Cloze note types; needs --out.
    Apkg,
    /// A spreadsheet, one row per card, with the same columns `kartka import` reads.
    Csv,
    /// A printable handout with an answer key.
    Markdown,
}

/// The format of a file, from its extension or, failing that, its first kilobytes.
fn detect(path: &Path, bytes: &[u8]) -> From {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]);
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_lowercase);
    // Anki's headers say what the file is, whatever it is called: a notes export renamed to .csv too.
    if matches!(extension.as_deref(), None | Some("txt" | "tsv" | "csv"))
        && anki_text::is_anki_text(&head)
    {
        return From::AnkiText;
    }
    match extension.as_deref() {
        Some("csv") => return From::Csv,
        Some("tsv") => return From::Tsv,
        Some("gift") => return From::Gift,
        Some("xml") => return From::MoodleXml,
        Some("apkg" | "colpkg") => return From::Anki,
        _ => {}
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return From::Anki;
    }
    if is_xml(bytes) {
        return From::MoodleXml;
    }
    if head.contains('{') && head.contains('}') && (head.contains('=') || head.contains('~')) {
        From::Gift
    } else if head.contains('\t') {
        From::Tsv
    } else {
        From::Csv
    }
}

/// An XML file by its first bytes: Moodle's other export format, whatever its name.
fn is_xml(bytes: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]);
    let head = head.trim_start_matches('\u{feff}').trim_start();
    head.starts_with("<?xml") || head.starts_with("<quiz")
}

fn slug(text: &str) -> String {
    let s = interop::draft::slug(text, 60);
    if s.is_empty() { "imported".into() } else { s }
}

pub struct ImportArgs {
    pub file: PathBuf,
    pub from: From,
    pub out: Option<PathBuf>,
    pub id: Option<String>,
    pub title: Option<String>,
    pub force: bool,
    pub strict: bool,
    pub with_history: bool,
}

pub fn import(
    out: &mut impl Write,
    env: &Env,
    clock: &dyn Clock,
    args: &ImportArgs,
) -> Result<u8, Error> {
    // Anki packages carry media; text formats are held to the deck size limit.
    let bytes = crate::read_limited(&args.file, 512 * 1024 * 1024)?;
    let is_package = matches!(args.from, From::Anki) || bytes.starts_with(b"PK\x03\x04");
    if !is_package && bytes.len() > crate::deck::MAX_DECK_BYTES {
        return Err(Error::TooLarge {
            path: args.file.clone(),
            limit: crate::deck::MAX_DECK_BYTES,
        });
    }
    let stem = args
        .file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let id = args.id.clone().unwrap_or_else(|| slug(&stem));
    let title = args
        .title
        .clone()
        .unwrap_or_else(|| stem.replace(['-', '_'], " "));
    let origin = args.file.display().to_string();
    let format = match args.from {
        From::Auto => detect(&args.file, &bytes),
        f => f,
    };
    let text = || -> Result<String, Error> {
        let text = String::from_utf8(bytes.clone()).map_err(|_| Error::NotUtf8 {
            path: args.file.clone(),
        })?;
        Ok(text
            .strip_prefix('\u{feff}')
            .map(str::to_string)
            .unwrap_or(text))
    };
    if args.with_history && format != From::Anki {
        return Err(Error::Import {
            origin,
            line: None,
            message: "--with-history reads an Anki package's review history; this file is no Anki package".into(),
        });
    }
    let mut history = Vec::new();
    let imported = match format {
        From::Anki if args.with_history => {
            let (imported, read) =
                anki::import_with_history(&bytes, &origin, &id, &title, *clock.now().offset())?;
            history = read;
            imported
        }
        From::Csv => csv::import(&text()?, b',', &origin, &id, &title)?,
        From::Tsv => csv::import(&text()?, b'\t', &origin, &id, &title)?,
        From::Gift => gift::import(&text()?, &origin, &id, &title)?,
        From::MoodleXml => cards::to_deck(moodle_xml::read(&text()?)?, &origin, &id, &title)?,
        From::AnkiText => cards::to_deck(anki_text::read(&text()?), &origin, &id, &title)?,
        From::Anki | From::Auto => anki::import(&bytes, &origin, &id, &title)?,
    };
    let mut warnings = imported.warnings.clone();
    // The history is replayed before anything is written: its warnings count for --strict too.
    let replayed = if args.with_history {
        let config = crate::config::Config::load(env.home.as_deref())?;
        let scheduler =
            crate::schedule::Scheduler::new(config.effective(Some(&imported.deck.id)).settings)?;
        let replayed = crate::interop::history::replay(&imported.deck, &history, &scheduler)?;
        warnings.extend(replayed.warnings.iter().cloned());
        Some(replayed)
    } else {
        None
    };
    for w in &warnings {
        match w.line {
            Some(line) => warn(&format!("{origin}:{line}: {}", w.message)),
            None => warn(&format!("{origin}: {}", w.message)),
        }
    }
    if args.strict && !warnings.is_empty() {
        return Err(Error::Import {
            origin,
            line: None,
            message: format!(
                "{} with --strict; nothing written",
                plural(warnings.len(), "warning")
            ),
        });
    }
    // The progress first, so that a history the store refuses leaves no deck written either; a deck
    // file that may not be replaced is refused before the progress is touched.
    let brought = match replayed {
        Some(replayed) => {
            if let Some(path) = args.out.as_ref().filter(|p| p.exists() && !args.force) {
                return Err(Error::Exists { path: path.clone() });
            }
            Some(bring_history(
                env,
                clock,
                &imported.deck,
                &replayed,
                &origin,
            )?)
        }
        None => None,
    };
    let toml = write::to_toml(&imported.deck);
    let summary = format!(
        "Imported {} from {} ({}).",
        plural(imported.deck.cards.len(), "card"),
        sanitize::path(&args.file),
        imported
            .deck
            .kinds()
            .iter()
            .map(|k| k.name())
            .collect::<Vec<_>>()
            .join(", ")
    );
    // Standard output holds the deck when no --out was given: the summaries go to standard error.
    let said = match &args.out {
        Some(path) => {
            interop::write_new(path, &toml, args.force)?;
            writeln!(
                out,
                "{summary} Wrote {0}; check it with `kartka check {0}`.",
                sanitize::path(path)
            )
            .map_err(Error::Output)?;
            brought.map(|b| writeln!(out, "{b}").map_err(Error::Output))
        }
        None => {
            out.write_all(toml.as_bytes()).map_err(Error::Output)?;
            let _ = writeln!(anstream::stderr(), "{summary}");
            brought.map(|b| {
                let _ = writeln!(anstream::stderr(), "{b}");
                Ok(())
            })
        }
    };
    said.transpose()?;
    Ok(EXIT_OK)
}

/// Writes the replayed answers into the progress store under the new deck's id; what came, in a line.
fn bring_history(
    env: &Env,
    clock: &dyn Clock,
    deck: &crate::deck::Deck,
    replayed: &crate::interop::history::Replayed,
    origin: &str,
) -> Result<String, Error> {
    if replayed.reviews.is_empty() {
        return Ok("The package holds no review history: every card starts new.".to_string());
    }
    let mut store = super::plan::open_store(env)?;
    if let Err(why) = store.import_history(&deck.id, &replayed.states, &replayed.reviews)? {
        return Err(Error::Import {
            origin: origin.to_string(),
            line: None,
            message: format!("{why}; nothing written"),
        });
    }
    let now = clock.now();
    let due = replayed
        .states
        .iter()
        .filter(|(_, c)| c.due <= now && !c.suspended)
        .count();
    Ok(format!(
        "Brought in the history of {}: {}, the last on {}. {} due now.",
        plural(replayed.states.len(), "card"),
        plural(replayed.reviews.len(), "answer"),
        replayed
            .reviews
            .iter()
            .map(|r| r.at)
            .max()
            .map(|at| at.format("%Y-%m-%d").to_string())
            .unwrap_or_default(),
        plural(due, "card"),
    ))
}

pub fn export(
    out: &mut impl Write,
    env: &Env,
    deck: &str,
    to: To,
    path: Option<&Path>,
    force: bool,
    clock: &dyn Clock,
) -> Result<u8, Error> {
    let entry = Catalog::load(env.home.as_deref())?.resolve(deck)?;
    let deck = &entry.deck()?;
    let (bytes, warnings) = match to {
        To::Gift => text(gift::export(deck)),
        To::MoodleXml => text(moodle_xml::export(deck)),
        To::AnkiTsv => text(anki_text::export_tsv(deck)),
        To::Csv => (csv::export(deck).into_bytes(), vec![]),
        To::Markdown => (
            markdown::export(deck).into_bytes(),
            markdown::left_out(deck),
        ),
        To::Apkg => {
            if path.is_none() {
                return Err(Error::Usage(
                    "an Anki package is a zip file, not text: name it with --out, e.g. --out deck.apkg".into(),
                ));
            }
            apkg::export(deck, clock.now().timestamp_millis())?
        }
    };
    for w in grouped(&warnings) {
        warn(&w);
    }
    match path {
        Some(p) => {
            crate::atomic::write(p, &bytes, force, crate::atomic::Access::Shared)?;
            writeln!(
                out,
                "Exported {} to {}.",
                plural(deck.cards.len(), "card"),
                sanitize::path(p)
            )
            .map_err(Error::Output)?;
        }
        None => out.write_all(&bytes).map_err(Error::Output)?,
    }
    Ok(EXIT_OK)
}

fn text((text, warnings): (String, Vec<String>)) -> (Vec<u8>, Vec<String>) {
    (text.into_bytes(), warnings)
}

/// Export warnings (`card: what`) with one line for each thing that happened to several cards, so that a
/// deck's worth of the same note does not hide the one that matters.
fn grouped(warnings: &[String]) -> Vec<String> {
    const NAMED: usize = 3;
    let mut order: Vec<&str> = Vec::new();
    let mut cards: std::collections::HashMap<&str, Vec<&str>> = std::collections::HashMap::new();
    for w in warnings {
        let (card, what) = w.split_once(": ").unwrap_or(("", w));
        let entry = cards.entry(what).or_default();
        if entry.is_empty() {
            order.push(what);
        }
        entry.push(card);
    }
    order
        .into_iter()
        .map(|what| match cards[what].as_slice() {
            [""] => what.to_string(),
            [one] => format!("{one}: {what}"),
            many => {
                let mut named = many[..many.len().min(NAMED)].join(", ");
                if many.len() > NAMED {
                    named.push_str(&format!(" and {} more", many.len() - NAMED));
                }
                format!("{what}: {} cards ({named})", many.len())
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::grouped;

    #[test]
    fn the_same_warning_for_several_cards_is_one_line() {
        let w: Vec<String> = [
            "a: only the first tag becomes its category",
            "b: GIFT has no units; `%` is added to the question",
            "c: only the first tag becomes its category",
            "d: only the first tag becomes its category",
            "e: only the first tag becomes its category",
            "36 cards become Basic notes",
        ]
        .map(String::from)
        .to_vec();
        assert_eq!(
            grouped(&w),
            [
                "only the first tag becomes its category: 4 cards (a, c, d and 1 more)",
                "b: GIFT has no units; `%` is added to the question",
                "36 cards become Basic notes",
            ]
        );
    }
}
