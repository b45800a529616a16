//! The per-city summaries the store keeps (`city_summaries`, `city_last_calls`; issue 13)
//! equal the aggregation over every call, response, status entry and follow-up, after every
//! kind of write, on real store files: logging and undoing calls, follow-ups set and closed,
//! responses, tie status changes, places added, a contact CSV import, bundle merges (the
//! path team sync's pulled rows take), seed updates, generated data and the migration of a
//! previous version's store.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use outreach_core::calls::{log_call, undo_call, CallInput};
use outreach_core::cities::{self, CityQuery, CitySort};
use outreach_core::dashboard::dashboard_uncached;
use outreach_core::ids::resolve_city;
use outreach_core::import::{import_contacts_csv, ImportChoices};
use outreach_core::responses::{
    record_response, undo_recorded, undo_response, undo_status_change, Recorded, ResponseInput,
};
use outreach_core::seed::{self, embedded_campaign, embedded_contacts, embedded_targets};
use outreach_core::targets::{add_target, NewTarget};
use outreach_core::vocab::{CallOutcome, CityResponse, RelationshipStatus};
use outreach_core::{bundle, Store};
use rusqlite::Connection;

/// One city's values: status of its tie needing the most work (None: no tie), latest
/// response, earliest open follow-up, latest call not undone.
#[derive(Debug, Clone, Default, PartialEq)]
struct Values {
    status: Option<RelationshipStatus>,
    response: Option<CityResponse>,
    next_follow_up: Option<String>,
    last_call_at: Option<String>,
}

/// What the store keeps, for every city.
fn kept(conn: &Connection) -> BTreeMap<String, Values> {
    let rows_kept: i64 = conn
        .query_row("SELECT count(*) FROM city_summaries", [], |r| r.get(0))
        .unwrap();
    let cities: i64 = conn
        .query_row("SELECT count(*) FROM cities", [], |r| r.get(0))
        .unwrap();
    assert_eq!(rows_kept, cities, "one summary row per city");
    let mut stmt = conn
        .prepare(
            "SELECT c.id, s.status, s.response, s.next_follow_up, l.last_call_at
             FROM cities c JOIN city_summaries s ON s.city_id = c.id
             LEFT JOIN city_last_calls l ON l.city_id = c.id",
        )
        .unwrap();
    let map = stmt
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                Values {
                    status: r.get(1)?,
                    response: r.get(2)?,
                    next_follow_up: r.get(3)?,
                    last_call_at: r.get(4)?,
                },
            ))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    map
}

