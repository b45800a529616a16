//! One check per kind of value: [`phone`], [`email`], [`web_address`], [`date`],
//! [`partial_date`]. The contact form, the command line, imports and bundle merges all call
//! these, so a value one of them accepts is accepted by all (and refused by all alike).
//! Each returns the normalised value (trimmed; a web address without a scheme gets
//! `https://`) or an error that names the field ([`InputField`]) and the problem
//! ([`Problem`]).

use crate::error::{Error, Result};
use crate::fields::{InputField, Problem};

/// The largest count of signatures (a total or a goal) accepted: far above any petition,
/// far below `u64::MAX` and within SQLite's integers.
pub const MAX_COUNT: u64 = 1_000_000_000_000;

/// The documented range of a whole number a person or a file gives (both ends included),
/// checked here once for every door (the form, the command line, imports, bundles, settings
/// read back from the store).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Range {
    pub field: InputField,
    pub min: i64,
    pub max: i64,
    /// What it counts, for the message ("signatures", "minutes").
    pub unit: &'static str,
}

/// The petition's signature goal.
pub const GOAL: Range = Range {
    field: InputField::Goal,
    min: 1,
    max: MAX_COUNT as i64,
    unit: "signatures",
};
/// A signature total, typed or fetched.
pub const SIGNATURE_TOTAL: Range = Range {
    field: InputField::SignatureTotal,
    min: 0,
    max: MAX_COUNT as i64,
    unit: "signatures",
};
/// How often the petition's total is synced.
pub const SYNC_INTERVAL_MINUTES: Range = Range {
    field: InputField::SyncInterval,
    min: 1,
    max: 24 * 60,
    unit: "minutes",
};
/// How many days a call keeps a city out of the queue.
pub const RECENT_DAYS: Range = Range {
    field: InputField::RecentDays,
    min: 0,
    max: 365,
    unit: "days",
};
/// A status change's `seq` in a tie's history (bundles and team sync carry it; the bundle
/// check refuses others with the same bound, `bundle::check::MAX_SEQ`).
pub const STATUS_SEQ: Range = Range {
    field: InputField::Seq,
    min: 0,
    max: 1_000_000,
    unit: "",
};
/// How many entries `outreach next --limit` lists (0: all).
pub const QUEUE_LIMIT: Range = Range {
    field: InputField::Limit,
    min: 0,
    max: 100_000,
    unit: "entries",
};

/// Every documented range (docs/SECURITY.md lists them).
pub const RANGES: [Range; 6] = [
    GOAL,
    SIGNATURE_TOTAL,
    SYNC_INTERVAL_MINUTES,
    RECENT_DAYS,
    STATUS_SEQ,
    QUEUE_LIMIT,
];

impl Range {
    /// The error for a value outside the range (`value` as it is shown).
    pub fn out_of_range(&self, value: &str) -> Error {
        bad(
            self.field,
            Problem::OutOfRange,
            format!(
                "{value} is {}out of range: give {} to {}{}{}",
                if value.trim_start().starts_with(['-', '\u{2212}']) {
                    "negative, "
                } else {
                    ""
                },
                thousands(self.min),
                thousands(self.max),
                if self.unit.is_empty() { "" } else { " " },
                self.unit
            ),
        )
    }

    /// Checks a number of any integer type (a `u64` above `i64::MAX` included).
    pub fn check<N: TryInto<i64> + Copy + std::fmt::Display>(&self, n: N) -> Result<N> {
        match n.try_into() {
            Ok(v) if (self.min..=self.max).contains(&v) => Ok(n),
            _ => Err(self.out_of_range(&n.to_string())),
        }
    }

    /// Whether a number read back (a setting, a stored row) is in range.
    pub fn admits<N: TryInto<i64>>(&self, n: N) -> bool {
        n.try_into()
            .is_ok_and(|v: i64| (self.min..=self.max).contains(&v))
    }

