#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok(results) = kartka::quiz::results::Results::parse(text) {
        // Whatever reads as results can be reported on.
        let report = kartka::report::build(&[results], kartka::report::Attempts::All);
        for format in [
            kartka::report::render::Format::Table,
            kartka::report::render::Format::Html,
        ] {
            let _ = kartka::report::render::render(&report, format);
        }
    }
});
