//! A form's half-written content, kept until it is saved or discarded (issue 11): the call
//! log, the response and the contact forms keep what was typed across section switches and
//! restarts. One draft per form (`DraftKind`) and target (the city's slug; a contact draft
//! names the contact it edits among its fields). The fields are the
//! form's text values as they were typed: the form checks them when it is saved, not here.
//!
//! Drafts live in the store (table `drafts`, migration 0011) rather than in the webview's
//! storage: they belong to the store they were typed against (its cities and contacts, its
//! data folder, its backups), are written at once (a committed row, not a cache flushed
//! later) and stay on this machine (bundles and team sync do not carry them).

use std::collections::BTreeMap;

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::fields::{InputField, Problem};
use crate::time::now;

/// Which form a draft belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum DraftKind {
    Call,
    Response,
    Contact,
}

impl DraftKind {
    fn as_str(self) -> &'static str {
        match self {
            DraftKind::Call => "call",
            DraftKind::Response => "response",
            DraftKind::Contact => "contact",
        }
    }
}

/// A kept draft: the form's fields by name, and when they were last kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Draft {
    pub kind: DraftKind,
    pub target: String,
    pub fields: BTreeMap<String, String>,
    pub updated_at: String,
}

/// More fields than any form has.
pub const MAX_FIELDS: usize = 32;
/// Characters in one field (a long call note fits many times over).
pub const MAX_FIELD_CHARS: usize = 20_000;
/// Characters in a target (a slug or a contact id).
pub const MAX_TARGET_CHARS: usize = 200;

fn refused(problem: impl Into<String>) -> Error {
    Error::invalid_as(InputField::Draft, Problem::OutOfRange, problem)
}

fn checked_target(target: &str) -> Result<&str> {
    let target = target.trim();
    if target.is_empty() {
        return Err(Error::invalid_as(
            InputField::Draft,
            Problem::Missing,
            "a draft needs the city or contact it belongs to",
        ));
    }
    if target.chars().count() > MAX_TARGET_CHARS {
        return Err(refused(format!(
            "the draft's target is longer than {MAX_TARGET_CHARS} characters"
        )));
    }
    Ok(target)
}

/// Keeps the form's fields as its draft (replacing the one kept before). A draft whose
/// fields are all blank is no draft: it is discarded instead, and `None` returned.
pub fn save(
    conn: &Connection,
    kind: DraftKind,
    target: &str,
    fields: &BTreeMap<String, String>,
) -> Result<Option<Draft>> {
    let target = checked_target(target)?;
    if fields.len() > MAX_FIELDS {
        return Err(refused(format!(
            "a draft has at most {MAX_FIELDS} fields, this one has {}",
            fields.len()
        )));
    }
    if let Some((name, _)) = fields
        .iter()
        .find(|(_, v)| v.chars().count() > MAX_FIELD_CHARS)
    {
        return Err(refused(format!(
            "the draft's {name} is longer than {MAX_FIELD_CHARS} characters"
        )));
    }
    if fields.values().all(|v| v.trim().is_empty()) {
        discard(conn, kind, target)?;
        return Ok(None);
    }
    let updated_at = now();
    let json = serde_json::to_string(fields).map_err(|e| refused(e.to_string()))?;
    conn.execute(
        "INSERT INTO drafts (kind, target, fields, updated_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (kind, target) DO UPDATE SET fields = excluded.fields, updated_at = excluded.updated_at",
        params![kind.as_str(), target, json, updated_at],
    )?;
    Ok(Some(Draft {
        kind,
        target: target.to_string(),
        fields: fields.clone(),
        updated_at,
    }))
}

