//! The app itself: start-up marks.

use tauri::State;

use crate::state::AppState;

/// The page calls this once its first frame with data is on screen: the ready mark that
/// start-up benchmarks read (one line on stderr, with the time since the process began).
#[tauri::command]
pub fn ui_ready(state: State<'_, AppState>, cities: u32) {
    let ms = state.started().elapsed().as_secs_f64() * 1000.0;
    eprintln!("outreach-desk: ready {ms:.1} ms after start, {cities} cities painted");
}
