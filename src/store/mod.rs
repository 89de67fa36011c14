//! The progress store: one SQLite file in the config directory holding every item's scheduling state and a
//! log row for every answer.
//!
//! Every answer is one transaction, committed before the next question is shown, so a session killed at
//! any moment loses nothing that was answered. WAL mode and a busy timeout let two sessions share the store.

use std::path::{Path, PathBuf};
use std::time::Duration as StdDuration;

use chrono::{DateTime, FixedOffset, TimeZone, Utc};
use rusqlite::Connection;

use crate::Error;

mod attempts;
pub mod backup;
mod cards;
mod counts;
mod history;
pub mod lock;
mod log;
mod outbox;
mod practice;
mod schema;
mod undo;

pub use attempts::{Unfinished, Unwritten};
pub use counts::{NearSample, Quarter};
pub use history::NotImported;
pub use log::{Answer, Expected, LogRow, LoggedReview, RecentResults, Saved};
pub use outbox::{OutboxCounts, Queued};
pub use practice::Practised;
use schema::MIGRATIONS;
pub use schema::SCHEMA_VERSION;
pub use undo::{CannotUndo, Undone};

/// A SQLite error as the learner should hear it: a damaged file names its latest backup, a full disk says
/// so, a folder or broken link where the store should be says which, a database of another shape says so,
/// anything else names the store.
pub fn store_error(path: &Path, source: rusqlite::Error) -> Error {
    use rusqlite::ErrorCode;
    match source.sqlite_error_code() {
        Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase) => Error::StoreDamaged {
            path: path.to_path_buf(),
            backup: backup::latest(path, chrono::Local::now().fixed_offset()).map(|b| b.path),
        },
        Some(ErrorCode::DiskFull) => Error::DiskFull {
            path: path.to_path_buf(),
        },
        // SQLite reports a full disk met while creating its journal files as a plain I/O error.
        Some(ErrorCode::SystemIoFailure | ErrorCode::CannotOpen) if disk_is_full(path) => {
            Error::DiskFull {
                path: path.to_path_buf(),
            }
        }
        Some(ErrorCode::ReadOnly | ErrorCode::CannotOpen) => match not_a_file(path) {
            Some(what) => Error::StoreNotAFile {
                path: path.to_path_buf(),
                what,
            },
            None => Error::StoreReadOnly {
                path: path.to_path_buf(),
            },
        },
        _ => match &source {
            rusqlite::Error::SqliteFailure(_, Some(message))
                if message.starts_with("no such table")
                    || message.starts_with("no such column")
                    || message.contains("has no column") =>
            {
                Error::StoreSchema {
                    path: path.to_path_buf(),
                    detail: message.clone(),
                }
            }
            _ => Error::Store {
                path: path.to_path_buf(),
                source,
            },
        },
    }
}

/// What is at the store's place when it is not a file kartka can open: a folder, or a link to nothing.
fn not_a_file(path: &Path) -> Option<String> {
    let meta = std::fs::symlink_metadata(path).ok()?;
    if meta.is_dir() {
        return Some("a folder".into());
    }
    if meta.file_type().is_symlink() && std::fs::metadata(path).is_err() {
        let target = std::fs::read_link(path).unwrap_or_default();
        return Some(format!(
            "a link to `{}`, which does not exist",
            target.display()
        ));
    }
    None
}

/// Whether the store's folder has no room left: a small file cannot be written there.
fn disk_is_full(path: &Path) -> bool {
    use std::io::Write;
    let Some(folder) = path.parent() else {
        return false;
    };
    let probe = folder.join(format!(".kartka-space-probe.{}", std::process::id()));
    let written = std::fs::File::create(&probe).and_then(|mut f| {
        f.write_all(&[0; 16 * 1024])?;
        f.sync_all()
    });
    let _ = std::fs::remove_file(&probe);
    matches!(written, Err(e) if e.kind() == std::io::ErrorKind::StorageFull)
}

/// The store's file name inside the config directory.
pub const FILE_NAME: &str = "progress.sqlite3";

pub struct Store {
    conn: Connection,
    path: PathBuf,
    _lock: lock::StoreLock,
}

fn text<'r>(r: &'r rusqlite::Row<'_>, i: usize) -> rusqlite::Result<&'r str> {
    r.get_ref(i)?.as_str().map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e))
    })
}

fn millis(at: DateTime<FixedOffset>) -> i64 {
    at.timestamp_millis()
}

fn from_millis(ms: i64, offset: FixedOffset) -> DateTime<FixedOffset> {
    Utc.timestamp_millis_opt(ms)
        .single()
        .unwrap_or_default()
        .with_timezone(&offset)
}

