//! `outreach next` (the "call next" queue) and `outreach skip <SLUG>`.

use clap::Args;
use outreach_core::queue::{self, QueueTask};
use outreach_core::{Error, Store};

use crate::output::print_json;

#[derive(Args)]
pub struct NextArgs {
    /// How many cities to show (0 for the whole queue; at most 100,000).
    #[arg(
        long,
        default_value = "10",
        value_name = "N",
        allow_hyphen_values = true
    )]
    pub limit: String,
}

/// With `--json`: `{ entries: [...], to_call, find_number, recent_days }`.
pub fn next(store: &Store, a: NextArgs, json: bool) -> Result<(), Error> {
    let limit = outreach_core::checks::QUEUE_LIMIT.parse(&a.limit)? as usize;
    let q = store.read(|c| queue::call_queue(c, (limit > 0).then_some(limit)))?;
    if json {
        print_json(&q);
        return Ok(());
    }
    if q.entries.is_empty() {
        println!(
            "Nobody to call now: every city was called in the last {} days, skipped, or has answered.",
            q.recent_days
        );
        return Ok(());
    }
    println!(
        "{} cities to call now{}",
        q.to_call,
        if q.find_number > 0 {
            format!(", {} need their number found first", q.find_number)
        } else {
            String::new()
        }
    );
    for e in &q.entries {
        let who = match (&e.task, &e.contact_name, &e.phone) {
            (QueueTask::Call, Some(name), Some(phone)) => format!("{name}  {phone}"),
            _ => "find the number".to_string(),
        };
        println!(
            "{:<28} {:<28} {:<48} {}",
            e.slug,
            format!("{}, {}", e.city, e.state),
            e.reason.describe(e),
            who
        );
    }
    Ok(())
}

#[derive(Args)]
pub struct SkipArgs {
    /// The city's slug, e.g. portland-or.
    pub slug: String,
    /// Why you skip it (e.g. "office closed today"); it comes back tomorrow.
    #[arg(long)]
    pub reason: String,
}

pub fn skip(store: &mut Store, a: SkipArgs, json: bool) -> Result<(), Error> {
    let until = store.write(|c| queue::skip_city(c, &a.slug, &a.reason))?;
    if json {
        print_json(&serde_json::json!({ "slug": a.slug, "until": until }));
    } else {
        println!("{} skipped until {until}.", a.slug);
    }
    Ok(())
}
