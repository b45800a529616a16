//! The city list kept in memory, so filtering and sorting 20,000 cities costs
//! milliseconds instead of 20,000 indexed lookups per request.
//!
//! The cache lives in the [`crate::Store`] (one per connection). It knows what changed:
//! - writes through this connection are recorded by TEMP triggers (they exist only on
//!   this connection and write only to its temp database, never to the store file) into
//!   `temp.city_list_changes`; the next read recomputes just those cities;
//! - writes by another connection (the CLI while the window is open) change
//!   `PRAGMA data_version`; the next read rebuilds the whole list.

use std::collections::HashMap;

use rusqlite::Connection;

use crate::cities::{query_state, select, summary_rows, CityQuery, CitySummary};
use crate::error::Result;

/// Marks "rebuild everything" in the change table (cities or ties added or removed).
const ALL: &str = "*";

// No `OR IGNORE`: SQLite applies the conflict policy of the statement that fires a trigger
// to the trigger's own statements, and an upsert's DO UPDATE (a merge replacing a
// follow-up) fires with ABORT, so a city already listed failed the whole merge. Each insert
// leaves out what the table has.
const TRIGGERS: &str = "
CREATE TEMP TABLE IF NOT EXISTS city_list_changes (city_id TEXT PRIMARY KEY);
CREATE TEMP TRIGGER IF NOT EXISTS city_list_calls_ins AFTER INSERT ON main.calls
  BEGIN INSERT INTO city_list_changes SELECT NEW.city_id WHERE NEW.city_id NOT IN (SELECT city_id FROM city_list_changes); END;
CREATE TEMP TRIGGER IF NOT EXISTS city_list_calls_upd AFTER UPDATE ON main.calls
  BEGIN INSERT INTO city_list_changes SELECT v FROM (SELECT OLD.city_id AS v UNION SELECT NEW.city_id)
        WHERE v NOT IN (SELECT city_id FROM city_list_changes); END;
CREATE TEMP TRIGGER IF NOT EXISTS city_list_responses_ins AFTER INSERT ON main.responses
  BEGIN INSERT INTO city_list_changes SELECT NEW.city_id WHERE NEW.city_id NOT IN (SELECT city_id FROM city_list_changes); END;
CREATE TEMP TRIGGER IF NOT EXISTS city_list_responses_upd AFTER UPDATE ON main.responses
  BEGIN INSERT INTO city_list_changes SELECT v FROM (SELECT OLD.city_id AS v UNION SELECT NEW.city_id)
        WHERE v NOT IN (SELECT city_id FROM city_list_changes); END;
CREATE TEMP TRIGGER IF NOT EXISTS city_list_follow_ups_ins AFTER INSERT ON main.follow_ups
  BEGIN INSERT INTO city_list_changes SELECT NEW.city_id WHERE NEW.city_id NOT IN (SELECT city_id FROM city_list_changes); END;
CREATE TEMP TRIGGER IF NOT EXISTS city_list_follow_ups_upd AFTER UPDATE ON main.follow_ups
  BEGIN INSERT INTO city_list_changes SELECT v FROM (SELECT OLD.city_id AS v UNION SELECT NEW.city_id)
        WHERE v NOT IN (SELECT city_id FROM city_list_changes); END;
CREATE TEMP TRIGGER IF NOT EXISTS city_list_events_ins AFTER INSERT ON main.relationship_events
  BEGIN INSERT INTO city_list_changes
        SELECT city_id FROM main.relationships WHERE id = NEW.relationship_id
          AND city_id NOT IN (SELECT city_id FROM city_list_changes); END;
CREATE TEMP TRIGGER IF NOT EXISTS city_list_events_upd AFTER UPDATE ON main.relationship_events
  BEGIN INSERT INTO city_list_changes SELECT '*' WHERE '*' NOT IN (SELECT city_id FROM city_list_changes); END;
CREATE TEMP TRIGGER IF NOT EXISTS city_list_cities_ins AFTER INSERT ON main.cities
  BEGIN INSERT INTO city_list_changes SELECT '*' WHERE '*' NOT IN (SELECT city_id FROM city_list_changes); END;
CREATE TEMP TRIGGER IF NOT EXISTS city_list_cities_upd AFTER UPDATE ON main.cities
  BEGIN INSERT INTO city_list_changes SELECT '*' WHERE '*' NOT IN (SELECT city_id FROM city_list_changes); END;
CREATE TEMP TRIGGER IF NOT EXISTS city_list_rels_ins AFTER INSERT ON main.relationships
  BEGIN INSERT INTO city_list_changes SELECT '*' WHERE '*' NOT IN (SELECT city_id FROM city_list_changes); END;
CREATE TEMP TRIGGER IF NOT EXISTS city_list_rels_upd AFTER UPDATE ON main.relationships
  BEGIN INSERT INTO city_list_changes SELECT '*' WHERE '*' NOT IN (SELECT city_id FROM city_list_changes); END;
CREATE TEMP TRIGGER IF NOT EXISTS city_list_team_calls_ins AFTER INSERT ON main.team_events
  WHEN NEW.event_id LIKE 'call:%'
  BEGIN INSERT INTO city_list_changes
        SELECT city_id FROM main.calls WHERE id = substr(NEW.event_id, 6)
          AND city_id NOT IN (SELECT city_id FROM city_list_changes); END;
CREATE TEMP TRIGGER IF NOT EXISTS city_list_team_me_ins AFTER INSERT ON main.settings
  WHEN NEW.key = 'team.volunteer'
  BEGIN INSERT INTO city_list_changes SELECT '*' WHERE '*' NOT IN (SELECT city_id FROM city_list_changes); END;
