//! A list to choose one line from, or to tick several in, driven by single keys: the deck menu, the
//! rating and study questions. inquire's `Select` filters the list as letters are typed, so `q` could never leave and a
//! digit could not pick; this widget reads keys itself.

use std::io::{self, Write};

use crossterm::event::{self, Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use crossterm::{cursor, queue, terminal};

/// How a list may be answered besides moving and Enter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Keys {
    /// Digits 1–9 choose the option with that number at once.
    pub digits: bool,
    /// Space chooses, like Enter.
    pub space: bool,
    /// `u` takes back the previous answer.
    pub undo: bool,
}

/// What the learner did with a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    Picked(usize),
    /// `q` or Esc.
    Leave,
    /// Ctrl-C.
    Interrupt,
    /// A quiz's time ran out first.
    TimeUp,
    /// `u`, where [`Keys::undo`] allows it.
    Undo,
}

/// The pure part: how each key moves the cursor or ends the choice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListState {
    pub cursor: usize,
    pub len: usize,
    pub keys: Keys,
    /// Which lines are ticked, in a list answered by ticking several (Space ticks, Enter answers).
    pub ticks: Option<Vec<bool>>,
}

/// What a key did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Moved,
    Redraw,
    Ignored,
    Done(Choice),
}

impl ListState {
    pub fn key(&mut self, key: KeyEvent) -> Step {
        if key.kind == KeyEventKind::Release {
            return Step::Ignored;
        }
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            KeyCode::Char('c') if ctrl => Step::Done(Choice::Interrupt),
            KeyCode::Char('l') if ctrl => Step::Redraw,
            // A line feed arrives as Ctrl-J in raw mode: it is what many terminals and scripts send for Enter.
            KeyCode::Char('j' | 'm') if ctrl => Step::Done(Choice::Picked(self.cursor)),
            _ if ctrl => Step::Ignored,
            KeyCode::Esc | KeyCode::Char('q') => Step::Done(Choice::Leave),
            KeyCode::Char('u') if self.keys.undo => Step::Done(Choice::Undo),
            KeyCode::Enter => Step::Done(Choice::Picked(self.cursor)),
            KeyCode::Char(' ') if self.ticks.is_some() => {
                if let Some(t) = self.ticks.as_mut().and_then(|t| t.get_mut(self.cursor)) {
                    *t = !*t;
                }
                Step::Moved
            }
            KeyCode::Char(' ') if self.keys.space => Step::Done(Choice::Picked(self.cursor)),
            KeyCode::Up | KeyCode::Char('k') | KeyCode::BackTab => {
                self.cursor = (self.cursor + self.len - 1) % self.len;
                Step::Moved
            }
            KeyCode::Down | KeyCode::Char('j') | KeyCode::Tab => {
                self.cursor = (self.cursor + 1) % self.len;
                Step::Moved
            }
            KeyCode::Home | KeyCode::PageUp => {
                self.cursor = 0;
                Step::Moved
            }
            KeyCode::End | KeyCode::PageDown => {
                self.cursor = self.len - 1;
                Step::Moved
            }
            KeyCode::Char(d @ '1'..='9') if self.keys.digits => {
                let n = d as usize - '1' as usize;
                if n < self.len {
                    Step::Done(Choice::Picked(n))
                } else {
                    Step::Ignored
                }
            }
            _ => Step::Ignored,
        }
    }
}

/// Puts the terminal back in cooked mode however the list ends.
pub(super) struct Raw;

impl Raw {
    pub(super) fn on() -> io::Result<Raw> {
        terminal::enable_raw_mode()?;
        Ok(Raw)
    }
}

impl Drop for Raw {
    fn drop(&mut self) {
        let _ = terminal::disable_raw_mode();
    }
}

/// `text` cut to `width` columns, so that no line wraps and the redraw can count lines.
pub(super) fn fit(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = textwrap::core::display_width(c.encode_utf8(&mut [0; 4]));
        if used + w + 1 > width {
            out.push('…');
            return out;
        }
        used += w;
        out.push(c);
    }
    out
}

/// Shows `title`, the options and a help line, and waits for a choice. `options` must not be empty and
/// must already be safe for the terminal.
pub fn choose(
    title: &str,
    help: &str,
    options: &[String],
    start: usize,
    keys: Keys,
) -> io::Result<Choice> {
    choose_timed(title, help, options, start, keys, None)
}

