//! A quiz question's answer field on a terminal: a list, checkboxes or a line of text, under a status line
//! whose time left counts down while the student thinks, and which gives the answer as it stands when the
//! time runs out. Keys move between questions (PgUp, PgDn), flag one (Ctrl-F) or stop (Esc).

use std::io::{self, Write};
use std::time::Duration;

use crossterm::event::{self, Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use crossterm::{cursor, queue, terminal};

use super::list::{Raw, fit};
use super::{QuizAsk, QuizMove, QuizReply};
use crate::grade::letter;
use crate::question::Input;

/// What the field holds: the cursor in a list, the ticked boxes, or the text typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    One {
        cursor: usize,
        len: usize,
    },
    Several {
        cursor: usize,
        ticked: Vec<bool>,
    },
    /// The text, with the cursor as a char index into it.
    Typed {
        text: Vec<char>,
        at: usize,
    },
}

/// The pure part: each key's effect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldState {
    pub value: Value,
    pub flagged: bool,
    /// A true/false list answers with the choice's text, not its letter.
    pub by_text: Option<Vec<String>>,
}

/// What a key did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    Changed,
    Ignored,
    Done(QuizMove),
}

impl FieldState {
    /// The field for `input`, holding `previous` (an answer in the grader's terms) when there is one.
    pub fn new(input: Input, choices: &[String], previous: Option<&str>, flagged: bool) -> Self {
        let letters: Vec<usize> = previous
            .map(|p| {
                p.split_whitespace()
                    .filter_map(|w| (0..choices.len()).find(|&i| letter(i).to_string() == w))
                    .collect()
            })
            .unwrap_or_default();
        let (value, by_text) = match input {
            Input::One => (
                Value::One {
                    cursor: letters.first().copied().unwrap_or(0),
                    len: choices.len(),
                },
                None,
            ),
            Input::TrueFalse => (
                Value::One {
                    cursor: previous
                        .and_then(|p| choices.iter().position(|c| c == p))
                        .unwrap_or(0),
                    len: choices.len(),
                },
                Some(choices.to_vec()),
            ),
            Input::Several => {
                let mut ticked = vec![false; choices.len()];
                for i in letters {
                    ticked[i] = true;
                }
                (Value::Several { cursor: 0, ticked }, None)
            }
            Input::Typed | Input::Reveal => {
                let text: Vec<char> = previous.unwrap_or_default().chars().collect();
                let at = text.len();
                (Value::Typed { text, at }, None)
            }
        };
        FieldState {
            value,
            flagged,
            by_text,
        }
    }

    /// The answer as it stands, in the grader's terms; `None` when nothing is given.
    pub fn answer(&self) -> Option<String> {
        match &self.value {
            Value::One { .. } => None,
            Value::Several { ticked, .. } => {
                let letters: Vec<String> = (0..ticked.len())
                    .filter(|&i| ticked[i])
                    .map(|i| letter(i).to_string())
                    .collect();
                (!letters.is_empty()).then(|| letters.join(" "))
            }
            Value::Typed { text, .. } => {
                let text: String = text.iter().collect();
                (!text.trim().is_empty()).then_some(text)
            }
        }
    }

    pub fn key(&mut self, key: KeyEvent) -> Step {
        if key.kind == KeyEventKind::Release {
            return Step::Ignored;
        }
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            KeyCode::Char('c') if ctrl => return Step::Done(QuizMove::Stop),
            KeyCode::Char('f') if ctrl => {
                self.flagged = !self.flagged;
                return Step::Changed;
            }
            KeyCode::Char('l') if ctrl => return Step::Changed,
            KeyCode::Esc => return Step::Done(QuizMove::Stop),
            KeyCode::PageUp => return Step::Done(QuizMove::Back),
            KeyCode::PageDown => return Step::Done(QuizMove::Skip),
            // A line feed arrives as Ctrl-J in raw mode: what many terminals and scripts send for Enter.
            KeyCode::Enter => return Step::Done(self.enter()),
            KeyCode::Char('j' | 'm') if ctrl => return Step::Done(self.enter()),
            _ => {}
        }
        match &mut self.value {
            // In a list, q stops as Esc does; in a typed answer it is a letter.
            Value::One { .. } | Value::Several { .. } if key.code == KeyCode::Char('q') => {
                Step::Done(QuizMove::Stop)
            }
            Value::One { cursor, len } => move_in(cursor, *len, key.code),
            Value::Several { cursor, ticked } => match key.code {
                KeyCode::Char(' ') => {
                    ticked[*cursor] = !ticked[*cursor];
                    Step::Changed
                }
                code => move_in(cursor, ticked.len(), code),
            },
            Value::Typed { text, at } => edit(text, at, key, ctrl),
        }
    }

    fn enter(&self) -> QuizMove {
        match &self.value {
            Value::One { cursor, .. } => QuizMove::Answer(match &self.by_text {
                Some(texts) => texts[*cursor].clone(),
                None => letter(*cursor).to_string(),
            }),
            _ => self.answer().map_or(QuizMove::Skip, QuizMove::Answer),
        }
    }
}

