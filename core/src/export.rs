//! Exports of cities, contacts, calls and responses as CSV or JSON.
//!
//! CSV cells that a spreadsheet would run as a formula (text starting with `=`, `+`, `-`,
//! `@`, a tab or a carriage return) are neutralised with a leading `'`; numbers are left as
//! they are. Undone calls and removed contacts are not exported.

use std::io::Write;
use std::path::Path;
use std::str::FromStr;

use rusqlite::types::Value as SqlValue;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use ts_rs::TS;

use crate::checks;
use crate::cities;
use crate::error::{Error, Result};
use crate::fields::{InputField, Problem};
use crate::output::{self, Existing, Protected};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ExportKind {
    Cities,
    Contacts,
    Calls,
    Responses,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ExportFormat {
    Csv,
    Json,
}

impl FromStr for ExportKind {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        checks::choice(InputField::Export, s, "cities, contacts, calls, responses")
    }
}

impl FromStr for ExportFormat {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        checks::choice(InputField::FormatOption, s, "csv, json")
    }
}

/// What an export to a file wrote.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ExportSummary {
    pub file: String,
    pub kind: ExportKind,
    pub format: ExportFormat,
    pub rows: u32,
}

/// A table: column names and rows of JSON values.
struct Table {
    columns: Vec<String>,
    rows: Vec<Vec<Value>>,
}

fn sql_table(conn: &Connection, sql: &str) -> Result<Table> {
    let mut stmt = conn.prepare(sql)?;
    let columns: Vec<String> = stmt.column_names().iter().map(|s| s.to_string()).collect();
    let n = columns.len();
    let mut rows = Vec::new();
    let mut q = stmt.query([])?;
    while let Some(r) = q.next()? {
        let mut row = Vec::with_capacity(n);
        for i in 0..n {
            row.push(match r.get::<_, SqlValue>(i)? {
                SqlValue::Null => Value::Null,
                SqlValue::Integer(v) => Value::from(v),
                SqlValue::Real(v) => Value::from(v),
                SqlValue::Text(v) => Value::from(v),
                SqlValue::Blob(_) => Value::Null,
            });
        }
        rows.push(row);
    }
    Ok(Table { columns, rows })
}

fn table(conn: &Connection, kind: ExportKind) -> Result<Table> {
    match kind {
        ExportKind::Cities => {
            let columns: Vec<String> = [
                "slug",
                "city",
                "state",
                "kind",
                "sister_city",
                "relationship_status",
                "response",
                "last_call_at",
                "latitude",
                "longitude",
            ]
            .map(String::from)
            .to_vec();
            let rows = cities::list_cities(conn)?
                .into_iter()
                .map(|c| {
                    let v = serde_json::to_value(c).expect("a city serialises");
                    columns.iter().map(|k| v[k].clone()).collect()
                })
                .collect();
            Ok(Table { columns, rows })
        }
        ExportKind::Contacts => sql_table(
            conn,
            "SELECT c.id, ci.slug AS city, c.name, c.role, c.phone, c.email, c.website, c.address,
                    c.notes, c.last_verified, c.term_end, c.external_id, c.source, c.origin,
                    c.edited_by_hand, c.created_at, c.updated_at
             FROM contacts c JOIN cities ci ON ci.id = c.city_id
             WHERE c.deleted_at IS NULL ORDER BY ci.slug, c.name, c.id",
        ),
        ExportKind::Calls => sql_table(
            conn,
            "SELECT k.id, ci.slug AS city, k.contact_id, k.channel, k.outcome, k.notes, k.volunteer,
                    k.called_at, k.created_at
             FROM calls k JOIN cities ci ON ci.id = k.city_id
             WHERE k.undone_at IS NULL ORDER BY k.called_at, k.id",
        ),
        ExportKind::Responses => sql_table(
            conn,
            "SELECT r.id, ci.slug AS city, r.response, r.response_date, r.source_url, r.notes,
                    r.volunteer, r.created_at
             FROM responses r JOIN cities ci ON ci.id = r.city_id
             WHERE r.undone_at IS NULL ORDER BY r.response_date, r.created_at, r.id",
        ),
    }
}

