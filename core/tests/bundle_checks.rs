//! Issue 10, class 3: a bundle's checksum proves it intact, not honest. Every row a merge
//! receives passes the form's checks; seed rows come only from the seed; far-future times,
//! undo of another volunteer's call and unbounded `seq` are refused and reported by reason;
//! nothing a bundle carries makes a later export fail.

use std::path::{Path, PathBuf};

use outreach_core::bundle::{self, check::RefusalReason, Payload};
use outreach_core::output::Existing;
use outreach_core::rows::{CallRow, ContactRow, FollowUpRow, ResponseRow, TieEventRow};
use outreach_core::time::now;
use outreach_core::Store;

mod common;
use common::{city_id, dump, log_call};

fn store(root: &Path, name: &str) -> Store {
    Store::open_dir(&root.join(name)).unwrap()
}

/// A bundle file with a correct checksum around whatever rows it is given.
fn bundle_file(root: &Path, name: &str, p: &Payload, volunteer: Option<&str>) -> PathBuf {
    let f = root.join(name);
    let bytes = bundle::encode_by(p, "evil-machine", &now(), None, volunteer);
    std::fs::write(&f, bytes).unwrap();
    f
}

fn tie_of(s: &Store, slug: &str) -> String {
    s.conn()
        .query_row(
            "SELECT r.id FROM relationships r JOIN cities c ON c.id = r.city_id WHERE c.slug = ?1 ORDER BY r.position",
            [slug],
            |r| r.get(0),
        )
        .unwrap()
}

fn status_of(s: &Store, slug: &str) -> String {
    let c = outreach_core::city_view::get_city(s.conn(), slug).unwrap();
    serde_json::to_value(&c).unwrap()["relationships"][0]["status"]
        .as_str()
        .unwrap()
        .to_string()
}

fn event(tie: &str, seq: i64, origin: &str, status: &str) -> TieEventRow {
    TieEventRow {
        id: uuid::Uuid::new_v4().to_string(),
        relationship_id: tie.to_string(),
        seq,
        status: status.into(),
        event_date: Some("2026-11-01".into()),
        date_text: None,
        summary: "council voted".into(),
        sources: "[\"https://example.org/minutes\"]".into(),
        origin: origin.into(),
        volunteer: Some("Mallory".into()),
        created_at: now(),
        undone_at: None,
    }
}

fn far_future() -> String {
    "2099-01-01T00:00:00.000Z".into()
}

fn reasons(r: &bundle::MergeReport) -> Vec<(RefusalReason, u32)> {
    r.refused_by_reason
        .iter()
        .map(|c| (c.reason, c.count))
        .collect()
}

#[test]
fn seed_claims_and_unbounded_seq_are_refused_and_exports_keep_working() {
    let root = tempfile::tempdir().unwrap();
    let mut s = store(root.path(), "s");
    let tie = tie_of(&s, "portland-or");
    let before_status = status_of(&s, "portland-or");
    let before = dump(s.conn());
    let seeded_formula = {
        // A seeded id (the seed's UUIDv5) with origin volunteer.
        let mut e = event(&tie, 5, "volunteer", "severed");
        e.id = uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, b"seed").to_string();
        e
    };
    let p = Payload {
        status_events: vec![
            event(&tie, 1_000_000_000, "seed", "severed"),
            event(&tie, 3, "seed", "severed"),
            event(&tie, i64::MAX, "volunteer", "severed"),
            event(&tie, -1, "volunteer", "severed"),
            seeded_formula,
        ],
        ..Payload::default()
    };
    let f = bundle_file(root.path(), "b.json", &p, Some("Mallory"));
    let r = bundle::import(&mut s, &f).unwrap();
    assert_eq!(r.status_events_added, 0);
    assert_eq!(
        reasons(&r),
        [
            (RefusalReason::InvalidValue, 2),
            (RefusalReason::SeedOnly, 3)
        ]
    );
    assert_eq!(status_of(&s, "portland-or"), before_status);
    assert_eq!(before_filtered(&dump(s.conn())), before_filtered(&before));
    // Later exports and responses still work.
    bundle::export(
        s.conn(),
        &root.path().join("out.json"),
        true,
        Existing::Refuse,
    )
    .unwrap();
    let mut input = outreach_core::responses::ResponseInput::default();
    input.slug = "portland-or".into();
    input.relationship = Some(outreach_core::vocab::RelationshipStatus::Suspended);
    input.date = "2026-11-02".into();
    outreach_core::responses::record_response(s.conn_mut(), &input).unwrap();
}

