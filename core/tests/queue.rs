//! "Call next" on a real store file: the queue's order and reasons, what it leaves out,
//! skipping (for the day, across a restart, never a call), the store made by schema 1,
//! the scripts by tie status and the volunteer's name.

mod common;
use common::{dump, one, strings};
use std::path::Path;

use outreach_core::calls::{log_call, undo_call, CallInput};
use outreach_core::cities::list_cities;
use outreach_core::contacts::{add_contact, ContactFields};
use outreach_core::queue::{
    call_queue_at, set_recent_days, skip_city_on, CallQueue, QueueReason, QueueTask,
};
use outreach_core::responses::{record_response, ResponseInput};
use outreach_core::script::{examples, fill_script};
use outreach_core::store::{self, APPLICATION_ID, STORE_FILE};
use outreach_core::vocab::{CallOutcome, CityResponse, RelationshipStatus};
use outreach_core::{campaign, settings, time, volunteer, ErrorKind, Store};
use rusqlite::Connection;

fn store(dir: &Path) -> Store {
    Store::open_dir(dir).unwrap()
}

/// A store in a new data folder with no contacts at all (whatever the seed ships), so each
/// test decides who has a phone.
fn store_without_contacts() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let s = store(dir.path());
    s.conn()
        .execute(
            "UPDATE contacts SET deleted_at = '2026-01-01T00:00:00.000Z'",
            [],
        )
        .unwrap();
    (dir, s)
}

fn give_phone(s: &Store, slug: &str, role: &str, phone: &str) -> String {
    add_contact(
        s.conn(),
        slug,
        &ContactFields {
            name: format!("Office of {slug}"),
            role: role.into(),
            phone: Some(phone.into()),
            ..ContactFields::default()
        },
    )
    .unwrap()
    .id
}

/// The seeded cities (not states) with this status, in name order.
fn with_status(s: &Store, status: RelationshipStatus) -> Vec<String> {
    list_cities(s.conn())
        .unwrap()
        .into_iter()
        .filter(|c| c.relationship_status == status && !c.slug.starts_with("state-of-"))
        .map(|c| c.slug)
        .collect()
}

/// The script as one line (the templates wrap their lines).
fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn slugs(q: &CallQueue) -> Vec<&str> {
    q.entries.iter().map(|e| e.slug.as_str()).collect()
}

/// `days` days after today, and the clock time `days` days from now.
fn later(days: i64) -> (String, String) {
    let today: jiff::civil::Date = time::today().parse().unwrap();
    let day = today
        .checked_add(jiff::Span::new().days(days))
        .unwrap()
        .to_string();
    let at = (jiff::Timestamp::now() + jiff::SignedDuration::from_hours(24 * days))
        .strftime("%Y-%m-%dT%H:%M:%S%.3fZ")
        .to_string();
    (day, at)
}

fn queue(s: &Store, days_later: i64) -> CallQueue {
    let (today, now) = later(days_later);
    call_queue_at(s.conn(), &today, &now, None).unwrap()
}

fn call(slug: &str, follow_up: Option<String>) -> CallInput {
    let mut c = CallInput::new(slug, CallOutcome::Voicemail);
    c.follow_up = follow_up;
    c
}

