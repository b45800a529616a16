//! Contact import: the US Conference of Mayors CSV (or any CSV whose columns are mapped to
//! contact fields) and Open States `people` YAML (a folder or a `.zip`).
//!
//! Every import is planned first (the preview: per row or file, add / update / unchanged /
//! skipped / error / conflict, with the reason) and written only when applied, in one
//! transaction. A contact a volunteer edited by hand (`edited_by_hand = 1`) is never
//! overwritten silently: it is a conflict, kept unless the user chooses to take the file's
//! version. Every overwritten version goes to `contact_revisions`.
//!
//! An applied import is journalled like a bundle merge (`crate::journal`, kind `import`):
//! the contacts it added and the ones it replaced (before and after), so [`undo_import`]
//! ("Undo this import") reverts it without a copy of the whole store.
//!
//! Submodules: the two formats (`csv`, `openstates`), the target cities files are matched
//! to (`places`), the preview (`plan`) and the write (`apply`).

mod apply;
pub mod csv;
pub mod openstates;
mod places;
mod plan;

use std::path::Path;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::checks;
use crate::contacts::ContactFields;
use crate::error::{Error, Result};
use crate::fields::InputField;
use crate::journal::{self, MergeEntry};
use crate::Store;

pub(crate) use places::{state_code, CityIndex};

/// What applying the import does to one row or file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ImportAction {
    Add,
    Update,
    Unchanged,
    /// Not a target city, not a mayor, or a duplicate row.
    Skipped,
    Error,
    /// The contact was edited by hand and the file differs: the user chooses.
    Conflict,
}

/// Which kind of file an import reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ImportSource {
    /// A contact CSV (US Conference of Mayors columns, or mapped columns).
    Csv,
    /// Open States `people` data: a folder, a `.zip` or one `.yml` file.
    Openstates,
}

/// What to do with conflicts (contacts edited by hand that the file would change).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ConflictChoice {
    /// Keep the hand-edited version (the default).
    #[default]
    Keep,
    /// Take the file's version; the hand-edited one goes to the contact's history.
    Take,
}

/// The user's choices for an import: the default for conflicts, and the rows (by
/// [`PreviewRow::key`]) where the other choice was made.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ImportChoices {
    pub on_conflict: ConflictChoice,
    /// Keys of conflict rows that take the file's version even when the default is keep.
    #[serde(default)]
    pub take: Vec<String>,
    /// Keys of conflict rows that keep the hand-edited version even when the default is take.
    #[serde(default)]
    pub keep: Vec<String>,
}

impl ImportChoices {
    fn takes(&self, key: &str) -> bool {
        match self.on_conflict {
            ConflictChoice::Keep => self.take.iter().any(|k| k == key),
            ConflictChoice::Take => !self.keep.iter().any(|k| k == key),
        }
    }
}

/// One row of a CSV or one person file of Open States, and what the import does with it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct PreviewRow {
    /// Where it is: `mayors.csv row 4` or `data/or/municipalities/Ted-Wheeler-....yml`.
    pub location: String,
    pub action: ImportAction,
    /// Why: the problem for an error, what changes for an update, why skipped.
    pub reason: String,
    /// The contact's stable key (the Open States person id, or `csv:<city>:<role>`).
    pub key: Option<String>,
    pub name: Option<String>,
    /// The target city's slug, when the row matched one.
    pub city: Option<String>,
    /// The fields that differ from the store (update and conflict).
    pub changes: Vec<String>,
    /// The term has ended (`term_end` in the past): the contact is stale.
    pub stale: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ImportCounts {
    pub add: u32,
    pub update: u32,
    pub unchanged: u32,
    pub skipped: u32,
    pub error: u32,
    pub conflict: u32,
}

/// The plan of an import, and after applying it, what was written.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ImportReport {
    /// The file or folder imported.
    pub source: String,
    pub rows: Vec<PreviewRow>,
    pub counts: ImportCounts,
    /// True when the plan was written to the store.
    pub applied: bool,
    /// Contacts written (added + updated + conflicts taken).
    pub written: u32,
    /// Conflicts left as the volunteer edited them.
    pub conflicts_kept: u32,
    /// The import's id when it wrote anything: [`undo_import`] (`outreach import undo ID`,
    /// the window's "Undo this import") reverts it.
    pub import_id: Option<String>,
}

/// What undoing an import did.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ImportUndo {
    pub import_id: String,
    /// The file that was imported.
    pub file: String,
    /// Contacts the import added, removed again.
    pub removed: u32,
    /// Contacts the import replaced, put back as they were.
    pub restored: u32,
    /// Rows kept as they are, each with why (edited since the import, a call logged to
    /// it, shared with the team already).
    pub kept: Vec<String>,
}

impl ImportReport {
    /// Every row of the file failed its checks (and there was at least one): the import
    /// did nothing, which the command line reports as a failure.
    pub fn all_failed(&self) -> bool {
        let c = &self.counts;
        c.error > 0 && c.add + c.update + c.unchanged + c.skipped + c.conflict == 0
    }

    /// The error for an import whose every row failed.
    pub fn all_failed_error(&self) -> Error {
        Error::ImportFile {
            file: self.source.clone(),
            problem: format!(
                "every row failed its checks ({} errors, listed above)",
                self.counts.error
            ),
        }
    }
}

