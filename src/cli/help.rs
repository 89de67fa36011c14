//! `kartka help [TOPIC]`: a command's help, or a reference shipped inside the binary.

use std::io::Write;

use clap::CommandFactory;

use super::{Cli, EXIT_OK};
use crate::Error;

/// The deck format reference, shipped inside the binary so that a diagnostic's hint works wherever kartka is
/// installed.
const DECK_FORMAT: &str = include_str!("../../docs/deck-format.md");
/// The quiz file reference, shipped the same way.
const QUIZ_FORMAT: &str = include_str!("../../docs/quiz-format.md");

/// `kartka help [TOPIC]`: a command's help, or a reference.
pub fn run(out: &mut impl Write, topic: Option<&str>) -> Result<u8, Error> {
    let mut command = Cli::command();
    // Building gives each subcommand its full name (`kartka study`) in its usage line.
    command.build();
    let mut text = match topic {
        None => command.render_long_help().to_string(),
        Some("deck-format") => DECK_FORMAT.to_string(),
        Some("quiz-format") => QUIZ_FORMAT.to_string(),
        Some(name) => match command.find_subcommand_mut(name) {
            Some(sub) => sub.render_long_help().to_string(),
            None => {
                let mut topics: Vec<&str> = vec!["deck-format", "quiz-format"];
                topics.extend(command.get_subcommands().map(|c| c.get_name()));
                return Err(Error::Usage(format!(
                    "no help topic `{name}`; the topics are: {}",
                    topics.join(", ")
                )));
            }
        },
    };
    if !text.ends_with('\n') {
        text.push('\n');
    }
    out.write_all(text.as_bytes())
        .map(|()| EXIT_OK)
        .map_err(Error::Output)
}
