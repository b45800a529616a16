//! Helpers shared by the exchange tests: a dump of the store, fixtures, and rows written the
//! way the app's own logging code writes them (schema 1 conventions).
#![allow(dead_code)]

pub mod dump;

use std::path::{Path, PathBuf};

#[allow(unused_imports)]
pub use dump::{assert_unchanged, dump, dump_except, one, rows, strings};

use outreach_core::time::now;
use rusqlite::{params, Connection};

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// A new data folder holding a copy of `fixtures/store-v1` (a schema-1 store with a
/// volunteer's work in it), not yet opened.
pub fn copy_of_store_v1() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(fixtures().join("store-v1")).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_file() {
            std::fs::copy(entry.path(), dir.path().join(entry.file_name())).unwrap();
        }
    }
    dir
}

/// A store in a new data folder (removed when the folder's handle drops).
pub fn new_store() -> (tempfile::TempDir, outreach_core::Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = outreach_core::Store::open_dir(dir.path()).unwrap();
    (dir, store)
}

pub fn city_id(conn: &Connection, slug: &str) -> String {
    one(conn, "SELECT id FROM cities WHERE slug = ?1", [slug])
}

/// Logs a call as the app does.
pub fn log_call(conn: &Connection, slug: &str, outcome: &str, notes: &str) -> String {
    let id = uuid::Uuid::new_v4().to_string();
    let at = now();
    conn.execute(
        "INSERT INTO calls (id, city_id, channel, outcome, notes, volunteer, called_at, created_at)
         VALUES (?1, ?2, 'phone', ?3, ?4, 'Dana', ?5, ?5)",
        params![id, city_id(conn, slug), outcome, notes, at],
    )
    .unwrap();
    id
}

pub fn record_response(conn: &Connection, slug: &str, response: &str) -> String {
    let id = uuid::Uuid::new_v4().to_string();
    conn.execute(
        "INSERT INTO responses (id, city_id, response, response_date, notes, volunteer, created_at)
         VALUES (?1, ?2, ?3, '2026-11-20', '', 'Dana', ?4)",
        params![id, city_id(conn, slug), response, now()],
    )
    .unwrap();
    id
}

/// Edits a contact by hand as the app does: the previous version goes to contact_revisions.
pub fn edit_contact_by_hand(conn: &Connection, contact_id: &str, phone: &str) {
    let at = now();
    outreach_core::rows::ContactRow::find(conn, contact_id)
        .unwrap()
        .expect("the contact exists")
        .keep_as_revision(conn, &at, Some("Dana"))
        .unwrap();
    conn.execute(
        "UPDATE contacts SET phone = ?2, edited_by_hand = 1, updated_at = ?3 WHERE id = ?1",
        params![contact_id, phone, at],
    )
    .unwrap();
}

pub fn add_follow_up(conn: &Connection, slug: &str, call_id: &str, due: &str) -> String {
    let id = uuid::Uuid::new_v4().to_string();
    let at = now();
    conn.execute(
        "INSERT INTO follow_ups (id, city_id, call_id, due_date, note, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, 'call back', ?5, ?5)",
        params![id, city_id(conn, slug), call_id, due, at],
    )
    .unwrap();
    id
}

pub fn sleep_ms(ms: u64) {
    std::thread::sleep(std::time::Duration::from_millis(ms));
}
