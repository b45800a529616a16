//! The window's commands through Tauri's IPC, on the mock runtime, with the app's real
//! configuration and capabilities.

use std::fs;

use serde_json::Value;
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{App, WebviewWindowBuilder};

use crate::{builder, AppState, Boot};
use outreach_core::Store;

fn app(state: AppState) -> App<tauri::test::MockRuntime> {
    builder(mock_builder(), state)
        .build(tauri::generate_context!())
        .expect("the app builds on the mock runtime")
}

/// Invokes a command from a window, as the page does.
pub(crate) fn invoke(
    app: &App<tauri::test::MockRuntime>,
    window: &str,
    cmd: &str,
    args: Value,
) -> Result<Value, Value> {
    let webview = match tauri::Manager::get_webview_window(app, window) {
        Some(w) => w,
        None => WebviewWindowBuilder::new(app, window, Default::default())
            .build()
            .unwrap(),
    };
    get_ipc_response(
        &webview,
        InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: "tauri://localhost".parse().unwrap(),
            body: InvokeBody::Json(args),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        },
    )
    .map(|body| body.deserialize::<Value>().unwrap())
}

/// Invokes a command from the main window (also used by `signature_tests` and
/// `team_tests`).
pub(crate) fn call(
    app: &App<tauri::test::MockRuntime>,
    cmd: &str,
    args: Value,
) -> Result<Value, Value> {
    invoke(app, "main", cmd, args)
}

/// The message of an error a command returned.
fn message(err: &Value) -> &str {
    err["message"].as_str().expect("an error has a message")
}

/// A command the main window invokes is refused with an error of this kind: its message.
fn refused(app: &App<tauri::test::MockRuntime>, cmd: &str, args: Value, kind: &str) -> String {
    let err = call(app, cmd, args).unwrap_err();
    assert_eq!(err["kind"], kind, "{cmd}: {err}");
    message(&err).to_string()
}

/// The app on a store in a new data folder (removed when the folder's handle drops).
pub(crate) fn seeded_app() -> (tempfile::TempDir, App<tauri::test::MockRuntime>) {
    let (dir, state) = seeded_state();
    (dir, app(state))
}

fn seeded_state() -> (tempfile::TempDir, AppState) {
    let dir = tempfile::tempdir().unwrap();
    let state = AppState::from_store(Store::open_dir(dir.path()).unwrap());
    (dir, state)
}

#[test]
fn the_main_window_lists_the_seeded_cities() {
    let (_dir, app) = seeded_app();
    let cities = call(&app, "list_cities", Value::Null).unwrap();
    let cities = cities.as_array().unwrap();
    assert!(cities.len() >= 60);
    assert!(cities
        .iter()
        .any(|c| c["slug"] == "portland-or" && c["sister_city"] == "Khabarovsk"));
}

#[test]
fn the_main_window_opens_a_city_with_its_sources() {
    let (_dir, app) = seeded_app();
    let city = call(&app, "get_city", json!({ "slug": "des-moines-ia" })).unwrap();
    assert_eq!(city["city"], "Des Moines");
    let entry = &city["relationships"][0]["history"][0];
    assert_eq!(entry["status"], "suspended");
    assert!(entry["sources"]
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s.as_str().unwrap().contains("axios.com")));
}

#[test]
fn an_unknown_city_comes_back_as_a_structured_error() {
    let (_dir, app) = seeded_app();
    assert!(refused(
        &app,
        "get_city",
        json!({ "slug": "atlantis-ga" }),
        "unknown_city"
    )
    .contains("atlantis-ga"));
}

#[test]
fn a_window_without_a_capability_cannot_call_the_commands() {
    let (_dir, app) = seeded_app();
    let err = invoke(&app, "stranger", "list_cities", Value::Null).unwrap_err();
    assert!(err.to_string().contains("not allowed"), "{err}");
}

#[test]
fn a_store_that_cannot_open_is_reported_by_every_command_and_the_boot_data() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join(outreach_core::store::STORE_FILE);
    fs::write(&db, b"not a database at all, just text").unwrap();
    let state = AppState::open(Some(dir.path()), std::time::Instant::now());
    match state.boot() {
        Boot::Failed { error, data_dir } => {
            assert_eq!(error.kind, outreach_core::ErrorKind::StoreCorrupt);
            assert_eq!(data_dir, dir.path().display().to_string());
        }
        other => panic!("expected a failed boot, got {other:?}"),
    }
    let app = app(state);
    let err = call(&app, "list_cities", Value::Null).unwrap_err();
    assert_eq!(err["kind"], "store_corrupt");
    // The page's first data says so too, and its error screen shows it.
    let boot = call(&app, "boot", Value::Null).unwrap();
    assert_eq!(boot["status"], "failed");
    assert_eq!(boot["error"]["kind"], "store_corrupt");
    assert_eq!(fs::read(&db).unwrap(), b"not a database at all, just text");
}

