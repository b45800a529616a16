//! `outreach script <SLUG>` (the call script filled in) and `outreach campaign` (the
//! volunteer's name, the script, the goal).

use std::io::Write;
use std::path::PathBuf;

use clap::Args;
use outreach_core::campaign::{self, CampaignSettings};
use outreach_core::script;
use outreach_core::{Error, Store};

use crate::output::print_json;

pub fn show_script(
    store: &Store,
    slug: &str,
    contact: Option<&str>,
    json: bool,
) -> Result<(), Error> {
    let filled = script::fill_script(store.conn(), slug, contact)?;
    if json {
        print_json(&filled);
    } else {
        let _ = writeln!(std::io::stdout().lock(), "{}", filled.to_text());
        let gaps = filled.gaps();
        if !gaps.is_empty() {
            eprintln!("gaps to fill: {}", gaps.join(", "));
        }
    }
    Ok(())
}

#[derive(Args)]
pub struct CampaignArgs {
    /// Your name, recorded with the calls you log ("" clears it).
    #[arg(long, value_name = "NAME")]
    pub volunteer: Option<String>,
    /// The petition's signature goal.
    #[arg(long)]
    pub goal: Option<u64>,
    /// A file holding the new call script.
    #[arg(long, value_name = "FILE")]
    pub script_file: Option<PathBuf>,
}

/// Shows the campaign settings, changing the ones given first.
pub fn campaign(store: &mut Store, a: CampaignArgs, json: bool) -> Result<(), Error> {
    let mut s = campaign::get_campaign_settings(store.conn())?;
    if a.volunteer.is_some() || a.goal.is_some() || a.script_file.is_some() {
        if let Some(v) = a.volunteer {
            s.volunteer_name = Some(v);
        }
        if let Some(g) = a.goal {
            s.goal = g;
        }
        if let Some(path) = &a.script_file {
            s.call_script = std::fs::read_to_string(path).map_err(|e| {
                Error::invalid(
                    "script file",
                    format!("cannot read {}: {e}", path.display()),
                )
            })?;
        }
        s = campaign::set_campaign_settings(store.conn_mut(), &s)?;
    }
    print_settings(&s, json);
    Ok(())
}

fn print_settings(s: &CampaignSettings, json: bool) {
    if json {
        print_json(s);
    } else {
        println!(
            "volunteer: {}",
            s.volunteer_name.as_deref().unwrap_or("(not set)")
        );
        println!("goal: {}", script::thousands(s.goal));
        println!("call script:\n{}", s.call_script);
    }
}
