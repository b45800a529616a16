//! The outreach workflow through the `outreach` binary: every command's JSON, exit codes,
//! errors that name the bad value and write nothing, and logging surviving a crash.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

mod common;
#[path = "../../core/tests/common/dump.rs"]
mod dump;
use common::{add_mayor, by_slug, json, ok, outreach};

/// Every row of every table: two equal dumps mean the command wrote nothing.
fn dump(dir: &Path) -> String {
    dump::dump(&rusqlite::Connection::open(dir.join("outreach.db")).unwrap())
}

fn today() -> String {
    // The CLI's own idea of today, as `follow-ups` shows it.
    let out = Command::new("date").arg("+%F").output().unwrap();
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

#[test]
fn a_call_is_logged_listed_counted_and_undone() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ok(&outreach(d, &["campaign", "--volunteer", "Dana"]));
    let id = ok(&outreach(
        d,
        &[
            "log-call",
            "portland-or",
            "--outcome",
            "voicemail",
            "--notes",
            "Left a message",
            "--follow-up",
            &today(),
        ],
    ))
    .trim()
    .to_string();
    assert_eq!(uuid_like(&id), true, "{id}");
    let calls = json(&outreach(d, &["calls", "portland-or", "--json"]));
    assert_eq!(calls[0]["id"], id.as_str());
    assert_eq!(calls[0]["volunteer"], "Dana");
    assert_eq!(calls[0]["notes"], "Left a message");
    let cities = json(&outreach(d, &["cities", "--json"]));
    let portland = by_slug(&cities, "portland-or");
    assert_eq!(portland["last_call_at"], calls[0]["called_at"]);
    assert_eq!(portland["next_follow_up"], today().as_str());
    let due = json(&outreach(d, &["follow-ups", "--json"]));
    assert_eq!(due[0]["city_slug"], "portland-or");
    let stats = json(&outreach(d, &["stats", "--json"]));
    assert_eq!(stats["calls_last_7_days"], 1);
    assert_eq!(stats["my_calls_last_7_days"], 1);
    assert_eq!(stats["follow_ups_due"], 1);

    ok(&outreach(d, &["undo-call", &id]));
    assert_eq!(
        json(&outreach(d, &["calls", "portland-or", "--json"])),
        Value::Array(vec![])
    );
    assert_eq!(
        json(&outreach(d, &["stats", "--json"]))["calls_last_7_days"],
        0
    );
    assert_eq!(
        json(&outreach(d, &["follow-ups", "--json"])),
        Value::Array(vec![])
    );
}

fn uuid_like(s: &str) -> bool {
    s.len() == 36 && s.chars().filter(|c| *c == '-').count() == 4
}

#[test]
fn respond_changes_the_status_and_keeps_the_history() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let city = json(&outreach(
        d,
        &[
            "respond",
            "portland-or",
            "--response",
            "committed",
            "--relationship",
            "suspended",
            "--date",
            "2026-03-08",
            "--source",
            "https://example.org/vote",
            "--notes",
            "Council voted to suspend",
            "--json",
        ],
    ));
    assert_eq!(city["relationship_status"], "suspended");
    assert_eq!(city["response"], "committed");
    let history = city["relationships"][0]["history"].as_array().unwrap();
    assert_eq!(history[0]["status"], "active", "the seeded entry is kept");
    assert_eq!(
        history.last().unwrap()["summary"],
        "Council voted to suspend"
    );
    let filtered = json(&outreach(
        d,
        &[
            "cities",
            "--json",
            "--status",
            "suspended",
            "--state",
            "OR",
            "--sort",
            "last-call",
        ],
    ));
    assert!(filtered
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["slug"] == "portland-or"));
    assert!(filtered
        .as_array()
        .unwrap()
        .iter()
        .all(|c| c["state"] == "OR" && c["relationship_status"] == "suspended"));
}

#[test]
fn undo_response_and_undo_status_put_the_city_back_and_refuse_a_second_undo_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let before = json(&outreach(d, &["city", "portland-or", "--json"]));
    let saved = json(&outreach(
        d,
        &[
            "respond",
            "portland-or",
            "--response",
            "declined",
            "--relationship",
            "severed",
            "--date",
            "2026-03-08",
            "--json",
        ],
    ));
    let response = saved["recorded"]["response_id"]
        .as_str()
        .unwrap()
        .to_string();
    let status = saved["recorded"]["status_change_ids"][0]
        .as_str()
        .unwrap()
        .to_string();
    let undone = json(&outreach(d, &["undo-response", &response, "--json"]));
    assert_eq!(undone["undone"], response.as_str());
    assert_eq!(undone["city"]["response"], before["response"]);
    assert_eq!(undone["city"]["relationship_status"], "severed");
    let text = ok(&outreach(d, &["undo-status", &status]));
    assert!(text.starts_with(&format!("undone: {status}")), "{text}");
    let city = json(&outreach(d, &["city", "portland-or", "--json"]));
    assert_eq!(city["relationship_status"], before["relationship_status"]);
    assert_eq!(city["relationships"], before["relationships"]);

    let kept = dump(d);
    let again = outreach(d, &["undo-response", &response]);
    assert!(!again.status.success());
    let err = String::from_utf8_lossy(&again.stderr);
    assert!(err.contains("already undone"), "{err}");
    let unknown = outreach(d, &["undo-status", "no-such-change"]);
    assert!(!unknown.status.success());
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("\"no-such-change\""));
    assert_eq!(dump(d), kept, "a refused undo writes nothing");
}

