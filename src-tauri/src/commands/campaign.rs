//! The campaign settings a volunteer edits: their name, the call script, the goal.

use outreach_core::campaign::{self, CampaignSettings};
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
