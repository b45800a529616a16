//! The campaign's settings a volunteer edits: their own name (who logged a call), the call
//! script and the signature goal. Stored as settings keys.

use rusqlite::{Connection, TransactionBehavior};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::fields::InputField;
use crate::script;
use crate::settings;

/// Who logs calls on this machine.
pub const VOLUNTEER_NAME_KEY: &str = "volunteer.name";
/// The call script template (`{field}` merge fields, see [`crate::script`]).
pub const CALL_SCRIPT_KEY: &str = "campaign.call_script";
/// The petition's signature goal.
pub const GOAL_KEY: &str = "campaign.goal";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CampaignSettings {
    pub volunteer_name: Option<String>,
    pub call_script: String,
    #[ts(type = "number")]
    pub goal: u64,
}

pub fn get_campaign_settings(conn: &Connection) -> Result<CampaignSettings> {
    Ok(CampaignSettings {
        volunteer_name: settings::get(conn, VOLUNTEER_NAME_KEY)?.filter(|s| !s.is_empty()),
        call_script: settings::get(conn, CALL_SCRIPT_KEY)?.unwrap_or_default(),
        goal: goal(conn)?,
    })
}

/// The goal from `campaign.goal` (0 when missing or unreadable).
pub fn goal(conn: &Connection) -> Result<u64> {
    Ok(settings::get(conn, GOAL_KEY)?
        .and_then(|g| g.trim().parse().ok())
        .unwrap_or(0))
}

/// Checks and saves every setting at once (one transaction); returns what was saved.
pub fn set_campaign_settings(
    conn: &mut Connection,
    new: &CampaignSettings,
) -> Result<CampaignSettings> {
    let name = new
        .volunteer_name
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty());
    if name.is_some_and(|n| n.chars().count() > 100) {
        return Err(Error::invalid(
            InputField::VolunteerName,
            "longer than 100 characters",
        ));
    }
    if new.goal == 0 {
        return Err(Error::invalid(
            InputField::Goal,
            "the signature goal must be above 0",
        ));
    }
    let script_text = new.call_script.trim_end();
    if script_text.trim().is_empty() {
        return Err(Error::invalid(
            InputField::CallScript,
            "the call script is empty",
        ));
    }
    script::check_template(script_text)?;
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    match name {
        Some(n) => settings::set(&tx, VOLUNTEER_NAME_KEY, n)?,
        None => settings::remove(&tx, VOLUNTEER_NAME_KEY)?,
    }
    settings::set(&tx, CALL_SCRIPT_KEY, script_text)?;
    settings::set(&tx, GOAL_KEY, &new.goal.to_string())?;
    tx.commit()?;
    get_campaign_settings(conn)
}