#[test]
fn the_queue_puts_follow_ups_first_then_active_never_called_unknown_suspended_and_longest_ago() {
    let (_dir, mut s) = store_without_contacts();
    let active = with_status(&s, RelationshipStatus::Active);
    let unknown = with_status(&s, RelationshipStatus::Unknown);
    let suspended = with_status(&s, RelationshipStatus::Suspended);
    let severed = with_status(&s, RelationshipStatus::Severed);
    let (a1, a2, a3) = (&active[0], &active[1], &active[2]);
    let (u1, s1, v1, v2) = (&unknown[0], &suspended[0], &severed[0], &severed[1]);
    for slug in [a1, a2, a3, u1, s1, v1, v2] {
        give_phone(&s, slug, "Mayor's office", "+1 503-823-4120");
    }
    let today = time::today();
    // a2 was called just now; a3 and the severed v1 have a follow-up due today.
    log_call(s.conn_mut(), &call(a2, None)).unwrap();
    log_call(s.conn_mut(), &call(a3, Some(today.clone()))).unwrap();
    log_call(s.conn_mut(), &call(v1, Some(today.clone()))).unwrap();

    let q = queue(&s, 0);
    let with_phone: Vec<&str> = q
        .entries
        .iter()
        .filter(|e| e.task == QueueTask::Call)
        .map(|e| e.slug.as_str())
        .collect();
    let mut due = vec![a3.as_str(), v1.as_str()];
    due.sort_by_key(|slug| {
        let c = list_cities(s.conn()).unwrap();
        c.iter().position(|x| x.slug == *slug).unwrap()
    });
    assert_eq!(
        with_phone,
        vec![due[0], due[1], a1.as_str(), u1.as_str(), s1.as_str()],
        "follow-ups due, active never called, unknown, suspended; a2 (called just now) and the severed v2 left out"
    );
    let reasons: Vec<QueueReason> = q.entries[..5].iter().map(|e| e.reason).collect();
    assert_eq!(
        reasons,
        vec![
            QueueReason::FollowUpDue,
            QueueReason::FollowUpDue,
            QueueReason::NeverCalled,
            QueueReason::StatusUnknown,
            QueueReason::MakeFinal,
        ]
    );
    assert_eq!(q.to_call, 5);
    let first = &q.entries[2];
    assert_eq!(first.phone.as_deref(), Some("+1 503-823-4120"));
    assert_eq!(
        first.contact_name.as_deref(),
        Some(&*format!("Office of {a1}"))
    );
    assert!(first.contact_id.is_some());

    // Cities with no phone come after every city with one, with the task "find the number".
    let rest = &q.entries[5..];
    assert!(!rest.is_empty());
    assert_eq!(q.find_number as usize, rest.len());
    assert!(rest
        .iter()
        .all(|e| e.task == QueueTask::FindNumber && e.phone.is_none()));
    let rest_slugs: Vec<&str> = rest.iter().map(|e| e.slug.as_str()).collect();
    assert!(rest_slugs.contains(&active[3].as_str()));
    assert!(!rest_slugs.contains(&v2.as_str()), "severed: left out");
    // Among them, the same order: active never called before unknown before suspended.
    let pos = |slug: &str| rest_slugs.iter().position(|x| *x == slug).unwrap();
    assert!(pos(&active[3]) < pos(&unknown[1]));
    assert!(pos(&unknown[1]) < pos(&suspended[1]));

    // Four days later: a2 is back as "called longest ago", after the suspended ties; the
    // follow-ups are overdue.
    let q = queue(&s, 4);
    let order = slugs(&q);
    let at = |slug: &str| order.iter().position(|x| *x == slug).unwrap();
    assert_eq!(q.entries[0].reason, QueueReason::FollowUpOverdue);
    assert_eq!(q.entries[0].due_date.as_deref(), Some(today.as_str()));
    assert!(at(s1) < at(a2));
    let a2_entry = &q.entries[at(a2)];
    assert_eq!(a2_entry.reason, QueueReason::CalledLongestAgo);
    assert!(a2_entry.last_call_at.is_some());
}

#[test]
fn committed_declined_and_recently_called_cities_are_left_out_and_the_days_are_a_setting() {
    let (_dir, mut s) = store_without_contacts();
    let active = with_status(&s, RelationshipStatus::Active);
    for slug in &active[..4] {
        give_phone(&s, slug, "Mayor", "503-555-0100");
    }
    for (slug, response) in [
        (&active[0], CityResponse::Committed),
        (&active[1], CityResponse::Declined),
        (&active[2], CityResponse::Considering),
    ] {
        record_response(
            s.conn_mut(),
            &ResponseInput {
                slug: slug.clone(),
                response: Some(response),
                relationship: None,
                relationship_id: None,
                date: time::today(),
                source_url: None,
                notes: String::new(),
            },
        )
        .unwrap();
    }
    let undone = log_call(s.conn_mut(), &call(&active[3], None)).unwrap();
    let q = queue(&s, 0);
    let order = slugs(&q);
    assert!(!order.contains(&active[0].as_str()), "committed");
    assert!(!order.contains(&active[1].as_str()), "declined");
    assert!(order.contains(&active[2].as_str()), "considering stays");
    assert!(!order.contains(&active[3].as_str()), "called just now");
    assert_eq!(q.recent_days, 3);
    // Two days later still out; three days later back.
    assert!(!slugs(&queue(&s, 2)).contains(&active[3].as_str()));
    assert!(slugs(&queue(&s, 3)).contains(&active[3].as_str()));
    // The number of days is a setting.
    set_recent_days(s.conn(), 0).unwrap();
    assert!(slugs(&queue(&s, 0)).contains(&active[3].as_str()));
    set_recent_days(s.conn(), 3).unwrap();
    // An undone call does not count: the city is back, as never called.
    undo_call(s.conn_mut(), &undone.id).unwrap();
    let q = queue(&s, 0);
    let e = q.entries.iter().find(|e| e.slug == active[3]).unwrap();
    assert_eq!(e.reason, QueueReason::NeverCalled);
    assert_eq!(e.last_call_at, None);
    let err = set_recent_days(s.conn(), 1000).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
}

