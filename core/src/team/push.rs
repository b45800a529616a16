//! Push: the events this store has and the server lacks, in batches. Each batch is one
//! server transaction of `INSERT … ON CONFLICT (id) DO NOTHING`, so a repeated or
//! interrupted push is harmless; its events are marked pushed here only after the server
//! committed it. The server records the author (`current_user`), never the client.

use postgres::Client;

use super::address::ServerAddress;
use super::events::{self, Event};
use super::LocalStore;
use crate::error::Result;
use crate::time::now;

/// What a push did.
#[derive(Debug, Clone, Default)]
pub struct Pushed {
    /// Events the server now has from this push (new or already there).
    pub acknowledged: u32,
    /// Undos the server refused (a teammate's call, response or status change, and this
    /// volunteer no coordinator).
    pub refused: u32,
}

/// The insert for a server of schema 1 or 2 (undos of calls only).
const INSERT_V2: &str = "
    INSERT INTO outreach.events (id, kind, body)
    SELECT e->>'id', e->>'kind', e->'body'
    FROM json_array_elements($1::text::json) AS e
    WHERE e->>'kind' <> 'undo' OR outreach.may_undo(e->'body'->>'call_id', current_user)
    ON CONFLICT (id) DO NOTHING";

/// The insert for a server of schema 3 (also undos of responses and status changes): an
/// undo the server would refuse is left out, not an error that stops the batch.
const INSERT: &str = "
    INSERT INTO outreach.events (id, kind, body)
    SELECT e->>'id', e->>'kind', e->'body'
    FROM json_array_elements($1::text::json) AS e
    WHERE (e->>'kind' <> 'undo' OR outreach.may_undo(e->'body'->>'call_id', current_user))
      AND (e->>'kind' <> 'undo_response'
           OR outreach.may_undo_row('response:' || (e->'body'->>'id'), current_user))
      AND (e->>'kind' <> 'undo_status'
           OR outreach.may_undo_row('status:' || (e->'body'->>'id'), current_user))
    ON CONFLICT (id) DO NOTHING";

/// Whether an event is an undo (which the server may refuse).
fn is_undo(kind: &str) -> bool {
    matches!(kind, "undo" | "undo_response" | "undo_status")
}

/// The events' JSON array, as the insert reads it.
fn array(events: &[Event]) -> String {
    let mut out = String::with_capacity(events.iter().map(|e| e.body.len() + 80).sum());
    out.push('[');
    for (i, e) in events.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str("{\"id\":");
        out.push_str(&serde_json::to_string(&e.id).expect("a string serialises"));
        out.push_str(",\"kind\":\"");
        out.push_str(e.kind);
        out.push_str("\",\"body\":");
        out.push_str(&e.body);
        out.push('}');
    }
    out.push(']');
    out
}

/// Pushes what is pending (of the kinds a server of `server_version` takes), `batch`
/// events per server transaction.
pub fn push(
    store: &mut impl LocalStore,
    client: &mut Client,
    address: &ServerAddress,
    server_version: i64,
    batch: usize,
) -> Result<Pushed> {
    // Kinds the server does not take yet (an older server schema) stay pending.
    let known = super::server::kinds_at(server_version);
    let pending: Vec<Event> = store
        .read(events::pending)?
        .into_iter()
        .filter(|e| known.contains(&e.kind))
        .collect();
    let insert = if server_version >= 3 {
        INSERT
    } else {
        INSERT_V2
    };
    let me = address.role().to_string();
    let mut report = Pushed::default();
    for chunk in pending.chunks(batch.max(1)) {
        let failed = |e: postgres::Error, n: u32| {
            address.failed(
                &e,
                &format!(
                    "this batch was not stored; {n} events before it were, and the rest are pushed on the next sync"
                ),
            )
        };
        let mut tx = client
            .transaction()
            .map_err(|e| failed(e, report.acknowledged))?;
        // One statement per run of a kind: an undo sees the calls sent before it.
        let mut start = 0;
        while start < chunk.len() {
            let kind = chunk[start].kind;
            let end = chunk[start..]
                .iter()
                .position(|e| e.kind != kind)
                .map_or(chunk.len(), |p| start + p);
            tx.execute(insert, &[&array(&chunk[start..end])])
                .map_err(|e| failed(e, report.acknowledged))?;
            start = end;
        }
        // Undos the server did not take (refused by its check) stay this store's own.
        let undo_ids: Vec<&str> = chunk
            .iter()
            .filter(|e| is_undo(e.kind))
            .map(|e| e.id.as_str())
            .collect();
        let stored: Vec<String> = if undo_ids.is_empty() {
            Vec::new()
        } else {
            tx.query(
                "SELECT id FROM outreach.events WHERE id = ANY($1)",
                &[&undo_ids],
            )
            .map_err(|e| failed(e, report.acknowledged))?
            .iter()
            .map(|r| r.get(0))
            .collect()
        };
        tx.commit().map_err(|e| failed(e, report.acknowledged))?;

        // The server has committed: now mark them here (a crash before this only means
        // they are sent again, which the server ignores).
        let at = now();
        let (ok, refused): (Vec<&Event>, Vec<&Event>) = chunk
            .iter()
            .partition(|e| !is_undo(e.kind) || stored.contains(&e.id));
        let ok_ids: Vec<(&str, &str)> = ok.iter().map(|e| (e.id.as_str(), me.as_str())).collect();
        let refused_ids: Vec<(&str, &str)> = refused
            .iter()
            .map(|e| (e.id.as_str(), me.as_str()))
            .collect();
        store.write(|c| {
            events::mark(c, &ok_ids, "pushed", &at)?;
            events::mark(c, &refused_ids, "refused", &at)
        })?;
        report.acknowledged += ok.len() as u32;
        report.refused += refused.len() as u32;
    }
    Ok(report)
}
