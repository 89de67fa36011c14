//! `kartka-bench generate DIR`: decks of 1k, 10k and 100k cards, progress stores with up to a million
//! simulated reviews over two years, and 1,000 quiz results files.
//! `kartka-bench latency HOME DECK`: grade, schedule and durably commit 1,000 answers, timing each.
//! `kartka-bench lrs DIR ENDPOINT`: a class's statements for the LRS benchmarks, built with kartka's own xAPI
//! builders: a progress store with 10,000 study answers queued in its outbox, 30 quiz attempts (results files
//! and their statements), and a month of study by 300 students (statements in files of 10,000, one a line, to load into an LRS).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use chrono::{DateTime, Duration, FixedOffset};
use kartka::deck::{Deck, Item, parse};
use kartka::grade::{Given, Layout, grade};
use kartka::quiz::Drawn;
use kartka::quiz::results::{DeckInfo, QuestionResult, Results};
use kartka::schedule::{CardState, Rating, Scheduler, Settings};
use kartka::store::{Answer, Expected, Store};
use kartka::xapi::{Answered, Context, Who};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// A deck of `cards` cards `c0`, `c1`…, a mix of text, choice and number cards about the size of the shipped
/// ones (about 240 bytes each).
fn deck_text(id: &str, cards: usize) -> String {
    let mut s = format!(
        "[deck]\nid = \"{id}\"\ntitle = \"Benchmark deck {id}\"\n\n[[sources]]\nid = \"gen\"\ntitle = \"Generated\"\n"
    );
    for i in 0..cards {
        let body = match i % 3 {
            0 => format!(
                "kind = \"text\"\nprompt = \"What is the name of generated thing number {i}?\"\nanswer = \"Thing {i}\"\naccept = [\"T{i}\"]"
            ),
            1 => format!(
                "kind = \"choice\"\nprompt = \"Which option belongs to card {i}?\"\noptions = [\"Alpha {i}\", \"Beta {i}\", \"Gamma {i}\"]\nanswer = \"Beta {i}\""
            ),
            _ => format!(
                "kind = \"number\"\nprompt = \"Which number does card {i} hold?\"\nanswer = {i}\ntolerance = 1"
            ),
        };
        s.push_str(&format!("\n[[cards]]\nid = \"c{i}\"\n{body}\nexplain = \"Generated for the benchmark.\"\nsource = \"gen\"\ntags = [\"bench\"]\n"));
    }
    s
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// A config directory with `decks` decks of `per_deck` cards and a simulated history of `days` days.
fn home(dir: &Path, decks: usize, per_deck: usize, days: i64) -> usize {
    let mut store = Store::open(&dir.join("progress.sqlite3")).unwrap();
    let mut total = 0;
    for d in 0..decks {
        let id = format!("bench-{d}");
        write(
            &dir.join(format!("decks/{id}.toml")),
            &deck_text(&id, per_deck),
        );
        let (log, states) = kartka::simulate::simulate(&id, per_deck, days, d as u64);
        store.insert_history(&log).unwrap();
        store.insert_states(&id, &states).unwrap();
        total += log.len();
    }
    total
}

fn results(dir: &Path, files: usize) {
    let mut rng = ChaCha8Rng::seed_from_u64(1);
    let start: DateTime<FixedOffset> =
        DateTime::parse_from_rfc3339("2026-11-22T09:00:00+03:00").unwrap();
    for f in 0..files {
        let skill: f64 = rng.random();
        let questions: Vec<QuestionResult> = (0..30)
            .map(|q| {
                let correct = rng.random::<f64>() < 0.3 + 0.6 * skill;
                QuestionResult {
                    item: format!("c{q}"),
                    kind: "choice".into(),
                    prompt: format!("Question {q}?"),
                    options: vec!["Alpha".into(), "Beta".into(), "Gamma".into()],
                    tags: vec![format!("topic-{}", q % 5)],
                    answer: Some(if correct { "b" } else { "a" }.into()),
                    expected: "Beta".into(),
                    correct,
                    score: if correct { 1.0 } else { 0.0 },
                    seconds: 12.0,
                }
            })
            .collect();
        let score = questions.iter().map(|q| q.score).sum();
        let r = Results {
            format_version: 1,
            kartka_version: "0.1.0".into(),
            deck: DeckInfo {
                id: "bench-0".into(),
                title: "Benchmark".into(),
                version: Some(1),
                hash: "h".into(),
            },
            student: format!("Student {f}"),
            started_at: start + Duration::minutes(f as i64),
            finished_at: start + Duration::minutes(f as i64 + 20),
            seed: "bench".into(),
            per_student: false,
            shuffled: true,
            time_limit: None,
            ended: "completed".into(),
            max_score: questions.len() as f64,
            score,
            questions,
            quiz: None,
        };
        write(
            &dir.join(format!("s{f:04}.json")),
            &serde_json::to_string_pretty(&r).unwrap(),
        );
    }
}

fn generate(out: &Path) {
    let t = Instant::now();
    let sizes = [("1k", 1, 1_000), ("10k", 1, 10_000), ("100k", 10, 10_000)];
    let mut summary = serde_json::Map::new();
    for (name, decks, per_deck) in sizes {
        let reviews = home(&out.join(format!("home-{name}")), decks, per_deck, 730);
        eprintln!(
            "home-{name}: {} cards, {reviews} reviews ({:.1}s)",
            decks * per_deck,
            t.elapsed().as_secs_f64()
        );
        summary.insert(format!("reviews-{name}"), reviews.into());
    }
    write(
        &out.join("deck-100k.toml"),
        &deck_text("bench-100k", 100_000),
    );
    let optimize_reviews = home(&out.join("home-optimize"), 1, 4_500, 730);
    summary.insert("reviews-optimize".into(), optimize_reviews.into());
    eprintln!("home-optimize: {optimize_reviews} reviews");
    results(&out.join("results"), 1_000);
    write(
        &out.join("data.json"),
        &serde_json::Value::Object(summary).to_string(),
    );
    eprintln!("generated in {:.1}s", t.elapsed().as_secs_f64());
}

/// 1,000 answers as a study session makes them: grade, schedule, commit (synchronous=FULL), each timed.
fn latency(home: &Path, deck_path: &Path) {
    let deck = parse(&std::fs::read_to_string(deck_path).unwrap())
        .deck
        .unwrap();
    let mut store = Store::open(&home.join("progress.sqlite3")).unwrap();
    let scheduler = Scheduler::new(Settings::default()).unwrap();
    let now: DateTime<FixedOffset> =
        DateTime::parse_from_rfc3339("2027-01-02T09:00:00+00:00").unwrap();
    let stored = store.cards(&deck.id, *now.offset()).unwrap();
    let mut times = Vec::with_capacity(1000);
    for item in deck.items().take(1000) {
        let started = Instant::now();
        let id = item.id();
        let card = stored
            .get(&id)
            .cloned()
            .unwrap_or_else(|| CardState::new(now));
        let verdict = grade(&item, &Layout::identity(&item), "b").ok();
        let rating = if verdict.as_ref().is_some_and(|v| v.correct) {
            Rating::Good
        } else {
            Rating::Again
        };
        let outcome = scheduler.review(&card, rating, &id, now).unwrap();
        // As a study session saves it: only if the card is still as it was read (another session may run).
        store
            .record_if(
                &Answer {
                    deck: &deck.id,
                    item: &id,
                    at: now,
                    rating,
                    state_before: card.state,
                    response: Some("b"),
                    correct: verdict.as_ref().map(|v| v.correct),
                    score: verdict.as_ref().map(|v| v.score),
                    duration_ms: 0,
                    after: outcome.card,
                    interval: outcome.interval,
                    statement: None,
                },
                Expected::of(&card),
            )
            .unwrap();
        times.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    let at = |q: f64| times[((times.len() as f64 - 1.0) * q).round() as usize];
    println!(
        "{}",
        serde_json::json!({ "answers": times.len(), "median_ms": at(0.5), "p99_ms": at(0.99) })
    );
}

/// What a student answers to `item` when right or wrong (identity layout: choice letters as written).
fn response(item: &Item<'_>, right: bool, i: usize) -> String {
    let card = &item.card.id;
    let n: usize = card[1..].parse().unwrap_or(i);
    match n % 3 {
        0 if right => format!("Thing {n}"),
        0 => format!("Thing {}", n + 7),
        1 if right => "b".into(),
        1 => "a".into(),
        _ if right => n.to_string(),
        _ => (n + 5).to_string(),
    }
}

const CLASS: &str = "7B";

fn who<'a>(lrs: &'a str, username: &'a str, student: &'a str) -> Who<'a> {
    Who {
        class: CLASS,
        lrs,
        username,
        student,
    }
}

