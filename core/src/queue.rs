//! "Call next": the queue of cities a volunteer should call now, in one order defined here.
//!
//! The order (each group in turn; within a group, as noted):
//!
//! 1. **Follow-ups due** today or overdue, earliest due first. A due follow-up is the
//!    volunteer's own instruction, so it brings back a city called in the last days and a
//!    severed tie (the thank-you call).
//! 2. **Active ties never called**, by name.
//! 3. **Unknown ties**: the call finds out the status. Never called first, then called
//!    longest ago.
//! 4. **Suspended ties**: ask to make it final. Never called first, then called longest ago.
//! 5. **Active ties called longest ago**.
//!
//! Left out: cities called by anyone in the last [`DEFAULT_RECENT_DAYS`] days (setting
//! `queue.recent_days`), cities a teammate called in the last
//! [`crate::teammates::TEAMMATE_WINDOW_HOURS`] hours (team sync; even with a follow-up
//! due), cities whose response is `committed` or `declined`, severed ties (unless a
//! follow-up is due), and cities a volunteer skipped until a later day.
//! A city's status is that of its tie needing the most work (as in the city list).
//! A city with no phone number for any contact comes after every city that has one, in
//! the same order, with the task "find the number".
//!
//! Skipping ([`skip_city`]) records the reason and moves past the city for the rest of the
//! day (it is back tomorrow); a skip survives a restart and is never logged as a call.
//!
//! Speed: one row per city of `city_summaries` (each city's status, response, latest call
//! and sister cities, kept by triggers) and the open follow-ups due, the skips and the
//! cities with a phone from their indexes, so a cold process builds the queue of the
//! 20,000-city store without reading its calls.

use std::collections::{HashMap, HashSet};

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use ts_rs::TS;

use crate::checks;
use crate::error::{Error, Result};
use crate::fields::InputField;
use crate::ids::resolve_city;
use crate::settings;
use crate::time::now;
use crate::vocab::{CityResponse, RelationshipStatus};

/// The setting holding how many days a call keeps a city out of the queue.
pub const RECENT_DAYS_KEY: &str = "queue.recent_days";
pub const DEFAULT_RECENT_DAYS: u32 = 3;

/// Why a city is in the queue where it is (the UI words it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum QueueReason {
    /// A follow-up is due today (see `due_date`).
    FollowUpDue,
    /// A follow-up is overdue (see `due_date`).
    FollowUpOverdue,
    /// The tie is active and nobody has called yet.
    NeverCalled,
    /// Nobody knows the tie's status: the call finds out.
    StatusUnknown,
    /// The tie is suspended: ask to make it final.
    MakeFinal,
    /// The tie is active; the last call was the longest ago (see `last_call_at`).
    CalledLongestAgo,
}

impl QueueReason {
    /// The reason in one line, for the command line.
    pub fn describe(self, entry: &QueueEntry) -> String {
        let last = entry
            .last_call_at
            .as_deref()
            .map(|t| format!("last called {}", &t[..10.min(t.len())]))
            .unwrap_or_else(|| "never called".into());
        match self {
            QueueReason::FollowUpDue => "a follow-up is due today".into(),
            QueueReason::FollowUpOverdue => format!(
                "a follow-up was due {}",
                entry.due_date.as_deref().unwrap_or("earlier")
            ),
            QueueReason::NeverCalled => "active tie, never called".into(),
            QueueReason::StatusUnknown => format!("status unknown: ask what it is ({last})"),
            QueueReason::MakeFinal => format!("suspended: ask to make it final ({last})"),
            QueueReason::CalledLongestAgo => format!("active tie, {last}"),
        }
    }
}

/// What the volunteer does with the city.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum QueueTask {
    /// Call the contact's phone.
    Call,
    /// No contact has a phone number: find it first.
    FindNumber,
}

/// One city in the queue.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct QueueEntry {
    pub slug: String,
    pub city: String,
    pub state: String,
    pub sister_city: String,
    pub status: RelationshipStatus,
    pub reason: QueueReason,
    pub task: QueueTask,
    /// The contact to call (null when the city has none with a phone).
    pub contact_id: Option<String>,
    pub contact_name: Option<String>,
    pub contact_role: Option<String>,
    pub phone: Option<String>,
    /// The due date of the follow-up, for the follow-up reasons.
    pub due_date: Option<String>,
    /// When the city was last called (RFC 3339), or null.
    pub last_call_at: Option<String>,
}

/// The queue: its first entries and how many cities it holds in all.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct CallQueue {
    pub entries: Vec<QueueEntry>,
    /// Cities to call now (with a phone number).
    pub to_call: u32,
    /// Cities in the queue whose number must be found first.
    pub find_number: u32,
    /// How many days a call keeps a city out of the queue.
    pub recent_days: u32,
}

/// The days a call keeps a city out of the queue (setting `queue.recent_days`).
pub fn recent_days(conn: &Connection) -> Result<u32> {
    Ok(settings::get(conn, RECENT_DAYS_KEY)?
        .and_then(|v| v.trim().parse().ok())
        .filter(|&d: &u32| crate::checks::RECENT_DAYS.admits(d))
        .unwrap_or(DEFAULT_RECENT_DAYS))
}