/// A contact as a file gives it, matched to a target city.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Incoming {
    pub key: String,
    pub city_id: String,
    pub city_slug: String,
    /// The contact's fields, each checked with the check of its kind (`fields`).
    /// `last_verified` is not in files: the store's value stays.
    pub fields: ContactFields,
    /// The file has no notes for it: the store's notes stay.
    pub keeps_notes: bool,
    pub source: String,
}

/// The check of a kind of value (`fields::phone`, `fields::email`, ...).
pub(crate) type Check = fn(InputField, &str) -> Result<String>;

/// A date as files give it: `YYYY-MM-DD`, or a timestamp whose day is taken
/// (`2024-12-31T00:00:00Z`), through the one date check.
pub(crate) fn day(field: InputField, value: &str) -> Result<String> {
    let v = value.trim();
    let v = match v.get(10..11) {
        Some("T") | Some(" ") => &v[..10],
        _ => v,
    };
    checks::date(field, v)
}

/// A row of the file before it is compared with the store.
pub(crate) enum Parsed {
    Contact(Box<Incoming>),
    Skipped(String),
    Error(String),
}

pub(crate) struct ParsedRow {
    pub location: String,
    pub parsed: Parsed,
    pub name: Option<String>,
}

/// Plans an import of parsed rows and, unless `dry_run`, applies it, journalled so that
/// [`undo_import`] reverts it. The plan and the write are one write transaction: the
/// preview's rows are what is written, and a failure writes nothing (no journal entry).
pub(crate) fn run(
    store: &mut Store,
    source: String,
    parsed: Vec<ParsedRow>,
    dry_run: bool,
    choices: &ImportChoices,
) -> Result<ImportReport> {
    let report = |source: String, rows: Vec<PreviewRow>| ImportReport {
        source,
        counts: plan::counts(&rows),
        rows,
        applied: false,
        written: 0,
        conflicts_kept: 0,
        import_id: None,
    };
    if dry_run {
        // One read transaction for the whole preview: one lock, not two per row.
        let (rows, _) = store.read(|c| plan::plan(c, parsed))?;
        let mut r = report(source, rows);
        r.conflicts_kept = r.counts.conflict;
        return Ok(r);
    }
    // A transaction of its own (`BEGIN IMMEDIATE`), not a savepoint inside the write door's:
    // SQLite keeps the first image of every page a savepoint changes, a second copy of the
    // whole import (a third of its time).
    store.write_step(|conn| {
        let tx = crate::atomic::begin(conn)?;
        let (rows, planned) = plan::plan(&tx, parsed)?;
        let mut r = report(source, rows);
        let done = apply::write(&tx, &r.source, &r.rows, planned, choices)?;
        if done.import_id.is_some() {
            tx.commit()?;
        } // else nothing was written: dropping the transaction leaves no journal entry either
        r.applied = true;
        r.written = done.written;
        r.conflicts_kept = done.kept;
        r.import_id = done.import_id;
        Ok(r)
    })
}

/// The contact imports this store made, latest first, with their ids.
pub fn list_imports(store: &Store) -> Result<Vec<MergeEntry>> {
    store.read(journal::list_imports)
}

/// Undoes an import (the latest one not undone when `id` is `None`), in one transaction:
/// the contacts it added are removed, the ones it replaced put back as they were (their
/// history as it was). A contact edited, called or shared with the team since is kept and
/// listed.
pub fn undo_import(store: &mut Store, id: Option<&str>) -> Result<ImportUndo> {
    let (u, revisions) = store.write_step(|c| journal::undo_kind(c, journal::Kind::Import, id))?;
    Ok(ImportUndo {
        import_id: u.merge_id,
        file: u.file,
        // The revisions it removed were the replaced versions, now current again.
        removed: u.removed - revisions,
        restored: u.restored,
        kept: u.kept,
    })
}

/// Imports (or previews) either kind of source.
pub fn import_file(
    store: &mut Store,
    source: ImportSource,
    path: &Path,
    mapping: &[(String, String)],
    dry_run: bool,
    choices: &ImportChoices,
) -> Result<ImportReport> {
    match source {
        ImportSource::Csv => import_contacts_csv(store, path, mapping, dry_run, choices),
        ImportSource::Openstates => import_openstates(store, path, dry_run, choices),
    }
}

/// Imports (or previews, with `dry_run`) a contact CSV: the US Conference of Mayors
/// columns are recognised; `mapping` maps other column names to contact fields.
pub fn import_contacts_csv(
    store: &mut Store,
    path: &Path,
    mapping: &[(String, String)],
    dry_run: bool,
    choices: &ImportChoices,
) -> Result<ImportReport> {
    let index = store.read(CityIndex::load_names)?;
    let parsed = csv::parse_file(path, mapping, &index)?;
    run(store, path.display().to_string(), parsed, dry_run, choices)
}

/// Imports (or previews) the mayors of an Open States `people` folder or `.zip`.
pub fn import_openstates(
    store: &mut Store,
    path: &Path,
    dry_run: bool,
    choices: &ImportChoices,
) -> Result<ImportReport> {
    let index = store.read(CityIndex::load)?;
    let parsed = openstates::parse_path(path, &index)?;
    run(store, path.display().to_string(), parsed, dry_run, choices)
}
