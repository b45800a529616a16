//! Follow-ups due today and overdue.

use outreach_core::followups::{self, FollowUp};
use outreach_core::{time, ErrorPayload};
use tauri::State;

use crate::state::AppState;

#[tauri::command(async)]
pub fn follow_ups(state: State<'_, AppState>) -> Result<Vec<FollowUp>, ErrorPayload> {
    state.read(|c| followups::due(c, &time::today()))
}
