//! "Call next": the queue, and skipping a city in it.

use outreach_core::queue::{self, CallQueue};
use outreach_core::ErrorPayload;
use tauri::State;

use crate::state::AppState;

#[tauri::command(async)]
pub fn call_queue(
    state: State<'_, AppState>,
    limit: Option<usize>,
) -> Result<CallQueue, ErrorPayload> {
    state.read(|c| queue::call_queue(c, limit))
}

/// Returns the day the city comes back (`YYYY-MM-DD`).
#[tauri::command(async)]
pub fn skip_city(
    state: State<'_, AppState>,
    slug: String,
    reason: String,
) -> Result<String, ErrorPayload> {
    state.write(|c| queue::skip_city(c, &slug, &reason))
}