/// The same values aggregated here, in Rust, from every row of the tables they summarise.
fn aggregated(conn: &Connection) -> BTreeMap<String, Values> {
    let mut out: BTreeMap<String, Values> = BTreeMap::new();
    let mut stmt = conn.prepare("SELECT id FROM cities").unwrap();
    for id in stmt.query_map([], |r| r.get::<_, String>(0)).unwrap() {
        out.insert(id.unwrap(), Values::default());
    }

    // Undone responses and status entries count for nothing (issue 11).
    // Each tie's status: its latest entry no entry corrects (by seq; at equal seq a
    // volunteer's after a seeded one; then time, then id). A tie without one is unknown.
    type Key = (i64, bool, String, String);
    let mut latest: BTreeMap<String, (Key, RelationshipStatus)> = BTreeMap::new();
    let events = "SELECT relationship_id, seq, origin, created_at, id, status, corrected_by
                  FROM relationship_events WHERE undone_at IS NULL";
    each_row(conn, events, |r| {
        if r.get::<_, Option<String>>(6).unwrap().is_some() {
            return;
        }
        let tie: String = r.get(0).unwrap();
        let key: Key = (
            r.get(1).unwrap(),
            r.get::<_, String>(2).unwrap() != "seed",
            r.get(3).unwrap(),
            r.get(4).unwrap(),
        );
        let status: RelationshipStatus = r.get(5).unwrap();
        if latest.get(&tie).is_none_or(|(k, _)| key > *k) {
            latest.insert(tie, (key, status));
        }
    });
    each_row(conn, "SELECT id, city_id FROM relationships", |r| {
        let tie: String = r.get(0).unwrap();
        let city: String = r.get(1).unwrap();
        let status = latest
            .get(&tie)
            .map(|(_, s)| *s)
            .unwrap_or(RelationshipStatus::Unknown);
        let v = out.get_mut(&city).unwrap();
        if v.status.is_none_or(|s| status.urgency() > s.urgency()) {
            v.status = Some(status);
        }
    });

    // The latest response: by date, then when it was recorded, then id.
    let mut best: BTreeMap<String, (String, String, String)> = BTreeMap::new();
    each_row(
        conn,
        "SELECT city_id, response_date, created_at, id, response FROM responses
         WHERE undone_at IS NULL",
        |r| {
            let city: String = r.get(0).unwrap();
            let key = (r.get(1).unwrap(), r.get(2).unwrap(), r.get(3).unwrap());
            if best.get(&city).is_none_or(|k| key > *k) {
                best.insert(city.clone(), key);
                out.get_mut(&city).unwrap().response = Some(r.get(4).unwrap());
            }
        },
    );

    // Open follow-ups (not closed) and calls (not undone): the earliest due date, the latest
    // call.
    each_live(
        conn,
        "SELECT city_id, due_date, closed_at FROM follow_ups",
        |city, due| {
            let v = out.get_mut(&city).unwrap();
            if v.next_follow_up.as_ref().is_none_or(|d| due < *d) {
                v.next_follow_up = Some(due);
            }
        },
    );
    each_live(
        conn,
        "SELECT city_id, called_at, undone_at FROM calls",
        |city, at| {
            let v = out.get_mut(&city).unwrap();
            if v.last_call_at.as_ref().is_none_or(|t| at > *t) {
                v.last_call_at = Some(at);
            }
        },
    );
    out
}

/// The summaries equal the aggregation, and so do the list and the dashboard made from
/// them.
#[track_caller]
fn assert_summaries_hold(store: &Store, after: &str) {
    let conn = store.conn();
    let expected = aggregated(conn);
    let found = kept(conn);
    for (id, want) in &expected {
        assert_eq!(found.get(id), Some(want), "after {after}: city {id}");
    }
    assert_eq!(found.len(), expected.len(), "after {after}");

    // The list shows each listed city (one with a tie) with those values.
    let list = cities::list_cities(conn).unwrap();
    let listed = expected.values().filter(|v| v.status.is_some()).count();
    assert_eq!(list.len(), listed, "after {after}: listed cities");
    for c in &list {
        let id: String = conn
            .query_row("SELECT id FROM cities WHERE slug = ?1", [&c.slug], |r| {
                r.get(0)
            })
            .unwrap();
        let want = &expected[&id];
        assert_eq!(
            Some(c.relationship_status),
            want.status,
            "after {after}: {}",
            c.slug
        );
        assert_eq!(
            c.response,
            want.response.unwrap_or_default(),
            "after {after}: {}",
            c.slug
        );
        assert_eq!(
            c.next_follow_up, want.next_follow_up,
            "after {after}: {}",
            c.slug
        );
        assert_eq!(
            c.last_call_at, want.last_call_at,
            "after {after}: {}",
            c.slug
        );
    }
    // Each row's own values are the city's, its sister cities those of its ties in their
    // order, and the list is in name order (without ASCII case, then state, then id).
    let mut ties: BTreeMap<String, Vec<(i64, i64, String)>> = BTreeMap::new();
    each_row(
        conn,
        "SELECT city_id, position, rowid, sister_city FROM relationships",
        |r| {
            ties.entry(r.get(0).unwrap()).or_default().push((
                r.get(1).unwrap(),
                r.get(2).unwrap(),
                r.get(3).unwrap(),
            ))
        },
    );
    let mut order = Vec::new();
    for c in &list {
        type Own = (String, String, String, String, Option<f64>, Option<f64>);
        let (id, name, state, kind, latitude, longitude): Own = conn
            .query_row(
                "SELECT id, name, state, kind, latitude, longitude FROM cities WHERE slug = ?1",
                [&c.slug],
                |r| {
                    Ok((
                        r.get(0)?,
                        r.get(1)?,
                        r.get(2)?,
                        r.get(3)?,
                        r.get(4)?,
                        r.get(5)?,
                    ))
                },
            )
            .unwrap();
        assert_eq!(
            (&c.city, &c.state, c.kind.as_str(), c.latitude, c.longitude),
            (&name, &state, kind.as_str(), latitude, longitude),
            "after {after}: {}",
            c.slug
        );
        let mut sisters = ties[&id].clone();
        sisters.sort();
        let sisters: Vec<String> = sisters.into_iter().map(|(_, _, s)| s).collect();
        assert_eq!(
            c.sister_city,
            sisters.join(", "),
            "after {after}: {}",
            c.slug
        );
        order.push((name.to_ascii_lowercase(), state, id));
    }
    assert!(
        order.windows(2).all(|w| w[0] < w[1]),
        "after {after}: the list is in name order"
    );
    assert_queries_agree(store, &list, after);

    // A city's own row (read with a filter, not the whole list) is the same.
    for c in list.iter().step_by(7) {
        assert_eq!(
            &cities::summary_of(conn, &resolve_city(conn, &c.slug).unwrap()).unwrap(),
            c,
            "after {after}: {}",
            c.slug
        );
    }
    // The in-memory list of the window agrees.
    assert_eq!(
        store.list_cities().unwrap(),
        list,
        "after {after}: cached list"
    );

    // The dashboard's counts are the list's.
    let dash = dashboard_uncached(conn).unwrap();
    for s in RelationshipStatus::ALL {
        let n = list.iter().filter(|c| c.relationship_status == *s).count() as u32;
        assert_eq!(dash.by_status[s], n, "after {after}: {s:?} cities");
    }
    for r in CityResponse::ALL {
        let n = list.iter().filter(|c| c.response == *r).count() as u32;
        assert_eq!(dash.by_response[r], n, "after {after}: {r:?} cities");
    }
}

