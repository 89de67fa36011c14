//! Backups of the progress store: one a day taken automatically when studying starts, one before every
//! schema migration, and any made with `kartka backup`; the newest seven are kept, in `<config dir>/backups/`.
//! They are consistent copies made with SQLite's online backup, readable by the owner only.

use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset, NaiveDate};
use rusqlite::{Connection, OpenFlags};

use super::{SCHEMA_VERSION, Store, restrict_to_owner, store_error};
use crate::Error;

/// How many backups are kept.
pub const KEPT: usize = 7;

/// The backups folder beside a store.
pub fn dir(store: &Path) -> PathBuf {
    store.parent().unwrap_or(Path::new(".")).join("backups")
}

/// Every backup of a store, oldest first (their names start with the date and time they were taken).
pub fn list(store: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir(store))
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| {
                    p.file_name()
                        .and_then(|n| n.to_str())
                        .is_some_and(|n| n.starts_with("progress-") && n.ends_with(".sqlite3"))
                })
                .collect()
        })
        .unwrap_or_default();
    found.sort();
    found
}

pub fn latest(store: &Path) -> Option<PathBuf> {
    list(store).pop()
}

/// Copies `source` (an open database) to `path` with SQLite's online backup.
pub(super) fn copy(source: &Connection, store: &Path, path: &Path) -> Result<(), Error> {
    std::fs::create_dir_all(dir(store)).map_err(|source| Error::Write {
        path: dir(store),
        source,
    })?;
    source
        .backup(
            rusqlite::MAIN_DB,
            path,
            None::<fn(rusqlite::backup::Progress)>,
        )
        .map_err(|e| store_error(path, e))?;
    restrict_to_owner(path);
    Ok(())
}

/// Removes all but the newest `KEPT` backups.
fn prune(store: &Path) {
    let all = list(store);
    for old in all.iter().take(all.len().saturating_sub(KEPT)) {
        let _ = std::fs::remove_file(old);
    }
}

impl Store {
    /// Makes a backup now, named for `at`, and keeps the newest few.
    pub fn backup(&self, at: DateTime<FixedOffset>) -> Result<PathBuf, Error> {
        let path =
            dir(&self.path).join(format!("progress-{}.sqlite3", at.format("%Y-%m-%d-%H%M%S")));
        copy(&self.conn, &self.path, &path)?;
        prune(&self.path);
        Ok(path)
    }

    /// The daily backup: made unless one was already taken on `today`.
    pub fn daily_backup(
        &self,
        today: NaiveDate,
        at: DateTime<FixedOffset>,
    ) -> Result<Option<PathBuf>, Error> {
        let prefix = format!("progress-{today}");
        let taken = list(&self.path).iter().any(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(&prefix))
        });
        if taken {
            return Ok(None);
        }
        self.backup(at).map(Some)
    }
}

/// Puts a backup in the store's place. The store it replaces (with its journal files) is kept beside it,
/// renamed, and returned.
pub fn restore(
    store: &Path,
    backup: &Path,
    at: DateTime<FixedOffset>,
) -> Result<Option<PathBuf>, Error> {
    let check = Connection::open_with_flags(backup, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .and_then(|c| {
            let version: i64 = c.query_row("PRAGMA user_version", [], |r| r.get(0))?;
            let ok: String = c.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
            Ok((version, ok))
        })
        .map_err(|e| store_error(backup, e))?;
    match check {
        (v, _) if v > SCHEMA_VERSION => {
            return Err(Error::StoreTooNew {
                path: backup.to_path_buf(),
                found: v,
                supported: SCHEMA_VERSION,
            });
        }
        (_, ok) if ok != "ok" => {
            return Err(Error::StoreDamaged {
                path: backup.to_path_buf(),
                backup: None,
            });
        }
        _ => {}
    }
    let aside = store.with_extension(format!("sqlite3.replaced-{}", at.format("%Y-%m-%d-%H%M%S")));
    let moved = if store.exists() {
        std::fs::rename(store, &aside).map_err(|source| Error::Write {
            path: store.to_path_buf(),
            source,
        })?;
        for journal in ["-wal", "-shm"] {
            let from = PathBuf::from(format!("{}{journal}", store.display()));
            if from.exists() {
                let _ = std::fs::rename(
                    &from,
                    PathBuf::from(format!("{}{journal}", aside.display())),
                );
            }
        }
        Some(aside)
    } else {
        None
    };
    std::fs::copy(backup, store).map_err(|source| Error::Write {
        path: store.to_path_buf(),
        source,
    })?;
    restrict_to_owner(store);
    Ok(moved)
}
