//! Undoing a response and a change of a tie's status (issue 11), as a call is undone: the
//! row stays, marked, and every reader shows the city as it was before: its summary, the
//! list row, the call queue, the city in full, the dashboard and exports. Someone else's
//! (pulled from the team server) is refused with a typed error that changes nothing, and
//! an undo is not made twice. Bundles carry the undo; `undo-merge` reverts it. A store of
//! the previous schema keeps every response and status change when migrated.

mod common;

use common::{assert_unchanged, dump, one};
use outreach_core::bundle;
use outreach_core::cities::list_cities;
use outreach_core::city_view::{city_detail, get_city};
use outreach_core::dashboard::dashboard_uncached;
use outreach_core::error::ErrorKind;
use outreach_core::export::{self, ExportFormat, ExportKind};
use outreach_core::fields::{InputField, Problem};
use outreach_core::ids::resolve_city;
use outreach_core::output::Existing;
use outreach_core::queue::call_queue;
use outreach_core::responses::{
    record_response, undo_recorded, undo_response, undo_status_change, Recorded, ResponseInput,
};
use outreach_core::store::{self, APPLICATION_ID};
use outreach_core::vocab::{CityResponse, RelationshipStatus};
use outreach_core::{Error, Store};
use rusqlite::Connection;

/// A city at the top of the call queue (an active tie, a phone number, never called).
fn first_in_queue(s: &Store) -> String {
    call_queue(s.conn(), None).unwrap().entries[0].slug.clone()
}

fn in_queue(s: &Store, slug: &str) -> bool {
    call_queue(s.conn(), None)
        .unwrap()
        .entries
        .iter()
        .any(|e| e.slug == slug)
}

fn respond(
    s: &mut Store,
    slug: &str,
    response: Option<CityResponse>,
    status: Option<RelationshipStatus>,
    date: &str,
) -> Recorded {
    record_response(
        s.conn_mut(),
        &ResponseInput {
            slug: slug.into(),
            response,
            relationship: status,
            date: date.into(),
            notes: "from the council minutes".into(),
            ..Default::default()
        },
    )
    .unwrap()
}

fn list_row(s: &Store, slug: &str) -> outreach_core::cities::CitySummary {
    list_cities(s.conn())
        .unwrap()
        .into_iter()
        .find(|c| c.slug == slug)
        .unwrap()
}

