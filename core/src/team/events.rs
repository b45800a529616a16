//! The synced events: how the store's rows travel to and from the campaign server.
//!
//! Every event has a stable id, `<kind>:<key>`, the same on every machine:
//! `call:<call id>`, `undo:<call id>`, `response:<id>`, `status:<id>`, `city:<id>`,
//! `tie:<id>`, `revision:<id>`, and for rows that change, one event per version:
//! `contact:<id>@<updated_at>` and `follow_up:<id>@<updated_at>`. The body is the row as
//! the store holds it (`crate::rows`, the bundle format's rows), so pulled events go
//! through the bundle merge. A call travels without its undo: an undo is its own event,
//! which the server accepts only from the call's author or a coordinator. So do a response
//! and a status change (`undo_response:<id>`, `undo_status:<id>`, server schema 3).
//!
//! `team_events` (migration 0007) lists the events this store and the server share:
//! pushed by this machine, pulled from the server, or refused by it, with the author the
//! server recorded. A row with no event there is pending.

use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};

use crate::bundle::Payload;
use crate::error::Result;
use crate::rows::{
    CallRow, CityRow, ContactRow, FollowUpRow, ResponseRow, RevisionRow, TieEventRow, TieRow,
};

/// One event as it goes to the server.
#[derive(Debug, Clone)]
pub struct Event {
    pub id: String,
    pub kind: &'static str,
    /// The body, JSON.
    pub body: String,
}

/// An undo: the call and when it was undone.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Undo {
    pub call_id: String,
    pub undone_at: String,
}

/// An undo of a response (`undo_response:<id>`) or of a status change
/// (`undo_status:<id>`): the row and when it was undone (server schema 3).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RowUndo {
    pub id: String,
    pub undone_at: String,
}

/// The campaign settings a coordinator publishes and every volunteer pulls (the server
/// takes `setting` events from coordinators only): the goal, the call scripts and the
/// petition's address. One event per version, `setting:<key>@<updated_at>`; a store keeps
/// the latest version it knows of each (by `updated_at`, then value: the same on every
/// machine whatever the order). A volunteer's own edit stays on its machine until a
/// coordinator publishes a newer one.
pub const SHARED_SETTINGS: &[&str] = &[
    "campaign.goal",
    "campaign.call_script",
    "campaign.call_script.suspended",
    "campaign.call_script.severed",
    "campaign.call_script.unknown",
    "signatures.url",
    "signatures.provider",
    "signatures.pointer",
];

/// A setting's version, as it travels.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SettingEvent {
    pub key: String,
    pub value: String,
    pub updated_at: String,
}

fn shared_settings_sql() -> String {
    let keys: Vec<String> = SHARED_SETTINGS.iter().map(|k| format!("'{k}'")).collect();
    format!(
        "key IN ({}) AND {}",
        keys.join(", "),
        not_shared("'setting:' || settings.key || '@' || settings.updated_at")
    )
}

/// Whether the server said this volunteer is a coordinator (who publishes settings).
fn is_coordinator(conn: &Connection) -> Result<bool> {
    Ok(crate::settings::get(conn, crate::volunteer::TEAM_COORDINATOR_KEY)?.as_deref() == Some("1"))
}

/// Applies a pulled setting when it is newer than this store's; whether it changed it.
pub fn apply_setting(conn: &Connection, s: &SettingEvent) -> Result<bool> {
    if !SHARED_SETTINGS.contains(&s.key.as_str()) {
        return Ok(false);
    }
    Ok(conn.execute(
        "INSERT INTO settings (key, value, updated_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
         WHERE settings.updated_at < excluded.updated_at
            OR (settings.updated_at = excluded.updated_at AND settings.value < excluded.value)",
        params![s.key, s.value, s.updated_at],
    )? > 0)
}

/// A signature total, as it travels (`signature:<id>`): the `signature_snapshots` row.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SignatureEvent {
    pub id: String,
    pub fetched_at: String,
    pub total: i64,
    pub goal: Option<i64>,
    pub provider: String,
    pub source: String,
    pub decreased: bool,
    pub created_at: String,
}

/// The seed's signature figure: the same row (same id) in every store, never sent.
fn seeded_signatures() -> String {
    crate::ids::seed_id("signatures:petition-page")
}

