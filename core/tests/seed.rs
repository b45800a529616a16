//! The seed campaign on a real store file: every target's sourced contacts, the research's
//! corrections, the petition's own figure, and seed updates that reach an existing store
//! without touching what a volunteer did.

mod common;

use std::path::Path;

use outreach_core::cities::list_cities;
use outreach_core::city_view::get_city;
use outreach_core::contacts::{edit_contact, ContactFields};
use outreach_core::seed::{self, embedded_campaign, embedded_contacts, embedded_targets};
use outreach_core::seed_contacts::{dismiss_seed_offer, take_seed_offer};
use outreach_core::signatures::history;
use outreach_core::vocab::{Confidence, RelationshipStatus};
use outreach_core::Store;

fn store(dir: &Path) -> Store {
    Store::open_dir(dir).unwrap()
}

fn count(s: &Store, sql: &str) -> i64 {
    s.conn().query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn a_new_store_has_a_sourced_dated_contact_for_most_targets_and_keith_wilson_for_portland() {
    let dir = tempfile::tempdir().unwrap();
    let s = store(dir.path());
    let cities = list_cities(s.conn()).unwrap();
    assert!(cities.len() >= 72, "{} targets", cities.len());

    let mut with_phone = 0;
    for c in &cities {
        let city = get_city(s.conn(), &c.slug).unwrap();
        for k in &city.contacts {
            let source = k.source.as_deref().unwrap_or("");
            assert!(
                source.starts_with("http"),
                "{}: {} has no source",
                c.slug,
                k.fields.name
            );
            assert!(
                k.fields.last_verified.is_some(),
                "{}: {} has no date",
                c.slug,
                k.fields.name
            );
            assert!(
                k.confidence.is_some(),
                "{}: {} has no confidence",
                c.slug,
                k.fields.name
            );
        }
        if city.contacts.iter().any(|k| k.fields.phone.is_some()) {
            with_phone += 1;
        }
    }
    assert!(
        with_phone * 100 >= cities.len() * 80,
        "only {with_phone} of {} targets have a phone",
        cities.len()
    );

    let portland = get_city(s.conn(), "portland-or").unwrap();
    let wilson = portland
        .contacts
        .iter()
        .find(|k| k.fields.name == "Keith Wilson")
        .expect("Keith Wilson is Portland's contact");
    assert_eq!(wilson.fields.phone.as_deref(), Some("503-823-4120"));
    assert!(wilson.source.as_deref().unwrap().contains("portland.gov"));
    assert_eq!(wilson.credit.as_deref(), Some("Open States (CC0)"));
    assert_eq!(wilson.confidence, Some(Confidence::High));
    assert!(!wilson.stale);
}

#[test]
fn an_ended_term_is_the_offices_line_marked_stale_and_low_confidence_says_check_before_calling() {
    let dir = tempfile::tempdir().unwrap();
    let s = store(dir.path());
    let stpete = get_city(s.conn(), "st-petersburg-fl").unwrap();
    let line = &stpete.contacts[0];
    assert_eq!(line.fields.phone.as_deref(), Some("727-893-7201"));
    assert_ne!(
        line.fields.name, "Ken Welch",
        "never shown as the current mayor"
    );
    assert!(line.stale, "term ended 2026-01-08");
    assert_eq!(line.fields.term_end.as_deref(), Some("2026-01-08"));

    let osage = get_city(s.conn(), "osage-ia").unwrap();
    assert_eq!(osage.contacts[0].confidence, Some(Confidence::Low));
    assert!(osage.contacts[0]
        .fields
        .notes
        .starts_with("Check before calling"));
    let juneau = get_city(s.conn(), "juneau-ak").unwrap();
    assert!(juneau.contacts[0].fields.notes.contains("City Clerk"));
}

#[test]
fn dubuques_severed_entry_is_corrected_by_the_suspension_and_houston_kept_its_tie_first() {
    let dir = tempfile::tempdir().unwrap();
    let s = store(dir.path());
    let dubuque = get_city(s.conn(), "dubuque-ia").unwrap();
    assert_eq!(
        dubuque.summary.relationship_status,
        RelationshipStatus::Suspended
    );
    let tie = &dubuque.relationships[0];
    assert_eq!(tie.status, RelationshipStatus::Suspended);
    let severed = &tie.history[0];
    assert_eq!(severed.status, RelationshipStatus::Severed);
    let fix = &tie.history[1];
    assert_eq!(severed.corrected_by.as_deref(), Some(fix.id.as_str()));
    assert!(fix.sources[0].contains("cityofdubuque.org"));

    let houston = get_city(s.conn(), "houston-tx").unwrap();
    let h = &houston.relationships[0].history;
    assert_eq!(
        (h[0].status, h[0].date.as_deref()),
        (RelationshipStatus::Active, Some("2022-06"))
    );
    assert_eq!(
        houston.summary.relationship_status,
        RelationshipStatus::Suspended
    );
}

#[test]
fn a_new_store_starts_with_the_petitions_own_figure_once() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(dir.path());
    let first = history::latest(s.conn()).unwrap().expect("a seeded total");
    assert_eq!((first.total, first.goal), (18_900, Some(25_000)));
    assert_eq!(first.provider, "manual");
    assert!(first.source.contains("18,900 have signed"));

    // A volunteer's newer total stays the latest when the seed runs again.
    history::record_manual(s.conn_mut(), 19_050, 25_000).unwrap();
    s.conn()
        .execute("DELETE FROM settings WHERE key = 'seed.fingerprint'", [])
        .unwrap();
    seed::apply_embedded(s.conn_mut()).unwrap();
    assert_eq!(count(&s, "SELECT count(*) FROM signature_snapshots"), 2);
    assert_eq!(history::latest(s.conn()).unwrap().unwrap().total, 19_050);
}

