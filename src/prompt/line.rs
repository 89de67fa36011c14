//! A line of text typed at a study question: kartka reads the keys itself, as in its lists, so that Ctrl-L
//! redraws rather than typing an `l` (inquire's `Text` takes every key it does not know as a letter).

use std::io::{self, Write};

use crossterm::event::{self, Event, KeyCode, KeyEventKind, KeyModifiers};
use crossterm::{cursor, queue, terminal};

use super::field::{Step, edit};
use super::list::{Raw, fit};

/// How the line ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Line {
    Entered(String),
    /// Esc.
    Leave,
    /// Ctrl-C.
    Interrupt,
}

/// Shows `? {label} ` with the text typed so far and a help line under it, until Enter, Esc or Ctrl-C.
/// The line that stays on screen is the label and the answer, as inquire left it.
pub fn read(label: &str, help: &str) -> io::Result<Line> {
    let mut text: Vec<char> = Vec::new();
    let mut at: usize = 0;
    let mut out = io::stdout();
    let _raw = Raw::on()?;
    let mut drawn = false;
    loop {
        let width = match terminal::size() {
            Ok((w, _)) if w > 0 => usize::from(w).max(20),
            _ => 80,
        };
        if drawn {
            // The cursor sits on the answer line; the help line is below it.
            queue!(out, cursor::MoveToColumn(0))?;
        }
        queue!(out, terminal::Clear(terminal::ClearType::FromCursorDown))?;
        let prefix = format!("? {label} ");
        let room = width.saturating_sub(prefix.chars().count() + 1).max(1);
        let from = at.saturating_sub(room);
        let shown: String = text[from..].iter().take(room).collect();
        let dim = crate::style::DIM;
        write!(
            out,
            "{prefix}{shown}\r\n{}{}{}",
            dim.render(),
            fit(&format!("[{help}]"), width),
            dim.render_reset()
        )?;
        let column = textwrap::core::display_width(&prefix)
            + textwrap::core::display_width(&text[from..at].iter().collect::<String>());
        queue!(out, cursor::MoveUp(1), cursor::MoveToColumn(column as u16))?;
        out.flush()?;
        drawn = true;
        let done = loop {
            let Event::Key(key) = event::read()? else {
                // A resize: draw again at the new width.
                break None;
            };
            if key.kind == KeyEventKind::Release {
                continue;
            }
            let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
            match key.code {
                KeyCode::Char('c') if ctrl => break Some(Line::Interrupt),
                // Redraws the line in place, as in kartka's lists.
                KeyCode::Char('l') if ctrl => break None,
                // A line feed arrives as Ctrl-J in raw mode: what many terminals and scripts send for Enter.
                KeyCode::Enter => break Some(Line::Entered(text.iter().collect())),
                KeyCode::Char('j' | 'm') if ctrl => {
                    break Some(Line::Entered(text.iter().collect()));
                }
                KeyCode::Esc => break Some(Line::Leave),
                _ => match edit(&mut text, &mut at, key, ctrl) {
                    Step::Ignored => continue,
                    _ => break None,
                },
            }
        };
        if let Some(line) = done {
            // Leave the label and the answer, without the help line.
            queue!(
                out,
                cursor::MoveToColumn(0),
                terminal::Clear(terminal::ClearType::FromCursorDown)
            )?;
            let echo: String = text.iter().collect();
            let echo = match &line {
                Line::Entered(_) => fit(&echo, width.saturating_sub(prefix.chars().count())),
                _ => String::new(),
            };
            write!(out, "{prefix}{echo}\r\n")?;
            out.flush()?;
            return Ok(line);
        }
    }
}
