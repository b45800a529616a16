//! Small key/value settings kept in the store (never secrets: tokens live outside it).
//! Each feature owns its keys, named `<feature>.<name>` (e.g. `campaign.goal`).

use rusqlite::{params, Connection, OptionalExtension};

use crate::error::Result;
use crate::time::now;

/// Setting: this machine's id (a UUID made on first use).
pub const MACHINE_ID_KEY: &str = "machine.id";

/// This machine's id, created on first use.
pub fn machine_id(conn: &Connection) -> Result<String> {
    if let Some(id) = get(conn, MACHINE_ID_KEY)? {
        return Ok(id);
    }
    let id = uuid::Uuid::new_v4().to_string();
    set(conn, MACHINE_ID_KEY, &id)?;
    Ok(id)
}

pub fn get(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
            r.get(0)
        })
        .optional()?)
}

pub fn set(conn: &Connection, key: &str, value: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO settings (key, value, updated_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
        params![key, value, now()],
    )?;
    Ok(())
}

pub fn remove(conn: &Connection, key: &str) -> Result<()> {
    conn.execute("DELETE FROM settings WHERE key = ?1", [key])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Store;

    #[test]
    fn a_setting_is_written_read_replaced_and_removed() {
        let store = Store::open_in_memory().unwrap();
        let c = store.conn();
        assert_eq!(get(c, "volunteer.name").unwrap(), None);
        set(c, "volunteer.name", "Dana").unwrap();
        set(c, "volunteer.name", "Dana K.").unwrap();
        assert_eq!(
            get(c, "volunteer.name").unwrap().as_deref(),
            Some("Dana K.")
        );
        remove(c, "volunteer.name").unwrap();
        assert_eq!(get(c, "volunteer.name").unwrap(), None);
    }

    #[test]
    fn the_seed_campaign_goal_is_a_setting() {
        let store = Store::open_in_memory().unwrap();
        assert_eq!(
            get(store.conn(), "campaign.goal").unwrap().as_deref(),
            Some("25000")
        );
    }
}
