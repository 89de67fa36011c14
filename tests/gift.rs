//! GIFT read as Moodle reads it (question/format/gift/format.php): one fixture per rule family under
//! tests/fixtures/gift/, each question commented with the rule it exercises; and decks written as GIFT
//! that read back whole, with weights Moodle accepts.

#[allow(dead_code)]
mod support;

use kartka::interop::gift;
use kartka::interop::question::{Answer, Bank, Kind};
use proptest::prelude::*;
use support::bank::{answer, named, number, warning};

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/tests/fixtures/gift/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

fn read(name: &str) -> Bank {
    gift::read(&fixture(name))
}

fn short(answers: Vec<Answer>) -> Kind {
    Kind::Short {
        answers,
        case_sensitive: false,
    }
}

#[test]
fn true_false_only_in_capitals_with_a_feedback_for_each_answer() {
    let bank = read("kinds.gift");
    let tf = named(&bank, "tf-short");
    assert_eq!(tf.line, Some(4));
    assert_eq!(
        tf.text,
        "The Hi-Tech Park was launched by a presidential decree in 2005."
    );
    assert_eq!(
        tf.kind,
        Kind::TrueFalse {
            answer: true,
            feedback_true: None,
            feedback_false: None
        }
    );
    // `{FALSE#wrong#right}`: the first feedback is shown for the wrong answer, true.
    assert_eq!(
        named(&bank, "tf-feedback").kind,
        Kind::TrueFalse {
            answer: false,
            feedback_true: Some("No: the later ES EVM was.".into()),
            feedback_false: Some("Right: the Minsk series was original.".into()),
        }
    );
    assert_eq!(
        named(&bank, "tf-lower").kind,
        short(vec![answer("true", 1.0, None)])
    );
}

#[test]
fn multiple_choice_is_single_whenever_an_answer_is_marked_equals() {
    let bank = read("kinds.gift");
    assert_eq!(
        named(&bank, "choice-one").kind,
        Kind::Choice {
            options: vec![
                answer("Dainova", 1.0, Some("Founded in 1991.")),
                answer("Belhard", 0.0, Some("Belhard came in 1994.")),
                answer("Belsoft", 0.0, None),
            ],
            single: true,
        }
    );
    assert_eq!(
        named(&bank, "choice-two-right").kind,
        Kind::Choice {
            options: vec![
                answer("Minsk", 1.0, None),
                answer("Hrodna", 1.0, None),
                answer("Vilnius", 0.0, None),
            ],
            single: true,
        }
    );
    assert_eq!(
        named(&bank, "choice-partial").kind,
        Kind::Choice {
            options: vec![
                answer("Brest", 0.0, None),
                answer("Hrodna", 0.25, None),
                answer("Vitebsk", 0.5, None),
                answer("Minsk", 1.0, None),
            ],
            single: true,
        }
    );
    let multi = named(&bank, "choice-multi");
    assert_eq!(
        multi.kind,
        Kind::Choice {
            options: vec![
                answer("Exemption from income tax and VAT", 0.5, None),
                // `\%` is not one of GIFT's escapes: Moodle keeps the backslash.
                answer(r"A 9\% personal income tax rate", 0.5, None),
                answer("Free offices in Minsk", -1.0, Some("No such thing.")),
            ],
            single: false,
        }
    );
    assert_eq!(
        multi.general_feedback.as_deref(),
        Some("The privileges applied anywhere in the country.")
    );
}

#[test]
fn short_answers_matching_and_missing_words() {
    let bank = read("kinds.gift");
    assert_eq!(
        named(&bank, "short").kind,
        short(vec![
            answer("Valery Tsepkalo", 1.0, Some("Yes.")),
            answer("Tsepkalo", 1.0, None),
            answer("Valery", 0.5, Some("Only his first name.")),
        ])
    );
    assert_eq!(
        named(&bank, "match").kind,
        Kind::Matching {
            pairs: vec![
                ("Tieto".into(), "Finland".into()),
                ("SAP".into(), "Germany".into()),
                ("Ericpol".into(), "Poland".into()),
            ],
            distractors: vec![],
        }
    );
    let missing = named(&bank, "missing");
    assert_eq!(
        missing.text,
        "The HTP was created by a presidential _____ in 2005."
    );
    assert!(
        matches!(&missing.kind, Kind::Choice { options, single: true } if options[1].text == "decree" && options[1].credit == 1.0)
    );
}

