//! `outreach stats`: the dashboard's numbers.

use outreach_core::dashboard;
use outreach_core::{Error, Store};

use crate::output::print_json;

pub fn stats(store: &Store, json: bool) -> Result<(), Error> {
    let d = dashboard::dashboard(store)?;
    if json {
        print_json(&d);
        return Ok(());
    }
    println!("Cities by relationship status:");
    for (status, n) in &d.by_status {
        println!("  {:<12} {n}", status.label());
    }
    println!("Cities by response:");
    for (response, n) in &d.by_response {
        println!("  {:<18} {n}", response.label());
    }
    println!("Calls in the last 7 days: {}", d.calls_last_7_days);
    if let Some(v) = &d.volunteer {
        println!("  of which by {v}: {}", d.my_calls_last_7_days);
    }
    println!("Follow-ups due: {}", d.follow_ups_due);
    Ok(())
}
