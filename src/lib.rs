//! kartka: flashcards and quizzes in the terminal.
//!
//! The library holds everything that can be tested without a terminal: the deck model and its loader
//! ([`deck`]), answer grading ([`grade`]), and the commands ([`cli`]) that the thin `kartka` binary runs.

pub mod cli;
pub mod clock;
pub mod config;
pub mod deck;
mod error;
pub mod grade;
pub mod interop;
pub mod optimize;
pub mod prompt;
pub mod question;
pub mod quiz;
pub mod report;
pub mod sanitize;
pub mod schedule;
pub mod session;
pub mod simulate;
pub mod stats;
pub mod store;
pub mod style;
mod suggest;

pub use error::Error;
