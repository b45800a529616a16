//! One type per table: the row as it is stored, every column, in the store's types.
//!
//! Each row type owns its table's columns (`COLUMNS`, in order), its mapping from a
//! SQLite row (`from_row`) and its writes (`insert`, `insert_or_ignore`, `upsert`). The
//! domain modules, imports, bundles (which carry these rows as they are, so their JSON
//! names are the bundle format) and team sync read and write through them, so a column is
//! added in one place: the migration that creates it and the row type here.
//!
//! What the UI sees is a view over these rows (e.g. `cities::Contact`: a contact row
//! plus whether it is stale).

/// Defines a row type: the struct (its fields are the table's columns, in order) and
/// its SQL. The first column is the primary key.
macro_rules! table_row {
    (
        $(#[$meta:meta])*
        $name:ident in $table:literal {
            $( $(#[$fmeta:meta])* $field:ident : $ty:ty ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
        pub struct $name {
            $( $(#[$fmeta])* pub $field: $ty ),+
        }

        impl $name {
            /// The table.
            pub const TABLE: &'static str = $table;
            /// The columns, in the order of the struct's fields and of [`Self::from_row`].
            pub const FIELDS: &'static [&'static str] = &[$(stringify!($field)),+];

            /// `col, col, ...`.
            pub fn columns() -> String {
                Self::FIELDS.join(", ")
            }

            /// `SELECT <columns> FROM <table> <rest>` (rest: `WHERE ...`, `ORDER BY ...`).
            pub fn select(rest: &str) -> String {
                format!("SELECT {} FROM {} {rest}", Self::columns(), Self::TABLE)
            }

            /// Reads a row selected with [`Self::select`].
            pub fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Self> {
                let mut i = 0usize;
                let mut next = || {
                    i += 1;
                    i - 1
                };
                Ok(Self {
                    $( $field: r.get(next())? ),+
                })
            }

            fn insert_sql(verb: &str, tail: &str) -> String {
                let marks: Vec<String> =
                    (1..=Self::FIELDS.len()).map(|i| format!("?{i}")).collect();
                format!(
                    "{verb} INTO {} ({}) VALUES ({}){tail}",
                    Self::TABLE,
                    Self::columns(),
                    marks.join(", ")
                )
            }

            fn bind(&self) -> Vec<&dyn rusqlite::ToSql> {
                vec![$( &self.$field as &dyn rusqlite::ToSql ),+]
            }

            /// Adds the row; fails if its id exists.
            pub fn insert(&self, conn: &rusqlite::Connection) -> rusqlite::Result<usize> {
                static SQL: std::sync::OnceLock<String> = std::sync::OnceLock::new();
                let sql = SQL.get_or_init(|| Self::insert_sql("INSERT", ""));
                conn.prepare_cached(sql)?.execute(self.bind().as_slice())
            }

            /// Adds the row unless its id exists; 1 when added.
            pub fn insert_or_ignore(&self, conn: &rusqlite::Connection) -> rusqlite::Result<usize> {
                static SQL: std::sync::OnceLock<String> = std::sync::OnceLock::new();
                let sql = SQL.get_or_init(|| Self::insert_sql("INSERT OR IGNORE", ""));
                conn.prepare_cached(sql)?.execute(self.bind().as_slice())
            }

            /// Puts `rows` in the temporary table `temp.staged_<table>` (same columns, no
            /// constraints), emptied first: for writes of many rows in one statement
            /// ([`Self::insert_staged`]).
            pub fn stage(conn: &rusqlite::Connection, rows: &[Self]) -> rusqlite::Result<()> {
                conn.execute_batch(&format!(
                    "CREATE TEMP TABLE IF NOT EXISTS staged_{t} AS SELECT {c} FROM main.{t} WHERE 0;
                     DELETE FROM temp.staged_{t};",
                    t = Self::TABLE,
                    c = Self::columns()
                ))?;
                static SQL: std::sync::OnceLock<String> = std::sync::OnceLock::new();
                let sql = SQL.get_or_init(|| {
                    Self::insert_sql("INSERT", "")
                        .replacen(" INTO ", " INTO temp.staged_", 1)
                });
                let mut stmt = conn.prepare_cached(sql)?;
                for row in rows {
                    stmt.execute(row.bind().as_slice())?;
                }
                Ok(())
            }

            /// Adds the staged rows ([`Self::stage`]) whose ids the table lacks, in one
            /// statement and in id order; how many were added. One statement rather than
            /// one per row: SQLite journals a page once per statement that changes it,
            /// and rows in key order land on neighbouring index pages.
            pub fn insert_staged(conn: &rusqlite::Connection) -> rusqlite::Result<usize> {
                static SQL: std::sync::OnceLock<String> = std::sync::OnceLock::new();
                let sql = SQL.get_or_init(|| {
                    format!(
                        "INSERT OR IGNORE INTO main.{t} ({c}) SELECT {c} FROM temp.staged_{t} ORDER BY {k}",
                        t = Self::TABLE,
                        c = Self::columns(),
                        k = Self::FIELDS[0]
                    )
                });
                conn.prepare_cached(sql)?.execute([])
            }

            /// Adds the row, or replaces every column of the row with its id.
            pub fn upsert(&self, conn: &rusqlite::Connection) -> rusqlite::Result<usize> {
                static SQL: std::sync::OnceLock<String> = std::sync::OnceLock::new();
                let sql = SQL.get_or_init(|| {
                    let set: Vec<String> = Self::FIELDS[1..]
                        .iter()
                        .map(|c| format!("{c} = excluded.{c}"))
                        .collect();
                    let tail = format!(
                        " ON CONFLICT ({}) DO UPDATE SET {}",
                        Self::FIELDS[0],
                        set.join(", ")
                    );
                    Self::insert_sql("INSERT", &tail)
                });
                conn.prepare_cached(sql)?.execute(self.bind().as_slice())
            }

            /// The row with this id.
            pub fn find(conn: &rusqlite::Connection, id: &str) -> rusqlite::Result<Option<Self>> {
                use rusqlite::OptionalExtension;
                static SQL: std::sync::OnceLock<String> = std::sync::OnceLock::new();
                let sql = SQL.get_or_init(|| Self::select(&format!("WHERE {} = ?1", Self::FIELDS[0])));
                conn.prepare_cached(sql)?
                    .query_row([id], Self::from_row)
                    .optional()
            }

            /// The rows `SELECT`ed with `rest` (`WHERE ...`) and its parameters.
            pub fn list(
                conn: &rusqlite::Connection,
                rest: &str,
                params: impl rusqlite::Params,
            ) -> rusqlite::Result<Vec<Self>> {
                let mut stmt = conn.prepare_cached(&Self::select(rest))?;
                let rows = stmt.query_map(params, Self::from_row)?;
                rows.collect()
            }
        }

        impl $crate::rows::Staged for $name {
            const TABLE_NAME: &'static str = $table;
            fn key(&self) -> &str {
                &self.id
            }
            fn stage_rows(conn: &rusqlite::Connection, rows: &[Self]) -> rusqlite::Result<()> {
                Self::stage(conn, rows)
            }
            fn insert_staged_rows(conn: &rusqlite::Connection) -> rusqlite::Result<usize> {
                Self::insert_staged(conn)
            }
        }
    };
}

/// Rows written many at a time through a staging table (see `stage` and `insert_staged`
/// on each row type).
pub trait Staged: Sized {
    /// The table the rows go to.
    const TABLE_NAME: &'static str;
    /// The row's id (every table's key is its `id`).
    fn key(&self) -> &str;
    fn stage_rows(conn: &rusqlite::Connection, rows: &[Self]) -> rusqlite::Result<()>;
    fn insert_staged_rows(conn: &rusqlite::Connection) -> rusqlite::Result<usize>;
}

mod city;
mod contact;
mod outreach;
mod tie;

pub use city::CityRow;
pub(crate) use contact::upgrade_stored_snapshots;
pub use contact::{upgrade_snapshot, ContactRow, RevisionRow, SeedContactValues};
pub use outreach::{CallRow, FollowUpRow, ResponseRow};
pub use tie::{TieEventRow, TieRow};
