//! Logging and undoing calls.

use outreach_core::calls::{self, Call, CallInput};
use outreach_core::ErrorPayload;
use tauri::State;

use crate::state::AppState;

#[tauri::command(async)]
pub fn log_call(state: State<'_, AppState>, input: CallInput) -> Result<Call, ErrorPayload> {
    state.write(|c| calls::log_call(c, &input))
}

#[tauri::command(async)]
pub fn undo_call(state: State<'_, AppState>, id: String) -> Result<(), ErrorPayload> {
    state.write(|c| calls::undo_call(c, &id))
}
