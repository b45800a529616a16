//! Bundles written by the app before the store's rows were typed (`fixtures/bundle-v1.json`,
//! exported by that version after adding and editing a contact by hand, importing the
//! US Conference of Mayors CSV, logging a call with a follow-up and recording a response
//! and a status change) still merge, whole, and their history comes in in the one shape.

use outreach_core::bundle;
use outreach_core::rows::ContactRow;
use outreach_core::Store;

mod common;
use common::{fixtures, new_store};

#[test]
fn a_bundle_written_by_the_previous_version_merges_whole() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_dir(&dir.path().join("data")).unwrap();
    let file = fixtures().join("bundle-v1.json");
    let r = bundle::import(&mut store, &file).unwrap();
    assert!(r.refused.is_empty(), "{:?}", r.refused);
    assert_eq!(r.calls_added, 1);
    assert_eq!(r.responses_added, 1);
    assert_eq!(r.status_events_added, 1);
    assert_eq!(r.follow_ups_added, 1);
    assert_eq!(r.revisions_added, 1);
    let contacts: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM contacts", [], |r| r.get(0))
        .unwrap();
    assert_eq!(r.contacts_added as i64, contacts - seeded_contacts());
    assert!(
        r.contacts_added >= 2,
        "the hand-added and the imported contacts"
    );

    // The edit's revision was written in the old shape; it is stored in the one shape.
    let snapshot: String = store
        .conn()
        .query_row("SELECT snapshot FROM contact_revisions", [], |r| r.get(0))
        .unwrap();
    let row: ContactRow = serde_json::from_str(&snapshot).unwrap();
    assert_eq!(row.name, "Keith Wilson");
    assert_eq!(row.phone.as_deref(), Some("503-823-4120"));

    // Merging it again changes nothing.
    let again = bundle::import(&mut store, &file).unwrap();
    assert!(!again.changed(), "{again:?}");
}

/// Contacts the embedded seed gives a new store.
fn seeded_contacts() -> i64 {
    let (_dir, store) = new_store();
    store
        .conn()
        .query_row("SELECT count(*) FROM contacts", [], |r| r.get(0))
        .unwrap()
}