/// Text a spreadsheet would run as a formula gets a leading `'`; numbers stay numbers.
pub fn neutralise(cell: &str) -> String {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && cell.parse::<f64>().is_err() {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

/// Writes one export to `out`; returns the number of rows.
pub fn write(
    conn: &Connection,
    kind: ExportKind,
    format: ExportFormat,
    out: &mut dyn Write,
) -> Result<u32> {
    let t = table(conn, kind)?;
    let io = |e: std::io::Error| {
        Error::invalid_as(
            InputField::Output,
            Problem::File,
            format!("cannot write the export ({e})"),
        )
    };
    match format {
        ExportFormat::Json => {
            let list: Vec<Value> = t
                .rows
                .iter()
                .map(|r| {
                    let mut m = Map::new();
                    for (k, v) in t.columns.iter().zip(r) {
                        m.insert(k.clone(), v.clone());
                    }
                    Value::Object(m)
                })
                .collect();
            serde_json::to_writer_pretty(&mut *out, &list).map_err(|e| io(e.into()))?;
            out.write_all(b"\n").map_err(io)?;
        }
        ExportFormat::Csv => {
            let mut w = ::csv::Writer::from_writer(&mut *out);
            let csv_err = |e: ::csv::Error| {
                Error::invalid_as(
                    InputField::Output,
                    Problem::File,
                    format!("cannot write the export ({e})"),
                )
            };
            w.write_record(&t.columns).map_err(csv_err)?;
            for r in &t.rows {
                let cells: Vec<String> = r
                    .iter()
                    .map(|v| match v {
                        Value::Null => String::new(),
                        Value::String(s) => neutralise(s),
                        other => other.to_string(),
                    })
                    .collect();
                w.write_record(&cells).map_err(csv_err)?;
            }
            w.flush().map_err(io)?;
        }
    }
    Ok(t.rows.len() as u32)
}

/// Writes one export to a file, the one safe way (`crate::output`): never over the store or
/// its backups, an existing file replaced only when `existing` says so, nothing left behind
/// by a failed write.
pub fn write_file(
    conn: &Connection,
    kind: ExportKind,
    format: ExportFormat,
    path: &Path,
    existing: Existing,
) -> Result<ExportSummary> {
    let protected = Protected::of(conn);
    output::check_target(path, &protected, existing)?;
    let mut buf = Vec::new();
    let rows = write(conn, kind, format, &mut buf)?;
    output::write_file(path, &protected, existing, |w| w.write_all(&buf))?;
    Ok(ExportSummary {
        file: path.display().to_string(),
        kind,
        format,
        rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Store;

    #[test]
    fn formulas_are_neutralised_and_numbers_are_not() {
        assert_eq!(neutralise("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(neutralise("+1 503 555 0100"), "'+1 503 555 0100");
        assert_eq!(neutralise("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralise("-2+3"), "'-2+3");
        assert_eq!(neutralise("-122.67"), "-122.67");
        assert_eq!(neutralise("Portland"), "Portland");
    }

    #[test]
    fn the_cities_export_has_every_target_in_both_formats() {
        let store = Store::open_in_memory().unwrap();
        let mut csv = Vec::new();
        let n = write(
            store.conn(),
            ExportKind::Cities,
            ExportFormat::Csv,
            &mut csv,
        )
        .unwrap();
        let text = String::from_utf8(csv).unwrap();
        assert_eq!(text.lines().count(), n as usize + 1);
        assert!(text.starts_with("slug,city,state,kind,sister_city,relationship_status"));
        assert!(
            text.contains("portland-or,Portland,OR,city,Khabarovsk,"),
            "{text}"
        );
        let mut json = Vec::new();
        write(
            store.conn(),
            ExportKind::Cities,
            ExportFormat::Json,
            &mut json,
        )
        .unwrap();
        let v: Value = serde_json::from_slice(&json).unwrap();
        assert_eq!(v.as_array().unwrap().len(), n as usize);
    }
}
