//! Writing an import's plan: one transaction, every replaced version kept as a revision,
//! and everything written journalled (`crate::journal`, kind `import`) so the import can
//! be undone.

use rusqlite::Connection;

use super::plan::Planned;
use super::{ImportAction, ImportChoices, PreviewRow};
use crate::error::Result;
use crate::journal;
use crate::time::now;
use crate::vocab::Origin;

/// What [`write`] did.
pub(super) struct Written {
    /// Contacts written (added, updated, conflicts taken).
    pub written: u32,
    /// Conflicts left as the volunteer edited them.
    pub kept: u32,
    /// The journal entry, when anything was written.
    pub import_id: Option<String>,
}

/// Writes the plan of `file`, journalled, in the caller's transaction (which it leaves to
/// the caller: nothing written, no `import_id`, and the caller rolls the entry back).
pub(super) fn write(
    tx: &Connection,
    file: &str,
    rows: &[PreviewRow],
    planned: Vec<Option<Planned>>,
    choices: &ImportChoices,
) -> Result<Written> {
    let at = now();
    let machine = crate::settings::machine_id(tx)?;
    let entry = journal::start(tx, journal::Kind::Import, file, &machine, &at, &at)?;
    // The contacts added are journalled at the end in one statement: those past this rowid.
    let last = journal::last_rowid(tx, "contacts")?;
    let mut written = 0;
    let mut kept = 0;
    let mut adds = Vec::new();
    for (row, p) in rows.iter().zip(planned) {
        let Some(Planned { inc, current }) = p else {
            continue;
        };
        match row.action {
            ImportAction::Add => {
                let mut new = inc.fields.into_row(
                    crate::ids::contact_id(&inc.key),
                    inc.city_id,
                    Origin::Import,
                    &at,
                );
                new.external_id = Some(inc.key);
                new.source = Some(inc.source);
                adds.push(new);
            }
            ImportAction::Update | ImportAction::Conflict => {
                if row.action == ImportAction::Conflict && !choices.takes(&inc.key) {
                    kept += 1;
                    continue;
                }
                let Some(cur) = current else {
                    continue;
                };
                let revision = cur.keep_as_revision(tx, &at, None)?;
                journal::added(tx, Some(&entry), "contact_revisions", &revision)?;
                let mut new = cur.clone();
                inc.fields.write_to(&mut new);
                new.last_verified = cur.last_verified.clone();
                if inc.keeps_notes {
                    new.notes = cur.notes.clone();
                }
                new.city_id = inc.city_id;
                new.source = Some(inc.source);
                new.edited_by_hand = 0;
                new.deleted_at = None;
                new.updated_at = at.clone();
                new.upsert(tx)?;
                journal::changed(tx, Some(&entry), "contacts", &new.id, &cur, &new)?;
                written += 1;
            }
            _ => {}
        }
    }
    // New contacts in id order: each lands next to the one before it in the contacts'
    // key index (the ids are uuids: in file order they would land all over it).
    adds.sort_unstable_by(|a, b| a.id.cmp(&b.id));
    for new in &adds {
        new.insert(tx)?;
        written += 1;
    }
    if written == 0 {
        return Ok(Written {
            written,
            kept,
            import_id: None,
        });
    }
    // Each has the import's time as its `updated_at`: undo sees an edit made since by that.
    journal::added_after(tx, &entry, "contacts", last)?;
    Ok(Written {
        written,
        kept,
        import_id: Some(entry),
    })
}
