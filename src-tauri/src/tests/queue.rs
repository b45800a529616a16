//! "Call next" and the first-run name through IPC, with the real capabilities.

use serde_json::{json, Value};

use super::{call, message, seeded_app};

#[test]
fn the_window_gets_the_queue_skips_a_city_and_sets_the_name_for_earlier_calls() {
    let (_dir, app) = seeded_app();
    call(
        &app,
        "add_contact",
        json!({ "slug": "portland-or", "input": { "name": "Keith Wilson", "role": "Mayor", "phone": "503-823-4120" } }),
    )
    .unwrap();
    let q = call(&app, "call_queue", json!({ "limit": 200 })).unwrap();
    let entries = q["entries"].as_array().unwrap();
    let portland = entries.iter().find(|e| e["slug"] == "portland-or").unwrap();
    assert_eq!(portland["phone"], "503-823-4120");
    assert_eq!(portland["task"], "call");
    let err = call(
        &app,
        "skip_city",
        json!({ "slug": "portland-or", "reason": "" }),
    )
    .unwrap_err();
    assert_eq!(err["kind"], "invalid_input");
    call(
        &app,
        "skip_city",
        json!({ "slug": "portland-or", "reason": "no answer, office closed" }),
    )
    .unwrap();
    let q = call(&app, "call_queue", json!({ "limit": null })).unwrap();
    assert!(q["entries"]
        .as_array()
        .unwrap()
        .iter()
        .all(|e| e["slug"] != "portland-or"));

    // First run: the prompt is asked; a call logged before the name gets it when agreed.
    let st = call(&app, "volunteer_status", Value::Null).unwrap();
    assert_eq!(st["ask_name"], true);
    call(
        &app,
        "log_call",
        json!({ "input": { "slug": "tulsa-ok", "outcome": "voicemail" } }),
    )
    .unwrap();
    let set = call(
        &app,
        "set_volunteer_name",
        json!({ "name": "Olena", "attributeUnnamed": true }),
    )
    .unwrap();
    assert_eq!(set["attributed"], 1);
    let st = call(&app, "volunteer_status", Value::Null).unwrap();
    assert_eq!(st["ask_name"], false);
    assert_eq!(st["volunteer_name"], "Olena");
    call(&app, "dismiss_name_prompt", Value::Null).unwrap();

    let scripts = call(&app, "get_status_scripts", Value::Null).unwrap();
    assert!(scripts["severed"]
        .as_str()
        .unwrap()
        .contains("public statement"));
    let err = call(
        &app,
        "set_status_scripts",
        json!({ "scripts": { "suspended": "", "severed": "x", "unknown": "y" } }),
    )
    .unwrap_err();
    assert!(message(&err).starts_with("suspended script"));
}
