//! Any JSON endpoint, with the count's location as a JSON Pointer (RFC 6901), e.g. the UK
//! Parliament's petitions with `/data/attributes/signature_count`.

use serde_json::Value;

use super::{json_count, Miss, Page, Provider, ProviderKind, Reading};
use crate::error::{Error, Result};
use crate::fields::InputField;

pub struct JsonPointer {
    pub pointer: String,
}

impl Provider for JsonPointer {
    fn kind(&self) -> ProviderKind {
        ProviderKind::Json
    }

    fn extract(&self, page: &Page) -> Result<Reading, Miss> {
        let doc = page.json()?;
        extract(&doc, &self.pointer)
    }
}

/// Checks a pointer's syntax: empty (the whole document) or `/`-separated tokens where
/// `~` is only followed by `0` or `1`.
pub fn check_pointer(pointer: &str) -> Result<()> {
    if !pointer.is_empty() && !pointer.starts_with('/') {
        return Err(Error::invalid(
            InputField::JsonPointer,
            format!("\"{pointer}\" must start with \"/\", e.g. /data/attributes/signature_count"),
        ));
    }
    let mut chars = pointer.chars();
    while let Some(c) = chars.next() {
        if c == '~' && !matches!(chars.next(), Some('0' | '1')) {
            return Err(Error::invalid(
                InputField::JsonPointer,
                format!("\"{pointer}\" has a \"~\" not followed by 0 or 1"),
            ));
        }
    }
    Ok(())
}

pub fn extract(doc: &Value, pointer: &str) -> Result<Reading, Miss> {
    let found = doc
        .pointer(pointer)
        .filter(|v| !v.is_null())
        .ok_or_else(|| Miss::NoCount(format!("the JSON has nothing at the pointer {pointer}")))?;
    Ok(Reading {
        total: json_count(found)?,
        goal: None,
        provider: ProviderKind::Json,
    })
}

/// Pointers tried when the provider is `auto`, the answer is JSON and no pointer is set.
pub const KNOWN_POINTERS: &[&str] = &[
    "/data/attributes/signature_count",
    "/signatureCount/total",
    "/signature_count",
    "/signatures",
];

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_pointer_finds_the_count_where_the_service_keeps_it() {
        let uk = json!({"data": {"type": "petition", "attributes": {"signature_count": 104_552, "state": "open"}}});
        assert_eq!(
            extract(&uk, "/data/attributes/signature_count")
                .unwrap()
                .total,
            104_552
        );
        let as_text = json!({"stats": [{"count": "18,900"}]});
        assert_eq!(extract(&as_text, "/stats/0/count").unwrap().total, 18_900);
    }

    #[test]
    fn a_missing_field_or_a_bad_value_is_refused() {
        let doc = json!({"data": {"attributes": {}}});
        match extract(&doc, "/data/attributes/signature_count") {
            Err(Miss::NoCount(d)) => assert!(d.contains("/data/attributes/signature_count")),
            other => panic!("{other:?}"),
        }
        for bad in [
            json!({"n": true}),
            json!({"n": 1.5}),
            json!({"n": -1}),
            json!({"n": {"a": 1}}),
        ] {
            assert!(
                matches!(extract(&bad, "/n"), Err(Miss::NotANumber { .. })),
                "{bad}"
            );
        }
    }

    #[test]
    fn pointer_syntax_is_checked() {
        check_pointer("/data/attributes/signature_count").unwrap();
        check_pointer("/a~1b/c~0d").unwrap();
        check_pointer("").unwrap();
        assert!(check_pointer("data/count")
            .unwrap_err()
            .to_string()
            .contains("must start with"));
        assert!(check_pointer("/a~2").is_err());
    }
}
