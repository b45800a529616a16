//! Volunteer bundles: one file carrying the calls, responses, status changes, contact edits
//! and follow-ups of a machine, that any other machine merges.
//!
//! A bundle is JSON (gzip-compressed when its name ends in `.gz`):
//! `{"format":"outreach-desk-bundle","version":1,"machine_id":…,"created_at":…,"since":…,
//!   "checksum":"<sha256 of the payload's bytes>","payload":{…}}`.
//!
//! Merging: calls, responses, status changes and contact revisions are added by their
//! UUIDs (never twice; an undo travels as the call's `undone_at`, the earliest kept).
//! Contacts and follow-ups resolve by time: the higher `updated_at` wins, ties go to the
//! version whose JSON sorts higher, so every machine picks the same winner in any order. A
//! losing contact version is kept in `contact_revisions` under an id derived from its
//! content, so two machines record the same history. The whole merge is one transaction,
//! journalled so that it can be undone (`crate::journal`).
//!
//! The format (`format`), what an export carries (`collect`) and how a bundle is merged
//! (`merge`) are submodules; the rows are the store's own (`crate::rows`).

pub mod check;
mod collect;
mod format;
mod merge;

use std::path::Path;

use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use crate::error::Result;
use crate::journal;
use crate::output::{self, Existing, Protected};
use crate::rows::{
    CallRow, CityRow, ContactRow, FollowUpRow, ResponseRow, RevisionRow, TieEventRow, TieRow,
};
use crate::settings;
use crate::time::now;
use crate::Store;

pub use check::Sender;

// A status change's `seq` has one documented range (`checks::STATUS_SEQ`).
const _: () = assert!(check::MAX_SEQ == crate::checks::STATUS_SEQ.max);

pub use collect::collect;
pub use format::{encode, encode_by, read, read_batches, read_bundle, Bundle, Header, BATCH_ROWS};
pub use merge::{merge, Merger};

pub const FORMAT: &str = "outreach-desk-bundle";
/// The bundle format this build writes and the newest it reads.
pub const FORMAT_VERSION: u64 = 1;
/// Setting: when the last bundle was exported (the next one starts there).
pub const LAST_EXPORTED_KEY: &str = "bundle.last_exported_at";
/// A bundle (uncompressed) larger than this is refused (a bundle of 1,000,000 calls is
/// about 320 MB).
pub const MAX_BUNDLE_BYTES: u64 = 512 * 1024 * 1024;

/// For ids of contact versions that lose a merge: the same on every machine.
pub(crate) const REVISION_NS: Uuid = Uuid::from_u128(0x6f75_7472_6561_6368_2d72_6576_6973_696f);

/// What a bundle carries: the store's rows as they are (their field names are the format).
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Payload {
    /// Places volunteers added (`origin: volunteer`); seeded ones every store has.
    #[serde(default)]
    pub cities: Vec<CityRow>,
    /// Ties volunteers added, to a place of theirs or to a listed one.
    #[serde(default)]
    pub ties: Vec<TieRow>,
    #[serde(default)]
    pub contacts: Vec<ContactRow>,
    #[serde(default)]
    pub contact_revisions: Vec<RevisionRow>,
    #[serde(default)]
    pub calls: Vec<CallRow>,
    #[serde(default)]
    pub responses: Vec<ResponseRow>,
    #[serde(default)]
    pub status_events: Vec<TieEventRow>,
    #[serde(default)]
    pub follow_ups: Vec<FollowUpRow>,
}

/// What an export wrote.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct BundleExport {
    pub file: String,
    pub machine_id: String,
    /// The bundle holds what changed after this time; null for everything.
    pub since: Option<String>,
    /// Places and ties volunteers added.
    pub cities: u32,
    pub ties: u32,
    pub calls: u32,
    pub responses: u32,
    pub status_events: u32,
    pub contacts: u32,
    pub contact_revisions: u32,
    pub follow_ups: u32,
}

/// What a merge added and resolved.
#[derive(Debug, Clone, Default, Serialize, TS)]
#[ts(export)]
pub struct MergeReport {
    pub file: String,
    /// The machine that wrote the bundle, and when.
    pub machine_id: String,
    pub created_at: String,
    /// Places and ties another volunteer added that this store lacked.
    pub cities_added: u32,
    pub ties_added: u32,
    pub calls_added: u32,
    /// Calls this store already had (merged before).
    pub calls_known: u32,
    /// Calls undone on the other machine, undone here too.
    pub calls_undone: u32,
    pub responses_added: u32,
    /// Responses undone on the other machine, undone here too.
    pub responses_undone: u32,
    pub status_events_added: u32,
    /// Status changes undone on the other machine, undone here too.
    pub status_events_undone: u32,
    pub contacts_added: u32,
    /// Contacts where the bundle's version was newer and replaced this store's.
    pub contacts_theirs: u32,
    /// Contacts where this store's version was newer and stayed.
    pub contacts_ours: u32,
    pub revisions_added: u32,
    pub follow_ups_added: u32,
    pub follow_ups_theirs: u32,
    pub follow_ups_ours: u32,
    /// Rows that were not merged, each with its reason (a value the form would refuse,
    /// a city this store does not have, ...), in the order met.
    pub refused: Vec<check::RefusedRow>,
    /// How many rows were refused for each reason.
    pub refused_by_reason: Vec<check::RefusalCount>,
    /// The merge's id when it changed anything: `outreach bundle undo-merge ID` (or the
    /// window's Undo) reverts it.
    pub merge_id: Option<String>,
}

