//! The `outreach` binary as scripts use it: exit codes, JSON shapes, and bad stores left
//! untouched.

use std::fs;
use std::path::Path;
use std::process::Command;

use serde_json::Value;
use sha2::{Digest, Sha256};

mod common;
use common::{json, outreach};

fn file_hash(path: &Path) -> String {
    format!("{:x}", Sha256::digest(fs::read(path).unwrap()))
}

#[test]
fn cities_json_lists_every_target_with_the_documented_fields() {
    let dir = tempfile::tempdir().unwrap();
    let cities = json(&outreach(dir.path(), &["cities", "--json"]));
    let list = cities.as_array().expect("an array");
    assert!(list.len() >= 60, "{} cities", list.len());
    for c in list {
        for key in [
            "slug",
            "city",
            "state",
            "sister_city",
            "relationship_status",
            "response",
            "last_call_at",
        ] {
            assert!(c.get(key).is_some(), "{key} missing in {c}");
        }
        let status = c["relationship_status"].as_str().unwrap();
        assert!(
            ["active", "suspended", "severed", "unknown"].contains(&status),
            "{status}"
        );
    }
    let portland = list
        .iter()
        .find(|c| c["slug"] == "portland-or")
        .expect("portland-or is listed");
    assert_eq!(portland["city"], "Portland");
    assert_eq!(portland["state"], "OR");
    assert_eq!(portland["sister_city"], "Khabarovsk");
    assert_eq!(portland["response"], "none");
    assert_eq!(portland["last_call_at"], Value::Null);
    let chicago = list.iter().find(|c| c["slug"] == "chicago-il").unwrap();
    assert_eq!(chicago["relationship_status"], "suspended");
}

#[test]
fn the_table_shows_one_line_per_city() {
    let dir = tempfile::tempdir().unwrap();
    let out = outreach(dir.path(), &["cities"]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let json = json(&outreach(dir.path(), &["cities", "--json"]));
    assert_eq!(text.lines().count(), json.as_array().unwrap().len() + 1);
    assert!(
        text.lines().any(|l| l.starts_with("tallahassee-fl")
            && l.contains("Krasnodar")
            && l.contains("severed")),
        "{text}"
    );
}

#[test]
fn city_json_has_the_history_with_dates_and_sources() {
    let dir = tempfile::tempdir().unwrap();
    let city = json(&outreach(dir.path(), &["city", "tallahassee-fl", "--json"]));
    assert_eq!(city["slug"], "tallahassee-fl");
    assert_eq!(city["relationship_status"], "severed");
    let history = city["relationships"][0]["history"].as_array().unwrap();
    let last = history.last().unwrap();
    assert_eq!(last["status"], "severed");
    assert_eq!(last["date"], "2022-03-09");
    let sources: Vec<&str> = last["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    assert!(
        sources.iter().any(|s| s.contains("wuwf.org")),
        "{sources:?}"
    );
    assert!(city["contacts"].is_array());
}

#[test]
fn the_plain_city_view_lists_history_and_sources() {
    let dir = tempfile::tempdir().unwrap();
    let out = outreach(dir.path(), &["city", "anchorage-ak"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("Anchorage, AK (anchorage-ak)"), "{text}");
    assert!(text.contains("Sister city: Magadan"), "{text}");
    assert!(text.contains("https://alaskapublic.org/"), "{text}");
}

#[test]
fn an_unknown_slug_exits_non_zero_names_it_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    assert!(outreach(dir.path(), &["cities"]).status.success());
    let db = dir.path().join("outreach.db");
    let before = file_hash(&db);
    let out = outreach(dir.path(), &["city", "atlantis-ga"]);
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("\"atlantis-ga\""), "{err}");
    assert_eq!(file_hash(&db), before);
}

#[test]
fn a_corrupted_store_exits_non_zero_names_the_file_and_is_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("outreach.db");
    fs::write(&db, vec![0x42u8; 8192]).unwrap();
    let before = file_hash(&db);
    let out = outreach(dir.path(), &["cities", "--json"]);
    assert!(!out.status.success());
    assert!(out.stdout.is_empty());
    let err: Value = serde_json::from_slice(&out.stderr).expect("--json errors are JSON");
    assert_eq!(err["kind"], "store_corrupt");
    assert!(
        err["message"]
            .as_str()
            .unwrap()
            .contains(&db.display().to_string()),
        "{err}"
    );
    assert_eq!(file_hash(&db), before);
}

#[test]
fn a_store_from_a_newer_version_exits_non_zero_and_is_untouched() {
    let dir = tempfile::tempdir().unwrap();
    assert!(outreach(dir.path(), &["cities"]).status.success());
    let db = dir.path().join("outreach.db");
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.pragma_update(None, "user_version", 999).unwrap();
        conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
    }
    let before = file_hash(&db);
    let out = outreach(dir.path(), &["cities"]);
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("newer version")
            && err.contains("schema 999")
            && err.contains(&db.display().to_string()),
        "{err}"
    );
    assert_eq!(file_hash(&db), before);
}

#[test]
fn the_data_folder_can_come_from_the_environment() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_outreach"))
        .args(["cities", "--json"])
        .env("OUTREACH_DATA_DIR", dir.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(dir.path().join("outreach.db").is_file());
}

