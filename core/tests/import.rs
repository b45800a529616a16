//! Contact import from real-format files: Open States people YAML (folder, zip) and the US
//! Conference of Mayors CSV; preview, apply, re-import, hand edits, and a corpus of bad files.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};

use common::*;
use outreach_core::import::{
    import_contacts_csv, import_openstates, list_imports, undo_import, ConflictChoice,
    ImportAction, ImportChoices, ImportReport, PreviewRow,
};
use outreach_core::{ErrorKind, Store};

fn openstates_dir() -> PathBuf {
    fixtures().join("openstates")
}

fn row<'a>(r: &'a ImportReport, file_part: &str) -> &'a PreviewRow {
    r.rows
        .iter()
        .find(|x| x.location.contains(file_part))
        .unwrap_or_else(|| panic!("no row for {file_part}: {:#?}", r.rows))
}

fn keep() -> ImportChoices {
    ImportChoices::default()
}

fn contact(
    store: &Store,
    external_id: &str,
) -> (String, Option<String>, Option<String>, Option<String>, i64) {
    store
        .conn()
        .query_row(
            "SELECT name, phone, address, term_end, edited_by_hand FROM contacts WHERE external_id = ?1",
            [external_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .unwrap()
}

#[test]
fn an_open_states_folder_previews_every_file_with_its_action_and_reason() {
    let (_dir, mut store) = new_store();
    let before = dump(store.conn());
    let r = import_openstates(&mut store, &openstates_dir(), true, &keep()).unwrap();
    assert!(!r.applied);
    assert_eq!(dump(store.conn()), before, "a preview writes nothing");

    // Only municipalities files: the state legislator is not even listed.
    assert!(
        r.rows.iter().all(|x| x.location.contains("municipalities")),
        "{:#?}",
        r.rows
    );
    let portland = row(&r, "Dana-Whitfield");
    assert_eq!(portland.action, ImportAction::Add);
    assert_eq!(portland.city.as_deref(), Some("portland-or"));
    assert!(!portland.stale);
    assert_eq!(
        row(&r, "Lucia-Fernandez").city.as_deref(),
        Some("eugene-or")
    );
    assert_eq!(row(&r, "Morgan-Lee").action, ImportAction::Add); // no email, no office
    let baker = row(&r, "Harold-Quinn");
    assert_eq!(baker.action, ImportAction::Add);
    assert!(baker.stale && baker.reason.contains("stale"), "{baker:?}");
    assert_eq!(row(&r, "Andre-Bell").city.as_deref(), Some("st-louis-mo"));
    assert_eq!(
        row(&r, "Grace-Hollis").city.as_deref(),
        Some("st-petersburg-fl")
    );
    assert_eq!(row(&r, "Ray-Novak").city.as_deref(), Some("chicago-il"));

    let council = row(&r, "Priya-Raman");
    assert_eq!(council.action, ImportAction::Skipped);
    assert!(council.reason.contains("not a mayor"), "{council:?}");
    let salem = row(&r, "Sam-Ortiz");
    assert_eq!(salem.action, ImportAction::Skipped);
    assert_eq!(salem.reason, "salem, OR is not a target city");

    let no_roles = row(&r, "Jo-Park");
    assert_eq!(no_roles.action, ImportAction::Error);
    assert!(no_roles.reason.starts_with("roles:"), "{no_roles:?}");
    let bad_jurisdiction = row(&r, "Kim-Doe");
    assert_eq!(bad_jurisdiction.action, ImportAction::Error);
    assert!(
        bad_jurisdiction.reason.contains("roles.jurisdiction")
            && bad_jurisdiction.reason.contains("portland, oregon"),
        "{bad_jurisdiction:?}"
    );
    let broken = row(&r, "Broken-File");
    assert_eq!(broken.action, ImportAction::Error);
    assert!(broken.reason.starts_with("invalid YAML"), "{broken:?}");

    assert_eq!(r.counts.add, 7);
    assert_eq!(r.counts.skipped, 2);
    assert_eq!(r.counts.error, 3);
}

#[test]
fn applying_takes_the_primary_office_and_importing_again_changes_nothing() {
    let (_dir, mut store) = new_store();
    let r = import_openstates(&mut store, &openstates_dir(), false, &keep()).unwrap();
    assert!(r.applied);
    assert_eq!(r.written, 7);
    assert!(
        r.import_id.is_some(),
        "an import that writes is journalled, so it can be undone"
    );

    let (name, phone, address, term_end, _) =
        contact(&store, "ocd-person/8d4e1b7c-2a3f-4c5d-9e6f-7a8b9c0d1e2f");
    assert_eq!(name, "Lucia Fernandez");
    assert_eq!(
        phone.as_deref(),
        Some("541-555-0100"),
        "the primary office, not the district one"
    );
    assert_eq!(
        address.as_deref(),
        Some("101 W 10th Ave\nSuite 202\nEugene, OR 97401")
    );
    assert_eq!(term_end.as_deref(), Some("2026-12-31"), "an unquoted date");
    let city = outreach_core::city_view::get_city(store.conn(), "portland-or").unwrap();
    let mayor = city
        .contacts
        .iter()
        .find(|c| c.fields.name == "Dana Whitfield")
        .unwrap();
    assert_eq!(
        mayor.fields.website.as_deref(),
        Some("https://www.portland.gov/mayor")
    );
    assert_eq!(
        mayor.source.as_deref(),
        Some("https://www.portland.gov/mayor/contact")
    );
    assert_eq!(
        mayor.fields.address.as_deref(),
        Some("1221 SW 4th Ave\nRoom 340\nPortland, OR 97204")
    );

    let after_first = dump(store.conn());
    let again = import_openstates(&mut store, &openstates_dir(), false, &keep()).unwrap();
    assert_eq!(
        again.counts.add + again.counts.update + again.counts.conflict,
        0
    );
    assert_eq!(again.counts.unchanged, 7);
    assert_eq!(again.written, 0);
    assert!(
        again.import_id.is_none(),
        "nothing written, nothing to undo"
    );
    assert_unchanged(
        store.conn(),
        &after_first,
        "importing the same folder again changes nothing",
    );
}

#[test]
fn a_mayor_fixed_by_hand_survives_a_reimport_unless_the_user_takes_the_file() {
    let (_dir, mut store) = new_store();
    import_openstates(&mut store, &openstates_dir(), false, &keep()).unwrap();
    let ext = "ocd-person/2f0c3a52-6b1e-4e53-9a57-0c1f3d9b7a10";
    let id: String = one(
        store.conn(),
        "SELECT id FROM contacts WHERE external_id = ?1",
        [ext],
    );
    edit_contact_by_hand(store.conn(), &id, "503-555-9999");

    let r = import_openstates(&mut store, &openstates_dir(), false, &keep()).unwrap();
    let c = row(&r, "Dana-Whitfield");
    assert_eq!(c.action, ImportAction::Conflict);
    assert_eq!(c.changes, vec!["phone".to_string()]);
    assert_eq!(r.conflicts_kept, 1);
    assert_eq!(
        contact(&store, ext).1.as_deref(),
        Some("503-555-9999"),
        "kept by default"
    );

    // The user takes the file's version for this row: the hand edit goes to history.
    let take = ImportChoices {
        on_conflict: ConflictChoice::Keep,
        take: vec![ext.to_string()],
        keep: vec![],
    };
    let r = import_openstates(&mut store, &openstates_dir(), false, &take).unwrap();
    assert_eq!(r.written, 1);
    let (_, phone, _, _, by_hand) = contact(&store, ext);
    assert_eq!(phone.as_deref(), Some("503-555-0140"));
    assert_eq!(by_hand, 0);
    let kept_in_history: i64 = one(store.conn(), "SELECT count(*) FROM contact_revisions WHERE contact_id = ?1 AND snapshot LIKE '%503-555-9999%'", [&id]);
    assert_eq!(
        kept_in_history, 1,
        "the hand-edited version is in the contact's history"
    );
}

fn zip_folder(src: &Path, dest: &Path) {
    let file = std::fs::File::create(dest).unwrap();
    let mut zip = zip::ZipWriter::new(file);
    let opts = zip::write::SimpleFileOptions::default();
    let mut stack = vec![src.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let name = format!("people-main/{}", p.strip_prefix(src).unwrap().display());
                zip.start_file(name, opts).unwrap();
                zip.write_all(&std::fs::read(&p).unwrap()).unwrap();
            }
        }
    }
    zip.finish().unwrap();
}