#[test]
fn essays_and_descriptions_are_skipped_with_their_line() {
    let bank = read("kinds.gift");
    assert_eq!(bank.questions.len(), 10);
    assert_eq!(
        bank.warnings,
        [
            warning(47, "an essay question (`{}`) has no kartka kind; skipped"),
            warning(
                50,
                "a description (text with no answers) has no kartka kind; skipped"
            ),
        ]
    );
}

#[test]
fn numerical_answers_in_every_form_moodle_reads() {
    let bank = read("numerical.gift");
    let kind = |name: &str| match &named(&bank, name).kind {
        Kind::Numerical { answers, units } => {
            assert!(units.is_empty());
            answers.clone()
        }
        other => panic!("{name}: {other:?}"),
    };
    assert_eq!(kind("exact"), [number(2005.0, 0.0, 1.0, None)]);
    assert_eq!(kind("tolerance"), [number(1.8, 0.1, 1.0, None)]);
    assert_eq!(
        named(&bank, "tolerance").general_feedback.as_deref(),
        Some("A record $3.2 billion came in 2023.")
    );
    assert_eq!(kind("range"), [number(4.5, 0.5, 1.0, None)]);
    assert_eq!(
        kind("graded"),
        [
            number(2001.0, 0.0, 1.0, Some("Right.")),
            number(2001.0, 1.0, 0.5, Some("Close.")),
        ]
    );
    // Moodle's `~#feedback`: an answer with no credit that any other number matches.
    assert_eq!(
        kind("other"),
        [
            number(3.0, 2.0, 1.0, None),
            number(0.0, f64::INFINITY, 0.0, Some("Completely wrong")),
        ]
    );
    assert_eq!(
        kind("not-a-number"),
        [number(0.0, f64::INFINITY, 1.0, None)]
    );
    assert_eq!(
        named(&bank, "not-a-number").notes,
        ["`about 400` is not a number: Moodle accepts any number for it"]
    );
    assert_eq!(
        bank.warnings,
        [
            warning(
                25,
                "the tolerance in `400:some` is not a number, which Moodle refuses; skipped"
            ),
            warning(28, "a numerical question needs an answer; skipped"),
        ]
    );
}

#[test]
fn only_moodles_escapes_are_undone_and_only_once() {
    let bank = read("escapes.gift");
    assert_eq!(
        named(&bank, "path").kind,
        short(vec![answer(r"C:\Program Files", 1.0, None)])
    );
    assert_eq!(
        named(&bank, "double").kind,
        short(vec![answer(r"a \ b", 1.0, None)])
    );
    assert_eq!(
        named(&bank, "latex").text,
        r"Solve \(x^2 = 4\) for positive x."
    );
    let specials = named(&bank, "specials");
    assert_eq!(specials.text, "Which is GIFT's answer block?\nPick one.");
    assert_eq!(
        specials.kind,
        Kind::Choice {
            options: vec![
                answer("{ }", 1.0, Some("Braces: { and }.")),
                answer("#", 0.0, None),
                answer("~", 0.0, None),
                answer("=", 0.0, None),
            ],
            single: true,
        }
    );
    assert_eq!(named(&bank, "HTP: names").text, "What does HTP stand for?");
    assert!(bank.warnings.is_empty(), "{:?}", bank.warnings);
}

#[test]
fn text_formats_on_questions_answers_and_feedback() {
    let bank = read("formats.gift");
    let html = named(&bank, "html");
    assert_eq!(html.text, "Which firm is Belarusian?");
    assert_eq!(
        html.general_feedback.as_deref(),
        Some("EPAM was founded in Minsk.")
    );
    assert_eq!(
        html.kind,
        Kind::Choice {
            options: vec![
                answer("EPAM & partners", 1.0, Some("Because x & y.")),
                answer("SAP", 0.0, Some("<i> is literal here")),
            ],
            single: true,
        }
    );
    assert_eq!(
        named(&bank, "mixed").kind,
        Kind::Matching {
            pairs: vec![
                ("bold".into(), "HTML".into()),
                ("plain words".into(), "Moodle".into()),
                ("<kept>".into(), "Plain".into()),
                ("**strong**".into(), "Markdown".into()),
            ],
            distractors: vec![],
        }
    );
    assert_eq!(
        named(&bank, "tf-html").kind,
        Kind::TrueFalse {
            answer: true,
            feedback_true: Some("Right.".into()),
            feedback_false: Some("Wrong.".into()),
        }
    );
    assert_eq!(
        named(&bank, "short-marker").kind,
        short(vec![
            answer("Hi-Tech Park", 1.0, None),
            answer("HTP", 1.0, None)
        ])
    );
    assert_eq!(named(&bank, "unknown").text, "[note] Which year?");
}

