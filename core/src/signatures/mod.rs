//! The petition's signature total: where it comes from, how it is fetched, and its history.
//!
//! Each source is a [`Provider`] in its own module ([`changeorg`], [`actionnetwork`],
//! [`json`]); manual entry is [`history::record_manual`]. [`fetch`] does the HTTP (HTTPS
//! only except on this machine, a total timeout, few redirects, a body cap read as it
//! arrives). [`sync`] ties them together; [`history`] stores each good total as a
//! snapshot and answers the history and the goal projection. [`config`] holds the
//! settings (`signatures.*`) and [`token`] the API token, which never enters the store.
//!
//! A failed sync writes nothing: the last good total stays as it was.

pub mod actionnetwork;
pub mod changeorg;
pub mod config;
pub mod count;
pub mod fetch;
pub mod history;
pub mod json;
pub mod sync;
pub mod token;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

use crate::error::Error;
use crate::fields::InputField;
use count::{parse_count, MAX_COUNT};

/// Which source the total comes from. `auto` picks one from the URL and the answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum ProviderKind {
    Auto,
    Changeorg,
    Actionnetwork,
    Json,
    Manual,
}

impl ProviderKind {
    pub const ALL: [ProviderKind; 5] = [
        ProviderKind::Auto,
        ProviderKind::Changeorg,
        ProviderKind::Actionnetwork,
        ProviderKind::Json,
        ProviderKind::Manual,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ProviderKind::Auto => "auto",
            ProviderKind::Changeorg => "changeorg",
            ProviderKind::Actionnetwork => "actionnetwork",
            ProviderKind::Json => "json",
            ProviderKind::Manual => "manual",
        }
    }

    pub fn parse(s: &str) -> crate::Result<ProviderKind> {
        ProviderKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| {
                Error::invalid(
                    InputField::Provider,
                    format!(
                        "\"{s}\" is not a provider; use auto, changeorg, actionnetwork, json or manual"
                    ),
                )
            })
    }
}

/// A total read from a source, before it is stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reading {
    pub total: u64,
    pub goal: Option<u64>,
    /// The provider that read it (never `auto`).
    pub provider: ProviderKind,
}

/// A fetched answer: the final URL after redirects, its content type and body.
#[derive(Debug, Clone)]
pub struct Page {
    pub url: String,
    pub content_type: Option<String>,
    pub body: Vec<u8>,
}

impl Page {
    pub fn is_json(&self) -> bool {
        match &self.content_type {
            Some(ct) => {
                let ct = ct.to_ascii_lowercase();
                let mime = ct.split(';').next().unwrap_or("").trim();
                mime == "application/json" || mime.ends_with("+json") || mime == "text/json"
            }
            None => matches!(
                self.body.iter().find(|b| !b.is_ascii_whitespace()),
                Some(b'{' | b'[')
            ),
        }
    }

    pub fn json(&self) -> Result<Value, Miss> {
        serde_json::from_slice(&self.body)
            .map_err(|e| Miss::NoCount(format!("the answer is not valid JSON ({e})")))
    }
}

/// Why a page gave no count; becomes an [`Error`] naming the URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Miss {
    NoCount(String),
    NotANumber { value: String, problem: String },
}

impl Miss {
    pub fn into_error(self, url: &str) -> Error {
        match self {
            Miss::NoCount(detail) => Error::SignatureNoCount {
                url: url.to_string(),
                detail,
            },
            Miss::NotANumber { value, problem } => Error::SignatureNotANumber {
                url: url.to_string(),
                value,
                problem,
            },
        }
    }
}

/// One source of signature totals.
pub trait Provider: Send + Sync {
    fn kind(&self) -> ProviderKind;
    /// Whether the request carries the API token (only Action Network's does).
    fn wants_token(&self) -> bool {
        false
    }
    /// The count in a fetched answer.
    fn extract(&self, page: &Page) -> Result<Reading, Miss>;
}

/// The provider for a kind chosen in settings (`auto` and `manual` are not fetchers).
pub fn provider(kind: ProviderKind, pointer: Option<&str>) -> Option<Box<dyn Provider>> {
    match kind {
        ProviderKind::Changeorg => Some(Box::new(changeorg::ChangeOrg)),
        ProviderKind::Actionnetwork => Some(Box::new(actionnetwork::ActionNetwork)),
        ProviderKind::Json => pointer.map(|p| {
            Box::new(json::JsonPointer {
                pointer: p.to_string(),
            }) as Box<dyn Provider>
        }),
        ProviderKind::Auto | ProviderKind::Manual => None,
    }
}

/// `auto` before fetching: the URL alone says Action Network or change.org.
pub fn provider_for_url(kind: ProviderKind, url: &reqwest::Url) -> ProviderKind {
    if kind != ProviderKind::Auto {
        return kind;
    }
    let host = url.host_str().unwrap_or("").to_ascii_lowercase();
    let is = |domain: &str| host == domain || host.ends_with(&format!(".{domain}"));
    if is("actionnetwork.org") {
        ProviderKind::Actionnetwork
    } else if is("change.org") {
        ProviderKind::Changeorg
    } else {
        ProviderKind::Auto
    }
}

