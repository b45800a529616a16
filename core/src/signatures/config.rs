//! The signature settings, kept as `signatures.*` settings in the store:
//! `signatures.url`, `signatures.provider`, `signatures.pointer`, `signatures.goal`
//! (default: the seed campaign's `campaign.goal`, 25,000) and
//! `signatures.interval_minutes` (default 15). The API token is not here (see `token`).

use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::count::MAX_COUNT;
use super::fetch::check_url;
use super::json::check_pointer;
use super::ProviderKind;
use crate::error::{Error, Result};
use crate::fields::InputField;
use crate::settings;

pub const KEY_URL: &str = "signatures.url";
pub const KEY_PROVIDER: &str = "signatures.provider";
pub const KEY_POINTER: &str = "signatures.pointer";
pub const KEY_GOAL: &str = "signatures.goal";
pub const KEY_INTERVAL: &str = "signatures.interval_minutes";

pub const DEFAULT_GOAL: u64 = 25_000;
pub const DEFAULT_INTERVAL_MINUTES: u32 = 15;
pub const MAX_INTERVAL_MINUTES: u32 = 24 * 60;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SignatureConfig {
    /// The petition's address; `null` until one is set.
    pub url: Option<String>,
    pub provider: ProviderKind,
    /// Where the count is in a JSON answer (RFC 6901), for the `json` provider.
    pub pointer: Option<String>,
    #[ts(type = "number")]
    pub goal: u64,
    pub interval_minutes: u32,
}

pub fn load(conn: &Connection) -> Result<SignatureConfig> {
    let get = |k| settings::get(conn, k);
    let provider = match get(KEY_PROVIDER)? {
        Some(p) => ProviderKind::parse(&p)?,
        None => ProviderKind::Auto,
    };
    let goal = match get(KEY_GOAL)?.or(get("campaign.goal")?) {
        Some(g) => g.parse().unwrap_or(DEFAULT_GOAL),
        None => DEFAULT_GOAL,
    };
    let interval_minutes = get(KEY_INTERVAL)?
        .and_then(|i| i.parse().ok())
        .unwrap_or(DEFAULT_INTERVAL_MINUTES);
    Ok(SignatureConfig {
        url: get(KEY_URL)?.filter(|u| !u.is_empty()),
        provider,
        pointer: get(KEY_POINTER)?.filter(|p| !p.is_empty()),
        goal,
        interval_minutes,
    })
}

/// Checks every field and, only if all are good, saves them (in one transaction).
pub fn save(conn: &Connection, config: &SignatureConfig) -> Result<SignatureConfig> {
    let config = validate(config)?;
    let tx = conn.unchecked_transaction()?;
    let put = |k: &str, v: Option<String>| match v {
        Some(v) => settings::set(&tx, k, &v),
        None => settings::remove(&tx, k),
    };
    put(KEY_URL, config.url.clone())?;
    put(KEY_PROVIDER, Some(config.provider.as_str().into()))?;
    put(KEY_POINTER, config.pointer.clone())?;
    put(KEY_GOAL, Some(config.goal.to_string()))?;
    put(KEY_INTERVAL, Some(config.interval_minutes.to_string()))?;
    tx.commit()?;
    Ok(config)
}

/// The config as it will be stored: trimmed, checked, empty text as `null`.
pub fn validate(config: &SignatureConfig) -> Result<SignatureConfig> {
    let url = config
        .url
        .as_deref()
        .map(str::trim)
        .filter(|u| !u.is_empty())
        .map(|u| check_url(u).map(|_| u.to_string()))
        .transpose()?;
    let pointer = config
        .pointer
        .as_deref()
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| check_pointer(p).map(|_| p.to_string()))
        .transpose()?;
    if config.provider == ProviderKind::Json && pointer.is_none() {
        return Err(Error::invalid(
            InputField::JsonPointer,
            "the json provider needs a pointer to the count, e.g. /data/attributes/signature_count",
        ));
    }
    if config.goal == 0 || config.goal > MAX_COUNT {
        return Err(Error::invalid(
            InputField::Goal,
            format!(
                "{} is not a goal; give a number of signatures above 0",
                config.goal
            ),
        ));
    }
    if config.interval_minutes == 0 || config.interval_minutes > MAX_INTERVAL_MINUTES {
        return Err(Error::invalid(
            InputField::SyncInterval,
            format!(
                "{} minutes is out of range; give 1 to {MAX_INTERVAL_MINUTES} minutes",
                config.interval_minutes
            ),
        ));
    }
    Ok(SignatureConfig {
        url,
        provider: config.provider,
        pointer,
        goal: config.goal,
        interval_minutes: config.interval_minutes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Store;

    #[test]
    fn defaults_come_from_the_seed_campaign() {
        let store = Store::open_in_memory().unwrap();
        let c = load(store.conn()).unwrap();
        assert_eq!(
            c,
            SignatureConfig {
                url: None,
                provider: ProviderKind::Auto,
                pointer: None,
                goal: 25_000,
                interval_minutes: 15
            }
        );
    }

    #[test]
    fn a_config_is_saved_whole_and_read_back() {
        let mut store = Store::open_in_memory().unwrap();
        let want = SignatureConfig {
            url: Some("https://petition.parliament.uk/petitions/700001.json".into()),
            provider: ProviderKind::Json,
            pointer: Some("/data/attributes/signature_count".into()),
            goal: 100_000,
            interval_minutes: 30,
        };
        save(store.conn_mut(), &want).unwrap();
        assert_eq!(load(store.conn()).unwrap(), want);
    }

    #[test]
    fn a_bad_field_saves_nothing_and_names_the_field() {
        let mut store = Store::open_in_memory().unwrap();
        let good = load(store.conn()).unwrap();
        let cases = [
            (
                SignatureConfig {
                    url: Some("http://www.change.org/p/x".into()),
                    ..good.clone()
                },
                "plain http",
            ),
            (
                SignatureConfig {
                    provider: ProviderKind::Json,
                    ..good.clone()
                },
                "JSON pointer:",
            ),
            (
                SignatureConfig {
                    goal: 0,
                    ..good.clone()
                },
                "goal:",
            ),
            (
                SignatureConfig {
                    interval_minutes: 0,
                    ..good.clone()
                },
                "sync interval:",
            ),
            (
                SignatureConfig {
                    pointer: Some("data/x".into()),
                    url: Some("https://ok.example/".into()),
                    ..good.clone()
                },
                "JSON pointer:",
            ),
        ];
        for (bad, why) in cases {
            let e = save(store.conn_mut(), &bad).unwrap_err().to_string();
            assert!(e.contains(why), "{e}");
            assert_eq!(load(store.conn()).unwrap(), good);
            assert_eq!(
                crate::settings::get(store.conn(), KEY_URL).unwrap(),
                None,
                "nothing was written"
            );
        }
    }
}
