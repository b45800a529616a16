//! What volunteers log: `calls`, `responses` and `follow_ups`.

table_row! {
    /// A call or e-mail logged by a volunteer (undone with `undone_at`, never deleted).
    CallRow in "calls" {
        id: String,
        city_id: String,
        contact_id: Option<String>,
        channel: String,
        outcome: String,
        notes: String,
        volunteer: String,
        called_at: String,
        created_at: String,
        undone_at: Option<String>,
    }
}

table_row! {
    /// A city's response to the campaign.
    ResponseRow in "responses" {
        id: String,
        city_id: String,
        response: String,
        response_date: String,
        source_url: Option<String>,
        notes: String,
        volunteer: Option<String>,
        created_at: String,
        /// When a volunteer undid it (never deleted, so a merge cannot bring it back).
        undone_at: Option<String>,
    }
}

table_row! {
    /// A follow-up due on a day, closed by a later call.
    FollowUpRow in "follow_ups" {
        id: String,
        city_id: String,
        call_id: Option<String>,
        due_date: String,
        note: String,
        closed_at: Option<String>,
        closed_by_call_id: Option<String>,
        created_at: String,
        updated_at: String,
    }
}
