//! Contact import: the US Conference of Mayors CSV (or any CSV whose columns are mapped to
//! contact fields) and Open States `people` YAML (a folder or a `.zip`).
//!
//! Every import is planned first ([`ImportPreview`]: per row or file, add / update /
//! unchanged / skipped / error / conflict, with the reason) and written only when applied,
//! in one transaction. A contact a volunteer edited by hand (`edited_by_hand = 1`) is never
//! overwritten silently: it is a conflict, kept unless the user chooses to take the file's
//! version. Every overwritten version goes to `contact_revisions`.

pub mod csv;
pub mod openstates;

use std::collections::HashMap;
use std::path::Path;

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::backup;
use crate::bundle::StoredContact;
use crate::error::Result;
use crate::time::now;
use crate::vocab::Origin;
use crate::Store;

/// What applying the import does to one row or file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ImportAction {
    Add,
    Update,
    Unchanged,
    /// Not a target city, not a mayor, or a duplicate row.
    Skipped,
    Error,
    /// The contact was edited by hand and the file differs: the user chooses.
    Conflict,
}

/// Which kind of file an import reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ImportSource {
    /// A contact CSV (US Conference of Mayors columns, or mapped columns).
    Csv,
    /// Open States `people` data: a folder, a `.zip` or one `.yml` file.
    Openstates,
}

/// What to do with conflicts (contacts edited by hand that the file would change).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ConflictChoice {
    /// Keep the hand-edited version (the default).
    #[default]
    Keep,
    /// Take the file's version; the hand-edited one goes to the contact's history.
    Take,
}

/// The user's choices for an import: the default for conflicts, and the rows (by
/// [`PreviewRow::key`]) where the other choice was made.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ImportChoices {
    pub on_conflict: ConflictChoice,
    /// Keys of conflict rows that take the file's version even when the default is keep.
    #[serde(default)]
    pub take: Vec<String>,
    /// Keys of conflict rows that keep the hand-edited version even when the default is take.
    #[serde(default)]
    pub keep: Vec<String>,
}

impl ImportChoices {
    fn takes(&self, key: &str) -> bool {
        match self.on_conflict {
            ConflictChoice::Keep => self.take.iter().any(|k| k == key),
            ConflictChoice::Take => !self.keep.iter().any(|k| k == key),
        }
    }
}

/// One row of a CSV or one person file of Open States, and what the import does with it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct PreviewRow {
    /// Where it is: `mayors.csv row 4` or `data/or/municipalities/Ted-Wheeler-....yml`.
    pub location: String,
    pub action: ImportAction,
    /// Why: the problem for an error, what changes for an update, why skipped.
    pub reason: String,
    /// The contact's stable key (the Open States person id, or `csv:<city>:<role>`).
    pub key: Option<String>,
    pub name: Option<String>,
    /// The target city's slug, when the row matched one.
    pub city: Option<String>,
    /// The fields that differ from the store (update and conflict).
    pub changes: Vec<String>,
    /// The term has ended (`term_end` in the past): the contact is stale.
    pub stale: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ImportCounts {
    pub add: u32,
    pub update: u32,
    pub unchanged: u32,
    pub skipped: u32,
    pub error: u32,
    pub conflict: u32,
}

/// The plan of an import, and after applying it, what was written.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ImportReport {
    /// The file or folder imported.
    pub source: String,
    pub rows: Vec<PreviewRow>,
    pub counts: ImportCounts,
    /// True when the plan was written to the store.
    pub applied: bool,
    /// Contacts written (added + updated + conflicts taken).
    pub written: u32,
    /// Conflicts left as the volunteer edited them.
    pub conflicts_kept: u32,
    /// The backup made before writing, if any.
    pub backup_id: Option<String>,
}

/// A contact as a file gives it, matched to a target city.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Incoming {
    pub key: String,
    pub city_id: String,
    pub city_slug: String,
    pub name: String,
    pub role: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub website: Option<String>,
    pub address: Option<String>,
    pub notes: Option<String>,
    pub term_end: Option<String>,
    pub source: String,
}

/// A row of the file before it is compared with the store.
pub(crate) enum Parsed {
    Contact(Box<Incoming>),
    Skipped(String),
    Error(String),
}

pub(crate) struct ParsedRow {
    pub location: String,
    pub parsed: Parsed,
    pub name: Option<String>,
}

