#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let loaded = kartka::deck::parse(text);
    if let Some(deck) = loaded.deck {
        // A deck that loads writes back to itself.
        let again = kartka::deck::parse(&kartka::interop::write::to_toml(&deck));
        assert_eq!(again.deck.as_ref(), Some(&deck));
    }
});
