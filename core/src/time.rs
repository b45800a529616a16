//! Timestamps and the partial dates the research uses ("2022", "2022-03", "2022-03-08").

use crate::error::{Error, Result};

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

/// Checks a full ISO date, `YYYY-MM-DD`, that is a real calendar day.
pub fn check_date(field: &str, value: &str) -> Result<()> {
    let ok = value.len() == 10
        && value.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        })
        && value.parse::<jiff::civil::Date>().is_ok();
    if ok {
        Ok(())
    } else {
        Err(Error::invalid(
            field,
            format!("\"{value}\" is not a date of the form YYYY-MM-DD"),
        ))
    }
}

/// Checks a partial ISO date: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, each a real calendar value.
pub fn check_partial_date(field: &str, value: &str) -> Result<()> {
    let bad = || {
        Error::invalid(
            field,
            format!("\"{value}\" is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD"),
        )
    };
    let parts: Vec<&str> = value.split('-').collect();
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    match parts.as_slice() {
        [y] if digits(y, 4) => Ok(()),
        [y, m] if digits(y, 4) && digits(m, 2) => {
            let m: u8 = m.parse().map_err(|_| bad())?;
            if (1..=12).contains(&m) {
                Ok(())
            } else {
                Err(bad())
            }
        }
        [y, m, d] if digits(y, 4) && digits(m, 2) && digits(d, 2) => value
            .parse::<jiff::civil::Date>()
            .map(|_| ())
            .map_err(|_| bad()),
        _ => Err(bad()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partial_dates_accept_year_month_and_day_precision() {
        for ok in ["2022", "2022-03", "2022-03-08", "2024-02-29"] {
            check_partial_date("date", ok).unwrap();
        }
    }

    #[test]
    fn impossible_or_malformed_dates_are_refused_by_name() {
        for bad in [
            "22",
            "2022-13",
            "2023-02-29",
            "2022/03/08",
            "March 2022",
            "",
            "2022-3-8",
        ] {
            let err = check_partial_date("status date", bad)
                .unwrap_err()
                .to_string();
            assert!(err.starts_with("status date: "), "{err}");
            assert!(err.contains(&format!("\"{bad}\"")), "{err}");
        }
    }

    #[test]
    fn full_dates_must_be_real_days_written_yyyy_mm_dd() {
        check_date("date", "2024-02-29").unwrap();
        for bad in [
            "2023-02-29",
            "2022-3-08",
            "2022/03/08",
            "08-03-2022",
            "2022-03",
            "",
        ] {
            let err = check_date("follow-up", bad).unwrap_err().to_string();
            assert!(err.starts_with("follow-up: "), "{err}");
            assert!(err.contains(&format!("\"{bad}\"")), "{err}");
        }
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
