//! Recording a city's response and changes of its ties' status.

use outreach_core::city_view::{self, CityDetail};
use outreach_core::responses::{self, ResponseInput};
use outreach_core::ErrorPayload;
use tauri::State;

use crate::state::AppState;

#[tauri::command(async)]
pub fn record_response(
    state: State<'_, AppState>,
    input: ResponseInput,
) -> Result<CityDetail, ErrorPayload> {
    state.write(|c| {
        let id = responses::record_response(c, &input)?;
        city_view::city_detail(c, &id)
    })
}
