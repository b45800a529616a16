//! The SQLite store: where it lives, how it is opened, and its migrations.
//!
//! Opening is careful about files it cannot use: before anything writes, a read-only look
//! checks that the file is an SQLite database, that it belongs to Outreach Desk, and that
//! its schema is not newer than this build knows. A file that fails any check is refused
//! with an error that names it, and is left byte for byte as it was.

use std::fs::{self, File};
use std::io::Read;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use crate::backup::{self, BackupInfo, RestoreReport};
use crate::cities::{CityQuery, CitySummary};
use crate::error::{Error, Result};
pub use crate::schema::{latest_schema_version, migration_sql, migrations, APPLICATION_ID};
use crate::seed;

/// The app's identifier; the platform data folder holds the store under this name
/// (on Linux `$XDG_DATA_HOME/org.outreachdesk.OutreachDesk/`). Tauri's identifier is the same.
pub const IDENTIFIER: &str = "org.outreachdesk.OutreachDesk";
/// The store's file name inside the data folder.
pub const STORE_FILE: &str = "outreach.db";
/// The environment variable that names the data folder when `--data-dir` is not given.
pub const DATA_DIR_ENV: &str = "OUTREACH_DATA_DIR";
const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// Where the store lives: `--data-dir`, else `OUTREACH_DATA_DIR`, else the platform's data
/// folder for this app.
pub fn resolve_data_dir(explicit: Option<&Path>) -> Result<PathBuf> {
    if let Some(dir) = explicit {
        return Ok(dir.to_path_buf());
    }
    if let Some(dir) = std::env::var_os(DATA_DIR_ENV).filter(|v| !v.is_empty()) {
        return Ok(PathBuf::from(dir));
    }
    let base = directories::BaseDirs::new()
        .ok_or_else(|| Error::NoDataDir("the home folder is not known".into()))?;
    Ok(base.data_dir().join(IDENTIFIER))
}

/// An open store: one SQLite connection, migrated to the latest schema and seeded.
pub struct Store {
    conn: Connection,
    path: Option<PathBuf>,
    /// The city list kept in memory (see `crate::citylist`).
    pub(crate) city_list: std::cell::RefCell<crate::citylist::CityListCache>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

impl Store {
    /// Opens (creating when needed) the store in a data folder.
    pub fn open_dir(dir: &Path) -> Result<Store> {
        if !dir.exists() {
            fs::create_dir_all(dir).map_err(|e| Error::StoreUnavailable {
                path: dir.join(STORE_FILE),
                reason: format!("cannot create the data folder {}: {e}", dir.display()),
            })?;
        }
        Store::open(&dir.join(STORE_FILE))
    }

    /// Opens (creating when needed) the store file at `path`, migrates it and loads the
    /// embedded seed campaign into it.
    pub fn open(path: &Path) -> Result<Store> {
        let is_new = preflight(path)?;
        let conn = Connection::open(path).map_err(|e| classify(path, e))?;
        Store::finish_open(conn, Some(path.to_path_buf()), is_new)
    }

    /// A store in memory, for tests and benchmarks.
    pub fn open_in_memory() -> Result<Store> {
        Store::finish_open(Connection::open_in_memory()?, None, true)
    }

    fn finish_open(mut conn: Connection, path: Option<PathBuf>, is_new: bool) -> Result<Store> {
        let shown = path.clone().unwrap_or_else(|| PathBuf::from(":memory:"));
        configure(&conn).map_err(|e| classify(&shown, e))?;
        if is_new {
            conn.pragma_update(None, "application_id", APPLICATION_ID)?;
        }
        let mut backup = None;
        if let (Some(file), false) = (&path, is_new) {
            let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
            if version < latest_schema_version() {
                let made_folder = !backup::folder_exists(file);
                backup = Some((
                    file,
                    backup::create_unrotated(file, "before-migration")?,
                    made_folder,
                ));
            }
        }
        // An existing store is switched to WAL only once it migrated: a store refused by
        // its migration is left exactly as it was found (its bytes, no new backup).
        let migrated = migrations()
            .to_latest(&mut conn)
            .map_err(|e| Error::Migration {
                path: shown.clone(),
                reason: e.to_string(),
            });
        if let Err(e) = migrated {
            drop(conn);
            if let Some((file, info, made_folder)) = &backup {
                backup::discard(file, info, *made_folder);
            }
            return Err(e);
        }
        if let Some((file, info, _)) = &backup {
            backup::kept(file, info)?;
        }
        use_wal(&conn).map_err(|e| classify(&shown, e))?;
        seed::apply_embedded(&mut conn)?;
        Ok(Store {
            conn,
            path,
            city_list: Default::default(),
        })
    }