/// Every filter and sort of the list, read from the store (`cities::query_cities`, which
/// reads only the rows its status, response and state can keep), gives what the window's
/// in-memory list gives (`Store::query_cities`: the whole list, filtered and sorted in
/// Rust), and each is the whole list's cities that pass the filter.
#[track_caller]
fn assert_queries_agree(store: &Store, list: &[cities::CitySummary], after: &str) {
    use outreach_core::cities::{FollowUpFilter, LastCallFilter};
    let base = |sort, descending| CityQuery {
        sort,
        descending,
        ..Default::default()
    };
    let sorts = [
        CitySort::Name,
        CitySort::State,
        CitySort::Status,
        CitySort::Response,
        CitySort::LastCall,
        CitySort::FollowUp,
    ];
    for sort in sorts {
        for descending in [false, true] {
            let mut queries = vec![base(sort, descending)];
            for s in RelationshipStatus::ALL {
                queries.push(CityQuery {
                    status: Some(*s),
                    ..base(sort, descending)
                });
            }
            for r in CityResponse::ALL {
                queries.push(CityQuery {
                    response: Some(*r),
                    ..base(sort, descending)
                });
            }
            for f in [
                LastCallFilter::Never,
                LastCallFilter::Last7Days,
                LastCallFilter::Not7Days,
                LastCallFilter::Not30Days,
            ] {
                queries.push(CityQuery {
                    last_call: Some(f),
                    ..base(sort, descending)
                });
            }
            for f in [
                FollowUpFilter::Due,
                FollowUpFilter::Set,
                FollowUpFilter::None,
            ] {
                queries.push(CityQuery {
                    follow_up: Some(f),
                    ..base(sort, descending)
                });
            }
            queries.push(CityQuery {
                state: Some("or".into()),
                status: Some(RelationshipStatus::Active),
                response: Some(CityResponse::None),
                ..base(sort, descending)
            });
            for q in queries {
                let read = cities::query_cities(store.conn(), &q).unwrap();
                let window = store.query_cities(&q).unwrap();
                assert_eq!(read, window, "after {after}: {q:?}");
                // The rows `outreach cities --json` writes from one buffer are, byte for
                // byte, the JSON of the window's own rows.
                let rows = cities::query_rows(store.conn(), &q).unwrap();
                assert_eq!(rows.len(), window.len(), "after {after}: {q:?}");
                assert_eq!(
                    serde_json::to_string_pretty(&rows).unwrap(),
                    serde_json::to_string_pretty(&window).unwrap(),
                    "after {after}: {q:?}"
                );
                let mut slugs: Vec<&str> = read.iter().map(|c| c.slug.as_str()).collect();
                slugs.sort_unstable();
                let kept = list.iter().filter(|c| {
                    q.status.is_none_or(|s| c.relationship_status == s)
                        && q.response.is_none_or(|r| c.response == r)
                        && (q.state.is_none() || c.state == "OR")
                });
                let mut want: Vec<&str> = kept.map(|c| c.slug.as_str()).collect();
                want.sort_unstable();
                if q.last_call.is_none() && q.follow_up.is_none() {
                    assert_eq!(slugs, want, "after {after}: {q:?}");
                } else {
                    assert!(slugs.len() <= want.len(), "after {after}: {q:?}");
                }
            }
        }
    }
}

