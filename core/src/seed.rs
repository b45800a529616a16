//! The seed campaign embedded in the app: `data/targets.yaml` (the target cities, their
//! Russian sister cities and the dated, sourced history of each tie) and
//! `data/campaign.yaml` (petition title, goal, call script).
//!
//! Seeding only ever inserts: every seeded row has a UUIDv5 id derived from its seed key,
//! and is written with `INSERT OR IGNORE`, so loading the seed again adds nothing and
//! never overwrites what a volunteer changed. A fingerprint of the embedded files is kept
//! in `settings`, so an unchanged seed costs one lookup at start.

use std::collections::HashSet;

use rusqlite::{params, Connection};
use serde::Deserialize;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::error::{Error, Result};
use crate::settings;
use crate::time::{check_partial_date, now};
use crate::vocab::{JurisdictionKind, Origin, RelationshipStatus};

pub const TARGETS_YAML: &str = include_str!("../../data/targets.yaml");
pub const CAMPAIGN_YAML: &str = include_str!("../../data/campaign.yaml");

/// The namespace of seeded rows' UUIDv5 ids: the same seed gives the same ids everywhere.
const SEED_NAMESPACE: Uuid = Uuid::from_u128(0x6f75_7472_6561_6368_2d64_6573_6b2d_7365);
const FINGERPRINT_KEY: &str = "seed.fingerprint";

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedTarget {
    pub slug: String,
    pub name: String,
    pub state: String,
    pub kind: JurisdictionKind,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub relationships: Vec<SeedRelationship>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedRelationship {
    pub sister_city: String,
    #[serde(default)]
    pub sister_city_alt_names: Vec<String>,
    pub sister_region: Option<String>,
    pub established: Option<String>,
    #[serde(default)]
    pub notes: String,
    pub history: Vec<SeedEvent>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedEvent {
    pub status: RelationshipStatus,
    pub date: Option<String>,
    pub date_text: Option<String>,
    #[serde(default)]
    pub summary: String,
    pub sources: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Campaign {
    pub title: String,
    pub addressed_to: String,
    pub goal: u64,
    pub call_script: String,
}

/// What one seeding added.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct SeedReport {
    pub cities: usize,
    pub relationships: usize,
    pub events: usize,
    pub settings: usize,
}

impl SeedReport {
    pub fn is_empty(&self) -> bool {
        *self == SeedReport::default()
    }
}

/// The embedded targets, parsed and checked.
pub fn embedded_targets() -> Result<Vec<SeedTarget>> {
    parse_targets(TARGETS_YAML)
}

pub fn embedded_campaign() -> Result<Campaign> {
    serde_norway::from_str(CAMPAIGN_YAML)
        .map_err(|e| Error::Seed(format!("data/campaign.yaml: {e}")))
}

pub fn parse_targets(yaml: &str) -> Result<Vec<SeedTarget>> {
    let targets: Vec<SeedTarget> =
        serde_norway::from_str(yaml).map_err(|e| Error::Seed(format!("data/targets.yaml: {e}")))?;
    validate(&targets)?;
    Ok(targets)
}

fn validate(targets: &[SeedTarget]) -> Result<()> {
    let mut slugs = HashSet::new();
    for t in targets {
        let bad = |problem: String| {
            Error::Seed(format!("data/targets.yaml, target {}: {problem}", t.slug))
        };
        if !slugs.insert(t.slug.as_str()) {
            return Err(bad("the slug is used twice".into()));
        }
        if t.state.len() != 2 || !t.state.bytes().all(|b| b.is_ascii_uppercase()) {
            return Err(bad(format!(
                "state \"{}\" is not a two-letter code",
                t.state
            )));
        }
        let suffix = format!("-{}", t.state.to_ascii_lowercase());
        let slug_ok = t.slug.ends_with(&suffix)
            && t.slug.split('-').all(|w| {
                !w.is_empty()
                    && w.bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            });
        if !slug_ok {
            return Err(bad(format!(
                "the slug must be lowercase words joined by '-' ending in '{suffix}'"
            )));
        }
        if t.latitude.is_some() != t.longitude.is_some() {
            return Err(bad(
                "latitude and longitude must both be given or both be null".into(),
            ));
        }
        if t.latitude.is_some_and(|v| !(-90.0..=90.0).contains(&v))
            || t.longitude.is_some_and(|v| !(-180.0..=180.0).contains(&v))
        {
            return Err(bad("coordinates out of range".into()));
        }
        if t.relationships.is_empty() {
            return Err(bad("no relationships".into()));
        }
        for r in &t.relationships {
            if r.history.is_empty() {
                return Err(bad(format!(
                    "the tie with {} has no history",
                    r.sister_city
                )));
            }
            for e in &r.history {
                if let Some(date) = &e.date {
                    check_partial_date("date", date).map_err(|err| bad(err.to_string()))?;
                }
                for url in &e.sources {
                    if !(url.starts_with("https://") || url.starts_with("http://"))
                        || url.contains(char::is_whitespace)
                    {
                        return Err(bad(format!("source \"{url}\" is not an http(s) address")));
                    }
                }
            }
        }
    }
    Ok(())
}

fn seed_id(key: &str) -> String {
    Uuid::new_v5(&SEED_NAMESPACE, key.as_bytes()).to_string()
}

pub fn city_id(slug: &str) -> String {
    seed_id(&format!("city:{slug}"))
}

/// The id of the tie between the target `slug` and `sister_city`: the same wherever it
/// was made (by the seed, or by a volunteer who added the pair).
pub fn relationship_id(slug: &str, sister_city: &str) -> String {
    seed_id(&format!("relationship:{slug}:{sister_city}"))
}

fn fingerprint() -> String {
    let mut h = Sha256::new();
    h.update(TARGETS_YAML.as_bytes());
    h.update([0]);
    h.update(CAMPAIGN_YAML.as_bytes());
    format!("{:x}", h.finalize())
}

/// Loads the embedded seed into the store, unless this exact seed was loaded before.
pub fn apply_embedded(conn: &mut Connection) -> Result<SeedReport> {
    let print = fingerprint();
    if settings::get(conn, FINGERPRINT_KEY)?.as_deref() == Some(print.as_str()) {
        return Ok(SeedReport::default());
    }
    let report = apply(conn, &embedded_targets()?, &embedded_campaign()?)?;
    settings::set(conn, FINGERPRINT_KEY, &print)?;
    Ok(report)
}

/// Inserts every seeded row that is not there yet, in one transaction. Never updates.
pub fn apply(
    conn: &mut Connection,
    targets: &[SeedTarget],
    campaign: &Campaign,
) -> Result<SeedReport> {
    let tx = conn.transaction()?;
    let mut report = SeedReport::default();
    let at = now();
    {
        let mut city = tx.prepare(
            "INSERT OR IGNORE INTO cities (id, slug, name, state, kind, latitude, longitude, origin, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )?;
        let mut rel = tx.prepare(
            "INSERT OR IGNORE INTO relationships
               (id, city_id, position, sister_city, sister_city_alt_names, sister_region, established, notes, origin, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        )?;
        let mut event = tx.prepare(
            "INSERT OR IGNORE INTO relationship_events
               (id, relationship_id, seq, status, event_date, date_text, summary, sources, origin, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        )?;
        for t in targets {
            let cid = city_id(&t.slug);
            report.cities += city.execute(params![
                cid,
                t.slug,
                t.name,
                t.state,
                t.kind,
                t.latitude,
                t.longitude,
                Origin::Seed,
                at
            ])?;
            for (pos, r) in t.relationships.iter().enumerate() {
                let rkey = format!("relationship:{}:{}", t.slug, r.sister_city);
                let rid = relationship_id(&t.slug, &r.sister_city);
                let alt =
                    serde_json::to_string(&r.sister_city_alt_names).expect("strings serialise");
                report.relationships += rel.execute(params![
                    rid,
                    cid,
                    pos as i64,
                    r.sister_city,
                    alt,
                    r.sister_region,
                    r.established,
                    r.notes,
                    Origin::Seed,
                    at
                ])?;
                for (seq, e) in r.history.iter().enumerate() {
                    let eid = seed_id(&format!("{rkey}:event:{seq}"));
                    let sources = serde_json::to_string(&e.sources).expect("strings serialise");
                    report.events += event.execute(params![
                        eid,
                        rid,
                        seq as i64,
                        e.status,
                        e.date,
                        e.date_text,
                        e.summary,
                        sources,
                        Origin::Seed,
                        at
                    ])?;
                }
            }
        }
        let mut setting = tx.prepare(
            "INSERT OR IGNORE INTO settings (key, value, updated_at) VALUES (?1, ?2, ?3)",
        )?;
        for (key, value) in [
            ("campaign.title", campaign.title.clone()),
            ("campaign.addressed_to", campaign.addressed_to.clone()),
            ("campaign.goal", campaign.goal.to_string()),
            ("campaign.call_script", campaign.call_script.clone()),
        ] {
            report.settings += setting.execute(params![key, value, at])?;
        }
    }
    tx.commit()?;
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_seed_parses_and_passes_its_checks() {
        let targets = embedded_targets().unwrap();
        assert!(targets.len() >= 50, "only {} targets", targets.len());
        let campaign = embedded_campaign().unwrap();
        assert_eq!(campaign.goal, 25_000);
    }

    #[test]
    fn every_seeded_status_cites_a_source() {
        for t in embedded_targets().unwrap() {
            for r in &t.relationships {
                for e in &r.history {
                    assert!(
                        !e.sources.is_empty(),
                        "{} – {}: an entry without sources",
                        t.slug,
                        r.sister_city
                    );
                }
            }
        }
    }

    #[test]
    fn a_seed_with_a_bad_date_or_duplicate_slug_is_refused_by_name() {
        let one = |slug: &str, date: &str| {
            format!(
                "- slug: {slug}\n  name: X\n  state: OR\n  kind: city\n  latitude: 45.0\n  longitude: -122.0\n  relationships:\n    - sister_city: Y\n      sister_region: null\n      established: null\n      history:\n        - status: active\n          date: \"{date}\"\n          date_text: null\n          sources: [https://example.org/]\n"
            )
        };
        let err = parse_targets(&one("x-or", "2022-13"))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("target x-or") && err.contains("2022-13"),
            "{err}"
        );
        let twice = format!("{}{}", one("x-or", "2022"), one("x-or", "2022"));
        let err = parse_targets(&twice).unwrap_err().to_string();
        assert!(err.contains("used twice"), "{err}");
        let err = parse_targets(&one("x-wa", "2022")).unwrap_err().to_string();
        assert!(err.contains("ending in '-or'"), "{err}");
    }

    #[test]
    fn seeded_ids_are_the_same_on_every_machine() {
        assert_eq!(city_id("portland-or"), city_id("portland-or"));
        assert_ne!(city_id("portland-or"), city_id("portland-me"));
        assert_eq!(
            Uuid::parse_str(&city_id("portland-or"))
                .unwrap()
                .get_version_num(),
            5
        );
    }
}
