//! Writing a backup: SQLite's online backup into a hidden temporary file, an integrity check, a sync, and
//! only then its name, taken without replacing any other backup. Whatever stops it part-way (a kill, a full
//! disk) leaves at most a hidden temporary file, which the next backup removes.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, FixedOffset, NaiveDate};
use rusqlite::Connection;
use rusqlite::backup::{Backup as SqliteBackup, StepResult};

use super::{INFO_TABLE, Kind, dir, list, prune};
use crate::Error;
use crate::atomic::{create_private, remove_stale, sync_dir};
use crate::store::{Store, store_error};

/// Copies `source` into a new file at `path` in one step, so that the copy is one consistent snapshot
/// (one read transaction) even while another connection writes.
pub(crate) fn snapshot(source: &Connection, path: &Path) -> rusqlite::Result<()> {
    let mut target = Connection::open(path)?;
    {
        let backup = SqliteBackup::new(source, &mut target)?;
        loop {
            match backup.step(-1)? {
                StepResult::Done => break,
                StepResult::More => {}
                // Another connection holds a lock for a moment: wait and try again.
                _ => std::thread::sleep(Duration::from_millis(50)),
            }
        }
    }
    // A copy of a store in WAL mode would be in WAL mode too: one self-contained file is wanted.
    target.pragma_update(None, "journal_mode", "DELETE")?;
    Ok(())
}

/// Checks a copy with `PRAGMA integrity_check`.
pub(crate) fn check(path: &Path) -> Result<(), Error> {
    let conn = Connection::open(path).map_err(|e| store_error(path, e))?;
    let ok: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .map_err(|e| store_error(path, e))?;
    if ok == "ok" {
        Ok(())
    } else {
        Err(Error::StoreDamaged {
            path: path.to_path_buf(),
            backup: None,
        })
    }
}

/// Makes a backup of `source` (the store at `store`), taken at `at`, and prunes its kind's slots.
pub(crate) fn write(
    source: &Connection,
    store: &Path,
    kind: Kind,
    at: DateTime<FixedOffset>,
) -> Result<PathBuf, Error> {
    let folder = dir(store);
    std::fs::create_dir_all(&folder).map_err(|source| Error::Write {
        path: folder.clone(),
        source,
    })?;
    remove_stale(&folder, ".progress-", ".tmp");
    let stamp = at.format("%Y-%m-%d-%H%M%S");
    let temp = folder.join(format!(
        ".progress-{}-{stamp}.{}.tmp",
        kind.name(),
        std::process::id()
    ));
    let guard = crate::cleanup::Guard::new(&temp);
    let result = fill(source, &temp, kind, at).and_then(|()| name(&temp, &folder, kind, &stamp));
    drop(guard);
    let made = result?;
    sync_dir(&folder);
    prune(store, kind, at);
    Ok(made)
}

/// Writes the checked, synced copy into `temp`.
fn fill(
    source: &Connection,
    temp: &Path,
    kind: Kind,
    at: DateTime<FixedOffset>,
) -> Result<(), Error> {
    create_private(temp).map_err(|source| Error::Write {
        path: temp.to_path_buf(),
        source,
    })?;
    snapshot(source, temp).map_err(|e| store_error(temp, e))?;
    check(temp)?;
    let conn = Connection::open(temp).map_err(|e| store_error(temp, e))?;
    conn.execute_batch(&format!(
        "CREATE TABLE {INFO_TABLE} (taken_ms INTEGER NOT NULL, offset_s INTEGER NOT NULL, kind TEXT NOT NULL);"
    ))
    .and_then(|()| {
        conn.execute(
            &format!("INSERT INTO {INFO_TABLE} VALUES (?1, ?2, ?3)"),
            rusqlite::params![
                at.timestamp_millis(),
                at.offset().local_minus_utc(),
                kind.name()
            ],
        )
    })
    .map_err(|e| store_error(temp, e))?;
    drop(conn);
    File::open(temp)
        .and_then(|f| f.sync_all())
        .map_err(|source| Error::Write {
            path: temp.to_path_buf(),
            source,
        })
}

/// Gives the finished copy its name. A name already taken (two backups in one second) gets the next
/// number after the highest in use, so that the order of names is the order taken even after pruning.
/// A hard link never replaces an existing file, so no backup can overwrite another.
fn name(
    temp: &Path,
    folder: &Path,
    kind: Kind,
    stamp: &impl std::fmt::Display,
) -> Result<PathBuf, Error> {
    let base = format!("progress-{}-{stamp}", kind.name());
    let taken = std::fs::read_dir(folder)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter_map(|e| super::parse_name(e.file_name().to_str()?))
                .filter(|n| {
                    n.kind == kind
                        && format!(
                            "progress-{}-{}",
                            kind.name(),
                            n.time.format("%Y-%m-%d-%H%M%S")
                        ) == base
                })
                .map(|n| n.sequence)
                .max()
        })
        .ok()
        .flatten();
    let mut n = taken.map_or(1, |t| t + 1);
    loop {
        let suffix = if n == 1 {
            String::new()
        } else {
            format!("-{n}")
        };
        let path = folder.join(format!("{base}{suffix}.sqlite3"));
        match std::fs::hard_link(temp, &path) {
            Ok(()) => return Ok(path),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => n += 1,
            Err(source) => return Err(Error::Write { path, source }),
        }
    }
}

impl Store {
    /// Makes a backup now (`kartka backup`), named for `at`, in the manual slots.
    pub fn backup(&self, at: DateTime<FixedOffset>) -> Result<PathBuf, Error> {
        write(&self.conn, &self.path, Kind::Manual, at)
    }

    /// Whether a daily backup was already taken on `today`.
    fn has_daily(&self, today: NaiveDate) -> bool {
        list(&self.path)
            .iter()
            .any(|b| b.kind == Kind::Daily && b.taken.date_naive() == today)
    }

    /// Starts the day's backup, unless one was taken on `today`, on a thread of its own with a connection
    /// of its own, so that the first question does not wait for it. Join the handle before exiting.
    pub fn start_daily_backup(
        &self,
        today: NaiveDate,
        at: DateTime<FixedOffset>,
    ) -> Option<std::thread::JoinHandle<Result<PathBuf, Error>>> {
        if self.has_daily(today) {
            return None;
        }
        let store = self.path.clone();
        Some(std::thread::spawn(move || {
            let conn =
                Connection::open_with_flags(&store, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
                    .map_err(|e| store_error(&store, e))?;
            conn.busy_timeout(Duration::from_secs(10))
                .map_err(|e| store_error(&store, e))?;
            write(&conn, &store, Kind::Daily, at)
        }))
    }
}
