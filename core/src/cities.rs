//! Target cities: the list (one row per US target) and one city in full, with its ties'
//! dated, sourced history and its contacts.

use std::collections::HashMap;

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::vocab::{CityResponse, JurisdictionKind, Origin, RelationshipStatus};

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
}

/// One city in full.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct CityDetail {
    #[serde(flatten)]
    pub summary: CitySummary,
    pub relationships: Vec<Relationship>,
    pub contacts: Vec<Contact>,
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
}

/// A person or office at city hall.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Contact {
    pub id: String,
    pub name: String,
    pub role: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub website: Option<String>,
    pub address: Option<String>,
    pub notes: String,
    pub last_verified: Option<String>,
    pub term_end: Option<String>,
    pub source: Option<String>,
}

const LATEST_STATUS: &str = "
    SELECT e.status FROM relationship_events e
    WHERE e.relationship_id = r.id
    ORDER BY e.seq DESC, e.created_at DESC, e.id DESC LIMIT 1";

/// Every target city, sorted by name then state.
pub fn list_cities(conn: &Connection) -> Result<Vec<CitySummary>> {
    summaries(conn, None)
}

/// The summary rows of every city, or of the one with `slug`.
fn summaries(conn: &Connection, slug: Option<&str>) -> Result<Vec<CitySummary>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT c.id, c.slug, c.name, c.state, c.kind, c.latitude, c.longitude,
                r.sister_city, ({LATEST_STATUS}) AS status,
                (SELECT s.response FROM responses s WHERE s.city_id = c.id
                 ORDER BY s.response_date DESC, s.created_at DESC LIMIT 1) AS response,
                (SELECT max(k.called_at) FROM calls k WHERE k.city_id = c.id AND k.undone_at IS NULL) AS last_call
         FROM cities c JOIN relationships r ON r.city_id = c.id
         WHERE ?1 IS NULL OR c.slug = ?1
         ORDER BY c.name COLLATE NOCASE, c.state, c.id, r.position"
    ))?;
    let mut rows = stmt.query([slug])?;
    let mut out: Vec<CitySummary> = Vec::new();
    let mut last_id = String::new();
    while let Some(row) = rows.next()? {
        let id: String = row.get(0)?;
        let sister: String = row.get(7)?;
        let status: Option<RelationshipStatus> = row.get(8)?;
        let status = status.unwrap_or(RelationshipStatus::Unknown);
        if id == last_id {
            let city = out.last_mut().expect("a row for this city was pushed");
            city.sister_city.push_str(", ");
            city.sister_city.push_str(&sister);
            if status.urgency() > city.relationship_status.urgency() {
                city.relationship_status = status;
            }
            continue;
        }
        out.push(CitySummary {
            slug: row.get(1)?,
            city: row.get(2)?,
            state: row.get(3)?,
            kind: row.get(4)?,
            latitude: row.get(5)?,
            longitude: row.get(6)?,
            sister_city: sister,
            relationship_status: status,
            response: row.get::<_, Option<CityResponse>>(9)?.unwrap_or_default(),
            last_call_at: row.get(10)?,
        });
        last_id = id;
    }
    Ok(out)
}

/// One city in full, by slug.
pub fn get_city(conn: &Connection, slug: &str) -> Result<CityDetail> {
    let city_id: String = conn
        .query_row("SELECT id FROM cities WHERE slug = ?1", [slug], |r| {
            r.get(0)
        })
        .optional()?
        .ok_or_else(|| Error::UnknownCity {
            slug: slug.to_string(),
        })?;

    let mut rels = Vec::new();
    let mut stmt = conn.prepare_cached(
        "SELECT r.id, r.sister_city, r.sister_city_alt_names, r.sister_region, r.established, r.notes
         FROM relationships r WHERE r.city_id = ?1 ORDER BY r.position, r.created_at",
    )?;
    let mut rows = stmt.query([&city_id])?;
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
                e.origin, e.volunteer, e.created_at
         FROM relationship_events e JOIN relationships r ON r.id = e.relationship_id
         WHERE r.city_id = ?1 ORDER BY e.seq, e.created_at, e.id",
    )?;
    let mut rows = stmt.query([&city_id])?;
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
        });
    }
    for rel in &mut rels {
        rel.history = history.remove(&rel.id).unwrap_or_default();
        if let Some(last) = rel.history.last() {
            rel.status = last.status;
        }
    }

    let mut stmt = conn.prepare_cached(
        "SELECT id, name, role, phone, email, website, address, notes, last_verified, term_end, source
         FROM contacts WHERE city_id = ?1 AND deleted_at IS NULL ORDER BY name COLLATE NOCASE, id",
    )?;
    let contacts = stmt
        .query_map(params![city_id], |row| {
            Ok(Contact {
                id: row.get(0)?,
                name: row.get(1)?,
                role: row.get(2)?,
                phone: row.get(3)?,
                email: row.get(4)?,
                website: row.get(5)?,
                address: row.get(6)?,
                notes: row.get(7)?,
                last_verified: row.get(8)?,
                term_end: row.get(9)?,
                source: row.get(10)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;

    let summary = summaries(conn, Some(slug))?
        .pop()
        .ok_or_else(|| Error::UnknownCity {
            slug: slug.to_string(),
        })?;
    Ok(CityDetail {
        summary,
        relationships: rels,
        contacts,
    })
}

fn json_strings(text: &str) -> Vec<String> {
    serde_json::from_str(text).unwrap_or_default()
}
