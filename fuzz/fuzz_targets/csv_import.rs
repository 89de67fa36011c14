#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let _ = kartka::interop::csv::import(text, b',', "fuzz.csv", "fuzz", "Fuzz");
    let _ = kartka::interop::csv::import(text, b'\t', "fuzz.tsv", "fuzz", "Fuzz");
});
