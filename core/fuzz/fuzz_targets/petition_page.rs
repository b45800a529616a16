#![no_main]
//! Any bytes as a petition page or a JSON answer: the extractors never panic.
use libfuzzer_sys::fuzz_target;
use outreach_core::signatures::{extract, Page, ProviderKind};

fuzz_target!(|data: &[u8]| {
    for (ct, kind) in [
        (Some("text/html"), ProviderKind::Auto),
        (Some("application/json"), ProviderKind::Auto),
        (None, ProviderKind::Actionnetwork),
    ] {
        let page = Page {
            url: "https://fuzz.invalid/".into(),
            content_type: ct.map(String::from),
            body: data.to_vec(),
        };
        let _ = extract(kind, None, &page);
        let _ = extract(ProviderKind::Json, Some("/data/attributes/signature_count"), &page);
    }
});
