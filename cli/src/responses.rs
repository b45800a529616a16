//! `outreach respond <SLUG>`: record a city's response and/or a change of its tie's status.

use clap::Args;
use outreach_core::city_view;
use outreach_core::responses::{Recorded, ResponseInput};
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
    let saved = store.write(|c| city_view::record_response(c, &input))?;
    if json {
        print_json(&saved);
    } else {
        let s = &saved.city.summary;
        println!(
            "{}, {}: status {}, response {}",
            s.city,
            s.state,
            s.relationship_status.as_str(),
            s.response.as_str()
        );
        if let Some(id) = &saved.recorded.response_id {
            println!("to undo the response: outreach undo-response {id}");
        }
        for id in &saved.recorded.status_change_ids {
            println!("to undo the status change: outreach undo-status {id}");
        }
    }
    Ok(())
}

/// `outreach undo-response ID` / `outreach undo-status ID`: undo a response or a change of a
/// tie's status (as `undo-call` undoes a call), and show the city as it is now.
pub fn undo(store: &mut Store, what: Undo, id: &str, json: bool) -> Result<(), Error> {
    let recorded = match what {
        Undo::Response => Recorded {
            response_id: Some(id.to_string()),
            ..Recorded::default()
        },
        Undo::StatusChange => Recorded {
            status_change_ids: vec![id.to_string()],
            ..Recorded::default()
        },
    };
    let city = store.write(|c| city_view::undo_recorded(c, &recorded))?;
    if json {
        print_json(&serde_json::json!({ "undone": id, "city": city }));
    } else {
        let s = &city.summary;
        println!(
            "undone: {id}; {}, {}: status {}, response {}",
            s.city,
            s.state,
            s.relationship_status.as_str(),
            s.response.as_str()
        );
    }
    Ok(())
}

/// What `undo` undoes.
pub enum Undo {
    Response,
    StatusChange,
}
