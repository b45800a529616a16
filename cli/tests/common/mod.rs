//! Running the `outreach` binary as scripts do, shared by the CLI's test files.
#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

/// Runs `outreach --data-dir DIR ARGS...` with no data folder from the environment.
pub fn outreach(data_dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_outreach"))
        .arg("--data-dir")
        .arg(data_dir)
        .args(args)
        .env_remove("OUTREACH_DATA_DIR")
        .output()
        .expect("the outreach binary runs")
}

/// The command succeeded: its stdout.
pub fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "exit {:?}, stderr: {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).unwrap()
}

/// The command succeeded and printed JSON.
pub fn json(out: &Output) -> Value {
    serde_json::from_str(&ok(out)).expect("stdout is JSON")
}

/// The city with this slug in a JSON list of cities.
pub fn by_slug<'a>(cities: &'a Value, slug: &str) -> &'a Value {
    cities
        .as_array()
        .expect("a list of cities")
        .iter()
        .find(|c| c["slug"] == slug)
        .unwrap_or_else(|| panic!("{slug} is listed"))
}

/// `outreach contacts add SLUG` with Portland's mayor and his number, then `more` flags.
pub fn add_mayor(data_dir: &Path, slug: &str, more: &[&str]) -> Output {
    let mut args = vec![
        "contacts",
        "add",
        slug,
        "--name",
        "Keith Wilson",
        "--role",
        "Mayor",
        "--phone",
        "503-823-4120",
    ];
    args.extend_from_slice(more);
    outreach(data_dir, &args)
}
