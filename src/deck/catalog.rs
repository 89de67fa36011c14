//! Where decks come from: built into the binary, the config directory's `decks/`, or paths given.

use std::borrow::Cow;
use std::fmt;
use std::path::{Path, PathBuf};

use super::{Deck, Loaded, parse};
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

    /// Like [`DeckFile::load`], through the deck cache in `home`: a deck whose text is unchanged since it
    /// was last parsed is read back from its cache instead, without its warnings (which `kartka check`
    /// reports, uncached).
    pub fn load_cached(&self, home: Option<&Path>) -> Loaded {
        let Some(home) = home else { return self.load() };
        match cache::get(home, &self.origin, &self.text) {
            Some(deck) => Loaded {
                deck: Some(deck),
                diagnostics: vec![],
            },
            None => {
                let loaded = self.load();
                if let Some(deck) = &loaded.deck {
                    cache::put(home, &self.origin, &self.text, deck);
                }
                loaded
            }
        }
    }
}

/// Parsed decks kept between runs: a 100,000-card deck takes about half a second to parse and milliseconds
/// to read back. Entries are keyed on the file's path and checked against a hash of its whole text, so
/// every edit is noticed, whatever the file's size or time stamp say.
mod cache {
    use std::path::{Path, PathBuf};

    use xxhash_rust::xxh3::xxh3_64;

    use super::Origin;
    use crate::deck::Deck;

    /// Changes whenever the cached form of a deck does.
    const FORMAT: &[u8; 8] = b"kartka01";

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

    pub(super) fn get(home: &Path, origin: &Origin, text: &str) -> Option<Deck> {
        let data = std::fs::read(file(home, origin)).ok()?;
        let (header, body) = data.split_at_checked(16)?;
        let (format, hash) = header.split_at(8);
        if format != FORMAT || hash != self::hash(text) {
            return None;
        }
        postcard::from_bytes(body).ok()
    }

    /// Writes an entry; a cache that cannot be written (a read-only home) is simply not used.
    pub(super) fn put(home: &Path, origin: &Origin, text: &str, deck: &Deck) {
        let Ok(body) = postcard::to_stdvec(deck) else {
            return;
        };
        let path = file(home, origin);
        let mut data = Vec::with_capacity(16 + body.len());
        data.extend_from_slice(FORMAT);
        data.extend_from_slice(&hash(text));
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

/// A file itself, or every file ending in `.{extension}` below a folder, sorted.
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
        if entry.is_dir() {
            out.extend(files_with_extension(&entry, extension)?);
        } else if entry.extension().is_some_and(|e| e == extension) {
            out.push(entry);
        }
    }
    Ok(out)
}

/// A deck that loaded without errors.
#[derive(Debug, Clone)]
pub struct Entry {
    pub origin: Origin,
    pub deck: Deck,
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
    /// missing: a new learner has none).
    pub fn load(home: Option<&Path>) -> Result<Catalog, Error> {
        let mut files = built_in();
        if let Some(home) = home {
            let dir = config_decks_dir(home);
            if dir.is_dir() {
                for path in files_under(&dir)? {
                    files.push(DeckFile::read(&path, Origin::ConfigDir(path.clone()))?);
                }
            }
        }
        let mut catalog = Catalog::from_files(files, home);
        catalog.home = home.map(Path::to_path_buf);
        Ok(catalog)
    }

    /// Loads the files, through the deck cache in `home` when one is given.
    pub fn from_files(files: Vec<DeckFile>, home: Option<&Path>) -> Catalog {
        let mut catalog = Catalog::default();
        for file in files {
            // Built-in decks are small and parsed every time; the cache is for the learner's own.
            let loaded = match file.origin {
                Origin::BuiltIn(_) => file.load(),
                _ => file.load_cached(home),
            };
            match loaded.deck {
                Some(deck) => catalog.entries.push(Entry {
                    origin: file.origin,
                    deck,
                }),
                None => catalog.broken.push((file, loaded)),
            }
        }
        catalog.conflicts = conflicts(&catalog.entries);
        let clashing: Vec<String> = catalog.conflicts.iter().map(|c| c.id.clone()).collect();
        catalog.entries.retain(|e| !clashing.contains(&e.deck.id));
        catalog
    }

    /// Finds a deck by id, or loads it from a path (anything with a `/` or ending in `.toml`).
    pub fn resolve(&self, query: &str) -> Result<Entry, Error> {
        let as_path = Path::new(query);
        if query.contains(std::path::MAIN_SEPARATOR)
            || query.contains('/')
            || query.ends_with(".toml")
        {
            let file = DeckFile::read(as_path, Origin::Path(as_path.to_path_buf()))?;
            let loaded = file.load_cached(self.home.as_deref());
            return match loaded.deck {
                Some(deck) => Ok(Entry {
                    origin: file.origin,
                    deck,
                }),
                None => Err(Error::InvalidDeck {
                    origin: file.origin.to_string(),
                    errors: loaded.error_count(),
                }),
            };
        }
        if let Some(conflict) = self.conflicts.iter().find(|c| c.id == query) {
            return Err(conflict.into());
        }
        if let Some(entry) = self.entries.iter().find(|e| e.deck.id == query) {
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
            suggestion: suggest::closest(query, self.entries.iter().map(|e| e.deck.id.as_str()))
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

/// Every pair of entries that share an id.
pub fn conflicts(entries: &[Entry]) -> Vec<Conflict> {
    let mut out = Vec::new();
    for (i, later) in entries.iter().enumerate() {
        if let Some(first) = entries[..i].iter().find(|e| e.deck.id == later.deck.id) {
            out.push(Conflict {
                id: later.deck.id.clone(),
                first: first.origin.clone(),
                second: later.origin.clone(),
            });
        }
    }
    out
}
