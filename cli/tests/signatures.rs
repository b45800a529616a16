//! `outreach signatures ...` as scripts use it, against a real HTTP server on 127.0.0.1:
//! the stored total, one-line errors that change nothing, and a token that never shows.

#[path = "../../core/tests/common/server.rs"]
mod server;

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;
use server::{Reply, TestServer};

struct Env {
    data: tempfile::TempDir,
    config: tempfile::TempDir,
}

impl Env {
    fn new() -> Env {
        Env {
            data: tempfile::tempdir().unwrap(),
            config: tempfile::tempdir().unwrap(),
        }
    }

    fn run(&self, args: &[&str], env: &[(&str, &str)]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_outreach"))
            .arg("--data-dir")
            .arg(self.data.path())
            .args(args)
            .env_remove("OUTREACH_DATA_DIR")
            .env("OUTREACH_CONFIG_DIR", self.config.path())
            .envs(env.iter().copied())
            .output()
            .expect("the outreach binary runs")
    }

    /// Runs with these environment variables; the command succeeded.
    fn ok_with(&self, args: &[&str], env: &[(&str, &str)]) -> Output {
        let out = self.run(args, env);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out
    }

    fn ok(&self, args: &[&str]) -> String {
        String::from_utf8(self.ok_with(args, &[]).stdout).unwrap()
    }

    /// The command failed: what it said on stderr.
    fn refused(&self, args: &[&str]) -> String {
        let out = self.run(args, &[]);
        assert!(!out.status.success(), "{args:?} succeeded");
        String::from_utf8(out.stderr).unwrap()
    }

    fn json(&self, args: &[&str]) -> Value {
        serde_json::from_str(&self.ok(args)).expect("stdout is JSON")
    }
}

fn fixture(name: &str) -> Vec<u8> {
    fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../core/tests/fixtures/signatures")
            .join(name),
    )
    .unwrap()
}

/// A server that answers for an Action Network petition at `/api/v2/petitions/9`.
fn action_network_server() -> TestServer {
    let server = TestServer::start();
    server.route(
        "/api/v2/petitions/9",
        Reply::json(fixture("actionnetwork-petition.json")),
    );
    server
}

#[test]
fn sync_stores_the_total_from_the_saved_settings_or_the_flags() {
    let server = TestServer::start();
    server
        .route(
            "/p/stand-with-ukraine",
            Reply::html(fixture("changeorg-next-data.html")),
        )
        .route(
            "/petitions/1.json",
            Reply::json(fixture("uk-parliament-petition.json")),
        );
    let env = Env::new();

    let url = server.url("/p/stand-with-ukraine");
    env.ok(&["signatures", "config", "set", "--url", &url]);
    let got = env.json(&["signatures", "sync", "--json"]);
    assert_eq!(got["total"], 18_943);
    assert_eq!(got["goal"], 25_000);
    assert_eq!(got["provider"], "changeorg");
    assert_eq!(got["source"], url.as_str());
    assert!(got["fetched_at"].as_str().unwrap().ends_with('Z'));

    let text = env.ok(&[
        "signatures",
        "sync",
        "--source",
        &server.url("/petitions/1.json"),
        "--provider",
        "json",
        "--pointer",
        "/data/attributes/signature_count",
    ]);
    assert!(
        text.starts_with("104,552 signatures of 25,000 (json, "),
        "{text}"
    );

    // The flags were for that run only: the saved URL is unchanged.
    let cfg = env.json(&["signatures", "config", "show", "--json"]);
    assert_eq!(cfg["url"], url.as_str());
    assert_eq!(cfg["provider"], "auto");

    let manual = env.json(&["signatures", "set", "18,950", "--json"]);
    assert_eq!(manual["provider"], "manual");
    assert_eq!(manual["decreased"], true);

    let history = env.json(&["signatures", "history", "--json"]);
    let totals: Vec<_> = history
        .as_array()
        .unwrap()
        .iter()
        .map(|s| &s["total"])
        .collect();
    // After the petition page's own figure, which a new store starts with.
    assert_eq!(totals, [18_900, 18_943, 104_552, 18_950]);
    let table = env.ok(&["signatures", "history"]);
    assert_eq!(table.lines().count(), 5, "{table}");
    assert!(
        table
            .lines()
            .nth(4)
            .unwrap()
            .contains("(lower than before)"),
        "{table}"
    );
    let status = env.ok(&["signatures", "status"]);
    assert!(
        status.starts_with("18,950 of 25,000 signatures, as of "),
        "{status}"
    );
}