#[test]
fn a_zip_of_the_repository_imports_like_the_folder() {
    let dir = tempfile::tempdir().unwrap();
    let zip_path = dir.path().join("people-main.zip");
    zip_folder(&openstates_dir(), &zip_path);
    let mut store = Store::open_dir(&dir.path().join("data")).unwrap();
    let from_zip = import_openstates(&mut store, &zip_path, true, &keep()).unwrap();
    let from_dir = import_openstates(&mut store, &openstates_dir(), true, &keep()).unwrap();
    let summary = |r: &ImportReport| {
        let mut v: Vec<(String, ImportAction)> = r
            .rows
            .iter()
            .map(|x| (x.location.rsplit('/').next().unwrap().to_string(), x.action))
            .collect();
        v.sort_by(|a, b| a.0.cmp(&b.0));
        v
    };
    assert_eq!(summary(&from_zip), summary(&from_dir));
}

#[test]
fn the_uscm_csv_matches_cities_by_name_and_state() {
    let (_dir, mut store) = new_store();
    let file = fixtures().join("uscm.csv");
    let r = import_contacts_csv(&mut store, &file, &[], false, &keep()).unwrap();
    assert_eq!(r.counts.add, 4, "{:#?}", r.rows);
    let springfield = row(&r, "row 5");
    assert_eq!(springfield.action, ImportAction::Skipped);
    assert_eq!(springfield.reason, "Springfield, IL is not a target city");
    assert_eq!(
        row(&r, "row 6").city.as_deref(),
        Some("st-louis-mo"),
        "St. Louis, Missouri"
    );
    let tulsa = outreach_core::city_view::get_city(store.conn(), "tulsa-ok").unwrap();
    let m = &tulsa.contacts[0];
    assert_eq!(m.fields.name, "Alex \"Sandy\" Moreau");
    assert_eq!(
        m.fields.website.as_deref(),
        Some("https://www.cityoftulsa.org")
    );
    assert_eq!(m.fields.phone.as_deref(), Some("(918) 555-0150"));
    assert_eq!(m.fields.role, "Mayor");

    let before = dump(store.conn());
    let again = import_contacts_csv(&mut store, &file, &[], false, &keep()).unwrap();
    assert_eq!(again.counts.unchanged, 4);
    assert_eq!(dump(store.conn()), before);
}

