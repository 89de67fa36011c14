//! Decks in and out of other tools' formats: CSV and TSV, Moodle GIFT and XML, Anki, Markdown.

pub mod anki;
pub mod csv;
pub mod draft;
pub mod gift;
pub mod html;
pub mod markdown;
pub mod moodle_xml;
pub mod write;

use std::path::Path;

use crate::Error;

/// Writes a new file: never over an existing one unless `force`, and readable once complete (written
/// beside it, then renamed).
pub fn write_new(path: &Path, text: &str, force: bool) -> Result<(), Error> {
    let write_err = |source| Error::Write {
        path: path.to_path_buf(),
        source,
    };
    if !force && path.exists() {
        return Err(Error::Exists {
            path: path.to_path_buf(),
        });
    }
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(write_err)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = dir.join(format!(".{name}.kartka-tmp"));
    std::fs::write(&temp, text).map_err(write_err)?;
    let placed = if force {
        std::fs::rename(&temp, path)
    } else {
        // hard_link fails if the file appeared meanwhile, where rename would replace it.
        std::fs::hard_link(&temp, path).and_then(|_| std::fs::remove_file(&temp))
    };
    placed.map_err(|e| {
        let _ = std::fs::remove_file(&temp);
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            Error::Exists {
                path: path.to_path_buf(),
            }
        } else {
            write_err(e)
        }
    })
}