/// Target cities, looked up by OCD jurisdiction id or by (normalised name, state).
pub(crate) struct CityIndex {
    by_ocd: HashMap<String, (String, String)>,
    by_name: HashMap<(String, String), (String, String)>,
}

impl CityIndex {
    pub fn load(conn: &Connection) -> Result<CityIndex> {
        let mut by_ocd = HashMap::new();
        let mut by_name = HashMap::new();
        let mut stmt =
            conn.prepare("SELECT id, slug, name, state, kind, ocd_jurisdiction FROM cities")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let id: String = r.get(0)?;
            let slug: String = r.get(1)?;
            let name: String = r.get(2)?;
            let state: String = r.get(3)?;
            let kind: String = r.get(4)?;
            let ocd: Option<String> = r.get(5)?;
            let st = state.to_ascii_lowercase();
            let norm = normalise_place(&name);
            let hit = (id, slug);
            if let Some(ocd) = ocd {
                by_ocd.insert(ocd.to_ascii_lowercase(), hit.clone());
            }
            let place = norm.replace(' ', "_");
            let ocd = match kind.as_str() {
                "county" => format!(
                    "ocd-jurisdiction/country:us/state:{st}/county:{}/government",
                    place.trim_end_matches("_county")
                ),
                "state" => format!("ocd-jurisdiction/country:us/state:{st}/government"),
                _ => format!("ocd-jurisdiction/country:us/state:{st}/place:{place}/government"),
            };
            by_ocd.entry(ocd).or_insert_with(|| hit.clone());
            by_name.insert((norm, state.to_ascii_uppercase()), hit);
        }
        Ok(CityIndex { by_ocd, by_name })
    }

    /// (city id, slug) of the target city with this name in this state (a two-letter code
    /// or the state's name).
    pub fn by_name(&self, city: &str, state: &str) -> Option<&(String, String)> {
        let st = state_code(state)?;
        let norm = normalise_place(city);
        self.by_name
            .get(&(norm.clone(), st.to_string()))
            .or_else(|| {
                let stripped = norm.strip_prefix("city of ")?;
                self.by_name.get(&(stripped.to_string(), st.to_string()))
            })
    }

    pub fn by_ocd(&self, ocd: &str) -> Option<&(String, String)> {
        self.by_ocd.get(&ocd.trim().to_ascii_lowercase())
    }
}

/// Lower case, `St.` → `saint`, `Ft.` → `fort`, punctuation to spaces, single spaces.
pub(crate) fn normalise_place(name: &str) -> String {
    let lower = name.to_lowercase().replace(['–', '—', '-', '_'], " ");
    let mut words = Vec::new();
    for w in lower.split_whitespace() {
        let w = w.trim_matches(|c: char| c == '.' || c == ',' || c == '\'');
        let w = match w {
            "st" => "saint",
            "ft" => "fort",
            "mt" => "mount",
            other => other,
        };
        let w: String = w
            .chars()
            .filter(|c| c.is_alphanumeric() || *c == ' ')
            .collect();
        if !w.is_empty() {
            words.push(w);
        }
    }
    words.join(" ")
}

const STATES: &[(&str, &str)] = &[
    ("AL", "alabama"),
    ("AK", "alaska"),
    ("AZ", "arizona"),
    ("AR", "arkansas"),
    ("CA", "california"),
    ("CO", "colorado"),
    ("CT", "connecticut"),
    ("DE", "delaware"),
    ("DC", "district of columbia"),
    ("FL", "florida"),
    ("GA", "georgia"),
    ("HI", "hawaii"),
    ("ID", "idaho"),
    ("IL", "illinois"),
    ("IN", "indiana"),
    ("IA", "iowa"),
    ("KS", "kansas"),
    ("KY", "kentucky"),
    ("LA", "louisiana"),
    ("ME", "maine"),
    ("MD", "maryland"),
    ("MA", "massachusetts"),
    ("MI", "michigan"),
    ("MN", "minnesota"),
    ("MS", "mississippi"),
    ("MO", "missouri"),
    ("MT", "montana"),
    ("NE", "nebraska"),
    ("NV", "nevada"),
    ("NH", "new hampshire"),
    ("NJ", "new jersey"),
    ("NM", "new mexico"),
    ("NY", "new york"),
    ("NC", "north carolina"),
    ("ND", "north dakota"),
    ("OH", "ohio"),
    ("OK", "oklahoma"),
    ("OR", "oregon"),
    ("PA", "pennsylvania"),
    ("PR", "puerto rico"),
    ("RI", "rhode island"),
    ("SC", "south carolina"),
    ("SD", "south dakota"),
    ("TN", "tennessee"),
    ("TX", "texas"),
    ("UT", "utah"),
    ("VT", "vermont"),
    ("VA", "virginia"),
    ("WA", "washington"),
    ("WV", "west virginia"),
    ("WI", "wisconsin"),
    ("WY", "wyoming"),
];

