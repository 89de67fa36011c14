//! What kartka says when the progress store cannot be used: each message says what happened, where, and
//! what to do, and nothing is changed.

#![cfg(unix)]

use assert_cmd::Command;
use predicates::str::contains;
use tempfile::TempDir;

fn kartka(home: &std::path::Path) -> Command {
    let mut cmd = Command::cargo_bin("kartka").unwrap();
    cmd.env("KARTKA_HOME", home)
        .env("KARTKA_NOW", "2026-11-22T09:00:00+03:00")
        .env("NO_COLOR", "1")
        .args(["study", "example"]);
    cmd
}

#[test]
fn a_folder_or_a_broken_link_where_the_store_should_be_is_named() {
    let home = TempDir::new().unwrap();
    let store = home.path().join("progress.sqlite3");
    std::fs::create_dir(&store).unwrap();
    kartka(home.path()).assert().code(1).stderr(format!(
        "error: the progress store `{}` cannot be opened: there is a folder in its place\n\
         help: move it away (your progress, if any, is not in it), or set KARTKA_HOME to another folder; nothing was changed\n",
        store.display()
    ));
    std::fs::remove_dir(&store).unwrap();
    std::os::unix::fs::symlink("/nonexistent/kartka/progress.sqlite3", &store).unwrap();
    kartka(home.path()).assert().code(1).stderr(contains(format!(
        "error: the progress store `{}` cannot be opened: there is a link to `/nonexistent/kartka/progress.sqlite3`, which does not exist in its place\n",
        store.display()
    )));
}

#[test]
fn a_database_of_another_shape_is_not_taken_for_a_store() {
    let home = TempDir::new().unwrap();
    let store = home.path().join("progress.sqlite3");
    rusqlite::Connection::open(&store)
        .unwrap()
        .execute_batch(&format!(
            "CREATE TABLE notes (x); PRAGMA user_version = {};",
            kartka::store::SCHEMA_VERSION
        ))
        .unwrap();
    let before = std::fs::read(&store).unwrap();
    kartka(home.path())
        .assert()
        .code(1)
        .stderr(contains(format!(
            "error: `{}` is not a progress store this kartka made (no such table: ",
            store.display()
        )))
        .stderr(contains(
            "help: move the file aside and kartka starts a new store, or put back a backup with `kartka restore`; nothing was changed",
        ));
    assert!(
        std::fs::read(&store).unwrap() == before,
        "the file was changed"
    );
}

/// A full disk, made with a small tmpfs. Mounting needs root (as on CI); elsewhere the test says so and
/// checks nothing.
#[test]
fn a_full_disk_when_the_store_is_opened_says_so() {
    let mount = TempDir::new().unwrap();
    let mounted = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=256k", "tmpfs"])
        .arg(mount.path())
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        eprintln!("not checked: mounting a tmpfs needs root");
        return;
    }
    let home = mount.path().join("kartka");
    std::fs::create_dir(&home).unwrap();
    // Fill the disk.
    let _ = std::fs::write(mount.path().join("filler"), vec![0u8; 512 * 1024]);
    let out = kartka(&home).output().unwrap();
    let _ = std::process::Command::new("umount")
        .arg(mount.path())
        .status();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("error: the disk is full: `") && stderr.contains("help: free some space"),
        "{stderr}"
    );
}
