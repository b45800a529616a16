//! Target cities: the list (one row per US target) and one city in full, with its ties'
//! dated, sourced history and its contacts.

use std::cell::OnceCell;

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

/// The moments the time filters compare with, each taken once per query when a filter
/// first needs it (a list without a time filter does not ask the clock or the time zone).
#[derive(Default)]
struct Clock {
    today: OnceCell<String>,
    days_7_ago: OnceCell<String>,
    days_30_ago: OnceCell<String>,
}

impl Clock {
    fn last_call(&self, filter: LastCallFilter, at: Option<&str>) -> bool {
        let within = |since: &OnceCell<String>, days| {
            at.is_some_and(|t| t > since.get_or_init(|| crate::time::days_ago(days)).as_str())
        };
        match filter {
            LastCallFilter::Never => at.is_none(),
            LastCallFilter::Last7Days => within(&self.days_7_ago, 7),
            LastCallFilter::Not7Days => !within(&self.days_7_ago, 7),
            LastCallFilter::Not30Days => !within(&self.days_30_ago, 30),
        }
    }

    fn follow_up(&self, filter: FollowUpFilter, due: Option<&str>) -> bool {
        match filter {
            FollowUpFilter::Due => {
                due.is_some_and(|d| d <= self.today.get_or_init(crate::time::today).as_str())
            }
            FollowUpFilter::Set => due.is_some(),
            FollowUpFilter::None => due.is_none(),
        }
    }
}

/// What the list's filters and sorts read of a row (values borrowed for `'a`): the rows
/// of the window's in-memory list ([`CitySummary`]) and the rows read for one query
/// ([`CityRows`]) both answer it, so [`keeps`] and [`sort_cities`] are the one definition
/// of the filters and sorts.
trait Listed<'a> {
    fn state(&self) -> &'a str;
    fn status(&self) -> RelationshipStatus;
    fn response(&self) -> CityResponse;
    fn last_call_at(&self) -> Option<&'a str>;
    fn next_follow_up(&self) -> Option<&'a str>;
}

impl<'a> Listed<'a> for &'a CitySummary {
    fn state(&self) -> &'a str {
        &self.state
    }
    fn status(&self) -> RelationshipStatus {
        self.relationship_status
    }
    fn response(&self) -> CityResponse {
        self.response
    }
    fn last_call_at(&self) -> Option<&'a str> {
        self.last_call_at.as_deref()
    }
    fn next_follow_up(&self) -> Option<&'a str> {
        self.next_follow_up.as_deref()
    }
}

/// Every target city, sorted by name then state.
pub fn list_cities(conn: &Connection) -> Result<Vec<CitySummary>> {
    Ok(ListRows::default().read(conn)?.to_summaries())
}

/// The cities a query selects, in its order: the same answer as [`select`] over the whole
/// list, reading only the rows the query's status, response and state can keep.
pub fn query_cities(conn: &Connection, query: &CityQuery) -> Result<Vec<CitySummary>> {
    Ok(query_rows(conn, query)?.to_summaries())
}

/// [`query_cities`] without a `String` per value: the rows the query selects, in its
/// order, held in one buffer ([`CityRows`]), which writes the same JSON as the list of
/// [`CitySummary`] would. For a fresh process that prints the list (`outreach cities`).
pub fn query_rows(conn: &Connection, query: &CityQuery) -> Result<CityRows> {
    let state = query_state(query)?;
    let mut rows = ListRows {
        state: state.as_deref(),
        status: query.status,
        response: query.response,
        ..ListRows::default()
    }
    .read(conn)?;
    let clock = Clock::default();
    let mut order = std::mem::take(&mut rows.order);
    order.retain(|&i| keeps(&clock, query, state.as_deref(), &rows.at(i)));
    sort_cities(&mut order, query.sort, |&i| rows.at(i));
    if query.descending {
        order.reverse();
    }
    rows.order = order;
    Ok(rows)
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
fn keeps<'a>(clock: &Clock, query: &CityQuery, state: Option<&str>, c: &impl Listed<'a>) -> bool {
    state.is_none_or(|s| c.state() == s)
        && query.status.is_none_or(|s| c.status() == s)
        && query.response.is_none_or(|r| c.response() == r)
        && query
            .last_call
            .is_none_or(|f| clock.last_call(f, c.last_call_at()))
        && query
            .follow_up
            .is_none_or(|f| clock.follow_up(f, c.next_follow_up()))
}

