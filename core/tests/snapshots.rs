//! Schema 2 on a store made by the version before it (`fixtures/store-v1/`, written by the
//! schema-1 app with a contact edited by hand and an imported contact replaced by a newer
//! file, so both old snapshot shapes are in it): every snapshot gets the one shape, and
//! nothing else changes.

use std::path::Path;

use outreach_core::rows::ContactRow;
use outreach_core::store;
use rusqlite::Connection;

mod common;
use common::{dump_except, fixtures};

/// A copy of the fixture store in `dir` (the fixture itself stays as it was).
fn copy_fixture(dir: &Path) -> std::path::PathBuf {
    let from = fixtures().join("store-v1");
    let mut db = None;
    for entry in std::fs::read_dir(&from).unwrap() {
        let entry = entry.unwrap();
        let to = dir.join(entry.file_name());
        std::fs::copy(entry.path(), &to).unwrap();
        if entry.path().extension().is_some_and(|e| e == "db") {
            db = Some(to);
        }
    }
    db.expect("the fixture holds a .db store")
}

type Revision = (String, String, String, Option<String>, String, String);

fn revisions(conn: &Connection) -> Vec<Revision> {
    conn.prepare(
        "SELECT id, contact_id, edited_at, volunteer, created_at, snapshot FROM contact_revisions ORDER BY id",
    )
    .unwrap()
    .query_map([], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?))
    })
    .unwrap()
    .collect::<Result<_, _>>()
    .unwrap()
}

#[test]
fn migrating_a_schema_1_store_gives_every_snapshot_the_one_shape_and_changes_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let db = copy_fixture(dir.path());
    let mut conn = Connection::open(&db).unwrap();
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(version, 1, "the fixture is a schema-1 store");
    // The migrations before this one (they add columns and fold the goal).
    store::migrations().to_version(&mut conn, 4).unwrap();
    let before = revisions(&conn);
    let rest_before = dump_except(&conn, &["contact_revisions"]);
    let parses = |s: &str| serde_json::from_str::<ContactRow>(s).is_ok();
    assert!(
        before.iter().any(|r| !parses(&r.5)) && before.iter().any(|r| parses(&r.5)),
        "the fixture has both shapes: {before:#?}"
    );

    // Migration 5 (the later ones add tables of their own).
    store::migrations().to_version(&mut conn, 5).unwrap();

    let after = revisions(&conn);
    assert_eq!(after.len(), before.len(), "no revision lost");
    assert_eq!(dump_except(&conn, &["contact_revisions"]), rest_before);
    for (old, new) in before.iter().zip(&after) {
        assert_eq!(
            (&old.0, &old.1, &old.2, &old.3, &old.4),
            (&new.0, &new.1, &new.2, &new.3, &new.4),
            "only the snapshot changes"
        );
        let row: ContactRow = serde_json::from_str(&new.5)
            .unwrap_or_else(|e| panic!("{e}: {} is not a contact row", new.5));
        assert_eq!(row.id, new.1, "the snapshot is of its contact");
        // What the old snapshot said is still what it says.
        let old_json: serde_json::Value = serde_json::from_str(&old.5).unwrap();
        let new_json: serde_json::Value = serde_json::from_str(&new.5).unwrap();
        for k in [
            "name", "role", "phone", "email", "website", "address", "notes", "term_end",
        ] {
            assert_eq!(old_json[k], new_json[k], "{k} of revision {}", new.0);
        }
        let hand = |v: &serde_json::Value| v.as_bool().unwrap_or(v.as_i64() == Some(1));
        assert_eq!(
            hand(&old_json["edited_by_hand"]),
            hand(&new_json["edited_by_hand"])
        );
        assert!(
            row.updated_at <= new.2,
            "the version was current before it was replaced"
        );
    }
    // Opening it again as the app does finds nothing more to do.
    drop(conn);
    let store = outreach_core::Store::open_dir(dir.path()).unwrap();
    assert_eq!(revisions(store.conn()), after);
}
