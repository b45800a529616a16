//! The call script: one template per tie status, with `{field}` merge fields, filled in for
//! one city and contact. The template is chosen by the city's status (its tie needing the
//! most work): `active` is the setting `campaign.call_script` (ask to suspend or end),
//! `suspended` (thank them, ask to make it final), `severed` (thank them, ask for a public
//! statement) and `unknown` (ask what the status is) are `campaign.call_script.<status>`.
//! The seed ships all four (data/campaign.yaml).
//!
//! Some fields always read well: `{the_mayor}` is "Mayor Keith Wilson" or "the mayor",
//! `{signers}` "18,900 people" or "many people", `{status_date}` "on 9 March 2022" or
//! "recently", and `{examples}` names other cities whose tie is suspended or severed,
//! with their dates (computed from the store, nearest first, never the city called).
//! Any other field with no value, or a field the app does not know, becomes a visible gap
//! ([`ScriptPart::Field`] with no value): never a silent blank.

use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;
use ts_rs::TS;

use crate::campaign;
use crate::cities::summary_of;
use crate::error::{Error, Result};
use crate::ids::{resolve_city, CityId};
use crate::settings;
use crate::template::CALL_SCRIPT_KEY;
pub use crate::template::{check_template, parse, template_key, ScriptPart, FIELDS};
use crate::vocab::{JurisdictionKind, RelationshipStatus};

/// How many other cities `{examples}` names.
pub const EXAMPLES: usize = 3;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct FilledScript {
    pub parts: Vec<ScriptPart>,
    /// The status whose template was used (the city's tie needing the most work).
    pub status: RelationshipStatus,
}

impl FilledScript {
    /// The script as plain text, each gap shown as `[field?]`.
    pub fn to_text(&self) -> String {
        self.parts
            .iter()
            .map(|p| match p {
                ScriptPart::Text { text } => text.clone(),
                ScriptPart::Field { value: Some(v), .. } => v.clone(),
                ScriptPart::Field { field, value: None } => format!("[{field}?]"),
            })
            .collect()
    }

    /// The fields that have no value.
    pub fn gaps(&self) -> Vec<&str> {
        self.parts
            .iter()
            .filter_map(|p| match p {
                ScriptPart::Field { field, value: None } => Some(field.as_str()),
                _ => None,
            })
            .collect()
    }
}

/// `18900` as `18,900`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// The latest signature total (from the newest `signature_snapshots` row), if any.
pub fn latest_signature_total(conn: &Connection) -> Result<Option<u64>> {
    Ok(conn
        .query_row(
            "SELECT total FROM signature_snapshots ORDER BY fetched_at DESC, created_at DESC LIMIT 1",
            [],
            |r| r.get::<_, i64>(0),
        )
        .optional()?
        .map(|t| t.max(0) as u64))
}

/// `2022-03-09` as "9 March 2022", `2022-03` as "March 2022", `2022` as "2022".
pub fn spoken_date(date: &str) -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let parts: Vec<&str> = date.split('-').collect();
    let month = |m: &str| {
        m.parse::<usize>()
            .ok()
            .and_then(|m| MONTHS.get(m.wrapping_sub(1)))
            .copied()
    };
    match parts.as_slice() {
        [y, m, d] => match (month(m), d.parse::<u8>()) {
            (Some(m), Ok(d)) => format!("{d} {m} {y}"),
            _ => date.to_string(),
        },
        [y, m] => month(m).map_or_else(|| date.to_string(), |m| format!("{m} {y}")),
        _ => date.to_string(),
    }
}

/// "on 9 March 2022", "in March 2022", "in 2022".
fn when_phrase(date: &str) -> String {
    let spoken = spoken_date(date);
    if date.len() == 10 {
        format!("on {spoken}")
    } else {
        format!("in {spoken}")
    }
}

