//! Reading a signature count the way petition pages write it: `18900`, `18,900`,
//! `18 900`, `18.900`, `1.2M`, `25K`, `3 million`.
//!
//! The parser never panics on any input (a property test and a fuzz target check it), and
//! it refuses what is not a whole, non-negative count with the reason in words.

use std::fmt;

/// Why a piece of text is not a count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountError {
    pub value: String,
    pub problem: &'static str,
}

impl fmt::Display for CountError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "\"{}\" is not a count: {}", self.value, self.problem)
    }
}

impl std::error::Error for CountError {}

pub use crate::checks::MAX_COUNT;

const GROUP_SEPARATORS: &[char] = &[',', '.', ' ', '\u{a0}', '\u{202f}', '\u{2009}', '\''];

/// Parses a count typed for a field with a documented range (the goal, a total): a
/// number too large for any count is refused by the range's message, like any other
/// number outside it.
pub fn parse_in(range: &crate::checks::Range, text: &str) -> crate::Result<u64> {
    match parse_count(text) {
        Ok(n) => range.check(n),
        Err(e) if e.problem == TOO_LARGE || e.problem == NEGATIVE => {
            Err(range.out_of_range(&e.value))
        }
        Err(e) => Err(crate::Error::invalid(range.field, e.to_string())),
    }
}

const TOO_LARGE: &str = "it is too large";
const NEGATIVE: &str = "it is negative";

/// Parses a count. Thousands separators may be `,` `.` `'` or a (thin, no-break) space,
/// in groups of three; a suffix `K`/`M`/`B` (or `thousand`/`million`/`billion`) scales it
/// and allows a decimal part (`1.2M` = 1,200,000; a fraction of one signature is dropped).
pub fn parse_count(text: &str) -> Result<u64, CountError> {
    let err = |problem| CountError {
        value: shorten(text),
        problem,
    };
    let s = text.trim_matches(|c: char| c.is_whitespace());
    if s.is_empty() {
        return Err(err("it is empty"));
    }
    if s.starts_with(['-', '\u{2212}']) {
        return Err(err(NEGATIVE));
    }

    // The scale suffix, if any.
    let lower = s.to_lowercase();
    let (number, multiplier) = split_suffix(s, &lower);
    let number = number.trim_end_matches(|c: char| c.is_whitespace());
    if number.is_empty() {
        return Err(err("it has no digits"));
    }
    if !number.starts_with(|c: char| c.is_ascii_digit()) {
        return Err(err("it does not start with a digit"));
    }
    if number
        .chars()
        .any(|c| !c.is_ascii_digit() && !GROUP_SEPARATORS.contains(&c))
    {
        return Err(err("it holds characters that are not digits or separators"));
    }

    // Split into runs of digits and the separators between them.
    let mut groups: Vec<&str> = Vec::new();
    let mut seps: Vec<char> = Vec::new();
    let mut start = 0;
    let mut prev_sep = false;
    for (i, c) in number.char_indices() {
        if c.is_ascii_digit() {
            if prev_sep {
                start = i;
            }
            prev_sep = false;
        } else {
            if prev_sep {
                return Err(err("it has two separators in a row"));
            }
            groups.push(&number[start..i]);
            seps.push(c);
            prev_sep = true;
        }
    }
    if prev_sep {
        return Err(err("it ends with a separator"));
    }
    groups.push(&number[start..]);

    // With a suffix, the last '.' (or a ',' not followed by exactly three digits) is a
    // decimal point: "1.2M", "1,25M".
    let mut fraction = "";
    if multiplier > 1 {
        if let (Some(&last_sep), Some(&last_group)) = (seps.last(), groups.last()) {
            if last_sep == '.' || (last_sep == ',' && last_group.len() != 3) {
                fraction = last_group;
                groups.pop();
                seps.pop();
            }
        }
    }

    // What is left is a whole number in groups of three after the first.
    if let Some(&first) = seps.first() {
        if seps.iter().any(|&c| c != first) {
            return Err(err("it mixes different thousands separators"));
        }
        if groups[0].len() > 3 || groups[1..].iter().any(|g| g.len() != 3) {
            return Err(if seps.len() == 1 && (first == '.' || first == ',') {
                err("it has a fractional part")
            } else {
                err("its digit groups are not thousands")
            });
        }
    }

    let too_large = || err(TOO_LARGE);
    let mut whole: u64 = 0;
    for g in &groups {
        for b in g.bytes() {
            whole = whole
                .checked_mul(10)
                .and_then(|w| w.checked_add(u64::from(b - b'0')))
                .filter(|&w| w <= MAX_COUNT)
                .ok_or_else(too_large)?;
        }
    }
    let mut total = whole.checked_mul(multiplier).ok_or_else(too_large)?;
    if !fraction.is_empty() {
        // Keep the digits that matter at this scale (at most as many as the multiplier has
        // zeros), so the arithmetic cannot overflow whatever the input's length.
        let places = multiplier.ilog10() as usize;
        let digits = &fraction[..fraction.len().min(places)];
        let mut part: u64 = 0;
        for b in digits.bytes() {
            part = part * 10 + u64::from(b - b'0');
        }
        let scale = 10u64.pow((places - digits.len()) as u32);
        total = total.checked_add(part * scale).ok_or_else(too_large)?;
    }
    if total > MAX_COUNT {
        return Err(too_large());
    }
    Ok(total)
}

