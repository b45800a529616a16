//! The city list and a city's pane.

use outreach_core::cities::{CityQuery, CitySummary};
use outreach_core::city_view::{self, CityDetail};
use outreach_core::targets::{self, AddedTarget, NewTarget};

store_commands! {
    fn list_cities(query: Option<CityQuery>) -> Vec<CitySummary> => with_store(|s| match &query {
        Some(q) => s.query_cities(q),
        None => s.list_cities(),
    });
    fn get_city(slug: String) -> CityDetail => read(|c| city_view::get_city(c, &slug));
    /// Adds a place the list is missing, with its tie (or a new tie to a listed place).
    fn add_target(input: NewTarget) -> AddedTarget => write(|c| targets::add_target(c, &input));
}
