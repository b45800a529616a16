//! What a city told the campaign, and changes of its ties' status, as volunteers record
//! them. Both only ever add rows: a response is a new `responses` row, a status change a
//! new `relationship_events` row (origin `volunteer`), so the history keeps the old ones.
//! Either is undone as a call is: marked (`undone_at`; the row stays so a merge cannot bring
//! it back), left out of every list and summary, so the city shows what it had before.

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::checks;
use crate::error::{Error, Result};
use crate::fields::{InputField, Problem};
use crate::ids::{resolve_city, CityId};
use crate::rows::{ResponseRow, TieEventRow};
use crate::time::now;
use crate::vocab::{CityResponse, Origin, RelationshipStatus};
use crate::volunteer::{mark_undone, Undoable};

/// One response a city gave.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ResponseEntry {
    pub id: String,
    pub response: CityResponse,
    /// `YYYY-MM-DD`: when the city said it.
    pub date: String,
    pub source_url: Option<String>,
    pub notes: String,
    pub volunteer: Option<String>,
    pub recorded_at: String,
}

/// A response and/or a change of a tie's status, as a volunteer records it.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct ResponseInput {
    pub slug: String,
    pub response: Option<CityResponse>,
    pub relationship: Option<RelationshipStatus>,
    /// Which tie changed; by default every tie of the city.
    pub relationship_id: Option<String>,
    /// `YYYY-MM-DD`, not in the future.
    pub date: String,
    pub source_url: Option<String>,
    pub notes: String,
}

/// What one save of the response form wrote: the rows to undo together.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Recorded {
    /// The city (to show it as it is now: `city_view::city_detail`).
    #[serde(skip)]
    #[ts(skip)]
    pub city_id: CityId,
    /// The response written, if one was given.
    #[serde(default)]
    pub response_id: Option<String>,
    /// The status changes written (one per tie changed).
    #[serde(default)]
    pub status_change_ids: Vec<String>,
}

/// Records a response and/or a status change in one transaction, and returns what it wrote
/// (the city's id, to show it as it is now, and the rows, to undo them). Bad input is
/// refused before anything is written.
pub fn record_response(conn: &mut Connection, input: &ResponseInput) -> Result<Recorded> {
    let city_id = resolve_city(conn, &input.slug)?;
    if input.response.is_none() && input.relationship.is_none() {
        return Err(Error::invalid_as(
            InputField::Response,
            Problem::Missing,
            "give a response, a relationship status, or both",
        ));
    }
    let date = input.date.trim();
    checks::date(InputField::Date, date)?;
    checks::not_in_the_future(InputField::Date, date)?;
    let source = checks::given(&input.source_url)
        .map(|url| checks::web_address(InputField::Source, url))
        .transpose()?;
    let ties: Vec<String> = match checks::given(&input.relationship_id) {
        Some(rid) => {
            let found: Option<String> = conn
                .query_row(
                    "SELECT id FROM relationships WHERE id = ?1 AND city_id = ?2",
                    params![rid, city_id],
                    |r| r.get(0),
                )
                .optional()?;
            vec![found.ok_or_else(|| {
                Error::invalid_as(
                    InputField::Relationship,
                    Problem::Unknown,
                    format!("\"{rid}\" is not a sister-city tie of {}", input.slug),
                )
            })?]
        }
        None => {
            let mut stmt = conn.prepare_cached(
                "SELECT id FROM relationships WHERE city_id = ?1 ORDER BY position",
            )?;
            let ids = stmt
                .query_map([&city_id], |r| r.get(0))?
                .collect::<rusqlite::Result<Vec<String>>>()?;
            ids
        }
    };
    let notes = input.notes.trim();
    checks::text(InputField::Notes, notes, checks::TEXT_MAX)?;
    let at = now();
    let tx = crate::atomic::begin(conn)?;
    let volunteer = crate::volunteer::name(&tx)?;
    let mut recorded = Recorded {
        city_id: city_id.clone(),
        ..Recorded::default()
    };
    if let Some(response) = input.response {
        let id = crate::ids::new_row_id();
        ResponseRow {
            id: id.clone(),
            city_id: city_id.to_string(),
            response: response.as_str().to_string(),
            response_date: date.to_string(),
            source_url: source.clone(),
            notes: notes.to_string(),
            volunteer: volunteer.clone(),
            created_at: at.clone(),
            undone_at: None,
        }
        .insert(&tx)?;
        recorded.response_id = Some(id);
    }
    if let Some(status) = input.relationship {
        let sources = serde_json::to_string(&source.into_iter().collect::<Vec<_>>())
            .expect("strings serialise");
        for rid in &ties {
            let seq: i64 = tx.query_row(
                "SELECT coalesce(max(seq), -1) + 1 FROM relationship_events WHERE relationship_id = ?1",
                [rid],
                |r| r.get(0),
            )?;
            let id = crate::ids::new_status_change_id();
            TieEventRow {
                id: id.clone(),
                relationship_id: rid.clone(),
                seq,
                status: status.as_str().to_string(),
                event_date: Some(date.to_string()),
                date_text: None,
                summary: notes.to_string(),
                sources: sources.clone(),
                origin: Origin::Volunteer.as_str().to_string(),
                volunteer: volunteer.clone(),
                created_at: at.clone(),
                undone_at: None,
            }
            .insert(&tx)?;
            recorded.status_change_ids.push(id);
        }
    }
    tx.commit()?;
    Ok(recorded)
}

