//! One rule per field and one snapshot shape, as a volunteer meets them through the
//! command line: a value one path accepts, every path accepts; one it refuses, every path
//! refuses; and a contact's history has one shape whoever changed it.

use std::collections::BTreeSet;
use std::path::Path;

mod common;
use common::{ok, outreach};

const HEADER: &str =
    "name,email,phone,bio_url,img_url,city,state,population,city_site_url,next_election\n";

/// Imports a US Conference of Mayors CSV with one Portland row giving `phone`.
fn import_portland_mayor(data: &Path, dir: &Path, phone: &str) -> String {
    let csv = dir.join("mayors.csv");
    std::fs::write(
        &csv,
        format!(
            "{HEADER}Dana Whitfield,mayor@portlandoregon.gov,{phone},,,Portland,OR,652503,https://www.portland.gov,2028-11-07\n"
        ),
    )
    .unwrap();
    // The report is printed either way; an import whose one row fails exits non-zero.
    let out = outreach(data, &["import", "contacts", csv.to_str().unwrap()]);
    String::from_utf8(out.stdout).unwrap()
}

/// The id of the Portland contact named `name`, from `outreach contacts list`.
fn contact_id(data: &Path, name: &str) -> Option<String> {
    let list = ok(&outreach(data, &["contacts", "list", "portland-or"]));
    list.lines()
        .find(|l| l.contains(name))
        .map(|l| l.split_whitespace().next().unwrap().to_string())
}

#[test]
fn a_phone_that_import_accepts_is_accepted_when_the_contact_is_edited() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    // A slash between the area code and the number: the import has always taken it.
    import_portland_mayor(&data, dir.path(), "503/823-4120");
    let id = contact_id(&data, "Dana Whitfield").expect("the import added the mayor");

    // The volunteer edits another field; the imported phone is saved again unchanged.
    let out = outreach(
        &data,
        &["contacts", "edit", &id, "--notes", "Prefers e-mail"],
    );
    ok(&out);
    // And typing the same number into a new contact is accepted too.
    ok(&outreach(
        &data,
        &[
            "contacts",
            "add",
            "portland-or",
            "--name",
            "Front desk",
            "--phone",
            "503/823-4120",
        ],
    ));
    let list = ok(&outreach(&data, &["contacts", "list", "portland-or"]));
    assert_eq!(list.matches("503/823-4120").count(), 2, "{list}");
}

#[test]
fn a_phone_that_cannot_be_dialled_is_refused_by_import_and_the_form_alike() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let bad = "503-823-4120 or ask for Dana";
    let report = import_portland_mayor(&data, dir.path(), bad);
    assert!(report.contains("cannot be dialled"), "{report}");
    assert_eq!(
        contact_id(&data, "Dana Whitfield"),
        None,
        "nothing imported"
    );

    let out = outreach(
        &data,
        &[
            "contacts",
            "add",
            "portland-or",
            "--name",
            "Dana Whitfield",
            "--phone",
            bad,
        ],
    );
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("phone: ") && err.contains("cannot be dialled"),
        "{err}"
    );
    assert_eq!(contact_id(&data, "Dana Whitfield"), None, "nothing added");
}

/// The keys of every snapshot in the store's `contact_revisions`.
fn snapshot_shapes(data: &Path) -> BTreeSet<Vec<String>> {
    let conn = rusqlite::Connection::open(data.join("outreach.db")).unwrap();
    let mut stmt = conn
        .prepare("SELECT snapshot FROM contact_revisions")
        .unwrap();
    let rows = stmt
        .query_map([], |r| r.get::<_, String>(0))
        .unwrap()
        .map(|s| {
            let v: serde_json::Value = serde_json::from_str(&s.unwrap()).unwrap();
            let mut keys: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
            keys.sort();
            keys
        })
        .collect();
    rows
}

#[test]
fn a_contacts_history_has_one_shape_whether_a_volunteer_or_an_import_changed_it() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    import_portland_mayor(&data, dir.path(), "503-823-4120");
    let id = contact_id(&data, "Dana Whitfield").unwrap();
    // A volunteer's edit keeps the imported version ...
    ok(&outreach(
        &data,
        &["contacts", "edit", &id, "--role", "Mayor (acting)"],
    ));
    // ... and a newer file, taken over the hand edit, keeps the volunteer's version.
    let csv = dir.path().join("newer.csv");
    std::fs::write(
        &csv,
        format!("{HEADER}Dana Whitfield,dana@portlandoregon.gov,503-823-4121,,,Portland,OR,652503,https://www.portland.gov,2028-11-07\n"),
    )
    .unwrap();
    ok(&outreach(
        &data,
        &[
            "import",
            "contacts",
            csv.to_str().unwrap(),
            "--on-conflict",
            "take",
        ],
    ));
    let shapes = snapshot_shapes(&data);
    let count: i64 = rusqlite::Connection::open(data.join("outreach.db"))
        .unwrap()
        .query_row("SELECT count(*) FROM contact_revisions", [], |r| r.get(0))
        .unwrap();
    assert_eq!(count, 2, "the edit and the import each kept a version");
    assert_eq!(shapes.len(), 1, "one shape: {shapes:?}");
    let keys = shapes.into_iter().next().unwrap();
    for k in [
        "id",
        "city_id",
        "name",
        "phone",
        "updated_at",
        "edited_by_hand",
    ] {
        assert!(keys.iter().any(|x| x == k), "{k} in {keys:?}");
    }
}