/// A question's line, name, text and tags.
type Seen<'a> = (Option<usize>, Option<&'a str>, &'a str, &'a [String]);

#[test]
fn comments_names_categories_and_blank_lines() {
    let bank = read("structure.gift");
    let texts: Vec<Seen> = bank
        .questions
        .iter()
        .map(|q| {
            (
                q.line,
                q.name.as_deref(),
                q.text.as_str(),
                q.tags.as_slice(),
            )
        })
        .collect();
    let tagged = named(&bank, "tagged");
    assert_eq!(tagged.tags, ["companies-firms", "belarus-it", "dates"]);
    assert_eq!(tagged.guid.as_deref(), Some("htp]-2005"));
    let history = ["htp-history".to_string()];
    let firms = ["companies-firms".to_string()];
    assert_eq!(
        texts,
        [
            (
                Some(7),
                None,
                "Which year was the HTP launched?",
                &history[..]
            ),
            (
                Some(10),
                Some("multiline"),
                "Which was the first recognised\nprivate tech company?",
                &history[..]
            ),
            (
                Some(17),
                Some("no-blank"),
                "This question follows without a blank line.",
                &history[..]
            ),
            (
                Some(21),
                Some("in-firms"),
                "EPAM was founded in Minsk.",
                &firms[..]
            ),
            (
                Some(24),
                None,
                "The HTP has residents outside Minsk.",
                &firms[..]
            ),
            (
                Some(28),
                Some("tagged"),
                "The HTP was launched in 2005.",
                &tagged.tags[..]
            ),
        ]
    );
    assert_eq!(
        bank.warnings,
        [warning(
            17,
            "no blank line before this question: Moodle reads it as part of the question above; \
             read here as a question of its own"
        )]
    );
}

#[test]
fn a_teachers_bank_reads_every_good_question_and_warns_once_per_broken_one() {
    let bank = read("teacher-bank.gift");
    let names: Vec<&str> = bank
        .questions
        .iter()
        .filter_map(|q| q.name.as_deref())
        .collect();
    assert_eq!(names, ["q1", "q2", "q3", "q5", "q7", "q10"]);
    assert!(bank.questions.iter().all(|q| q.tags == ["htp"]));
    assert_eq!(
        bank.warnings,
        [
            warning(
                17,
                "its answers open with `{` but never close with `}`; skipped"
            ),
            warning(
                22,
                "no answer is right: mark one with `=` or give it a positive `%weight%` (Moodle \
                 refuses it); skipped"
            ),
            warning(
                31,
                "`2005` has no `->`: every answer of a matching question is a pair; skipped"
            ),
            warning(
                34,
                "its answers' positive weights add up to 80%, not 100%, which Moodle refuses; skipped"
            ),
        ]
    );
    // `{~a~=b~}`: Moodle drops the empty answers that `~=` and a trailing `~` make, and imports the rest.
    let q2 = named(&bank, "q2");
    assert_eq!(
        q2.kind,
        Kind::Choice {
            options: vec![
                answer("a minister", 0.0, None),
                answer("the president", 1.0, None)
            ],
            single: true,
        }
    );
    assert_eq!(
        q2.notes,
        ["an empty answer is left out, as Moodle leaves it out"; 2]
    );
    // `= -> operating system`: a right-hand side that matches nothing.
    assert_eq!(
        named(&bank, "q7").kind,
        Kind::Matching {
            pairs: vec![
                ("Wargaming".into(), "World of Tanks".into()),
                ("Viber".into(), "messenger".into()),
            ],
            distractors: vec!["operating system".into()],
        }
    );
}

#[test]
fn weights_moodle_does_not_read_are_text_or_refused() {
    let bank = gift::read(
        "::a:: Pick.{=%50%Minsk ~Brest}\n\n::b:: Pick.{~%5 %Minsk =Brest}\n\n\
         ::c:: Pick.{~%150%Minsk =Brest}\n\n::d:: Pick.{~%--50%Minsk =Brest}\n",
    );
    let a = named(&bank, "a");
    assert!(
        matches!(&a.kind, Kind::Choice { options, .. } if options[0] == answer("%50%Minsk", 1.0, None))
    );
    assert_eq!(
        a.notes,
        [
            "an answer marked `=` earns full credit whatever its `%weight%` says (Moodle reads weights \
             only after `~`); the weight stays in its text"
        ]
    );
    let b = named(&bank, "b");
    assert!(
        matches!(&b.kind, Kind::Choice { options, .. } if options[0] == answer("%5 %Minsk", 0.0, None))
    );
    assert_eq!(
        bank.warnings,
        [
            warning(
                5,
                "the weight `%150%` is outside -100%..100%, which Moodle refuses; skipped"
            ),
            warning(
                7,
                "the weight `%--50%` has more than one minus sign, which stops Moodle's importer; skipped"
            ),
        ]
    );
}

