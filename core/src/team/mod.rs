//! Team sync (issue 12): volunteers share their work through the campaign's PostgreSQL
//! server, offline-first. Everything works with no server; what was logged offline is
//! pushed when the server answers again. Bundles keep working for teams with no server.
//!
//! - [`address`]: the server's `postgres://` address, shown without its password, and the
//!   connection (TLS with rustls unless the host is a loopback IP literal);
//! - [`server`]: the server's schema (versioned migrations), the campaign's roles and the
//!   invites (`team init`, `team add-volunteer`, `team remove-volunteer`);
//! - [`credentials`]: the volunteer's invite, in a 0600 file beside the petition token;
//! - [`events`]: how the store's rows travel (event ids, bodies, what is pending);
//! - [`push`] and [`pull`]: the two halves of `outreach sync`.
//!
//! Network I/O never runs inside a local write transaction: each local step (marking a
//! pushed batch, merging a pulled page) is its own short transaction.

pub mod address;
pub mod credentials;
pub mod events;
pub mod pull;
pub mod push;
pub mod server;

use std::path::Path;

use rusqlite::Connection;
use serde::Serialize;
use ts_rs::TS;

pub use address::ServerAddress;
pub use credentials::CredentialsFile;

use crate::error::Result;
use crate::fields::InputField;
use crate::settings;
use crate::time::now;
use crate::Store;

/// Setting: the server this store syncs with (`host:port/campaign`, no credentials).
pub const SERVER_KEY: &str = "team.server";
/// Setting: the volunteer's role on that server.
pub const VOLUNTEER_KEY: &str = crate::volunteer::TEAM_ROLE_KEY;
/// Setting: whether the server says this volunteer is a coordinator ("1").
pub const COORDINATOR_KEY: &str = crate::volunteer::TEAM_COORDINATOR_KEY;
/// Setting: when the last sync finished.
pub const LAST_SYNCED_KEY: &str = "team.last_synced_at";

/// How a sync reaches this machine's store: one short step at a time through the store's
/// read and write doors, never across network I/O. The command line gives the [`Store`]
/// itself; the window gives its store behind a mutex, locked for each step only, so the
/// window's commands run while a sync waits on the network.
pub trait LocalStore {
    fn read<T>(&mut self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T>;
    fn write<T>(&mut self, f: impl FnOnce(&mut Connection) -> Result<T>) -> Result<T>;
}

impl LocalStore for Store {
    fn read<T>(&mut self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        Store::read(self, f)
    }
    fn write<T>(&mut self, f: impl FnOnce(&mut Connection) -> Result<T>) -> Result<T> {
        Store::write(self, f)
    }
}

impl LocalStore for &std::sync::Mutex<Store> {
    fn read<T>(&mut self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        // A panic elsewhere poisons the lock; the store is still consistent (transactions).
        let guard = self.lock().unwrap_or_else(|p| p.into_inner());
        guard.read(f)
    }
    fn write<T>(&mut self, f: impl FnOnce(&mut Connection) -> Result<T>) -> Result<T> {
        let mut guard = self.lock().unwrap_or_else(|p| p.into_inner());
        guard.write(f)
    }
}

/// How many events go in one push transaction, and in one pulled page.
#[derive(Debug, Clone, Copy)]
pub struct SyncOptions {
    pub push_batch: usize,
    pub pull_page: usize,
}

impl Default for SyncOptions {
    fn default() -> Self {
        SyncOptions {
            push_batch: 2000,
            pull_page: 5000,
        }
    }
}

/// What `outreach sync` did.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct SyncReport {
    /// Events this sync sent that the server now has.
    pub pushed: u32,
    /// Events new to this store.
    pub pulled: u32,
    /// Events still to push (0 after a sync that finished).
    pub pending: u32,
    /// Undos the server refused (another volunteer's call); they stay on this machine.
    pub refused: u32,
    pub last_synced_at: String,
    /// `host:port/campaign`.
    pub server: String,
    pub volunteer: String,
    /// Pulled rows that could not be merged, with why (the first 100).
    pub skipped: Vec<String>,
    /// How many pulled rows could not be merged in all.
    pub skipped_count: u32,
}

/// A teammate, as this store knows them from what it pulled and pushed.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct Teammate {
    pub name: String,
    /// Calls (not undone) they logged.
    pub calls: u32,
    pub last_call_at: Option<String>,
    /// The city of that last call (its slug).
    pub last_city: Option<String>,
}

/// What `outreach team status` shows (no network: what this store knows).
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct TeamStatus {
    pub joined: bool,
    pub server: Option<String>,
    pub volunteer: Option<String>,
    pub coordinator: bool,
    pub pending: u32,
    pub last_synced_at: Option<String>,
    pub teammates: Vec<Teammate>,
}

/// What `outreach team join` did.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct Joined {
    pub server: String,
    pub volunteer: String,
    /// Events this store will push on its first sync.
    pub pending: u32,
}

