//! The signature settings, kept as `signatures.*` settings in the store:
//! `signatures.url`, `signatures.provider`, `signatures.pointer` and
//! `signatures.interval_minutes` (default 15), with the campaign's one goal
//! ([`crate::campaign::goal`]). The API token is not here (see `token`).

use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::fetch::check_url;
use super::json::check_pointer;
use super::token::{BoundToken, Token, TokenFile};
use super::ProviderKind;
use crate::campaign;
use crate::checks;
use crate::error::{Error, Result};
use crate::fields::InputField;
use crate::settings;

pub const KEY_URL: &str = "signatures.url";
pub const KEY_PROVIDER: &str = "signatures.provider";
pub const KEY_POINTER: &str = "signatures.pointer";
pub const KEY_INTERVAL: &str = "signatures.interval_minutes";

pub const DEFAULT_INTERVAL_MINUTES: u32 = 15;
pub const MAX_INTERVAL_MINUTES: u32 = crate::checks::SYNC_INTERVAL_MINUTES.max as u32;

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
    let goal = campaign::goal(conn)?;
    let interval_minutes = get(KEY_INTERVAL)?
        .and_then(|i| i.parse().ok())
        .filter(|&i: &u32| crate::checks::SYNC_INTERVAL_MINUTES.admits(i))
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
pub fn save(conn: &mut Connection, config: &SignatureConfig) -> Result<SignatureConfig> {
    let config = validate(config)?;
    let tx = crate::atomic::begin(conn)?;
    let put = |k: &str, v: Option<String>| match v {
        Some(v) => settings::set(&tx, k, &v),
        None => settings::remove(&tx, k),
    };
    put(KEY_URL, config.url.clone())?;
    put(KEY_PROVIDER, Some(config.provider.as_str().into()))?;
    put(KEY_POINTER, config.pointer.clone())?;
    campaign::set_goal(&tx, config.goal)?;
    put(KEY_INTERVAL, Some(config.interval_minutes.to_string()))?;
    tx.commit()?;
    Ok(config)
}

/// What saving the settings does to the saved API token.
#[derive(Debug)]
pub enum TokenChange {
    Keep,
    /// A token for Action Network's API host.
    Set(Token),
    /// A token for the petition address's origin (scheme, host, port), which the user
    /// confirmed: it is sent there and nowhere else.
    SetForUrl(Token),
    Clear,
}

/// Saves the settings and the token change together, as `outreach signatures config set`
/// and the Petition screen do: every field is checked first, so a bad field writes
/// nothing (neither settings nor token). `token_file` is asked for only when the token
/// changes. Returns the settings as saved.
pub fn save_with_token(
    conn: &mut Connection,
    config: &SignatureConfig,
    token: TokenChange,
    token_file: impl FnOnce() -> Result<TokenFile>,
) -> Result<SignatureConfig> {
    let checked = validate(config)?;
    let clear = matches!(token, TokenChange::Clear);
    let bound = match token {
        TokenChange::Keep | TokenChange::Clear => None,
        TokenChange::Set(t) => Some(BoundToken::for_action_network(t)),
        TokenChange::SetForUrl(t) => {
            let url = checked.url.as_deref().ok_or_else(|| {
                Error::invalid(
                    InputField::PetitionUrl,
                    "a token for the petition's address needs the address: set the URL too",
                )
            })?;
            Some(BoundToken::for_url(t, &check_url(url)?))
        }
    };
    let file = match (&bound, clear) {
        (None, false) => None,
        _ => Some(token_file()?),
    };
    let saved = save(conn, &checked)?;
    match (bound, file) {
        (Some(b), Some(f)) => f.write(&b)?,
        (None, Some(f)) => f.clear()?,
        _ => {}
    }
    Ok(saved)
}

/// The config as it will be stored: trimmed, checked, empty text as `null`.
pub fn validate(config: &SignatureConfig) -> Result<SignatureConfig> {
    let url = checks::given(&config.url)
        .map(|u| check_url(u).map(|_| u.to_string()))
        .transpose()?;
    let pointer = checks::given(&config.pointer)
        .map(|p| check_pointer(p).map(|_| p.to_string()))
        .transpose()?;
    if config.provider == ProviderKind::Json && pointer.is_none() {
        return Err(Error::invalid(
            InputField::JsonPointer,
            "the json provider needs a pointer to the count, e.g. /data/attributes/signature_count",
        ));
    }
    campaign::check_goal(config.goal)?;
    crate::checks::SYNC_INTERVAL_MINUTES.check(config.interval_minutes)?;
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
    fn the_goal_saved_on_the_petition_screen_is_the_campaign_goal() {
        let mut store = Store::open_in_memory().unwrap();
        let cfg = SignatureConfig {
            goal: 30_000,
            ..load(store.conn()).unwrap()
        };
        save(store.conn_mut(), &cfg).unwrap();
        let campaign = campaign::get_campaign_settings(store.conn()).unwrap();
        assert_eq!(campaign.goal, 30_000, "Settings and the script show it");
        // And the other way round: Settings changes what the Petition screen shows.
        campaign::set_campaign_settings(
            store.conn_mut(),
            &campaign::CampaignSettings {
                goal: 40_000,
                ..campaign
            },
        )
        .unwrap();
        assert_eq!(load(store.conn()).unwrap().goal, 40_000);
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
