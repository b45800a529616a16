//! `outreach import`, `export`, `bundle` and `backup` as scripts use them: exit codes, one
//! clear line on refusal, JSON shapes, and nothing written when refused.

use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::Value;

mod common;
use common::{json, ok, outreach};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../core/tests/fixtures")
}

fn contacts_export(dir: &Path) -> String {
    ok(&outreach(dir, &["export", "contacts", "--format", "csv"]))
}

fn contact_count(dir: &Path) -> usize {
    json(&outreach(dir, &["export", "contacts", "--format", "json"]))
        .as_array()
        .unwrap()
        .len()
}

/// The store's data as the exports show it.
fn everything(dir: &Path) -> String {
    ["cities", "contacts", "calls", "responses"]
        .iter()
        .map(|w| ok(&outreach(dir, &["export", w, "--format", "json"])))
        .collect()
}

fn refused_with_one_line(out: &Output, expect: &str) {
    assert!(!out.status.success(), "expected a refusal");
    let err = String::from_utf8_lossy(&out.stderr);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 1, "one line: {err}");
    assert!(lines[0].contains(expect), "expected {expect:?} in {err}");
}

#[test]
fn importing_a_state_fixing_a_mayor_and_importing_again_loses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let os = fixtures().join("openstates");
    let os = os.to_str().unwrap();
    // A new store has the seed's contacts.
    let seeded = contact_count(dir.path());
    let preview = json(&outreach(
        dir.path(),
        &["import", "openstates", os, "--dry-run", "--json"],
    ));
    assert_eq!(preview["applied"], false);
    assert_eq!(preview["counts"]["add"], 7);
    assert_eq!(
        contacts_export(dir.path()).lines().count(),
        seeded + 1,
        "a dry run writes nothing"
    );

    let text = ok(&outreach(dir.path(), &["import", "openstates", os]));
    assert!(text.contains("wrote 7 contacts"), "{text}");
    assert!(
        text.contains("error      -"),
        "error rows are listed: {text}"
    );

    // A volunteer fixes the Portland mayor's phone by hand (as the app's edit does).
    let db = dir.path().join("outreach.db");
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute(
        "UPDATE contacts SET phone = '503-555-7777', edited_by_hand = 1, updated_at = '2099-01-01T00:00:00.000Z'
         WHERE name = 'Dana Whitfield'",
        [],
    )
    .unwrap();
    drop(conn);

    let again = json(&outreach(
        dir.path(),
        &["import", "openstates", os, "--json"],
    ));
    assert_eq!(again["counts"]["conflict"], 1);
    assert_eq!(again["conflicts_kept"], 1);
    assert_eq!(again["written"], 0);
    let csv = contacts_export(dir.path());
    assert!(csv.contains("503-555-7777"), "the hand fix survived: {csv}");
    assert_eq!(contact_count(dir.path()), seeded + 7);
}

#[test]
fn uscm_csv_and_mapped_columns_import_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let uscm = fixtures().join("uscm.csv");
    let r = json(&outreach(
        dir.path(),
        &["import", "contacts", uscm.to_str().unwrap(), "--json"],
    ));
    assert_eq!(r["counts"]["add"], 4);
    assert_eq!(r["rows"][3]["action"], "skipped");

    let staff = dir.path().join("staff.csv");
    std::fs::write(&staff, "Who,Town,ST\nJamie Cole,Duluth,MN\n").unwrap();
    let r = json(&outreach(
        dir.path(),
        &[
            "import",
            "contacts",
            staff.to_str().unwrap(),
            "--map",
            "Who=name",
            "--map",
            "Town=city",
            "--map",
            "ST=state",
            "--json",
        ],
    ));
    assert_eq!(r["counts"]["add"], 1);
    let out = outreach(
        dir.path(),
        &[
            "import",
            "contacts",
            staff.to_str().unwrap(),
            "--map",
            "Who",
        ],
    );
    refused_with_one_line(&out, "--map: \"Who\" is not of the form COLUMN=FIELD");
}

#[test]
fn refusals_exit_non_zero_with_one_line_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let before = everything(dir.path());
    let bad = dir.path().join("mayors.csv");
    std::fs::write(&bad, "name;email;city;state\nDana;d@x.gov;Portland;OR\n").unwrap();
    let out = outreach(dir.path(), &["import", "contacts", bad.to_str().unwrap()]);
    refused_with_one_line(
        &out,
        "mayors.csv: row 1: the columns are separated by semicolons",
    );

    let out = outreach(
        dir.path(),
        &["import", "contacts", bad.to_str().unwrap(), "--json"],
    );
    assert!(!out.status.success());
    let err: Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(err["kind"], "import_file");

    let not_bundle = fixtures().join("uscm.csv");
    let out = outreach(
        dir.path(),
        &["bundle", "import", not_bundle.to_str().unwrap()],
    );
    refused_with_one_line(&out, "is not an Outreach Desk bundle");

    let out = outreach(
        dir.path(),
        &["backup", "restore", "20200101T000000000Z-manual"],
    );
    refused_with_one_line(&out, "no backup has the id");

    let out = outreach(dir.path(), &["export", "calls", "--format", "xml"]);
    assert!(!out.status.success());
    assert_eq!(everything(dir.path()), before);
}