/// The two-letter code of a state given as a code or a name, or `None`.
pub(crate) fn state_code(state: &str) -> Option<&'static str> {
    let s = state.trim();
    if s.len() == 2 {
        let up = s.to_ascii_uppercase();
        return STATES.iter().find(|(c, _)| *c == up).map(|(c, _)| *c);
    }
    let low = s.to_lowercase();
    STATES.iter().find(|(_, n)| *n == low).map(|(c, _)| *c)
}

/// Compares parsed rows with the store: the preview.
pub(crate) fn plan(
    conn: &Connection,
    parsed: Vec<ParsedRow>,
) -> Result<(Vec<PreviewRow>, Vec<Option<Incoming>>)> {
    let today = jiff::Timestamp::now().strftime("%Y-%m-%d").to_string();
    let mut rows = Vec::with_capacity(parsed.len());
    let mut incoming = Vec::with_capacity(parsed.len());
    let mut seen: HashMap<String, (String, Incoming)> = HashMap::new();
    let mut find = conn.prepare_cached(&format!(
        "SELECT {} FROM contacts WHERE external_id = ?1",
        StoredContact::COLUMNS
    ))?;
    for p in parsed {
        let mut row = PreviewRow {
            location: p.location,
            action: ImportAction::Error,
            reason: String::new(),
            key: None,
            name: p.name,
            city: None,
            changes: Vec::new(),
            stale: false,
        };
        let inc = match p.parsed {
            Parsed::Error(reason) => {
                row.reason = reason;
                rows.push(row);
                incoming.push(None);
                continue;
            }
            Parsed::Skipped(reason) => {
                row.action = ImportAction::Skipped;
                row.reason = reason;
                rows.push(row);
                incoming.push(None);
                continue;
            }
            Parsed::Contact(inc) => *inc,
        };
        row.key = Some(inc.key.clone());
        row.name = Some(inc.name.clone());
        row.city = Some(inc.city_slug.clone());
        row.stale = inc.term_end.as_deref().is_some_and(|d| d < today.as_str());
        if let Some((first, earlier)) = seen.get(&inc.key) {
            row.action = ImportAction::Skipped;
            row.reason = if *earlier == inc {
                format!("duplicate of {first}")
            } else {
                format!("{first} already gives this contact; this row is ignored")
            };
            rows.push(row);
            incoming.push(None);
            continue;
        }
        seen.insert(inc.key.clone(), (row.location.clone(), inc.clone()));
        let existing = find
            .query_row([&inc.key], StoredContact::from_row)
            .optional()?;
        match existing {
            None => {
                row.action = ImportAction::Add;
                row.reason = format!("new contact for {}", inc.city_slug);
            }
            Some(cur) => {
                let changes = differences(&cur, &inc);
                if changes.is_empty() && cur.deleted_at.is_none() {
                    row.action = ImportAction::Unchanged;
                    row.reason = "already up to date".into();
                } else if cur.edited_by_hand != 0 {
                    row.action = ImportAction::Conflict;
                    row.reason = if cur.deleted_at.is_some() {
                        "a volunteer removed this contact by hand".into()
                    } else {
                        format!(
                            "a volunteer edited this contact by hand; the file differs in {}",
                            changes.join(", ")
                        )
                    };
                    row.changes = changes;
                } else {
                    row.action = ImportAction::Update;
                    row.reason = if changes.is_empty() {
                        "restores a removed contact".into()
                    } else {
                        format!("changes {}", changes.join(", "))
                    };
                    row.changes = changes;
                }
            }
        }
        if row.stale {
            row.reason.push_str(&format!(
                " (stale: term ended {})",
                inc.term_end.clone().unwrap_or_default()
            ));
        }
        rows.push(row);
        incoming.push(Some(inc));
    }
    Ok((rows, incoming))
}

