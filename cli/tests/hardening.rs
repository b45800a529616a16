//! Issue 10 (hardening) on the command line. Class 1: exports and bundles never destroy the
//! store, a device, a link's target
//! or a file of another name; an existing file is replaced only with --force.

mod common;

use std::path::Path;

use common::{ok, outreach};

fn calls(dir: &Path) -> i64 {
    rusqlite::Connection::open(dir.join("outreach.db"))
        .unwrap()
        .query_row("SELECT count(*) FROM calls", [], |r| r.get(0))
        .unwrap()
}

fn refused(out: &std::process::Output, path: &Path) -> String {
    assert!(!out.status.success(), "the command succeeded");
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(
        err.contains(&path.display().to_string()),
        "the error does not name {}: {err}",
        path.display()
    );
    err
}

fn log_call(dir: &Path) {
    ok(&outreach(
        dir,
        &["log-call", "portland-or", "--outcome", "voicemail"],
    ));
}

#[test]
fn no_export_or_bundle_is_written_over_the_store_its_companions_or_backups() {
    let dir = tempfile::tempdir().unwrap();
    log_call(dir.path());
    let made = common::json(&outreach(dir.path(), &["backup", "create", "--json"]));
    let backup = dir
        .path()
        .join("backups")
        .join(format!("{}.db", made["id"].as_str().unwrap()));
    let before = std::fs::read(&backup).unwrap();
    let data = dir.path();
    let targets = [
        data.join("outreach.db"),
        data.join("outreach.db-wal"),
        data.join("outreach.db-shm"),
        backup.clone(),
        data.join("backups").join("../outreach.db"),
    ];
    for t in &targets {
        let t = t.to_str().unwrap();
        for args in [
            vec!["export", "calls", "--format", "csv", "-o", t, "--force"],
            vec!["export", "cities", "--format", "json", "-o", t, "--force"],
            vec!["bundle", "export", "--all", "-o", t, "--force"],
        ] {
            let err = refused(&outreach(data, &args), Path::new(t));
            assert!(err.contains("store"), "{err}");
        }
    }
    // The store still opens and still has the call; the backup is as it was.
    assert_eq!(calls(data), 1);
    ok(&outreach(data, &["stats"]));
    assert_eq!(std::fs::read(&backup).unwrap(), before);
}

#[cfg(unix)]
#[test]
fn a_link_to_the_store_is_refused_too() {
    let dir = tempfile::tempdir().unwrap();
    log_call(dir.path());
    let out = tempfile::tempdir().unwrap();
    let link = out.path().join("calls.csv");
    std::os::unix::fs::symlink(dir.path().join("outreach.db"), &link).unwrap();
    let hard = out.path().join("hard.csv");
    std::fs::hard_link(dir.path().join("outreach.db"), &hard).unwrap();
    for t in [&link, &hard] {
        refused(&export_calls_csv(dir.path(), &t, &["--force"]), t);
    }
    assert_eq!(calls(dir.path()), 1);
}

#[cfg(unix)]
#[test]
fn devices_pipes_and_folders_are_never_replaced() {
    use std::os::unix::fs::FileTypeExt;
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.csv");
    assert!(std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    let folder = dir.path().join("folder.json");
    std::fs::create_dir(&folder).unwrap();
    for t in [&fifo, &folder] {
        for args in [
            vec!["export", "calls", "--format", "csv", "--force", "-o"],
            vec!["bundle", "export", "--force", "-o"],
        ] {
            let mut args = args.clone();
            args.push(t.to_str().unwrap());
            refused(&outreach(dir.path(), &args), t);
        }
    }
    assert!(std::fs::symlink_metadata(&fifo)
        .unwrap()
        .file_type()
        .is_fifo());
    assert!(folder.is_dir());
}

#[cfg(unix)]
#[test]
fn a_link_at_the_temporary_name_and_files_of_other_names_are_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let victim = out.path().join("victim.txt");
    std::fs::write(&victim, "keep me").unwrap();
    // The names the old writer used for its temporary file.
    std::os::unix::fs::symlink(&victim, out.path().join("calls.partial")).unwrap();
    std::fs::write(out.path().join("bundle.json.partial"), "someone's notes").unwrap();
    std::fs::write(out.path().join("bundle.partial"), "more notes").unwrap();
    ok(&export_calls_csv(
        dir.path(),
        &out.path().join("calls.csv"),
        &[],
    ));
    ok(&outreach(
        dir.path(),
        &[
            "bundle",
            "export",
            "-o",
            out.path().join("bundle.json").to_str().unwrap(),
        ],
    ));
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep me");
    assert_eq!(
        std::fs::read_to_string(out.path().join("bundle.json.partial")).unwrap(),
        "someone's notes"
    );
    assert_eq!(
        std::fs::read_to_string(out.path().join("bundle.partial")).unwrap(),
        "more notes"
    );
    assert!(std::fs::symlink_metadata(out.path().join("calls.partial"))
        .unwrap()
        .file_type()
        .is_symlink());
    let mut names: Vec<String> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "bundle.json",
            "bundle.json.partial",
            "bundle.partial",
            "calls.csv",
            "calls.partial",
            "victim.txt"
        ]
    );
}