fn move_in(cursor: &mut usize, len: usize, code: KeyCode) -> Step {
    if len == 0 {
        return Step::Ignored;
    }
    match code {
        KeyCode::Up | KeyCode::Char('k') | KeyCode::BackTab => *cursor = (*cursor + len - 1) % len,
        KeyCode::Down | KeyCode::Char('j') | KeyCode::Tab => *cursor = (*cursor + 1) % len,
        KeyCode::Home => *cursor = 0,
        KeyCode::End => *cursor = len - 1,
        _ => return Step::Ignored,
    }
    Step::Changed
}

pub(super) fn edit(text: &mut Vec<char>, at: &mut usize, key: KeyEvent, ctrl: bool) -> Step {
    match key.code {
        KeyCode::Char('u') if ctrl => {
            text.drain(..*at);
            *at = 0;
        }
        KeyCode::Char('a') if ctrl => *at = 0,
        KeyCode::Char('e') if ctrl => *at = text.len(),
        _ if ctrl => return Step::Ignored,
        KeyCode::Char(c) => {
            text.insert(*at, c);
            *at += 1;
        }
        KeyCode::Backspace if *at > 0 => {
            *at -= 1;
            text.remove(*at);
        }
        KeyCode::Delete if *at < text.len() => {
            text.remove(*at);
        }
        KeyCode::Left if *at > 0 => *at -= 1,
        KeyCode::Right if *at < text.len() => *at += 1,
        KeyCode::Home => *at = 0,
        KeyCode::End => *at = text.len(),
        _ => return Step::Ignored,
    }
    Step::Changed
}

const HELP: &str = "Enter answers · PgUp back · PgDn skip · Ctrl-F flag";

