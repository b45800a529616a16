//! Volunteers add what the research missed: a US place and its tie, on a real store file,
//! with the same ids on every machine, and bad input refused with the store unchanged.

mod common;

use common::{dump, new_store};
use outreach_core::cities::list_cities;
use outreach_core::city_view::get_city;
use outreach_core::output::Existing;
use outreach_core::targets::{add_target, slug_for, NewTarget};
use outreach_core::vocab::{JurisdictionKind, Origin, RelationshipStatus};
use outreach_core::{ErrorKind, Store};

fn springfield() -> NewTarget {
    NewTarget {
        city: "  Springfield ".into(),
        state: "il".into(),
        kind: None,
        latitude: Some(39.7817),
        longitude: Some(-89.6501),
        sister_city: "Tver".into(),
        sister_region: Some("Tver Oblast".into()),
        status: RelationshipStatus::Active,
        date: "2023-05".into(),
        source_url: "https://example.org/springfield-tver".into(),
        notes: "The city's sister-city page still lists Tver.".into(),
    }
}

#[test]
fn a_volunteer_adds_a_place_with_its_sourced_tie_and_it_joins_the_list() {
    let (dir, mut store) = new_store();
    store
        .conn()
        .execute(
            "INSERT INTO settings (key, value, updated_at) VALUES ('volunteer.name', 'Dana', '2026-01-01')",
            [],
        )
        .unwrap();
    let before = list_cities(store.conn()).unwrap().len();

    let added = add_target(store.conn_mut(), &springfield()).unwrap();
    assert_eq!(added.slug, "springfield-il");
    assert!(added.city_added);
    let summary = &added.city.summary;
    assert_eq!(
        (summary.city.as_str(), summary.state.as_str()),
        ("Springfield", "IL")
    );
    assert_eq!(summary.kind, JurisdictionKind::City);
    assert_eq!(summary.relationship_status, RelationshipStatus::Active);
    let tie = &added.city.relationships[0];
    assert_eq!(tie.sister_city, "Tver");
    assert_eq!(tie.sister_region.as_deref(), Some("Tver Oblast"));
    let entry = &tie.history[0];
    assert_eq!(entry.origin, Origin::Volunteer);
    assert_eq!(entry.volunteer.as_deref(), Some("Dana"));
    assert_eq!(entry.date.as_deref(), Some("2023-05"));
    assert_eq!(entry.sources, vec!["https://example.org/springfield-tver"]);

    // The store's own list (kept in memory) and a fresh reader both see it.
    let listed = store.list_cities().unwrap();
    assert_eq!(listed.len(), before + 1);
    assert!(listed.iter().any(|c| c.slug == "springfield-il"));
    drop(store);
    let again = Store::open_dir(dir.path()).unwrap();
    assert_eq!(
        get_city(again.conn(), "springfield-il")
            .unwrap()
            .relationships
            .len(),
        1
    );
}

#[test]
fn two_volunteers_adding_the_same_place_get_the_same_ids() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    let mut one = Store::open_dir(a.path()).unwrap();
    let mut two = Store::open_dir(b.path()).unwrap();
    let x = add_target(one.conn_mut(), &springfield()).unwrap();
    let mut other = springfield();
    other.city = "springfield".into();
    other.state = "Illinois".into();
    let y = add_target(two.conn_mut(), &other).unwrap();
    assert_eq!(x.slug, y.slug);
    assert_eq!(x.city.relationships[0].id, y.city.relationships[0].id);
    let id = |s: &Store| -> String {
        s.conn()
            .query_row(
                "SELECT id FROM cities WHERE slug = 'springfield-il'",
                [],
                |r| r.get(0),
            )
            .unwrap()
    };
    assert_eq!(id(&one), id(&two));
}

#[test]
fn a_new_tie_joins_a_listed_place_and_a_known_tie_is_refused_by_name() {
    let (_dir, mut store) = new_store();
    let portland = get_city(store.conn(), "portland-or").unwrap();
    let known = portland.relationships[0].sister_city.clone();

    let mut tie = springfield();
    tie.city = "Portland".into();
    tie.state = "OR".into();
    tie.sister_city = "Vladivostok".into();
    let added = add_target(store.conn_mut(), &tie).unwrap();
    assert!(!added.city_added, "Portland, OR was already a target");
    assert_eq!(added.slug, "portland-or");
    assert_eq!(
        added.city.relationships.len(),
        portland.relationships.len() + 1
    );

    let before = dump(store.conn());
    tie.sister_city = known.to_uppercase();
    let err = add_target(store.conn_mut(), &tie).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    assert!(err.to_string().contains(&known), "{err}");
    assert_eq!(
        dump(store.conn()),
        before,
        "a refused tie changed the store"
    );
}

