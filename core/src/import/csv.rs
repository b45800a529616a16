//! Contact CSV files: the US Conference of Mayors export
//! (`name,email,phone,bio_url,img_url,city,state,population,city_site_url,next_election`)
//! and any CSV whose columns are mapped to contact fields (`--map column=field`).

use std::collections::HashMap;
use std::path::Path;

use super::{CityIndex, Incoming, Parsed, ParsedRow};
use crate::checks;
use crate::contacts::ContactFields;
use crate::error::{Error, Result};
use crate::fields::InputField;

/// A contact file larger than this is refused (a national list of mayors is a few MB).
pub const MAX_CSV_BYTES: u64 = 16 * 1024 * 1024;

/// The contact fields a column can be mapped to.
pub const FIELDS: &[&str] = &[
    "name",
    "email",
    "phone",
    "website",
    "address",
    "city",
    "state",
    "role",
    "term_end",
    "external_id",
    "notes",
];
const REQUIRED: &[&str] = &["name", "city", "state"];

/// Columns of known exports that mean a field under another name.
const ALIASES: &[(&str, &str)] = &[
    ("city_site_url", "website"),
    ("url", "website"),
    ("mayor", "name"),
    ("title", "role"),
    ("end_date", "term_end"),
    ("e-mail", "email"),
    ("telephone", "phone"),
];

fn file_label(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// Reads and checks a contact CSV; whole-file problems are an [`Error::ImportFile`],
/// problems of one row are error rows of the result.
pub(crate) fn parse_file(
    path: &Path,
    mapping: &[(String, String)],
    index: &CityIndex,
) -> Result<Vec<ParsedRow>> {
    let file = file_label(path);
    let fail = |problem: String| Error::ImportFile {
        file: path.display().to_string(),
        problem,
    };
    for (col, field) in mapping {
        if !FIELDS.contains(&field.as_str()) {
            return Err(Error::invalid(
                InputField::MapOption,
                format!(
                    "\"{col}={field}\": \"{field}\" is not a contact field (fields: {})",
                    FIELDS.join(", ")
                ),
            ));
        }
    }
    let bytes = crate::input::read_file(path, MAX_CSV_BYTES, "a contact list").map_err(fail)?;
    parse_bytes(&file, &bytes, mapping, index).map_err(fail)
}

/// The header's columns as an error quotes them: the first 8, each cut to 30 characters
/// (a file that is not a CSV, like /etc/shadow, is never echoed).
fn columns(header: &[String]) -> String {
    let mut out: Vec<String> = header
        .iter()
        .take(8)
        .map(|h| checks::fragment(h, 30))
        .collect();
    if header.len() > 8 {
        out.push(format!("and {} more", header.len() - 8));
    }
    out.join(", ")
}

/// The line on which a quoted field opens and is never closed, if any.
fn unclosed_quote_line(bytes: &[u8]) -> Option<usize> {
    let mut line = 1;
    let mut open_line = 0;
    let mut in_quotes = false;
    let mut at_field_start = true;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'\n' {
            line += 1;
        }
        if in_quotes {
            if b == b'"' {
                if bytes.get(i + 1) == Some(&b'"') {
                    i += 1; // an escaped quote
                } else {
                    in_quotes = false;
                }
            }
        } else {
            match b {
                b'"' if at_field_start => {
                    in_quotes = true;
                    open_line = line;
                }
                b',' | b'\n' => {
                    at_field_start = true;
                    i += 1;
                    continue;
                }
                _ => {}
            }
            at_field_start = false;
        }
        i += 1;
    }
    in_quotes.then_some(open_line)
}

pub(crate) fn parse_bytes(
    file: &str,
    bytes: &[u8],
    mapping: &[(String, String)],
    index: &CityIndex,
) -> std::result::Result<Vec<ParsedRow>, String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err("the file is empty".into());
    }
    if let Some(line) = unclosed_quote_line(bytes) {
        return Err(format!(
            "row {line}: a quoted field opens here and is never closed (an unbalanced \")"
        ));
    }
    let mut reader = ::csv::ReaderBuilder::new()
        .flexible(false)
        .trim(::csv::Trim::All)
        .from_reader(bytes);
    let header = reader.byte_headers().map_err(|e| csv_problem(&e))?.clone();
    let header: Vec<String> = header
        .iter()
        .enumerate()
        .map(|(i, h)| {
            std::str::from_utf8(h).map(|s| s.to_string()).map_err(|_| {
                format!(
                    "row 1, column {}: the header is not UTF-8 text; save the file as UTF-8",
                    i + 1
                )
            })
        })
        .collect::<std::result::Result<_, _>>()?;
    if header.len() == 1 {
        for (sep, name) in [(';', "semicolons"), ('\t', "tabs"), ('|', "bars")] {
            if header[0].contains(sep) {
                return Err(format!(
                    "row 1: the columns are separated by {name}, not commas; save the file as comma-separated CSV"
                ));
            }
        }
    }
    // Which column holds which field.
    let mut field_col: HashMap<&str, usize> = HashMap::new();
    for (i, h) in header.iter().enumerate() {
        let h_low = h.trim().to_lowercase();
        let field = if let Some((_, f)) = mapping
            .iter()
            .find(|(c, _)| c.trim().to_lowercase() == h_low)
        {
            Some(f.as_str())
        } else if mapping
            .iter()
            .any(|(_, f)| FIELDS.contains(&h_low.as_str()) && f == &h_low)
        {
            None // the user mapped another column to this field
        } else if let Some(f) = FIELDS.iter().find(|f| **f == h_low) {
            Some(*f)
        } else {
            ALIASES.iter().find(|(a, _)| *a == h_low).map(|(_, f)| *f)
        };
        if let Some(f) = field {
            field_col
                .entry(FIELDS.iter().find(|x| **x == f).copied().unwrap_or("name"))
                .or_insert(i);
        }
    }
    for (col, _) in mapping {
        if !header
            .iter()
            .any(|h| h.trim().eq_ignore_ascii_case(col.trim()))
        {
            return Err(format!(
                "--map names the column \"{}\", which the header does not have (columns: {})",
                checks::fragment(col, 40),
                columns(&header)
            ));
        }
    }
    for req in REQUIRED {
        if !field_col.contains_key(req) {
            return Err(format!(
                "row 1: no column for the field \"{req}\" (the header has: {}); add one or map a column with --map COLUMN={req}",
                columns(&header)
            ));
        }
    }

    // (position in FIELDS, column) of each field the file gives.
    let field_col: Vec<(usize, usize)> = field_col
        .iter()
        .map(|(f, col)| (field_at(f), *col))
        .collect();
    let mut out = Vec::new();
    let mut record = ::csv::ByteRecord::new();
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => return Err(csv_problem(&e)),
        }
        let line = record.position().map(|p| p.line()).unwrap_or(0);
        let location = format!("{file} row {line}");
        if record.iter().all(|f| f.is_empty()) {
            continue;
        }
        // The row's values by field, borrowed from the record ("" for a field not given).
        let mut values: Values = [""; FIELDS.len()];
        for &(field, col) in &field_col {
            let raw = record.get(col).unwrap_or(b"");
            match std::str::from_utf8(raw) {
                Ok(s) => values[field] = s.trim(),
                Err(_) => {
                    return Err(format!(
                        "row {line}, column {}: not UTF-8 text; save the file as UTF-8 and import it again",
                        checks::fragment(&header[col], 40)
                    ));
                }
            }
        }
        let name = Some(values[field_at("name")])
            .filter(|n| !n.is_empty())
            .map(str::to_string);
        let parsed = row_to_contact(file, &values, index);
        out.push(ParsedRow {
            location,
            parsed,
            name,
        });
    }
    if out.is_empty() {
        return Err("the file has a header but no rows".into());
    }
    Ok(out)
}

