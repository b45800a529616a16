#![no_main]
//! Any bytes as a bundle file (plain or gzip): read or refused with a clear error, never a
//! panic, within the reader's caps.
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use outreach_core::bundle::verify_file;

fn path() -> &'static std::path::PathBuf {
    static P: OnceLock<(tempfile::TempDir, std::path::PathBuf)> = OnceLock::new();
    &P.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("work.outreach");
        (dir, p)
    })
    .1
}

fuzz_target!(|data: &[u8]| {
    std::fs::write(path(), data).unwrap();
    if let Err(e) = verify_file(path()) {
        assert!(e.to_string().chars().count() < 2_000, "{e}");
    }
});
