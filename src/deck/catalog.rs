//! Where decks come from: built into the binary, the config directory's `decks/`, or paths given.

use std::borrow::Cow;
use std::fmt;
use std::path::{Path, PathBuf};

use super::{Loaded, Outline, parse};
use crate::Error;
use crate::suggest;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/built_in_decks.rs"));
}

/// Where one deck file was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// Shipped inside the binary, by file name.
    BuiltIn(&'static str),
    /// In `<config dir>/decks/`.
    ConfigDir(PathBuf),
    /// Named on the command line.
    Path(PathBuf),
}

impl Origin {
    /// One word for listings and JSON: `built-in`, `config` or `path`.
    pub fn kind(&self) -> &'static str {
        match self {
            Origin::BuiltIn(_) => "built-in",
            Origin::ConfigDir(_) => "config",
            Origin::Path(_) => "path",
        }
    }

    pub fn path(&self) -> Option<&Path> {
        match self {
            Origin::BuiltIn(_) => None,
            Origin::ConfigDir(p) | Origin::Path(p) => Some(p),
        }
    }
}

/// How diagnostics name the file: its path, or `built-in/<name>` for a shipped deck.
impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::BuiltIn(name) => write!(f, "built-in/{name}"),
            Origin::ConfigDir(p) | Origin::Path(p) => write!(f, "{}", p.display()),
        }
    }
}

/// A deck file's text and where it came from.
#[derive(Debug, Clone)]
pub struct DeckFile {
    pub origin: Origin,
    pub text: Cow<'static, str>,
}

impl DeckFile {
    pub fn read(path: &Path, origin: Origin) -> Result<DeckFile, Error> {
        let bytes = crate::read_limited(path, super::MAX_DECK_BYTES)?;
        let mut text = String::from_utf8(bytes).map_err(|_| Error::NotUtf8 {
            path: path.to_path_buf(),
        })?;
        // Some Windows editors start files with a byte-order mark; TOML does not allow one.
        if text.starts_with('\u{feff}') {
            text.drain(..3);
        }
        Ok(DeckFile {
            origin,
            text: Cow::Owned(text),
        })
    }

    pub fn load(&self) -> Loaded {
        parse(&self.text)
    }

    /// The deck's outline, read from the deck cache in `home` when its text is unchanged since it was last
    /// parsed, and otherwise parsed (and cached, with the file's `stamp` when it has one). A deck with
    /// errors gives what its parse found, for the caller to report; a cached deck has no warnings to give
    /// (`kartka check` reports them, uncached).
    fn outline(
        &self,
        home: Option<&Path>,
        stamp: Option<cache::Stamp>,
    ) -> Result<Outline, Box<Loaded>> {
        if let Some(home) = home
            && let Some(outline) = cache::get(home, &self.origin, &self.text)
        {
            if stamp.is_some() {
                // Unchanged but touched: the new stamp lets the next run skip reading it.
                cache::put(home, &self.origin, &self.text, stamp, &outline);
            }
            return Ok(outline);
        }
        let loaded = self.load();
        let Some(deck) = &loaded.deck else {
            return Err(Box::new(loaded));
        };
        let outline = Outline::of(deck);
        if let Some(home) = home {
            cache::put(home, &self.origin, &self.text, stamp, &outline);
        }
        Ok(outline)
    }
}

/// A deck file, through the deck cache in `home`: its outline when it has no errors, or the file and what
/// its parse found. A file whose size, time stamps and inode are those the cache recorded is not even
/// read: with 25 MB of decks, reading and hashing them would be a third of the time to the first question.
fn load_file(
    path: &Path,
    origin: Origin,
    home: Option<&Path>,
) -> Result<Result<Entry, (DeckFile, Box<Loaded>)>, Error> {
    // Taken before the file is read: a change made while it is read makes the next run read it again.
    let stamp = home.and_then(|_| {
        std::fs::metadata(path)
            .ok()
            .and_then(|m| cache::Stamp::of(&m))
    });
    if let (Some(home), Some(stamp)) = (home, stamp)
        && let Some(outline) = cache::get_unchanged(home, &origin, stamp)
    {
        return Ok(Ok(Entry { origin, outline }));
    }
    let file = DeckFile::read(path, origin)?;
    Ok(match file.outline(home, stamp) {
        Ok(outline) => Ok(Entry {
            origin: file.origin,
            outline,
        }),
        Err(loaded) => Err((file, loaded)),
    })
}

