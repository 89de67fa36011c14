//! Authoring: `kartka new` and the JSON Schema of the deck format.

use assert_cmd::Command;
use predicates::str::contains;
use tempfile::TempDir;

fn kartka() -> Command {
    Command::cargo_bin("kartka").unwrap()
}

#[test]
fn new_writes_a_skeleton_that_passes_check_as_written() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("Class 7B.toml");
    kartka()
        .arg("new")
        .arg(&path)
        .assert()
        .success()
        .stdout(contains("with one card of every kind"));
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        text.contains("id = \"class-7b\"") && text.contains("title = \"Class 7B\""),
        "{text}"
    );
    kartka()
        .args(["check", "--strict"])
        .arg(&path)
        .assert()
        .success()
        .stdout(contains("9 cards), 0 errors, 0 warnings"));
    let deck = kartka::deck::parse(&text).deck.unwrap();
    assert_eq!(deck.kinds().len(), 9, "one card of every kind");
}

#[test]
fn new_takes_an_id_and_title_and_never_overwrites() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("d.toml");
    kartka()
        .arg("new")
        .arg(&path)
        .args(["--id", "htp-7b", "--title", "The \"HTP\" quiz"])
        .assert()
        .success();
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        text.contains("id = \"htp-7b\"") && text.contains("title = 'The \"HTP\" quiz'"),
        "{text}"
    );
    kartka().arg("check").arg(&path).assert().success();
    kartka()
        .arg("new")
        .arg(&path)
        .assert()
        .code(1)
        .stderr(format!("error: `{}` already exists\nhelp: choose another --out, or pass --force to replace it\n", path.display()));
    kartka()
        .arg("new")
        .arg(&path)
        .arg("--force")
        .assert()
        .success();
    kartka()
        .arg("new")
        .arg(dir.path().join("e.toml"))
        .args(["--id", "Class 7B"])
        .assert()
        .code(1)
        .stderr("error: --id `Class 7B` is not a slug: use lowercase letters, digits and single hyphens, such as `class-7b`\n");
}

#[test]
fn the_committed_schema_matches_the_types() {
    let committed = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/schema/deck.schema.json"
    ))
    .unwrap();
    let out = kartka().arg("schema").assert().success();
    assert_eq!(
        String::from_utf8_lossy(&out.get_output().stdout),
        committed,
        "schema/deck.schema.json is out of date: run `cargo run -- schema > schema/deck.schema.json`"
    );
}

fn validator() -> jsonschema::Validator {
    jsonschema::validator_for(&kartka::deck::schema::schema().to_value()).unwrap()
}

fn as_json(toml_text: &str) -> serde_json::Value {
    toml::from_str(toml_text).unwrap()
}

#[test]
fn every_shipped_deck_and_the_skeleton_validate_against_the_schema() {
    let v = validator();
    for entry in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/decks")).unwrap() {
        let path = entry.unwrap().path();
        let json = as_json(&std::fs::read_to_string(&path).unwrap());
        let errors: Vec<String> = v
            .iter_errors(&json)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{}: {errors:?}", path.display());
    }
    let skeleton = include_str!("../src/interop/template.toml")
        .replace("{ID}", "x")
        .replace("{TITLE}", "X");
    assert!(v.is_valid(&as_json(&skeleton)));
}

#[test]
fn the_schema_rejects_what_the_loader_rejects() {
    let v = validator();
    let deck = |card: &str| {
        as_json(&format!(
            "[deck]\nid = \"d\"\ntitle = \"D\"\n[[cards]]\n{card}"
        ))
    };
    assert!(v.is_valid(&deck(
        "id = \"a\"\nkind = \"truefalse\"\nprompt = \"?\"\nanswer = true\n"
    )));
    assert!(v.is_valid(&deck(
        "id = \"a\"\nkind = \"cloze\"\ntext = \"{{c1::x}}\"\naccept = { c1 = [\"y\"] }\n"
    )));
    for bad in [
        "id = \"a\"\nkind = \"multiple\"\nprompt = \"?\"\noptions = [\"x\", \"y\"]\nanswer = [\"x\"]\n",
        "id = \"a\"\nkind = \"truefalse\"\nprompt = \"?\"\nanswer = \"true\"\n",
        "id = \"a\"\nkind = \"text\"\nprompt = \"?\"\nanswer = \"x\"\noptions = [\"x\"]\n",
        "id = \"a#b\"\nkind = \"truefalse\"\nprompt = \"?\"\nanswer = true\n",
        "id = \"a\"\nkind = \"number\"\nprompt = \"?\"\nanswer = 1\ntolerance = -1\n",
        "id = \"a\"\nkind = \"cloze\"\ntext = \"no deletions\"\n",
        "id = \"a\"\nkind = \"cloze\"\ntext = \"{{c1::x}}\"\naccept = [\"y\"]\n",
        "id = \"a\"\nkind = \"cloze\"\ntext = \"{{c1::x}}\"\naccept = { 1 = [\"y\"] }\n",
        "id = \"a\"\nkind = \"cloze\"\ntext = \"{{c1::x}}\"\naccept = { c1 = \"y\" }\n",
        "id = \"a\"\nkind = \"truefalse\"\nprompt = \"?\"\nanswer = true\ntags = [\"two words\"]\n",
    ] {
        assert!(!v.is_valid(&deck(bad)), "{bad}");
    }
    assert!(!v.is_valid(&as_json("[deck]\nid = \"Not A Slug\"\ntitle = \"D\"\n")));
}
