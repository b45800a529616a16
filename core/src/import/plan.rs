//! The preview of an import: each parsed row compared with the store.

use std::collections::{HashMap, HashSet};

use rusqlite::Connection;

use super::{ImportAction, ImportCounts, Incoming, Parsed, ParsedRow, PreviewRow};
use crate::error::Result;
use crate::rows::ContactRow;

/// A contact the import may write: as the file gives it, and the store's row it replaces.
pub(super) struct Planned {
    pub inc: Incoming,
    pub current: Option<ContactRow>,
}

/// Compares parsed rows with the store: the preview, and beside each row what to write.
pub(super) fn plan(
    conn: &Connection,
    parsed: Vec<ParsedRow>,
) -> Result<(Vec<PreviewRow>, Vec<Option<Planned>>)> {
    let today = jiff::Timestamp::now().strftime("%Y-%m-%d").to_string();
    let mut rows: Vec<PreviewRow> = Vec::with_capacity(parsed.len());
    let mut incoming: Vec<Option<Planned>> = Vec::with_capacity(parsed.len());
    // Each key's first row (its index in `rows` and `incoming`).
    let mut seen: HashMap<String, usize> = HashMap::with_capacity(parsed.len());
    // The source ids the store has, read in one pass over their index: a row whose key is
    // not among them is new without a lookup of its own (a first import adds every row).
    let known: HashSet<String> = conn
        .prepare("SELECT external_id FROM contacts WHERE external_id IS NOT NULL")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for p in parsed {
        let mut row = PreviewRow {
            location: p.location,
            action: ImportAction::Error,
            reason: String::new(),
            key: None,
            name: p.name,
            city: None,
            changes: Vec::new(),
            stale: false,
        };
        let inc = match p.parsed {
            Parsed::Error(reason) => {
                row.reason = reason;
                rows.push(row);
                incoming.push(None);
                continue;
            }
            Parsed::Skipped(reason) => {
                row.action = ImportAction::Skipped;
                row.reason = reason;
                rows.push(row);
                incoming.push(None);
                continue;
            }
            Parsed::Contact(inc) => *inc,
        };
        row.key = Some(inc.key.clone());
        row.name = Some(inc.fields.name.clone());
        row.city = Some(inc.city_slug.clone());
        row.stale = inc
            .fields
            .term_end
            .as_deref()
            .is_some_and(|d| d < today.as_str());
        if let Some(&i) = seen.get(&inc.key) {
            let first = &rows[i].location;
            let same = incoming[i].as_ref().is_some_and(|p| p.inc == inc);
            row.action = ImportAction::Skipped;
            row.reason = if same {
                format!("duplicate of {first}")
            } else {
                format!("{first} already gives this contact; this row is ignored")
            };
            rows.push(row);
            incoming.push(None);
            continue;
        }
        seen.insert(inc.key.clone(), rows.len());
        let existing = match known.contains(&inc.key) {
            true => ContactRow::by_external_id(conn, &inc.key)?,
            false => None,
        };
        match &existing {
            None => {
                row.action = ImportAction::Add;
                row.reason = format!("new contact for {}", inc.city_slug);
            }
            Some(cur) => {
                let changes = differences(cur, &inc);
                if changes.is_empty() && cur.deleted_at.is_none() {
                    row.action = ImportAction::Unchanged;
                    row.reason = "already up to date".into();
                } else if cur.edited_by_hand != 0 {
                    row.action = ImportAction::Conflict;
                    row.reason = if cur.deleted_at.is_some() {
                        "a volunteer removed this contact by hand".into()
                    } else {
                        format!(
                            "a volunteer edited this contact by hand; the file differs in {}",
                            changes.join(", ")
                        )
                    };
                    row.changes = changes;
                } else {
                    row.action = ImportAction::Update;
                    row.reason = if changes.is_empty() {
                        "restores a removed contact".into()
                    } else {
                        format!("changes {}", changes.join(", "))
                    };
                    row.changes = changes;
                }
            }
        }
        if row.stale {
            row.reason.push_str(&format!(
                " (stale: term ended {})",
                inc.fields.term_end.as_deref().unwrap_or_default()
            ));
        }
        // Only what the write uses is kept: the store's row for an update or a conflict.
        let current = match row.action {
            ImportAction::Update | ImportAction::Conflict => existing,
            _ => None,
        };
        rows.push(row);
        incoming.push(Some(Planned { inc, current }));
    }
    Ok((rows, incoming))
}

fn differences(cur: &ContactRow, inc: &Incoming) -> Vec<String> {
    let new = &inc.fields;
    let mut out = Vec::new();
    let mut cmp = |field: &str, a: Option<&str>, b: Option<&str>| {
        if a.unwrap_or("") != b.unwrap_or("") {
            out.push(field.to_string());
        }
    };
    cmp("name", Some(&cur.name), Some(&new.name));
    cmp("role", Some(&cur.role), Some(&new.role));
    cmp("phone", cur.phone.as_deref(), new.phone.as_deref());
    cmp("email", cur.email.as_deref(), new.email.as_deref());
    cmp("website", cur.website.as_deref(), new.website.as_deref());
    cmp("address", cur.address.as_deref(), new.address.as_deref());
    cmp("term_end", cur.term_end.as_deref(), new.term_end.as_deref());
    if !inc.keeps_notes {
        cmp("notes", Some(&cur.notes), Some(&new.notes));
    }
    if cur.city_id != inc.city_id {
        out.push("city".into());
    }
    out
}

pub(super) fn counts(rows: &[PreviewRow]) -> ImportCounts {
    let mut c = ImportCounts::default();
    for r in rows {
        match r.action {
            ImportAction::Add => c.add += 1,
            ImportAction::Update => c.update += 1,
            ImportAction::Unchanged => c.unchanged += 1,
            ImportAction::Skipped => c.skipped += 1,
            ImportAction::Error => c.error += 1,
            ImportAction::Conflict => c.conflict += 1,
        }
    }
    c
}
