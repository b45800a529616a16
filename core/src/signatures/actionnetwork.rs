//! Action Network (OSDI): `GET https://actionnetwork.org/api/v2/petitions/{id}` with the
//! `OSDI-API-Token` header; the count is `total_signatures` in the HAL+JSON answer.

use serde_json::Value;

use super::{json_count, Miss, Page, Provider, ProviderKind, Reading};

/// The header that carries the API token.
pub const TOKEN_HEADER: &str = "OSDI-API-Token";

pub struct ActionNetwork;

impl Provider for ActionNetwork {
    fn kind(&self) -> ProviderKind {
        ProviderKind::Actionnetwork
    }

    fn wants_token(&self) -> bool {
        true
    }

    fn extract(&self, page: &Page) -> Result<Reading, Miss> {
        let doc = page.json()?;
        extract(&doc)
    }
}

pub fn extract(doc: &Value) -> Result<Reading, Miss> {
    let total = doc.get("total_signatures").ok_or_else(|| {
        Miss::NoCount(
            "the answer has no \"total_signatures\" field (is this an Action Network petition?)"
                .into(),
        )
    })?;
    // OSDI petitions may carry a target count; keep it when it is a positive count.
    let goal = doc
        .get("target")
        .and_then(|t| t.get("count").or(Some(t)))
        .and_then(|g| json_count(g).ok())
        .filter(|&g| g > 0);
    Ok(Reading {
        total: json_count(total)?,
        goal,
        provider: ProviderKind::Actionnetwork,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn total_signatures_is_the_count() {
        let doc = json!({
            "identifiers": ["action_network:1"],
            "title": "End US-Russia Sister City Relationships",
            "total_signatures": 18900,
            "_links": {"self": {"href": "https://actionnetwork.org/api/v2/petitions/1"}}
        });
        let r = extract(&doc).unwrap();
        assert_eq!((r.total, r.goal), (18_900, None));
    }

    #[test]
    fn a_missing_or_bad_total_is_refused() {
        assert!(matches!(
            extract(&json!({"title": "x"})),
            Err(Miss::NoCount(_))
        ));
        assert!(matches!(
            extract(&json!({"total_signatures": "n/a"})),
            Err(Miss::NotANumber { .. })
        ));
        assert!(matches!(
            extract(&json!({"total_signatures": -3})),
            Err(Miss::NotANumber { .. })
        ));
    }
}
