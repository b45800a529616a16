//! The background team sync (issue 12): a task on Tauri's async runtime that syncs with the
//! campaign's PostgreSQL server every minute while the server answers, and backs off
//! (doubling, capped) when it does not. The sync itself (`outreach_core::team::sync`) runs
//! on a blocking thread and takes the store's lock for each short local step only (reading
//! what is pending, marking a pushed batch, merging a pulled page): never across network
//! I/O, so the window's commands answer while a sync waits on the network. The window
//! hears about every attempt through the `team:status` event.
//!
//! The credentials (the invite's password) stay in their 0600 file: the status names the
//! server and the volunteer only, and errors say which server without the password.

use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Duration;

use outreach_core::signatures::token::resolve_config_dir;
use outreach_core::team::{self, CredentialsFile, SyncReport, TeamStatus};
use outreach_core::{Error, ErrorPayload};
use serde::Serialize;
use tauri::{AppHandle, Emitter, Manager, Runtime};
use tokio::sync::Notify;
use tokio::time::Instant;
use ts_rs::TS;

use crate::signature_sync::SyncFailure;
use crate::state::AppState;

/// The event the window listens to; its payload is a [`TeamSyncStatus`].
pub const STATUS_EVENT: &str = "team:status";

/// How often the window syncs while the server answers.
pub const INTERVAL: Duration = Duration::from_secs(60);

/// The longest wait between two attempts while the server does not answer.
pub const BACKOFF_CAP: Duration = Duration::from_secs(15 * 60);

/// The wait after `failures` failed attempts in a row: 1, 2, 4, 8 minutes, then 15.
pub fn backoff(failures: u32) -> Duration {
    let exp = failures.saturating_sub(1).min(16);
    INTERVAL.saturating_mul(1 << exp).min(BACKOFF_CAP)
}

/// What the window shows of team sync: what the store knows (no network) and how the
/// background sync is going. Never the password.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct TeamSyncStatus {
    #[serde(flatten)]
    #[ts(flatten)]
    pub team: TeamStatus,
    pub syncing: bool,
    /// The last attempt's failure; null once a sync succeeds.
    pub last_error: Option<SyncFailure>,
    /// Failed attempts in a row.
    pub failures: u32,
    /// When the failures in a row began (RFC 3339), null while syncs succeed.
    pub offline_since: Option<String>,
    pub last_attempt_at: Option<String>,
    /// When the next automatic sync is due (RFC 3339), if one is planned.
    pub next_sync_at: Option<String>,
    /// What the last successful sync did.
    pub last_report: Option<SyncReport>,
}

#[derive(Default)]
struct Progress {
    syncing: bool,
    last_error: Option<SyncFailure>,
    failures: u32,
    offline_since: Option<String>,
    last_attempt_at: Option<String>,
    last_report: Option<SyncReport>,
    /// When the loop syncs next; `None`: as soon as this machine has joined.
    next_due: Option<Instant>,
    next_due_wall: Option<String>,
}

