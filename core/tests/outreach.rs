//! The outreach workflow on a real store file: calls with follow-ups and undo, responses
//! that keep history, the dashboard, and logging as one transaction.

mod common;
use common::dump;
use std::path::Path;

use outreach_core::calls::{list_calls, log_call, undo_call, CallInput};
use outreach_core::campaign::{set_campaign_settings, CampaignSettings};
use outreach_core::cities::{query_cities, CityQuery, CitySort};
use outreach_core::city_view::get_city;
use outreach_core::dashboard::dashboard;
use outreach_core::followups;
use outreach_core::responses::{record_response, ResponseInput};
use outreach_core::vocab::{CallOutcome, CityResponse, RelationshipStatus};
use outreach_core::{time, ErrorKind, Store};

fn store(dir: &Path) -> Store {
    Store::open_dir(dir).unwrap()
}

fn call(slug: &str, outcome: CallOutcome, follow_up: Option<&str>) -> CallInput {
    let mut c = CallInput::new(slug, outcome);
    c.follow_up = follow_up.map(str::to_string);
    c
}

/// A store in a new data folder with a voicemail logged for `slug` and its follow-up due
/// today: the folder, the store and today's date.
fn store_with_a_follow_up(slug: &str) -> (tempfile::TempDir, Store, String) {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(dir.path());
    let today = time::today();
    log_call(
        s.conn_mut(),
        &call(slug, CallOutcome::Voicemail, Some(&today)),
    )
    .unwrap();
    (dir, s, today)
}

#[test]
fn calls_are_listed_newest_first_and_the_next_call_closes_the_follow_up() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(dir.path());
    let today = time::today();
    let first = log_call(
        s.conn_mut(),
        &call("anchorage-ak", CallOutcome::CallbackRequested, Some(&today)),
    )
    .unwrap();
    assert_eq!(first.follow_up.as_deref(), Some(today.as_str()));
    let due = followups::due(s.conn(), &today).unwrap();
    assert_eq!(due.len(), 1);
    assert_eq!(due[0].call_id.as_deref(), Some(first.id.as_str()));
    std::thread::sleep(std::time::Duration::from_millis(2));
    let second = log_call(
        s.conn_mut(),
        &call("anchorage-ak", CallOutcome::Contact, None),
    )
    .unwrap();
    assert!(followups::due(s.conn(), &today).unwrap().is_empty());

    // Reopened from disk, as after a restart.
    drop(s);
    let mut s = store(dir.path());
    let calls = list_calls(s.conn(), "anchorage-ak").unwrap();
    let ids: Vec<&str> = calls.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, vec![second.id.as_str(), first.id.as_str()]);
    assert_eq!(calls[1].follow_up.as_deref(), Some(today.as_str()));

    // Undoing the call that closed the follow-up opens it again.
    undo_call(s.conn_mut(), &second.id).unwrap();
    assert_eq!(followups::due(s.conn(), &today).unwrap().len(), 1);
    let city = get_city(s.conn(), "anchorage-ak").unwrap();
    assert_eq!(city.calls.len(), 1);
    assert_eq!(
        city.summary.last_call_at.as_deref(),
        Some(first.called_at.as_str())
    );
    assert_eq!(city.summary.next_follow_up.as_deref(), Some(today.as_str()));
    // Undoing the call that set it closes it.
    undo_call(s.conn_mut(), &first.id).unwrap();
    assert!(followups::due(s.conn(), &today).unwrap().is_empty());
    assert!(list_calls(s.conn(), "anchorage-ak").unwrap().is_empty());
    let err = undo_call(s.conn_mut(), &first.id).unwrap_err();
    assert!(err.to_string().contains("already undone"), "{err}");
}

