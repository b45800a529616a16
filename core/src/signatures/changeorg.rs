//! A change.org-style petition page (HTML).
//!
//! The page's embedded data holds `signatureCount` with `total` (and often `goal`): that
//! is preferred, whether it sits in a JSON script, an escaped JSON string or an HTML
//! attribute. Without it, the visible text is read: "18,900 have signed", "1.2M have
//! signed", "25K signatures", and the goal from "Let's get to 25,000!".

use std::sync::LazyLock;

use memchr::memmem;
use regex::Regex;
use serde_json::Value;

use super::count::parse_count;
use super::{json_count, Miss, Page, Provider, ProviderKind, Reading};

/// The change.org-style page provider.
pub struct ChangeOrg;

impl Provider for ChangeOrg {
    fn kind(&self) -> ProviderKind {
        ProviderKind::Changeorg
    }

    fn extract(&self, page: &Page) -> Result<Reading, Miss> {
        let html = String::from_utf8_lossy(&page.body);
        extract(&html)
    }
}

/// The count in a petition page: the embedded `signatureCount` when there, else the text.
pub fn extract(html: &str) -> Result<Reading, Miss> {
    if let Some(reading) = embedded(html)? {
        return Ok(reading);
    }
    if let Some(reading) = visible(html) {
        return Ok(reading);
    }
    Err(Miss::NoCount(
        "the page has neither an embedded signatureCount nor a visible \"… have signed\" text"
            .into(),
    ))
}

/// Every `signatureCount` in the page, the first that holds a total wins. A total that is
/// there but not a count is an error (a page that says `"total": "lots"` is not guessed at).
fn embedded(html: &str) -> Result<Option<Reading>, Miss> {
    let bytes = html.as_bytes();
    for at in memmem::find_iter(bytes, b"signatureCount") {
        let rest = &html[at + "signatureCount".len()..];
        // The key's closing quote, in whatever escaping the page uses, then ':'.
        let rest = skip_quoting(rest);
        let Some(rest) = rest.strip_prefix(':') else {
            continue;
        };
        let rest = skip_quoting(rest);
        let escaped = html[..at].ends_with("\\\"") || html[..at].ends_with("&quot;");
        let window: String = rest.chars().take(4000).collect();
        let window = if escaped {
            window
                .replace("\\\"", "\"")
                .replace("&quot;", "\"")
                .replace("&#34;", "\"")
        } else {
            window
        };
        let value = match serde_json::Deserializer::from_str(&window)
            .into_iter::<Value>()
            .next()
        {
            Some(Ok(v)) => v,
            _ => continue,
        };
        let (total, goal) = match &value {
            Value::Object(map) => (map.get("total"), map.get("goal")),
            v @ (Value::Number(_) | Value::String(_)) => (Some(v), None),
            _ => (None, None),
        };
        let Some(total) = total.filter(|t| !t.is_null()) else {
            continue;
        };
        let total = json_count(total)?;
        let goal = goal.and_then(|g| json_count(g).ok()).filter(|&g| g > 0);
        return Ok(Some(Reading {
            total,
            goal,
            provider: ProviderKind::Changeorg,
        }));
    }
    Ok(None)
}

fn skip_quoting(s: &str) -> &str {
    let mut s = s;
    loop {
        let before = s.len();
        s = s.trim_start();
        for q in ["\\\"", "&quot;", "&#34;", "\"", "'"] {
            if let Some(r) = s.strip_prefix(q) {
                s = r;
            }
        }
        if s.len() == before {
            return s;
        }
    }
}

const COUNT: &str = r"(?:\d{1,3}(?:[,.'\x{a0}\x{202f}\x{2009} ]\d{3})+|\d+)(?:[.,]\d+)?(?:\s?(?:k|m|thousand|million)\b)?";

static SIGNED: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    [
        format!(r"(?i)({COUNT})\s+(?:people\s+|supporters\s+|others\s+)?(?:have|has)\s+signed\b"),
        format!(r"(?i)({COUNT})\s+(?:signatures|signers|supporters)\b"),
        format!(r"(?i)\bsignatures?\s*:\s*({COUNT})"),
    ]
    .iter()
    .map(|p| Regex::new(p).expect("a valid pattern"))
    .collect()
});

static GOAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)(?:get\s+to|goal\s+(?:of|is)|goal\s*:|next\s+goal\s*:?)\s*({COUNT})"
    ))
    .expect("a valid pattern")
});

/// The count in the page's visible text (scripts, styles and tags left out).
fn visible(html: &str) -> Option<Reading> {
    let text = visible_text(html);
    for re in SIGNED.iter() {
        for caps in re.captures_iter(&text) {
            if let Ok(total) = parse_count(&caps[1]) {
                let goal = GOAL
                    .captures(&text)
                    .and_then(|g| parse_count(&g[1]).ok())
                    .filter(|&g| g > 0);
                return Some(Reading {
                    total,
                    goal,
                    provider: ProviderKind::Changeorg,
                });
            }
        }
    }
    None
}

