//! The one error type of the core. Every variant says what went wrong and what to do,
//! and reaches the UI as an [`ErrorPayload`] (`{ kind, message }`, and for bad input
//! `field`, `code` and `problem`) that the UI switches on.

use std::path::PathBuf;

use serde::Serialize;
use ts_rs::TS;

use crate::fields::{InputField, Problem};

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(
        "store file {path} was written by a newer version of Outreach Desk (schema {found}, \
         this app knows {known}): update the app; the file was not changed"
    )]
    StoreTooNew {
        path: PathBuf,
        found: i64,
        known: i64,
    },

    #[error(
        "store file {path} is not a readable Outreach Desk database ({reason}): \
         move it aside or restore a backup; the file was not changed"
    )]
    StoreCorrupt { path: PathBuf, reason: String },

    #[error(
        "store file {path} is an SQLite database of another application (application id {found:#x}): \
         choose another data folder; the file was not changed"
    )]
    StoreForeign { path: PathBuf, found: i64 },

    #[error("cannot open store file {path}: {reason}")]
    StoreUnavailable { path: PathBuf, reason: String },

    #[error("store file {path}: {problem}; nothing was changed")]
    StoreWrite { path: PathBuf, problem: String },

    #[error("no data folder could be found: {0}; pass --data-dir DIR or set OUTREACH_DATA_DIR")]
    NoDataDir(String),

    #[error("no target city has the slug \"{slug}\": run `outreach cities` to list them")]
    UnknownCity { slug: String },

    #[error("{}: {problem}", field.label())]
    InvalidInput {
        field: InputField,
        code: Problem,
        problem: String,
    },

    #[error("the embedded seed campaign is invalid: {0}")]
    Seed(String),

    #[error("migrating store file {path} failed ({reason}); nothing was changed")]
    Migration { path: PathBuf, reason: String },

    #[error("database error: {0}")]
    Database(#[from] rusqlite::Error),

    #[error("no call has the id \"{id}\": run `outreach calls <SLUG>` to list a city's calls")]
    UnknownCall { id: String },

    #[error("no response has the id \"{id}\": run `outreach city <SLUG> --json` to list a city's responses")]
    UnknownResponse { id: String },

    #[error("no status change has the id \"{id}\": run `outreach city <SLUG> --json` to list a tie's history")]
    UnknownStatusChange { id: String },

    #[error("no contact has the id \"{id}\" (or it was removed): run `outreach city <SLUG>` to list a city's contacts")]
    UnknownContact { id: String },
    #[error("{file}: {problem}; nothing was imported")]
    ImportFile { file: String, problem: String },

    #[error("{file} was refused: {problem}; nothing was changed")]
    BundleRefused { file: String, problem: String },

    #[error(
        "{file} is a bundle of format version {found}, this app reads up to version {known}: \
         update the app to merge it; nothing was changed"
    )]
    BundleTooNew {
        file: String,
        found: u64,
        known: u64,
    },

    #[error("backup failed: {0}")]
    Backup(String),

    #[error("no backup has the id \"{id}\": run `outreach backup list` to see them")]
    UnknownBackup { id: String },

    #[error("no merge has the id \"{id}\": run `outreach bundle merges` to see them")]
    UnknownMerge { id: String },

    #[error("the merge of {file} was undone already ({at}); nothing was changed")]
    MergeUndone { file: String, at: String },

    #[error("no import has the id \"{id}\": run `outreach import list` to see them")]
    UnknownImport { id: String },

    #[error("the import of {file} was undone already ({at}); nothing was changed")]
    ImportUndone { file: String, at: String },

    #[error("the merge journal {0}; nothing was changed")]
    MergeJournal(String),
    #[error("signature sync: {url} answered HTTP {status}; the stored total was not changed")]
    SignatureHttpStatus { url: String, status: u16 },

    #[error(
        "signature sync: {url} did not answer within {seconds} s (timeout); \
         the stored total was not changed"
    )]
    SignatureTimeout { url: String, seconds: u64 },

    #[error("signature sync: cannot reach {url} ({reason}); the stored total was not changed")]
    SignatureNetwork { url: String, reason: String },

    #[error(
        "signature sync: the answer from {url} is too large (over {limit_bytes} bytes); \
         it was not read and the stored total was not changed"
    )]
    SignatureTooLarge { url: String, limit_bytes: u64 },

    #[error(
        "signature sync: no count found in {url} ({detail}); the stored total was not changed"
    )]
    SignatureNoCount { url: String, detail: String },

    #[error("signature sync: the count \"{value}\" from {url} is not a number ({problem}); the stored total was not changed")]
    SignatureNotANumber {
        url: String,
        value: String,
        problem: String,
    },

    #[error("signature sync: the address {url} is refused ({reason})")]
    SignatureUrlRefused { url: String, reason: String },

    #[error("signature token file {path}: {reason}")]
    SignatureToken { path: PathBuf, reason: String },

    #[error(
        "team sync: cannot reach the campaign server {server} ({reason}); \
         your work stays on this machine and is pushed when the server answers"
    )]
    TeamUnreachable { server: String, reason: String },

    #[error(
        "team sync: the campaign server {server} refused the credentials of {role} ({reason}); \
         ask a coordinator for a new invite and run `outreach team join` with it"
    )]
    TeamCredentialsRefused {
        server: String,
        role: String,
        reason: String,
    },

    #[error(
        "team sync: the secure connection (TLS) to {server} failed ({reason}); nothing was sent"
    )]
    TeamTls { server: String, reason: String },

    #[error(
        "team sync: the campaign server {server} has schema version {found}, this app knows up to \
         {known}: update Outreach Desk to sync with it; nothing was changed"
    )]
    TeamSchemaTooNew {
        server: String,
        found: i64,
        known: i64,
    },

    #[error(
        "team sync: {server} holds no Outreach Desk campaign; a coordinator runs \
         `outreach team init --server URL` first"
    )]
    TeamNoCampaign { server: String },

    #[error("team sync: this machine has not joined a campaign; run `outreach team join INVITE`")]
    TeamNotJoined,

    #[error("team sync: the campaign server {server} answered with an error ({reason}); {what}")]
    TeamServer {
        server: String,
        reason: String,
        what: String,
    },

    #[error("team credentials file {path}: {reason}")]
    TeamCredentials { path: PathBuf, reason: String },
}

