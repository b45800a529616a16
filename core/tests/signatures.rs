//! Signature sync against a real HTTP server on 127.0.0.1: every provider, petition pages
//! with the count in different shapes, and every way a fetch can fail, each of which must
//! leave the stored total and history exactly as they were.

mod common {
    pub mod dump;
    pub mod server;
}

use std::fs;
use std::path::Path;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use common::dump::rows;
use common::server::{Reply, TestServer};
use outreach_core::signatures::fetch::Limits;
use outreach_core::signatures::history;
use outreach_core::signatures::sync::{fetch_blocking, store as store_reading, SyncRequest};
use outreach_core::signatures::token::{BoundToken, Token};
use outreach_core::signatures::ProviderKind;
use outreach_core::{ErrorKind, Store};

/// What `outreach signatures sync` does: fetch (no write open), then store the reading.
fn sync_blocking(
    conn: &mut outreach_core::Connection,
    req: &SyncRequest,
    goal: u64,
    limits: &outreach_core::signatures::fetch::Limits,
) -> outreach_core::Result<outreach_core::signatures::history::Snapshot> {
    let fetched = fetch_blocking(req, limits)?;
    store_reading(conn, &fetched, goal)
}

fn fixture(name: &str) -> Vec<u8> {
    fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/signatures")
            .join(name),
    )
    .unwrap()
}

/// A server that answers for an Action Network petition at `/api/v2/petitions/1`.
fn action_network_server() -> TestServer {
    let server = TestServer::start();
    server.route(
        "/api/v2/petitions/1",
        Reply::json(fixture("actionnetwork-petition.json")),
    );
    server
}

fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_dir(dir.path()).unwrap();
    (dir, store)
}

fn req(url: String, provider: ProviderKind, pointer: Option<&str>) -> SyncRequest {
    SyncRequest {
        url,
        provider,
        pointer: pointer.map(String::from),
        token: None,
    }
}

fn short() -> Limits {
    Limits {
        timeout: Duration::from_secs(2),
        ..Limits::default()
    }
}

/// Everything a sync could touch: the snapshots and the settings.
fn dump(store: &Store) -> String {
    let c = store.conn();
    rows(c, "SELECT id, fetched_at, total, goal, provider, source, decreased FROM signature_snapshots ORDER BY rowid")
        + &rows(c, "SELECT key, value, updated_at FROM settings ORDER BY key")
}

#[test]
fn each_provider_reads_its_format_from_a_real_server_and_stores_a_snapshot() {
    let server = TestServer::start();
    server
        .route(
            "/p/stand-with-ukraine",
            Reply::html(fixture("changeorg-next-data.html")),
        )
        .route(
            "/api/v2/petitions/3d1e",
            Reply::Body {
                status: 200,
                content_type: "application/hal+json",
                body: fixture("actionnetwork-petition.json"),
            },
        )
        .route(
            "/petitions/700001.json",
            Reply::json(fixture("uk-parliament-petition.json")),
        );
    let (_dir, mut store) = store();
    let cases = [
        (
            "/p/stand-with-ukraine",
            ProviderKind::Changeorg,
            None,
            18_943,
            Some(25_000),
            "changeorg",
        ),
        (
            "/p/stand-with-ukraine",
            ProviderKind::Auto,
            None,
            18_943,
            Some(25_000),
            "changeorg",
        ),
        (
            "/api/v2/petitions/3d1e",
            ProviderKind::Actionnetwork,
            None,
            18_900,
            Some(12_345),
            "actionnetwork",
        ),
        (
            "/api/v2/petitions/3d1e",
            ProviderKind::Auto,
            None,
            18_900,
            Some(12_345),
            "actionnetwork",
        ),
        (
            "/petitions/700001.json",
            ProviderKind::Json,
            Some("/data/attributes/signature_count"),
            104_552,
            Some(12_345),
            "json",
        ),
        (
            "/petitions/700001.json",
            ProviderKind::Auto,
            None,
            104_552,
            Some(12_345),
            "json",
        ),
    ];
    for (path, kind, pointer, total, goal, provider) in cases {
        let snap = sync_blocking(
            store.conn_mut(),
            &req(server.url(path), kind, pointer),
            12_345,
            &short(),
        )
        .unwrap_or_else(|e| panic!("{path} {kind:?}: {e}"));
        assert_eq!(snap.total, total, "{path} {kind:?}");
        assert_eq!(snap.goal, goal, "{path} {kind:?}");
        assert_eq!(snap.provider, provider);
        assert_eq!(snap.source, server.url(path));
        assert_eq!(history::latest(store.conn()).unwrap().unwrap(), snap);
    }
    // Each reading, after the petition's own figure a new store starts with.
    assert_eq!(
        history::history(store.conn()).unwrap().len(),
        cases.len() + 1
    );
}

