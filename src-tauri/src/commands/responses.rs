//! Recording a city's response and changes of its ties' status.

use outreach_core::cities::CityDetail;
use outreach_core::responses::{self, ResponseInput};
use outreach_core::ErrorPayload;
use tauri::State;

use crate::state::AppState;

#[tauri::command(async)]
pub fn record_response(
    state: State<'_, AppState>,
    input: ResponseInput,
) -> Result<CityDetail, ErrorPayload> {
    state.write(|c| responses::record_response(c, &input))
}
