//! Decks: the model, the TOML format with its diagnostics, and where decks are found.

pub mod catalog;
pub mod cloze;
mod diagnostic;
pub mod giveaway;
mod lines;
mod load;
mod model;
mod outline;
pub mod schema;
mod syntax;

pub use diagnostic::{Diagnostic, Severity, line_col, render_all};
pub use load::{
    FORMAT_VERSION, Loaded, MAX_CARDS, MAX_DECK_BYTES, MAX_FIELD_CHARS, parse,
    parse_without_giveaways,
};
pub use model::*;
pub use outline::Outline;
pub use syntax::syntax_error;
