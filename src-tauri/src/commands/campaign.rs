//! The campaign settings a volunteer edits: their name, the call script, the goal.

use outreach_core::campaign::{self, CampaignSettings, StatusScripts};
use outreach_core::ErrorPayload;
use tauri::State;

use crate::state::AppState;

#[tauri::command(async)]
pub fn get_campaign_settings(state: State<'_, AppState>) -> Result<CampaignSettings, ErrorPayload> {
    state.with_store(|s| campaign::get_campaign_settings(s.conn()))
}

#[tauri::command(async)]
pub fn set_campaign_settings(
    state: State<'_, AppState>,
    settings: CampaignSettings,
) -> Result<CampaignSettings, ErrorPayload> {
    state.with_store_mut(|s| campaign::set_campaign_settings(s.conn_mut(), &settings))
}

#[tauri::command(async)]
pub fn get_status_scripts(state: State<'_, AppState>) -> Result<StatusScripts, ErrorPayload> {
    state.with_store(|s| campaign::get_status_scripts(s.conn()))
}

#[tauri::command(async)]
pub fn set_status_scripts(
    state: State<'_, AppState>,
    scripts: StatusScripts,
) -> Result<StatusScripts, ErrorPayload> {
    state.with_store_mut(|s| campaign::set_status_scripts(s.conn_mut(), &scripts))
}
