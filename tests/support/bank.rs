//! Building the neutral question model's parts in tests of the readers (GIFT, Moodle XML), and finding a
//! question by its name.

use kartka::interop::draft::Warning;
use kartka::interop::question::{Answer, Bank, NumericAnswer, Question};

/// The question named `name`.
pub fn named<'a>(bank: &'a Bank, name: &str) -> &'a Question {
    bank.questions
        .iter()
        .find(|q| q.name.as_deref() == Some(name))
        .unwrap_or_else(|| panic!("no question {name} in {bank:#?}"))
}

pub fn answer(text: &str, credit: f64, feedback: Option<&str>) -> Answer {
    Answer {
        text: text.into(),
        credit,
        feedback: feedback.map(Into::into),
    }
}

pub fn number(value: f64, tolerance: f64, credit: f64, feedback: Option<&str>) -> NumericAnswer {
    NumericAnswer {
        value,
        tolerance,
        credit,
        feedback: feedback.map(Into::into),
    }
}

pub fn warning(line: usize, message: &str) -> Warning {
    Warning {
        line: Some(line),
        message: message.into(),
    }
}
