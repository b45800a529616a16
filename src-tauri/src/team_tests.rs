//! The team commands through Tauri's IPC on the mock runtime (real capabilities), against a
//! real PostgreSQL server the tests start (`core/tests/common/postgres.rs`), with a
//! teammate's store driven by the core as the command line would.

#[path = "../../core/tests/common/postgres.rs"]
mod pg;

use std::sync::{Arc, Mutex};

use outreach_core::calls::{self, CallInput};
use outreach_core::fields::InputField;
use outreach_core::team::{self, server, CredentialsFile, ServerAddress};
use outreach_core::vocab::CallOutcome;
use outreach_core::Store;
use serde_json::{json, Value};
use tauri::test::MockRuntime;
use tauri::{App, Listener, Manager};

use crate::team_sync::STATUS_EVENT;
use crate::tests::{call, seeded_app};
use crate::TeamSync;

struct Fixture {
    app: App<MockRuntime>,
    _data: tempfile::TempDir,
    _config: tempfile::TempDir,
    /// Every `team:status` event the window was sent.
    events: Arc<Mutex<Vec<String>>>,
}

fn fixture() -> Fixture {
    let (data, app) = seeded_app();
    let config = tempfile::tempdir().unwrap();
    app.state::<TeamSync>()
        .set_config_dir(config.path().to_path_buf());
    let events = Arc::new(Mutex::new(Vec::new()));
    let seen = events.clone();
    app.listen_any(STATUS_EVENT, move |e| {
        seen.lock().unwrap().push(e.payload().to_string())
    });
    Fixture {
        app,
        _data: data,
        _config: config,
        events,
    }
}

/// Logs a voicemail to Anchorage through the window.
fn log_a_voicemail(app: &App<MockRuntime>) {
    call(
        app,
        "log_call",
        json!({ "input": { "slug": "anchorage-ak", "outcome": "voicemail" } }),
    )
    .unwrap();
}

/// A campaign on the test server, with its owner's address.
fn campaign(pg: &pg::Pg, db: &str) -> ServerAddress {
    pg.create_database(db);
    let owner = ServerAddress::parse(&pg.owner_url(db), InputField::Server).unwrap();
    server::init(&owner).unwrap();
    owner
}

/// The password inside an invite.
fn password_of(invite: &str) -> String {
    invite
        .split("://")
        .nth(1)
        .unwrap()
        .split('@')
        .next()
        .unwrap()
        .split(':')
        .nth(1)
        .unwrap()
        .to_string()
}

