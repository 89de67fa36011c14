//! `kartka class join` and `leave`, and the class as `kartka config` shows it: the student's side of a
//! class, before anything is sent.

use assert_cmd::Command;
use predicates::prelude::*;
use predicates::str::contains;
use tempfile::TempDir;

fn kartka(home: &TempDir) -> Command {
    let mut cmd = Command::cargo_bin("kartka").unwrap();
    cmd.env("KARTKA_HOME", home.path()).env("NO_COLOR", "1");
    cmd
}

const CLASS: &str = "[class]\nname = \"7B\"\nlrs = \"https://lrs.school.example/xAPI/\"\nusername = \"7b-ann\"\npassword = \"correct horse\"\nstudent = \"Ann Smith\"\n";

#[test]
fn joining_stores_the_class_privately_and_config_shows_it_without_the_password() {
    let home = TempDir::new().unwrap();
    let files = TempDir::new().unwrap();
    let file = files.path().join("7b.class.toml");
    std::fs::write(&file, CLASS).unwrap();
    std::fs::write(home.path().join("config.toml"), "new_per_day = 5\n").unwrap();
    kartka(&home)
        .args(["class", "join"])
        .arg(&file)
        .assert()
        .success()
        .stdout(contains(
            "Joined 7B as Ann Smith (LRS https://lrs.school.example/xAPI/), saved in",
        ));
    let config = home.path().join("config.toml");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&config).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    kartka(&home)
        .arg("config")
        .assert()
        .success()
        .stdout(contains("new_per_day = 5"))
        .stdout(contains(
            "[class]\nname = \"7B\"\nlrs = \"https://lrs.school.example/xAPI/\"\nusername = \"7b-ann\"\nstudent = \"Ann Smith\"\n# password = (set; never shown)\n",
        ))
        .stdout(contains("correct horse").not());

    kartka(&home)
        .args(["class", "leave"])
        .assert()
        .success()
        .stdout("Left 7B: nothing is sent to its LRS any more.\n");
    assert_eq!(
        std::fs::read_to_string(&config).unwrap(),
        "new_per_day = 5\n"
    );
    kartka(&home)
        .arg("config")
        .assert()
        .stdout(contains("[class]").not());
    kartka(&home)
        .args(["class", "leave"])
        .assert()
        .success()
        .stdout("You are not in a class.\n");
}

#[test]
fn a_bad_class_file_is_located_and_changes_nothing() {
    let home = TempDir::new().unwrap();
    let files = TempDir::new().unwrap();
    let file = files.path().join("7b.class.toml");
    std::fs::write(
        &file,
        CLASS.replace(
            "https://lrs.school.example/xAPI/",
            "http://ann:pw@lrs.school.example/xAPI/",
        ),
    )
    .unwrap();
    kartka(&home)
        .args(["class", "join"])
        .arg(&file)
        .assert()
        .code(1)
        .stdout("")
        .stderr(contains(
            "error: `lrs` must not hold a username or password: they have keys of their own",
        ))
        .stderr(contains("7b.class.toml:3:7"))
        .stderr(contains("has 1 error"));
    assert!(!home.path().join("config.toml").exists());
}

#[test]
fn a_class_written_by_hand_with_a_mistake_is_reported_by_every_command_reading_config_toml() {
    let home = TempDir::new().unwrap();
    std::fs::write(
        home.path().join("config.toml"),
        "[class]\nname = \"7B\"\nlrs = \"https://lrs.school.example/xAPI/\"\nstudent = \"Ann\"\n",
    )
    .unwrap();
    kartka(&home)
        .arg("config")
        .assert()
        .code(1)
        .stderr(contains("`[class]` lacks `username`, `password`"))
        .stderr(contains("config.toml:1:1"));
}
