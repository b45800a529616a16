//! The fields a person or a file gives: [`InputField`] names every input the core can
//! refuse (a form's input, a command-line option, a column of an imported file);
//! [`Problem`] says what is wrong with it. Both reach the UI in the error payload, so a
//! form shows the problem beside the right input without reading the message. The checks
//! of their values are in [`crate::checks`].

use serde::{Deserialize, Serialize};
use ts_rs::TS;

macro_rules! input_fields {
    ($( $(#[$doc:meta])* $variant:ident = $label:literal ),+ $(,)?) => {
        /// An input the core can refuse: the key the UI matches its inputs to.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
        #[serde(rename_all = "snake_case")]
        #[ts(export)]
        pub enum InputField {
            $( $(#[$doc])* $variant ),+
        }

        impl InputField {
            /// The field as a person names it; messages start with it (`phone: ...`).
            pub fn label(self) -> &'static str {
                match self { $( InputField::$variant => $label ),+ }
            }
        }
    };
}

input_fields! {
    // A contact's editable fields (`contacts::ContactFields`).
    Name = "name",
    Role = "role",
    Phone = "phone",
    Email = "email",
    Website = "website",
    Address = "address",
    Notes = "notes",
    LastVerified = "last verified",
    TermEnd = "term end",
    // Logging a call.
    Contact = "contact",
    Call = "call",
    Outcome = "outcome",
    Channel = "channel",
    FollowUp = "follow-up",
    // Recording a response.
    Response = "response",
    Relationship = "relationship",
    RelationshipStatus = "relationship status",
    Date = "date",
    Source = "source",
    /// A form's kept draft (`drafts`).
    Draft = "draft",
    /// A city's kind in the seed data (city, county, state).
    Kind = "kind",
    /// Where a row came from (seed, import, volunteer).
    Origin = "origin",
    /// The research's confidence in a seeded contact.
    Confidence = "confidence",
    /// A newer version of a contact from the app's seed data.
    SeedOffer = "seed offer",
    // Settings.
    VolunteerName = "volunteer name",
    CallScript = "call script",
    Goal = "goal",
    SignatureTotal = "signature total",
    PetitionUrl = "petition URL",
    Provider = "provider",
    JsonPointer = "JSON pointer",
    SyncInterval = "sync interval",
    ApiToken = "API token",
    /// An HTTP header the signature fetch sends.
    Header = "header",
    // A place a volunteer adds (`targets::NewTarget`).
    City = "city",
    SisterCity = "sister city",
    SisterRegion = "sister region",
    Latitude = "latitude",
    Longitude = "longitude",
    // City lists, exports, imports.
    Sort = "sort",
    /// The city list's filter by the last call.
    LastCall = "last call",
    State = "state",
    Cities = "cities",
    Export = "export",
    /// The file chosen in the window (import, export, bundle).
    File = "file",
    OutputFile = "output file",
    Output = "output",
    ScriptFile = "script file",
    // The call scripts by tie status (the active tie's is `CallScript`).
    SuspendedScript = "suspended script",
    SeveredScript = "severed script",
    UnknownScript = "unknown script",
    // The call-next queue.
    RecentDays = "recent days",
    /// How many entries the queue lists (`outreach next --limit`).
    Limit = "limit",
    /// A status change's place in its tie's history.
    Seq = "seq",
    /// Why a volunteer skips a city.
    Reason = "reason",
    /// The clock a computation is given (tests and the queue).
    Now = "now",
    Today = "today",
    // Team sync (`team`).
    /// The campaign server's address (`postgres://…`).
    Server = "server",
    /// An invite a coordinator made for a volunteer.
    Invite = "invite",
    /// A volunteer's name on the campaign server (a PostgreSQL role).
    TeamVolunteer = "volunteer",
    // Command-line options.
    FormatOption = "--format",
    MapOption = "--map",
    TokenEnvOption = "--token-env",
}

/// What is wrong with a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Problem {
    /// Nothing was given where something is needed.
    Missing,
    /// Not a phone number a dialler can call.
    NotAPhone,
    NotAnEmail,
    NotAWebAddress,
    /// Not a calendar date of the expected form.
    NotADate,
    InTheFuture,
    InThePast,
    /// Not one of the values the field takes (a vocabulary, a sort, a format).
    NotOneOf,
    /// Names something this store does not have, or not for this city.
    Unknown,
    /// Too long, too large or out of range.
    OutOfRange,
    /// The action was already done (e.g. a call already undone).
    AlreadyDone,
    /// Another volunteer's work, which only they or a coordinator may change (an undo).
    NotYours,
    /// A file cannot be read or written.
    File,
    /// The output file exists and replacing it was not asked for.
    Exists,
    /// Any other problem; the message says which.
    Invalid,
}