#[test]
fn bad_input_names_the_field_and_changes_nothing() {
    let (_dir, mut store) = new_store();
    let before = dump(store.conn());
    let cases: Vec<(&str, Box<dyn Fn(&mut NewTarget)>)> = vec![
        ("city", Box::new(|t| t.city = "   ".into())),
        ("city", Box::new(|t| t.city = "x".repeat(101))),
        ("city", Box::new(|t| t.city = "!!!".into())),
        ("state", Box::new(|t| t.state = "ZZ".into())),
        ("state", Box::new(|t| t.state = "Atlantis".into())),
        ("sister city", Box::new(|t| t.sister_city = "".into())),
        (
            "sister city",
            Box::new(|t| t.sister_city = "Tver\u{0}".into()),
        ),
        ("date", Box::new(|t| t.date = "2023-13".into())),
        ("date", Box::new(|t| t.date = "2999-01-01".into())),
        ("date", Box::new(|t| t.date = "last spring".into())),
        ("source", Box::new(|t| t.source_url = "".into())),
        (
            "source",
            Box::new(|t| t.source_url = "javascript:alert(1)".into()),
        ),
        ("latitude", Box::new(|t| t.latitude = Some(91.0))),
        ("longitude", Box::new(|t| t.longitude = None)),
        ("notes", Box::new(|t| t.notes = "n".repeat(2_001))),
    ];
    for (field, spoil) in cases {
        let mut input = springfield();
        spoil(&mut input);
        let err = add_target(store.conn_mut(), &input).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidInput, "{field}: {err}");
        assert!(
            err.to_string().starts_with(field),
            "expected the error to name {field}: {err}"
        );
        assert_eq!(dump(store.conn()), before, "{field}: the store changed");
    }
}

#[test]
fn slugs_are_plain_lowercase_words_and_the_state() {
    assert_eq!(slug_for("St. Louis", "MO"), "st-louis-mo");
    assert_eq!(slug_for("Cañon City", "CO"), "canon-city-co");
    assert_eq!(slug_for("Winston–Salem", "NC"), "winston-salem-nc");
    assert_eq!(slug_for("State of Iowa", "IA"), "state-of-iowa-ia");
}

#[test]
fn a_bundle_carries_an_added_place_with_its_calls_and_merging_it_again_changes_nothing() {
    use outreach_core::bundle;
    use outreach_core::calls::{log_call, CallInput};
    use outreach_core::vocab::CallOutcome;

    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    let mut one = Store::open_dir(a.path()).unwrap();
    let mut two = Store::open_dir(b.path()).unwrap();
    add_target(one.conn_mut(), &springfield()).unwrap();
    let mut tie = springfield();
    tie.city = "Portland".into();
    tie.state = "OR".into();
    tie.sister_city = "Vladivostok".into();
    add_target(one.conn_mut(), &tie).unwrap();
    let call = log_call(
        one.conn_mut(),
        &CallInput::new("springfield-il", CallOutcome::Voicemail),
    )
    .unwrap();

    let file = a.path().join("mine.json.gz");
    let exported = bundle::export(one.conn(), &file, false, Existing::Refuse).unwrap();
    assert_eq!((exported.cities, exported.ties), (1, 2));
    let report = bundle::import(&mut two, &file).unwrap();
    assert_eq!((report.cities_added, report.ties_added), (1, 2));
    assert_eq!(report.calls_added, 1, "{:?}", report.refused);
    assert!(report.refused.is_empty(), "{:?}", report.refused);
    let there = get_city(two.conn(), "springfield-il").unwrap();
    assert_eq!(there.relationships[0].sister_city, "Tver");
    assert_eq!(there.relationships[0].status, RelationshipStatus::Active);
    assert_eq!(there.calls[0].id, call.id);
    assert!(get_city(two.conn(), "portland-or")
        .unwrap()
        .relationships
        .iter()
        .any(|r| r.sister_city == "Vladivostok"));

    let before = dump(two.conn());
    let again = bundle::import(&mut two, &file).unwrap();
    assert!(!again.changed(), "{again:?}");
    assert_eq!(dump(two.conn()), before);
}

/// A date after today is one problem wherever it is typed: the place's source date is
/// refused with the same code as a response's or a contact's (the window words it by the
/// code), and the message names the day.
#[test]
fn a_source_dated_in_the_future_is_refused_as_in_the_future() {
    use outreach_core::fields::Problem;
    let (_dir, mut store) = new_store();
    let mut input = springfield();
    input.date = "2999-01-01".into();
    let err = add_target(store.conn_mut(), &input).unwrap_err();
    let payload = err.payload();
    assert_eq!(payload.code, Some(Problem::InTheFuture), "{err}");
    assert!(
        err.to_string()
            .starts_with("date: \"2999-01-01\" is in the future (today is "),
        "{err}"
    );
}
