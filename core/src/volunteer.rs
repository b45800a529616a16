//! Who is calling on this machine: the volunteer's name (setting `volunteer.name`), asked
//! once on first run (skippable), and the calls logged before a name was set, which are
//! attributed to the name once it is set, when the volunteer agrees.

use rusqlite::Connection;
use serde::Serialize;
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::fields::{InputField, Problem};
use crate::settings;
use crate::time::now;
use crate::vocab::Origin;

/// Where the volunteer's name is kept.
pub const VOLUNTEER_NAME_KEY: &str = "volunteer.name";

/// The volunteer's name on this machine, if one is set: the one place it is read (calls,
/// responses, contacts, skips and places added are signed with it).
pub fn name(conn: &Connection) -> Result<Option<String>> {
    Ok(settings::get(conn, VOLUNTEER_NAME_KEY)?
        .map(|n| n.trim().to_string())
        .filter(|n| !n.is_empty()))
}

/// Set when the volunteer chose not to give a name at the first-run prompt.
pub const PROMPT_DISMISSED_KEY: &str = "volunteer.name_prompt_dismissed";

/// What the first-run prompt needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct VolunteerStatus {
    pub volunteer_name: Option<String>,
    /// Show the one-line "your name?" prompt: no name and not dismissed.
    pub ask_name: bool,
    /// Calls logged on this store with no volunteer name.
    pub unnamed_calls: u32,
}

pub fn status(conn: &Connection) -> Result<VolunteerStatus> {
    let name = name(conn)?;
    let dismissed = settings::get(conn, PROMPT_DISMISSED_KEY)?.is_some();
    Ok(VolunteerStatus {
        ask_name: name.is_none() && !dismissed,
        volunteer_name: name,
        unnamed_calls: unnamed_calls(conn)?,
    })
}

/// How many calls carry no volunteer name.
pub fn unnamed_calls(conn: &Connection) -> Result<u32> {
    Ok(
        conn.query_row("SELECT count(*) FROM calls WHERE volunteer = ''", [], |r| {
            r.get(0)
        })?,
    )
}

/// What [`set_name`] did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct NameSet {
    pub volunteer_name: String,
    /// Calls logged without a name that now carry this one.
    pub attributed: u32,
}

/// A name as given (the prompt, Settings, `outreach campaign --volunteer`): trimmed, `None`
/// when blank, refused when longer than 100 characters. The one check of a volunteer's name.
pub fn checked_name(raw: &str) -> Result<Option<&str>> {
    let name = raw.trim();
    if name.chars().count() > 100 {
        return Err(Error::invalid(
            InputField::VolunteerName,
            "longer than 100 characters",
        ));
    }
    Ok(Some(name).filter(|n| !n.is_empty()))
}

/// Sets the volunteer's name; with `attribute_unnamed`, the calls logged without a name
/// get it too (one transaction). A blank or over-long name is refused, changing nothing.
pub fn set_name(conn: &mut Connection, name: &str, attribute_unnamed: bool) -> Result<NameSet> {
    let Some(name) = checked_name(name)? else {
        return Err(Error::invalid(
            InputField::VolunteerName,
            "the name is empty",
        ));
    };
    let tx = crate::atomic::begin(conn)?;
    settings::set(&tx, VOLUNTEER_NAME_KEY, name)?;
    let attributed = if attribute_unnamed {
        tx.execute(
            "UPDATE calls SET volunteer = ?1 WHERE volunteer = ''",
            [name],
        )? as u32
    } else {
        0
    };
    tx.commit()?;
    Ok(NameSet {
        volunteer_name: name.to_string(),
        attributed,
    })
}

/// The volunteer skipped the first-run prompt: it is not shown again (Settings still
/// takes a name at any time).
pub fn dismiss_prompt(conn: &Connection) -> Result<()> {
    settings::set(conn, PROMPT_DISMISSED_KEY, &crate::time::now())
}

/// Setting: this machine's volunteer on the campaign server (its role), set by `team join`.
pub const TEAM_ROLE_KEY: &str = "team.volunteer";
/// Setting: whether the campaign server says this volunteer is a coordinator ("1").
pub const TEAM_COORDINATOR_KEY: &str = "team.coordinator";

