//! The Import & export screen: contact imports (preview, then apply), exports, volunteer
//! bundles and backups. Paths come from the system file dialogs or a typed path; an
//! existing output file is replaced (the save dialog asked first), never the store or
//! anything that is not a regular file (`outreach_core::output`).

use std::path::PathBuf;

use outreach_core::backup::{BackupInfo, RestoreReport};
use outreach_core::bundle::journal::MergeUndo;
use outreach_core::bundle::{self, BundleExport, MergeReport};
use outreach_core::export::{self, ExportFormat, ExportKind, ExportSummary};
use outreach_core::fields::InputField;
use outreach_core::import::{self, ImportChoices, ImportReport, ImportSource};
use outreach_core::output::Existing;
use outreach_core::{Error, ErrorPayload};
use tauri::State;

use crate::state::AppState;

fn path_arg(path: &str) -> Result<PathBuf, ErrorPayload> {
    let p = path.trim();
    if p.is_empty() {
        return Err(Error::invalid(InputField::File, "choose a file or type its path").payload());
    }
    Ok(PathBuf::from(p))
}

/// Previews (`dry_run`) or applies an import. `mapping` pairs a CSV column with a field.
#[tauri::command(async)]
pub fn import_contacts(
    state: State<'_, AppState>,
    source: ImportSource,
    path: String,
    mapping: Vec<(String, String)>,
    dry_run: bool,
    choices: ImportChoices,
) -> Result<ImportReport, ErrorPayload> {
    let path = path_arg(&path)?;
    state.with_store_mut(|s| import::import_file(s, source, &path, &mapping, dry_run, &choices))
}

#[tauri::command(async)]
pub fn export_data(
    state: State<'_, AppState>,
    kind: ExportKind,
    format: ExportFormat,
    path: String,
) -> Result<ExportSummary, ErrorPayload> {
    let path = path_arg(&path)?;
    state.read(|c| export::write_file(c, kind, format, &path, Existing::Replace))
}

#[tauri::command(async)]
pub fn bundle_export(
    state: State<'_, AppState>,
    path: String,
    all: bool,
) -> Result<BundleExport, ErrorPayload> {
    let path = path_arg(&path)?;
    state.write(|c| bundle::export(c, &path, all, Existing::Replace))
}

#[tauri::command(async)]
pub fn bundle_import(
    state: State<'_, AppState>,
    path: String,
) -> Result<MergeReport, ErrorPayload> {
    let path = path_arg(&path)?;
    state.with_store_mut(|s| bundle::import(s, &path))
}

store_commands! {
    /// Undoes a bundle merge (the latest when no id is given).
    fn bundle_undo_merge(merge_id: Option<String>) -> MergeUndo =>
        write(|c| bundle::journal::undo(c, merge_id.as_deref()));
    fn backup_list() -> Vec<BackupInfo> => with_store(|s| s.backups());
    fn backup_create() -> BackupInfo => with_store(|s| {
        s.backup("manual")?
            .ok_or_else(|| Error::Backup("a store in memory cannot be backed up".into()))
    });
    fn backup_restore(id: String) -> RestoreReport => with_store_mut(|s| s.restore_backup(&id));
}