CREATE TEMP TRIGGER IF NOT EXISTS city_list_team_me_upd AFTER UPDATE ON main.settings
  WHEN NEW.key = 'team.volunteer'
  BEGIN INSERT INTO city_list_changes SELECT '*' WHERE '*' NOT IN (SELECT city_id FROM city_list_changes); END;
";

const DELETE_TABLES: &[&str] = &[
    "calls",
    "team_events",
    "responses",
    "follow_ups",
    "relationship_events",
    "cities",
    "relationships",
];

/// The cached list, in name order, with each city's position by id.
#[derive(Debug, Default)]
pub struct CityListCache {
    built: bool,
    data_version: i64,
    cities: Vec<CitySummary>,
    position: HashMap<String, usize>,
}

impl CityListCache {
    /// Brings the list up to date with the store and returns it (in name order).
    pub fn refresh(&mut self, conn: &Connection) -> Result<&[CitySummary]> {
        let version: i64 = conn.pragma_query_value(None, "data_version", |r| r.get(0))?;
        if !self.built || version != self.data_version {
            self.rebuild(conn, version)?;
            return Ok(&self.cities);
        }
        let changed: Vec<String> = {
            let mut stmt = conn.prepare_cached("SELECT city_id FROM temp.city_list_changes")?;
            let rows = stmt.query_map([], |r| r.get(0))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        if changed.is_empty() {
            return Ok(&self.cities);
        }
        if changed
            .iter()
            .any(|id| id == ALL || !self.position.contains_key(id))
        {
            self.rebuild(conn, version)?;
            return Ok(&self.cities);
        }
        for id in &changed {
            if let Some((_, summary)) = summary_rows(conn, Some(id))?.pop() {
                self.cities[self.position[id]] = summary;
            }
        }
        conn.execute("DELETE FROM temp.city_list_changes", [])?;
        Ok(&self.cities)
    }

    fn rebuild(&mut self, conn: &Connection, version: i64) -> Result<()> {
        conn.execute_batch(TRIGGERS)?;
        let mut triggers = String::new();
        for t in DELETE_TABLES {
            triggers.push_str(&format!(
                "CREATE TEMP TRIGGER IF NOT EXISTS city_list_{t}_del AFTER DELETE ON main.{t}
                 BEGIN INSERT OR IGNORE INTO city_list_changes VALUES ('{ALL}'); END;\n"
            ));
        }
        conn.execute_batch(&triggers)?;
        conn.execute("DELETE FROM temp.city_list_changes", [])?;
        let rows = summary_rows(conn, None)?;
        self.position = rows
            .iter()
            .enumerate()
            .map(|(i, (id, _))| (id.clone(), i))
            .collect();
        self.cities = rows.into_iter().map(|(_, c)| c).collect();
        self.data_version = version;
        self.built = true;
        Ok(())
    }
}

impl CityListCache {
    /// Every target city in name order.
    pub fn list(&mut self, conn: &Connection) -> Result<Vec<CitySummary>> {
        Ok(self.refresh(conn)?.to_vec())
    }

    /// The cities a query selects, in its order.
    pub fn query(&mut self, conn: &Connection, query: &CityQuery) -> Result<Vec<CitySummary>> {
        let state = query_state(query)?;
        let list = self.refresh(conn)?;
        Ok(select(list, query, state.as_deref()))
    }

    /// Runs `f` over the list without copying it (for counts).
    pub fn with<T>(&mut self, conn: &Connection, f: impl FnOnce(&[CitySummary]) -> T) -> Result<T> {
        Ok(f(self.refresh(conn)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calls::{log_call, undo_call, CallInput};
    use crate::cities;
    use crate::responses::{record_response, ResponseInput};
    use crate::vocab::{CallOutcome, CityResponse, RelationshipStatus};
    use crate::Store;

    #[test]
    fn the_cached_list_follows_every_write_of_this_connection_and_of_others() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open_dir(dir.path()).unwrap();
        let fresh = |s: &Store| cities::list_cities(s.conn()).unwrap();
        assert_eq!(store.list_cities().unwrap(), fresh(&store));

        let call = log_call(
            store.conn_mut(),
            &CallInput::new("portland-or", CallOutcome::Voicemail),
        )
        .unwrap();
        assert_eq!(store.list_cities().unwrap(), fresh(&store));
        record_response(
            store.conn_mut(),
            &ResponseInput {
                slug: "portland-or".into(),
                response: Some(CityResponse::Declined),
                relationship: Some(RelationshipStatus::Severed),
                date: "2026-01-01".into(),
                ..Default::default()
            },
        )
        .unwrap();
        let cached = store.list_cities().unwrap();
        assert_eq!(cached, fresh(&store));
        let portland = cached.iter().find(|c| c.slug == "portland-or").unwrap();
        assert_eq!(portland.relationship_status, RelationshipStatus::Severed);
        undo_call(store.conn_mut(), &call.id).unwrap();
        assert_eq!(store.list_cities().unwrap(), fresh(&store));

        // Another connection (the command line while the window is open) writes.
        let mut other = Store::open_dir(dir.path()).unwrap();
        log_call(
            other.conn_mut(),
            &CallInput::new("anchorage-ak", CallOutcome::Contact),
        )
        .unwrap();
        let cached = store.list_cities().unwrap();
        assert_eq!(cached, fresh(&store));
        assert!(cached
            .iter()
            .any(|c| c.slug == "anchorage-ak" && c.last_call_at.is_some()));

        let q = CityQuery {
            status: Some(RelationshipStatus::Active),
            sort: cities::CitySort::LastCall,
            descending: true,
            ..Default::default()
        };
        assert_eq!(
            store.query_cities(&q).unwrap(),
            cities::query_cities(store.conn(), &q).unwrap()
        );
    }
}
