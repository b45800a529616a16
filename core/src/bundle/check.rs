//! What a merge lets in: every row it receives (from a bundle, or pulled by team sync)
//! passes the checks the form and the command line apply, before anything is written.
//!
//! A checksum proves a bundle intact, not honest. So, for every incoming row set:
//!
//! - every value passes the check of its kind (`crate::fields`: vocabularies, dates,
//!   web addresses, lengths, no control characters), and ids are UUIDs;
//! - `origin: seed` and the seed's ids are written only by the seed: a status change must
//!   be a volunteer's (`origin: volunteer`, an id of its own: random or time-ordered), a
//!   contact claims `origin: seed` only for a seeded contact this store has, and never
//!   changes a contact's origin;
//! - no timestamp is more than a day ahead of this machine's clock (a far-future
//!   `updated_at` would win every later merge);
//! - a call, a response or a status change is undone only by its own volunteer, unless the
//!   rows come from a coordinator (the same rule as team sync): an undo from anyone else is
//!   dropped and reported, the row itself is kept;
//! - a status change's `seq` stays within [`MAX_SEQ`], so the next one can always follow.
//!
//! A refused row is reported with its reason ([`RefusalReason`]); nothing of it is written.

use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;
use ts_rs::TS;
use uuid::Uuid;

use super::{MergeReport, Payload};
use crate::checks::{self, LINE_MAX, NAME_MAX, TEXT_MAX};
use crate::error::Result;
use crate::fields::InputField;
use crate::rows::{
    CallRow, CityRow, ContactRow, FollowUpRow, ResponseRow, RevisionRow, Staged, TieEventRow,
    TieRow,
};
use crate::vocab::{CallOutcome, Channel, CityResponse, RelationshipStatus};
use crate::volunteer::Undoable;

/// The largest `seq` a status change may carry (a tie's history has a few entries).
pub const MAX_SEQ: i64 = 1_000_000;
/// How far ahead of this machine's clock a timestamp may be (clocks differ a little).
pub const FUTURE_SLACK_HOURS: i64 = 24;
/// The longest a contact revision's snapshot may be, in bytes.
const SNAPSHOT_MAX: usize = 64 * 1024;
/// The most source links a status change may carry.
const SOURCES_MAX: usize = 50;

/// Who the rows come from, as far as this store can tell.
#[derive(Debug, Clone, Default)]
pub struct Sender {
    /// The volunteer who sent them (a bundle's `volunteer`; a sync role's name).
    pub volunteer: Option<String>,
    /// A coordinator may undo anyone's call.
    pub coordinator: bool,
}

/// Why a row was not merged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum RefusalReason {
    /// A value the form would refuse (a vocabulary, a date, a length, an id).
    InvalidValue,
    /// Claims to come from the app's seed (`origin: seed`, a seeded id).
    SeedOnly,
    /// A time more than a day ahead of this machine's clock.
    InTheFuture,
    /// An undo of another volunteer's call, response or status change, not from a
    /// coordinator.
    UndoNotAllowed,
    /// Points at a city, tie or contact this store does not have.
    UnknownReference,
    /// This store holds another row with the same place or tie.
    Conflict,
}

/// One row a merge did not take, and why.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct RefusedRow {
    /// `call`, `response`, `status change`, `contact`, `contact revision`, `follow-up`,
    /// `place`, `tie`, `undo`.
    pub row: String,
    pub id: String,
    pub reason: RefusalReason,
    /// What is wrong, in words.
    pub detail: String,
}

/// How many rows were refused for one reason.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct RefusalCount {
    pub reason: RefusalReason,
    pub count: u32,
}

impl MergeReport {
    /// Records a refused row (and counts it under its reason).
    pub fn refuse(
        &mut self,
        row: &str,
        id: &str,
        reason: RefusalReason,
        detail: impl Into<String>,
    ) {
        match self
            .refused_by_reason
            .iter_mut()
            .find(|c| c.reason == reason)
        {
            Some(c) => c.count += 1,
            None => {
                self.refused_by_reason
                    .push(RefusalCount { reason, count: 1 });
                self.refused_by_reason.sort_by_key(|c| c.reason);
            }
        }
        self.refused.push(RefusedRow {
            row: row.to_string(),
            id: fragment(id),
            reason,
            detail: detail.into(),
        });
    }

    /// How many rows were refused.
    pub fn refused_count(&self) -> u32 {
        self.refused_by_reason.iter().map(|c| c.count).sum()
    }
}

