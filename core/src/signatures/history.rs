//! Stored totals: every good fetch or manual entry is a snapshot (`signature_snapshots`).
//! A total lower than the one before is stored and flagged `decreased`, never hidden.

use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::Serialize;
use ts_rs::TS;

use super::{ProviderKind, Reading};
use crate::error::Result;
use crate::time::now;

/// One stored total.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Snapshot {
    pub id: String,
    pub fetched_at: String,
    #[ts(type = "number")]
    pub total: u64,
    #[ts(type = "number | null")]
    pub goal: Option<u64>,
    /// `changeorg`, `actionnetwork`, `json` or `manual`.
    pub provider: String,
    /// The URL it was read from (empty for manual entry).
    pub source: String,
    /// Lower than the total before it.
    pub decreased: bool,
}

fn snapshot(r: &Row) -> rusqlite::Result<Snapshot> {
    Ok(Snapshot {
        id: r.get(0)?,
        fetched_at: r.get(1)?,
        total: r.get::<_, i64>(2)? as u64,
        goal: r.get::<_, Option<i64>>(3)?.map(|g| g as u64),
        provider: r.get(4)?,
        source: r.get(5)?,
        decreased: r.get::<_, i64>(6)? != 0,
    })
}

const COLUMNS: &str = "id, fetched_at, total, goal, provider, source, decreased";

/// Stores a reading read from `source`. `goal` is the page's goal when it gave one, else
/// `fallback_goal` (the goal in settings), so each point of the history has its goal.
pub fn record(
    conn: &mut Connection,
    reading: &Reading,
    source: &str,
    fallback_goal: u64,
) -> Result<Snapshot> {
    crate::checks::SIGNATURE_TOTAL.check(reading.total)?;
    let goal = reading
        .goal
        .filter(|&g| crate::checks::GOAL.admits(g))
        .unwrap_or(fallback_goal);
    crate::checks::GOAL.check(goal)?;
    insert(
        conn,
        reading.total,
        Some(goal),
        reading.provider.as_str(),
        source,
    )
}

/// A total typed by hand ("18,900", "1.2M"), stored against the campaign's goal, as
/// `outreach signatures set` and the Petition screen enter it.
pub fn enter_total(conn: &mut Connection, text: &str) -> Result<Snapshot> {
    let total = super::count::parse_in(&crate::checks::SIGNATURE_TOTAL, text)?;
    let goal = crate::campaign::goal(conn)?;
    record_manual(conn, total, goal)
}

/// A total a volunteer read off a page and typed in.
pub fn record_manual(conn: &mut Connection, total: u64, goal: u64) -> Result<Snapshot> {
    crate::checks::SIGNATURE_TOTAL.check(total)?;
    crate::checks::GOAL.check(goal)?;
    insert(conn, total, Some(goal), ProviderKind::Manual.as_str(), "")
}

fn insert(
    conn: &mut Connection,
    total: u64,
    goal: Option<u64>,
    provider: &str,
    source: &str,
) -> Result<Snapshot> {
    let tx = crate::atomic::begin(conn)?;
    let previous = latest(&tx)?;
    let at = now();
    let snap = Snapshot {
        id: crate::ids::new_row_id(),
        fetched_at: at.clone(),
        total,
        goal: goal.filter(|&g| g > 0),
        provider: provider.to_string(),
        source: source.to_string(),
        decreased: previous.is_some_and(|p| total < p.total),
    };
    tx.execute(
        "INSERT INTO signature_snapshots
           (id, fetched_at, total, goal, provider, source, decreased, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            snap.id,
            snap.fetched_at,
            snap.total as i64,
            snap.goal.map(|g| g as i64),
            snap.provider,
            snap.source,
            snap.decreased as i64,
            at
        ],
    )?;
    tx.commit()?;
    Ok(snap)
}

/// The most recent total, if any was ever stored.
pub fn latest(conn: &Connection) -> Result<Option<Snapshot>> {
    Ok(conn
        .query_row(
            &format!(
                "SELECT {COLUMNS} FROM signature_snapshots ORDER BY fetched_at DESC, created_at DESC, rowid DESC LIMIT 1"
            ),
            [],
            snapshot,
        )
        .optional()?)
}

/// Every stored total, oldest first.
pub fn history(conn: &Connection) -> Result<Vec<Snapshot>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM signature_snapshots ORDER BY fetched_at, created_at, rowid"
    ))?;
    let rows = stmt.query_map([], snapshot)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// When the goal will be reached at the recent rate.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Projection {
    /// The day the goal is reached (YYYY-MM-DD, UTC), or `null` when it already is.
    pub reach_date: Option<String>,
    /// Signatures a day over the recent window.
    pub per_day: f64,
    /// How many points the rate was computed from.
    pub points: u32,
}

/// The recent window the rate is taken over.
pub const PROJECTION_WINDOW_DAYS: i64 = 14;
/// At least this many points, spread over at least this long, before projecting.
pub const PROJECTION_MIN_POINTS: usize = 3;
pub const PROJECTION_MIN_SPAN_HOURS: f64 = 6.0;