#[test]
fn the_seed_update_runs_once_and_adds_nothing_twice() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(dir.path());
    assert!(seed::apply_embedded(s.conn_mut()).unwrap().is_empty());
    // (settings hold the fingerprint, written again with its time)
    let before = common::dump_except(s.conn(), &["settings"]);
    // Forced again (as if the fingerprint were lost): nothing is added or changed.
    s.conn()
        .execute("DELETE FROM settings WHERE key = 'seed.fingerprint'", [])
        .unwrap();
    let again = seed::apply_embedded(s.conn_mut()).unwrap();
    assert_eq!(
        again.cities + again.events + again.corrected,
        0,
        "{again:?}"
    );
    assert_eq!(again.contacts, Default::default());
    assert_eq!(common::dump_except(s.conn(), &["settings"]), before);
}

#[test]
fn a_newer_seed_offers_its_value_for_a_hand_edited_contact_and_updates_an_unedited_one() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(dir.path());
    let targets = embedded_targets().unwrap();
    let campaign = embedded_campaign().unwrap();
    let mut contacts = embedded_contacts(&targets).unwrap();

    // A volunteer corrects Keith Wilson's number by hand.
    let wilson = get_city(s.conn(), "portland-or").unwrap().contacts[0].clone();
    let mut mine = ContactFields {
        name: wilson.fields.name.clone(),
        role: wilson.fields.role.clone(),
        phone: Some("503-823-9999".into()),
        email: wilson.fields.email.clone(),
        website: wilson.fields.website.clone(),
        address: wilson.fields.address.clone(),
        notes: wilson.fields.notes.clone(),
        last_verified: wilson.fields.last_verified.clone(),
        term_end: wilson.fields.term_end.clone(),
    };
    mine.notes = "Called 2026-11-30: the front desk gave this number.".into();
    edit_contact(s.conn_mut(), &wilson.id, &mine).unwrap();

    // The next seed changes both Wilson's and Albany's numbers.
    for c in contacts.iter_mut() {
        if c.slug == "portland-or" || c.slug == "albany-ny" {
            c.values.phone = Some("555-010-0001".into());
        }
    }
    let report = seed::apply(s.conn_mut(), &targets, &contacts, &campaign).unwrap();
    assert_eq!((report.contacts.updated, report.contacts.offered), (1, 1));

    let kept = get_city(s.conn(), "portland-or").unwrap().contacts[0].clone();
    assert_eq!(
        kept.fields.phone.as_deref(),
        Some("503-823-9999"),
        "never overwritten"
    );
    let offer = kept
        .seed_offer
        .clone()
        .expect("the seed's value is offered");
    assert_eq!(offer.phone.as_deref(), Some("555-010-0001"));

    let albany = get_city(s.conn(), "albany-ny").unwrap().contacts[0].clone();
    assert_eq!(albany.fields.phone.as_deref(), Some("555-010-0001"));
    let revs = outreach_core::contacts::revisions(s.conn(), &albany.id).unwrap();
    assert_eq!(
        revs.last().unwrap().phone.as_deref(),
        Some("518-434-5100"),
        "the old value is kept"
    );

    // The same seed again offers nothing new; dismissing keeps the volunteer's number.
    let again = seed::apply(s.conn_mut(), &targets, &contacts, &campaign).unwrap();
    assert_eq!(again.contacts, Default::default());
    let dismissed = dismiss_seed_offer(s.conn(), &kept.id).unwrap();
    assert_eq!(dismissed.seed_offer, None);
    assert_eq!(dismissed.fields.phone.as_deref(), Some("503-823-9999"));
    seed::apply(s.conn_mut(), &targets, &contacts, &campaign).unwrap();
    assert_eq!(
        get_city(s.conn(), "portland-or").unwrap().contacts[0].seed_offer,
        None,
        "a dismissed offer does not come back"
    );

    // A later seed value is offered again, and taking it keeps the volunteer's in history.
    for c in contacts.iter_mut().filter(|c| c.slug == "portland-or") {
        c.values.phone = Some("555-010-0002".into());
    }
    seed::apply(s.conn_mut(), &targets, &contacts, &campaign).unwrap();
    let taken = take_seed_offer(s.conn_mut(), &kept.id).unwrap();
    assert_eq!(taken.fields.phone.as_deref(), Some("555-010-0002"));
    assert_eq!(taken.seed_offer, None);
    let revs = outreach_core::contacts::revisions(s.conn(), &kept.id).unwrap();
    assert_eq!(revs.last().unwrap().phone.as_deref(), Some("503-823-9999"));
    let err = take_seed_offer(s.conn_mut(), &kept.id).unwrap_err();
    assert!(err.to_string().contains("no newer version"), "{err}");
}

