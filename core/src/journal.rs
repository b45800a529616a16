//! Undoable merges and imports: what a bundle merge or a contact import added or changed,
//! journalled as it writes, so one command reverts it (`outreach bundle undo-merge`,
//! `outreach import undo`) without a copy of the whole store.
//!
//! A merge or an import is listed in `merges` (its `kind`: `bundle` or `import`); each row
//! it touched is in `merge_changes`: `added` (it added the row; a contact an import added
//! has the import's time, `merged_at`, as its `updated_at`), `changed` (it replaced a contact or
//! follow-up: the row before and after, as JSON) or `undone` (it undid a call, a response
//! or a status change: its `undone_at` before and after).
//! Undoing walks the changes backwards: an added row is removed, a replaced row is put
//! back, an undo is taken back. What was worked on since (a contact edited again, a call
//! a later follow-up points at, a row already shared with the team) is kept and listed,
//! and so is the history (revisions) of a contact kept.

use std::collections::HashSet;

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::rows::{ContactRow, FollowUpRow};
use crate::time::now;

/// What a journal entry is: a bundle merge or a contact import.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Bundle,
    Import,
}

impl Kind {
    /// The value of `merges.kind`.
    fn as_str(self) -> &'static str {
        match self {
            Kind::Bundle => "bundle",
            Kind::Import => "import",
        }
    }

    /// The word for it in what undo keeps: "since the merge", "since the import".
    fn word(self) -> &'static str {
        match self {
            Kind::Bundle => "merge",
            Kind::Import => "import",
        }
    }
}

/// A merge (or an import: [`list_imports`]) this store made.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct MergeEntry {
    pub id: String,
    /// The bundle file.
    pub file: String,
    pub machine_id: String,
    /// When the bundle was made.
    pub created_at: String,
    pub merged_at: String,
    /// When the merge was undone, if it was.
    pub undone_at: Option<String>,
    /// How many rows it added or changed.
    pub changes: u32,
}

/// What undoing a merge did.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct MergeUndo {
    pub merge_id: String,
    pub file: String,
    /// Rows the merge added, removed again.
    pub removed: u32,
    /// Rows the merge replaced or undid, put back as they were.
    pub restored: u32,
    /// Rows kept as they are, each with why (worked on since the merge, or shared with
    /// the team already).
    pub kept: Vec<String>,
}

/// The tables a merge writes, with the words for one row and the team-sync event id of a
/// row (`prefix` + id; `versioned`: the event id goes on with `@<updated_at>`).
struct Table {
    name: &'static str,
    what: &'static str,
    event: &'static str,
    versioned: bool,
}

const TABLES: &[Table] = &[
    Table {
        name: "cities",
        what: "place",
        event: "city:",
        versioned: false,
    },
    Table {
        name: "relationships",
        what: "tie",
        event: "tie:",
        versioned: false,
    },
    Table {
        name: "contacts",
        what: "contact",
        event: "contact:",
        versioned: true,
    },
    Table {
        name: "contact_revisions",
        what: "contact revision",
        event: "revision:",
        versioned: false,
    },
    Table {
        name: "calls",
        what: "call",
        event: "call:",
        versioned: false,
    },
    Table {
        name: "responses",
        what: "response",
        event: "response:",
        versioned: false,
    },
    Table {
        name: "relationship_events",
        what: "status change",
        event: "status:",
        versioned: false,
    },
    Table {
        name: "follow_ups",
        what: "follow-up",
        event: "follow_up:",
        versioned: true,
    },
];

fn table(name: &str) -> Result<&'static Table> {
    TABLES
        .iter()
        .find(|t| t.name == name)
        .ok_or_else(|| Error::MergeJournal(format!("names an unknown table {name}")))
}

/// Lists a new merge or import of `file` and returns its id (inside its transaction: gone if
/// it rolls back). `created_at`: when the bundle was made (an import: when it was made,
/// `merged_at`).
pub(crate) fn start(
    conn: &Connection,
    kind: Kind,
    file: &str,
    machine_id: &str,
    created_at: &str,
    merged_at: &str,
) -> Result<String> {
    let id = crate::ids::new_row_id();
    conn.prepare_cached(
        "INSERT INTO merges (id, file, machine_id, created_at, merged_at, kind)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        id,
        file,
        machine_id,
        created_at,
        merged_at,
        kind.as_str()
    ])?;
    Ok(id)
}