#[test]
fn old_mac_line_endings_and_a_byte_order_mark() {
    let bank = gift::read("\u{feff}// comment\r::a:: First?{T}\r\r::b:: Second?{F}\r");
    let lines: Vec<Option<usize>> = bank.questions.iter().map(|q| q.line).collect();
    assert_eq!(lines, [Some(2), Some(4)]);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]
    /// Any text made of GIFT's special characters and words is read without a panic, and every question
    /// read or skipped names a line of the text.
    #[test]
    fn any_gift_like_text_is_read_without_panicking(
        parts in prop::collection::vec(
            prop::sample::select(vec![
                "{", "}", "~", "=", "#", "####", "::", "->", "%", "%50%", "%-100%", "\\", "\\\\", "\\:",
                "\\n", "\n", "\n\n", "//", "$CATEGORY:", "[html]", "[plain]", "<b>", "&amp;", "..",
                ":", "T", "TRUE", "false", "1.5", "-3", "x", " ", "\u{FDD3}", "é", "\r",
            ]),
            0..40,
        )
    ) {
        let text: String = parts.concat();
        let bank = gift::read(&text);
        // Moodle splits a file with carriage returns and no newlines on the carriage returns.
        let lines = if text.contains('\r') && !text.contains('\n') {
            text.split('\r').count()
        } else {
            text.lines().count()
        };
        for q in &bank.questions {
            prop_assert!(q.line.is_some_and(|l| l >= 1 && l <= lines));
        }
        for w in &bank.warnings {
            prop_assert!(w.line.is_some_and(|l| l >= 1 && l <= lines));
        }
    }
}

fn deck(path: &str) -> kartka::deck::Deck {
    let text = std::fs::read_to_string(format!("{}/{path}", env!("CARGO_MANIFEST_DIR"))).unwrap();
    kartka::deck::parse(&text)
        .deck
        .unwrap_or_else(|| panic!("{path} does not load"))
}

/// Every credit a question carries, as Moodle would store it.
fn credits(kind: &Kind) -> Vec<f64> {
    match kind {
        Kind::Choice { options, .. } => options.iter().map(|o| o.credit).collect(),
        Kind::Short { answers, .. } => answers.iter().map(|a| a.credit).collect(),
        Kind::Numerical { answers, .. } => answers.iter().map(|a| a.credit).collect(),
        _ => Vec::new(),
    }
}

/// The shipped decks and the every-kind deck, exported, read back as Moodle would read them: not one
/// question refused or changed on the way, every weight one Moodle accepts, each several-answer question's
/// right options adding up to full credit.
#[test]
fn exports_read_back_whole_with_weights_moodle_accepts() {
    let mut paths: Vec<String> = std::fs::read_dir(format!("{}/decks", env!("CARGO_MANIFEST_DIR")))
        .unwrap()
        .map(|e| format!("decks/{}", e.unwrap().file_name().to_string_lossy()))
        .filter(|p| p.ends_with(".toml"))
        .collect();
    paths.sort();
    paths.push("tests/fixtures/every-kind.toml".into());
    for path in paths {
        let deck = deck(&path);
        let (text, _) = gift::export(&deck);
        let bank = gift::read(&text);
        assert!(
            bank.warnings.is_empty(),
            "{path}: {:?}\n{text}",
            bank.warnings
        );
        let exported = deck
            .cards
            .iter()
            .filter(|c| !matches!(c.body, kartka::deck::Body::Order { .. }))
            .count();
        assert!(bank.questions.len() >= exported, "{path}");
        for q in &bank.questions {
            assert!(q.notes.is_empty(), "{path}: {q:?}");
            for credit in credits(&q.kind) {
                assert!(
                    kartka::interop::moodle_grades::accepted(credit),
                    "{path}: {credit} in {q:?}"
                );
            }
            if let Kind::Choice {
                options,
                single: false,
            } = &q.kind
            {
                let total: f64 = options.iter().map(|o| o.credit.max(0.0)).sum();
                assert!((total - 1.0).abs() < 0.005, "{path}: {q:?}");
            }
        }
    }
}

