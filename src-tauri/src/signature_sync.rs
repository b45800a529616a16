//! The background signature sync (a [`background::Job`]): a tokio task on Tauri's async
//! runtime that syncs at start and then on the interval, never on the main thread. A
//! failure is retried with exponential backoff (capped at the interval), recorded for the
//! panel, and leaves the last good total in place; the window hears about every finished
//! sync through the `signatures:status` event, never through a dialog.

use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Duration;

use outreach_core::signatures::config::{self, SignatureConfig};
use outreach_core::signatures::fetch::Limits;
use outreach_core::signatures::history::{self, Overview, Snapshot};
use outreach_core::signatures::sync::{fetch_reading, store, SyncRequest};
use outreach_core::signatures::token::{resolve_config_dir, TokenFile};
use outreach_core::{Error, ErrorPayload};
use serde::Serialize;
use tauri::{AppHandle, Emitter, Manager, Runtime};
use ts_rs::TS;

use crate::background::{lock, Job, JobStatus, Next};
use crate::state::AppState;

/// The event the window listens to; its payload is a [`SignatureStatus`].
pub const STATUS_EVENT: &str = "signatures:status";

/// The first retry after a failure; each next one waits twice as long, up to the interval.
pub const BACKOFF_BASE: Duration = Duration::from_secs(30);

/// Everything the signature panel shows. Never holds the token, only whether one is set.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct SignatureStatus {
    /// The total against the goal; its `latest` is the last good total (kept while syncs
    /// fail).
    #[serde(flatten)]
    #[ts(flatten)]
    pub overview: Overview,
    /// A petition URL is set and the provider is not manual (else nothing syncs).
    pub configured: bool,
    #[serde(flatten)]
    #[ts(flatten)]
    pub job: JobStatus,
    pub token_set: bool,
}

/// The sync's shared state (managed by Tauri).
pub struct SignatureSync {
    job: Job,
    config_dir: Mutex<Option<PathBuf>>,
    limits: Mutex<Limits>,
}

impl SignatureSync {
    pub fn new(config_dir: Option<PathBuf>) -> SignatureSync {
        SignatureSync {
            job: Job::default(),
            config_dir: Mutex::new(config_dir),
            limits: Mutex::new(Limits::default()),
        }
    }

    /// The config folder from `OUTREACH_CONFIG_DIR` or the platform's.
    pub fn from_env() -> SignatureSync {
        SignatureSync::new(resolve_config_dir().ok())
    }

    pub fn set_config_dir(&self, dir: PathBuf) {
        *lock(&self.config_dir) = Some(dir);
    }

    pub fn set_limits(&self, limits: Limits) {
        *lock(&self.limits) = limits;
    }

    pub fn token_file(&self) -> Result<TokenFile, Error> {
        lock(&self.config_dir)
            .as_deref()
            .map(TokenFile::in_dir)
            .ok_or_else(|| Error::NoDataDir("no config folder is known for the API token".into()))
    }

    /// Settings changed: sync right away (if there is a URL) and plan from there.
    pub fn settings_changed(&self) {
        self.job.wake(|a| {
            a.next_due = None;
            a.shown.failures = 0;
        });
    }

    pub fn status(&self, state: &AppState) -> Result<SignatureStatus, ErrorPayload> {
        let (cfg, overview) = state.read(|c| {
            let cfg = config::load(c)?;
            let o = history::overview(c, cfg.goal)?;
            Ok((cfg, o))
        })?;
        Ok(SignatureStatus {
            overview,
            configured: syncs(&cfg),
            job: self.job.attempts().shown.clone(),
            token_set: self.token_file().map(|f| f.is_set()).unwrap_or(false),
        })
    }
}

/// The next sync: after the interval; after failures 30 s, 1 min, 2 min, ... up to the
/// interval, so a source that comes back is seen on the next interval at the latest.
fn next(interval: Duration) -> Next {
    Next {
        after_success: interval,
        first_retry: BACKOFF_BASE,
        longest: interval.max(BACKOFF_BASE),
    }
}

/// Whether the settings call for automatic syncs: a URL, and a provider that fetches.
fn syncs(cfg: &SignatureConfig) -> bool {
    cfg.url.is_some() && cfg.provider != outreach_core::signatures::ProviderKind::Manual
}

fn interval_of(cfg: &SignatureConfig) -> Duration {
    Duration::from_secs(u64::from(cfg.interval_minutes) * 60)
}

fn emit_status<R: Runtime>(app: &AppHandle<R>) {
    let (Some(state), Some(sync)) = (
        app.try_state::<AppState>(),
        app.try_state::<SignatureSync>(),
    ) else {
        return;
    };
    if let Ok(status) = sync.status(&state) {
        let _ = app.emit(STATUS_EVENT, status);
    }
}

/// One sync: fetch off the main thread, store the good total, record the outcome, tell
/// the window. A failure changes no stored total.
pub async fn sync_once<R: Runtime>(app: &AppHandle<R>) -> Result<Snapshot, ErrorPayload> {
    let state = app.state::<AppState>();
    let sync = app.state::<SignatureSync>();
    let work = async {
        let limits = lock(&sync.limits).clone();
        let cfg = state.read(config::load)?;
        let mut req = SyncRequest::from_config(&cfg, None).map_err(|e| e.payload())?;
        if req.wants_token() {
            req.token = sync
                .token_file()
                .and_then(|f| f.read())
                .map_err(|e| e.payload())?;
        }
        let fetched = fetch_reading(&req, &limits)
            .await
            .map_err(|e| e.payload())?;
        let snap = state.write(|c| store(c, &fetched, cfg.goal))?;
        Ok::<_, ErrorPayload>((snap, interval_of(&cfg)))
    };
    let plan = |outcome: &Result<(Snapshot, Duration), ErrorPayload>| match outcome {
        Ok((_, interval)) => next(*interval),
        Err(_) => next(
            state
                .read(config::load)
                .map(|c| interval_of(&c))
                .unwrap_or(Duration::from_secs(15 * 60)),
        ),
    };
    sync.job
        .attempt(|| emit_status(app), work, plan)
        .await
        .map(|(snap, _)| snap)
}

/// Starts the loop: a sync at start, then one each time the next one is due, waking
/// early when settings change.
pub fn spawn_loop<R: Runtime>(app: AppHandle<R>) {
    tauri::async_runtime::spawn(async move {
        let app = &app;
        let sync = app.state::<SignatureSync>();
        let configured = || {
            let configured = app
                .state::<AppState>()
                .read(config::load)
                .map(|c| syncs(&c))
                .unwrap_or(false);
            if !configured {
                let mut a = sync.job.attempts();
                a.next_due = None;
                a.shown.next_sync_at = None;
            }
            configured
        };
        sync.job
            .run_loop(configured, || async {
                let _ = sync_once(app).await;
            })
            .await;
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_back_off_exponentially_up_to_the_interval() {
        let fifteen = next(Duration::from_secs(15 * 60));
        let waits: Vec<u64> = (1..=8).map(|n| fifteen.retry_after(n).as_secs()).collect();
        assert_eq!(waits, [30, 60, 120, 240, 480, 900, 900, 900]);
        assert_eq!(fifteen.retry_after(1000), fifteen.after_success);
        assert_eq!(next(Duration::from_secs(60)).retry_after(3).as_secs(), 60);
    }
}