#[test]
fn the_page_gets_its_first_data_from_the_boot_command() {
    let (_dir, state) = seeded_state();
    let app = app(state);
    // As the app starts: the data is made while the window loads, and the page takes it.
    crate::boot::start(app.handle());
    let data = call(&app, "boot", Value::Null).unwrap();
    assert_eq!(data["status"], "ready");
    let cities = data["cities"].as_array().unwrap();
    assert!(cities.iter().any(|c| c["slug"] == "portland-or"), "{data}");
    // The same rows as the city list, and the labels of the vocabularies.
    assert_eq!(
        data["cities"],
        call(&app, "list_cities", Value::Null).unwrap()
    );
    assert!(data["labels"]["relationship_status"].is_object(), "{data}");
    // A page loaded again gets the list as it is now, not the one made at the start.
    call(
        &app,
        "log_call",
        serde_json::json!({ "input": { "slug": "portland-or", "outcome": "voicemail" } }),
    )
    .unwrap();
    let now = call(&app, "list_cities", Value::Null).unwrap();
    assert_ne!(now, data["cities"]);
    assert_eq!(call(&app, "boot", Value::Null).unwrap()["cities"], now);
}

#[test]
fn the_command_line_and_the_window_use_the_same_data_folder_name() {
    let context: tauri::Context<tauri::test::MockRuntime> = tauri::generate_context!();
    assert_eq!(
        context.config().identifier,
        outreach_core::store::IDENTIFIER
    );
}

// ---- Issue 3: the outreach workflow through IPC ----

use serde_json::json;

