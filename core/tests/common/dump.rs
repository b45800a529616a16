//! Reading a store back as text, with nothing but rusqlite: equal dumps mean equal data.
//! Shared by the core's test files and, through `#[path]`, the CLI's.
#![allow(dead_code)]

use rusqlite::types::Value;
use rusqlite::{Connection, Params};

/// The first column of every row `sql` returns, as text.
pub fn strings(conn: &Connection, sql: &str) -> Vec<String> {
    conn.prepare(sql)
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// The one value `sql` returns (a count, an id, a phone number).
pub fn one<T: rusqlite::types::FromSql>(conn: &Connection, sql: &str, params: impl Params) -> T {
    conn.query_row(sql, params, |r| r.get(0)).unwrap()
}

/// Every row `sql` returns, one line each, every column's value after a `|`.
pub fn rows(conn: &Connection, sql: &str) -> String {
    let mut stmt = conn.prepare(sql).unwrap();
    let n = stmt.column_count();
    let mut rows = stmt.query([]).unwrap();
    let mut out = String::new();
    while let Some(row) = rows.next().unwrap() {
        for i in 0..n {
            let v: Value = row.get(i).unwrap();
            out.push_str(&format!("|{v:?}"));
        }
        out.push('\n');
    }
    out
}

/// Every row of every table except `skip`, in a stable order, each line led by its table.
pub fn dump_except(conn: &Connection, skip: &[&str]) -> String {
    let tables = strings(
        conn,
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    );
    let mut out = String::new();
    for t in tables.iter().filter(|t| !skip.contains(&t.as_str())) {
        for line in rows(conn, &format!("SELECT * FROM {t} ORDER BY 1")).lines() {
            out.push_str(&format!("{t}{line}\n"));
        }
    }
    out
}

pub fn dump(conn: &Connection) -> String {
    dump_except(conn, &[])
}

/// Fails, saying `what`, unless the store holds exactly the data `before` was dumped from.
pub fn assert_unchanged(conn: &Connection, before: &str, what: &str) {
    assert_eq!(dump(conn), before, "{what}");
}