fn responses_export(s: &Store) -> String {
    let mut out = Vec::new();
    export::write(s.conn(), ExportKind::Responses, ExportFormat::Csv, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

fn invalid(err: &Error) -> (InputField, Problem) {
    let p = err.payload();
    assert_eq!(p.kind, ErrorKind::InvalidInput, "{err}");
    (p.field.unwrap(), p.code.unwrap())
}

#[test]
fn an_undone_response_leaves_the_city_showing_the_one_before_everywhere() {
    let (_dir, mut s) = common::new_store();
    let slug = first_in_queue(&s);
    let considering = respond(
        &mut s,
        &slug,
        Some(CityResponse::Considering),
        None,
        "2026-03-01",
    );
    let committed = respond(
        &mut s,
        &slug,
        Some(CityResponse::Committed),
        None,
        "2026-04-01",
    );
    assert_eq!(list_row(&s, &slug).response, CityResponse::Committed);
    assert!(!in_queue(&s, &slug), "a committed city is not called");
    let counted = dashboard_uncached(s.conn()).unwrap().by_response[&CityResponse::Committed];

    undo_response(s.conn_mut(), committed.response_id.as_deref().unwrap()).unwrap();

    let city = get_city(s.conn(), &slug).unwrap();
    assert_eq!(city.summary.response, CityResponse::Considering);
    assert_eq!(
        city.responses
            .iter()
            .map(|r| r.id.clone())
            .collect::<Vec<_>>(),
        vec![considering.response_id.clone().unwrap()],
        "the history leaves the undone response out"
    );
    assert_eq!(list_row(&s, &slug).response, CityResponse::Considering);
    assert!(in_queue(&s, &slug), "the city is back in the queue");
    let d = dashboard_uncached(s.conn()).unwrap();
    assert_eq!(d.by_response[&CityResponse::Committed], counted - 1);
    let csv = responses_export(&s);
    assert!(
        !csv.contains(committed.response_id.as_deref().unwrap()),
        "{csv}"
    );
    assert!(
        csv.contains(considering.response_id.as_deref().unwrap()),
        "{csv}"
    );
    // The row stays, marked, so a merge cannot bring it back.
    let undone: Option<String> = one(
        s.conn(),
        "SELECT undone_at FROM responses WHERE id = ?1",
        [committed.response_id.as_deref().unwrap()],
    );
    assert!(undone.is_some());

    // The only response undone: the city shows none.
    undo_response(s.conn_mut(), considering.response_id.as_deref().unwrap()).unwrap();
    let city = get_city(s.conn(), &slug).unwrap();
    assert_eq!(city.summary.response, CityResponse::None);
    assert!(city.responses.is_empty());
}

#[test]
fn an_undone_status_change_puts_the_tie_back_at_its_previous_status() {
    let (_dir, mut s) = common::new_store();
    let slug = first_in_queue(&s);
    let before = get_city(s.conn(), &slug).unwrap();
    assert_eq!(
        before.summary.relationship_status,
        RelationshipStatus::Active
    );
    let severed = respond(
        &mut s,
        &slug,
        None,
        Some(RelationshipStatus::Severed),
        "2026-04-01",
    );
    assert_eq!(severed.status_change_ids.len(), before.relationships.len());
    assert_eq!(
        list_row(&s, &slug).relationship_status,
        RelationshipStatus::Severed
    );
    assert!(
        !in_queue(&s, &slug),
        "a severed tie without a follow-up is not called"
    );

    undo_status_change(s.conn_mut(), &severed.status_change_ids[0]).unwrap();
    for id in &severed.status_change_ids[1..] {
        undo_status_change(s.conn_mut(), id).unwrap();
    }

    let after = get_city(s.conn(), &slug).unwrap();
    assert_eq!(after.summary, before.summary, "the summary is as before");
    assert_eq!(
        after.relationships, before.relationships,
        "ties and histories as before"
    );
    assert_eq!(
        list_row(&s, &slug).relationship_status,
        RelationshipStatus::Active
    );
    assert!(in_queue(&s, &slug), "the city is back in the queue");
    let d = dashboard_uncached(s.conn()).unwrap();
    let fresh = {
        let (_d2, s2) = common::new_store();
        dashboard_uncached(s2.conn()).unwrap()
    };
    assert_eq!(
        d.by_status, fresh.by_status,
        "the dashboard counts as before"
    );
}

#[test]
fn one_save_with_a_response_and_a_status_change_is_undone_whole() {
    let (_dir, mut s) = common::new_store();
    let slug = first_in_queue(&s);
    let id = resolve_city(s.conn(), &slug).unwrap();
    let before = city_detail(s.conn(), &id).unwrap();
    let saved = respond(
        &mut s,
        &slug,
        Some(CityResponse::Committed),
        Some(RelationshipStatus::Suspended),
        "2026-04-01",
    );
    assert!(saved.response_id.is_some() && !saved.status_change_ids.is_empty());
    undo_recorded(s.conn_mut(), &saved).unwrap();
    assert_eq!(city_detail(s.conn(), &id).unwrap(), before);
    // Again: refused, nothing changed.
    let kept = dump(s.conn());
    let err = undo_recorded(s.conn_mut(), &saved).unwrap_err();
    assert_eq!(invalid(&err), (InputField::Response, Problem::AlreadyDone));
    assert_unchanged(s.conn(), &kept, "undoing a save twice");
}

#[test]
fn undoing_twice_or_an_unknown_row_or_the_researchs_entry_is_refused_and_changes_nothing() {
    let (_dir, mut s) = common::new_store();
    let slug = first_in_queue(&s);
    let r = respond(
        &mut s,
        &slug,
        Some(CityResponse::Acknowledged),
        Some(RelationshipStatus::Unknown),
        "2026-04-01",
    );
    undo_response(s.conn_mut(), r.response_id.as_deref().unwrap()).unwrap();
    undo_status_change(s.conn_mut(), &r.status_change_ids[0]).unwrap();
    let kept = dump(s.conn());

    let err = undo_response(s.conn_mut(), r.response_id.as_deref().unwrap()).unwrap_err();
    assert_eq!(invalid(&err), (InputField::Response, Problem::AlreadyDone));
    assert!(err.to_string().contains("already undone"), "{err}");
    let err = undo_status_change(s.conn_mut(), &r.status_change_ids[0]).unwrap_err();
    assert_eq!(
        invalid(&err),
        (InputField::Relationship, Problem::AlreadyDone)
    );

    let err = undo_response(s.conn_mut(), "no-such-response").unwrap_err();
    assert_eq!(err.kind(), ErrorKind::UnknownResponse);
    assert!(err.to_string().contains("no-such-response"), "{err}");
    let err = undo_status_change(s.conn_mut(), "no-such-change").unwrap_err();
    assert_eq!(err.kind(), ErrorKind::UnknownStatusChange);

    let seeded: String = one(
        s.conn(),
        "SELECT id FROM relationship_events WHERE origin = 'seed' LIMIT 1",
        [],
    );
    let err = undo_status_change(s.conn_mut(), &seeded).unwrap_err();
    assert_eq!(invalid(&err), (InputField::Relationship, Problem::Invalid));
    assert_unchanged(s.conn(), &kept, "refused undos");
}

#[test]
fn a_teammates_response_or_status_change_is_refused_unless_a_coordinator_undoes_it() {
    let (_dir, mut s) = common::new_store();
    let slug = first_in_queue(&s);
    let r = respond(
        &mut s,
        &slug,
        Some(CityResponse::Declined),
        Some(RelationshipStatus::Suspended),
        "2026-04-01",
    );
    // Both were pulled from the campaign server, recorded there by Ola; this machine is Dana's.
    let response = r.response_id.clone().unwrap();
    let status = r.status_change_ids[0].clone();
    for event in [format!("response:{response}"), format!("status:{status}")] {
        s.conn()
            .execute(
                "INSERT INTO team_events (event_id, author, synced_at, state)
                 VALUES (?1, 'ola', '2026-04-01T10:00:00.000Z', 'pulled')",
                [event],
            )
            .unwrap();
    }
    outreach_core::settings::set(s.conn(), "team.volunteer", "dana").unwrap();
    let kept = dump(s.conn());

    let err = undo_response(s.conn_mut(), &response).unwrap_err();
    assert_eq!(invalid(&err), (InputField::Response, Problem::NotYours));
    assert!(err.to_string().contains("ola"), "{err}");
    let err = undo_status_change(s.conn_mut(), &status).unwrap_err();
    assert_eq!(invalid(&err), (InputField::Relationship, Problem::NotYours));
    let err = undo_recorded(s.conn_mut(), &r).unwrap_err();
    assert_eq!(invalid(&err), (InputField::Response, Problem::NotYours));
    assert_unchanged(s.conn(), &kept, "refused undos of a teammate's work");
    assert_eq!(list_row(&s, &slug).response, CityResponse::Declined);

    // A coordinator may.
    outreach_core::settings::set(s.conn(), "team.coordinator", "1").unwrap();
    undo_recorded(s.conn_mut(), &r).unwrap();
    assert_eq!(list_row(&s, &slug).response, CityResponse::None);
}

/// Two stores of one campaign: a response and a status change travel to B, then A undoes
/// them; the next bundle carries the undos, B applies them, and undoing that merge on B
/// brings them back.
#[test]
fn an_undo_made_after_an_export_travels_in_the_next_bundle_and_undo_merge_reverts_it() {
    let root = tempfile::tempdir().unwrap();
    let mut a = Store::open_dir(&root.path().join("a")).unwrap();
    let mut b = Store::open_dir(&root.path().join("b")).unwrap();
    outreach_core::settings::set(a.conn(), "volunteer.name", "Dana").unwrap();
    let slug = first_in_queue(&a);
    let r = respond(
        &mut a,
        &slug,
        Some(CityResponse::Committed),
        Some(RelationshipStatus::Suspended),
        "2026-04-01",
    );
    let first = root.path().join("a1.json");
    bundle::export(a.conn(), &first, false, Existing::Refuse).unwrap();
    bundle::import(&mut b, &first).unwrap();
    let on_b = list_row(&b, &slug);
    assert_eq!(
        (on_b.response, on_b.relationship_status),
        (CityResponse::Committed, RelationshipStatus::Suspended)
    );

    common::sleep_ms(5);
    a.write(|c| undo_recorded(c, &r)).unwrap();
    let second = root.path().join("a2.json");
    let e = bundle::export(a.conn(), &second, false, Existing::Refuse).unwrap();
    assert_eq!(
        (e.responses, e.status_events),
        (1, r.status_change_ids.len() as u32)
    );
    let report = bundle::import(&mut b, &second).unwrap();
    assert_eq!(report.responses_undone, 1, "{report:?}");
    assert_eq!(
        report.status_events_undone,
        r.status_change_ids.len() as u32
    );
    assert!(report.refused.is_empty(), "{:?}", report.refused);
    assert_eq!(
        list_row(&b, &slug),
        list_row(&a, &slug),
        "B shows what A shows"
    );
    let history = |s: &Store| -> Vec<(RelationshipStatus, Vec<String>)> {
        get_city(s.conn(), &slug)
            .unwrap()
            .relationships
            .into_iter()
            .map(|r| (r.status, r.history.into_iter().map(|e| e.id).collect()))
            .collect()
    };
    assert_eq!(history(&b), history(&a), "the ties' histories as on A");
    // Merging the same bundle again changes nothing.
    let again = bundle::import(&mut b, &second).unwrap();
    assert_eq!((again.responses_undone, again.status_events_undone), (0, 0));

    // Undoing the merge takes the undos back.
    let u = b
        .write(|c| bundle::journal::undo(c, report.merge_id.as_deref()))
        .unwrap();
    assert_eq!(u.restored as usize, 1 + r.status_change_ids.len(), "{u:?}");
    let on_b = list_row(&b, &slug);
    assert_eq!(
        (on_b.response, on_b.relationship_status),
        (CityResponse::Committed, RelationshipStatus::Suspended)
    );
}

#[test]
fn an_undo_by_someone_else_in_a_bundle_is_refused_and_the_response_kept() {
    let root = tempfile::tempdir().unwrap();
    let mut a = Store::open_dir(&root.path().join("a")).unwrap();
    let mut b = Store::open_dir(&root.path().join("b")).unwrap();
    outreach_core::settings::set(a.conn(), "volunteer.name", "Dana").unwrap();
    let slug = first_in_queue(&a);
    let r = respond(
        &mut a,
        &slug,
        Some(CityResponse::Considering),
        None,
        "2026-04-01",
    );
    let first = root.path().join("a1.json");
    bundle::export(a.conn(), &first, false, Existing::Refuse).unwrap();
    bundle::import(&mut b, &first).unwrap();
    // B (Ola) sends A an undo of Dana's response.
    outreach_core::settings::set(b.conn(), "volunteer.name", "Ola").unwrap();
    common::sleep_ms(5);
    b.write(|c| undo_response(c, r.response_id.as_deref().unwrap()))
        .unwrap();
    let from_b = root.path().join("b1.json");
    bundle::export(b.conn(), &from_b, false, Existing::Refuse).unwrap();
    let report = bundle::import(&mut a, &from_b).unwrap();
    assert_eq!(report.responses_undone, 0);
    assert!(
        report
            .refused
            .iter()
            .any(|x| x.row == "undo" && x.reason == bundle::check::RefusalReason::UndoNotAllowed),
        "{:?}",
        report.refused
    );
    assert_eq!(list_row(&a, &slug).response, CityResponse::Considering);
}

/// A store of the schema before this one, with a volunteer's responses and status changes,
/// keeps every one of them (none undone) and summarises them as before.
#[test]
fn a_store_of_the_previous_schema_keeps_every_response_and_status_change() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("outreach.db");
    // Schema 10: the one before responses and status changes could be undone (0013, the 11th).
    let previous = 10;
    {
        let mut conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "application_id", APPLICATION_ID)
            .unwrap();
        store::migrations()
            .to_version(&mut conn, previous as usize)
            .unwrap();
        let has_undone: i64 = conn
            .query_row(
                "SELECT count(*) FROM pragma_table_info('responses') WHERE name = 'undone_at'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(
            has_undone, 0,
            "the previous schema has no undo of a response"
        );
        conn.execute_batch(
            "INSERT INTO cities (id, slug, name, state, kind, origin, created_at)
               VALUES ('c1', 'testville-or', 'Testville', 'OR', 'city', 'volunteer', '2026-01-01T00:00:00.000Z');
             INSERT INTO relationships (id, city_id, sister_city, origin, created_at)
               VALUES ('t1', 'c1', 'Omsk', 'volunteer', '2026-01-01T00:00:00.000Z');
             INSERT INTO relationship_events (id, relationship_id, seq, status, origin, volunteer, created_at)
               VALUES ('e1', 't1', 0, 'active', 'volunteer', 'Dana', '2026-01-01T00:00:00.000Z'),
                      ('e2', 't1', 1, 'suspended', 'volunteer', 'Dana', '2026-02-01T00:00:00.000Z');
             INSERT INTO responses (id, city_id, response, response_date, volunteer, created_at)
               VALUES ('r1', 'c1', 'considering', '2026-01-10', 'Dana', '2026-01-10T00:00:00.000Z'),
                      ('r2', 'c1', 'committed', '2026-02-10', 'Dana', '2026-02-10T00:00:00.000Z');",
        )
        .unwrap();
    }
    let s = Store::open(&path).unwrap();
    assert_eq!(
        one::<i64>(s.conn(), "PRAGMA user_version", []),
        store::latest_schema_version()
    );
    assert_eq!(
        common::strings(
            s.conn(),
            "SELECT id || ' ' || coalesce(undone_at, '-') FROM responses ORDER BY id"
        ),
        vec!["r1 -", "r2 -"]
    );
    assert_eq!(
        common::strings(
            s.conn(),
            "SELECT id || ' ' || status || ' ' || coalesce(undone_at, '-') FROM relationship_events
             WHERE relationship_id = 't1' ORDER BY seq"
        ),
        vec!["e1 active -", "e2 suspended -"]
    );
    let city = get_city(s.conn(), "testville-or").unwrap();
    assert_eq!(city.summary.response, CityResponse::Committed);
    assert_eq!(
        city.summary.relationship_status,
        RelationshipStatus::Suspended
    );
    assert_eq!(city.responses.len(), 2);
    assert_eq!(city.relationships[0].history.len(), 2);
}

