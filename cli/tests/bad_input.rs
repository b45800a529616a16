//! The bad-input corpus (issue 10): `bad_input/cases.txt` lists argument lists (with the
//! files in `bad_input/files/`) that every writing and reading command must refuse. Each
//! case must exit non-zero with one line on stderr naming the problem (the argument
//! parser's usage errors: a first line naming it), and leave the
//! store's logical content (every row of every table) exactly as it was.

mod common;

use std::path::{Path, PathBuf};

use common::{ok, outreach};

/// Every row of every table, in a stable order.
fn content(data: &Path) -> String {
    let conn = rusqlite::Connection::open(data.join("outreach.db")).unwrap();
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut out = String::new();
    for t in tables {
        let mut stmt = conn
            .prepare(&format!("SELECT * FROM {t} ORDER BY 1"))
            .unwrap();
        let n = stmt.column_count();
        let mut rows = stmt.query([]).unwrap();
        while let Some(row) = rows.next().unwrap() {
            out.push_str(&t);
            for i in 0..n {
                let v: rusqlite::types::Value = row.get(i).unwrap();
                out.push_str(&format!("|{v:?}"));
            }
            out.push('\n');
        }
    }
    out
}

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad_input")
}

fn expand(arg: &str, data: &Path) -> String {
    if arg == "{empty}" {
        return String::new();
    }
    if let Some(n) = arg.strip_prefix("{long:").and_then(|r| r.strip_suffix('}')) {
        return "x".repeat(n.parse().unwrap());
    }
    arg.replace("{files}", corpus().join("files").to_str().unwrap())
        .replace("{data}", data.to_str().unwrap())
}

#[test]
fn every_case_of_the_corpus_is_refused_cleanly_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    ok(&outreach(&data, &["stats"]));
    // A call, so that the content holds a volunteer's work.
    ok(&outreach(
        &data,
        &["log-call", "portland-or", "--outcome", "voicemail"],
    ));
    let text = std::fs::read_to_string(corpus().join("cases.txt")).unwrap();
    let (mut cases, mut refused, mut unchanged) = (0, 0, 0);
    let mut failures = Vec::new();
    for line in text
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
    {
        let mut parts = line.splitn(3, '|').map(str::trim);
        let (name, words, args) = (
            parts.next().unwrap(),
            parts.next().unwrap(),
            parts.next().unwrap(),
        );
        let args: Vec<String> = args.split(' ').map(|a| expand(a, &data)).collect();
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        cases += 1;
        let before = content(&data);
        let o = outreach(&data, &args);
        let err = String::from_utf8_lossy(&o.stderr).trim().to_string();
        // The app's own errors are one line; the argument parser's (exit 2) start with one.
        let first = err.lines().next().unwrap_or("");
        let clean = !o.status.success()
            && (err.lines().count() == 1 || o.status.code() == Some(2))
            && first.to_lowercase().contains(&words.to_lowercase())
            && err.len() < 1000;
        if clean {
            refused += 1;
        } else {
            failures.push(format!(
                "{name}: exit {:?}, stderr ({} bytes): {}",
                o.status.code(),
                err.len(),
                err.chars().take(300).collect::<String>()
            ));
        }
        if content(&data) == before {
            unchanged += 1;
        } else {
            failures.push(format!("{name}: the store changed"));
        }
    }
    eprintln!("bad-input corpus: {cases} cases, {refused} refused cleanly, {unchanged} left the store unchanged");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(cases >= 60, "{cases} cases");
}