#[test]
fn a_skipped_city_is_passed_for_the_day_across_a_restart_and_is_not_a_call() {
    let (dir, s) = store_without_contacts();
    let active = with_status(&s, RelationshipStatus::Active);
    give_phone(&s, &active[0], "Mayor", "503-555-0100");
    give_phone(&s, &active[1], "Mayor", "503-555-0101");
    let first = queue(&s, 0).entries[0].slug.clone();
    assert_eq!(first, active[0]);

    // A skip without a reason, or of a city that does not exist, is refused and writes nothing.
    let before = dump(s.conn());
    let err = skip_city_on(s.conn(), &first, "  ", &time::today()).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    assert!(err.to_string().starts_with("reason:"), "{err}");
    let err = skip_city_on(s.conn(), "atlantis-zz", "closed", &time::today()).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::UnknownCity);
    assert_eq!(dump(s.conn()), before);

    let back = skip_city_on(s.conn(), &first, "office closed today", &time::today()).unwrap();
    assert_eq!(back, later(1).0);
    drop(s);
    let s = store(dir.path());
    let q = queue(&s, 0);
    assert_eq!(q.entries[0].slug, active[1], "moved past after a restart");
    assert!(!slugs(&q).contains(&first.as_str()));
    let calls: u32 = one(s.conn(), "SELECT count(*) FROM calls", []);
    assert_eq!(calls, 0, "a skip is not a call");
    // Tomorrow it is back, first.
    assert_eq!(queue(&s, 1).entries[0].slug, first);
}

#[test]
fn a_store_made_by_schema_1_knows_each_citys_last_call_after_migrating() {
    // A store written by the first release (schema 1, its seed and a volunteer's work).
    let dir = common::copy_of_store_v1();
    let path = dir.path().join(STORE_FILE);
    {
        let conn = Connection::open(&path).unwrap();
        for (id, at, undone) in [
            ("c1", "2026-01-01T10:00:00.000Z", None),
            ("c2", "2026-02-01T10:00:00.000Z", None),
            (
                "c3",
                "2026-03-01T10:00:00.000Z",
                Some("2026-03-01T10:01:00.000Z"),
            ),
        ] {
            conn.execute(
                "INSERT INTO calls (id, city_id, channel, outcome, volunteer, called_at, created_at, undone_at)
                 SELECT ?1, id, 'phone', 'voicemail', '', ?2, ?2, ?3 FROM cities WHERE slug = 'eugene-or'",
                rusqlite::params![id, at, undone],
            )
            .unwrap();
        }
    }
    let mut s = Store::open(&path).unwrap();
    let q = queue(&s, 0);
    let portland = q.entries.iter().find(|e| e.slug == "eugene-or");
    if let Some(p) = portland {
        assert_eq!(p.last_call_at.as_deref(), Some("2026-02-01T10:00:00.000Z"));
    }
    let kept: u32 = s
        .conn()
        .query_row("SELECT count(*) FROM calls", [], |r| r.get(0))
        .unwrap();
    assert_eq!(
        kept,
        4 + 3,
        "every call kept (the fixture's four and these three)"
    );
    let last = |s: &Store| -> Option<String> {
        s.conn()
            .query_row(
                "SELECT l.last_call_at FROM city_last_calls l JOIN cities c ON c.id = l.city_id
                 WHERE c.slug = 'eugene-or'",
                [],
                |r| r.get(0),
            )
            .ok()
    };
    assert_eq!(last(&s).as_deref(), Some("2026-02-01T10:00:00.000Z"));
    // The kept value follows new calls and undos.
    let new = log_call(s.conn_mut(), &call("eugene-or", None)).unwrap();
    assert_eq!(last(&s), Some(new.called_at.clone()));
    undo_call(s.conn_mut(), &new.id).unwrap();
    assert_eq!(last(&s).as_deref(), Some("2026-02-01T10:00:00.000Z"));
}

