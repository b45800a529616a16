//! The app itself: the data the page paints first, start-up marks.

use tauri::{ipc::Response, AppHandle, Runtime, State};

use crate::state::AppState;

/// The page's first data (`Boot`): the city list and the labels, or the error that stopped
/// the store opening, made from the app's start (`boot::text`); the page asks for it before
/// it mounts. Answered as the JSON text itself, which the page's IPC reads with `JSON.parse`.
#[tauri::command]
pub async fn boot<R: Runtime>(app: AppHandle<R>) -> Response {
    Response::new(crate::boot::text(&app).await)
}

/// The page calls this once its first frame with data is on screen: the ready mark that
/// start-up benchmarks read (one line on stderr, with the time since the process began),
/// with the page's own marks (ms after its navigation began) to trace a slow phase: the
/// script ran, the app was mounted, the first animation frame began (style, layout and
/// paint of the first screen come after it), the second one began (the first frame painted).
/// `diag` is what a page variant measured of its own (`bench/page_variants.py`); the app's
/// page sends none.
#[allow(clippy::too_many_arguments)]
#[tauri::command]
pub fn ui_ready(
    state: State<'_, AppState>,
    cities: u32,
    navigation_epoch_ms: f64,
    script_ms: f64,
    mounted_ms: f64,
    frame_ms: f64,
    painted_ms: f64,
    diag: Option<String>,
) {
    let ms = state.started().elapsed().as_secs_f64() * 1000.0;
    let navigation = navigation_epoch_ms - state.started_epoch_ms();
    let diag = diag
        .filter(|d| !d.is_empty())
        .map(|d| format!(" diag {d}"))
        .unwrap_or_default();
    eprintln!(
        "outreach-desk: ready {ms:.1} ms after start, {cities} cities painted \
         (page navigation at {navigation:.0} ms; script +{script_ms:.0}, mounted +{mounted_ms:.0}, frame +{frame_ms:.0}, painted +{painted_ms:.0} ms){diag}"
    );
    // What building the boot data and the first answers freed goes back to the system, off
    // the main thread.
    std::thread::spawn(crate::memory::release_freed);
}
