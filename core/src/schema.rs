//! The store's schema: its migrations, in order, and the marks every store file carries
//! (`application_id`, and `user_version` = how many migrations it has had).

use std::sync::LazyLock;

use rusqlite_migration::{Migrations, M};

/// Written into every store's header (`PRAGMA application_id`): "ODsk".
pub const APPLICATION_ID: i64 = 0x4F44_736B;

/// The migrations' SQL, in order. Version N of the schema is the first N applied.
/// Never edit one that has shipped: add the next file instead.
/// A migration may also run Rust after its SQL, in the same transaction (a hook).
const MIGRATION_SQL: &[(&str, Option<Hook>)] = &[
    (include_str!("store/migrations/0001_initial.sql"), None),
    (include_str!("store/migrations/0002_call_queue.sql"), None),
    (include_str!("store/migrations/0003_seed_updates.sql"), None),
    (include_str!("store/migrations/0004_one_goal.sql"), None),
    (
        include_str!("store/migrations/0005_one_contact_snapshot.sql"),
        Some(one_contact_snapshot),
    ),
    (
        include_str!("store/migrations/0006_city_summaries.sql"),
        None,
    ),
    (include_str!("store/migrations/0007_team_sync.sql"), None),
    (
        include_str!("store/migrations/0012_merge_journal.sql"),
        None,
    ),
    (
        include_str!("store/migrations/0010_city_list_rows.sql"),
        None,
    ),
    // Issue 11 (finish): after main's 0012, so a store main already migrated keeps its order.
    (include_str!("store/migrations/0011_drafts.sql"), None),
    // Issue 11: responses and status changes can be undone (`undone_at`).
    (
        include_str!("store/migrations/0013_undo_responses.sql"),
        None,
    ),
    // Issue 13: contact imports journalled in `merges` (kind 'import'), undone like a merge.
    (
        include_str!("store/migrations/0014_import_journal.sql"),
        None,
    ),
    // Issue 13: a bundle merge recomputes each city it touched once, not a row at a time.
    (
        include_str!("store/migrations/0015_merge_summaries_once.sql"),
        None,
    ),
    // Issue 13: the follow-ups a city's calls set, by city (the city pane).
    (
        include_str!("store/migrations/0016_follow_ups_by_city.sql"),
        None,
    ),
];

type Hook = fn(&rusqlite::Transaction<'_>) -> rusqlite::Result<()>;

/// Every revision snapshot in the one shape (`rows::ContactRow`).
fn one_contact_snapshot(tx: &rusqlite::Transaction<'_>) -> rusqlite::Result<()> {
    crate::rows::upgrade_stored_snapshots(tx)
}

static MIGRATIONS: LazyLock<Migrations<'static>> = LazyLock::new(|| {
    Migrations::new(
        MIGRATION_SQL
            .iter()
            .map(|(sql, hook)| match *hook {
                None => M::up(sql),
                Some(hook) => M::up_with_hook(sql, move |tx: &rusqlite::Transaction<'_>| {
                    hook(tx).map_err(rusqlite_migration::HookError::from)
                }),
            })
            .collect(),
    )
});

/// The migrations, in order; `user_version` holds how many have been applied.
pub fn migrations() -> &'static Migrations<'static> {
    &MIGRATIONS
}

/// The SQL of each migration, in order (for tests that build a next version on top).
pub fn migration_sql() -> Vec<&'static str> {
    MIGRATION_SQL.iter().map(|(sql, _)| *sql).collect()
}

/// The schema version this build creates and understands.
pub fn latest_schema_version() -> i64 {
    MIGRATION_SQL.len() as i64
}
