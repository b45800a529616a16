//! The dashboard's numbers (`outreach stats`): cities by relationship status and by
//! response, calls in the last 7 days (everyone's and mine), follow-ups due.

use std::collections::BTreeMap;

use rusqlite::Connection;
use serde::Serialize;
use ts_rs::TS;

use crate::cities::{list_cities, CitySummary};
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

/// The dashboard from the store's in-memory city list (see [`crate::citylist`]).
pub fn dashboard(store: &Store) -> Result<Dashboard> {
    let (by_status, by_response) = store.with_city_list(count)?;
    numbers(store.conn(), by_status, by_response)
}

/// The dashboard reading every city from the store (no cache).
pub fn dashboard_uncached(conn: &Connection) -> Result<Dashboard> {
    let (by_status, by_response) = count(&list_cities(conn)?);
    numbers(conn, by_status, by_response)
}

type Counts = (
    BTreeMap<RelationshipStatus, u32>,
    BTreeMap<CityResponse, u32>,
);

fn count(cities: &[CitySummary]) -> Counts {
    let mut by_status: BTreeMap<RelationshipStatus, u32> =
        RelationshipStatus::ALL.iter().map(|s| (*s, 0)).collect();
    let mut by_response: BTreeMap<CityResponse, u32> =
        CityResponse::ALL.iter().map(|r| (*r, 0)).collect();
    for c in cities {
        *by_status.entry(c.relationship_status).or_default() += 1;
        *by_response.entry(c.response).or_default() += 1;
    }
    (by_status, by_response)
}

fn numbers(
    conn: &Connection,
    by_status: BTreeMap<RelationshipStatus, u32>,
    by_response: BTreeMap<CityResponse, u32>,
) -> Result<Dashboard> {
    let volunteer = crate::volunteer::name(conn)?;
    let (all, mine): (u32, u32) = conn.query_row(
        "SELECT count(*), coalesce(sum(volunteer = ?2), 0) FROM calls INDEXED BY calls_time
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