#[test]
fn any_csv_imports_once_its_columns_are_mapped() {
    let dir = tempfile::tempdir().unwrap();
    let csv =
        "Full Name,Town,ST,Mail,Position\nJamie Cole,Duluth,MN,jcole@duluthmn.gov,Chief of Staff\n";
    let file = dir.path().join("staff.csv");
    std::fs::write(&file, csv).unwrap();
    let mut store = Store::open_dir(&dir.path().join("d")).unwrap();
    let map = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    };
    let err = import_contacts_csv(&mut store, &file, &[], true, &keep()).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::ImportFile);
    assert!(
        err.to_string().contains("no column for the field \"name\""),
        "{err}"
    );
    let mapping = map(&[
        ("Full Name", "name"),
        ("Town", "city"),
        ("ST", "state"),
        ("Mail", "email"),
        ("Position", "role"),
    ]);
    let r = import_contacts_csv(&mut store, &file, &mapping, false, &keep()).unwrap();
    assert_eq!(r.counts.add, 1);
    let duluth = outreach_core::city_view::get_city(store.conn(), "duluth-mn").unwrap();
    assert_eq!(duluth.contacts[0].fields.role, "Chief of Staff");
    assert_eq!(
        duluth.contacts[0].fields.email.as_deref(),
        Some("jcole@duluthmn.gov")
    );
    let err = import_contacts_csv(&mut store, &file, &map(&[("Town", "town")]), true, &keep())
        .unwrap_err();
    assert!(
        err.to_string().contains("\"town\" is not a contact field"),
        "{err}"
    );
}

