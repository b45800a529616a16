//! The seed campaign embedded in the app: `data/targets.yaml` (the target cities, their
//! Russian sister cities and the dated, sourced history of each tie) and
//! `data/campaign.yaml` (petition title, goal, call script).
//!
//! Seeding adds what the store lacks: every seeded row has a UUIDv5 id derived from its
//! seed key, and is written with `INSERT OR IGNORE`, so loading the seed again adds nothing
//! and never overwrites what a volunteer logged. A newer seed reaches an existing store the
//! same way (new targets, ties, history entries and contacts), and also:
//! - a seeded history entry the research corrected is marked `corrected_by` the entry that
//!   corrects it (seeded rows only), so it stays in the history but is no longer a status;
//! - seeded ties' notes and established years follow the seed;
//! - seeded contacts follow the seed unless a volunteer edited them ([`crate::seed_contacts`]);
//! - a store with no signature total gets the petition page's own figure, once.
//!
//! A fingerprint of the embedded files is kept in `settings`, so an unchanged seed costs one
//! lookup at start, and a seed update runs once.

use std::collections::{HashMap, HashSet};

use rusqlite::{params, Connection};
use serde::Deserialize;
use sha2::{Digest, Sha256};

use crate::checks;
use crate::error::{Error, Result};
use crate::fields::InputField;
pub use crate::ids::{city_id, relationship_id};
use crate::ids::{event_id, relationship_key, seed_id};
use crate::settings;
use crate::time::now;
use crate::vocab::{JurisdictionKind, Origin, RelationshipStatus};

pub const TARGETS_YAML: &str = include_str!("../../data/targets.yaml");
pub const CAMPAIGN_YAML: &str = include_str!("../../data/campaign.yaml");
/// Raised when the way the seed is applied changes, so stores seeded before get it again.
const SEED_LOGIC_VERSION: &str = "2";

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
    /// The entry's place in the tie's history and the key of its id. Defaults to its position
    /// in the list; an entry the research found later that belongs before shipped ones gives
    /// a lower one (Houston's June 2022 entry is -1), so shipped entries keep their ids.
    #[serde(default)]
    pub seq: Option<i64>,
    /// The `seq` of an earlier entry that this one corrects (Dubuque: "suspended", not
    /// "severed"). The corrected entry stays in the history, marked, and is no status.
    #[serde(default)]
    pub corrects: Option<i64>,
}

impl SeedRelationship {
    /// Each history entry with its `seq` (explicit, else its position).
    pub fn numbered(&self) -> impl Iterator<Item = (i64, &SeedEvent)> {
        self.history
            .iter()
            .enumerate()
            .map(|(i, e)| (e.seq.unwrap_or(i as i64), e))
    }

    /// The status the seed gives the tie: its last entry that no entry corrects.
    pub fn status(&self) -> RelationshipStatus {
        let corrected: HashSet<i64> = self.history.iter().filter_map(|e| e.corrects).collect();
        self.numbered()
            .filter(|(seq, _)| !corrected.contains(seq))
            .last()
            .map(|(_, e)| e.status)
            .unwrap_or(RelationshipStatus::Unknown)
    }
}

/// The petition's own figure, as the petition page showed it when the seed was made.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedSignatures {
    pub total: u64,
    pub goal: u64,
    /// Where the figure was read (the page's text).
    pub source: String,
    /// `YYYY-MM-DD`: when the seed was made.
    pub as_of: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Campaign {
    pub title: String,
    pub addressed_to: String,
    pub goal: u64,
    /// One call script per tie status.
    pub call_scripts: SeedScripts,
    /// The petition's figure a new store starts with.
    #[serde(default)]
    pub signatures: Option<SeedSignatures>,
}

/// The shipped call scripts, one per status of the tie (see [`crate::script`]).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedScripts {
    pub active: String,
    pub suspended: String,
    pub severed: String,
    pub unknown: String,
}

