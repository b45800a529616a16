//! The data the page paints first: the city list and the vocabularies' labels, or the error
//! that stopped the store opening.

use std::sync::{MutexGuard, PoisonError};

use outreach_core::cities::CitySummary;
use outreach_core::vocab::Labels;
use outreach_core::ErrorPayload;
use serde::Serialize;
use tauri::async_runtime::JoinHandle;
use tauri::{AppHandle, Manager, Runtime};
use ts_rs::TS;

use crate::state::AppState;

/// What the `boot` command answers: the city list, or the error that stopped the store opening.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(tag = "status", rename_all = "snake_case")]
#[ts(export)]
pub enum Boot {
    Ready {
        cities: Vec<CitySummary>,
        labels: Labels,
        data_dir: String,
    },
    Failed {
        error: ErrorPayload,
        data_dir: String,
    },
}

/// Starts making the boot data as JSON, on a thread of its own, as the app starts (`lib.rs`
/// calls it before the window is built): it is made while WebKit starts its processes and
/// loads the page, and the page's `boot` command takes it. Handed over through the IPC as
/// JSON, not in an initialization script: a script of 20,000 cities (5.5 MB) was kept by
/// Tauri, by WebKit in both processes and by JavaScriptCore as source, and the window could
/// not navigate until it was written (docs/PERFORMANCE.md, issue 13).
pub fn start<R: Runtime>(app: &AppHandle<R>) {
    *job_slot(app) = Some(spawn(app));
}

/// The boot data as JSON: the text `start` made, the first time it is asked for; read afresh
/// after that (a page loaded again gets the list as it is now).
pub async fn text<R: Runtime>(app: &AppHandle<R>) -> String {
    let started = job_slot(app).take();
    if let Some(job) = started {
        if let Ok(text) = job.await {
            return text;
        }
    }
    spawn(app).await.unwrap_or_else(|e| {
        serde_json::to_string(&Boot::Failed {
            error: outreach_core::ErrorPayload {
                kind: outreach_core::ErrorKind::Database,
                message: format!(
                    "The city list could not be read ({e}). Close the app and open it again."
                ),
                field: None,
                code: None,
                problem: None,
            },
            data_dir: String::new(),
        })
        .expect("boot data serialises")
    })
}

/// Makes the boot data on a blocking thread of Tauri's runtime (it reads the store).
fn spawn<R: Runtime>(app: &AppHandle<R>) -> JoinHandle<String> {
    let handle = app.clone();
    tauri::async_runtime::spawn_blocking(move || json(&handle.state::<AppState>()))
}

fn job_slot<R: Runtime>(app: &AppHandle<R>) -> MutexGuard<'_, Option<JoinHandle<String>>> {
    app.state::<AppState>()
        .inner()
        .boot_job
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
}

fn json(state: &AppState) -> String {
    let boot = state.boot();
    if let Boot::Failed { error, .. } = &boot {
        eprintln!("outreach-desk: {}", error.message);
    }
    serde_json::to_string(&boot).expect("boot data serialises")
}
