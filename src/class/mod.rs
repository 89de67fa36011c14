//! The class a student belongs to: where their answers go (a Learning Record Store), as whom, and with
//! which credentials. A teacher hands out a class file holding a `[class]` table; `kartka class join` copies
//! it into `config.toml`, where it can be written by hand too:
//!
//! ```toml
//! [class]
//! name = "7B"
//! lrs = "https://lrs.school.example/xAPI/"
//! username = "7b-ann"
//! password = "…"
//! student = "Ann Smith"
//! ```
//!
//! The password is never printed: not by `kartka config`, not in an error, not by `{:?}`.

pub mod progress;
pub mod render;

use std::fmt;
use std::path::{Path, PathBuf};

use toml::de::{DeTable, DeValue};

use crate::Error;
use crate::deck::{Diagnostic, render_all};
use crate::suggest;

/// The keys of a `[class]` table, in the order they are written.
pub const KEYS: [&str; 5] = ["name", "lrs", "username", "password", "student"];

/// A class file is a few lines.
const MAX_BYTES: usize = 64 * 1024;

#[derive(Clone, PartialEq, Eq)]
pub struct Class {
    /// The class as the teacher names it ("7B").
    pub name: String,
    /// The LRS's xAPI endpoint, ending in `/`.
    pub lrs: String,
    /// The student's LRS username.
    pub username: String,
    pub password: String,
    /// The student as the teacher knows them.
    pub student: String,
}

impl fmt::Debug for Class {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Class")
            .field("name", &self.name)
            .field("lrs", &self.lrs)
            .field("username", &self.username)
            .field("password", &"(hidden)")
            .field("student", &self.student)
            .finish()
    }
}

/// Reads a class file: a `[class]` table and nothing else.
pub fn load_file(path: &Path) -> Result<Class, Error> {
    let bytes = crate::read_limited(path, MAX_BYTES)?;
    let text = String::from_utf8(bytes).map_err(|_| Error::NotUtf8 {
        path: path.to_path_buf(),
    })?;
    parse_file(&text).map_err(|diagnostics| invalid(path, &text, &diagnostics))
}

fn invalid(path: &Path, text: &str, diagnostics: &[Diagnostic]) -> Error {
    Error::InvalidClass {
        path: path.to_path_buf(),
        count: diagnostics.len(),
        report: render_all(
            diagnostics,
            &path.display().to_string(),
            text,
            anstream::AutoStream::choice(&std::io::stderr()) != anstream::ColorChoice::Never,
        ),
    }
}

/// Parses a class file's text; every problem is reported.
pub fn parse_file(text: &str) -> Result<Class, Vec<Diagnostic>> {
    let (root, errors) = DeTable::parse_recoverable(text);
    if !errors.is_empty() {
        return Err(Diagnostic::invalid_toml(
            errors,
            "a class file is a `[class]` table; your teacher's file should work as it came",
        ));
    }
    let mut diags = Vec::new();
    let mut class = None;
    for (key, value) in root.get_ref().iter() {
        if key.get_ref() == "class" {
            class = read(value, &mut diags);
        } else {
            diags.push(
                Diagnostic::error(format!("unknown key `{}` in a class file", key.get_ref()))
                    .at(key.span(), "not part of a class file")
                    .help("a class file holds a `[class]` table only"),
            );
        }
    }
    if class.is_none() && diags.is_empty() {
        diags.push(
            Diagnostic::error("no `[class]` table")
                .at(0..0, "expected `[class]` here")
                .help(format!(
                    "a class file is a `[class]` table with {}",
                    KEYS.join(", ")
                )),
        );
    }
    // The table is read in no particular order; problems are reported in the file's.
    diags.sort_by_key(|d| d.primary.as_ref().map_or(usize::MAX, |(s, _)| s.start));
    match class {
        Some(c) if diags.is_empty() => Ok(c),
        _ => Err(diags),
    }
}