fn split_suffix<'a>(s: &'a str, lower: &str) -> (&'a str, u64) {
    // `lower` has the same byte length as `s` for the ASCII suffixes we look for; check that
    // before slicing `s` with an index found in `lower`.
    const SUFFIXES: &[(&str, u64)] = &[
        ("thousand", 1_000),
        ("million", 1_000_000),
        ("billion", 1_000_000_000),
        ("k", 1_000),
        ("m", 1_000_000),
        ("b", 1_000_000_000),
    ];
    if lower.len() != s.len() {
        return (s, 1);
    }
    for (suffix, mult) in SUFFIXES {
        if lower.ends_with(suffix) && s.is_char_boundary(s.len() - suffix.len()) {
            return (&s[..s.len() - suffix.len()], *mult);
        }
    }
    (s, 1)
}

fn shorten(text: &str) -> String {
    let t = text.trim();
    if t.chars().count() <= 40 {
        t.to_string()
    } else {
        let head: String = t.chars().take(40).collect();
        format!("{head}…")
    }
}

/// A count with thousands separators, as the CLI and the call script show it: `18,900`.
pub fn format_count(n: u64) -> String {
    group(n, ",")
}

/// `n` with `sep` between groups of three digits.
pub fn group(n: u64, sep: &str) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 * sep.len());
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push_str(sep);
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_forms_petition_pages_use() {
        for (text, n) in [
            ("18900", 18_900),
            ("18,900", 18_900),
            ("18 900", 18_900),
            ("18\u{a0}900", 18_900),
            ("18.900", 18_900),
            ("1'234'567", 1_234_567),
            ("0", 0),
            ("1.2M", 1_200_000),
            ("1.2m", 1_200_000),
            ("25K", 25_000),
            ("25k", 25_000),
            ("2.5 K", 2_500),
            ("1,25M", 1_250_000),
            ("1,200K", 1_200_000),
            ("3 million", 3_000_000),
            ("1.5 thousand", 1_500),
            ("  42 ", 42),
            ("1.23456789M", 1_234_567),
        ] {
            assert_eq!(parse_count(text), Ok(n), "{text}");
        }
    }

    #[test]
    fn what_is_not_a_count_is_refused_with_the_reason() {
        for (text, problem) in [
            ("", "it is empty"),
            ("-5", "it is negative"),
            ("−1,000", "it is negative"),
            ("abc", "it does not start with a digit"),
            (
                "12abc",
                "it holds characters that are not digits or separators",
            ),
            ("18.5", "it has a fractional part"),
            ("1,2", "it has a fractional part"),
            ("1,23,456", "its digit groups are not thousands"),
            ("1,234.567", "it mixes different thousands separators"),
            ("1,,000", "it has two separators in a row"),
            ("1,000,", "it ends with a separator"),
            ("K", "it has no digits"),
            ("99999999999999999999999", "it is too large"),
            ("2000000M", "it is too large"),
        ] {
            let e = parse_count(text).unwrap_err();
            assert_eq!(e.problem, problem, "{text}");
        }
    }

    #[test]
    fn counts_are_shown_with_thousands_separators() {
        assert_eq!(format_count(18_900), "18,900");
        assert_eq!(format_count(999), "999");
        assert_eq!(format_count(1_000_000), "1,000,000");
        assert_eq!(group(1_234_567, "\u{a0}"), "1\u{a0}234\u{a0}567");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn any_formatted_count_reads_back(n in 0..=MAX_COUNT, sep in prop::sample::select(vec!["", ",", ".", " ", "\u{a0}", "\u{202f}", "'"])) {
            let text = if sep.is_empty() { n.to_string() } else { group(n, sep) };
            // A lone "." or "," group with exactly three digits after it is a thousands
            // separator, so every form reads back exactly.
            prop_assert_eq!(parse_count(&text), Ok(n), "{}", text);
        }

        #[test]
        fn any_compact_count_reads_back(whole in 0u64..1000, tenth in 0u64..10, suffix in prop::sample::select(vec![("K", 1_000u64), ("M", 1_000_000), ("k", 1_000), ("m", 1_000_000), (" million", 1_000_000), (" thousand", 1_000)])) {
            let (s, mult) = suffix;
            let text = format!("{whole}.{tenth}{s}");
            prop_assert_eq!(parse_count(&text), Ok(whole * mult + tenth * mult / 10), "{}", text);
            let plain = format!("{whole}{s}");
            prop_assert_eq!(parse_count(&plain), Ok(whole * mult), "{}", plain);
        }

        #[test]
        fn no_text_makes_the_parser_panic(text in any::<String>()) {
            let _ = parse_count(&text);
        }

        #[test]
        fn no_near_number_makes_the_parser_panic(text in "[-+0-9,. \u{a0}'kKmMbB]{0,40}") {
            if let Ok(n) = parse_count(&text) {
                prop_assert!(n <= MAX_COUNT);
            }
        }
    }
}
