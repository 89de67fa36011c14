//! `kartka new` (a deck skeleton) and `kartka schema` (the format's JSON Schema).

use std::io::Write;
use std::path::Path;

use super::{EXIT_OK, Env};
use crate::Error;
use crate::deck::schema;
use crate::sanitize;

const TEMPLATE: &str = include_str!("../interop/template.toml");

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

/// The skeleton for `path`, with an id and a title.
pub fn skeleton(path: &Path, id: Option<&str>, title: Option<&str>) -> String {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
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
    TEMPLATE
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
    // A bare name, like `cargo new`'s, is a deck in your own decks folder, where kartka finds it by id.
    let bare = path.extension().is_none() && path.components().count() == 1;
    let path = if bare {
        let home = env.home.as_ref().ok_or(Error::NoHome)?;
        home.join("decks").join(path).with_extension("toml")
    } else {
        path.to_path_buf()
    };
    let text = skeleton(&path, id, title);
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

pub fn schema(out: &mut impl Write) -> Result<u8, Error> {
    out.write_all(schema::schema_text().as_bytes())
        .map_err(Error::Output)?;
    Ok(EXIT_OK)
}