/// The highest rowid of a table (rows added later have higher ones).
pub(crate) fn last_rowid(conn: &Connection, table: &str) -> Result<i64> {
    Ok(conn.query_row(
        &format!("SELECT coalesce(max(rowid), 0) FROM {table}"),
        [],
        |r| r.get(0),
    )?)
}

/// Journals every row of `table` added after `rowid` as added by the merge or import
/// `entry`, in one statement; how many.
pub(crate) fn added_after(conn: &Connection, entry: &str, table: &str, rowid: i64) -> Result<u32> {
    let n = conn
        .prepare_cached(&format!(
            "INSERT INTO merge_changes (merge_id, tbl, row_id, kind)
             SELECT ?1, '{table}', id, 'added' FROM {table} WHERE rowid > ?2 ORDER BY rowid"
        ))?
        .execute(params![entry, rowid])?;
    Ok(n as u32)
}

/// Journals one row the merge added (nothing when the merge is not journalled).
pub(crate) fn added(conn: &Connection, merge: Option<&str>, table: &str, id: &str) -> Result<()> {
    let Some(merge) = merge else {
        return Ok(());
    };
    conn.prepare_cached(
        "INSERT INTO merge_changes (merge_id, tbl, row_id, kind) VALUES (?1, ?2, ?3, 'added')",
    )?
    .execute(params![merge, table, id])?;
    Ok(())
}

/// Journals one row the merge replaced: as it was and as the merge made it (nothing when
/// the merge is not journalled).
pub(crate) fn changed<T: Serialize>(
    conn: &Connection,
    merge: Option<&str>,
    table: &str,
    id: &str,
    before: &T,
    after: &T,
) -> Result<()> {
    let Some(merge) = merge else {
        return Ok(());
    };
    conn.prepare_cached(
        "INSERT INTO merge_changes (merge_id, tbl, row_id, kind, before, after)
         VALUES (?1, ?2, ?3, 'changed', ?4, ?5)",
    )?
    .execute(params![
        merge,
        table,
        id,
        serde_json::to_string(before).expect("a row serialises"),
        serde_json::to_string(after).expect("a row serialises"),
    ])?;
    Ok(())
}

/// Journals the undos the staged rows of `table` (`temp.staged_<table>`: calls, responses,
/// status changes) are about to bring: run just before the merge's update of `undone_at`,
/// with the same condition.
pub(super) fn undos_staged(conn: &Connection, merge: &str, table: &str) -> Result<()> {
    let t = self::table(table)?.name;
    conn.prepare_cached(&format!(
        "INSERT INTO merge_changes (merge_id, tbl, row_id, kind, before, after)
         SELECT ?1, '{t}', c.id, 'undone', c.undone_at, min(s.undone_at)
         FROM temp.staged_{t} s JOIN {t} c ON c.id = s.id
         WHERE s.undone_at IS NOT NULL AND (c.undone_at IS NULL OR c.undone_at > s.undone_at)
         GROUP BY c.id"
    ))?
    .execute([merge])?;
    Ok(())
}

/// The merges this store made, latest first.
pub fn list(conn: &Connection) -> Result<Vec<MergeEntry>> {
    list_kind(conn, Kind::Bundle)
}

/// The contact imports this store made, latest first (`file`: the file imported;
/// `created_at` and `merged_at`: when it was imported).
pub fn list_imports(conn: &Connection) -> Result<Vec<MergeEntry>> {
    list_kind(conn, Kind::Import)
}