#[test]
fn contacts_are_added_edited_listed_and_removed() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let c = json(&add_mayor(
        d,
        "portland-or",
        &[
            "--email",
            "mayor@portlandoregon.gov",
            "--last-verified",
            "2020-01-01",
            "--json",
        ],
    ));
    assert_eq!(c["stale"], true, "verified years ago");
    let id = c["id"].as_str().unwrap();
    let edited = json(&outreach(
        d,
        &[
            "contacts",
            "edit",
            id,
            "--last-verified",
            &today(),
            "--json",
        ],
    ));
    assert_eq!(edited["stale"], false);
    assert_eq!(edited["phone"], "503-823-4120", "fields not given are kept");
    let script = ok(&outreach(d, &["script", "portland-or"]));
    assert!(
        script.contains("May I speak with Mayor Keith Wilson"),
        "{script}"
    );
    let ids = |d: &std::path::Path| -> Vec<String> {
        json(&outreach(d, &["contacts", "list", "portland-or", "--json"]))
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(ids(d).iter().any(|x| x == id), "listed");
    ok(&outreach(d, &["contacts", "remove", id]));
    assert!(!ids(d).iter().any(|x| x == id), "removed");
}

#[test]
fn bad_values_exit_non_zero_name_the_value_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let id = ok(&outreach(
        d,
        &["log-call", "portland-or", "--outcome", "contact"],
    ))
    .trim()
    .to_string();
    let before = dump(d);
    for (args, expect) in [
        (
            vec!["log-call", "atlantis-ga", "--outcome", "contact"],
            "\"atlantis-ga\"",
        ),
        (
            vec!["log-call", "portland-or", "--outcome", "busy"],
            "outcome: \"busy\"",
        ),
        (
            vec![
                "log-call",
                "portland-or",
                "--outcome",
                "contact",
                "--channel",
                "fax",
            ],
            "channel: \"fax\"",
        ),
        (
            vec![
                "log-call",
                "portland-or",
                "--outcome",
                "contact",
                "--follow-up",
                "2026-13-01",
            ],
            "follow-up: \"2026-13-01\"",
        ),
        (vec!["undo-call", "no-such-call"], "\"no-such-call\""),
        (
            vec![
                "respond",
                "portland-or",
                "--relationship",
                "cut",
                "--date",
                "2026-01-01",
            ],
            "relationship status: \"cut\"",
        ),
        (
            vec![
                "respond",
                "portland-or",
                "--response",
                "maybe",
                "--date",
                "2026-01-01",
            ],
            "response: \"maybe\"",
        ),
        (
            vec![
                "respond",
                "portland-or",
                "--response",
                "declined",
                "--date",
                "March 8",
            ],
            "date: \"March 8\"",
        ),
        (
            vec![
                "contacts",
                "add",
                "portland-or",
                "--name",
                "X",
                "--phone",
                "call me",
            ],
            "phone: \"call me\"",
        ),
        (
            vec![
                "contacts",
                "add",
                "portland-or",
                "--name",
                "X",
                "--email",
                "mayor@",
            ],
            "email: \"mayor@\"",
        ),
        (
            vec!["contacts", "edit", "nobody", "--name", "X"],
            "\"nobody\"",
        ),
        (
            vec!["cities", "--status", "cut"],
            "relationship status: \"cut\"",
        ),
        (vec!["cities", "--sort", "size"], "sort: \"size\""),
        (vec!["calls", "atlantis-ga"], "\"atlantis-ga\""),
    ] {
        let out = outreach(d, &args);
        assert!(!out.status.success(), "{args:?} succeeded");
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.contains(expect), "{args:?}: {err}");
        assert!(out.stdout.is_empty(), "{args:?}");
    }
    // With --json, the error is a { kind, message } object.
    let out = outreach(
        d,
        &["log-call", "portland-or", "--outcome", "busy", "--json"],
    );
    let err: Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(err["kind"], "invalid_input");
    let out = outreach(d, &["undo-call", "nope", "--json"]);
    let err: Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(err["kind"], "unknown_call");
    // Undoing twice is refused too.
    ok(&outreach(d, &["undo-call", &id]));
    let after_undo = dump(d);
    assert!(!outreach(d, &["undo-call", &id]).status.success());
    assert_eq!(dump(d), after_undo);
    assert_ne!(before, after_undo);
}

