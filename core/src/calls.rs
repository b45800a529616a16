//! Calls and e-mails to a city's office: logged in one transaction (the call, the city's
//! open follow-ups closed by it, the new follow-up it sets), undone by marking them
//! (`undone_at`; the row stays so a merge cannot bring it back), listed newest first.

use std::collections::HashMap;

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::checks;
use crate::error::{Error, Result};
use crate::fields::{InputField, Problem};
use crate::ids::resolve_city;
use crate::rows::{CallRow, FollowUpRow};
use crate::time::{now, today};
use crate::vocab::{CallOutcome, Channel};

/// One logged call or e-mail.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Call {
    pub id: String,
    pub city_slug: String,
    pub contact_id: Option<String>,
    /// The contact's name as it is now (also when the contact was removed since).
    pub contact_name: Option<String>,
    pub channel: Channel,
    pub outcome: CallOutcome,
    pub notes: String,
    pub volunteer: String,
    /// RFC 3339 UTC.
    pub called_at: String,
    /// The due date of the follow-up this call set, if any.
    pub follow_up: Option<String>,
}

/// A call as a volunteer logs it.
#[derive(Debug, Clone, PartialEq, Deserialize, TS)]
#[ts(export)]
pub struct CallInput {
    pub slug: String,
    pub outcome: CallOutcome,
    /// `phone` when not given.
    #[serde(default = "default_channel")]
    pub channel: Channel,
    #[serde(default)]
    pub contact_id: Option<String>,
    #[serde(default)]
    pub notes: String,
    /// `YYYY-MM-DD`, today or later: when to call again.
    #[serde(default)]
    pub follow_up: Option<String>,
    /// Who called; by default the setting `volunteer.name`.
    #[serde(default)]
    pub volunteer: Option<String>,
}

fn default_channel() -> Channel {
    Channel::Phone
}

impl CallInput {
    pub fn new(slug: &str, outcome: CallOutcome) -> CallInput {
        CallInput {
            slug: slug.to_string(),
            outcome,
            channel: Channel::Phone,
            contact_id: None,
            notes: String::new(),
            follow_up: None,
            volunteer: None,
        }
    }
}

/// What [`log_call`] checked and will write.
struct Checked {
    city_id: String,
    contact_id: Option<String>,
    follow_up: Option<String>,
    volunteer: String,
    notes: String,
}

/// Checks every field before anything is written.
fn check(conn: &Connection, input: &CallInput) -> Result<Checked> {
    let city_id = resolve_city(conn, &input.slug)?;
    let contact_id = match checks::given(&input.contact_id) {
        Some(id) => {
            let of_city: Option<String> = conn
                .query_row(
                    "SELECT city_id FROM contacts WHERE id = ?1 AND deleted_at IS NULL",
                    [id],
                    |r| r.get(0),
                )
                .optional()?;
            match of_city {
                None => return Err(Error::UnknownContact { id: id.to_string() }),
                Some(c) if c != city_id.as_str() => {
                    return Err(Error::invalid_as(
                        InputField::Contact,
                        Problem::Unknown,
                        format!("contact \"{id}\" is not a contact of {}", input.slug),
                    ))
                }
                Some(_) => Some(id.to_string()),
            }
        }
        None => None,
    };
    let follow_up = match checks::given(&input.follow_up) {
        Some(d) => {
            checks::date(InputField::FollowUp, d)?;
            let today = today();
            if d < today.as_str() {
                return Err(Error::invalid_as(
                    InputField::FollowUp,
                    Problem::InThePast,
                    format!("\"{d}\" is in the past (today is {today})"),
                ));
            }
            Some(d.to_string())
        }
        None => None,
    };
    let volunteer = match checks::given(&input.volunteer) {
        Some(v) => v.to_string(),
        None => crate::volunteer::name(conn)?.unwrap_or_default(),
    };
    let notes = input.notes.trim().to_string();
    checks::text(InputField::Notes, &notes, checks::TEXT_MAX)?;
    checks::text(InputField::VolunteerName, &volunteer, checks::NAME_MAX)?;
    Ok(Checked {
        city_id: city_id.into(),
        contact_id,
        follow_up,
        volunteer,
        notes,
    })
}

/// Logs a call in one transaction: inserts it, closes the city's open follow-ups
/// (`closed_by_call_id` = this call) and opens the follow-up it sets. Bad input is
/// refused before anything is written.
pub fn log_call(conn: &mut Connection, input: &CallInput) -> Result<Call> {
    let c = check(conn, input)?;
    let id = crate::ids::new_row_id();
    let at = now();
    let tx = crate::atomic::begin(conn)?;
    CallRow {
        id: id.clone(),
        city_id: c.city_id.clone(),
        contact_id: c.contact_id.clone(),
        channel: input.channel.as_str().to_string(),
        outcome: input.outcome.as_str().to_string(),
        notes: c.notes.clone(),
        volunteer: c.volunteer.clone(),
        called_at: at.clone(),
        created_at: at.clone(),
        undone_at: None,
    }
    .insert(&tx)?;
    tx.prepare_cached(
        "UPDATE follow_ups INDEXED BY follow_ups_open
         SET closed_at = ?2, closed_by_call_id = ?3, updated_at = ?2
         WHERE city_id = ?1 AND closed_at IS NULL",
    )?
    .execute(params![c.city_id, at, id])?;
    if let Some(due) = &c.follow_up {
        FollowUpRow {
            id: crate::ids::new_row_id(),
            city_id: c.city_id.clone(),
            call_id: Some(id.clone()),
            due_date: due.clone(),
            note: c.notes.clone(),
            closed_at: None,
            closed_by_call_id: None,
            created_at: at.clone(),
            updated_at: at.clone(),
        }
        .insert(&tx)?;
    }
    tx.commit()?;
    Ok(Call {
        id,
        city_slug: input.slug.clone(),
        contact_name: match &c.contact_id {
            Some(cid) => conn
                .query_row("SELECT name FROM contacts WHERE id = ?1", [cid], |r| {
                    r.get(0)
                })
                .optional()?,
            None => None,
        },
        contact_id: c.contact_id,
        channel: input.channel,
        outcome: input.outcome,
        notes: c.notes,
        volunteer: c.volunteer,
        called_at: at,
        follow_up: c.follow_up,
    })
}