fn open(dir: &Path) -> Store {
    Store::open_dir(dir).unwrap()
}

fn call(store: &mut Store, slug: &str, outcome: CallOutcome, follow_up: Option<&str>) -> String {
    let mut input = CallInput::new(slug, outcome);
    input.follow_up = follow_up.map(str::to_string);
    log_call(store.conn_mut(), &input).unwrap().id
}

fn respond(store: &mut Store, input: ResponseInput) -> Recorded {
    record_response(store.conn_mut(), &input).unwrap()
}

#[test]
fn the_summaries_equal_the_aggregation_after_every_kind_of_write() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = open(dir.path());
    assert_summaries_hold(&s, "seeding a new store");

    // Calls, their follow-ups, the next call closing them, undo reopening them.
    let first = call(
        &mut s,
        "portland-or",
        CallOutcome::Voicemail,
        Some("2099-03-01"),
    );
    assert_summaries_hold(&s, "a call setting a follow-up");
    call(
        &mut s,
        "portland-or",
        CallOutcome::Unavailable,
        Some("2099-02-01"),
    );
    assert_summaries_hold(&s, "a second call setting an earlier follow-up");
    let third = call(&mut s, "portland-or", CallOutcome::Contact, None);
    assert_summaries_hold(&s, "a call closing the open follow-ups");
    undo_call(s.conn_mut(), &third).unwrap();
    assert_summaries_hold(&s, "undoing the call that closed them");
    undo_call(s.conn_mut(), &first).unwrap();
    assert_summaries_hold(&s, "undoing the call that set a follow-up");
    call(
        &mut s,
        "berkeley-ca",
        CallOutcome::CallbackRequested,
        Some("2099-01-15"),
    );
    assert_summaries_hold(&s, "a call to a city with two ties");

    // Responses and tie status changes, each followed by the check.
    let berkeley = outreach_core::city_view::get_city(s.conn(), "berkeley-ca").unwrap();
    assert_eq!(berkeley.relationships.len(), 2, "Berkeley has two ties");
    let tie = Some(berkeley.relationships[0].id.clone());
    let (considering, acknowledged, committed) = (
        Some(CityResponse::Considering),
        Some(CityResponse::Acknowledged),
        Some(CityResponse::Committed),
    );
    let (suspended, severed) = (
        Some(RelationshipStatus::Suspended),
        Some(RelationshipStatus::Severed),
    );
    #[rustfmt::skip]
    let steps = [
        ("portland-or", "2025-06-01", considering, None, None, "a response"),
        ("portland-or", "2025-01-01", acknowledged, None, None, "an older response recorded later"),
        ("portland-or", "2025-07-01", committed, suspended, None, "a response with a status change"),
        ("berkeley-ca", "2025-03-01", None, severed, tie, "one of two ties severed"),
        ("berkeley-ca", "2025-03-02", None, severed, None, "both ties severed"),
    ];
    let mut saved = Vec::new();
    for (slug, date, response, relationship, relationship_id, what) in steps {
        let input = ResponseInput {
            slug: slug.into(),
            date: date.into(),
            response,
            relationship,
            relationship_id,
            ..Default::default()
        };
        saved.push(respond(&mut s, input));
        assert_summaries_hold(&s, what);
    }
    // Undoing them (issue 11): the latest response with its status change, one tie's
    // change of two, a response that was not the latest.
    undo_recorded(s.conn_mut(), &saved[2]).unwrap();
    assert_summaries_hold(&s, "undoing a response with a status change");
    undo_status_change(s.conn_mut(), &saved[4].status_change_ids[1]).unwrap();
    assert_summaries_hold(&s, "undoing one tie's status change");
    undo_response(s.conn_mut(), saved[1].response_id.as_deref().unwrap()).unwrap();
    assert_summaries_hold(&s, "undoing an older response");
    let portland = outreach_core::city_view::get_city(s.conn(), "portland-or").unwrap();
    assert_eq!(portland.summary.response, CityResponse::Considering);

    // Places volunteers add: a new place, then a second tie to it.
    let place = |sister: &str, status| NewTarget {
        city: "Springfield".into(),
        state: "IL".into(),
        kind: None,
        latitude: Some(39.8),
        longitude: Some(-89.6),
        sister_city: sister.into(),
        sister_region: None,
        status,
        date: "2024-05".into(),
        source_url: "https://example.org/springfield".into(),
        notes: String::new(),
    };
    add_target(s.conn_mut(), &place("Kursk", RelationshipStatus::Severed)).unwrap();
    assert_summaries_hold(&s, "a place added");
    add_target(s.conn_mut(), &place("Oryol", RelationshipStatus::Unknown)).unwrap();
    assert_summaries_hold(&s, "a tie added to that place");

    // A city's own values and its ties' names and order changed in place (no command does
    // that yet; the list's copies must follow all the same).
    let edit = |s: &Store, sql: &str| -> usize { s.conn().execute(sql, []).unwrap() };
    let renamed = edit(
        &s,
        "UPDATE cities SET name = 'springfield', state = 'MO', latitude = 37.2
         WHERE slug = 'springfield-il'",
    );
    assert_eq!(renamed, 1);
    assert_summaries_hold(&s, "a city's values changed");
    let springfield = "(SELECT id FROM cities WHERE slug = 'springfield-il')";
    let reordered = edit(
        &s,
        &format!("UPDATE relationships SET position = 5 - position WHERE city_id = {springfield}"),
    );
    assert_eq!(reordered, 2);
    assert_summaries_hold(&s, "a city's ties reordered");
    let sister = edit(
        &s,
        &format!(
            "UPDATE relationships SET sister_city = 'Orel' WHERE sister_city = 'Oryol'
             AND city_id = {springfield}"
        ),
    );
    assert_eq!(sister, 1);
    assert_summaries_hold(&s, "a sister city renamed");

    // A contact CSV import.
    import_contacts_csv(
        &mut s,
        &common::fixtures().join("uscm.csv"),
        &[],
        false,
        &ImportChoices::default(),
    )
    .unwrap();
    assert_summaries_hold(&s, "a contact CSV import");

    // A bundle from another volunteer's store, merged twice.
    let other_dir = tempfile::tempdir().unwrap();
    let mut other = open(other_dir.path());
    call(
        &mut other,
        "anchorage-ak",
        CallOutcome::Contact,
        Some("2099-04-01"),
    );
    let portland_call = call(
        &mut other,
        "portland-or",
        CallOutcome::Voicemail,
        Some("2098-12-01"),
    );
    let undone = call(&mut other, "albany-ny", CallOutcome::Voicemail, None);
    undo_call(other.conn_mut(), &undone).unwrap();
    let declined = record_response(
        other.conn_mut(),
        &ResponseInput {
            slug: "anchorage-ak".into(),
            response: Some(CityResponse::Declined),
            relationship: Some(RelationshipStatus::Active),
            date: "2025-08-01".into(),
            ..Default::default()
        },
    )
    .unwrap();
    add_target(
        other.conn_mut(),
        &NewTarget {
            city: "Bend".into(),
            state: "OR".into(),
            ..place("Yelets", RelationshipStatus::Active)
        },
    )
    .unwrap();
    let file = other_dir.path().join("work.outreach-bundle");
    let export = |from: &Store, to: &Path| {
        let all = true;
        bundle::export(
            from.conn(),
            to,
            all,
            outreach_core::output::Existing::Refuse,
        )
        .unwrap()
    };
    export(&other, &file);
    bundle::import(&mut s, &file).unwrap();
    assert_summaries_hold(&s, "a bundle merge");
    bundle::import(&mut s, &file).unwrap();
    assert_summaries_hold(&s, "the same bundle merged again");
    // And the other way: the volunteer's work reaches the other store.
    let back = dir.path().join("back.outreach-bundle");
    export(&s, &back);
    bundle::import(&mut other, &back).unwrap();
    assert_summaries_hold(&other, "a bundle merge into the other store");

    // A later bundle undoes a call, a response and a status change this store has from the
    // first one, and brings new ones; then that merge is undone (issue 13: a merge holds the
    // per-row triggers off and recomputes each city it touched once, before it commits).
    undo_call(other.conn_mut(), &portland_call).unwrap();
    undo_response(other.conn_mut(), declined.response_id.as_deref().unwrap()).unwrap();
    undo_status_change(other.conn_mut(), &declined.status_change_ids[0]).unwrap();
    call(&mut other, "albany-ny", CallOutcome::Contact, None);
    call(&mut other, "berkeley-ca", CallOutcome::Voicemail, None);
    record_response(
        other.conn_mut(),
        &ResponseInput {
            slug: "albany-ny".into(),
            response: Some(CityResponse::Committed),
            relationship: Some(RelationshipStatus::Severed),
            date: "2025-09-01".into(),
            ..Default::default()
        },
    )
    .unwrap();
    let later = other_dir.path().join("later.outreach-bundle");
    export(&other, &later);
    let coordinator = true; // may undo anyone's rows (the calls here name no volunteer)
    let merged = bundle::import_from(&mut s, &later, coordinator).unwrap();
    assert_eq!(
        (
            merged.calls_added,
            merged.responses_added,
            merged.responses_undone,
            merged.status_events_undone
        ),
        (2, 1, 1, 1),
        "{merged:?}"
    );
    assert!(
        merged.calls_undone >= 1 && merged.status_events_added >= 1,
        "{merged:?}"
    );
    assert!(
        merged.follow_ups_theirs >= 1,
        "a follow-up replaced too: {merged:?}"
    );
    assert_summaries_hold(
        &s,
        "a merge bringing calls, undos, responses and status changes",
    );
    let held_off: i64 = s
        .conn()
        .query_row("SELECT count(*) FROM summaries_deferred", [], |r| r.get(0))
        .unwrap();
    assert_eq!(held_off, 0, "the triggers are on again after a merge");
    let anchorage = outreach_core::city_view::get_city(s.conn(), "anchorage-ak").unwrap();
    assert_ne!(anchorage.summary.response, CityResponse::Declined);
    bundle::import_from(&mut s, &later, coordinator).unwrap();
    assert_summaries_hold(&s, "that bundle merged again");
    s.write(|c| outreach_core::journal::undo(c, merged.merge_id.as_deref()))
        .unwrap();
    assert_summaries_hold(&s, "undoing that merge");
    let anchorage = outreach_core::city_view::get_city(s.conn(), "anchorage-ak").unwrap();
    assert_eq!(anchorage.summary.response, CityResponse::Declined);
    call(&mut s, "albany-ny", CallOutcome::Voicemail, None);
    assert_summaries_hold(&s, "a call logged after the merges (the triggers work)");

    // A seed update: a seeded tie gets a later entry, another an entry correcting its
    // latest one.
    let mut targets = embedded_targets().unwrap();
    let contacts = embedded_contacts(&targets).unwrap();
    let campaign = embedded_campaign().unwrap();
    let albany = targets.iter_mut().find(|t| t.slug == "albany-ny").unwrap();
    let mut later = albany.relationships[0].history.last().unwrap().clone();
    later.status = RelationshipStatus::Suspended;
    later.date = Some("2025-02".into());
    later.seq = None;
    later.corrects = None;
    albany.relationships[0].history.push(later);
    let anchorage = targets
        .iter_mut()
        .find(|t| t.slug == "anchorage-ak")
        .unwrap();
    let history = &mut anchorage.relationships[0].history;
    let last_seq = history.len() as i64 - 1;
    let mut correction = history.last().unwrap().clone();
    correction.status = RelationshipStatus::Unknown;
    correction.seq = None;
    correction.corrects = Some(last_seq);
    history.push(correction);
    let report = seed::apply(s.conn_mut(), &targets, &contacts, &campaign).unwrap();
    assert!(report.events >= 2 && report.corrected >= 1, "{report:?}");
    assert_summaries_hold(&s, "a seed update");
    let albany = outreach_core::city_view::get_city(s.conn(), "albany-ny")
        .unwrap()
        .summary;
    assert_eq!(albany.relationship_status, RelationshipStatus::Suspended);

    // Generated campaign-scale data (several ties per city, undone calls, responses).
    outreach_core::generate::generate(
        s.conn_mut(),
        &outreach_core::generate::GenerateSpec {
            cities: 300,
            calls: 3_000,
            contacts: 400,
            seed: 11,
        },
    )
    .unwrap();
    assert_summaries_hold(&s, "generated data");

    // Another connection's writes (the command line while the window is open).
    let mut cli = open(dir.path());
    call(
        &mut cli,
        "albany-ny",
        CallOutcome::Contact,
        Some("2099-05-05"),
    );
    assert_summaries_hold(&s, "a write by another connection");

    // A teammate's call, pulled from the campaign server (this machine is Dana's), and a
    // city without coordinates whose name JSON must escape.
    let albany: String = s
        .conn()
        .query_row(
            "SELECT c.id FROM calls c JOIN cities ci ON ci.id = c.city_id
             WHERE ci.slug = 'albany-ny'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    s.conn()
        .execute(
            "INSERT INTO team_events (event_id, author, synced_at, state)
             VALUES ('call:' || ?1, 'ola', '2026-04-01T10:00:00.000Z', 'pulled')",
            [&albany],
        )
        .unwrap();
    outreach_core::settings::set(s.conn(), "team.volunteer", "dana").unwrap();
    s.conn()
        .execute(
            "UPDATE cities SET name = 'Berkeley \"East\" \\ Bay\u{1}é', latitude = NULL,
                 longitude = NULL
             WHERE slug = 'berkeley-ca'",
            [],
        )
        .unwrap();
    assert_summaries_hold(&s, "a teammate's call and a city without coordinates");
    let list = cities::list_cities(s.conn()).unwrap();
    let albany = list.iter().find(|c| c.slug == "albany-ny").unwrap();
    assert_eq!(albany.teammate_call.as_ref().unwrap().volunteer, "ola");
    let berkeley = list.iter().find(|c| c.slug == "berkeley-ca").unwrap();
    assert_eq!(
        (berkeley.latitude, berkeley.city.as_str()),
        (None, "Berkeley \"East\" \\ Bay\u{1}é")
    );

    // The list's filters and sorts read the summaries too.
    let active_by_last_call = cities::query_cities(
        s.conn(),
        &CityQuery {
            status: Some(RelationshipStatus::Active),
            sort: CitySort::LastCall,
            ..Default::default()
        },
    )
    .unwrap();
    assert!(!active_by_last_call.is_empty());
    assert!(active_by_last_call
        .windows(2)
        .all(|w| w[0].last_call_at <= w[1].last_call_at));
}

