//! `kartka new` (a deck or quiz file skeleton) and `kartka schema` (the formats' JSON Schemas).

use std::io::Write;
use std::path::Path;

use super::{EXIT_OK, Env};
use crate::Error;
use crate::deck::schema;
use crate::sanitize;

const TEMPLATE: &str = include_str!("../interop/template.toml");
const QUIZ_TEMPLATE: &str = include_str!("../quiz/template.quiz.toml");

/// A slug from a file name: "My Deck.toml" → "my-deck".
fn slug(text: &str) -> String {
    let mut s = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            s.push(c);
        } else if !s.is_empty() && !s.ends_with('-') {
            s.push('-');
        }
    }
    let s = s.trim_end_matches('-').to_string();
    if s.is_empty() { "my-deck".into() } else { s }
}

/// The skeleton for `path`, with an id and a title: a deck, or a quiz file with `quiz`.
pub fn skeleton(path: &Path, id: Option<&str>, title: Option<&str>, quiz: bool) -> String {
    let name = path
        .file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = name
        .strip_suffix(".quiz.toml")
        .or_else(|| name.strip_suffix(".toml"))
        .unwrap_or(&name)
        .to_string();
    let id = id.map_or_else(|| slug(&stem), str::to_string);
    let title = title.map_or_else(
        || {
            let words = stem.replace(['-', '_'], " ");
            let mut chars = words.chars();
            chars
                .next()
                .map(|c| c.to_uppercase().chain(chars).collect())
                .unwrap_or_else(|| "My deck".into())
        },
        str::to_string,
    );
    if quiz { QUIZ_TEMPLATE } else { TEMPLATE }
        .replace("{FILE}", &path.display().to_string())
        .replace("\"{ID}\"", &crate::interop::write::quote(&id))
        .replace("\"{TITLE}\"", &crate::interop::write::quote(&title))
}

pub fn new(
    out: &mut impl Write,
    env: &Env,
    path: &Path,
    id: Option<&str>,
    title: Option<&str>,
    quiz: bool,
    force: bool,
) -> Result<u8, Error> {
    if let Some(id) = id
        && slug(id) != id
    {
        return Err(Error::Usage(format!(
            "--id `{id}` is not a slug: use lowercase letters, digits and single hyphens, such as `{}`",
            slug(id)
        )));
    }
    if quiz {
        return new_quiz(out, path, id, title, force);
    }
    // A bare name, like `cargo new`'s, is a deck in your own decks folder, where kartka finds it by id.
    let bare = path.extension().is_none() && path.components().count() == 1;
    let path = if bare {
        let home = env.home.as_ref().ok_or(Error::NoHome)?;
        home.join("decks").join(path).with_extension("toml")
    } else {
        path.to_path_buf()
    };
    let text = skeleton(&path, id, title, false);
    if let Some(folder) = path.parent().filter(|_| bare) {
        std::fs::create_dir_all(folder).map_err(|source| Error::Write {
            path: folder.to_path_buf(),
            source,
        })?;
    }
    crate::interop::write_new(&path, &text, force)?;
    let next = if bare {
        let id = id.map_or_else(
            || slug(&path.file_stem().unwrap_or_default().to_string_lossy()),
            str::to_string,
        );
        format!("Edit it, then run `kartka check {id}` and `kartka study {id}`.")
    } else {
        format!(
            "Edit it, then run `kartka check {0}` and `kartka study {0}`.",
            sanitize::path(&path)
        )
    };
    writeln!(
        out,
        "Wrote {} with one card of every kind. {next}",
        sanitize::path(&path)
    )
    .map_err(Error::Output)?;
    Ok(EXIT_OK)
}

/// `kartka new --quiz`: a quiz file where it is asked for (`.quiz.toml` added to a bare name), drawing
/// from the built-in example deck until the teacher names theirs.
fn new_quiz(
    out: &mut impl Write,
    path: &Path,
    id: Option<&str>,
    title: Option<&str>,
    force: bool,
) -> Result<u8, Error> {
    let path = if path.to_string_lossy().ends_with(".toml") {
        path.to_path_buf()
    } else {
        path.with_extension("quiz.toml")
    };
    crate::interop::write_new(&path, &skeleton(&path, id, title, true), force)?;
    writeln!(
        out,
        "Wrote {0}. Set its deck and settings, then run `kartka check {0}`; students take it with `kartka quiz {0}`.",
        sanitize::path(&path)
    )
    .map_err(Error::Output)?;
    Ok(EXIT_OK)
}

pub fn schema(out: &mut impl Write, quiz: bool) -> Result<u8, Error> {
    let text = if quiz {
        crate::quiz::schema::schema_text()
    } else {
        schema::schema_text()
    };
    out.write_all(text.as_bytes()).map_err(Error::Output)?;
    Ok(EXIT_OK)
}
