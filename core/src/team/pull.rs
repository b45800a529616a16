//! Pull: what teammates pushed since the last pull, merged through the bundle merge.
//!
//! The cursor is a transaction-id watermark, not a sequence number: a sequence can hand a
//! lower number to a transaction that commits later, so "id > last seen" would skip it.
//! Every event carries the id of the server transaction that wrote it (`txid`,
//! `pg_current_xact_id()`). A pull runs in one repeatable-read snapshot, reads
//! `pg_snapshot_xmin(pg_current_snapshot())` (every transaction below it has ended, so
//! its rows are in this snapshot) and fetches the events with `txid >= ` the previous
//! watermark; the new watermark is that xmin. Events of a transaction still running are at
//! or above it and are fetched next time. Events seen twice are known and skipped.
//!
//! Events are read kind by kind in the push's order (places before their calls, contacts
//! before the calls that name them, calls before their undos), a page at a time; each page
//! is merged in one local transaction, the last one also storing the new watermark. An
//! interrupted pull leaves the watermark where it was and is repeated harmlessly.

use std::collections::HashMap;

use postgres::{Client, IsolationLevel};
use rusqlite::{params, Connection};

use super::address::ServerAddress;
use super::events::{self, Pulled, RowUndo, Undo};
use super::server::{kinds_at, SERVER_SCHEMA};
use super::LocalStore;
use crate::bundle::check::Sender;
use crate::bundle::{merge, MergeReport, Payload};
use crate::error::Result;
use crate::rows::{CallRow, ResponseRow, TieEventRow};
use crate::settings;
use crate::time::now;

/// Setting: the pull watermark (a server transaction id, as text).
pub const WATERMARK_KEY: &str = "team.pull_watermark";

/// What a pull did.
#[derive(Debug, Clone, Default)]
pub struct PullReport {
    /// Events new to this store.
    pub pulled: u32,
    /// Events that could not be merged, with why.
    pub skipped: Vec<String>,
    pub merge: MergeReport,
}

/// One page of a kind's events after the cursor, in the cursor's order. The order is the
/// table's `xid8` column, qualified: an unqualified `ORDER BY txid` would name the selected
/// `txid::text` and sort the ids as text ("1000" before "999"), so that a page taken after
/// the ids passed a power of ten jumped over events (and every page sorted all the rest).
const PAGE_SQL: &str = "
    SELECT e.seq, e.txid::text AS txid_text, e.id, e.author::text, e.body::text
    FROM outreach.events e
    WHERE e.kind = $1 AND (e.txid, e.seq) > ($2::text::xid8, $3::int8)
    ORDER BY e.txid, e.seq
    LIMIT $4::int8";

pub fn pull(
    store: &mut impl LocalStore,
    client: &mut Client,
    address: &ServerAddress,
    page: usize,
) -> Result<PullReport> {
    let set_cache = |s: &mut _, kib: i64| {
        LocalStore::write(s, |c| Ok(c.pragma_update(None, "cache_size", -kib)?))
    };
    crate::store::with_bulk_cache(store, set_cache, |store| {
        pull_pages(store, client, address, page)
    })
}

/// Fetching and merging overlap: a thread reads the pages in the server's snapshot and hands
/// them over (two at most waiting) while this one merges the previous page, so a pull takes
/// about the longer of the two instead of their sum. Pages are merged in the order read.
fn pull_pages(
    store: &mut impl LocalStore,
    client: &mut Client,
    address: &ServerAddress,
    page: usize,
) -> Result<PullReport> {
    let since = store
        .read(|c| settings::get(c, WATERMARK_KEY))?
        .unwrap_or_else(|| "0".into());
    let mut report = PullReport::default();
    let (pages, received) = std::sync::mpsc::sync_channel::<Vec<Pulled>>(2);
    let (watermark, merged) = std::thread::scope(|scope| {
        let reader = scope.spawn(move || read_pages(client, address, &since, page, pages));
        let mut merged = Ok(());
        for events in received {
            if let Err(e) = store.write(|c| merge_page(c, &events, &mut report)) {
                // Dropping the receiver stops the reader at its next page.
                merged = Err(e);
                break;
            }
        }
        (
            reader.join().expect("the page reader does not panic"),
            merged,
        )
    });
    merged?;
    let watermark = watermark?;
    store.write(|c| settings::set(c, WATERMARK_KEY, &watermark))?;
    Ok(report)
}

/// Puts each pulled undo on its row: the row in this page, or this store's (pulled
/// before: an undo comes after its row's kind); the earliest undo is kept. An undo of a row
/// this store lacks is skipped, with why.
fn undo_rows<T: Clone>(
    conn: &Connection,
    rows: &mut Vec<T>,
    undos: Vec<RowUndo>,
    (kind, what): (&str, &str),
    fields: impl Fn(&mut T) -> (&String, &mut Option<String>),
    find: impl Fn(&Connection, &str) -> rusqlite::Result<Option<T>>,
    skipped: &mut Vec<String>,
) -> Result<()> {
    if undos.is_empty() {
        return Ok(());
    }
    let mut in_page: HashMap<String, usize> = HashMap::new();
    for (i, r) in rows.iter_mut().enumerate() {
        in_page.insert(fields(r).0.clone(), i);
    }
    for u in undos {
        let i = match in_page.get(&u.id) {
            Some(&i) => i,
            None => match find(conn, &u.id)? {
                Some(r) => {
                    rows.push(r);
                    in_page.insert(u.id.clone(), rows.len() - 1);
                    rows.len() - 1
                }
                None => {
                    skipped.push(format!("{kind}:{}: unknown {what}", u.id));
                    continue;
                }
            },
        };
        let (_, undone_at) = fields(&mut rows[i]);
        if undone_at.as_ref().is_none_or(|at| *at > u.undone_at) {
            *undone_at = Some(u.undone_at);
        }
    }
    Ok(())
}

