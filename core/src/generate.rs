//! A large synthetic store for benchmarks (`outreach generate`): many target cities with
//! ties and histories, contacts, a year of calls (some undone), responses and follow-ups.
//!
//! Everything is written in one transaction with prepared statements; the numbers come
//! from a seeded generator, so the same spec gives the same shape of data every time.
//! Generated cities have slugs `gen-<n>-<state>` and origin `import`, next to the seed.
//! Calls, responses and follow-ups get time-ordered ids from their own times, as the app
//! makes them (`ids::new_row_id`); cities, ties, their histories and contacts stand for
//! imported rows and keep random ids.

use rusqlite::{params, Connection};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::fields::InputField;
use crate::vocab::{CallOutcome, Channel, CityResponse, Origin, RelationshipStatus};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GenerateSpec {
    pub cities: u32,
    pub calls: u32,
    pub contacts: u32,
    pub seed: u64,
}

impl Default for GenerateSpec {
    fn default() -> Self {
        GenerateSpec {
            cities: 20_000,
            calls: 1_000_000,
            contacts: 50_000,
            seed: 1,
        }
    }
}

/// What one run added.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct GenerateReport {
    pub cities: u32,
    pub relationships: u32,
    pub events: u32,
    pub contacts: u32,
    pub calls: u32,
    pub undone_calls: u32,
    pub responses: u32,
    pub follow_ups: u32,
    pub open_follow_ups: u32,
    pub seconds: f64,
}

/// splitmix64: small, fast and good enough for test data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
    fn pick<'a, T>(&mut self, list: &'a [T]) -> &'a T {
        &list[self.below(list.len() as u64) as usize]
    }
    /// Sixteen bytes from two draws: what every id below is made of.
    fn bytes16(&mut self) -> [u8; 16] {
        let mut bytes = [0u8; 16];
        bytes[..8].copy_from_slice(&self.next().to_le_bytes());
        bytes[8..].copy_from_slice(&self.next().to_le_bytes());
        bytes
    }
    /// A time-ordered id (v7) for a row made at `seconds`, as this version makes them, from
    /// the same draws as [`Rng::uuid`] (so the rest of a store made with one seed stays the
    /// same whichever ids its rows get).
    fn uuid_at(&mut self, seconds: i64) -> String {
        let bytes = self.bytes16();
        let random: [u8; 10] = bytes[..10].try_into().expect("ten bytes");
        crate::ids::row_id_at(seconds as u64 * 1000, random)
    }
    fn uuid(&mut self) -> String {
        uuid::Builder::from_random_bytes(self.bytes16())
            .into_uuid()
            .to_string()
    }
}

const STATES: &[&str] = &[
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS",
    "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY",
    "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV",
    "WI", "WY",
];
const SISTERS: &[&str] = &[
    "Khabarovsk",
    "Magadan",
    "Samara",
    "Tomsk",
    "Vladimir",
    "Kaluga",
    "Irkutsk",
    "Yaroslavl",
    "Volgograd",
    "Novosibirsk",
    "Perm",
    "Ufa",
    "Kazan",
    "Omsk",
    "Krasnoyarsk",
    "Sochi",
];
const VOLUNTEERS: &[&str] = &[
    "Dana", "Alex", "Sam", "Jordan", "Taylor", "Morgan", "Casey", "Riley", "Jamie", "Avery",
];
const FIRST: &[&str] = &[
    "Maria", "James", "Linda", "Robert", "Patricia", "Michael", "Susan", "David", "Karen", "Joseph",
];
const LAST: &[&str] = &[
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Lopez",
    "Wilson",
];
const ROLES: &[&str] = &[
    "Chief of staff",
    "Mayor's office",
    "Council member",
    "Scheduler",
];

fn stamp(seconds: i64) -> String {
    jiff::Timestamp::from_second(seconds)
        .expect("a time within range")
        .strftime("%Y-%m-%dT%H:%M:%S%.3fZ")
        .to_string()
}

fn date(seconds: i64) -> String {
    stamp(seconds)[..10].to_string()
}