    /// Parses typed text: a whole number, optionally signed, with `,` or `_` between
    /// digits; one too large for any integer is out of range like any other.
    pub fn parse(&self, text: &str) -> Result<i64> {
        let t = text.trim();
        let (negative, digits) = match t.strip_prefix('-').or_else(|| t.strip_prefix('\u{2212}')) {
            Some(rest) => (true, rest),
            None => (false, t.strip_prefix('+').unwrap_or(t)),
        };
        let digits: String = digits.chars().filter(|c| !matches!(c, ',' | '_')).collect();
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad(
                self.field,
                Problem::Invalid,
                format!("\"{}\" is not a whole number", fragment(t, 40)),
            ));
        }
        let shown = fragment(t, 40);
        let value = digits
            .parse::<i64>()
            .ok()
            .map(|v| if negative { -v } else { v })
            .ok_or_else(|| self.out_of_range(&shown))?;
        if (self.min..=self.max).contains(&value) {
            Ok(value)
        } else {
            Err(self.out_of_range(&shown))
        }
    }
}

/// A whole number with `,` between thousands: 1,000,000.
pub fn thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 {
        format!("-{out}")
    } else {
        out
    }
}

/// A value quoted in an error: at most `max` characters, control characters shown as `?`,
/// `…` when cut. Errors never echo more of a file or a value than this.
pub fn fragment(value: &str, max: usize) -> String {
    let mut out: String = value
        .chars()
        .take(max)
        .map(|c| if c.is_control() { '?' } else { c })
        .collect();
    if value.chars().count() > max {
        out.push('…');
    }
    out
}

/// The longest a name may be (a contact's, a volunteer's, a place's, a role), in characters.
pub const NAME_MAX: usize = 200;
/// The longest a line of text may be (an address, a source, a summary's title), in characters.
pub const LINE_MAX: usize = 2_000;
/// The longest free text may be (notes, a summary, a call script), in characters.
pub const TEXT_MAX: usize = 20_000;

/// One of an option's words as the command line gives it (`last-call` or `last_call`), or
/// an error naming the field and the words it takes.
pub fn choice<T: serde::de::DeserializeOwned>(
    field: InputField,
    word: &str,
    allowed: &str,
) -> Result<T> {
    serde_json::from_value(serde_json::Value::String(word.replace('-', "_"))).map_err(|_| {
        Error::invalid_as(
            field,
            Problem::NotOneOf,
            format!("\"{word}\" is not one of {allowed}"),
        )
    })
}

/// A date (`YYYY-MM-DD`, or `YYYY` or `YYYY-MM`) that is not after today: a call, a response,
/// a source or a check cannot have happened later.
pub fn not_in_the_future(field: InputField, date: &str) -> Result<()> {
    let today = crate::time::today();
    if date > today.as_str() {
        return Err(bad(
            field,
            Problem::InTheFuture,
            format!("\"{date}\" is in the future (today is {today})"),
        ));
    }
    Ok(())
}