/// Adds a pulled signature total this store lacks; whether it was new.
pub fn add_signature(conn: &Connection, s: &SignatureEvent) -> Result<bool> {
    Ok(conn.execute(
        "INSERT OR IGNORE INTO signature_snapshots
           (id, fetched_at, total, goal, provider, source, decreased, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            s.id,
            s.fetched_at,
            s.total.max(0),
            s.goal.filter(|g| *g > 0),
            s.provider,
            s.source,
            s.decreased,
            s.created_at
        ],
    )? > 0)
}

/// Contacts whose versions travel: those a volunteer added, imported, edited or removed
/// (a seeded contact nobody touched is the same on every machine, from the seed).
const SHARED_CONTACT: &str = "(origin <> 'seed' OR edited_by_hand = 1 OR deleted_at IS NOT NULL)";

/// A contact version's event id (a removal is a version too).
pub fn contact_event(c: &ContactRow) -> String {
    format!("contact:{}@{}", c.id, c.updated_at)
}

pub fn follow_up_event(f: &FollowUpRow) -> String {
    format!("follow_up:{}@{}", f.id, f.updated_at)
}

fn not_shared(expr: &str) -> String {
    format!("NOT EXISTS (SELECT 1 FROM team_events t WHERE t.event_id = {expr})")
}

fn json<T: Serialize>(row: &T) -> String {
    serde_json::to_string(row).expect("a row serialises")
}

/// Every pending event, in the order a push sends them (what a row points at first).
pub fn pending(conn: &Connection) -> Result<Vec<Event>> {
    let mut out = Vec::new();
    let ev = |kind: &'static str, id: String, body: String| Event { id, kind, body };
    for c in CityRow::list(
        conn,
        &format!(
            "WHERE origin = 'volunteer' AND {} ORDER BY id",
            not_shared("'city:' || cities.id")
        ),
        [],
    )? {
        out.push(ev("city", format!("city:{}", c.id), json(&c)));
    }
    for t in TieRow::list(
        conn,
        &format!(
            "WHERE origin = 'volunteer' AND {} ORDER BY id",
            not_shared("'tie:' || relationships.id")
        ),
        [],
    )? {
        out.push(ev("tie", format!("tie:{}", t.id), json(&t)));
    }
    for c in ContactRow::list(
        conn,
        &format!(
            "WHERE {SHARED_CONTACT} AND {} ORDER BY updated_at, id",
            not_shared("'contact:' || contacts.id || '@' || contacts.updated_at")
        ),
        [],
    )? {
        out.push(ev("contact", contact_event(&c), json(&c)));
    }
    for r in RevisionRow::list(
        conn,
        &format!(
            "WHERE contact_id IN (SELECT id FROM contacts WHERE {SHARED_CONTACT}) AND {} ORDER BY id",
            not_shared("'revision:' || contact_revisions.id")
        ),
        [],
    )? {
        out.push(ev("revision", format!("revision:{}", r.id), json(&r)));
    }
    for mut c in CallRow::list(
        conn,
        &format!(
            "WHERE {} ORDER BY created_at, id",
            not_shared("'call:' || calls.id")
        ),
        [],
    )? {
        c.undone_at = None; // an undo is its own event
        out.push(ev("call", format!("call:{}", c.id), json(&c)));
    }
    let mut undos = conn.prepare(&format!(
        "SELECT id, undone_at FROM calls WHERE undone_at IS NOT NULL AND {} ORDER BY undone_at, id",
        not_shared("'undo:' || calls.id")
    ))?;
    let rows = undos.query_map([], |r| {
        Ok(Undo {
            call_id: r.get(0)?,
            undone_at: r.get(1)?,
        })
    })?;
    for u in rows {
        let u = u?;
        out.push(ev("undo", format!("undo:{}", u.call_id), json(&u)));
    }
    for r in ResponseRow::list(
        conn,
        &format!(
            "WHERE {} ORDER BY created_at, id",
            not_shared("'response:' || responses.id")
        ),
        [],
    )? {
        let mut r = r;
        r.undone_at = None; // an undo is its own event
        out.push(ev("response", format!("response:{}", r.id), json(&r)));
    }
    for u in row_undos(conn, "responses", "undo_response")? {
        out.push(ev(
            "undo_response",
            format!("undo_response:{}", u.id),
            json(&u),
        ));
    }
    for e in TieEventRow::list(
        conn,
        &format!(
            "WHERE origin <> 'seed' AND {} ORDER BY created_at, id",
            not_shared("'status:' || relationship_events.id")
        ),
        [],
    )? {
        let mut e = e;
        e.undone_at = None; // an undo is its own event
        out.push(ev("status", format!("status:{}", e.id), json(&e)));
    }
    for u in row_undos(conn, "relationship_events", "undo_status")? {
        out.push(ev("undo_status", format!("undo_status:{}", u.id), json(&u)));
    }
    for f in FollowUpRow::list(
        conn,
        &format!(
            "WHERE {} ORDER BY updated_at, id",
            not_shared("'follow_up:' || follow_ups.id || '@' || follow_ups.updated_at")
        ),
        [],
    )? {
        out.push(ev("follow_up", follow_up_event(&f), json(&f)));
    }
    {
        let mut stmt = conn.prepare(&format!(
            "SELECT id, fetched_at, total, goal, provider, source, decreased, created_at
             FROM signature_snapshots WHERE id <> ?1 AND {} ORDER BY fetched_at, id",
            not_shared("'signature:' || signature_snapshots.id")
        ))?;
        let rows = stmt.query_map([seeded_signatures()], |r| {
            Ok(SignatureEvent {
                id: r.get(0)?,
                fetched_at: r.get(1)?,
                total: r.get(2)?,
                goal: r.get(3)?,
                provider: r.get(4)?,
                source: r.get(5)?,
                decreased: r.get(6)?,
                created_at: r.get(7)?,
            })
        })?;
        for s in rows {
            let s = s?;
            out.push(ev("signature", format!("signature:{}", s.id), json(&s)));
        }
    }
    if is_coordinator(conn)? {
        let mut stmt = conn.prepare(&format!(
            "SELECT key, value, updated_at FROM settings WHERE {} ORDER BY key",
            shared_settings_sql()
        ))?;
        let rows = stmt.query_map([], |r| {
            Ok(SettingEvent {
                key: r.get(0)?,
                value: r.get(1)?,
                updated_at: r.get(2)?,
            })
        })?;
        for s in rows {
            let s = s?;
            out.push(ev(
                "setting",
                format!("setting:{}@{}", s.key, s.updated_at),
                json(&s),
            ));
        }
    }
    Ok(out)
}