/// Parsed decks kept between runs: a 100,000-card deck takes about half a second to parse and milliseconds
/// to read back. Each is a deck's [`Outline`], so that only the cards a command needs are ever decoded.
///
/// Entries are keyed on the file's path. An entry is used when the file's text hashes to what the entry
/// recorded, so every edit is noticed whatever the file's size or time stamp say, or, without reading the
/// file, when its [`Stamp`] is the one recorded.
mod cache {
    use std::fs::Metadata;
    use std::path::{Path, PathBuf};
    use std::time::{Duration, SystemTime};

    use xxhash_rust::xxh3::xxh3_64;

    use super::Origin;
    use crate::deck::Outline;

    /// Changes whenever the cached form of a deck does: postcard is not self-describing, so an entry written
    /// before a field was added would decode into the wrong fields. 05: cloze deletions carry `accept`;
    /// 06: choice, multi, truefalse and text cards carry `credit` and `feedback`.
    const FORMAT: &[u8; 8] = b"kartka06";
    /// The format, the text's hash and the file's stamp, before the outline.
    const HEADER: usize = 8 + 8 + STAMP;
    const STAMP: usize = 40;

    /// What tells a version of a file from another without reading it: its size, its modification and
    /// change times to the nanosecond, and its inode (editors that save by renaming make a new one). The
    /// change time cannot be set back, so even an edit that restores the size and modification time
    /// changes the stamp. Salted with kartka's version, like the hash.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub(super) struct Stamp([u8; STAMP]);

    impl Stamp {
        /// The file's stamp, or `None` where it cannot be trusted: a file changed in the last two seconds
        /// could be changed again within one tick of the file system's clock and keep its stamp, so it is
        /// hashed instead (git's "racily clean" rule).
        #[cfg(unix)]
        pub(super) fn of(meta: &Metadata) -> Option<Stamp> {
            use std::os::unix::fs::MetadataExt;
            let changed = SystemTime::UNIX_EPOCH
                + Duration::new(meta.ctime().max(0) as u64, meta.ctime_nsec().max(0) as u32);
            let modified = meta.modified().ok()?;
            let settled = SystemTime::now().checked_sub(Duration::from_secs(2))?;
            if changed.max(modified) > settled {
                return None;
            }
            let mut bytes = [0; STAMP];
            for (i, n) in [
                meta.len() as i64,
                meta.mtime()
                    .wrapping_mul(1_000_000_000)
                    .wrapping_add(meta.mtime_nsec()),
                meta.ctime()
                    .wrapping_mul(1_000_000_000)
                    .wrapping_add(meta.ctime_nsec()),
                meta.ino() as i64,
                xxh3_64(env!("CARGO_PKG_VERSION").as_bytes()) as i64,
            ]
            .into_iter()
            .enumerate()
            {
                bytes[i * 8..i * 8 + 8].copy_from_slice(&n.to_le_bytes());
            }
            Some(Stamp(bytes))
        }

        /// Without a change time to rely on, files are always hashed.
        #[cfg(not(unix))]
        pub(super) fn of(_: &Metadata) -> Option<Stamp> {
            None
        }
    }

    /// The text's hash, salted with kartka's version: another kartka never reads this one's entries.
    fn hash(text: &str) -> [u8; 8] {
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        h.update(env!("CARGO_PKG_VERSION").as_bytes());
        h.update(text.as_bytes());
        h.digest().to_le_bytes()
    }

    fn file(home: &Path, origin: &Origin) -> PathBuf {
        let key = xxh3_64(origin.to_string().as_bytes());
        home.join("cache")
            .join("decks")
            .join(format!("{key:016x}.bin"))
    }

    /// The entry, if its header `accept`s the recorded hash and stamp. A damaged entry (its index does
    /// not match its checksum) is a miss, and is rewritten.
    fn read(
        home: &Path,
        origin: &Origin,
        accept: impl FnOnce(&[u8], &[u8]) -> bool,
    ) -> Option<Outline> {
        use std::io::Read;
        let mut file = std::fs::File::open(file(home, origin)).ok()?;
        let mut header = [0; HEADER];
        file.read_exact(&mut header).ok()?;
        let (format, rest) = header.split_at(8);
        let (hash, stamp) = rest.split_at(8);
        if format != FORMAT || !accept(hash, stamp) {
            return None;
        }
        Outline::open(file, HEADER as u64)
    }

    /// The entry for this text.
    pub(super) fn get(home: &Path, origin: &Origin, text: &str) -> Option<Outline> {
        let want = self::hash(text);
        read(home, origin, |hash, _| hash == want)
    }

    /// The entry for the file with this stamp, if the entry recorded it.
    pub(super) fn get_unchanged(home: &Path, origin: &Origin, stamp: Stamp) -> Option<Outline> {
        read(home, origin, |_, recorded| recorded == stamp.0)
    }

