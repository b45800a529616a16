//! The app's own vocabularies (the campaign's brief, "Vocabularies"): enums stored as their
//! snake_case names and shown with friendly labels.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::fields::{InputField, Problem};

use crate::error::Error;

/// Defines a vocabulary enum with its stored names and friendly labels, and the
/// conversions every vocabulary needs (parse with an error that lists the allowed values,
/// display as the stored name, SQL text conversion).
macro_rules! vocabulary {
    (
        $(#[$meta:meta])*
        $name:ident, $field:path {
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
                    other => Err(Error::invalid_as(
                        $field,
                        Problem::NotOneOf,
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
    RelationshipStatus, InputField::RelationshipStatus {
        Active = "active", "Active";
        Suspended = "suspended", "Suspended";
        Severed = "severed", "Severed";
        Unknown = "unknown", "Unknown";
    }
}

vocabulary! {
    /// What a city's office told the campaign.
    CityResponse, InputField::Response {
        None = "none", "No response";
        Acknowledged = "acknowledged", "Acknowledged";
        Considering = "considering", "Considering";
        Committed = "committed", "Committed to act";
        Declined = "declined", "Declined";
    }
}

vocabulary! {
    /// The outcome of one call or e-mail (the 5 Calls set plus two a city hall produces).
    CallOutcome, InputField::Outcome {
        Contact = "contact", "Spoke with a person";
        Voicemail = "voicemail", "Left a voicemail";
        Unavailable = "unavailable", "No answer";
        WrongNumber = "wrong_number", "Wrong number";
        CallbackRequested = "callback_requested", "Callback requested";
    }
}

vocabulary! {
    /// How a volunteer reached the office.
    Channel, InputField::Channel {
        Phone = "phone", "Phone";
        Email = "email", "E-mail";
    }
}

vocabulary! {
    /// What kind of jurisdiction a target is.
    JurisdictionKind, InputField::Kind {
        City = "city", "City";
        County = "county", "County";
        CityCounty = "city_county", "City and county";
        State = "state", "State";
    }
}

vocabulary! {
    /// Where a row came from: the embedded seed, a volunteer on some machine, or an import.
    Origin, InputField::Origin {
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
    Confidence, InputField::Confidence {
        High = "high", "High confidence";
        Medium = "medium", "Medium confidence";
        Low = "low", "Low confidence: check before calling";
    }
}

impl RelationshipStatus {
    /// The order lists sort ties in: the ones that need the most campaign work first (an
    /// active tie outweighs an unknown one, which outweighs a suspension; severed needs
    /// none). The city list's status sort, a city's headline status and the map's draw
    /// order all come from here.
    pub const ORDER: &'static [RelationshipStatus] = &[
        RelationshipStatus::Active,
        RelationshipStatus::Unknown,
        RelationshipStatus::Suspended,
        RelationshipStatus::Severed,
    ];

    /// The position in [`Self::ORDER`] (0 = needs the most work).
    pub fn rank(self) -> usize {
        rank_in(Self::ORDER, self)
    }

    /// How much campaign work a tie still needs (higher = more): a city with several
    /// ties shows the one that needs the most.
    pub fn urgency(self) -> usize {
        Self::ORDER.len() - 1 - self.rank()
    }
}

impl CityResponse {
    /// The order lists sort responses in (campaign order): cities that have not answered
    /// first, then as a response progresses, and a refusal last.
    pub const ORDER: &'static [CityResponse] = &[
        CityResponse::None,
        CityResponse::Acknowledged,
        CityResponse::Considering,
        CityResponse::Committed,
        CityResponse::Declined,
    ];

    /// The position in [`Self::ORDER`].
    pub fn rank(self) -> usize {
        rank_in(Self::ORDER, self)
    }
}

fn rank_in<T: PartialEq + Copy>(order: &[T], value: T) -> usize {
    order
        .iter()
        .position(|v| *v == value)
        .expect("every value is in its vocabulary's order")
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

    #[test]
    fn each_order_holds_every_value_once() {
        let mut statuses = RelationshipStatus::ORDER.to_vec();
        statuses.sort();
        assert_eq!(statuses, RelationshipStatus::ALL);
        let mut responses = CityResponse::ORDER.to_vec();
        responses.sort();
        assert_eq!(responses, CityResponse::ALL);
    }
}

/// Every vocabulary's friendly labels and the orders lists sort them in, for the UI (so
/// labels and orders are written once, here; the window gets them in its boot data).
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct Labels {
    pub relationship_status: BTreeMap<RelationshipStatus, String>,
    pub response: BTreeMap<CityResponse, String>,
    pub outcome: BTreeMap<CallOutcome, String>,
    pub channel: BTreeMap<Channel, String>,
    pub kind: BTreeMap<JurisdictionKind, String>,
    pub confidence: BTreeMap<Confidence, String>,
    pub order: Orders,
}

/// The sort order of the vocabularies that lists sort by ([`RelationshipStatus::ORDER`],
/// [`CityResponse::ORDER`]).
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct Orders {
    /// Ties that need the most work first.
    pub relationship_status: Vec<RelationshipStatus>,
    /// Cities that have not answered first, a refusal last.
    pub response: Vec<CityResponse>,
}

impl Labels {
    pub fn new() -> Labels {
        fn map<T: Copy + Ord>(all: &[T], label: fn(T) -> &'static str) -> BTreeMap<T, String> {
            all.iter().map(|v| (*v, label(*v).to_string())).collect()
        }
        Labels {
            relationship_status: map(RelationshipStatus::ALL, RelationshipStatus::label),
            response: map(CityResponse::ALL, CityResponse::label),
            outcome: map(CallOutcome::ALL, CallOutcome::label),
            channel: map(Channel::ALL, Channel::label),
            kind: map(JurisdictionKind::ALL, JurisdictionKind::label),
            confidence: map(Confidence::ALL, Confidence::label),
            order: Orders {
                relationship_status: RelationshipStatus::ORDER.to_vec(),
                response: CityResponse::ORDER.to_vec(),
            },
        }
    }
}

impl Default for Labels {
    fn default() -> Self {
        Labels::new()
    }
}