#[test]
fn an_existing_file_is_replaced_only_with_force() {
    let dir = tempfile::tempdir().unwrap();
    log_call(dir.path());
    let out = tempfile::tempdir().unwrap();
    for (file, args) in [
        ("calls.csv", vec!["export", "calls", "--format", "csv"]),
        ("bundle.json.gz", vec!["bundle", "export", "--all"]),
    ] {
        let t = out.path().join(file);
        std::fs::write(&t, "a file I wanted").unwrap();
        let mut a = args.clone();
        a.extend(["-o", t.to_str().unwrap()]);
        let err = refused(&outreach(dir.path(), &a), &t);
        assert!(err.contains("--force"), "{err}");
        assert_eq!(std::fs::read_to_string(&t).unwrap(), "a file I wanted");
        a.push("--force");
        ok(&outreach(dir.path(), &a));
        assert_ne!(std::fs::read(&t).unwrap(), b"a file I wanted");
    }
}

#[test]
fn a_missing_folder_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let t = dir.path().join("no-such-folder").join("calls.csv");
    let o = export_calls_csv(dir.path(), &t, &[]);
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert!(!o.status.success());
    assert!(err.contains("no-such-folder"), "{err}");
}

/// Issue 10, class 3 on the command line: a bundle of many rows the store cannot take
/// prints a count by reason and the first few, not a line per row; --json lists them all.
#[test]
fn a_merge_report_counts_refused_rows_and_shows_the_first_few() {
    use sha2::Digest;
    let dir = tempfile::tempdir().unwrap();
    ok(&outreach(dir.path(), &["stats"]));
    let city: String = rusqlite::Connection::open(dir.path().join("outreach.db"))
        .unwrap()
        .query_row(
            "SELECT id FROM cities WHERE slug = 'portland-or'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let calls: Vec<serde_json::Value> = (0..1000)
        .map(|i| {
            serde_json::json!({
                "id": format!("00000000-0000-4000-8000-{i:012}"),
                "city_id": city, "contact_id": null, "channel": "phone",
                "outcome": "not-an-outcome", "notes": "", "volunteer": "Mallory",
                "called_at": "2026-11-01T10:00:00.000Z", "created_at": "2026-11-01T10:00:00.000Z",
                "undone_at": null
            })
        })
        .collect();
    let payload = serde_json::json!({ "calls": calls }).to_string();
    let sum = format!("{:x}", sha2::Sha256::digest(payload.as_bytes()));
    let text = format!(
        "{{\"format\":\"outreach-desk-bundle\",\"version\":1,\"machine_id\":\"m\",\"created_at\":\"2026-11-01T10:00:00.000Z\",\"since\":null,\"checksum\":\"{sum}\",\"payload\":{payload}}}"
    );
    let f = dir.path().join("bad.json");
    std::fs::write(&f, text).unwrap();
    let out = ok(&outreach(
        dir.path(),
        &["bundle", "import", f.to_str().unwrap()],
    ));
    assert!(out.lines().count() < 20, "{out}");
    assert!(
        out.contains("refused 1000 rows (1000 invalid_value)"),
        "{out}"
    );
    assert!(out.contains("and 990 more"), "{out}");
    let j = common::json(&outreach(
        dir.path(),
        &["bundle", "import", f.to_str().unwrap(), "--json"],
    ));
    assert_eq!(j["refused"].as_array().unwrap().len(), 1000);
    assert_eq!(j["refused_by_reason"][0]["count"], 1000);
    assert_eq!(calls_in(dir.path()), 0);
}

fn calls_in(dir: &Path) -> i64 {
    calls(dir)
}

/// Issue 10, class 4: every file read refuses what is not a regular file and reads at most
/// a cap of bytes (counted after decompression); each refusal names the limit.
#[cfg(unix)]
#[test]
fn devices_are_refused_before_a_byte_is_read() {
    let dir = tempfile::tempdir().unwrap();
    ok(&outreach(dir.path(), &["stats"]));
    let before = std::fs::read(dir.path().join("outreach.db")).unwrap();
    for args in [
        vec!["bundle", "import", "/dev/zero"],
        vec!["import", "contacts", "/dev/zero"],
        vec!["campaign", "--script-file", "/dev/zero"],
        vec!["campaign", "--script-file", "/dev/urandom"],
    ] {
        let o = outreach(dir.path(), &args);
        let err = refused(&o, Path::new(args[args.len() - 1]));
        assert!(err.contains("not a regular file"), "{args:?}: {err}");
    }
    assert_eq!(
        std::fs::read(dir.path().join("outreach.db")).unwrap(),
        before
    );
}

#[test]
fn a_gzip_bomb_is_refused_naming_the_limit() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    ok(&outreach(dir.path(), &["stats"]));
    // A gzip bomb: a whole bundle header, then 600 MB of spaces (about 600 KB packed),
    // which the merge reads a batch at a time: the cap stops it all the same.
    let f = dir.path().join("bomb.json.gz");
    let mut gz = flate2_like_gzip(&f);
    gz.write_all(
        b"{\"format\":\"outreach-desk-bundle\",\"version\":1,\"machine_id\":\"m\",\
          \"created_at\":\"2026-01-01T00:00:00.000Z\",\"checksum\":\"0\",\"payload\":",
    )
    .unwrap();
    let spaces = vec![b' '; 1 << 20];
    for _ in 0..600 {
        gz.write_all(&spaces).unwrap();
    }
    drop(gz);
    let o = outreach(dir.path(), &["bundle", "import", f.to_str().unwrap()]);
    let err = refused(&o, &f);
    assert!(err.contains("over 50 times its packed size"), "{err}");
    // Zeros: refused from their start.
    let z = dir.path().join("zeros.json.gz");
    let mut gz = flate2_like_gzip(&z);
    let zeros = vec![0u8; 1 << 20];
    for _ in 0..64 {
        gz.write_all(&zeros).unwrap();
    }
    drop(gz);
    let err = refused(
        &outreach(dir.path(), &["bundle", "import", z.to_str().unwrap()]),
        &z,
    );
    assert!(err.contains("not an Outreach Desk bundle"), "{err}");
}