/// Reads a `[class]` table (of a class file or of `config.toml`), adding a diagnostic for each problem.
pub fn read(value: &toml::Spanned<DeValue<'_>>, diags: &mut Vec<Diagnostic>) -> Option<Class> {
    let DeValue::Table(t) = value.get_ref() else {
        diags.push(
            Diagnostic::error("`class` must be a table")
                .at(value.span(), "expected a table")
                .help("write `[class]` and its keys below it"),
        );
        return None;
    };
    let before = diags.len();
    let mut fields: [Option<String>; 5] = Default::default();
    for (key, v) in t.iter() {
        let name = key.get_ref().as_ref();
        let Some(i) = KEYS.iter().position(|k| *k == name) else {
            diags.push(
                Diagnostic::error(format!("unknown key `{name}` in `[class]`"))
                    .at(key.span(), "unknown key")
                    .help(match suggest::closest(name, KEYS) {
                        Some(s) => format!("did you mean `{s}`?"),
                        None => format!("the keys of `[class]` are: {}", KEYS.join(", ")),
                    }),
            );
            continue;
        };
        match v.get_ref().as_str().map(str::trim) {
            Some(s) if !s.is_empty() => {
                if name == "lrs"
                    && let Err(problem) = check_endpoint(s)
                {
                    diags.push(
                        Diagnostic::error(format!("`lrs` {problem}"))
                            .at(v.span(), "not a usable LRS address")
                            .help(
                                "write the LRS's xAPI endpoint, such as \"https://lrs.school.example/xAPI/\"",
                            ),
                    );
                    continue;
                }
                fields[i] = Some(s.to_string());
            }
            _ => diags.push(
                Diagnostic::error(format!("`{name}` must be a text that is not empty"))
                    .at(v.span(), "expected a quoted text"),
            ),
        }
    }
    if diags.len() > before {
        return None;
    }
    let missing: Vec<&str> = KEYS
        .iter()
        .zip(&fields)
        .filter(|(_, f)| f.is_none())
        .map(|(k, _)| *k)
        .collect();
    if !missing.is_empty() {
        diags.push(
            Diagnostic::error(format!(
                "`[class]` lacks {}",
                missing
                    .iter()
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
            .at(value.span(), "incomplete")
            .help(format!(
                "a class needs all of {}; ask your teacher for the class file",
                KEYS.join(", ")
            )),
        );
        return None;
    }
    let [name, lrs, username, password, student] = fields.map(Option::unwrap_or_default);
    let lrs = if lrs.ends_with('/') {
        lrs
    } else {
        format!("{lrs}/")
    };
    Some(Class {
        name,
        lrs,
        username,
        password,
        student,
    })
}

/// Why `url` cannot be an LRS endpoint, if it cannot. Plain HTTP would carry the password in clear, so it
/// is only for an LRS on this machine.
fn check_endpoint(url: &str) -> Result<(), String> {
    let (scheme, rest) = url.split_once("://").ok_or("must start with https://")?;
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if authority.contains('@') {
        return Err("must not hold a username or password: they have keys of their own".into());
    }
    let host = match authority.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or_default(),
        None => authority.split(':').next().unwrap_or_default(),
    };
    if host.is_empty() {
        return Err("names no server".into());
    }
    match scheme.to_ascii_lowercase().as_str() {
        "https" => Ok(()),
        "http" if matches!(host, "localhost" | "::1") || host.starts_with("127.") => Ok(()),
        "http" => Err(format!(
            "must use https:// (plain http:// would send the password in clear to `{host}`; it is \
             allowed only for an LRS on this machine)"
        )),
        _ => Err(format!("must start with https://, not {scheme}://")),
    }
}

/// Writes `class` as the `[class]` table of `<home>/config.toml` (readable by its owner only), keeping
/// everything else in the file as it was.
pub fn save(home: &Path, class: &Class) -> Result<PathBuf, Error> {
    crate::config::edit(home, |doc| {
        let mut table = toml_edit::Table::new();
        for (key, value) in KEYS.iter().zip([
            &class.name,
            &class.lrs,
            &class.username,
            &class.password,
            &class.student,
        ]) {
            table.insert(key, toml_edit::value(value.as_str()));
        }
        doc.insert("class", toml_edit::Item::Table(table));
        Ok(true)
    })
    .map(|(path, _)| path)
}

/// Removes the `[class]` table from `<home>/config.toml`; whether there was one.
pub fn remove(home: &Path) -> Result<bool, Error> {
    crate::config::edit(home, |doc| Ok(doc.remove("class").is_some())).map(|(_, removed)| removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "[class]\nname = \"7B\"\nlrs = \"https://lrs.school.example/xAPI\"\nusername = \"7b-ann\"\npassword = \"s3cret\"\nstudent = \"Ann Smith\"\n";

    #[test]
    fn a_class_file_is_read_and_its_endpoint_ends_in_a_slash() {
        let class = parse_file(FILE).unwrap();
        assert_eq!(class.lrs, "https://lrs.school.example/xAPI/");
        assert_eq!(class.student, "Ann Smith");
        let debug = format!("{class:?}");
        assert!(
            !debug.contains("s3cret") && debug.contains("(hidden)"),
            "{debug}"
        );
    }

    #[test]
    fn mistakes_are_located() {
        let text = "[class]\nname = \"7B\"\nlrs = \"http://lrs.school.example/xAPI/\"\nusrname = \"ann\"\npassword = \"\"\nstudent = \"Ann\"\n";
        let diags = parse_file(text).unwrap_err();
        let rendered = render_all(&diags, "7b.class.toml", text, false);
        assert_eq!(
            rendered,
            "error: `lrs` must use https:// (plain http:// would send the password in clear to `lrs.school.example`; it is allowed only for an LRS on this machine)
 --> 7b.class.toml:3:7
  |
3 | lrs = \"http://lrs.school.example/xAPI/\"
  |       ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ not a usable LRS address
  |
  = help: write the LRS's xAPI endpoint, such as \"https://lrs.school.example/xAPI/\"

error: unknown key `usrname` in `[class]`
 --> 7b.class.toml:4:1
  |
4 | usrname = \"ann\"
  | ^^^^^^^ unknown key
  |
  = help: did you mean `username`?

error: `password` must be a text that is not empty
 --> 7b.class.toml:5:12
  |
5 | password = \"\"
  |            ^^ expected a quoted text

"
        );
    }

    #[test]
    fn what_is_missing_is_named_and_other_tables_refused() {
        let diags = parse_file("[class]\nname = \"7B\"\n[decks.x]\nfuzz = false\n").unwrap_err();
        let messages: Vec<&str> = diags.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "`[class]` lacks `lrs`, `username`, `password`, `student`",
                "unknown key `decks` in a class file"
            ]
        );
        let empty = parse_file("").unwrap_err();
        assert_eq!(empty[0].message, "no `[class]` table");
    }

    #[test]
    fn endpoints() {
        assert!(check_endpoint("https://lrs.example/xAPI/").is_ok());
        assert!(check_endpoint("http://127.0.0.1:8100/xAPI/").is_ok());
        assert!(check_endpoint("http://[::1]:8100/xAPI/").is_ok());
        assert!(check_endpoint("http://localhost/xAPI/").is_ok());
        assert!(check_endpoint("https://ann:pw@lrs.example/").is_err());
        assert!(check_endpoint("ftp://lrs.example/").is_err());
        assert!(check_endpoint("lrs.example").is_err());
        assert!(check_endpoint("https:///xAPI").is_err());
    }

    #[cfg(unix)]
    #[test]
    fn joining_and_leaving_keep_the_rest_of_config_toml_and_it_stays_private() {
        use std::os::unix::fs::PermissionsExt;
        let home = tempfile::tempdir().unwrap();
        let path = home.path().join(crate::config::FILE_NAME);
        std::fs::write(&path, "# mine\nnew_per_day = 10\n").unwrap();
        save(home.path(), &parse_file(FILE).unwrap()).unwrap();
        assert_eq!(
            std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o600
        );
        let config = crate::config::Config::load(Some(home.path())).unwrap();
        assert_eq!(config.class.unwrap().username, "7b-ann");
        assert_eq!(config.global.new_per_day, Some(10));
        assert!(remove(home.path()).unwrap());
        assert!(!remove(home.path()).unwrap());
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "# mine\nnew_per_day = 10\n"
        );
    }
}