/// At most 80 characters of a value, control characters shown as `?` (errors quote it).
pub fn fragment(s: &str) -> String {
    checks::fragment(s, 80)
}

type Refusal = (RefusalReason, String);

fn invalid(e: crate::Error) -> Refusal {
    (RefusalReason::InvalidValue, e.to_string())
}

/// The clock every check in one merge measures against.
struct Clock {
    /// The latest timestamp accepted.
    latest: jiff::Timestamp,
    /// The latest date accepted (`YYYY-MM-DD`) for dates that cannot be in the future.
    latest_day: String,
}

impl Clock {
    fn now() -> Clock {
        let latest = jiff::Timestamp::now() + jiff::SignedDuration::from_hours(FUTURE_SLACK_HOURS);
        let latest_day = latest.strftime("%Y-%m-%d").to_string();
        Clock { latest, latest_day }
    }

    /// A timestamp in the store's form (RFC 3339 UTC, milliseconds), not in the future.
    fn time(&self, what: &str, value: &str) -> std::result::Result<(), Refusal> {
        let parsed: jiff::Timestamp = value.parse().map_err(|_| {
            (
                RefusalReason::InvalidValue,
                format!("{what} \"{}\" is not a time", fragment(value)),
            )
        })?;
        if !in_store_form(value) {
            return Err((
                RefusalReason::InvalidValue,
                format!(
                    "{what} \"{}\" is not in the store's form (2026-11-28T10:00:00.000Z)",
                    fragment(value)
                ),
            ));
        }
        if parsed > self.latest {
            return Err((
                RefusalReason::InTheFuture,
                format!("{what} {value} is more than a day ahead of this machine's clock"),
            ));
        }
        Ok(())
    }

    fn opt_time(&self, what: &str, value: &Option<String>) -> std::result::Result<(), Refusal> {
        value.as_deref().map_or(Ok(()), |v| self.time(what, v))
    }

    /// A date (`YYYY-MM-DD`) that cannot be in the future.
    fn past_date(&self, field: InputField, value: &str) -> std::result::Result<(), Refusal> {
        checks::date(field, value).map_err(invalid)?;
        if value > self.latest_day.as_str() {
            return Err((
                RefusalReason::InTheFuture,
                format!("{} {value} is in the future", field.label()),
            ));
        }
        Ok(())
    }
}

/// `2026-11-28T10:00:00.000Z`: the one form the store writes times in (UTC, milliseconds),
/// told by its shape; the parse before it tells a real time.
fn in_store_form(value: &str) -> bool {
    const SHAPE: &[u8; 24] = b"dddd-dd-ddTdd:dd:dd.dddZ";
    value.len() == 24
        && value.bytes().zip(SHAPE).all(|(b, s)| {
            if *s == b'd' {
                b.is_ascii_digit()
            } else {
                b == *s
            }
        })
}

fn uuid(what: &str, id: &str) -> std::result::Result<Uuid, Refusal> {
    Uuid::parse_str(id).map_err(|_| {
        (
            RefusalReason::InvalidValue,
            format!("{what} id \"{}\" is not a UUID", fragment(id)),
        )
    })
}

fn text(field: InputField, value: &str, max: usize) -> std::result::Result<(), Refusal> {
    checks::text(field, value, max).map_err(invalid)
}

fn opt_text(
    field: InputField,
    value: &Option<String>,
    max: usize,
) -> std::result::Result<(), Refusal> {
    value.as_deref().map_or(Ok(()), |v| text(field, v, max))
}

fn parse<T: std::str::FromStr<Err = crate::Error>>(value: &str) -> std::result::Result<T, Refusal> {
    value.parse::<T>().map_err(invalid)
}

/// Keeps the rows of `rows` that `check` accepts; reports the others.
fn keep<T: Staged>(
    rows: &mut Vec<T>,
    report: &mut MergeReport,
    what: &str,
    mut check: impl FnMut(&mut T) -> Result<std::result::Result<(), Refusal>>,
) -> Result<()> {
    let mut failed = None;
    rows.retain_mut(|r| {
        if failed.is_some() {
            return false;
        }
        match check(r) {
            Ok(Ok(())) => true,
            Ok(Err((reason, detail))) => {
                report.refuse(what, r.key(), reason, detail);
                false
            }
            Err(e) => {
                failed = Some(e);
                false
            }
        }
    });
    failed.map_or(Ok(()), Err)
}

