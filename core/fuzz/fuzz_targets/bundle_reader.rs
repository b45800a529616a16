#![no_main]
//! Any bytes as a bundle file (plain or gzip), through the streaming reader a merge uses:
//! read batch by batch or refused with a clear error, never a panic, within its caps.
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use outreach_core::bundle::{read_batches, BATCH_ROWS};

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
    let read = read_batches(path(), |_, part| {
        let rows = part.cities.len()
            + part.ties.len()
            + part.contacts.len()
            + part.contact_revisions.len()
            + part.calls.len()
            + part.responses.len()
            + part.status_events.len()
            + part.follow_ups.len();
        assert!(rows <= BATCH_ROWS, "a batch of {rows} rows");
        Ok(())
    });
    if let Err(e) = read {
        assert!(e.to_string().chars().count() < 2_000, "{e}");
    }
});
