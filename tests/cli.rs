//! The `kartka` binary as users run it: exit codes, what goes to stdout and stderr, files and folders.

use assert_cmd::Command;
use predicates::prelude::*;
use predicates::str::contains;
use tempfile::TempDir;

/// kartka with an empty config directory of its own, so tests never see the developer's decks.
fn kartka(home: &TempDir) -> Command {
    let mut cmd = Command::cargo_bin("kartka").unwrap();
    cmd.env("KARTKA_HOME", home.path()).env_remove("NO_COLOR");
    cmd
}

fn write(dir: &TempDir, name: &str, text: &str) -> std::path::PathBuf {
    let path = dir.path().join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, text).unwrap();
    path
}

const GOOD: &str = r#"[deck]
id = "mine"
title = "My deck"

[[sources]]
id = "notes"
title = "Class notes"

[[cards]]
id = "htp-year"
kind = "number"
prompt = "When was the HTP launched?"
answer = 2005
explain = "By presidential decree."
source = "notes"
"#;

#[test]
fn check_with_no_paths_checks_the_built_in_decks() {
    let home = TempDir::new().unwrap();
    kartka(&home)
        .arg("check")
        .assert()
        .success()
        .stdout(contains("ok: ").and(contains("0 errors, 0 warnings")));
}

#[test]
fn check_reports_a_bad_deck_with_location_and_exits_1() {
    let home = TempDir::new().unwrap();
    let path = write(
        &home,
        "bad.toml",
        &GOOD.replace("kind = \"number\"", "kind = \"numbr\""),
    );
    let shown = path.display().to_string();
    kartka(&home)
        .arg("check")
        .arg(&path)
        .assert()
        .code(1)
        .stdout(format!(
            "error: unknown card kind `numbr`
  --> {shown}:11:8
   |
11 | kind = \"numbr\"
   |        ^^^^^^^ not a card kind
   |
   = help: did you mean `number`? the kinds are: flash, text, choice, multi, truefalse, number, cloze, order, match

failed: 1 deck (0 cards), 1 error, 0 warnings
"
        ));
}

#[test]
fn check_walks_folders_and_counts_every_deck() {
    let home = TempDir::new().unwrap();
    write(&home, "class/a.toml", GOOD);
    write(
        &home,
        "class/unit2/b.toml",
        &GOOD.replace("id = \"mine\"", "id = \"other\""),
    );
    write(&home, "class/notes.txt", "not a deck");
    kartka(&home)
        .arg("check")
        .arg(home.path().join("class"))
        .assert()
        .success()
        .stdout("ok: 2 decks (2 cards), 0 errors, 0 warnings\n");
}

#[test]
fn check_names_both_files_when_two_decks_share_an_id() {
    let home = TempDir::new().unwrap();
    let a = write(&home, "a.toml", GOOD);
    let b = write(&home, "b.toml", GOOD);
    kartka(&home)
        .args(["check"])
        .arg(&a)
        .arg(&b)
        .assert()
        .code(1)
        .stdout(contains(format!(
            "error: two decks have the id `mine`: {} and {}\nhelp: deck ids must be unique",
            a.display(),
            b.display()
        )));
}

#[test]
fn check_of_a_missing_file_says_so() {
    let home = TempDir::new().unwrap();
    kartka(&home)
        .args(["check", "no-such-deck.toml"])
        .assert()
        .code(1)
        .stdout(contains(
            "error: cannot read `no-such-deck.toml`: No such file or directory",
        ))
        .stdout(contains("failed: 1 deck (0 cards), 1 error, 0 warnings"));
}

#[test]
fn check_takes_deck_ids_too() {
    let home = TempDir::new().unwrap();
    kartka(&home)
        .args(["check", "example"])
        .assert()
        .success()
        .stdout("ok: 1 deck (9 cards), 0 errors, 0 warnings\n");
    kartka(&home)
        .args(["check", "nope"])
        .assert()
        .code(1)
        .stdout("error: no deck `nope`\n\nfailed: 1 deck (0 cards), 1 error, 0 warnings\n");
}

