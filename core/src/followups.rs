//! Follow-ups: "call this city again on that day". A call sets one; the next call logged
//! to the city closes every open one (see [`crate::calls::log_call`]).

use rusqlite::Connection;
use serde::Serialize;
use ts_rs::TS;

use crate::error::Result;

/// An open follow-up.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct FollowUp {
    pub id: String,
    pub city_slug: String,
    pub city: String,
    pub state: String,
    /// `YYYY-MM-DD`.
    pub due_date: String,
    pub note: String,
    /// The call that set it.
    pub call_id: Option<String>,
    /// Due before today.
    pub overdue: bool,
}

const SELECT: &str = "
    SELECT f.id, c.slug, c.name, c.state, f.due_date, f.note, f.call_id
    FROM follow_ups f INDEXED BY follow_ups_open JOIN cities c ON c.id = f.city_id";

fn rows(conn: &Connection, sql: &str, param: &str, today: &str) -> Result<Vec<FollowUp>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let list = stmt
        .query_map([param], |r| {
            let due_date: String = r.get(4)?;
            Ok(FollowUp {
                id: r.get(0)?,
                city_slug: r.get(1)?,
                city: r.get(2)?,
                state: r.get(3)?,
                overdue: due_date.as_str() < today,
                due_date,
                note: r.get(5)?,
                call_id: r.get(6)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(list)
}

/// The open follow-ups due on `today` (`YYYY-MM-DD`) or before, most overdue first.
pub fn due(conn: &Connection, today: &str) -> Result<Vec<FollowUp>> {
    rows(
        conn,
        &format!(
            "{SELECT} WHERE f.closed_at IS NULL AND f.due_date <= ?1
             ORDER BY f.due_date, c.name COLLATE NOCASE, f.id"
        ),
        today,
        today,
    )
}

/// How many open follow-ups are due on `today` or before.
pub fn count_due(conn: &Connection, today: &str) -> Result<u32> {
    Ok(conn.query_row(
        "SELECT count(*) FROM follow_ups INDEXED BY follow_ups_open
         WHERE closed_at IS NULL AND due_date <= ?1",
        [today],
        |r| r.get(0),
    )?)
}

/// A city's open follow-ups, earliest due first.
pub fn open_for_city(
    conn: &Connection,
    city_id: &crate::ids::CityId,
    today: &str,
) -> Result<Vec<FollowUp>> {
    rows(
        conn,
        &format!("{SELECT} WHERE f.closed_at IS NULL AND f.city_id = ?1 ORDER BY f.due_date, f.id"),
        city_id.as_str(),
        today,
    )
}

/// The setting that remembers the day the start-up reminder was last given.
pub const NOTIFIED_ON_KEY: &str = "followups.notified_on";

/// How many follow-ups to remind of at start: the number due on `today` or before, the
/// first time the app starts on that day with any due; `None` otherwise (no nagging at
/// every start). Remembers the day in the setting `followups.notified_on`.
pub fn startup_reminder(conn: &Connection, today: &str) -> Result<Option<u32>> {
    let due = count_due(conn, today)?;
    if due == 0 || crate::settings::get(conn, NOTIFIED_ON_KEY)?.as_deref() == Some(today) {
        return Ok(None);
    }
    crate::settings::set(conn, NOTIFIED_ON_KEY, today)?;
    Ok(Some(due))
}

/// The reminder's text.
pub fn reminder_text(due: u32) -> String {
    if due == 1 {
        "1 follow-up is due: open Outreach Desk to see which city to call again.".into()
    } else {
        format!("{due} follow-ups are due: open Outreach Desk to see which cities to call again.")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calls::{log_call, CallInput};
    use crate::vocab::CallOutcome;
    use crate::Store;

    #[test]
    fn the_start_up_reminder_comes_once_a_day_and_only_when_something_is_due() {
        let mut store = Store::open_in_memory().unwrap();
        assert_eq!(startup_reminder(store.conn(), "2099-01-01").unwrap(), None);
        let mut input = CallInput::new("portland-or", CallOutcome::Voicemail);
        input.follow_up = Some("2099-01-01".into());
        log_call(store.conn_mut(), &input).unwrap();
        // The app starting on these days, in this order.
        for (day, reminder, why) in [
            ("2098-12-31", None, "not due yet"),
            ("2099-01-01", Some(1), "due"),
            ("2099-01-01", None, "no repeat"),
            ("2099-01-02", Some(1), "next day"),
        ] {
            assert_eq!(
                startup_reminder(store.conn(), day).unwrap(),
                reminder,
                "{why}"
            );
        }
        assert_eq!(
            reminder_text(3),
            "3 follow-ups are due: open Outreach Desk to see which cities to call again."
        );
    }
}
