//! The seeded contacts: the mayors' (and governors') offices the app ships, from
//! `data/contacts_openstates.yaml` (generated from Open States records, CC0) and
//! `data/contacts_research.yaml` (written from the research's `mayors.md`). Every one
//! carries its source URL, the source's date (`last_verified`) and the research's
//! confidence.
//!
//! Loading them into a store (part of [`crate::seed::apply`]):
//! - a contact the store lacks is added (origin `seed`, a UUIDv5 id from its seed key);
//! - a seeded contact nobody edited, whose seed values changed, is updated, and its previous
//!   version kept in `contact_revisions`;
//! - a contact a volunteer edited by hand, removed, or imported (same `external_id`) is never
//!   overwritten: when the seed's values differ from it, they are kept in `seed_offer`, and
//!   the volunteer takes them ([`take_seed_offer`]) or dismisses them ([`dismiss_seed_offer`]).
//!
//! `seed_values` remembers what the seed said last time, so only a change in the seed is
//! applied or offered, once.

use std::collections::{HashMap, HashSet};

use rusqlite::{params, Connection, OptionalExtension};
use serde::Deserialize;

use crate::checks;
use crate::contacts::get_contact;
use crate::contacts::Contact;
use crate::error::{Error, Result};
use crate::fields::InputField;
use crate::rows::ContactRow;
use crate::time::now;
use crate::vocab::{Confidence, Origin};

pub const CONTACTS_OPENSTATES_YAML: &str = include_str!("../../data/contacts_openstates.yaml");
pub const CONTACTS_RESEARCH_YAML: &str = include_str!("../../data/contacts_research.yaml");

/// One seeded contact as the data files give it.
/// (Unknown keys are not refused here, as `flatten` cannot; `data/check_seed.py` refuses them.)
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct SeedContact {
    /// The target's slug.
    pub slug: String,
    /// Stable seed key: the Open States person id, or `mayors.md:<slug>[:<which>]`.
    pub key: String,
    #[serde(flatten)]
    pub values: SeedContactValues,
    /// The record it came from (`ocd-person/...`), if any.
    pub external_id: Option<String>,
}

pub use crate::rows::SeedContactValues;

/// What loading the seeded contacts did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct ContactSeedReport {
    pub added: usize,
    pub updated: usize,
    pub offered: usize,
}

/// The embedded seeded contacts, parsed and checked against the seed's targets.
pub fn embedded_contacts(slugs: &HashSet<&str>) -> Result<Vec<SeedContact>> {
    let mut all = parse_contacts("data/contacts_openstates.yaml", CONTACTS_OPENSTATES_YAML)?;
    all.extend(parse_contacts(
        "data/contacts_research.yaml",
        CONTACTS_RESEARCH_YAML,
    )?);
    validate(&all, slugs)?;
    Ok(all)
}

pub fn parse_contacts(file: &str, yaml: &str) -> Result<Vec<SeedContact>> {
    serde_norway::from_str(yaml).map_err(|e| Error::Seed(format!("{file}: {e}")))
}

fn http(url: &str) -> bool {
    (url.starts_with("https://") || url.starts_with("http://"))
        && !url.contains(char::is_whitespace)
}

/// Every contact names a target, a source URL and a date; phones and e-mails are the kind
/// the app accepts from a volunteer; keys are unique.
pub fn validate(contacts: &[SeedContact], slugs: &HashSet<&str>) -> Result<()> {
    let mut keys = HashSet::new();
    for c in contacts {
        let bad = |problem: String| Error::Seed(format!("seed contact {}: {problem}", c.key));
        let v = &c.values;
        if !keys.insert(c.key.as_str()) {
            return Err(bad("the key is used twice".into()));
        }
        if !slugs.contains(c.slug.as_str()) {
            return Err(bad(format!("\"{}\" is not a target's slug", c.slug)));
        }
        if v.name.trim().is_empty() {
            return Err(bad("no name".into()));
        }
        if let Some(p) = &v.phone {
            checks::phone(InputField::Phone, p).map_err(|e| bad(e.to_string()))?;
        }
        if let Some(e) = &v.email {
            checks::email(InputField::Email, e).map_err(|e| bad(e.to_string()))?;
        }
        if let Some(w) = &v.website {
            if !http(w) {
                return Err(bad(format!("website \"{w}\" is not an http(s) address")));
            }
        }
        if !http(&v.source) {
            return Err(bad(format!(
                "source \"{}\" is not an http(s) address",
                v.source
            )));
        }
        checks::date(InputField::LastVerified, &v.last_verified).map_err(|e| bad(e.to_string()))?;
        if let Some(d) = &v.term_end {
            checks::date(InputField::TermEnd, d).map_err(|e| bad(e.to_string()))?;
        }
        if v.confidence == Confidence::Low && !v.notes.starts_with("Check before calling") {
            return Err(bad(
                "a low-confidence contact's notes must start with \"Check before calling\"".into(),
            ));
        }
        if let Some(x) = &c.external_id {
            if x != &c.key {
                return Err(bad(format!("external_id \"{x}\" differs from the key")));
            }
        }
    }
    Ok(())
}

