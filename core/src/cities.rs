//! Target cities: the list (one row per US target) and one city in full, with its ties'
//! dated, sourced history and its contacts.

use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::checks::choice;
use crate::error::{Error, Result};
use crate::fields::{InputField, Problem};
use crate::ids::CityId;
use crate::teammates::{self, TeammateCall};
use crate::vocab::{CityResponse, JurisdictionKind, RelationshipStatus};

/// One row of the city list.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct CitySummary {
    /// Stable identifier in the form `portland-or`.
    pub slug: String,
    pub city: String,
    /// Two-letter USPS code.
    pub state: String,
    pub kind: JurisdictionKind,
    /// The Russian sister cities, joined with ", " when there are several.
    pub sister_city: String,
    /// The status of the tie that needs the most work (see [`RelationshipStatus::urgency`]).
    pub relationship_status: RelationshipStatus,
    /// The city's latest response to the campaign (`none` when it has given none).
    pub response: CityResponse,
    /// When the latest call or e-mail to this city was logged (RFC 3339), or null.
    pub last_call_at: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    /// The due date (`YYYY-MM-DD`) of the city's earliest open follow-up, or null.
    pub next_follow_up: Option<String>,
    /// The latest call to the city by a teammate (pulled by team sync; see
    /// [`crate::teammates`]); left out when there is none.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub teammate_call: Option<TeammateCall>,
}

// How a tie's status is found (its latest history entry that no later entry corrected; at
// the same `seq`, an entry a volunteer recorded comes after a seeded one) and a city's
// (its tie needing the most work), the latest response and the next open follow-up: kept
// per city in the table `city_summaries` by triggers (migration 6), so the list, the
// dashboard and the call queue read one row per city. The last call is kept in
// `city_last_calls` (migration 2); the table also keeps copies of it and of the city's own
// values and sister cities (migration 0010), so a list row is one row of one table.

/// How the city list is sorted (`outreach cities --sort`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum CitySort {
    /// City name, then state (the default).
    #[default]
    Name,
    /// State, then city name.
    State,
    /// The tie's status in [`RelationshipStatus::ORDER`] (the ones needing the most
    /// work first).
    Status,
    /// The response in [`CityResponse::ORDER`] (campaign order: none first, declined last).
    Response,
    /// The last call, longest ago first (never called comes first).
    LastCall,
    /// The next follow-up, earliest due first (cities without one come last).
    FollowUp,
}

impl std::str::FromStr for CitySort {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        choice(
            InputField::Sort,
            s,
            "name, state, status, response, last-call, follow-up",
        )
    }
}

/// Which cities the list shows and in what order. Every filter is optional; the window
/// (through `list_cities`) and `outreach cities` share it: this is the one implementation
/// of the list's filters and sorts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct CityQuery {
    pub status: Option<RelationshipStatus>,
    pub response: Option<CityResponse>,
    /// Two-letter state code (any case).
    pub state: Option<String>,
    pub last_call: Option<LastCallFilter>,
    pub follow_up: Option<FollowUpFilter>,
    pub sort: CitySort,
    /// Reverse the sort order.
    pub descending: bool,
}

/// Cities by when they were last called (a call not undone).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub enum LastCallFilter {
    #[serde(rename = "never")]
    Never,
    #[serde(rename = "last_7_days")]
    Last7Days,
    #[serde(rename = "not_7_days")]
    Not7Days,
    #[serde(rename = "not_30_days")]
    Not30Days,
}

impl std::str::FromStr for LastCallFilter {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        choice(
            InputField::LastCall,
            s,
            "never, last-7-days, not-7-days, not-30-days",
        )
    }
}

/// Cities by their open follow-ups.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum FollowUpFilter {
    /// One is due today or overdue.
    Due,
    /// Has one.
    Set,
    /// Has none.
    None,
}

impl std::str::FromStr for FollowUpFilter {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        choice(InputField::FollowUp, s, "due, set, none")
    }
}

/// The moments the time filters compare with, taken once per query.
struct Clock {
    today: String,
    days_7_ago: String,
    days_30_ago: String,
}

impl Clock {
    fn now() -> Clock {
        Clock {
            today: crate::time::today(),
            days_7_ago: crate::time::days_ago(7),
            days_30_ago: crate::time::days_ago(30),
        }
    }

    fn last_call(&self, filter: LastCallFilter, at: Option<&str>) -> bool {
        let within = |since: &str| at.is_some_and(|t| t > since);
        match filter {
            LastCallFilter::Never => at.is_none(),
            LastCallFilter::Last7Days => within(&self.days_7_ago),
            LastCallFilter::Not7Days => !within(&self.days_7_ago),
            LastCallFilter::Not30Days => !within(&self.days_30_ago),
        }
    }