/// One tie of the city: (status, latest entry's date).
fn ties(conn: &Connection, city_id: &CityId) -> Result<Vec<(RelationshipStatus, Option<String>)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT (SELECT e.status FROM relationship_events e WHERE e.relationship_id = r.id
                   AND e.undone_at IS NULL
                 ORDER BY e.seq DESC, e.created_at DESC, e.id DESC LIMIT 1),
                (SELECT e.event_date FROM relationship_events e WHERE e.relationship_id = r.id
                   AND e.undone_at IS NULL
                 ORDER BY e.seq DESC, e.created_at DESC, e.id DESC LIMIT 1)
         FROM relationships r WHERE r.city_id = ?1 ORDER BY r.position",
    )?;
    let rows = stmt.query_map([city_id], |r| {
        Ok((
            r.get::<_, Option<RelationshipStatus>>(0)?
                .unwrap_or(RelationshipStatus::Unknown),
            r.get(1)?,
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Another city whose tie is suspended or severed, for `{examples}`.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    pub slug: String,
    pub city: String,
    pub state: String,
    pub status: RelationshipStatus,
    pub date: Option<String>,
}

impl Example {
    /// "Chicago, IL (suspended on 1 March 2022)".
    pub fn spoken(&self) -> String {
        let what = self.status.as_str();
        match &self.date {
            Some(d) => format!("{}, {} ({what} {})", self.city, self.state, when_phrase(d)),
            None => format!("{}, {} ({what})", self.city, self.state),
        }
    }
}

/// Up to `n` cities (not states) other than `city_id` whose tie is suspended or severed,
/// nearest to it first when both have coordinates, then the earliest to act first.
pub fn examples(conn: &Connection, city_id: &CityId, n: usize) -> Result<Vec<Example>> {
    let here: Option<(f64, f64)> = conn
        .query_row(
            "SELECT latitude, longitude FROM cities WHERE id = ?1",
            [city_id],
            |r| Ok((r.get::<_, Option<f64>>(0)?, r.get::<_, Option<f64>>(1)?)),
        )
        .optional()?
        .and_then(|(a, b)| Some((a?, b?)));
    let mut stmt = conn.prepare_cached(
        "SELECT c.id, c.slug, c.name, c.state, c.kind, c.latitude, c.longitude, e.status, e.event_date
         FROM relationships r JOIN cities c ON c.id = r.city_id
         JOIN relationship_events e ON e.id = (
             SELECT x.id FROM relationship_events x WHERE x.relationship_id = r.id
               AND x.undone_at IS NULL
             ORDER BY x.seq DESC, x.created_at DESC, x.id DESC LIMIT 1)
         WHERE e.status IN ('suspended', 'severed') AND c.id <> ?1",
    )?;
    let mut rows = stmt.query([city_id])?;
    let mut found: Vec<(Option<f64>, Example)> = Vec::new();
    while let Some(row) = rows.next()? {
        let kind: JurisdictionKind = row.get(4)?;
        if kind == JurisdictionKind::State {
            continue;
        }
        let slug: String = row.get(1)?;
        if found.iter().any(|(_, e)| e.slug == slug) {
            continue;
        }
        let at: (Option<f64>, Option<f64>) = (row.get(5)?, row.get(6)?);
        let distance = match (here, at) {
            (Some((la, lo)), (Some(lb), Some(ob))) => Some(distance_km(la, lo, lb, ob)),
            _ => None,
        };
        found.push((
            distance,
            Example {
                slug,
                city: row.get(2)?,
                state: row.get(3)?,
                status: row.get(7)?,
                date: row.get(8)?,
            },
        ));
    }
    found.sort_by(|(da, a), (db, b)| {
        let by_distance = match (da, db) {
            (Some(x), Some(y)) => x.total_cmp(y),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        };
        by_distance
            .then_with(|| match (&a.date, &b.date) {
                (Some(x), Some(y)) => x.cmp(y),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => std::cmp::Ordering::Equal,
            })
            .then_with(|| a.city.cmp(&b.city))
    });
    Ok(found.into_iter().take(n).map(|(_, e)| e).collect())
}

/// Great-circle distance in kilometres.
fn distance_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    6371.0 * 2.0 * a.sqrt().asin()
}

/// "A, B and C".
fn spoken_list(items: &[String]) -> Option<String> {
    match items {
        [] => None,
        [one] => Some(one.clone()),
        [init @ .., last] => Some(format!("{} and {last}", init.join(", "))),
    }
}

/// The campaign's script filled in for the city `slug`, speaking of `contact_id` (or the
/// city's current mayor, when a contact names one), from the template of the city's status.
pub fn fill_script(
    conn: &Connection,
    slug: &str,
    contact_id: Option<&str>,
) -> Result<FilledScript> {
    let city_id = resolve_city(conn, slug)?;
    let summary = summary_of(conn, &city_id)?;
    let status = summary.relationship_status;
    let mayor: Option<String> = match contact_id.filter(|s| !s.is_empty()) {
        Some(id) => Some(
            conn.query_row(
                "SELECT name FROM contacts WHERE id = ?1 AND city_id = ?2 AND deleted_at IS NULL",
                [id, city_id.as_str()],
                |r| r.get(0),
            )
            .optional()?
            .ok_or_else(|| Error::UnknownContact { id: id.to_string() })?,
        ),
        None => {
            let today = crate::time::today();
            let mut stmt = conn.prepare_cached(
                "SELECT name, last_verified, term_end FROM contacts WHERE city_id = ?1 AND deleted_at IS NULL
                   AND lower(role) LIKE '%mayor%' AND lower(role) NOT LIKE '%office%'
                 ORDER BY lower(role) = 'mayor' DESC, name COLLATE NOCASE, id",
            )?;
            let rows = stmt.query_map([&city_id], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, Option<String>>(1)?,
                    r.get::<_, Option<String>>(2)?,
                ))
            })?;
            let mut current = None;
            for row in rows {
                let (name, _verified, te) = row?;
                // A mayor whose term has ended is not the mayor any more.
                let ended = te.as_deref().is_some_and(|t| t < today.as_str());
                if !ended {
                    current = Some(name);
                    break;
                }
            }
            current
        }
    };
    let mayor = mayor
        .map(|m| m.trim().to_string())
        .filter(|m| !m.is_empty());
    let goal = campaign::goal(conn)?;
    let total = latest_signature_total(conn)?;
    let tie_date = ties(conn, &city_id)?
        .into_iter()
        .filter(|(s, _)| *s == status)
        .filter_map(|(_, d)| d)
        .max();
    let template = match settings::get(conn, &template_key(status))? {
        Some(t) if !t.trim().is_empty() => t,
        _ => settings::get(conn, CALL_SCRIPT_KEY)?.unwrap_or_default(),
    };
    let mut parts = parse(&template);
    let uses_examples = parts
        .iter()
        .any(|p| matches!(p, ScriptPart::Field { field, .. } if field == "examples"));
    let examples_text = if uses_examples {
        spoken_list(
            &examples(conn, &city_id, EXAMPLES)?
                .iter()
                .map(Example::spoken)
                .collect::<Vec<_>>(),
        )
    } else {
        None
    };
    let value = |field: &str| -> Result<Option<String>> {
        Ok(match field {
            "volunteer_name" => crate::volunteer::name(conn)?,
            "mayor_name" => mayor.clone(),
            "the_mayor" => Some(
                mayor
                    .as_ref()
                    .map_or_else(|| "the mayor".to_string(), |m| format!("Mayor {m}")),
            ),
            "city" => Some(summary.city.clone()),
            "state" => Some(summary.state.clone()),
            "sister_city" => Some(summary.sister_city.clone()),
            "signature_total" => total.map(thousands),
            "signers" => Some(total.map_or_else(
                || "many people".to_string(),
                |t| format!("{} people", thousands(t)),
            )),
            "signature_goal" => (goal > 0).then(|| thousands(goal)),
            "status_date" => Some(
                tie_date
                    .as_deref()
                    .map_or_else(|| "recently".to_string(), when_phrase),
            ),
            "examples" => Some(
                examples_text
                    .clone()
                    .unwrap_or_else(|| "other US cities".to_string()),
            ),
            _ => None,
        }
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty()))
    };
    for p in &mut parts {
        if let ScriptPart::Field { field, value: v } = p {
            *v = value(field)?;
        }
    }
    Ok(FilledScript { parts, status })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Store;

    #[test]
    fn a_template_splits_into_text_and_fields_and_stray_braces_stay_text() {
        let parts = parse("Hi {city}, {not a field} {x");
        assert_eq!(
            parts,
            vec![
                ScriptPart::Text { text: "Hi ".into() },
                ScriptPart::Field {
                    field: "city".into(),
                    value: None
                },
                ScriptPart::Text {
                    text: ", {not a field} {x".into()
                },
            ]
        );
        assert_eq!(thousands(18900), "18,900");
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(thousands(999), "999");
    }

    #[test]
    fn the_seed_script_fills_every_field_but_the_volunteers_name() {
        let store = Store::open_in_memory().unwrap();
        let filled = fill_script(store.conn(), "portland-or", None).unwrap();
        let text = filled.to_text();
        assert!(
            text.contains("calling about Portland, OR's sister-city"),
            "{text}"
        );
        assert!(
            text.contains("relationship with Khabarovsk, Russia"),
            "{text}"
        );
        assert!(text.contains("our goal is 25,000"), "{text}");
        // The seed gives the mayor and the petition's own figure; no volunteer name yet: a
        // gap, not a blank.
        assert_eq!(filled.gaps(), vec!["volunteer_name"], "{text}");
        assert!(text.contains("my name is [volunteer_name?]"), "{text}");
        assert!(text.contains("Keith Wilson"), "{text}");
        assert!(text.contains("one of 18,900 people"), "{text}");
    }

    #[test]
    fn dates_are_spoken_as_people_say_them() {
        assert_eq!(spoken_date("2022-03-09"), "9 March 2022");
        assert_eq!(spoken_date("2022-03"), "March 2022");
        assert_eq!(spoken_date("2022"), "2022");
        assert_eq!(when_phrase("2022-03-09"), "on 9 March 2022");
        assert_eq!(when_phrase("2022-03"), "in March 2022");
        assert_eq!(
            spoken_list(&["A".into(), "B".into(), "C".into()]).unwrap(),
            "A, B and C"
        );
        assert_eq!(spoken_list(&["A".into()]).unwrap(), "A");
    }

    #[test]
    fn an_unknown_field_in_a_stored_script_is_a_gap_and_is_refused_when_saved() {
        let store = Store::open_in_memory().unwrap();
        settings::set(
            store.conn(),
            CALL_SCRIPT_KEY,
            "Hello {mayor_nmae} of {city}",
        )
        .unwrap();
        let filled = fill_script(store.conn(), "portland-or", None).unwrap();
        assert_eq!(filled.gaps(), vec!["mayor_nmae"]);
        let err = check_template("Hello {mayor_nmae}")
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("call script: {mayor_nmae} is not a merge field"),
            "{err}"
        );
    }
}