#[test]
fn strict_check_fails_on_warnings() {
    let home = TempDir::new().unwrap();
    let path = write(
        &home,
        "w.toml",
        &GOOD.replace("explain = \"By presidential decree.\"\n", ""),
    );
    kartka(&home)
        .arg("check")
        .arg(&path)
        .assert()
        .success()
        .stdout(contains("0 errors, 1 warning"));
    kartka(&home)
        .args(["check", "--strict"])
        .arg(&path)
        .assert()
        .code(1)
        .stdout(contains("failed: 1 deck (1 card), 0 errors, 1 warning"));
}

#[test]
fn a_byte_order_mark_is_accepted() {
    let home = TempDir::new().unwrap();
    let path = write(&home, "bom.toml", &format!("\u{feff}{GOOD}"));
    kartka(&home).arg("check").arg(&path).assert().success();
}

#[test]
fn decks_json_lists_built_in_and_config_decks() {
    let home = TempDir::new().unwrap();
    write(&home, "decks/mine.toml", GOOD);
    let out = kartka(&home)
        .args(["decks", "--json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let decks: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let example = decks
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == "example")
        .unwrap();
    assert_eq!(example["cards"], 9);
    // The reversed flash card and the two cloze deletions add items.
    assert_eq!(example["items"], 11);
    assert_eq!(example["origin"], "built-in");
    assert_eq!(
        example["kinds"],
        serde_json::json!([
            "flash",
            "text",
            "choice",
            "multi",
            "truefalse",
            "number",
            "cloze",
            "order",
            "match"
        ])
    );
    let mine = decks
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == "mine")
        .unwrap();
    assert_eq!(mine["origin"], "config");
    assert_eq!(mine["cards"], 1);
    assert!(mine["path"].as_str().unwrap().ends_with("mine.toml"));
}

#[test]
fn decks_table_has_a_header_and_a_row_per_deck() {
    let home = TempDir::new().unwrap();
    kartka(&home)
        .arg("decks")
        .assert()
        .success()
        .stdout(
            contains("ID")
                .and(contains("TITLE"))
                .and(contains("CARDS"))
                .and(contains("KINDS")),
        )
        .stdout(
            predicates::str::is_match(
                r"(?m)^example +A tour of the card kinds +9  built-in  flash text choice",
            )
            .unwrap(),
        );
}

#[test]
fn a_config_deck_with_a_built_in_id_is_an_error_naming_both() {
    let home = TempDir::new().unwrap();
    let path = write(
        &home,
        "decks/copy.toml",
        &GOOD.replace("id = \"mine\"", "id = \"example\""),
    );
    kartka(&home)
        .arg("decks")
        .assert()
        .code(1)
        .stderr(contains(format!(
            "error: two decks have the id `example`: built-in/example.toml and {}",
            path.display()
        )));
    kartka(&home)
        .args(["show", "example"])
        .assert()
        .code(1)
        .stderr(contains("error: two decks have the id `example`"));
}

#[test]
fn a_broken_config_deck_is_named_and_left_out() {
    let home = TempDir::new().unwrap();
    let path = write(
        &home,
        "decks/broken.toml",
        &GOOD.replace("answer = 2005", "answer = \"soon\""),
    );
    kartka(&home)
        .arg("decks")
        .assert()
        .code(1)
        .stdout(contains("example"))
        .stderr(contains(format!(
            "error: {} has 1 error and is left out; run `kartka check {}`",
            path.display(),
            path.display()
        )));
    kartka(&home)
        .args(["show", "mine"])
        .assert()
        .code(1)
        .stderr(contains(format!(
            "error: the deck {} has 1 error",
            path.display()
        )));
}

#[test]
fn show_prints_cards_with_answers() {
    let home = TempDir::new().unwrap();
    kartka(&home)
        .args(["show", "example"])
        .assert()
        .success()
        .stdout(contains(
            "3. first-private-company  choice · #history #companies
   Which company is named as the first recognised private tech company in Belarus?
   a) ✓ Dainova
   b)   Belhard
   c)   Belsoft
   d)   Infopark
