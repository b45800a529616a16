//! The background team sync (issue 12, a [`background::Job`]): a task on Tauri's async runtime that syncs with the
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
use ts_rs::TS;

use crate::background::{lock, Job, JobStatus, Next};
use crate::state::AppState;

/// The event the window listens to; its payload is a [`TeamSyncStatus`].
pub const STATUS_EVENT: &str = "team:status";

/// How often the window syncs while the server answers.
pub const INTERVAL: Duration = Duration::from_secs(60);

/// The longest wait between two attempts while the server does not answer.
pub const BACKOFF_CAP: Duration = Duration::from_secs(15 * 60);

/// The next sync: after [`INTERVAL`]; after failures 1, 2, 4, 8 minutes, then 15.
const NEXT: Next = Next {
    after_success: INTERVAL,
    first_retry: INTERVAL,
    longest: BACKOFF_CAP,
};

/// What the window shows of team sync: what the store knows (no network) and how the
/// background sync is going. Never the password.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct TeamSyncStatus {
    #[serde(flatten)]
    #[ts(flatten)]
    pub team: TeamStatus,
    #[serde(flatten)]
    #[ts(flatten)]
    pub job: JobStatus,
    /// When the failures in a row began (RFC 3339), null while syncs succeed.
    pub offline_since: Option<String>,
    /// What the last successful sync did.
    pub last_report: Option<SyncReport>,
}

/// The team sync's shared state (managed by Tauri).
pub struct TeamSync {
    job: Job,
    /// What the last successful sync did.
    last_report: Mutex<Option<SyncReport>>,
    config_dir: Mutex<Option<PathBuf>>,
}

impl TeamSync {
    pub fn new(config_dir: Option<PathBuf>) -> TeamSync {
        TeamSync {
            job: Job::default(),
            last_report: Mutex::default(),
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
        *lock(&self.last_report) = None;
        self.job.wake(|a| *a = Default::default());
    }

    pub fn status(&self, state: &AppState) -> Result<TeamSyncStatus, ErrorPayload> {
        let file = self.credentials().map_err(|e| e.payload())?;
        let team = state.read(|c| team::status(c, &file))?;
        let last_report = lock(&self.last_report).clone();
        let p = self.job.attempts();
        Ok(TeamSyncStatus {
            team,
            job: p.shown.clone(),
            offline_since: p.offline_since.clone(),
            last_report,
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
    let work = async {
        let file = sync.credentials().map_err(|e| e.payload())?;
        let handle = app.clone();
        let report = tauri::async_runtime::spawn_blocking(move || {
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
        })?;
        *lock(&sync.last_report) = Some(report.clone());
        Ok(report)
    };
    sync.job.attempt(|| emit_status(app), work, |_| NEXT).await
}

/// Starts the loop: once this machine has joined, a sync at start and then one each time
/// the next one is due; waking early when it joins.
pub fn spawn_loop<R: Runtime>(app: AppHandle<R>) {
    tauri::async_runtime::spawn(async move {
        let app = &app;
        let sync = app.state::<TeamSync>();
        sync.job
            .run_loop(
                || sync.joined(),
                || async {
                    let _ = sync_once(app).await;
                },
            )
            .await;
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_back_off_by_doubling_up_to_a_cap() {
        let waits: Vec<u64> = (1..=7).map(|n| NEXT.retry_after(n).as_secs()).collect();
        assert_eq!(waits, [60, 120, 240, 480, 900, 900, 900]);
        assert_eq!(NEXT.retry_after(1000), BACKOFF_CAP);
    }
}
