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
        for b in all {
            let size = std::fs::metadata(&b).map_or(0, |m| m.len());
            writeln!(out, "{}  ({} kB)", sanitize::path(&b), size.div_ceil(1024))
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
    let made = Store::open(&path)?.backup(clock.now())?;
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
    let source = match from {
        Some(p) => p.to_path_buf(),
        None => backup::latest(&path).ok_or_else(|| {
            Error::Usage(format!(
                "there are no backups in {} to restore",
                backup::dir(&path).display()
            ))
        })?,
    };
    let aside = backup::restore(&path, &source, clock.now())?;
    writeln!(
        out,
        "Restored {} from {}.",
        sanitize::path(&path),
        sanitize::path(&source)
    )
    .map_err(Error::Output)?;
    if let Some(a) = aside {
        writeln!(
            out,
            "The store it replaced is kept as {}.",
            sanitize::path(&a)
        )
        .map_err(Error::Output)?;
    }
    Ok(EXIT_OK)
}
