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
    let mut tally = Tally::default();
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
        let before = content(&data);
        let o = outreach(&data, &args);
        let err = String::from_utf8_lossy(&o.stderr).trim().to_string();
        // The app's own errors are one line; the argument parser's (exit 2) start with one.
        let first = err.lines().next().unwrap_or("");
        let clean = !o.status.success()
            && (err.lines().count() == 1 || o.status.code() == Some(2))
            && first.to_lowercase().contains(&words.to_lowercase())
            && err.len() < 1000;
        tally.case(
            clean.then_some(()).ok_or_else(|| {
                format!(
                    "{name}: exit {:?}, stderr ({} bytes): {}",
                    o.status.code(),
                    err.len(),
                    err.chars().take(300).collect::<String>()
                )
            }),
            (content(&data) == before)
                .then_some(())
                .ok_or_else(|| format!("{name}: the store changed")),
        );
    }
    tally.assert_clean("bad-input corpus", "store");
    assert!(tally.cases >= 60, "{} cases", tally.cases);
}

/// A corpus's count: its cases, those refused cleanly, those that left the data as it was,
/// and what went wrong.
#[derive(Default)]
struct Tally {
    cases: u32,
    refused: u32,
    unchanged: u32,
    failures: Vec<String>,
}

impl Tally {
    /// One case: refused cleanly (or what it did instead), and the data left as it was (or
    /// what changed).
    fn case(&mut self, refused: Result<(), String>, unchanged: Result<(), String>) {
        self.cases += 1;
        match refused {
            Ok(()) => self.refused += 1,
            Err(f) => self.failures.push(f),
        }
        match unchanged {
            Ok(()) => self.unchanged += 1,
            Err(f) => self.failures.push(f),
        }
    }

    fn assert_clean(&self, corpus: &str, data: &str) {
        let Tally {
            cases,
            refused,
            unchanged,
            failures,
        } = self;
        eprintln!("{corpus}: {cases} cases, {refused} refused cleanly, {unchanged} left the {data} unchanged");
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }
}

/// Every file under `dir` with its bytes.
fn folder_state(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            let rel = p.strip_prefix(dir).unwrap().display().to_string();
            if p.is_dir() {
                out.push((rel, b"folder".to_vec()));
                todo.push(p);
            } else {
                out.push((rel, std::fs::read(&p).unwrap()));
            }
        }
    }
    out.sort();
    out
}

/// Issue 10, class 7: a store the app refuses is left exactly as found (every file of the
/// data folder, byte for byte; no `-wal`/`-shm`, no backup) whatever command meets it.
#[test]
fn every_refused_store_is_left_exactly_as_found() {
    let app_id: i64 = outreach_core::store::APPLICATION_ID;
    let stores: Vec<(&str, &str, Box<dyn Fn(&rusqlite::Connection)>)> = vec![
        (
            "another program's WAL database",
            "another application",
            Box::new(|c| {
                c.pragma_update(None, "journal_mode", "WAL").unwrap();
                c.pragma_update(None, "application_id", 1234).unwrap();
                c.execute("CREATE TABLE photos (id INTEGER)", []).unwrap();
            }),
        ),
        (
            "a newer version's WAL store",
            "newer version",
            Box::new(move |c| {
                c.pragma_update(None, "journal_mode", "WAL").unwrap();
                c.pragma_update(None, "application_id", app_id).unwrap();
                c.pragma_update(None, "user_version", 999).unwrap();
                c.execute("CREATE TABLE cities (id TEXT)", []).unwrap();
            }),
        ),
        (
            "our mark, no schema, other tables",
            "no schema version",
            Box::new(move |c| {
                c.pragma_update(None, "application_id", app_id).unwrap();
                c.execute("CREATE TABLE cities (x)", []).unwrap();
            }),
        ),
    ];
    let commands: [&[&str]; 4] = [
        &["stats"],
        &["log-call", "portland-or", "--outcome", "voicemail"],
        &["signatures", "set", "100"],
        &["backup", "list"],
    ];
    let mut tally = Tally::default();
    for (name, words, make) in &stores {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        std::fs::create_dir(&data).unwrap();
        make(&rusqlite::Connection::open(data.join("outreach.db")).unwrap());
        let before = folder_state(&data);
        for args in commands {
            let o = outreach(&data, args);
            let err = String::from_utf8_lossy(&o.stderr).trim().to_string();
            let clean = !o.status.success() && err.lines().count() == 1 && err.contains(words);
            tally.case(
                clean
                    .then_some(())
                    .ok_or_else(|| format!("{name} {args:?}: exit {:?}: {err}", o.status.code())),
                (folder_state(&data) == before)
                    .then_some(())
                    .ok_or_else(|| format!("{name} {args:?}: the data folder changed")),
            );
        }
    }
    tally.assert_clean("refused stores", "folder");
}
