//! A form's kept draft (issue 11): read when the form opens, kept as it is typed, discarded
//! when it is saved or thrown away.

use std::collections::BTreeMap;

use outreach_core::drafts::{self, Draft, DraftKind};
use outreach_core::ErrorPayload;
use tauri::State;

use crate::state::AppState;

#[tauri::command(async)]
pub fn get_draft(
    state: State<'_, AppState>,
    kind: DraftKind,
    target: String,
) -> Result<Option<Draft>, ErrorPayload> {
    state.read(|c| drafts::get(c, kind, &target))
}

/// Every draft kept for a city's forms (the pane opens the forms that have one).
#[tauri::command(async)]
pub fn city_drafts(state: State<'_, AppState>, target: String) -> Result<Vec<Draft>, ErrorPayload> {
    state.read(|c| drafts::for_target(c, &target))
}

#[tauri::command(async)]
pub fn save_draft(
    state: State<'_, AppState>,
    kind: DraftKind,
    target: String,
    fields: BTreeMap<String, String>,
) -> Result<Option<Draft>, ErrorPayload> {
    state.write(|c| drafts::save(c, kind, &target, &fields))
}

#[tauri::command(async)]
pub fn discard_draft(
    state: State<'_, AppState>,
    kind: DraftKind,
    target: String,
) -> Result<(), ErrorPayload> {
    state.write(|c| drafts::discard(c, kind, &target))
}
