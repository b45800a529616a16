//! The dashboard's numbers (`outreach stats`): cities by relationship status and by
//! response, calls in the last 7 days (everyone's and mine), follow-ups due.

use std::collections::BTreeMap;

use rusqlite::Connection;
use serde::Serialize;
use ts_rs::TS;

use crate::error::Result;
use crate::followups;
use crate::time::{days_ago, today};
use crate::vocab::{CityResponse, RelationshipStatus};
use crate::Store;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Dashboard {
    /// Every status, with 0 for those no city has.
    pub by_status: BTreeMap<RelationshipStatus, u32>,
    /// Every response, with 0 for those no city gave.
    pub by_response: BTreeMap<CityResponse, u32>,
    pub calls_last_7_days: u32,
    /// Calls in the last 7 days logged under the setting `volunteer.name`.
    pub my_calls_last_7_days: u32,
    /// Open follow-ups due today or overdue.
    pub follow_ups_due: u32,
    pub volunteer: Option<String>,
}

/// The dashboard of the store.
pub fn dashboard(store: &Store) -> Result<Dashboard> {
    dashboard_uncached(store.conn())
}

/// The dashboard, counted from the per-city summaries the store keeps (`city_summaries`:
/// one row per city, whatever the number of calls).
pub fn dashboard_uncached(conn: &Connection) -> Result<Dashboard> {
    let mut by_status: BTreeMap<RelationshipStatus, u32> =
        RelationshipStatus::ALL.iter().map(|s| (*s, 0)).collect();
    let mut by_response: BTreeMap<CityResponse, u32> =
        CityResponse::ALL.iter().map(|r| (*r, 0)).collect();
    {
        // Listed cities only: those with a tie (a status).
        let mut stmt = conn.prepare_cached(
            "SELECT status, response, count(*) FROM city_summaries
             WHERE status IS NOT NULL GROUP BY status, response",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let status: RelationshipStatus = row.get(0)?;
            let response: Option<CityResponse> = row.get(1)?;
            let n: u32 = row.get(2)?;
            *by_status.entry(status).or_default() += n;
            *by_response.entry(response.unwrap_or_default()).or_default() += n;
        }
    }
    numbers(conn, by_status, by_response)
}

fn numbers(
    conn: &Connection,
    by_status: BTreeMap<RelationshipStatus, u32>,
    by_response: BTreeMap<CityResponse, u32>,
) -> Result<Dashboard> {
    let volunteer = crate::volunteer::name(conn)?;
    let (all, mine): (u32, u32) = conn.query_row(
        "SELECT count(*), coalesce(sum(volunteer = ?2), 0) FROM calls INDEXED BY calls_done_time
         WHERE called_at >= ?1 AND undone_at IS NULL",
        rusqlite::params![days_ago(7), volunteer.as_deref().unwrap_or("\u{0}")],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    Ok(Dashboard {
        by_status,
        by_response,
        calls_last_7_days: all,
        my_calls_last_7_days: mine,
        follow_ups_due: followups::count_due(conn, &today())?,
        volunteer,
    })
}