#[test]
fn json_is_one_global_flag_before_or_after_the_command() {
    let dir = tempfile::tempdir().unwrap();
    let before = json(&outreach(
        dir.path(),
        &["--json", "cities", "--state", "OR"],
    ));
    let after = json(&outreach(
        dir.path(),
        &["cities", "--state", "OR", "--json"],
    ));
    assert_eq!(before, after);
    assert!(before.as_array().is_some_and(|a| !a.is_empty()));
    // Every command takes it, also those that had none of their own and nested ones.
    for args in [
        &["--json", "stats"][..],
        &["signatures", "--json", "status"],
        &["signatures", "config", "show", "--json"],
        &["--json", "backup", "list"],
        &["contacts", "list", "portland-or", "--json"],
    ] {
        json(&outreach(dir.path(), args));
    }
    // An error before the command's own arguments is JSON too.
    let out = outreach(dir.path(), &["--json", "city", "nowhere-xx"]);
    assert!(!out.status.success());
    let err: serde_json::Value = serde_json::from_slice(&out.stderr).expect("a JSON error");
    assert_eq!(err["kind"], "unknown_city");
}

/// `outreach cities --json` writes its rows from one buffer (`cities::query_rows`), not
/// from a `CitySummary` each: byte for byte, it is the pretty JSON of the window's own rows
/// for the same query, with follow-ups, responses, a teammate's call, a city without
/// coordinates and a name that JSON must escape among them.
#[test]
fn cities_json_is_byte_for_byte_the_json_of_the_owned_rows() {
    use outreach_core::calls::{log_call, CallInput};
    use outreach_core::cities::{CityQuery, CitySort, LastCallFilter};
    use outreach_core::responses::{record_response, ResponseInput};
    use outreach_core::vocab::{CallOutcome, CityResponse, RelationshipStatus};

    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    {
        let mut store = outreach_core::Store::open_dir(d).unwrap();
        let conn = store.conn_mut();
        log_call(
            conn,
            &CallInput {
                follow_up: Some("2099-01-01".into()),
                ..CallInput::new("portland-or", CallOutcome::Voicemail)
            },
        )
        .unwrap();
        let anchorage = log_call(conn, &CallInput::new("anchorage-ak", CallOutcome::Contact))
            .unwrap()
            .id;
        record_response(
            conn,
            &ResponseInput {
                slug: "anchorage-ak".into(),
                response: Some(CityResponse::Considering),
                date: "2026-01-01".into(),
                ..Default::default()
            },
        )
        .unwrap();
        // Anchorage's call came from a teammate, through the campaign server.
        conn.execute(
            "INSERT INTO team_events (event_id, author, synced_at, state)
             VALUES ('call:' || ?1, 'ola', '2026-04-01T10:00:00.000Z', 'pulled')",
            [&anchorage],
        )
        .unwrap();
        outreach_core::settings::set(conn, "team.volunteer", "dana").unwrap();
        conn.execute(
            "UPDATE cities SET name = 'Tallahassee \"Big Bend\" \\ Cañon', latitude = NULL,
                 longitude = NULL
             WHERE slug = 'tallahassee-fl'",
            [],
        )
        .unwrap();
    }
    let store = outreach_core::Store::open_dir(d).unwrap();
    let cases: Vec<(Vec<&str>, CityQuery)> = vec![
        (vec![], CityQuery::default()),
        (
            vec!["--status", "active", "--sort", "last-call"],
            CityQuery {
                status: Some(RelationshipStatus::Active),
                sort: CitySort::LastCall,
                ..Default::default()
            },
        ),
        (
            vec!["--sort", "follow-up", "--desc"],
            CityQuery {
                sort: CitySort::FollowUp,
                descending: true,
                ..Default::default()
            },
        ),
        (
            vec!["--last-call", "last-7-days", "--sort", "response"],
            CityQuery {
                last_call: Some(LastCallFilter::Last7Days),
                sort: CitySort::Response,
                ..Default::default()
            },
        ),
        (
            vec!["--state", "zz"],
            CityQuery {
                state: Some("zz".into()),
                ..Default::default()
            },
        ),
    ];
    for (args, query) in cases {
        let rows = store.query_cities(&query).unwrap();
        let mut want = serde_json::to_string_pretty(&rows).unwrap();
        want.push('\n');
        let mut cmd = vec!["cities", "--json"];
        cmd.extend_from_slice(&args);
        assert_eq!(
            String::from_utf8(outreach(d, &cmd).stdout).unwrap(),
            want,
            "{args:?}"
        );
    }
    let all = store.query_cities(&CityQuery::default()).unwrap();
    assert!(
        all.iter().any(|c| c.teammate_call.is_some()),
        "a teammate's call"
    );
    assert!(
        all.iter().any(|c| c.latitude.is_none()),
        "a city without coordinates"
    );
    // The table lists the same cities, in the same order.
    let table = String::from_utf8(outreach(d, &["cities"]).stdout).unwrap();
    let slugs: Vec<&str> = table
        .lines()
        .skip(1)
        .map(|l| l.split(' ').next().unwrap())
        .collect();
    let want: Vec<&str> = all.iter().map(|c| c.slug.as_str()).collect();
    assert_eq!(slugs, want);
}
