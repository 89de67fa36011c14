//! Temporary files that never outlive kartka. A [`TempFile`] is removed when dropped; on SIGINT or SIGTERM
//! a handler removes every one still open and exits 130 or 143 (drops do not run when a signal ends the
//! process); and those of a kartka killed outright (SIGKILL, a crash) are removed by the next kartka that
//! makes one, once their process is gone.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};

/// Names are `kartka-PURPOSE-N.PID.kartka-tmp`: the prefix and suffix tell kartka's files from others' in
/// a shared folder, and the process id tells whether their owner still runs.
const PREFIX: &str = "kartka-";
const SUFFIX: &str = ".kartka-tmp";

/// The temporary files open now, for the signal handler.
static OPEN: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

fn open_files() -> MutexGuard<'static, Vec<PathBuf>> {
    // A panic while the list was held leaves it as valid as before: removing files must still work.
    OPEN.lock().unwrap_or_else(PoisonError::into_inner)
}

fn forget(path: &Path) {
    open_files().retain(|p| p != path);
}

/// A file in the temporary folder, readable by its owner only, removed on every way out of kartka.
#[derive(Debug)]
pub struct TempFile {
    path: PathBuf,
}

impl TempFile {
    /// Creates an empty file for `purpose` (a word in its name) and returns it open for writing.
    pub fn create(purpose: &str) -> std::io::Result<(TempFile, File)> {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let folder = std::env::temp_dir();
        crate::atomic::remove_stale(&folder, PREFIX, SUFFIX);
        handle_signals();
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let path = folder.join(format!(
            "{PREFIX}{purpose}-{n}.{}{SUFFIX}",
            std::process::id()
        ));
        // Listed before it exists, so that a signal between the two cannot leave it behind.
        open_files().push(path.clone());
        // A file of this name was left by an earlier process that had this id.
        let _ = std::fs::remove_file(&path);
        match crate::atomic::create_private(&path) {
            Ok(file) => Ok((TempFile { path }, file)),
            Err(e) => {
                forget(&path);
                Err(e)
            }
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
        forget(&self.path);
    }
}

/// A temporary file kept beside its target (a file being written whole, a backup being made): removed
/// when dropped (renaming it away first is fine) and by the signal handler, like a [`TempFile`].
#[derive(Debug)]
pub struct Guard {
    paths: Vec<PathBuf>,
}

impl Guard {
    /// Guards `path`, and the files SQLite makes beside it while writing it.
    pub fn new(path: &Path) -> Guard {
        handle_signals();
        let mut journal = path.as_os_str().to_owned();
        journal.push("-journal");
        let paths = vec![path.to_path_buf(), PathBuf::from(journal)];
        open_files().extend(paths.iter().cloned());
        Guard { paths }
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        for path in &self.paths {
            let _ = std::fs::remove_file(path);
            forget(path);
        }
    }
}

/// Runs `f` with the signal handler held off: for steps that must not be cut in two, such as moving the
/// store aside and a restored copy into its place. `f` must not make or drop temporary files.
pub fn uninterrupted<T>(f: impl FnOnce() -> T) -> T {
    let _held = open_files();
    f()
}

/// Starts, once, a thread that waits for SIGINT and SIGTERM. The signal itself only wakes the thread
/// (signal-hook's self-pipe), so removing files, which takes a lock and allocates, is done outside the
/// signal handler, where that is safe.
#[cfg(unix)]
fn handle_signals() {
    use signal_hook::consts::{SIGINT, SIGTERM};
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM]) else {
            return;
        };
        std::thread::spawn(move || {
            if let Some(signal) = signals.forever().next() {
                for path in open_files().drain(..) {
                    let _ = std::fs::remove_file(path);
                }
                std::process::exit(128 + signal);
            }
        });
    });
}

#[cfg(not(unix))]
fn handle_signals() {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_temporary_file_is_listed_while_open_and_removed_when_dropped() {
        let (file, _) = TempFile::create("test").unwrap();
        let path = file.path().to_path_buf();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        assert!(name.starts_with("kartka-test-"), "{name}");
        assert!(name.ends_with(&format!(".{}.kartka-tmp", std::process::id())));
        assert!(path.exists() && open_files().contains(&path));
        drop(file);
        assert!(!path.exists() && !open_files().contains(&path));
    }

    #[test]
    fn a_guarded_file_beside_its_target_is_listed_and_removed_with_its_journal() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".x.tmp");
        let journal = dir.path().join(".x.tmp-journal");
        let guard = Guard::new(&path);
        std::fs::write(&path, b"half").unwrap();
        std::fs::write(&journal, b"j").unwrap();
        assert!(open_files().contains(&path) && open_files().contains(&journal));
        drop(guard);
        assert!(!path.exists() && !journal.exists());
        assert!(!open_files().contains(&path));
    }
}