/// Drops from `p` every row that fails its checks, reporting each; what is left may be
/// merged. Callable for any incoming row set (bundle merges and team sync).
pub fn admit(
    conn: &Connection,
    p: &mut Payload,
    sender: &Sender,
    report: &mut MergeReport,
) -> Result<()> {
    let clock = Clock::now();
    keep(&mut p.cities, report, "place", |r| Ok(city(&clock, r)))?;
    keep(&mut p.ties, report, "tie", |r| Ok(tie(&clock, r)))?;
    keep(&mut p.contacts, report, "contact", |r| {
        contact(conn, &clock, r)
    })?;
    keep(&mut p.contact_revisions, report, "contact revision", |r| {
        Ok(revision(&clock, r))
    })?;
    let mut undos = Vec::new();
    keep(&mut p.calls, report, "call", |r| {
        let checked = call(&clock, r);
        if checked.is_ok() {
            let undo = (Undoable::Call, r.id.as_str(), r.volunteer.as_str());
            drop_refused_undo(conn, sender, undo, &mut r.undone_at, &mut undos)?;
        }
        Ok(checked)
    })?;
    for (id, (reason, detail)) in undos {
        report.refuse("undo", &id, reason, detail);
    }
    let mut undos = Vec::new();
    keep(&mut p.responses, report, "response", |r| {
        let checked = response(&clock, r);
        if checked.is_ok() {
            let owner = r.volunteer.as_deref().unwrap_or("");
            let undo = (Undoable::Response, r.id.as_str(), owner);
            drop_refused_undo(conn, sender, undo, &mut r.undone_at, &mut undos)?;
        }
        Ok(checked)
    })?;
    keep(&mut p.status_events, report, "status change", |r| {
        let checked = status_event(&clock, r);
        if checked.is_ok() {
            let owner = r.volunteer.as_deref().unwrap_or("");
            let undo = (Undoable::StatusChange, r.id.as_str(), owner);
            drop_refused_undo(conn, sender, undo, &mut r.undone_at, &mut undos)?;
        }
        Ok(checked)
    })?;
    for (id, (reason, detail)) in undos {
        report.refuse("undo", &id, reason, detail);
    }
    keep(&mut p.follow_ups, report, "follow-up", |r| {
        Ok(follow_up(&clock, r))
    })?;
    Ok(())
}

type Checked = std::result::Result<(), Refusal>;

fn city(clock: &Clock, c: &CityRow) -> Checked {
    text(InputField::City, &c.name, NAME_MAX)?;
    text(InputField::City, &c.slug, NAME_MAX)?;
    opt_text(InputField::Source, &c.ocd_jurisdiction, LINE_MAX)?;
    for v in [c.latitude, c.longitude].into_iter().flatten() {
        if !v.is_finite() {
            return Err((
                RefusalReason::InvalidValue,
                "a coordinate is not a number".into(),
            ));
        }
    }
    if c.latitude.is_some_and(|v| !(-90.0..=90.0).contains(&v))
        || c.longitude.is_some_and(|v| !(-180.0..=180.0).contains(&v))
    {
        return Err((
            RefusalReason::InvalidValue,
            "its coordinates are out of range".into(),
        ));
    }
    clock.time("created_at", &c.created_at)
}

fn tie(clock: &Clock, t: &TieRow) -> Checked {
    uuid("tie", &t.id)?;
    text(InputField::SisterCity, &t.sister_city, NAME_MAX)?;
    opt_text(InputField::SisterRegion, &t.sister_region, NAME_MAX)?;
    text(InputField::SisterCity, &t.sister_city_alt_names, LINE_MAX)?;
    if serde_json::from_str::<Vec<String>>(&t.sister_city_alt_names).is_err() {
        return Err((
            RefusalReason::InvalidValue,
            "its other names are not a list of names".into(),
        ));
    }
    if let Some(d) = &t.established {
        checks::partial_date(InputField::Date, d).map_err(invalid)?;
    }
    text(InputField::Notes, &t.notes, TEXT_MAX)?;
    if !(0..=1000).contains(&t.position) {
        return Err((
            RefusalReason::InvalidValue,
            format!("position {} is out of range 0 to 1000", t.position),
        ));
    }
    clock.time("created_at", &t.created_at)
}