/// An optional field as given: trimmed, and `None` when it is blank (a blank field gives
/// no value, in a form, on the command line or in a file).
pub fn given(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// Text of at most `max` characters with no NUL or other control character but a tab or
/// a line break: what every text field stores.
pub fn text(field: InputField, value: &str, max: usize) -> Result<()> {
    let n = value.chars().count();
    if n > max {
        return Err(bad(
            field,
            Problem::OutOfRange,
            format!("it is {n} characters long; at most {max} are kept"),
        ));
    }
    if let Some(c) = value
        .chars()
        .find(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return Err(bad(
            field,
            Problem::Invalid,
            format!(
                "it holds the control character U+{:04X}; remove it",
                c as u32
            ),
        ));
    }
    Ok(())
}

fn bad(field: InputField, code: Problem, problem: String) -> Error {
    Error::invalid_as(field, code, problem)
}

/// A dialable number: digits, spaces, `+` (first only), `-`, `(`, `)`, `.`, `/`, with 7 to
/// 20 digits, optionally followed by an extension (`x12`, `ext. 12`, `ext: 12`,
/// `extension 12`). Returns it trimmed.
pub fn phone(field: InputField, raw: &str) -> Result<String> {
    let phone = raw.trim();
    let refuse = |why: &str| {
        bad(
            field,
            Problem::NotAPhone,
            format!(
                "\"{}\" cannot be dialled: {why} (e.g. +1 (503) 823-4120 ext. 5)",
                fragment(phone, 60)
            ),
        )
    };
    let lower = phone.to_ascii_lowercase();
    let (main, ext) = match ["extension", "ext.", "ext:", "ext", "x"]
        .iter()
        .filter_map(|m| lower.find(m).map(|i| (i, m.len())))
        .min_by_key(|(i, _)| *i)
    {
        Some((i, len)) => (&phone[..i], Some(lower[i + len..].trim())),
        None => (phone, None),
    };
    if let Some(ext) = ext {
        if ext.is_empty() || ext.len() > 6 || !ext.bytes().all(|b| b.is_ascii_digit()) {
            return Err(refuse("the extension must be 1 to 6 digits"));
        }
    }
    let main = main.trim();
    if let Some(c) = main
        .chars()
        .find(|c| !(c.is_ascii_digit() || " +-()./".contains(*c)))
    {
        return Err(refuse(&format!("'{c}' is not a digit or + - ( ) . /")));
    }
    if main.rfind('+').is_some_and(|i| i > 0) {
        return Err(refuse("'+' may only come first"));
    }
    let digits = main.bytes().filter(u8::is_ascii_digit).count();
    if !(7..=20).contains(&digits) {
        return Err(refuse(&format!("it has {digits} digits, not 7 to 20")));
    }
    Ok(phone.to_string())
}

/// An e-mail address with a name, one `@` and a domain with a dot; a `mailto:` in front
/// is dropped. Returns it trimmed.
pub fn email(field: InputField, raw: &str) -> Result<String> {
    let email = raw.trim();
    let email = email.strip_prefix("mailto:").unwrap_or(email);
    let refuse = |why: &str| {
        bad(
            field,
            Problem::NotAnEmail,
            format!(
                "\"{}\" is not an e-mail address: {why} (e.g. mayor@portland.gov)",
                fragment(email, 60)
            ),
        )
    };
    if email
        .chars()
        .any(|c| c.is_whitespace() || c == '<' || c == '>')
    {
        return Err(refuse("it contains spaces or angle brackets"));
    }
    let Some((local, domain)) = email.split_once('@') else {
        return Err(refuse("it has no @ and no domain"));
    };
    if local.is_empty() {
        return Err(refuse("nothing before the @"));
    }
    if domain.contains('@') {
        return Err(refuse("more than one @"));
    }
    if domain.is_empty() {
        return Err(refuse("it has no domain after the @"));
    }
    if !domain.contains('.') || domain.split('.').any(str::is_empty) {
        return Err(refuse(&format!(
            "the domain \"{domain}\" is not a full domain"
        )));
    }
    Ok(email.to_string())
}

/// An http(s) address whose host has a dot (or is `localhost`); one without a scheme is
/// given `https://`.
pub fn web_address(field: InputField, raw: &str) -> Result<String> {
    let url = raw.trim();
    let refuse = || {
        bad(
            field,
            Problem::NotAWebAddress,
            format!(
                "\"{}\" is not a web address (e.g. https://www.portland.gov)",
                fragment(url, 60)
            ),
        )
    };
    if url.is_empty() || url.contains(char::is_whitespace) {
        return Err(refuse());
    }
    let full = if url.starts_with("https://") || url.starts_with("http://") {
        url.to_string()
    } else if url.contains("://") {
        return Err(refuse());
    } else {
        format!("https://{url}")
    };
    let host = full.split("://").nth(1).unwrap_or("");
    let host = host.split(['/', '?', '#']).next().unwrap_or("");
    let local = host == "localhost" || host.starts_with("localhost:");
    if !local && (!host.contains('.') || host.starts_with('.') || host.ends_with('.')) {
        return Err(refuse());
    }
    Ok(full)
}

/// A calendar date of the form `YYYY-MM-DD`.
pub fn date(field: InputField, raw: &str) -> Result<String> {
    let value = raw.trim();
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
        Ok(value.to_string())
    } else {
        Err(bad(
            field,
            Problem::NotADate,
            format!(
                "\"{}\" is not a date of the form YYYY-MM-DD",
                fragment(value, 40)
            ),
        ))
    }
}

