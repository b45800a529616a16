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
//! content, so two machines record the same history. The whole merge is one transaction.

use std::collections::HashSet;
use std::io::{Read, Write};
use std::path::Path;

use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use sha2::{Digest, Sha256};
use ts_rs::TS;
use uuid::Uuid;

use crate::backup;
use crate::error::{Error, Result};
use crate::settings;
use crate::time::now;
use crate::Store;

pub const FORMAT: &str = "outreach-desk-bundle";
/// The bundle format this build writes and the newest it reads.
pub const FORMAT_VERSION: u64 = 1;
/// Setting: this machine's id (a UUID made on first use).
pub const MACHINE_ID_KEY: &str = "machine.id";
/// Setting: when the last bundle was exported (the next one starts there).
pub const LAST_EXPORTED_KEY: &str = "bundle.last_exported_at";
/// A bundle (uncompressed) larger than this is refused.
const MAX_BUNDLE_BYTES: u64 = 2 * 1024 * 1024 * 1024;

/// For ids of contact versions that lose a merge: the same on every machine.
const REVISION_NS: Uuid = Uuid::from_u128(0x6f75_7472_6561_6368_2d72_6576_6973_696f);

/// This machine's id, created on first use.
pub fn machine_id(conn: &Connection) -> Result<String> {
    if let Some(id) = settings::get(conn, MACHINE_ID_KEY)? {
        return Ok(id);
    }
    let id = Uuid::new_v4().to_string();
    settings::set(conn, MACHINE_ID_KEY, &id)?;
    Ok(id)
}

/// A contact row, every column: what bundles carry and revisions snapshot.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredContact {
    pub id: String,
    pub city_id: String,
    pub name: String,
    pub role: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub website: Option<String>,
    pub address: Option<String>,
    pub notes: String,
    pub last_verified: Option<String>,
    pub term_end: Option<String>,
    pub external_id: Option<String>,
    pub source: Option<String>,
    pub origin: String,
    pub edited_by_hand: i64,
    pub created_at: String,
    pub updated_at: String,
    pub deleted_at: Option<String>,
}

impl StoredContact {
    pub const COLUMNS: &'static str = "id, city_id, name, role, phone, email, website, address, notes, \
        last_verified, term_end, external_id, source, origin, edited_by_hand, created_at, updated_at, deleted_at";

    pub fn from_row(r: &Row<'_>) -> rusqlite::Result<StoredContact> {
        Ok(StoredContact {
            id: r.get(0)?,
            city_id: r.get(1)?,
            name: r.get(2)?,
            role: r.get(3)?,
            phone: r.get(4)?,
            email: r.get(5)?,
            website: r.get(6)?,
            address: r.get(7)?,
            notes: r.get(8)?,
            last_verified: r.get(9)?,
            term_end: r.get(10)?,
            external_id: r.get(11)?,
            source: r.get(12)?,
            origin: r.get(13)?,
            edited_by_hand: r.get(14)?,
            created_at: r.get(15)?,
            updated_at: r.get(16)?,
            deleted_at: r.get(17)?,
        })
    }

