//! The call script: the campaign's template (setting `campaign.call_script`) with `{field}`
//! merge fields, filled in for one city and contact. A field with no value, or a field the
//! app does not know, becomes a visible gap ([`ScriptPart::Field`] with no value): never a
//! silent blank.

use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;
use ts_rs::TS;

use crate::campaign::{self, CALL_SCRIPT_KEY, VOLUNTEER_NAME_KEY};
use crate::cities::{city_id_of, summary_of};
use crate::error::{Error, Result};
use crate::settings;

/// The merge fields a script may use.
pub const FIELDS: &[&str] = &[
    "volunteer_name",
    "mayor_name",
    "city",
    "state",
    "sister_city",
    "signature_total",
    "signature_goal",
];

/// One piece of a filled-in script.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum ScriptPart {
    Text {
        text: String,
    },
    /// A merge field; `value` null means a gap the volunteer must fill.
    Field {
        field: String,
        value: Option<String>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct FilledScript {
    pub parts: Vec<ScriptPart>,
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

/// Splits a template into text and `{field}` parts. A `{` not followed by a field name
/// (lowercase letters and `_`) and `}` stays text.
pub fn parse(template: &str) -> Vec<ScriptPart> {
    let mut parts = Vec::new();
    let mut text = String::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        text.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let name_len = after
            .bytes()
            .take_while(|b| b.is_ascii_lowercase() || *b == b'_' || b.is_ascii_digit())
            .count();
        if name_len > 0 && after.as_bytes().get(name_len) == Some(&b'}') {
            if !text.is_empty() {
                parts.push(ScriptPart::Text {
                    text: std::mem::take(&mut text),
                });
            }
            parts.push(ScriptPart::Field {
                field: after[..name_len].to_string(),
                value: None,
            });
            rest = &after[name_len + 1..];
        } else {
            text.push('{');
            rest = after;
        }
    }
    text.push_str(rest);
    if !text.is_empty() {
        parts.push(ScriptPart::Text { text });
    }
    parts
}

/// Refuses a template that uses a field the app does not know (so a typo is caught when
/// the script is saved, not in the middle of a call).
pub fn check_template(template: &str) -> Result<()> {
    for p in parse(template) {
        if let ScriptPart::Field { field, .. } = p {
            if !FIELDS.contains(&field.as_str()) {
                return Err(Error::invalid(
                    "call script",
                    format!(
                        "{{{field}}} is not a merge field; use {}",
                        FIELDS
                            .iter()
                            .map(|f| format!("{{{f}}}"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                ));
            }
        }
    }
    Ok(())
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

/// The campaign's script filled in for the city `slug`, speaking of `contact_id` (or the
/// city's first contact whose role names a mayor).
pub fn fill_script(
    conn: &Connection,
    slug: &str,
    contact_id: Option<&str>,
) -> Result<FilledScript> {
    let city_id = city_id_of(conn, slug)?;
    let summary = summary_of(conn, slug)?;
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
        None => conn
            .query_row(
                "SELECT name FROM contacts WHERE city_id = ?1 AND deleted_at IS NULL
                   AND lower(role) LIKE '%mayor%' AND lower(role) NOT LIKE '%office%'
                 ORDER BY lower(role) = 'mayor' DESC, name COLLATE NOCASE, id LIMIT 1",
                [&city_id],
                |r| r.get(0),
            )
            .optional()?,
    };
    let goal = campaign::goal(conn)?;
    let value = |field: &str| -> Result<Option<String>> {
        Ok(match field {
            "volunteer_name" => settings::get(conn, VOLUNTEER_NAME_KEY)?,
            "mayor_name" => mayor.clone(),
            "city" => Some(summary.city.clone()),
            "state" => Some(summary.state.clone()),
            "sister_city" => Some(summary.sister_city.clone()),
            "signature_total" => latest_signature_total(conn)?.map(thousands),
            "signature_goal" => (goal > 0).then(|| thousands(goal)),
            _ => None,
        }
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty()))
    };
    let template = settings::get(conn, CALL_SCRIPT_KEY)?.unwrap_or_default();
    let mut parts = parse(&template);
    for p in &mut parts {
        if let ScriptPart::Field { field, value: v } = p {
            *v = value(field)?;
        }
    }
    Ok(FilledScript { parts })
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
    fn the_seed_script_fills_city_fields_and_shows_gaps_for_the_rest() {
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
        assert!(text.contains("one of the 18,900 people"), "{text}");
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