/// The date the goal will be reached, from a least-squares line through the totals of the
/// last [`PROJECTION_WINDOW_DAYS`] days. `None` until there are enough points, or when the
/// total is not growing.
pub fn projection(history: &[Snapshot], goal: u64, now: jiff::Timestamp) -> Option<Projection> {
    let last = history.last()?;
    if last.total >= goal {
        return Some(Projection {
            reach_date: None,
            per_day: 0.0,
            points: history.len() as u32,
        });
    }
    let since = now.as_second() - PROJECTION_WINDOW_DAYS * 86_400;
    let points: Vec<(f64, f64)> = history
        .iter()
        .filter_map(|s| {
            let t: jiff::Timestamp = s.fetched_at.parse().ok()?;
            (t.as_second() >= since)
                .then(|| (t.as_millisecond() as f64 / 86_400_000.0, s.total as f64))
        })
        .collect();
    if points.len() < PROJECTION_MIN_POINTS {
        return None;
    }
    let (t0, t1) = (points[0].0, points[points.len() - 1].0);
    if (t1 - t0) * 24.0 < PROJECTION_MIN_SPAN_HOURS {
        return None;
    }
    let n = points.len() as f64;
    let mean_t = points.iter().map(|p| p.0).sum::<f64>() / n;
    let mean_y = points.iter().map(|p| p.1).sum::<f64>() / n;
    let cov: f64 = points.iter().map(|p| (p.0 - mean_t) * (p.1 - mean_y)).sum();
    let var: f64 = points.iter().map(|p| (p.0 - mean_t).powi(2)).sum();
    let per_day = cov / var;
    if !per_day.is_finite() || per_day <= 0.0 {
        return None;
    }
    let days_left = (goal - last.total) as f64 / per_day;
    // Beyond a century the date says nothing useful.
    if days_left > 36_500.0 {
        return None;
    }
    let reach = now
        .checked_add(jiff::SignedDuration::from_secs_f64(days_left * 86_400.0))
        .ok()?;
    Some(Projection {
        reach_date: Some(reach.strftime("%Y-%m-%d").to_string()),
        per_day,
        points: points.len() as u32,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Store;

    fn reading(total: u64) -> Reading {
        Reading {
            total,
            goal: None,
            provider: ProviderKind::Changeorg,
        }
    }

    #[test]
    fn each_total_is_kept_in_order_and_a_drop_is_flagged_not_hidden() {
        let mut store = Store::open_in_memory().unwrap();
        let c = store.conn_mut();
        // A new store starts with the petition page's own figure; without it, no total.
        assert_eq!(latest(c).unwrap().unwrap().total, 18_900);
        c.execute("DELETE FROM signature_snapshots", []).unwrap();
        assert_eq!(latest(c).unwrap(), None);
        let a = record(c, &reading(18_900), "https://www.change.org/p/x", 25_000).unwrap();
        let b = record(c, &reading(19_000), "https://www.change.org/p/x", 25_000).unwrap();
        let d = record(c, &reading(18_950), "https://www.change.org/p/x", 25_000).unwrap();
        let m = record_manual(c, 19_100, 25_000).unwrap();
        assert!(!a.decreased && !b.decreased && d.decreased && !m.decreased);
        let h = history(c).unwrap();
        assert_eq!(
            h.iter().map(|s| s.total).collect::<Vec<_>>(),
            [18_900, 19_000, 18_950, 19_100]
        );
        assert_eq!(h[2].goal, Some(25_000));
        assert_eq!(h[3].provider, "manual");
        assert_eq!(latest(c).unwrap().unwrap().total, 19_100);
    }

    #[test]
    fn the_page_goal_is_kept_when_the_page_gives_one() {
        let mut store = Store::open_in_memory().unwrap();
        let r = Reading {
            goal: Some(30_000),
            ..reading(5)
        };
        let s = record(store.conn_mut(), &r, "https://x.test/", 25_000).unwrap();
        assert_eq!(s.goal, Some(30_000));
    }

    fn snap(at: &str, total: u64) -> Snapshot {
        Snapshot {
            id: String::new(),
            fetched_at: at.into(),
            total,
            goal: Some(25_000),
            provider: "changeorg".into(),
            source: String::new(),
            decreased: false,
        }
    }

    #[test]
    fn the_goal_date_follows_the_recent_rate_once_there_are_enough_points() {
        let now: jiff::Timestamp = "2026-03-11T00:00:00Z".parse().unwrap();
        // 100 a day for 10 days, ending at 20,000: 5,000 to go is 50 days.
        let h: Vec<_> = (0..=10)
            .map(|d| {
                snap(
                    &format!("2026-03-{:02}T00:00:00.000Z", d + 1),
                    19_000 + 100 * d,
                )
            })
            .collect();
        let p = projection(&h, 25_000, now).unwrap();
        assert!((p.per_day - 100.0).abs() < 1e-6, "{}", p.per_day);
        assert_eq!(p.reach_date.as_deref(), Some("2026-04-30"));
        assert_eq!(p.points, 11);

        assert_eq!(
            projection(&h[..2], 25_000, now),
            None,
            "two points are not enough"
        );
        let flat: Vec<_> = h.iter().map(|s| snap(&s.fetched_at, 19_000)).collect();
        assert_eq!(projection(&flat, 25_000, now), None, "no growth, no date");
        let old_now: jiff::Timestamp = "2026-06-01T00:00:00Z".parse().unwrap();
        assert_eq!(
            projection(&h, 25_000, old_now),
            None,
            "points older than the window"
        );
        let done = projection(&[snap("2026-03-01T00:00:00.000Z", 25_001)], 25_000, now).unwrap();
        assert_eq!(done.reach_date, None);
    }
}

/// The total against the goal, as the dashboard and `outreach signatures status` show it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Overview {
    pub latest: Option<Snapshot>,
    #[ts(type = "number")]
    pub goal: u64,
    pub projection: Option<Projection>,
    /// How many totals are stored.
    pub points: u32,
}

pub fn overview(conn: &Connection, goal: u64) -> Result<Overview> {
    let all = history(conn)?;
    Ok(Overview {
        latest: all.last().cloned(),
        goal,
        projection: projection(&all, goal, jiff::Timestamp::now()),
        points: all.len() as u32,
    })
}
