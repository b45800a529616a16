//! How the CLI prints: pretty JSON for `--json`, plain text otherwise.

use std::io::Write;

pub fn print_json(value: &impl serde::Serialize) {
    let mut out = std::io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, value).expect("serialises");
    let _ = writeln!(out);
}
