//! The dashboard's numbers.

use outreach_core::dashboard::{self, Dashboard};
use outreach_core::ErrorPayload;
use tauri::State;

use crate::state::AppState;

#[tauri::command(async)]
pub fn dashboard(state: State<'_, AppState>) -> Result<Dashboard, ErrorPayload> {
    state.with_store(|s| dashboard::dashboard(s))
}