#[test]
fn petition_pages_from_the_wild_give_their_count_whatever_its_shape() {
    let server = TestServer::start();
    let (_dir, mut store) = store();
    for (file, total, goal) in [
        ("changeorg-next-data.html", 18_943, 25_000),
        ("changeorg-escaped-state.html", 19_012, 25_000),
        ("changeorg-data-attribute.html", 20_500, 30_000),
        ("changeorg-visible-only.html", 18_900, 25_000),
        ("changeorg-compact.html", 1_200_000, 1_500_000),
        ("changeorg-25k-signatures.html", 25_000, 777),
        ("changeorg-nbsp.html", 18_900, 777),
    ] {
        let path = format!("/p/{file}");
        server.route(&path, Reply::html(fixture(file)));
        let snap = sync_blocking(
            store.conn_mut(),
            &req(server.url(&path), ProviderKind::Auto, None),
            777,
            &short(),
        )
        .unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!((snap.total, snap.goal), (total, Some(goal)), "{file}");
    }
}

#[test]
fn a_redirect_within_the_limit_is_followed() {
    let server = TestServer::start();
    server
        .route("/a", Reply::Redirect(server.url("/b")))
        .route("/b", Reply::Redirect("/c".into()))
        .route("/c", Reply::html("<p>512 have signed</p>"));
    let (_dir, mut store) = store();
    let snap = sync_blocking(
        store.conn_mut(),
        &req(server.url("/a"), ProviderKind::Auto, None),
        1_000,
        &short(),
    )
    .unwrap();
    assert_eq!(snap.total, 512);
    assert_eq!(snap.source, server.url("/a"));
}

