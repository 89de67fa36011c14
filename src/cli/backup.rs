//! `kartka backup` and `kartka restore`.

use std::io::Write;
use std::path::Path;

use super::{EXIT_OK, Env};
use crate::Error;
use crate::clock::Clock;
use crate::sanitize;
use crate::store::{self, Store, backup};

fn store_path(env: &Env) -> Result<std::path::PathBuf, Error> {
    Ok(env
        .home
        .as_deref()
        .ok_or(Error::NoHome)?
        .join(store::FILE_NAME))
}

pub fn backup(out: &mut impl Write, env: &Env, list: bool, clock: &dyn Clock) -> Result<u8, Error> {
    let path = store_path(env)?;
    let now = clock.now();
    if list {
        let all = backup::list(&path);
        if all.is_empty() {
            writeln!(
                out,
                "No backups yet in {}.",
                sanitize::path(&backup::dir(&path))
            )
            .map_err(Error::Output)?;
        }
        for b in &all {
            let note = if b.is_future(now) {
                "  dated in the future: taken while the clock was wrong, never chosen as the latest"
            } else {
                ""
            };
            writeln!(
                out,
                "{}  {:<9} {}  ({} kB){note}",
                b.taken.format("%Y-%m-%d %H:%M:%S"),
                b.kind.name(),
                sanitize::path(&b.path),
                b.bytes.div_ceil(1024)
            )
            .map_err(Error::Output)?;
        }
        return Ok(EXIT_OK);
    }
    if !path.exists() {
        return Err(Error::Usage(format!(
            "there is no progress store to back up yet at {}",
            path.display()
        )));
    }
    let made = Store::open(&path)?.backup(now)?;
    writeln!(
        out,
        "Backed up {} to {}.",
        sanitize::path(&path),
        sanitize::path(&made)
    )
    .map_err(Error::Output)?;
    Ok(EXIT_OK)
}

pub fn restore(
    out: &mut impl Write,
    env: &Env,
    from: Option<&Path>,
    clock: &dyn Clock,
) -> Result<u8, Error> {
    let path = store_path(env)?;
    let now = clock.now();
    let source = match from {
        Some(p) => p.to_path_buf(),
        None => {
            let all = backup::list(&path);
            for b in all.iter().filter(|b| b.is_future(now)) {
                super::warn(&format!(
                    "{} is dated {}, in the future: it was taken while the clock was wrong, so it is not \
                     taken for the latest; name it to restore it",
                    sanitize::path(&b.path),
                    b.taken.format("%Y-%m-%d %H:%M")
                ));
            }
            backup::latest(&path, now).map(|b| b.path).ok_or_else(|| {
                Error::Usage(format!(
                    "there are no backups in {} to restore",
                    backup::dir(&path).display()
                ))
            })?
        }
    };
    let restored = backup::restore(&path, &source, now)?;
    writeln!(
        out,
        "Restored {} from {}.",
        sanitize::path(&path),
        sanitize::path(&source)
    )
    .map_err(Error::Output)?;
    if let Some(a) = restored.aside {
        writeln!(
            out,
            "The store it replaced is kept as {} (with its -wal and -shm files, if any).",
            sanitize::path(&a)
        )
        .map_err(Error::Output)?;
    }
    Ok(EXIT_OK)
}
