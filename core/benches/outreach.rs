//! Benchmarks of the outreach workflow on a large store (20,000 cities, 1,000,000 calls,
//! 50,000 contacts): logging one call, the filtered and sorted city list, the dashboard.
//!
//! `cargo bench -p outreach-core --bench outreach` generates the store in a temporary
//! folder (about a minute), or uses the one in `OUTREACH_BENCH_DIR` (made with
//! `outreach --data-dir DIR generate`). Prints median, 95th percentile and max per
//! operation; the figures go to docs/PERFORMANCE.md ("Issue 3").

use std::time::{Duration, Instant};

use outreach_core::calls::{log_call, CallInput};
use outreach_core::cities::{query_cities, CityQuery, CitySort};
use outreach_core::dashboard::dashboard;
use outreach_core::generate::{generate, GenerateSpec};
use outreach_core::vocab::{CallOutcome, RelationshipStatus};
use outreach_core::{cities, city_view, time, Store};

fn measure(name: &str, runs: usize, mut f: impl FnMut(usize)) {
    f(0); // warm the page cache and the statement cache
    let mut t: Vec<Duration> = (0..runs)
        .map(|i| {
            let s = Instant::now();
            f(i + 1);
            s.elapsed()
        })
        .collect();
    t.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{name:<58} median {:>8.3} ms   p95 {:>8.3} ms   max {:>8.3} ms   ({runs} runs)",
        ms(t[runs / 2]),
        ms(t[runs * 95 / 100]),
        ms(t[runs - 1])
    );
}

fn main() {
    // `cargo test --benches` runs this with --bench absent: keep that quick.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let kept;
    let dir = match std::env::var_os("OUTREACH_BENCH_DIR") {
        Some(d) => std::path::PathBuf::from(d),
        None => {
            kept = tempfile::tempdir().unwrap();
            kept.path().to_path_buf()
        }
    };
    let fresh = !dir.join("outreach.db").exists();
    let mut store = Store::open_dir(&dir).unwrap();
    if fresh {
        let r = generate(store.conn_mut(), &GenerateSpec::default()).unwrap();
        println!(
            "generated {} cities, {} calls, {} contacts in {:.1} s",
            r.cities, r.calls, r.contacts, r.seconds
        );
    }
    let all = cities::list_cities(store.conn()).unwrap();
    let calls: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM calls", [], |r| r.get(0))
        .unwrap();
    println!(
        "store: {} cities, {calls} calls, {}",
        all.len(),
        dir.display()
    );
    let slugs: Vec<String> = all
        .iter()
        .filter(|c| c.slug.starts_with("gen-"))
        .map(|c| c.slug.clone())
        .collect();

    measure(
        "city list, uncached: --status active --sort last-call",
        10,
        |_| {
            let q = CityQuery {
                status: Some(RelationshipStatus::Active),
                sort: CitySort::LastCall,
                ..Default::default()
            };
            assert!(!query_cities(store.conn(), &q).unwrap().is_empty());
        },
    );
    measure("dashboard numbers, uncached", 10, |_| {
        assert!(
            outreach_core::dashboard::dashboard_uncached(store.conn())
                .unwrap()
                .calls_last_7_days
                > 0
        );
    });
    measure("city list: --status active --sort last-call", 30, |_| {
        let q = CityQuery {
            status: Some(RelationshipStatus::Active),
            sort: CitySort::LastCall,
            ..Default::default()
        };
        assert!(!store.query_cities(&q).unwrap().is_empty());
    });
    measure("city list: --state OR --sort follow-up", 30, |_| {
        let q = CityQuery {
            state: Some("OR".into()),
            sort: CitySort::FollowUp,
            ..Default::default()
        };
        assert!(!store.query_cities(&q).unwrap().is_empty());
    });
    measure("city list: all, by name", 30, |_| {
        assert!(store.list_cities().unwrap().len() >= 20_000);
    });
    measure("dashboard numbers", 30, |_| {
        assert!(dashboard(&store).unwrap().calls_last_7_days > 0);
    });
    measure("one city in full (calls, responses, follow-ups)", 30, |i| {
        let c = city_view::get_city(store.conn(), &slugs[i * 7919 % slugs.len()]).unwrap();
        assert!(!c.relationships.is_empty());
    });
    let today = time::today();
    measure("log one call (closes the city's follow-ups)", 300, |i| {
        let mut input = CallInput::new(&slugs[i * 104_729 % slugs.len()], CallOutcome::Voicemail);
        input.notes = "Benchmark call".into();
        log_call(store.conn_mut(), &input).unwrap();
    });
    measure(
        "log one call, then the city list and dashboard again",
        50,
        |i| {
            let input = CallInput::new(&slugs[i * 7_919 % slugs.len()], CallOutcome::Contact);
            log_call(store.conn_mut(), &input).unwrap();
            assert!(!store.list_cities().unwrap().is_empty());
            dashboard(&store).unwrap();
        },
    );
    measure("log one call with a follow-up", 300, |i| {
        let mut input = CallInput::new(
            &slugs[i * 15_485_863 % slugs.len()],
            CallOutcome::CallbackRequested,
        );
        input.follow_up = Some(today.clone());
        log_call(store.conn_mut(), &input).unwrap();
    });
}
