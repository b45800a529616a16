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

fn invoke(
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

fn seeded_state() -> (tempfile::TempDir, AppState) {
    let dir = tempfile::tempdir().unwrap();
    let state = AppState::from_store(Store::open_dir(dir.path()).unwrap());
    (dir, state)
}

#[test]
fn the_main_window_lists_the_seeded_cities() {
    let (_dir, state) = seeded_state();
    let app = app(state);
    let cities = invoke(&app, "main", "list_cities", Value::Null).unwrap();
    let cities = cities.as_array().unwrap();
    assert!(cities.len() >= 60);
    assert!(cities
        .iter()
        .any(|c| c["slug"] == "portland-or" && c["sister_city"] == "Khabarovsk"));
}

#[test]
fn the_main_window_opens_a_city_with_its_sources() {
    let (_dir, state) = seeded_state();
    let app = app(state);
    let city = invoke(
        &app,
        "main",
        "get_city",
        serde_json::json!({ "slug": "des-moines-ia" }),
    )
    .unwrap();
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
    let (_dir, state) = seeded_state();
    let app = app(state);
    let err = invoke(
        &app,
        "main",
        "get_city",
        serde_json::json!({ "slug": "atlantis-ga" }),
    )
    .unwrap_err();
    assert_eq!(err["kind"], "unknown_city");
    assert!(err["message"].as_str().unwrap().contains("atlantis-ga"));
}

#[test]
fn a_window_without_a_capability_cannot_call_the_commands() {
    let (_dir, state) = seeded_state();
    let app = app(state);
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
    let err = invoke(&app, "main", "list_cities", Value::Null).unwrap_err();
    assert_eq!(err["kind"], "store_corrupt");
    assert_eq!(fs::read(&db).unwrap(), b"not a database at all, just text");
}

#[test]
fn the_boot_script_carries_the_cities_and_cannot_close_a_script_tag() {
    let (_dir, state) = seeded_state();
    let script = state.boot().script();
    assert!(script.starts_with("Object.defineProperty(window, '__OUTREACH_BOOT__'"));
    assert!(script.contains("\"status\":\"ready\"") && script.contains("\"portland-or\""));
    assert!(script.contains("\"labels\""));
    let hostile = Boot::Failed {
        error: outreach_core::ErrorPayload {
            kind: outreach_core::ErrorKind::Database,
            message: "</script><img src=x onerror=alert(1)>".into(),
        },
        data_dir: String::new(),
    };
    let s = hostile.script();
    assert!(!s.contains('<'), "{s}");
    assert!(s.contains("\\u003c/script>"));
}

#[test]
fn the_command_line_and_the_window_use_the_same_data_folder_name() {
    let context: tauri::Context<tauri::test::MockRuntime> = tauri::generate_context!();
    assert_eq!(
        context.config().identifier,
        outreach_core::store::IDENTIFIER
    );
}

mod exchange;
