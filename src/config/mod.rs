//! `config.toml` in the config directory: scheduling settings and daily limits, globally and per deck.
//!
//! ```toml
//! desired_retention = 0.9
//! new_per_day = 20
//! [decks.belarus-htp]
//! new_per_day = 10
//! bury_new = false
//! ```
//!
//! A `[class]` table names the class the student joined (see [`crate::class`]).
//!
//! Errors are reported with line and column, like a deck's.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use chrono::Duration;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::Error;
use crate::class::{self, Class};
use crate::deck::{Diagnostic, render_all};
use crate::schedule::{BadDuration, MAX_DAYS, Settings, format_duration, parse_duration};
use crate::session::Bury;
use crate::suggest;

pub const FILE_NAME: &str = "config.toml";

/// A config file is a few lines; this is far more than any needs.
const MAX_BYTES: usize = 1024 * 1024;

/// One layer of settings: every field optional, so that layers can be stacked.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Layer {
    pub desired_retention: Option<f32>,
    pub new_per_day: Option<u32>,
    pub reviews_per_day: Option<u32>,
    pub learning_steps: Option<Vec<Duration>>,
    pub relearning_steps: Option<Vec<Duration>>,
    pub maximum_interval: Option<u32>,
    pub rollover_hour: Option<u32>,
    pub leech_threshold: Option<u32>,
    pub fuzz: Option<bool>,
    pub parameters: Option<Vec<f32>>,
    pub bury_new: Option<bool>,
    pub bury_reviews: Option<bool>,
    pub bury_interday_learning: Option<bool>,
}

/// The keys, in the order `kartka config` prints them.
pub const KEYS: [&str; 13] = [
    "desired_retention",
    "new_per_day",
    "reviews_per_day",
    "learning_steps",
    "relearning_steps",
    "maximum_interval",
    "rollover_hour",
    "leech_threshold",
    "fuzz",
    "parameters",
    "bury_new",
    "bury_reviews",
    "bury_interday_learning",
];

/// The config file as read: global settings and per-deck overrides.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Config {
    /// Where it was looked for; `None` when there is no config directory.
    pub path: Option<PathBuf>,
    pub exists: bool,
    pub global: Layer,
    pub decks: BTreeMap<String, Layer>,
    /// The class the student joined (`[class]`), if any: nothing is sent anywhere without one.
    pub class: Option<Class>,
}

/// Where an effective value comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum From {
    Default,
    File,
    Deck,
}

impl fmt::Display for From {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            From::Default => "default",
            From::File => "config.toml",
            From::Deck => "config.toml, this deck",
        })
    }
}

/// The settings in force for one deck, and where each came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Effective {
    pub settings: Settings,
    pub new_per_day: u32,
    pub reviews_per_day: u32,
    pub bury: Bury,
    pub from: BTreeMap<&'static str, From>,
}

