//! README.md is a promise to a newcomer: every command it shows is run here, in order, and what it prints
//! must match the README.
//!
//! - A ```` ```console ```` block holds commands (`$ …`) each followed by its output. `...` on a line of its
//!   own stands for any number of lines and `[..]` for the rest of a line (snapbox's wildcards). Output is
//!   standard output and standard error together, as a terminal shows them.
//! - A ```` ```sh ```` block holds commands without their output: each must succeed, except the two that
//!   are this test run itself and an install (`cargo test`, `cargo install`).
//!
//! The commands run in bash in one scratch folder holding the files the README imports, with one config
//! directory for the whole README (so a quiz taken above is in the report below), the clock fixed at
//! `KARTKA_NOW=2026-11-22T09:00:00+03:00`, no terminal and no colour. `cargo run [--release] --` is the
//! `kartka` binary under test.

use std::path::Path;
use std::process::{Command, Stdio};

use tempfile::TempDir;

const NOW: &str = "2026-11-22T09:00:00+03:00";

/// One command of the README and what it should print (`None` in a `sh` block: only success counts).
struct Example {
    line: usize,
    command: String,
    expected: Option<String>,
}

fn examples(readme: &str) -> Vec<Example> {
    let mut out = Vec::new();
    let mut block: Option<&str> = None;
    for (i, line) in readme.lines().enumerate() {
        let number = i + 1;
        match block {
            None => {
                if let Some(info) = line.strip_prefix("```") {
                    block = Some(match info.trim() {
                        "console" => "console",
                        "sh" => "sh",
                        _ => "other",
                    });
                }
            }
            Some(_) if line.starts_with("```") => block = None,
            Some("console") => match line.strip_prefix("$ ") {
                Some(command) => out.push(Example {
                    line: number,
                    command: command.to_string(),
                    expected: Some(String::new()),
                }),
                None => {
                    let last = out
                        .last_mut()
                        .and_then(|e| e.expected.as_mut())
                        .unwrap_or_else(|| {
                            panic!("README.md:{number}: output before any `$ ` command")
                        });
                    last.push_str(line);
                    last.push('\n');
                }
            },
            Some("sh") => {
                let command = line.split(" #").next().unwrap_or_default().trim();
                if !command.is_empty() {
                    out.push(Example {
                        line: number,
                        command: command.to_string(),
                        expected: None,
                    });
                }
            }
            Some(_) => {}
        }
    }
    out
}

/// `cargo run [--release] -- ARGS` is what a newcomer types before installing: here it is the binary.
fn as_installed(command: &str) -> String {
    for prefix in ["cargo run --release -- ", "cargo run -- "] {
        if let Some(rest) = command.strip_prefix(prefix) {
            return format!("kartka {rest}");
        }
    }
    command.to_string()
}

fn copy(from: &str, to: &Path) {
    std::fs::copy(Path::new(env!("CARGO_MANIFEST_DIR")).join(from), to)
        .unwrap_or_else(|e| panic!("{from}: {e}"));
}

#[test]
fn every_readme_example_runs_as_shown() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let examples = examples(&readme);
    assert!(
        examples.len() >= 20,
        "only {} examples found",
        examples.len()
    );

    let scratch = TempDir::new().unwrap();
    let work = scratch.path().join("work");
    let home = scratch.path().join("config");
    std::fs::create_dir_all(&work).unwrap();
    // The files the authoring examples import: a teacher's own banks, here the test fixtures.
    copy("tests/fixtures/moodle-bank.gift", &work.join("bank.gift"));
    copy(
        "tests/fixtures/anki/belarus-it.apkg",
        &work.join("cards.apkg"),
    );
    copy("tests/fixtures/spreadsheet.csv", &work.join("glossary.csv"));
    // And the deck with a mistake that `kartka check` is shown finding.
    copy(
        "tests/fixtures/readme/my-deck.toml",
        &work.join("my-deck.toml"),
    );
    // The class file a teacher hands a student.
    copy(
        "tests/fixtures/readme/7b-ann.class.toml",
        &work.join("7b-ann.class.toml"),
    );
    let bin = assert_cmd::cargo::cargo_bin("kartka");
    let path = format!(
        "{}:{}",
        bin.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );

    let assert = snapbox::Assert::new();
    let mut failures = Vec::new();
    for example in &examples {
        let command = as_installed(&example.command);
        if example.expected.is_none()
            && (command.starts_with("cargo test") || command.starts_with("cargo install"))
        {
            continue;
        }
        let output = Command::new("bash")
            .arg("-c")
            .arg(format!("{command} 2>&1"))
            .current_dir(&work)
            .env("PATH", &path)
            .env("KARTKA_HOME", &home)
            .env("KARTKA_NOW", NOW)
            .env("NO_COLOR", "1")
            .env("LC_ALL", "C.UTF-8")
            .env("RUST_BACKTRACE", "0")
            .env_remove("CLICOLOR_FORCE")
            .env_remove("COLUMNS")
            .stdin(Stdio::null())
            .output()
            .unwrap();
        let printed = String::from_utf8_lossy(&output.stdout).into_owned();
        let place = format!("README.md:{}: $ {}", example.line, example.command);
        match &example.expected {
            None if !output.status.success() => {
                failures.push(format!("{place}\nfailed ({}):\n{printed}", output.status))
            }
            None => {}
            Some(expected) => {
                if let Err(e) = assert.try_eq(
                    Some(&"kartka"),
                    printed.clone().into(),
                    expected.clone().into(),
                ) {
                    failures.push(format!("{place}\n{e}\nprinted:\n{printed}"));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} README examples do not run as shown:\n\n{}",
        failures.len(),
        examples.len(),
        failures.join("\n\n")
    );
}