/// Adds the generated data to the store in one transaction.
pub fn generate(conn: &mut Connection, spec: &GenerateSpec) -> Result<GenerateReport> {
    if spec.cities == 0 && (spec.calls > 0 || spec.contacts > 0) {
        return Err(Error::invalid(
            InputField::Cities,
            "calls and contacts need at least one generated city",
        ));
    }
    let started = std::time::Instant::now();
    let now = jiff::Timestamp::now().as_second();
    let year = 365 * 24 * 3600;
    let at = stamp(now);
    let today = date(now);
    let mut report = GenerateReport::default();

    // A large page cache while writing (the random ids touch pages all over the indexes).
    let cache: i64 = conn.pragma_query_value(None, "cache_size", |r| r.get(0))?;
    conn.pragma_update(None, "cache_size", -512 * 1024)?;
    let tx = crate::atomic::begin(conn)?;
    let first: u32 = tx.query_row(
        "SELECT count(*) FROM cities WHERE slug LIKE 'gen-%'",
        [],
        |r| r.get(0),
    )?;
    // A second run into the same store continues the numbering with other ids.
    let mut rng = Rng(spec.seed ^ (u64::from(first) << 32));
    let mut city_ids: Vec<String> = Vec::with_capacity(spec.cities as usize);
    {
        let mut city = tx.prepare(
            "INSERT INTO cities (id, slug, name, state, kind, latitude, longitude, origin, created_at)
             VALUES (?1, ?2, ?3, ?4, 'city', ?5, ?6, ?7, ?8)",
        )?;
        let mut rel = tx.prepare(
            "INSERT INTO relationships (id, city_id, position, sister_city, origin, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?;
        let mut event = tx.prepare(
            "INSERT INTO relationship_events
               (id, relationship_id, seq, status, event_date, summary, sources, origin, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, 'Generated for benchmarks', '[\"https://example.org/\"]', ?6, ?7)",
        )?;
        let mut response = tx.prepare(
            "INSERT INTO responses (id, city_id, response, response_date, notes, volunteer, created_at)
             VALUES (?1, ?2, ?3, ?4, '', ?5, ?6)",
        )?;
        for i in 0..spec.cities {
            let n = first + i + 1;
            let state = *rng.pick(STATES);
            let id = rng.uuid();
            city.execute(params![
                id,
                format!("gen-{n:06}-{}", state.to_ascii_lowercase()),
                format!("Testville {n}"),
                state,
                25.0 + rng.below(2300) as f64 / 100.0,
                -124.0 + rng.below(5700) as f64 / 100.0,
                Origin::Import,
                at
            ])?;
            report.cities += 1;
            let ties = if rng.chance(10) { 2 } else { 1 };
            for pos in 0..ties {
                let rid = rng.uuid();
                rel.execute(params![
                    rid,
                    id,
                    pos,
                    format!("{} {}", rng.pick(SISTERS), rng.below(1000)),
                    Origin::Import,
                    at
                ])?;
                report.relationships += 1;
                let mut statuses = vec![RelationshipStatus::Active];
                if rng.chance(40) {
                    statuses.push(*rng.pick(&[
                        RelationshipStatus::Suspended,
                        RelationshipStatus::Severed,
                        RelationshipStatus::Unknown,
                    ]));
                }
                for (seq, status) in statuses.iter().enumerate() {
                    event.execute(params![
                        rng.uuid(),
                        rid,
                        seq as i64,
                        status,
                        format!("{}", 1990 + seq * 32),
                        Origin::Import,
                        at
                    ])?;
                    report.events += 1;
                }
            }
            if rng.chance(30) {
                for _ in 0..1 + rng.below(2) {
                    response.execute(params![
                        rng.uuid_at(now),
                        id,
                        rng.pick(CityResponse::ALL),
                        date(now - rng.below(year as u64) as i64),
                        rng.pick(VOLUNTEERS),
                        at
                    ])?;
                    report.responses += 1;
                }
            }
            city_ids.push(id);
        }

        let mut contact = tx.prepare(
            "INSERT INTO contacts (id, city_id, name, role, phone, email, last_verified, term_end,
                                   origin, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)",
        )?;
        let mut contacts_of: Vec<Vec<String>> = vec![Vec::new(); city_ids.len()];
        for i in 0..spec.contacts {
            // Every city gets a mayor first, then the rest go anywhere.
            let c = if (i as usize) < city_ids.len() {
                i as usize
            } else {
                rng.below(city_ids.len() as u64) as usize
            };
            let role = if contacts_of[c].is_empty() {
                "Mayor"
            } else {
                rng.pick(ROLES)
            };
            let id = rng.uuid();
            let name = format!("{} {}", rng.pick(FIRST), rng.pick(LAST));
            contact.execute(params![
                id,
                city_ids[c],
                name,
                role,
                format!("+1 (555) {:03}-{:04}", rng.below(1000), rng.below(10000)),
                format!("office{i}@testville.example.org"),
                date(now - rng.below(2 * year as u64) as i64),
                date(now + rng.below(3 * year as u64) as i64 - year),
                Origin::Import,
                at
            ])?;
            contacts_of[c].push(id);
            report.contacts += 1;
        }

        let mut call = tx.prepare(
            "INSERT INTO calls (id, city_id, contact_id, channel, outcome, notes, volunteer,
                                called_at, created_at, undone_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?9)",
        )?;
        let mut follow_up = tx.prepare(
            "INSERT INTO follow_ups (id, city_id, call_id, due_date, note, closed_at, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, '', ?5, ?6, ?6)",
        )?;
        for _ in 0..spec.calls {
            let c = rng.below(city_ids.len() as u64) as usize;
            let when = now - 60 - rng.below(year as u64) as i64;
            let called_at = stamp(when);
            let contact_id = if contacts_of[c].is_empty() || rng.chance(20) {
                None
            } else {
                Some(rng.pick(&contacts_of[c]).clone())
            };
            let undone = rng.chance(1).then(|| stamp(when + 5));
            let id = rng.uuid_at(when);
            call.execute(params![
                id,
                city_ids[c],
                contact_id,
                if rng.chance(85) {
                    Channel::Phone
                } else {
                    Channel::Email
                },
                rng.pick(CallOutcome::ALL),
                if rng.chance(30) {
                    "Asked for the mayor's position; will write."
                } else {
                    ""
                },
                rng.pick(VOLUNTEERS),
                called_at,
                undone
            ])?;
            report.calls += 1;
            if undone.is_some() {
                report.undone_calls += 1;
            }
            // A few calls set a follow-up; the next call to the city closed it long ago.
            if rng.chance(3) {
                follow_up.execute(params![
                    rng.uuid_at(when),
                    city_ids[c],
                    id,
                    date(when + 7 * 24 * 3600),
                    Some(stamp(when + 8 * 24 * 3600)),
                    called_at
                ])?;
                report.follow_ups += 1;
            }
        }
        // Open follow-ups for one city in twenty: some overdue, some due today, some later.
        for (i, cid) in city_ids.iter().enumerate() {
            if i % 20 != 0 {
                continue;
            }
            let due = match rng.below(3) {
                0 => date(now - (1 + rng.below(20) as i64) * 24 * 3600),
                1 => today.clone(),
                _ => date(now + (1 + rng.below(30) as i64) * 24 * 3600),
            };
            follow_up.execute(params![
                rng.uuid_at(now),
                cid,
                None::<String>,
                due,
                None::<String>,
                at
            ])?;
            report.follow_ups += 1;
            report.open_follow_ups += 1;
        }
    }
    tx.commit()?;
    conn.pragma_update(None, "cache_size", cache)?;
    report.seconds = started.elapsed().as_secs_f64();
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Store;

    #[test]
    fn a_small_generated_store_has_what_was_asked_for_and_reads_back() {
        let mut store = Store::open_in_memory().unwrap();
        let seeded = crate::cities::list_cities(store.conn()).unwrap().len();
        let spec = GenerateSpec {
            cities: 200,
            calls: 5_000,
            contacts: 500,
            seed: 7,
        };
        let r = generate(store.conn_mut(), &spec).unwrap();
        assert_eq!((r.cities, r.calls, r.contacts), (200, 5_000, 500));
        let list = crate::cities::list_cities(store.conn()).unwrap();
        assert_eq!(list.len(), seeded + 200);
        assert!(list.iter().filter(|c| c.last_call_at.is_some()).count() > 150);
        // Running again adds more cities with new slugs rather than failing.
        generate(store.conn_mut(), &spec).unwrap();
        assert_eq!(
            crate::cities::list_cities(store.conn()).unwrap().len(),
            seeded + 400
        );
    }
}
