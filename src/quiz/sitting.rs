//! One sitting of a quiz: asking the drawn questions, moving between them, flags, the summary, the time
//! limit and submitting, with each answer handed over to be kept as it is given.

use chrono::{DateTime, FixedOffset};

use super::results::{self, DeckInfo, QuestionResult, Results};
use super::{Drawn, Feedback, Options, deck_hash, format_limit, result_of};
use crate::Error;
use crate::clock::Clock;
use crate::deck::Deck;
use crate::grade::{self, GradeError, Verdict};
use crate::prompt::{Confirm, Prompter, QuizAsk, QuizMove, Summary, SummaryChoice, Timer};
use crate::question::{Question, feedback};
use crate::sanitize::for_terminal;

/// Grades and saves the answer `text` to question `i`: the verdict, or why the answer could not be read.
fn keep(
    deck: &Deck,
    drawn: &Drawn<'_>,
    i: usize,
    text: String,
    given: &mut [Option<QuestionResult>],
    spent: f64,
    saved: &mut dyn FnMut(Saving<'_>) -> Result<(), Error>,
) -> Result<Result<Verdict, String>, Error> {
    match grade::grade(&drawn.item, &drawn.layout, &text) {
        Ok(v) => {
            let result = result_of(drawn, deck, Some(text), Some(&v), spent);
            saved(Saving::Answer(i, &result))?;
            given[i] = Some(result);
            Ok(Ok(v))
        }
        Err(GradeError::Unrecognised(how)) => Ok(Err(how)),
        Err(GradeError::SelfRated) => unreachable!("flash cards are not drawn"),
    }
}

/// The start of a question, for the summary's rows.
fn first_words(text: &str) -> String {
    let line = text.lines().next().unwrap_or_default();
    let mut words = String::new();
    for word in line.split_whitespace() {
        if words.chars().count() + word.chars().count() > 48 {
            words.push('…');
            return words;
        }
        if !words.is_empty() {
            words.push(' ');
        }
        words.push_str(word);
    }
    words
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

/// What an attempt hands over to be kept as it goes: an answer, with its question's position, or the
/// positions of the questions now flagged.
#[derive(Debug)]
pub enum Saving<'a> {
    Answer(usize, &'a QuestionResult),
    Flags(&'a [usize]),
}

/// Who takes an attempt, and where it starts: afresh, or where an interrupted one stopped, with the
/// answers it saved and the clock counting from when it began, as Moodle's does.
#[derive(Debug)]
pub struct Attempt<'a> {
    pub student: &'a str,
    pub started: Option<DateTime<FixedOffset>>,
    /// By question, the results saved; empty for a fresh attempt.
    pub given: Vec<Option<QuestionResult>>,
    /// The positions of the questions flagged.
    pub flagged: Vec<usize>,
}

impl<'a> Attempt<'a> {
    pub fn new(student: &'a str) -> Self {
        Attempt {
            student,
            started: None,
            given: Vec::new(),
            flagged: Vec::new(),
        }
    }
}

/// Where a student is in a quiz.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum At {
    Question(usize),
    /// The summary, and the question to go back to when it was opened from one.
    Summary(Option<usize>),
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
    attempt: Attempt<'_>,
    prompter: &mut dyn Prompter,
    clock: &dyn Clock,
    saved: &mut dyn FnMut(Saving<'_>) -> Result<(), Error>,
) -> Result<Results, Error> {
    let student = attempt.student;
    let started = attempt.started.unwrap_or_else(|| clock.now());
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
    let mut given: Vec<Option<QuestionResult>> = if attempt.given.len() == n {
        attempt.given
    } else {
        vec![None; n]
    };
    let mut flagged = vec![false; n];
    for &i in attempt.flagged.iter().filter(|&&i| i < n) {
        flagged[i] = true;
    }
    let mut seconds: Vec<f64> = given
        .iter()
        .map(|g| g.as_ref().map_or(0.0, |r| r.seconds))
        .collect();
    let mut ended = "completed";
    // A resumed attempt goes on at its first unanswered question.
    let mut at = given
        .iter()
        .position(Option::is_none)
        .map_or(At::Summary(None), At::Question);
    // A question gone to from the summary leads back to it, not on to the next.
    let mut revisiting = false;
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
                let next = if i + 1 < n && !revisiting {
                    At::Question(i + 1)
                } else {
                    At::Summary(None)
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
                    if flagged[i] != reply.flagged {
                        flagged[i] = reply.flagged;
                        let positions: Vec<usize> = (0..n).filter(|&q| flagged[q]).collect();
                        saved(Saving::Flags(&positions))?;
                    }
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
                            match keep(deck, &drawn[i], i, text, &mut given, spent, saved)? {
                                Ok(verdict) => {
                                    if options.feedback == Feedback::Each {
                                        prompter.say(&feedback(
                                            deck,
                                            &drawn[i].item,
                                            Some(&verdict),
                                            prompter.marks(),
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
                                keep(deck, &drawn[i], i, text, &mut given, spent, saved)?.ok();
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
                        QuizMove::Summary => break At::Summary(Some(i)),
                        QuizMove::EndOfInput => {
                            if given.iter().any(Option::is_none) {
                                ended = "stopped";
                            }
                            break At::Done;
                        }
                        QuizMove::Stop => match confirm(prompter, &given, timer)? {
                            // The question is still on screen: ask again without showing it twice.
                            Confirm::KeepGoing => again = true,
                            Confirm::Review => break At::Summary(Some(i)),
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
            At::Summary(back_to) => {
                revisiting = false;
                let rows: Vec<String> = (0..n)
                    .map(|i| {
                        let state = if given[i].is_some() {
                            "answered"
                        } else {
                            "unanswered"
                        };
                        let flag = if flagged[i] { " · ⚑ flagged" } else { "" };
                        format!(
                            "{}. {state}{flag} · {}",
                            i + 1,
                            first_words(&questions[i].text)
                        )
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
                let choice = prompter.quiz_summary(&Summary {
                    title,
                    rows: &rows,
                    back_to,
                    first_unanswered: given.iter().position(Option::is_none),
                    timer,
                })?;
                at = match choice {
                    SummaryChoice::Question(i) => {
                        revisiting = true;
                        At::Question(i.min(n - 1))
                    }
                    SummaryChoice::Back => At::Question(back_to.unwrap_or(0).min(n - 1)),
                    SummaryChoice::Submit if unanswered == 0 => At::Done,
                    SummaryChoice::Submit | SummaryChoice::Stop => {
                        match confirm(prompter, &given, timer)? {
                            Confirm::KeepGoing | Confirm::Review => At::Summary(back_to),
                            Confirm::Submit => At::Done,
                            Confirm::InputEnded => {
                                ended = "stopped";
                                At::Done
                            }
                            Confirm::TimeUp => {
                                ended = "time-limit";
                                At::Done
                            }
                        }
                    }
                    // Input that ends at the closing summary (a script's last line) submits, as Enter
                    // would; elsewhere the quiz stopped short.
                    SummaryChoice::InputEnded => {
                        if unanswered > 0 && back_to.is_some() {
                            ended = "stopped";
                        }
                        At::Done
                    }
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
        format_version: results::PLAIN_VERSION,
        kartka_version: env!("CARGO_PKG_VERSION").to_string(),
        deck: DeckInfo {
            id: deck.id.clone(),
            title: deck.title.clone(),
            version: deck.version,
            hash: deck_hash(deck),
        },
        student: student.to_string(),
        started_at: started,
        // An attempt whose time ran out while it was cut short ended at its limit, not when it was reopened.
        finished_at: match timer.deadline {
            Some(deadline) if ended == "time-limit" => clock.now().min(deadline),
            _ => clock.now(),
        },
        seed: options.seed.clone(),
        per_student: options.per_student,
        shuffled: options.shuffle,
        time_limit: options.time_limit.map(|l| l.num_seconds().max(0) as u64),
        ended: ended.to_string(),
        max_score: answered.len() as f64,
        score,
        questions: answered,
        quiz: None,
    })
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;
    use std::rc::Rc;

    use super::*;
    use crate::deck::parse;
    use crate::prompt::Reply;
    use crate::quiz::draw;
    use crate::schedule::Rating;
    use chrono::Duration;

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
            seed: "t".into(),
            shuffle: true,
            ..Options::default()
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
            Attempt::new("A"),
            &mut student,
            &Manual(time),
            &mut |saving| {
                if let Saving::Answer(i, _) = saving {
                    positions.push(i);
                }
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