    /// The JSON snapshot kept in `contact_revisions`.
    pub fn snapshot(&self) -> String {
        serde_json::to_string(self).expect("a contact serialises")
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RevisionRow {
    pub id: String,
    pub contact_id: String,
    pub snapshot: String,
    pub edited_at: String,
    pub volunteer: Option<String>,
    pub created_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CallRow {
    pub id: String,
    pub city_id: String,
    pub contact_id: Option<String>,
    pub channel: String,
    pub outcome: String,
    pub notes: String,
    pub volunteer: String,
    pub called_at: String,
    pub created_at: String,
    pub undone_at: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResponseRow {
    pub id: String,
    pub city_id: String,
    pub response: String,
    pub response_date: String,
    pub source_url: Option<String>,
    pub notes: String,
    pub volunteer: Option<String>,
    pub created_at: String,
}

/// A status change of a tie recorded by a volunteer (`relationship_events`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StatusEventRow {
    pub id: String,
    pub relationship_id: String,
    pub seq: i64,
    pub status: String,
    pub event_date: Option<String>,
    pub date_text: Option<String>,
    pub summary: String,
    pub sources: String,
    pub origin: String,
    pub volunteer: Option<String>,
    pub created_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FollowUpRow {
    pub id: String,
    pub city_id: String,
    pub call_id: Option<String>,
    pub due_date: String,
    pub note: String,
    pub closed_at: Option<String>,
    pub closed_by_call_id: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

/// What a bundle carries.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Payload {
    #[serde(default)]
    pub contacts: Vec<StoredContact>,
    #[serde(default)]
    pub contact_revisions: Vec<RevisionRow>,
    #[serde(default)]
    pub calls: Vec<CallRow>,
    #[serde(default)]
    pub responses: Vec<ResponseRow>,
    #[serde(default)]
    pub status_events: Vec<StatusEventRow>,
    #[serde(default)]
    pub follow_ups: Vec<FollowUpRow>,
}

#[derive(Deserialize)]
struct Probe {
    format: Option<String>,
    version: Option<u64>,
}

#[derive(Deserialize)]
struct Envelope<'a> {
    machine_id: String,
    created_at: String,
    checksum: String,
    #[serde(borrow)]
    payload: &'a RawValue,
}

/// What an export wrote.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct BundleExport {
    pub file: String,
    pub machine_id: String,
    /// The bundle holds what changed after this time; null for everything.
    pub since: Option<String>,
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
    pub calls_added: u32,
    /// Calls this store already had (merged before).
    pub calls_known: u32,
    /// Calls undone on the other machine, undone here too.
    pub calls_undone: u32,
    pub responses_added: u32,
    pub status_events_added: u32,
    pub contacts_added: u32,
    /// Contacts where the bundle's version was newer and replaced this store's.
    pub contacts_theirs: u32,
    /// Contacts where this store's version was newer and stayed.
    pub contacts_ours: u32,
    pub revisions_added: u32,
    pub follow_ups_added: u32,
    pub follow_ups_theirs: u32,
    pub follow_ups_ours: u32,
    /// Rows that could not be merged, with why (e.g. a city this store does not have).
    pub skipped: Vec<String>,
    /// The backup made before the merge, when anything changed.
    pub backup_id: Option<String>,
}

impl MergeReport {
    pub fn changed(&self) -> bool {
        self.calls_added
            + self.calls_undone
            + self.responses_added
            + self.status_events_added
            + self.contacts_added
            + self.contacts_theirs
            + self.revisions_added
            + self.follow_ups_added
            + self.follow_ups_theirs
            > 0
    }
}

fn query_rows<T>(
    conn: &Connection,
    sql: &str,
    since: Option<&str>,
    f: impl FnMut(&Row<'_>) -> rusqlite::Result<T>,
) -> Result<Vec<T>> {
    let mut stmt = conn.prepare(sql)?;
    let rows = stmt.query_map([since], f)?;
    Ok(rows.collect::<rusqlite::Result<Vec<T>>>()?)
}

/// Collects what changed since `since` (everything when `None`).
pub fn collect(conn: &Connection, since: Option<&str>) -> Result<Payload> {
    let calls = query_rows(
        conn,
        "SELECT id, city_id, contact_id, channel, outcome, notes, volunteer, called_at, created_at, undone_at
         FROM calls WHERE ?1 IS NULL OR created_at > ?1 OR undone_at > ?1 ORDER BY created_at, id",
        since,
        |r| {
            Ok(CallRow {
                id: r.get(0)?,
                city_id: r.get(1)?,
                contact_id: r.get(2)?,
                channel: r.get(3)?,
                outcome: r.get(4)?,
                notes: r.get(5)?,
                volunteer: r.get(6)?,
                called_at: r.get(7)?,
                created_at: r.get(8)?,
                undone_at: r.get(9)?,
            })
        },
    )?;
    let contacts = query_rows(
        conn,
        &format!(
            "SELECT {} FROM contacts WHERE ?1 IS NULL OR updated_at > ?1 OR deleted_at > ?1
               OR id IN (SELECT contact_id FROM calls WHERE created_at > ?1 OR undone_at > ?1)
             ORDER BY id",
            StoredContact::COLUMNS
        ),
        since,
        StoredContact::from_row,
    )?;
    let contact_revisions = query_rows(
        conn,
        "SELECT id, contact_id, snapshot, edited_at, volunteer, created_at FROM contact_revisions
         WHERE ?1 IS NULL OR created_at > ?1 ORDER BY id",
        since,
        |r| {
            Ok(RevisionRow {
                id: r.get(0)?,
                contact_id: r.get(1)?,
                snapshot: r.get(2)?,
                edited_at: r.get(3)?,
                volunteer: r.get(4)?,
                created_at: r.get(5)?,
            })
        },
    )?;
    let responses = query_rows(
        conn,
        "SELECT id, city_id, response, response_date, source_url, notes, volunteer, created_at
         FROM responses WHERE ?1 IS NULL OR created_at > ?1 ORDER BY id",
        since,
        |r| {
            Ok(ResponseRow {
                id: r.get(0)?,
                city_id: r.get(1)?,
                response: r.get(2)?,
                response_date: r.get(3)?,
                source_url: r.get(4)?,
                notes: r.get(5)?,
                volunteer: r.get(6)?,
                created_at: r.get(7)?,
            })
        },
    )?;
    let status_events = query_rows(
        conn,
        "SELECT id, relationship_id, seq, status, event_date, date_text, summary, sources, origin, volunteer, created_at
         FROM relationship_events WHERE origin <> 'seed' AND (?1 IS NULL OR created_at > ?1) ORDER BY id",
        since,
        |r| {
            Ok(StatusEventRow {
                id: r.get(0)?,
                relationship_id: r.get(1)?,
                seq: r.get(2)?,
                status: r.get(3)?,
                event_date: r.get(4)?,
                date_text: r.get(5)?,
                summary: r.get(6)?,
                sources: r.get(7)?,
                origin: r.get(8)?,
                volunteer: r.get(9)?,
                created_at: r.get(10)?,
            })
        },
    )?;
    let follow_ups = query_rows(
        conn,
        "SELECT id, city_id, call_id, due_date, note, closed_at, closed_by_call_id, created_at, updated_at
         FROM follow_ups WHERE ?1 IS NULL OR updated_at > ?1 OR created_at > ?1 OR closed_at > ?1 ORDER BY id",
        since,
        |r| {
            Ok(FollowUpRow {
                id: r.get(0)?,
                city_id: r.get(1)?,
                call_id: r.get(2)?,
                due_date: r.get(3)?,
                note: r.get(4)?,
                closed_at: r.get(5)?,
                closed_by_call_id: r.get(6)?,
                created_at: r.get(7)?,
                updated_at: r.get(8)?,
            })
        },
    )?;
    Ok(Payload {
        contacts,
        contact_revisions,
        calls,
        responses,
        status_events,
        follow_ups,
    })
}

fn sha256_hex(bytes: &[u8]) -> String {
    format!("{:x}", Sha256::digest(bytes))
}

/// Writes a bundle of what changed since the last one (or everything, with `all`) to `out`.
pub fn export(conn: &Connection, out: &Path, all: bool) -> Result<BundleExport> {
    let started = now();
    let machine = machine_id(conn)?;
    let since = if all {
        None
    } else {
        settings::get(conn, LAST_EXPORTED_KEY)?
    };
    let payload = collect(conn, since.as_deref())?;
    let bytes = encode(&payload, &machine, &started, since.as_deref());
    write_file(out, &bytes)?;
    settings::set(conn, LAST_EXPORTED_KEY, &started)?;
    Ok(BundleExport {
        file: out.display().to_string(),
        machine_id: machine,
        since,
        calls: payload.calls.len() as u32,
        responses: payload.responses.len() as u32,
        status_events: payload.status_events.len() as u32,
        contacts: payload.contacts.len() as u32,
        contact_revisions: payload.contact_revisions.len() as u32,
        follow_ups: payload.follow_ups.len() as u32,
    })
}

/// The bundle's bytes (uncompressed).
pub fn encode(payload: &Payload, machine: &str, created_at: &str, since: Option<&str>) -> Vec<u8> {
    let body = serde_json::to_string(payload).expect("a payload serialises");
    let head = serde_json::json!({
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "machine_id": machine,
        "created_at": created_at,
        "since": since,
        "checksum": sha256_hex(body.as_bytes()),
    })
    .to_string();
    let mut out = Vec::with_capacity(head.len() + body.len() + 16);
    out.extend_from_slice(&head.as_bytes()[..head.len() - 1]);
    out.extend_from_slice(b",\"payload\":");
    out.extend_from_slice(body.as_bytes());
    out.extend_from_slice(b"}\n");
    out
}

fn write_file(out: &Path, bytes: &[u8]) -> Result<()> {
    let fail = |e: std::io::Error| {
        Error::invalid(
            "output file",
            format!("cannot write {} ({e})", out.display()),
        )
    };
    let tmp = out.with_extension("partial");
    {
        let file = std::fs::File::create(&tmp).map_err(fail)?;
        let gz = out
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("gz"));
        if gz {
            let mut enc = flate2::write::GzEncoder::new(file, flate2::Compression::fast());
            enc.write_all(bytes).map_err(fail)?;
            enc.finish().map_err(fail)?.sync_all().map_err(fail)?;
        } else {
            let mut file = file;
            file.write_all(bytes).map_err(fail)?;
            file.sync_all().map_err(fail)?;
        }
    }
    std::fs::rename(&tmp, out).map_err(fail)
}

/// Reads and checks a bundle file: a bundle, of a version this build reads, intact.
pub fn read(path: &Path) -> Result<(String, String, Payload)> {
    let file = path.display().to_string();
    let refuse = |problem: String| Error::BundleRefused {
        file: file.clone(),
        problem,
    };
    let raw = std::fs::read(path).map_err(|e| refuse(format!("it cannot be read ({e})")))?;
    let bytes = if raw.starts_with(&[0x1f, 0x8b]) {
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(&raw[..])
            .take(MAX_BUNDLE_BYTES)
            .read_to_end(&mut out)
            .map_err(|e| refuse(format!("it is truncated or corrupted (gzip: {e})")))?;
        out
    } else {
        raw
    };
    decode(&bytes).map_err(|e| match e {
        Decode::Refused(p) => refuse(p),
        Decode::TooNew(found) => Error::BundleTooNew {
            file: file.clone(),
            found,
            known: FORMAT_VERSION,
        },
    })
}

enum Decode {
    Refused(String),
    TooNew(u64),
}

fn decode(bytes: &[u8]) -> std::result::Result<(String, String, Payload), Decode> {
    let probe: Probe = match serde_json::from_slice(bytes) {
        Ok(p) => p,
        Err(e) if e.is_eof() => {
            return Err(Decode::Refused(if bytes.starts_with(b"{") {
                "it is truncated (the file ends early); export it again".into()
            } else {
                "it is not an Outreach Desk bundle (empty or not JSON)".into()
            }))
        }
        Err(e) if e.is_data() => {
            return Err(Decode::Refused(
                "it is not an Outreach Desk bundle (no format field)".into(),
            ))
        }
        Err(e) => {
            return Err(Decode::Refused(
                if bytes.starts_with(b"{\"format\":\"outreach-desk-bundle\"") {
                    format!("it is corrupted ({e})")
                } else {
                    format!("it is not an Outreach Desk bundle (not JSON: {e})")
                },
            ))
        }
    };
    if probe.format.as_deref() != Some(FORMAT) {
        return Err(Decode::Refused(
            "it is not an Outreach Desk bundle (no \"format\": \"outreach-desk-bundle\")".into(),
        ));
    }
    let version = probe
        .version
        .ok_or_else(|| Decode::Refused("it has no format version".into()))?;
    if version > FORMAT_VERSION {
        return Err(Decode::TooNew(version));
    }
    let env: Envelope<'_> = serde_json::from_slice(bytes)
        .map_err(|e| Decode::Refused(format!("its header is incomplete ({e})")))?;
    if sha256_hex(env.payload.get().as_bytes()) != env.checksum {
        return Err(Decode::Refused(
            "its checksum does not match its content: it was corrupted or edited; ask for a fresh export".into(),
        ));
    }
    let payload: Payload = serde_json::from_str(env.payload.get())
        .map_err(|e| Decode::Refused(format!("its content is not what a bundle holds ({e})")))?;
    Ok((env.machine_id, env.created_at, payload))
}

/// Merges a bundle file into the store: one transaction, after a backup when it changes
/// anything. A file that is not an intact bundle of a known version changes nothing.
pub fn import(store: &mut Store, path: &Path) -> Result<MergeReport> {
    let (machine, created_at, payload) = read(path)?;
    let mut report = MergeReport {
        file: path.display().to_string(),
        machine_id: machine,
        created_at,
        ..MergeReport::default()
    };
    let db = store.path().map(Path::to_path_buf);
    // A large merge touches index pages all over a big store: give it a larger page cache
    // for its duration (the default is 2 MB).
    let cache: i64 = store
        .conn()
        .pragma_query_value(None, "cache_size", |r| r.get(0))?;
    store.conn().pragma_update(None, "cache_size", -131_072)?;
    let result = merge_in_transaction(store, db, &payload, &mut report);
    store.conn().pragma_update(None, "cache_size", cache)?;
    result?;
    Ok(report)
}

fn merge_in_transaction(
    store: &mut Store,
    db: Option<std::path::PathBuf>,
    payload: &Payload,
    report: &mut MergeReport,
) -> Result<()> {
    let tx = store.conn_mut().transaction()?;
    merge(&tx, payload, report)?;
    if report.changed() {
        if let Some(db) = db {
            // Sees the last committed state: the store as it was before this merge.
            report.backup_id = Some(backup::create_from_file(&db, "before-merge")?.id);
        }
        tx.commit()?;
    } else {
        tx.rollback()?;
    }
    Ok(())
}

fn set_of(conn: &Connection, sql: &str) -> Result<HashSet<String>> {
    let mut stmt = conn.prepare(sql)?;
    let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Equal but for the bookkeeping times.
fn same_content(a: &StoredContact, b: &StoredContact) -> bool {
    let strip = |c: &StoredContact| StoredContact {
        created_at: String::new(),
        updated_at: String::new(),
        ..c.clone()
    };
    strip(a) == strip(b)
}

/// Which version wins: the later `updated_at`, then the higher JSON.
fn theirs_wins(ours_at: &str, ours_json: &str, theirs_at: &str, theirs_json: &str) -> bool {
    (theirs_at, theirs_json) > (ours_at, ours_json)
}

/// Merges a payload into the store inside the caller's transaction.
pub fn merge(conn: &Connection, p: &Payload, report: &mut MergeReport) -> Result<()> {
    let cities = set_of(conn, "SELECT id FROM cities")?;
    let relationships = set_of(conn, "SELECT id FROM relationships")?;

    // Contacts first: calls and revisions point at them.
    {
        let mut find = conn.prepare_cached(&format!(
            "SELECT {} FROM contacts WHERE id = ?1",
            StoredContact::COLUMNS
        ))?;
        let mut taken = conn.prepare_cached("SELECT id FROM contacts WHERE external_id = ?1")?;
        let mut put = conn.prepare_cached(
            "INSERT INTO contacts (id, city_id, name, role, phone, email, website, address, notes,
                last_verified, term_end, external_id, source, origin, edited_by_hand, created_at, updated_at, deleted_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)
             ON CONFLICT (id) DO UPDATE SET city_id = excluded.city_id, name = excluded.name,
                role = excluded.role, phone = excluded.phone, email = excluded.email,
                website = excluded.website, address = excluded.address, notes = excluded.notes,
                last_verified = excluded.last_verified, term_end = excluded.term_end,
                external_id = excluded.external_id, source = excluded.source, origin = excluded.origin,
                edited_by_hand = excluded.edited_by_hand, created_at = excluded.created_at,
                updated_at = excluded.updated_at, deleted_at = excluded.deleted_at",
        )?;
        let mut revision = conn.prepare_cached(
            "INSERT OR IGNORE INTO contact_revisions (id, contact_id, snapshot, edited_at, volunteer, created_at)
             VALUES (?1, ?2, ?3, ?4, NULL, ?4)",
        )?;
        for c in &p.contacts {
            if !cities.contains(&c.city_id) {
                report.skipped.push(format!(
                    "contact {} ({}): unknown city {}",
                    c.id, c.name, c.city_id
                ));
                continue;
            }
            let mut c = c.clone();
            if let Some(ext) = &c.external_id {
                let holder: Option<String> = taken.query_row([ext], |r| r.get(0)).optional()?;
                if holder.is_some_and(|h| h != c.id) {
                    c.external_id = None; // another contact already carries this source id
                }
            }
            let cur = find
                .query_row([&c.id], StoredContact::from_row)
                .optional()?;
            let write = |c: &StoredContact, put: &mut rusqlite::CachedStatement<'_>| {
                put.execute(params![
                    c.id,
                    c.city_id,
                    c.name,
                    c.role,
                    c.phone,
                    c.email,
                    c.website,
                    c.address,
                    c.notes,
                    c.last_verified,
                    c.term_end,
                    c.external_id,
                    c.source,
                    c.origin,
                    c.edited_by_hand,
                    c.created_at,
                    c.updated_at,
                    c.deleted_at
                ])
            };
            match cur {
                None => {
                    write(&c, &mut put)?;
                    report.contacts_added += 1;
                }
                Some(cur) if cur == c => {}
                Some(cur) if same_content(&cur, &c) => {
                    // The same contact imported on both machines: only the times differ.
                    // Both keep the later times, so they agree, and no history is written.
                    if theirs_wins(
                        &cur.updated_at,
                        &cur.snapshot(),
                        &c.updated_at,
                        &c.snapshot(),
                    ) {
                        write(&c, &mut put)?;
                    }
                }
                Some(cur) => {
                    let (ours, theirs) = (cur.snapshot(), c.snapshot());
                    let loser = if theirs_wins(&cur.updated_at, &ours, &c.updated_at, &theirs) {
                        write(&c, &mut put)?;
                        report.contacts_theirs += 1;
                        (ours, cur.updated_at)
                    } else {
                        report.contacts_ours += 1;
                        (theirs, c.updated_at)
                    };
                    let id =
                        Uuid::new_v5(&REVISION_NS, format!("{}\n{}", c.id, loser.0).as_bytes());
                    report.revisions_added +=
                        revision.execute(params![id.to_string(), c.id, loser.0, loser.1])? as u32;
                }
            }
        }
    }
    let contacts = set_of(conn, "SELECT id FROM contacts")?;
    {
        let mut put = conn.prepare_cached(
            "INSERT OR IGNORE INTO contact_revisions (id, contact_id, snapshot, edited_at, volunteer, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?;
        for r in &p.contact_revisions {
            if !contacts.contains(&r.contact_id) {
                report.skipped.push(format!(
                    "contact revision {}: unknown contact {}",
                    r.id, r.contact_id
                ));
                continue;
            }
            report.revisions_added += put.execute(params![
                r.id,
                r.contact_id,
                r.snapshot,
                r.edited_at,
                r.volunteer,
                r.created_at
            ])? as u32;
        }
    }
    {
        let mut put = conn.prepare_cached(
            "INSERT OR IGNORE INTO calls (id, city_id, contact_id, channel, outcome, notes, volunteer, called_at, created_at, undone_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        )?;
        let mut undo = conn.prepare_cached(
            "UPDATE calls SET undone_at = ?2 WHERE id = ?1 AND (undone_at IS NULL OR undone_at > ?2)",
        )?;
        for c in &p.calls {
            if !cities.contains(&c.city_id) {
                report
                    .skipped
                    .push(format!("call {}: unknown city {}", c.id, c.city_id));
                continue;
            }
            let contact = c.contact_id.as_ref().filter(|id| contacts.contains(*id));
            let added = put.execute(params![
                c.id,
                c.city_id,
                contact,
                c.channel,
                c.outcome,
                c.notes,
                c.volunteer,
                c.called_at,
                c.created_at,
                c.undone_at
            ])?;
            if added == 1 {
                report.calls_added += 1;
            } else {
                report.calls_known += 1;
                if let Some(at) = &c.undone_at {
                    report.calls_undone += undo.execute(params![c.id, at])? as u32;
                }
            }
        }
    }
    {
        let mut put = conn.prepare_cached(
            "INSERT OR IGNORE INTO responses (id, city_id, response, response_date, source_url, notes, volunteer, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?;
        for r in &p.responses {
            if !cities.contains(&r.city_id) {
                report
                    .skipped
                    .push(format!("response {}: unknown city {}", r.id, r.city_id));
                continue;
            }
            report.responses_added += put.execute(params![
                r.id,
                r.city_id,
                r.response,
                r.response_date,
                r.source_url,
                r.notes,
                r.volunteer,
                r.created_at
            ])? as u32;
        }
    }
    {
        let mut put = conn.prepare_cached(
            "INSERT OR IGNORE INTO relationship_events
               (id, relationship_id, seq, status, event_date, date_text, summary, sources, origin, volunteer, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        )?;
        for e in &p.status_events {
            if !relationships.contains(&e.relationship_id) {
                report.skipped.push(format!(
                    "status change {}: unknown sister-city tie {}",
                    e.id, e.relationship_id
                ));
                continue;
            }
            report.status_events_added += put.execute(params![
                e.id,
                e.relationship_id,
                e.seq,
                e.status,
                e.event_date,
                e.date_text,
                e.summary,
                e.sources,
                e.origin,
                e.volunteer,
                e.created_at
            ])? as u32;
        }
    }
    {
        let calls_exist = |id: &Option<String>| -> Result<Option<String>> {
            match id {
                None => Ok(None),
                Some(id) => Ok(conn
                    .prepare_cached("SELECT id FROM calls WHERE id = ?1")?
                    .query_row([id], |r| r.get(0))
                    .optional()?),
            }
        };
        let mut find = conn.prepare_cached(
            "SELECT id, city_id, call_id, due_date, note, closed_at, closed_by_call_id, created_at, updated_at
             FROM follow_ups WHERE id = ?1",
        )?;
        let mut put = conn.prepare_cached(
            "INSERT INTO follow_ups (id, city_id, call_id, due_date, note, closed_at, closed_by_call_id, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
             ON CONFLICT (id) DO UPDATE SET city_id = excluded.city_id, call_id = excluded.call_id,
               due_date = excluded.due_date, note = excluded.note, closed_at = excluded.closed_at,
               closed_by_call_id = excluded.closed_by_call_id, created_at = excluded.created_at,
               updated_at = excluded.updated_at",
        )?;
        for f in &p.follow_ups {
            if !cities.contains(&f.city_id) {
                report
                    .skipped
                    .push(format!("follow-up {}: unknown city {}", f.id, f.city_id));
                continue;
            }
            let mut f = f.clone();
            f.call_id = calls_exist(&f.call_id)?;
            f.closed_by_call_id = calls_exist(&f.closed_by_call_id)?;
            let cur = find
                .query_row([&f.id], |r| {
                    Ok(FollowUpRow {
                        id: r.get(0)?,
                        city_id: r.get(1)?,
                        call_id: r.get(2)?,
                        due_date: r.get(3)?,
                        note: r.get(4)?,
                        closed_at: r.get(5)?,
                        closed_by_call_id: r.get(6)?,
                        created_at: r.get(7)?,
                        updated_at: r.get(8)?,
                    })
                })
                .optional()?;
            let write = |put: &mut rusqlite::CachedStatement<'_>| {
                put.execute(params![
                    f.id,
                    f.city_id,
                    f.call_id,
                    f.due_date,
                    f.note,
                    f.closed_at,
                    f.closed_by_call_id,
                    f.created_at,
                    f.updated_at
                ])
            };
            match cur {
                None => {
                    write(&mut put)?;
                    report.follow_ups_added += 1;
                }
                Some(cur) if cur == f => {}
                Some(cur) => {
                    let ours = serde_json::to_string(&cur).expect("serialises");
                    let theirs = serde_json::to_string(&f).expect("serialises");
                    if theirs_wins(&cur.updated_at, &ours, &f.updated_at, &theirs) {
                        write(&mut put)?;
                        report.follow_ups_theirs += 1;
                    } else {
                        report.follow_ups_ours += 1;
                    }
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bundle_round_trips_and_a_flipped_byte_is_caught() {
        let p = Payload::default();
        let bytes = encode(&p, "m1", "2026-01-01T00:00:00.000Z", None);
        let (m, at, back) = decode(&bytes).ok().unwrap();
        assert_eq!(
            (m.as_str(), at.as_str()),
            ("m1", "2026-01-01T00:00:00.000Z")
        );
        assert!(back.calls.is_empty());
        let text = String::from_utf8(bytes)
            .unwrap()
            .replace("\"calls\":[]", "\"calls\":[ ]");
        match decode(text.as_bytes()) {
            Err(Decode::Refused(p)) => assert!(p.contains("checksum"), "{p}"),
            _ => panic!("an edited bundle was accepted"),
        }
    }

    #[test]
    fn ties_break_the_same_way_from_both_sides() {
        assert!(theirs_wins("t1", "a", "t2", "a"));
        assert!(!theirs_wins("t2", "a", "t1", "b"));
        assert!(theirs_wins("t1", "a", "t1", "b"));
        assert!(!theirs_wins("t1", "b", "t1", "a"));
    }
}
