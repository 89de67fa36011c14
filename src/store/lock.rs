//! Who holds the progress store: every open [`Store`](super::Store) holds a shared lock on a file beside
//! it, and `kartka restore` takes it exclusively, so that a store is never swapped under a running session
//! (whose next answers would go into the file moved aside) and a session never opens a half-restored one.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};

use crate::Error;

/// A lock on the store, held until dropped.
#[derive(Debug)]
pub struct StoreLock {
    _file: File,
}

fn lock_path(store: &Path) -> PathBuf {
    let mut name = store.as_os_str().to_owned();
    name.push(".lock");
    PathBuf::from(name)
}

fn open(store: &Path) -> Result<File, Error> {
    let path = lock_path(store);
    let mut options = OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(&path).map_err(|source| match source.kind() {
        std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem => {
            Error::StoreReadOnly { path: path.clone() }
        }
        _ => Error::Write { path, source },
    })
}

/// Shares the store with other sessions; waits while a restore is putting a backup in place.
pub fn shared(store: &Path) -> Result<StoreLock, Error> {
    let file = open(store)?;
    file.lock_shared().map_err(|source| Error::Write {
        path: lock_path(store),
        source,
    })?;
    Ok(StoreLock { _file: file })
}

/// The store to oneself, or `None` when another kartka has it open.
pub fn exclusive(store: &Path) -> Result<Option<StoreLock>, Error> {
    let file = open(store)?;
    match file.try_lock() {
        Ok(()) => Ok(Some(StoreLock { _file: file })),
        Err(TryLockError::WouldBlock) => Ok(None),
        Err(TryLockError::Error(source)) => Err(Error::Write {
            path: lock_path(store),
            source,
        }),
    }
}

/// A quiz attempt being taken, held by the kartka taking it: another kartka that finds the attempt
/// unfinished resumes it only if it can take this lock, so that two windows never run one attempt. The
/// file is removed when the attempt ends; one left by a crash is taken over by the resume.
#[derive(Debug)]
pub struct AttemptLock {
    file: Option<File>,
    path: PathBuf,
}

impl AttemptLock {
    /// The lock named `token` beside `store`, or `None` when another kartka holds it.
    pub fn take(store: &Path, token: &str) -> Result<Option<AttemptLock>, Error> {
        let mut name = store.as_os_str().to_owned();
        name.push(format!(".attempt-{token}.lock"));
        let path = PathBuf::from(name);
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(|source| Error::Write {
                path: path.clone(),
                source,
            })?;
        match file.try_lock() {
            Ok(()) => Ok(Some(AttemptLock {
                file: Some(file),
                path,
            })),
            Err(TryLockError::WouldBlock) => Ok(None),
            Err(TryLockError::Error(source)) => Err(Error::Write { path, source }),
        }
    }

    /// The attempt is over: the lock file goes.
    pub fn release(mut self) {
        let _ = std::fs::remove_file(&self.path);
        self.file.take();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shared_holder_keeps_the_exclusive_lock_away() {
        let dir = tempfile::tempdir().unwrap();
        let store = dir.path().join("progress.sqlite3");
        let a = shared(&store).unwrap();
        let b = shared(&store).unwrap();
        assert!(exclusive(&store).unwrap().is_none());
        drop((a, b));
        let only = exclusive(&store).unwrap();
        assert!(only.is_some());
    }

    #[test]
    fn an_attempt_is_held_by_one_kartka_at_a_time() {
        let dir = tempfile::tempdir().unwrap();
        let store = dir.path().join("progress.sqlite3");
        let held = AttemptLock::take(&store, "a1").unwrap().unwrap();
        assert!(AttemptLock::take(&store, "a1").unwrap().is_none());
        assert!(AttemptLock::take(&store, "b2").unwrap().is_some());
        held.release();
        assert!(!dir.path().join("progress.sqlite3.attempt-a1.lock").exists());
        assert!(AttemptLock::take(&store, "a1").unwrap().is_some());
    }
}
