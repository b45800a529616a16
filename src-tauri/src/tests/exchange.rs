//! The Import & export screen's commands through IPC, with the real capabilities.

use std::path::Path;

use serde_json::{json, Value};

use super::{call, refused, seeded_app};

fn fixtures() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("core/tests/fixtures")
}

fn keep() -> Value {
    json!({ "on_conflict": "keep", "take": [], "keep": [] })
}

#[test]
fn an_open_states_folder_is_previewed_then_applied_through_ipc() {
    let (_dir, app) = seeded_app();
    let path = fixtures().join("openstates").display().to_string();
    let args = |dry: bool| json!({ "source": "openstates", "path": path, "mapping": [], "dryRun": dry, "choices": keep() });
    let eugene = |app: &_| {
        call(app, "get_city", json!({ "slug": "eugene-or" })).unwrap()["contacts"]
            .as_array()
            .unwrap()
            .clone()
    };
    let seeded = eugene(&app);
    let preview = call(&app, "import_contacts", args(true)).unwrap();
    assert_eq!(preview["applied"], false);
    assert_eq!(preview["counts"]["add"], 7);
    assert_eq!(eugene(&app), seeded, "a preview writes nothing");

    let applied = call(&app, "import_contacts", args(false)).unwrap();
    assert_eq!(applied["written"], 7);
    assert!(eugene(&app).iter().any(|c| c["phone"] == "541-555-0100"));
    let backups = call(&app, "backup_list", Value::Null).unwrap();
    assert!(backups
        .as_array()
        .unwrap()
        .iter()
        .any(|b| b["reason"] == "before-import"));
}

#[test]
fn a_mapped_csv_and_a_refused_file_come_back_as_report_and_error() {
    let (dir, app) = seeded_app();
    let file = dir.path().join("staff.csv");
    std::fs::write(&file, "Who,Town,ST\nJamie Cole,Duluth,MN\n").unwrap();
    let r = call(
        &app,
        "import_contacts",
        json!({ "source": "csv", "path": file.display().to_string(),
                "mapping": [["Who", "name"], ["Town", "city"], ["ST", "state"]],
                "dryRun": false, "choices": keep() }),
    )
    .unwrap();
    assert_eq!(r["written"], 1);

    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, "").unwrap();
    let empty = json!({ "source": "csv", "path": bad.display().to_string(), "mapping": [], "dryRun": true, "choices": keep() });
    let says = refused(&app, "import_contacts", empty, "import_file");
    assert!(says.contains("bad.csv: the file is empty"), "{says}");
    let blank =
        json!({ "source": "csv", "path": "  ", "mapping": [], "dryRun": true, "choices": keep() });
    refused(&app, "import_contacts", blank, "invalid_input");
}

#[test]
fn exports_bundles_and_a_restore_work_through_ipc() {
    let (dir, app) = seeded_app();
    let out = dir.path().join("cities.csv");
    let s = call(
        &app,
        "export_data",
        json!({ "kind": "cities", "format": "csv", "path": out.display().to_string() }),
    )
    .unwrap();
    assert!(s["rows"].as_u64().unwrap() >= 60);
    assert!(std::fs::read_to_string(&out)
        .unwrap()
        .starts_with("slug,city,state"));

    let bundle = dir.path().join("mine.json");
    let e = call(
        &app,
        "bundle_export",
        json!({ "path": bundle.display().to_string(), "all": true }),
    )
    .unwrap();
    assert_eq!(e["calls"], 0);
    let path_of = |p: &Path| json!({ "path": p.display().to_string() });
    let m = call(&app, "bundle_import", path_of(&bundle)).unwrap();
    assert_eq!(m["calls_added"], 0);
    refused(&app, "bundle_import", path_of(&out), "bundle_refused");

    let made = call(&app, "backup_create", Value::Null).unwrap();
    let id = made["id"].as_str().unwrap().to_string();
    let csv = fixtures().join("uscm.csv").display().to_string();
    call(
        &app,
        "import_contacts",
        json!({ "source": "csv", "path": csv, "mapping": [], "dryRun": false, "choices": keep() }),
    )
    .unwrap();
    let r = call(&app, "backup_restore", json!({ "id": id })).unwrap();
    assert_eq!(r["previous"]["reason"], "before-restore");
    let city = call(&app, "get_city", json!({ "slug": "tulsa-ok" })).unwrap();
    let contacts = city["contacts"].as_array().unwrap();
    assert!(
        contacts.iter().all(|c| c["role"] == "Mayor's office line"),
        "the restore undid the import; only the seed's line is left: {contacts:?}"
    );
}