/// Every row of `table` in `conn`, as text, over the given columns (a store's rows as the
/// previous version wrote them).
fn rows(conn: &rusqlite::Connection, table: &str, columns: &[String]) -> Vec<String> {
    let mut stmt = conn
        .prepare(&format!(
            "SELECT {} FROM {table} ORDER BY 1",
            columns.join(", ")
        ))
        .unwrap();
    let n = stmt.column_count();
    let mut out = Vec::new();
    let mut q = stmt.query([]).unwrap();
    while let Some(row) = q.next().unwrap() {
        let vals: Vec<String> = (0..n)
            .map(|i| format!("{:?}", row.get::<_, rusqlite::types::Value>(i).unwrap()))
            .collect();
        out.push(vals.join("|"));
    }
    out
}

fn columns(conn: &rusqlite::Connection, table: &str) -> Vec<String> {
    common::strings(
        conn,
        &format!("SELECT name FROM pragma_table_info('{table}')"),
    )
}

#[test]
fn a_store_made_by_the_previous_version_keeps_everything_and_receives_the_new_seed() {
    let dir = common::copy_of_store_v1();
    let file = dir.path().join(outreach_core::store::STORE_FILE);
    // What the previous version wrote, table by table (its own columns).
    let volunteer_tables = [
        "calls",
        "responses",
        "follow_ups",
        "contacts",
        "contact_revisions",
        "signature_snapshots",
        "relationship_events",
        "cities",
    ];
    let before: Vec<(String, Vec<String>, Vec<String>)> = {
        let old = rusqlite::Connection::open(&file).unwrap();
        let version: i64 = old
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(version, 1, "the fixture is a schema-1 store");
        volunteer_tables
            .iter()
            .map(|t| {
                // A revision's snapshot takes the one shape (migration 5, tested in
                // snapshots.rs); every other column of it stays.
                let cols: Vec<String> = columns(&old, t)
                    .into_iter()
                    .filter(|c| !(*t == "contact_revisions" && c == "snapshot"))
                    .collect();
                (t.to_string(), cols.clone(), rows(&old, t, &cols))
            })
            .collect()
    };
    let calls_before = before
        .iter()
        .find(|(t, _, _)| t == "calls")
        .unwrap()
        .2
        .len();
    assert!(calls_before > 0, "the fixture has calls logged");

    let s = store(dir.path());
    assert_eq!(
        s.schema_version().unwrap(),
        outreach_core::store::latest_schema_version()
    );
    // Nothing the previous version held is lost or changed (in its own columns).
    for (table, cols, old_rows) in &before {
        let now: std::collections::HashSet<String> =
            rows(s.conn(), table, cols).into_iter().collect();
        for row in old_rows {
            assert!(now.contains(row), "{table}: row changed or lost: {row}");
        }
    }
    // The new pairs, the contacts and the Dubuque correction are there.
    let cities = list_cities(s.conn()).unwrap();
    assert!(cities.len() >= 72, "{} targets", cities.len());
    assert!(cities.iter().any(|c| c.slug == "louisville-ky"));
    let dubuque = get_city(s.conn(), "dubuque-ia").unwrap();
    assert_eq!(
        dubuque.summary.relationship_status,
        RelationshipStatus::Suspended
    );
    assert!(dubuque.relationships[0].history[0].corrected_by.is_some());
    let portland = get_city(s.conn(), "portland-or").unwrap();
    assert!(portland
        .contacts
        .iter()
        .any(|k| k.fields.name == "Keith Wilson"
            && k.fields.phone.as_deref() == Some("503-823-4120")));
    let houston = get_city(s.conn(), "houston-tx").unwrap();
    assert_eq!(houston.relationships[0].history.len(), 2);
    // A backup of the previous version's file was made before migrating.
    assert!(dir.path().join("backups").exists());
}
