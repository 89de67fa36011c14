//! Untrusted input: decks, answers, imported files and results written by other people. Property tests
//! (proptest) feed each reader arbitrary and near-valid input: none may panic, and the limits hold with
//! clear errors. The same readers have cargo-fuzz targets in fuzz/.

use assert_cmd::Command;
use kartka::deck::{Deck, MAX_CARDS, MAX_FIELD_CHARS, parse};
use kartka::grade::{Layout, grade};
use kartka::interop::{anki, csv, gift};
use kartka::quiz::results::Results;
use kartka::report::render::csv_cell;
use kartka::sanitize::for_terminal;
use proptest::prelude::*;
use rand::SeedableRng;

fn shipped() -> Vec<Deck> {
    kartka::deck::catalog::built_in()
        .iter()
        .map(|f| parse(&f.text).deck.unwrap())
        .collect()
}

/// Deck-shaped text: real keys, kinds and values in random order and nesting, with some noise.
fn decklike() -> impl Strategy<Value = String> {
    let key = prop::sample::select(vec![
        "id",
        "kind",
        "prompt",
        "answer",
        "options",
        "accept",
        "explain",
        "source",
        "tags",
        "text",
        "items",
        "pairs",
        "tolerance",
        "unit",
        "front",
        "back",
        "reverse",
        "typos",
        "title",
        "format",
    ]);
    let value = prop_oneof![
        "\"[a-z{}: #=~-]{0,12}\"".prop_map(|s| s),
        prop::sample::select(vec![
            "true",
            "false",
            "0",
            "-1",
            "2005",
            "1.8",
            "1e400",
            "\"5%\"",
            "[]",
            "[\"a\", \"a\"]",
            "[[\"a\", \"b\"]]",
            "{}",
            "\"{{c1::x}}\"",
            "\"{{c1::\"",
            "\"flash\"",
            "\"cloze\"",
            "\"multi\""
        ])
        .prop_map(str::to_string),
    ];
    let line = prop_oneof![
        (key, value).prop_map(|(k, v)| format!("{k} = {v}")),
        prop::sample::select(vec![
            "[deck]",
            "[[cards]]",
            "[[sources]]",
            "[deck.x]",
            "",
            "# c",
            "[[cards]"
        ])
        .prop_map(str::to_string),
        "[^\n]{0,20}".prop_map(|s| s),
    ];
    prop::collection::vec(line, 0..40).prop_map(|lines| lines.join("\n"))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn the_deck_loader_never_panics(text in decklike()) {
        let loaded = parse(&text);
        // Loaded decks hold to their own rules: ids unique, every item gradable without panicking.
        if let Some(deck) = loaded.deck {
            for item in deck.items() {
                let _ = grade(&item, &Layout::identity(&item), "x");
            }
        }
    }

    #[test]
    fn arbitrary_text_is_not_a_deck_and_no_panic(text in "\\PC{0,200}") {
        let _ = parse(&text);
    }

    #[test]
    fn graders_take_any_answer(response in "\\PC{0,40}", seed in any::<u64>()) {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
        for deck in shipped() {
            for item in deck.items() {
                let layout = Layout::shuffled(&item, &mut rng);
                if let Ok(v) = grade(&item, &layout, &response) {
                    prop_assert!((0.0..=1.0).contains(&v.score));
                }
            }
        }
    }

    #[test]
    fn numbers_parse_or_fail_cleanly(input in "[-+$€0-9., %a-z'_]{0,30}") {
        if let Ok(n) = kartka::grade::number::parse(&input) {
            prop_assert!(n.value.is_finite());
        }
    }

    #[test]
    fn gift_import_never_panics(text in "([{}=~#:%\\\\>a-z\\- \n]|::|->|####){0,80}") {
        let _ = gift::import(&text, "x.gift", "x", "X");
    }

    #[test]
    fn csv_import_never_panics(text in "([,\t\"|a-z0-9\\- \n]|->|prompt|answer|kind|options){0,60}") {
        let _ = csv::import(&text, b',', "x.csv", "x", "X");
        let _ = csv::import(&text, b'\t', "x.tsv", "x", "X");
    }

    #[test]
    fn anki_import_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        let mut with_magic = b"PK\x03\x04".to_vec();
        with_magic.extend(&bytes);
        let _ = anki::import(&bytes, "x.apkg", "x", "X");
        let _ = anki::import(&with_magic, "x.apkg", "x", "X");
        let _ = anki::read(&bytes);
        let _ = anki::read(&with_magic);
    }

    #[test]
    fn results_files_are_read_or_refused(text in "(\\{|\\}|\\[|\\]|\"[a-z_]{0,12}\"|:|,|[0-9.]{1,4}|null|true){0,40}") {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.json");
        std::fs::write(&path, &text).unwrap();
        let _ = Results::read(&path);
    }

    #[test]
    fn sanitised_text_holds_no_control_characters(text in "\\PC{0,60}|[\u{0}-\u{1f}\u{7f}-\u{9f}\u{200e}\u{200f}\u{61c}\u{202a}-\u{202e}\u{2066}-\u{2069}a-z]{0,60}") {
        let safe = for_terminal(&text);
        prop_assert!(safe.chars().all(|c| !c.is_control() || c == '\n' || c == '\t'));
        let bidi = ['\u{202e}', '\u{202a}', '\u{200e}', '\u{200f}', '\u{61c}', '\u{2066}', '\u{2069}'];
        prop_assert!(!safe.contains(bidi), "bidi override left in {:?}", safe);
    }

    #[test]
    fn csv_cells_never_start_a_formula(text in "[=+\\-@\t\ra-z0-9]{0,10}") {
        let cell = csv_cell(&text);
        prop_assert!(!cell.starts_with(['=', '+', '-', '@', '\t', '\r']));
    }
}