/// The dump without the settings rows (a merge that changes nothing writes none anyway).
fn before_filtered(before: &str) -> String {
    before
        .lines()
        .filter(|l| !l.starts_with("settings|"))
        .map(|l| format!("{l}\n"))
        .collect()
}

#[test]
fn a_far_future_contact_cannot_take_over_and_future_rows_are_refused() {
    let root = tempfile::tempdir().unwrap();
    let mut s = store(root.path(), "s");
    let mine: ContactRow =
        ContactRow::list(s.conn(), "WHERE origin = 'seed' ORDER BY id LIMIT 1", [])
            .unwrap()
            .remove(0);
    let mut taken = mine.clone();
    taken.phone = Some("+1 555 000 0000".into());
    taken.name = "Not the mayor".into();
    taken.updated_at = far_future();
    let city = city_id(s.conn(), "portland-or");
    let call = CallRow {
        id: uuid::Uuid::new_v4().to_string(),
        city_id: city.clone(),
        contact_id: None,
        channel: "phone".into(),
        outcome: "contact".into(),
        notes: String::new(),
        volunteer: "Mallory".into(),
        called_at: far_future(),
        created_at: far_future(),
        undone_at: None,
    };
    let follow = FollowUpRow {
        id: uuid::Uuid::new_v4().to_string(),
        city_id: city.clone(),
        call_id: None,
        due_date: "2026-12-24".into(),
        note: String::new(),
        closed_at: None,
        closed_by_call_id: None,
        created_at: now(),
        updated_at: far_future(),
    };
    let before = dump(s.conn());
    let p = Payload {
        contacts: vec![taken],
        calls: vec![call],
        follow_ups: vec![follow],
        ..Payload::default()
    };
    let f = bundle_file(root.path(), "b.json", &p, Some("Mallory"));
    let r = bundle::import(&mut s, &f).unwrap();
    assert_eq!(reasons(&r), [(RefusalReason::InTheFuture, 3)]);
    assert!(
        r.refused.iter().all(|x| x.detail.contains("2099")),
        "{:?}",
        r.refused
    );
    assert_eq!(before_filtered(&dump(s.conn())), before_filtered(&before));
}

#[test]
fn invalid_values_are_refused_not_counted_as_already_here() {
    let root = tempfile::tempdir().unwrap();
    let mut s = store(root.path(), "s");
    let city = city_id(s.conn(), "portland-or");
    let call = |outcome: &str, notes: String, volunteer: &str, at: &str| CallRow {
        id: uuid::Uuid::new_v4().to_string(),
        city_id: city.clone(),
        contact_id: None,
        channel: "phone".into(),
        outcome: outcome.into(),
        notes,
        volunteer: volunteer.into(),
        called_at: at.into(),
        created_at: now(),
        undone_at: None,
    };
    let response = |response: &str, date: &str, url: Option<&str>| ResponseRow {
        id: uuid::Uuid::new_v4().to_string(),
        city_id: city.clone(),
        response: response.into(),
        response_date: date.into(),
        source_url: url.map(String::from),
        notes: String::new(),
        volunteer: None,
        created_at: now(),
        undone_at: None,
    };
    let follow = |due: &str| FollowUpRow {
        id: uuid::Uuid::new_v4().to_string(),
        city_id: city.clone(),
        call_id: None,
        due_date: due.into(),
        note: String::new(),
        closed_at: None,
        closed_by_call_id: None,
        created_at: now(),
        updated_at: now(),
    };
    let mut bad_id = call("contact", String::new(), "Mallory", &now());
    bad_id.id = "not-a-uuid".into();
    let before = dump(s.conn());
    let p = Payload {
        calls: vec![
            call("bogus", String::new(), "Mallory", &now()),
            call("contact", "x".repeat(128 * 1024), "Mallory", &now()),
            call("contact", "nul\0byte".into(), "Mallory", &now()),
            call("contact", String::new(), &"M".repeat(5000), &now()),
            call("contact", String::new(), "Mallory", "not-a-date"),
            call("contact", String::new(), "Mallory", "2026-11-01 10:00"),
            bad_id,
        ],
        responses: vec![
            response("maybe", "2026-11-01", None),
            response("committed", "not-a-date", None),
            response("committed", "2099-01-01", None),
            response("committed", "2026-11-01", Some("javascript:alert(1)")),
        ],
        follow_ups: vec![follow("not-a-date"), follow("2026-13-45")],
        ..Payload::default()
    };
    let f = bundle_file(root.path(), "b.json", &p, Some("Mallory"));
    let r = bundle::import(&mut s, &f).unwrap();
    assert_eq!(r.calls_known, 0, "invalid calls are not 'already here'");
    assert_eq!(r.calls_added + r.responses_added + r.follow_ups_added, 0);
    assert_eq!(
        reasons(&r),
        [
            (RefusalReason::InvalidValue, 12),
            (RefusalReason::InTheFuture, 1)
        ]
    );
    assert_eq!(before_filtered(&dump(s.conn())), before_filtered(&before));
    // Errors quote short fragments, never a whole 128 KB value.
    assert!(
        r.refused.iter().all(|x| x.detail.len() < 400),
        "{:?}",
        r.refused
    );
}

