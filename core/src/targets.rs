//! Targets volunteers add: a US place the research missed, with its Russian sister city
//! and the tie's first dated, sourced status.
//!
//! Ids are derived from the place, as the seed derives its own (UUIDv5 of the slug, and of
//! the slug and the sister city), so two volunteers who add the same place, or a later seed
//! that ships it, converge on the same city and tie instead of making two. The first status
//! is an ordinary volunteer entry in the tie's history (`origin: volunteer`, with the
//! volunteer's name), like a status change recorded with `respond`.

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::checks;
use crate::city_view::{get_city, CityDetail};
use crate::error::{Error, Result};
use crate::fields::{InputField, Problem};
use crate::seed;
use crate::time::now;
use crate::vocab::{JurisdictionKind, Origin, RelationshipStatus};

/// The longest name of a place, sister city or region accepted.
pub const MAX_NAME_CHARS: usize = 100;
/// The longest note accepted.
pub const MAX_NOTES_CHARS: usize = 2_000;

/// A US place and its tie with a Russian city, as a volunteer enters it.
#[derive(Debug, Clone, PartialEq, Deserialize, TS)]
#[ts(export)]
pub struct NewTarget {
    /// The US place's name, e.g. "Springfield" (for a state: "State of Iowa").
    pub city: String,
    /// Two-letter USPS code or the state's name.
    pub state: String,
    /// City when not given.
    #[serde(default)]
    pub kind: Option<JurisdictionKind>,
    #[serde(default)]
    pub latitude: Option<f64>,
    #[serde(default)]
    pub longitude: Option<f64>,
    /// The Russian city (or region) of the tie.
    pub sister_city: String,
    #[serde(default)]
    pub sister_region: Option<String>,
    /// The tie's status as the source states it.
    pub status: RelationshipStatus,
    /// When the source said so: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, not in the future.
    pub date: String,
    /// The web page that says so.
    pub source_url: String,
    #[serde(default)]
    pub notes: String,
}

/// What adding a target did.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct AddedTarget {
    pub slug: String,
    /// The place was new (false: the tie was added to a target already in the list).
    pub city_added: bool,
    pub city: CityDetail,
}

/// The slug of a place: its name in lowercase ASCII words joined by `-`, then the state
/// code (`St. Louis`, `MO` → `st-louis-mo`; `Cañon City`, `CO` → `canon-city-co`).
pub fn slug_for(name: &str, state_code: &str) -> String {
    let words = slug::slugify(name);
    format!("{words}-{}", state_code.to_ascii_lowercase())
}

