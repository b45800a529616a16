//! Identifiers. A city is named by its slug where people type (`portland-or`) and by its id
//! where rows hold it; [`resolve_city`] turns one into the other once per command, and
//! [`CityId`] is a type of its own so a slug and an id cannot be passed for each other.
//! Rows that two machines may create alike get ids derived from what they are (UUIDv5), so
//! they meet as one row: seeded rows ([`seed_id`], [`city_id`], [`relationship_id`]) and
//! imported contacts ([`contact_id`]). Every other row the app makes gets a time-ordered id
//! ([`new_row_id`]).

use rusqlite::types::{ToSql, ToSqlOutput};
use rusqlite::{Connection, OptionalExtension};
use uuid::Uuid;

use crate::error::{Error, Result};

/// A city's id (the `cities.id` column), as found by [`resolve_city`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct CityId(String);

impl CityId {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// An id read from a row's `city_id` (a city the store has).
    pub(crate) fn from_stored(id: String) -> CityId {
        CityId(id)
    }
}

impl std::fmt::Display for CityId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl ToSql for CityId {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        self.0.to_sql()
    }
}

impl From<CityId> for String {
    fn from(id: CityId) -> String {
        id.0
    }
}

/// The id of the city with `slug`, or an error naming the slug.
pub fn resolve_city(conn: &Connection, slug: &str) -> Result<CityId> {
    conn.prepare_cached("SELECT id FROM cities WHERE slug = ?1")?
        .query_row([slug], |r| r.get(0))
        .optional()?
        .map(CityId)
        .ok_or_else(|| Error::UnknownCity {
            slug: slug.to_string(),
        })
}

/// The id of a row this machine makes now (a call, a response, a follow-up,
/// a contact typed in, a journal entry...): a UUIDv7, whose first 48 bits are the time in
/// milliseconds. New rows go to the right edge of their table's id index instead of to a
/// random page of it (a merge of 100,000 calls into a store of a million touches a few
/// hundred index pages instead of nearly all of them). Ids made in one millisecond still
/// differ (74 random bits, and this process's own ids rise); nothing reads a time from an id
/// or relies on ids being random (bundles and team sync carry ids of any version).
pub fn new_row_id() -> String {
    Uuid::now_v7().to_string()
}

/// The id of a status change this machine records: random (v4), not [`new_row_id`]. Earlier
/// versions take a volunteer's status change from a bundle or team sync only with a v4 id
/// (a v5 one is a seeded entry's), so a v7 id would be refused by a teammate who has not
/// updated. Status changes are a few a day; their index gains nothing from time order.
pub fn new_status_change_id() -> String {
    Uuid::new_v4().to_string()
}

/// The id of a row made at `millis` (milliseconds since 1970) from `random` bytes: what
/// [`new_row_id`] would have made then (`outreach generate` dates its rows in the past).
pub(crate) fn row_id_at(millis: u64, random: [u8; 10]) -> String {
    uuid::Builder::from_unix_timestamp_millis(millis, &random)
        .into_uuid()
        .to_string()
}

/// The namespace of seeded rows' UUIDv5 ids: the same seed gives the same ids everywhere.
const SEED_NAMESPACE: Uuid = Uuid::from_u128(0x6f75_7472_6561_6368_2d64_6573_6b2d_7365);

pub fn seed_id(key: &str) -> String {
    Uuid::new_v5(&SEED_NAMESPACE, key.as_bytes()).to_string()
}

pub fn city_id(slug: &str) -> String {
    seed_id(&format!("city:{slug}"))
}

/// The id of a seeded tie and of one of its history entries.
pub(crate) fn relationship_key(slug: &str, sister_city: &str) -> String {
    format!("relationship:{slug}:{sister_city}")
}

pub(crate) fn event_id(rkey: &str, seq: i64) -> String {
    seed_id(&format!("{rkey}:event:{seq}"))
}

/// The id of the tie between the target `slug` and `sister_city`: the same wherever it
/// was made (by the seed, or by a volunteer who added the pair).
pub fn relationship_id(slug: &str, sister_city: &str) -> String {
    seed_id(&relationship_key(slug, sister_city))
}

/// For the ids of imported contacts: derived from the contact's key, so two machines that
/// import the same file give the contact the same id and their bundles merge it as one.
const IMPORT_NS: uuid::Uuid = uuid::Uuid::from_u128(0x6f75_7472_6561_6368_2d69_6d70_6f72_7473);

pub fn contact_id(key: &str) -> String {
    uuid::Uuid::new_v5(&IMPORT_NS, key.as_bytes()).to_string()
}