#[test]
fn each_tie_status_gets_its_own_script_and_the_seed_script_has_no_gap_but_the_name() {
    let dir = tempfile::tempdir().unwrap();
    let s = store(dir.path());
    for slug in list_cities(s.conn()).unwrap().iter().map(|c| &c.slug) {
        let filled = fill_script(s.conn(), slug, None).unwrap();
        assert_eq!(
            filled.gaps(),
            vec!["volunteer_name"],
            "{slug}: {}",
            filled.to_text()
        );
    }
    let text = |slug: &str| flat(&fill_script(s.conn(), slug, None).unwrap().to_text());

    let tallahassee = fill_script(s.conn(), "tallahassee-fl", None).unwrap();
    assert_eq!(tallahassee.status, RelationshipStatus::Severed);
    let t = flat(&tallahassee.to_text());
    assert!(t.contains("thank Tallahassee"), "{t}");
    assert!(t.contains("on 9 March 2022"), "{t}");
    assert!(t.contains("public statement"), "{t}");
    assert!(!t.to_lowercase().contains("suspend"), "{t}");

    let chicago = text("chicago-il");
    assert!(
        chicago.contains("thank Chicago for suspending"),
        "{chicago}"
    );
    assert!(chicago.contains("making it final"), "{chicago}");

    let active = with_status(&s, RelationshipStatus::Active);
    let a = text(&active[0]);
    assert!(a.contains("to suspend or end"), "{a}");
    assert!(a.contains("May I speak with Mayor "), "{a}");
    // A place with no contact yet: the script says "the mayor", no gap.
    let other = tempfile::tempdir().unwrap();
    let mut s = store(other.path());
    outreach_core::targets::add_target(
        s.conn_mut(),
        &outreach_core::targets::NewTarget {
            city: "Springfield".into(),
            state: "IL".into(),
            kind: None,
            latitude: None,
            longitude: None,
            sister_city: "Tver".into(),
            sister_region: None,
            status: RelationshipStatus::Active,
            date: "2023".into(),
            source_url: "https://example.org/springfield".into(),
            notes: String::new(),
        },
    )
    .unwrap();
    let none = fill_script(s.conn(), "springfield-il", None).unwrap();
    assert_eq!(none.gaps(), vec!["volunteer_name"]);
    let none = flat(&none.to_text());
    assert!(
        none.contains("May I speak with the mayor or"),
        "no mayor known: {none}"
    );

    let unknown = with_status(&s, RelationshipStatus::Unknown);
    let u = text(&unknown[0]);
    assert!(u.contains("current status"), "{u}");

    // A mayor's name, when a current contact gives one.
    add_contact(
        s.conn(),
        "portland-or",
        &ContactFields {
            name: "Keith Wilson".into(),
            role: "Mayor".into(),
            phone: Some("503-823-4120".into()),
            ..ContactFields::default()
        },
    )
    .unwrap();
    let p = fill_script(s.conn(), "portland-or", None).unwrap();
    if p.status == RelationshipStatus::Active {
        let t = flat(&p.to_text());
        assert!(t.contains("We ask Mayor Keith Wilson to suspend"), "{t}");
    }
}

#[test]
fn examples_name_other_cities_that_acted_with_their_dates_never_the_city_called() {
    let dir = tempfile::tempdir().unwrap();
    let s = store(dir.path());
    let cities = list_cities(s.conn()).unwrap();
    for c in &cities {
        let id = outreach_core::ids::resolve_city(s.conn(), &c.slug).unwrap();
        let list = examples(s.conn(), &id, 3).unwrap();
        assert_eq!(list.len(), 3, "{}", c.slug);
        for e in &list {
            assert_ne!(e.slug, c.slug, "never the city called");
            assert!(
                matches!(
                    e.status,
                    RelationshipStatus::Suspended | RelationshipStatus::Severed
                ),
                "{e:?}"
            );
            assert!(e.date.is_some(), "{e:?}");
        }
    }
    // Nearest first: for Chicago, Midwest cities, not California.
    let id = outreach_core::ids::resolve_city(s.conn(), "chicago-il").unwrap();
    let near = examples(s.conn(), &id, 1).unwrap();
    assert_ne!(near[0].state, "CA", "{near:?}");
    let spoken = near[0].spoken();
    assert!(
        spoken.contains(&near[0].city) && spoken.contains(" 20"),
        "{spoken}"
    );

    // The active script speaks of them with dates.
    let active = with_status(&s, RelationshipStatus::Active);
    let t = flat(&fill_script(s.conn(), &active[0], None).unwrap().to_text());
    assert!(t.contains("(suspended ") || t.contains("(severed "), "{t}");
    assert!(!t.contains("as Chicago, Tallahassee and Des Moines"), "{t}");
}