/// Undoing a contact's edit right after it writes a new version with the fields as they
/// were (the edited one kept as a revision: revisions only grow); undoing it again, or after
/// the contact changed, is refused and writes nothing.
#[test]
fn undoing_a_contact_edit_restores_its_fields_as_a_new_version() {
    use outreach_core::contacts::{edit_contact, undo_edit, ContactFields};
    let (_dir, mut s) = common::new_store();
    let slug = first_in_queue(&s);
    let before = get_city(s.conn(), &slug).unwrap().contacts[0].clone();
    assert!(!before.edited_by_hand, "a seeded contact nobody edited");
    let revisions = |s: &Store| -> i64 {
        one(
            s.conn(),
            "SELECT count(*) FROM contact_revisions WHERE contact_id = ?1",
            [&before.id],
        )
    };
    let edited = edit_contact(
        s.conn_mut(),
        &before.id,
        &ContactFields {
            phone: Some("503-555-0199".into()),
            notes: "new direct line".into(),
            ..before.fields.clone()
        },
    )
    .unwrap();
    assert_eq!(revisions(&s), 1);

    let undone = undo_edit(s.conn_mut(), &before.id, &edited.fields).unwrap();
    assert_eq!(
        undone.fields, before.fields,
        "the fields as before the edit"
    );
    assert!(
        !undone.edited_by_hand,
        "as before: the seed may update it again"
    );
    assert_eq!(get_city(s.conn(), &slug).unwrap().contacts[0], undone);
    assert_eq!(revisions(&s), 2, "the edited version is kept as a revision");

    let kept = dump(s.conn());
    let err = undo_edit(s.conn_mut(), &before.id, &edited.fields).unwrap_err();
    assert_eq!(invalid(&err), (InputField::Contact, Problem::AlreadyDone));
    let err = undo_edit(s.conn_mut(), "no-such-contact", &edited.fields).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::UnknownContact);
    assert_unchanged(s.conn(), &kept, "refused undos of an edit");
}
