//! `outreach respond <SLUG>`: record a city's response and/or a change of its tie's status.

use clap::Args;
use outreach_core::city_view;
use outreach_core::responses::{self, ResponseInput};
use outreach_core::vocab::{CityResponse, RelationshipStatus};
use outreach_core::{Error, Store};

use crate::output::print_json;

#[derive(Args)]
pub struct RespondArgs {
    pub slug: String,
    /// none, acknowledged, considering, committed or declined.
    #[arg(long)]
    pub response: Option<String>,
    /// The tie's new status: active, suspended, severed or unknown.
    #[arg(long)]
    pub relationship: Option<String>,
    /// Which tie changed (default: every tie of the city).
    #[arg(long, value_name = "ID")]
    pub relationship_id: Option<String>,
    /// When the city said or did it, YYYY-MM-DD.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: String,
    /// Where it is reported (http(s) address).
    #[arg(long, value_name = "URL")]
    pub source: Option<String>,
    #[arg(long, default_value = "")]
    pub notes: String,
}

pub fn respond(store: &mut Store, a: RespondArgs, json: bool) -> Result<(), Error> {
    let input = ResponseInput {
        slug: a.slug,
        response: a
            .response
            .as_deref()
            .map(str::parse::<CityResponse>)
            .transpose()?,
        relationship: a
            .relationship
            .as_deref()
            .map(str::parse::<RelationshipStatus>)
            .transpose()?,
        relationship_id: a.relationship_id,
        date: a.date,
        source_url: a.source,
        notes: a.notes,
    };
    let city = store.write(|c| {
        let id = responses::record_response(c, &input)?;
        city_view::city_detail(c, &id)
    })?;
    if json {
        print_json(&city);
    } else {
        let s = &city.summary;
        println!(
            "{}, {}: status {}, response {}",
            s.city,
            s.state,
            s.relationship_status.as_str(),
            s.response.as_str()
        );
    }
    Ok(())
}