/// Undoes a response: it disappears from the city's history, the list, the queue, the
/// dashboard and exports, and the city's response is the one before (or none). The row
/// stays, marked, so a merge cannot bring it back.
pub fn undo_response(conn: &mut Connection, id: &str) -> Result<()> {
    let tx = crate::atomic::begin(conn)?;
    mark_undone(&tx, Undoable::Response, id)?;
    tx.commit()?;
    Ok(())
}

/// Undoes a change of a tie's status: the entry leaves the tie's history and the tie is
/// back at its previous status. Only a volunteer's entry can be undone (not the research's).
pub fn undo_status_change(conn: &mut Connection, id: &str) -> Result<()> {
    let tx = crate::atomic::begin(conn)?;
    mark_undone(&tx, Undoable::StatusChange, id)?;
    tx.commit()?;
    Ok(())
}

/// Undoes what one save of the response form wrote (its response and status changes), in
/// one transaction: all of it, or nothing when one part may not be undone.
pub fn undo_recorded(conn: &mut Connection, recorded: &Recorded) -> Result<()> {
    if recorded.response_id.is_none() && recorded.status_change_ids.is_empty() {
        return Err(Error::invalid_as(
            InputField::Response,
            Problem::Missing,
            "name a response or a status change to undo",
        ));
    }
    let tx = crate::atomic::begin(conn)?;
    if let Some(id) = &recorded.response_id {
        mark_undone(&tx, Undoable::Response, id)?;
    }
    for id in &recorded.status_change_ids {
        mark_undone(&tx, Undoable::StatusChange, id)?;
    }
    tx.commit()?;
    Ok(())
}

/// The city a response or status change is about (for showing it after an undo).
pub fn city_of(conn: &Connection, recorded: &Recorded) -> Result<CityId> {
    let found: Option<String> = match (&recorded.response_id, recorded.status_change_ids.first()) {
        (Some(id), _) => conn
            .query_row("SELECT city_id FROM responses WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .optional()?,
        (None, Some(id)) => conn
            .query_row(
                "SELECT r.city_id FROM relationship_events e
                 JOIN relationships r ON r.id = e.relationship_id WHERE e.id = ?1",
                [id],
                |r| r.get(0),
            )
            .optional()?,
        (None, None) => None,
    };
    match found {
        Some(id) => Ok(CityId::from_stored(id)),
        None => Err(match &recorded.response_id {
            Some(id) => Error::UnknownResponse { id: id.clone() },
            None => Error::UnknownStatusChange {
                id: recorded
                    .status_change_ids
                    .first()
                    .cloned()
                    .unwrap_or_default(),
            },
        }),
    }
}

/// A city's responses, newest first, without undone ones.
pub fn list_for_city(conn: &Connection, city_id: &CityId) -> Result<Vec<ResponseEntry>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, response, response_date, source_url, notes, volunteer, created_at
         FROM responses WHERE city_id = ?1 AND undone_at IS NULL
         ORDER BY response_date DESC, created_at DESC, id DESC",
    )?;
    let rows = stmt.query_map([city_id], |r| {
        Ok(ResponseEntry {
            id: r.get(0)?,
            response: r.get(1)?,
            date: r.get(2)?,
            source_url: r.get(3)?,
            notes: r.get(4)?,
            volunteer: r.get(5)?,
            recorded_at: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}
