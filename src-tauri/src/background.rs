//! A background sync job, the machine the petition total's sync and team sync share: one
//! attempt at a time (the loop's and "Sync now" never overlap), each recorded for the
//! window (syncing, the last failure, failures in a row, when the next is due), the next
//! one planned after a success or backed off after a failure (doubling, capped), and a
//! loop on Tauri's async runtime that runs an attempt when one is due and otherwise
//! sleeps until then or until it is woken (settings changed, joined).

use std::future::Future;
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use outreach_core::ErrorPayload;
use serde::Serialize;
use tokio::sync::Notify;
use tokio::time::Instant;
use ts_rs::TS;

/// A failed sync, as the panel shows it.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct SyncFailure {
    pub at: String,
    pub error: ErrorPayload,
}

/// How the job is going, as the window shows it (in each job's status, flattened).
#[derive(Debug, Clone, Default, Serialize, TS)]
pub struct JobStatus {
    pub syncing: bool,
    /// The last attempt's failure; `null` once a sync succeeds.
    pub last_error: Option<SyncFailure>,
    /// Failed attempts in a row.
    pub failures: u32,
    pub last_attempt_at: Option<String>,
    /// When the next automatic sync is due (RFC 3339), if one is planned.
    pub next_sync_at: Option<String>,
}

/// The wait after `failures` failed attempts in a row: `first`, twice that, four times
/// ..., never more than `longest`.
pub fn backoff(failures: u32, first: Duration, longest: Duration) -> Duration {
    let exp = failures.saturating_sub(1).min(16);
    first.saturating_mul(1 << exp).min(longest)
}

/// When the attempt after this one is due: a job's policy.
pub struct Next {
    /// After a success.
    pub after_success: Duration,
    /// After the first failure in a row (see [`backoff`]).
    pub first_retry: Duration,
    /// The longest wait after failures.
    pub longest: Duration,
}

impl Next {
    /// The wait after `failures` failed attempts in a row.
    pub fn retry_after(&self, failures: u32) -> Duration {
        backoff(failures, self.first_retry, self.longest)
    }
}

/// How the job is going.
#[derive(Default)]
pub struct Attempts {
    /// What the window is shown.
    pub shown: JobStatus,
    /// When the failures in a row began (RFC 3339); `None` while attempts succeed.
    pub offline_since: Option<String>,
    /// When the loop runs the next attempt (`shown.next_sync_at` for the window); `None`:
    /// as soon as the job is enabled.
    pub next_due: Option<Instant>,
}

impl Attempts {
    fn record(&mut self, error: Option<&ErrorPayload>, next: &Next) {
        let now = outreach_core::time::now();
        let shown = &mut self.shown;
        shown.syncing = false;
        shown.last_attempt_at = Some(now.clone());
        let wait = match error {
            None => {
                shown.failures = 0;
                shown.last_error = None;
                self.offline_since = None;
                next.after_success
            }
            Some(e) => {
                shown.failures += 1;
                self.offline_since.get_or_insert_with(|| now.clone());
                shown.last_error = Some(SyncFailure {
                    at: now,
                    error: e.clone(),
                });
                next.retry_after(shown.failures)
            }
        };
        self.next_due = Some(Instant::now() + wait);
        shown.next_sync_at = jiff::Timestamp::now()
            .checked_add(jiff::SignedDuration::try_from(wait).unwrap_or_default())
            .ok()
            .map(|t| t.strftime("%Y-%m-%dT%H:%M:%S%.3fZ").to_string());
    }
}

/// A job's shared state (held by the sync's state that Tauri manages).
pub struct Job {
    attempts: Mutex<Attempts>,
    wake: Notify,
    /// One attempt at a time.
    running: tokio::sync::Mutex<()>,
}

impl Default for Job {
    fn default() -> Job {
        Job {
            attempts: Mutex::default(),
            wake: Notify::new(),
            running: tokio::sync::Mutex::new(()),
        }
    }
}

pub fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl Job {
    pub fn attempts(&self) -> MutexGuard<'_, Attempts> {
        lock(&self.attempts)
    }

    /// Changes what is recorded (`reset`) and wakes the loop to look again.
    pub fn wake(&self, reset: impl FnOnce(&mut Attempts)) {
        reset(&mut self.attempts());
        self.wake.notify_one();
    }

    /// One attempt: waits for one already running, runs `work` (told to the window by
    /// `tell` before and after), records its outcome and plans the next by `next`.
    pub async fn attempt<T>(
        &self,
        tell: impl Fn(),
        work: impl Future<Output = Result<T, ErrorPayload>>,
        next: impl FnOnce(&Result<T, ErrorPayload>) -> Next,
    ) -> Result<T, ErrorPayload> {
        let _one_at_a_time = self.running.lock().await;
        self.attempts().shown.syncing = true;
        tell();
        let outcome = work.await;
        let next = next(&outcome);
        self.attempts().record(outcome.as_ref().err(), &next);
        self.wake.notify_one();
        tell();
        outcome
    }

    /// The loop: while `enabled()`, an attempt (`run`) each time one is due (at once when
    /// none is planned); else, or until then, asleep until woken.
    pub async fn run_loop<F: Future>(&self, enabled: impl Fn() -> bool, run: impl Fn() -> F) {
        loop {
            let enabled = enabled();
            let due = self.attempts().next_due;
            if enabled && due.is_none_or(|d| d <= Instant::now()) {
                run().await;
                continue;
            }
            let notified = self.wake.notified();
            match due.filter(|_| enabled) {
                Some(d) => {
                    tokio::select! {
                        _ = tokio::time::sleep_until(d) => {}
                        _ = notified => {}
                    }
                }
                None => notified.await,
            }
        }
    }
}