#[test]
fn only_the_calls_volunteer_or_a_coordinator_undoes_a_call() {
    let root = tempfile::tempdir().unwrap();
    let mut s = store(root.path(), "s");
    // The store holds Dana's call (common::log_call logs as Dana).
    let id = log_call(s.conn(), "portland-or", "voicemail", "left a message");
    let mut undone = CallRow::find(s.conn(), &id).unwrap().unwrap();
    undone.undone_at = Some(now());
    // A new call of Sam's that arrives already undone by someone else.
    let mut sams = undone.clone();
    sams.id = uuid::Uuid::new_v4().to_string();
    sams.volunteer = "Sam".into();
    let p = Payload {
        calls: vec![undone.clone(), sams.clone()],
        ..Payload::default()
    };
    let undone_here = |s: &Store, id: &str| {
        CallRow::find(s.conn(), id)
            .unwrap()
            .unwrap()
            .undone_at
            .is_some()
    };

    for (who, coordinator, dana_undone) in [
        (Some("Mallory"), false, false),
        (None, false, false),
        (Some("Dana"), false, true),
    ] {
        let f = bundle_file(root.path(), &format!("{who:?}.json"), &p, who);
        let r = bundle::import_from(&mut s, &f, coordinator).unwrap();
        assert_eq!(undone_here(&s, &id), dana_undone, "{who:?}");
        let refused_undos = r
            .refused
            .iter()
            .filter(|x| x.reason == RefusalReason::UndoNotAllowed)
            .count();
        assert!(refused_undos >= 1, "{who:?}: {:?}", r.refused);
        // Sam's call is kept, not undone.
        assert!(!undone_here(&s, &sams.id), "{who:?}");
    }
    // A coordinator's bundle undoes Sam's call.
    let f = bundle_file(root.path(), "coordinator.json", &p, Some("Alex"));
    let r = bundle::import_from(&mut s, &f, true).unwrap();
    assert!(r.refused.is_empty(), "{:?}", r.refused);
    assert!(undone_here(&s, &sams.id));
}

#[test]
fn a_hundred_thousand_bad_rows_are_counted_by_reason() {
    let root = tempfile::tempdir().unwrap();
    let mut s = store(root.path(), "s");
    let city = city_id(s.conn(), "portland-or");
    let calls: Vec<CallRow> = (0..100_000)
        .map(|i| CallRow {
            id: uuid::Uuid::new_v4().to_string(),
            city_id: city.clone(),
            contact_id: None,
            channel: "phone".into(),
            outcome: format!("bad-{i}"),
            notes: String::new(),
            volunteer: "Mallory".into(),
            called_at: now(),
            created_at: now(),
            undone_at: None,
        })
        .collect();
    let p = Payload {
        calls,
        ..Payload::default()
    };
    let f = bundle_file(root.path(), "b.json", &p, Some("Mallory"));
    let r = bundle::import(&mut s, &f).unwrap();
    assert_eq!(reasons(&r), [(RefusalReason::InvalidValue, 100_000)]);
    assert_eq!(r.refused.len(), 100_000, "all of them for --json");
    assert!(r.merge_id.is_none(), "nothing changed, nothing to undo");
}

/// Issue 10, class 6: the form, the command line and imports refuse a 128 KB name and NUL
/// bytes (they were stored before).
#[test]
fn contact_texts_have_a_length_and_no_nul_on_every_path() {
    use outreach_core::contacts::{self, ContactFields};
    let root = tempfile::tempdir().unwrap();
    let s = store(root.path(), "s");
    let before = dump(s.conn());
    for (name, notes) in [
        ("x".repeat(128 * 1024), String::new()),
        ("Jamie\0Cole".to_string(), String::new()),
        ("Jamie Cole".to_string(), "y".repeat(30_000)),
    ] {
        let fields = ContactFields {
            name,
            notes,
            ..ContactFields::default()
        };
        let e = contacts::add_contact(s.conn(), "portland-or", &fields).unwrap_err();
        assert_eq!(e.kind(), outreach_core::ErrorKind::InvalidInput, "{e}");
    }
    assert_eq!(dump(s.conn()), before);
}
