use super::*;

fn messages(source: &str) -> Vec<String> {
    parse(source)
        .diagnostics
        .iter()
        .map(|d| d.message.clone())
        .collect()
}

#[test]
fn a_full_quiz_file_reads_every_setting() {
    let parsed = parse(
        "[quiz]\nid = \"htp-1\"\ntitle = \"HTP\"\ndeck = [\"belarus-htp\"]\ncount = 10\n\
         draw = { dates = 3, people = 2 }\nseed = \"7b\"\nper_student = true\ntime_limit = \"15m\"\n\
         attempts = 2\ngrading = \"mean\"\nreview = \"marks\"\nfeedback = \"each\"\nshuffle = false\n\
         results = \"class\"\n",
    );
    assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
    let q = parsed.quiz.unwrap();
    assert_eq!(
        (q.id.as_str(), q.title.as_str(), q.deck.as_str()),
        ("htp-1", "HTP", "belarus-htp")
    );
    assert_eq!(q.count, Some(10));
    assert_eq!(
        q.draw,
        [("dates".to_string(), 3), ("people".to_string(), 2)]
    );
    assert_eq!(q.seed.as_deref(), Some("7b"));
    assert!(q.per_student && !q.shuffle);
    assert_eq!(q.time_limit, Some(Duration::minutes(15)));
    assert_eq!(
        (q.attempts, q.grading, q.review, q.feedback),
        (2, Grading::Mean, Review::Marks, Feedback::Each)
    );
    assert_eq!(q.results.as_deref(), Some("class"));
}

#[test]
fn defaults_are_moodles_but_only_the_score_is_shown() {
    let q = parse("[quiz]\nid = \"q\"\ntitle = \"Q\"\ndeck = \"example\"\n")
        .quiz
        .unwrap();
    assert_eq!((q.count, q.seed, q.time_limit), (None, None, None));
    assert_eq!(
        (q.attempts, q.grading, q.review, q.feedback),
        (0, Grading::Best, Review::Score, Feedback::End)
    );
    assert!(q.shuffle && !q.per_student && q.draw.is_empty());
}

#[test]
fn every_mistake_is_reported_at_once() {
    let found = messages(
        "[quiz]\nid = \"Q 1\"\ndeck = [\"a\", \"b\"]\ncount = \"5\"\ndraw = { dates = 0 }\n\
         attempts = -1\ngrading = \"highest\"\nreview = \"score\"\nfeedback = \"each\"\n\
         time_limit = \"soon\"\nshufle = true\n[extra]\n",
    );
    assert_eq!(
        found,
        [
            "unknown key `extra` at the top of a quiz file",
            "unknown key `shufle` in `[quiz]`",
            "quiz id `Q 1` is not a slug",
            "the quiz has no `title`",
            "a quiz draws from one deck",
            "`count` must be a whole number, not a string",
            "`draw.dates` must be 1 or more",
            "`time_limit` `soon` is not a duration",
            "`attempts` must be 0 or more",
            "unknown grading `highest`",
            "`feedback = \"each\"` shows every answer, but `review = \"score\"` hides them",
        ]
    );
}

#[test]
fn per_tag_counts_cannot_exceed_the_count() {
    assert_eq!(
        messages(
            "[quiz]\nid = \"q\"\ntitle = \"Q\"\ndeck = \"d\"\ncount = 3\ndraw = { a = 2, b = 2 }\n"
        ),
        ["`draw` asks for 4 questions by tag, more than `count` (3)"]
    );
}

#[test]
fn a_file_is_a_quiz_by_its_name_or_its_first_table() {
    assert!(is_quiz_file("x/htp.quiz.toml", None));
    assert!(is_quiz_file(
        "htp.toml",
        Some("# a quiz\n[quiz]\nid = \"q\"\n")
    ));
    assert!(!is_quiz_file(
        "htp.toml",
        Some("[deck]\nid = \"d\"\n[quiz]\n")
    ));
    assert!(!is_quiz_file("htp.toml", None));
}

#[test]
fn the_quiz_is_checked_against_its_deck() {
    let deck = crate::deck::parse(include_str!("../../../decks/example.toml"))
        .deck
        .unwrap();
    let q = parse(
        "[quiz]\nid = \"q\"\ntitle = \"Q\"\ndeck = \"example\"\ncount = 20\ndraw = { datse = 1, htp = 9 }\n",
    );
    let found: Vec<String> = check_against(&q.wanted, &deck)
        .into_iter()
        .map(|d| d.message)
        .collect();
    assert_eq!(
        found,
        [
            "no question in deck `example` has the tag `datse`",
            "`draw` asks for 9 questions tagged `htp`, but deck `example` has 5",
            "`count` is 20, but deck `example` has 8 questions (flash cards are not used in quizzes)",
        ]
    );
}

#[test]
fn per_student_without_a_seed_is_a_warning() {
    let parsed = parse("[quiz]\nid = \"q\"\ntitle = \"Q\"\ndeck = \"d\"\nper_student = true\n");
    assert!(parsed.quiz.is_some());
    assert_eq!(
        parsed
            .diagnostics
            .iter()
            .map(|d| (d.severity, d.message.as_str()))
            .collect::<Vec<_>>(),
        [(
            crate::deck::Severity::Warning,
            "`per_student` has no effect without a `seed`"
        )]
    );
}

#[test]
fn feedback_each_contradicts_the_default_review_too() {
    assert_eq!(
        messages("[quiz]\nid = \"q\"\ntitle = \"Q\"\ndeck = \"d\"\nfeedback = \"each\"\n"),
        [
            "`feedback = \"each\"` shows every answer, but `review = \"score\"` (the default) hides them"
        ]
    );
    assert!(
        parse("[quiz]\nid = \"q\"\ntitle = \"Q\"\ndeck = \"d\"\nfeedback = \"each\"\nreview = \"marks\"\n")
            .diagnostics
            .is_empty()
    );
}
