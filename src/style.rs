//! The few styles kartka uses. Output goes through anstream, which strips them when colour is off.

use anstyle::{AnsiColor, Style};

pub const ERROR: Style = AnsiColor::Red.on_default().bold();
pub const WARNING: Style = AnsiColor::Yellow.on_default().bold();
pub const HELP: Style = AnsiColor::Cyan.on_default().bold();
pub const OK: Style = AnsiColor::Green.on_default().bold();
pub const HEADING: Style = Style::new().bold();
pub const DIM: Style = Style::new().dimmed();
pub const RIGHT: Style = AnsiColor::Green.on_default();
/// Where a typed answer differs from the right one: bold and underlined, which read on light and dark
/// backgrounds alike.
pub const MARK: Style = Style::new().bold().underline();
