//! The window's commands: one-line adapters over `outreach-core`, one module per concept.
//! Commands that touch the store are `async`, which keeps database work off the main
//! (UI) thread. Every command is named once, in `list.rs` (`app_commands!`), which feeds
//! `generate_handler!`, the build's permissions and the capability check.

#[macro_use]
pub(crate) mod list;
#[macro_use]
mod store_command;

pub mod app;
pub mod calls;
pub mod campaign;
pub mod cities;
pub mod contacts;
pub mod dashboard;
// Issue 11: a form's kept draft.
pub mod drafts;
pub mod exchange;
pub mod followups;
pub mod responses;
pub mod script;
pub mod signatures;
// Issue 12: team sync.
pub mod team;
// Issue 9: call next.
pub mod queue;
pub mod volunteer;
