//! Writing an import's plan: one transaction, every replaced version kept as a revision.

use rusqlite::Connection;

use super::{ImportAction, ImportChoices, Incoming, PreviewRow};
use crate::error::Result;
use crate::rows::ContactRow;
use crate::time::now;
use crate::vocab::Origin;

/// Writes the plan in one transaction. Returns (written, conflicts kept).
pub(super) fn write(
    conn: &mut Connection,
    rows: &[PreviewRow],
    incoming: &[Option<Incoming>],
    choices: &ImportChoices,
) -> Result<(u32, u32)> {
    let tx = crate::atomic::begin(conn)?;
    let at = now();
    let mut written = 0;
    let mut kept = 0;
    for (row, inc) in rows.iter().zip(incoming) {
        let Some(inc) = inc else { continue };
        match row.action {
            ImportAction::Add => {
                let mut new = inc.fields.clone().into_row(
                    crate::ids::contact_id(&inc.key),
                    inc.city_id.clone(),
                    Origin::Import,
                    &at,
                );
                new.external_id = Some(inc.key.clone());
                new.source = Some(inc.source.clone());
                new.insert(&tx)?;
                written += 1;
            }
            ImportAction::Update | ImportAction::Conflict => {
                if row.action == ImportAction::Conflict && !choices.takes(&inc.key) {
                    kept += 1;
                    continue;
                }
                let Some(cur) = ContactRow::by_external_id(&tx, &inc.key)? else {
                    continue;
                };
                cur.keep_as_revision(&tx, &at, None)?;
                let mut new = cur.clone();
                inc.fields.clone().write_to(&mut new);
                new.last_verified = cur.last_verified;
                if inc.keeps_notes {
                    new.notes = cur.notes;
                }
                new.city_id = inc.city_id.clone();
                new.source = Some(inc.source.clone());
                new.edited_by_hand = 0;
                new.deleted_at = None;
                new.updated_at = at.clone();
                new.upsert(&tx)?;
                written += 1;
            }
            _ => {}
        }
    }
    tx.commit()?;
    Ok((written, kept))
}
