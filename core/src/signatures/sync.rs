//! One sync: fetch the petition's answer, read the count, store it. A failure at any step
//! returns the error and writes nothing.

use rusqlite::Connection;

use super::config::SignatureConfig;
use super::fetch::{self, check_url, Limits};
use super::history::{self, Snapshot};
use super::token::BoundToken;
use super::{actionnetwork, extract, provider_for_url, ProviderKind, Reading};
use crate::error::{Error, Result};
use crate::fields::InputField;

/// What to fetch.
#[derive(Debug, Clone)]
pub struct SyncRequest {
    pub url: String,
    pub provider: ProviderKind,
    pub pointer: Option<String>,
    /// The API token and the one origin it may go to: the saved token's, or the address
    /// given with it in the same command (`--source URL --token-env VAR`).
    pub token: Option<BoundToken>,
}

impl SyncRequest {
    /// From the saved settings, with overrides (the CLI's flags).
    pub fn from_config(config: &SignatureConfig, token: Option<BoundToken>) -> Result<SyncRequest> {
        let url = config.url.clone().ok_or_else(|| {
            Error::invalid(
                InputField::PetitionUrl,
                "no petition URL is set: paste the petition's address in the settings \
                 (or `outreach signatures config set --url URL`)",
            )
        })?;
        if config.provider == ProviderKind::Manual {
            return Err(Error::invalid(
                InputField::Provider,
                "the provider is manual: enter the total by hand, or choose another provider to sync",
            ));
        }
        Ok(SyncRequest {
            url,
            provider: config.provider,
            pointer: config.pointer.clone(),
            token,
        })
    }
}

/// A reading and where it was read (the URL after redirects).
#[derive(Debug, Clone)]
pub struct Fetched {
    pub reading: Reading,
    pub source: String,
}

/// Fetches and reads the count. Touches no store.
pub async fn fetch_reading(req: &SyncRequest, limits: &Limits) -> Result<Fetched> {
    let url = check_url(&req.url)?;
    let kind = provider_for_url(req.provider, &url);
    let token_header;
    let mut headers: Vec<(&str, &str, bool)> = vec![(
        "Accept",
        "text/html, application/json;q=0.9, */*;q=0.5",
        false,
    )];
    if kind == ProviderKind::Actionnetwork {
        if let Some(t) = &req.token {
            t.check_may_go_to(&url)
                .map_err(|reason| Error::SignatureUrlRefused {
                    url: url.to_string(),
                    reason,
                })?;
            token_header = t.token.expose().to_string();
            headers.push((actionnetwork::TOKEN_HEADER, &token_header, true));
        }
    }
    let page = fetch::fetch(&url, &headers, limits).await?;
    let reading =
        extract(kind, req.pointer.as_deref(), &page).map_err(|m| m.into_error(&page.url))?;
    Ok(Fetched {
        reading,
        source: req.url.trim().to_string(),
    })
}

/// Stores a fetched reading.
pub fn store(conn: &mut Connection, fetched: &Fetched, goal: u64) -> Result<Snapshot> {
    history::record(conn, &fetched.reading, &fetched.source, goal)
}

/// Fetches and reads the petition's page on a thread of its own making (the command
/// line's); storing the reading is [`store`], through the store's write door, so no write
/// is held open across the network.
pub fn fetch_blocking(req: &SyncRequest, limits: &Limits) -> Result<Fetched> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::SignatureNetwork {
            url: req.url.clone(),
            reason: format!("cannot start the network runtime: {e}"),
        })?;
    runtime.block_on(fetch_reading(req, limits))
}

impl SyncRequest {
    /// Whether this request would carry the API token (so the token is read only then).
    pub fn wants_token(&self) -> bool {
        match check_url(&self.url) {
            Ok(url) => provider_for_url(self.provider, &url) == ProviderKind::Actionnetwork,
            Err(_) => false,
        }
    }
}