/// Sets how many days a call keeps a city out of the queue (0 to 365).
pub fn set_recent_days(conn: &Connection, days: u32) -> Result<()> {
    crate::checks::RECENT_DAYS.check(days)?;
    settings::set(conn, RECENT_DAYS_KEY, &days.to_string())
}

struct Candidate {
    id: String,
    slug: String,
    city: String,
    /// The name in lower case, for the order.
    folded: String,
    state: String,
    status: RelationshipStatus,
    sister_city: String,
    reason: QueueReason,
    due_date: Option<String>,
    last_call_at: Option<String>,
    has_phone: bool,
}

/// The queue on `today` (`YYYY-MM-DD`, the volunteer's day), measured against the clock
/// time `now` (RFC 3339) for "called in the last days"; at most `limit` entries (all when
/// `None`).
pub fn call_queue_at(
    conn: &Connection,
    today: &str,
    now: &str,
    limit: Option<usize>,
) -> Result<CallQueue> {
    checks::date(InputField::Today, today)?;
    let days = recent_days(conn)?;
    let cutoff = match now.parse::<jiff::Timestamp>() {
        Ok(t) => (t - jiff::SignedDuration::from_hours(24 * i64::from(days)))
            .strftime("%Y-%m-%dT%H:%M:%S%.3fZ")
            .to_string(),
        Err(_) => {
            return Err(Error::invalid(
                InputField::Now,
                format!("\"{now}\" is not a time"),
            ))
        }
    };

    let due: HashMap<String, String> = {
        let mut stmt = conn.prepare_cached(
            "SELECT city_id, min(due_date) FROM follow_ups INDEXED BY follow_ups_open
             WHERE closed_at IS NULL AND due_date <= ?1 GROUP BY city_id",
        )?;
        let rows = stmt.query_map([today], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let skipped: HashSet<String> = {
        let mut stmt = conn.prepare_cached(
            "SELECT city_id FROM queue_skips INDEXED BY queue_skips_until WHERE until_date > ?1",
        )?;
        let rows = stmt.query_map([today], |r| r.get(0))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    // Cities a teammate called in the last hours (team sync): out even with a follow-up
    // due, whatever `queue.recent_days` says, so two volunteers do not call one office.
    let teammate_called = crate::teammates::recently_called(conn, now)?;
    let phones: HashSet<String> = {
        let mut stmt = conn.prepare_cached(
            "SELECT DISTINCT city_id FROM contacts INDEXED BY contacts_phone_city
             WHERE deleted_at IS NULL AND phone IS NOT NULL AND trim(phone) <> ''",
        )?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        rows.collect::<rusqlite::Result<_>>()?
    };

    let mut picked: Vec<Candidate> = Vec::new();
    {
        // Each listed city's row as the store keeps it (`city_summaries`): its status (its
        // tie needing the most work), latest response, latest call and sister cities.
        let mut stmt = conn.prepare_cached(
            "SELECT city_id, slug, name, state, status, response, last_call_at, sister_city
             FROM city_summaries WHERE status IS NOT NULL",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let id: String = row.get(0)?;
            if skipped.contains(&id) || teammate_called.contains_key(&id) {
                continue;
            }
            let response: Option<CityResponse> = row.get(5)?;
            if matches!(
                response,
                Some(CityResponse::Committed | CityResponse::Declined)
            ) {
                continue;
            }
            let s: RelationshipStatus = row.get(4)?;
            let last: Option<String> = row.get(6)?;
            let due_date = due.get(&id);
            let reason = if let Some(d) = due_date {
                if d.as_str() < today {
                    QueueReason::FollowUpOverdue
                } else {
                    QueueReason::FollowUpDue
                }
            } else {
                if last.as_deref().is_some_and(|t| t >= cutoff.as_str()) {
                    continue;
                }
                match (s, &last) {
                    (RelationshipStatus::Active, None) => QueueReason::NeverCalled,
                    (RelationshipStatus::Unknown, _) => QueueReason::StatusUnknown,
                    (RelationshipStatus::Suspended, _) => QueueReason::MakeFinal,
                    (RelationshipStatus::Active, Some(_)) => QueueReason::CalledLongestAgo,
                    (RelationshipStatus::Severed, _) => continue,
                }
            };
            let city: String = row.get(2)?;
            picked.push(Candidate {
                has_phone: phones.contains(&id),
                slug: row.get(1)?,
                folded: city.to_lowercase(),
                city,
                state: row.get(3)?,
                status: s,
                sister_city: row.get::<_, Option<String>>(7)?.unwrap_or_default(),
                reason,
                due_date: due_date.cloned(),
                last_call_at: last,
                id,
            });
        }
    }
    // Follow-ups by due date; the rest never called first, then by last call; then name.
    let group = |r: QueueReason| match r {
        QueueReason::FollowUpDue | QueueReason::FollowUpOverdue => 0,
        QueueReason::NeverCalled => 1,
        QueueReason::StatusUnknown => 2,
        QueueReason::MakeFinal => 3,
        QueueReason::CalledLongestAgo => 4,
    };
    picked.sort_by(|a, b| {
        (!a.has_phone)
            .cmp(&!b.has_phone)
            .then(group(a.reason).cmp(&group(b.reason)))
            .then(a.due_date.cmp(&b.due_date))
            .then_with(|| match group(a.reason) {
                // Follow-ups: by due date, then name; the rest: never called, then
                // called longest ago.
                0 => std::cmp::Ordering::Equal,
                _ => a.last_call_at.cmp(&b.last_call_at),
            })
            .then_with(|| a.folded.cmp(&b.folded))
            .then(a.state.cmp(&b.state))
    });
    let to_call = picked.iter().filter(|c| c.has_phone).count() as u32;
    let find_number = picked.len() as u32 - to_call;
    let take = limit.unwrap_or(usize::MAX);
    let mut entries = Vec::new();
    for c in picked.into_iter().take(take) {
        let contact = if c.has_phone {
            contact_to_call(conn, &c.id, today)?
        } else {
            None
        };
        let (contact_id, contact_name, contact_role, phone) = match contact {
            Some(k) => (Some(k.0), Some(k.1), Some(k.2), Some(k.3)),
            None => (None, None, None, None),
        };
        entries.push(QueueEntry {
            slug: c.slug,
            city: c.city,
            state: c.state,
            sister_city: c.sister_city,
            status: c.status,
            reason: c.reason,
            task: if phone.is_some() {
                QueueTask::Call
            } else {
                QueueTask::FindNumber
            },
            contact_id,
            contact_name,
            contact_role,
            phone,
            due_date: c.due_date,
            last_call_at: c.last_call_at,
        });
    }
    Ok(CallQueue {
        entries,
        to_call,
        find_number,
        recent_days: days,
    })
}

/// The queue now, on this machine's day.
pub fn call_queue(conn: &Connection, limit: Option<usize>) -> Result<CallQueue> {
    call_queue_at(conn, &crate::time::today(), &now(), limit)
}

/// The contact to call at a city: one with a phone, current before stale, the mayor's
/// office or the mayor before other roles, then by name. (id, name, role, phone)
fn contact_to_call(
    conn: &Connection,
    city_id: &str,
    today: &str,
) -> Result<Option<(String, String, String, String)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, name, role, phone, last_verified, term_end FROM contacts
         WHERE city_id = ?1 AND deleted_at IS NULL AND phone IS NOT NULL AND trim(phone) <> ''
         ORDER BY lower(role) LIKE '%mayor%' DESC, name COLLATE NOCASE, id",
    )?;
    let mut rows = stmt.query([city_id])?;
    let mut first_stale = None;
    while let Some(row) = rows.next()? {
        let found = (row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?);
        let lv: Option<String> = row.get(4)?;
        let te: Option<String> = row.get(5)?;
        if !crate::contacts::is_stale(lv.as_deref(), te.as_deref(), today) {
            return Ok(Some(found));
        }
        first_stale.get_or_insert(found);
    }
    Ok(first_stale)
}

/// Skips a city in the queue for the rest of `today` (it is back the next day), with the
/// volunteer's reason. Not a call: nothing is logged to the city.
pub fn skip_city_on(conn: &Connection, slug: &str, reason: &str, today: &str) -> Result<String> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(Error::invalid(
            InputField::Reason,
            "say why you skip the city (e.g. \"office closed today\")",
        ));
    }
    if reason.chars().count() > 500 {
        return Err(Error::invalid(
            InputField::Reason,
            "longer than 500 characters",
        ));
    }
    checks::date(InputField::Today, today)?;
    let city_id = resolve_city(conn, slug)?;
    let until = today
        .parse::<jiff::civil::Date>()
        .map_err(|e| Error::invalid(InputField::Today, e.to_string()))?
        .tomorrow()
        .map_err(|e| Error::invalid(InputField::Today, e.to_string()))?
        .to_string();
    let volunteer = crate::volunteer::name(conn)?;
    conn.execute(
        "INSERT INTO queue_skips (id, city_id, reason, until_date, volunteer, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            crate::ids::new_row_id(),
            city_id,
            reason,
            until,
            volunteer,
            now()
        ],
    )?;
    Ok(until)
}

/// Skips a city for the rest of this machine's day; returns the day it comes back.
pub fn skip_city(conn: &Connection, slug: &str, reason: &str) -> Result<String> {
    skip_city_on(conn, slug, reason, &crate::time::today())
}

/// The reason a city was last skipped and the day it comes back, if it is skipped on `today`.
pub fn skipped_until(
    conn: &Connection,
    slug: &str,
    today: &str,
) -> Result<Option<(String, String)>> {
    let city_id = resolve_city(conn, slug)?;
    Ok(conn
        .query_row(
            "SELECT reason, until_date FROM queue_skips WHERE city_id = ?1 AND until_date > ?2
             ORDER BY created_at DESC LIMIT 1",
            [city_id.as_str(), today],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?)
}