/// The stable, machine-readable kind of an [`Error`]: what the UI and scripts switch on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ErrorKind {
    StoreTooNew,
    StoreCorrupt,
    StoreForeign,
    StoreUnavailable,
    /// The store could not be read or written just now (locked, read-only, disk full, I/O).
    StoreWrite,
    NoDataDir,
    UnknownCity,
    InvalidInput,
    Seed,
    Migration,
    Database,
    UnknownCall,
    UnknownResponse,
    UnknownStatusChange,
    UnknownContact,
    ImportFile,
    BundleRefused,
    BundleTooNew,
    Backup,
    UnknownBackup,
    UnknownMerge,
    MergeUndone,
    MergeJournal,
    UnknownImport,
    ImportUndone,
    SignatureHttpStatus,
    SignatureTimeout,
    SignatureNetwork,
    SignatureTooLarge,
    SignatureNoCount,
    SignatureNotANumber,
    SignatureUrlRefused,
    SignatureToken,
    TeamUnreachable,
    TeamCredentialsRefused,
    TeamTls,
    TeamSchemaTooNew,
    TeamNoCampaign,
    TeamNotJoined,
    TeamServer,
    TeamCredentials,
}

impl Error {
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::StoreTooNew { .. } => ErrorKind::StoreTooNew,
            Error::StoreCorrupt { .. } => ErrorKind::StoreCorrupt,
            Error::StoreForeign { .. } => ErrorKind::StoreForeign,
            Error::StoreUnavailable { .. } => ErrorKind::StoreUnavailable,
            Error::StoreWrite { .. } => ErrorKind::StoreWrite,
            Error::NoDataDir(_) => ErrorKind::NoDataDir,
            Error::UnknownCity { .. } => ErrorKind::UnknownCity,
            Error::InvalidInput { .. } => ErrorKind::InvalidInput,
            Error::Seed(_) => ErrorKind::Seed,
            Error::Migration { .. } => ErrorKind::Migration,
            Error::Database(_) => ErrorKind::Database,
            Error::UnknownCall { .. } => ErrorKind::UnknownCall,
            Error::UnknownResponse { .. } => ErrorKind::UnknownResponse,
            Error::UnknownStatusChange { .. } => ErrorKind::UnknownStatusChange,
            Error::UnknownContact { .. } => ErrorKind::UnknownContact,
            Error::ImportFile { .. } => ErrorKind::ImportFile,
            Error::BundleRefused { .. } => ErrorKind::BundleRefused,
            Error::BundleTooNew { .. } => ErrorKind::BundleTooNew,
            Error::Backup(_) => ErrorKind::Backup,
            Error::UnknownBackup { .. } => ErrorKind::UnknownBackup,
            Error::UnknownMerge { .. } => ErrorKind::UnknownMerge,
            Error::MergeUndone { .. } => ErrorKind::MergeUndone,
            Error::MergeJournal(_) => ErrorKind::MergeJournal,
            Error::UnknownImport { .. } => ErrorKind::UnknownImport,
            Error::ImportUndone { .. } => ErrorKind::ImportUndone,
            Error::SignatureHttpStatus { .. } => ErrorKind::SignatureHttpStatus,
            Error::SignatureTimeout { .. } => ErrorKind::SignatureTimeout,
            Error::SignatureNetwork { .. } => ErrorKind::SignatureNetwork,
            Error::SignatureTooLarge { .. } => ErrorKind::SignatureTooLarge,
            Error::SignatureNoCount { .. } => ErrorKind::SignatureNoCount,
            Error::SignatureNotANumber { .. } => ErrorKind::SignatureNotANumber,
            Error::SignatureUrlRefused { .. } => ErrorKind::SignatureUrlRefused,
            Error::SignatureToken { .. } => ErrorKind::SignatureToken,
            Error::TeamUnreachable { .. } => ErrorKind::TeamUnreachable,
            Error::TeamCredentialsRefused { .. } => ErrorKind::TeamCredentialsRefused,
            Error::TeamTls { .. } => ErrorKind::TeamTls,
            Error::TeamSchemaTooNew { .. } => ErrorKind::TeamSchemaTooNew,
            Error::TeamNoCampaign { .. } => ErrorKind::TeamNoCampaign,
            Error::TeamNotJoined => ErrorKind::TeamNotJoined,
            Error::TeamServer { .. } => ErrorKind::TeamServer,
            Error::TeamCredentials { .. } => ErrorKind::TeamCredentials,
        }
    }

    /// True for the errors that make the whole store unusable (the window shows a full
    /// screen for these rather than an inline message).
    pub fn is_store_fatal(&self) -> bool {
        matches!(
            self.kind(),
            ErrorKind::StoreTooNew
                | ErrorKind::StoreCorrupt
                | ErrorKind::StoreForeign
                | ErrorKind::StoreUnavailable
                | ErrorKind::NoDataDir
                | ErrorKind::Migration
        )
    }

    /// Bad input in `field`; the message says what is wrong and how to write it.
    pub fn invalid(field: InputField, problem: impl Into<String>) -> Self {
        Error::invalid_as(field, Problem::Invalid, problem)
    }

    /// Bad input in `field`, with the kind of problem the UI can switch on.
    pub fn invalid_as(field: InputField, code: Problem, problem: impl Into<String>) -> Self {
        Error::InvalidInput {
            field,
            code,
            problem: problem.into(),
        }
    }

    pub fn payload(&self) -> ErrorPayload {
        let (field, code, problem) = match self {
            Error::InvalidInput {
                field,
                code,
                problem,
            } => (Some(*field), Some(*code), Some(problem.clone())),
            _ => (None, None, None),
        };
        ErrorPayload {
            kind: self.kind(),
            message: self.to_string(),
            field,
            code,
            problem,
        }
    }
}

/// What an error looks like on the wire to the UI and in `--json` output.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ErrorPayload {
    pub kind: ErrorKind,
    /// The whole message (for bad input: `<field>: <problem>`).
    pub message: String,
    /// For bad input: the input it is about (a form shows `problem` beside it).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub field: Option<InputField>,
    /// For bad input: what is wrong.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub code: Option<Problem>,
    /// For bad input: the message without the field's name.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub problem: Option<String>,
}

impl From<&Error> for ErrorPayload {
    fn from(e: &Error) -> Self {
        e.payload()
    }
}
