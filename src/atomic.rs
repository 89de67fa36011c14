//! Files written whole or not at all. The bytes go to a hidden temporary file beside the target, are
//! synced, and only then take the target's name: by rename when replacing is wanted, by hard link (which
//! never replaces) otherwise. A kill or a full disk leaves at most the temporary file, which the next write
//! in that folder removes once its process is gone.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use crate::Error;
use crate::cleanup::Guard;

/// A temporary file older than this was left by a process that was killed.
const STALE_AFTER: Duration = Duration::from_secs(10 * 60);

/// What temporary files end with: `.NAME.PID.kartka-tmp`.
const TEMP_SUFFIX: &str = ".kartka-tmp";

/// Creates a file readable by its owner only, failing if it exists.
pub fn create_private(path: &Path) -> std::io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)
}

/// Flushes a folder's entries (a rename or a new name) to the disk.
pub fn sync_dir(path: &Path) {
    #[cfg(unix)]
    if let Ok(d) = File::open(path) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = path;
}

/// Whether the process whose id is in a temporary file's name (`….PID.SUFFIX`) still runs. Where that
/// cannot be told, it is taken to run, and the file is removed only once it is old.
fn owner_alive(name: &str, suffix: &str) -> bool {
    let pid = name
        .strip_suffix(suffix)
        .and_then(|rest| rest.rsplit('.').next())
        .and_then(|p| p.parse::<u32>().ok());
    match pid {
        Some(pid) if cfg!(target_os = "linux") => Path::new("/proc").join(pid.to_string()).exists(),
        _ => true,
    }
}

/// Removes the temporary files (names starting with `prefix` and ending with `suffix`) that killed kartkas
/// left in `folder`.
pub fn remove_stale(folder: &Path, prefix: &str, suffix: &str) {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    let now = SystemTime::now();
    for e in entries.filter_map(Result::ok) {
        let name = e.file_name();
        let Some(name) = name.to_str() else { continue };
        if !name.starts_with(prefix) || !name.ends_with(suffix) {
            continue;
        }
        let old = e
            .metadata()
            .and_then(|m| m.modified())
            .is_ok_and(|t| now.duration_since(t).unwrap_or_default() > STALE_AFTER);
        if old || !owner_alive(name, suffix) {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

fn folder_of(path: &Path) -> &Path {
    path.parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// Who may read a file written here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// As the umask says: files meant to be handed on (exports, results).
    Shared,
    /// The owner only: settings that may hold credentials.
    Private,
}

/// Writes `bytes` to a synced temporary file beside `target`, returning its path and the guard that
/// removes it on every way out.
fn temporary(target: &Path, bytes: &[u8], access: Access) -> Result<(PathBuf, Guard), Error> {
    let folder = folder_of(target);
    std::fs::create_dir_all(folder).map_err(|source| Error::Write {
        path: folder.to_path_buf(),
        source,
    })?;
    remove_stale(folder, ".", TEMP_SUFFIX);
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = folder.join(format!(".{name}.{}{TEMP_SUFFIX}", std::process::id()));
    let guard = Guard::new(&temp);
    let _ = std::fs::remove_file(&temp);
    let created = match access {
        Access::Private => create_private(&temp),
        Access::Shared => OpenOptions::new().write(true).create_new(true).open(&temp),
    };
    let written = created.and_then(|mut f| {
        f.write_all(bytes)?;
        f.sync_all()
    });
    if let Err(source) = written {
        return Err(Error::Write {
            path: target.to_path_buf(),
            source,
        });
    }
    Ok((temp, guard))
}

/// Writes `bytes` to `path` whole. An existing file is replaced only when `replace` is true; otherwise it
/// is [`Error::Exists`], even when the file appears while this one is being written.
pub fn write(path: &Path, bytes: &[u8], replace: bool, access: Access) -> Result<(), Error> {
    if !replace && path.exists() {
        return Err(Error::Exists {
            path: path.to_path_buf(),
        });
    }
    let (temp, guard) = temporary(path, bytes, access)?;
    let placed = if replace {
        std::fs::rename(&temp, path)
    } else {
        std::fs::hard_link(&temp, path)
    };
    drop(guard);
    placed.map_err(|source| {
        if source.kind() == std::io::ErrorKind::AlreadyExists {
            Error::Exists {
                path: path.to_path_buf(),
            }
        } else {
            Error::Write {
                path: path.to_path_buf(),
                source,
            }
        }
    })?;
    sync_dir(folder_of(path));
    Ok(())
}

/// Writes `bytes` whole under the first free name of `stem.ext`, `stem-2.ext`, `stem-3.ext`…, taken in
/// one step with the write, so that two writers of one name both keep their file.
pub fn write_numbered(
    folder: &Path,
    stem: &str,
    ext: &str,
    bytes: &[u8],
) -> Result<PathBuf, Error> {
    let first = folder.join(format!("{stem}.{ext}"));
    let (temp, guard) = temporary(&first, bytes, Access::Shared)?;
    let mut n = 1;
    let placed = loop {
        let path = if n == 1 {
            first.clone()
        } else {
            folder.join(format!("{stem}-{n}.{ext}"))
        };
        match std::fs::hard_link(&temp, &path) {
            Ok(()) => break Ok(path),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => n += 1,
            Err(source) => break Err(Error::Write { path, source }),
        }
    };
    drop(guard);
    let path = placed?;
    sync_dir(folder);
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_written_whole_and_never_replaced_unless_asked() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.json");
        write(&path, b"one", false, Access::Shared).unwrap();
        assert!(matches!(
            write(&path, b"two", false, Access::Shared),
            Err(Error::Exists { .. })
        ));
        assert_eq!(std::fs::read(&path).unwrap(), b"one");
        write(&path, b"three", true, Access::Private).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"three");
        let a = write_numbered(dir.path(), "r", "json", b"x").unwrap();
        let b = write_numbered(dir.path(), "r", "json", b"y").unwrap();
        assert_eq!(
            (a.file_name().unwrap(), b.file_name().unwrap()),
            ("r.json".as_ref(), "r-2.json".as_ref())
        );
        // A temporary file of a process that is gone is removed by the next write.
        let stale = dir.path().join(".a.json.4000000000.kartka-tmp");
        std::fs::write(&stale, b"half").unwrap();
        write_numbered(dir.path(), "r", "json", b"z").unwrap();
        assert!(!stale.exists());
        let left: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with('.'))
            .collect();
        assert!(left.is_empty(), "{left:?}");
    }
}
