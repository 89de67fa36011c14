//! Each card kind as an xAPI interaction: its interactionType, its correct responses written in the
//! specification's response syntax, the components those responses name, and a learner's response in the
//! same syntax.
//!
//! Components are named by their place in the card as written (`o1`, `i2`, `l3`, `r1`), never by where
//! they were shown: options are shuffled per learner, and the teacher compares learners.

use super::{Component, Definition, language_map};
use crate::deck::{Body, Facet, Item, Tolerance, cloze};
use crate::grade::{self, Given};

/// The interaction an item is, its definition's `type` being cmi.interaction.
pub fn definition(item: &Item<'_>, language: &str) -> Definition {
    let card = item.card;
    let lang = |text: &str| language_map(language, text);
    let components = |prefix: &str, texts: &mut dyn Iterator<Item = &String>| -> Vec<Component> {
        texts
            .enumerate()
            .map(|(i, t)| Component {
                id: format!("{prefix}{}", i + 1),
                description: lang(t),
            })
            .collect()
    };
    let prompt = card.prompt.clone().unwrap_or_else(|| item.id());
    let mut d = Definition {
        kind: super::CMI_INTERACTION.into(),
        name: lang(&prompt),
        ..Definition::default()
    };
    let (kind, patterns): (&str, Vec<String>) = match (&card.body, item.facet) {
        (Body::Flash { front, back, .. }, facet) => {
            d.name = lang(if facet == Facet::Reverse { back } else { front });
            ("other", vec![])
        }
        (
            Body::Text {
                answer,
                accept,
                case_sensitive,
                ..
            },
            _,
        ) => (
            "fill-in",
            std::iter::once(answer)
                .chain(accept)
                .map(|a| format!("{{case_matters={case_sensitive}}}{a}"))
                .collect(),
        ),
        (
            Body::Choice {
                options, answer, ..
            },
            _,
        ) => {
            d.choices = components("o", &mut options.iter());
            ("choice", vec![ids("o", &[*answer])])
        }
        (
            Body::Multi {
                options, answers, ..
            },
            _,
        ) => {
            d.choices = components("o", &mut options.iter());
            ("choice", vec![ids("o", answers)])
        }
        (Body::TrueFalse { answer, .. }, _) => ("true-false", vec![answer.to_string()]),
        (
            Body::Number {
                answer, tolerance, ..
            },
            _,
        ) => {
            let margin = match tolerance {
                Tolerance::Absolute(t) => *t,
                Tolerance::Percent(p) => answer.abs() * p / 100.0,
            };
            let pattern = if margin > 0.0 {
                format!("{}[:]{}", answer - margin, answer + margin)
            } else {
                answer.to_string()
            };
            ("numeric", vec![pattern])
        }
        (Body::Cloze { text, deletions }, facet) => {
            let number = match facet {
                Facet::Cloze(n) => n,
                _ => 0,
            };
            d.name = lang(&cloze::question(text, deletions, number));
            let blanks: Vec<_> = deletions.iter().filter(|b| b.number == number).collect();
            let mut patterns = vec![
                blanks
                    .iter()
                    .map(|b| b.answer.as_str())
                    .collect::<Vec<_>>()
                    .join("[,]"),
            ];
            // Alternatives of a single blank are whole correct responses; of several, they would multiply.
            if let [only] = blanks.as_slice() {
                patterns.extend(only.accept.iter().cloned());
            }
            ("fill-in", patterns)
        }
        (Body::Order { items }, _) => {
            d.choices = components("i", &mut items.iter());
            let all: Vec<usize> = (0..items.len()).collect();
            ("sequencing", vec![ids("i", &all)])
        }
        (Body::Match { pairs }, _) => {
            // Several left items may share a right side: the targets are the distinct ones, as offered.
            let rights: Vec<String> = grade::choices(item).into_iter().map(String::from).collect();
            d.source = components("l", &mut pairs.iter().map(|(l, _)| l));
            d.target = components("r", &mut rights.iter());
            let pattern = pairs
                .iter()
                .enumerate()
                .map(|(i, (_, right))| {
                    let r = rights.iter().position(|x| x == right).unwrap_or(0);
                    format!("l{}[.]r{}", i + 1, r + 1)
                })
                .collect::<Vec<_>>()
                .join("[,]");
            ("matching", vec![pattern])
        }
    };
    d.interaction_type = Some(kind.into());
    d.correct_responses_pattern = patterns;
    if !card.tags.is_empty() {
        d.extensions
            .insert(super::EXT_TAGS.to_string(), card.tags.clone().into());
    }
    d
}