/// What a volunteer can undo: a call, a response, a change of a tie's status. Each is undone
/// by marking it (`undone_at`), under the same rule ([`check_may_undo_row`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Undoable {
    Call,
    Response,
    StatusChange,
}

impl Undoable {
    /// The row's event kind on the team server (`<kind>:<id>`).
    pub fn event_prefix(self) -> &'static str {
        match self {
            Undoable::Call => "call:",
            Undoable::Response => "response:",
            Undoable::StatusChange => "status:",
        }
    }

    /// The input an error about it names.
    pub fn field(self) -> InputField {
        match self {
            Undoable::Call => InputField::Call,
            Undoable::Response => InputField::Response,
            Undoable::StatusChange => InputField::Relationship,
        }
    }

    /// "call", "response", "status change".
    pub fn noun(self) -> &'static str {
        match self {
            Undoable::Call => "call",
            Undoable::Response => "response",
            Undoable::StatusChange => "status change",
        }
    }

    /// Its table.
    pub fn table(self) -> &'static str {
        match self {
            Undoable::Call => "calls",
            Undoable::Response => "responses",
            Undoable::StatusChange => "relationship_events",
        }
    }

    /// The error for an id none of its rows has.
    fn unknown(self, id: &str) -> Error {
        let id = id.to_string();
        match self {
            Undoable::Call => Error::UnknownCall { id },
            Undoable::Response => Error::UnknownResponse { id },
            Undoable::StatusChange => Error::UnknownStatusChange { id },
        }
    }
}

/// Marks a call, response or status change undone (`undone_at`, now; the row stays so a
/// merge cannot bring it back) after the checks every undo has: it exists, it is not undone
/// already, it is a volunteer's (a status change may come from the research), and this
/// volunteer may undo it ([`check_may_undo_row`]). Returns the time it set.
pub fn mark_undone(conn: &Connection, what: Undoable, id: &str) -> Result<String> {
    use rusqlite::OptionalExtension;
    let found: Option<(Option<String>, String)> = conn
        .prepare_cached(&format!(
            "SELECT undone_at, {} FROM {} WHERE id = ?1",
            if what == Undoable::StatusChange {
                "origin"
            } else {
                "'volunteer'"
            },
            what.table()
        ))?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    match found {
        None => return Err(what.unknown(id)),
        Some((Some(at), _)) => {
            return Err(Error::invalid_as(
                what.field(),
                Problem::AlreadyDone,
                format!("{} \"{id}\" was already undone at {at}", what.noun()),
            ))
        }
        Some((None, origin)) if origin != Origin::Volunteer.as_str() => {
            return Err(Error::invalid_as(
                what.field(),
                Problem::Invalid,
                format!(
                    "{} \"{id}\" comes from the campaign's research ({origin}), not a volunteer: \
                     record the tie's status as it is now instead",
                    what.noun()
                ),
            ))
        }
        Some((None, _)) => {}
    }
    check_may_undo_row(conn, what, id)?;
    let at = now();
    conn.prepare_cached(&format!(
        "UPDATE {} SET undone_at = ?2 WHERE id = ?1",
        what.table()
    ))?
    .execute(rusqlite::params![id, at])?;
    Ok(at)
}

/// Refuses to undo a teammate's call, response or status change (pulled from the campaign
/// server) unless this volunteer is a coordinator: the server would refuse it, and the
/// stores would differ.
pub fn check_may_undo_row(conn: &Connection, what: Undoable, id: &str) -> Result<()> {
    use rusqlite::OptionalExtension;
    let author: Option<String> = conn
        .prepare_cached(
            "SELECT author FROM team_events WHERE event_id = ?1 || ?2 AND state = 'pulled'",
        )?
        .query_row([what.event_prefix(), id], |r| r.get(0))
        .optional()?;
    let Some(author) = author else {
        return Ok(());
    };
    let me = settings::get(conn, TEAM_ROLE_KEY)?;
    let coordinator = settings::get(conn, TEAM_COORDINATOR_KEY)?.as_deref() == Some("1");
    if me.as_deref() == Some(author.as_str()) || coordinator {
        return Ok(());
    }
    Err(Error::invalid_as(
        what.field(),
        Problem::NotYours,
        format!(
            "this {} was recorded by {author}; only {author} or a coordinator can undo it",
            what.noun()
        ),
    ))
}
