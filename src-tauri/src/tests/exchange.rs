//! The Import & export screen's commands through IPC, with the real capabilities.

use std::path::Path;

use serde_json::{json, Value};

use tauri::Manager;

use super::{call, refused, seeded_app};
use crate::dialogs::FileDialogs;

/// The next system dialogs of `app` answer these paths, in order (`None`: cancelled).
fn answer(app: &tauri::App<tauri::test::MockRuntime>, dir: &Path, paths: &[Option<&Path>]) {
    let file = dir.join("dialog-answers");
    let lines: Vec<String> = paths
        .iter()
        .map(|p| p.map(|p| p.display().to_string()).unwrap_or_default())
        .collect();
    std::fs::write(&file, lines.join("\n") + "\n").unwrap();
    app.state::<FileDialogs>().answer_from(&file);
}

fn fixtures() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("core/tests/fixtures")
}

fn keep() -> Value {
    json!({ "on_conflict": "keep", "take": [], "keep": [] })
}

#[test]
fn an_open_states_folder_is_chosen_in_the_dialog_previewed_then_applied_through_ipc() {
    let (dir, app) = seeded_app();
    let folder = fixtures().join("openstates");
    answer(&app, dir.path(), &[Some(&folder)]);
    let picked = call(
        &app,
        "choose_import",
        json!({ "source": "openstates", "folder": true }),
    )
    .unwrap();
    assert_eq!(picked, json!(folder.display().to_string()));
    let args = |dry: bool| json!({ "source": "openstates", "mapping": [], "dryRun": dry, "choices": keep() });
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
    assert!(
        !backups
            .as_array()
            .unwrap()
            .iter()
            .any(|b| b["reason"] == "before-import"),
        "no copy of the store: the import is undone by itself"
    );
    let id = applied["import_id"]
        .as_str()
        .expect("the import's id")
        .to_string();

    // "Undo this import": the seeded contacts again, and once only.
    let undone = call(&app, "import_undo", json!({ "importId": id })).unwrap();
    assert_eq!(undone["import_id"], id);
    assert_eq!(undone["removed"], 7);
    assert_eq!(eugene(&app), seeded);
    let again = call(&app, "import_undo", json!({ "importId": id })).unwrap_err();
    assert_eq!(again["kind"], "import_undone");
}

#[test]
fn a_mapped_csv_and_a_refused_file_come_back_as_report_and_error() {
    let (dir, app) = seeded_app();
    let file = dir.path().join("staff.csv");
    std::fs::write(&file, "Who,Town,ST\nJamie Cole,Duluth,MN\n").unwrap();
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, "").unwrap();
    answer(&app, dir.path(), &[Some(&file), Some(&bad), None]);
    let choose = || {
        call(
            &app,
            "choose_import",
            json!({ "source": "csv", "folder": false }),
        )
    };
    choose().unwrap();
    let r = call(
        &app,
        "import_contacts",
        json!({ "source": "csv",
                "mapping": [["Who", "name"], ["Town", "city"], ["ST", "state"]],
                "dryRun": false, "choices": keep() }),
    )
    .unwrap();
    assert_eq!(r["written"], 1);

    choose().unwrap();
    let empty = json!({ "source": "csv", "mapping": [], "dryRun": true, "choices": keep() });
    let says = refused(&app, "import_contacts", empty.clone(), "import_file");
    assert!(says.contains("bad.csv: the file is empty"), "{says}");
    // A cancelled dialog keeps the file chosen before.
    assert_eq!(choose().unwrap(), Value::Null);
    let says = refused(&app, "import_contacts", empty, "import_file");
    assert!(says.contains("bad.csv"), "{says}");
}

#[test]
fn with_no_file_chosen_an_import_or_merge_says_to_choose_one() {
    let (_dir, app) = seeded_app();
    let args = json!({ "source": "csv", "mapping": [], "dryRun": true, "choices": keep() });
    let says = refused(&app, "import_contacts", args, "invalid_input");
    assert!(says.contains("choose a file first"), "{says}");
    let says = refused(&app, "bundle_import", Value::Null, "invalid_input");
    assert!(says.contains("choose a file first"), "{says}");
}

