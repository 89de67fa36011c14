//! The few styles kartka uses. Output goes through anstream, which strips them when colour is off.

use anstyle::{AnsiColor, Style};

pub const ERROR: Style = AnsiColor::Red.on_default().bold();
pub const WARNING: Style = AnsiColor::Yellow.on_default().bold();
pub const HELP: Style = AnsiColor::Cyan.on_default().bold();
/// The terminal's own foreground, bold: green is faint on a light background and bright green unreadable.
pub const OK: Style = Style::new().bold();
pub const HEADING: Style = Style::new().bold();
pub const DIM: Style = Style::new().dimmed();
pub const RIGHT: Style = Style::new().bold();
/// Where a typed answer differs from the right one: bold and underlined, which read on light and dark
/// backgrounds alike.
pub const MARK: Style = Style::new().bold().underline();