fn csv_problem(e: &::csv::Error) -> String {
    let line = e.position().map(|p| p.line());
    match (e.kind(), line) {
        (::csv::ErrorKind::UnequalLengths { expected_len, len, .. }, Some(line)) => format!(
            "row {line}: has {len} fields where the header has {expected_len} (a missing or extra comma, or an unbalanced quote)"
        ),
        (::csv::ErrorKind::Utf8 { .. }, Some(line)) => {
            format!("row {line}: not UTF-8 text; save the file as UTF-8")
        }
        (_, Some(line)) => format!("row {line}: {e}"),
        _ => e.to_string(),
    }
}

/// A row's values, by the position of their field in [`FIELDS`].
type Values<'r> = [&'r str; FIELDS.len()];

/// The position of a field in [`FIELDS`].
fn field_at(field: &str) -> usize {
    FIELDS
        .iter()
        .position(|f| *f == field)
        .expect("a contact field")
}

fn row_to_contact(file: &str, v: &Values<'_>, index: &CityIndex) -> Parsed {
    let get = |f: &str| Some(v[field_at(f)]).filter(|s| !s.is_empty());
    let Some(name) = get("name") else {
        return Parsed::Error("name: empty; every contact needs a name".into());
    };
    let Some(city) = get("city") else {
        return Parsed::Error("city: empty".into());
    };
    let Some(state) = get("state") else {
        return Parsed::Error("state: empty".into());
    };
    let Some(code) = super::state_code(state) else {
        return Parsed::Error(format!(
            "state: \"{}\" is not a US state",
            checks::fragment(state, 40)
        ));
    };
    let Some((city_id, slug)) = index.by_name(city, code) else {
        return Parsed::Skipped(format!(
            "{}, {code} is not a target city",
            checks::fragment(city, 60)
        ));
    };
    let value = |f: &str, kind: InputField, check: super::Check| {
        get(f)
            .map(|v| check(kind, v))
            .transpose()
            .map_err(|e| e.to_string())
    };
    // Checked in this order: the first problem is the row's error.
    let checked = (|| {
        Ok::<_, String>((
            value("email", InputField::Email, checks::email)?,
            value("phone", InputField::Phone, checks::phone)?,
            value("website", InputField::Website, checks::web_address)?,
            value("term_end", InputField::TermEnd, super::day)?,
        ))
    })();
    let (email, phone, website, term_end) = match checked {
        Ok(v) => v,
        Err(p) => return Parsed::Error(p),
    };
    let role = get("role").unwrap_or("Mayor").to_string();
    let key = match get("external_id") {
        Some(id) => id.to_string(),
        None => format!("csv:{slug}:{}", role.to_lowercase()),
    };
    Parsed::Contact(Box::new(Incoming {
        key,
        city_id: city_id.clone(),
        city_slug: slug.clone(),
        fields: ContactFields {
            name: name.to_string(),
            role,
            phone,
            email,
            website,
            address: get("address").map(|a| {
                a.replace(';', "\n")
                    .lines()
                    .map(str::trim)
                    .collect::<Vec<_>>()
                    .join("\n")
            }),
            notes: get("notes").unwrap_or_default().to_string(),
            last_verified: None,
            term_end,
        },
        keeps_notes: get("notes").is_none(),
        source: file.to_string(),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unclosed_quote_is_found_on_its_line() {
        assert_eq!(unclosed_quote_line(b"a,b\n\"x,y\n1,2\n"), Some(2));
        assert_eq!(unclosed_quote_line(b"a,b\n\"x \"\"q\"\" y\",2\n"), None);
        assert_eq!(unclosed_quote_line(b"a,b\n\"multi\nline\",2\n"), None);
    }
}
