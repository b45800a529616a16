//! "Called by <teammate> 20 minutes ago": the latest call to a city by another volunteer
//! of the campaign, from the calls team sync pulled (issue 12), so nobody calls the same
//! office twice. One definition, used by the city list, the city in full and the Call
//! next queue (which leaves out a city a teammate called in the last
//! [`TEAMMATE_WINDOW_HOURS`] hours, even when a follow-up is due).
//!
//! A teammate's call is a call (not undone) whose event this store pulled from the
//! campaign server (`team_events`, state `pulled`) and whose author, as the server
//! recorded it, is not this machine's volunteer (`team.volunteer`). Calls logged here, or
//! merged from a bundle, are not a teammate's word: only the server's author is trusted.

use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::fields::InputField;
use crate::settings;
use crate::vocab::CallOutcome;
use crate::volunteer::TEAM_ROLE_KEY;

/// How long a teammate's call keeps a city out of the Call next queue.
pub const TEAMMATE_WINDOW_HOURS: i64 = 24;

/// The latest call to a city by a teammate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct TeammateCall {
    /// The teammate, as the campaign server recorded them (their role).
    pub volunteer: String,
    /// When the call was made (RFC 3339).
    pub called_at: String,
    pub outcome: CallOutcome,
}

/// Calls pulled from the server whose author is not this machine's volunteer.
const TEAMMATE_CALLS: &str = "
    SELECT c.city_id, t.author, c.called_at, c.outcome
    FROM team_events t JOIN calls c ON c.id = substr(t.event_id, 6)
    WHERE t.event_id >= 'call:' AND t.event_id < 'call;'
      AND t.state = 'pulled' AND t.author <> ?1 AND c.undone_at IS NULL
      AND c.called_at >= ?2";

fn me(conn: &Connection) -> Result<String> {
    Ok(settings::get(conn, TEAM_ROLE_KEY)?.unwrap_or_default())
}

/// The latest teammate's call of every city that has one, by city id, among calls made at
/// or after `since` (RFC 3339; `None`: any time).
pub fn latest_calls(
    conn: &Connection,
    since: Option<&str>,
) -> Result<HashMap<String, TeammateCall>> {
    let me = me(conn)?;
    let mut stmt = conn.prepare_cached(TEAMMATE_CALLS)?;
    let mut rows = stmt.query(rusqlite::params![me, since.unwrap_or("")])?;
    let mut out: HashMap<String, TeammateCall> = HashMap::new();
    while let Some(r) = rows.next()? {
        let city: String = r.get(0)?;
        let call = TeammateCall {
            volunteer: r.get(1)?,
            called_at: r.get(2)?,
            outcome: r.get(3)?,
        };
        match out.get(&city) {
            Some(known) if known.called_at >= call.called_at => {}
            _ => {
                out.insert(city, call);
            }
        }
    }
    Ok(out)
}

/// The latest teammate's call to one city (by id), if any.
pub fn latest_call(conn: &Connection, city_id: &str) -> Result<Option<TeammateCall>> {
    let me = me(conn)?;
    let mut stmt = conn.prepare_cached(
        "SELECT t.author, c.called_at, c.outcome
         FROM calls c INDEXED BY calls_city_time
         JOIN team_events t ON t.event_id = 'call:' || c.id
         WHERE c.city_id = ?1 AND c.undone_at IS NULL AND t.state = 'pulled' AND t.author <> ?2
         ORDER BY c.called_at DESC LIMIT 1",
    )?;
    Ok(stmt
        .query_row(rusqlite::params![city_id, me], |r| {
            Ok(TeammateCall {
                volunteer: r.get(0)?,
                called_at: r.get(1)?,
                outcome: r.get(2)?,
            })
        })
        .optional()?)
}

/// The time `TEAMMATE_WINDOW_HOURS` before `now` (RFC 3339): a teammate's call at or after
/// it keeps its city out of the queue.
pub fn window_start(now: &str) -> Result<String> {
    let t = now
        .parse::<jiff::Timestamp>()
        .map_err(|_| Error::invalid(InputField::Now, format!("\"{now}\" is not a time")))?;
    Ok(
        (t - jiff::SignedDuration::from_hours(TEAMMATE_WINDOW_HOURS))
            .strftime("%Y-%m-%dT%H:%M:%S%.3fZ")
            .to_string(),
    )
}

/// The cities (ids) a teammate called in the window before `now`.
pub fn recently_called(conn: &Connection, now: &str) -> Result<HashMap<String, TeammateCall>> {
    latest_calls(conn, Some(&window_start(now)?))
}