#[test]
fn calls_logged_at_the_same_time_are_listed_in_the_stores_order_with_their_follow_ups() {
    // Calls with the same time come from merged bundles and team sync; the list orders them
    // by id, newest first, as the store's own `ORDER BY called_at DESC, id DESC` does.
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(dir.path());
    let mut ids = Vec::new();
    for i in 0..6 {
        let due = (i == 2).then_some("2099-01-01");
        ids.push(
            log_call(
                s.conn_mut(),
                &call("anchorage-ak", CallOutcome::Voicemail, due),
            )
            .unwrap()
            .id,
        );
    }
    for (id, at) in ids.iter().zip([
        "2026-05-01T10:00:00Z",
        "2026-05-02T09:00:00Z",
        "2026-05-01T10:00:00Z",
        "2026-04-30T08:00:00Z",
        "2026-05-01T10:00:00Z",
        "2026-05-02T09:00:00Z",
    ]) {
        s.conn()
            .execute("UPDATE calls SET called_at = ?2 WHERE id = ?1", [id, at])
            .unwrap();
    }
    let listed: Vec<(String, String, Option<String>)> = list_calls(s.conn(), "anchorage-ak")
        .unwrap()
        .into_iter()
        .map(|c| (c.called_at, c.id, c.follow_up))
        .collect();
    let mut stmt = s
        .conn()
        .prepare(
            "SELECT k.called_at, k.id, f.due_date FROM calls k
             LEFT JOIN follow_ups f ON f.call_id = k.id
             WHERE k.city_id = (SELECT id FROM cities WHERE slug = 'anchorage-ak')
             ORDER BY k.called_at DESC, k.id DESC",
        )
        .unwrap();
    let want: Vec<(String, String, Option<String>)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(listed, want);
    assert_eq!(listed.len(), 6);
    let with_follow_up: Vec<&str> = listed
        .iter()
        .filter(|(_, _, f)| f.is_some())
        .map(|(_, id, _)| id.as_str())
        .collect();
    assert_eq!(with_follow_up, vec![ids[2].as_str()]);
}

