//! `contacts` and `contact_revisions`, and the one shape of a revision's snapshot.

use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::vocab::Confidence;

table_row! {
    /// A contact, every column: what bundles carry and what a revision keeps of the
    /// version it replaced (its snapshot is this row as JSON).
    ContactRow in "contacts" {
        id: String,
        city_id: String,
        name: String,
        role: String,
        phone: Option<String>,
        email: Option<String>,
        website: Option<String>,
        address: Option<String>,
        notes: String,
        last_verified: Option<String>,
        term_end: Option<String>,
        external_id: Option<String>,
        source: Option<String>,
        origin: String,
        /// The research's confidence in a seeded contact (null for others).
        confidence: Option<crate::vocab::Confidence>,
        edited_by_hand: i64,
        created_at: String,
        updated_at: String,
        deleted_at: Option<String>,
    }
}

table_row! {
    /// A previous version of a contact: `snapshot` is a [`ContactRow`] as JSON.
    RevisionRow in "contact_revisions" {
        id: String,
        contact_id: String,
        snapshot: String,
        edited_at: String,
        volunteer: Option<String>,
        created_at: String,
    }
}

impl ContactRow {
    /// The row with this source id (`external_id`), removed or not.
    pub fn by_external_id(conn: &Connection, key: &str) -> rusqlite::Result<Option<ContactRow>> {
        // Built once: an import looks up every row of its file.
        static SQL: std::sync::OnceLock<String> = std::sync::OnceLock::new();
        let sql = SQL.get_or_init(|| ContactRow::select("WHERE external_id = ?1"));
        conn.prepare_cached(sql)?
            .query_row([key], ContactRow::from_row)
            .optional()
    }

    /// The JSON snapshot kept in `contact_revisions`: the one shape every writer uses.
    pub fn snapshot(&self) -> String {
        serde_json::to_string(self).expect("a contact serialises")
    }

    /// Keeps this version as a revision of its contact, replaced at `at` (by `volunteer`);
    /// returns the revision's id.
    pub fn keep_as_revision(
        &self,
        conn: &Connection,
        at: &str,
        volunteer: Option<&str>,
    ) -> rusqlite::Result<String> {
        let rev = RevisionRow {
            id: crate::ids::new_row_id(),
            contact_id: self.id.clone(),
            snapshot: self.snapshot(),
            edited_at: at.to_string(),
            volunteer: volunteer.map(str::to_string),
            created_at: at.to_string(),
        };
        rev.insert(conn)?;
        Ok(rev.id)
    }
}

/// The shape the contact form's edits wrote before schema 2 (the contact as the UI saw
/// it): what [`upgrade_snapshot`] turns into a [`ContactRow`].
#[derive(serde::Deserialize)]
struct EditSnapshot {
    id: String,
    name: String,
    #[serde(default)]
    role: String,
    phone: Option<String>,
    email: Option<String>,
    website: Option<String>,
    address: Option<String>,
    #[serde(default)]
    notes: String,
    last_verified: Option<String>,
    term_end: Option<String>,
    source: Option<String>,
    #[serde(default)]
    edited_by_hand: bool,
}

/// A snapshot in the one shape. One in the shape the form's edits wrote before schema 2
/// is completed from the contact's row (its city, source id, origin and creation time do
/// not change by an edit) and its history (it was current from the previous revision, or
/// from the contact's creation). Another shape, or a snapshot of a contact this store does
/// not have, is returned as it is.
pub fn upgrade_snapshot(
    conn: &Connection,
    contact_id: &str,
    edited_at: &str,
    snapshot: &str,
) -> rusqlite::Result<String> {
    if serde_json::from_str::<ContactRow>(snapshot).is_ok() {
        return Ok(snapshot.to_string());
    }
    let Ok(old) = serde_json::from_str::<EditSnapshot>(snapshot) else {
        return Ok(snapshot.to_string());
    };
    let Some(contact) = ContactRow::find(conn, contact_id)? else {
        return Ok(snapshot.to_string());
    };
    let since: Option<String> = conn
        .prepare_cached(
            "SELECT max(edited_at) FROM contact_revisions WHERE contact_id = ?1 AND edited_at < ?2",
        )?
        .query_row([contact_id, edited_at], |r| r.get(0))?;
    Ok(ContactRow {
        id: old.id,
        city_id: contact.city_id,
        name: old.name,
        role: old.role,
        phone: old.phone,
        email: old.email,
        website: old.website,
        address: old.address,
        notes: old.notes,
        last_verified: old.last_verified,
        term_end: old.term_end,
        external_id: contact.external_id,
        source: old.source,
        origin: contact.origin,
        confidence: contact.confidence,
        edited_by_hand: i64::from(old.edited_by_hand),
        created_at: contact.created_at.clone(),
        updated_at: since.unwrap_or(contact.created_at),
        deleted_at: None,
    }
    .snapshot())
}

/// Migration 2: rewrites every revision whose snapshot has the old edit shape.
pub(crate) fn upgrade_stored_snapshots(conn: &Connection) -> rusqlite::Result<()> {
    let old: Vec<(String, String, String, String)> = {
        let mut stmt = conn.prepare(
            "SELECT id, contact_id, edited_at, snapshot FROM contact_revisions
             WHERE json_valid(snapshot) AND json_type(snapshot, '$.city_id') IS NULL",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let mut put = conn.prepare("UPDATE contact_revisions SET snapshot = ?2 WHERE id = ?1")?;
    for (id, contact_id, edited_at, snapshot) in old {
        let new = upgrade_snapshot(conn, &contact_id, &edited_at, &snapshot)?;
        if new != snapshot {
            put.execute([&id, &new])?;
        }
    }
    Ok(())
}

/// A seeded contact's values: what the seed writes, and what it offers when a volunteer's
/// version differs (kept as JSON in `contacts.seed_offer`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SeedContactValues {
    pub name: String,
    pub role: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub website: Option<String>,
    pub address: Option<String>,
    pub notes: String,
    /// The URL the details were read from.
    pub source: String,
    /// `YYYY-MM-DD`: the source's date.
    pub last_verified: String,
    /// `YYYY-MM-DD`: when the term ends, where known.
    pub term_end: Option<String>,
    pub confidence: Confidence,
}