/// Counts the calls in the store file with a second connection (what a restart would see).
fn call_count(dir: &std::path::Path) -> i64 {
    let store = Store::open_dir(dir).unwrap();
    store
        .conn()
        .query_row("SELECT count(*) FROM calls", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn a_call_logged_through_the_window_shows_in_the_city_and_the_dashboard_and_undo_removes_it() {
    let (dir, app) = seeded_app();
    call(
        &app,
        "set_campaign_settings",
        json!({ "settings": { "volunteer_name": "Dana", "call_script": "Hi {city}", "goal": 25000 } }),
    )
    .unwrap();
    let logged = call(
        &app,
        "log_call",
        json!({ "input": { "slug": "portland-or", "outcome": "voicemail", "notes": "<img src=x onerror=alert(1)>" } }),
    )
    .unwrap();
    assert_eq!(logged["volunteer"], "Dana");
    assert_eq!(logged["channel"], "phone");
    let city = call(&app, "get_city", json!({ "slug": "portland-or" })).unwrap();
    assert_eq!(city["calls"][0]["id"], logged["id"]);
    assert_eq!(city["calls"][0]["notes"], "<img src=x onerror=alert(1)>");
    assert_eq!(city["last_call_at"], logged["called_at"]);
    let dash = call(&app, "dashboard", Value::Null).unwrap();
    assert_eq!(dash["calls_last_7_days"], 1);
    assert_eq!(dash["my_calls_last_7_days"], 1);

    call(&app, "undo_call", json!({ "id": logged["id"] })).unwrap();
    let city = call(&app, "get_city", json!({ "slug": "portland-or" })).unwrap();
    assert_eq!(city["calls"], json!([]));
    assert_eq!(city["last_call_at"], Value::Null);
    let dash = call(&app, "dashboard", Value::Null).unwrap();
    assert_eq!(dash["calls_last_7_days"], 0);
    // The row is kept, marked undone (a merge cannot bring it back).
    assert_eq!(call_count(dir.path()), 1);
    let err = call(&app, "undo_call", json!({ "id": "no-such-call" })).unwrap_err();
    assert_eq!(err["kind"], "unknown_call");
}

#[test]
fn a_response_saved_through_the_window_is_undone_whole_and_the_city_shows_what_it_had_before() {
    let (_dir, app) = seeded_app();
    let before = call(&app, "get_city", json!({ "slug": "portland-or" })).unwrap();
    let saved = call(
        &app,
        "record_response",
        json!({ "input": { "slug": "portland-or", "response": "committed", "relationship": "severed",
                           "date": "2026-01-15" } }),
    )
    .unwrap();
    assert_eq!(saved["response"], "committed");
    assert_eq!(saved["relationship_status"], "severed");
    let recorded = saved["recorded"].clone();
    assert!(recorded["response_id"].is_string(), "{recorded}");
    assert!(!recorded["status_change_ids"].as_array().unwrap().is_empty());

    let after = call(&app, "undo_recorded", json!({ "recorded": recorded })).unwrap();
    assert_eq!(after, before, "the city as it was before the save");
    let err = call(
        &app,
        "undo_recorded",
        json!({ "recorded": saved["recorded"] }),
    )
    .unwrap_err();
    assert_eq!(err["kind"], "invalid_input");
    assert_eq!(err["code"], "already_done");
    let err = call(
        &app,
        "undo_recorded",
        json!({ "recorded": { "response_id": "no-such-response", "status_change_ids": [] } }),
    )
    .unwrap_err();
    assert_eq!(err["kind"], "unknown_response");

    // A contact's edit, undone right after: the fields as before.
    let contact = before["contacts"][0].clone();
    let mut input = contact.clone();
    input["phone"] = json!("503-555-0199");
    let edited = call(
        &app,
        "edit_contact",
        json!({ "id": contact["id"], "input": input }),
    )
    .unwrap();
    assert_eq!(edited["phone"], "503-555-0199");
    let restored = call(
        &app,
        "undo_contact_edit",
        json!({ "id": contact["id"], "edited": edited }),
    )
    .unwrap();
    assert_eq!(restored["phone"], contact["phone"]);
    let err = call(
        &app,
        "undo_contact_edit",
        json!({ "id": contact["id"], "edited": edited }),
    )
    .unwrap_err();
    assert_eq!(err["code"], "already_done");
}

#[test]
fn a_bad_call_is_refused_by_field_and_writes_nothing() {
    let (dir, app) = seeded_app();
    let late = json!({ "input": { "slug": "portland-or", "outcome": "voicemail", "follow_up": "next tuesday" } });
    let says = refused(&app, "log_call", late, "invalid_input");
    assert!(says.starts_with("follow-up: \"next tuesday\""), "{says}");
    let atlantis = json!({ "input": { "slug": "atlantis-ga", "outcome": "voicemail" } });
    refused(&app, "log_call", atlantis, "unknown_city");
    // An outcome outside the vocabulary never reaches the core.
    assert!(call(
        &app,
        "log_call",
        json!({ "input": { "slug": "portland-or", "outcome": "busy" } })
    )
    .is_err());
    assert_eq!(call_count(dir.path()), 0);
}

#[test]
fn a_follow_up_is_due_and_the_next_call_closes_it() {
    let (_dir, app) = seeded_app();
    let today = outreach_core::time::today();
    call(
        &app,
        "log_call",
        json!({ "input": { "slug": "anchorage-ak", "outcome": "callback_requested", "follow_up": today } }),
    )
    .unwrap();
    let due = call(&app, "follow_ups", Value::Null).unwrap();
    assert_eq!(due.as_array().unwrap().len(), 1);
    assert_eq!(due[0]["city_slug"], "anchorage-ak");
    assert_eq!(due[0]["overdue"], false);
    let list = call(&app, "list_cities", Value::Null).unwrap();
    let anchorage = list
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["slug"] == "anchorage-ak")
        .unwrap();
    assert_eq!(anchorage["next_follow_up"], json!(today));
    call(
        &app,
        "log_call",
        json!({ "input": { "slug": "anchorage-ak", "outcome": "contact", "channel": "email" } }),
    )
    .unwrap();
    assert_eq!(call(&app, "follow_ups", Value::Null).unwrap(), json!([]));
}

#[test]
fn contacts_responses_and_the_script_through_the_window() {
    let (_dir, app) = seeded_app();
    let contact = call(
        &app,
        "add_contact",
        json!({ "slug": "portland-or", "input": { "name": "Keith Wilson", "role": "Mayor", "phone": "503-823-4120" } }),
    )
    .unwrap();
    assert_eq!(contact["stale"], false);
    assert!(refused(
        &app,
        "edit_contact",
        json!({ "id": contact["id"], "input": { "name": "Keith Wilson", "email": "mayor@" } }),
        "invalid_input"
    )
    .starts_with("email: "));
    let script = call(
        &app,
        "fill_script",
        json!({ "slug": "portland-or", "contactId": null }),
    )
    .unwrap();
    let parts = script["parts"].as_array().unwrap();
    assert!(parts.iter().any(|p| p["kind"] == "field"
        && p["field"] == "the_mayor"
        && p["value"] == "Mayor Keith Wilson"));
    assert!(parts
        .iter()
        .any(|p| p["kind"] == "field" && p["field"] == "volunteer_name" && p["value"].is_null()));

    let city = invoke(
        &app,
        "main",
        "record_response",
        json!({ "input": { "slug": "portland-or", "response": "considering", "relationship": "suspended",
                           "date": "2026-01-15", "source_url": "https://example.org/vote", "notes": "Council vote" } }),
    )
    .unwrap();
    assert_eq!(city["response"], "considering");
    assert_eq!(city["relationship_status"], "suspended");
    let history = city["relationships"][0]["history"].as_array().unwrap();
    assert!(history.len() >= 2, "the old status is kept");
    assert_eq!(history.last().unwrap()["origin"], "volunteer");

    let filtered = call(
        &app,
        "list_cities",
        json!({ "query": { "status": "suspended", "state": "or" } }),
    )
    .unwrap();
    assert!(filtered
        .as_array()
        .unwrap()
        .iter()
        .all(|c| c["state"] == "OR" && c["relationship_status"] == "suspended"));
    assert!(filtered
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["slug"] == "portland-or"));

    call(&app, "remove_contact", json!({ "id": contact["id"] })).unwrap();
    let city = call(&app, "get_city", json!({ "slug": "portland-or" })).unwrap();
    assert!(!city["contacts"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["id"] == contact["id"]));
}

