//! Classroom quizzes: a reproducible draw of questions from a deck, asked once each, scored, and written
//! to a results file per student.
//!
//! Randomness comes from ChaCha8 seeded by the teacher's seed (and, with `--per-student`, the student's
//! name): ChaCha's output is fixed by its specification, so the same seed draws the same questions in the
//! same order, with the same option order, on any machine and any kartka version.

pub mod results;

use std::collections::HashMap;

use chrono::Duration;
use rand::SeedableRng;
use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;
use sha2::{Digest, Sha256};

use crate::Error;
use crate::clock::Clock;
use crate::deck::{Body, Deck, Item, giveaway};
use crate::grade::{self, GradeError, Layout, Verdict};
use crate::prompt::{Confirm, Prompter, QuizAsk, QuizMove, Summary, SummaryChoice, Timer};
use crate::question::{Question, feedback};
use crate::sanitize::for_terminal;
use results::{DeckInfo, QuestionResult, Results};

/// When the student sees whether an answer was right.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Feedback {
    /// After each question.
    Each,
    /// Only at the end (a test).
    #[default]
    End,
}

#[derive(Debug, Clone, Default)]
pub struct Options {
    /// How many questions; all that match when `None`.
    pub count: Option<usize>,
    pub tags: Vec<String>,
    pub seed: String,
    /// Combine the seed with the student's name: a different, reproducible quiz per student.
    pub per_student: bool,
    /// Shuffle options (order items are always shuffled: in their own order they answer themselves).
    pub shuffle: bool,
    pub time_limit: Option<Duration>,
    pub feedback: Feedback,
}

/// One drawn question: the item and the order its choices are shown in.
#[derive(Debug, Clone)]
pub struct Drawn<'d> {
    pub item: Item<'d>,
    pub layout: Layout,
}

/// A name compared loosely: case and spacing do not make another student.
pub fn normalise_name(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The seed for a quiz: the teacher's seed, with the student's name when each student gets their own draw.
pub fn seed(seed: &str, student: Option<&str>) -> u64 {
    let mut hasher = Sha256::new();
    hasher.update(seed.as_bytes());
    if let Some(name) = student {
        hasher.update([0]);
        hasher.update(normalise_name(name).as_bytes());
    }
    let digest = hasher.finalize();
    u64::from_le_bytes(digest[..8].try_into().unwrap_or_default())
}

/// SHA-256 of the deck's content (not its formatting or comments), in hex.
pub fn deck_hash(deck: &Deck) -> String {
    let canonical = serde_json::to_string(deck).unwrap_or_default();
    Sha256::digest(canonical.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The questions a quiz asks, and how many it held back.
#[derive(Debug)]
pub struct Draw<'d> {
    pub drawn: Vec<Drawn<'d>>,
    /// Questions that matched but were left out because a drawn card gives their answer away, or theirs
    /// a drawn card's, when there were not enough others to draw instead.
    pub held_back: usize,
}

/// Draws the questions. Flash cards are left out: a quiz grades answers, and flash cards are self-rated.
///
/// No two drawn items come from one card (two blanks of one cloze each show the other's answer), nor from
/// two cards of which one gives the other's answer away ([`giveaway::find`]), even where the deck marks
/// the pair as meant: a quiz asks each thing once. Explanations and source lines count only when they are
/// shown during the quiz (`Feedback::Each`).
pub fn draw<'d>(deck: &'d Deck, options: &Options, student: &str) -> Draw<'d> {
    let mut rng =
        ChaCha8Rng::seed_from_u64(seed(&options.seed, options.per_student.then_some(student)));
    let mut items: Vec<Item<'d>> = deck
        .items()
        .filter(|i| !i.is_self_rated() && i.has_any_tag(deck, &options.tags))
        .collect();
    items.shuffle(&mut rng);
    let index: HashMap<&str, usize> = deck
        .cards
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.as_str(), i))
        .collect();
    let mut apart: Vec<Vec<usize>> = vec![Vec::new(); deck.cards.len()];
    for g in giveaway::find(deck) {
        if !g.place.after_answer() || options.feedback == Feedback::Each {
            apart[g.shows].push(g.asks);
            apart[g.asks].push(g.shows);
        }
    }
    let wanted = options.count.unwrap_or(usize::MAX);
    let mut taken = vec![false; deck.cards.len()];
    let mut kept: Vec<Item<'d>> = Vec::new();
    let mut cards_matching = std::collections::HashSet::new();
    for item in items {
        let card = index[item.card.id.as_str()];
        cards_matching.insert(card);
        if kept.len() < wanted && !taken[card] && !apart[card].iter().any(|&o| taken[o]) {
            taken[card] = true;
            kept.push(item);
        }
    }
    let held_back = cards_matching.len().min(wanted) - kept.len();
    let drawn = kept
        .into_iter()
        .map(|item| {
            let layout = if options.shuffle || matches!(item.card.body, Body::Order { .. }) {
                Layout::shuffled(&item, &mut rng)
            } else {
                Layout::identity(&item)
            };
            Drawn { item, layout }
        })
        .collect();
    Draw { drawn, held_back }
}