    /// The door for reading: `f` runs in one read transaction (a consistent view of the
    /// store, even while another process writes) with the connection set `query_only`, so a
    /// write that came in through this door fails at once instead of running unguarded.
    pub fn read<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        let result = (|| {
            let _open = ReadTx::begin(&self.conn)?;
            f(&self.conn)
        })();
        result.map_err(|e| self.explain(e))
    }

    /// A database error the user can act on (locked, read-only, disk full, I/O) named with
    /// the store's file, what happened and what to do.
    fn explain(&self, e: Error) -> Error {
        let Error::Database(db) = &e else {
            return e;
        };
        let Some(code) = db.sqlite_error_code() else {
            return e;
        };
        use rusqlite::ErrorCode as C;
        let problem = match code {
            C::DatabaseBusy | C::DatabaseLocked => {
                "another program (another Outreach Desk window or command, or a long merge) is \
                 writing to it and did not finish within 5 s; try again in a moment"
            }
            C::ReadOnly => {
                "it cannot be written (a read-only file, folder or disk); check that you may \
                 write to the file and its folder, or choose another data folder"
            }
            C::DiskFull => "the disk is full; free some space and try again",
            C::SystemIoFailure => {
                "the disk reported an input/output error (it may be full or failing); free \
                 some space or check the disk, then try again, and restore a backup if it \
                 keeps happening"
            }
            C::CannotOpen => {
                "it cannot be opened any more (was the data folder moved or removed?); \
                 check the data folder, then try again"
            }
            _ => return e,
        };
        match &self.path {
            Some(path) => Error::StoreWrite {
                path: path.clone(),
                problem: format!("{problem} ({db})"),
            },
            None => e,
        }
    }

    /// The door for writing: `f` runs in one `BEGIN IMMEDIATE` transaction, committed when
    /// it returns `Ok` and rolled back when it returns `Err` (or panics). Core functions
    /// make their own steps atomic with [`atomic`], which nests inside it as a savepoint, so
    /// whatever a command writes lands whole or not at all. `IMMEDIATE` takes the write lock
    /// first, so a write never fails half-way because another process started writing.
    pub fn write<T>(&mut self, f: impl FnOnce(&mut Connection) -> Result<T>) -> Result<T> {
        let result = self.write_inner(f);
        result.map_err(|e| self.explain(e))
    }

    /// The door for one core step that opens its own transaction (with
    /// [`crate::atomic::begin`] on a connection that has none open): a contact import, and
    /// undoing a merge or an import. It is not nested in [`Store::write`]'s transaction
    /// because SQLite keeps a first copy of every page a savepoint changes, a second write of
    /// the whole step. The step lands whole or not at all (its own transaction, rolled back
    /// when dropped), and errors are explained as the write door's are.
    pub fn write_step<T>(&mut self, f: impl FnOnce(&mut Connection) -> Result<T>) -> Result<T> {
        debug_assert!(
            self.conn.is_autocommit(),
            "a step opens its own transaction"
        );
        let result = f(&mut self.conn);
        result.map_err(|e| self.explain(e))
    }

