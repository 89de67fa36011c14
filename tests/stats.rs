//! `kartka stats` and `kartka optimize` through the real binary.

use assert_cmd::Command;
use predicates::prelude::*;
use predicates::str::contains;
use tempfile::TempDir;

const DECK: &str = r#"[deck]
id = "mini"
title = "Mini"

[[cards]]
id = "founded"
kind = "number"
prompt = "When was the HTP launched?"
answer = 2005
explain = "By decree."
tags = ["dates"]

[[cards]]
id = "minsk"
kind = "truefalse"
prompt = "Minsk computers copied IBM."
answer = false
explain = "No."
tags = ["history"]
"#;

fn kartka(home: &TempDir, now: &str) -> Command {
    let mut cmd = Command::cargo_bin("kartka").unwrap();
    cmd.env("KARTKA_HOME", home.path())
        .env("KARTKA_NOW", now)
        .env("LANG", "C.UTF-8");
    cmd
}

fn home_with_deck() -> TempDir {
    let home = TempDir::new().unwrap();
    std::fs::create_dir_all(home.path().join("decks")).unwrap();
    std::fs::write(home.path().join("decks/mini.toml"), DECK).unwrap();
    home
}

fn study(home: &TempDir, now: &str, input: &str) {
    kartka(home, now)
        .args(["study", "mini"])
        .write_stdin(input.to_string())
        .assert()
        .success();
}