/// Shows `title` and the options with a box each, and waits for the learner to tick any number with
/// Space and answer with Enter: [`Choice::Picked`] then comes with the ticked lines, in list order.
pub fn choose_several(
    title: &str,
    help: &str,
    options: &[String],
    keys: Keys,
) -> io::Result<(Choice, Vec<usize>)> {
    let state = ListState {
        cursor: 0,
        len: options.len(),
        keys,
        ticks: Some(vec![false; options.len()]),
    };
    let (choice, state) = run(state, title, help, options, None)?;
    let ticked = state
        .ticks
        .unwrap_or_default()
        .iter()
        .enumerate()
        .filter(|(_, t)| **t)
        .map(|(i, _)| i)
        .collect();
    Ok((choice, ticked))
}

/// [`choose`], with a quiz's time left after the title, counting down, and [`Choice::TimeUp`] at zero.
pub fn choose_timed(
    title: &str,
    help: &str,
    options: &[String],
    start: usize,
    keys: Keys,
    timer: Option<&super::Timer<'_>>,
) -> io::Result<Choice> {
    let state = ListState {
        cursor: start.min(options.len().saturating_sub(1)),
        len: options.len(),
        keys,
        ticks: None,
    };
    run(state, title, help, options, timer).map(|(choice, _)| choice)
}

