//! Team sync timings on loopback (issue 12's budgets), by hand only:
//! `cargo bench -p outreach-core --bench team_sync [-- SCALE]` (SCALE 1 = the budgets'
//! sizes; 0.1 for a quick run). Starts a private PostgreSQL like the tests do, and prints
//! the median of 3 runs of each step with the server's CPU time. Never run by `cargo test`.
//!
//! - push 10,000 calls (one volunteer's store to an empty campaign);
//! - pull 100,000 calls (a new volunteer's first sync after another pushed them);
//! - first sync of a 1,000,000-call campaign (a new volunteer);
//! - 100 volunteers with 1,000 calls each, each syncing twice: all converge.

#[path = "../tests/common/postgres.rs"]
mod pg;

use std::time::{Duration, Instant};

use outreach_core::fields::InputField;
use outreach_core::team::{self, server, CredentialsFile, ServerAddress, SyncOptions};
use outreach_core::time::now;
use outreach_core::Store;
use rusqlite::params;

struct Volunteer {
    _dir: tempfile::TempDir,
    store: Store,
    address: ServerAddress,
}

fn volunteer(owner: &ServerAddress, name: &str) -> Volunteer {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_dir(&dir.path().join("data")).unwrap();
    let invite = server::add_volunteer(owner, name, false).unwrap().invite;
    let creds = CredentialsFile::in_dir(&dir.path().join("config"));
    team::join(store.conn_mut(), &creds, &invite).unwrap();
    Volunteer {
        _dir: dir,
        store,
        address: ServerAddress::parse(&invite, InputField::Invite).unwrap(),
    }
}

/// `n` calls logged on this store (spread over the seeded cities), in one transaction.
fn log_calls(store: &mut Store, n: usize, who: &str) {
    let tx = store.conn_mut().transaction().unwrap();
    let cities: Vec<String> = tx
        .prepare("SELECT id FROM cities ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    {
        let mut ins = tx
            .prepare(
                "INSERT INTO calls (id, city_id, channel, outcome, notes, volunteer, called_at, created_at)
                 VALUES (?1, ?2, 'phone', 'voicemail', 'left a message with the mayor''s office', ?3, ?4, ?4)",
            )
            .unwrap();
        let at = now();
        for i in 0..n {
            ins.execute(params![
                uuid::Uuid::new_v4().to_string(),
                cities[i % cities.len()],
                who,
                at
            ])
            .unwrap();
        }
    }
    tx.commit().unwrap();
}

fn sync(v: &mut Volunteer) -> team::SyncReport {
    team::sync_with(&mut v.store, &v.address, SyncOptions::default()).unwrap()
}

