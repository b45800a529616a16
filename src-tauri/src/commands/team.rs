//! Team sync in the window (issue 12): join with an invite, the status (members and who
//! called what last), "Sync now". Thin over `outreach_core::team`; the invite goes in and
//! its password never comes back (the status names the server and the volunteer only).

use outreach_core::team;
use outreach_core::ErrorPayload;
use tauri::{AppHandle, Runtime, State};

use crate::state::AppState;
use crate::team_sync::{self, TeamSync, TeamSyncStatus};

#[tauri::command(async)]
pub fn team_status(
    state: State<'_, AppState>,
    sync: State<'_, TeamSync>,
) -> Result<TeamSyncStatus, ErrorPayload> {
    sync.status(&state)
}

/// Joins the campaign of an invite (credentials to their 0600 file, the invite's role as
/// this machine's volunteer name); the background sync starts at once.
#[tauri::command(async)]
pub fn team_join(
    state: State<'_, AppState>,
    sync: State<'_, TeamSync>,
    invite: String,
) -> Result<TeamSyncStatus, ErrorPayload> {
    let file = sync.credentials().map_err(|e| e.payload())?;
    state.write(|c| team::join(c, &file, &invite))?;
    sync.joined_now();
    sync.status(&state)
}

/// Syncs now (waiting for a sync already running, never two at once); a failure comes
/// back as the error and is in the status too.
#[tauri::command]
pub async fn team_sync_now<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    sync: State<'_, TeamSync>,
) -> Result<TeamSyncStatus, ErrorPayload> {
    team_sync::sync_once(&app).await?;
    sync.status(&state)
}