#[test]
fn every_failure_says_what_went_wrong_and_leaves_the_store_unchanged() {
    let server = TestServer::start();
    server
        .route("/gone", Reply::status(404))
        .route("/broken", Reply::status(500))
        .route("/silent", Reply::Silence)
        .route("/loop", Reply::Redirect("/loop".into()))
        .route("/to-ftp", Reply::Redirect("ftp://127.0.0.1/p".into()))
        .route(
            "/to-plain-http",
            Reply::Redirect("http://example.org/p".into()),
        )
        .route("/no-count", Reply::html(fixture("no-count.html")))
        .route("/nan", Reply::html(fixture("not-a-number.html")))
        .route("/negative", Reply::html(fixture("negative.html")))
        .route(
            "/json-missing",
            Reply::json(fixture("json-without-field.json")),
        )
        .route(
            "/json-negative",
            Reply::json(r#"{"data":{"attributes":{"signature_count":-4}}}"#),
        )
        .route(
            "/json-text",
            Reply::json(r#"{"data":{"attributes":{"signature_count":"soon"}}}"#),
        )
        .route("/not-json", Reply::json("<html>oops</html>"));
    let (_dir, mut store) = store();
    // A good total first, so "unchanged" means something.
    server.route("/good", Reply::html("<p>18,900 have signed</p>"));
    sync_blocking(
        store.conn_mut(),
        &req(server.url("/good"), ProviderKind::Auto, None),
        25_000,
        &short(),
    )
    .unwrap();
    let before = dump(&store);
    let ptr = Some("/data/attributes/signature_count");

    let cases: Vec<(String, ProviderKind, Option<&str>, ErrorKind, &str)> = vec![
        (
            server.url("/gone"),
            ProviderKind::Auto,
            None,
            ErrorKind::SignatureHttpStatus,
            "HTTP 404",
        ),
        (
            server.url("/broken"),
            ProviderKind::Changeorg,
            None,
            ErrorKind::SignatureHttpStatus,
            "HTTP 500",
        ),
        (
            server.url("/silent"),
            ProviderKind::Auto,
            None,
            ErrorKind::SignatureTimeout,
            "timeout",
        ),
        (
            server.url("/loop"),
            ProviderKind::Auto,
            None,
            ErrorKind::SignatureUrlRefused,
            "redirected more than 5 times",
        ),
        (
            server.url("/to-ftp"),
            ProviderKind::Auto,
            None,
            ErrorKind::SignatureUrlRefused,
            "non-web address",
        ),
        (
            server.url("/to-plain-http"),
            ProviderKind::Auto,
            None,
            ErrorKind::SignatureUrlRefused,
            "plain http",
        ),
        (
            server.url("/no-count"),
            ProviderKind::Auto,
            None,
            ErrorKind::SignatureNoCount,
            "no count found",
        ),
        (
            server.url("/nan"),
            ProviderKind::Changeorg,
            None,
            ErrorKind::SignatureNotANumber,
            "\"lots\" from",
        ),
        (
            server.url("/negative"),
            ProviderKind::Auto,
            None,
            ErrorKind::SignatureNotANumber,
            "it is negative",
        ),
        (
            server.url("/json-missing"),
            ProviderKind::Json,
            ptr,
            ErrorKind::SignatureNoCount,
            "nothing at the pointer /data/attributes/signature_count",
        ),
        (
            server.url("/json-missing"),
            ProviderKind::Auto,
            None,
            ErrorKind::SignatureNoCount,
            "no count field",
        ),
        (
            server.url("/json-negative"),
            ProviderKind::Json,
            ptr,
            ErrorKind::SignatureNotANumber,
            "it is negative",
        ),
        (
            server.url("/json-text"),
            ProviderKind::Json,
            ptr,
            ErrorKind::SignatureNotANumber,
            "\"soon\"",
        ),
        (
            server.url("/not-json"),
            ProviderKind::Json,
            ptr,
            ErrorKind::SignatureNoCount,
            "not valid JSON",
        ),
        (
            "http://example.org/p".into(),
            ProviderKind::Auto,
            None,
            ErrorKind::SignatureUrlRefused,
            "plain http is only allowed",
        ),
        (
            "https://".into(),
            ProviderKind::Auto,
            None,
            ErrorKind::SignatureUrlRefused,
            "not a full web address",
        ),
    ];
    for (url, kind, pointer, want, text) in cases {
        let err = sync_blocking(
            store.conn_mut(),
            &req(url.clone(), kind, pointer),
            25_000,
            &short(),
        )
        .expect_err(&url);
        assert_eq!(err.kind(), want, "{url}: {err}");
        let msg = err.to_string();
        assert!(msg.contains(text), "{url}: {msg}");
        assert!(!msg.contains('\n'), "one line: {msg}");
        assert_eq!(dump(&store), before, "{url} changed the store");
    }
    assert_eq!(
        history::latest(store.conn()).unwrap().unwrap().total,
        18_900
    );
}

#[test]
fn a_server_that_never_answers_is_given_up_on_at_the_timeout() {
    let server = TestServer::start();
    server.route("/silent", Reply::Silence);
    let (_dir, mut store) = store();
    let limits = Limits {
        timeout: Duration::from_millis(600),
        ..Limits::default()
    };
    let started = Instant::now();
    let err = sync_blocking(
        store.conn_mut(),
        &req(server.url("/silent"), ProviderKind::Auto, None),
        1,
        &limits,
    )
    .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::SignatureTimeout);
    // Not a speed budget: proof the timeout, not the server, ended the wait.
    assert!(started.elapsed() < Duration::from_secs(10));
    // Nothing stored beyond the petition's own figure a new store starts with.
    assert_eq!(history::history(store.conn()).unwrap().len(), 1);
}

#[test]
fn a_body_over_the_cap_is_refused_without_reading_it_all() {
    let server = TestServer::start();
    server
        .route("/endless", Reply::Endless { chunk: 64 * 1024 })
        .route(
            "/declared",
            Reply::Declared {
                length: 6 * 1024 * 1024,
            },
        );
    let (_dir, mut store) = store();
    let limits = Limits {
        max_bytes: 1024 * 1024,
        timeout: Duration::from_secs(10),
        ..Limits::default()
    };
    let err = sync_blocking(
        store.conn_mut(),
        &req(server.url("/endless"), ProviderKind::Auto, None),
        1,
        &limits,
    )
    .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::SignatureTooLarge, "{err}");
    assert!(err.to_string().contains("too large"), "{err}");
    std::thread::sleep(Duration::from_millis(200));
    let sent = server.streamed.load(Ordering::SeqCst);
    // The client stopped after about 1 MB; socket buffers hold a few MB more at most.
    assert!(
        sent < 24 * 1024 * 1024,
        "the server sent {sent} bytes: the body was read on and on"
    );

    // A declared length over the default 5 MB cap is refused from the header.
    server.streamed.store(0, Ordering::SeqCst);
    let err = sync_blocking(
        store.conn_mut(),
        &req(server.url("/declared"), ProviderKind::Auto, None),
        1,
        &short(),
    )
    .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::SignatureTooLarge);
    assert!(err.to_string().contains("5242880 bytes"), "{err}");
    // Nothing stored beyond the petition's own figure a new store starts with.
    assert_eq!(history::history(store.conn()).unwrap().len(), 1);
}