fn differences(cur: &StoredContact, inc: &Incoming) -> Vec<String> {
    let mut out = Vec::new();
    let mut cmp = |field: &str, a: Option<&str>, b: Option<&str>| {
        if a.unwrap_or("") != b.unwrap_or("") {
            out.push(field.to_string());
        }
    };
    cmp("name", Some(&cur.name), Some(&inc.name));
    cmp("role", Some(&cur.role), Some(&inc.role));
    cmp("phone", cur.phone.as_deref(), inc.phone.as_deref());
    cmp("email", cur.email.as_deref(), inc.email.as_deref());
    cmp("website", cur.website.as_deref(), inc.website.as_deref());
    cmp("address", cur.address.as_deref(), inc.address.as_deref());
    cmp("term_end", cur.term_end.as_deref(), inc.term_end.as_deref());
    if let Some(notes) = &inc.notes {
        cmp("notes", Some(&cur.notes), Some(notes));
    }
    if cur.city_id != inc.city_id {
        out.push("city".into());
    }
    out
}

fn counts(rows: &[PreviewRow]) -> ImportCounts {
    let mut c = ImportCounts::default();
    for r in rows {
        match r.action {
            ImportAction::Add => c.add += 1,
            ImportAction::Update => c.update += 1,
            ImportAction::Unchanged => c.unchanged += 1,
            ImportAction::Skipped => c.skipped += 1,
            ImportAction::Error => c.error += 1,
            ImportAction::Conflict => c.conflict += 1,
        }
    }
    c
}

/// Writes the plan in one transaction. Returns (written, conflicts kept).
fn write(
    conn: &mut Connection,
    rows: &[PreviewRow],
    incoming: &[Option<Incoming>],
    choices: &ImportChoices,
) -> Result<(u32, u32)> {
    let tx = conn.transaction()?;
    let at = now();
    let mut written = 0;
    let mut kept = 0;
    {
        let mut insert = tx.prepare_cached(
            "INSERT INTO contacts (id, city_id, name, role, phone, email, website, address, notes,
                term_end, external_id, source, origin, edited_by_hand, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, 0, ?14, ?14)",
        )?;
        let mut find = tx.prepare_cached(&format!(
            "SELECT {} FROM contacts WHERE external_id = ?1",
            StoredContact::COLUMNS
        ))?;
        let mut update = tx.prepare_cached(
            "UPDATE contacts SET city_id = ?2, name = ?3, role = ?4, phone = ?5, email = ?6,
                website = ?7, address = ?8, notes = ?9, term_end = ?10, source = ?11,
                edited_by_hand = 0, deleted_at = NULL, updated_at = ?12
             WHERE id = ?1",
        )?;
        let mut revision = tx.prepare_cached(
            "INSERT INTO contact_revisions (id, contact_id, snapshot, edited_at, volunteer, created_at)
             VALUES (?1, ?2, ?3, ?4, NULL, ?4)",
        )?;
        for (row, inc) in rows.iter().zip(incoming) {
            let Some(inc) = inc else { continue };
            match row.action {
                ImportAction::Add => {
                    insert.execute(params![
                        contact_id(&inc.key),
                        inc.city_id,
                        inc.name,
                        inc.role,
                        inc.phone,
                        inc.email,
                        inc.website,
                        inc.address,
                        inc.notes.clone().unwrap_or_default(),
                        inc.term_end,
                        inc.key,
                        inc.source,
                        Origin::Import,
                        at
                    ])?;
                    written += 1;
                }
                ImportAction::Update | ImportAction::Conflict => {
                    if row.action == ImportAction::Conflict && !choices.takes(&inc.key) {
                        kept += 1;
                        continue;
                    }
                    let cur = find.query_row([&inc.key], StoredContact::from_row)?;
                    revision.execute(params![
                        uuid::Uuid::new_v4().to_string(),
                        cur.id,
                        cur.snapshot(),
                        at
                    ])?;
                    update.execute(params![
                        cur.id,
                        inc.city_id,
                        inc.name,
                        inc.role,
                        inc.phone,
                        inc.email,
                        inc.website,
                        inc.address,
                        inc.notes.clone().unwrap_or(cur.notes.clone()),
                        inc.term_end,
                        inc.source,
                        at
                    ])?;
                    written += 1;
                }
                _ => {}
            }
        }
    }
    tx.commit()?;
    Ok((written, kept))
}

/// For the ids of imported contacts: derived from the contact's key, so two machines that
/// import the same file give the contact the same id and their bundles merge it as one.
const IMPORT_NS: uuid::Uuid = uuid::Uuid::from_u128(0x6f75_7472_6561_6368_2d69_6d70_6f72_7473);