#[test]
fn an_oversized_field_is_an_error() {
    let long = "x".repeat(MAX_FIELD_CHARS + 1);
    let text = format!(
        "[deck]\nid = \"d\"\ntitle = \"D\"\n[[cards]]\nid = \"a\"\nkind = \"text\"\nprompt = \"{long}\"\nanswer = \"y\"\n"
    );
    let loaded = parse(&text);
    assert!(loaded.deck.is_none());
    let error = loaded.diagnostics.iter().find(|d| d.is_error()).unwrap();
    assert_eq!(
        error.message,
        "`prompt` is 10001 characters long, over the limit of 10000"
    );
}

#[test]
fn too_many_cards_is_an_error() {
    let cards = vec!["{}"; MAX_CARDS + 1].join(",");
    let loaded = parse(&format!(
        "cards = [{cards}]\n[deck]\nid = \"d\"\ntitle = \"D\"\n"
    ));
    assert!(loaded.deck.is_none());
    assert_eq!(
        loaded.diagnostics[0].message,
        "the deck has 200001 cards, over the limit of 200000"
    );
}

#[test]
fn an_oversized_deck_file_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.toml");
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(kartka::deck::MAX_DECK_BYTES as u64 + 1)
        .unwrap();
    Command::cargo_bin("kartka")
        .unwrap()
        .arg("check")
        .arg(&path)
        .assert()
        .code(1)
        .stdout(predicates::str::contains(format!(
            "error: `{}` is larger than kartka reads (64 MB at most)",
            path.display()
        )));
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    for depth in [1_000, 100_000] {
        let text = format!(
            "[deck]\nid = \"d\"\ntitle = \"D\"\nx = {}{}\n",
            "[".repeat(depth),
            "]".repeat(depth)
        );
        assert!(parse(&text).deck.is_none());
        let inline = format!(
            "[deck]\nid = \"d\"\ntitle = \"D\"\nx = {}{}\n",
            "{a=".repeat(depth),
            "}".repeat(depth)
        );
        assert!(parse(&inline).deck.is_none());
    }
}

/// kartka with a config directory of its own and colour forced on, so that nothing on the way to the pipe
/// strips what a terminal would see.
fn kartka(home: &std::path::Path) -> Command {
    let mut cmd = Command::cargo_bin("kartka").unwrap();
    cmd.env("KARTKA_HOME", home)
        .env("KARTKA_NOW", "2026-11-22T09:30:00+03:00")
        .env_remove("NO_COLOR")
        .arg("--color=always");
    cmd
}