/// A seeded contact's id. One with an Open States record gets the id an Open States import
/// gives the same record, so a seeded and an imported copy are one row on every machine.
pub fn contact_id(c: &SeedContact) -> String {
    match &c.external_id {
        Some(x) => crate::ids::contact_id(x),
        None => crate::ids::seed_id(&format!("contact:{}", c.key)),
    }
}

fn json(v: &SeedContactValues) -> String {
    serde_json::to_string(v).expect("seed contact values serialise")
}

/// Whether a stored contact already shows these values.
fn same_as(cur: &Contact, v: &SeedContactValues) -> bool {
    cur.fields.name == v.name
        && cur.fields.role == v.role
        && cur.fields.phone == v.phone
        && cur.fields.email == v.email
        && cur.fields.website == v.website
        && cur.fields.address == v.address
        && cur.fields.notes == v.notes
        && cur.source.as_deref() == Some(v.source.as_str())
        && cur.fields.last_verified.as_deref() == Some(v.last_verified.as_str())
        && cur.fields.term_end == v.term_end
        && cur.confidence == Some(v.confidence)
}

struct Existing {
    id: String,
    origin: Origin,
    edited_by_hand: bool,
    deleted: bool,
    seed_values: Option<String>,
}

/// Loads the seeded contacts into the store (inside the seed's transaction).
pub(crate) fn apply(
    tx: &Connection,
    contacts: &[SeedContact],
    city_ids: &HashMap<&str, String>,
    at: &str,
) -> Result<ContactSeedReport> {
    let mut report = ContactSeedReport::default();
    let mut by_id = tx.prepare_cached(
        "SELECT id, origin, edited_by_hand, deleted_at IS NOT NULL, seed_values FROM contacts WHERE id = ?1",
    )?;
    let mut by_external = tx.prepare_cached(
        "SELECT id, origin, edited_by_hand, deleted_at IS NOT NULL, seed_values FROM contacts WHERE external_id = ?1",
    )?;
    let row = |r: &rusqlite::Row<'_>| -> rusqlite::Result<Existing> {
        Ok(Existing {
            id: r.get(0)?,
            origin: r.get(1)?,
            edited_by_hand: r.get::<_, i64>(2)? != 0,
            deleted: r.get(3)?,
            seed_values: r.get(4)?,
        })
    };
    for c in contacts {
        let Some(city_id) = city_ids.get(c.slug.as_str()) else {
            continue;
        };
        let id = contact_id(c);
        let v = &c.values;
        let values = json(v);
        let mut existing = by_id.query_row([&id], row).optional()?;
        if existing.is_none() {
            if let Some(x) = &c.external_id {
                existing = by_external.query_row([x], row).optional()?;
            }
        }
        let Some(cur) = existing else {
            let mut row = ContactRow {
                id: id.clone(),
                city_id: city_id.clone(),
                external_id: c.external_id.clone(),
                origin: Origin::Seed.as_str().to_string(),
                edited_by_hand: 0,
                created_at: at.to_string(),
                updated_at: at.to_string(),
                deleted_at: None,
                ..Default::default()
            };
            write_to(v, &mut row);
            row.insert(tx)?;
            set_seed_values(tx, &id, &values)?;
            report.added += 1;
            continue;
        };
        if cur.seed_values.as_deref() == Some(values.as_str()) {
            continue; // the seed says what it said last time
        }
        let hands_off = cur.edited_by_hand || cur.deleted || cur.origin != Origin::Seed;
        let shown = if cur.deleted {
            None
        } else {
            Some(get_contact(tx, &cur.id)?)
        };
        if shown.as_ref().is_some_and(|s| same_as(s, v)) {
            set_seed_values(tx, &cur.id, &values)?;
        } else if hands_off {
            tx.execute(
                "UPDATE contacts SET seed_values = ?2, seed_offer = ?2 WHERE id = ?1",
                params![cur.id, values],
            )?;
            report.offered += 1;
        } else {
            write_values(tx, &cur.id, v, &values, at, None)?;
            report.updated += 1;
        }
    }
    Ok(report)
}

