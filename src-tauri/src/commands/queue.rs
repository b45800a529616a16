//! "Call next": the queue, and skipping a city in it.

use outreach_core::queue::{self, CallQueue};

store_commands! {
    fn call_queue(limit: Option<usize>) -> CallQueue => read(|c| queue::call_queue(c, limit));
    /// Returns the day the city comes back (`YYYY-MM-DD`).
    fn skip_city(slug: String, reason: String) -> String =>
        write(|c| queue::skip_city(c, &slug, &reason));
}