#[test]
fn migrating_a_previous_versions_store_builds_its_summaries() {
    let dir = common::copy_of_store_v1();
    let mut s = open(dir.path());
    let calls: i64 = s
        .conn()
        .query_row("SELECT count(*) FROM calls", [], |r| r.get(0))
        .unwrap();
    assert!(calls > 0, "the fixture has calls");
    assert_summaries_hold(&s, "migrating a schema-1 store");
    let summaries_with_values: i64 = s
        .conn()
        .query_row(
            "SELECT count(*) FROM city_summaries
             WHERE response IS NOT NULL OR next_follow_up IS NOT NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(
        summaries_with_values > 0,
        "the volunteer's work is summarised"
    );
    call(&mut s, "portland-or", CallOutcome::Contact, None);
    assert_summaries_hold(&s, "a call after the migration");
}

/// Runs `f(city_id, value)` over the rows of `sql` (city id, value, end) that have not ended.
fn each_live(conn: &Connection, sql: &str, mut f: impl FnMut(String, String)) {
    each_row(conn, sql, |r| {
        if r.get::<_, Option<String>>(2).unwrap().is_none() {
            f(r.get(0).unwrap(), r.get(1).unwrap());
        }
    });
}

/// Runs `f` over every row of `sql`.
fn each_row(conn: &Connection, sql: &str, mut f: impl FnMut(&rusqlite::Row<'_>)) {
    let mut stmt = conn.prepare(sql).unwrap();
    let mut rows = stmt.query([]).unwrap();
    while let Some(r) = rows.next().unwrap() {
        f(r);
    }
}

/// The list is sorted in Rust, not by SQLite (issue 13); its order must stay the one the
/// SQL gave: the name as `NOCASE` compares it (ASCII letters without case, then bytes),
/// then the state, then the id. Names that differ only in case, in a space or in a letter
/// outside ASCII are where a different rule would show.
#[test]
fn the_city_list_keeps_sqlites_name_order() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = open(dir.path());
    for (city, state) in [
        ("De Soto", "MO"),
        ("DeKalb", "IL"),
        ("de Pere", "WI"),
        ("Delta", "CO"),
        ("DELTA", "UT"),
        ("Ébano", "TX"),
        ("Eagle", "ID"),
        ("Zion", "IL"),
        ("zion", "UT"),
    ] {
        add_target(
            s.conn_mut(),
            &NewTarget {
                city: city.into(),
                state: state.into(),
                kind: None,
                latitude: None,
                longitude: None,
                sister_city: "Kursk".into(),
                sister_region: None,
                status: RelationshipStatus::Active,
                date: "2024-05".into(),
                source_url: "https://example.org/list-order".into(),
                notes: String::new(),
            },
        )
        .unwrap_or_else(|e| panic!("adding {city}, {state}: {e}"));
    }
    let by_sql = |status: Option<&str>| -> Vec<String> {
        let mut stmt = s
            .conn()
            .prepare(
                "SELECT slug FROM city_summaries
                 WHERE status IS NOT NULL AND (?1 IS NULL OR status = ?1)
                 ORDER BY name COLLATE NOCASE, state, city_id",
            )
            .unwrap();
        let rows = stmt.query_map([status], |r| r.get(0)).unwrap();
        rows.collect::<rusqlite::Result<_>>().unwrap()
    };
    let slugs = |list: Vec<cities::CitySummary>| -> Vec<String> {
        list.into_iter().map(|c| c.slug).collect()
    };
    let all = CityQuery::default();
    let active = CityQuery {
        status: Some(RelationshipStatus::Active),
        ..CityQuery::default()
    };
    let want_all = by_sql(None);
    assert!(
        want_all.len() > 70,
        "the seed and the nine places are listed"
    );
    assert_eq!(
        slugs(cities::query_cities(s.conn(), &all).unwrap()),
        want_all
    );
    assert_eq!(slugs(s.query_cities(&all).unwrap()), want_all);
    let want_active = by_sql(Some("active"));
    assert_eq!(
        slugs(cities::query_cities(s.conn(), &active).unwrap()),
        want_active
    );
    assert_eq!(slugs(s.query_cities(&active).unwrap()), want_active);
}
