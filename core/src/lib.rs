//! Outreach Desk's core: everything that is not a window.
//!
//! The domain types and vocabularies ([`vocab`]), the SQLite store and its migrations
//! ([`store`]), the embedded seed campaign ([`seed`]) and the city queries ([`cities`]).
//! The Tauri shell and the `outreach` command line are thin adapters over these
//! functions; neither holds logic of its own.

// The modules in layers: each uses only modules of the layers above it (and of its own
// layer, one way); `core/tests/architecture.rs` fails on a cycle. docs/ARCHITECTURE.md
// draws the layers.

// 1. Words and values.
pub mod checks;
pub mod error;
pub mod fields;
pub mod time;
pub mod vocab;
// 2. The store's tables: rows, ids, settings, schema, atomic steps.
pub mod atomic;
pub mod ids;
pub mod rows;
pub mod schema;
pub mod secret_file;
pub mod settings;
// 3. The campaign's settings and the volunteer.
pub mod campaign;
pub mod template;
pub mod volunteer;
// 4. One concept each, over the rows.
pub mod calls;
pub mod cities;
pub mod citylist;
pub mod contacts;
pub mod drafts;
pub mod export;
pub mod followups;
pub mod generate;
pub mod queue;
pub mod responses;
pub mod script;
pub mod seed;
pub mod seed_contacts;
pub mod teammates;
// 5. A city in full, assembled from the concepts.
pub mod city_view;
// 6. The store: opening, migrating, seeding, its read and write doors, its backups.
pub mod backup;
pub mod store;
// 7. Work on a whole store, and what needs the store's places.
pub mod bundle;
pub mod dashboard;
pub mod import;
pub mod input;
pub mod journal;
pub mod output;
pub mod signatures;
pub mod targets;
// Issue 12: team sync through the campaign's PostgreSQL server (over bundles and the store).
pub mod team;

pub use error::{Error, ErrorKind, ErrorPayload, Result};
pub use rusqlite::Connection;
pub use store::Store;