#[test]
fn overdue_follow_ups_come_first_and_are_marked() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(dir.path());
    log_call(
        s.conn_mut(),
        &call("anchorage-ak", CallOutcome::Voicemail, Some("2099-01-01")),
    )
    .unwrap();
    log_call(
        s.conn_mut(),
        &call("portland-or", CallOutcome::Voicemail, Some("2099-01-05")),
    )
    .unwrap();
    // Seen from a later day: one overdue, one due that day, none from the future.
    let due = followups::due(s.conn(), "2099-01-05").unwrap();
    let view: Vec<(&str, bool)> = due
        .iter()
        .map(|f| (f.city_slug.as_str(), f.overdue))
        .collect();
    assert_eq!(view, vec![("anchorage-ak", true), ("portland-or", false)]);
    assert_eq!(followups::count_due(s.conn(), "2099-01-04").unwrap(), 1);
    // The city list sorts by the next follow-up, cities without one last.
    let list = query_cities(
        s.conn(),
        &CityQuery {
            sort: CitySort::FollowUp,
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(list[0].slug, "anchorage-ak");
    assert_eq!(list[1].slug, "portland-or");
    assert!(list[2].next_follow_up.is_none());
}

#[test]
fn a_response_and_a_status_change_add_history_and_overwrite_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(dir.path());
    let before = get_city(s.conn(), "portland-or").unwrap();
    let old_history = before.relationships[0].history.clone();
    let input = ResponseInput {
        slug: "portland-or".into(),
        response: Some(CityResponse::Considering),
        relationship: None,
        date: "2026-03-01".into(),
        notes: "Chief of staff will raise it".into(),
        ..Default::default()
    };
    record_response(s.conn_mut(), &input).unwrap();
    let id = record_response(
        s.conn_mut(),
        &ResponseInput {
            response: Some(CityResponse::Committed),
            relationship: Some(RelationshipStatus::Suspended),
            date: "2026-04-01".into(),
            source_url: Some("https://example.org/council".into()),
            ..input.clone()
        },
    )
    .unwrap();
    let city = outreach_core::city_view::city_detail(s.conn(), &id.city_id).unwrap();
    assert_eq!(city.summary.response, CityResponse::Committed);
    assert_eq!(
        city.summary.relationship_status,
        RelationshipStatus::Suspended
    );
    let responses: Vec<CityResponse> = city.responses.iter().map(|r| r.response).collect();
    assert_eq!(
        responses,
        vec![CityResponse::Committed, CityResponse::Considering]
    );
    let history = &city.relationships[0].history;
    assert_eq!(
        &history[..old_history.len()],
        &old_history[..],
        "old entries unchanged"
    );
    let new = history.last().unwrap();
    assert_eq!(new.status, RelationshipStatus::Suspended);
    assert_eq!(new.date.as_deref(), Some("2026-04-01"));
    assert_eq!(new.sources, vec!["https://example.org/council".to_string()]);
    assert_eq!(new.origin, outreach_core::vocab::Origin::Volunteer);

    // Filters see it.
    let suspended_or = query_cities(
        s.conn(),
        &CityQuery {
            status: Some(RelationshipStatus::Suspended),
            response: Some(CityResponse::Committed),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(suspended_or.len(), 1);
    assert_eq!(suspended_or[0].slug, "portland-or");
}

#[test]
fn bad_responses_are_refused_by_field_and_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(dir.path());
    let before = dump(s.conn());
    let good = ResponseInput {
        slug: "portland-or".into(),
        response: Some(CityResponse::Declined),
        date: "2026-03-01".into(),
        ..Default::default()
    };
    for (bad, field) in [
        (
            ResponseInput {
                date: "03/01/2026".into(),
                ..good.clone()
            },
            "date: ",
        ),
        (
            ResponseInput {
                date: "2999-01-01".into(),
                ..good.clone()
            },
            "date: ",
        ),
        (
            ResponseInput {
                source_url: Some("javascript:alert(1)".into()),
                ..good.clone()
            },
            "source: ",
        ),
        (
            ResponseInput {
                response: None,
                ..good.clone()
            },
            "response: ",
        ),
        (
            ResponseInput {
                relationship: Some(RelationshipStatus::Severed),
                relationship_id: Some("nope".into()),
                ..good.clone()
            },
            "relationship: ",
        ),
    ] {
        let err = record_response(s.conn_mut(), &bad).unwrap_err().to_string();
        assert!(err.starts_with(field), "{err}");
    }
    let err = record_response(
        s.conn_mut(),
        &ResponseInput {
            slug: "atlantis-ga".into(),
            ..good
        },
    )
    .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::UnknownCity);
    assert_eq!(dump(s.conn()), before);
}

#[test]
fn the_dashboard_counts_cities_and_this_weeks_calls() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(dir.path());
    let d0 = dashboard(&s).unwrap();
    let cities: u32 = d0.by_status.values().sum();
    assert_eq!(cities, d0.by_response.values().sum::<u32>());
    assert_eq!(d0.by_response[&CityResponse::None], cities);
    set_campaign_settings(
        s.conn_mut(),
        &CampaignSettings {
            volunteer_name: Some("Dana".into()),
            call_script: "Hello {mayor_name}".into(),
            goal: 25_000,
        },
    )
    .unwrap();
    log_call(
        s.conn_mut(),
        &call("portland-or", CallOutcome::Voicemail, Some(&time::today())),
    )
    .unwrap();
    let mut other = call("anchorage-ak", CallOutcome::Contact, None);
    other.volunteer = Some("Sam".into());
    let undone = log_call(s.conn_mut(), &other).unwrap();
    log_call(s.conn_mut(), &other).unwrap();
    undo_call(s.conn_mut(), &undone.id).unwrap();
    // An old call does not count this week.
    s.conn()
        .execute(
            "INSERT INTO calls (id, city_id, channel, outcome, volunteer, called_at, created_at)
             SELECT 'old', id, 'phone', 'contact', 'Dana', '2020-01-01T00:00:00.000Z', '2020-01-01T00:00:00.000Z'
             FROM cities WHERE slug = 'portland-or'",
            [],
        )
        .unwrap();
    record_response(
        s.conn_mut(),
        &ResponseInput {
            slug: "portland-or".into(),
            response: Some(CityResponse::Acknowledged),
            relationship: Some(RelationshipStatus::Severed),
            date: time::today(),
            ..Default::default()
        },
    )
    .unwrap();
    let d = dashboard(&s).unwrap();
    assert_eq!(d.calls_last_7_days, 2);
    assert_eq!(d.my_calls_last_7_days, 1);
    assert_eq!(d.follow_ups_due, 1);
    assert_eq!(d.volunteer.as_deref(), Some("Dana"));
    assert_eq!(d.by_response[&CityResponse::Acknowledged], 1);
    assert_eq!(
        d.by_status[&RelationshipStatus::Severed],
        d0.by_status[&RelationshipStatus::Severed] + 1
    );
}

