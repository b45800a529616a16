//! Timestamps and today's date (the checks of dates typed or read are in `fields`).

/// The current time as an RFC 3339 UTC timestamp with millisecond precision, the form
/// every `created_at` and `called_at` column holds (it sorts as text).
pub fn now() -> String {
    jiff::Timestamp::now()
        .strftime("%Y-%m-%dT%H:%M:%S%.3fZ")
        .to_string()
}

/// Today's date on this machine's clock and time zone (`YYYY-MM-DD`): what "due today",
/// "overdue" and "stale" are measured against.
pub fn today() -> String {
    jiff::ZonedDateTime::now().date().to_string()
}

/// The timestamp `days` days before now, in the form of [`now`] (for "the last 7 days").
pub fn days_ago(days: i64) -> String {
    (jiff::Timestamp::now() - jiff::SignedDuration::from_hours(24 * days))
        .strftime("%Y-%m-%dT%H:%M:%S%.3fZ")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn today_is_a_date_and_days_ago_is_earlier() {
        assert_eq!(today().len(), 10);
        assert!(days_ago(7) < now());
    }

    #[test]
    fn timestamps_sort_as_text_in_time_order() {
        let a = now();
        std::thread::sleep(std::time::Duration::from_millis(2));
        let b = now();
        assert!(a < b, "{a} !< {b}");
        assert!(a.ends_with('Z') && a.len() == 24, "{a}");
    }
}
