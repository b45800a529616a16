//! The volunteer's name: the first-run prompt, setting it (and giving it to earlier calls).

use outreach_core::volunteer::{self, NameSet, VolunteerStatus};
use outreach_core::ErrorPayload;
use tauri::State;

use crate::state::AppState;

#[tauri::command(async)]
pub fn volunteer_status(state: State<'_, AppState>) -> Result<VolunteerStatus, ErrorPayload> {
    state.read(volunteer::status)
}

#[tauri::command(async)]
pub fn set_volunteer_name(
    state: State<'_, AppState>,
    name: String,
    attribute_unnamed: bool,
) -> Result<NameSet, ErrorPayload> {
    state.write(|c| volunteer::set_name(c, &name, attribute_unnamed))
}

#[tauri::command(async)]
pub fn dismiss_name_prompt(state: State<'_, AppState>) -> Result<(), ErrorPayload> {
    state.write(|c| volunteer::dismiss_prompt(c))
}