impl MergeReport {
    pub fn changed(&self) -> bool {
        self.cities_added
            + self.ties_added
            + self.calls_added
            + self.calls_undone
            + self.responses_added
            + self.responses_undone
            + self.status_events_added
            + self.status_events_undone
            + self.contacts_added
            + self.contacts_theirs
            + self.revisions_added
            + self.follow_ups_added
            + self.follow_ups_theirs
            > 0
    }
}

/// Writes a bundle of what changed since the last one (or everything, with `all`) to `out`
/// (never over the store or its backups; an existing file replaced only when `existing`
/// says so: `crate::output`).
pub fn export(
    conn: &Connection,
    out: &Path,
    all: bool,
    existing: Existing,
) -> Result<BundleExport> {
    let protected = Protected::of(conn);
    output::check_target(out, &protected, existing)?;
    let started = now();
    let machine = settings::machine_id(conn)?;
    let since = if all {
        None
    } else {
        settings::get(conn, LAST_EXPORTED_KEY)?
    };
    let payload = collect(conn, since.as_deref())?;
    let volunteer = crate::volunteer::name(conn)?;
    let bytes = format::encode_by(
        &payload,
        &machine,
        &started,
        since.as_deref(),
        volunteer.as_deref(),
    );
    format::write_file(out, &bytes, &protected, existing)?;
    settings::set(conn, LAST_EXPORTED_KEY, &started)?;
    Ok(BundleExport {
        file: out.display().to_string(),
        machine_id: machine,
        since,
        cities: payload.cities.len() as u32,
        ties: payload.ties.len() as u32,
        calls: payload.calls.len() as u32,
        responses: payload.responses.len() as u32,
        status_events: payload.status_events.len() as u32,
        contacts: payload.contacts.len() as u32,
        contact_revisions: payload.contact_revisions.len() as u32,
        follow_ups: payload.follow_ups.len() as u32,
    })
}

/// Merges a bundle file into the store: one transaction, journalled so that
/// [`journal::undo`] reverts it (the daily backup stays; no copy of the whole store is
/// made). A file that is not an intact bundle of a known version changes nothing; rows
/// that fail their checks (`check`) are refused and reported. Undo of a call is taken only
/// from the call's own volunteer (see [`import_from`] for a coordinator's bundle).
pub fn import(store: &mut Store, path: &Path) -> Result<MergeReport> {
    import_from(store, path, false)
}

/// [`import`], saying whether the bundle comes from a coordinator (who may undo anyone's
/// call: `outreach bundle import --from-coordinator`). The bundle is read and merged a
/// batch at a time inside one transaction, so memory stays flat however large it is; a
/// checksum that does not match at the end rolls everything back.
pub fn import_from(store: &mut Store, path: &Path, coordinator: bool) -> Result<MergeReport> {
    let mut report = MergeReport {
        file: path.display().to_string(),
        ..MergeReport::default()
    };
    // A large merge touches index pages all over a big store: a larger page cache for it.
    let set_cache =
        |s: &mut Store, kib: i64| Ok(s.conn().pragma_update(None, "cache_size", -kib)?);
    crate::store::with_bulk_cache(store, set_cache, |store| {
        merge_in_transaction(store, path, coordinator, &mut report)
    })?;
    Ok(report)
}

fn merge_in_transaction(
    store: &mut Store,
    path: &Path,
    coordinator: bool,
    report: &mut MergeReport,
) -> Result<()> {
    let tx = store.conn_mut().transaction()?;
    let mut merger: Option<Merger> = None;
    let header = format::read_batches(path, |header, mut part| {
        let sender = Sender {
            volunteer: header.volunteer.clone(),
            coordinator,
        };
        let merger = match &mut merger {
            Some(m) => m,
            None => {
                let id = journal::start(
                    &tx,
                    journal::Kind::Bundle,
                    &report.file,
                    &header.machine_id,
                    &header.created_at,
                    &crate::time::now(),
                )?;
                report.merge_id = Some(id.clone());
                merger.insert(Merger::journalled(&tx, id)?)
            }
        };
        merger.merge(&tx, &mut part, &sender, report)
    })?;
    report.machine_id = header.machine_id;
    report.created_at = header.created_at;
    if let Some(merger) = &mut merger {
        merger.finish(&tx)?;
    }
    if report.changed() {
        tx.commit()?;
    } else {
        report.merge_id = None;
        tx.rollback()?;
    }
    Ok(())
}