/// The every-kind deck's questions come back with their texts, answers and feedback as written.
#[test]
fn every_kind_exported_reads_back_as_written() {
    let deck = deck("tests/fixtures/every-kind.toml");
    let (text, warnings) = gift::export(&deck);
    let bank = gift::read(&text);
    let q = |name: &str| named(&bank, name);
    assert_eq!(
        q("text-every-option").kind,
        short(vec![
            answer(r"C:\Decrees\12", 1.0, None),
            answer("C:/Decrees/12", 1.0, None),
            answer("Decree {No. 12} = #12 ~ final", 1.0, None),
        ])
    );
    assert_eq!(
        q("text-every-option").text,
        r"Write the path where the 2005 decree was filed: C:\Decrees\12 (with its backslashes)"
    );
    // A literal star is written `\*`, which Moodle's short answer matches as a star, not a wildcard; a
    // leading `%…%` is text, not a weight.
    assert_eq!(
        q("text-star").kind,
        short(vec![
            answer(r"\*", 1.0, None),
            answer("%100% star", 1.0, None)
        ])
    );
    assert_eq!(
        q("choice-percent").kind,
        Kind::Choice {
            options: vec![
                answer("%50%", 1.0, None),
                answer("%0.5%", 0.0, None),
                answer("half", 0.0, None),
            ],
            single: true,
        }
    );
    let markup = q("choice-markup");
    assert_eq!(markup.text, "Which tag breaks a line in HTML: <br> or <p>?");
    assert_eq!(
        markup.general_feedback.as_deref(),
        Some("<p> starts a paragraph; &amp; is an entity.")
    );
    assert_eq!(
        markup.kind,
        Kind::Choice {
            options: vec![
                answer("<br>", 1.0, None),
                answer("<p>", 0.0, None),
                answer("[html]", 0.0, None),
                answer("&amp;", 0.0, None),
            ],
            single: true,
        }
    );
    assert_eq!(
        q("multi-two-of-four").kind,
        Kind::Choice {
            options: vec![
                answer("No income tax or VAT", 0.5, None),
                answer("9% personal income tax", 0.5, None),
                answer("Free offices", -0.5, None),
                answer("State salaries", -0.5, None),
            ],
            single: false,
        }
    );
    // One right of twelve: each of eleven wrong options costs 10%, not 9.09091%, which Moodle refuses.
    assert!(matches!(
        &q("multi-one-of-eleven").kind,
        Kind::Choice { options, single: false }
            if options.iter().filter(|o| o.credit == -0.1).count() == 11
    ));
    assert!(warnings.contains(
        &"multi-one-of-eleven: each wrong option costs 10% in Moodle rather than 9.09091%, the nearest \
          grade Moodle has"
            .to_string()
    ));
    assert_eq!(
        q("number-percent-unit").kind,
        Kind::Numerical {
            answers: vec![number(-400.0, 20.0, 1.0, None)],
            units: vec![],
        }
    );
    // Two blanks numbered c2: the first is the question's blank, the second is shown as _____.
    assert_eq!(
        q("cloze-every-option-c2").text,
        "A presidential decree launched the _____ in 2005; the _____ is in Minsk."
    );
    assert_eq!(
        q("cloze-every-option-c2").kind,
        short(vec![
            answer("High Technologies Park", 1.0, None),
            answer("Hi-Tech Park", 1.0, None),
            answer("HTP", 1.0, None),
        ])
    );
    assert_eq!(
        q("match-three").kind,
        Kind::Matching {
            pairs: vec![
                ("Tieto".into(), "Finland".into()),
                ("SAP".into(), "Germany".into()),
                ("Ericpol".into(), "Poland".into()),
            ],
            distractors: vec![],
        }
    );
    assert_eq!(q("match-three").tags, ["companies"]);
    // Every tag comes back, not only the first, which is also the category.
    assert_eq!(q("text-every-option").tags, ["htp", "escapes"]);
    assert_eq!(q("text-plain").tags, ["htp"]);
    // An untagged card sits in the deck's own category, which names it: the mapping drops a tag that
    // is the deck's id, as the first importer did.
    assert_eq!(q("flash-plain").tags, ["every-kind"]);
}