/// `gzip -1` through the system's gzip (the CLI's tests do not depend on a gzip crate).
fn flate2_like_gzip(path: &Path) -> GzipPipe {
    let file = std::fs::File::create(path).unwrap();
    let child = std::process::Command::new("gzip")
        .arg("-1")
        .stdin(std::process::Stdio::piped())
        .stdout(file)
        .spawn()
        .expect("gzip runs");
    GzipPipe(Some(child))
}

struct GzipPipe(Option<std::process::Child>);

impl std::io::Write for GzipPipe {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0.as_mut().unwrap().stdin.as_mut().unwrap().write(b)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Drop for GzipPipe {
    fn drop(&mut self) {
        let mut c = self.0.take().unwrap();
        drop(c.stdin.take());
        assert!(c.wait().unwrap().success());
    }
}

#[test]
fn deeply_nested_yaml_is_refused_naming_the_limit() {
    let dir = tempfile::tempdir().unwrap();
    let people = dir.path().join("people/data/or/municipalities");
    std::fs::create_dir_all(&people).unwrap();
    std::fs::write(
        people.join("deep.yml"),
        format!(
            "name: x\nroles: {}{}\n",
            "[".repeat(200_000),
            "]".repeat(200_000)
        ),
    )
    .unwrap();
    let o = outreach(
        dir.path(),
        &[
            "import",
            "openstates",
            dir.path().join("people").to_str().unwrap(),
            "--dry-run",
            "--json",
        ],
    );
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("nested more than 64 levels"), "{text}");
}