/// The team sync's shared state (managed by Tauri).
pub struct TeamSync {
    progress: Mutex<Progress>,
    wake: Notify,
    /// One sync at a time (the loop's and "Sync now" never overlap).
    running: tokio::sync::Mutex<()>,
    config_dir: Mutex<Option<PathBuf>>,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl TeamSync {
    pub fn new(config_dir: Option<PathBuf>) -> TeamSync {
        TeamSync {
            progress: Mutex::default(),
            wake: Notify::new(),
            running: tokio::sync::Mutex::new(()),
            config_dir: Mutex::new(config_dir),
        }
    }

    /// The config folder from `OUTREACH_CONFIG_DIR` or the platform's (the petition
    /// token's folder).
    pub fn from_env() -> TeamSync {
        TeamSync::new(resolve_config_dir().ok())
    }

    pub fn set_config_dir(&self, dir: PathBuf) {
        *lock(&self.config_dir) = Some(dir);
    }

    pub fn credentials(&self) -> Result<CredentialsFile, Error> {
        lock(&self.config_dir)
            .as_deref()
            .map(CredentialsFile::in_dir)
            .ok_or_else(|| {
                Error::NoDataDir("no config folder is known for the team credentials".into())
            })
    }

    /// Whether this machine has joined a campaign (its credentials file holds an invite).
    fn joined(&self) -> bool {
        self.credentials()
            .and_then(|f| f.read())
            .is_ok_and(|a| a.is_some())
    }

    /// Joined (again): sync right away and plan from there.
    pub fn joined_now(&self) {
        {
            let mut p = lock(&self.progress);
            *p = Progress::default();
        }
        self.wake.notify_one();
    }

    pub fn status(&self, state: &AppState) -> Result<TeamSyncStatus, ErrorPayload> {
        let file = self.credentials().map_err(|e| e.payload())?;
        let team = state.read(|c| team::status(c, &file))?;
        let p = lock(&self.progress);
        Ok(TeamSyncStatus {
            team,
            syncing: p.syncing,
            last_error: p.last_error.clone(),
            failures: p.failures,
            offline_since: p.offline_since.clone(),
            last_attempt_at: p.last_attempt_at.clone(),
            next_sync_at: p.next_due_wall.clone(),
            last_report: p.last_report.clone(),
        })
    }
}

fn emit_status<R: Runtime>(app: &AppHandle<R>) {
    let (Some(state), Some(sync)) = (app.try_state::<AppState>(), app.try_state::<TeamSync>())
    else {
        return;
    };
    if let Ok(status) = sync.status(&state) {
        let _ = app.emit(STATUS_EVENT, status);
    }
}

/// One sync: push and pull on a blocking thread (the store locked per local step only),
/// record the outcome, plan the next one, tell the window.
pub async fn sync_once<R: Runtime>(app: &AppHandle<R>) -> Result<SyncReport, ErrorPayload> {
    let sync = app.state::<TeamSync>();
    let _one_at_a_time = sync.running.lock().await;
    lock(&sync.progress).syncing = true;
    emit_status(app);

    let outcome = match sync.credentials() {
        Err(e) => Err(e.payload()),
        Ok(file) => {
            let handle = app.clone();
            tauri::async_runtime::spawn_blocking(move || {
                let state = handle.state::<AppState>();
                let mut store = state.store_lock()?;
                team::sync(&mut store, &file).map_err(|e| e.payload())
            })
            .await
            .unwrap_or_else(|e| {
                Err(Error::TeamServer {
                    server: String::new(),
                    reason: format!("the sync stopped unexpectedly: {e}"),
                    what: "what it merged stays; the next sync carries on".into(),
                }
                .payload())
            })
        }
    };

    {
        let now = outreach_core::time::now();
        let mut p = lock(&sync.progress);
        p.syncing = false;
        p.last_attempt_at = Some(now.clone());
        let wait = match &outcome {
            Ok(report) => {
                p.failures = 0;
                p.last_error = None;
                p.offline_since = None;
                p.last_report = Some(report.clone());
                INTERVAL
            }
            Err(e) => {
                p.failures += 1;
                p.offline_since.get_or_insert_with(|| now.clone());
                p.last_error = Some(SyncFailure {
                    at: now,
                    error: e.clone(),
                });
                backoff(p.failures)
            }
        };
        p.next_due = Some(Instant::now() + wait);
        p.next_due_wall = jiff::Timestamp::now()
            .checked_add(jiff::SignedDuration::try_from(wait).unwrap_or_default())
            .ok()
            .map(|t| t.strftime("%Y-%m-%dT%H:%M:%S%.3fZ").to_string());
    }
    sync.wake.notify_one();
    emit_status(app);
    outcome
}

/// Starts the loop: once this machine has joined, a sync at start and then one each time
/// the next one is due; waking early when it joins.
pub fn spawn_loop<R: Runtime>(app: AppHandle<R>) {
    tauri::async_runtime::spawn(async move {
        loop {
            let sync = app.state::<TeamSync>();
            let joined = sync.joined();
            let due = lock(&sync.progress).next_due;
            if joined && due.is_none_or(|d| d <= Instant::now()) {
                let _ = sync_once(&app).await;
                continue;
            }
            let notified = sync.wake.notified();
            match due.filter(|_| joined) {
                Some(d) => {
                    tokio::select! {
                        _ = tokio::time::sleep_until(d) => {}
                        _ = notified => {}
                    }
                }
                None => notified.await,
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_back_off_by_doubling_up_to_a_cap() {
        let waits: Vec<u64> = (1..=7).map(|n| backoff(n).as_secs()).collect();
        assert_eq!(waits, [60, 120, 240, 480, 900, 900, 900]);
        assert_eq!(backoff(1000), BACKOFF_CAP);
    }
}