fn contact(conn: &Connection, clock: &Clock, c: &ContactRow) -> Result<Checked> {
    let stored: Option<String> = conn
        .prepare_cached("SELECT origin FROM contacts WHERE id = ?1")?
        .query_row([&c.id], |r| r.get(0))
        .optional()?;
    Ok((|| {
        uuid("contact", &c.id)?;
        match (&stored, c.origin.as_str()) {
            (Some(o), origin) if o != origin => {
                return Err((
                    RefusalReason::SeedOnly,
                    format!(
                        "it changes the contact's origin from {o} to {}",
                        fragment(origin)
                    ),
                ))
            }
            (None, "seed") => {
                return Err((
                    RefusalReason::SeedOnly,
                    "it claims to be a seeded contact this store's seed does not have".into(),
                ))
            }
            (None, "volunteer" | "import") | (Some(_), _) => {}
            (None, other) => {
                return Err((
                    RefusalReason::InvalidValue,
                    format!(
                        "origin \"{}\" is not one of volunteer, import",
                        fragment(other)
                    ),
                ))
            }
        }
        opt_text(InputField::Source, &c.external_id, LINE_MAX)?;
        opt_text(InputField::Source, &c.source, LINE_MAX)?;
        if !(0..=1).contains(&c.edited_by_hand) {
            return Err((
                RefusalReason::InvalidValue,
                "edited_by_hand is not 0 or 1".into(),
            ));
        }
        clock.time("created_at", &c.created_at)?;
        clock.time("updated_at", &c.updated_at)?;
        clock.opt_time("deleted_at", &c.deleted_at)?;
        // The contact's own fields: the form's checks (`contacts::checked_row`, in merge).
        crate::contacts::checked_row(c).map_err(invalid)?;
        Ok(())
    })())
}

fn revision(clock: &Clock, r: &RevisionRow) -> Checked {
    uuid("revision", &r.id)?;
    if r.snapshot.len() > SNAPSHOT_MAX {
        return Err((
            RefusalReason::InvalidValue,
            format!("its snapshot is over {SNAPSHOT_MAX} bytes"),
        ));
    }
    opt_text(InputField::VolunteerName, &r.volunteer, NAME_MAX)?;
    clock.time("edited_at", &r.edited_at)?;
    clock.time("created_at", &r.created_at)
}

fn call(clock: &Clock, c: &CallRow) -> Checked {
    uuid("call", &c.id)?;
    parse::<Channel>(&c.channel)?;
    parse::<CallOutcome>(&c.outcome)?;
    text(InputField::Notes, &c.notes, TEXT_MAX)?;
    text(InputField::VolunteerName, &c.volunteer, NAME_MAX)?;
    clock.time("called_at", &c.called_at)?;
    clock.time("created_at", &c.created_at)?;
    clock.opt_time("undone_at", &c.undone_at)
}

/// After a row's own checks passed: an undo it carries (`undone_at`) that the sender may not
/// make is taken off the row, which is kept, and noted in `undos` with why.
fn drop_refused_undo(
    conn: &Connection,
    sender: &Sender,
    (what, id, volunteer): (Undoable, &str, &str),
    undone_at: &mut Option<String>,
    undos: &mut Vec<(String, Refusal)>,
) -> Result<()> {
    if let Some(refusal) = undo_of(conn, sender, what, id, volunteer, undone_at)? {
        undos.push((id.to_string(), refusal));
        *undone_at = None;
    }
    Ok(())
}

/// An undo of a call, response or status change (`id`, logged by `volunteer` as the
/// incoming row says) the sender may not make (`None` when there is none or it may): only
/// the row's volunteer (as this store has it, when it has the row) or a coordinator.
fn undo_of(
    conn: &Connection,
    sender: &Sender,
    what: Undoable,
    id: &str,
    volunteer: &str,
    undone_at: &Option<String>,
) -> Result<Option<Refusal>> {
    if undone_at.is_none() || sender.coordinator {
        return Ok(None);
    }
    let stored: Option<(Option<String>, Option<String>)> = conn
        .prepare_cached(&format!(
            "SELECT volunteer, undone_at FROM {} WHERE id = ?1",
            what.table()
        ))?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let owner = match &stored {
        Some((_, Some(_))) => return Ok(None), // undone here already
        Some((v, None)) => v.as_deref().unwrap_or(""),
        None => volunteer,
    };
    let by = sender.volunteer.as_deref().map(str::trim).unwrap_or("");
    if !owner.trim().is_empty() && by == owner.trim() {
        return Ok(None);
    }
    Ok(Some((
        RefusalReason::UndoNotAllowed,
        format!(
            "the {noun} was logged by {}, the undo comes from {}: only the {noun}'s volunteer or a coordinator may undo it",
            if owner.trim().is_empty() { "nobody named" } else { owner },
            if by.is_empty() { "an unnamed volunteer" } else { by },
            noun = what.noun(),
        ),
    )))
}