#[test]
fn bundles_move_work_between_two_data_folders() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    for d in [a.path(), b.path()] {
        ok(&outreach(d, &["cities"]));
    }
    let log = |dir: &Path, slug: &str, notes: &str| {
        let conn = rusqlite::Connection::open(dir.join("outreach.db")).unwrap();
        conn.execute(
            "INSERT INTO calls (id, city_id, channel, outcome, notes, volunteer, called_at, created_at)
             SELECT lower(hex(randomblob(16))), id, 'phone', 'voicemail', ?2, 'Dana', '2026-11-27T10:00:00.000Z', '2026-11-27T10:00:00.000Z'
             FROM cities WHERE slug = ?1",
            [slug, notes],
        )
        .unwrap();
    };
    log(a.path(), "portland-or", "from A");
    log(b.path(), "tulsa-ok", "from B");
    let fa = a.path().join("a.json.gz");
    let fb = b.path().join("b.json");
    let e = json(&outreach(
        a.path(),
        &["bundle", "export", "-o", fa.to_str().unwrap(), "--json"],
    ));
    assert_eq!(e["calls"], 1);
    ok(&outreach(
        b.path(),
        &["bundle", "export", "-o", fb.to_str().unwrap()],
    ));
    let r = json(&outreach(
        b.path(),
        &["bundle", "import", fa.to_str().unwrap(), "--json"],
    ));
    assert_eq!(r["calls_added"], 1);
    let text = ok(&outreach(
        a.path(),
        &["bundle", "import", fb.to_str().unwrap()],
    ));
    assert!(text.contains("added 1 calls"), "{text}");
    assert_eq!(everything(a.path()), everything(b.path()));
    let r = json(&outreach(
        b.path(),
        &["bundle", "import", fa.to_str().unwrap(), "--json"],
    ));
    assert_eq!(r["calls_added"], 0);
    assert_eq!(r["calls_known"], 1);

    // The next bundle from A holds nothing new (written over the last with --force).
    let e = json(&outreach(
        a.path(),
        &[
            "bundle",
            "export",
            "-o",
            fa.to_str().unwrap(),
            "--force",
            "--json",
        ],
    ));
    assert_eq!(e["calls"], 0);
}

#[test]
fn exports_write_files_and_neutralise_formulas() {
    let dir = tempfile::tempdir().unwrap();
    let staff = dir.path().join("staff.csv");
    std::fs::write(
        &staff,
        "name,city,state,notes\n=HYPERLINK(\"http://evil\"),Duluth,MN,@SUM(1)\n",
    )
    .unwrap();
    ok(&outreach(
        dir.path(),
        &["import", "contacts", staff.to_str().unwrap()],
    ));
    let out = dir.path().join("contacts.csv");
    let o = outreach(
        dir.path(),
        &[
            "export",
            "contacts",
            "--format",
            "csv",
            "-o",
            out.to_str().unwrap(),
        ],
    );
    ok(&o);
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.contains("'=HYPERLINK"), "{text}");
    assert!(text.contains("'@SUM(1)"), "{text}");
    let cities = json(&outreach(
        dir.path(),
        &["export", "cities", "--format", "json"],
    ));
    assert!(cities.as_array().unwrap().len() >= 60);
}

#[test]
fn backups_are_listed_made_and_restored() {
    let dir = tempfile::tempdir().unwrap();
    let list = json(&outreach(dir.path(), &["backup", "list", "--json"]));
    assert_eq!(
        list[0]["reason"], "daily",
        "the first run of the day makes a backup"
    );
    let made = json(&outreach(dir.path(), &["backup", "create", "--json"]));
    let id = made["id"].as_str().unwrap().to_string();
    let seeded = contact_count(dir.path());
    let uscm = fixtures().join("uscm.csv");
    ok(&outreach(
        dir.path(),
        &["import", "contacts", uscm.to_str().unwrap()],
    ));
    assert_eq!(contact_count(dir.path()), seeded + 4);
    let text = ok(&outreach(dir.path(), &["backup", "restore", &id]));
    assert!(text.contains(&format!("restored {id}")), "{text}");
    assert_eq!(
        contacts_export(dir.path()).lines().count(),
        seeded + 1,
        "the import is undone"
    );
    let list = json(&outreach(dir.path(), &["backup", "--json"]));
    let reasons: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["reason"].as_str().unwrap())
        .collect();
    assert!(reasons.contains(&"before-restore"), "{reasons:?}");
    assert!(
        !reasons.contains(&"before-import"),
        "an import makes no copy of the store (it is undone by itself): {reasons:?}"
    );
}

#[test]
fn an_import_is_listed_and_undone_by_itself() {
    let dir = tempfile::tempdir().unwrap();
    let seeded = contacts_export(dir.path());
    let uscm = fixtures().join("uscm.csv");
    let text = ok(&outreach(
        dir.path(),
        &["import", "contacts", uscm.to_str().unwrap()],
    ));
    assert!(text.contains("wrote 4 contacts"), "{text}");
    let listed = json(&outreach(dir.path(), &["import", "list", "--json"]));
    let id = listed[0]["id"].as_str().unwrap().to_string();
    assert!(
        text.contains(&format!("to undo this import: outreach import undo {id}")),
        "{text}"
    );
    assert_eq!(listed[0]["changes"], 4);
    assert!(listed[0]["file"].as_str().unwrap().ends_with("uscm.csv"));
    let merges = ok(&outreach(dir.path(), &["bundle", "merges"]));
    assert!(merges.contains("no bundle merged yet"), "{merges}");

    let text = ok(&outreach(dir.path(), &["import", "undo"]));
    assert!(
        text.contains("removed 4 contacts it added, put back 0 it replaced"),
        "{text}"
    );
    assert_eq!(contacts_export(dir.path()), seeded, "as before the import");
    let undone = json(&outreach(dir.path(), &["import", "list", "--json"]));
    assert!(undone[0]["undone_at"].is_string());

    let out = outreach(dir.path(), &["import", "undo", &id]);
    refused_with_one_line(&out, "was undone already");
    let out = outreach(dir.path(), &["import", "undo", "nope", "--json"]);
    assert!(!out.status.success());
    let err: Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(err["kind"], "unknown_import");
}