/// Issue 10, class 7: commands that do nothing say so and write nothing.
#[test]
fn an_edit_with_no_field_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let list = common::json(&outreach(
        dir.path(),
        &["contacts", "list", "portland-or", "--json"],
    ));
    let id = list[0]["id"].as_str().unwrap().to_string();
    let revisions = |d: &Path| -> i64 {
        rusqlite::Connection::open(d.join("outreach.db"))
            .unwrap()
            .query_row("SELECT count(*) FROM contact_revisions", [], |r| r.get(0))
            .unwrap()
    };
    let n = revisions(dir.path());
    ok(&outreach(dir.path(), &["contacts", "edit", &id]));
    let name = list[0]["name"].as_str().unwrap();
    ok(&outreach(
        dir.path(),
        &["contacts", "edit", &id, "--name", name],
    ));
    assert_eq!(
        revisions(dir.path()),
        n,
        "no revision for an edit that changes nothing"
    );
    let after = common::json(&outreach(
        dir.path(),
        &["contacts", "list", "portland-or", "--json"],
    ));
    assert_eq!(after[0]["updated_at"], list[0]["updated_at"]);
}

#[test]
fn an_import_whose_every_row_fails_exits_non_zero() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("bad.csv");
    std::fs::write(&f, "name,city,state\nX,Nowhere,ZZ\nY,Nope,QQ\n").unwrap();
    let o = outreach(dir.path(), &["import", "contacts", f.to_str().unwrap()]);
    let err = refused(&o, &f);
    assert!(err.contains("every row failed"), "{err}");
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains("2 errors"),
        "the report is still printed: {out}"
    );
    // One good row among bad ones is a success.
    std::fs::write(&f, "name,city,state\nX,Nowhere,ZZ\nJamie Cole,Duluth,MN\n").unwrap();
    ok(&outreach(
        dir.path(),
        &["import", "contacts", f.to_str().unwrap()],
    ));
}

#[test]
fn export_takes_json_like_every_command() {
    let dir = tempfile::tempdir().unwrap();
    let rows = common::json(&outreach(dir.path(), &["export", "cities", "--json"]));
    assert!(rows.as_array().unwrap().len() > 50);
    let f = dir.path().join("calls.csv");
    let s = common::json(&export_calls_csv(dir.path(), &f, &["--json"]));
    assert_eq!(s["rows"], 0);
    assert_eq!(s["format"], "csv");
    let o = outreach(dir.path(), &["export", "calls"]);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("--format"));
}

/// Issue 10, class 5: an error about a file chosen as a CSV quotes at most a short,
/// sanitised fragment of it, never a whole line.
#[test]
fn a_file_that_is_not_a_csv_is_not_echoed() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("shadow");
    let secret = format!(
        "root:$6$saltsalt${}:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\n",
        "h".repeat(86)
    );
    std::fs::write(&f, &secret).unwrap();
    let o = outreach(dir.path(), &["import", "contacts", f.to_str().unwrap()]);
    let err = refused(&o, &f);
    assert!(!err.contains(&"h".repeat(40)), "{err}");
    assert!(err.len() < 400, "{err}");
    let many: Vec<String> = (0..50)
        .map(|i| format!("column-{i}-{}", "s".repeat(60)))
        .collect();
    std::fs::write(&f, format!("{}\n", many.join(","))).unwrap();
    let err = refused(
        &outreach(dir.path(), &["import", "contacts", f.to_str().unwrap()]),
        &f,
    );
    assert!(err.contains("and 42 more"), "{err}");
    assert!(err.len() < 600, "{err}");
}

/// Issue 10, class 7: "database is locked" names the file, what happened and what to do.
#[test]
fn a_locked_store_is_named_with_a_remedy_and_nothing_changes() {
    let dir = tempfile::tempdir().unwrap();
    log_call(dir.path());
    let db = dir.path().join("outreach.db");
    let holder = rusqlite::Connection::open(&db).unwrap();
    holder.execute_batch("BEGIN IMMEDIATE").unwrap();
    let o = outreach(
        dir.path(),
        &["log-call", "portland-or", "--outcome", "voicemail"],
    );
    holder.execute_batch("ROLLBACK").unwrap();
    let err = refused(&o, &db);
    assert!(err.contains("try again"), "{err}");
    assert!(err.contains("nothing was changed"), "{err}");
    assert_eq!(calls(dir.path()), 1);
}

/// `outreach export calls --format csv -o TO [EXTRA…]` on the store in `dir`.
fn export_calls_csv(dir: &Path, to: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec![
        "export",
        "calls",
        "--format",
        "csv",
        "-o",
        to.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    outreach(dir, &args)
}