/// What one seeding added.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct SeedReport {
    pub cities: usize,
    pub relationships: usize,
    pub events: usize,
    pub settings: usize,
    /// Seeded history entries newly marked as corrected.
    pub corrected: usize,
    /// Seeded ties whose notes or established year changed.
    pub relationships_updated: usize,
    pub contacts: crate::seed_contacts::ContactSeedReport,
    pub signatures: usize,
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
            let mut last: Option<i64> = None;
            let mut seqs = HashSet::new();
            for (seq, _) in r.numbered() {
                if last.is_some_and(|l| seq <= l) {
                    return Err(bad(format!(
                        "the tie with {}: history seq {seq} does not follow {}",
                        r.sister_city,
                        last.unwrap_or_default()
                    )));
                }
                last = Some(seq);
                seqs.insert(seq);
            }
            for (seq, e) in r.numbered() {
                if let Some(k) = e.corrects {
                    if k >= seq || !seqs.contains(&k) {
                        return Err(bad(format!(
                            "the tie with {}: entry {seq} corrects {k}, which is not an earlier entry",
                            r.sister_city
                        )));
                    }
                }
            }
            for e in &r.history {
                if let Some(date) = &e.date {
                    checks::partial_date(InputField::Date, date)
                        .map_err(|err| bad(err.to_string()))?;
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

fn fingerprint() -> String {
    let mut h = Sha256::new();
    for part in [
        SEED_LOGIC_VERSION,
        TARGETS_YAML,
        CAMPAIGN_YAML,
        crate::seed_contacts::CONTACTS_OPENSTATES_YAML,
        crate::seed_contacts::CONTACTS_RESEARCH_YAML,
    ] {
        h.update(part.as_bytes());
        h.update([0]);
    }
    hex::encode(h.finalize())
}

/// The embedded seed's contacts, checked against its targets.
pub fn embedded_contacts(targets: &[SeedTarget]) -> Result<Vec<crate::seed_contacts::SeedContact>> {
    let slugs: HashSet<&str> = targets.iter().map(|t| t.slug.as_str()).collect();
    crate::seed_contacts::embedded_contacts(&slugs)
}

/// Loads the embedded seed into the store, unless this exact seed was loaded before.
pub fn apply_embedded(conn: &mut Connection) -> Result<SeedReport> {
    let print = fingerprint();
    if settings::get(conn, FINGERPRINT_KEY)?.as_deref() == Some(print.as_str()) {
        return Ok(SeedReport::default());
    }
    let targets = embedded_targets()?;
    let contacts = embedded_contacts(&targets)?;
    let report = apply(conn, &targets, &contacts, &embedded_campaign()?)?;
    settings::set(conn, FINGERPRINT_KEY, &print)?;
    Ok(report)
}

/// Brings the store up to this seed, in one transaction: inserts every seeded row that is
/// not there yet, marks corrected seeded entries, updates seeded ties' notes and seeded
/// contacts nobody edited, and offers newer contact values where a volunteer edited.
pub fn apply(
    conn: &mut Connection,
    targets: &[SeedTarget],
    contacts: &[crate::seed_contacts::SeedContact],
    campaign: &Campaign,
) -> Result<SeedReport> {
    let tx = crate::atomic::begin(conn)?;
    let mut report = SeedReport::default();
    let at = now();
    let mut city_ids: HashMap<&str, String> = HashMap::new();
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
        let mut rel_update = tx.prepare(
            "UPDATE relationships SET notes = ?2, established = ?3
             WHERE id = ?1 AND origin = 'seed' AND (notes IS NOT ?2 OR established IS NOT ?3)",
        )?;
        let mut correct = tx.prepare(
            "UPDATE relationship_events SET corrected_by = ?2
             WHERE id = ?1 AND origin = 'seed' AND corrected_by IS NULL",
        )?;
        for t in targets {
            let cid = city_id(&t.slug);
            city_ids.insert(t.slug.as_str(), cid.clone());
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
                let rkey = relationship_key(&t.slug, &r.sister_city);
                let rid = seed_id(&rkey);
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
                report.relationships_updated +=
                    rel_update.execute(params![rid, r.notes, r.established])?;
                for (seq, e) in r.numbered() {
                    let eid = event_id(&rkey, seq);
                    let sources = serde_json::to_string(&e.sources).expect("strings serialise");
                    report.events += event.execute(params![
                        eid,
                        rid,
                        seq,
                        e.status,
                        e.date,
                        e.date_text,
                        e.summary,
                        sources,
                        Origin::Seed,
                        at
                    ])?;
                    if let Some(k) = e.corrects {
                        report.corrected += correct.execute(params![event_id(&rkey, k), eid])?;
                    }
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
        ] {
            report.settings += setting.execute(params![key, value, at])?;
        }
        let scripts = &campaign.call_scripts;
        for (status, text) in [
            (RelationshipStatus::Active, &scripts.active),
            (RelationshipStatus::Suspended, &scripts.suspended),
            (RelationshipStatus::Severed, &scripts.severed),
            (RelationshipStatus::Unknown, &scripts.unknown),
        ] {
            report.settings +=
                setting.execute(params![crate::script::template_key(status), text, at])?;
        }
        // A script the volunteer never edited follows the seed; an edited one is kept.
        crate::campaign::replace_unedited_script(&tx, &scripts.active)?;
        if let Some(sig) = &campaign.signatures {
            report.signatures += seed_signatures(&tx, sig, &at)?;
        }
    }
    report.contacts = crate::seed_contacts::apply(&tx, contacts, &city_ids, &at)?;
    tx.commit()?;
    Ok(report)
}

/// The petition's own figure, as a manual snapshot dated when the seed was made: only in a
/// store that has no signature total at all, so it never follows a volunteer's newer ones.
fn seed_signatures(tx: &Connection, sig: &SeedSignatures, at: &str) -> Result<usize> {
    let any: bool = tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM signature_snapshots)",
        [],
        |r| r.get(0),
    )?;
    if any {
        return Ok(0);
    }
    Ok(tx.execute(
        "INSERT OR IGNORE INTO signature_snapshots
           (id, fetched_at, total, goal, provider, source, decreased, created_at)
         VALUES (?1, ?2, ?3, ?4, 'manual', ?5, 0, ?6)",
        params![
            seed_id("signatures:petition-page"),
            format!("{}T00:00:00.000Z", sig.as_of),
            sig.total as i64,
            sig.goal as i64,
            sig.source,
            at
        ],
    )?)
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
            uuid::Uuid::parse_str(&city_id("portland-or"))
                .unwrap()
                .get_version_num(),
            5
        );
    }
}
