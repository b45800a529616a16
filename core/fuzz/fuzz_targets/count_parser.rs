#![no_main]
//! Any text: the count parser returns a count within bounds or an error, never panics.
use libfuzzer_sys::fuzz_target;
use outreach_core::signatures::count::{parse_count, MAX_COUNT};

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(n) = parse_count(text) {
            assert!(n <= MAX_COUNT);
        }
    }
});
