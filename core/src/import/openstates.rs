//! Open States `people` data: one YAML file per person under `data/<state>/municipalities/`,
//! read from the repository folder, a `municipalities` folder inside it, or a `.zip` of either.
//!
//! The format as it is in the wild: dates quoted or not, several offices (the `primary` one
//! is taken), addresses with `;` for line breaks, and any field may be missing.

use std::io::Read;
use std::path::{Path, PathBuf};

use serde_norway::Value;

use super::{CityIndex, Incoming, Parsed, ParsedRow};
use crate::checks;
use crate::contacts::ContactFields;
use crate::error::{Error, Result};
use crate::fields::InputField;

/// One person file larger than this is not a person file.
const MAX_PERSON_BYTES: u64 = 1024 * 1024;
/// The uncompressed total read from a `.zip` (the whole `people` repository is far smaller).
const MAX_ZIP_TOTAL: u64 = 512 * 1024 * 1024;
/// The most person files one import reads (the whole Open States repository has ~30,000).
const MAX_FILES: usize = 200_000;

fn is_yaml(name: &str) -> bool {
    name.ends_with(".yml") || name.ends_with(".yaml")
}

/// Only `municipalities` files when the tree has any (the repository also holds state
/// legislators, committees and retired people).
fn keep_municipal(paths: Vec<(String, Vec<u8>)>) -> Vec<(String, Vec<u8>)> {
    let municipal = |p: &str| p.split(['/', '\\']).any(|c| c == "municipalities");
    if paths.iter().any(|(p, _)| municipal(p)) {
        paths.into_iter().filter(|(p, _)| municipal(p)).collect()
    } else {
        paths
    }
}

pub(crate) fn parse_path(path: &Path, index: &CityIndex) -> Result<Vec<ParsedRow>> {
    let fail = |problem: String| Error::ImportFile {
        file: path.display().to_string(),
        problem,
    };
    let meta = std::fs::metadata(path).map_err(|e| fail(format!("cannot read it ({e})")))?;
    let files = if meta.is_dir() {
        read_dir_tree(path).map_err(fail)?
    } else if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("zip"))
    {
        read_zip(path).map_err(fail)?
    } else if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("yml") || e.eq_ignore_ascii_case("yaml"))
    {
        let bytes = crate::input::read_file(path, MAX_PERSON_BYTES, "an Open States person file")
            .map_err(fail)?;
        vec![(path.display().to_string(), bytes)]
    } else {
        return Err(fail(
            "it is neither a folder, a .zip nor a .yml file of Open States people data".into(),
        ));
    };
    let files = keep_municipal(files);
    if files.is_empty() {
        return Err(fail(
            "it holds no .yml person files (expected data/<state>/municipalities/*.yml)".into(),
        ));
    }
    Ok(files
        .into_iter()
        .map(|(name, bytes)| parse_person(&name, &bytes, index))
        .collect())
}

/// The person files read from a folder or a .zip, within the caps on their number and
/// their total size.
#[derive(Default)]
struct PersonFiles {
    files: Vec<(String, Vec<u8>)>,
    total: u64,
}

impl PersonFiles {
    fn add(&mut self, name: String, bytes: Vec<u8>) -> std::result::Result<(), String> {
        self.total += bytes.len() as u64;
        if self.total > MAX_ZIP_TOTAL {
            return Err(format!(
                "its person files hold more than {} (the most Open States people data may be)",
                crate::input::size_words(MAX_ZIP_TOTAL)
            ));
        }
        self.files.push((name, bytes));
        if self.files.len() > MAX_FILES {
            return Err(format!(
                "it holds more than {MAX_FILES} person files (the most an import may read)"
            ));
        }
        Ok(())
    }

    /// The files, by name.
    fn sorted(mut self) -> Vec<(String, Vec<u8>)> {
        self.files.sort_by(|a, b| a.0.cmp(&b.0));
        self.files
    }
}

