//! Call-script templates: the `{field}` merge fields a template may use, where the template
//! for each tie status is kept, and the check that refuses an unknown field when a template
//! is saved. Filling one in for a city is [`crate::script`].

use serde::Serialize;
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::fields::InputField;
use crate::vocab::RelationshipStatus;

/// The call script for an active tie (the others are `campaign.call_script.<status>`).
pub const CALL_SCRIPT_KEY: &str = "campaign.call_script";

/// The merge fields a script may use.
pub const FIELDS: &[&str] = &[
    "volunteer_name",
    "mayor_name",
    "city",
    "state",
    "sister_city",
    "signature_total",
    "signature_goal",
    "the_mayor",
    "signers",
    "status_date",
    "examples",
];

/// The setting holding the template for a status (`active` is `campaign.call_script`).
pub fn template_key(status: RelationshipStatus) -> String {
    match status {
        RelationshipStatus::Active => CALL_SCRIPT_KEY.to_string(),
        other => format!("{CALL_SCRIPT_KEY}.{}", other.as_str()),
    }
}

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
                    InputField::CallScript,
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