    /// Writes an entry; a cache that cannot be written (a read-only home) is simply not used.
    pub(super) fn put(
        home: &Path,
        origin: &Origin,
        text: &str,
        stamp: Option<Stamp>,
        outline: &Outline,
    ) {
        let Ok(body) = outline.to_bytes() else {
            return;
        };
        let path = file(home, origin);
        let mut data = Vec::with_capacity(HEADER + body.len());
        data.extend_from_slice(FORMAT);
        data.extend_from_slice(&hash(text));
        data.extend_from_slice(&stamp.map_or([0; STAMP], |s| s.0));
        data.extend_from_slice(&body);
        let temp = path.with_extension(format!("tmp{}", std::process::id()));
        let written = path
            .parent()
            .map(std::fs::create_dir_all)
            .transpose()
            .and_then(|_| std::fs::write(&temp, &data))
            .and_then(|_| std::fs::rename(&temp, &path));
        if written.is_err() {
            let _ = std::fs::remove_file(&temp);
        }
    }
}

/// The decks shipped with kartka.
pub fn built_in() -> Vec<DeckFile> {
    embedded::BUILT_IN
        .iter()
        .map(|(name, text)| DeckFile {
            origin: Origin::BuiltIn(name),
            text: Cow::Borrowed(text),
        })
        .collect()
}

/// The folder of the learner's own decks.
pub fn config_decks_dir(home: &Path) -> PathBuf {
    home.join("decks")
}

/// A file itself, or every `.toml` file below a folder, sorted so that output is stable.
pub fn files_under(path: &Path) -> Result<Vec<PathBuf>, Error> {
    files_with_extension(path, "toml")
}

/// A file itself, or every regular file ending in `.{extension}` below a folder, sorted.
pub fn files_with_extension(path: &Path, extension: &str) -> Result<Vec<PathBuf>, Error> {
    let read_err = |source| Error::Read {
        path: path.to_path_buf(),
        source,
    };
    let meta = std::fs::metadata(path).map_err(read_err)?;
    if !meta.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
    let mut out = Vec::new();
    let mut entries: Vec<PathBuf> = std::fs::read_dir(path)
        .map_err(read_err)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    entries.sort();
    for entry in entries {
        // Links are followed. A FIFO, socket or device is passed over: opening a FIFO waits for a writer.
        // What cannot be looked at (a broken link) is kept, for reading it to report why.
        match std::fs::metadata(&entry) {
            Ok(meta) if meta.is_dir() => out.extend(files_with_extension(&entry, extension)?),
            Ok(meta) if !meta.is_file() => {}
            _ if entry.extension().is_some_and(|e| e == extension) => out.push(entry),
            _ => {}
        }
    }
    Ok(out)
}

/// A deck that loaded without errors.
#[derive(Debug, Clone)]
pub struct Entry {
    pub origin: Origin,
    pub outline: Outline,
}

impl Entry {
    pub fn id(&self) -> &str {
        self.outline.id()
    }

    /// The whole deck, every card decoded.
    pub fn deck(&self) -> Result<super::Deck, Error> {
        self.outline.deck()
    }
}

/// Every deck kartka knows without being given a path: the built-in ones and the config directory's.
#[derive(Debug, Default)]
pub struct Catalog {
    pub entries: Vec<Entry>,
    /// Files with errors, kept so that commands can say which and point to `kartka check`.
    pub broken: Vec<(DeckFile, Loaded)>,
    /// Two decks with one id: both are named, and neither is used.
    pub conflicts: Vec<Conflict>,
    /// Where the deck cache lives, for decks named by path.
    home: Option<PathBuf>,
}

impl Catalog {
    /// Loads the built-in decks and, when `home` is given, the decks in its `decks/` folder (which may be
    /// missing: a new learner has none), through the deck cache there.
    pub fn load(home: Option<&Path>) -> Result<Catalog, Error> {
        let mut catalog = Catalog {
            home: home.map(Path::to_path_buf),
            ..Catalog::default()
        };
        // Built-in decks are cached too: hashing their text, already in memory, is quicker than parsing it.
        for file in built_in() {
            catalog.add(match file.outline(home, None) {
                Ok(outline) => Ok(Entry {
                    origin: file.origin,
                    outline,
                }),
                Err(loaded) => Err((file, loaded)),
            });
        }
        if let Some(home) = home {
            let dir = config_decks_dir(home);
            if dir.is_dir() {
                for path in files_under(&dir)? {
                    let origin = Origin::ConfigDir(path.clone());
                    catalog.add(load_file(&path, origin, Some(home))?);
                }
            }
        }
        catalog.conflicts = conflicts(catalog.entries.iter().map(|e| (&e.origin, e.id())));
        let clashing: Vec<String> = catalog.conflicts.iter().map(|c| c.id.clone()).collect();
        catalog
            .entries
            .retain(|e| !clashing.iter().any(|id| id == e.id()));
        Ok(catalog)
    }