",
        ))
        .stdout(contains(
            "   A presidential decree launched the [c1: High Technologies Park (hint: name)] in [c2: 2005].
   reads: A presidential decree launched the High Technologies Park in 2005.
",
        ))
        .stdout(contains("   answer: 1.8 billion USD\n"));
}

#[test]
fn show_takes_a_path_too() {
    let home = TempDir::new().unwrap();
    let path = write(&home, "mine.toml", GOOD);
    kartka(&home)
        .arg("show")
        .arg(&path)
        .assert()
        .success()
        .stdout(contains("My deck  (mine, 1 card, ").and(contains("answer: 2005")));
}

#[test]
fn an_unknown_deck_gets_a_suggestion() {
    let home = TempDir::new().unwrap();
    kartka(&home)
        .args(["show", "exampel"])
        .assert()
        .code(1)
        .stdout("")
        .stderr("error: no deck `exampel`\nhelp: did you mean `example`? `kartka decks` lists every deck\n");
}

#[test]
fn deck_text_never_reaches_the_terminal_raw() {
    let home = TempDir::new().unwrap();
    let evil = GOOD.replace(
        "When was the HTP launched?",
        "\\u001b[2J\\u001b]0;owned\\u0007When\\u009b31m was it\\u202e launched?",
    );
    let path = write(&home, "evil.toml", &evil);
    let out = kartka(&home)
        .arg("show")
        .arg(&path)
        .arg("--color=always")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    assert!(
        text.contains("␛[2J␛]0;owned␇When\u{FFFD}31m was it\u{FFFD} launched?"),
        "{text}"
    );
    // The only escape sequences left are kartka's own colours (SGR, ending in `m`).
    let foreign = text.split('\u{1b}').skip(1).filter(|seq| {
        !seq.starts_with('[')
            || !seq[1..]
                .trim_start_matches(|c: char| c.is_ascii_digit() || c == ';')
                .starts_with('m')
    });
    assert_eq!(foreign.count(), 0, "{text:?}");
}

#[test]
fn colour_follows_the_color_flag() {
    let home = TempDir::new().unwrap();
    let path = write(
        &home,
        "bad.toml",
        &GOOD.replace("answer = 2005", "answer = -"),
    );
    kartka(&home)
        .arg("check")
        .arg(&path)
        .assert()
        .stdout(contains("\u{1b}[").not());
    kartka(&home)
        .args(["check", "--color", "always"])
        .arg(&path)
        .assert()
        .stdout(contains("\u{1b}["));
    kartka(&home)
        .args(["check", "--color", "never"])
        .arg(&path)
        .env("CLICOLOR_FORCE", "1")
        .assert()
        .stdout(contains("\u{1b}[").not());
}

#[test]
fn no_color_wins_over_auto() {
    let home = TempDir::new().unwrap();
    let path = write(
        &home,
        "bad.toml",
        &GOOD.replace("answer = 2005", "answer = -"),
    );
    kartka(&home)
        .arg("check")
        .arg(&path)
        .env("NO_COLOR", "1")
        .env("CLICOLOR_FORCE", "1")
        .assert()
        .stdout(contains("\u{1b}[").not());
}

#[test]
fn every_command_has_help_with_examples() {
    let home = TempDir::new().unwrap();
    for command in ["check", "decks", "show", "completions"] {
        kartka(&home)
            .args([command, "--help"])
            .assert()
            .success()
            .stdout(contains("Examples:"));
    }
    kartka(&home)
        .arg("--help")
        .assert()
        .success()
        .stdout(contains("Examples:"));
    kartka(&home)
        .arg("--version")
        .assert()
        .success()
        .stdout(format!("kartka {}\n", env!("CARGO_PKG_VERSION")));
}

#[test]
fn usage_errors_exit_2() {
    let home = TempDir::new().unwrap();
    kartka(&home)
        .arg("frobnicate")
        .assert()
        .code(2)
        .stderr(contains("unrecognized subcommand"));
}