impl Store {
    /// Opens (creating if needed) the store at `path`, and the folder it lives in.
    pub fn open(path: &Path) -> Result<Store, Error> {
        let store_err = |source| store_error(path, source);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|source| Error::ConfigDir {
                path: dir.to_path_buf(),
                source,
            })?;
        }
        // Held for the store's lifetime: a restore waits for every open store to close.
        let lock = lock::shared(path)?;
        // What killed runs left: half-written backups and restores, and files written whole beside the store.
        let folder = path.parent().unwrap_or(Path::new("."));
        crate::atomic::remove_stale(&backup::dir(path), ".progress-", ".tmp");
        crate::atomic::remove_stale(folder, ".progress.sqlite3.restoring.", ".tmp");
        crate::atomic::remove_stale(folder, ".", ".kartka-tmp");
        let existed = path.exists();
        let mut conn = Connection::open(path).map_err(store_err)?;
        conn.busy_timeout(StdDuration::from_secs(10))
            .map_err(store_err)?;
        // The version and the tables are read in one transaction: another session creating the store at
        // the same moment could otherwise commit between the two reads, and its new tables look like
        // another program's under the version read before.
        let tx = conn.transaction().map_err(store_err)?;
        let version: i64 = tx
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(store_err)?;
        let shape = check_shape(&tx, version);
        drop(tx);
        if version > SCHEMA_VERSION {
            return Err(Error::StoreTooNew {
                path: path.to_path_buf(),
                found: version,
                supported: SCHEMA_VERSION,
            });
        }
        shape.map_err(|e| match e {
            ShapeError::Sqlite(e) => store_err(e),
            ShapeError::Foreign(detail) => Error::StoreSchema {
                path: path.to_path_buf(),
                detail,
            },
        })?;
        enable_wal(&conn).map_err(store_err)?;
        // NORMAL is durable in WAL mode against a killed process; FULL adds power-loss durability for each
        // commit, which an answer is worth.
        conn.pragma_update(None, "synchronous", "FULL")
            .map_err(store_err)?;
        if version > 0 && version < SCHEMA_VERSION {
            // An older store is copied before it is changed.
            backup::write(
                &conn,
                path,
                backup::Kind::Migration,
                chrono::Local::now().fixed_offset(),
            )?;
        }
        if version < SCHEMA_VERSION {
            // All migrations run in one transaction. Two sessions may open an old store at once: the version
            // is read again under the write lock, so only one of them migrates.
            let tx = conn
                .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
                .map_err(store_err)?;
            let version: i64 = tx
                .query_row("PRAGMA user_version", [], |r| r.get(0))
                .map_err(store_err)?;
            for migration in MIGRATIONS.iter().skip(version.max(0) as usize) {
                tx.execute_batch(migration).map_err(store_err)?;
            }
            tx.pragma_update(None, "user_version", SCHEMA_VERSION)
                .map_err(store_err)?;
            tx.commit().map_err(store_err)?;
        }
        if !existed {
            restrict_to_owner(path);
        }
        Ok(Store {
            conn,
            path: path.to_path_buf(),
            _lock: lock,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn err(&self, source: rusqlite::Error) -> Error {
        store_error(&self.path, source)
    }

    /// A write transaction, with the store's path for its errors. IMMEDIATE takes the write lock up front,
    /// so a second session waits (busy timeout) instead of failing half-way through.
    fn write_transaction(&mut self) -> Result<(rusqlite::Transaction<'_>, &Path), Error> {
        match self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
        {
            Ok(tx) => Ok((tx, self.path.as_path())),
            Err(e) => Err(store_error(&self.path, e)),
        }
    }
}

enum ShapeError {
    Sqlite(rusqlite::Error),
    /// Another program's database, or a kartka store whose tables were changed.
    Foreign(String),
}

/// Checks, before anything is written, that the file is a kartka store (or empty): another program's
/// database is never migrated into one, and a damaged schema is reported, not met half-way through.
fn check_shape(conn: &Connection, version: i64) -> Result<(), ShapeError> {
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table'")
        .and_then(|mut stmt| stmt.query_map([], |r| r.get(0))?.collect())
        .map_err(ShapeError::Sqlite)?;
    if version == 0 {
        return match tables.first() {
            Some(t) => Err(ShapeError::Foreign(format!(
                "it holds a table `{t}` but no kartka version"
            ))),
            None => Ok(()),
        };
    }
    match ["cards", "reviews"]
        .iter()
        .find(|t| !tables.iter().any(|have| have == *t))
    {
        Some(missing) => Err(ShapeError::Foreign(format!("no such table: {missing}"))),
        None => Ok(()),
    }
}

/// Switches the store to WAL mode (a setting kept in the file). The switch takes an exclusive lock without
/// waiting on the busy handler, so when two sessions create a store at once it is retried for a while.
fn enable_wal(conn: &Connection) -> rusqlite::Result<()> {
    let deadline = std::time::Instant::now() + StdDuration::from_secs(10);
    loop {
        let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0))?;
        if mode.eq_ignore_ascii_case("wal") {
            return Ok(());
        }
        match conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get::<_, String>(0)) {
            Ok(_) => return Ok(()),
            Err(rusqlite::Error::SqliteFailure(e, _))
                if e.code == rusqlite::ErrorCode::DatabaseBusy
                    && std::time::Instant::now() < deadline =>
            {
                std::thread::sleep(StdDuration::from_millis(10));
            }
            Err(e) => return Err(e),
        }
    }
}

/// The store holds a learner's history: only they should read it.
fn restrict_to_owner(path: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600));
    }
    #[cfg(not(unix))]
    let _ = path;
}

#[cfg(test)]
mod tests;