fn result_of(
    drawn: &Drawn<'_>,
    deck: &Deck,
    answer: Option<String>,
    verdict: Option<&Verdict>,
    seconds: f64,
) -> QuestionResult {
    let question = Question::of(&drawn.item, &drawn.layout);
    let all = grade::choices(&drawn.item);
    QuestionResult {
        item: drawn.item.id(),
        kind: drawn.item.card.kind().name().to_string(),
        prompt: question.text,
        options: drawn
            .layout
            .shown
            .iter()
            .map(|&i| all[i].to_string())
            .collect(),
        tags: drawn
            .item
            .card
            .tags
            .iter()
            .chain(&deck.tags)
            .cloned()
            .collect(),
        answer,
        expected: grade::expected(&drawn.item),
        correct: verdict.is_some_and(|v| v.correct),
        score: verdict.map_or(0.0, |v| v.score),
        seconds,
    }
}

/// A time limit as a teacher wrote it: "90s" is "1m 30s", not "1m".
pub fn format_limit(limit: Duration) -> String {
    let s = limit.num_seconds().max(0);
    let parts: Vec<String> = [(s / 3600, "h"), (s / 60 % 60, "m"), (s % 60, "s")]
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, unit)| format!("{n}{unit}"))
        .collect();
    if parts.is_empty() {
        "0s".into()
    } else {
        parts.join(" ")
    }
}

/// Asks whether to submit, saying how many questions are unanswered.
fn confirm(
    prompter: &mut dyn Prompter,
    given: &[Option<QuestionResult>],
    timer: Timer<'_>,
) -> Result<Confirm, Error> {
    let unanswered = given.iter().filter(|g| g.is_none()).count();
    let question = match unanswered {
        0 => "Submit now? Every question is answered.".to_string(),
        1 => "Submit now? 1 question is unanswered.".to_string(),
        n => format!("Submit now? {n} questions are unanswered."),
    };
    prompter.confirm_submit(&question, &timer)
}

/// Where a student is in a quiz.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum At {
    Question(usize),
    Summary,
    Done,
}