fn run(
    mut state: ListState,
    title: &str,
    help: &str,
    options: &[String],
    timer: Option<&super::Timer<'_>>,
) -> io::Result<(Choice, ListState)> {
    let mut out = io::stdout();
    let _raw = Raw::on()?;
    let mut drawn = 0;
    let mut top = 0;
    loop {
        // A terminal that reports no size (some pseudo-terminals) is taken to be the classic 80 × 24.
        let (width, height) = match terminal::size() {
            Ok((w, h)) if w > 0 && h > 0 => (w, h),
            _ => (80, 24),
        };
        let width = usize::from(width).max(20);
        // Room for the title and the help line; a long list scrolls.
        let rows = usize::from(height)
            .saturating_sub(3)
            .clamp(3, 15)
            .min(options.len());
        if state.cursor < top {
            top = state.cursor;
        } else if state.cursor >= top + rows {
            top = state.cursor + 1 - rows;
        }
        if drawn > 0 {
            queue!(out, cursor::MoveToPreviousLine(drawn))?;
        } else {
            queue!(out, cursor::MoveToColumn(0))?;
        }
        queue!(out, terminal::Clear(terminal::ClearType::FromCursorDown))?;
        let left = timer
            .and_then(super::Timer::label)
            .map(|l| format!(" ({l})"))
            .unwrap_or_default();
        write!(out, "{}\r\n", fit(&format!("? {title}{left}"), width))?;
        for (i, option) in options.iter().enumerate().skip(top).take(rows) {
            let option = match state.ticks.as_ref().map(|t| t[i]) {
                Some(true) => format!("[x] {option}"),
                Some(false) => format!("[ ] {option}"),
                None => option.clone(),
            };
            let line = if i == state.cursor {
                format!(
                    "{}{}{}",
                    anstyle::Style::new().bold().render(),
                    fit(&format!("> {option}"), width),
                    anstyle::Reset.render()
                )
            } else {
                fit(&format!("  {option}"), width)
            };
            write!(out, "{line}\r\n")?;
        }
        write!(out, "{}", fit(&format!("[{help}]"), width))?;
        drawn = rows as u16 + 1;
        out.flush()?;
        let shown = timer.and_then(|t| t.seconds_left());
        let step = loop {
            if let Some(t) = timer {
                if t.is_over() {
                    break Step::Done(Choice::TimeUp);
                }
                if t.seconds_left() != shown {
                    break Step::Redraw;
                }
                if !event::poll(std::time::Duration::from_millis(200))? {
                    continue;
                }
            }
            match event::read()? {
                Event::Key(key) => match state.key(key) {
                    Step::Ignored => continue,
                    step => break step,
                },
                Event::Resize(..) => break Step::Redraw,
                _ => continue,
            }
        };
        if let Step::Done(choice) = step {
            queue!(
                out,
                cursor::MoveToPreviousLine(drawn),
                terminal::Clear(terminal::ClearType::FromCursorDown)
            )?;
            if let Choice::Picked(i) = choice {
                let picked = match &state.ticks {
                    // Ticked options echo as their letters: whole options would not fit on the line.
                    Some(ticks) => ticks
                        .iter()
                        .enumerate()
                        .filter(|(_, t)| **t)
                        .map(|(i, _)| crate::grade::letter(i).to_string())
                        .collect::<Vec<_>>()
                        .join(", "),
                    // Columns padded for the list would push the echo past the edge: one space between words.
                    None => options[i].split_whitespace().collect::<Vec<_>>().join(" "),
                };
                write!(out, "{}\r\n", fit(&format!("? {title} {picked}"), width))?;
            }
            out.flush()?;
            return Ok((choice, state));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(state: &mut ListState, code: KeyCode) -> Step {
        state.key(KeyEvent::new(code, KeyModifiers::NONE))
    }

    #[test]
    fn keys_move_pick_and_leave_without_filtering() {
        let keys = Keys {
            digits: true,
            space: true,
            undo: false,
        };
        let mut s = ListState {
            cursor: 2,
            len: 4,
            keys,
            ticks: None,
        };
        assert_eq!(press(&mut s, KeyCode::Down), Step::Moved);
        assert_eq!(press(&mut s, KeyCode::Down), Step::Moved);
        assert_eq!(s.cursor, 0, "the cursor wraps around");
        assert_eq!(press(&mut s, KeyCode::Char('x')), Step::Ignored);
        assert_eq!(s.cursor, 0, "letters never move the cursor");
        assert_eq!(press(&mut s, KeyCode::Char('9')), Step::Ignored);
        assert_eq!(
            press(&mut s, KeyCode::Char('4')),
            Step::Done(Choice::Picked(3))
        );
        assert_eq!(
            press(&mut s, KeyCode::Char(' ')),
            Step::Done(Choice::Picked(0))
        );
        assert_eq!(press(&mut s, KeyCode::Char('q')), Step::Done(Choice::Leave));
        assert_eq!(press(&mut s, KeyCode::Esc), Step::Done(Choice::Leave));
        assert_eq!(
            s.key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL)),
            Step::Done(Choice::Interrupt)
        );
        assert_eq!(
            s.key(KeyEvent::new(KeyCode::Char('l'), KeyModifiers::CONTROL)),
            Step::Redraw
        );
        let mut plain = ListState {
            cursor: 0,
            len: 4,
            keys: Keys {
                digits: false,
                space: false,
                undo: false,
            },
            ticks: None,
        };
        assert_eq!(press(&mut plain, KeyCode::Char('2')), Step::Ignored);
        assert_eq!(press(&mut plain, KeyCode::Char(' ')), Step::Ignored);
        assert_eq!(press(&mut plain, KeyCode::Char('u')), Step::Ignored);
        plain.keys.undo = true;
        assert_eq!(
            press(&mut plain, KeyCode::Char('u')),
            Step::Done(Choice::Undo)
        );
    }

    #[test]
    fn space_ticks_and_enter_answers_in_a_several_answer_list() {
        let mut s = ListState {
            cursor: 0,
            len: 3,
            keys: Keys {
                digits: false,
                space: true,
                undo: true,
            },
            ticks: Some(vec![false; 3]),
        };
        assert_eq!(press(&mut s, KeyCode::Char(' ')), Step::Moved);
        press(&mut s, KeyCode::Down);
        press(&mut s, KeyCode::Down);
        press(&mut s, KeyCode::Char(' '));
        press(&mut s, KeyCode::Up);
        press(&mut s, KeyCode::Char(' '));
        press(&mut s, KeyCode::Char(' '));
        assert_eq!(s.ticks, Some(vec![true, false, true]), "Space toggles");
        assert_eq!(press(&mut s, KeyCode::Enter), Step::Done(Choice::Picked(1)));
        assert_eq!(press(&mut s, KeyCode::Char('u')), Step::Done(Choice::Undo));
        assert_eq!(press(&mut s, KeyCode::Char('q')), Step::Done(Choice::Leave));
    }

    #[test]
    fn long_lines_are_cut_to_the_width() {
        assert_eq!(fit("abcdef", 4), "abc…");
        assert_eq!(fit("abc", 4), "abc");
    }
}