/// A response in the syntax of the item's interactionType; `None` for a recalled flash card.
pub fn response(r: &Given) -> Option<String> {
    match r {
        Given::Recalled => None,
        Given::Options(picked) => Some(ids("o", picked)),
        Given::TrueFalse(b) => Some(b.to_string()),
        Given::Typed(blanks) => Some(blanks.join("[,]")),
        Given::Number(n) => Some(n.to_string()),
        Given::Sequence(order) => Some(ids("i", order)),
        Given::Pairs(pairs) => Some(
            pairs
                .iter()
                .map(|(l, r)| format!("l{}[.]r{}", l + 1, r + 1))
                .collect::<Vec<_>>()
                .join("[,]"),
        ),
    }
}

/// Component ids for places in the card (from 0), joined as a response lists them.
fn ids(prefix: &str, places: &[usize]) -> String {
    places
        .iter()
        .map(|i| format!("{prefix}{}", i + 1))
        .collect::<Vec<_>>()
        .join("[,]")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::{Card, Deletion, Typos};

    fn card(body: Body) -> Card {
        Card {
            id: "c".into(),
            prompt: Some("Q?".into()),
            explain: None,
            source: None,
            tags: vec![],
            body,
        }
    }

    /// interactionType, correct responses, component ids (choices, source, target), and the name.
    fn shape(card: &Card, facet: Facet) -> (String, Vec<String>, Vec<String>, String) {
        let d = definition(&Item { card, facet }, "en");
        assert_eq!(d.kind, crate::xapi::CMI_INTERACTION);
        let ids = d
            .choices
            .iter()
            .chain(&d.source)
            .chain(&d.target)
            .map(|c| c.id.clone())
            .collect();
        (
            d.interaction_type.unwrap(),
            d.correct_responses_pattern,
            ids,
            d.name["en"].clone(),
        )
    }

    fn strings(s: &[&str]) -> Vec<String> {
        s.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn flash_is_other_named_by_the_side_asked() {
        let c = card(Body::Flash {
            front: "front".into(),
            back: "back".into(),
            reverse: true,
        });
        assert_eq!(
            shape(&c, Facet::Main),
            ("other".into(), vec![], vec![], "front".into())
        );
        assert_eq!(shape(&c, Facet::Reverse).3, "back");
        assert_eq!(response(&Given::Recalled), None);
    }

    #[test]
    fn text_is_fill_in_with_each_accepted_answer() {
        let c = card(Body::Text {
            answer: "Minsk".into(),
            accept: strings(&["Miensk"]),
            case_sensitive: false,
            accent_sensitive: false,
            typos: Typos::Auto,
            per_answer: Default::default(),
        });
        let (kind, patterns, ids, _) = shape(&c, Facet::Main);
        assert_eq!(kind, "fill-in");
        assert_eq!(
            patterns,
            strings(&["{case_matters=false}Minsk", "{case_matters=false}Miensk"])
        );
        assert!(ids.is_empty());
        assert_eq!(
            response(&Given::Typed(strings(&["minsk"]))).unwrap(),
            "minsk"
        );
    }

    #[test]
    fn choice_and_multi_are_choice_by_place_in_the_card() {
        let options = strings(&["a", "b", "c"]);
        let one = card(Body::Choice {
            options: options.clone(),
            answer: 1,
            per_answer: Default::default(),
        });
        assert_eq!(
            shape(&one, Facet::Main),
            (
                "choice".into(),
                strings(&["o2"]),
                strings(&["o1", "o2", "o3"]),
                "Q?".into()
            )
        );
        let several = card(Body::Multi {
            options,
            answers: vec![0, 2],
            per_answer: Default::default(),
        });
        assert_eq!(shape(&several, Facet::Main).1, strings(&["o1[,]o3"]));
        assert_eq!(response(&Given::Options(vec![2, 0])).unwrap(), "o3[,]o1");
    }

    #[test]
    fn truefalse_is_true_false() {
        let c = card(Body::TrueFalse {
            answer: false,
            per_answer: Default::default(),
        });
        let (kind, patterns, _, _) = shape(&c, Facet::Main);
        assert_eq!(
            (kind.as_str(), patterns),
            ("true-false", strings(&["false"]))
        );
        assert_eq!(response(&Given::TrueFalse(true)).unwrap(), "true");
    }

    #[test]
    fn number_is_numeric_with_its_tolerance_as_a_range() {
        let exact = card(Body::Number {
            answer: 2005.0,
            tolerance: Tolerance::Absolute(0.0),
            unit: None,
        });
        let (kind, patterns, _, _) = shape(&exact, Facet::Main);
        assert_eq!((kind.as_str(), patterns), ("numeric", strings(&["2005"])));
        let near = card(Body::Number {
            answer: 200.0,
            tolerance: Tolerance::Percent(5.0),
            unit: Some("km".into()),
        });
        assert_eq!(shape(&near, Facet::Main).1, strings(&["190[:]210"]));
        assert_eq!(response(&Given::Number(2004.5)).unwrap(), "2004.5");
    }

    #[test]
    fn cloze_is_fill_in_of_the_blanks_of_its_number() {
        let text =
            "{{c1::Minsk}} is on the {{c2::Svislach}}; {{c1::it}} is the capital.".to_string();
        let deletions: Vec<Deletion> = cloze::parse(&text)
            .unwrap()
            .into_iter()
            .map(|mut d| {
                if d.number == 2 {
                    d.accept = strings(&["Svislač"]);
                }
                d
            })
            .collect();
        let c = Card {
            prompt: None,
            ..card(Body::Cloze { text, deletions })
        };
        let (kind, patterns, _, name) = shape(&c, Facet::Cloze(1));
        assert_eq!(kind, "fill-in");
        assert_eq!(patterns, strings(&["Minsk[,]it"]));
        assert!(
            !name.contains("Minsk") && name.contains("Svislach"),
            "{name}"
        );
        assert_eq!(
            shape(&c, Facet::Cloze(2)).1,
            strings(&["Svislach", "Svislač"])
        );
        assert_eq!(
            response(&Given::Typed(strings(&["Minsk", "it"]))).unwrap(),
            "Minsk[,]it"
        );
    }

    #[test]
    fn order_is_sequencing() {
        let c = card(Body::Order {
            items: strings(&["first", "second", "third"]),
        });
        assert_eq!(
            shape(&c, Facet::Main),
            (
                "sequencing".into(),
                strings(&["i1[,]i2[,]i3"]),
                strings(&["i1", "i2", "i3"]),
                "Q?".into()
            )
        );
        assert_eq!(
            response(&Given::Sequence(vec![1, 0, 2])).unwrap(),
            "i2[,]i1[,]i3"
        );
    }

    #[test]
    fn match_is_matching_of_sources_to_targets() {
        let c = card(Body::Match {
            pairs: vec![
                ("Minsk".into(), "Belarus".into()),
                ("Vilnius".into(), "Lithuania".into()),
            ],
        });
        assert_eq!(
            shape(&c, Facet::Main),
            (
                "matching".into(),
                strings(&["l1[.]r1[,]l2[.]r2"]),
                strings(&["l1", "l2", "r1", "r2"]),
                "Q?".into()
            )
        );
        assert_eq!(
            response(&Given::Pairs(vec![(0, 1), (1, 0)])).unwrap(),
            "l1[.]r2[,]l2[.]r1"
        );
    }

    #[test]
    fn match_targets_are_the_distinct_right_sides() {
        let c = card(Body::Match {
            pairs: vec![
                ("Minsk".into(), "Belarus".into()),
                ("Brest".into(), "Belarus".into()),
                ("Vilnius".into(), "Lithuania".into()),
            ],
        });
        let (_, patterns, ids, _) = shape(&c, Facet::Main);
        assert_eq!(patterns, strings(&["l1[.]r1[,]l2[.]r1[,]l3[.]r2"]));
        assert_eq!(ids, strings(&["l1", "l2", "l3", "r1", "r2"]));
    }
}
