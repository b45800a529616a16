//! Rotating backups of the store, made with SQLite's online backup API (a consistent copy
//! even while the window or the command line writes), in `<data folder>/backups/`.
//!
//! One a day (the last 7 kept), one before every import, merge, restore and migration (the
//! last 10 of each kind kept), and any made by hand (kept until removed by hand).

use std::path::Path;

use rusqlite::{Connection, OpenFlags, MAIN_DB};
use serde::Serialize;
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::output::{self, Existing};
use crate::schema::{self, APPLICATION_ID};

/// The folder beside the store file that holds its backups (`output` never writes there).
pub use crate::output::{backup_dir, BACKUP_DIR};
const DAILY_KEEP: usize = 7;
const BEFORE_KEEP: usize = 10;

/// One backup file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct BackupInfo {
    /// The file's name without `.db`: `20261128T001500123Z-before-import`.
    pub id: String,
    /// When it was made (RFC 3339 UTC).
    pub created_at: String,
    /// `daily`, `manual`, `before-import`, `before-merge`, `before-restore`, `before-migration`.
    pub reason: String,
    #[ts(type = "number")]
    pub bytes: u64,
}

/// What a restore did.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct RestoreReport {
    pub restored: BackupInfo,
    /// The backup of the store as it was just before the restore.
    pub previous: BackupInfo,
}

fn stamp_now() -> (String, String) {
    let ts = jiff::Timestamp::now();
    (
        ts.strftime("%Y%m%dT%H%M%S%3fZ").to_string(),
        ts.strftime("%Y-%m-%dT%H:%M:%S%.3fZ").to_string(),
    )
}

fn parse_id(id: &str) -> Option<(String, String)> {
    let (stamp, reason) = id.split_once('-')?;
    let ts = jiff::civil::DateTime::strptime("%Y%m%dT%H%M%S%3fZ", stamp).ok()?;
    let created = ts.strftime("%Y-%m-%dT%H:%M:%S%.3fZ").to_string();
    Some((created, reason.to_string()))
}

/// Backs up the store file at `db` (through its own read connection, so it sees the last
/// committed state even while a write transaction is open elsewhere).
pub fn create_from_file(db: &Path, reason: &str) -> Result<BackupInfo> {
    let info = create_unrotated(db, reason)?;
    rotate(&backup_dir(db), reason)?;
    Ok(info)
}

/// A backup of the store file, made before a step that may fail (a migration); older
/// backups of its kind are rotated out only once the step succeeded ([`kept`]), and the
/// new one removed when it failed ([`discard`]), so a refused store's folder is left as
/// it was found.
pub fn create_unrotated(db: &Path, reason: &str) -> Result<BackupInfo> {
    let dir = backup_dir(db);
    std::fs::create_dir_all(&dir).map_err(|e| {
        Error::Backup(format!(
            "cannot create the backup folder {} ({e})",
            dir.display()
        ))
    })?;
    let (stamp, created_at) = stamp_now();
    let mut id = format!("{stamp}-{reason}");
    let mut n = 1;
    while dir.join(format!("{id}.db")).exists() {
        n += 1;
        id = format!("{stamp}-{reason}-{n}");
    }
    let dest = dir.join(format!("{id}.db"));
    // A fresh file made exclusively (a link planted in the folder is never followed); it
    // becomes the backup only once complete and synced (`crate::output`).
    let tmp = output::temp_beside(&dir, &dest).map_err(|e| Error::Backup(e.to_string()))?;
    let src = Connection::open_with_flags(
        db,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| Error::Backup(format!("cannot read {} ({e})", db.display())))?;
    src.busy_timeout(std::time::Duration::from_millis(5000))?;
    copy_all(&src, tmp.path())
        .map_err(|e| Error::Backup(format!("copying {} failed ({e})", db.display())))?;
    drop(src);
    output::finish(tmp, &dest, Existing::Refuse).map_err(|e| Error::Backup(e.to_string()))?;
    let bytes = std::fs::metadata(&dest).map(|m| m.len()).unwrap_or(0);
    Ok(BackupInfo {
        id,
        created_at,
        reason: reason.to_string(),
        bytes,
    })
}

/// The step after [`create_unrotated`] succeeded: rotate older backups of its kind out.
pub fn kept(db: &Path, info: &BackupInfo) -> Result<()> {
    rotate(&backup_dir(db), &info.reason)
}

/// The step after [`create_unrotated`] failed: the store is as it was, so its new backup
/// goes (and the backup folder, when this made it and it is empty).
pub fn discard(db: &Path, info: &BackupInfo, made_folder: bool) {
    let dir = backup_dir(db);
    let _ = std::fs::remove_file(dir.join(format!("{}.db", info.id)));
    if made_folder {
        let _ = std::fs::remove_dir(&dir);
    }
}

/// Whether the store's backup folder exists.
pub fn folder_exists(db: &Path) -> bool {
    backup_dir(db).is_dir()
}