const HEADER: &str =
    "name,email,phone,bio_url,img_url,city,state,population,city_site_url,next_election\n";

/// Imports `content` (applying) and checks it is refused with a message naming the file and
/// `expect`, and that the store did not change.
fn refused(name: &str, content: &[u8], expect: &str) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join(name);
    std::fs::write(&file, content).unwrap();
    let mut store = Store::open_dir(&dir.path().join("data")).unwrap();
    let before = dump(store.conn());
    let err = import_contacts_csv(&mut store, &file, &[], false, &keep()).unwrap_err();
    let msg = err.to_string();
    assert_eq!(err.kind(), ErrorKind::ImportFile, "{msg}");
    assert!(msg.contains(name), "the message names the file: {msg}");
    assert!(msg.contains(expect), "{name}: expected {expect:?} in {msg}");
    assert!(msg.ends_with("nothing was imported"), "{msg}");
    assert_eq!(dump(store.conn()), before, "{name} changed the store");
}

#[test]
fn bad_csv_files_are_refused_by_name_and_change_nothing() {
    refused("empty.csv", b"", "the file is empty");
    refused("header-only.csv", HEADER.as_bytes(), "a header but no rows");
    refused(
        "semicolons.csv",
        b"name;email;city;state\nDana;d@x.gov;Portland;OR\n",
        "separated by semicolons",
    );
    refused(
        "no-state.csv",
        b"name,email,city\nDana,d@x.gov,Portland\n",
        "no column for the field \"state\"",
    );
    refused(
        "quotes.csv",
        format!("{HEADER}Dana,d@x.gov,503-555-0100,,,\"Portland,OR,1,,\nRay,r@x.gov,312-555-0100,,,Chicago,IL,1,,\n").as_bytes(),
        "row 2: a quoted field opens here and is never closed",
    );
    let mut latin1 = HEADER.as_bytes().to_vec();
    latin1.extend_from_slice(b"Jos\xe9 Mart\xednez,j@x.gov,503-555-0100,,,Portland,OR,1,,\n");
    refused("latin1.csv", &latin1, "not UTF-8");
    refused(
        "ragged.csv",
        format!("{HEADER}Dana,d@x.gov,503-555-0100,Portland,OR\n").as_bytes(),
        "row 2: has 5 fields where the header has 10",
    );
}

#[test]
fn a_50_mb_file_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("huge.csv");
    {
        let mut f = std::io::BufWriter::new(std::fs::File::create(&file).unwrap());
        f.write_all(HEADER.as_bytes()).unwrap();
        let line = "Dana Whitfield,mayor@portlandoregon.gov,503-555-0140,,,Portland,OR,652503,https://www.portland.gov,2028-11-07\n";
        let mut written = 0;
        while written < 50 * 1024 * 1024 {
            f.write_all(line.as_bytes()).unwrap();
            written += line.len();
        }
    }
    let mut store = Store::open_dir(&dir.path().join("data")).unwrap();
    let before = dump(store.conn());
    let err = import_contacts_csv(&mut store, &file, &[], false, &keep()).unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains("huge.csv") && msg.contains("50.0 MB"), "{msg}");
    assert_eq!(dump(store.conn()), before);
}