/// Undoes a call: it disappears from every list and count, the follow-up it set is
/// closed, and the follow-ups it closed are open again. One transaction.
pub fn undo_call(conn: &mut Connection, id: &str) -> Result<()> {
    let tx = crate::atomic::begin(conn)?;
    let at = crate::volunteer::mark_undone(&tx, crate::volunteer::Undoable::Call, id)?;
    tx.execute(
        "UPDATE follow_ups SET closed_at = ?2, updated_at = ?2
         WHERE call_id = ?1 AND closed_at IS NULL",
        params![id, at],
    )?;
    tx.execute(
        "UPDATE follow_ups SET closed_at = NULL, closed_by_call_id = NULL, updated_at = ?2
         WHERE closed_by_call_id = ?1",
        params![id, at],
    )?;
    tx.commit()?;
    Ok(())
}

const CALL_SELECT: &str = "
    SELECT k.id, c.slug, k.contact_id, p.name, k.channel, k.outcome, k.notes, k.volunteer,
           k.called_at
    FROM calls k JOIN cities c ON c.id = k.city_id
    LEFT JOIN contacts p ON p.id = k.contact_id";

fn call_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Call> {
    Ok(Call {
        id: row.get(0)?,
        city_slug: row.get(1)?,
        contact_id: row.get(2)?,
        contact_name: row.get(3)?,
        channel: row.get(4)?,
        outcome: row.get(5)?,
        notes: row.get(6)?,
        volunteer: row.get(7)?,
        called_at: row.get(8)?,
        follow_up: None,
    })
}

/// The due dates of the follow-ups set by a city's calls, by call id.
fn follow_ups_set(conn: &Connection, city_id: &str) -> Result<HashMap<String, String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT call_id, due_date FROM follow_ups WHERE city_id = ?1 AND call_id IS NOT NULL",
    )?;
    let rows = stmt.query_map([city_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A city's calls, newest first, without undone ones.
///
/// The city's slug is read once and its contacts' names in one query, not joined to each
/// call: a city with 5,000 calls would search `cities` and `contacts` 5,000 times each.
pub fn list_for_city(conn: &Connection, city_id: &crate::ids::CityId) -> Result<Vec<Call>> {
    let slug: String = conn
        .prepare_cached("SELECT slug FROM cities WHERE id = ?1")?
        .query_row([city_id], |r| r.get(0))?;
    let mut names: HashMap<String, String> = conn
        .prepare_cached("SELECT id, name FROM contacts WHERE city_id = ?1")?
        .query_map([city_id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut stmt = conn.prepare_cached(
        "SELECT id, contact_id, channel, outcome, notes, volunteer, called_at FROM calls
         WHERE city_id = ?1 AND undone_at IS NULL ORDER BY called_at DESC",
    )?;
    let mut rows = stmt.query([city_id])?;
    let mut set = follow_ups_set(conn, city_id.as_str())?;
    let mut calls = Vec::new();
    while let Some(row) = rows.next()? {
        let id: String = row.get(0)?;
        let contact_id: Option<String> = row.get(1)?;
        let contact_name = match &contact_id {
            Some(c) => match names.get(c) {
                Some(name) => Some(name.clone()),
                // A contact an import has moved to another city since the call.
                None => {
                    let name: Option<String> = conn
                        .prepare_cached("SELECT name FROM contacts WHERE id = ?1")?
                        .query_row([c], |r| r.get(0))
                        .optional()?;
                    if let Some(n) = &name {
                        names.insert(c.clone(), n.clone());
                    }
                    name
                }
            },
            None => None,
        };
        calls.push(Call {
            follow_up: set.remove(&id),
            id,
            city_slug: slug.clone(),
            contact_id,
            contact_name,
            channel: row.get(2)?,
            outcome: row.get(3)?,
            notes: row.get(4)?,
            volunteer: row.get(5)?,
            called_at: row.get(6)?,
        });
    }
    // Calls logged at the same time, newest id first. `calls_city_time` gives the order by
    // time; asking SQLite for the id too made it copy every row, notes and all, into a
    // sorter (5,000 calls: 12 ms against 6). The rows come in time order, so this pass only
    // finds runs and swaps the few equal times.
    calls.sort_by(|a, b| (&b.called_at, &b.id).cmp(&(&a.called_at, &a.id)));
    Ok(calls)
}

/// The calls to the city with `slug`, newest first (`outreach calls <SLUG>`).
pub fn list_calls(conn: &Connection, slug: &str) -> Result<Vec<Call>> {
    list_for_city(conn, &resolve_city(conn, slug)?)
}

/// One call (also an undone one).
pub fn get_call(conn: &Connection, id: &str) -> Result<Call> {
    let mut call = conn
        .query_row(
            &format!("{CALL_SELECT} WHERE k.id = ?1"),
            [id],
            call_from_row,
        )
        .optional()?
        .ok_or_else(|| Error::UnknownCall { id: id.to_string() })?;
    call.follow_up = conn
        .query_row(
            "SELECT due_date FROM follow_ups WHERE call_id = ?1 LIMIT 1",
            [id],
            |r| r.get(0),
        )
        .optional()?;
    Ok(call)
}
