//! Recording a city's response and changes of its ties' status.

use outreach_core::city_view::{self, CityDetail};
use outreach_core::responses::{self, ResponseInput};

store_commands! {
    fn record_response(input: ResponseInput) -> CityDetail => write(|c| {
        let id = responses::record_response(c, &input)?;
        city_view::city_detail(c, &id)
    });
}
