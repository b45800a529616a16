//! The signature commands through Tauri's IPC on the mock runtime (real capabilities),
//! against a real HTTP server on 127.0.0.1.

#[path = "../../core/tests/common/server.rs"]
mod server;

use std::time::Duration;

use outreach_core::signatures::fetch::Limits;
use serde_json::{json, Value};
use server::{Reply, TestServer};
use tauri::test::MockRuntime;
use tauri::{App, Manager};

use crate::tests::{call, seeded_app};
use crate::SignatureSync;

const SECRET: &str = "osdi-window-secret-42";

struct Fixture {
    app: App<MockRuntime>,
    data: tempfile::TempDir,
    config: tempfile::TempDir,
}

fn fixture() -> Fixture {
    let (data, app) = seeded_app();
    let config = tempfile::tempdir().unwrap();
    let sync = app.state::<SignatureSync>();
    sync.set_config_dir(config.path().to_path_buf());
    sync.set_limits(Limits {
        timeout: Duration::from_millis(800),
        ..Limits::default()
    });
    Fixture { app, data, config }
}

fn config(url: &str) -> Value {
    json!({ "url": url, "provider": "auto", "pointer": null, "goal": 25000, "interval_minutes": 15 })
}

#[test]
fn a_new_store_has_the_petitions_own_figure_and_the_campaign_goal() {
    let f = fixture();
    let s = call(&f.app, "signature_status", Value::Null).unwrap();
    assert_eq!(s["latest"]["total"], 18_900);
    assert_eq!(s["latest"]["provider"], "manual");
    assert_eq!(s["goal"], 25_000);
    assert_eq!(s["configured"], false);
    assert_eq!(s["syncing"], false);
    assert_eq!(s["token_set"], false);
    let settings = call(&f.app, "get_signature_settings", Value::Null).unwrap();
    assert_eq!(settings["config"]["interval_minutes"], 15);
    assert_eq!(settings["config"]["provider"], "auto");
}

#[test]
fn sync_now_stores_the_total_and_a_failure_keeps_it_with_the_error() {
    let f = fixture();
    let server = TestServer::start();
    server.route(
        "/p/petition",
        Reply::html("<p><b>18,900</b> have signed. Let's get to 25,000!</p>"),
    );
    let url = server.url("/p/petition");
    call(
        &f.app,
        "set_signature_settings",
        json!({ "config": config(&url) }),
    )
    .unwrap();

    let s = call(&f.app, "sync_signatures_now", Value::Null).unwrap();
    assert_eq!(s["latest"]["total"], 18_900);
    assert_eq!(s["latest"]["source"], url.as_str());
    assert_eq!(s["last_error"], Value::Null);
    assert_eq!(s["configured"], true);
    assert!(s["next_sync_at"].is_string());

    // The source goes down: the error is recorded, the total stays.
    server.route("/p/petition", Reply::status(503));
    let err = call(&f.app, "sync_signatures_now", Value::Null).unwrap_err();
    assert_eq!(err["kind"], "signature_http_status");
    assert!(err["message"].as_str().unwrap().contains("HTTP 503"));
    let s = call(&f.app, "signature_status", Value::Null).unwrap();
    assert_eq!(s["latest"]["total"], 18_900);
    assert_eq!(s["failures"], 1);
    assert_eq!(s["last_error"]["error"]["kind"], "signature_http_status");
    assert_eq!(s["syncing"], false);

    // It comes back with a new count: recovered, the error cleared.
    server.route("/p/petition", Reply::html("<p>19,250 have signed</p>"));
    let s = call(&f.app, "sync_signatures_now", Value::Null).unwrap();
    assert_eq!(s["latest"]["total"], 19_250);
    assert_eq!(s["last_error"], Value::Null);
    assert_eq!(s["failures"], 0);
    let h = call(&f.app, "signature_history", Value::Null).unwrap();
    let totals: Vec<_> = h
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["total"].as_u64().unwrap())
        .collect();
    // The seed's own figure, then the two syncs.
    assert_eq!(totals, [18_900, 18_900, 19_250]);
}

