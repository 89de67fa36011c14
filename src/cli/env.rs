//! What the commands take from the process: the config directory, the clock, whether there is a
//! terminal, and the prompter that follows from it.

use std::path::PathBuf;

use crate::Error;
use crate::clock::{Clock, FixedClock, SystemClock};
use crate::prompt::Prompter;
use crate::prompt::plain::Plain;
use crate::prompt::terminal::Terminal;

/// What the commands need from the environment, read once at the edge.
#[derive(Debug, Clone)]
pub struct Env {
    /// The config directory; `None` when none can be found (decks there are then simply absent).
    pub home: Option<PathBuf>,
    /// `KARTKA_NOW`, as given.
    pub now: Option<String>,
    /// Whether stdin and stderr are a terminal, so that interactive prompts can be used.
    pub terminal: bool,
    /// Whether the locale says UTF-8, so that charts can use Unicode blocks.
    pub utf8: bool,
}

impl Env {
    /// `KARTKA_HOME` when set, else the platform's config directory for kartka.
    pub fn from_process() -> Env {
        use std::io::IsTerminal;
        let home = std::env::var_os("KARTKA_HOME")
            .filter(|h| !h.is_empty())
            .map(PathBuf::from)
            .or_else(|| {
                directories::ProjectDirs::from("", "", "kartka")
                    .map(|d| d.config_dir().to_path_buf())
            });
        Env {
            home,
            now: std::env::var("KARTKA_NOW").ok().filter(|n| !n.is_empty()),
            terminal: std::io::stdin().is_terminal() && std::io::stderr().is_terminal(),
            utf8: crate::stats::chart::locale_is_utf8(|k| std::env::var(k).ok()),
        }
    }

    /// The clock: `KARTKA_NOW` frozen, or the system's.
    pub(super) fn clock(&self) -> Result<Box<dyn Clock>, Error> {
        match &self.now {
            None => Ok(Box::new(SystemClock)),
            Some(text) => chrono::DateTime::parse_from_rfc3339(text)
                .map(|t| Box::new(FixedClock(t)) as Box<dyn Clock>)
                .map_err(|e| {
                    Error::Terminal(format!(
                        "KARTKA_NOW=`{text}` is not an RFC 3339 time ({e}); write it like 2026-11-22T09:30:00+03:00"
                    ))
                }),
        }
    }
}

/// The prompter for this process: inquire widgets on a terminal, plain lines otherwise.
pub(super) fn prompter(env: &Env, plain: bool) -> Box<dyn Prompter> {
    if env.terminal && !plain {
        // inquire's default colours (bright green and cyan) fade on a light background: bold and the
        // terminal's own colours read on light and dark alike, as kartka's own widgets do.
        inquire::set_global_render_config(
            inquire::ui::RenderConfig::empty()
                .with_prompt_prefix(
                    inquire::ui::Styled::new("?").with_attr(inquire::ui::Attributes::BOLD),
                )
                .with_answer(
                    inquire::ui::StyleSheet::new().with_attr(inquire::ui::Attributes::BOLD),
                ),
        );
        Box::new(Terminal::default())
    } else {
        use std::io::IsTerminal;
        let echo = !std::io::stdin().is_terminal();
        Box::new(Plain::new(
            std::io::BufReader::new(std::io::stdin()),
            anstream::stdout(),
            echo,
        ))
    }
}
