//! Outreach Desk's core: everything that is not a window.
//!
//! The domain types and vocabularies ([`vocab`]), the SQLite store and its migrations
//! ([`store`]), the embedded seed campaign ([`seed`]) and the city queries ([`cities`]).
//! The Tauri shell and the `outreach` command line are thin adapters over these
//! functions; neither holds logic of its own.

pub mod cities;
pub mod error;
pub mod fields;
pub mod rows;
pub mod seed;
pub mod seed_contacts;
pub mod settings;
pub mod signatures;
pub mod store;
pub mod time;
pub mod vocab;
// Issue 3: the outreach workflow.
pub mod calls;
pub mod campaign;
pub mod citylist;
pub mod contacts;
pub mod dashboard;
pub mod followups;
pub mod generate;
pub mod responses;
pub mod script;
// Issue 9: call next.
pub mod queue;
pub mod volunteer;
// Volunteers add what the research missed.
pub mod targets;

pub mod backup;
pub mod bundle;
pub mod export;
pub mod import;
pub mod input;
pub mod output;

pub use error::{Error, ErrorKind, ErrorPayload, Result};
pub use rusqlite::Connection;
pub use store::Store;