#[test]
fn a_manual_total_is_stored_and_a_bad_one_is_refused() {
    let f = fixture();
    let snap = call(&f.app, "set_signature_total", json!({ "total": "18,900" })).unwrap();
    assert_eq!(snap["total"], 18_900);
    assert_eq!(snap["provider"], "manual");
    let err = call(&f.app, "set_signature_total", json!({ "total": "-3" })).unwrap_err();
    assert_eq!(err["kind"], "invalid_input");
    assert!(err["message"].as_str().unwrap().contains("negative"));
    assert_eq!(
        call(&f.app, "signature_history", Value::Null)
            .unwrap()
            .as_array()
            .unwrap()
            .len(),
        2,
        "the seed's figure and the one total entered"
    );
}

#[test]
fn bad_settings_save_nothing_and_name_the_field() {
    let f = fixture();
    let before = call(&f.app, "get_signature_settings", Value::Null).unwrap();
    for (cfg, says) in [
        (config("http://www.change.org/p/x"), "plain http"),
        (
            json!({ "url": null, "provider": "json", "pointer": null, "goal": 25000, "interval_minutes": 15 }),
            "JSON pointer",
        ),
        (
            json!({ "url": null, "provider": "auto", "pointer": null, "goal": 0, "interval_minutes": 15 }),
            "goal",
        ),
    ] {
        let err = call(
            &f.app,
            "set_signature_settings",
            json!({ "config": cfg, "token": SECRET }),
        )
        .unwrap_err();
        assert!(err["message"].as_str().unwrap().contains(says), "{err}");
        assert_eq!(
            call(&f.app, "get_signature_settings", Value::Null).unwrap(),
            before
        );
        assert!(
            !f.config.path().join("signatures-token").exists(),
            "the token was written with bad settings"
        );
    }
}

#[test]
#[cfg(unix)]
fn the_token_is_write_only_kept_in_a_private_file_and_never_comes_back() {
    use std::os::unix::fs::PermissionsExt;
    let f = fixture();
    let server = TestServer::start();
    server.route(
        "/api/v2/petitions/1",
        Reply::json(r#"{"total_signatures": 18900}"#),
    );
    let cfg = json!({ "url": server.url("/api/v2/petitions/1"), "provider": "actionnetwork", "pointer": null, "goal": 25000, "interval_minutes": 15 });
    let save = |args: Value| call(&f.app, "set_signature_settings", args).unwrap();
    // Saved for Action Network (the default), the token is not sent to this machine.
    save(json!({ "config": cfg, "token": SECRET }));
    let refused = call(&f.app, "sync_signatures_now", Value::Null).unwrap_err();
    assert!(
        refused["message"]
            .as_str()
            .unwrap()
            .contains("only sent to the address it was saved for (https://actionnetwork.org)"),
        "{refused}"
    );
    assert!(
        server.requests.lock().unwrap().is_empty(),
        "nothing was sent"
    );
    // Saved for the petition's address (the user confirmed it), it goes there.
    let saved = save(json!({ "config": cfg, "token": SECRET, "tokenForUrl": true }));
    assert_eq!(saved["token_set"], true);
    let file = f.config.path().join("signatures-token");
    assert_eq!(
        std::fs::metadata(&file).unwrap().permissions().mode() & 0o777,
        0o600
    );

    let mut answers = vec![saved];
    answers.push(call(&f.app, "sync_signatures_now", Value::Null).unwrap());
    answers.push(call(&f.app, "get_signature_settings", Value::Null).unwrap());
    answers.push(call(&f.app, "signature_status", Value::Null).unwrap());
    answers.push(call(&f.app, "signature_history", Value::Null).unwrap());
    assert_eq!(answers[1]["latest"]["total"], 18_900);
    assert!(server.last_request().contains(SECRET), "the token was sent");
    for a in &answers {
        assert!(!a.to_string().contains(SECRET), "{a}");
    }
    for entry in std::fs::read_dir(f.data.path()).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        assert!(
            !bytes.windows(SECRET.len()).any(|w| w == SECRET.as_bytes()),
            "the store holds the token"
        );
    }

    // Saving the settings again without a token keeps it; clear_token removes it.
    let again = save(json!({ "config": cfg }));
    assert_eq!(again["token_set"], true);
    let cleared = save(json!({ "config": cfg, "clearToken": true }));
    assert_eq!(cleared["token_set"], false);
    assert!(!file.exists());
}