#[test]
fn an_edited_call_script_is_kept_and_an_unedited_old_one_follows_the_seed() {
    let dir = tempfile::tempdir().unwrap();
    let old = "Hello, my name is {volunteer_name}, and I'm calling about {city}, {state}'s sister-city\nrelationship with {sister_city}, Russia. May I speak with {mayor_name} or a member of\nthe mayor's staff?\n\nI'm one of the {signature_total} people who have signed the petition \"Stand with\nUkraine! End US-Russia Sister City Relationships\" (our goal is {signature_goal}). We ask\nMayor {mayor_name} to suspend or end {city}'s tie with {sister_city} until Russia's war\nagainst Ukraine ends, as Chicago, Tallahassee and Des Moines have done.\n\nCan you tell me whether the mayor's office is considering this? Thank you for your time.\n";
    for (stored, kept) in [
        (old, false),
        ("Hi {mayor_name}, it's {volunteer_name}.", true),
    ] {
        let path = dir.path().join(format!("{kept}.db"));
        {
            let mut conn = Connection::open(&path).unwrap();
            conn.pragma_update(None, "application_id", APPLICATION_ID)
                .unwrap();
            store::migrations().to_version(&mut conn, 1).unwrap();
            // The previous seed wrote the single script.
            conn.execute(
                "INSERT INTO settings (key, value, updated_at) VALUES ('campaign.call_script', ?1, '2026-01-01T00:00:00.000Z')",
                [stored],
            )
            .unwrap();
        }
        let s = Store::open(&path).unwrap();
        let now = settings::get(s.conn(), campaign::CALL_SCRIPT_KEY)
            .unwrap()
            .unwrap();
        if kept {
            assert_eq!(
                now, stored,
                "the volunteer's script is kept as the active one"
            );
        } else {
            assert!(now.contains("{examples}"), "{now}");
        }
        let others = campaign::get_status_scripts(s.conn()).unwrap();
        assert!(others.severed.contains("public statement"));
    }
}

#[test]
fn status_scripts_are_saved_together_and_a_bad_one_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(dir.path());
    let before = campaign::get_status_scripts(s.conn()).unwrap();
    let mut bad = before.clone();
    bad.suspended = "Thanks {city}!".into();
    bad.severed = "Hello {mayor_nmae}".into();
    let err = campaign::set_status_scripts(s.conn_mut(), &bad).unwrap_err();
    assert!(
        err.to_string().starts_with("severed script: {mayor_nmae}"),
        "{err}"
    );
    assert_eq!(campaign::get_status_scripts(s.conn()).unwrap(), before);
    let mut good = before.clone();
    good.suspended = "Thank you, {city}: please make it final.".into();
    campaign::set_status_scripts(s.conn_mut(), &good).unwrap();
    let t = fill_script(s.conn(), "chicago-il", None).unwrap().to_text();
    assert_eq!(t, "Thank you, Chicago: please make it final.");
}

#[test]
fn calls_logged_before_a_name_was_set_are_attributed_only_when_the_volunteer_agrees() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(dir.path());
    let st = volunteer::status(s.conn()).unwrap();
    assert!(st.ask_name);
    assert_eq!(st.volunteer_name, None);
    log_call(s.conn_mut(), &call("portland-or", None)).unwrap();
    log_call(s.conn_mut(), &call("tulsa-ok", None)).unwrap();
    let mut other = call("tulsa-ok", None);
    other.volunteer = Some("Sam".into());
    log_call(s.conn_mut(), &other).unwrap();
    assert_eq!(volunteer::status(s.conn()).unwrap().unnamed_calls, 2);

    let err = volunteer::set_name(s.conn_mut(), "   ", true).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    let set = volunteer::set_name(s.conn_mut(), "Olena", false).unwrap();
    assert_eq!(set.attributed, 0);
    assert_eq!(volunteer::status(s.conn()).unwrap().unnamed_calls, 2);
    let set = volunteer::set_name(s.conn_mut(), "Olena", true).unwrap();
    assert_eq!(set.attributed, 2);
    let names = strings(s.conn(), "SELECT volunteer FROM calls ORDER BY volunteer");
    assert_eq!(names, vec!["Olena", "Olena", "Sam"], "Sam's call is Sam's");
    let st = volunteer::status(s.conn()).unwrap();
    assert!(!st.ask_name);
    assert_eq!(st.volunteer_name.as_deref(), Some("Olena"));
    // The script uses the name.
    let t = fill_script(s.conn(), "tallahassee-fl", None).unwrap();
    assert!(t.gaps().is_empty(), "{:?}", t.gaps());
    assert!(t.to_text().contains("my name is Olena"));

    // Skipping the prompt (on another store) hides it, with no name.
    let dir2 = tempfile::tempdir().unwrap();
    let s2 = store(dir2.path());
    volunteer::dismiss_prompt(s2.conn()).unwrap();
    let st = volunteer::status(s2.conn()).unwrap();
    assert!(!st.ask_name);
    assert_eq!(st.volunteer_name, None);
}