/// What a terminal would receive, asserted to hold no escape sequence but kartka's own colours (SGR), and no
/// raw C0, C1 or bidi control.
fn inert(bytes: &[u8]) -> String {
    let text = String::from_utf8(bytes.to_vec()).unwrap();
    let mut rest = text.as_str();
    let mut plain = String::new();
    while let Some(i) = rest.find("\u{1b}[") {
        plain.push_str(&rest[..i]);
        let params = rest[i + 2..].trim_start_matches(|c: char| c.is_ascii_digit() || c == ';');
        match params.strip_prefix('m') {
            Some(after) => rest = after,
            None => panic!("a foreign escape sequence in {text:?}"),
        }
    }
    plain.push_str(rest);
    let bidi = |c: char| matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
    let raw: Vec<char> = plain
        .chars()
        .filter(|&c| (c.is_control() && c != '\n' && c != '\t') || bidi(c))
        .collect();
    assert!(raw.is_empty(), "raw controls {raw:?} in {text:?}");
    text
}

/// Both streams of a finished command, each asserted inert.
fn streams(output: &std::process::Output) -> (String, String) {
    (inert(&output.stdout), inert(&output.stderr))
}

#[test]
fn bidi_marks_in_a_deck_file_are_shown_as_stand_ins_by_check() {
    let home = tempfile::tempdir().unwrap();
    let path = home.path().join("marks.toml");
    std::fs::write(
        &path,
        "[deck]\nid = \"d\"\ntitle = \"D\"\n[[cards]]\nid = \"a\"\nkind = \"numbr\" # x\u{200F}y\u{061C}z\u{200E}\u{202E}\nanswer = 1\n",
    )
    .unwrap();
    let output = kartka(home.path())
        .arg("check")
        .arg(&path)
        .output()
        .unwrap();
    let (stdout, _) = streams(&output);
    assert!(
        stdout.contains("# x\u{FFFD}y\u{BF}z\u{FFFD}\u{FFFD}"),
        "{stdout}"
    );
}

/// A number card whose unit clears the screen, writes the clipboard (OSC 52), links (OSC 8), rings the bell,
/// starts an 8-bit CSI and reverses the line.
const HOSTILE_UNIT: &str = r#"[deck]
id = "evil"
title = "Evil"

[[cards]]
id = "n"
kind = "number"
prompt = "How many?"
answer = 5
unit = "km\u001b[2J\u001b]52;c;aGk=\u0007\u001b]8;;http://x\u001b\\\u009b31m\u202e\u200f"
explain = "Count them."
"#;

/// The unit as kartka must show it: every control a visible stand-in.
const UNIT_SHOWN: &str = "km␛[2J␛]52;c;aGk=␇␛]8;;http://x␛\\\u{FFFD}31m\u{FFFD}\u{FFFD}";

fn hostile_unit_deck() -> (tempfile::TempDir, std::path::PathBuf) {
    let home = tempfile::tempdir().unwrap();
    let path = home.path().join("evil.toml");
    std::fs::write(&path, HOSTILE_UNIT).unwrap();
    (home, path)
}

#[test]
fn a_number_cards_unit_never_reaches_the_terminal_raw_when_studying() {
    let (home, path) = hostile_unit_deck();
    let output = kartka(home.path())
        .arg("study")
        .arg(&path)
        .write_stdin("4\n1\n")
        .output()
        .unwrap();
    let (stdout, _) = streams(&output);
    assert!(
        stdout.contains(&format!("[type a number (in {UNIT_SHOWN})]")),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!("The answer: 5 {UNIT_SHOWN}")),
        "{stdout}"
    );
}