fn response(clock: &Clock, r: &ResponseRow) -> Checked {
    uuid("response", &r.id)?;
    parse::<CityResponse>(&r.response)?;
    clock.past_date(InputField::Date, &r.response_date)?;
    if let Some(url) = &r.source_url {
        checks::web_address(InputField::Source, url).map_err(invalid)?;
        text(InputField::Source, url, LINE_MAX)?;
    }
    text(InputField::Notes, &r.notes, TEXT_MAX)?;
    opt_text(InputField::VolunteerName, &r.volunteer, NAME_MAX)?;
    clock.time("created_at", &r.created_at)?;
    clock.opt_time("undone_at", &r.undone_at)
}

fn status_event(clock: &Clock, e: &TieEventRow) -> Checked {
    let id = uuid("status change", &e.id)?;
    // A volunteer's id is random (v4, older builds) or time-ordered (v7); a seeded one is
    // derived from the seed (v5).
    if e.origin != "volunteer" || !matches!(id.get_version_num(), 4 | 7) {
        return Err((
            RefusalReason::SeedOnly,
            format!(
                "only the app's seed writes {} status changes and seeded ids; a volunteer's has origin volunteer and an id of its own (random or time-ordered)",
                fragment(&e.origin)
            ),
        ));
    }
    parse::<RelationshipStatus>(&e.status)?;
    if !(0..=MAX_SEQ).contains(&e.seq) {
        return Err((
            RefusalReason::InvalidValue,
            format!("seq {} is out of range 0 to {MAX_SEQ}", e.seq),
        ));
    }
    if let Some(d) = &e.event_date {
        checks::partial_date(InputField::Date, d).map_err(invalid)?;
        if d.as_str() > clock.latest_day.as_str() {
            return Err((
                RefusalReason::InTheFuture,
                format!("date {d} is in the future"),
            ));
        }
    }
    opt_text(InputField::Date, &e.date_text, NAME_MAX)?;
    text(InputField::Notes, &e.summary, TEXT_MAX)?;
    let sources: Vec<String> = serde_json::from_str(&e.sources).map_err(|_| {
        (
            RefusalReason::InvalidValue,
            "its sources are not a list of web addresses".to_string(),
        )
    })?;
    if sources.len() > SOURCES_MAX {
        return Err((
            RefusalReason::InvalidValue,
            format!("it has over {SOURCES_MAX} sources"),
        ));
    }
    for s in &sources {
        checks::web_address(InputField::Source, s).map_err(invalid)?;
        text(InputField::Source, s, LINE_MAX)?;
    }
    opt_text(InputField::VolunteerName, &e.volunteer, NAME_MAX)?;
    clock.time("created_at", &e.created_at)?;
    clock.opt_time("undone_at", &e.undone_at)
}

fn follow_up(clock: &Clock, f: &FollowUpRow) -> Checked {
    uuid("follow-up", &f.id)?;
    checks::date(InputField::FollowUp, &f.due_date).map_err(invalid)?;
    text(InputField::Notes, &f.note, TEXT_MAX)?;
    clock.opt_time("closed_at", &f.closed_at)?;
    clock.time("created_at", &f.created_at)?;
    clock.time("updated_at", &f.updated_at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_stores_form_of_a_real_time_passes() {
        let clock = Clock::now();
        assert!(clock.time("t", "2026-11-28T10:00:00.000Z").is_ok());
        for bad in [
            "2026-11-28T10:00:00Z",
            "2026-11-28 10:00:00.000Z",
            "2026-11-28T10:00:00.000+00:00",
            "2026-11-28T10:00:00.0000Z",
            "2026-13-28T10:00:00.000Z",
            "2026-11-28T25:00:00.000Z",
            "not-a-date",
        ] {
            let (reason, detail) = clock.time("t", bad).unwrap_err();
            assert_eq!(reason, RefusalReason::InvalidValue, "{bad}: {detail}");
        }
        let (reason, _) = clock.time("t", "2999-01-01T00:00:00.000Z").unwrap_err();
        assert_eq!(reason, RefusalReason::InTheFuture);
    }
}
