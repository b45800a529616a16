//! Recording a city's response and changes of its ties' status, and undoing a save.

use outreach_core::city_view::{self, CityDetail, ResponseSaved};
use outreach_core::responses::{Recorded, ResponseInput};

store_commands! {
    fn record_response(input: ResponseInput) -> ResponseSaved =>
        write(|c| city_view::record_response(c, &input));
    /// Undoes what one save wrote (its response and status changes) and shows the city.
    fn undo_recorded(recorded: Recorded) -> CityDetail =>
        write(|c| city_view::undo_recorded(c, &recorded));
}
