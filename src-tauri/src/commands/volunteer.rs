//! The volunteer's name: the first-run prompt, setting it (and giving it to earlier calls).

use outreach_core::volunteer::{self, NameSet, VolunteerStatus};
use outreach_core::ErrorPayload;
use tauri::State;

use crate::state::AppState;

#[tauri::command(async)]
pub fn volunteer_status(state: State<'_, AppState>) -> Result<VolunteerStatus, ErrorPayload> {
    state.with_store(|s| volunteer::status(s.conn()))
}

#[tauri::command(async)]
pub fn set_volunteer_name(
    state: State<'_, AppState>,
    name: String,
    attribute_unnamed: bool,
) -> Result<NameSet, ErrorPayload> {
    state.with_store_mut(|s| volunteer::set_name(s.conn_mut(), &name, attribute_unnamed))
}

#[tauri::command(async)]
pub fn dismiss_name_prompt(state: State<'_, AppState>) -> Result<(), ErrorPayload> {
    state.with_store(|s| volunteer::dismiss_prompt(s.conn()))
}
