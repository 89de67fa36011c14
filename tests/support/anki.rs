//! Anki itself for the tests: Anki's backend from PyPI (`anki`, the package Anki's desktop app is built
//! on) imports what kartka exports, into a fresh collection, as a user's Anki would.
//!
//! It is installed once into a virtual environment under `target/tmp/` (a lock file makes parallel tests
//! wait for the one installing it; a finished install is reused). A missing Python fails the test with
//! what to install: a test that skipped itself would hide that the export is unchecked.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::Value;

/// The Anki this code was checked against.
const PACKAGE: &str = "anki==26.9.3";

/// What to import a file as: a package, or notes in plain text; or each file as notes in plain text, into
/// a collection of its own.
#[derive(Debug, Clone, Copy)]
pub enum Import {
    Package,
    Text,
    EachText,
}

/// Imports `files` in turn into one fresh collection and returns what Anki made of them: `logs` (for each
/// file, how many notes were new, updated, duplicates…) and `notes` (each note's `notetype`,
/// `stock_kind`, `fields` by name, `tags`, `decks`, `cards`, `questions` as rendered, and `guid`), and for
/// packages `check_database`: what Anki's Check Database reports of each package's collection; with
/// [`Import::EachText`], a list of those, one for each file.
pub fn import(kind: Import, files: &[&Path]) -> Value {
    let python = install().join("bin/python");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support/anki_import.py");
    let out = Command::new(&python)
        .arg(&script)
        .arg(match kind {
            Import::Package => "apkg",
            Import::Text => "text",
            Import::EachText => "text-each",
        })
        .args(files)
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", python.display()));
    assert!(
        out.status.success(),
        "Anki could not import {files:?}:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The virtual environment holding Anki, installed if it is not there yet.
fn install() -> PathBuf {
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join(PACKAGE.replace("==", "-"));
    std::fs::create_dir_all(&root).unwrap();
    let lock = std::fs::File::create(root.join("install.lock")).unwrap();
    // Held until returning: other tests (threads or processes) wait here while one installs.
    lock.lock().unwrap();
    let venv = root.join("venv");
    let done = root.join("installed");
    if done.exists() {
        return venv;
    }
    let python = std::env::var("KARTKA_TEST_PYTHON").unwrap_or_else(|_| "python3".into());
    // What a killed install left is started again, not trusted.
    let _ = std::fs::remove_dir_all(&venv);
    run(
        Command::new(&python).arg("-m").arg("venv").arg(&venv),
        &format!(
            "the Anki export tests run Anki's own importer, from PyPI, and need Python 3.9 or newer with venv: \
             `{python} -m venv` failed. Install Python (on Debian and Ubuntu: `apt install python3 python3-venv`), \
             or set KARTKA_TEST_PYTHON to one"
        ),
    );
    run(
        Command::new(venv.join("bin/python")).args([
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            PACKAGE,
        ]),
        &format!("pip could not install {PACKAGE} from PyPI"),
    );
    std::fs::write(&done, PACKAGE).unwrap();
    drop(lock);
    venv
}

fn run(command: &mut Command, what: &str) {
    let out = command
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("{what}: {e}"));
    assert!(
        out.status.success(),
        "{what}:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}