#[test]
fn a_number_cards_unit_never_reaches_the_terminal_raw_in_a_quiz_or_show() {
    let (home, path) = hostile_unit_deck();
    let output = kartka(home.path())
        .arg("quiz")
        .arg(&path)
        .args(["--name", "Ann", "--feedback", "each", "--out"])
        .arg(home.path().join("r.json"))
        .write_stdin("4 m\n")
        .output()
        .unwrap();
    let (stdout, _) = streams(&output);
    assert!(
        stdout.contains(&format!("[type a number (in {UNIT_SHOWN})]")),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!("The answer: 5 {UNIT_SHOWN}")),
        "{stdout}"
    );
    let output = kartka(home.path()).arg("show").arg(&path).output().unwrap();
    let (stdout, _) = streams(&output);
    assert!(stdout.contains(&format!("5 {UNIT_SHOWN}")), "{stdout}");
}

/// On a terminal the unit is in the answer widget's help line. rexpect reads bytes as chars, so UTF-8 shows
/// byte by byte here: "␛" is e2 90 9b, a raw U+009B is c2 9b, a raw U+202E e2 80 ae.
#[cfg(unix)]
#[test]
fn a_number_cards_unit_never_reaches_the_terminal_raw_on_a_terminal() {
    let (home, path) = hostile_unit_deck();
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("kartka"));
    cmd.arg("study")
        .arg(&path)
        .env("KARTKA_HOME", home.path())
        .env("KARTKA_NOW", "2026-11-22T09:30:00+03:00")
        .env("TERM", "xterm-256color")
        .env("NO_COLOR", "1");
    let mut p = rexpect::session::spawn_command(cmd, Some(10_000)).unwrap();
    let before = p.exp_string("Your answer:").unwrap();
    p.send_line("4").unwrap();
    let after = p.exp_string("How well did you know it?").unwrap();
    p.send("\x1b").unwrap();
    p.flush().unwrap();
    let screen = before + &after + &p.exp_eof().unwrap();
    for payload in [
        "\u{1b}]52;",
        "\u{1b}]8;;",
        "\u{1b}[2J",
        "\u{7}",
        "\u{c2}\u{9b}",
        "\u{e2}\u{80}\u{ae}",
        "\u{e2}\u{80}\u{8f}",
    ] {
        assert!(
            !screen.contains(payload),
            "{payload:?} reached the terminal: {screen:?}"
        );
    }
    assert!(
        screen.contains("type a number (in km\u{e2}\u{90}\u{9b}[2J\u{e2}\u{90}\u{9b}]52;c;aGk="),
        "{screen:?}"
    );
}

#[test]
fn deck_file_names_never_reach_the_terminal_raw() {
    let home = tempfile::tempdir().unwrap();
    let decks = home.path().join("decks");
    std::fs::create_dir(&decks).unwrap();
    let card = "[[cards]]\nid = \"a\"\nkind = \"truefalse\"\nprompt = \"P?\"\nanswer = true\n";
    std::fs::write(
        decks.join("good\u{1b}[2J\u{9b}31m\u{202e}.toml"),
        format!("[deck]\nid = \"good\"\ntitle = \"G\"\n{card}"),
    )
    .unwrap();
    std::fs::write(
        decks.join("bad\u{1b}]0;owned\u{7}.toml"),
        format!("[deck]\nid = \"bad\"\ntitle = \"B\"\n{card}").replace("truefalse", "truefals"),
    )
    .unwrap();
    let output = kartka(home.path()).arg("check").output().unwrap();
    let (stdout, _) = streams(&output);
    assert!(stdout.contains("bad␛]0;owned␇.toml:6:8"), "{stdout}");
    assert!(
        stdout.contains("good␛[2J\u{FFFD}31m\u{FFFD}.toml"),
        "{stdout}"
    );
    let output = kartka(home.path()).arg("decks").output().unwrap();
    let (_, stderr) = streams(&output);
    assert!(
        stderr.contains("bad␛]0;owned␇.toml has 1 error and is left out"),
        "{stderr}"
    );
}