#[test]
fn the_window_joins_syncs_and_shows_a_teammates_call_without_the_password() {
    let pg = pg::server();
    let owner = campaign(&pg, "w_team");
    let ana = server::add_volunteer(&owner, "w_team_ana", false).unwrap();
    let ben = server::add_volunteer(&owner, "w_team_ben", false).unwrap();
    let secret = password_of(&ana.invite);
    let f = fixture();
    let mut answers: Vec<String> = Vec::new();

    let before = call(&f.app, "team_status", Value::Null).unwrap();
    assert_eq!(before["joined"], false);
    let joined = call(&f.app, "team_join", json!({ "invite": ana.invite })).unwrap();
    assert_eq!(joined["joined"], true);
    assert_eq!(joined["volunteer"], "w_team_ana");
    answers.push(joined.to_string());

    // Ana logs a call in the window; "Sync now" pushes it.
    let queue = call(&f.app, "call_queue", json!({})).unwrap();
    let slug = queue["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["slug"].as_str().unwrap().to_string())
        .find(|s| s != "anchorage-ak")
        .unwrap();
    let slug = slug.as_str();
    log_a_voicemail(&f.app);
    let s = call(&f.app, "team_sync_now", Value::Null).unwrap();
    assert_eq!(s["last_report"]["pushed"], 1, "{s}");
    assert_eq!(s["pending"], 0);
    assert!(s["last_synced_at"].is_string() && s["last_error"].is_null());
    answers.push(s.to_string());

    // Ben, on his own machine with the command line, calls Portland and syncs.
    let dir = tempfile::tempdir().unwrap();
    let mut bens = Store::open_dir(&dir.path().join("data")).unwrap();
    let creds = CredentialsFile::in_dir(&dir.path().join("config"));
    bens.write(|c| team::join(c, &creds, &ben.invite)).unwrap();
    bens.write(|c| calls::log_call(c, &CallInput::new(slug, CallOutcome::Contact)))
        .unwrap();
    team::sync(&mut bens, &creds).unwrap();

    let s = call(&f.app, "team_sync_now", Value::Null).unwrap();
    assert_eq!(s["last_report"]["pulled"], 1, "{s}");
    let mates: Vec<&str> = s["teammates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert!(mates.contains(&"w_team_ben"), "{s}");
    answers.push(s.to_string());
    let city = call(&f.app, "get_city", json!({ "slug": slug })).unwrap();
    assert_eq!(city["teammate_call"]["volunteer"], "w_team_ben", "{city}");
    assert_eq!(city["teammate_call"]["outcome"], "contact");
    let list = call(&f.app, "list_cities", json!({})).unwrap();
    let listed = list
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["slug"] == slug)
        .unwrap();
    assert_eq!(listed["teammate_call"]["volunteer"], "w_team_ben");
    let queue = call(&f.app, "call_queue", json!({})).unwrap();
    assert!(
        !queue.to_string().contains(&format!("\"{slug}\"")),
        "{queue}"
    );

    // The window heard about each sync, and the password is in no answer and no event.
    let events = f.events.lock().unwrap().clone();
    assert!(events.len() >= 4, "{events:?}");
    for text in answers.iter().chain(events.iter()) {
        assert!(
            !text.contains(&secret),
            "the password reached the window: {text}"
        );
    }
}

#[test]
fn a_refused_password_or_an_unreachable_server_is_a_typed_error_in_the_status() {
    let pg = pg::server();
    let owner = campaign(&pg, "w_team_err");
    let ana = server::add_volunteer(&owner, "w_team_err_ana", false).unwrap();
    let secret = password_of(&ana.invite);
    let wrong = ana.invite.replace(&secret, "not-the-password");
    let f = fixture();
    call(&f.app, "team_join", json!({ "invite": wrong })).unwrap();
    let err = call(&f.app, "team_sync_now", Value::Null).unwrap_err();
    assert_eq!(err["kind"], "team_credentials_refused", "{err}");
    assert!(!err.to_string().contains("not-the-password"), "{err}");
    let s = call(&f.app, "team_status", Value::Null).unwrap();
    assert_eq!(s["last_error"]["error"]["kind"], "team_credentials_refused");
    assert_eq!(s["failures"], 1);
    assert!(s["offline_since"].is_string() && s["next_sync_at"].is_string());

    // A server that is not there: unreachable, and the failures add up.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let gone = format!("postgres://w_team_err_ana:{secret}@127.0.0.1:{port}/w_team_err");
    call(&f.app, "team_join", json!({ "invite": gone })).unwrap();
    let err = call(&f.app, "team_sync_now", Value::Null).unwrap_err();
    assert_eq!(err["kind"], "team_unreachable", "{err}");
    assert!(!err.to_string().contains(&secret), "{err}");
    let first = call(&f.app, "team_status", Value::Null).unwrap();
    call(&f.app, "team_sync_now", Value::Null).unwrap_err();
    let s = call(&f.app, "team_status", Value::Null).unwrap();
    assert_eq!(s["failures"], 2);
    assert_eq!(
        s["offline_since"], first["offline_since"],
        "offline since the first failure"
    );
}

#[test]
fn the_windows_commands_answer_while_a_sync_waits_on_the_network() {
    // A "server" that accepts the connection and says nothing until told to hang up.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let (accepted_tx, accepted) = std::sync::mpsc::channel();
    let (hang_up, hang_up_rx) = std::sync::mpsc::channel::<()>();
    std::thread::spawn(move || {
        let (socket, _) = listener.accept().unwrap();
        accepted_tx.send(()).unwrap();
        let _ = hang_up_rx.recv();
        drop(socket);
    });
    let f = fixture();
    let invite = format!("postgres://slow_ana:pw@127.0.0.1:{port}/slow");
    call(&f.app, "team_join", json!({ "invite": invite })).unwrap();
    let handle = f.app.handle().clone();
    let syncing = std::thread::spawn(move || {
        tauri::async_runtime::block_on(crate::team_sync::sync_once(&handle))
    });
    accepted.recv().unwrap();
    // The sync is on the network now: the store is not locked by it.
    log_a_voicemail(&f.app);
    let s = call(&f.app, "team_status", Value::Null).unwrap();
    assert_eq!(s["syncing"], true, "{s}");
    assert_eq!(s["pending"], 1);
    hang_up.send(()).unwrap();
    let failed = syncing.join().unwrap().unwrap_err();
    assert_eq!(
        failed.kind,
        outreach_core::ErrorKind::TeamUnreachable,
        "{failed:?}"
    );
}
