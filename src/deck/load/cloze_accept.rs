//! `accept` on a cloze card: a table of alternatives keyed by deletion number, `accept = { c1 = ["…"] }`.
//!
//! A table beside the text rather than a mark inside `{{c1::…}}`, because inside the braces `::` already
//! means a hint in Anki and `|`, `~` and `=` mean other things in Anki add-ons, GIFT and Moodle.

use toml::de::DeValue;

use super::{Checker, Value};
use crate::deck::diagnostic::Diagnostic;
use crate::deck::model::Deletion;
use crate::suggest;

const EXAMPLE: &str = "accept = { c1 = [\"another answer\"] }";

impl Checker {
    /// Gives each deletion the alternatives `accept` lists for its number. `None` when `accept` is wrong.
    pub(super) fn cloze_accept(
        &mut self,
        accept: Option<&Value<'_>>,
        deletions: &mut [Deletion],
    ) -> Option<()> {
        let Some(accept) = accept else {
            return Some(());
        };
        let DeValue::Table(table) = accept.get_ref() else {
            self.wrong_type(
                "accept",
                accept,
                "a table",
                Some(format!(
                    "on a cloze card, `accept` lists other answers per deletion: `{EXAMPLE}`"
                )),
            );
            return None;
        };
        let mut numbers: Vec<u32> = deletions.iter().map(|d| d.number).collect();
        numbers.sort_unstable();
        numbers.dedup();
        let names: Vec<String> = numbers.iter().map(|n| format!("c{n}")).collect();
        let mut ok = true;
        for (key, value) in table.iter() {
            let name = key.get_ref().as_ref();
            let Some(number) = numbers
                .iter()
                .zip(&names)
                .find(|(_, n)| n.as_str() == name)
                .map(|(number, _)| *number)
            else {
                ok = false;
                let help = match suggest::closest(name, names.iter().map(String::as_str))
                    .or_else(|| same_number(name, &names))
                {
                    Some(meant) => format!("did you mean `{meant}`?"),
                    None => format!("this card's deletions are {}", names.join(", ")),
                };
                self.push(
                    Diagnostic::error(format!("`accept` names no deletion `{name}` of this card"))
                        .at(key.span(), "no such deletion")
                        .help(help),
                );
                continue;
            };
            let Some(alternatives) = self.strings(&format!("accept.{name}"), value) else {
                ok = false;
                continue;
            };
            for d in deletions.iter_mut().filter(|d| d.number == number) {
                d.accept.clone_from(&alternatives);
            }
        }
        ok.then_some(())
    }
}

/// The deletion a key such as `1`, `C1` or `c01` means by its number.
fn same_number<'a>(key: &str, names: &'a [String]) -> Option<&'a str> {
    let number: u32 = key.trim_start_matches(['c', 'C']).parse().ok()?;
    let wanted = format!("c{number}");
    names.iter().map(String::as_str).find(|n| *n == wanted)
}