    fn follow_up(&self, filter: FollowUpFilter, due: Option<&str>) -> bool {
        match filter {
            FollowUpFilter::Due => due.is_some_and(|d| d <= self.today.as_str()),
            FollowUpFilter::Set => due.is_some(),
            FollowUpFilter::None => due.is_none(),
        }
    }
}

/// Every target city, sorted by name then state.
pub fn list_cities(conn: &Connection) -> Result<Vec<CitySummary>> {
    Ok(ListRows::default()
        .read(conn)?
        .into_iter()
        .map(|(_, c)| c)
        .collect())
}

/// The cities a query selects, in its order: the same answer as [`select`] over the whole
/// list, reading only the rows the query's status, response and state can keep.
pub fn query_cities(conn: &Connection, query: &CityQuery) -> Result<Vec<CitySummary>> {
    let state = query_state(query)?;
    let rows = ListRows {
        state: state.as_deref(),
        status: query.status,
        response: query.response,
        ..ListRows::default()
    }
    .read(conn)?;
    let clock = Clock::now();
    let list: Vec<CitySummary> = rows
        .into_iter()
        .map(|(_, c)| c)
        .filter(|c| keeps(&clock, query, state.as_deref(), c))
        .collect();
    // Sort positions, not rows (a row is a dozen strings), then move each row once.
    let mut order: Vec<usize> = (0..list.len()).collect();
    sort_cities(&mut order, query.sort, |&i| &list[i]);
    if query.descending {
        order.reverse();
    }
    Ok(permuted(list, &order))
}

/// `list`'s items in the order of the positions in `order` (a permutation of them).
fn permuted<T>(list: Vec<T>, order: &[usize]) -> Vec<T> {
    let mut slots: Vec<Option<T>> = list.into_iter().map(Some).collect();
    order
        .iter()
        .map(|&i| {
            slots[i]
                .take()
                .expect("a permutation names each position once")
        })
        .collect()
}

/// The state code a query names, checked and upper-cased.
pub(crate) fn query_state(query: &CityQuery) -> Result<Option<String>> {
    match query.state.as_deref().map(str::trim) {
        Some(s) if s.len() == 2 && s.bytes().all(|b| b.is_ascii_alphabetic()) => {
            Ok(Some(s.to_ascii_uppercase()))
        }
        Some(s) => Err(Error::invalid_as(
            InputField::State,
            Problem::NotOneOf,
            format!("\"{s}\" is not a two-letter state code such as OR"),
        )),
        None => Ok(None),
    }
}

/// Whether a query keeps a city (`state`: the query's, checked and upper-cased): the one
/// definition of the list's filters.
fn keeps(clock: &Clock, query: &CityQuery, state: Option<&str>, c: &CitySummary) -> bool {
    state.is_none_or(|s| c.state == s)
        && query.status.is_none_or(|s| c.relationship_status == s)
        && query.response.is_none_or(|r| c.response == r)
        && query
            .last_call
            .is_none_or(|f| clock.last_call(f, c.last_call_at.as_deref()))
        && query
            .follow_up
            .is_none_or(|f| clock.follow_up(f, c.next_follow_up.as_deref()))
}

/// The cities of `list` (in name order) that a query selects, in its order.
pub(crate) fn select(
    list: &[CitySummary],
    query: &CityQuery,
    state: Option<&str>,
) -> Vec<CitySummary> {
    // Filter and sort references, then copy only what is returned, once.
    let clock = Clock::now();
    let mut picked: Vec<&CitySummary> = list
        .iter()
        .filter(|c| keeps(&clock, query, state, c))
        .collect();
    sort_cities(&mut picked, query.sort, |c| *c);
    if query.descending {
        picked.reverse();
    }
    picked.into_iter().cloned().collect()
}

/// Sorts a list (already in name order) by `key`; ties keep name order. `c` gives the
/// city an item stands for (the items may be references or positions).
pub fn sort_cities<'c, T>(list: &mut [T], key: CitySort, c: impl Fn(&T) -> &'c CitySummary) {
    match key {
        CitySort::Name => {}
        CitySort::State => list.sort_by(|a, b| c(a).state.cmp(&c(b).state)),
        CitySort::Status => list.sort_by_key(|x| c(x).relationship_status.rank()),
        CitySort::Response => list.sort_by_key(|x| c(x).response.rank()),
        CitySort::LastCall => list.sort_by(|a, b| c(a).last_call_at.cmp(&c(b).last_call_at)),
        CitySort::FollowUp => {
            list.sort_by(|a, b| match (&c(a).next_follow_up, &c(b).next_follow_up) {
                (Some(x), Some(y)) => x.cmp(y),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => std::cmp::Ordering::Equal,
            })
        }
    }
}