/// Every field a GIFT question cannot hold is named in a warning.
#[test]
fn every_field_left_out_of_a_gift_export_is_warned_of() {
    let (_, warnings) = gift::export(&deck("tests/fixtures/every-kind.toml"));
    for expected in [
        "every-kind: the deck's description, language, authors, version, tags and sources are left \
         out: GIFT has no place for them",
        "flash-reverse: its source is left out: GIFT has no place for it",
        "flash-reverse: only the front-to-back side is exported",
        "text-every-option: `case_sensitive` is left out: GIFT's short answers ignore case",
        "text-every-option: `accent_sensitive` is left out: GIFT has no such setting",
        "text-every-option: `typos` is left out: Moodle accepts no typos in a short answer",
        "cloze-every-option: its prompt is left out: a GIFT missing-word question is its text",
        "cloze-every-option: GIFT has no hints; they are left out",
        "cloze-every-option: GIFT has one blank per question; the other blanks numbered c2 are shown as _____",
        "number-percent-unit: GIFT has no units; `residents` is added to the question",
        "order: GIFT has no ordering question; skipped",
        "match-two: Moodle wants at least three pairs in a matching question",
    ] {
        assert!(
            warnings.contains(&expected.to_string()),
            "{expected}\n{warnings:#?}"
        );
    }
}

/// Text for the round trip below: GIFT's special characters, markup, format markers, newlines, with no
/// space at either end (Moodle trims every text).
fn gift_text() -> impl Strategy<Value = String> {
    let start = prop::sample::select(vec![
        "",
        "",
        "[html]",
        "[plain]",
        "[moodle]",
        "[markdown]",
        "%50%",
        "%-100%",
        "<b>",
        "&amp;",
        "\\",
        "#",
        "::",
        "//",
        "T",
    ]);
    (start, "[a-zA-Z0-9 :#={}~\\\\<>&%\\[\\]\n-]{1,16}")
        .prop_map(|(start, body)| format!("{start}{body}"))
        .prop_filter("trimmed", |s| {
            s.trim() == s && !s.contains("->") && !s.contains("  ")
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]
    /// Whatever characters a card holds, its GIFT export reads back as the same texts.
    #[test]
    fn any_text_survives_gift_as_moodle_reads_it(
        prompt in gift_text(),
        right in gift_text(),
        wrong in gift_text(),
    ) {
        prop_assume!(right != wrong);
        let quote = kartka::interop::write::quote;
        let toml = format!(
            "[deck]\nid = \"d\"\ntitle = \"D\"\n\n[[cards]]\nid = \"t\"\nkind = \"text\"\nprompt = {}\n\
             answer = {}\n\n[[cards]]\nid = \"c\"\nkind = \"choice\"\nprompt = {}\noptions = [{}, {}]\n\
             answer = {}\n",
            quote(&prompt), quote(&right), quote(&prompt), quote(&right), quote(&wrong), quote(&right)
        );
        let deck = kartka::deck::parse(&toml).deck;
        prop_assume!(deck.is_some());
        let deck = deck.unwrap();
        let (text, _) = gift::export(&deck);
        let bank = gift::read(&text);
        prop_assert!(bank.warnings.is_empty(), "{:?}\n{}", bank.warnings, text);
        let t = named(&bank, "t");
        prop_assert_eq!(&t.text, &prompt, "{}", text);
        prop_assert_eq!(&t.kind, &short(vec![answer(&right, 1.0, None)]), "{}", text);
        let c = named(&bank, "c");
        prop_assert_eq!(&c.text, &prompt, "{}", text);
        prop_assert_eq!(
            &c.kind,
            &Kind::Choice {
                options: vec![answer(&right, 1.0, None), answer(&wrong, 0.0, None)],
                single: true,
            },
            "{}",
            text
        );
    }
}

/// An answer holding `->` would turn a short answer into a matching question in Moodle, and no escape
/// prevents it: the card is left out with a warning rather than changed.
#[test]
fn an_answer_with_an_arrow_is_left_out_not_turned_into_matching() {
    let deck = kartka::deck::parse(
        "[deck]\nid = \"d\"\ntitle = \"D\"\n\n[[cards]]\nid = \"flow\"\nkind = \"text\"\n\
         prompt = \"How does data flow in a pipe?\"\nanswer = \"left -> right\"\n",
    )
    .deck
    .unwrap();
    let (text, warnings) = gift::export(&deck);
    assert_eq!(
        warnings,
        [
            "flow: `left -> right` holds `->`, which makes Moodle read it as a matching question; skipped"
        ]
    );
    assert!(gift::read(&text).questions.is_empty(), "{text}");
}