#[test]
fn a_call_refused_before_writing_leaves_the_store_exactly_as_it_was() {
    let (_dir, mut s, _today) = store_with_a_follow_up("portland-or");
    let before = dump(s.conn());
    for (bad, start) in [
        (
            call("portland-or", CallOutcome::Contact, Some("2026-02-30")),
            "follow-up: \"2026-02-30\"",
        ),
        (
            call("portland-or", CallOutcome::Contact, Some("2020-01-01")),
            "follow-up: \"2020-01-01\" is in the past",
        ),
        (
            call("atlantis-ga", CallOutcome::Contact, None),
            "no target city has the slug \"atlantis-ga\"",
        ),
        (
            CallInput {
                contact_id: Some("nobody".into()),
                ..call("portland-or", CallOutcome::Contact, None)
            },
            "no contact has the id \"nobody\"",
        ),
    ] {
        let err = log_call(s.conn_mut(), &bad).unwrap_err().to_string();
        assert!(err.starts_with(start), "{err}");
    }
    assert_eq!(dump(s.conn()), before);
}

#[test]
fn a_statement_failing_after_the_call_insert_leaves_no_half_written_call() {
    let (dir, mut s, today) = store_with_a_follow_up("portland-or");
    // The follow-up insert, the last statement of the transaction, fails.
    s.conn()
        .execute_batch(
            "CREATE TEMP TRIGGER fail_follow_up BEFORE INSERT ON main.follow_ups
             BEGIN SELECT RAISE(ABORT, 'injected failure'); END;",
        )
        .unwrap();
    let before = dump(s.conn());
    let err = log_call(
        s.conn_mut(),
        &call("portland-or", CallOutcome::Contact, Some(&today)),
    )
    .unwrap_err();
    assert!(err.to_string().contains("injected failure"), "{err}");
    assert_eq!(
        dump(s.conn()),
        before,
        "no call, and the open follow-up still open"
    );
    assert_eq!(followups::due(s.conn(), &today).unwrap().len(), 1);
    drop(s);
    let s = store(dir.path());
    assert_eq!(list_calls(s.conn(), "portland-or").unwrap().len(), 1);
}