/// A results file whose every text field attacks whatever shows the report: the terminal, a spreadsheet,
/// a Markdown renderer, a browser.
fn hostile_results() -> tempfile::TempDir {
    let evil = "=HYPERLINK(\"http://x\",\"<script>alert(1)</script>[win](http://x) `x`\")\u{1b}]8;;\u{9b}31m\u{202e}\u{200f}";
    let results = serde_json::json!({
        "format_version": 1,
        "kartka_version": "0.1.0",
        "deck": { "id": "d", "title": evil, "version": 1, "hash": "h" },
        "student": evil,
        "started_at": "2026-11-22T09:00:00+03:00",
        "finished_at": "2026-11-22T09:05:00+03:00",
        "seed": "7b",
        "per_student": false,
        "shuffled": true,
        "time_limit": null,
        "ended": "completed",
        "questions": [{
            "item": evil,
            "kind": evil,
            "prompt": evil,
            "options": [],
            "tags": [evil],
            "answer": evil,
            "expected": "right",
            "correct": false,
            "score": 0.0,
            "seconds": 10.0,
        }, {
            // A choice: its option texts are shown in the response frequencies.
            "item": "q2",
            "kind": "choice",
            "prompt": "P?",
            "options": [evil, "Minsk"],
            "tags": [],
            "answer": "a",
            "expected": "Minsk",
            "correct": false,
            "score": 0.0,
            "seconds": 10.0,
        }],
        "score": 0.0,
        "max_score": 2.0,
    });
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("r.json"), results.to_string()).unwrap();
    dir
}

fn report(dir: &tempfile::TempDir, format: &str) -> String {
    report_table(dir, format, &[])
}

fn report_table(dir: &tempfile::TempDir, format: &str, table: &[&str]) -> String {
    let output = kartka(dir.path())
        .arg("report")
        .arg(dir.path())
        .args(["--format", format])
        .args(table)
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    streams(&output).0
}

#[test]
fn every_field_of_a_results_file_is_escaped_in_a_table_and_csv() {
    let dir = hostile_results();
    let table = report(&dir, "table");
    // The kind column in full: `cut` ends it with an ellipsis.
    assert!(table.contains("  =HYPERLINK(…  1  "), "{table}");
    assert!(
        table.contains("␛]8;;\u{FFFD}31m\u{FFFD}\u{FFFD}"),
        "{table}"
    );
    // Each CSV table, every field there and escaped (the deck title is in none).
    for (table, fields) in [
        ("students", 2),  // name, weakest tags
        ("questions", 3), // item, kind, prompt
        ("tags", 1),
        ("grid", 2),    // name, the item heading its column
        ("answers", 6), // name, item, prompt, answer; the name again and the option picked in q2
        ("statistics", 0),
        ("responses", 1), // q2's option (the first question, of no known kind, has no responses)
    ] {
        let output = kartka(dir.path())
            .arg("report")
            .arg(dir.path())
            .args(["--format", "csv", "--table", table])
            .output()
            .unwrap();
        assert!(output.status.success(), "{output:?}");
        let csv = streams(&output).0;
        let mut cells = 0;
        for record in ::csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(csv.as_bytes())
            .records()
        {
            for cell in &record.unwrap() {
                assert!(!cell.starts_with(['=', '+', '-', '@']), "{cell:?} in {csv}");
                cells += usize::from(cell.starts_with("'=HYPERLINK"));
            }
        }
        assert_eq!(cells, fields, "{table}: {csv}");
    }
    // The response frequencies and the test statistics in the terminal: the option's text cut to one line.
    let responses = report_table(&dir, "table", &["--table", "responses"]);
    assert!(
        responses.contains(
            "     =HYPERLINK(\"http://x\",\"<script>alert(1)</script>[win](http:…  1  100%\n"
        ),
        "{responses}"
    );
    // Whole, in the title: its controls as stand-ins.
    assert!(responses.contains("␛]8;;"), "{responses}");
    assert!(
        !responses.contains(['\u{1b}', '\u{9b}', '\u{202e}', '\u{200f}']),
        "{responses}"
    );
    let statistics = report_table(&dir, "table", &["--table", "statistics"]);
    assert!(!statistics.contains('\u{1b}'), "{statistics}");
}

