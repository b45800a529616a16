//! `outreach script <SLUG>` (the call script filled in) and `outreach campaign` (the
//! volunteer's name, the script, the goal).

use std::io::Write;
use std::path::PathBuf;

use clap::Args;
use outreach_core::campaign::{self, CampaignSettings, StatusScripts};
use outreach_core::fields::{InputField, Problem};
use outreach_core::script;
use outreach_core::vocab::RelationshipStatus;
use outreach_core::volunteer;
use outreach_core::{Error, Store};

use crate::output::print_json;

pub fn show_script(
    store: &Store,
    slug: &str,
    contact: Option<&str>,
    json: bool,
) -> Result<(), Error> {
    let filled = store.read(|c| script::fill_script(c, slug, contact))?;
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
    /// The petition's signature goal (1 to 1,000,000,000,000), e.g. 25,000.
    #[arg(long, value_name = "N", allow_hyphen_values = true)]
    pub goal: Option<String>,
    /// A file holding the new call script (for active ties, or the status --script-for names).
    #[arg(long, value_name = "FILE")]
    pub script_file: Option<PathBuf>,
    /// Which tie status the --script-file is for: active (default), suspended, severed, unknown.
    #[arg(long, value_name = "STATUS", requires = "script_file")]
    pub script_for: Option<String>,
    /// With --volunteer: also put the name on the calls logged before a name was set.
    #[arg(long, requires = "volunteer")]
    pub attribute_unnamed_calls: bool,
}

/// The largest call script file read (a script is at most 20,000 characters).
const SCRIPT_FILE_MAX: u64 = 256 * 1024;

/// Shows the campaign settings, changing the ones given first.
pub fn campaign(store: &mut Store, a: CampaignArgs, json: bool) -> Result<(), Error> {
    let mut s = store.read(campaign::get_campaign_settings)?;
    let status = match a.script_for.as_deref() {
        Some(v) => v.parse::<RelationshipStatus>()?,
        None => RelationshipStatus::Active,
    };
    let script = match &a.script_file {
        Some(path) => Some(
            outreach_core::input::read_text(path, SCRIPT_FILE_MAX, "a call script").map_err(
                |e| {
                    Error::invalid_as(
                        InputField::ScriptFile,
                        Problem::File,
                        format!("{}: {e}", path.display()),
                    )
                },
            )?,
        ),
        None => None,
    };
    let mut others = store.read(campaign::get_status_scripts)?;
    if let (Some(text), false) = (&script, status == RelationshipStatus::Active) {
        match status {
            RelationshipStatus::Suspended => others.suspended = text.clone(),
            RelationshipStatus::Severed => others.severed = text.clone(),
            _ => others.unknown = text.clone(),
        }
        others = store.write(|c| campaign::set_status_scripts(c, &others))?;
    }
    let attributed = if a.attribute_unnamed_calls {
        let name = a.volunteer.clone().unwrap_or_default();
        let set = store.write(|c| volunteer::set_name(c, &name, true))?;
        s.volunteer_name = Some(set.volunteer_name);
        Some(set.attributed)
    } else {
        None
    };
    let active_script = script.filter(|_| status == RelationshipStatus::Active);
    if (a.volunteer.is_some() && attributed.is_none())
        || a.goal.is_some()
        || active_script.is_some()
    {
        if let Some(v) = a.volunteer {
            s.volunteer_name = Some(v);
        }
        if let Some(g) = a.goal {
            s.goal = outreach_core::signatures::count::parse_in(&outreach_core::checks::GOAL, &g)?;
        }
        if let Some(text) = active_script {
            s.call_script = text;
        }
        s = store.write(|c| campaign::set_campaign_settings(c, &s))?;
    }
    if json {
        let mut v = serde_json::to_value(&s).expect("serialises");
        v["status_scripts"] = serde_json::to_value(&others).expect("serialises");
        if let Some(n) = attributed {
            v["attributed_calls"] = n.into();
        }
        print_json(&v);
    } else {
        print_settings(&s, &others, false);
        if let Some(n) = attributed {
            println!("calls given your name: {n}");
        }
    }
    Ok(())
}

fn print_settings(s: &CampaignSettings, others: &StatusScripts, json: bool) {
    if json {
        print_json(s);
    } else {
        println!(
            "volunteer: {}",
            s.volunteer_name.as_deref().unwrap_or("(not set)")
        );
        println!("goal: {}", script::thousands(s.goal));
        println!("call script (active tie):\n{}", s.call_script);
        println!("\ncall script (suspended tie):\n{}", others.suspended);
        println!("\ncall script (severed tie):\n{}", others.severed);
        println!("\ncall script (unknown status):\n{}", others.unknown);
    }
}
