//! The petition's signature total: status, history, "Sync now", settings, manual entry.
//! The token goes in (write-only) and never comes back: the window only learns whether
//! one is set.

use outreach_core::signatures::config::{self, SignatureConfig, TokenChange};
use outreach_core::signatures::history::{self, Snapshot};
use outreach_core::signatures::token::Token;
use outreach_core::ErrorPayload;
use serde::Serialize;
use tauri::{AppHandle, Runtime, State};
use ts_rs::TS;

use crate::signature_sync::{self, SignatureStatus, SignatureSync};
use crate::state::AppState;

/// The settings form's data: the settings and whether a token is set (never the token).
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct SignatureSettings {
    pub config: SignatureConfig,
    pub token_set: bool,
}

fn settings(state: &AppState, sync: &SignatureSync) -> Result<SignatureSettings, ErrorPayload> {
    Ok(SignatureSettings {
        config: state.read(config::load)?,
        token_set: sync.token_file().map(|f| f.is_set()).unwrap_or(false),
    })
}

#[tauri::command(async)]
pub fn signature_status(
    state: State<'_, AppState>,
    sync: State<'_, SignatureSync>,
) -> Result<SignatureStatus, ErrorPayload> {
    sync.status(&state)
}

/// Syncs now (waiting for a sync already running, never running two) and returns the
/// status; a failure comes back as the error, and the last good total stays.
#[tauri::command]
pub async fn sync_signatures_now<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    sync: State<'_, SignatureSync>,
) -> Result<SignatureStatus, ErrorPayload> {
    signature_sync::sync_once(&app).await?;
    sync.status(&state)
}

#[tauri::command(async)]
pub fn get_signature_settings(
    state: State<'_, AppState>,
    sync: State<'_, SignatureSync>,
) -> Result<SignatureSettings, ErrorPayload> {
    settings(&state, &sync)
}

/// Saves the settings whole (checked first: a bad field saves nothing). `token` replaces
/// the saved token when given (for Action Network's API host, or with `token_for_url` for
/// the petition address's origin); `clear_token` removes it.
#[tauri::command(async)]
pub fn set_signature_settings(
    state: State<'_, AppState>,
    sync: State<'_, SignatureSync>,
    config: SignatureConfig,
    token: Option<String>,
    clear_token: Option<bool>,
    token_for_url: Option<bool>,
) -> Result<SignatureSettings, ErrorPayload> {
    let change = match token.as_deref().filter(|t| !t.trim().is_empty()) {
        Some(t) if token_for_url == Some(true) => {
            TokenChange::SetForUrl(Token::new(t).map_err(|e| e.payload())?)
        }
        Some(t) => TokenChange::Set(Token::new(t).map_err(|e| e.payload())?),
        None if clear_token == Some(true) => TokenChange::Clear,
        None => TokenChange::Keep,
    };
    state.write(|c| config::save_with_token(c, &config, change, || sync.token_file()))?;
    sync.settings_changed();
    settings(&state, &sync)
}

store_commands! {
    fn signature_history() -> Vec<Snapshot> => read(history::history);
    /// A total typed by hand ("18,900", "1.2M").
    fn set_signature_total(total: String) -> Snapshot =>
        write(|c| history::enter_total(c, &total));
}