#[test]
fn every_field_of_a_results_file_is_escaped_in_markdown_and_html() {
    let dir = hostile_results();
    let md = report(&dir, "markdown");
    assert!(!md.contains("<script") && !md.contains("[win]"), "{md}");
    assert!(!md.contains(" `x` "), "{md}");
    assert!(
        md.contains("&lt;script&gt;alert(1)&lt;/script&gt;\\[win\\](http://x) \\`x\\`"),
        "{md}"
    );
    let html = report(&dir, "html");
    assert!(!html.contains("<script"), "{html}");
    assert!(html.contains("&lt;script&gt;"), "{html}");
    // The option texts in the response frequencies: each format's own escaping.
    let md = report_table(&dir, "markdown", &["--table", "responses"]);
    assert!(
        md.contains("|  | =HYPERLINK(\"http://x\",\"&lt;script&gt;alert(1)&lt;/script&gt;\\[win\\](http://x) \\`x\\`\")"),
        "{md}"
    );
    assert!(!md.contains("<script") && !md.contains("[win]"), "{md}");
    let html = report_table(&dir, "html", &["--table", "responses"]);
    assert!(
        html.contains("<td>=HYPERLINK(&quot;http://x&quot;,&quot;&lt;script&gt;alert(1)&lt;/script&gt;[win](http://x) `x`&quot;)"),
        "{html}"
    );
    assert!(!html.contains("<script"), "{html}");
}

#[test]
fn json_output_escapes_c1_and_bidi_controls_and_reads_back() {
    let home = tempfile::tempdir().unwrap();
    let decks = home.path().join("decks");
    std::fs::create_dir(&decks).unwrap();
    let evil = "E\u{9b}31m\u{202e}\u{200f}";
    std::fs::write(
        decks.join(format!("{evil}.toml")),
        format!(
            "[deck]\nid = \"d\"\ntitle = \"{evil}\"\n[[cards]]\nid = \"a\"\nkind = \"truefalse\"\nprompt = \"P?\"\nanswer = true\ntags = [\"{evil}\"]\n"
        ),
    )
    .unwrap();
    let output = kartka(home.path())
        .args(["decks", "--json"])
        .output()
        .unwrap();
    let (stdout, _) = streams(&output);
    assert!(stdout.contains("E\\u009B31m\\u202E\\u200F"), "{stdout}");
    let listing: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let deck = listing
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == "d")
        .unwrap();
    assert_eq!(deck["title"], evil);
    assert!(
        deck["path"]
            .as_str()
            .unwrap()
            .ends_with(&format!("{evil}.toml"))
    );

    let output = kartka(home.path())
        .args(["stats", "d", "--json"])
        .output()
        .unwrap();
    let (stdout, _) = streams(&output);
    assert!(stdout.contains("\"E\\u009B31m\\u202E\\u200F\""), "{stdout}");
    serde_json::from_str::<serde_json::Value>(&stdout).unwrap();

    let dir = hostile_results();
    let json = report(&dir, "json");
    let report: serde_json::Value = serde_json::from_str(&json).unwrap();
    let kind = report["groups"][0]["questions"][0]["kind"]
        .as_str()
        .unwrap();
    assert!(
        kind.ends_with("\u{1b}]8;;\u{9b}31m\u{202e}\u{200f}"),
        "{kind:?}"
    );
}

#[test]
fn imported_toml_escapes_c1_and_bidi_controls_and_reads_back() {
    let home = tempfile::tempdir().unwrap();
    let path = home.path().join("cards.csv");
    let prompt = "It's \"x\" \u{9b}31m\u{202e}\u{200f}?";
    std::fs::write(
        &path,
        format!("prompt,answer\n\"{}\",yes\n", prompt.replace('"', "\"\"")),
    )
    .unwrap();
    let output = kartka(home.path())
        .arg("import")
        .arg(&path)
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let (toml, _) = streams(&output);
    assert!(toml.contains("\\u009B31m\\u202E\\u200F?"), "{toml}");
    let deck = parse(&toml).deck.unwrap();
    assert_eq!(deck.cards[0].prompt.as_deref(), Some(prompt));
}
