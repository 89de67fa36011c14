//! Putting a backup in the store's place. The backup is copied beside the store under a hidden name,
//! checked and synced; only then is the store moved aside (under a name never used before) and the copy
//! renamed into its place. Stopped at any point, the store is either as it was or wholly restored, and
//! the message names the file that holds the replaced store.

use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset};
use rusqlite::{Connection, OpenFlags};

use super::INFO_TABLE;
use super::write::{check, snapshot};
use crate::Error;
use crate::atomic::{create_private, remove_stale, sync_dir};
use crate::store::{SCHEMA_VERSION, lock, store_error};

/// What a restore did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Restored {
    /// Where the store that was replaced now is, when there was one.
    pub aside: Option<PathBuf>,
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// The store's companion files, which move with it.
const JOURNALS: [&str; 2] = ["-wal", "-shm"];

/// Moves the store (and its journal files) to `to`.
fn move_store(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::rename(from, to)?;
    for journal in JOURNALS {
        let f = with_suffix(from, journal);
        if f.exists() {
            std::fs::rename(&f, with_suffix(to, journal))?;
        }
    }
    Ok(())
}

/// Puts `backup` in the place of the store at `store`. Refused while another kartka has the store open.
pub fn restore(store: &Path, backup: &Path, at: DateTime<FixedOffset>) -> Result<Restored, Error> {
    let Some(_lock) = lock::exclusive(store)? else {
        return Err(Error::StoreBusy {
            path: store.to_path_buf(),
        });
    };
    let folder = store.parent().unwrap_or(Path::new("."));
    remove_stale(folder, ".progress.sqlite3.restoring.", ".tmp");
    let temp = folder.join(format!(
        ".progress.sqlite3.restoring.{}.tmp",
        std::process::id()
    ));
    let guard = crate::cleanup::Guard::new(&temp);
    // A signal between moving the store aside and the copy into place would leave no store at all.
    let result = prepare(backup, &temp)
        .and_then(|()| crate::cleanup::uninterrupted(|| swap(store, &temp, at)));
    drop(guard);
    result
}

/// Copies the backup into `temp` as a store: checked, without the backup's own record, synced.
fn prepare(backup: &Path, temp: &Path) -> Result<(), Error> {
    let source = Connection::open_with_flags(backup, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(|e| store_error(backup, e))?;
    let version: i64 = source
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(|e| store_error(backup, e))?;
    // An empty file is a valid, empty database: restoring it would silently replace every answer.
    if version == 0 {
        return Err(Error::NotABackup {
            path: backup.to_path_buf(),
        });
    }
    if version > SCHEMA_VERSION {
        return Err(Error::StoreTooNew {
            path: backup.to_path_buf(),
            found: version,
            supported: SCHEMA_VERSION,
        });
    }
    create_private(temp).map_err(|source| Error::Write {
        path: temp.to_path_buf(),
        source,
    })?;
    snapshot(&source, temp).map_err(|e| store_error(temp, e))?;
    drop(source);
    check(temp).map_err(|e| match e {
        Error::StoreDamaged { .. } => Error::StoreDamaged {
            path: backup.to_path_buf(),
            backup: None,
        },
        other => other,
    })?;
    let conn = Connection::open(temp).map_err(|e| store_error(temp, e))?;
    conn.execute_batch(&format!("DROP TABLE IF EXISTS {INFO_TABLE};"))
        .map_err(|e| store_error(temp, e))?;
    drop(conn);
    std::fs::File::open(temp)
        .and_then(|f| f.sync_all())
        .map_err(|source| Error::Write {
            path: temp.to_path_buf(),
            source,
        })
}

/// Moves the store aside and the prepared copy into its place, putting the store back if the second step
/// fails.
fn swap(store: &Path, temp: &Path, at: DateTime<FixedOffset>) -> Result<Restored, Error> {
    let folder = store.parent().unwrap_or(Path::new("."));
    let aside = if store.exists() {
        let stamp = at.format("%Y-%m-%d-%H%M%S");
        // The exclusive lock is held: no other restore can take the same name in between.
        let aside = (1..)
            .map(|n| {
                let suffix = if n == 1 {
                    String::new()
                } else {
                    format!("-{n}")
                };
                with_suffix(store, &format!(".replaced-{stamp}{suffix}"))
            })
            .find(|p| !p.exists() && JOURNALS.iter().all(|j| !with_suffix(p, j).exists()))
            .unwrap_or_else(|| with_suffix(store, ".replaced"));
        move_store(store, &aside).map_err(|source| Error::Write {
            path: store.to_path_buf(),
            source,
        })?;
        Some(aside)
    } else {
        None
    };
    if let Err(source) = std::fs::rename(temp, store) {
        let back = aside.as_ref().map(|a| move_store(a, store));
        return Err(match back {
            Some(Err(_)) => Error::RestoreInterrupted {
                path: store.to_path_buf(),
                kept: aside.unwrap_or_default(),
                source,
            },
            _ => Error::Write {
                path: store.to_path_buf(),
                source,
            },
        });
    }
    sync_dir(folder);
    Ok(Restored { aside })
}
