//! The app's own vocabularies (../shared/BRIEF.md, "Vocabularies"): enums stored as their
//! snake_case names and shown with friendly labels.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::Error;

/// Defines a vocabulary enum with its stored names and friendly labels, and the
/// conversions every vocabulary needs (parse with an error that lists the allowed values,
/// display as the stored name, SQL text conversion).
macro_rules! vocabulary {
    (
        $(#[$meta:meta])*
        $name:ident, $field:literal {
            $( $(#[$vmeta:meta])* $variant:ident = $stored:literal, $label:literal; )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
        #[serde(rename_all = "snake_case")]
        #[ts(export)]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The name stored in the database and used on the command line.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $stored),+ }
            }

            /// The friendly label shown to volunteers.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = Error;
            fn from_str(s: &str) -> Result<Self, Error> {
                match s {
                    $($stored => Ok($name::$variant),)+
                    other => Err(Error::invalid(
                        $field,
                        format!(
                            "\"{}\" is not one of {}",
                            other,
                            [$($stored),+].join(", ")
                        ),
                    )),
                }
            }
        }

        impl rusqlite::types::ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
                Ok(self.as_str().into())
            }
        }

        impl rusqlite::types::FromSql for $name {
            fn column_result(value: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
                let s = value.as_str()?;
                s.parse().map_err(|e: Error| rusqlite::types::FromSqlError::Other(Box::new(e)))
            }
        }
    };
}

vocabulary! {
    /// The state of a sister-city tie.
    RelationshipStatus, "relationship status" {
        Active = "active", "Active";
        Suspended = "suspended", "Suspended";
        Severed = "severed", "Severed";
        Unknown = "unknown", "Unknown";
    }
}

vocabulary! {
    /// What a city's office told the campaign.
    CityResponse, "response" {
        None = "none", "No response";
        Acknowledged = "acknowledged", "Acknowledged";
        Considering = "considering", "Considering";
        Committed = "committed", "Committed to act";
        Declined = "declined", "Declined";
    }
}

vocabulary! {
    /// The outcome of one call or e-mail (the 5 Calls set plus two a city hall produces).
    CallOutcome, "outcome" {
        Contact = "contact", "Spoke with a person";
        Voicemail = "voicemail", "Left a voicemail";
        Unavailable = "unavailable", "No answer";
        WrongNumber = "wrong_number", "Wrong number";
        CallbackRequested = "callback_requested", "Callback requested";
    }
}

vocabulary! {
    /// How a volunteer reached the office.
    Channel, "channel" {
        Phone = "phone", "Phone";
        Email = "email", "E-mail";
    }
}

vocabulary! {
    /// What kind of jurisdiction a target is.
    JurisdictionKind, "kind" {
        City = "city", "City";
        County = "county", "County";
        CityCounty = "city_county", "City and county";
        State = "state", "State";
    }
}

vocabulary! {
    /// Where a row came from: the embedded seed, a volunteer on some machine, or an import.
    Origin, "origin" {
        Seed = "seed", "Seed campaign";
        Volunteer = "volunteer", "Volunteer";
        Import = "import", "Import";
    }
}

vocabulary! {
    /// How sure the research was of a seeded contact: `high` (in office for the current term,
    /// contact from an official page), `medium` (name well sourced, but the term may have
    /// turned over or the line is a clerk's, general or older one), `low` (the current holder
    /// could not be confirmed: check before calling).
    Confidence, "confidence" {
        High = "high", "High confidence";
        Medium = "medium", "Medium confidence";
        Low = "low", "Low confidence: check before calling";
    }
}

impl RelationshipStatus {
    /// How much campaign work a tie still needs: a city with several ties shows the one
    /// that needs the most (an active tie outweighs an unknown one, which outweighs a
    /// suspension; severed needs none).
    pub fn urgency(self) -> u8 {
        match self {
            RelationshipStatus::Active => 3,
            RelationshipStatus::Unknown => 2,
            RelationshipStatus::Suspended => 1,
            RelationshipStatus::Severed => 0,
        }
    }
}

impl Default for CityResponse {
    fn default() -> Self {
        CityResponse::None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_vocabulary_round_trips_through_its_stored_name() {
        for s in RelationshipStatus::ALL {
            assert_eq!(s.as_str().parse::<RelationshipStatus>().unwrap(), *s);
            assert_eq!(
                serde_json::to_string(s).unwrap(),
                format!("\"{}\"", s.as_str())
            );
        }
        for o in CallOutcome::ALL {
            assert_eq!(o.as_str().parse::<CallOutcome>().unwrap(), *o);
        }
        for r in CityResponse::ALL {
            assert_eq!(r.as_str().parse::<CityResponse>().unwrap(), *r);
        }
    }

    #[test]
    fn an_unknown_word_names_the_field_and_the_allowed_values() {
        let err = "cut".parse::<RelationshipStatus>().unwrap_err().to_string();
        assert_eq!(
            err,
            "relationship status: \"cut\" is not one of active, suspended, severed, unknown"
        );
        let err = "busy".parse::<CallOutcome>().unwrap_err().to_string();
        assert!(err.starts_with("outcome: \"busy\""), "{err}");
        assert!(err.contains("wrong_number"), "{err}");
    }

    #[test]
    fn a_city_shows_the_tie_that_needs_the_most_work() {
        use RelationshipStatus::*;
        let worst = [Suspended, Active, Severed]
            .into_iter()
            .max_by_key(|s| s.urgency());
        assert_eq!(worst, Some(Active));
        let worst = [Severed, Suspended].into_iter().max_by_key(|s| s.urgency());
        assert_eq!(worst, Some(Suspended));
    }
}

/// Every vocabulary's friendly labels, for the UI (so labels are written once, here).
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct Labels {
    pub relationship_status: std::collections::BTreeMap<RelationshipStatus, String>,
    pub response: std::collections::BTreeMap<CityResponse, String>,
    pub outcome: std::collections::BTreeMap<CallOutcome, String>,
    pub channel: std::collections::BTreeMap<Channel, String>,
    pub kind: std::collections::BTreeMap<JurisdictionKind, String>,
    pub confidence: std::collections::BTreeMap<Confidence, String>,
}

impl Labels {
    pub fn new() -> Labels {
        fn map<T: Copy + Ord>(
            all: &[T],
            label: fn(T) -> &'static str,
        ) -> std::collections::BTreeMap<T, String> {
            all.iter().map(|v| (*v, label(*v).to_string())).collect()
        }
        Labels {
            relationship_status: map(RelationshipStatus::ALL, RelationshipStatus::label),
            response: map(CityResponse::ALL, CityResponse::label),
            outcome: map(CallOutcome::ALL, CallOutcome::label),
            channel: map(Channel::ALL, Channel::label),
            kind: map(JurisdictionKind::ALL, JurisdictionKind::label),
            confidence: map(Confidence::ALL, Confidence::label),
        }
    }
}

impl Default for Labels {
    fn default() -> Self {
        Labels::new()
    }
}