/// Issue 10, class 5: the page cannot make the app read or write a path of its choosing.
#[test]
fn a_path_sent_by_the_page_is_never_used_and_the_page_has_no_dialog_of_its_own() {
    let (dir, app) = seeded_app();
    let store = dir.path().join(outreach_core::store::STORE_FILE);
    let before = std::fs::read(&store).unwrap();
    let secret = dir.path().join("secret.csv");
    std::fs::write(&secret, "name,city,state\nSecret Person,Tulsa,OK\n").unwrap();
    // The commands take no path: one sent anyway is ignored, and nothing was chosen.
    let says = refused(
        &app,
        "import_contacts",
        json!({ "source": "csv", "path": secret.display().to_string(), "mapping": [], "dryRun": true, "choices": keep() }),
        "invalid_input",
    );
    assert!(says.contains("choose a file first"), "{says}");
    assert!(!says.contains("Secret Person"), "{says}");
    refused(
        &app,
        "bundle_import",
        json!({ "path": secret.display().to_string() }),
        "invalid_input",
    );
    // Export and bundle export write only where the save dialog says; cancelled, nothing.
    answer(&app, dir.path(), &[None, None]);
    let out = call(
        &app,
        "export_data",
        json!({ "kind": "calls", "format": "csv", "path": store.display().to_string() }),
    )
    .unwrap();
    assert_eq!(out, Value::Null, "a cancelled save dialog writes nothing");
    let out = call(
        &app,
        "bundle_export",
        json!({ "all": true, "path": store.display().to_string() }),
    )
    .unwrap();
    assert_eq!(out, Value::Null);
    assert_eq!(
        std::fs::read(&store).unwrap(),
        before,
        "the store is untouched"
    );
    // The dialog plugin's own commands are not granted to the page.
    for cmd in ["plugin:dialog|open", "plugin:dialog|save"] {
        let err = call(&app, cmd, json!({ "options": {} })).unwrap_err();
        assert!(
            err.to_string().contains("not allowed"),
            "{cmd} must be refused by the capability: {err}"
        );
    }
}

#[test]
fn exports_bundles_and_a_restore_work_through_ipc() {
    let (dir, app) = seeded_app();
    let out = dir.path().join("cities.csv");
    let bundle = dir.path().join("mine.json");
    answer(
        &app,
        dir.path(),
        &[Some(&out), Some(&bundle), Some(&bundle), Some(&out)],
    );
    let s = call(
        &app,
        "export_data",
        json!({ "kind": "cities", "format": "csv" }),
    )
    .unwrap();
    assert!(s["rows"].as_u64().unwrap() >= 60);
    assert!(std::fs::read_to_string(&out)
        .unwrap()
        .starts_with("slug,city,state"));

    let e = call(&app, "bundle_export", json!({ "all": true })).unwrap();
    assert_eq!(e["calls"], 0);
    call(&app, "choose_bundle", Value::Null).unwrap();
    let m = call(&app, "bundle_import", Value::Null).unwrap();
    assert_eq!(m["calls_added"], 0);
    call(&app, "choose_bundle", Value::Null).unwrap();
    refused(&app, "bundle_import", Value::Null, "bundle_refused");

    let made = call(&app, "backup_create", Value::Null).unwrap();
    let id = made["id"].as_str().unwrap().to_string();
    let csv = fixtures().join("uscm.csv");
    answer(&app, dir.path(), &[Some(&csv)]);
    call(
        &app,
        "choose_import",
        json!({ "source": "csv", "folder": false }),
    )
    .unwrap();
    call(
        &app,
        "import_contacts",
        json!({ "source": "csv", "mapping": [], "dryRun": false, "choices": keep() }),
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
