//! `outreach next`, `outreach skip`, `outreach script` by tie status and the volunteer's
//! name given to earlier calls, as scripts use them.

use std::path::Path;

use serde_json::Value;

mod common;
use common::{add_mayor, json, ok, outreach};

/// No seeded contacts, so the test decides which cities have a phone.
fn without_contacts(d: &Path) {
    ok(&outreach(d, &["cities"]));
    let conn = rusqlite::Connection::open(d.join("outreach.db")).unwrap();
    conn.execute(
        "UPDATE contacts SET deleted_at = '2026-01-01T00:00:00.000Z'",
        [],
    )
    .unwrap();
}

fn add_phone(d: &Path, slug: &str) {
    ok(&add_mayor(d, slug, &[]));
}

#[test]
fn next_prints_the_queue_with_reason_contact_and_phone_and_a_skip_moves_past() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    without_contacts(d);
    add_phone(d, "portland-or");
    let q = json(&outreach(d, &["next", "--json", "--limit", "3"]));
    let entries = q["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 3, "--limit");
    let first = &entries[0];
    assert_eq!(
        first["slug"], "portland-or",
        "the only city with a phone: {q}"
    );
    assert_eq!(first["city"], "Portland");
    assert_eq!(first["reason"], "never_called");
    assert_eq!(first["task"], "call");
    assert_eq!(first["contact_name"], "Keith Wilson");
    assert_eq!(first["phone"], "503-823-4120");
    assert_eq!(q["to_call"], 1);
    assert!(q["find_number"].as_u64().unwrap() > 10);
    assert_eq!(entries[1]["task"], "find_number");
    assert_eq!(entries[1]["phone"], Value::Null);

    let text = ok(&outreach(d, &["next"]));
    assert!(text.starts_with("1 cities to call now"), "{text}");
    let line = text.lines().nth(1).unwrap();
    assert!(
        line.starts_with("portland-or")
            && line.contains("active tie, never called")
            && line.ends_with("503-823-4120"),
        "{line}"
    );
    assert!(text.contains("find the number"), "{text}");

    // A skip without a reason is refused by name; with one, the city is passed today.
    let out = outreach(d, &["skip", "portland-or", "--reason", " ", "--json"]);
    assert!(!out.status.success());
    let err: Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(err["kind"], "invalid_input");
    let s = json(&outreach(
        d,
        &["skip", "portland-or", "--reason", "office closed", "--json"],
    ));
    assert_eq!(s["slug"], "portland-or");
    let q = json(&outreach(d, &["next", "--json", "--limit", "0"]));
    let all = q["entries"].as_array().unwrap();
    assert!(all.iter().all(|e| e["slug"] != "portland-or"));
    assert_eq!(q["to_call"], 0);
    assert_eq!(
        all.len() as u64,
        q["find_number"].as_u64().unwrap(),
        "--limit 0 is all"
    );
    let calls = json(&outreach(d, &["calls", "portland-or", "--json"]));
    assert_eq!(calls, Value::Array(vec![]), "a skip is not a call");

    // A call keeps the city out of the queue for three days.
    let d2 = tempfile::tempdir().unwrap();
    without_contacts(d2.path());
    add_phone(d2.path(), "portland-or");
    ok(&outreach(
        d2.path(),
        &["log-call", "portland-or", "--outcome", "voicemail"],
    ));
    let q = json(&outreach(d2.path(), &["next", "--json", "--limit", "0"]));
    assert!(q["entries"]
        .as_array()
        .unwrap()
        .iter()
        .all(|e| e["slug"] != "portland-or"));
}

#[test]
fn script_uses_the_template_of_the_citys_tie() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let flat = |s: String| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let t = flat(ok(&outreach(d, &["script", "tallahassee-fl"])));
    assert!(t.contains("thank Tallahassee for ending its tie"), "{t}");
    assert!(!t.to_lowercase().contains("suspend"), "{t}");
    let p = flat(ok(&outreach(d, &["script", "portland-or"])));
    assert!(p.contains("to suspend or end Portland's tie"), "{p}");
    assert!(!p.contains("Portland, OR ("), "never the city called: {p}");
    let j = json(&outreach(d, &["script", "chicago-il", "--json"]));
    assert_eq!(j["status"], "suspended");

    // Editing the suspended script from a file; a bad one is refused by name.
    let file = d.join("s.txt");
    std::fs::write(&file, "Thanks {city}, please make it final.").unwrap();
    ok(&outreach(
        d,
        &[
            "campaign",
            "--script-file",
            file.to_str().unwrap(),
            "--script-for",
            "suspended",
        ],
    ));
    assert_eq!(
        ok(&outreach(d, &["script", "chicago-il"])).trim(),
        "Thanks Chicago, please make it final."
    );
    std::fs::write(&file, "Thanks {citty}").unwrap();
    let out = outreach(
        d,
        &[
            "campaign",
            "--script-file",
            file.to_str().unwrap(),
            "--script-for",
            "severed",
        ],
    );
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("severed script: {citty}"), "{err}");
}

#[test]
fn calls_logged_before_a_name_was_set_get_it_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ok(&outreach(
        d,
        &["log-call", "portland-or", "--outcome", "voicemail"],
    ));
    ok(&outreach(
        d,
        &["log-call", "tulsa-ok", "--outcome", "contact"],
    ));
    let s = json(&outreach(
        d,
        &[
            "campaign",
            "--volunteer",
            "Olena",
            "--attribute-unnamed-calls",
            "--json",
        ],
    ));
    assert_eq!(s["volunteer_name"], "Olena");
    assert_eq!(s["attributed_calls"], 2);
    let calls = json(&outreach(d, &["calls", "tulsa-ok", "--json"]));
    assert_eq!(calls[0]["volunteer"], "Olena");
    // Without the flag, a new name leaves earlier calls as they are.
    let d2 = tempfile::tempdir().unwrap();
    ok(&outreach(
        d2.path(),
        &["log-call", "portland-or", "--outcome", "voicemail"],
    ));
    ok(&outreach(d2.path(), &["campaign", "--volunteer", "Sam"]));
    let calls = json(&outreach(d2.path(), &["calls", "portland-or", "--json"]));
    assert_eq!(calls[0]["volunteer"], "");
}