/// Asks `ask` on the terminal until the student acts or the time runs out. `choices` are safe to print.
pub fn ask(ask: &QuizAsk<'_>, choices: &[String], input: Input) -> io::Result<QuizReply> {
    let mut state = FieldState::new(input, choices, ask.previous, ask.flagged);
    let mut out = io::stdout();
    let _raw = Raw::on()?;
    // Lines drawn below the first, and how far above the last the cursor was left.
    let (mut drawn, mut lifted) = (0u16, 0u16);
    loop {
        let (width, height) = match terminal::size() {
            Ok((w, h)) if w > 0 && h > 0 => (usize::from(w).max(20), usize::from(h)),
            _ => (80, 24),
        };
        if lifted > 0 {
            queue!(out, cursor::MoveDown(lifted))?;
        }
        if drawn > 0 {
            queue!(out, cursor::MoveToPreviousLine(drawn))?;
        } else {
            queue!(out, cursor::MoveToColumn(0))?;
        }
        queue!(out, terminal::Clear(terminal::ClearType::FromCursorDown))?;
        let mut lines = 0u16;
        let status = ask.live_status(state.flagged);
        if !status.is_empty() {
            let style = if ask.timer.warning_now() {
                crate::style::ERROR
            } else {
                crate::style::DIM
            };
            let status = fit(&status, width);
            write!(
                out,
                "{}{status}{}\r\n",
                style.render(),
                style.render_reset()
            )?;
            lines += 1;
        }
        lifted = 0;
        let mut column = 0;
        match &state.value {
            Value::Typed { text, at } => {
                let label = "? Your answer: ";
                let room = width.saturating_sub(label.len() + 1).max(1);
                // Long answers scroll so that the cursor stays in view.
                let from = at.saturating_sub(room);
                let shown: String = text[from..].iter().take(room).collect();
                write!(out, "{label}{shown}\r\n")?;
                column = label.len()
                    + textwrap::core::display_width(&text[from..*at].iter().collect::<String>());
                lines += 1;
                lifted = 1;
            }
            Value::One { cursor, .. } | Value::Several { cursor, .. } => {
                write!(out, "? Your answer:\r\n")?;
                lines += 1;
                let rows = height.saturating_sub(4).clamp(3, 15).min(choices.len());
                let top = cursor.saturating_sub(rows.saturating_sub(1));
                let shown: Vec<(usize, String)> = choices
                    .iter()
                    .enumerate()
                    .skip(top)
                    .take(rows)
                    .map(|(i, choice)| {
                        let mark = match &state.value {
                            Value::Several { ticked, .. } if ticked[i] => "[x] ",
                            Value::Several { .. } => "[ ] ",
                            _ => "",
                        };
                        let pointer = if i == *cursor { "> " } else { "  " };
                        (i, format!("{pointer}{mark}{choice}"))
                    })
                    .collect();
                // Long options wrap, so that a narrow terminal still shows all of each; when wrapped they
                // would not fit the screen, each is cut to one line instead.
                let indent = if matches!(state.value, Value::Several { .. }) {
                    "      "
                } else {
                    "     "
                };
                let wrap = |text: &str| -> Vec<String> {
                    textwrap::wrap(
                        text,
                        textwrap::Options::new(width - 1).subsequent_indent(indent),
                    )
                    .into_iter()
                    .map(|l| l.into_owned())
                    .collect()
                };
                let wrapped: usize = shown.iter().map(|(_, t)| wrap(t).len()).sum();
                let fits = wrapped + 4 <= height;
                for (i, text) in &shown {
                    let parts = if fits {
                        wrap(text)
                    } else {
                        vec![fit(text, width)]
                    };
                    let bold = anstyle::Style::new().bold();
                    for part in parts {
                        if i == cursor {
                            write!(out, "{}{part}{}\r\n", bold.render(), bold.render_reset())?;
                        } else {
                            write!(out, "{part}\r\n")?;
                        }
                        lines += 1;
                    }
                }
            }
        }
        let help = match state.value {
            Value::Several { .. } => format!("↑↓ Space ticks · {HELP} · Esc or q to stop"),
            Value::One { .. } => format!("↑↓ · {HELP} · Esc or q to stop"),
            Value::Typed { .. } => format!("{HELP} · Esc to stop"),
        };
        // The hint wraps too; the cursor stays at the end of its last line.
        let dim = crate::style::DIM;
        let hint_text = format!("[{help}]");
        let hint = textwrap::wrap(&hint_text, width - 1);
        for (n, part) in hint.iter().enumerate() {
            let end = if n + 1 < hint.len() { "\r\n" } else { "" };
            write!(out, "{}{part}{}{end}", dim.render(), dim.render_reset())?;
        }
        lines += hint.len().saturating_sub(1) as u16;
        drawn = lines;
        if lifted > 0 {
            queue!(
                out,
                cursor::MoveUp(lifted),
                cursor::MoveToColumn(column as u16)
            )?;
        }
        out.flush()?;
        let step = wait(&mut state, ask)?;
        if let Step::Done(action) = step {
            if lifted > 0 {
                queue!(out, cursor::MoveDown(lifted))?;
            }
            queue!(
                out,
                cursor::MoveToPreviousLine(drawn),
                terminal::Clear(terminal::ClearType::FromCursorDown)
            )?;
            if let QuizMove::Answer(a) = &action {
                // What was chosen, in words: "c) Dainova" rather than "c".
                let echo = match &state.value {
                    Value::One { cursor, .. } => choices[*cursor].clone(),
                    Value::Several { ticked, .. } => (0..ticked.len())
                        .filter(|&i| ticked[i])
                        .map(|i| choices[i].as_str())
                        .collect::<Vec<_>>()
                        .join("; "),
                    Value::Typed { .. } => a.clone(),
                };
                write!(
                    out,
                    "? Your answer: {}\r\n",
                    fit(&echo, width.saturating_sub(16))
                )?;
            }
            out.flush()?;
            return Ok(QuizReply {
                action,
                flagged: state.flagged,
            });
        }
    }
}