#[test]
fn every_failure_exits_non_zero_with_one_line_and_changes_nothing() {
    let server = TestServer::start();
    server
        .route("/good", Reply::html("<p>18,900 have signed</p>"))
        .route("/gone", Reply::status(404))
        .route("/broken", Reply::status(500))
        .route("/silent", Reply::Silence)
        .route(
            "/huge",
            Reply::Declared {
                length: 50 * 1024 * 1024,
            },
        )
        .route("/no-count", Reply::html(fixture("no-count.html")))
        .route("/nan", Reply::html(fixture("not-a-number.html")))
        .route("/loop", Reply::Redirect("/loop".into()));
    let env = Env::new();
    env.ok(&["signatures", "sync", "--source", &server.url("/good")]);
    let history = env.ok(&["signatures", "history", "--json"]);
    let config = env.ok(&["signatures", "config", "show", "--json"]);

    for (path, extra, says, kind) in [
        ("/gone", None, "answered HTTP 404", "signature_http_status"),
        (
            "/broken",
            None,
            "answered HTTP 500",
            "signature_http_status",
        ),
        ("/silent", None, "(timeout)", "signature_timeout"),
        ("/huge", None, "too large", "signature_too_large"),
        ("/no-count", None, "no count found", "signature_no_count"),
        ("/nan", None, "is not a number", "signature_not_a_number"),
        (
            "/loop",
            None,
            "redirected more than 5 times",
            "signature_url_refused",
        ),
        (
            "/good",
            Some("--provider=nonsense"),
            "\"nonsense\" is not a provider",
            "invalid_input",
        ),
    ] {
        let url = server.url(path);
        let mut args = vec![
            "signatures",
            "sync",
            "--source",
            &url,
            "--timeout-ms",
            "700",
        ];
        args.extend(extra);
        let out = env.run(&args, &[]);
        assert!(!out.status.success(), "{path} succeeded");
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(err.lines().count(), 1, "{path}: {err}");
        assert!(
            err.starts_with("outreach: ") && err.contains(says),
            "{path}: {err}"
        );
        assert!(out.stdout.is_empty());

        args.push("--json");
        let out = env.run(&args, &[]);
        let payload: Value = serde_json::from_slice(&out.stderr).unwrap();
        assert_eq!(payload["kind"], kind, "{path}");

        assert_eq!(
            env.ok(&["signatures", "history", "--json"]),
            history,
            "{path}"
        );
        assert_eq!(
            env.ok(&["signatures", "config", "show", "--json"]),
            config,
            "{path}"
        );
    }

    for bad in [
        vec!["signatures", "set", "-5"],
        vec!["signatures", "set", "lots"],
    ] {
        assert!(env.refused(&bad).contains("signature total:"));
    }
    assert!(env
        .refused(&[
            "signatures",
            "config",
            "set",
            "--url",
            "http://www.change.org/p/x",
            "--goal",
            "30000",
        ])
        .contains("plain http"));
    assert_eq!(
        env.ok(&["signatures", "config", "show", "--json"]),
        config,
        "a bad config set saved part of it"
    );
    assert_eq!(env.ok(&["signatures", "history", "--json"]), history);
}

#[test]
#[cfg(unix)]
fn the_api_token_lives_in_a_private_file_and_never_shows_anywhere() {
    use std::os::unix::fs::PermissionsExt;
    const SECRET: &str = "osdi-0123456789abcdef";
    let server = action_network_server();
    let env = Env::new();
    let url = server.url("/api/v2/petitions/9");

    let mut outputs = Vec::new();
    let out = env.ok_with(
        &[
            "signatures",
            "config",
            "set",
            "--url",
            &url,
            "--provider",
            "actionnetwork",
            "--token-env",
            "AN_TOKEN",
            "--token-for-url",
        ],
        &[("AN_TOKEN", SECRET)],
    );
    outputs.push(out);

    let file = env.config.path().join("signatures-token");
    assert_eq!(
        fs::metadata(&file).unwrap().permissions().mode() & 0o777,
        0o600
    );
    let origin = format!("http://{}", server.addr);
    assert_eq!(
        fs::read_to_string(&file).unwrap(),
        format!("{SECRET}\nfor {origin}\n"),
        "the token and the one address it is for"
    );

    for args in [
        vec!["signatures", "sync", "--json"],
        vec!["signatures", "sync"],
        vec!["signatures", "config", "show"],
        vec!["signatures", "config", "show", "--json"],
        vec!["signatures", "history", "--json"],
        vec!["signatures", "status", "--json"],
    ] {
        let out = env.run(&args, &[]);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        outputs.push(out);
    }
    // The saved token was sent (the server saw it) ...
    let seen = server
        .requests
        .lock()
        .unwrap()
        .join("\n")
        .to_ascii_lowercase();
    assert!(seen.contains(&format!("osdi-api-token: {SECRET}")));
    // ... and from the environment for one run too, given with the address.
    let out = env.run(
        &[
            "signatures",
            "sync",
            "--source",
            &url,
            "--token-env",
            "OTHER",
        ],
        &[("OTHER", "osdi-from-env-777")],
    );
    assert!(out.status.success());
    outputs.push(out);
    assert!(server.last_request().contains("osdi-from-env-777"));

    let shown = env.json(&["signatures", "config", "show", "--json"]);
    assert_eq!(shown["token_set"], true);
    for out in &outputs {
        let all = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            !all.contains(SECRET) && !all.contains("osdi-from-env-777"),
            "{all}"
        );
    }
    // Nothing in the data folder (store, WAL, backups, anything) holds the token.
    let mut folders = vec![env.data.path().to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in fs::read_dir(folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
                continue;
            }
            let bytes = fs::read(&path).unwrap();
            assert!(
                !bytes.windows(SECRET.len()).any(|w| w == SECRET.as_bytes()),
                "{} holds the token",
                path.display()
            );
        }
    }

    let out = env.run(&["signatures", "config", "set", "--clear-token"], &[]);
    assert!(out.status.success());
    assert!(!file.exists());
    assert_eq!(
        env.json(&["signatures", "config", "show", "--json"])["token_set"],
        false
    );

    // An unset variable is an error that names it and writes nothing.
    assert!(env
        .refused(&[
            "signatures",
            "config",
            "set",
            "--token-env",
            "NOT_THERE",
            "--goal",
            "1",
        ])
        .contains("NOT_THERE is not set"));
    assert_eq!(
        env.json(&["signatures", "config", "show", "--json"])["goal"],
        25_000
    );
}