#[test]
fn each_known_field_error_is_an_error_row_naming_row_and_field() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("fields.csv");
    let body = [
        ",d@x.gov,503-555-0100,,,Portland,OR,1,,", // row 2: no name
        "Dana,not-an-email,503-555-0100,,,Portland,OR,1,,", // row 3
        "Dana,d@x.gov,call me maybe,,,Portland,OR,1,,", // row 4
        "Dana,d@x.gov,503-555-0100,,,Portland,Oregonia,1,,", // row 5
        "Dana,d@x.gov,503-555-0100,,,Portland,OR,1,javascript://x.y,", // row 6
        "Dana,d@x.gov,503-555-0100,,,,OR,1,,",     // row 7: no city
    ]
    .join("\n");
    std::fs::write(&file, format!("{HEADER}{body}\n")).unwrap();
    let mut store = Store::open_dir(&dir.path().join("data")).unwrap();
    let before = dump(store.conn());
    let r = import_contacts_csv(&mut store, &file, &[], false, &keep()).unwrap();
    let expect = [
        ("row 2", "name: empty"),
        ("row 3", "email: \"not-an-email\" is not an e-mail address"),
        ("row 4", "phone: \"call me maybe\" cannot be dialled"),
        ("row 5", "state: \"Oregonia\" is not a US state"),
        (
            "row 6",
            "website: \"javascript://x.y\" is not a web address",
        ),
        ("row 7", "city: empty"),
    ];
    assert_eq!(r.rows.len(), expect.len());
    for (x, (loc, reason)) in r.rows.iter().zip(expect) {
        assert_eq!(x.action, ImportAction::Error);
        assert_eq!(x.location, format!("fields.csv {loc}"));
        assert!(x.reason.starts_with(reason), "{loc}: {}", x.reason);
    }
    assert_eq!(r.written, 0);
    assert_unchanged(store.conn(), &before, "a file of bad rows changes nothing");
}

#[test]
fn duplicate_rows_are_written_once() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("dups.csv");
    let line = "Dana Whitfield,mayor@portlandoregon.gov,503-555-0140,,,Portland,OR,1,,\n";
    std::fs::write(&file, format!("{HEADER}{line}{line}")).unwrap();
    let mut store = Store::open_dir(&dir.path().join("data")).unwrap();
    let count = |store: &Store| -> i64 { one(store.conn(), "SELECT count(*) FROM contacts", []) };
    let seeded = count(&store);
    let r = import_contacts_csv(&mut store, &file, &[], false, &keep()).unwrap();
    assert_eq!(r.counts.add, 1);
    let dup = row(&r, "row 3");
    assert_eq!(dup.action, ImportAction::Skipped);
    assert_eq!(dup.reason, "duplicate of dups.csv row 2");
    assert_eq!(count(&store), seeded + 1);
}

#[test]
fn bad_yaml_files_name_the_file_and_change_nothing() {
    let base = openstates_dir().join("data/or/municipalities");
    for (file, expect) in [
        (
            "Broken-File-1a2b3c4d-0000-4000-8000-000000000007.yml",
            "invalid YAML",
        ),
        (
            "Jo-Park-1a2b3c4d-0000-4000-8000-000000000005.yml",
            "roles: the person has no roles",
        ),
        (
            "Kim-Doe-1a2b3c4d-0000-4000-8000-000000000006.yml",
            "roles.jurisdiction",
        ),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open_dir(dir.path()).unwrap();
        let before = dump(store.conn());
        let r = import_openstates(&mut store, &base.join(file), false, &keep()).unwrap();
        assert_eq!(r.rows.len(), 1);
        assert_eq!(r.rows[0].action, ImportAction::Error);
        assert!(r.rows[0].location.contains(file), "{:?}", r.rows[0]);
        assert!(r.rows[0].reason.contains(expect), "{:?}", r.rows[0]);
        assert_eq!(dump(store.conn()), before);
    }
    let (_dir, mut store) = new_store();
    let err =
        import_openstates(&mut store, &fixtures().join("uscm.csv"), true, &keep()).unwrap_err();
    assert!(
        err.to_string().contains("uscm.csv: it is neither a folder"),
        "{err}"
    );
}