/// Joins a campaign with an invite: stores the credentials (0600, outside the store),
/// makes the invite's role this machine's volunteer name and, when the campaign is another
/// than before, forgets what was pushed to the old one (its own work is pushed again).
/// No network: the first sync checks the invite.
pub fn join(conn: &mut Connection, file: &CredentialsFile, invite: &str) -> Result<Joined> {
    let address = ServerAddress::parse(invite, InputField::Invite)?;
    let server = address.server();
    let role = address.role().to_string();
    server::check_volunteer(&role)?;
    file.write(&address)?;
    let tx = crate::atomic::begin(conn)?;
    let before = settings::get(&tx, SERVER_KEY)?;
    let before_role = settings::get(&tx, VOLUNTEER_KEY)?;
    if before.as_deref() != Some(server.as_str()) || before_role.as_deref() != Some(&role) {
        tx.execute("DELETE FROM team_events WHERE state <> 'pulled'", [])?;
        settings::remove(&tx, pull::WATERMARK_KEY)?;
        settings::remove(&tx, LAST_SYNCED_KEY)?;
        settings::remove(&tx, COORDINATOR_KEY)?;
    }
    settings::set(&tx, SERVER_KEY, &server)?;
    settings::set(&tx, VOLUNTEER_KEY, &role)?;
    tx.commit()?;
    crate::volunteer::set_name(conn, &role, true)?;
    Ok(Joined {
        server,
        volunteer: role,
        pending: events::pending_count(conn)?,
    })
}

/// Pushes what is pending, then pulls what is new, with the stored credentials. It takes
/// the store, not a connection: each local step goes through the store's write door on its
/// own, so no local transaction is held open across the network.
pub fn sync(store: &mut impl LocalStore, file: &CredentialsFile) -> Result<SyncReport> {
    let address = file.require()?;
    sync_with(store, &address, SyncOptions::default())
}

/// [`sync`] with an address and batch sizes of the caller's (tests, benchmarks).
pub fn sync_with(
    store: &mut impl LocalStore,
    address: &ServerAddress,
    options: SyncOptions,
) -> Result<SyncReport> {
    let mut client = address.connect()?;
    let version = server::check_schema(&mut client, address)?;
    let groups_coord = format!("{}_coordinators", address.database());
    let coordinator: bool = client
        .query_one(
            "SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1)
                    AND pg_has_role(current_user, $1, 'MEMBER')",
            &[&groups_coord],
        )
        .map(|r| r.get(0))
        .unwrap_or(false);
    store.write(|c| settings::set(c, COORDINATOR_KEY, if coordinator { "1" } else { "0" }))?;
    let pushed = push::push(store, &mut client, address, version, options.push_batch)?;
    let pulled = pull::pull(store, &mut client, address, options.pull_page)?;
    let at = now();
    store.write(|c| settings::set(c, LAST_SYNCED_KEY, &at))?;
    let skipped: Vec<String> = pulled
        .skipped
        .into_iter()
        .chain(
            pulled
                .merge
                .refused
                .into_iter()
                .map(|r| format!("{} {}: {}", r.row, r.id, r.detail)),
        )
        .collect();
    Ok(SyncReport {
        pushed: pushed.acknowledged,
        pulled: pulled.pulled,
        pending: store.read(events::pending_count)?,
        refused: pushed.refused,
        last_synced_at: at,
        server: address.server(),
        volunteer: address.role().to_string(),
        skipped_count: skipped.len() as u32,
        skipped: skipped.into_iter().take(100).collect(),
    })
}

/// What this store knows of its team, with no network.
pub fn status(conn: &Connection, file: &CredentialsFile) -> Result<TeamStatus> {
    let joined = file.read()?.is_some();
    let mut stmt = conn.prepare(
        "SELECT t.author, count(*), max(c.called_at),
                (SELECT y.slug FROM calls k JOIN cities y ON y.id = k.city_id
                 JOIN team_events u ON u.event_id = 'call:' || k.id
                 WHERE u.author = t.author AND k.undone_at IS NULL
                 ORDER BY k.called_at DESC LIMIT 1)
         FROM team_events t JOIN calls c ON c.id = substr(t.event_id, 6)
         WHERE t.event_id LIKE 'call:%' AND t.state <> 'refused' AND c.undone_at IS NULL
         GROUP BY t.author ORDER BY max(c.called_at) DESC",
    )?;
    let teammates = stmt
        .query_map([], |r| {
            Ok(Teammate {
                name: r.get(0)?,
                calls: r.get(1)?,
                last_call_at: r.get(2)?,
                last_city: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(TeamStatus {
        joined,
        server: settings::get(conn, SERVER_KEY)?,
        volunteer: settings::get(conn, VOLUNTEER_KEY)?,
        coordinator: settings::get(conn, COORDINATOR_KEY)?.as_deref() == Some("1"),
        pending: events::pending_count(conn)?,
        last_synced_at: settings::get(conn, LAST_SYNCED_KEY)?,
        teammates,
    })
}

/// The credentials file in a config folder (the petition token's folder by default).
pub fn credentials_in(config_dir: &Path) -> CredentialsFile {
    CredentialsFile::in_dir(config_dir)
}