/// Latest first. Two entries made in the same millisecond are told apart by their ids,
/// which this version makes time-ordered (`ids::new_row_id`: rising within a process), so
/// the later one comes first and "undo the latest" takes it.
fn list_kind(conn: &Connection, kind: Kind) -> Result<Vec<MergeEntry>> {
    let mut stmt = conn.prepare(
        "SELECT m.id, m.file, m.machine_id, m.created_at, m.merged_at, m.undone_at,
                (SELECT count(*) FROM merge_changes c WHERE c.merge_id = m.id)
         FROM merges m WHERE m.kind = ?1 ORDER BY m.merged_at DESC, m.id DESC",
    )?;
    let rows = stmt.query_map([kind.as_str()], entry)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn entry(r: &rusqlite::Row<'_>) -> rusqlite::Result<MergeEntry> {
    Ok(MergeEntry {
        id: r.get(0)?,
        file: r.get(1)?,
        machine_id: r.get(2)?,
        created_at: r.get(3)?,
        merged_at: r.get(4)?,
        undone_at: r.get(5)?,
        changes: r.get(6)?,
    })
}

/// One journalled change: table, row id, kind, before, after.
type Change = (String, String, String, Option<String>, Option<String>);

/// Undoes a merge (the latest one not undone when `id` is `None`), in one transaction.
pub fn undo(conn: &mut Connection, id: Option<&str>) -> Result<MergeUndo> {
    Ok(undo_kind(conn, Kind::Bundle, id)?.0)
}

/// Undoes a merge or an import of `kind` (the latest one not undone when `id` is `None`),
/// in one transaction. Also returns how many of the rows removed were contact revisions.
pub(crate) fn undo_kind(
    conn: &mut Connection,
    kind: Kind,
    id: Option<&str>,
) -> Result<(MergeUndo, u32)> {
    let tx = crate::atomic::begin(conn)?;
    let unknown = |id: &str| match kind {
        Kind::Bundle => Error::UnknownMerge { id: id.to_string() },
        Kind::Import => Error::UnknownImport { id: id.to_string() },
    };
    let merge = match id {
        Some(id) => list_kind(&tx, kind)?
            .into_iter()
            .find(|m| m.id == id)
            .ok_or_else(|| unknown(id))?,
        None => list_kind(&tx, kind)?
            .into_iter()
            .find(|m| m.undone_at.is_none())
            .ok_or_else(|| unknown("(latest)"))?,
    };
    if let Some(at) = &merge.undone_at {
        let (file, at) = (merge.file.clone(), at.clone());
        return Err(match kind {
            Kind::Bundle => Error::MergeUndone { file, at },
            Kind::Import => Error::ImportUndone { file, at },
        });
    }
    let word = kind.word();
    // The version a row was added at, when the journal knows it: an import writes every
    // contact it adds with its own time.
    let added_at = (kind == Kind::Import).then_some(merge.merged_at.as_str());
    let changes: Vec<Change> = tx
        .prepare(
            "SELECT tbl, row_id, kind, before, after FROM merge_changes
             WHERE merge_id = ?1 ORDER BY seq DESC",
        )?
        .query_map([&merge.id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut done = MergeUndo {
        merge_id: merge.id.clone(),
        file: merge.file.clone(),
        removed: 0,
        restored: 0,
        kept: Vec::new(),
    };
    let mut kept = Kept::default();
    let mut revisions_removed = 0;
    for (tbl, row_id, change, before, after) in changes {
        let t = table(&tbl)?;
        if shared(&tx, t, &row_id)? {
            kept.row(t, row_id, &format!("shared with the team since the {word}"));
            continue;
        }
        match change.as_str() {
            "added"
                if t.versioned
                    && added_at.is_some()
                    && edited_since(&tx, t, &row_id, added_at)? =>
            {
                kept.row(t, row_id, &format!("edited since the {word}"));
            }
            "added"
                if t.name == "contact_revisions"
                    && revision_of_kept(&tx, &row_id, &kept.contacts)? =>
            {
                kept.row(t, row_id, "history of a contact kept as it is");
            }
            "added" => {
                match tx.execute(&format!("DELETE FROM {} WHERE id = ?1", t.name), [&row_id]) {
                    Ok(n) => {
                        done.removed += n as u32;
                        if t.name == "contact_revisions" {
                            revisions_removed += n as u32;
                        }
                    }
                    Err(rusqlite::Error::SqliteFailure(e, _))
                        if e.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_FOREIGNKEY =>
                    {
                        kept.row(t, row_id, "later work points at it");
                    }
                    Err(e) => return Err(e.into()),
                }
            }
            "undone" if matches!(t.name, "calls" | "responses" | "relationship_events") => {
                let n = tx.execute(
                    &format!(
                        "UPDATE {} SET undone_at = ?2 WHERE id = ?1 AND undone_at IS ?3",
                        t.name
                    ),
                    params![row_id, before, after],
                )?;
                if n == 1 {
                    done.restored += 1;
                } else {
                    kept.row(t, row_id, &format!("its undo changed since the {word}"));
                }
            }
            _ => {
                if restore(&tx, t, &row_id, before.as_deref(), after.as_deref())? {
                    done.restored += 1;
                } else {
                    kept.row(t, row_id, &format!("edited since the {word}"));
                }
            }
        }
    }
    tx.execute(
        "UPDATE merges SET undone_at = ?2 WHERE id = ?1",
        params![merge.id, now()],
    )?;
    tx.commit()?;
    done.kept = kept.lines;
    Ok((done, revisions_removed))
}

/// The rows an undo keeps as they are, each with why; and the contacts among them, whose
/// revisions this entry added stay too (their history).
#[derive(Default)]
struct Kept {
    lines: Vec<String>,
    contacts: HashSet<String>,
}

impl Kept {
    fn row(&mut self, t: &Table, id: String, why: &str) {
        self.lines.push(format!("{} {id}: {why}", t.what));
        if t.name == "contacts" {
            self.contacts.insert(id);
        }
    }
}

/// Whether a row added at version `after` (its `updated_at`) was changed since.
fn edited_since(conn: &Connection, t: &Table, id: &str, after: Option<&str>) -> Result<bool> {
    let now: Option<String> = conn
        .prepare_cached(&format!("SELECT updated_at FROM {} WHERE id = ?1", t.name))?
        .query_row([id], |r| r.get(0))
        .optional()?;
    Ok(now.is_some_and(|v| Some(v.as_str()) != after))
}

/// Whether a revision belongs to a contact the undo keeps as it is.
fn revision_of_kept(conn: &Connection, id: &str, kept: &HashSet<String>) -> Result<bool> {
    if kept.is_empty() {
        return Ok(false);
    }
    let contact: Option<String> = conn
        .prepare_cached("SELECT contact_id FROM contact_revisions WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?;
    Ok(contact.is_some_and(|c| kept.contains(&c)))
}

/// Whether a row's event went to the team server (undoing it here would part this store
/// from the team's).
fn shared(conn: &Connection, t: &Table, id: &str) -> Result<bool> {
    let key = format!("{}{id}", t.event);
    let found: Option<i64> = if t.versioned {
        conn.prepare_cached(
            "SELECT 1 FROM team_events WHERE event_id > ?1 || '@' AND event_id < ?1 || 'A' LIMIT 1",
        )?
        .query_row([&key], |r| r.get(0))
        .optional()?
    } else {
        conn.prepare_cached("SELECT 1 FROM team_events WHERE event_id = ?1")?
            .query_row([&key], |r| r.get(0))
            .optional()?
    };
    Ok(found.is_some())
}

/// Puts a replaced contact or follow-up back as it was, if it is still as the merge left it.
fn restore(
    conn: &Connection,
    t: &Table,
    id: &str,
    before: Option<&str>,
    after: Option<&str>,
) -> Result<bool> {
    let (Some(before), Some(after)) = (before, after) else {
        return Ok(false);
    };
    match t.name {
        "contacts" => put_back(ContactRow::find(conn, id)?, before, after, |r| {
            r.upsert(conn)
        }),
        "follow_ups" => put_back(FollowUpRow::find(conn, id)?, before, after, |r| {
            r.upsert(conn)
        }),
        _ => Ok(false),
    }
}

/// Puts the row back as `before` (by `upsert`) if it is `now` still as `after` left it.
fn put_back<R: serde::de::DeserializeOwned + PartialEq>(
    now: Option<R>,
    before: &str,
    after: &str,
    upsert: impl FnOnce(&R) -> rusqlite::Result<usize>,
) -> Result<bool> {
    let read = |json: &str| {
        serde_json::from_str::<R>(json)
            .map_err(|e| Error::MergeJournal(format!("holds a row it cannot read ({e})")))
    };
    if now.as_ref() != Some(&read(after)?) {
        return Ok(false);
    }
    upsert(&read(before)?)?;
    Ok(true)
}
