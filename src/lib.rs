//! kartka: flashcards and quizzes in the terminal.
//!
//! The library holds everything that can be tested without a terminal: the deck model and its loader
//! ([`deck`]), answer grading ([`grade`]), and the commands ([`cli`]) that the thin `kartka` binary runs.

pub mod atomic;
pub mod class;
pub mod cleanup;
pub mod cli;
pub mod clock;
pub mod config;
pub mod deck;
mod error;
pub mod grade;
pub mod interop;
pub mod item_set;
pub mod lrs;
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
pub mod xapi;

pub use error::Error;

/// Reads a whole file, refusing one larger than `limit` bytes before reading it: untrusted files must not
/// exhaust memory.
pub fn read_limited(path: &std::path::Path, limit: usize) -> Result<Vec<u8>, Error> {
    use std::io::Read;
    let read_err = |source| Error::Read {
        path: path.to_path_buf(),
        source,
    };
    require_file(path)?;
    let file = std::fs::File::open(path).map_err(read_err)?;
    let size = file.metadata().map_or(0, |m| m.len() as usize);
    let mut bytes = Vec::with_capacity(size.min(limit) + 1);
    file.take(limit as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(read_err)?;
    if bytes.len() > limit {
        return Err(Error::TooLarge {
            path: path.to_path_buf(),
            limit,
        });
    }
    Ok(bytes)
}

/// Refuses anything but a regular file (or a link to one) before it is opened: opening a FIFO waits for a
/// writer that may never come, and a device such as `/dev/zero` never ends.
pub fn require_file(path: &std::path::Path) -> Result<(), Error> {
    let meta = std::fs::metadata(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    if meta.is_file() {
        return Ok(());
    }
    let kind = if meta.is_dir() {
        "folder"
    } else {
        special_kind(&meta.file_type())
    };
    Err(Error::NotAFile {
        path: path.to_path_buf(),
        kind,
    })
}

#[cfg(unix)]
fn special_kind(t: &std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if t.is_fifo() {
        "FIFO"
    } else if t.is_socket() {
        "socket"
    } else if t.is_block_device() || t.is_char_device() {
        "device"
    } else {
        "special file"
    }
}

#[cfg(not(unix))]
fn special_kind(_: &std::fs::FileType) -> &'static str {
    "special file"
}
