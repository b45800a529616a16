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