#[test]
fn stats_json_after_three_days_of_study() {
    let home = home_with_deck();
    // Day 1: both cards learnt (two steps each) and graduated to two days.
    study(
        &home,
        "2026-11-22T09:00:00+03:00",
        "2005\n\nfalse\n\nf\n\n2005\n\n",
    );
    // Day 3: both due; the number is forgotten, the other remembered.
    study(
        &home,
        "2026-11-24T09:00:00+03:00",
        "1999\n\nfalse\n\n2005\n\n",
    );
    let out = kartka(&home, "2026-11-24T20:00:00+03:00")
        .args(["stats", "mini", "--json"])
        .assert()
        .success();
    let json: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(json["decks"], serde_json::json!(["mini"]));
    assert_eq!(json["today"], "2026-11-24");
    assert_eq!(
        json["cards"],
        serde_json::json!({"cards": 2, "total": 2, "new": 0, "learning": 0, "young": 2, "mature": 0, "suspended": 0, "leeches": 0})
    );
    assert_eq!(json["total_reviews"], 7);
    assert_eq!(
        json["streak"],
        serde_json::json!({"current": 1, "longest": 1})
    );
    let history: Vec<u64> = json["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["reviews"].as_u64().unwrap())
        .collect();
    assert_eq!(&history[87..], [4, 0, 3]);
    // True retention: two review-card answers on the 24th, one of them Again.
    assert_eq!(
        json["retention"][0],
        serde_json::json!({"days": 7, "young": {"passed": 1, "total": 2, "rate": 0.5}, "mature": {"passed": 0, "total": 0, "rate": null}})
    );
    assert_eq!(
        json["forecast"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_u64().unwrap())
            .sum::<u64>(),
        2
    );
    assert_eq!(json["hardest"][0]["item"], "founded");
    assert_eq!(json["hardest"][0]["question"], "When was the HTP launched?");
    assert_eq!(json["hardest"][0]["lapses"], 1);
    // Observed beside predicted: founded answered 2005, 2005, 1999, 2005; minsk right three times.
    let tag = |name: &str| {
        json["tags"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["tag"] == name)
            .unwrap()
            .clone()
    };
    assert_eq!(
        (
            tag("dates")["right_30_days"].clone(),
            tag("dates")["answers_30_days"].clone()
        ),
        (3.into(), 4.into())
    );
    assert_eq!(
        (
            tag("history")["right_30_days"].clone(),
            tag("history")["answers_30_days"].clone()
        ),
        (3.into(), 3.into())
    );
    assert!(tag("dates")["predicted_recall"].as_f64().unwrap() > 0.0);
}

#[test]
fn stats_charts_in_unicode_and_ascii() {
    let home = home_with_deck();
    study(
        &home,
        "2026-11-22T09:00:00+03:00",
        "2005\n\nfalse\n\nf\n\n2005\n\n",
    );
    let unicode = kartka(&home, "2026-11-22T20:00:00+03:00")
        .args(["stats", "mini"])
        .assert()
        .success();
    let text = String::from_utf8_lossy(&unicode.get_output().stdout).to_string();
    assert!(
        text.starts_with(
            "Questions: 2 from 2 cards · 0 new · 0 learning · 2 young · 0 mature · 0 suspended · 0 leeches\nDue today: 0\n"
        ),
        "{text}"
    );
    assert!(
        text.contains("Due in the next 30 days: 2 (busiest day: 2)\n") && text.contains('█'),
        "{text}"
    );
    assert!(text.contains("Streak: 1 day (longest 1)"), "{text}");
    let ascii = kartka(&home, "2026-11-22T20:00:00+03:00")
        .args(["stats", "mini", "--ascii"])
        .assert()
        .success();
    let text = String::from_utf8_lossy(&ascii.get_output().stdout).to_string();
    assert!(text.is_ascii(), "{text}");
    assert!(
        text.starts_with(
            "Questions: 2 from 2 cards | 0 new | 0 learning | 2 young | 0 mature | 0 suspended | 0 leeches\n"
        ),
        "{text}"
    );
    assert!(
        text.contains("  Sun ............@\n")
            && text.contains("  history ########## 100% (1 of 1 studied)  100% (2 of 2)\n"),
        "{text}"
    );
    // A locale without UTF-8 gets ASCII too.
    let c = kartka(&home, "2026-11-22T20:00:00+03:00")
        .env("LANG", "C")
        .args(["stats", "mini"])
        .assert()
        .success();
    assert!(!String::from_utf8_lossy(&c.get_output().stdout).contains('█'));
}

#[test]
fn stats_before_any_study_is_friendly() {
    let home = home_with_deck();
    kartka(&home, "2026-11-22T09:00:00+03:00")
        .args(["stats", "mini"])
        .assert()
        .success()
        .stdout("Questions: 2 from 2 cards · 2 new · 0 learning · 0 young · 0 mature · 0 suspended · 0 leeches\n\nNo reviews yet: run `kartka study`, and your progress will show here.\n");
}

#[test]
fn optimize_needs_enough_history_and_says_how_much() {
    let home = home_with_deck();
    study(
        &home,
        "2026-11-22T09:00:00+03:00",
        "2005\n\nfalse\n\nf\n\n2005\n\n",
    );
    kartka(&home, "2026-11-22T20:00:00+03:00")
        .arg("optimize")
        .assert()
        .code(1)
        .stderr(contains(
            "error: not enough review history to fit FSRS parameters: 0 of the 64 spaced reviews needed",
        ))
        .stderr(contains("study for 64 more of them, then run `kartka optimize` again"));
    assert!(!home.path().join("config.toml").exists());
}

#[test]
fn optimize_fits_a_long_history_and_saves_better_parameters() {
    let home = home_with_deck();
    std::fs::write(
        home.path().join("config.toml"),
        "# mine\nnew_per_day = 15\n",
    )
    .unwrap();
    let mut store = kartka::store::Store::open(&home.path().join("progress.sqlite3")).unwrap();
    store
        .insert_history(&kartka::simulate::simulated_history("mini", 250, 120, 7))
        .unwrap();
    drop(store);
    let out = kartka(&home, "2025-05-01T09:00:00+00:00")
        .args(["optimize", "mini"])
        .assert()
        .success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(
        text.starts_with(
            "Fitting FSRS parameters for deck `mini` to 2940 reviews (2440 spaced)…\n"
        ),
        "{text}"
    );
    assert!(
        text.contains("  default parameters     0.4400    7.34%\n"),
        "{text}"
    );
    assert!(
        text.contains("Saved to ")
            && text.contains("under [decks.mini]: they predict your recall better."),
        "{text}"
    );
    let config = std::fs::read_to_string(home.path().join("config.toml")).unwrap();
    assert!(config.starts_with("# mine\nnew_per_day = 15\n"), "{config}");
    assert!(config.contains("[decks.mini]\nparameters = ["), "{config}");
    // The parameters are in use now, and a second fit is no better than them.
    kartka(&home, "2025-05-01T09:00:00+00:00")
        .args(["config", "mini"])
        .assert()
        .success()
        .stdout(contains("parameters = [").and(contains("# config.toml, this deck")));
    kartka(&home, "2025-05-01T09:00:00+00:00")
        .args(["optimize", "mini"])
        .assert()
        .success()
        .stdout(contains("current parameters").and(contains("Not saved")));
}