/// The undone rows of `table` whose undo (`<kind>:<id>`) is not shared yet.
fn row_undos(conn: &Connection, table: &str, kind: &str) -> Result<Vec<RowUndo>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT id, undone_at FROM {table} WHERE undone_at IS NOT NULL AND {}
         ORDER BY undone_at, id",
        not_shared(&format!("'{kind}:' || {table}.id"))
    ))?;
    let rows = stmt.query_map([], |r| {
        Ok(RowUndo {
            id: r.get(0)?,
            undone_at: r.get(1)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// How many events are pending (without building them).
pub fn pending_count(conn: &Connection) -> Result<u32> {
    let sql = format!(
        "SELECT
           (SELECT count(*) FROM cities WHERE origin = 'volunteer' AND {city})
         + (SELECT count(*) FROM relationships WHERE origin = 'volunteer' AND {tie})
         + (SELECT count(*) FROM contacts WHERE {SHARED_CONTACT} AND {contact})
         + (SELECT count(*) FROM contact_revisions WHERE contact_id IN
              (SELECT id FROM contacts WHERE {SHARED_CONTACT}) AND {revision})
         + (SELECT count(*) FROM calls WHERE {call})
         + (SELECT count(*) FROM calls WHERE undone_at IS NOT NULL AND {undo})
         + (SELECT count(*) FROM responses WHERE {response})
         + (SELECT count(*) FROM responses WHERE undone_at IS NOT NULL AND {undo_response})
         + (SELECT count(*) FROM relationship_events WHERE origin <> 'seed' AND {status})
         + (SELECT count(*) FROM relationship_events WHERE undone_at IS NOT NULL AND {undo_status})
         + (SELECT count(*) FROM follow_ups WHERE {follow_up})
         + (SELECT count(*) FROM signature_snapshots WHERE id <> '{seeded}' AND {signature})
         + (CASE WHEN {coordinator} THEN (SELECT count(*) FROM settings WHERE {setting}) ELSE 0 END)",
        city = not_shared("'city:' || cities.id"),
        tie = not_shared("'tie:' || relationships.id"),
        contact = not_shared("'contact:' || contacts.id || '@' || contacts.updated_at"),
        revision = not_shared("'revision:' || contact_revisions.id"),
        call = not_shared("'call:' || calls.id"),
        undo = not_shared("'undo:' || calls.id"),
        response = not_shared("'response:' || responses.id"),
        status = not_shared("'status:' || relationship_events.id"),
        undo_response = not_shared("'undo_response:' || responses.id"),
        undo_status = not_shared("'undo_status:' || relationship_events.id"),
        follow_up = not_shared("'follow_up:' || follow_ups.id || '@' || follow_ups.updated_at"),
        coordinator = if is_coordinator(conn)? { "1" } else { "0" },
        setting = shared_settings_sql(),
        signature = not_shared("'signature:' || signature_snapshots.id"),
        seeded = seeded_signatures(),
    );
    Ok(conn.query_row(&sql, [], |r| r.get(0))?)
}

/// What this store and the server share: marks events as pushed, pulled or refused.
pub fn mark(conn: &Connection, ids: &[(&str, &str)], state: &str, at: &str) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "INSERT INTO team_events (event_id, author, synced_at, state) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (event_id) DO UPDATE SET author = excluded.author, state = excluded.state
         WHERE team_events.state = 'refused'",
    )?;
    for (id, author) in ids {
        stmt.execute(params![id, author, at, state])?;
    }
    Ok(())
}

/// Whether this store already shares an event.
pub fn is_shared(conn: &Connection, id: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM team_events WHERE event_id = ?1")?
        .exists([id])?)
}

/// A pulled event: its id, kind, the author the server recorded and its body.
#[derive(Debug, Clone)]
pub struct Pulled {
    pub id: String,
    pub kind: String,
    pub author: String,
    pub body: String,
}

/// A pulled event's body as `T`; when it is not one, `None` and a line in `skipped` saying
/// which event, whose, and that its body is not a `what`.
pub fn parse_body<T: serde::de::DeserializeOwned>(
    e: &Pulled,
    what: &str,
    skipped: &mut Vec<String>,
) -> Option<T> {
    match serde_json::from_str(&e.body) {
        Ok(v) => Some(v),
        Err(err) => {
            skipped.push(format!(
                "{} by {}: its body is not a {what} ({err})",
                e.id, e.author
            ));
            None
        }
    }
}

/// Adds a pulled event to a bundle payload (or to the undos), with the server's author
/// as the volunteer of what it logged. A body that does not parse is skipped, with why.
pub fn add_to_payload(
    e: &Pulled,
    payload: &mut Payload,
    undos: &mut Vec<Undo>,
    skipped: &mut Vec<String>,
) {
    fn parse<T: serde::de::DeserializeOwned>(e: &Pulled, skipped: &mut Vec<String>) -> Option<T> {
        parse_body(e, &e.kind, skipped)
    }
    let author = e.author.clone();
    match e.kind.as_str() {
        "city" => payload.cities.extend(parse::<CityRow>(e, skipped)),
        "tie" => payload.ties.extend(parse::<TieRow>(e, skipped)),
        "contact" => payload.contacts.extend(parse::<ContactRow>(e, skipped)),
        "revision" => payload
            .contact_revisions
            .extend(parse::<RevisionRow>(e, skipped)),
        "call" => payload
            .calls
            .extend(parse::<CallRow>(e, skipped).map(|c| CallRow {
                volunteer: author,
                undone_at: None,
                ..c
            })),
        "undo" => undos.extend(parse::<Undo>(e, skipped)),
        "response" => payload
            .responses
            .extend(parse::<ResponseRow>(e, skipped).map(|r| ResponseRow {
                volunteer: Some(author),
                undone_at: None, // an undo is its own event, which the server checked
                ..r
            })),
        "status" => payload
            .status_events
            .extend(parse::<TieEventRow>(e, skipped).map(|s| TieEventRow {
                volunteer: Some(author),
                undone_at: None, // an undo is its own event, which the server checked
                ..s
            })),
        "follow_up" => payload.follow_ups.extend(parse::<FollowUpRow>(e, skipped)),
        other => skipped.push(format!(
            "{}: kind {other} is not known to this version",
            e.id
        )),
    }
}
