#![no_main]
use std::sync::OnceLock;

use kartka::grade::{Layout, grade};
use libfuzzer_sys::fuzz_target;
use rand::SeedableRng;

fn decks() -> &'static Vec<kartka::deck::Deck> {
    static DECKS: OnceLock<Vec<kartka::deck::Deck>> = OnceLock::new();
    DECKS.get_or_init(|| {
        kartka::deck::catalog::built_in()
            .iter()
            .filter_map(|f| kartka::deck::parse(&f.text).deck)
            .collect()
    })
}

fuzz_target!(|input: (u64, &str)| {
    let (seed, response) = input;
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
    for deck in decks() {
        for item in deck.items() {
            let layout = Layout::shuffled(&item, &mut rng);
            if let Ok(v) = grade(&item, &layout, response) {
                assert!((0.0..=1.0).contains(&v.score));
            }
        }
    }
    let _ = kartka::grade::number::parse(response);
});