/// One student's study of `deck` over `days` days from `start`, `per_day(day)` answers a day, as a study
/// session in a class makes them: graded, scheduled, and each answer's statement built with the answer.
/// `each` gets the answer, the card's state before it, and its statement.
#[allow(clippy::too_many_arguments)]
fn study(
    deck: &Deck,
    who: Who<'_>,
    start: DateTime<FixedOffset>,
    days: i64,
    per_day: &mut dyn FnMut(i64) -> usize,
    skill: f64,
    rng: &mut ChaCha8Rng,
    each: &mut dyn FnMut(&Answer<'_>, &CardState),
) {
    let scheduler = Scheduler::new(Settings::default()).unwrap();
    let items: Vec<Item<'_>> = deck.items().collect();
    let mut states: HashMap<String, CardState> = HashMap::new();
    let mut next_new = 0;
    for day in 0..days {
        let session = start + Duration::days(day) + Duration::minutes(rng.random_range(0..120));
        let registration =
            kartka::xapi::derived_id(&["bench-session", who.username, &session.to_rfc3339()]);
        let cx = Context::deck(
            who,
            registration,
            &deck.id,
            &deck.title,
            deck.language.as_deref(),
        );
        // Due cards first, then new ones, up to the day's count.
        let mut due: Vec<String> = states
            .iter()
            .filter(|(_, c)| c.due <= session + Duration::hours(1))
            .map(|(id, _)| id.clone())
            .collect();
        due.sort();
        let count = per_day(day);
        let mut today = Vec::new();
        for id in due.into_iter().take(count) {
            today.push(items.iter().position(|i| i.id() == id).unwrap());
        }
        while today.len() < count && next_new < items.len() {
            today.push(next_new);
            next_new += 1;
        }
        for (seq, &i) in today.iter().enumerate() {
            let item = &items[i];
            let id = item.id();
            let now = session + Duration::seconds(15 * seq as i64);
            let before = states
                .get(&id)
                .cloned()
                .unwrap_or_else(|| CardState::new(now));
            let right = rng.random::<f64>() < skill;
            let text = response(item, right, i);
            let layout = Layout::identity(item);
            let verdict = grade(item, &layout, &text).ok();
            let correct = verdict.as_ref().is_some_and(|v| v.correct);
            let rating = if correct { Rating::Good } else { Rating::Again };
            let outcome = scheduler.review(&before, rating, &id, now).unwrap();
            let duration_ms = rng.random_range(2_000..20_000);
            let given = Given::read(item, &layout, &text)
                .unwrap_or_else(|| Given::Typed(vec![text.clone()]));
            let statement = kartka::xapi::build::answered(
                &cx,
                &Answered {
                    deck: &deck.id,
                    item,
                    response: given,
                    success: correct,
                    score: verdict.as_ref().map(|v| v.score),
                    duration_ms,
                    at: now,
                    seq,
                    schedule: Some((rating, outcome.interval)),
                },
            );
            let answer = Answer {
                deck: &deck.id,
                item: &id,
                at: now,
                rating,
                state_before: before.state,
                response: Some(&text),
                correct: verdict.as_ref().map(|v| v.correct),
                score: verdict.as_ref().map(|v| v.score),
                duration_ms,
                after: outcome.card.clone(),
                interval: outcome.interval,
                statement: Some(kartka::xapi::queued(&statement)),
            };
            each(&answer, &before);
            states.insert(id, outcome.card);
        }
    }
}

fn lrs(out: &Path, endpoint: &str) {
    let t = Instant::now();
    let mut summary = serde_json::Map::new();
    let deck = parse(&deck_text("bench-class", 3_000)).deck.unwrap();

    // 1. One student's progress store with 10,000 study answers queued (100 days of 100 answers), each
    //    saved with its statement as a study session in a class saves it.
    let home = out.join("send");
    std::fs::create_dir_all(&home).unwrap();
    let mut store = Store::open(&home.join("progress.sqlite3")).unwrap();
    let mut rng = ChaCha8Rng::seed_from_u64(17);
    let start: DateTime<FixedOffset> =
        DateTime::parse_from_rfc3339("2026-08-01T18:00:00+03:00").unwrap();
    let mut queued = 0;
    study(
        &deck,
        who(endpoint, "7b-s000", "Student 000"),
        start,
        100,
        &mut |_| 100,
        0.8,
        &mut rng,
        &mut |a, before| {
            store.record_if(a, Expected::of(before)).unwrap();
            queued += 1;
        },
    );
    let counts = store.outbox_counts().unwrap();
    assert_eq!(counts.waiting, queued);
    summary.insert("send-queued".into(), queued.into());
    eprintln!(
        "send: {queued} statements queued ({:.1}s)",
        t.elapsed().as_secs_f64()
    );
    drop(store);

    // 2. Thirty students' attempts at a 30-question quiz: results files, and the statements their kartka
    //    queues on submitting (attempted, each answer, completed with the results document).
    let quiz_deck = parse(&deck_text("bench-quiz", 30)).deck.unwrap();
    let results_dir = out.join("quiz/results");
    std::fs::create_dir_all(&results_dir).unwrap();
    let mut statements = Vec::new();
    let started: DateTime<FixedOffset> =
        DateTime::parse_from_rfc3339("2026-11-30T09:00:00+03:00").unwrap();
    for s in 0..30 {
        let username = format!("7b-s{s:03}");
        let student = format!("Student {s:03}");
        let skill = 0.3 + 0.6 * rng.random::<f64>();
        let drawn: Vec<Drawn<'_>> = quiz_deck
            .items()
            .map(|item| {
                let layout = Layout::identity(&item);
                Drawn { item, layout }
            })
            .collect();
        let questions: Vec<QuestionResult> = drawn
            .iter()
            .enumerate()
            .map(|(i, d)| {
                let text = response(&d.item, rng.random::<f64>() < skill, i);
                let v = grade(&d.item, &d.layout, &text).unwrap();
                let n = i % 3;
                QuestionResult {
                    item: d.item.id(),
                    kind: ["text", "choice", "number"][n].into(),
                    prompt: format!("Question {i}?"),
                    options: if n == 1 {
                        vec![
                            format!("Alpha {i}"),
                            format!("Beta {i}"),
                            format!("Gamma {i}"),
                        ]
                    } else {
                        vec![]
                    },
                    tags: vec!["bench".into()],
                    answer: Some(text),
                    expected: v.expected.clone(),
                    correct: v.correct,
                    score: v.score,
                    seconds: rng.random_range(5.0..40.0),
                }
            })
            .collect();
        let score = questions.iter().map(|q| q.score).sum();
        let r = Results {
            format_version: 1,
            kartka_version: "0.1.0".into(),
            deck: DeckInfo {
                id: quiz_deck.id.clone(),
                title: quiz_deck.title.clone(),
                version: Some(1),
                hash: "h".into(),
            },
            student: student.clone(),
            started_at: started + Duration::minutes(s),
            finished_at: started + Duration::minutes(s + 20),
            seed: "bench".into(),
            per_student: false,
            shuffled: false,
            time_limit: None,
            ended: "completed".into(),
            max_score: questions.len() as f64,
            score,
            questions,
            quiz: None,
        };
        write(
            &results_dir.join(format!("s{s:03}.json")),
            &serde_json::to_string_pretty(&r).unwrap(),
        );
        statements.extend(kartka::xapi::quiz::attempt(
            who(endpoint, &username, &student),
            &quiz_deck,
            &drawn,
            &r,
        ));
    }
    summary.insert("quiz-statements".into(), statements.len().into());
    write(
        &out.join("quiz/statements.json"),
        &serde_json::to_string(&statements).unwrap(),
    );
    eprintln!(
        "quiz: {} statements ({:.1}s)",
        statements.len(),
        t.elapsed().as_secs_f64()
    );

    // 3. A month of study by 300 students, 20 to 40 answers a day, in files of 10,000 statements.
    let study_dir = out.join("study");
    std::fs::create_dir_all(&study_dir).unwrap();
    let start: DateTime<FixedOffset> =
        DateTime::parse_from_rfc3339("2026-11-01T17:00:00+03:00").unwrap();
    let mut batch: Vec<String> = Vec::new();
    let mut files = 0;
    let mut total = 0;
    let flush = |batch: &mut Vec<String>, files: &mut usize| {
        if !batch.is_empty() {
            write(
                &study_dir.join(format!("batch-{:03}.jsonl", *files)),
                &(batch.join("\n") + "\n"),
            );
            *files += 1;
            batch.clear();
        }
    };
    for s in 0..300 {
        let username = format!("7b-s{s:03}");
        let student = format!("Student {s:03}");
        let skill = 0.5 + 0.45 * rng.random::<f64>();
        let mut day_rng = ChaCha8Rng::seed_from_u64(1000 + s);
        study(
            &deck,
            who(endpoint, &username, &student),
            start,
            30,
            &mut |_| day_rng.random_range(20..=40),
            skill,
            &mut rng,
            &mut |a, _| {
                batch.push(a.statement.as_ref().unwrap().json.clone());
                total += 1;
            },
        );
        if batch.len() >= 10_000 {
            flush(&mut batch, &mut files);
        }
    }
    flush(&mut batch, &mut files);
    summary.insert("study-statements".into(), total.into());
    summary.insert("study-files".into(), files.into());
    eprintln!(
        "study: {total} statements in {files} files ({:.1}s)",
        t.elapsed().as_secs_f64()
    );
    println!("{}", serde_json::Value::Object(summary));
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    match args.get(1).map(String::as_str) {
        Some("generate") => generate(&PathBuf::from(&args[2])),
        Some("latency") => latency(&PathBuf::from(&args[2]), &PathBuf::from(&args[3])),
        Some("lrs") => lrs(&PathBuf::from(&args[2]), &args[3]),
        _ => {
            eprintln!("usage: kartka-bench generate DIR | latency HOME DECK | lrs DIR ENDPOINT");
            std::process::exit(2);
        }
    }
}