pub(crate) fn contact_id(key: &str) -> String {
    uuid::Uuid::new_v5(&IMPORT_NS, key.as_bytes()).to_string()
}

/// Plans an import of parsed rows and, unless `dry_run`, applies it (after a backup).
pub(crate) fn run(
    store: &mut Store,
    source: String,
    parsed: Vec<ParsedRow>,
    dry_run: bool,
    choices: &ImportChoices,
) -> Result<ImportReport> {
    let (rows, incoming) = plan(store.conn(), parsed)?;
    let counts = counts(&rows);
    let mut report = ImportReport {
        source,
        counts,
        rows,
        applied: false,
        written: 0,
        conflicts_kept: 0,
        backup_id: None,
    };
    if dry_run {
        report.conflicts_kept = report.counts.conflict;
        return Ok(report);
    }
    let c = &report.counts;
    let will_write = c.add + c.update > 0
        || report.rows.iter().any(|r| {
            r.action == ImportAction::Conflict && choices.takes(r.key.as_deref().unwrap_or(""))
        });
    if will_write {
        report.backup_id = backup::create(store, "before-import")?.map(|b| b.id);
    }
    let (written, kept) = write(store.conn_mut(), &report.rows, &incoming, choices)?;
    report.applied = true;
    report.written = written;
    report.conflicts_kept = kept;
    Ok(report)
}

/// Imports (or previews) either kind of source.
pub fn import_file(
    store: &mut Store,
    source: ImportSource,
    path: &Path,
    mapping: &[(String, String)],
    dry_run: bool,
    choices: &ImportChoices,
) -> Result<ImportReport> {
    match source {
        ImportSource::Csv => import_contacts_csv(store, path, mapping, dry_run, choices),
        ImportSource::Openstates => import_openstates(store, path, dry_run, choices),
    }
}

/// Imports (or previews, with `dry_run`) a contact CSV: the US Conference of Mayors
/// columns are recognised; `mapping` maps other column names to contact fields.
pub fn import_contacts_csv(
    store: &mut Store,
    path: &Path,
    mapping: &[(String, String)],
    dry_run: bool,
    choices: &ImportChoices,
) -> Result<ImportReport> {
    let index = CityIndex::load(store.conn())?;
    let parsed = csv::parse_file(path, mapping, &index)?;
    run(store, path.display().to_string(), parsed, dry_run, choices)
}

/// Imports (or previews) the mayors of an Open States `people` folder or `.zip`.
pub fn import_openstates(
    store: &mut Store,
    path: &Path,
    dry_run: bool,
    choices: &ImportChoices,
) -> Result<ImportReport> {
    let index = CityIndex::load(store.conn())?;
    let parsed = openstates::parse_path(path, &index)?;
    run(store, path.display().to_string(), parsed, dry_run, choices)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn place_names_normalise_the_way_open_states_spells_them() {
        assert_eq!(normalise_place("St. Louis"), "saint louis");
        assert_eq!(normalise_place("St. Petersburg"), "saint petersburg");
        assert_eq!(normalise_place("Winston-Salem"), "winston salem");
        assert_eq!(normalise_place("  Salt  Lake City "), "salt lake city");
    }

    #[test]
    fn states_are_known_by_code_or_name() {
        assert_eq!(state_code("or"), Some("OR"));
        assert_eq!(state_code("New Mexico"), Some("NM"));
        assert_eq!(state_code("XX"), None);
        assert_eq!(state_code("Oregonia"), None);
    }

    #[test]
    fn target_cities_are_found_by_ocd_id_and_by_name() {
        let store = Store::open_in_memory().unwrap();
        let idx = CityIndex::load(store.conn()).unwrap();
        let hit = |o: &str| idx.by_ocd(o).map(|h| h.1.clone());
        assert_eq!(
            hit("ocd-jurisdiction/country:us/state:or/place:portland/government").as_deref(),
            Some("portland-or")
        );
        assert_eq!(
            hit("ocd-jurisdiction/country:us/state:mo/place:saint_louis/government").as_deref(),
            Some("st-louis-mo")
        );
        assert_eq!(
            hit("ocd-jurisdiction/country:us/state:fl/place:saint_petersburg/government")
                .as_deref(),
            Some("st-petersburg-fl")
        );
        assert_eq!(
            idx.by_name("Portland", "Maine").map(|h| h.1.as_str()),
            Some("portland-me")
        );
        assert_eq!(idx.by_name("Springfield", "IL"), None);
    }
}