/// The server's CPU time so far (user + system of its processes, from /proc), in seconds.
fn server_cpu(pg: &pg::Pg) -> f64 {
    let pidfile = pg.dir().join("data/postmaster.pid");
    let Ok(text) = std::fs::read_to_string(pidfile) else {
        return f64::NAN;
    };
    let Some(main) = text
        .lines()
        .next()
        .and_then(|l| l.trim().parse::<u32>().ok())
    else {
        return f64::NAN;
    };
    let tick = 100.0; // USER_HZ on Linux
    let mut total = 0.0;
    for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
            continue;
        };
        let after = stat.rsplit_once(')').map(|(_, a)| a).unwrap_or("");
        let f: Vec<&str> = after.split_whitespace().collect();
        // fields after the name: state ppid ... utime(12) stime(13) cutime(14) cstime(15)
        let ppid: u32 = f.get(1).and_then(|v| v.parse().ok()).unwrap_or(0);
        if pid == main || ppid == main {
            let t: f64 = (11..=14)
                .filter_map(|i| f.get(i).and_then(|v| v.parse::<f64>().ok()))
                .sum();
            total += t / tick;
        }
    }
    total
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let scale: f64 = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(1.0);
    let n = |base: usize| ((base as f64 * scale) as usize).max(1);
    // BENCH_ONLY=push,pull,first,team runs only those steps (all by default).
    let only = std::env::var("BENCH_ONLY").unwrap_or_default();
    let runs_step = |step: &str| only.is_empty() || only.split(',').any(|s| s == step);
    let pg = pg::server();
    let mut campaign = 0;
    let mut fresh = |label: &str| {
        campaign += 1;
        let db = format!("bench_{label}_{campaign}");
        pg.create_database(&db);
        let owner = ServerAddress::parse(&pg.owner_url(&db), InputField::Server).unwrap();
        server::init(&owner).unwrap();
        (db, owner)
    };

    // Push 10,000 calls.
    let mut runs = Vec::new();
    for _ in 0..if runs_step("push") { 3 } else { 0 } {
        let (db, owner) = fresh("push");
        let mut a = volunteer(&owner, &format!("{db}_a"));
        log_calls(&mut a.store, n(10_000), "a");
        let t = Instant::now();
        let r = sync(&mut a);
        runs.push(t.elapsed());
        assert_eq!(r.pushed as usize, n(10_000));
    }
    if !runs.is_empty() {
        println!(
            "push {} calls: median {:.2?} (runs {runs:.2?})",
            n(10_000),
            median(runs.clone())
        );
    }

    // Pull 100,000 calls (and a 1,000,000-call campaign's first sync).
    for (label, calls, repeat) in [("pull", n(100_000), 3), ("first", n(1_000_000), 1)] {
        if !runs_step(label) {
            continue;
        }
        let (db, owner) = fresh(label);
        let mut a = volunteer(&owner, &format!("{db}_a"));
        log_calls(&mut a.store, calls, "a");
        let t = Instant::now();
        let pushed = sync(&mut a).pushed;
        println!(
            "  (setup: pushing {calls} calls took {:.2?}; the server took {pushed})",
            t.elapsed()
        );
        let mut runs = Vec::new();
        for i in 0..repeat {
            let mut b = volunteer(&owner, &format!("{db}_b{i}"));
            let cpu = server_cpu(&pg);
            let t = Instant::now();
            let r = sync(&mut b);
            runs.push(t.elapsed());
            let here: i64 = b
                .store
                .conn()
                .query_row("SELECT count(*) FROM calls", [], |r| r.get(0))
                .unwrap();
            // Every call pulled, and in the store: said in full when not, then fatal.
            assert!(
                r.pulled as usize == calls && here as usize == calls,
                "pulled {} of {calls}; {here} calls in the store; skipped {} ({:?})",
                r.pulled,
                r.skipped_count,
                r.skipped.iter().take(3).collect::<Vec<_>>()
            );
            println!(
                "  {label} run {i}: {:.2?}, server CPU {:.2} s",
                t.elapsed(),
                server_cpu(&pg) - cpu
            );
        }
        println!(
            "{label}: {calls} calls pulled by a new volunteer: median {:.2?}",
            median(runs)
        );
    }

    // 100 volunteers x 1,000 calls, each syncing twice; all converge.
    if !runs_step("team") {
        return;
    }
    let (db, owner) = fresh("team");
    let people = n(100);
    let mut team: Vec<Volunteer> = (0..people)
        .map(|i| {
            let mut v = volunteer(&owner, &format!("{db}_v{i}"));
            log_calls(&mut v.store, 1000, "v");
            v
        })
        .collect();
    let cpu = server_cpu(&pg);
    let t = Instant::now();
    for _ in 0..2 {
        for v in team.iter_mut() {
            sync(v);
        }
    }
    let took = t.elapsed();
    let counts: Vec<i64> = team
        .iter()
        .map(|v| {
            v.store
                .conn()
                .query_row("SELECT count(*) FROM calls", [], |r| r.get(0))
                .unwrap()
        })
        .collect();
    assert!(
        counts.iter().all(|c| *c == (people * 1000) as i64),
        "{counts:?}"
    );
    println!(
        "{people} volunteers x 1000 calls, two sync rounds: {took:.2?}, server CPU {:.2} s, all {} calls everywhere",
        server_cpu(&pg) - cpu,
        people * 1000
    );
}