#[test]
fn a_seed_offer_is_refused_by_name_when_there_is_none() {
    let (_dir, app) = seeded_app();
    let city = call(&app, "get_city", json!({ "slug": "portland-or" })).unwrap();
    let id = city["contacts"][0]["id"].clone();
    for cmd in ["take_seed_offer", "dismiss_seed_offer"] {
        let err = call(&app, cmd, json!({ "id": id })).unwrap_err();
        assert_eq!(err["kind"], "invalid_input", "{cmd}: {err}");
        assert!(message(&err).contains("no newer version"), "{cmd}: {err}");
    }
}

#[test]
fn bad_campaign_settings_are_refused_and_the_old_ones_kept() {
    let (_dir, app) = seeded_app();
    let before = call(&app, "get_campaign_settings", Value::Null).unwrap();
    assert_eq!(before["goal"], 25000);
    let err = call(
        &app,
        "set_campaign_settings",
        json!({ "settings": { "volunteer_name": "Dana", "call_script": "Hi {mayor}", "goal": 25000 } }),
    )
    .unwrap_err();
    assert!(message(&err).contains("{mayor}"));
    assert_eq!(
        call(&app, "get_campaign_settings", Value::Null).unwrap(),
        before
    );
}
mod exchange;

#[test]
fn the_main_capability_allows_exactly_the_listed_commands() {
    use crate::commands::list::capability_mismatch;
    let commands: &[&str] = app_commands!(command_names);
    let capability = include_str!("../capabilities/main.json");
    assert_eq!(capability_mismatch(commands, capability), None);
    // The check names what is missing and what is not a command.
    let without = capability.replace("\"allow-undo-call\",", "");
    let problem = capability_mismatch(commands, &without).unwrap();
    assert!(problem.contains("missing [allow-undo-call]"), "{problem}");
    let extra = capability.replace(
        "\"allow-undo-call\",",
        "\"allow-undo-call\", \"allow-drop-store\",",
    );
    let problem = capability_mismatch(commands, &extra).unwrap();
    assert!(
        problem.contains("not a command [allow-drop-store]"),
        "{problem}"
    );
    // Every listed command answers through IPC (none is missing from the handler).
    let (dir, app) = seeded_app();
    // The file dialogs answer "cancelled" (a test cannot click a system dialog).
    let answers = dir.path().join("no-answers");
    fs::write(&answers, "").unwrap();
    tauri::Manager::state::<crate::dialogs::FileDialogs>(&app).answer_from(&answers);
    for cmd in commands {
        if let Err(e) = call(&app, cmd, Value::Null) {
            let text = e.to_string();
            assert!(!text.contains("not found"), "{cmd}: {text}");
        }
    }
}
mod queue;
