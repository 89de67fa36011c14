//! Which collection an Anki package holds, unpacked into a temporary file within a size limit.
//!
//! Anki's rule (rslib `import_export/package/meta.rs`): a package with a `meta` file names its collection by
//! the version in it, 3 being `collection.anki21b` compressed with zstd (the default since Anki 2.1.50); one
//! without `meta` holds `collection.anki21`, else `collection.anki2`. Newer packages keep a stub
//! `collection.anki2` beside the real collection that only says "please update": it is never read when
//! `meta` names another.

use std::io::{Read, Write};

use super::proto;
use crate::Error;
use crate::cleanup::TempFile;

/// The collection files, by the package version Anki gives them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Version {
    /// `collection.anki2`: Anki before 2.1.
    Legacy1,
    /// `collection.anki21`: 2.1 to 2.1.49, and "Support older Anki versions" since.
    Legacy2,
    /// `collection.anki21b`, zstd-compressed: 2.1.50 and later.
    Latest,
}

impl Version {
    fn file(self) -> &'static str {
        match self {
            Version::Legacy1 => "collection.anki2",
            Version::Legacy2 => "collection.anki21",
            Version::Latest => "collection.anki21b",
        }
    }
}

/// A package's collection, unpacked.
pub(super) struct Unpacked {
    pub file: TempFile,
    pub version: Version,
}

/// Unpacks the package's collection into a temporary file, refusing one larger than `limit` bytes: first
/// by the size the zip declares, before anything is written, then by counting what is written, since the
/// declaration may lie and a zstd stream declares nothing binding.
pub(super) fn unpack(
    bytes: &[u8],
    limit: u64,
    fail: &dyn Fn(String) -> Error,
) -> Result<Unpacked, Error> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| fail(format!("not an Anki package (a zip file): {e}")))?;
    let has =
        |zip: &zip::ZipArchive<_>, name: &str| zip.file_names().any(|n| n.is_ok_and(|n| n == name));
    let version = match read_meta(&mut zip, fail)? {
        Some(version) => version,
        None if has(&zip, "collection.anki21") => Version::Legacy2,
        None => Version::Legacy1,
    };
    if !has(&zip, version.file()) {
        return Err(fail("the package holds no Anki collection".into()));
    }
    let too_big = || {
        fail(format!(
            "its collection expands to more than {} MB, more than kartka imports",
            limit / (1024 * 1024)
        ))
    };
    let entry = zip
        .by_name(version.file())
        .map_err(|e| fail(e.to_string()))?;
    if entry.size() > limit {
        return Err(too_big());
    }
    let unpack_err = |e: std::io::Error| fail(format!("cannot unpack the collection: {e}"));
    let (file, mut out) = TempFile::create("import").map_err(unpack_err)?;
    let copied = if version == Version::Latest {
        // The window may be as large as the collection: a frame written in one piece declares its whole
        // size as its window. Memory still stays within the limit, as the decoder grows its buffer only as
        // it writes and the count below stops it there.
        let decoder = ruzstd::decoding::StreamingDecoder::new_with_max_window_size(entry, limit)
            .map_err(|e| fail(format!("cannot unpack the collection: {e}")))?;
        copy(decoder, &mut out, limit).map_err(unpack_err)?
    } else {
        copy(entry, &mut out, limit).map_err(unpack_err)?
    };
    if copied > limit {
        return Err(too_big());
    }
    Ok(Unpacked { file, version })
}

/// At most `limit + 1` bytes: one more than allowed is enough to know it is too many.
fn copy(from: impl Read, to: &mut impl Write, limit: u64) -> std::io::Result<u64> {
    std::io::copy(&mut from.take(limit + 1), to)
}

/// The version `meta` declares, if the package has one. Version 0 is what Anki writes for a package newer
/// than it reads; kartka refuses the same way.
fn read_meta(
    zip: &mut zip::ZipArchive<std::io::Cursor<&[u8]>>,
    fail: &dyn Fn(String) -> Error,
) -> Result<Option<Version>, Error> {
    let Ok(entry) = zip.by_name("meta") else {
        return Ok(None);
    };
    let mut meta = Vec::new();
    // Anki writes two bytes; a `meta` of more than a kilobyte is no package version.
    entry
        .take(1024)
        .read_to_end(&mut meta)
        .map_err(|e| fail(format!("cannot unpack the package's `meta`: {e}")))?;
    let message = proto::fields(&meta)
        .ok_or_else(|| fail("the package's `meta` is damaged: not a package version".into()))?;
    match proto::number(&message, 1) {
        1 => Ok(Some(Version::Legacy1)),
        2 => Ok(Some(Version::Legacy2)),
        3 => Ok(Some(Version::Latest)),
        other => Err(fail(format!(
            "the package declares version {other}, which kartka does not read: made by a newer Anki, or damaged"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fail(message: String) -> Error {
        Error::Import {
            origin: "bomb.apkg".into(),
            line: None,
            message,
        }
    }

    /// A current package whose collection.anki21b is `size` zero bytes compressed: a few hundred bytes.
    fn zeros(size: usize) -> Vec<u8> {
        let compressed = ruzstd::encoding::compress_to_vec(
            std::io::Cursor::new(vec![0u8; size]),
            ruzstd::encoding::CompressionLevel::Fastest,
        );
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for (name, bytes) in [
            ("meta", &b"\x08\x03"[..]),
            ("collection.anki21b", &compressed),
        ] {
            zip.start_file(name, zip::write::SimpleFileOptions::default())
                .unwrap();
            zip.write_all(bytes).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }

    /// The zip declares the compressed size, which says nothing of what zstd expands to: the count does.
    #[test]
    fn a_zstd_collection_past_the_limit_is_refused_by_counting() {
        let bytes = zeros(3 * 1024 * 1024);
        assert!(bytes.len() < 10_000, "{}", bytes.len());
        let err = unpack(&bytes, 2 * 1024 * 1024, &fail).err().unwrap();
        assert_eq!(
            err.to_string(),
            "cannot import bomb.apkg: its collection expands to more than 2 MB, more than kartka imports"
        );
        let within = unpack(&bytes, 4 * 1024 * 1024, &fail).unwrap();
        assert_eq!(within.version, Version::Latest);
        assert_eq!(
            std::fs::metadata(within.file.path()).unwrap().len(),
            3 * 1024 * 1024
        );
    }
}
