//! Backups of the progress store, in `<config dir>/backups/`: one a day when studying starts, one before
//! every schema migration, and any made with `kartka backup`. Each kind keeps its newest seven.
//!
//! A backup is written under a hidden temporary name, checked, synced and only then given its name
//! (`progress-daily-2026-11-22-090000.sqlite3`), so that a file with a backup's name is always a whole,
//! checked backup. The time it was taken is recorded inside it; "latest" goes by that time, and a backup
//! dated in the future (a wrong clock) is reported rather than preferred.

mod restore;
mod write;

use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset, NaiveDateTime, TimeZone};
use rusqlite::{Connection, OpenFlags};

pub use restore::restore;
pub(super) use write::write;

/// How many backups of each kind are kept.
pub const KEPT: usize = 7;

/// The table inside a backup that records when and why it was taken.
const INFO_TABLE: &str = "kartka_backup";

/// A backup dated more than this after now was taken with a wrong clock.
const CLOCK_SLACK_MINUTES: i64 = 5;

/// Why a backup was taken; each kind has its own slots.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Migration,
    Daily,
    Manual,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Daily => "daily",
            Kind::Manual => "manual",
            Kind::Migration => "migration",
        }
    }

    fn from_name(name: &str) -> Option<Kind> {
        [Kind::Daily, Kind::Manual, Kind::Migration]
            .into_iter()
            .find(|k| k.name() == name)
    }
}

/// One backup file, as listed.
#[derive(Debug, Clone, PartialEq)]
pub struct Backup {
    pub path: PathBuf,
    pub kind: Kind,
    /// When it was taken: as recorded inside it, or for backups of older kartkas, from its name.
    pub taken: DateTime<FixedOffset>,
    pub bytes: u64,
    sequence: u32,
}

impl Backup {
    /// Dated after `now` (beyond a few minutes' slack): taken while the clock was wrong.
    pub fn is_future(&self, now: DateTime<FixedOffset>) -> bool {
        self.taken > now + chrono::Duration::minutes(CLOCK_SLACK_MINUTES)
    }
}

/// The backups folder beside a store.
pub fn dir(store: &Path) -> PathBuf {
    store.parent().unwrap_or(Path::new(".")).join("backups")
}

/// What a backup's file name says: `progress-KIND-STAMP[-N].sqlite3`, or an older kartka's
/// `progress-STAMP.sqlite3` (daily or manual) and `progress-STAMP-before-vN.sqlite3` (migration).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Name {
    kind: Kind,
    time: NaiveDateTime,
    /// The `-N` of the Nth backup taken in one second (1 for the first).
    sequence: u32,
}

fn parse_name(name: &str) -> Option<Name> {
    let stem = name.strip_prefix("progress-")?.strip_suffix(".sqlite3")?;
    let (kind, rest) = match stem.split_once('-') {
        Some((k, rest)) if Kind::from_name(k).is_some() => (Kind::from_name(k)?, rest),
        _ if stem.contains("-before-v") => (Kind::Migration, stem),
        _ => (Kind::Daily, stem),
    };
    let time = NaiveDateTime::parse_from_str(rest.get(..17)?, "%Y-%m-%d-%H%M%S").ok()?;
    let sequence = rest[17..]
        .strip_prefix('-')
        .and_then(|n| n.parse().ok())
        .unwrap_or(1);
    Some(Name {
        kind,
        time,
        sequence,
    })
}

/// The time recorded inside a backup, when it has one (backups of older kartkas do not). `None` too when
/// the file is not a readable database at all: such a file is no backup.
fn recorded(path: &Path) -> Option<Option<DateTime<FixedOffset>>> {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY).ok()?;
    let has_info: bool = conn
        .query_row(
            "SELECT count(*) FROM sqlite_schema WHERE name = ?1",
            [INFO_TABLE],
            |r| r.get::<_, i64>(0),
        )
        .ok()?
        > 0;
    if !has_info {
        return Some(None);
    }
    let (ms, offset): (i64, i32) = conn
        .query_row(
            &format!("SELECT taken_ms, offset_s FROM {INFO_TABLE}"),
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .ok()?;
    let offset = FixedOffset::east_opt(offset)?;
    Some(offset.timestamp_millis_opt(ms).single())
}

/// Every backup of a store, oldest first. Hidden files (backups being written), files left beside an
/// interrupted copy by older kartkas (with a `-journal`) and files that are not databases are left out.
pub fn list(store: &Path) -> Vec<Backup> {
    let folder = dir(store);
    let offset = *chrono::Local::now().offset();
    let mut found: Vec<Backup> = std::fs::read_dir(&folder)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
                .filter_map(|e| {
                    let path = e.path();
                    let name = path.file_name()?.to_str()?.to_string();
                    let named = parse_name(&name)?;
                    if folder.join(format!("{name}-journal")).exists() {
                        return None;
                    }
                    let taken = match recorded(&path)? {
                        Some(t) => t,
                        None => offset.from_local_datetime(&named.time).earliest()?,
                    };
                    let bytes = e.metadata().map_or(0, |m| m.len());
                    Some(Backup {
                        path,
                        kind: named.kind,
                        taken,
                        bytes,
                        sequence: named.sequence,
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    // Backups of one moment (a fixed clock) are ordered as they would be taken: before a migration, the
    // day's, then the learner's own.
    found.sort_by_key(|b| (b.taken, b.kind as u8, b.sequence));
    found
}

/// The newest backup not dated in the future, of any kind.
pub fn latest(store: &Path, now: DateTime<FixedOffset>) -> Option<Backup> {
    list(store).into_iter().rfind(|b| !b.is_future(now))
}

/// Removes all but the newest [`KEPT`] backups of `kind`. Backups dated in the future are never removed
/// here: nothing says whether they are old or new, so the learner decides (`kartka backup --list` shows them).
fn prune(store: &Path, kind: Kind, now: DateTime<FixedOffset>) {
    let of_kind: Vec<Backup> = list(store)
        .into_iter()
        .filter(|b| b.kind == kind && !b.is_future(now))
        .collect();
    for old in of_kind.iter().take(of_kind.len().saturating_sub(KEPT)) {
        let _ = std::fs::remove_file(&old.path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_old_and_new_give_kind_and_time() {
        let t = |s: &str| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap();
        let name = |kind, time, sequence| {
            Some(Name {
                kind,
                time: t(time),
                sequence,
            })
        };
        assert_eq!(
            parse_name("progress-daily-2026-11-22-090000.sqlite3"),
            name(Kind::Daily, "2026-11-22 09:00:00", 1)
        );
        assert_eq!(
            parse_name("progress-manual-2026-11-22-090000-12.sqlite3"),
            name(Kind::Manual, "2026-11-22 09:00:00", 12)
        );
        assert_eq!(
            parse_name("progress-2026-11-20-081500.sqlite3"),
            name(Kind::Daily, "2026-11-20 08:15:00", 1)
        );
        assert_eq!(
            parse_name("progress-2026-11-20-081500-before-v5.sqlite3"),
            name(Kind::Migration, "2026-11-20 08:15:00", 1)
        );
        assert_eq!(parse_name(".progress-daily-2026-11-22-090000.tmp"), None);
        assert_eq!(
            parse_name("progress-daily-2026-11-22-090000.sqlite3-journal"),
            None
        );
        assert_eq!(parse_name("progress-someday.sqlite3"), None);
    }
}
