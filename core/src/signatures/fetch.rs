//! Fetching a petition's answer, carefully: HTTPS only (plain HTTP only to this machine),
//! a total timeout, at most a few redirects and only to http(s), and a body cap that is
//! enforced as the body arrives (a larger body is refused without reading it all).

use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue, CONTENT_TYPE};
use reqwest::{redirect, Url};

use super::Page;
use crate::error::{Error, Result};
use crate::fields::InputField;

/// The limits of one fetch.
#[derive(Debug, Clone)]
pub struct Limits {
    /// For the whole request: connecting, redirects and reading the body.
    pub timeout: Duration,
    pub max_bytes: u64,
    pub max_redirects: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            timeout: Duration::from_secs(15),
            max_bytes: 5 * 1024 * 1024,
            max_redirects: 5,
        }
    }
}

/// Whether a URL names this machine: an IP literal in 127.0.0.0/8 or ::1, or the name
/// `localhost` itself (names under `.localhost` resolve through DNS and are not).
pub fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        _ => is_loopback_ip(url),
    }
}

/// Whether a URL's host is an IP literal of this machine (127.0.0.0/8, ::1).
pub fn is_loopback_ip(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        _ => false,
    }
}

/// Action Network's API host: where a saved API token goes unless the user said otherwise.
pub const ACTION_NETWORK_HOST: &str = "actionnetwork.org";

/// The addresses `localhost` means, fixed here rather than asked of the system's resolver
/// (which may ask DNS): plain http to `localhost` always goes to this machine.
const LOCALHOST_ADDRS: [SocketAddr; 2] = [
    SocketAddr::new(IpAddr::V4(std::net::Ipv4Addr::LOCALHOST), 0),
    SocketAddr::new(IpAddr::V6(std::net::Ipv6Addr::LOCALHOST), 0),
];

/// Parses and checks a petition URL: absolute, http(s), HTTPS unless on this machine.
pub fn check_url(text: &str) -> Result<Url> {
    let text = text.trim();
    let url = Url::parse(text).map_err(|e| Error::SignatureUrlRefused {
        url: text.to_string(),
        reason: format!(
            "it is not a full web address ({e}); paste it from the browser's address bar"
        ),
    })?;
    match url.scheme() {
        "https" => {}
        "http" if is_loopback(&url) => {}
        "http" => {
            return Err(Error::SignatureUrlRefused {
                url: text.to_string(),
                reason: "plain http is only allowed to this machine; use https://".into(),
            })
        }
        other => {
            return Err(Error::SignatureUrlRefused {
                url: text.to_string(),
                reason: format!("\"{other}:\" is not a web address; use https://"),
            })
        }
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(Error::SignatureUrlRefused {
            url: text.to_string(),
            reason: "it has no host".into(),
        });
    }
    Ok(url)
}

/// Fetches `url` with extra headers (the API token, when the provider wants it).
/// A header marked secret is never followed to another origin (scheme, host or port): such
/// a redirect is refused.
pub async fn fetch(url: &Url, headers: &[(&str, &str, bool)], limits: &Limits) -> Result<Page> {
    let shown = url.to_string();
    match tokio::time::timeout(limits.timeout, fetch_inner(url, headers, limits)).await {
        Ok(result) => result,
        Err(_) => Err(Error::SignatureTimeout {
            url: shown,
            seconds: limits.timeout.as_secs().max(1),
        }),
    }
}

