#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let _ = kartka::interop::anki::import(bytes, "fuzz.apkg", "fuzz", "Fuzz");
});
