#![no_main]
//! Any bytes as an Open States person file (`.yml`) (the preview a volunteer sees before importing): a report
//! or a clear error, never a panic, and the store is not changed by a preview.
use std::sync::{Mutex, OnceLock};

use libfuzzer_sys::fuzz_target;
use outreach_core::import::{import_file, ImportChoices, ImportSource};
use outreach_core::Store;

struct Fixture {
    _dir: tempfile::TempDir,
    store: Store,
    file: std::path::PathBuf,
}

fn fixture() -> &'static Mutex<Fixture> {
    static F: OnceLock<Mutex<Fixture>> = OnceLock::new();
    F.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open_dir(&dir.path().join("data")).unwrap();
        let file = dir.path().join("person.yml");
        Mutex::new(Fixture { _dir: dir, store, file })
    })
}

fuzz_target!(|data: &[u8]| {
    let mut f = fixture().lock().unwrap();
    let file = f.file.clone();
    std::fs::write(&file, data).unwrap();
    let before = f.store.conn().query_row("SELECT total_changes()", [], |r| r.get::<_, i64>(0)).unwrap();
    match import_file(&mut f.store, ImportSource::Openstates, &file, &[], true, &ImportChoices::default()) {
        Ok(report) => assert!(!report.applied, "a preview writes nothing"),
        Err(e) => {
            // Errors quote at most a short fragment of the file.
            assert!(e.to_string().chars().count() < 1_000, "{e}");
        }
    }
    let after = f.store.conn().query_row("SELECT total_changes()", [], |r| r.get::<_, i64>(0)).unwrap();
    assert_eq!(before, after, "a preview changed the store");
});