/// Reads the count from a fetched page with the provider chosen, or for `auto` by the
/// answer's content type: JSON goes to the pointer (when one is set), Action Network's
/// `total_signatures`, or a known pointer; anything else is read as a petition page.
pub fn extract(kind: ProviderKind, pointer: Option<&str>, page: &Page) -> Result<Reading, Miss> {
    if let Some(p) = provider(kind, pointer) {
        return p.extract(page);
    }
    if kind == ProviderKind::Json {
        return Err(Miss::NoCount(
            "the JSON provider needs a JSON pointer to the count".into(),
        ));
    }
    if !page.is_json() {
        return changeorg::ChangeOrg.extract(page);
    }
    if let Some(p) = pointer {
        return json::extract(&page.json()?, p);
    }
    let doc = page.json()?;
    if doc.get("total_signatures").is_some() {
        return actionnetwork::extract(&doc);
    }
    for p in json::KNOWN_POINTERS {
        if doc.pointer(p).is_some_and(|v| !v.is_null()) {
            return json::extract(&doc, p);
        }
    }
    Err(Miss::NoCount(
        "the JSON answer has no count field this app knows; choose the JSON provider and set a pointer"
            .into(),
    ))
}

/// A count held in a JSON value: a whole non-negative number, or text such as "18,900".
pub fn json_count(v: &Value) -> Result<u64, Miss> {
    let bad = |problem: &str| Miss::NotANumber {
        value: shorten(&v.to_string()),
        problem: problem.into(),
    };
    match v {
        Value::Number(n) => {
            if let Some(u) = n.as_u64() {
                if u > MAX_COUNT {
                    Err(bad("it is too large"))
                } else {
                    Ok(u)
                }
            } else if n.as_i64().is_some_and(|i| i < 0) {
                Err(bad("it is negative"))
            } else {
                let f = n.as_f64().unwrap_or(f64::NAN);
                if f < 0.0 {
                    Err(bad("it is negative"))
                } else if f.fract() != 0.0 || !f.is_finite() {
                    Err(bad("it has a fractional part"))
                } else if f > MAX_COUNT as f64 {
                    Err(bad("it is too large"))
                } else {
                    Ok(f as u64)
                }
            }
        }
        Value::String(s) => parse_count(s).map_err(|e| Miss::NotANumber {
            value: e.value,
            problem: e.problem.into(),
        }),
        Value::Bool(_) => Err(bad("it is true or false")),
        Value::Null => Err(bad("it is null")),
        Value::Array(_) => Err(bad("it is a list")),
        Value::Object(_) => Err(bad("it is an object")),
    }
}

fn shorten(s: &str) -> String {
    if s.chars().count() <= 40 {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(40).collect::<String>())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(ct: Option<&str>, body: &str) -> Page {
        Page {
            url: "http://127.0.0.1/p".into(),
            content_type: ct.map(String::from),
            body: body.as_bytes().to_vec(),
        }
    }

    #[test]
    fn auto_reads_html_as_a_petition_page_and_json_by_its_fields() {
        let html = page(
            Some("text/html; charset=utf-8"),
            "<p>18,900 have signed</p>",
        );
        let r = extract(ProviderKind::Auto, None, &html).unwrap();
        assert_eq!((r.total, r.provider), (18_900, ProviderKind::Changeorg));

        let an = page(Some("application/hal+json"), r#"{"total_signatures": 321}"#);
        let r = extract(ProviderKind::Auto, None, &an).unwrap();
        assert_eq!((r.total, r.provider), (321, ProviderKind::Actionnetwork));

        let uk = page(
            Some("application/json"),
            r#"{"data":{"attributes":{"signature_count":104552}}}"#,
        );
        let r = extract(ProviderKind::Auto, None, &uk).unwrap();
        assert_eq!((r.total, r.provider), (104_552, ProviderKind::Json));

        let custom = page(None, r#"{"stats":{"n":"7,000"}}"#);
        let r = extract(ProviderKind::Auto, Some("/stats/n"), &custom).unwrap();
        assert_eq!((r.total, r.provider), (7_000, ProviderKind::Json));
        assert!(matches!(
            extract(ProviderKind::Auto, None, &custom),
            Err(Miss::NoCount(_))
        ));
    }

    #[test]
    fn auto_knows_the_platforms_by_their_address() {
        let u = |s: &str| reqwest::Url::parse(s).unwrap();
        assert_eq!(
            provider_for_url(
                ProviderKind::Auto,
                &u("https://actionnetwork.org/api/v2/petitions/abc")
            ),
            ProviderKind::Actionnetwork
        );
        assert_eq!(
            provider_for_url(
                ProviderKind::Auto,
                &u("https://www.change.org/p/stand-with-ukraine")
            ),
            ProviderKind::Changeorg
        );
        assert_eq!(
            provider_for_url(ProviderKind::Auto, &u("https://notchange.org.example/p")),
            ProviderKind::Auto
        );
        assert_eq!(
            provider_for_url(ProviderKind::Json, &u("https://www.change.org/p/x")),
            ProviderKind::Json
        );
    }

    #[test]
    fn json_counts_are_whole_non_negative_numbers() {
        use serde_json::json;
        assert_eq!(json_count(&json!(18900)), Ok(18_900));
        assert_eq!(json_count(&json!(18900.0)), Ok(18_900));
        assert_eq!(json_count(&json!("18,900")), Ok(18_900));
        for (v, problem) in [
            (json!(-1), "it is negative"),
            (json!(1.5), "it has a fractional part"),
            (json!("many"), "it does not start with a digit"),
            (json!(true), "it is true or false"),
            (json!(1e300), "it is too large"),
        ] {
            match json_count(&v) {
                Err(Miss::NotANumber { problem: p, .. }) => assert_eq!(p, problem, "{v}"),
                other => panic!("{v}: {other:?}"),
            }
        }
    }

    #[test]
    fn provider_names_round_trip_and_bad_ones_are_refused() {
        for k in ProviderKind::ALL {
            assert_eq!(ProviderKind::parse(k.as_str()).unwrap(), k);
        }
        let e = ProviderKind::parse("petitions.gov")
            .unwrap_err()
            .to_string();
        assert!(e.contains("\"petitions.gov\" is not a provider"), "{e}");
    }
}