/// The page's text: tags become a space, `<script>`/`<style>`/comments are dropped, and
/// the entities that petition pages put in numbers are decoded.
pub fn visible_text(html: &str) -> String {
    let bytes = html.as_bytes();
    let mut out = String::with_capacity(html.len() / 4);
    let mut i = 0;
    let finder_lt = memmem::Finder::new(b"<");
    while i < bytes.len() {
        let Some(off) = finder_lt.find(&bytes[i..]) else {
            push_text(&mut out, &html[i..]);
            break;
        };
        push_text(&mut out, &html[i..i + off]);
        let tag = i + off;
        let rest = &bytes[tag..];
        let end = if starts_with_ci(rest, b"<script") {
            find_ci(rest, b"</script").map(|e| tag + e + 8)
        } else if starts_with_ci(rest, b"<style") {
            find_ci(rest, b"</style").map(|e| tag + e + 7)
        } else if rest.starts_with(b"<!--") {
            memmem::find(rest, b"-->").map(|e| tag + e + 3)
        } else {
            Some(tag)
        };
        let Some(end) = end else { break };
        match memchr::memchr(b'>', &bytes[end..]) {
            Some(gt) => i = end + gt + 1,
            None => break,
        }
        out.push(' ');
    }
    out
}

fn push_text(out: &mut String, text: &str) {
    if !text.contains('&') {
        out.push_str(text);
        return;
    }
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        // Byte search: a ';' found is always on a character boundary.
        let entity_end = rest.as_bytes()[..rest.len().min(12)]
            .iter()
            .position(|&b| b == b';');
        let decoded = entity_end.and_then(|e| decode_entity(&rest[1..e]).map(|c| (c, e + 1)));
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
}

fn decode_entity(name: &str) -> Option<char> {
    match name {
        "nbsp" => Some('\u{a0}'),
        "amp" => Some('&'),
        "comma" => Some(','),
        "period" => Some('.'),
        "thinsp" => Some('\u{2009}'),
        "apos" => Some('\''),
        "quot" => Some('"'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        _ => {
            let num = name.strip_prefix('#')?;
            let code = match num.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => num.parse().ok()?,
            };
            char::from_u32(code)
        }
    }
}

fn starts_with_ci(hay: &[u8], needle: &[u8]) -> bool {
    hay.len() >= needle.len() && hay[..needle.len()].eq_ignore_ascii_case(needle)
}

fn find_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    // Pages write these tags in lower case almost always; try that first, then any case.
    memmem::find(hay, needle).or_else(|| {
        hay.windows(needle.len())
            .position(|w| w.eq_ignore_ascii_case(needle))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]

        // A fuzz-like check that runs with every `cargo test`: hostile pages never panic.
        #[test]
        fn no_page_makes_the_extractor_panic(html in any::<String>()) {
            let _ = extract(&html);
        }

        #[test]
        fn no_page_built_from_the_pieces_it_looks_for_makes_it_panic(
            parts in prop::collection::vec(prop::sample::select(vec![
                "signatureCount", "\\\"", "&quot;", ":", "{", "}", "\"total\"", "\"goal\"", "-", "1", ",", "900",
                "<script", "</script>", "<style", "</style>", "<!--", "-->", "<", ">", "&#", "&#x", ";", "&nbsp;",
                " have signed", " signatures", "M", "K", " ", "é", "null", "\"", "'",
            ]), 0..60)
        ) {
            let html: String = parts.concat();
            let _ = extract(&html);
        }
    }

    fn total(html: &str) -> (u64, Option<u64>) {
        let r = extract(html).unwrap();
        (r.total, r.goal)
    }

    #[test]
    fn the_embedded_value_is_preferred_to_the_text() {
        let html = r#"<p>18,900 have signed</p><script>{"signatureCount":{"total":18943,"goal":25000}}</script>"#;
        assert_eq!(total(html), (18_943, Some(25_000)));
    }

    #[test]
    fn escaped_and_attribute_forms_of_the_embedded_value_are_read() {
        let escaped = r#"<script>window.s = JSON.parse("{\"signatureCount\":{\"total\":19012,\"goal\":25000}}")</script>"#;
        assert_eq!(total(escaped), (19_012, Some(25_000)));
        let attr =
            r#"<div data-props="{&quot;signatureCount&quot;:{&quot;total&quot;:20500}}"></div>"#;
        assert_eq!(total(attr), (20_500, None));
        let bare = r#"<script>var p = {signatureCount: 1234};</script>"#;
        assert_eq!(total(bare), (1_234, None));
    }

    #[test]
    fn the_visible_text_is_read_in_its_usual_shapes() {
        assert_eq!(
            total("<strong>18,900</strong> have signed. Let&#39;s get to 25,000!"),
            (18_900, Some(25_000))
        );
        assert_eq!(total("<span>1.2M have signed</span>"), (1_200_000, None));
        assert_eq!(total("<b>25K</b> signatures"), (25_000, None));
        assert_eq!(total("18&nbsp;900 people have signed"), (18_900, None));
        assert_eq!(total("Signatures: 4,321"), (4_321, None));
    }

    #[test]
    fn script_text_is_not_taken_for_visible_text() {
        let html = "<script>var x = '99 have signed';</script><p>Nothing here</p>";
        assert!(matches!(extract(html), Err(Miss::NoCount(_))));
    }

    #[test]
    fn an_embedded_total_that_is_not_a_count_is_an_error_not_a_guess() {
        let html =
            r#"<p>18,900 have signed</p><script>{"signatureCount":{"total":"lots"}}</script>"#;
        assert!(matches!(extract(html), Err(Miss::NotANumber { .. })));
        let neg = r#"<script>{"signatureCount":{"total":-5}}</script>"#;
        match extract(neg) {
            Err(Miss::NotANumber { problem, .. }) => assert_eq!(problem, "it is negative"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_null_signature_count_falls_back_to_the_text() {
        let html = r#"<script>{"signatureCount":null}</script><p>7 have signed</p>"#;
        assert_eq!(total(html), (7, None));
    }
}