    fn write_inner<T>(&mut self, f: impl FnOnce(&mut Connection) -> Result<T>) -> Result<T> {
        self.conn.execute_batch("BEGIN IMMEDIATE")?;
        let conn = &mut self.conn;
        let out = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(conn)));
        let end = match &out {
            Ok(Ok(_)) => self.conn.execute_batch("COMMIT"),
            _ => Ok(()),
        };
        if !self.conn.is_autocommit() {
            // An error, a panic or a failed commit: nothing of this command stays.
            let _ = self.conn.execute_batch("ROLLBACK");
        }
        match out {
            Ok(result) => {
                end?;
                result
            }
            Err(panic) => std::panic::resume_unwind(panic),
        }
    }

    /// The connection itself, for tests and benchmarks that set a store up. The window's
    /// and the command line's commands go through [`Store::read`] and [`Store::write`]
    /// (`cli/tests/architecture.rs` checks that they do).
    #[doc(hidden)]
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// See [`Store::conn`].
    #[doc(hidden)]
    pub fn conn_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }

    /// Backs the store up (`reason`: `manual`, `before-import`, ...); `None` for a store in
    /// memory (tests).
    pub fn backup(&self, reason: &str) -> Result<Option<BackupInfo>> {
        match &self.path {
            Some(p) => backup::create_from_file(p, reason).map(Some),
            None => Ok(None),
        }
    }

    /// The store's backups, newest first.
    pub fn backups(&self) -> Result<Vec<BackupInfo>> {
        match &self.path {
            Some(p) => backup::list_at(p),
            None => Ok(Vec::new()),
        }
    }

    /// Makes today's backup unless there is one already.
    pub fn daily_backup_if_due(&self) -> Result<Option<BackupInfo>> {
        match &self.path {
            Some(p) => backup::daily_if_due_at(p),
            None => Ok(None),
        }
    }

    /// Replaces the store's content with a backup's, after backing up the current content.
    pub fn restore_backup(&mut self, id: &str) -> Result<RestoreReport> {
        let Some(db) = self.path.clone() else {
            return Err(Error::Backup("a store in memory has no backups".into()));
        };
        let report = backup::restore_into(&mut self.conn, &db, id)?;
        // Every city may have changed: the kept list is read again.
        *self.city_list.borrow_mut() = Default::default();
        Ok(report)
    }

    /// Every target city in name order, from the in-memory list (see `crate::citylist`).
    pub fn list_cities(&self) -> Result<Vec<CitySummary>> {
        self.city_list.borrow_mut().list(&self.conn)
    }

    /// The cities a query selects, in its order, from the in-memory list. The same
    /// answer as [`crate::cities::query_cities`], without reading every city again.
    pub fn query_cities(&self, query: &CityQuery) -> Result<Vec<CitySummary>> {
        self.city_list.borrow_mut().query(&self.conn, query)
    }

    /// Runs `f` over the in-memory list without copying it (for counts).
    pub fn with_city_list<T>(&self, f: impl FnOnce(&[CitySummary]) -> T) -> Result<T> {
        self.city_list.borrow_mut().with(&self.conn, f)
    }

    /// The store file, or `None` for an in-memory store.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    pub fn schema_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))?)
    }
}

/// An open read transaction (see [`Store::read`]); ends when dropped.
struct ReadTx<'c> {
    conn: &'c Connection,
    began: bool,
}

impl<'c> ReadTx<'c> {
    fn begin(conn: &'c Connection) -> Result<ReadTx<'c>> {
        conn.execute_batch("PRAGMA query_only = ON")?;
        // From here the guard undoes what was done, even when BEGIN fails.
        let mut guard = ReadTx { conn, began: false };
        conn.execute_batch("BEGIN DEFERRED")?;
        guard.began = true;
        Ok(guard)
    }
}

impl Drop for ReadTx<'_> {
    fn drop(&mut self) {
        // Nothing was written (query_only), so ending it cannot lose anything. Each step on
        // its own: the connection is writable again whatever happened to the transaction.
        if self.began {
            let _ = self.conn.execute_batch("ROLLBACK");
        }
        let _ = self.conn.execute_batch("PRAGMA query_only = OFF");
    }
}

/// Every connection: write-ahead log, normal sync (safe with WAL), foreign keys enforced,
/// an 8 MiB page cache, and a busy timeout so the window and the command line can share the file.
fn configure(conn: &Connection) -> rusqlite::Result<()> {
    conn.busy_timeout(std::time::Duration::from_millis(5000))?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    // An 8 MiB page cache (SQLite's default is 2 MiB): the city list of a 20,000-city store
    // reads four tables of a few MiB each, which a smaller cache reads again and again. It
    // fills only as pages are read.
    conn.pragma_update(None, "cache_size", -CACHE_KIB)?;
    Ok(())
}

/// The page cache of every connection, in KiB.
pub const CACHE_KIB: i64 = 8192;
/// The page cache while a large merge writes (a bundle merge, a team pull): the new rows go
/// to every city (and, with the random ids of earlier versions, all over the id index), so
/// the inserts touch most pages of the calls' and the shared events' indexes; with the usual
/// 8 MiB those pages are read again and again. It fills only as pages are read, and goes back
/// to [`CACHE_KIB`] after.
pub const BULK_CACHE_KIB: i64 = 131_072;

/// Runs `f` with the page cache at [`BULK_CACHE_KIB`], then sets it back, whatever `f` returned.
pub fn with_bulk_cache<S, T>(
    store: &mut S,
    set: impl Fn(&mut S, i64) -> crate::Result<()>,
    f: impl FnOnce(&mut S) -> crate::Result<T>,
) -> crate::Result<T> {
    set(store, BULK_CACHE_KIB)?;
    let result = f(store);
    set(store, CACHE_KIB)?;
    result
}

/// The store's journal: WAL (readers never wait for the writer), synchronous NORMAL.
fn use_wal(conn: &Connection) -> rusqlite::Result<()> {
    let mode: String = conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))?;
    // An in-memory database answers "memory"; anything else must be WAL.
    debug_assert!(mode == "wal" || mode == "memory", "journal mode {mode}");
    conn.pragma_update(None, "synchronous", "NORMAL")
}

