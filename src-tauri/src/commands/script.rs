//! The call script filled in for a city and contact.

use outreach_core::script::{self, FilledScript};
use outreach_core::ErrorPayload;
use tauri::State;

use crate::state::AppState;

#[tauri::command(async)]
pub fn fill_script(
    state: State<'_, AppState>,
    slug: String,
    contact_id: Option<String>,
) -> Result<FilledScript, ErrorPayload> {
    state.read(|c| script::fill_script(c, &slug, contact_id.as_deref()))
}
