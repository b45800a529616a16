//! What a city told the campaign, and changes of its ties' status, as volunteers record
//! them. Both only ever add rows: a response is a new `responses` row, a status change a
//! new `relationship_events` row (origin `volunteer`), so the history keeps the old ones.

use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use crate::cities::{city_id_of, get_city, CityDetail};
use crate::error::{Error, Result};
use crate::settings;
use crate::time::{check_date, now, today};
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

/// Checks a source address: `http(s)://host...` without spaces.
pub fn check_source_url(url: &str) -> Result<()> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    match rest {
        Some(rest)
            if !url.contains(char::is_whitespace)
                && rest
                    .split(['/', '?', '#'])
                    .next()
                    .is_some_and(|h| h.contains('.') || h.starts_with("localhost")) =>
        {
            Ok(())
        }
        _ => Err(Error::invalid(
            "source",
            format!("\"{url}\" is not a web address starting with https:// or http://"),
        )),
    }
}

/// Records a response and/or a status change in one transaction, and returns the city as
/// it is now. Bad input is refused before anything is written.
pub fn record_response(conn: &mut Connection, input: &ResponseInput) -> Result<CityDetail> {
    let city_id = city_id_of(conn, &input.slug)?;
    if input.response.is_none() && input.relationship.is_none() {
        return Err(Error::invalid(
            "response",
            "give a response, a relationship status, or both",
        ));
    }
    let date = input.date.trim();
    check_date("date", date)?;
    let today = today();
    if date > today.as_str() {
        return Err(Error::invalid(
            "date",
            format!("\"{date}\" is in the future (today is {today})"),
        ));
    }
    let source = input
        .source_url
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty());
    if let Some(url) = source {
        check_source_url(url)?;
    }
    let ties: Vec<String> = match input
        .relationship_id
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        Some(rid) => {
            let found: Option<String> = conn
                .query_row(
                    "SELECT id FROM relationships WHERE id = ?1 AND city_id = ?2",
                    params![rid, city_id],
                    |r| r.get(0),
                )
                .optional()?;
            vec![found.ok_or_else(|| {
                Error::invalid(
                    "relationship",
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
    let at = now();
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let volunteer =
        settings::get(&tx, crate::campaign::VOLUNTEER_NAME_KEY)?.filter(|s| !s.is_empty());
    if let Some(response) = input.response {
        tx.execute(
            "INSERT INTO responses (id, city_id, response, response_date, source_url, notes, volunteer, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                Uuid::new_v4().to_string(),
                city_id,
                response,
                date,
                source,
                notes,
                volunteer,
                at
            ],
        )?;
    }
    if let Some(status) = input.relationship {
        let sources = serde_json::to_string(&source.into_iter().collect::<Vec<_>>())
            .expect("strings serialise");
        for rid in &ties {
            tx.execute(
                "INSERT INTO relationship_events
                   (id, relationship_id, seq, status, event_date, summary, sources, origin, volunteer, created_at)
                 VALUES (?1, ?2,
                         (SELECT coalesce(max(seq), -1) + 1 FROM relationship_events WHERE relationship_id = ?2),
                         ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                params![
                    Uuid::new_v4().to_string(),
                    rid,
                    status,
                    date,
                    notes,
                    sources,
                    Origin::Volunteer,
                    volunteer,
                    at
                ],
            )?;
        }
    }
    tx.commit()?;
    get_city(conn, &input.slug)
}

/// A city's responses, newest first.
pub fn list_for_city(conn: &Connection, city_id: &str) -> Result<Vec<ResponseEntry>> {
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