impl Config {
    /// Reads `<home>/config.toml`; a missing file means the defaults.
    pub fn load(home: Option<&Path>) -> Result<Config, Error> {
        let Some(home) = home else {
            return Ok(Config::default());
        };
        let path = home.join(FILE_NAME);
        // Read like any untrusted file: a FIFO or a device named config.toml must not hang every command.
        let bytes = match crate::read_limited(&path, MAX_BYTES) {
            Ok(b) => b,
            Err(Error::Read { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => {
                return Ok(Config {
                    path: Some(path),
                    ..Config::default()
                });
            }
            Err(e) => return Err(e),
        };
        let text = String::from_utf8(bytes).map_err(|_| Error::NotUtf8 { path: path.clone() })?;
        let mut config = parse(&text).map_err(|diagnostics| Error::InvalidConfig {
            count: diagnostics.len(),
            report: render_all(&diagnostics, &path.display().to_string(), &text, true),
            path: path.clone(),
        })?;
        config.path = Some(path);
        config.exists = true;
        Ok(config)
    }

    /// The settings for `deck`: its overrides over the file's over the defaults.
    pub fn effective(&self, deck: Option<&str>) -> Effective {
        let defaults = Settings::default();
        let mut e = Effective {
            settings: defaults,
            new_per_day: 20,
            reviews_per_day: 200,
            bury: Bury::default(),
            from: KEYS.iter().map(|k| (*k, From::Default)).collect(),
        };
        let layers = [
            Some((&self.global, From::File)),
            deck.and_then(|d| self.decks.get(d))
                .map(|l| (l, From::Deck)),
        ];
        for (layer, from) in layers.into_iter().flatten() {
            let s = &mut e.settings;
            let mut set = |key: &'static str, present: bool| {
                if present {
                    e.from.insert(key, from);
                }
            };
            set("desired_retention", layer.desired_retention.is_some());
            set("new_per_day", layer.new_per_day.is_some());
            set("reviews_per_day", layer.reviews_per_day.is_some());
            set("learning_steps", layer.learning_steps.is_some());
            set("relearning_steps", layer.relearning_steps.is_some());
            set("maximum_interval", layer.maximum_interval.is_some());
            set("rollover_hour", layer.rollover_hour.is_some());
            set("leech_threshold", layer.leech_threshold.is_some());
            set("fuzz", layer.fuzz.is_some());
            set("parameters", layer.parameters.is_some());
            set("bury_new", layer.bury_new.is_some());
            set("bury_reviews", layer.bury_reviews.is_some());
            set(
                "bury_interday_learning",
                layer.bury_interday_learning.is_some(),
            );
            s.desired_retention = layer.desired_retention.unwrap_or(s.desired_retention);
            s.learning_steps = layer
                .learning_steps
                .clone()
                .unwrap_or(s.learning_steps.clone());
            s.relearning_steps = layer
                .relearning_steps
                .clone()
                .unwrap_or(s.relearning_steps.clone());
            s.maximum_interval = layer.maximum_interval.unwrap_or(s.maximum_interval);
            s.rollover_hour = layer.rollover_hour.unwrap_or(s.rollover_hour);
            s.leech_threshold = layer.leech_threshold.unwrap_or(s.leech_threshold);
            s.fuzz = layer.fuzz.unwrap_or(s.fuzz);
            s.parameters = layer.parameters.clone().unwrap_or(s.parameters.clone());
            e.new_per_day = layer.new_per_day.unwrap_or(e.new_per_day);
            e.reviews_per_day = layer.reviews_per_day.unwrap_or(e.reviews_per_day);
            let b = &mut e.bury;
            b.new = layer.bury_new.unwrap_or(b.new);
            b.reviews = layer.bury_reviews.unwrap_or(b.reviews);
            b.interday_learning = layer.bury_interday_learning.unwrap_or(b.interday_learning);
        }
        e
    }
}

impl Effective {
    /// One key's value as TOML, as `kartka config` prints it.
    pub fn value(&self, key: &str) -> String {
        let steps = |s: &[Duration]| {
            let items: Vec<String> = s
                .iter()
                .map(|d| format!("\"{}\"", format_duration(*d)))
                .collect();
            format!("[{}]", items.join(", "))
        };
        let s = &self.settings;
        match key {
            "desired_retention" => format!("{}", s.desired_retention),
            "new_per_day" => self.new_per_day.to_string(),
            "reviews_per_day" => self.reviews_per_day.to_string(),
            "learning_steps" => steps(&s.learning_steps),
            "relearning_steps" => steps(&s.relearning_steps),
            "maximum_interval" => s.maximum_interval.to_string(),
            "rollover_hour" => s.rollover_hour.to_string(),
            "leech_threshold" => s.leech_threshold.to_string(),
            "fuzz" => s.fuzz.to_string(),
            "bury_new" => self.bury.new.to_string(),
            "bury_reviews" => self.bury.reviews.to_string(),
            "bury_interday_learning" => self.bury.interday_learning.to_string(),
            "parameters" if s.parameters.is_empty() => "[]  # FSRS-6 defaults".to_string(),
            "parameters" => format!(
                "[{}]",
                s.parameters
                    .iter()
                    .map(|p| format!("{p:.4}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            _ => String::new(),
        }
    }
}

/// Changes `<home>/config.toml` with `change`, which says whether it changed anything, keeping everything
/// else in the file (comments, order, other settings) as it was. A missing file starts empty. The file is
/// replaced atomically, readable by its owner only (it may hold a class's password). Returns the path and
/// whether the file was written.
pub fn edit(
    home: &Path,
    change: impl FnOnce(&mut toml_edit::DocumentMut) -> Result<bool, Error>,
) -> Result<(PathBuf, bool), Error> {
    let path = home.join(FILE_NAME);
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(source) => return Err(Error::Read { path, source }),
    };
    let mut doc: toml_edit::DocumentMut =
        text.parse()
            .map_err(|e: toml_edit::TomlError| Error::InvalidConfig {
                path: path.clone(),
                count: 1,
                report: format!("{e}\n"),
            })?;
    if !change(&mut doc)? {
        return Ok((path, false));
    }
    crate::atomic::write(
        &path,
        doc.to_string().as_bytes(),
        true,
        crate::atomic::Access::Private,
    )?;
    Ok((path, true))
}

/// Writes FSRS parameters into `<home>/config.toml`, globally or under `[decks.ID]`.
pub fn save_parameters(
    home: &Path,
    deck: Option<&str>,
    parameters: &[f32],
) -> Result<PathBuf, Error> {
    let path = home.join(FILE_NAME);
    let mut values = toml_edit::Array::new();
    for p in parameters {
        // Four decimals are what the optimizer's precision is worth, and keep the line readable.
        values.push((f64::from(*p) * 10_000.0).round() / 10_000.0);
    }
    edit(home, |doc| {
        let table = match deck {
            None => doc.as_table_mut(),
            Some(id) => {
                let decks = doc
                    .entry("decks")
                    .or_insert_with(|| {
                        let mut t = toml_edit::Table::new();
                        t.set_implicit(true);
                        toml_edit::Item::Table(t)
                    })
                    .as_table_mut()
                    .ok_or_else(|| {
                        Error::Usage(format!("`decks` in {} is not a table", path.display()))
                    })?;
                decks
                    .entry(id)
                    .or_insert_with(|| toml_edit::Item::Table(toml_edit::Table::new()))
                    .as_table_mut()
                    .ok_or_else(|| {
                        Error::Usage(format!("`decks.{id}` in {} is not a table", path.display()))
                    })?
            }
        };
        table.insert("parameters", toml_edit::value(values));
        Ok(true)
    })
    .map(|(path, _)| path)
}

/// Parses a config file's text; every problem is reported.
pub fn parse(text: &str) -> Result<Config, Vec<Diagnostic>> {
    let (root, errors) = DeTable::parse_recoverable(text);
    if !errors.is_empty() {
        return Err(Diagnostic::invalid_toml(
            errors,
            "see `kartka config --help` for the settings and their form",
        ));
    }
    let mut diags = Vec::new();
    let mut config = Config::default();
    for (key, value) in root.get_ref().iter() {
        if key.get_ref() == "class" {
            config.class = class::read(value, &mut diags);
        } else if key.get_ref() == "decks" {
            match value.get_ref() {
                DeValue::Table(decks) => {
                    for (deck, layer) in decks.iter() {
                        match layer.get_ref() {
                            DeValue::Table(t) => {
                                config
                                    .decks
                                    .insert(deck.get_ref().to_string(), read_layer(t, &mut diags));
                            }
                            _ => diags.push(
                                Diagnostic::error(format!(
                                    "`decks.{}` must be a table",
                                    deck.get_ref()
                                ))
                                .at(layer.span(), "expected a table")
                                .help(format!(
                                    "write `[decks.{}]` and the settings below it",
                                    deck.get_ref()
                                )),
                            ),
                        }
                    }
                }
                _ => diags.push(
                    Diagnostic::error("`decks` must be a table of per-deck settings")
                        .at(value.span(), "expected a table")
                        .help("write `[decks.DECK-ID]` followed by the settings for that deck"),
                ),
            }
        }
    }
    let globals: DeTable = root
        .get_ref()
        .iter()
        .filter(|(k, _)| !matches!(k.get_ref().as_ref(), "decks" | "class"))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    config.global = read_layer(&globals, &mut diags);
    diags.sort_by_key(|d| d.primary.as_ref().map_or(usize::MAX, |(s, _)| s.start));
    if diags.is_empty() {
        Ok(config)
    } else {
        Err(diags)
    }
}

fn whole(
    v: &Spanned<DeValue<'_>>,
    key: &str,
    range: std::ops::RangeInclusive<i64>,
    diags: &mut Vec<Diagnostic>,
) -> Option<u32> {
    let n = match v.get_ref() {
        DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix()).ok(),
        _ => None,
    };
    match n {
        Some(n) if range.contains(&n) => Some(n as u32),
        _ => {
            diags.push(
                Diagnostic::error(format!(
                    "`{key}` must be a whole number from {} to {}",
                    range.start(),
                    range.end()
                ))
                .at(v.span(), "out of range or not a whole number"),
            );
            None
        }
    }
}

fn boolean(v: &Spanned<DeValue<'_>>, key: &str, diags: &mut Vec<Diagnostic>) -> Option<bool> {
    match v.get_ref() {
        DeValue::Boolean(b) => Some(*b),
        _ => {
            diags.push(
                Diagnostic::error(format!("`{key}` must be true or false"))
                    .at(v.span(), "expected true or false"),
            );
            None
        }
    }
}

fn steps(
    v: &Spanned<DeValue<'_>>,
    key: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<Vec<Duration>> {
    let bad = |diags: &mut Vec<Diagnostic>, span| {
        diags.push(
            Diagnostic::error(format!("`{key}` must be a list of durations"))
                .at(
                    span,
                    "expected durations such as \"1m\", \"10m\", \"1h\" or \"1d\"",
                )
                .help(format!(
                    "write `{key} = [\"1m\", \"10m\"]`, or `[]` for none"
                )),
        );
    };
    let DeValue::Array(items) = v.get_ref() else {
        bad(diags, v.span());
        return None;
    };
    let mut out = Vec::new();
    for item in items.iter() {
        match item.get_ref().as_str().map(parse_duration) {
            Some(Ok(d)) => out.push(d),
            Some(Err(BadDuration::TooLong)) => {
                diags.push(
                    Diagnostic::error(format!(
                        "`{key}` must be at most {MAX_DAYS} days (100 years) each"
                    ))
                    .at(item.span(), "too long")
                    .help("steps are minutes, hours or days, such as \"10m\", \"1h\" or \"1d\""),
                );
                return None;
            }
            Some(Err(BadDuration::Form)) | None => {
                bad(diags, item.span());
                return None;
            }
        }
    }
    Some(out)
}

fn read_layer(t: &DeTable<'_>, diags: &mut Vec<Diagnostic>) -> Layer {
    let mut layer = Layer::default();
    for (key, v) in t.iter() {
        let name = key.get_ref().as_ref();
        match name {
            "desired_retention" => {
                let n = match v.get_ref() {
                    DeValue::Float(f) => f.as_str().parse::<f64>().ok(),
                    _ => None,
                };
                match n {
                    Some(r) if (0.70..=0.99).contains(&r) => layer.desired_retention = Some(r as f32),
                    _ => diags.push(
                        Diagnostic::error("`desired_retention` must be between 0.70 and 0.99")
                            .at(v.span(), "out of range")
                            .help("0.9 asks you to remember 90% of cards when they come due; higher means more reviews"),
                    ),
                }
            }
            "new_per_day" => layer.new_per_day = whole(v, name, 0..=9999, diags),
            "reviews_per_day" => layer.reviews_per_day = whole(v, name, 0..=99999, diags),
            "maximum_interval" => layer.maximum_interval = whole(v, name, 1..=MAX_DAYS, diags),
            "rollover_hour" => layer.rollover_hour = whole(v, name, 0..=23, diags),
            "leech_threshold" => layer.leech_threshold = whole(v, name, 1..=99, diags),
            "learning_steps" => layer.learning_steps = steps(v, name, diags),
            "relearning_steps" => layer.relearning_steps = steps(v, name, diags),
            "fuzz" => layer.fuzz = boolean(v, name, diags),
            "bury_new" => layer.bury_new = boolean(v, name, diags),
            "bury_reviews" => layer.bury_reviews = boolean(v, name, diags),
            "bury_interday_learning" => layer.bury_interday_learning = boolean(v, name, diags),
            "parameters" => {
                let values: Option<Vec<f32>> = v.get_ref().as_array().and_then(|a| {
                    a.iter()
                        .map(|p| match p.get_ref() {
                            DeValue::Float(f) => f.as_str().parse::<f32>().ok(),
                            DeValue::Integer(i) => i.as_str().parse::<f32>().ok(),
                            _ => None,
                        })
                        .collect()
                });
                match values {
                    Some(p) if p.is_empty() || p.len() == 19 || p.len() == 21 => {
                        layer.parameters = Some(p)
                    }
                    _ => diags.push(
                        Diagnostic::error("`parameters` must be a list of 21 FSRS-6 parameters")
                            .at(v.span(), "not 21 numbers")
                            .help(
                                "`kartka optimize` writes them; remove the key to use the defaults",
                            ),
                    ),
                }
            }
            _ => diags.push(
                Diagnostic::error(format!("unknown setting `{name}`"))
                    .at(key.span(), "unknown setting")
                    .help(match suggest::closest(name, KEYS) {
                        Some(s) => format!("did you mean `{s}`?"),
                        None => format!(
                            "the settings are: {}, and `[decks.ID]` and `[class]` tables",
                            KEYS.join(", ")
                        ),
                    }),
            ),
        }
    }
    layer
}

#[cfg(test)]
mod tests;
