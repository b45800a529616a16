//! Logging and undoing calls.

use outreach_core::calls::{self, Call, CallInput};
use outreach_core::ErrorPayload;
use tauri::State;

use crate::state::AppState;

#[tauri::command(async)]
pub fn log_call(state: State<'_, AppState>, input: CallInput) -> Result<Call, ErrorPayload> {
    state.with_store_mut(|s| calls::log_call(s.conn_mut(), &input))
}

#[tauri::command(async)]
pub fn undo_call(state: State<'_, AppState>, id: String) -> Result<(), ErrorPayload> {
    state.with_store_mut(|s| calls::undo_call(s.conn_mut(), &id))
}