/// Whether SQLite keeps any file beside the store (`-wal`, `-shm`, `-journal`): another
/// process has it open, or it holds work not yet in the main file.
fn has_sidecars(path: &Path) -> bool {
    ["-wal", "-shm", "-journal"].iter().any(|ext| {
        let mut p = path.as_os_str().to_owned();
        p.push(ext);
        fs::symlink_metadata(PathBuf::from(p)).is_ok()
    })
}

/// A read-only connection for a look at the store that creates no file: without files
/// beside it, the main file is the whole store and nobody has it open in WAL mode, so it is
/// opened `immutable` (no `-wal`/`-shm` made, no lock taken); with them, read-only as usual
/// (they exist already).
fn open_for_a_look(path: &Path) -> rusqlite::Result<Connection> {
    let ro = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    if !has_sidecars(path) {
        if let Ok(mut uri) = fs::canonicalize(path)
            .map_err(|_| ())
            .and_then(|p| url::Url::from_file_path(p))
        {
            uri.set_query(Some("mode=ro&immutable=1"));
            return Connection::open_with_flags(uri.as_str(), ro | OpenFlags::SQLITE_OPEN_URI);
        }
    }
    Connection::open_with_flags(path, ro)
}

/// Looks at an existing store file without writing to it. Returns whether the store is new
/// (no file, or an empty one).
fn preflight(path: &Path) -> Result<bool> {
    let meta = match fs::metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(true),
        Err(e) => {
            return Err(Error::StoreUnavailable {
                path: path.into(),
                reason: e.to_string(),
            })
        }
    };
    if !meta.is_file() {
        return Err(Error::StoreUnavailable {
            path: path.into(),
            reason: "it is not a regular file".into(),
        });
    }
    if meta.len() == 0 {
        return Ok(true);
    }
    let mut header = [0u8; 16];
    let read = File::open(path)
        .and_then(|mut f| f.read(&mut header))
        .map_err(|e| Error::StoreUnavailable {
            path: path.into(),
            reason: e.to_string(),
        })?;
    if read < header.len() || &header != SQLITE_HEADER {
        return Err(Error::StoreCorrupt {
            path: path.into(),
            reason: "it does not start with an SQLite header".into(),
        });
    }

    let look = || -> rusqlite::Result<(i64, i64, i64)> {
        let ro = open_for_a_look(path)?;
        let app_id: i64 = ro.pragma_query_value(None, "application_id", |r| r.get(0))?;
        let version: i64 = ro.pragma_query_value(None, "user_version", |r| r.get(0))?;
        let objects: i64 = ro.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))?;
        Ok((app_id, version, objects))
    };
    let (app_id, version, objects) = look().map_err(|e| classify(path, e))?;

    if app_id != APPLICATION_ID {
        if app_id == 0 && objects == 0 && version == 0 {
            return Ok(true); // an empty SQLite file: ours to initialise
        }
        return Err(Error::StoreForeign {
            path: path.into(),
            found: app_id,
        });
    }
    if version == 0 {
        if objects == 0 {
            return Ok(true); // our mark and nothing else: a creation cut short
        }
        return Err(Error::StoreCorrupt {
            path: path.into(),
            reason: format!(
                "it carries Outreach Desk's mark but no schema version, and holds {objects} \
                 tables or other objects this app did not make"
            ),
        });
    }
    let known = latest_schema_version();
    if version > known {
        return Err(Error::StoreTooNew {
            path: path.into(),
            found: version,
            known,
        });
    }
    Ok(false)
}

/// Turns an SQLite error met while opening into the store error a volunteer can act on.
fn classify(path: &Path, e: rusqlite::Error) -> Error {
    use rusqlite::ErrorCode;
    match e.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) | Some(ErrorCode::DatabaseCorrupt) => Error::StoreCorrupt {
            path: path.into(),
            reason: e.to_string(),
        },
        Some(_) => Error::StoreUnavailable {
            path: path.into(),
            reason: e.to_string(),
        },
        None => Error::Database(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_migration_list_is_valid() {
        migrations().validate().unwrap();
    }

    #[test]
    fn latest_version_matches_the_migration_list() {
        let store = Store::open_in_memory().unwrap();
        assert_eq!(store.schema_version().unwrap(), latest_schema_version());
        let mut conn = Connection::open_in_memory().unwrap();
        migrations().to_latest(&mut conn).unwrap();
        let v: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(v, latest_schema_version());
    }

    #[test]
    fn the_data_dir_flag_wins_over_the_environment() {
        let flag = Path::new("/tmp/outreach-flag");
        assert_eq!(resolve_data_dir(Some(flag)).unwrap(), flag);
    }
}