    fn add(&mut self, loaded: Result<Entry, (DeckFile, Box<Loaded>)>) {
        match loaded {
            Ok(entry) => self.entries.push(entry),
            Err((file, loaded)) => self.broken.push((file, *loaded)),
        }
    }

    /// Finds a deck by id, or loads it from a path (anything with a `/` or ending in `.toml`).
    pub fn resolve(&self, query: &str) -> Result<Entry, Error> {
        let as_path = Path::new(query);
        if query.contains(std::path::MAIN_SEPARATOR)
            || query.contains('/')
            || query.ends_with(".toml")
        {
            let origin = Origin::Path(as_path.to_path_buf());
            return match load_file(as_path, origin, self.home.as_deref())? {
                Ok(entry) => Ok(entry),
                Err((file, loaded)) => Err(Error::InvalidDeck {
                    origin: file.origin.to_string(),
                    errors: loaded.error_count(),
                }),
            };
        }
        if let Some(conflict) = self.conflicts.iter().find(|c| c.id == query) {
            return Err(conflict.into());
        }
        if let Some(entry) = self.entries.iter().find(|e| e.id() == query) {
            return Ok(entry.clone());
        }
        if let Some((file, loaded)) = self
            .broken
            .iter()
            .find(|(file, _)| declared_id(&file.text).as_deref() == Some(query))
        {
            return Err(Error::InvalidDeck {
                origin: file.origin.to_string(),
                errors: loaded.error_count(),
            });
        }
        Err(Error::UnknownDeck {
            query: query.to_string(),
            suggestion: suggest::closest(query, self.entries.iter().map(Entry::id))
                .map(str::to_string),
        })
    }
}

/// The id a broken deck file declares, if it can be read at all: so that asking for it by id says that it
/// is broken rather than that it does not exist.
pub fn declared_id(text: &str) -> Option<String> {
    let (root, _) = toml::de::DeTable::parse_recoverable(text);
    let deck = root.get_ref().get("deck")?.get_ref().as_table()?;
    deck.get("id")?.get_ref().as_str().map(str::to_string)
}

/// Two decks that share an id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    pub id: String,
    pub first: Origin,
    pub second: Origin,
}

impl From<&Conflict> for Error {
    fn from(c: &Conflict) -> Error {
        Error::DuplicateDeck {
            id: c.id.clone(),
            first: c.first.to_string(),
            second: c.second.to_string(),
        }
    }
}

/// Every pair of decks, given by origin and id, that share an id.
pub fn conflicts<'a>(decks: impl IntoIterator<Item = (&'a Origin, &'a str)>) -> Vec<Conflict> {
    let decks: Vec<(&Origin, &str)> = decks.into_iter().collect();
    let mut out = Vec::new();
    for (i, (origin, id)) in decks.iter().enumerate() {
        if let Some((first, _)) = decks[..i].iter().find(|(_, other)| other == id) {
            out.push(Conflict {
                id: id.to_string(),
                first: (*first).clone(),
                second: (*origin).clone(),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file left alone since it was cached is taken from the cache by its stamp alone; once it is
    /// written to, its stamp no longer matches and its text is read and hashed.
    #[cfg(unix)]
    #[test]
    fn a_file_unchanged_since_it_was_cached_is_known_by_its_stamp() {
        let home = tempfile::tempdir().unwrap();
        let path = home.path().join("d.toml");
        std::fs::write(&path, "[deck]\nid = \"d\"\ntitle = \"D\"\n").unwrap();
        let stamp = || cache::Stamp::of(&std::fs::metadata(&path).unwrap());
        assert_eq!(stamp(), None, "a file changed just now is hashed");
        std::thread::sleep(std::time::Duration::from_millis(2100));
        let origin = Origin::Path(path.clone());
        let loaded = load_file(&path, origin.clone(), Some(home.path())).unwrap();
        assert_eq!(loaded.unwrap().id(), "d");
        let known = cache::get_unchanged(home.path(), &origin, stamp().unwrap());
        assert_eq!(known.unwrap().title(), "D");
        std::fs::write(&path, "[deck]\nid = \"d\"\ntitle = \"E\"\n").unwrap();
        assert_eq!(stamp(), None);
        let loaded = load_file(&path, origin, Some(home.path())).unwrap();
        assert_eq!(loaded.unwrap().outline.title(), "E");
    }
}
