//! What an export carries: the rows changed since a time (everything when none).

use rusqlite::Connection;

use super::Payload;
use crate::error::Result;
use crate::rows::{
    CallRow, CityRow, ContactRow, FollowUpRow, ResponseRow, RevisionRow, TieEventRow, TieRow,
};

/// Collects what changed since `since` (everything when `None`).
pub fn collect(conn: &Connection, since: Option<&str>) -> Result<Payload> {
    Ok(Payload {
        cities: CityRow::list(
            conn,
            "WHERE origin = 'volunteer' AND (?1 IS NULL OR created_at > ?1) ORDER BY id",
            [since],
        )?,
        ties: TieRow::list(
            conn,
            "WHERE origin = 'volunteer' AND (?1 IS NULL OR created_at > ?1) ORDER BY id",
            [since],
        )?,
        contacts: ContactRow::list(
            conn,
            "WHERE ?1 IS NULL OR updated_at > ?1 OR deleted_at > ?1
               OR id IN (SELECT contact_id FROM calls WHERE created_at > ?1 OR undone_at > ?1)
             ORDER BY id",
            [since],
        )?,
        contact_revisions: RevisionRow::list(
            conn,
            "WHERE ?1 IS NULL OR created_at > ?1 ORDER BY id",
            [since],
        )?,
        calls: CallRow::list(
            conn,
            "WHERE ?1 IS NULL OR created_at > ?1 OR undone_at > ?1 ORDER BY created_at, id",
            [since],
        )?,
        responses: ResponseRow::list(
            conn,
            "WHERE ?1 IS NULL OR created_at > ?1 OR undone_at > ?1 ORDER BY id",
            [since],
        )?,
        status_events: TieEventRow::list(
            conn,
            "WHERE origin <> 'seed' AND (?1 IS NULL OR created_at > ?1 OR undone_at > ?1)
             ORDER BY id",
            [since],
        )?,
        follow_ups: FollowUpRow::list(
            conn,
            "WHERE ?1 IS NULL OR updated_at > ?1 OR created_at > ?1 OR closed_at > ?1 ORDER BY id",
            [since],
        )?,
    })
}
