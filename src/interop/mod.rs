//! Decks in and out of other tools' formats: CSV and TSV, Moodle GIFT and XML, Anki, Markdown.

pub mod anki;
pub mod cards;
pub mod csv;
pub mod draft;
pub mod gift;
pub mod history;
pub mod html;
pub mod markdown;
pub mod moodle_grades;
pub mod moodle_xml;
pub mod question;
pub mod write;

use std::path::Path;

use crate::Error;

/// Writes a new file: never over an existing one unless `force`, and readable once complete (written
/// beside it, then renamed).
pub fn write_new(path: &Path, text: &str, force: bool) -> Result<(), Error> {
    crate::atomic::write(path, text.as_bytes(), force, crate::atomic::Access::Shared)
}

/// How an item's options, items or pairs are laid out in an export meant for people (a handout, Anki, CSV):
/// shuffled, so that the right option is not always first, and seeded by deck and card so that the
/// same deck exports the same way every time.
pub fn layout_for_people(
    deck: &crate::deck::Deck,
    item: &crate::deck::Item<'_>,
) -> crate::grade::Layout {
    use rand::SeedableRng;
    let key = format!("{}/{}", deck.id, item.id());
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(crate::schedule::seed(&key, 0));
    crate::grade::Layout::shuffled(item, &mut rng)
}
