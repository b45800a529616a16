//! The campaign settings a volunteer edits: their name, the call script, the goal.

use outreach_core::campaign::{self, CampaignSettings, StatusScripts};
use outreach_core::ErrorPayload;
use tauri::State;

use crate::state::AppState;

#[tauri::command(async)]
pub fn get_campaign_settings(state: State<'_, AppState>) -> Result<CampaignSettings, ErrorPayload> {
    state.read(campaign::get_campaign_settings)
}

#[tauri::command(async)]
pub fn set_campaign_settings(
    state: State<'_, AppState>,
    settings: CampaignSettings,
) -> Result<CampaignSettings, ErrorPayload> {
    state.write(|c| campaign::set_campaign_settings(c, &settings))
}

#[tauri::command(async)]
pub fn get_status_scripts(state: State<'_, AppState>) -> Result<StatusScripts, ErrorPayload> {
    state.read(campaign::get_status_scripts)
}

#[tauri::command(async)]
pub fn set_status_scripts(
    state: State<'_, AppState>,
    scripts: StatusScripts,
) -> Result<StatusScripts, ErrorPayload> {
    state.write(|c| campaign::set_status_scripts(c, &scripts))
}
