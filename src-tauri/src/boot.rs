//! The data the page paints first, handed over in an initialization script.

use outreach_core::cities::CitySummary;
use outreach_core::vocab::Labels;
use outreach_core::ErrorPayload;
use serde::Serialize;
use ts_rs::TS;

/// `window.__OUTREACH_BOOT__`: the city list, or the error that stopped the store opening.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(tag = "status", rename_all = "snake_case")]
#[ts(export)]
pub enum Boot {
    Ready {
        cities: Vec<CitySummary>,
        labels: Labels,
        data_dir: String,
    },
    Failed {
        error: ErrorPayload,
        data_dir: String,
    },
}

impl Boot {
    /// The script that defines `window.__OUTREACH_BOOT__` before the page's own scripts
    /// run. The data is a string literal read with `JSON.parse`, not an object literal:
    /// JavaScriptCore compiles a literal of 20,000 cities into bytecode first, and reads
    /// JSON text directly (docs/PERFORMANCE.md, issue 13). `<` is escaped so the text can
    /// never close a script element, whatever a city's name holds.
    pub fn script(&self) -> String {
        let json = serde_json::to_string(self).expect("boot data serialises");
        let literal = serde_json::to_string(&json)
            .expect("a string serialises")
            .replace('<', "\\u003c");
        format!("Object.defineProperty(window, '__OUTREACH_BOOT__', {{ value: Object.freeze(JSON.parse({literal})), writable: false }});")
    }
}