#[test]
fn the_list_filters_by_last_call_and_follow_up_and_sorts_responses_in_campaign_order() {
    use outreach_core::cities::{FollowUpFilter, LastCallFilter};
    let (_dir, mut s, _today) = store_with_a_follow_up("anchorage-ak");
    log_call(
        s.conn_mut(),
        &call("portland-or", CallOutcome::Contact, Some("2099-01-01")),
    )
    .unwrap();
    let slugs = |q: CityQuery| -> Vec<String> {
        s.query_cities(&q)
            .unwrap()
            .into_iter()
            .map(|c| c.slug)
            .collect()
    };
    let called = slugs(CityQuery {
        last_call: Some(LastCallFilter::Last7Days),
        ..Default::default()
    });
    assert_eq!(called, ["anchorage-ak", "portland-or"]);
    let never = slugs(CityQuery {
        last_call: Some(LastCallFilter::Never),
        ..Default::default()
    });
    assert!(!never.contains(&"anchorage-ak".to_string()));
    assert!(never.len() > 50);
    assert_eq!(
        slugs(CityQuery {
            last_call: Some(LastCallFilter::Not30Days),
            ..Default::default()
        }),
        never
    );
    let due = slugs(CityQuery {
        follow_up: Some(FollowUpFilter::Due),
        ..Default::default()
    });
    assert_eq!(due, ["anchorage-ak"]);
    let set = slugs(CityQuery {
        follow_up: Some(FollowUpFilter::Set),
        ..Default::default()
    });
    assert_eq!(set, ["anchorage-ak", "portland-or"]);

    // Responses sort in the one order the vocabulary defines (none first, declined last).
    for (slug, response) in [
        ("anchorage-ak", CityResponse::Declined),
        ("portland-or", CityResponse::Considering),
    ] {
        record_response(
            s.conn_mut(),
            &ResponseInput {
                slug: slug.into(),
                response: Some(response),
                date: "2026-03-01".into(),
                ..Default::default()
            },
        )
        .unwrap();
    }
    let by_response: Vec<CityResponse> = s
        .query_cities(&CityQuery {
            sort: CitySort::Response,
            ..Default::default()
        })
        .unwrap()
        .into_iter()
        .map(|c| c.response)
        .collect();
    let n = by_response.len();
    assert_eq!(
        &by_response[n - 2..],
        [CityResponse::Considering, CityResponse::Declined]
    );
    let mut ranks: Vec<usize> = by_response.iter().map(|r| r.rank()).collect();
    ranks.dedup();
    assert_eq!(ranks, [0, 2, 4], "in CityResponse::ORDER");
}

/// A city's calls read their contacts' names from the city's contacts (issue 13), not by a
/// join per call; a contact moved to another city since the call (an import does that) and
/// a removed one still give the call its name.
#[test]
fn a_citys_calls_name_their_contacts_also_moved_or_removed_ones() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(dir.path());
    let contacts: Vec<(String, String)> = s
        .conn()
        .prepare(
            "SELECT p.id, p.name FROM contacts p JOIN cities c ON c.id = p.city_id
             WHERE c.slug = 'portland-or' AND p.deleted_at IS NULL ORDER BY p.id LIMIT 2",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert!(!contacts.is_empty(), "the seed gives Portland a contact");
    for (id, _) in &contacts {
        let mut input = call("portland-or", CallOutcome::Voicemail, None);
        input.contact_id = Some(id.clone());
        log_call(s.conn_mut(), &input).unwrap();
    }
    log_call(
        s.conn_mut(),
        &call("portland-or", CallOutcome::Contact, None),
    )
    .unwrap();
    // The first contact moves to Berkeley; the last one is removed.
    s.conn()
        .execute(
            "UPDATE contacts SET city_id = (SELECT id FROM cities WHERE slug = 'berkeley-ca')
             WHERE id = ?1",
            [&contacts[0].0],
        )
        .unwrap();
    s.conn()
        .execute(
            "UPDATE contacts SET deleted_at = '2026-01-01T00:00:00Z' WHERE id = ?1",
            [&contacts[contacts.len() - 1].0],
        )
        .unwrap();
    let calls = list_calls(s.conn(), "portland-or").unwrap();
    let mut named: Vec<(Option<String>, Option<String>)> = calls
        .iter()
        .map(|c| (c.contact_id.clone(), c.contact_name.clone()))
        .collect();
    named.sort();
    let mut want: Vec<(Option<String>, Option<String>)> = contacts
        .iter()
        .map(|(id, name)| (Some(id.clone()), Some(name.clone())))
        .collect();
    want.push((None, None));
    want.sort();
    assert_eq!(named, want);
    assert!(calls.iter().all(|c| c.city_slug == "portland-or"));
}