#[test]
fn a_server_that_is_down_is_a_network_error() {
    let server = TestServer::start();
    let url = server.url("/p");
    drop(server);
    let (_dir, mut store) = store();
    let err = sync_blocking(
        store.conn_mut(),
        &req(url, ProviderKind::Auto, None),
        1,
        &short(),
    )
    .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::SignatureNetwork, "{err}");
    assert!(err.to_string().contains("cannot reach"), "{err}");
}

fn for_url(token: &Token, url: &str) -> Option<BoundToken> {
    Some(BoundToken::for_url(
        token.clone(),
        &reqwest::Url::parse(url).unwrap(),
    ))
}

/// One sync of `url` as `provider` with `token` (goal 1, short limits), as the token tests
/// make it.
fn sync_with_token(
    store: &mut Store,
    url: &str,
    provider: ProviderKind,
    token: Option<BoundToken>,
) -> outreach_core::Result<outreach_core::signatures::history::Snapshot> {
    let mut r = req(url.to_string(), provider, None);
    r.token = token;
    sync_blocking(store.conn_mut(), &r, 1, &short())
}

fn last_head(server: &TestServer) -> String {
    server.last_request().to_ascii_lowercase()
}

#[test]
fn the_api_token_goes_only_to_its_origin_and_never_follows_a_redirect_elsewhere() {
    let server = action_network_server();
    server.route(
        "/api/v2/petitions/moved",
        Reply::Redirect(format!(
            "http://localhost:{}/api/v2/petitions/1",
            server.addr.port()
        )),
    );
    let (_dir, mut store) = store();
    let token = Token::new("osdi-secret-abc").unwrap();
    let url = server.url("/api/v2/petitions/1");
    assert_eq!(
        sync_with_token(
            &mut store,
            &url,
            ProviderKind::Actionnetwork,
            for_url(&token, &url)
        )
        .unwrap()
        .total,
        18_900
    );
    let head = last_head(&server);
    assert!(head.contains("osdi-api-token: osdi-secret-abc"), "{head}");

    // `auto` on an address that is not Action Network's does not send it.
    sync_with_token(&mut store, &url, ProviderKind::Auto, for_url(&token, &url)).unwrap();
    let head = last_head(&server);
    assert!(!head.contains("osdi-api-token"), "{head}");

    // A redirect to another host with the token is refused, and the error hides the token.
    let before = dump(&store);
    let mut r = req(
        server.url("/api/v2/petitions/moved"),
        ProviderKind::Actionnetwork,
        None,
    );
    r.token = for_url(&token, &url);
    let err = sync_blocking(store.conn_mut(), &r, 1, &short()).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::SignatureUrlRefused, "{err}");
    assert!(
        err.to_string().contains("the API token is not sent there"),
        "{err}"
    );
    assert!(!format!("{err} {err:?}").contains("osdi-secret-abc"));
    assert_eq!(dump(&store), before);
    assert!(!dump(&store).contains("osdi-secret-abc"));
}