/// The seed's values in a contact's row (its other columns left as they are).
fn write_to(v: &SeedContactValues, row: &mut ContactRow) {
    row.name.clone_from(&v.name);
    row.role.clone_from(&v.role);
    row.phone.clone_from(&v.phone);
    row.email.clone_from(&v.email);
    row.website.clone_from(&v.website);
    row.address.clone_from(&v.address);
    row.notes.clone_from(&v.notes);
    row.last_verified = Some(v.last_verified.clone());
    row.term_end.clone_from(&v.term_end);
    row.source = Some(v.source.clone());
    row.confidence = Some(v.confidence);
}

/// Records the seed's values last applied to a contact (`values`, JSON) and clears any offer.
fn set_seed_values(conn: &Connection, id: &str, values: &str) -> Result<()> {
    conn.execute(
        "UPDATE contacts SET seed_values = ?2, seed_offer = NULL WHERE id = ?1",
        params![id, values],
    )?;
    Ok(())
}

/// Writes seed values over a contact, keeping its previous version as a revision.
fn write_values(
    conn: &Connection,
    id: &str,
    v: &SeedContactValues,
    values: &str,
    at: &str,
    volunteer: Option<&str>,
) -> Result<()> {
    let mut row =
        ContactRow::find(conn, id)?.ok_or_else(|| Error::UnknownContact { id: id.to_string() })?;
    // The replaced version, in the one snapshot shape (the whole row).
    row.keep_as_revision(conn, at, volunteer)?;
    write_to(v, &mut row);
    row.updated_at = at.to_string();
    row.upsert(conn)?;
    set_seed_values(conn, id, values)
}

/// Takes the seed's newer version of a contact: its values replace the volunteer's (which
/// stay in the contact's history). The contact stays `edited_by_hand`, since a volunteer
/// chose this version.
pub fn take_seed_offer(conn: &mut Connection, id: &str) -> Result<Contact> {
    let tx = crate::atomic::begin(conn)?;
    let previous = get_contact(&tx, id)?;
    let offer = previous.seed_offer.clone().ok_or_else(|| {
        Error::invalid(
            InputField::SeedOffer,
            format!("contact {id} has no newer version from the seed data to take"),
        )
    })?;
    let volunteer = crate::volunteer::name(&tx)?;
    let values = json(&offer);
    write_values(&tx, id, &offer, &values, &now(), volunteer.as_deref())?;
    let contact = get_contact(&tx, id)?;
    tx.commit()?;
    Ok(contact)
}

/// Dismisses the seed's newer version of a contact: the volunteer's version stays, and the
/// same seed values are not offered again.
pub fn dismiss_seed_offer(conn: &Connection, id: &str) -> Result<Contact> {
    let current = get_contact(conn, id)?;
    if current.seed_offer.is_none() {
        return Err(Error::invalid(
            InputField::SeedOffer,
            format!("contact {id} has no newer version from the seed data to dismiss"),
        ));
    }
    conn.execute("UPDATE contacts SET seed_offer = NULL WHERE id = ?1", [id])?;
    get_contact(conn, id)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slugs() -> Vec<String> {
        crate::seed::embedded_targets()
            .unwrap()
            .into_iter()
            .map(|t| t.slug)
            .collect()
    }

    #[test]
    fn the_embedded_contacts_pass_their_checks_and_each_has_a_source_and_a_date() {
        let owned = slugs();
        let slugs: HashSet<&str> = owned.iter().map(String::as_str).collect();
        let contacts = embedded_contacts(&slugs).unwrap();
        assert!(contacts.len() >= 72, "only {} contacts", contacts.len());
        for c in &contacts {
            assert!(http(&c.values.source), "{}: no source", c.key);
            assert_eq!(c.values.last_verified.len(), 10, "{}: no date", c.key);
        }
    }

    #[test]
    fn a_contact_for_a_place_that_is_no_target_or_with_a_bad_phone_is_refused_by_name() {
        let one = |slug: &str, phone: &str| {
            format!(
                "- slug: {slug}\n  key: k1\n  name: X\n  role: Mayor\n  phone: \"{phone}\"\n  email: null\n  website: null\n  address: null\n  notes: ''\n  source: https://example.org/\n  last_verified: '2026-01-01'\n  term_end: null\n  confidence: high\n  external_id: null\n"
            )
        };
        let slugs: HashSet<&str> = ["portland-or"].into_iter().collect();
        let parsed = parse_contacts("t.yaml", &one("atlantis-ga", "503-823-4120")).unwrap();
        let err = validate(&parsed, &slugs).unwrap_err().to_string();
        assert!(err.contains("k1") && err.contains("atlantis-ga"), "{err}");
        let parsed = parse_contacts("t.yaml", &one("portland-or", "call us")).unwrap();
        let err = validate(&parsed, &slugs).unwrap_err().to_string();
        assert!(err.contains("k1") && err.contains("phone"), "{err}");
    }
}