/// A partial date as the research gives it: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, each a
/// real calendar value.
pub fn partial_date(field: InputField, value: &str) -> Result<()> {
    let refuse = || {
        bad(
            field,
            Problem::NotADate,
            format!(
                "\"{}\" is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD",
                fragment(value, 40)
            ),
        )
    };
    let parts: Vec<&str> = value.split('-').collect();
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    match parts.as_slice() {
        [y] if digits(y, 4) => Ok(()),
        [y, m] if digits(y, 4) && digits(m, 2) => match m.parse::<u8>() {
            Ok(1..=12) => Ok(()),
            _ => Err(refuse()),
        },
        [y, m, d] if digits(y, 4) && digits(m, 2) && digits(d, 2) => value
            .parse::<jiff::civil::Date>()
            .map(|_| ())
            .map_err(|_| refuse()),
        _ => Err(refuse()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The refusal's message: it begins with the field's name and quotes what was refused.
    fn refused_by_name(err: &Error, field: &str, quoted: &str) -> String {
        let msg = err.to_string();
        assert!(msg.starts_with(&format!("{field}: ")), "{msg}");
        assert!(msg.contains(quoted), "{msg}");
        msg
    }

    #[test]
    fn phones_a_dialler_accepts_pass_and_others_are_named() {
        for ok in [
            "+1 (503) 823-4120",
            "503.823.4120",
            "503/823-4120",
            "503-823-4120 ext. 12",
            "503-823-4120 ext: 12",
            "5038234120x3",
            "(907) 343-7100 extension 4",
            "+49 30 1234 5678 9012 3456",
        ] {
            phone(InputField::Phone, ok).unwrap_or_else(|e| panic!("{ok}: {e}"));
        }
        for (bad, why) in [
            ("call the front desk", "is not a digit"),
            ("503-823", "digits"),
            ("1+503-823-4120", "'+' may only come first"),
            ("503-823-4120 ext. twelve", "extension"),
            ("+1 503 823 4120 1234 5678 901", "22 digits"),
        ] {
            let err = phone(InputField::Phone, bad).unwrap_err();
            let msg = refused_by_name(&err, "phone", bad);
            assert!(msg.contains(why), "{msg}");
            assert_eq!(err.payload().code, Some(Problem::NotAPhone));
        }
    }

    #[test]
    fn an_email_without_a_domain_is_refused_by_name() {
        assert_eq!(
            email(InputField::Email, " mailto:mayor@portland.gov ").unwrap(),
            "mayor@portland.gov"
        );
        for bad in [
            "mayor@",
            "mayor",
            "mayor@portland",
            "@portland.gov",
            "a b@x.org",
        ] {
            refused_by_name(&email(InputField::Email, bad).unwrap_err(), "email", bad);
        }
        assert!(email(InputField::Email, "mayor@")
            .unwrap_err()
            .to_string()
            .contains("no domain"));
    }

    #[test]
    fn web_addresses_get_a_scheme_and_need_a_host() {
        assert_eq!(
            web_address(InputField::Website, "www.x.gov").unwrap(),
            "https://www.x.gov"
        );
        assert_eq!(
            web_address(InputField::Website, "http://x.gov/a b")
                .unwrap_err()
                .payload()
                .code,
            Some(Problem::NotAWebAddress)
        );
        for bad in ["javascript://x.y", "intranet", "x.", ""] {
            assert!(web_address(InputField::Website, bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn dates_are_calendar_days_of_one_form() {
        assert_eq!(date(InputField::Date, "2024-02-29").unwrap(), "2024-02-29");
        for bad in [
            "2023-02-29",
            "2022-3-08",
            "2022/03/08",
            "08-03-2022",
            "2022-03",
            "",
        ] {
            let err = date(InputField::FollowUp, bad).unwrap_err();
            refused_by_name(&err, "follow-up", &format!("\"{bad}\""));
        }
    }

    #[test]
    fn partial_dates_accept_year_month_and_day_precision() {
        for ok in ["2022", "2022-03", "2022-03-08", "2024-02-29"] {
            partial_date(InputField::Date, ok).unwrap();
        }
        for bad in [
            "22",
            "2022-13",
            "2023-02-29",
            "2022/03/08",
            "March 2022",
            "",
            "2022-3-8",
        ] {
            let err = partial_date(InputField::Date, bad).unwrap_err();
            refused_by_name(&err, "date", &format!("\"{bad}\""));
        }
    }

    #[test]
    fn text_has_a_length_and_no_control_characters() {
        text(InputField::Notes, "two\nlines\tand a tab", 100).unwrap();
        text(InputField::Name, &"é".repeat(NAME_MAX), NAME_MAX).unwrap();
        let long = text(InputField::Name, &"x".repeat(128 * 1024), NAME_MAX)
            .unwrap_err()
            .payload();
        assert_eq!(long.code, Some(Problem::OutOfRange));
        assert!(long.message.contains("at most 200"), "{}", long.message);
        for bad in ["nul\0byte", "bell\u{7}", "esc\u{1b}[31m"] {
            let e = text(InputField::Name, bad, NAME_MAX)
                .unwrap_err()
                .to_string();
            assert!(e.contains("control character"), "{e}");
        }
    }

    /// Issue 10, class 6: a goal of u64::MAX and its variants are refused with the range.
    #[test]
    fn every_number_is_checked_against_its_documented_range() {
        for n in [
            0u64,
            1_000_000_000_001,
            i64::MAX as u64,
            i64::MAX as u64 + 1,
            u64::MAX,
        ] {
            let e = GOAL.check(n).unwrap_err();
            assert_eq!(e.kind(), crate::ErrorKind::InvalidInput);
            assert!(
                e.to_string()
                    .ends_with("is out of range: give 1 to 1,000,000,000,000 signatures"),
                "{e}"
            );
            assert!(!GOAL.admits(n));
        }
        assert_eq!(GOAL.check(25_000u64).unwrap(), 25_000);
        for text in [
            "18446744073709551615",
            "18446744073709551616",
            "99999999999999999999999999999999999999999",
            "-1",
            "-18446744073709551615",
            "0",
            "1,000,000,000,001",
        ] {
            let e = GOAL.parse(text).unwrap_err().to_string();
            assert!(
                e.starts_with("goal: ") && e.contains("out of range"),
                "{text}: {e}"
            );
        }
        for text in ["1e30", "0x10", "", "ten", "1.5"] {
            let e = GOAL.parse(text).unwrap_err().to_string();
            assert!(e.contains("is not a whole number"), "{text}: {e}");
        }
        assert_eq!(GOAL.parse(" 25,000 ").unwrap(), 25_000);
        assert_eq!(SYNC_INTERVAL_MINUTES.parse("1440").unwrap(), 1440);
        assert!(SYNC_INTERVAL_MINUTES.parse("4294967296").is_err());
        assert!(RECENT_DAYS.check(366u32).is_err());
        assert!(STATUS_SEQ.check(i64::MAX).is_err());
        assert!(STATUS_SEQ.check(-1i64).is_err());
        assert_eq!(thousands(-1_234_567), "-1,234,567");
        // Each range fits the store's integers and counts what it says.
        for r in RANGES {
            assert!(r.min <= r.max, "{r:?}");
        }
    }
}
