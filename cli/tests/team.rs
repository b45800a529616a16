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
    assert_eq!(init["version"], outreach_core::team::server::SERVER_SCHEMA);
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

/// Nothing acknowledged is lost when the process dies during a pull: `outreach sync` is
/// killed (SIGKILL, no clean-up) after it merged its first pages and before it stored the
/// new watermark; the next sync carries on and the store holds exactly the teammate's calls.
#[test]
#[cfg(unix)]
fn a_sync_killed_during_its_pull_converges_on_the_next() {
    use outreach_core::calls::{log_call, CallInput};
    use outreach_core::team::{self, CredentialsFile};
    use outreach_core::vocab::CallOutcome;
    use outreach_core::Store;

    let server = pg::server();
    server.create_database("cli_kill");
    let owner = server.owner_url("cli_kill");
    let admin = tempfile::tempdir().unwrap();
    assert!(run(admin.path(), &["team", "init", "--server", &owner])
        .status
        .success());
    let invite = |name: &str| {
        json(&run(
            admin.path(),
            &["--json", "team", "add-volunteer", name, "--server", &owner],
        ))["invite"]
            .as_str()
            .unwrap()
            .to_string()
    };

    // Ben logged 24,000 calls and pushed them.
    let ben_home = tempfile::tempdir().unwrap();
    let mut ben = Store::open_dir(&ben_home.path().join("data")).unwrap();
    let creds = CredentialsFile::in_dir(&ben_home.path().join("config"));
    let ben_invite = invite("kill_ben");
    ben.write(|c| team::join(c, &creds, &ben_invite)).unwrap();
    let slugs: Vec<String> = ben
        .read(|c| {
            let mut s = c.prepare("SELECT slug FROM cities ORDER BY slug LIMIT 40")?;
            let rows = s.query_map([], |r| r.get(0))?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
        .unwrap();
    ben.write(|c| {
        for i in 0..24_000 {
            log_call(
                c,
                &CallInput::new(&slugs[i % slugs.len()], CallOutcome::Voicemail),
            )?;
        }
        Ok(())
    })
    .unwrap();
    assert_eq!(team::sync(&mut ben, &creds).unwrap().pushed, 24_000);

    // Ana's `outreach sync` dies once it has merged some pages.
    let ana = tempfile::tempdir().unwrap();
    let joined = run(ana.path(), &["team", "join", &invite("kill_ana")]);
    assert!(joined.status.success(), "{}", text(&joined));
    let db = ana.path().join("data").join("outreach.db");
    let count = |sql: &str| -> i64 {
        let c =
            rusqlite::Connection::open_with_flags(&db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
                .unwrap();
        c.busy_timeout(std::time::Duration::from_secs(10)).unwrap();
        c.query_row(sql, [], |r| r.get(0)).unwrap()
    };
    let mut child = Command::new(env!("CARGO_BIN_EXE_outreach"))
        .arg("--data-dir")
        .arg(ana.path().join("data"))
        .arg("sync")
        .env_remove("OUTREACH_DATA_DIR")
        .env("OUTREACH_CONFIG_DIR", ana.path().join("config"))
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let pulled_some = loop {
        let n = count("SELECT count(*) FROM team_events WHERE state = 'pulled'");
        if n > 0 {
            break n;
        }
        if let Some(status) = child.try_wait().unwrap() {
            panic!("the sync ended ({status}) before the test saw a page merged");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    let after_kill = count("SELECT count(*) FROM team_events WHERE state = 'pulled'");
    let watermark = count("SELECT count(*) FROM settings WHERE key = 'team.pull_watermark'");
    assert!(
        after_kill < 24_000 && watermark == 0,
        "the kill came after the pull ended ({pulled_some}, {after_kill} pulled, watermark {watermark})"
    );
    // Whole pages only: every pulled event's call is in the store, and no call without it.
    assert_eq!(
        count("SELECT count(*) FROM calls"),
        after_kill,
        "a page was half merged"
    );

    // The next sync carries on; Ana holds exactly Ben's calls, with his name.
    let again = json(&run(ana.path(), &["--json", "sync"]));
    assert_eq!(again["pulled"].as_i64().unwrap(), 24_000 - after_kill);
    assert_eq!(
        count("SELECT count(*) FROM calls WHERE volunteer = 'kill_ben'"),
        24_000
    );
    let ids = |conn: &rusqlite::Connection| -> Vec<String> {
        let mut s = conn.prepare("SELECT id FROM calls ORDER BY id").unwrap();
        let rows = s.query_map([], |r| r.get(0)).unwrap();
        rows.collect::<Result<_, _>>().unwrap()
    };
    let ana_conn = rusqlite::Connection::open(&db).unwrap();
    let ben_ids = ben.read(|c| Ok(ids(c))).unwrap();
    assert_eq!(ids(&ana_conn), ben_ids);
    let last = json(&run(ana.path(), &["--json", "sync"]));
    assert_eq!(
        (last["pulled"].as_i64(), last["pushed"].as_i64()),
        (Some(0), Some(0))
    );
}