#[test]
fn the_store_written_by_the_previous_version_keeps_its_calls_and_edited_script_and_gets_a_queue() {
    let dir = common::copy_of_store_v1();
    let before: u32 = Connection::open(dir.path().join(STORE_FILE))
        .unwrap()
        .query_row("SELECT count(*) FROM calls", [], |r| r.get(0))
        .unwrap();
    let s = store(dir.path());
    let after: u32 = s
        .conn()
        .query_row("SELECT count(*) FROM calls", [], |r| r.get(0))
        .unwrap();
    assert_eq!(after, before, "every call kept");
    // The hand-edited script stays the active-tie script.
    assert_eq!(
        settings::get(s.conn(), campaign::CALL_SCRIPT_KEY)
            .unwrap()
            .unwrap()
            .trim_end(),
        "Hello, I am {volunteer_name}. I call about {city} and {sister_city}. Edited by hand."
    );
    // Portland (called just before the fixture was made, with a follow-up on 2026-12-15)
    // and the others are known to the queue by their last call.
    let q = queue(&s, 0);
    let last: Option<String> = s
        .conn()
        .query_row(
            "SELECT l.last_call_at FROM city_last_calls l JOIN cities c ON c.id = l.city_id WHERE c.slug = 'tallahassee-fl'",
            [],
            |r| r.get(0),
        )
        .ok();
    assert!(last.is_some(), "Tallahassee's call is the city's last call");
    assert!(
        q.entries.iter().all(|e| e.slug != "tallahassee-fl"),
        "severed, no follow-up"
    );
    // The seeded scripts for the other statuses are there.
    let t = flat(
        &fill_script(s.conn(), "tallahassee-fl", None)
            .unwrap()
            .to_text(),
    );
    assert!(t.contains("thank Tallahassee for ending its tie"), "{t}");
    assert!(t.contains("my name is Dana Fixture"), "{t}");
}

#[test]
fn a_city_a_teammate_just_called_leaves_the_queue_when_their_bundle_is_merged() {
    // This machine called Portland long ago; a teammate calls it today and sends a bundle.
    let dir = tempfile::tempdir().unwrap();
    let mut mine = store(dir.path());
    let portland = common::city_id(mine.conn(), "portland-or");
    mine.conn()
        .execute(
            "INSERT INTO calls (id, city_id, channel, outcome, notes, volunteer, called_at, created_at)
             VALUES ('00000000-0000-4000-8000-000000000001', ?1, 'phone', 'voicemail', '', 'Dana',
                     '2025-01-10T16:00:00.000Z', '2025-01-10T16:00:00.000Z')",
            [&portland],
        )
        .unwrap();
    assert!(slugs(&queue(&mine, 0)).contains(&"portland-or"));

    let theirs_dir = tempfile::tempdir().unwrap();
    let mut theirs = store(theirs_dir.path());
    let called = log_call(theirs.conn_mut(), &call("portland-or", None)).unwrap();
    let file = theirs_dir.path().join("today.outreach-bundle");
    outreach_core::bundle::export(
        theirs.conn(),
        &file,
        true,
        outreach_core::output::Existing::Refuse,
    )
    .unwrap();
    outreach_core::bundle::import(&mut mine, &file).unwrap();

    let q = queue(&mine, 0);
    assert!(
        !slugs(&q).contains(&"portland-or"),
        "called today by a teammate: not to be called again"
    );
    let in_three_days = queue(&mine, 4);
    let entry = in_three_days
        .entries
        .iter()
        .find(|e| e.slug == "portland-or")
        .expect("back after the recent days");
    assert_eq!(
        entry.last_call_at.as_deref(),
        Some(called.called_at.as_str())
    );
}