#[test]
fn one_goal_whichever_command_sets_it() {
    let env = Env::new();
    env.ok(&["signatures", "config", "set", "--goal", "30,000"]);
    assert_eq!(env.json(&["--json", "campaign"])["goal"], 30_000);
    env.ok(&["campaign", "--goal", "40000"]);
    assert_eq!(
        env.json(&["signatures", "config", "show", "--json"])["goal"],
        40_000
    );
    assert_eq!(
        env.json(&["signatures", "set", "18,900", "--json"])["goal"],
        40_000
    );
}

/// Issue 10, class 2: a token goes only to the origin it was saved for (Action Network's
/// API host unless `--token-for-url` confirmed the petition's address), never through a
/// redirect to another port or address of this machine, whatever the provider.
#[test]
fn the_token_goes_only_to_the_address_it_was_saved_for() {
    const SECRET: &str = "osdi-bound-4242";
    let there = action_network_server();
    let here = TestServer::start();
    here.route("/moved", Reply::Redirect(there.url("/api/v2/petitions/9")));
    let env = Env::new();
    let url = there.url("/api/v2/petitions/9");
    let sees_token = |s: &TestServer| {
        s.requests
            .lock()
            .unwrap()
            .iter()
            .any(|h| h.contains(SECRET))
    };

    // Saved without confirming the address: for Action Network only, so not sent here.
    env.ok_with(
        &[
            "signatures",
            "config",
            "set",
            "--url",
            &url,
            "--provider",
            "actionnetwork",
            "--token-env",
            "AN_TOKEN",
        ],
        &[("AN_TOKEN", SECRET)],
    );
    let before = env.ok(&["signatures", "history", "--json"]);
    let e = env.refused(&["signatures", "sync"]);
    assert!(
        e.contains("only sent to the address it was saved for (https://actionnetwork.org)"),
        "{e}"
    );
    assert!(!e.contains(SECRET));
    assert!(!sees_token(&there), "the token never reached 127.0.0.1");
    assert_eq!(env.ok(&["signatures", "history", "--json"]), before);

    // Given with the address, it goes there; through a redirect to another port, nowhere.
    let moved = here.url("/moved");
    for (source, ok) in [(&moved, false), (&url, true)] {
        let out = env.run(
            &[
                "signatures",
                "sync",
                "--source",
                source,
                "--provider",
                "actionnetwork",
                "--token-env",
                "X",
            ],
            &[("X", SECRET)],
        );
        assert_eq!(
            out.status.success(),
            ok,
            "{source}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let err = String::from_utf8_lossy(&out.stderr);
        if !ok {
            assert!(err.contains("the API token is not sent there"), "{err}");
            assert!(
                !sees_token(&there),
                "the redirect did not carry the token to another port"
            );
        }
    }
    assert!(sees_token(&there));

    // Saved for one port of this machine, it is not sent to another.
    env.ok_with(
        &[
            "signatures",
            "config",
            "set",
            "--url",
            &moved,
            "--token-env",
            "AN_TOKEN",
            "--token-for-url",
        ],
        &[("AN_TOKEN", SECRET)],
    );
    there.requests.lock().unwrap().clear();
    let e = env.refused(&["signatures", "sync", "--source", &url]);
    assert!(
        e.contains(&format!("saved for (http://{})", here.addr)),
        "{e}"
    );
    let e = env.refused(&["signatures", "sync"]);
    assert!(e.contains("the API token is not sent there"), "{e}");
    assert!(!sees_token(&there));
    // --token-for-url needs a token to bind.
    assert!(env
        .refused(&["signatures", "config", "set", "--token-for-url"])
        .contains("--token-env"));
}
