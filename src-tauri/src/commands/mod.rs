//! The window's commands: one-line adapters over `outreach-core`, one module per concept.
//! Commands that touch the store are `async`, which keeps database work off the main
//! (UI) thread. Each command needs an `allow-<command>` entry in
//! src-tauri/capabilities/main.json and its name in `COMMANDS` in src-tauri/build.rs.

pub mod app;
pub mod calls;
pub mod campaign;
pub mod cities;
pub mod contacts;
pub mod dashboard;
pub mod exchange;
pub mod followups;
pub mod responses;
pub mod script;
pub mod signatures;
// Issue 9: call next.
pub mod queue;
pub mod volunteer;