fn read_dir_tree(root: &Path) -> std::result::Result<Vec<(String, Vec<u8>)>, String> {
    let mut out = PersonFiles::default();
    let mut stack: Vec<PathBuf> = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let entries = std::fs::read_dir(&dir)
            .map_err(|e| format!("cannot read the folder {} ({e})", dir.display()))?;
        for entry in entries {
            let entry = entry.map_err(|e| e.to_string())?;
            let p = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') {
                continue;
            }
            let ft = entry.file_type().map_err(|e| e.to_string())?;
            if ft.is_dir() {
                stack.push(p);
            } else if ft.is_file() && is_yaml(&name) {
                let rel = p.strip_prefix(root).unwrap_or(&p).display().to_string();
                // Too large: an empty file, reported as an error row below.
                let bytes = crate::input::read_file(&p, MAX_PERSON_BYTES, "a person file")
                    .unwrap_or_default();
                out.add(rel, bytes)?;
            }
        }
    }
    Ok(out.sorted())
}

fn read_zip(path: &Path) -> std::result::Result<Vec<(String, Vec<u8>)>, String> {
    let file = crate::input::open_regular(path)?;
    let mut zip =
        zip::ZipArchive::new(file).map_err(|e| format!("it is not a readable .zip ({e})"))?;
    let mut out = PersonFiles::default();
    for i in 0..zip.len() {
        let mut entry = zip
            .by_index(i)
            .map_err(|e| format!("entry {i} of the .zip cannot be read ({e})"))?;
        let name = entry.name().to_string();
        if !entry.is_file() || !is_yaml(&name) || name.split('/').any(|c| c.starts_with('.')) {
            continue;
        }
        // The bytes actually unpacked are counted, not the sizes the archive claims.
        let bytes =
            match crate::input::read_capped(entry.by_ref(), MAX_PERSON_BYTES, "a person file") {
                Ok(b) => b,
                Err(_) => Vec::new(), // too large: reported as an error row
            };
        out.add(name, bytes)?;
    }
    Ok(out.sorted())
}

fn text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Tagged(t) => text(&t.value),
        _ => None,
    }
}

fn field(v: &Value, key: &str) -> Option<String> {
    v.get(key).and_then(text)
}

fn list<'a>(v: &'a Value, key: &str) -> &'a [Value] {
    v.get(key)
        .and_then(Value::as_sequence)
        .map(|s| s.as_slice())
        .unwrap_or(&[])
}