#[test]
fn a_crash_in_the_middle_of_logging_leaves_no_half_written_call() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let today = today();
    ok(&outreach(
        d,
        &[
            "log-call",
            "portland-or",
            "--outcome",
            "voicemail",
            "--follow-up",
            &today,
        ],
    ));
    // After the call is inserted and the open follow-up closed, the new follow-up's
    // insert hangs in a trigger; then the process is killed, as by a crash or power cut.
    {
        let conn = rusqlite::Connection::open(d.join("outreach.db")).unwrap();
        conn.execute_batch(
            "CREATE TABLE big (x);
             WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000)
             INSERT INTO big SELECT i FROM n;
             CREATE TRIGGER hang AFTER INSERT ON follow_ups
             BEGIN SELECT count(*) FROM big a, big b, big c, big d; END;",
        )
        .unwrap();
    }
    let before = dump(d);
    let mut child = Command::new(env!("CARGO_BIN_EXE_outreach"))
        .arg("--data-dir")
        .arg(d)
        .args([
            "log-call",
            "portland-or",
            "--outcome",
            "contact",
            "--follow-up",
            &today,
        ])
        .env_remove("OUTREACH_DATA_DIR")
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(1500));
    assert!(
        child.try_wait().unwrap().is_none(),
        "the log is stuck mid-transaction"
    );
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(dump(d), before, "nothing of the killed log is visible");
    {
        let conn = rusqlite::Connection::open(d.join("outreach.db")).unwrap();
        conn.execute_batch("DROP TRIGGER hang; DROP TABLE big;")
            .unwrap();
    }
    let calls = json(&outreach(d, &["calls", "portland-or", "--json"]));
    assert_eq!(calls.as_array().unwrap().len(), 1);
    let due = json(&outreach(d, &["follow-ups", "--json"]));
    assert_eq!(
        due.as_array().unwrap().len(),
        1,
        "the first follow-up is still open"
    );
}

#[test]
fn generate_makes_a_store_the_list_and_stats_read() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let r = json(&outreach(
        d,
        &[
            "generate",
            "--cities",
            "300",
            "--calls",
            "3000",
            "--contacts",
            "600",
            "--json",
        ],
    ));
    assert_eq!(r["cities"], 300);
    assert_eq!(r["calls"], 3000);
    let cities = json(&outreach(
        d,
        &["cities", "--json", "--sort", "last-call", "--desc"],
    ));
    let list = cities.as_array().unwrap();
    assert!(list.len() >= 300);
    let stamps: Vec<&str> = list
        .iter()
        .filter_map(|c| c["last_call_at"].as_str())
        .collect();
    assert!(stamps.windows(2).all(|w| w[0] >= w[1]), "newest call first");
    let stats = json(&outreach(d, &["stats", "--json"]));
    assert!(stats["calls_last_7_days"].as_u64().unwrap() > 0);
}

#[test]
fn cities_add_puts_a_missing_place_in_the_list_and_refuses_a_bad_one_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ok(&outreach(d, &["campaign", "--volunteer", "Dana"]));
    let before = json(&outreach(d, &["cities", "--json"]))
        .as_array()
        .unwrap()
        .len();
    let added = json(&outreach(
        d,
        &[
            "cities",
            "add",
            "Springfield",
            "--state",
            "IL",
            "--sister-city",
            "Tver",
            "--status",
            "active",
            "--date",
            "2023-05",
            "--source",
            "https://example.org/springfield",
            "--latitude",
            "39.78",
            "--longitude",
            "-89.65",
            "--json",
        ],
    ));
    assert_eq!(added["slug"], "springfield-il");
    assert_eq!(added["city_added"], true);
    let listed = json(&outreach(d, &["cities", "--json", "--state", "IL"]));
    let row = by_slug(&listed, "springfield-il");
    assert_eq!(row["sister_city"], "Tver");
    assert_eq!(row["relationship_status"], "active");
    assert_eq!(
        json(&outreach(d, &["cities", "--json"]))
            .as_array()
            .unwrap()
            .len(),
        before + 1
    );
    let city = json(&outreach(d, &["city", "springfield-il", "--json"]));
    let entry = &city["relationships"][0]["history"][0];
    assert_eq!(entry["volunteer"], "Dana");
    assert_eq!(entry["sources"][0], "https://example.org/springfield");

    let unchanged = dump(d);
    let out = outreach(
        d,
        &[
            "cities",
            "add",
            "Springfield",
            "--state",
            "Narnia",
            "--sister-city",
            "Tver",
            "--status",
            "active",
            "--date",
            "2023",
            "--source",
            "https://example.org/",
        ],
    );
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("Narnia") && err.contains("state"), "{err}");
    assert_eq!(dump(d), unchanged, "a refused place changed the store");
}
