//! Moodle XML (docs.moodle.org/en/Moodle_XML_format), in and out: what Moodle imports with more
//! fidelity than GIFT, including units, cloze (embedded answers) and ordering. `read` fills the neutral
//! question model as Moodle's own importer reads a file; `export` writes a deck in the forms that
//! importer accepts (its grade list, its cloze escapes) and says what it leaves out.

mod cloze;
mod gaps;

mod read;
mod tree;
mod write;

pub use read::read;
pub use write::export;