#[test]
fn completions_are_generated_for_each_shell() {
    let home = TempDir::new().unwrap();
    kartka(&home)
        .args(["completions", "bash"])
        .assert()
        .success()
        .stdout(contains("_kartka()"));
    kartka(&home)
        .args(["completions", "zsh"])
        .assert()
        .success()
        .stdout(contains("#compdef kartka"));
    kartka(&home)
        .args(["completions", "fish"])
        .assert()
        .success()
        .stdout(contains("complete -c kartka"));
}

/// Parsed decks are cached between runs, and every edit is noticed: even one that keeps the file's size
/// and time stamp, to a file last changed long ago (whose cache entry is trusted without reading it) or
/// just now. A damaged cache entry is parsed again.
#[test]
fn the_deck_cache_notices_every_edit() {
    let home = TempDir::new().unwrap();
    let path = write(&home, "decks/mine.toml", GOOD);
    let an_hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    let set_modified = |stamp| {
        std::fs::File::options()
            .write(true)
            .open(&path)
            .unwrap()
            .set_modified(stamp)
            .unwrap()
    };
    set_modified(an_hour_ago);
    // The change time is now: only once it is two seconds old is the file's stamp trusted.
    std::thread::sleep(std::time::Duration::from_millis(2100));
    kartka(&home)
        .args(["show", "mine"])
        .assert()
        .success()
        .stdout(contains("When was the HTP launched?"));
    kartka(&home)
        .args(["show", "mine"])
        .assert()
        .success()
        .stdout(contains("When was the HTP launched?"));
    let cached: Vec<_> = std::fs::read_dir(home.path().join("cache/decks"))
        .unwrap()
        .collect();
    // Each built-in deck, and the learner's.
    assert_eq!(cached.len(), 5, "the deck was cached");
    let edits = [
        ("When was the HTP launched?", "When was the HTP founded??"),
        ("When was the HTP founded??", "When was the HTP created??"),
    ];
    for (i, (from, to)) in edits.into_iter().enumerate() {
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, text.replace(from, to)).unwrap();
        set_modified(an_hour_ago);
        if i == 0 {
            std::thread::sleep(std::time::Duration::from_millis(2100));
        }
        kartka(&home)
            .args(["show", "mine"])
            .assert()
            .success()
            .stdout(contains(to));
    }
    for entry in std::fs::read_dir(home.path().join("cache/decks")).unwrap() {
        std::fs::write(entry.unwrap().path(), b"garbage").unwrap();
    }
    kartka(&home)
        .args(["show", "mine"])
        .assert()
        .success()
        .stdout(contains("When was the HTP created??"));
}

/// Every option says what it does, and options appear only on the commands that use them.
#[test]
fn every_option_is_described_and_only_where_it_is_used() {
    use clap::CommandFactory;
    let mut cli = kartka::cli::Cli::command();
    cli.build();
    let mut commands = vec![&cli];
    commands.extend(cli.get_subcommands());
    for command in commands {
        for arg in command.get_arguments() {
            if matches!(arg.get_id().as_str(), "help" | "version") {
                continue;
            }
            assert!(
                arg.get_help().is_some(),
                "`{} --{}` has no description",
                command.get_name(),
                arg.get_id()
            );
            if arg.get_id() == "plain" {
                assert!(
                    matches!(command.get_name(), "kartka" | "study" | "quiz"),
                    "`--plain` on `{}`, which never prompts",
                    command.get_name()
                );
            }
        }
    }
}

/// A reader that goes away (`kartka … | head`) ends the command quietly: exit 0, no panic.
#[test]
fn no_command_panics_on_a_closed_pipe() {
    let home = TempDir::new().unwrap();
    let commands: &[&[&str]] = &[
        &["completions", "zsh"],
        &["show", "belarus-htp"],
        &["decks"],
        &["decks", "--json"],
        &["export", "belarus-htp", "--to", "gift"],
        &["export", "belarus-htp", "--to", "markdown"],
        &["schema"],
        &["help", "deck-format"],
        &["help", "study"],
        &["--help"],
        &["check"],
        &["config"],
        &["stats"],
    ];
    for args in commands {
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("kartka"))
            .args(*args)
            .env("KARTKA_HOME", home.path())
            .env("KARTKA_NOW", "2026-11-22T09:00:00+03:00")
            .env("RUST_BACKTRACE", "0")
            .stdin(std::process::Stdio::null())
            .stdout(writer)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "kartka {args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "kartka {args:?}: {stderr}");
    }
}