async fn fetch_inner(url: &Url, headers: &[(&str, &str, bool)], limits: &Limits) -> Result<Page> {
    let shown = url.to_string();
    let client = client(url, headers.iter().any(|h| h.2), limits)?;
    let mut map = HeaderMap::new();
    for (name, value, secret) in headers {
        let name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
            Error::invalid(InputField::Header, format!("{name} is not a header name"))
        })?;
        let mut value = HeaderValue::from_str(value).map_err(|_| {
            Error::invalid(
                InputField::Header,
                format!("{name}: the value holds characters a header cannot carry"),
            )
        })?;
        value.set_sensitive(*secret);
        map.insert(name, value);
    }
    let mut response = client
        .get(url.clone())
        .headers(map)
        .send()
        .await
        .map_err(|e| classify(&shown, &e, limits))?;

    let status = response.status();
    let final_url = response.url().to_string();
    // Plain http goes only to this machine: checked on the address actually connected to.
    if response.url().scheme() == "http" {
        if let Some(addr) = response.remote_addr().filter(|a| !a.ip().is_loopback()) {
            return Err(Error::SignatureUrlRefused {
                url: final_url,
                reason: format!(
                    "plain http is only allowed to this machine, and {} is not",
                    addr.ip()
                ),
            });
        }
    }
    if !status.is_success() {
        return Err(Error::SignatureHttpStatus {
            url: final_url,
            status: status.as_u16(),
        });
    }
    let too_large = || Error::SignatureTooLarge {
        url: final_url.clone(),
        limit_bytes: limits.max_bytes,
    };
    if response
        .content_length()
        .is_some_and(|n| n > limits.max_bytes)
    {
        return Err(too_large());
    }
    let content_type = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(String::from);
    let mut body = Vec::new();
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|e| classify(&final_url, &e, limits))?
    {
        if body.len() as u64 + chunk.len() as u64 > limits.max_bytes {
            return Err(too_large());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(Page {
        url: final_url,
        content_type,
        body,
    })
}

fn client(start: &Url, has_secret: bool, limits: &Limits) -> Result<reqwest::Client> {
    // reqwest is built without a crypto provider of its own; ring is this app's.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let max = limits.max_redirects;
    let origin = start.origin();
    let policy = redirect::Policy::custom(move |attempt| {
        let next = attempt.url().clone();
        let next = &next;
        if attempt.previous().len() > max {
            return attempt.error(format!("it redirected more than {max} times"));
        }
        match next.scheme() {
            "https" => {}
            "http" if is_loopback(next) => {}
            "http" => return attempt.error(format!("it redirected to plain http ({next})")),
            _ => return attempt.error(format!("it redirected to a non-web address ({next})")),
        }
        if has_secret && next.origin() != origin {
            return attempt.error(format!(
                "it redirected to another address ({}) and the API token is not sent there",
                next.origin().ascii_serialization()
            ));
        }
        attempt.follow()
    });
    reqwest::Client::builder()
        .user_agent(concat!(
            "OutreachDesk/",
            env!("CARGO_PKG_VERSION"),
            " (petition signature total)"
        ))
        .timeout(limits.timeout)
        .connect_timeout(limits.timeout)
        .redirect(policy)
        .resolve_to_addrs("localhost", &LOCALHOST_ADDRS)
        .no_proxy()
        .build()
        .map_err(|e| Error::SignatureNetwork {
            url: start.to_string(),
            reason: root_cause(&e),
        })
}

fn classify(url: &str, e: &reqwest::Error, limits: &Limits) -> Error {
    let url = e
        .url()
        .map(|u| u.to_string())
        .unwrap_or_else(|| url.to_string());
    if e.is_timeout() {
        Error::SignatureTimeout {
            url,
            seconds: limits.timeout.as_secs().max(1),
        }
    } else if e.is_redirect() {
        Error::SignatureUrlRefused {
            url,
            reason: root_cause(e),
        }
    } else {
        Error::SignatureNetwork {
            url,
            reason: root_cause(e),
        }
    }
}

/// The innermost cause, which is the one a person can act on ("Connection refused").
fn root_cause(e: &(dyn std::error::Error + 'static)) -> String {
    let mut cause: &dyn std::error::Error = e;
    while let Some(next) = cause.source() {
        cause = next;
    }
    cause.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_https_or_this_machine_is_accepted() {
        assert!(check_url("http://evil.localhost:8080/p").is_err());
        for ok in [
            "https://www.change.org/p/stand-with-ukraine",
            "http://127.0.0.1:8080/p",
            "http://localhost/p",
            "http://[::1]:9/p",
            "http://127.5.6.7/p",
        ] {
            check_url(ok).unwrap();
        }
        for (bad, why) in [
            ("http://www.change.org/p/x", "plain http"),
            ("http://192.168.1.10/p", "plain http"),
            ("ftp://example.org/x", "not a web address"),
            ("file:///etc/passwd", "not a web address"),
            ("www.change.org/p/x", "not a full web address"),
            ("", "not a full web address"),
        ] {
            let e = check_url(bad).unwrap_err();
            assert_eq!(e.kind(), crate::ErrorKind::SignatureUrlRefused);
            assert!(e.to_string().contains(why), "{bad}: {e}");
        }
    }
}
