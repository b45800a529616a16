//! The city list and a city's pane.

use outreach_core::cities::{CityQuery, CitySummary};
use outreach_core::city_view::{self, CityDetail};
use outreach_core::targets::{self, AddedTarget, NewTarget};
use outreach_core::ErrorPayload;
use tauri::State;

use crate::state::AppState;

#[tauri::command(async)]
pub fn list_cities(
    state: State<'_, AppState>,
    query: Option<CityQuery>,
) -> Result<Vec<CitySummary>, ErrorPayload> {
    state.with_store(|s| match &query {
        Some(q) => s.query_cities(q),
        None => s.list_cities(),
    })
}

#[tauri::command(async)]
pub fn get_city(state: State<'_, AppState>, slug: String) -> Result<CityDetail, ErrorPayload> {
    state.read(|c| city_view::get_city(c, &slug))
}

/// Adds a place the list is missing, with its tie (or a new tie to a listed place).
#[tauri::command(async)]
pub fn add_target(
    state: State<'_, AppState>,
    input: NewTarget,
) -> Result<AddedTarget, ErrorPayload> {
    state.write(|c| targets::add_target(c, &input))
}