#[test]
fn help_deck_format_prints_the_reference_shipped_in_the_binary() {
    let home = TempDir::new().unwrap();
    kartka(&home)
        .args(["help", "deck-format"])
        .assert()
        .success()
        .stdout(contains("# The kartka deck format (version 1)").and(contains("### `cloze`")));
    kartka(&home)
        .args(["help", "study"])
        .assert()
        .success()
        .stdout(contains("Usage: kartka study [OPTIONS] [DECKS]..."));
    kartka(&home)
        .args(["help", "dekc-format"])
        .assert()
        .code(1)
        .stderr(contains(
            "error: no help topic `dekc-format`; the topics are: deck-format, quiz-format, study,",
        ));
}

/// Asking to suspend every leech when there is none, or to bring back every suspended card when none is,
/// is answered, not refused.
#[test]
fn suspend_and_unsuspend_with_nothing_to_do_say_so() {
    let home = TempDir::new().unwrap();
    kartka(&home)
        .args(["suspend", "belarus-htp", "--leeches"])
        .assert()
        .success()
        .stdout("Nothing to do: `belarus-htp` has no leeches.\n");
    kartka(&home)
        .args(["unsuspend", "belarus-htp", "--all"])
        .assert()
        .success()
        .stdout("Nothing to do: `belarus-htp` has no suspended cards.\n");
    kartka(&home)
        .args(["suspend", "belarus-htp"])
        .assert()
        .code(1)
        .stderr(contains(
            "error: name the cards to suspend, or pass --leeches",
        ));
}

/// Every example in `--help` is a command line kartka accepts, and the suspend examples name a real card.
#[test]
fn help_examples_parse_and_name_real_cards() {
    use clap::{CommandFactory, Parser};
    let mut cli = kartka::cli::Cli::command();
    cli.build();
    let mut examples = Vec::new();
    for command in std::iter::once(&cli).chain(cli.get_subcommands()) {
        let help = command
            .get_after_help()
            .map(|h| h.to_string())
            .unwrap_or_default();
        for line in help.lines() {
            let Some(example) = line.trim().strip_prefix("kartka") else {
                continue;
            };
            // Up to a shell operator or the column of comments.
            let example = example.split(['|', '>']).next().unwrap();
            let example = example.split("   ").next().unwrap();
            let mut words = vec!["kartka".to_string()];
            let mut quoted: Option<String> = None;
            for word in example.split_whitespace() {
                match &mut quoted {
                    Some(q) => {
                        q.push(' ');
                        q.push_str(word.trim_end_matches('"'));
                        if word.ends_with('"') {
                            words.push(quoted.take().unwrap());
                        }
                    }
                    None if word.starts_with('"') && !word[1..].ends_with('"') => {
                        quoted = Some(word[1..].to_string());
                    }
                    None => words.push(word.trim_matches('"').to_string()),
                }
            }
            examples.push(words);
        }
    }
    assert!(examples.len() > 30, "{examples:?}");
    for words in &examples {
        if let Err(e) = kartka::cli::Cli::try_parse_from(words) {
            panic!("the help example `{}` does not parse: {e}", words.join(" "));
        }
    }
    let home = TempDir::new().unwrap();
    kartka(&home)
        .args(["suspend", "belarus-htp", "htp-founded-year"])
        .assert()
        .success();
    kartka(&home)
        .args(["unsuspend", "belarus-htp", "htp-founded-year"])
        .assert()
        .success();
}

/// `kartka report` with no path reads the results saved on this machine, and says where it looked.
#[test]
fn report_without_a_path_reads_this_machines_results() {
    let home = TempDir::new().unwrap();
    let assert = kartka(&home).arg("report").assert().code(1);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(
        stderr.starts_with(
            "error: no quiz results yet: quizzes taken on this machine are saved in `"
        ) && stderr.contains("results`; name results files or folders to report on others"),
        "{stderr}"
    );
}