/// A US Conference of Mayors CSV of `rows` (name, phone, city, state) in `dir`.
fn mayors_csv(dir: &Path, name: &str, rows: &[(&str, &str, &str, &str)]) -> PathBuf {
    let mut text = String::from(
        "name,email,phone,bio_url,img_url,city,state,population,city_site_url,next_election\n",
    );
    for (mayor, phone, city, state) in rows {
        text.push_str(&format!("{mayor},,{phone},,,{city},{state},1000,,\n"));
    }
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// Everything but the journal itself (an undone import stays listed, marked undone).
fn data(store: &Store) -> String {
    dump_except(store.conn(), &["merges", "merge_changes"])
}

fn contact_id(store: &Store, key: &str) -> String {
    one(
        store.conn(),
        "SELECT id FROM contacts WHERE external_id = ?1",
        [key],
    )
}

/// Two imports in the same millisecond: "undo the latest" takes the second (their times
/// are equal; the journal's time-ordered ids tell them apart).
#[test]
fn undoing_the_latest_import_takes_the_later_of_two_made_in_one_millisecond() {
    let (dir, mut store) = new_store();
    let d = dir.path();
    for (file, phone) in [("v1.csv", "503-555-0101"), ("v2.csv", "503-555-0102")] {
        let csv = mayors_csv(d, file, &[("Dana Whitfield", phone, "Portland", "OR")]);
        import_contacts_csv(&mut store, &csv, &[], false, &keep()).unwrap();
    }
    store
        .conn()
        .execute(
            "UPDATE merges SET merged_at = (SELECT min(merged_at) FROM merges)",
            [],
        )
        .unwrap();
    let listed = list_imports(&store).unwrap();
    assert!(listed[0].file.ends_with("v2.csv"), "{listed:?}");
    let u = undo_import(&mut store, None).unwrap();
    assert!(u.file.ends_with("v2.csv"), "{u:?}");
    assert_eq!(
        contact(&store, "csv:portland-or:mayor").1.as_deref(),
        Some("503-555-0101")
    );
}

#[test]
fn an_undone_import_removes_the_contacts_it_added_and_puts_back_those_it_replaced() {
    let (dir, mut store) = new_store();
    let d = dir.path();
    let v1 = mayors_csv(
        d,
        "v1.csv",
        &[("Dana Whitfield", "503-555-0101", "Portland", "OR")],
    );
    let v2 = mayors_csv(
        d,
        "v2.csv",
        &[("Dana Whitfield", "503-555-0102", "Portland", "OR")],
    );
    import_contacts_csv(&mut store, &v1, &[], false, &keep()).unwrap();
    // A second version: the first goes to the contact's history.
    import_contacts_csv(&mut store, &v2, &[], false, &keep()).unwrap();
    let portland = contact_id(&store, "csv:portland-or:mayor");
    let history = |s: &Store| -> i64 {
        one(
            s.conn(),
            "SELECT count(*) FROM contact_revisions WHERE contact_id = ?1",
            [&portland],
        )
    };
    assert_eq!(history(&store), 1);
    let before = data(&store);

    // The third file replaces Portland's mayor and adds Chicago's and Tulsa's.
    let v3 = mayors_csv(
        d,
        "v3.csv",
        &[
            ("Dana Whitfield", "503-555-0103", "Portland", "OR"),
            ("Ray Novak", "312-555-0110", "Chicago", "IL"),
            ("Alex Moreau", "918-555-0150", "Tulsa", "OK"),
        ],
    );
    let r = import_contacts_csv(&mut store, &v3, &[], false, &keep()).unwrap();
    assert_eq!((r.counts.add, r.counts.update, r.written), (2, 1, 3));
    let id = r.import_id.clone().expect("the import is journalled");
    assert_eq!(
        contact(&store, "csv:portland-or:mayor").1.as_deref(),
        Some("503-555-0103")
    );
    assert_eq!(history(&store), 2);
    let listed = list_imports(&store).unwrap();
    assert_eq!(listed[0].id, id);
    assert!(listed[0].file.ends_with("v3.csv"), "{listed:?}");
    assert_eq!(listed.len(), 3, "each import that wrote is listed");

    let u = undo_import(&mut store, None).unwrap();
    assert_eq!(u.import_id, id, "the latest import by default");
    assert_eq!((u.removed, u.restored), (2, 1), "{u:?}");
    assert!(u.kept.is_empty(), "{u:?}");
    assert_eq!(
        data(&store),
        before,
        "the store is as before the import: Chicago's and Tulsa's mayors gone, Portland's back with its history"
    );
    assert_eq!(
        history(&store),
        1,
        "the earlier version is still in the history"
    );
    let listed = list_imports(&store).unwrap();
    assert!(listed[0].undone_at.is_some());
    assert!(
        outreach_core::journal::list(store.conn())
            .unwrap()
            .is_empty(),
        "imports are not listed as bundle merges"
    );

    // Once only; an unknown id is named.
    let again = undo_import(&mut store, Some(&id)).unwrap_err();
    assert_eq!(again.kind(), ErrorKind::ImportUndone);
    assert_eq!(data(&store), before);
    let unknown = undo_import(&mut store, Some("no-such-import")).unwrap_err();
    assert_eq!(unknown.kind(), ErrorKind::UnknownImport);
    assert!(
        unknown.to_string().contains("outreach import list"),
        "{unknown}"
    );

    // The next undo takes the import before it: Portland's first version is back.
    let u = undo_import(&mut store, None).unwrap();
    assert!(u.file.ends_with("v2.csv"));
    assert_eq!(
        contact(&store, "csv:portland-or:mayor").1.as_deref(),
        Some("503-555-0101")
    );
    assert_eq!(history(&store), 0);
}

#[test]
fn undoing_an_import_keeps_contacts_edited_or_called_since_and_lists_them() {
    let (dir, mut store) = new_store();
    let d = dir.path();
    let first = mayors_csv(
        d,
        "first.csv",
        &[("Dana Whitfield", "503-555-0101", "Portland", "OR")],
    );
    import_contacts_csv(&mut store, &first, &[], false, &keep()).unwrap();
    let file = mayors_csv(
        d,
        "mayors.csv",
        &[
            ("Dana Whitfield", "503-555-0102", "Portland", "OR"),
            ("Ray Novak", "312-555-0110", "Chicago", "IL"),
            ("Alex Moreau", "918-555-0150", "Tulsa", "OK"),
            ("Chris Vega", "314-555-0101", "St. Louis", "MO"),
        ],
    );
    let r = import_contacts_csv(&mut store, &file, &[], false, &keep()).unwrap();
    assert_eq!((r.counts.add, r.counts.update), (3, 1));
    let portland = contact_id(&store, "csv:portland-or:mayor");
    let chicago = contact_id(&store, "csv:chicago-il:mayor");
    let tulsa = contact_id(&store, "csv:tulsa-ok:mayor");
    sleep_ms(2); // an edit's time differs from the import's
                 // Since the import: Portland's (replaced) and Chicago's (added) mayors edited by hand,
                 // a call logged to Tulsa's.
    edit_contact_by_hand(store.conn(), &portland, "503-555-7777");
    edit_contact_by_hand(store.conn(), &chicago, "312-555-7777");
    let call = log_call(
        store.conn(),
        "tulsa-ok",
        "contact",
        "spoke with the mayor's aide",
    );
    store
        .conn()
        .execute(
            "UPDATE calls SET contact_id = ?2 WHERE id = ?1",
            [&call, &tulsa],
        )
        .unwrap();
    let revisions_before: i64 = one(store.conn(), "SELECT count(*) FROM contact_revisions", []);
    let calls = dump_except(store.conn(), &[])
        .lines()
        .filter(|l| l.starts_with("calls|"))
        .count();

    let u = undo_import(&mut store, r.import_id.as_deref()).unwrap();
    assert_eq!(
        (u.removed, u.restored),
        (1, 0),
        "only St. Louis's mayor goes: {u:?}"
    );
    let kept = u.kept.join("\n");
    assert!(
        kept.contains(&format!("contact {portland}: edited since the import")),
        "{kept}"
    );
    assert!(
        kept.contains(&format!("contact {chicago}: edited since the import")),
        "{kept}"
    );
    assert!(
        kept.contains(&format!("contact {tulsa}: later work points at it")),
        "{kept}"
    );
    assert_eq!(
        contact(&store, "csv:portland-or:mayor").1.as_deref(),
        Some("503-555-7777")
    );
    assert_eq!(
        contact(&store, "csv:chicago-il:mayor").1.as_deref(),
        Some("312-555-7777")
    );
    assert_eq!(contact(&store, "csv:tulsa-ok:mayor").0, "Alex Moreau");
    let st_louis: i64 = one(
        store.conn(),
        "SELECT count(*) FROM contacts WHERE external_id = 'csv:st-louis-mo:mayor'",
        [],
    );
    assert_eq!(st_louis, 0);
    // Nothing a volunteer logged is lost: the call, the hand edits' history, and the
    // version the import replaced (the history of a contact kept as it is).
    let revisions_after: i64 = one(store.conn(), "SELECT count(*) FROM contact_revisions", []);
    assert_eq!(revisions_after, revisions_before);
    assert_eq!(
        dump_except(store.conn(), &[])
            .lines()
            .filter(|l| l.starts_with("calls|"))
            .count(),
        calls
    );
    let call_contact: String = one(
        store.conn(),
        "SELECT contact_id FROM calls WHERE id = ?1",
        [&call],
    );
    assert_eq!(call_contact, tulsa);
}

#[test]
fn a_failed_import_writes_nothing_and_leaves_no_journal_entry() {
    let (dir, mut store) = new_store();
    let d = dir.path();
    let imports = |s: &Store| -> i64 { one(s.conn(), "SELECT count(*) FROM merges", []) };
    // A malformed file: refused before anything is written.
    let bad = d.join("bad.csv");
    std::fs::write(
        &bad,
        "name,email,phone,bio_url,img_url,city,state,population,city_site_url,next_election\n\"Dana,,503,,,Portland,OR,1,,\n",
    )
    .unwrap();
    let before = dump(store.conn());
    assert!(import_contacts_csv(&mut store, &bad, &[], false, &keep()).is_err());
    assert_unchanged(store.conn(), &before, "a malformed file changes nothing");

    // A write that fails half-way (the third contact is refused by the store): the two
    // before it are rolled back with the journal entry.
    store
        .conn()
        .execute_batch(
            "CREATE TRIGGER refuse BEFORE INSERT ON contacts WHEN NEW.name = 'Boom'
             BEGIN SELECT RAISE(ABORT, 'the disk said no'); END;",
        )
        .unwrap();
    let before = dump(store.conn());
    let file = mayors_csv(
        d,
        "mayors.csv",
        &[
            ("Dana Whitfield", "503-555-0102", "Portland", "OR"),
            ("Ray Novak", "312-555-0110", "Chicago", "IL"),
            ("Boom", "918-555-0150", "Tulsa", "OK"),
        ],
    );
    let err = import_contacts_csv(&mut store, &file, &[], false, &keep()).unwrap_err();
    assert!(err.to_string().contains("the disk said no"), "{err}");
    assert_unchanged(store.conn(), &before, "a failed import changes nothing");
    assert_eq!(imports(&store), 0, "and records no journal entry");
    assert!(list_imports(&store).unwrap().is_empty());
    assert_eq!(
        undo_import(&mut store, None).unwrap_err().kind(),
        ErrorKind::UnknownImport
    );
}
