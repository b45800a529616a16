//! What a city told the campaign, and changes of its ties' status, as volunteers record
//! them. Both only ever add rows: a response is a new `responses` row, a status change a
//! new `relationship_events` row (origin `volunteer`), so the history keeps the old ones.

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use crate::checks;
use crate::error::{Error, Result};
use crate::fields::{InputField, Problem};
use crate::ids::{resolve_city, CityId};
use crate::rows::{ResponseRow, TieEventRow};
use crate::time::now;
use crate::vocab::{CityResponse, Origin, RelationshipStatus};

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

/// Records a response and/or a status change in one transaction, and returns the city's id
/// (to show the city as it is now: `city_view::city_detail`). Bad input is refused before
/// anything is written.
pub fn record_response(conn: &mut Connection, input: &ResponseInput) -> Result<CityId> {
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
    if let Some(response) = input.response {
        ResponseRow {
            id: Uuid::new_v4().to_string(),
            city_id: city_id.to_string(),
            response: response.as_str().to_string(),
            response_date: date.to_string(),
            source_url: source.clone(),
            notes: notes.to_string(),
            volunteer: volunteer.clone(),
            created_at: at.clone(),
        }
        .insert(&tx)?;
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
            TieEventRow {
                id: Uuid::new_v4().to_string(),
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
            }
            .insert(&tx)?;
        }
    }
    tx.commit()?;
    Ok(city_id)
}

/// A city's responses, newest first.
pub fn list_for_city(conn: &Connection, city_id: &CityId) -> Result<Vec<ResponseEntry>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, response, response_date, source_url, notes, volunteer, created_at
         FROM responses WHERE city_id = ?1 ORDER BY response_date DESC, created_at DESC, id DESC",
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