/// Asks the drawn questions and scores the answers. The student may skip a question, go back to any
/// question and change its answer (unless its feedback was shown), flag questions, and see a summary
/// before submitting; Esc, Ctrl-C or `q` ask whether to submit. When the time runs out the quiz submits
/// itself, counting the answer being given as it stands. Unanswered questions score 0. `saved` is given
/// each answer, with its question's position, as it is given: it must keep it before anything else is
/// asked.
pub fn run(
    deck: &Deck,
    drawn: &[Drawn<'_>],
    options: &Options,
    student: &str,
    prompter: &mut dyn Prompter,
    clock: &dyn Clock,
    saved: &mut dyn FnMut(usize, &QuestionResult) -> Result<(), Error>,
) -> Result<Results, Error> {
    let started = clock.now();
    let timer = Timer {
        deadline: options.time_limit.map(|limit| started + limit),
        limit: options.time_limit,
        clock,
    };
    let n = drawn.len();
    let questions: Vec<Question> = drawn
        .iter()
        .map(|d| Question::of(&d.item, &d.layout))
        .collect();
    let mut given: Vec<Option<QuestionResult>> = vec![None; n];
    let mut flagged = vec![false; n];
    let mut seconds = vec![0.0; n];
    let mut ended = "completed";
    let mut at = At::Question(0);
    // Grades and saves an answer: the verdict, or why the answer could not be read.
    let mut keep = |i: usize,
                    text: String,
                    given: &mut [Option<QuestionResult>],
                    spent: f64|
     -> Result<Result<Verdict, String>, Error> {
        match grade::grade(&drawn[i].item, &drawn[i].layout, &text) {
            Ok(v) => {
                let result = result_of(&drawn[i], deck, Some(text), Some(&v), spent);
                saved(i, &result)?;
                given[i] = Some(result);
                Ok(Ok(v))
            }
            Err(GradeError::Unrecognised(how)) => Ok(Err(how)),
            Err(GradeError::SelfRated) => unreachable!("flash cards are not drawn"),
        }
    };
    while at != At::Done {
        if timer.is_over() {
            ended = "time-limit";
            break;
        }
        match at {
            At::Question(i) => {
                let asked = clock.now();
                let locked = options.feedback == Feedback::Each && given[i].is_some();
                let mut again = false;
                let next = if i + 1 < n {
                    At::Question(i + 1)
                } else {
                    At::Summary
                };
                at = loop {
                    let previous = given[i].as_ref().and_then(|r| r.answer.clone());
                    let reply = prompter.quiz_answer(&QuizAsk {
                        question: &questions[i],
                        number: i + 1,
                        total: n,
                        flagged: flagged[i],
                        previous: previous.as_deref(),
                        locked,
                        again,
                        timer,
                    })?;
                    flagged[i] = reply.flagged;
                    let spent =
                        seconds[i] + (clock.now() - asked).num_milliseconds() as f64 / 1000.0;
                    match reply.action {
                        QuizMove::Answer(_) | QuizMove::TimeUp(_) if locked => break next,
                        QuizMove::Answer(text) => {
                            if timer.is_over() {
                                prompter.say("Time is up: that answer came after the time limit and is not counted.")?;
                                ended = "time-limit";
                                break At::Done;
                            }
                            match keep(i, text, &mut given, spent)? {
                                Ok(verdict) => {
                                    if options.feedback == Feedback::Each {
                                        prompter.say(&feedback(
                                            deck,
                                            &drawn[i].item,
                                            Some(&verdict),
                                        ))?;
                                    }
                                    break next;
                                }
                                Err(how) => {
                                    prompter.say(&for_terminal(&how))?;
                                    again = true;
                                }
                            }
                        }
                        QuizMove::TimeUp(partial) => {
                            // The answer being given counts as it stands, if it can be read at all.
                            if let Some(text) = partial {
                                keep(i, text, &mut given, spent)?.ok();
                            }
                            ended = "time-limit";
                            break At::Done;
                        }
                        QuizMove::Skip => break next,
                        QuizMove::Back if i > 0 => break At::Question(i - 1),
                        QuizMove::Back => {
                            prompter.say("This is the first question.")?;
                            again = true;
                        }
                        QuizMove::Summary => break At::Summary,
                        QuizMove::EndOfInput => {
                            if given.iter().any(Option::is_none) {
                                ended = "stopped";
                            }
                            break At::Done;
                        }
                        QuizMove::Stop => match confirm(prompter, &given, timer)? {
                            Confirm::KeepGoing => again = false,
                            Confirm::Review => break At::Summary,
                            Confirm::Submit => break At::Done,
                            Confirm::InputEnded => {
                                if given.iter().any(Option::is_none) {
                                    ended = "stopped";
                                }
                                break At::Done;
                            }
                            Confirm::TimeUp => {
                                ended = "time-limit";
                                break At::Done;
                            }
                        },
                    }
                };
                seconds[i] += (clock.now() - asked).num_milliseconds() as f64 / 1000.0;
            }
            At::Summary => {
                let rows: Vec<String> = (0..n)
                    .map(|i| {
                        let state = if given[i].is_some() {
                            "answered"
                        } else {
                            "unanswered"
                        };
                        let flag = if flagged[i] { " · ⚑ flagged" } else { "" };
                        format!("{}. {state}{flag}", i + 1)
                    })
                    .collect();
                let unanswered = given.iter().filter(|g| g.is_none()).count();
                let flags = flagged.iter().filter(|f| **f).count();
                let title = format!(
                    "Summary: {} answered, {} unanswered, {} flagged",
                    n - unanswered,
                    unanswered,
                    flags
                );
                at = match prompter.quiz_summary(&Summary {
                    title,
                    rows: &rows,
                    timer,
                })? {
                    SummaryChoice::Question(i) => At::Question(i.min(n - 1)),
                    SummaryChoice::Submit => At::Done,
                    SummaryChoice::TimeUp => {
                        ended = "time-limit";
                        At::Done
                    }
                };
            }
            At::Done => {}
        }
    }
    if ended == "time-limit" {
        let limit = options.time_limit.map(format_limit).unwrap_or_default();
        prompter.say(&format!(
            "Time is up ({limit}): the quiz was submitted with the answers given. Questions not answered score 0."
        ))?;
    }
    let answered: Vec<QuestionResult> = given
        .into_iter()
        .enumerate()
        .map(|(i, g)| g.unwrap_or_else(|| result_of(&drawn[i], deck, None, None, seconds[i])))
        .collect();
    let score = answered.iter().map(|q| q.score).sum();
    Ok(Results {
        format_version: results::FORMAT_VERSION,
        kartka_version: env!("CARGO_PKG_VERSION").to_string(),
        deck: DeckInfo {
            id: deck.id.clone(),
            title: deck.title.clone(),
            version: deck.version,
            hash: deck_hash(deck),
        },
        student: student.to_string(),
        started_at: started,
        finished_at: clock.now(),
        seed: options.seed.clone(),
        per_student: options.per_student,
        shuffled: options.shuffle,
        time_limit: options.time_limit.map(|l| l.num_seconds().max(0) as u64),
        ended: ended.to_string(),
        max_score: answered.len() as f64,
        score,
        questions: answered,
    })
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;
    use std::rc::Rc;

    use super::*;
    use crate::deck::parse;
    use crate::prompt::Reply;
    use crate::schedule::Rating;
    use chrono::{DateTime, FixedOffset};

    fn example() -> Deck {
        parse(include_str!("../../decks/example.toml"))
            .deck
            .unwrap()
    }

    fn options(seed: &str) -> Options {
        Options {
            seed: seed.into(),
            shuffle: true,
            ..Options::default()
        }
    }

    fn ids(draw: &Draw<'_>) -> Vec<(String, Vec<usize>)> {
        draw.drawn
            .iter()
            .map(|d| (d.item.id(), d.layout.shown.clone()))
            .collect()
    }

    /// The same seed draws the same questions in the same order with the same option order: pinned, so
    /// that a change of generator or of drawing shows up here before it breaks a class's quiz.
    #[test]
    fn a_seed_draws_the_same_quiz_everywhere() {
        let deck = example();
        let drawn = draw(
            &deck,
            &Options {
                count: Some(4),
                ..options("class-7b")
            },
            "Ann",
        );
        assert_eq!(
            ids(&drawn),
            [
                ("htp-privileges".to_string(), vec![2, 3, 1, 0]),
                ("htp-export-2024".to_string(), vec![]),
                ("first-private-company".to_string(), vec![1, 3, 0, 2]),
                ("foreign-firms".to_string(), vec![2, 1, 0, 3]),
            ]
        );
        assert_eq!(
            ids(&drawn),
            ids(&draw(
                &deck,
                &Options {
                    count: Some(4),
                    ..options("class-7b")
                },
                "Bob"
            ))
        );
        assert_ne!(
            ids(&drawn),
            ids(&draw(
                &deck,
                &Options {
                    count: Some(4),
                    ..options("class-7c")
                },
                "Ann"
            ))
        );
    }

    #[test]
    fn per_student_draws_differ_by_name_but_not_by_spelling_of_spaces_or_case() {
        let deck = example();
        let per = Options {
            per_student: true,
            ..options("s")
        };
        let ann = ids(&draw(&deck, &per, "Ann Smith"));
        assert_eq!(ann, ids(&draw(&deck, &per, "  ann   SMITH ")));
        assert_ne!(ann, ids(&draw(&deck, &per, "Bob Jones")));
    }

    /// A deck whose cards give answers away: `founded` shows the founder `who` asks for, `when` and `cloze`
    /// ask the year `founded` shows, and `why`'s explanation names the founder.
    fn giving_away() -> Deck {
        let card = |id: &str, rest: &str| format!("[[cards]]\nid = \"{id}\"\n{rest}\n");
        let text = [
            "[deck]\nid = \"g\"\ntitle = \"G\"\n".to_string(),
            card("who", "kind = \"text\"\nprompt = \"Who founded the park?\"\nanswer = \"Valery Tsepkalo\""),
            card("founded", "kind = \"truefalse\"\nprompt = \"Valery Tsepkalo founded the park in 2005.\"\nanswer = true"),
            card("when", "kind = \"number\"\nprompt = \"In which year was the park set up?\"\nanswer = 2005"),
            card("cloze", "kind = \"cloze\"\ntext = \"The park opened in {{c1::2005}} in {{c2::Minsk}}.\""),
            card("why", "kind = \"choice\"\nprompt = \"Which tax did residents not pay?\"\noptions = [\"profit tax\", \"none\"]\nanswer = \"profit tax\"\nexplain = \"Valery Tsepkalo won that privilege.\""),
            card("free", "kind = \"text\"\nprompt = \"Which city hosts the park?\"\nanswer = \"Minsk\""),
        ]
        .concat();
        parse(&text).deck.unwrap()
    }

    /// Over many seeds and counts, in every shipped deck and one full of give-aways, no draw holds two items
    /// of one card, nor two cards of which one gives the other's answer away (in explanations too when
    /// they are shown after each answer).
    #[test]
    fn a_draw_never_holds_two_items_of_one_card_nor_a_give_away() {
        let decks = [
            parse(include_str!("../../decks/belarus-htp.toml"))
                .deck
                .unwrap(),
            parse(include_str!("../../decks/belarus-it-history.toml"))
                .deck
                .unwrap(),
            parse(include_str!("../../decks/belarus-it-politics.toml"))
                .deck
                .unwrap(),
            giving_away(),
        ];
        for deck in &decks {
            for feedback in [Feedback::End, Feedback::Each] {
                let pairs: std::collections::HashSet<(&str, &str)> = giveaway::find(deck)
                    .into_iter()
                    .filter(|g| feedback == Feedback::Each || !g.place.after_answer())
                    .map(|g| {
                        (
                            deck.cards[g.shows].id.as_str(),
                            deck.cards[g.asks].id.as_str(),
                        )
                    })
                    .collect();
                for seed in 0..50 {
                    for count in [3, 30, 1000] {
                        let draw = draw(
                            deck,
                            &Options {
                                count: Some(count),
                                feedback,
                                ..options(&seed.to_string())
                            },
                            "A",
                        );
                        let cards: Vec<&str> =
                            draw.drawn.iter().map(|d| d.item.card.id.as_str()).collect();
                        let mut distinct = cards.clone();
                        distinct.sort_unstable();
                        distinct.dedup();
                        assert_eq!(distinct.len(), cards.len(), "{} seed {seed}", deck.id);
                        for a in &cards {
                            for b in &cards {
                                assert!(
                                    !pairs.contains(&(a, b)),
                                    "{} seed {seed}: {a} gives away {b}",
                                    deck.id
                                );
                            }
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn a_draw_says_how_many_questions_it_held_back() {
        let deck = giving_away();
        let end = draw(&deck, &options("s"), "A");
        // who/founded, founded/when, founded/cloze, when/cloze and cloze/free are pairs: of six cards, at
        // most three can be drawn together.
        assert!(end.drawn.len() <= 3, "{:?}", ids(&end));
        assert_eq!(end.drawn.len() + end.held_back, 6);
        let each = draw(
            &deck,
            &Options {
                feedback: Feedback::Each,
                ..options("s")
            },
            "A",
        );
        let drawn: Vec<String> = each.drawn.iter().map(|d| d.item.card.id.clone()).collect();
        assert!(
            !(drawn.contains(&"why".to_string()) && drawn.contains(&"who".to_string())),
            "why's explanation names who's answer: {drawn:?}"
        );
        let two = draw(
            &deck,
            &Options {
                count: Some(2),
                ..options("s")
            },
            "A",
        );
        assert_eq!((two.drawn.len(), two.held_back), (2, 0));
    }

    #[test]
    fn flash_cards_are_not_drawn_and_tags_filter() {
        let deck = example();
        let all = draw(&deck, &options("x"), "A").drawn;
        assert_eq!(
            all.len(),
            8,
            "9 cards less the flash card; one deletion of the cloze card"
        );
        let dates = draw(
            &deck,
            &Options {
                tags: vec!["dates".into()],
                ..options("x")
            },
            "A",
        )
        .drawn;
        assert_eq!(
            dates.len(),
            1,
            "one of the two deletions of the cloze card tagged dates: each shows the other's answer"
        );
    }

    #[test]
    fn without_shuffling_options_stay_in_order_but_order_items_do_not() {
        let deck = example();
        for d in draw(
            &deck,
            &Options {
                shuffle: false,
                ..options("x")
            },
            "A",
        )
        .drawn
        {
            let identity: Vec<usize> = (0..d.layout.shown.len()).collect();
            if d.item.id() == "htp-residents-growth" {
                assert_ne!(d.layout.shown, identity);
            } else {
                assert_eq!(d.layout.shown, identity, "{}", d.item.id());
            }
        }
    }

    /// A clock that stands still until the scripted student moves it.
    struct Manual(Rc<Cell<DateTime<FixedOffset>>>);

    impl Clock for Manual {
        fn now(&self) -> DateTime<FixedOffset> {
            self.0.get()
        }
    }

    /// A student who answers "true" to everything, taking two minutes over each answer.
    struct Student {
        time: Rc<Cell<DateTime<FixedOffset>>>,
        said: Vec<String>,
    }

    impl Prompter for Student {
        fn say(&mut self, text: &str) -> Result<(), Error> {
            self.said.push(text.to_string());
            Ok(())
        }
        fn answer(&mut self, _: &Question, _: bool) -> Result<Reply<String>, Error> {
            self.time.set(self.time.get() + Duration::minutes(2));
            Ok(Reply::Value("true".into()))
        }
        fn quiz_answer(&mut self, ask: &QuizAsk<'_>) -> Result<crate::prompt::QuizReply, Error> {
            self.said.push(ask.status(ask.flagged));
            self.answer(ask.question, ask.again)?;
            Ok(crate::prompt::QuizReply {
                action: QuizMove::Answer("true".into()),
                flagged: false,
            })
        }
        fn reveal(&mut self, _: &Question) -> Result<Reply<()>, Error> {
            unreachable!("quizzes have no flash cards")
        }
        fn rate(&mut self, _: &[(Rating, String)], _: Rating) -> Result<Reply<Rating>, Error> {
            unreachable!("quizzes are not rated")
        }
        fn pick(&mut self, _: &str, _: &[String]) -> Result<Reply<usize>, Error> {
            unreachable!("quizzes have no menu")
        }
        fn ask(&mut self, _: &str) -> Result<Reply<String>, Error> {
            unreachable!("the name is given")
        }
    }

    #[test]
    fn the_time_limit_ends_the_quiz_and_unanswered_questions_score_zero() {
        let mut text = String::from("[deck]\nid = \"tf\"\ntitle = \"TF\"\n");
        for i in 0..6 {
            text.push_str(&format!(
                "[[cards]]\nid = \"q{i}\"\nkind = \"truefalse\"\nprompt = \"Q{i}\"\nanswer = true\nexplain = \"e\"\n"
            ));
        }
        let deck = parse(&text).deck.unwrap();
        let opts = Options {
            time_limit: Some(Duration::minutes(5)),
            ..options("t")
        };
        let drawn = draw(&deck, &opts, "A").drawn;
        let time = Rc::new(Cell::new(
            DateTime::parse_from_rfc3339("2026-11-22T09:00:00+03:00").unwrap(),
        ));
        let mut student = Student {
            time: time.clone(),
            said: vec![],
        };
        let mut positions = Vec::new();
        let results = run(
            &deck,
            &drawn,
            &opts,
            "A",
            &mut student,
            &Manual(time),
            &mut |i, _| {
                positions.push(i);
                Ok(())
            },
        )
        .unwrap();
        // Answers at 09:02 and 09:04 count; the third comes at 09:06, after the five minutes.
        let answered: Vec<bool> = results
            .questions
            .iter()
            .map(|q| q.answer.is_some())
            .collect();
        assert_eq!(answered, [true, true, false, false, false, false]);
        assert_eq!(
            positions,
            [0, 1],
            "each counted answer is handed over to be saved"
        );
        assert_eq!((results.score, results.max_score), (2.0, 6.0));
        assert_eq!(results.ended, "time-limit");
        assert_eq!(results.questions[0].seconds, 120.0);
        let said = student.said.join("\n");
        assert!(said.contains("Question 1 of 6 · 5:00 left"), "{said}");
        assert!(
            said.contains("Question 3 of 6") && said.contains("1:00 left"),
            "{said}"
        );
        assert!(
            said.contains("Time is up: that answer came after the time limit and is not counted.")
        );
        assert!(said.contains(
            "Time is up (5m): the quiz was submitted with the answers given. Questions not answered score 0."
        ));
    }
}
