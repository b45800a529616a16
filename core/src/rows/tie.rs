//! The sister-city ties (`relationships`) and their dated history (`relationship_events`).

table_row! {
    /// A US city's tie with a Russian city.
    TieRow in "relationships" {
        id: String,
        city_id: String,
        position: i64,
        sister_city: String,
        /// JSON array of strings.
        sister_city_alt_names: String,
        sister_region: Option<String>,
        established: Option<String>,
        notes: String,
        origin: String,
        created_at: String,
    }
}

table_row! {
    /// A status of a tie from a date on (from the seed, or recorded by a volunteer).
    TieEventRow in "relationship_events" {
        id: String,
        relationship_id: String,
        seq: i64,
        status: String,
        /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
        event_date: Option<String>,
        date_text: Option<String>,
        summary: String,
        /// JSON array of URLs.
        sources: String,
        origin: String,
        volunteer: Option<String>,
        created_at: String,
        /// When a volunteer undid it (never deleted, so a merge cannot bring it back).
        undone_at: Option<String>,
    }
}