/// Reads every kind's events after `since`, a page at a time, in one repeatable-read
/// snapshot, and sends the pages; returns the snapshot's watermark (when every page was read
/// and taken).
fn read_pages(
    client: &mut Client,
    address: &ServerAddress,
    since: &str,
    page: usize,
    pages: std::sync::mpsc::SyncSender<Vec<Pulled>>,
) -> Result<String> {
    let failed = |e: postgres::Error| {
        address.failed(
            &e,
            "the pull stopped; what it merged stays and the rest comes on the next sync",
        )
    };
    let mut tx = client
        .build_transaction()
        .isolation_level(IsolationLevel::RepeatableRead)
        .read_only(true)
        .start()
        .map_err(failed)?;
    let watermark: String = tx
        .query_one("SELECT pg_snapshot_xmin(pg_current_snapshot())::text", &[])
        .map_err(failed)?
        .get(0);
    let page = page.max(1) as i64;
    // An undo always comes after its call (the kinds' order), so its call is merged first.
    for kind in kinds_at(SERVER_SCHEMA) {
        let mut after: (String, i64) = (since.to_string(), 0);
        loop {
            let rows = tx
                .query(PAGE_SQL, &[&kind, &after.0, &after.1, &page])
                .map_err(failed)?;
            let Some(last) = rows.last() else { break };
            after = (last.get(1), last.get(0));
            let events: Vec<Pulled> = rows
                .iter()
                .map(|r| Pulled {
                    id: r.get(2),
                    kind: kind.to_string(),
                    author: r.get(3),
                    body: r.get(4),
                })
                .collect();
            let full = events.len() as i64 == page;
            if pages.send(events).is_err() {
                // The merge stopped (its error is the pull's); nothing more to read.
                return Ok(watermark);
            }
            if !full {
                break;
            }
        }
    }
    tx.commit().map_err(failed)?;
    Ok(watermark)
}

/// Merges one page of events (inside the store's write door: one local transaction): the
/// ones this store lacks, through the bundle merge, then marks them all as shared.
fn merge_page(conn: &mut Connection, page: &[Pulled], report: &mut PullReport) -> Result<()> {
    let tx = crate::atomic::begin(conn)?;
    let mut payload = Payload::default();
    let mut undos: Vec<Undo> = Vec::new();
    let mut response_undos: Vec<RowUndo> = Vec::new();
    let mut status_undos: Vec<RowUndo> = Vec::new();
    let mut fresh = Vec::new();
    for e in page {
        if events::is_shared(&tx, &e.id)? {
            continue;
        }
        if e.kind == "setting" {
            // Campaign settings (coordinators' only, the server checked) are not rows of
            // the bundle merge: the newest version of each wins.
            if let Some(s) =
                events::parse_body::<events::SettingEvent>(e, "setting", &mut report.skipped)
            {
                events::apply_setting(&tx, &s)?;
            }
        } else if e.kind == "signature" {
            // A teammate's signature total: a fact with its time and source, kept beside ours.
            if let Some(s) = events::parse_body::<events::SignatureEvent>(
                e,
                "signature total",
                &mut report.skipped,
            ) {
                events::add_signature(&tx, &s)?;
            }
        } else if e.kind == "undo_response" {
            response_undos.extend(events::parse_body::<RowUndo>(
                e,
                "undo",
                &mut report.skipped,
            ));
        } else if e.kind == "undo_status" {
            status_undos.extend(events::parse_body::<RowUndo>(
                e,
                "undo",
                &mut report.skipped,
            ));
        } else {
            events::add_to_payload(e, &mut payload, &mut undos, &mut report.skipped);
        }
        fresh.push(e);
    }
    if fresh.is_empty() {
        return Ok(());
    }
    // An undo travels to the merge as its row's `undone_at` (a call's, a response's, a
    // status change's).
    let call_undos = undos.into_iter().map(|u| RowUndo {
        id: u.call_id,
        undone_at: u.undone_at,
    });
    undo_rows(
        &tx,
        &mut payload.calls,
        call_undos.collect(),
        ("undo", "call"),
        |c| (&c.id, &mut c.undone_at),
        CallRow::find,
        &mut report.skipped,
    )?;
    undo_rows(
        &tx,
        &mut payload.responses,
        response_undos,
        ("undo_response", "response"),
        |r| (&r.id, &mut r.undone_at),
        ResponseRow::find,
        &mut report.skipped,
    )?;
    undo_rows(
        &tx,
        &mut payload.status_events,
        status_undos,
        ("undo_status", "status change"),
        |e| (&e.id, &mut e.undone_at),
        TieEventRow::find,
        &mut report.skipped,
    )?;
    // The server enforced who may undo a call, a response or a status change (row-level
    // security: its author or a coordinator), so the undo check is the server's; every
    // other check of the merge applies.
    let server_checked = Sender {
        volunteer: None,
        coordinator: true,
    };
    merge(&tx, &mut payload, &server_checked, &mut report.merge)?;
    let at = now();
    let mut mark = tx.prepare_cached(
        "INSERT INTO team_events (event_id, author, synced_at, state) VALUES (?1, ?2, ?3, 'pulled')
         ON CONFLICT (event_id) DO NOTHING",
    )?;
    for e in &fresh {
        mark.execute(params![e.id, e.author, at])?;
    }
    drop(mark);
    tx.commit()?;
    report.pulled += fresh.len() as u32;
    Ok(())
}
