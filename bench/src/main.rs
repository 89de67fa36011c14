//! `kartka-bench generate DIR`: decks of 1k, 10k and 100k cards, progress stores with up to a million
//! simulated reviews over two years, and 1,000 quiz results files.
//! `kartka-bench latency HOME DECK`: grade, schedule and durably commit 1,000 answers, timing each.

use std::path::{Path, PathBuf};
use std::time::Instant;

use chrono::{DateTime, Duration, FixedOffset};
use kartka::deck::parse;
use kartka::grade::{Layout, grade};
use kartka::quiz::results::{DeckInfo, QuestionResult, Results};
use kartka::schedule::{CardState, Rating, Scheduler, Settings};
use kartka::store::{Answer, Expected, Store};
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
            .record_if(&Answer {
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
            }, Expected::of(&card))
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

fn main() {
    let args: Vec<String> = std::env::args().collect();
    match args.get(1).map(String::as_str) {
        Some("generate") => generate(&PathBuf::from(&args[2])),
        Some("latency") => latency(&PathBuf::from(&args[2]), &PathBuf::from(&args[3])),
        _ => {
            eprintln!("usage: kartka-bench generate DIR | latency HOME DECK");
            std::process::exit(2);
        }
    }
}
