#![no_main]
//! Any text as the seed's targets file and its contacts file: parsed or refused with a
//! clear error, never a panic (deep nesting included).
use libfuzzer_sys::fuzz_target;
use outreach_core::seed::parse_targets;
use outreach_core::seed_contacts::parse_contacts;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = parse_targets(text);
        let _ = parse_contacts("fuzz.yaml", text);
    }
});