/// Waits for a key that changes something, redrawing at least every second for the time left, and ends
/// the field when the time is up.
fn wait(state: &mut FieldState, ask: &QuizAsk<'_>) -> io::Result<Step> {
    let shown = ask.timer.seconds_left();
    loop {
        if ask.timer.is_over() {
            return Ok(Step::Done(QuizMove::TimeUp(state.answer())));
        }
        if ask.timer.seconds_left() != shown {
            return Ok(Step::Changed);
        }
        let tick = match ask.timer.deadline {
            Some(_) => Duration::from_millis(200),
            None => Duration::from_secs(3600),
        };
        if !event::poll(tick)? {
            continue;
        }
        match event::read()? {
            Event::Key(key) => match state.key(key) {
                Step::Ignored => continue,
                step => return Ok(step),
            },
            Event::Resize(..) => return Ok(Step::Changed),
            _ => continue,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(state: &mut FieldState, code: KeyCode) -> Step {
        state.key(KeyEvent::new(code, KeyModifiers::NONE))
    }

    fn ctrl(state: &mut FieldState, c: char) -> Step {
        state.key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
    }

    fn choices() -> Vec<String> {
        ["a) EPAM", "b) Viber", "c) IBA"].map(String::from).to_vec()
    }

    #[test]
    fn a_typed_answer_is_edited_and_kept_as_it_stands() {
        let mut s = FieldState::new(Input::Typed, &[], Some("Minks"), false);
        assert_eq!(press(&mut s, KeyCode::Backspace), Step::Changed);
        assert_eq!(press(&mut s, KeyCode::Left), Step::Changed);
        assert_eq!(press(&mut s, KeyCode::Char('s')), Step::Changed);
        assert_eq!(s.answer().as_deref(), Some("Minsk"));
        assert_eq!(ctrl(&mut s, 'u'), Step::Changed);
        assert_eq!(s.answer().as_deref(), Some("k"));
        assert_eq!(
            press(&mut s, KeyCode::Enter),
            Step::Done(QuizMove::Answer("k".into()))
        );
        let mut empty = FieldState::new(Input::Typed, &[], None, false);
        assert_eq!(
            press(&mut empty, KeyCode::Enter),
            Step::Done(QuizMove::Skip)
        );
    }

    #[test]
    fn keys_move_between_questions_flag_and_stop() {
        let mut s = FieldState::new(Input::One, &choices(), Some("c"), false);
        assert_eq!(
            press(&mut s, KeyCode::Enter),
            Step::Done(QuizMove::Answer("c".into())),
            "an earlier answer is where the cursor starts"
        );
        assert_eq!(ctrl(&mut s, 'f'), Step::Changed);
        assert!(s.flagged);
        assert_eq!(press(&mut s, KeyCode::PageUp), Step::Done(QuizMove::Back));
        assert_eq!(press(&mut s, KeyCode::PageDown), Step::Done(QuizMove::Skip));
        assert_eq!(press(&mut s, KeyCode::Esc), Step::Done(QuizMove::Stop));
        assert_eq!(ctrl(&mut s, 'c'), Step::Done(QuizMove::Stop));
        assert_eq!(press(&mut s, KeyCode::Char('x')), Step::Ignored);
        assert_eq!(
            press(&mut s, KeyCode::Char('q')),
            Step::Done(QuizMove::Stop)
        );
        let mut typed = FieldState::new(Input::Typed, &[], None, false);
        assert_eq!(
            press(&mut typed, KeyCode::Char('q')),
            Step::Changed,
            "q is a letter in a typed answer"
        );
    }

    #[test]
    fn checkboxes_tick_and_answer_with_letters() {
        let mut s = FieldState::new(Input::Several, &choices(), Some("b"), false);
        assert_eq!(press(&mut s, KeyCode::Char(' ')), Step::Changed);
        assert_eq!(s.answer().as_deref(), Some("a b"));
        assert_eq!(press(&mut s, KeyCode::Down), Step::Changed);
        assert_eq!(press(&mut s, KeyCode::Char(' ')), Step::Changed);
        assert_eq!(
            press(&mut s, KeyCode::Enter),
            Step::Done(QuizMove::Answer("a".into()))
        );
    }

    #[test]
    fn true_or_false_answers_with_its_text() {
        let tf = ["True".to_string(), "False".to_string()];
        let mut s = FieldState::new(Input::TrueFalse, &tf, Some("False"), false);
        assert_eq!(
            press(&mut s, KeyCode::Enter),
            Step::Done(QuizMove::Answer("False".into()))
        );
    }
}