/// Copies the whole database in one step (one read transaction: a consistent copy), retrying
/// while another connection holds a lock.
fn copy_all(src: &Connection, dest: &Path) -> rusqlite::Result<()> {
    use rusqlite::backup::{Backup, StepResult};
    let mut out = Connection::open(dest)?;
    // The copy needs no journal of its own: it is written under a temporary name, synced,
    // and only then renamed.
    out.pragma_update(None, "journal_mode", "OFF")?;
    out.pragma_update(None, "synchronous", "OFF")?;
    {
        let backup = Backup::new(src, &mut out)?;
        loop {
            match backup.step(-1)? {
                StepResult::Done => break,
                StepResult::More => continue,
                _ => std::thread::sleep(std::time::Duration::from_millis(50)),
            }
        }
    }
    drop(out);
    std::fs::File::open(dest)
        .and_then(|f| f.sync_all())
        .map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?;
    Ok(())
}

fn list_dir(dir: &Path) -> Result<Vec<BackupInfo>> {
    let mut out = Vec::new();
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(out),
        Err(e) => {
            return Err(Error::Backup(format!(
                "cannot read {} ({e})",
                dir.display()
            )))
        }
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(id) = name.strip_suffix(".db") else {
            continue;
        };
        let Some((created_at, reason)) = parse_id(id) else {
            continue;
        };
        let reason = reason
            .trim_end_matches(|c: char| c.is_ascii_digit())
            .trim_end_matches('-')
            .to_string();
        out.push(BackupInfo {
            id: id.to_string(),
            created_at,
            reason,
            bytes: entry.metadata().map(|m| m.len()).unwrap_or(0),
        });
    }
    out.sort_by(|a, b| b.id.cmp(&a.id));
    Ok(out)
}

fn rotate(dir: &Path, reason: &str) -> Result<()> {
    let keep = match reason {
        "daily" => DAILY_KEEP,
        "manual" => return Ok(()),
        _ => BEFORE_KEEP,
    };
    for old in list_dir(dir)?
        .into_iter()
        .filter(|b| b.reason == reason)
        .skip(keep)
    {
        let _ = std::fs::remove_file(dir.join(format!("{}.db", old.id)));
    }
    Ok(())
}

/// The backups of the store file at `db`, newest first.
pub fn list_at(db: &Path) -> Result<Vec<BackupInfo>> {
    list_dir(&backup_dir(db))
}

/// Makes today's backup of the store file at `db` unless there is one already (the window
/// runs this on a thread of its own at start-up).
pub fn daily_if_due_at(db: &Path) -> Result<Option<BackupInfo>> {
    let today = jiff::Timestamp::now().strftime("%Y-%m-%d").to_string();
    if list_dir(&backup_dir(db))?
        .iter()
        .any(|b| b.reason == "daily" && b.created_at.starts_with(&today))
    {
        return Ok(None);
    }
    create_from_file(db, "daily").map(Some)
}

/// Checks that a file is a store this app can restore, without writing to it.
fn check_backup_file(path: &Path) -> Result<()> {
    let bad =
        |reason: String| Error::Backup(format!("{} cannot be restored: {reason}", path.display()));
    let ro = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(|e| bad(e.to_string()))?;
    let app: i64 = ro
        .pragma_query_value(None, "application_id", |r| r.get(0))
        .map_err(|e| bad(format!("not an SQLite database ({e})")))?;
    if app != APPLICATION_ID {
        return Err(bad("it is not an Outreach Desk store".into()));
    }
    let version: i64 = ro.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if version > schema::latest_schema_version() {
        return Err(bad(format!(
            "it was written by a newer version (schema {version}); update the app"
        )));
    }
    let ok: String = ro
        .query_row("PRAGMA quick_check", [], |r| r.get(0))
        .map_err(|e| bad(e.to_string()))?;
    if ok != "ok" {
        return Err(bad(format!("it is damaged ({ok})")));
    }
    Ok(())
}

/// Replaces the content of the store file `db`, open as `conn`, with a backup's, after
/// backing up the current content.
pub fn restore_into(conn: &mut Connection, db: &Path, id: &str) -> Result<RestoreReport> {
    let restored = list_at(db)?
        .into_iter()
        .find(|b| b.id == id)
        .ok_or_else(|| Error::UnknownBackup { id: id.to_string() })?;
    let file = backup_dir(db).join(format!("{id}.db"));
    check_backup_file(&file)?;
    let previous = create_from_file(db, "before-restore")?;
    conn.restore(MAIN_DB, &file, None::<fn(rusqlite::backup::Progress)>)
        .map_err(|e| {
            Error::Backup(format!(
                "restoring {id} failed ({e}); the store was not changed"
            ))
        })?;
    schema::migrations()
        .to_latest(conn)
        .map_err(|e| Error::Migration {
            path: db.to_path_buf(),
            reason: e.to_string(),
        })?;
    Ok(RestoreReport { restored, previous })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backup_ids_carry_their_time_and_reason() {
        let (created, reason) = parse_id("20261128T001500123Z-before-import").unwrap();
        assert_eq!(created, "2026-11-28T00:15:00.123Z");
        assert_eq!(reason, "before-import");
        assert!(parse_id("notes").is_none());
    }
}
