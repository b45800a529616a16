#![no_main]
//! Any bytes as a contact CSV, previewed (see `import_preview`).
mod import_preview;

use libfuzzer_sys::fuzz_target;
use outreach_core::import::ImportSource;

fuzz_target!(|data: &[u8]| import_preview::check(ImportSource::Csv, "mayors.csv", data));
