//! What a new volunteer sees from the command line on a new data folder: every target,
//! and a mayor's office to call with its number and source.

mod common;
use common::{json, outreach};

#[test]
fn cities_lists_every_target_of_the_third_pass() {
    let dir = tempfile::tempdir().unwrap();
    let list = json(&outreach(dir.path(), &["cities", "--json"]));
    let list = list.as_array().unwrap();
    assert!(list.len() >= 72, "{} targets", list.len());
    for slug in ["louisville-ky", "portsmouth-nh", "stevens-point-wi"] {
        assert!(list.iter().any(|c| c["slug"] == slug), "{slug} missing");
    }
    let dubuque = list.iter().find(|c| c["slug"] == "dubuque-ia").unwrap();
    assert_eq!(dubuque["relationship_status"], "suspended");
}

#[test]
fn portland_shows_keith_wilson_with_his_number_and_a_portland_gov_source() {
    let dir = tempfile::tempdir().unwrap();
    let city = json(&outreach(dir.path(), &["city", "portland-or", "--json"]));
    let contacts = city["contacts"].as_array().unwrap();
    let wilson = contacts
        .iter()
        .find(|c| c["name"] == "Keith Wilson")
        .expect("Keith Wilson is listed");
    assert_eq!(wilson["phone"], "503-823-4120");
    assert!(wilson["source"].as_str().unwrap().contains("portland.gov"));
    assert_eq!(wilson["confidence"], "high");
    assert_eq!(wilson["credit"], "Open States (CC0)");
    assert_eq!(wilson["last_verified"], "2026-08-05");
}
