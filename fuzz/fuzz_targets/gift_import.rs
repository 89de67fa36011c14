#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok(imported) = kartka::interop::gift::import(text, "fuzz.gift", "fuzz", "Fuzz") {
        let (out, _) = kartka::interop::gift::export(&imported.deck);
        let _ = kartka::interop::gift::import(&out, "again.gift", "fuzz", "Fuzz");
    }
});