/// The draft kept for this form and target, if any.
pub fn get(conn: &Connection, kind: DraftKind, target: &str) -> Result<Option<Draft>> {
    let target = checked_target(target)?;
    let row: Option<(String, String)> = conn
        .query_row(
            "SELECT fields, updated_at FROM drafts WHERE kind = ?1 AND target = ?2",
            params![kind.as_str(), target],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let Some((json, updated_at)) = row else {
        return Ok(None);
    };
    // A row this module did not write (edited by hand) is shown as no draft, not an error
    // that would keep the form from opening.
    let Ok(fields) = serde_json::from_str::<BTreeMap<String, String>>(&json) else {
        return Ok(None);
    };
    Ok(Some(Draft {
        kind,
        target: target.to_string(),
        fields,
        updated_at,
    }))
}

/// Every draft kept for a target (a city's forms), in the order call, response, contact.
pub fn for_target(conn: &Connection, target: &str) -> Result<Vec<Draft>> {
    let mut out = Vec::new();
    for kind in [DraftKind::Call, DraftKind::Response, DraftKind::Contact] {
        out.extend(get(conn, kind, target)?);
    }
    Ok(out)
}

/// Throws the draft away (after the form was saved, or when the volunteer discards it).
/// Discarding a draft that is not there does nothing.
pub fn discard(conn: &Connection, kind: DraftKind, target: &str) -> Result<()> {
    let target = checked_target(target)?;
    conn.execute(
        "DELETE FROM drafts WHERE kind = ?1 AND target = ?2",
        params![kind.as_str(), target],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Store;

    fn fields(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn a_draft_is_kept_replaced_read_back_and_discarded() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("outreach.db");
        {
            let store = Store::open(&path).unwrap();
            let c = store.conn();
            save(
                c,
                DraftKind::Call,
                "portland-or",
                &fields(&[("notes", "Spoke to the aide")]),
            )
            .unwrap();
            save(
                c,
                DraftKind::Call,
                "portland-or",
                &fields(&[
                    ("notes", "Spoke to the aide, call back"),
                    ("outcome", "contact"),
                ]),
            )
            .unwrap();
        }
        // Reopened: the draft survived (a restart of the app).
        let store = Store::open(&path).unwrap();
        let c = store.conn();
        let kept = get(c, DraftKind::Call, "portland-or").unwrap().unwrap();
        assert_eq!(kept.fields["notes"], "Spoke to the aide, call back");
        assert_eq!(kept.fields["outcome"], "contact");
        // Another form's draft for the same city is another draft.
        assert_eq!(get(c, DraftKind::Response, "portland-or").unwrap(), None);
        save(
            c,
            DraftKind::Contact,
            "portland-or",
            &fields(&[("name", "Ann")]),
        )
        .unwrap();
        let kinds: Vec<DraftKind> = for_target(c, "portland-or")
            .unwrap()
            .into_iter()
            .map(|d| d.kind)
            .collect();
        assert_eq!(kinds, [DraftKind::Call, DraftKind::Contact]);
        discard(c, DraftKind::Call, "portland-or").unwrap();
        assert_eq!(get(c, DraftKind::Call, "portland-or").unwrap(), None);
        discard(c, DraftKind::Call, "portland-or").unwrap();
    }

    #[test]
    fn a_blank_draft_is_no_draft() {
        let store = Store::open_in_memory().unwrap();
        let c = store.conn();
        save(
            c,
            DraftKind::Contact,
            "new:portland-or",
            &fields(&[("name", "Ann")]),
        )
        .unwrap();
        let saved = save(
            c,
            DraftKind::Contact,
            "new:portland-or",
            &fields(&[("name", "  "), ("phone", "")]),
        )
        .unwrap();
        assert_eq!(saved, None);
        assert_eq!(get(c, DraftKind::Contact, "new:portland-or").unwrap(), None);
    }

    #[test]
    fn an_oversized_or_targetless_draft_is_refused_and_the_kept_one_stays() {
        let store = Store::open_in_memory().unwrap();
        let c = store.conn();
        save(
            c,
            DraftKind::Call,
            "portland-or",
            &fields(&[("notes", "kept")]),
        )
        .unwrap();
        let long = "x".repeat(MAX_FIELD_CHARS + 1);
        let err = save(
            c,
            DraftKind::Call,
            "portland-or",
            &fields(&[("notes", &long)]),
        )
        .unwrap_err();
        assert!(err.to_string().contains("notes is longer than"), "{err}");
        let err = save(c, DraftKind::Call, " ", &fields(&[("notes", "x")])).unwrap_err();
        assert!(err.to_string().starts_with("draft:"), "{err}");
        let many: BTreeMap<String, String> = (0..=MAX_FIELDS)
            .map(|i| (format!("f{i}"), "x".into()))
            .collect();
        assert!(save(c, DraftKind::Call, "portland-or", &many).is_err());
        assert_eq!(
            get(c, DraftKind::Call, "portland-or")
                .unwrap()
                .unwrap()
                .fields["notes"],
            "kept"
        );
    }

    #[test]
    fn a_store_of_the_first_schema_gets_drafts_and_keeps_its_calls() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("outreach.db");
        std::fs::copy(
            concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/tests/fixtures/store-v1/outreach.db"
            ),
            &path,
        )
        .unwrap();
        let count = |c: &Connection| -> u32 {
            c.query_row("SELECT count(*) FROM calls", [], |r| r.get(0))
                .unwrap()
        };
        let before = count(&Connection::open(&path).unwrap());
        assert!(before > 0, "the fixture has a volunteer's calls");
        let store = Store::open(&path).unwrap();
        assert_eq!(count(store.conn()), before, "every call kept");
        save(
            store.conn(),
            DraftKind::Call,
            "portland-or",
            &fields(&[("notes", "x")]),
        )
        .unwrap();
        assert!(get(store.conn(), DraftKind::Call, "portland-or")
            .unwrap()
            .is_some());
    }
}