/// The cities of `list` (in name order) that a query selects, in its order.
pub(crate) fn select(
    list: &[CitySummary],
    query: &CityQuery,
    state: Option<&str>,
) -> Vec<CitySummary> {
    // Filter and sort references, then copy only what is returned, once.
    let clock = Clock::default();
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
fn sort_cities<'a, T, C: Listed<'a>>(list: &mut [T], key: CitySort, c: impl Fn(&T) -> C) {
    // Each item's key is taken once (a stable sort of the keys with their positions), not
    // twice per comparison.
    match key {
        CitySort::Name => {}
        CitySort::State => list.sort_by_cached_key(|x| c(x).state()),
        CitySort::Status => list.sort_by_cached_key(|x| c(x).status().rank()),
        CitySort::Response => list.sort_by_cached_key(|x| c(x).response().rank()),
        CitySort::LastCall => list.sort_by_cached_key(|x| c(x).last_call_at()),
        // The earliest due first; cities without one last.
        CitySort::FollowUp => list.sort_by_cached_key(|x| {
            let due = c(x).next_follow_up();
            (due.is_none(), due)
        }),
    }
}

/// One city's summary row.
pub fn summary_of(conn: &Connection, city: &CityId) -> Result<CitySummary> {
    ListRows {
        city_id: Some(city.as_str()),
        ..ListRows::default()
    }
    .read(conn)?
    .iter()
    .next()
    .map(|c| c.to_summary())
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
    let rows = ListRows {
        city_id,
        ..ListRows::default()
    }
    .read(conn)?;
    Ok(rows
        .order
        .iter()
        .map(|&i| (rows.id(i).to_owned(), rows.get(i).to_summary()))
        .collect())
}

/// A row of the city list borrowed from [`CityRows`]: a [`CitySummary`] without a
/// `String` of its own per value. It is written as JSON exactly as [`CitySummary`] is (the
/// same fields, in the same order, of the same types: `core/tests/summaries.rs` holds the
/// two equal for every query).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct CityRow<'a> {
    pub slug: &'a str,
    pub city: &'a str,
    pub state: &'a str,
    pub kind: JurisdictionKind,
    pub sister_city: &'a str,
    pub relationship_status: RelationshipStatus,
    pub response: CityResponse,
    pub last_call_at: Option<&'a str>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub next_follow_up: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub teammate_call: Option<&'a TeammateCall>,
}

impl CityRow<'_> {
    /// The row with values of its own.
    pub fn to_summary(&self) -> CitySummary {
        CitySummary {
            slug: self.slug.to_owned(),
            city: self.city.to_owned(),
            state: self.state.to_owned(),
            kind: self.kind,
            sister_city: self.sister_city.to_owned(),
            relationship_status: self.relationship_status,
            response: self.response,
            last_call_at: self.last_call_at.map(str::to_owned),
            latitude: self.latitude,
            longitude: self.longitude,
            next_follow_up: self.next_follow_up.map(str::to_owned),
            teammate_call: self.teammate_call.cloned(),
        }
    }
}

/// Where a value lies in [`CityRows`]'s text.
#[derive(Debug, Clone, Copy)]
struct Span {
    start: u32,
    end: u32,
}

/// One row's values: its text as spans of [`CityRows::text`].
#[derive(Debug)]
struct Stored {
    id: Span,
    slug: Span,
    city: Span,
    /// The name with its ASCII letters in lower case: what the name order compares.
    folded_name: Span,
    state: Span,
    sister_city: Span,
    last_call_at: Option<Span>,
    next_follow_up: Option<Span>,
    latitude: Option<f64>,
    longitude: Option<f64>,
    /// Its position in [`CityRows::teammate_calls`].
    teammate_call: Option<u32>,
    kind: JurisdictionKind,
    status: RelationshipStatus,
    response: CityResponse,
}

/// Rows of the city list in one buffer: every text value back to back in one `String`
/// (a dozen `String`s per row cost more in allocating and freeing them than in reading
/// them), and the rows' positions in the list's order. [`CityRows::iter`] lends each row
/// as a [`CityRow`]; as JSON it is the list of [`CitySummary`] it stands for.
#[derive(Debug, Default)]
pub struct CityRows {
    text: String,
    rows: Vec<Stored>,
    teammate_calls: Vec<TeammateCall>,
    /// The rows in the list's order (positions in `rows`).
    order: Vec<u32>,
}