/// Issue 10, class 2: the token follows no redirect to another origin, not even to
/// another port of this machine or another loopback address; the other server never
/// sees it.
#[test]
fn a_redirect_to_another_port_or_loopback_address_never_carries_the_token() {
    let there = action_network_server();
    let here = TestServer::start();
    let (_dir, mut store) = store();
    let token = Token::new("osdi-secret-abc").unwrap();
    for (path, to) in [
        ("/other-port", there.url("/api/v2/petitions/1")),
        (
            "/other-loopback",
            format!("http://127.0.0.2:{}/api/v2/petitions/1", there.addr.port()),
        ),
        (
            "/other-scheme",
            format!("https://127.0.0.1:{}/api/v2/petitions/1", here.addr.port()),
        ),
        (
            "/by-name",
            format!("http://localhost:{}/api/v2/petitions/1", here.addr.port()),
        ),
    ] {
        here.route(path, Reply::Redirect(to.clone()));
        let url = here.url(path);
        let before = dump(&store);
        let err = sync_with_token(
            &mut store,
            &url,
            ProviderKind::Actionnetwork,
            for_url(&token, &url),
        )
        .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::SignatureUrlRefused, "{path}: {err}");
        assert!(
            err.to_string().contains("the API token is not sent there"),
            "{path}: {err}"
        );
        assert_eq!(dump(&store), before, "{path}");
    }
    assert!(
        there.requests.lock().unwrap().is_empty(),
        "the other server never saw a request, let alone the token"
    );
    // Without a token the same redirect to another port is followed.
    let r = req(here.url("/other-port"), ProviderKind::Actionnetwork, None);
    assert_eq!(
        sync_blocking(store.conn_mut(), &r, 1, &short())
            .unwrap()
            .total,
        18_900
    );
    assert!(!last_head(&there).contains("osdi-api-token"));
}

/// Issue 10, class 2: a token is bound to the origin it was saved for: one saved for Action
/// Network goes to no other host, not even this machine by IP; one bound to an address
/// goes to no other port or name of this machine.
#[test]
fn a_token_is_never_sent_to_an_origin_it_was_not_saved_for() {
    let server = action_network_server();
    let (_dir, mut store) = store();
    let token = Token::new("osdi-secret-abc").unwrap();
    let port = server.addr.port();
    let ip = server.url("/api/v2/petitions/1");
    let by_name = format!("http://localhost:{port}/api/v2/petitions/1");
    let other_port = format!(
        "http://127.0.0.1:{}/api/v2/petitions/1",
        port.wrapping_add(1).max(1)
    );
    for (url, bound, why) in [
        (
            &ip,
            Some(BoundToken::for_action_network(token.clone())),
            "https://actionnetwork.org",
        ),
        (
            &by_name,
            Some(BoundToken::for_action_network(token.clone())),
            "https://actionnetwork.org",
        ),
        (&by_name, for_url(&token, &ip), "127.0.0.1"),
        (&other_port, for_url(&token, &ip), "127.0.0.1"),
        (&ip, for_url(&token, &by_name), "localhost"),
    ] {
        let before = dump(&store);
        let err =
            sync_with_token(&mut store, &url, ProviderKind::Actionnetwork, bound).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::SignatureUrlRefused, "{url}: {err}");
        let text = err.to_string();
        assert!(
            text.contains("only sent to the address it was saved for") && text.contains(why),
            "{url}: {text}"
        );
        assert!(!text.contains("osdi-secret-abc"));
        assert_eq!(dump(&store), before);
    }
    assert!(
        server.requests.lock().unwrap().is_empty(),
        "nothing was sent"
    );
    // Bound to the address (`localhost` always means this machine), it is sent.
    assert_eq!(
        sync_with_token(
            &mut store,
            &by_name,
            ProviderKind::Actionnetwork,
            for_url(&token, &by_name)
        )
        .unwrap()
        .total,
        18_900
    );
    assert!(last_head(&server).contains("osdi-api-token: osdi-secret-abc"));
}

/// Issue 10, class 6: a goal stored out of range by an older version (u64::MAX) no longer
/// breaks the manual total or the petition settings (a CHECK constraint failed).
#[test]
fn a_goal_stored_out_of_range_breaks_nothing_later() {
    let (_dir, mut store) = store();
    for stored in [
        "18446744073709551615",
        "9223372036854775808",
        "-1",
        "0",
        "1000000000001",
    ] {
        outreach_core::settings::set(store.conn(), "campaign.goal", stored).unwrap();
        let goal = outreach_core::campaign::goal(store.conn()).unwrap();
        assert_eq!(goal, 25_000, "{stored} is read as the default goal");
        let snap = history::enter_total(store.conn_mut(), "18,900").unwrap();
        assert_eq!(snap.goal, Some(25_000), "{stored}");
        let cfg = outreach_core::signatures::config::load(store.conn()).unwrap();
        outreach_core::signatures::config::save(store.conn_mut(), &cfg).unwrap();
    }
}
