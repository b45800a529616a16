//! What the two import fuzz targets share: any bytes written as the file to import and
//! previewed (what a volunteer sees before importing) into one store kept for the run: a
//! report or a clear error, never a panic, and the store is not changed by a preview.
use std::path::PathBuf;
use std::sync::{Mutex, OnceLock};

use outreach_core::import::{import_file, ImportChoices, ImportSource};
use outreach_core::Store;

struct Fixture {
    _dir: tempfile::TempDir,
    store: Store,
    file: PathBuf,
}

fn fixture(file_name: &str) -> &'static Mutex<Fixture> {
    static F: OnceLock<Mutex<Fixture>> = OnceLock::new();
    F.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open_dir(&dir.path().join("data")).unwrap();
        let file = dir.path().join(file_name);
        Mutex::new(Fixture { _dir: dir, store, file })
    })
}

/// Previews `data` as a `source` file named `file_name` and checks the outcome.
pub fn check(source: ImportSource, file_name: &str, data: &[u8]) {
    let mut f = fixture(file_name).lock().unwrap();
    let file = f.file.clone();
    std::fs::write(&file, data).unwrap();
    let before = f.store.conn().query_row("SELECT total_changes()", [], |r| r.get::<_, i64>(0)).unwrap();
    match import_file(&mut f.store, source, &file, &[], true, &ImportChoices::default()) {
        Ok(report) => assert!(!report.applied, "a preview writes nothing"),
        Err(e) => {
            // Errors quote at most a short fragment of the file.
            assert!(e.to_string().chars().count() < 1_000, "{e}");
        }
    }
    let after = f.store.conn().query_row("SELECT total_changes()", [], |r| r.get::<_, i64>(0)).unwrap();
    assert_eq!(before, after, "a preview changed the store");
}
