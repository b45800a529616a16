//! `outreach team …` and `outreach sync` end to end: a coordinator creates a campaign on a
//! fresh PostgreSQL (started by the test), invites two volunteers, each logs calls offline,
//! both sync, and both see all calls with their authors; the password never shows.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

mod common;
use common::json;

#[path = "../../core/tests/common/postgres.rs"]
mod pg;

/// `outreach` with its own data and config folders (the credentials live in the config).
fn run(home: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_outreach"))
        .arg("--data-dir")
        .arg(home.join("data"))
        .args(args)
        .env_remove("OUTREACH_DATA_DIR")
        .env_remove("OUTREACH_TEAM_SERVER")
        .env("OUTREACH_CONFIG_DIR", home.join("config"))
        .output()
        .expect("the outreach binary runs")
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[test]
fn a_coordinator_invites_two_volunteers_who_see_each_others_calls() {
    let server = pg::server();
    server.create_database("cli_campaign");
    let owner = server.owner_url("cli_campaign");
    let admin = tempfile::tempdir().unwrap();

    let init = json(&run(
        admin.path(),
        &["--json", "team", "init", "--server", &owner],
    ));
    assert_eq!(init["version"], 1);
    assert!(!init["actions"].as_array().unwrap().is_empty());
    let again = run(admin.path(), &["team", "init", "--server", &owner]);
    assert!(text(&again).contains("nothing changed"), "{}", text(&again));
    assert!(
        !admin.path().join("data").exists(),
        "server commands need no store"
    );

    let mut homes = Vec::new();
    let mut passwords = Vec::new();
    for name in ["cli_dana", "cli_eli"] {
        let invite = json(&run(
            admin.path(),
            &["team", "add-volunteer", name, "--server", &owner, "--json"],
        ));
        let url = invite["invite"].as_str().unwrap().to_string();
        passwords.push(
            url.split(':')
                .nth(2)
                .unwrap()
                .split('@')
                .next()
                .unwrap()
                .to_string(),
        );
        let home = tempfile::tempdir().unwrap();
        let joined = run(home.path(), &["team", "join", &url]);
        assert!(joined.status.success(), "{}", text(&joined));
        homes.push(home);
    }
    let dana = homes[0].path();
    let eli = homes[1].path();
    // Offline work on both machines.
    json(&run(
        dana,
        &[
            "--json",
            "log-call",
            "portland-or",
            "--outcome",
            "voicemail",
        ],
    ));
    json(&run(
        eli,
        &["--json", "log-call", "chicago-il", "--outcome", "contact"],
    ));

    let mut outputs = Vec::new();
    for home in [dana, eli, dana] {
        let out = run(home, &["sync", "--json"]);
        outputs.push(text(&out));
        let r = json(&out);
        for key in ["pushed", "pulled", "pending", "last_synced_at", "server"] {
            assert!(r.get(key).is_some(), "{key} missing in {r}");
        }
        assert_eq!(r["pending"], 0);
    }
    for home in [dana, eli] {
        let portland = json(&run(home, &["--json", "calls", "portland-or"]));
        let chicago = json(&run(home, &["--json", "calls", "chicago-il"]));
        assert_eq!(portland[0]["volunteer"], "cli_dana", "{portland}");
        assert_eq!(chicago[0]["volunteer"], "cli_eli", "{chicago}");
        let status = run(home, &["team", "status", "--json"]);
        outputs.push(text(&status));
        let s: Value = json(&status);
        assert_eq!(s["joined"], true);
        assert_eq!(s["teammates"].as_array().unwrap().len(), 2, "{s}");
        outputs.push(text(&run(home, &["team", "status"])));
    }
    for out in &outputs {
        for pw in &passwords {
            assert!(!out.contains(pw.as_str()), "a password was printed: {out}");
        }
    }

    // A removed volunteer is refused with a clear error; their work stays.
    let removed = json(&run(
        admin.path(),
        &[
            "--json",
            "team",
            "remove-volunteer",
            "cli_eli",
            "--server",
            &owner,
        ],
    ));
    assert_eq!(removed["events_kept"], 1);
    let out = run(eli, &["--json", "sync"]);
    assert!(!out.status.success());
    let err: Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(err["kind"], "team_credentials_refused", "{err}");
    assert!(!text(&out).contains(&passwords[1]));
}
