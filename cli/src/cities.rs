//! `outreach cities` and `outreach city <SLUG>`.

use std::io::Write;

use clap::Args;
use outreach_core::cities::{self, CityDetail, CityQuery, CitySummary};
use outreach_core::{Error, Store};

use crate::output::print_json;

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

pub fn list(store: &Store, json: bool, query: QueryArgs) -> Result<(), Error> {
    let list = store.query_cities(&query.query()?)?;
    if json {
        print_json(&list);
    } else {
        print_city_table(&mut std::io::stdout().lock(), &list);
    }
    Ok(())
}

pub fn show(store: &Store, slug: &str, json: bool) -> Result<(), Error> {
    let city = cities::get_city(store.conn(), slug)?;
    if json {
        print_json(&city);
    } else {
        print_city(&mut std::io::stdout().lock(), &city);
    }
    Ok(())
}

fn print_city_table(out: &mut impl Write, list: &[CitySummary]) {
    let _ = writeln!(
        out,
        "{:<28} {:<26} {:<30} {:<10} {:<13} {:<24} FOLLOW-UP",
        "SLUG", "CITY", "SISTER CITY", "STATUS", "RESPONSE", "LAST CALL"
    );
    for c in list {
        let _ = writeln!(
            out,
            "{:<28} {:<26} {:<30} {:<10} {:<13} {:<24} {}",
            c.slug,
            format!("{}, {}", c.city, c.state),
            c.sister_city,
            c.relationship_status.as_str(),
            c.response.as_str(),
            c.last_call_at.as_deref().unwrap_or("-"),
            c.next_follow_up.as_deref().unwrap_or("-"),
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