/// Rows in the list's name order: the name as SQLite's `NOCASE` compares it (ASCII
/// letters without their case, then bytes), then the state, then the id (which no two
/// cities share), so the order is the same however the rows were read.
fn in_name_order(rows: Vec<(String, CitySummary)>) -> Vec<(String, CitySummary)> {
    let folded: Vec<Vec<u8>> = rows
        .iter()
        .map(|(_, c)| c.city.to_ascii_lowercase().into_bytes())
        .collect();
    let mut order: Vec<usize> = (0..rows.len()).collect();
    order.sort_unstable_by(|&a, &b| {
        folded[a]
            .cmp(&folded[b])
            .then_with(|| rows[a].1.state.cmp(&rows[b].1.state))
            .then_with(|| rows[a].0.cmp(&rows[b].0))
    });
    permuted(rows, &order)
}

/// One city's summary row.
pub fn summary_of(conn: &Connection, city: &CityId) -> Result<CitySummary> {
    ListRows {
        city_id: Some(city.as_str()),
        ..ListRows::default()
    }
    .read(conn)?
    .pop()
    .map(|(_, c)| c)
    .ok_or_else(|| Error::UnknownCity {
        slug: city.to_string(),
    })
}

/// The summary rows with their cities' ids, in name order: of every city, or of the city
/// with `city_id`.
pub(crate) fn summary_rows(
    conn: &Connection,
    city_id: Option<&str>,
) -> Result<Vec<(String, CitySummary)>> {
    ListRows {
        city_id,
        ..ListRows::default()
    }
    .read(conn)
}

/// Which rows of the city list to read: every one by default; each value given narrows it.
#[derive(Default)]
struct ListRows<'a> {
    city_id: Option<&'a str>,
    state: Option<&'a str>,
    status: Option<RelationshipStatus>,
    response: Option<CityResponse>,
}

impl ListRows<'_> {
    /// The rows with their cities' ids, in name order (the name without ASCII case, as
    /// SQLite's NOCASE compares it, then state, then id).
    ///
    /// Every value of a row is kept in `city_summaries` (migrations 0006 and 0010: by triggers, in
    /// the same transaction as each write), so this reads one table, one row per city,
    /// however many calls, ties and follow-ups the store holds. Only cities with a tie are
    /// listed (a city without one has no status).
    fn read(&self, conn: &Connection) -> Result<Vec<(String, CitySummary)>> {
        // One pass over the table (a row per city), filtered and sorted here: through an
        // index, each row kept would cost a search of the table by its text id, and SQLite's
        // sorter compares names with NOCASE several times slower than `in_name_order`.
        let mut stmt = conn.prepare_cached(if self.city_id.is_some() {
            "SELECT city_id, slug, name, state, kind, latitude, longitude, sister_city, status,
                    response, last_call_at, next_follow_up
             FROM city_summaries WHERE city_id = ?1"
        } else {
            "SELECT city_id, slug, name, state, kind, latitude, longitude, sister_city, status,
                    response, last_call_at, next_follow_up
             FROM city_summaries"
        })?;
        let mut rows = match self.city_id {
            Some(id) => stmt.query([id])?,
            None => stmt.query([])?,
        };
        let mut out: Vec<(String, CitySummary)> = Vec::new();
        while let Some(row) = rows.next()? {
            // A city without a tie has no status and is not listed.
            let Some(status) = row.get::<_, Option<RelationshipStatus>>(8)? else {
                continue;
            };
            let response = row.get::<_, Option<CityResponse>>(9)?.unwrap_or_default();
            if self.status.is_some_and(|s| s != status)
                || self.response.is_some_and(|r| r != response)
                || self
                    .state
                    .is_some_and(|s| row.get_ref(3).ok().and_then(|v| v.as_str().ok()) != Some(s))
            {
                continue;
            }
            let summary = CitySummary {
                slug: row.get(1)?,
                city: row.get(2)?,
                state: row.get(3)?,
                kind: row.get(4)?,
                latitude: row.get(5)?,
                longitude: row.get(6)?,
                sister_city: row.get::<_, Option<String>>(7)?.unwrap_or_default(),
                relationship_status: status,
                response,
                last_call_at: row.get(10)?,
                next_follow_up: row.get(11)?,
                teammate_call: None,
            };
            out.push((row.get(0)?, summary));
        }
        let mut out = in_name_order(out);
        // A teammate's latest call: per city when one is asked for, else one pass over them.
        if let [(id, city)] = out.as_mut_slice() {
            city.teammate_call = teammates::latest_call(conn, id)?;
        } else if !out.is_empty() {
            let mut calls = teammates::latest_calls(conn, None)?;
            if !calls.is_empty() {
                for (id, city) in &mut out {
                    city.teammate_call = calls.remove(id.as_str());
                }
            }
        }
        Ok(out)
    }
}