impl CityRows {
    /// How many rows the list has.
    pub fn len(&self) -> usize {
        self.order.len()
    }

    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }

    /// The rows, in the list's order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = CityRow<'_>> + '_ {
        self.order.iter().map(|&i| self.get(i))
    }

    /// The rows with values of their own, in the list's order.
    pub fn to_summaries(&self) -> Vec<CitySummary> {
        self.iter().map(|c| c.to_summary()).collect()
    }

    fn text(&self, span: Span) -> &str {
        &self.text[span.start as usize..span.end as usize]
    }

    fn id(&self, i: u32) -> &str {
        self.text(self.rows[i as usize].id)
    }

    fn get(&self, i: u32) -> CityRow<'_> {
        let r = &self.rows[i as usize];
        CityRow {
            slug: self.text(r.slug),
            city: self.text(r.city),
            state: self.text(r.state),
            kind: r.kind,
            sister_city: self.text(r.sister_city),
            relationship_status: r.status,
            response: r.response,
            last_call_at: r.last_call_at.map(|s| self.text(s)),
            latitude: r.latitude,
            longitude: r.longitude,
            next_follow_up: r.next_follow_up.map(|s| self.text(s)),
            teammate_call: r.teammate_call.map(|t| &self.teammate_calls[t as usize]),
        }
    }

    /// The row at position `i` of `rows`, as the filters and sorts read it.
    fn at(&self, i: u32) -> At<'_> {
        At {
            rows: self,
            row: &self.rows[i as usize],
        }
    }

    /// Adds `value` to the text.
    fn put(&mut self, value: &str) -> Span {
        let start = self.text.len();
        self.text.push_str(value);
        Span {
            start: u32::try_from(start).expect("the list's text is under 4 GiB"),
            end: u32::try_from(self.text.len()).expect("the list's text is under 4 GiB"),
        }
    }

    /// Adds `value` to the text with its ASCII letters in lower case.
    fn put_folded(&mut self, value: &str) -> Span {
        let span = self.put(value);
        self.text[span.start as usize..].make_ascii_lowercase();
        span
    }
}

impl Serialize for CityRows {
    fn serialize<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

/// A row of [`CityRows`] as the filters and sorts read it.
struct At<'a> {
    rows: &'a CityRows,
    row: &'a Stored,
}

impl<'a> Listed<'a> for At<'a> {
    fn state(&self) -> &'a str {
        self.rows.text(self.row.state)
    }
    fn status(&self) -> RelationshipStatus {
        self.row.status
    }
    fn response(&self) -> CityResponse {
        self.row.response
    }
    fn last_call_at(&self) -> Option<&'a str> {
        self.row.last_call_at.map(|s| self.rows.text(s))
    }
    fn next_follow_up(&self) -> Option<&'a str> {
        self.row.next_follow_up.map(|s| self.rows.text(s))
    }
}

/// The rows' positions in the list's name order: the name as SQLite's `NOCASE` compares
/// it (ASCII letters without their case, then bytes), then the state, then the id (which
/// no two cities share), so the order is the same however the rows were read.
fn in_name_order(rows: &CityRows) -> Vec<u32> {
    let mut keyed: Vec<(&str, u32)> = (0..rows.rows.len())
        .map(|i| (rows.text(rows.rows[i].folded_name), i as u32))
        .collect();
    keyed.sort_unstable_by(|&(a, i), &(b, j)| {
        a.cmp(b).then_with(|| {
            let (x, y) = (&rows.rows[i as usize], &rows.rows[j as usize]);
            (rows.text(x.state), rows.text(x.id)).cmp(&(rows.text(y.state), rows.text(y.id)))
        })
    });
    keyed.into_iter().map(|(_, i)| i).collect()
}

/// Which rows of the city list to read: every one by default; each value given narrows it.
#[derive(Default)]
struct ListRows<'a> {
    city_id: Option<&'a str>,
    state: Option<&'a str>,
    status: Option<RelationshipStatus>,
    response: Option<CityResponse>,
}

/// A text column's value, or `None` for NULL (an error for any other type, as
/// `Row::get::<Option<String>>` gives).
fn text_at<'r>(row: &'r rusqlite::Row<'_>, i: usize) -> Result<Option<&'r str>> {
    let value = row.get_ref(i)?;
    value.as_str_or_null().map_err(|e| {
        let name = row.as_ref().column_name(i).unwrap_or("?").to_owned();
        match e {
            rusqlite::types::FromSqlError::InvalidType => {
                rusqlite::Error::InvalidColumnType(i, name, value.data_type())
            }
            other => {
                rusqlite::Error::FromSqlConversionFailure(i, value.data_type(), Box::new(other))
            }
        }
        .into()
    })
}

