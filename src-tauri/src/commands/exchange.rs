//! The Import & export screen: contact imports (preview, then apply), exports, volunteer
//! bundles and backups. Paths come only from the system file dialogs, which the app opens
//! itself (`crate::dialogs`): no command takes a path from the page. An existing output file
//! is replaced only after the save dialog asked, never the store or anything that is not a
//! regular file (`outreach_core::output`).

use std::path::Path;

use outreach_core::backup::{BackupInfo, RestoreReport};
use outreach_core::bundle::{self, BundleExport, MergeReport};
use outreach_core::export::{self, ExportFormat, ExportKind, ExportSummary};
use outreach_core::fields::InputField;
use outreach_core::import::{self, ImportChoices, ImportReport, ImportSource, ImportUndo};
use outreach_core::journal;
use outreach_core::journal::MergeUndo;
use outreach_core::output::Existing;
use outreach_core::{Error, ErrorPayload};
use tauri::{Runtime, State, WebviewWindow};

use crate::dialogs::{Ask, ChosenFiles, FileDialogs, Purpose};
use crate::state::AppState;

/// The file picked for `purpose`, or an error that says to pick one.
fn chosen(files: &ChosenFiles, purpose: Purpose) -> Result<std::path::PathBuf, ErrorPayload> {
    files
        .get(purpose)
        .ok_or_else(|| Error::invalid(InputField::File, "choose a file first (Choose…)").payload())
}

/// Shows the open dialog `ask` and keeps the pick for `purpose`'s command; returns the path
/// picked, to show, or `None` when cancelled.
async fn pick<R: Runtime>(
    window: &WebviewWindow<R>,
    dialogs: &FileDialogs,
    files: &ChosenFiles,
    purpose: Purpose,
    ask: Ask,
) -> Option<String> {
    let picked = dialogs.ask(window, ask).await;
    if picked.is_some() {
        files.set(purpose, picked.clone());
    }
    picked.map(|p| p.display().to_string())
}

/// Asks where to save (`file_name` suggested), then writes there with `write`; `None` when
/// the save dialog was cancelled.
async fn save_as<R: Runtime, T>(
    window: &WebviewWindow<R>,
    dialogs: &FileDialogs,
    title: &'static str,
    file_name: String,
    write: impl FnOnce(&Path) -> Result<T, ErrorPayload>,
) -> Result<Option<T>, ErrorPayload> {
    let ask = Ask::Save { title, file_name };
    let Some(path) = dialogs.ask(window, ask).await else {
        return Ok(None);
    };
    write(&path).map(Some)
}

/// Shows the open dialog for a contact file (`folder`: an Open States folder) and keeps the
/// pick for [`import_contacts`]; returns the path picked, to show, or `None` when cancelled.
#[tauri::command]
pub async fn choose_import<R: Runtime>(
    window: WebviewWindow<R>,
    dialogs: State<'_, FileDialogs>,
    files: State<'_, ChosenFiles>,
    source: ImportSource,
    folder: bool,
) -> Result<Option<String>, ErrorPayload> {
    let ask = match (source, folder) {
        (_, true) => Ask::OpenFolder {
            title: "Choose an Open States folder",
        },
        (ImportSource::Csv, false) => Ask::OpenFile {
            title: "Choose a contact file",
            extensions: &["csv"],
        },
        (ImportSource::Openstates, false) => Ask::OpenFile {
            title: "Choose an Open States file",
            extensions: &["zip", "yml", "yaml"],
        },
    };
    Ok(pick(&window, &dialogs, &files, Purpose::Import, ask).await)
}

/// Previews (`dry_run`) or applies an import of the file picked with [`choose_import`].
/// `mapping` pairs a CSV column with a field.
#[tauri::command(async)]
pub fn import_contacts(
    state: State<'_, AppState>,
    files: State<'_, ChosenFiles>,
    source: ImportSource,
    mapping: Vec<(String, String)>,
    dry_run: bool,
    choices: ImportChoices,
) -> Result<ImportReport, ErrorPayload> {
    let path = chosen(&files, Purpose::Import)?;
    state.with_store_mut(|s| import::import_file(s, source, &path, &mapping, dry_run, &choices))
}

/// `calls.csv`, `contacts.json`…: the kind and format as the page names them.
fn suggested_name(kind: ExportKind, format: ExportFormat) -> String {
    let word = |v: serde_json::Value| v.as_str().unwrap_or("export").to_string();
    format!(
        "{}.{}",
        word(serde_json::json!(kind)),
        word(serde_json::json!(format))
    )
}

/// Asks where to save, then exports; `None` when the save dialog was cancelled.
#[tauri::command]
pub async fn export_data<R: Runtime>(
    window: WebviewWindow<R>,
    dialogs: State<'_, FileDialogs>,
    state: State<'_, AppState>,
    kind: ExportKind,
    format: ExportFormat,
) -> Result<Option<ExportSummary>, ErrorPayload> {
    save_as(
        &window,
        &dialogs,
        "Export",
        suggested_name(kind, format),
        |path| state.read(|c| export::write_file(c, kind, format, path, Existing::Replace)),
    )
    .await
}

/// Asks where to save the bundle, then writes it; `None` when cancelled.
#[tauri::command]
pub async fn bundle_export<R: Runtime>(
    window: WebviewWindow<R>,
    dialogs: State<'_, FileDialogs>,
    state: State<'_, AppState>,
    all: bool,
) -> Result<Option<BundleExport>, ErrorPayload> {
    let file_name = "outreach-bundle.json.gz".to_string();
    save_as(&window, &dialogs, "Save the bundle", file_name, |path| {
        state.write(|c| bundle::export(c, path, all, Existing::Replace))
    })
    .await
}

/// Shows the open dialog for a volunteer's bundle and keeps the pick for [`bundle_import`].
#[tauri::command]
pub async fn choose_bundle<R: Runtime>(
    window: WebviewWindow<R>,
    dialogs: State<'_, FileDialogs>,
    files: State<'_, ChosenFiles>,
) -> Result<Option<String>, ErrorPayload> {
    let ask = Ask::OpenFile {
        title: "Choose a volunteer bundle",
        extensions: &["json", "gz"],
    };
    Ok(pick(&window, &dialogs, &files, Purpose::Bundle, ask).await)
}

/// Merges the bundle picked with [`choose_bundle`].
#[tauri::command(async)]
pub fn bundle_import(
    state: State<'_, AppState>,
    files: State<'_, ChosenFiles>,
) -> Result<MergeReport, ErrorPayload> {
    let path = chosen(&files, Purpose::Bundle)?;
    state.with_store_mut(|s| bundle::import(s, &path))
}

store_commands! {
    /// Undoes a contact import (the latest when no id is given): "Undo this import".
    fn import_undo(import_id: Option<String>) -> ImportUndo =>
        with_store_mut(|s| import::undo_import(s, import_id.as_deref()));
    /// Undoes a bundle merge (the latest when no id is given).
    fn bundle_undo_merge(merge_id: Option<String>) -> MergeUndo =>
        with_store_mut(|s| s.write_step(|c| journal::undo(c, merge_id.as_deref())));
    fn backup_list() -> Vec<BackupInfo> => with_store(|s| s.backups());
    fn backup_create() -> BackupInfo => with_store(|s| {
        s.backup("manual")?
            .ok_or_else(|| Error::Backup("a store in memory cannot be backed up".into()))
    });
    fn backup_restore(id: String) -> RestoreReport => with_store_mut(|s| s.restore_backup(&id));
}
