//! `outreach log-call`, `outreach undo-call` and `outreach calls <SLUG>`.

use std::io::Write;

use clap::Args;
use outreach_core::calls::{self, Call, CallInput};
use outreach_core::vocab::{CallOutcome, Channel};
use outreach_core::{Error, Store};

use crate::output::{print, print_json, show};

#[derive(Args)]
pub struct LogCallArgs {
    /// The city's slug, e.g. portland-or.
    pub slug: String,
    /// contact, voicemail, unavailable, wrong_number or callback_requested.
    #[arg(long)]
    pub outcome: String,
    /// phone (default) or email.
    #[arg(long, default_value = "phone")]
    pub channel: String,
    /// The id of the contact called (see `outreach city <SLUG> --json`).
    #[arg(long, value_name = "ID")]
    pub contact: Option<String>,
    #[arg(long, default_value = "")]
    pub notes: String,
    /// When to call again, YYYY-MM-DD (today or later).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub follow_up: Option<String>,
    /// Who called (default: the setting volunteer.name).
    #[arg(long, value_name = "NAME")]
    pub volunteer: Option<String>,
}

/// Prints the new call's id (or the call as JSON).
pub fn log(store: &mut Store, a: LogCallArgs, json: bool) -> Result<(), Error> {
    let input = CallInput {
        slug: a.slug,
        outcome: a.outcome.parse::<CallOutcome>()?,
        channel: a.channel.parse::<Channel>()?,
        contact_id: a.contact,
        notes: a.notes,
        follow_up: a.follow_up,
        volunteer: a.volunteer,
    };
    let call = store.write(|c| calls::log_call(c, &input))?;
    show(json, &call, |call| call.id.clone());
    Ok(())
}

pub fn undo(store: &mut Store, id: &str, json: bool) -> Result<(), Error> {
    store.write(|c| calls::undo_call(c, id))?;
    let call = store.read(|c| calls::get_call(c, id))?;
    if json {
        print_json(&serde_json::json!({ "undone": call.id }));
    } else {
        println!(
            "undone: {} ({} on {})",
            call.id, call.outcome, call.called_at
        );
    }
    Ok(())
}

pub fn list(store: &Store, slug: &str, json: bool) -> Result<(), Error> {
    let list = store.read(|c| calls::list_calls(c, slug))?;
    print(json, &list, |out, list| print_calls(out, list));
    Ok(())
}

fn print_calls(out: &mut impl Write, list: &[Call]) {
    if list.is_empty() {
        let _ = writeln!(out, "No calls logged yet.");
        return;
    }
    for c in list {
        let _ = writeln!(
            out,
            "{}  {:<5} {:<18} {:<20} {}{}  {}",
            c.called_at,
            c.channel.as_str(),
            c.outcome.as_str(),
            c.contact_name.as_deref().unwrap_or("-"),
            if c.volunteer.is_empty() {
                "-"
            } else {
                &c.volunteer
            },
            c.follow_up
                .as_deref()
                .map(|d| format!("  follow-up {d}"))
                .unwrap_or_default(),
            c.id
        );
        if !c.notes.is_empty() {
            let _ = writeln!(out, "    {}", c.notes);
        }
    }
}
