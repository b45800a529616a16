//! Issue 10: `kill -9` at random moments while calls are logged loses no acknowledged call
//! and never damages the store (bounded to about 30 s).

mod common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn log_call(data: &Path) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_outreach"))
        .arg("--data-dir")
        .arg(data)
        .args([
            "log-call",
            "portland-or",
            "--outcome",
            "voicemail",
            "--json",
        ])
        .env_remove("OUTREACH_DATA_DIR")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the outreach binary runs")
}

#[test]
fn kill_9_at_random_moments_loses_no_acknowledged_call() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    common::ok(&common::outreach(&data, &["stats"]));
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut seed: u64 = std::process::id() as u64 ^ 0x9e37_79b9_7f4a_7c15;
    let mut random = move |n: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % n
    };
    let (mut acknowledged, mut killed) = (Vec::new(), 0);
    while Instant::now() < deadline {
        let mut child = log_call(&data);
        std::thread::sleep(Duration::from_millis(random(60)));
        match child.try_wait().unwrap() {
            None => {
                child.kill().unwrap(); // SIGKILL
                child.wait().unwrap();
                killed += 1;
            }
            Some(_) => {
                let out = child.wait_with_output().unwrap();
                if out.status.success() {
                    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
                    acknowledged.push(v["id"].as_str().unwrap().to_string());
                }
            }
        }
    }
    eprintln!(
        "kill -9: {} calls acknowledged, {killed} processes killed",
        acknowledged.len()
    );
    assert!(
        killed > 0 && !acknowledged.is_empty(),
        "the loop exercised both"
    );
    let conn = rusqlite::Connection::open(data.join("outreach.db")).unwrap();
    let ok: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
    for id in &acknowledged {
        let n: i64 = conn
            .query_row("SELECT count(*) FROM calls WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(n, 1, "acknowledged call {id} is missing");
    }
    // And the store still opens through the app.
    common::ok(&common::outreach(&data, &["stats"]));
}