/// Trims and folds runs of white space into one space.
fn tidy(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn check_name(field: InputField, value: &str) -> Result<String> {
    let value = tidy(value);
    if value.is_empty() {
        return Err(Error::invalid_as(field, Problem::Missing, "is empty"));
    }
    if value.chars().count() > MAX_NAME_CHARS {
        return Err(Error::invalid(
            field,
            format!("is longer than {MAX_NAME_CHARS} characters"),
        ));
    }
    if value.chars().any(char::is_control) {
        return Err(Error::invalid(field, "holds control characters"));
    }
    Ok(value)
}

/// Adds a target, or a new tie to a target already in the list, in one transaction.
/// Every field is checked before anything is written; a tie the list already has is
/// refused by name (record a status change with a response instead).
pub fn add_target(conn: &mut Connection, input: &NewTarget) -> Result<AddedTarget> {
    let name = check_name(InputField::City, &input.city)?;
    let state = crate::import::state_code(&input.state).ok_or_else(|| {
        Error::invalid(
            InputField::State,
            format!(
                "\"{}\" is not a US state: give its two-letter code (such as OR) or its name",
                input.state.trim()
            ),
        )
    })?;
    let kind = input.kind.unwrap_or(JurisdictionKind::City);
    let sister = check_name(InputField::SisterCity, &input.sister_city)?;
    let region = match input.sister_region.as_deref().map(tidy) {
        Some(r) if !r.is_empty() => Some(check_name(InputField::SisterRegion, &r)?),
        _ => None,
    };
    match (input.latitude, input.longitude) {
        (Some(lat), Some(lon)) => {
            if !(-90.0..=90.0).contains(&lat) || !lat.is_finite() {
                return Err(Error::invalid(
                    InputField::Latitude,
                    format!("{lat} is not between -90 and 90"),
                ));
            }
            if !(-180.0..=180.0).contains(&lon) || !lon.is_finite() {
                return Err(Error::invalid(
                    InputField::Longitude,
                    format!("{lon} is not between -180 and 180"),
                ));
            }
        }
        (None, None) => {}
        (Some(_), None) => {
            return Err(Error::invalid(
                InputField::Longitude,
                "give both coordinates or neither",
            ))
        }
        (None, Some(_)) => {
            return Err(Error::invalid(
                InputField::Latitude,
                "give both coordinates or neither",
            ))
        }
    }
    let date = input.date.trim();
    checks::partial_date(InputField::Date, date)?;
    checks::not_in_the_future(InputField::Date, date)?;
    let source = input.source_url.trim();
    if source.is_empty() {
        return Err(Error::invalid_as(
            InputField::Source,
            Problem::Missing,
            "give the web page that says so, starting with https://",
        ));
    }
    let source = checks::web_address(InputField::Source, source)?;
    let source = source.as_str();
    let notes = input.notes.trim();
    if notes.chars().count() > MAX_NOTES_CHARS {
        return Err(Error::invalid(
            InputField::Notes,
            format!("is longer than {MAX_NOTES_CHARS} characters"),
        ));
    }
    let slug = slug_for(&name, state);
    if slug.len() <= 3 {
        return Err(Error::invalid(
            InputField::City,
            format!("\"{name}\" has no letters or digits to name it by"),
        ));
    }

    let tx = crate::atomic::begin(conn)?;
    let existing: Option<(String, String)> = tx
        .query_row(
            "SELECT id, name FROM cities WHERE slug = ?1",
            [&slug],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let at = now();
    let (city_id, city_added) = match existing {
        Some((id, _)) => (id, false),
        None => {
            let id = seed::city_id(&slug);
            tx.execute(
                "INSERT INTO cities (id, slug, name, state, kind, latitude, longitude, origin, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                params![
                    id,
                    slug,
                    name,
                    state,
                    kind,
                    input.latitude,
                    input.longitude,
                    Origin::Volunteer,
                    at
                ],
            )?;
            (id, true)
        }
    };
    let duplicate: Option<String> = tx
        .query_row(
            "SELECT sister_city FROM relationships WHERE city_id = ?1 AND sister_city = ?2 COLLATE NOCASE",
            params![city_id, sister],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(known) = duplicate {
        return Err(Error::invalid(
            InputField::SisterCity,
            format!(
                "{name}, {state} already has its tie with {known}: record a change of its status \
                 on the city instead"
            ),
        ));
    }
    let tie_id = seed::relationship_id(&slug, &sister);
    let position: i64 = tx.query_row(
        "SELECT coalesce(max(position), -1) + 1 FROM relationships WHERE city_id = ?1",
        [&city_id],
        |r| r.get(0),
    )?;
    tx.execute(
        "INSERT INTO relationships
           (id, city_id, position, sister_city, sister_city_alt_names, sister_region, established, notes, origin, created_at)
         VALUES (?1, ?2, ?3, ?4, '[]', ?5, NULL, '', ?6, ?7)",
        params![tie_id, city_id, position, sister, region, Origin::Volunteer, at],
    )?;
    let volunteer = crate::volunteer::name(&tx)?;
    let sources = serde_json::to_string(&[source]).expect("strings serialise");
    tx.execute(
        "INSERT INTO relationship_events
           (id, relationship_id, seq, status, event_date, summary, sources, origin, volunteer, created_at)
         VALUES (?1, ?2, 0, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            crate::ids::new_status_change_id(),
            tie_id,
            input.status,
            date,
            notes,
            sources,
            Origin::Volunteer,
            volunteer,
            at
        ],
    )?;
    tx.commit()?;
    Ok(AddedTarget {
        city: get_city(conn, &slug)?,
        slug,
        city_added,
    })
}
