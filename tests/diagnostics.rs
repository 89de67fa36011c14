//! Every deck mistake kartka diagnoses, with the exact text a teacher sees (rendered without colour).
//!
//! Each scenario is a deck (or the card added to a small deck) and the complete output of `kartka check`
//! for it.

#[allow(dead_code)]
mod support;

use support::checked::{HEAD, card, check};

/// A syntax error is located by the TOML parser.
#[test]
fn invalid_toml() {
    assert_eq!(
        check(
            r#"[deck
id = "demo"
"#
        ),
        r#"error: invalid TOML
 --> deck.toml:1:6
  |
1 | [deck
  |      ^ unclosed table, expected `]`
  |
  = help: `kartka help deck-format` shows the deck file syntax

"#
    );
}

/// A file without `[deck]` says how to start one.
#[test]
fn missing_deck_table() {
    assert_eq!(
        check(
            r#"[[cards]]
id = "a"
kind = "truefalse"
prompt = "?"
answer = true
explain = "x"
"#
        ),
        r#"error: missing `[deck]` table
 --> deck.toml:1:1
  |
1 | [[cards]]
  | ^ the deck starts here
  |
  = help: start the file with:
          [deck]
          id = "my-deck"
          title = "My deck"

warning: card `a` has no `source`
 --> deck.toml:3:8
  |
3 | kind = "truefalse"
  |        ^^^^^^^^^^^ this card
  |
  = help: add `source = "…"` naming a `[[sources]]` entry, so learners can check the fact

"#
    );
}

/// The deck id becomes part of every progress key, so it must be a slug; the help suggests one.
#[test]
fn deck_id_is_not_a_slug() {
    assert_eq!(
        check(
            r#"[deck]
id = "Belarus HTP"
title = "Demo"
[[cards]]
id = "a"
kind = "truefalse"
prompt = "Is it?"
answer = true
explain = "x"
"#
        ),
        r#"error: deck id `Belarus HTP` is not a slug
 --> deck.toml:2:6
  |
2 | id = "Belarus HTP"
  |      ^^^^^^^^^^^^^ not a slug
  |
  = help: use lowercase letters, digits and single hyphens: `id = "belarus-htp"`

warning: card `a` has no `source`
 --> deck.toml:6:8
  |
6 | kind = "truefalse"
  |        ^^^^^^^^^^^ this card
  |
  = help: add `source = "…"` naming a `[[sources]]` entry, so learners can check the fact

"#
    );
}

/// A misspelt key gets a did-you-mean, and the missing key it was meant to be is reported too.
#[test]
fn unknown_deck_key() {
    assert_eq!(
        check(
            r#"[deck]
id = "demo"
titel = "Demo"
"#
        ),
        r#"error: the deck has no `title`
 --> deck.toml:1:1
  |
1 | [deck]
  | ^^^^^^ `title` is required here
  |
  = help: add `title = "…"`

error: unknown key `titel` in `[deck]`
 --> deck.toml:3:1
  |
3 | titel = "Demo"
  | ^^^^^ unknown key
  |
  = help: did you mean `title`?

warning: the deck has no cards
--> deck.toml
 = help: add cards as `[[cards]]` tables; `kartka help deck-format` shows every kind

"#
    );
}

/// A deck written for a newer kartka says so instead of failing on unknown keys.
#[test]
fn newer_format() {
    assert_eq!(
        check(
            r#"[deck]
id = "demo"
title = "Demo"
format = 2
"#
        ),
        r#"error: this deck uses format 2, written for a newer kartka
 --> deck.toml:4:10
  |
4 | format = 2
  |          ^ this kartka reads format 1
  |
  = help: update kartka to study this deck

warning: the deck has no cards
--> deck.toml
 = help: add cards as `[[cards]]` tables; `kartka help deck-format` shows every kind

"#
    );
}

/// An unknown kind lists the kinds and suggests the closest.
#[test]
fn unknown_kind() {
    assert_eq!(
        check(&card(
            r#"id = "a"
kind = "multiple"
prompt = "Which?"
options = ["x", "y"]
answer = ["x"]
explain = "e"
source = "it-history"
"#
        )),
        r#"error: unknown card kind `multiple`
  --> deck.toml:11:8
   |
11 | kind = "multiple"
   |        ^^^^^^^^^^ not a card kind
   |
   = help: did you mean `multi`? the kinds are: flash, text, choice, multi, truefalse, number, cloze, order, match

"#
    );
}

/// Names from Moodle and Anki map to kartka's kinds.
#[test]
fn kind_from_another_tool() {
    assert_eq!(
        check(&card(
            r#"id = "a"
kind = "numerical"
prompt = "When?"
answer = 2005
explain = "e"
source = "it-history"
"#
        )),
        r#"error: unknown card kind `numerical`
  --> deck.toml:11:8
   |
11 | kind = "numerical"
   |        ^^^^^^^^^^^ not a card kind
   |
   = help: did you mean `number`? the kinds are: flash, text, choice, multi, truefalse, number, cloze, order, match

"#
    );
}

/// A missing field points at the card's kind, which is what requires it.
#[test]
fn missing_answer() {
    assert_eq!(
        check(&card(
            r#"id = "htp-founded"
kind = "number"
prompt = "When was the HTP founded?"
explain = "e"
source = "it-history"
"#
        )),
        r#"error: number card `htp-founded` has no `answer`
  --> deck.toml:11:8
   |
11 | kind = "number"
   |        ^^^^^^^^ this number card needs `answer`
   |
   = help: add `answer = 42`

"#
    );
}

/// A quoted number is the commonest type mistake.
#[test]
fn number_in_quotes() {
    assert_eq!(
        check(&card(
            r#"id = "htp-founded"
kind = "number"
prompt = "When was the HTP founded?"
answer = "2005"
explain = "e"
source = "it-history"
"#
        )),
        r#"error: `answer` must be a number, not a string
  --> deck.toml:13:10
   |
13 | answer = "2005"
   |          ^^^^^^ expected a number
   |
   = help: write the number without quotes: `answer = 2005`

"#
    );
}

/// The answer of a choice card must be one of its options, word for word.
#[test]
fn answer_not_among_options() {
    assert_eq!(
        check(&card(
            r#"id = "first"
kind = "choice"
prompt = "First private tech company?"
options = ["Dainova", "Belhard", "Belsoft"]
answer = "Dainva"
explain = "e"
source = "it-history"
"#
        )),
        r#"error: answer `Dainva` is not among the options
  --> deck.toml:14:10
   |
13 | options = ["Dainova", "Belhard", "Belsoft"]
   |           --------------------------------- the options
14 | answer = "Dainva"
   |          ^^^^^^^^ not one of the options
   |
   = help: did you mean `Dainova`? the answer must be one of the options, word for word

"#
    );
}

/// Progress is keyed on card ids, so a duplicate points at both places.
#[test]
fn duplicate_card_id() {
    assert_eq!(
        check(&card(
            r#"id = "a"
kind = "truefalse"
prompt = "One?"
answer = true
explain = "e"
source = "it-history"

[[cards]]
id = "a"
kind = "truefalse"
prompt = "Two?"
answer = false
explain = "e"
source = "it-history"
"#
        )),
        r#"error: duplicate card id `a`
  --> deck.toml:18:6
   |
10 | id = "a"
   |      --- first used here
...
18 | id = "a"
   |      ^^^ used again here
   |
   = help: give each card its own id; progress is kept per card id

"#
    );
}

/// A card citing an undeclared source gets the closest declared one.
#[test]
fn unknown_source() {
    assert_eq!(
        check(&card(
            r#"id = "a"
kind = "truefalse"
prompt = "Is it?"
answer = true
explain = "e"
source = "it-histroy"
"#
        )),
        r#"error: unknown source `it-histroy`
  --> deck.toml:15:10
   |
15 | source = "it-histroy"
   |          ^^^^^^^^^^^^ no `[[sources]]` entry has this id
   |
   = help: did you mean `it-history`?

"#
    );
}

/// A cloze text with nothing hidden has nothing to ask.
#[test]
fn cloze_without_deletions() {
    assert_eq!(
        check(&card(
            r#"id = "a"
kind = "cloze"
text = "The HTP was founded in 2005."
explain = "e"
source = "it-history"
"#
        )),
        r#"error: cloze card `a` has no deletions
  --> deck.toml:12:8
   |
12 | text = "The HTP was founded in 2005."
   |        ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ no `{{c1::…}}` in this text
   |
   = help: mark the words to hide, as in `The HTP was founded in {{c1::2005}}.`

"#
    );
}

/// A malformed deletion is pointed at inside the string.
#[test]
fn malformed_cloze() {
    assert_eq!(
        check(&card(
            r#"id = "a"
kind = "cloze"
text = "The HTP was founded in {{c1::2005}} by {{Tsepkalo}}."
explain = "e"
source = "it-history"
"#
        )),
        r#"error: malformed cloze deletion `{{Tsepkalo}}`
  --> deck.toml:12:48
   |
12 | text = "The HTP was founded in {{c1::2005}} by {{Tsepkalo}}."
   |                                                ^^^^^^^^^^^^ here
   |
   = help: write a deletion as `{{c1::answer}}` or `{{c1::answer::hint}}`, numbered from c1

"#
    );
}

/// A tolerance is a distance, never negative.
#[test]
fn negative_tolerance() {
    assert_eq!(
        check(&card(
            r#"id = "a"
kind = "number"
prompt = "Tax rate?"
answer = 9
unit = "%"
tolerance = -1
explain = "e"
source = "it-history"
"#
        )),
        r#"error: negative tolerance
  --> deck.toml:15:13
   |
15 | tolerance = -1
   |             ^^ must be zero or more
   |
   = help: a tolerance is a distance either side of the answer: write it without the minus sign

"#
    );
}

/// White space is not a question.
#[test]
fn empty_prompt() {
    assert_eq!(
        check(&card(
            r#"id = "a"
kind = "truefalse"
prompt = "  "
answer = true
explain = "e"
source = "it-history"
"#
        )),
        r#"error: empty `prompt`
  --> deck.toml:12:10
   |
12 | prompt = "  "
   |          ^^^^ nothing here
   |
   = help: write the prompt, or remove the key

"#
    );
}

/// Keys from other tools get a did-you-mean; the warning for the missing `explain` follows from it.
#[test]
fn unknown_card_key() {
    assert_eq!(
        check(&card(
            r#"id = "a"
kind = "truefalse"
prompt = "Is it?"
answer = true
explanation = "e"
source = "it-history"
"#
        )),
        r#"warning: card `a` has no `explain`
  --> deck.toml:11:8
   |
11 | kind = "truefalse"
   |        ^^^^^^^^^^^ this card
   |
   = help: add `explain = "…"`: a sentence on why the answer is right helps learners remember it

error: unknown key `explanation` in truefalse card `a`
  --> deck.toml:14:1
   |
14 | explanation = "e"
   | ^^^^^^^^^^^ unknown key
   |
   = help: did you mean `explain`?

"#
    );
}

/// A key that belongs to another kind says which.
#[test]
fn key_of_another_kind() {
    assert_eq!(
        check(&card(
            r#"id = "a"
kind = "text"
prompt = "Founder?"
answer = "Tsepkalo"
options = ["Tsepkalo", "Yanchevsky"]
explain = "e"
source = "it-history"
"#
        )),
        r#"error: unknown key `options` in text card `a`
  --> deck.toml:14:1
   |
14 | options = ["Tsepkalo", "Yanchevsky"]
   | ^^^^^^^ unknown key
   |
   = help: `options` belongs to choice and multi cards; remove it, or change `kind`

"#
    );
}

/// A multi card lists its answers.
#[test]
fn multi_answer_not_a_list() {
    assert_eq!(
        check(&card(
            r#"id = "a"
kind = "multi"
prompt = "Which?"
options = ["x", "y", "z"]
answer = "x"
explain = "e"
source = "it-history"
"#
        )),
        r#"error: `answer` must be an array, not a string
  --> deck.toml:14:10
   |
14 | answer = "x"
   |          ^^^ expected an array
   |
   = help: a multi card lists its correct options: `answer = ["x"]`; for one answer, use `kind = "choice"`

"#
    );
}

/// A quoted boolean.
#[test]
fn truefalse_in_quotes() {
    assert_eq!(
        check(&card(
            r#"id = "a"
kind = "truefalse"
prompt = "Is it?"
answer = "True"
explain = "e"
source = "it-history"
"#
        )),
        r#"error: `answer` must be true or false, not a string
  --> deck.toml:13:10
   |
13 | answer = "True"
   |          ^^^^^^ expected true or false
   |
   = help: write `answer = true` without quotes

"#
    );
}

/// Tags are typed on the command line, so they cannot contain spaces.
#[test]
fn tag_with_space() {
    assert_eq!(
        check(&card(
            r#"id = "a"
kind = "truefalse"
prompt = "Is it?"
answer = true
explain = "e"
source = "it-history"
tags = ["hi tech park"]
"#
        )),
        r#"error: tag `hi tech park` contains a space
  --> deck.toml:16:9
   |
16 | tags = ["hi tech park"]
   |         ^^^^^^^^^^^^^^ spaces are not allowed in tags
   |
   = help: tags are typed as single words, as in `--tag hi-tech-park`; use hyphens: `"hi-tech-park"`

"#
    );
}

/// Ordering one item asks nothing.
#[test]
fn order_with_one_item() {
    assert_eq!(
        check(&card(
            r#"id = "a"
kind = "order"
prompt = "Order them"
items = ["2005"]
explain = "e"
source = "it-history"
"#
        )),
        r#"error: an order card needs at least two items
  --> deck.toml:13:9
   |
13 | items = ["2005"]
   |         ^^^^^^^^ 1 item here
   |
   = help: list the items in their correct order; kartka shuffles them

"#
    );
}

/// A repeated left item would make the answer ambiguous.
#[test]
fn match_with_repeated_left() {
    assert_eq!(
        check(&card(
            r#"id = "a"
kind = "match"
prompt = "Match"
pairs = [["Tieto", "Finland"], ["SAP", "Germany"], ["Tieto", "Poland"]]
explain = "e"
source = "it-history"
"#
        )),
        r#"error: `Tieto` appears twice in `pairs`
  --> deck.toml:13:53
   |
13 | pairs = [["Tieto", "Finland"], ["SAP", "Germany"], ["Tieto", "Poland"]]
   |           ------- first here                        ^^^^^^^ repeated here
   |
   = help: remove the repeat, or reword one of them

"#
    );
}

/// Flash cards have a front, not a prompt.
#[test]
fn flash_with_prompt() {
    assert_eq!(
        check(&card(
            r#"id = "a"
kind = "flash"
prompt = "HTP"
back = "High Technologies Park"
explain = "e"
source = "it-history"
"#
        )),
        r#"error: flash card `a` has no `front`
  --> deck.toml:11:8
   |
11 | kind = "flash"
   |        ^^^^^^^ this flash card needs `front`
   |
   = help: add `front = "…"`

error: flash card `a` has a `prompt`
  --> deck.toml:12:10
   |
12 | prompt = "HTP"
   |          ^^^^^ flash cards have no prompt
   |
   = help: rename `prompt` to `front`

"#
    );
}

/// A card missing its id and kind gets both errors, at the card's header.
#[test]
fn card_without_id_or_kind() {
    assert_eq!(
        check(&card(
            r#"prompt = "Is it?"
answer = true
"#
        )),
        r#"error: card has no `id`
 --> deck.toml:9:1
  |
9 | [[cards]]
  | ^^^^^^^^^ this card
  |
  = help: add `id = "…"`: it must stay the same, since progress is kept under it

error: card has no `kind`
 --> deck.toml:9:1
  |
9 | [[cards]]
  | ^^^^^^^^^ this card
  |
  = help: add `kind = "…"`, one of: flash, text, choice, multi, truefalse, number, cloze, order, match

"#
    );
}

/// Legal but likely mistakes are warnings, and the deck still loads.
#[test]
fn warnings_only() {
    assert_eq!(
        check(&card(
            r#"id = "a"
kind = "choice"
prompt = "Which?"
options = ["EPAM", "Viber", "EPAM"]
answer = "Viber"
"#
        )),
        r#"warning: card `a` has no `explain`
  --> deck.toml:11:8
   |
11 | kind = "choice"
   |        ^^^^^^^^ this card
   |
   = help: add `explain = "…"`: a sentence on why the answer is right helps learners remember it

warning: card `a` has no `source`
  --> deck.toml:11:8
   |
11 | kind = "choice"
   |        ^^^^^^^^ this card
   |
   = help: add `source = "…"` naming a `[[sources]]` entry, so learners can check the fact

warning: `EPAM` appears twice in `options`
  --> deck.toml:13:29
   |
13 | options = ["EPAM", "Viber", "EPAM"]
   |            ------           ^^^^^^ repeated here
   |            |
   |            first here
   |
   = help: remove the repeat, or reword one of them

"#
    );
}

/// Every problem is reported in one run, in file order.
#[test]
fn every_problem_in_one_run() {
    assert_eq!(
        check(
            r#"[deck]
id = "Demo Deck"
title = "Demo"

[[cards]]
id = "a"
kind = "choise"
prompt = "Which?"

[[cards]]
id = "b"
kind = "number"
prompt = ""
answer = 1
tolerance = -2
explain = "e"
"#
        ),
        r#"error: deck id `Demo Deck` is not a slug
 --> deck.toml:2:6
  |
2 | id = "Demo Deck"
  |      ^^^^^^^^^^^ not a slug
  |
  = help: use lowercase letters, digits and single hyphens: `id = "demo-deck"`

error: unknown card kind `choise`
 --> deck.toml:7:8
  |
7 | kind = "choise"
  |        ^^^^^^^^ not a card kind
  |
  = help: did you mean `choice`? the kinds are: flash, text, choice, multi, truefalse, number, cloze, order, match

warning: card `b` has no `source`
  --> deck.toml:12:8
   |
12 | kind = "number"
   |        ^^^^^^^^ this card
   |
   = help: add `source = "…"` naming a `[[sources]]` entry, so learners can check the fact

error: empty `prompt`
  --> deck.toml:13:10
   |
13 | prompt = ""
   |          ^^ nothing here
   |
   = help: write the prompt, or remove the key

error: negative tolerance
  --> deck.toml:15:13
   |
15 | tolerance = -2
   |             ^^ must be zero or more
   |
   = help: a tolerance is a distance either side of the answer: write it without the minus sign

"#
    );
}

/// Raw control characters are invalid TOML and are shown as visible symbols, never sent to the terminal.
#[test]
fn raw_control_characters() {
    assert_eq!(
        check(&card(
            "id = \"a\"\nkind = \"\u{1b}[2J\"\nprompt = \"Is it?\"\nanswer = true\nexplain = \"e\"\nsource = \"it-history\"\n"
        )),
        r#"error: invalid TOML
  --> deck.toml:11:9
   |
11 | kind = "␛[2J"
   |         ^ invalid basic string, expected non-double-quote visible characters, `\`
   |
   = help: `kartka help deck-format` shows the deck file syntax

"#
    );
}

/// Escape sequences written as TOML escapes reach the message, neutralised.
#[test]
fn escaped_control_characters() {
    assert_eq!(
        check(&card(
            r#"id = "a"
kind = "\u001b[2J\u001b]0;pwned\u0007"
prompt = "Is it?"
answer = true
explain = "e"
source = "it-history"
"#
        )),
        r#"error: unknown card kind `␛[2J␛]0;pwned␇`
  --> deck.toml:11:8
   |
11 | kind = "\u001b[2J\u001b]0;pwned\u0007"
   |        ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ not a card kind
   |
   = help: the kinds are: flash, text, choice, multi, truefalse, number, cloze, order, match

"#
    );
}

/// One missing `]` is one error, at the bracket left open, however much of the file follows it.
#[test]
fn unclosed_array_is_one_error_at_its_bracket() {
    assert_eq!(
        check(
            r#"[deck]
id = "demo"
title = "Demo"
authors = ["Ann", "Bob"
version = 1
tags = ["example"]

[[cards]]
id = "a"
kind = "truefalse"
prompt = "Is it?"
answer = true
"#
        ),
        r#"error: invalid TOML: unclosed array
 --> deck.toml:4:11
  |
4 | authors = ["Ann", "Bob"
  |           ^ this `[` is never closed
5 | version = 1
  | - the next line starts a new key, so `]` is missing before it
  |
  = help: add `]` where the array ends; `kartka help deck-format` shows the deck file syntax

"#
    );
}

/// A missing comma inside a multi-line array is that, not an unclosed array.
#[test]
fn missing_comma_in_a_multiline_array() {
    assert_eq!(
        check(&card(
            r#"id = "a"
kind = "order"
prompt = "Order them"
items = [
  "first"
  "second",
]
"#
        )),
        r#"error: invalid TOML
  --> deck.toml:15:3
   |
15 |   "second",
   |   ^ missing comma between array elements, expected `,`
   |
   = help: `kartka help deck-format` shows the deck file syntax

"#
    );
}

/// A misspelt required key is one mistake: the unknown key, not also the missing one.
#[test]
fn misspelt_required_key_is_one_error() {
    assert_eq!(
        check(&card(
            r#"id = "a"
kind = "text"
promt = "Which year?"
answer = "2005"
explain = "e"
source = "it-history"
"#
        )),
        r#"error: unknown key `promt` in text card `a`
  --> deck.toml:12:1
   |
12 | promt = "Which year?"
   | ^^^^^ unknown key
   |
   = help: did you mean `prompt`?

"#
    );
    assert_eq!(
        check(&card(
            r#"id = "a"
knd = "text"
prompt = "Which year?"
answer = "2005"
"#
        )),
        r#"error: card `a` has no `kind`
  --> deck.toml:11:1
   |
11 | knd = "text"
   | ^^^ did you mean `kind` for `knd`?
   |
   = help: rename it to `kind`; the kinds are: flash, text, choice, multi, truefalse, number, cloze, order, match

"#
    );
}

/// A cloze card's `accept` is a table keyed by deletion number: a number the text does not have is pointed
/// at with the nearest one it does, and a value that is not a list of strings is a type error.
#[test]
fn cloze_accept_names_deletions_of_the_card() {
    assert_eq!(
        check(&card(
            r#"id = "a"
kind = "cloze"
explain = "e"
source = "it-history"
text = "The {{c1::Hi-Tech Park}} opened in {{c2::2005}}."
accept = { c1 = ["High Technologies Park"], c3 = ["2006"] }
"#
        )),
        r#"error: `accept` names no deletion `c3` of this card
  --> deck.toml:15:45
   |
15 | accept = { c1 = ["High Technologies Park"], c3 = ["2006"] }
   |                                             ^^ no such deletion
   |
   = help: this card's deletions are c1, c2

"#
    );
    assert_eq!(
        check(&card(
            r#"id = "a"
kind = "cloze"
explain = "e"
source = "it-history"
text = "The {{c1::Hi-Tech Park}} opened in {{c2::2005}}."
accept = { park = ["HTP"], 1 = ["High Technologies Park"] }
"#
        )),
        r#"error: `accept` names no deletion `park` of this card
  --> deck.toml:15:12
   |
15 | accept = { park = ["HTP"], 1 = ["High Technologies Park"] }
   |            ^^^^ no such deletion
   |
   = help: this card's deletions are c1, c2

error: `accept` names no deletion `1` of this card
  --> deck.toml:15:28
   |
15 | accept = { park = ["HTP"], 1 = ["High Technologies Park"] }
   |                            ^ no such deletion
   |
   = help: did you mean `c1`?

"#
    );
    assert_eq!(
        check(&card(
            r#"id = "a"
kind = "cloze"
explain = "e"
source = "it-history"
text = "The {{c1::Hi-Tech Park}} opened in 2005."
accept = { c1 = "High Technologies Park" }
"#
        )),
        r#"error: `accept.c1` must be an array, not a string
  --> deck.toml:15:17
   |
15 | accept = { c1 = "High Technologies Park" }
   |                 ^^^^^^^^^^^^^^^^^^^^^^^^ expected an array
   |
   = help: write a list: `accept.c1 = ["High Technologies Park"]`

"#
    );
    assert_eq!(
        check(&card(
            r#"id = "a"
kind = "cloze"
explain = "e"
source = "it-history"
text = "The {{c1::Hi-Tech Park}} opened in 2005."
accept = ["High Technologies Park"]
"#
        )),
        r#"error: `accept` must be a table, not an array
  --> deck.toml:15:10
   |
15 | accept = ["High Technologies Park"]
   |          ^^^^^^^^^^^^^^^^^^^^^^^^^^ expected a table
   |
   = help: on a cloze card, `accept` lists other answers per deletion: `accept = { c1 = ["another answer"] }`

"#
    );
}

/// A card that gives another's answer away names both cards, where it shows the answer and how to fix it.
/// (Its explanation names only "Tsepkalo", which `founder` does not accept: no note.)
#[test]
fn one_card_gives_another_answer_away() {
    let source = format!(
        r#"{HEAD}
[[cards]]
id = "founder"
kind = "text"
prompt = "Who founded the Hi-Tech Park?"
answer = "Valery Tsepkalo"
explain = "He was its first director."
source = "it-history"

[[cards]]
id = "decree"
kind = "truefalse"
prompt = "Valery Tsepkalo's park was set up by a decree in 2005."
answer = true
explain = "Tsepkalo pushed for the decree."
source = "it-history"
"#
    );
    let rendered = check(&source);
    let documented = include_str!("../docs/deck-format.md");
    assert!(
        documented.contains(rendered.trim_end()),
        "docs/deck-format.md shows this warning as it is:\n{rendered}"
    );
    assert_eq!(
        rendered,
        r#"warning: card `decree` gives away the answer of card `founder`
  --> deck.toml:18:6
   |
10 | id = "founder"
   |      --------- `founder` asks for it
...
18 | id = "decree"
   |      ^^^^^^^^ shows “Valery Tsepkalo” in its prompt
   |
   = help: reword the prompt of `decree` so it does not say “Valery Tsepkalo”; if the pair is meant, add `gives_away = ["founder"]` to `decree`

"#
    );
}

/// Pairs of give-aways grow with the square of the cards sharing an answer; past a hundred thousand the
/// check says so in one warning instead of listing them (20,000 imported notes made 10 GiB of them).
#[test]
fn a_deck_of_mostly_shared_answers_gets_one_warning_not_a_pair_each() {
    let mut deck = String::from("[deck]\nid = \"cities\"\ntitle = \"Cities\"\n");
    for n in 0..400 {
        deck.push_str(&format!(
            "\n[[cards]]\nid = \"c{n}\"\nkind = \"text\"\nprompt = \"Is town {n} bigger than Minsk? Name the capital.\"\nanswer = \"Minsk\"\n"
        ));
    }
    let loaded = kartka::deck::parse(&deck);
    assert!(loaded.deck.is_some());
    let shared: Vec<&str> = loaded
        .diagnostics
        .iter()
        .map(|d| d.message.as_str())
        .filter(|m| {
            m.contains("share answers") || m.contains("gives away") || m.contains("given away")
        })
        .collect();
    assert_eq!(
        shared,
        ["more than 100000 pairs of cards share answers, so they are not listed one by one"]
    );
}