/// A text column's value that may not be NULL.
fn text_not_null<'r>(row: &'r rusqlite::Row<'_>, i: usize) -> Result<&'r str> {
    text_at(row, i)?.ok_or_else(|| {
        let name = row.as_ref().column_name(i).unwrap_or("?").to_owned();
        rusqlite::Error::InvalidColumnType(i, name, rusqlite::types::Type::Null).into()
    })
}

impl ListRows<'_> {
    /// The rows, in name order (the name without ASCII case, as SQLite's NOCASE compares
    /// it, then state, then id).
    ///
    /// Every value of a row is kept in `city_summaries` (migrations 0006 and 0010: by triggers, in
    /// the same transaction as each write), so this reads one table, one row per city,
    /// however many calls, ties and follow-ups the store holds. Only cities with a tie are
    /// listed (a city without one has no status).
    fn read(&self, conn: &Connection) -> Result<CityRows> {
        // One pass over the table (a row per city), filtered and sorted here: through an
        // index, each row kept would cost a search of the table by its text id, and SQLite's
        // sorter compares names with NOCASE several times slower than `in_name_order`.
        // The rows the query's status, response and state cannot keep are left out by
        // SQLite before it reads their other values (`+`: no index, one pass).
        let mut stmt = conn.prepare_cached(if self.city_id.is_some() {
            "SELECT city_id, slug, name, state, kind, latitude, longitude, sister_city, status,
                    response, last_call_at, next_follow_up
             FROM city_summaries WHERE city_id = ?1"
        } else {
            "SELECT city_id, slug, name, state, kind, latitude, longitude, sister_city, status,
                    response, last_call_at, next_follow_up
             FROM city_summaries
             WHERE +status IS NOT NULL AND (?1 IS NULL OR +status = ?1)
               AND (?2 IS NULL OR coalesce(response, 'none') = ?2)
               AND (?3 IS NULL OR +state = ?3)"
        })?;
        let mut rows = match self.city_id {
            Some(id) => stmt.query([id])?,
            None => stmt.query(rusqlite::params![
                self.status.map(RelationshipStatus::as_str),
                self.response.map(CityResponse::as_str),
                self.state,
            ])?,
        };
        let mut out = CityRows::default();
        while let Some(row) = rows.next()? {
            // A city without a tie has no status and is not listed.
            let Some(status) = row.get::<_, Option<RelationshipStatus>>(8)? else {
                continue;
            };
            let response = row.get::<_, Option<CityResponse>>(9)?.unwrap_or_default();
            let name = text_not_null(row, 2)?;
            let stored = Stored {
                id: out.put(text_not_null(row, 0)?),
                slug: out.put(text_not_null(row, 1)?),
                city: out.put(name),
                folded_name: out.put_folded(name),
                state: out.put(text_not_null(row, 3)?),
                kind: row.get(4)?,
                latitude: row.get(5)?,
                longitude: row.get(6)?,
                sister_city: out.put(text_at(row, 7)?.unwrap_or_default()),
                status,
                response,
                last_call_at: text_at(row, 10)?.map(|v| out.put(v)),
                next_follow_up: text_at(row, 11)?.map(|v| out.put(v)),
                teammate_call: None,
            };
            out.rows.push(stored);
        }
        out.order = in_name_order(&out);
        // A teammate's latest call: per city when one is asked for, else one pass over them.
        if let [only] = out.order.as_slice() {
            let only = *only as usize;
            if let Some(call) = teammates::latest_call(conn, out.text(out.rows[only].id))? {
                out.teammate_calls.push(call);
                out.rows[only].teammate_call = Some(0);
            }
        } else if !out.order.is_empty() {
            let mut calls = teammates::latest_calls(conn, None)?;
            if !calls.is_empty() {
                for i in 0..out.rows.len() {
                    let id = out.text(out.rows[i].id);
                    if let Some(call) = calls.remove(id) {
                        let at =
                            u32::try_from(out.teammate_calls.len()).expect("fewer calls than rows");
                        out.teammate_calls.push(call);
                        out.rows[i].teammate_call = Some(at);
                    }
                }
            }
        }
        Ok(out)
    }
}
