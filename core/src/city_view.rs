//! A city in full, as the city screen and `outreach city` show it: its summary, its ties with
//! their history, contacts, calls, responses and open follow-ups. Assembled here from the
//! modules that own each part; none of them imports this one.

use std::collections::HashMap;

use rusqlite::Connection;
use serde::Serialize;
use ts_rs::TS;

use crate::calls::{self, Call};
use crate::cities::{summary_of, CitySummary};
use crate::contacts::{self, Contact};
use crate::error::Result;
use crate::followups::{self, FollowUp};
use crate::ids::{resolve_city, CityId};
use crate::responses::{self, Recorded, ResponseEntry, ResponseInput};
use crate::time;
use crate::vocab::{Origin, RelationshipStatus};

/// One city in full.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct CityDetail {
    #[serde(flatten)]
    pub summary: CitySummary,
    pub relationships: Vec<Relationship>,
    pub contacts: Vec<Contact>,
    /// Every call and e-mail logged to the city, newest first (undone ones left out).
    pub calls: Vec<Call>,
    /// Every response the city gave, newest first (undone ones left out).
    pub responses: Vec<ResponseEntry>,
    /// The city's open follow-ups, earliest due first.
    pub follow_ups: Vec<FollowUp>,
}

/// A city in full after a response was saved, with what the save wrote (to undo it).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ResponseSaved {
    #[serde(flatten)]
    pub city: CityDetail,
    pub recorded: Recorded,
}

/// Records a response and/or status change and returns the city as it is now with what
/// was written (the window's and `outreach respond`'s one step).
pub fn record_response(conn: &mut Connection, input: &ResponseInput) -> Result<ResponseSaved> {
    let recorded = responses::record_response(conn, input)?;
    Ok(ResponseSaved {
        city: city_detail(conn, &recorded.city_id)?,
        recorded,
    })
}

/// Undoes what one save of the response form wrote and returns the city as it is now.
pub fn undo_recorded(conn: &mut Connection, recorded: &Recorded) -> Result<CityDetail> {
    let city_id = responses::city_of(conn, recorded)?;
    responses::undo_recorded(conn, recorded)?;
    city_detail(conn, &city_id)
}

/// A sister-city tie with its history, oldest entry first.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Relationship {
    pub id: String,
    pub sister_city: String,
    pub sister_city_alt_names: Vec<String>,
    pub sister_region: Option<String>,
    /// As the sources state it ("1991", "1983 or 1984 (sources differ)"), or null.
    pub established: Option<String>,
    pub notes: String,
    pub status: RelationshipStatus,
    /// Undone entries left out.
    pub history: Vec<StatusEntry>,
}

/// One dated statement of a tie's status, with its sources.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct StatusEntry {
    pub id: String,
    pub status: RelationshipStatus,
    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, or null when no date is known.
    pub date: Option<String>,
    /// The source's own wording of the date when it is not exact.
    pub date_text: Option<String>,
    pub summary: String,
    pub sources: Vec<String>,
    pub origin: Origin,
    pub volunteer: Option<String>,
    pub recorded_at: String,
    /// Set on a seeded entry the research later corrected: the id of the entry (in the same
    /// history) that corrects it. A corrected entry is no longer the tie's status.
    pub corrected_by: Option<String>,
}

/// One city in full, by slug.
pub fn get_city(conn: &Connection, slug: &str) -> Result<CityDetail> {
    city_detail(conn, &resolve_city(conn, slug)?)
}

/// One city in full, by id (for a command that has resolved the slug already).
pub fn city_detail(conn: &Connection, city_id: &CityId) -> Result<CityDetail> {
    let mut rels = Vec::new();
    let mut stmt = conn.prepare_cached(
        "SELECT r.id, r.sister_city, r.sister_city_alt_names, r.sister_region, r.established, r.notes
         FROM relationships r WHERE r.city_id = ?1 ORDER BY r.position, r.created_at",
    )?;
    let mut rows = stmt.query([city_id])?;
    while let Some(row) = rows.next()? {
        let alt: String = row.get(2)?;
        rels.push(Relationship {
            id: row.get(0)?,
            sister_city: row.get(1)?,
            sister_city_alt_names: json_strings(&alt),
            sister_region: row.get(3)?,
            established: row.get(4)?,
            notes: row.get(5)?,
            status: RelationshipStatus::Unknown,
            history: Vec::new(),
        });
    }

    let mut history: HashMap<String, Vec<StatusEntry>> = HashMap::new();
    let mut stmt = conn.prepare_cached(
        "SELECT e.relationship_id, e.id, e.status, e.event_date, e.date_text, e.summary, e.sources,
                e.origin, e.volunteer, e.created_at, e.corrected_by
         FROM relationship_events e JOIN relationships r ON r.id = e.relationship_id
         WHERE r.city_id = ?1 AND e.undone_at IS NULL
         ORDER BY e.seq, e.origin <> 'seed', e.created_at, e.id",
    )?;
    let mut rows = stmt.query([city_id])?;
    while let Some(row) = rows.next()? {
        let sources: String = row.get(6)?;
        history.entry(row.get(0)?).or_default().push(StatusEntry {
            id: row.get(1)?,
            status: row.get(2)?,
            date: row.get(3)?,
            date_text: row.get(4)?,
            summary: row.get(5)?,
            sources: json_strings(&sources),
            origin: row.get(7)?,
            volunteer: row.get(8)?,
            recorded_at: row.get(9)?,
            corrected_by: row.get(10)?,
        });
    }
    for rel in &mut rels {
        rel.history = history.remove(&rel.id).unwrap_or_default();
        if let Some(last) = rel.history.iter().rfind(|e| e.corrected_by.is_none()) {
            rel.status = last.status;
        }
    }

    let contacts = contacts::list_for_city(conn, city_id)?;
    let calls = calls::list_for_city(conn, city_id)?;
    let responses = responses::list_for_city(conn, city_id)?;
    let follow_ups = followups::open_for_city(conn, city_id, &time::today())?;

    let summary = summary_of(conn, city_id)?;
    Ok(CityDetail {
        summary,
        relationships: rels,
        contacts,
        calls,
        responses,
        follow_ups,
    })
}

fn json_strings(text: &str) -> Vec<String> {
    serde_json::from_str(text).unwrap_or_default()
}
