//! The campaign's settings a volunteer edits: their own name (who logged a call), the call
//! script and the signature goal. Stored as settings keys.

use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::fields::InputField;
use crate::settings;
use crate::template;

/// Who logs calls on this machine.
pub use crate::template::CALL_SCRIPT_KEY;
/// The petition's signature goal: the one goal, shown in Settings, on the Petition
/// screen, on the dashboard and in the script. Read and set only through [`goal`] and
/// [`set_goal`]. (Older stores also had `signatures.goal`, from the Petition screen; migration
/// `0004_one_goal.sql` folded it into this key.)
pub const GOAL_KEY: &str = "campaign.goal";
/// The goal when the store has none (the seed campaign's).
pub const DEFAULT_GOAL: u64 = 25_000;

/// The single call script earlier versions shipped as `campaign.call_script`. A store
/// still holding it exactly (never edited) gets the seed's new active-tie script; a script
/// the volunteer edited is kept as the active-tie template.
const SHIPPED_BEFORE: &[&str] = &[
    "Hello, my name is {volunteer_name}, and I'm calling about {city}, {state}'s sister-city
relationship with {sister_city}, Russia. May I speak with {mayor_name} or a member of
the mayor's staff?

I'm one of the {signature_total} people who have signed the petition \"Stand with
Ukraine! End US-Russia Sister City Relationships\" (our goal is {signature_goal}). We ask
Mayor {mayor_name} to suspend or end {city}'s tie with {sister_city} until Russia's war
against Ukraine ends, as Chicago, Tallahassee and Des Moines have done.

Can you tell me whether the mayor's office is considering this? Thank you for your time.",
];

/// Replaces `campaign.call_script` with `new` when it still holds a script an earlier
/// version shipped (so it was never edited). Returns whether it did.
pub fn replace_unedited_script(conn: &Connection, new: &str) -> Result<bool> {
    let Some(current) = settings::get(conn, CALL_SCRIPT_KEY)? else {
        return Ok(false);
    };
    if SHIPPED_BEFORE.contains(&current.trim_end()) && current.trim_end() != new.trim_end() {
        settings::set(conn, CALL_SCRIPT_KEY, new)?;
        return Ok(true);
    }
    Ok(false)
}

/// The scripts for ties that are not active (the active one is `call_script` in
/// [`CampaignSettings`]). Each is refused when empty or when it uses an unknown field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct StatusScripts {
    pub suspended: String,
    pub severed: String,
    pub unknown: String,
}

pub fn get_status_scripts(conn: &Connection) -> Result<StatusScripts> {
    use crate::vocab::RelationshipStatus as S;
    let get = |s: S| -> Result<String> {
        Ok(settings::get(conn, &template::template_key(s))?.unwrap_or_default())
    };
    Ok(StatusScripts {
        suspended: get(S::Suspended)?,
        severed: get(S::Severed)?,
        unknown: get(S::Unknown)?,
    })
}

/// Checks and saves the three scripts at once; returns what was saved.
pub fn set_status_scripts(conn: &mut Connection, new: &StatusScripts) -> Result<StatusScripts> {
    use crate::vocab::RelationshipStatus as S;
    let list = [
        (
            S::Suspended,
            InputField::SuspendedScript,
            new.suspended.trim_end(),
        ),
        (
            S::Severed,
            InputField::SeveredScript,
            new.severed.trim_end(),
        ),
        (
            S::Unknown,
            InputField::UnknownScript,
            new.unknown.trim_end(),
        ),
    ];
    for (_, field, text) in &list {
        if text.trim().is_empty() {
            return Err(Error::invalid(*field, "the script is empty"));
        }
        template::check_template(text).map_err(|e| match e {
            Error::InvalidInput { code, problem, .. } => Error::invalid_as(*field, code, problem),
            other => other,
        })?;
    }
    let tx = crate::atomic::begin(conn)?;
    for (status, _, text) in &list {
        settings::set(&tx, &template::template_key(*status), text)?;
    }
    tx.commit()?;
    get_status_scripts(conn)
}

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
        volunteer_name: crate::volunteer::name(conn)?,
        call_script: settings::get(conn, CALL_SCRIPT_KEY)?.unwrap_or_default(),
        goal: goal(conn)?,
    })
}

/// The petition's signature goal ([`DEFAULT_GOAL`] when missing, unreadable or out of
/// [`crate::checks::GOAL`]'s range, as an older version may have stored).
pub fn goal(conn: &Connection) -> Result<u64> {
    Ok(settings::get(conn, GOAL_KEY)?
        .and_then(|g| g.trim().parse::<u64>().ok())
        .filter(|&g| crate::checks::GOAL.admits(g))
        .unwrap_or(DEFAULT_GOAL))
}

/// Checks and saves the goal (in the caller's transaction when there is one).
pub fn set_goal(conn: &Connection, goal: u64) -> Result<()> {
    check_goal(goal)?;
    settings::set(conn, GOAL_KEY, &goal.to_string())
}

/// A goal is a number of signatures in [`crate::checks::GOAL`]'s range.
pub fn check_goal(goal: u64) -> Result<u64> {
    crate::checks::GOAL.check(goal)
}

/// Checks and saves every setting at once (one transaction); returns what was saved.
pub fn set_campaign_settings(
    conn: &mut Connection,
    new: &CampaignSettings,
) -> Result<CampaignSettings> {
    let name = match new.volunteer_name.as_deref() {
        Some(raw) => crate::volunteer::checked_name(raw)?,
        None => None,
    };
    check_goal(new.goal)?;
    let script_text = new.call_script.trim_end();
    if script_text.trim().is_empty() {
        return Err(Error::invalid(
            InputField::CallScript,
            "the call script is empty",
        ));
    }
    template::check_template(script_text)?;
    let tx = crate::atomic::begin(conn)?;
    match name {
        Some(n) => settings::set(&tx, crate::volunteer::VOLUNTEER_NAME_KEY, n)?,
        None => settings::remove(&tx, crate::volunteer::VOLUNTEER_NAME_KEY)?,
    }
    settings::set(&tx, CALL_SCRIPT_KEY, script_text)?;
    set_goal(&tx, new.goal)?;
    tx.commit()?;
    get_campaign_settings(conn)
}