fn parse_person(name: &str, bytes: &[u8], index: &CityIndex) -> ParsedRow {
    let row = |parsed: Parsed, person: Option<String>| ParsedRow {
        location: name.to_string(),
        parsed,
        name: person,
    };
    if bytes.is_empty() {
        return row(
            Parsed::Error("empty, or too large to be a person file".into()),
            None,
        );
    }
    let Ok(text_) = std::str::from_utf8(bytes) else {
        return row(Parsed::Error("not UTF-8 text".into()), None);
    };
    if let Err(e) = crate::input::yaml_nesting(text_, crate::input::YAML_MAX_DEPTH) {
        return row(Parsed::Error(e), None);
    }
    let doc: Value = match serde_norway::from_str(text_) {
        Ok(v) => v,
        Err(e) => return row(Parsed::Error(format!("invalid YAML: {e}")), None),
    };
    if !doc.is_mapping() {
        return row(
            Parsed::Error(
                "not an Open States person (expected a mapping with name and roles)".into(),
            ),
            None,
        );
    }
    let person = field(&doc, "name");
    let Some(person_name) = person.clone() else {
        return row(Parsed::Error("name: missing".into()), None);
    };
    let roles = list(&doc, "roles");
    if roles.is_empty() {
        return row(
            Parsed::Error("roles: the person has no roles, so no city to match".into()),
            person,
        );
    }
    // The mayor role that is current, else the one that ended last.
    let mut mayor: Option<(&Value, String)> = None;
    for r in roles {
        if field(r, "type").as_deref() != Some("mayor") {
            continue;
        }
        let end = field(r, "end_date").unwrap_or_else(|| "9999".into());
        if mayor.as_ref().is_none_or(|(_, e)| end > *e) {
            mayor = Some((r, end));
        }
    }
    let Some((role, _)) = mayor else {
        let kinds: Vec<String> = roles.iter().filter_map(|r| field(r, "type")).collect();
        return row(
            Parsed::Skipped(format!("not a mayor (roles: {})", kinds.join(", "))),
            person,
        );
    };
    let Some(jurisdiction) = field(role, "jurisdiction") else {
        return row(
            Parsed::Error("roles: the mayor role has no jurisdiction".into()),
            person,
        );
    };
    let Some((state, place)) = parse_ocd(&jurisdiction) else {
        return row(
            Parsed::Error(format!(
                "roles.jurisdiction: \"{jurisdiction}\" is not an OCD jurisdiction id \
                 (ocd-jurisdiction/country:us/state:xx/place:name/government)"
            )),
            person,
        );
    };
    let hit = index
        .by_ocd(&jurisdiction)
        .or_else(|| index.by_name(&place.replace('_', " "), &state));
    let Some((city_id, slug)) = hit else {
        return row(
            Parsed::Skipped(format!(
                "{}, {} is not a target city",
                place.replace('_', " "),
                state.to_ascii_uppercase()
            )),
            person,
        );
    };
    let term_end = match field(role, "end_date") {
        Some(d) => match super::day(InputField::TermEnd, &d) {
            Ok(d) => Some(d),
            Err(p) => return row(Parsed::Error(p.to_string()), person),
        },
        None => None,
    };
    let email = match field(&doc, "email") {
        Some(e) => match checks::email(InputField::Email, &e) {
            Ok(e) => Some(e),
            Err(p) => return row(Parsed::Error(p.to_string()), person),
        },
        None => None,
    };
    let offices = list(&doc, "offices");
    let office = offices
        .iter()
        .find(|o| field(o, "classification").as_deref() == Some("primary"))
        .or_else(|| offices.first());
    let phone = match office.and_then(|o| field(o, "voice")) {
        Some(p) => match checks::phone(InputField::Phone, &p) {
            Ok(p) => Some(p),
            Err(p) => return row(Parsed::Error(format!("offices.{p}")), person),
        },
        None => None,
    };
    let address = office.and_then(|o| field(o, "address")).map(|a| {
        a.split(';')
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join("\n")
    });
    let urls = |key: &str| -> Vec<String> {
        list(&doc, key)
            .iter()
            .filter_map(|l| field(l, "url"))
            .filter_map(|u| checks::web_address(InputField::Website, &u).ok())
            .collect()
    };
    let links = urls("links");
    let sources = urls("sources");
    let key = field(&doc, "id").unwrap_or_else(|| format!("openstates:{slug}:{person_name}"));
    let contact = Parsed::Contact(Box::new(Incoming {
        key,
        city_id: city_id.clone(),
        city_slug: slug.clone(),
        fields: ContactFields {
            name: person_name,
            role: "Mayor".into(),
            phone,
            email,
            website: links.first().cloned(),
            address,
            notes: String::new(),
            last_verified: None,
            term_end,
        },
        keeps_notes: true,
        source: if sources.is_empty() {
            format!("Open States: {name}")
        } else {
            sources.join(" ")
        },
    }));
    row(contact, person)
}

/// `(state code, place)` of `ocd-jurisdiction/country:us/state:or/place:portland/government`
/// (also `county:...`).
fn parse_ocd(id: &str) -> Option<(String, String)> {
    let rest = id
        .trim()
        .strip_prefix("ocd-jurisdiction/country:us/state:")?;
    let mut parts = rest.split('/');
    let state = parts.next()?.to_string();
    let place = parts.next()?;
    let place = place
        .strip_prefix("place:")
        .or_else(|| place.strip_prefix("county:"))?;
    if state.len() != 2 || place.is_empty() {
        return None;
    }
    Some((state, place.to_string()))
}
