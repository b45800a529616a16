//! `outreach cities` and `outreach city <SLUG>`.

use std::io::Write;

use clap::{Args, Subcommand};
use outreach_core::cities::{self, CityQuery, CityRows};
use outreach_core::city_view::{self, CityDetail};
use outreach_core::targets::{self, NewTarget};
use outreach_core::vocab::JurisdictionKind;
use outreach_core::{Error, Store};

use crate::output::{self, print};

/// `outreach cities` filters and order (all optional).
#[derive(Args)]
pub struct QueryArgs {
    /// Only cities whose tie has this status: active, suspended, severed, unknown.
    #[arg(long)]
    pub status: Option<String>,
    /// Only cities that gave this response: none, acknowledged, considering, committed, declined.
    #[arg(long)]
    pub response: Option<String>,
    /// Only cities in this state (two-letter code).
    #[arg(long)]
    pub state: Option<String>,
    /// Only cities last called: never, last-7-days, not-7-days or not-30-days.
    #[arg(long, value_name = "WHEN")]
    pub last_call: Option<String>,
    /// Only cities whose follow-up is: due (today or overdue), set, or none.
    #[arg(long, value_name = "WHICH")]
    pub follow_up: Option<String>,
    /// name (default), state, status, response, last-call or follow-up.
    #[arg(long, default_value = "name")]
    pub sort: String,
    /// Reverse the order.
    #[arg(long)]
    pub desc: bool,
}

impl QueryArgs {
    fn query(&self) -> Result<CityQuery, Error> {
        Ok(CityQuery {
            status: self.status.as_deref().map(str::parse).transpose()?,
            response: self.response.as_deref().map(str::parse).transpose()?,
            state: self.state.clone(),
            last_call: self.last_call.as_deref().map(str::parse).transpose()?,
            follow_up: self.follow_up.as_deref().map(str::parse).transpose()?,
            sort: self.sort.parse()?,
            descending: self.desc,
        })
    }
}

/// `outreach cities <ACTION>`.
#[derive(Subcommand)]
pub enum CitiesCommand {
    /// Add a US place the list is missing, with its Russian sister city and the tie's
    /// status as a source states it (or a new tie to a place already in the list).
    Add(AddArgs),
}

#[derive(Args)]
pub struct AddArgs {
    /// The US place's name, e.g. "Springfield".
    pub city: String,
    /// Its state: two-letter code (IL) or name.
    #[arg(long)]
    pub state: String,
    /// The Russian sister city (or region).
    #[arg(long)]
    pub sister_city: String,
    /// The tie's status as the source states it: active, suspended, severed, unknown.
    #[arg(long)]
    pub status: String,
    /// When the source said so: YYYY, YYYY-MM or YYYY-MM-DD.
    #[arg(long)]
    pub date: String,
    /// The web page that says so (https://...).
    #[arg(long)]
    pub source: String,
    /// city (default), county, city_county or state.
    #[arg(long)]
    pub kind: Option<String>,
    /// The Russian region (oblast, krai, republic).
    #[arg(long)]
    pub sister_region: Option<String>,
    /// The place's latitude (with --longitude), for the map.
    #[arg(long, allow_hyphen_values = true)]
    pub latitude: Option<f64>,
    #[arg(long, allow_hyphen_values = true)]
    pub longitude: Option<f64>,
    /// What the source says, in a sentence.
    #[arg(long, default_value = "")]
    pub notes: String,
}

/// With `--json`: `{slug, city_added, city}`.
pub fn run(store: &mut Store, command: CitiesCommand, json: bool) -> Result<(), Error> {
    match command {
        CitiesCommand::Add(a) => {
            let input = NewTarget {
                city: a.city,
                state: a.state,
                kind: a
                    .kind
                    .as_deref()
                    .map(str::parse::<JurisdictionKind>)
                    .transpose()?,
                latitude: a.latitude,
                longitude: a.longitude,
                sister_city: a.sister_city,
                sister_region: a.sister_region,
                status: a.status.parse()?,
                date: a.date,
                source_url: a.source,
                notes: a.notes,
            };
            let added = store.write(|c| targets::add_target(c, &input))?;
            output::show(json, &added, |added| {
                let s = &added.city.summary;
                let what = if added.city_added {
                    "added"
                } else {
                    "already listed; tie added"
                };
                format!(
                    "{} ({what}): {}, {} – {}",
                    added.slug, s.city, s.state, s.sister_city
                )
            });
            Ok(())
        }
    }
}

pub fn list(store: &Store, json: bool, query: QueryArgs) -> Result<(), Error> {
    // A fresh process: read the rows the query keeps, not the whole list (the window keeps
    // the list in memory instead: `Store::query_cities`).
    let query = query.query()?;
    let list = store.read(|c| cities::query_rows(c, &query))?;
    print(json, &list, |out, list| print_city_table(out, list));
    Ok(())
}

pub fn show(store: &Store, slug: &str, json: bool) -> Result<(), Error> {
    let city = store.read(|c| city_view::get_city(c, slug))?;
    print(json, &city, |out, city| print_city(out, city));
    Ok(())
}

fn print_city_table(out: &mut impl Write, list: &CityRows) {
    let _ = writeln!(
        out,
        "{:<28} {:<26} {:<30} {:<10} {:<13} {:<24} FOLLOW-UP",
        "SLUG", "CITY", "SISTER CITY", "STATUS", "RESPONSE", "LAST CALL"
    );
    for c in list.iter() {
        let _ = writeln!(
            out,
            "{:<28} {:<26} {:<30} {:<10} {:<13} {:<24} {}",
            c.slug,
            format!("{}, {}", c.city, c.state),
            c.sister_city,
            c.relationship_status.as_str(),
            c.response.as_str(),
            c.last_call_at.unwrap_or("-"),
            c.next_follow_up.unwrap_or("-"),
        );
    }
}

fn print_city(out: &mut impl Write, c: &CityDetail) {
    let s = &c.summary;
    let _ = writeln!(out, "{}, {} ({})", s.city, s.state, s.slug);
    let _ = writeln!(
        out,
        "status: {}   response: {}   last call: {}",
        s.relationship_status.label(),
        s.response.label(),
        s.last_call_at.as_deref().unwrap_or("none")
    );
    if let Some(t) = &s.teammate_call {
        let _ = writeln!(
            out,
            "called by {} at {} ({})",
            t.volunteer,
            t.called_at,
            t.outcome.label()
        );
    }
    for r in &c.relationships {
        let _ = writeln!(out);
        let region = r
            .sister_region
            .as_deref()
            .map(|x| format!(" ({x})"))
            .unwrap_or_default();
        let est = r
            .established
            .as_deref()
            .map(|y| format!(", since {y}"))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "Sister city: {}{region}{est}: {}",
            r.sister_city,
            r.status.label()
        );
        for e in &r.history {
            let when = e
                .date_text
                .as_deref()
                .or(e.date.as_deref())
                .unwrap_or("undated");
            let _ = writeln!(out, "  {when}  {}  {}", e.status.label(), e.summary);
            for src in &e.sources {
                let _ = writeln!(out, "      {src}");
            }
        }
    }
    let _ = writeln!(out);
    if c.contacts.is_empty() {
        let _ = writeln!(out, "Contacts: none yet");
    } else {
        let _ = writeln!(out, "Contacts:");
        for k in &c.contacts {
            let _ = writeln!(
                out,
                "  {} ({})  {}  {}",
                k.fields.name,
                k.fields.role,
                k.fields.phone.as_deref().unwrap_or("-"),
                k.fields.email.as_deref().unwrap_or("-")
            );
        }
    }
}
