//! The neutral question model every reader fills (GIFT, Moodle XML, Anki) and one mapping
//! (`interop::cards`) turns into kartka cards. It holds what the source said, in the source's terms
//! (Moodle's fractions, Anki's fields), as plain text: readers turn HTML and escapes into text, the mapping
//! decides what a card can carry and warns of the rest.

use super::draft::Warning;

/// What a reader found in one file: its questions in file order, and what it passed over.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Bank {
    pub questions: Vec<Question>,
    /// Questions skipped whole (an essay, a question with no right answer, a note without text), each
    /// with the line it started on and why.
    pub warnings: Vec<Warning>,
}

/// One question as the source holds it.
#[derive(Debug, Clone, PartialEq)]
pub struct Question {
    /// Where it starts in the source: a line for text formats, the element's line in XML, none for a
    /// package (where `name` says which note).
    pub line: Option<usize>,
    /// Its name in the source (GIFT's `::title::`, Moodle XML's `<name>`), used for its card id.
    pub name: Option<String>,
    /// A stable identity when the source has one (an Anki note's GUID): imported again, the card keeps
    /// its id and so its progress.
    pub guid: Option<String>,
    /// The question text, as plain text.
    pub text: String,
    /// Feedback shown whatever the answer (Moodle's general feedback, GIFT's `####`).
    pub general_feedback: Option<String>,
    /// Categories, Anki tags and subdecks, already as kartka tags.
    pub tags: Vec<String>,
    pub kind: Kind,
    /// What the reader already had to change or leave out of this question (an image, a penalty), for
    /// the mapping to report with its own warnings.
    pub notes: Vec<String>,
}

/// A question's answers, by what the source calls its type.
#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    /// Two sides rated by the learner (an Anki Basic note). `reverse` asks the back too.
    Flash {
        front: String,
        back: String,
        reverse: bool,
    },
    /// Options to pick from. `single`: one answer is picked (Moodle's "one answer only"), else any number
    /// are ticked. Each option's credit is Moodle's fraction (-1 to 1).
    Choice { options: Vec<Answer>, single: bool },
    TrueFalse {
        answer: bool,
        /// Shown when the learner answered true, and when they answered false.
        feedback_true: Option<String>,
        feedback_false: Option<String>,
    },
    /// A typed answer: each accepted text with its credit, as Moodle's short answer reads them: `*` is a
    /// wildcard (alone, any answer), `\*` an asterisk.
    Short {
        answers: Vec<Answer>,
        case_sensitive: bool,
    },
    Numerical {
        answers: Vec<NumericAnswer>,
        /// Units with their multipliers; the first (multiplier 1) is the answer's own unit.
        units: Vec<(String, f64)>,
    },
    /// Pairs to match, and right-hand sides that match nothing (Moodle's distractors).
    Matching {
        pairs: Vec<(String, String)>,
        distractors: Vec<String>,
    },
    /// Items in their right order.
    Ordering { items: Vec<String> },
    /// A text with gaps, each gap a question of its own (Moodle's embedded answers, Anki's Cloze).
    Cloze { parts: Vec<ClozePart> },
}

/// One answer of a choice or short-answer question.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    pub text: String,
    /// Moodle's fraction: 1 full credit, 0 none, negative a penalty.
    pub credit: f64,
    pub feedback: Option<String>,
}

/// One accepted number: within `tolerance` either side of `value` earns `credit`. An infinite
/// `tolerance` accepts any number (Moodle's `*` answer, which carries feedback for every other answer).
#[derive(Debug, Clone, PartialEq)]
pub struct NumericAnswer {
    pub value: f64,
    pub tolerance: f64,
    pub credit: f64,
    pub feedback: Option<String>,
}

/// A cloze text in order: plain text, and gaps.
#[derive(Debug, Clone, PartialEq)]
pub enum ClozePart {
    Text(String),
    Gap(Gap),
}

/// One gap of a cloze: numbered as in Anki (`c2`), or in reading order for Moodle.
#[derive(Debug, Clone, PartialEq)]
pub struct Gap {
    pub number: u32,
    /// The accepted answers, the first the one shown as right; for a choice gap, every option with its
    /// credit.
    pub answers: Vec<Answer>,
    /// A choice gap (Moodle's MULTICHOICE) rather than a typed one.
    pub choice: bool,
    pub hint: Option<String>,
}

impl Answer {
    pub fn new(text: impl Into<String>, credit: f64) -> Answer {
        Answer {
            text: text.into(),
            credit,
            feedback: None,
        }
    }
}

impl Question {
    pub fn new(line: Option<usize>, text: impl Into<String>, kind: Kind) -> Question {
        Question {
            line,
            name: None,
            guid: None,
            text: text.into(),
            general_feedback: None,
            tags: Vec::new(),
            kind,
            notes: Vec::new(),
        }
    }
}
