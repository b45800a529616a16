//! A campaign server's address: a `postgres://role:password@host:port/campaign` URL,
//! parsed once, shown without its password, and connected to with TLS (rustls, the
//! certificate checked by the operating system's verifier) unless the host is a loopback
//! IP literal (`127.0.0.1`, `::1`), where the connection never leaves the machine.

use std::fmt;
use std::net::IpAddr;
use std::str::FromStr;
use std::time::Duration;

use postgres::config::{Host, SslMode};
use postgres::{Client, Config, NoTls};

use crate::error::{Error, Result};
use crate::fields::InputField;

/// How long connecting may take before the server counts as unreachable.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// A parsed server address with credentials. `Debug` and `Display` never show the password.
#[derive(Clone)]
pub struct ServerAddress {
    url: String,
    config: Config,
}

impl ServerAddress {
    /// Parses a `postgres://` (or `postgresql://`) URL naming a host, a database (the
    /// campaign), a role and its password. `field` is the input it came from.
    pub fn parse(text: &str, field: InputField) -> Result<ServerAddress> {
        let url = text.trim();
        if !(url.starts_with("postgres://") || url.starts_with("postgresql://")) {
            return Err(Error::invalid(
                field,
                "it is not a postgres:// address (postgres://ROLE:PASSWORD@HOST:PORT/CAMPAIGN)",
            ));
        }
        let config = Config::from_str(url).map_err(|e| {
            Error::invalid(
                field,
                format!(
                    "it is not a valid postgres:// address ({})",
                    hide(&e.to_string(), url)
                ),
            )
        })?;
        let missing = if config.get_hosts().is_empty() {
            Some("a host")
        } else if config.get_dbname().is_none() {
            Some("the campaign's database name after the last /")
        } else if config.get_user().is_none() {
            Some("a role name")
        } else if config.get_password().is_none() {
            Some("the role's password")
        } else {
            None
        };
        if let Some(what) = missing {
            return Err(Error::invalid(field, format!("it lacks {what}")));
        }
        Ok(ServerAddress {
            url: url.to_string(),
            config,
        })
    }

    /// The role the address logs in as.
    pub fn role(&self) -> &str {
        self.config.get_user().unwrap_or_default()
    }

    /// The campaign's database name.
    pub fn database(&self) -> &str {
        self.config.get_dbname().unwrap_or_default()
    }

    /// The secret URL, for the credentials file and invites only.
    pub fn expose(&self) -> &str {
        &self.url
    }

    /// `host:port/campaign`, with no role or password: what messages and the UI show.
    pub fn server(&self) -> String {
        let host = match self.config.get_hosts().first() {
            Some(Host::Tcp(h)) if h.contains(':') => format!("[{h}]"),
            Some(Host::Tcp(h)) => h.clone(),
            #[cfg(unix)]
            Some(Host::Unix(p)) => p.display().to_string(),
            None => "?".into(),
        };
        let port = self.config.get_ports().first().copied().unwrap_or(5432);
        format!("{host}:{port}/{}", self.database())
    }

    /// The same server and campaign with another role's credentials (an invite).
    pub fn with_credentials(&self, role: &str, password: &str) -> ServerAddress {
        let host = match self.config.get_hosts().first() {
            Some(Host::Tcp(h)) if h.contains(':') => format!("[{h}]"),
            Some(Host::Tcp(h)) => h.clone(),
            #[cfg(unix)]
            Some(Host::Unix(p)) => p.display().to_string(),
            None => String::new(),
        };
        let port = self.config.get_ports().first().copied().unwrap_or(5432);
        let url = format!(
            "postgres://{}:{}@{host}:{port}/{}",
            encode(role),
            encode(password),
            encode(self.database())
        );
        let config = Config::from_str(&url).expect("an address made from a parsed one parses");
        ServerAddress { url, config }
    }

    /// Whether the connection stays on this machine: every host a loopback IP literal
    /// (or a local socket). Only then may it go without TLS.
    pub fn is_loopback(&self) -> bool {
        self.config.get_hosts().iter().all(|h| match h {
            Host::Tcp(name) => {
                IpAddr::from_str(name.trim_matches(['[', ']'])).is_ok_and(|ip| ip.is_loopback())
            }
            #[cfg(unix)]
            Host::Unix(_) => true,
        })
    }

    /// Connects, with TLS required unless the host is a loopback IP literal.
    pub fn connect(&self) -> Result<Client> {
        self.probe(CONNECT_TIMEOUT)?;
        let mut config = self.config.clone();
        config.connect_timeout(CONNECT_TIMEOUT);
        config.application_name("outreach-desk");
        let result = if self.is_loopback() {
            config.ssl_mode(SslMode::Disable);
            config.connect(NoTls)
        } else {
            config.ssl_mode(SslMode::Require);
            config.connect(tls()?)
        };
        result.map_err(|e| self.classify(&e))
    }

    /// Whether something at the address speaks PostgreSQL's first word within `timeout`.
    ///
    /// The driver's own timeout covers only the TCP connection: a host that accepts the
    /// connection and then says nothing (a stalled server, a firewall's tarpit, the wrong
    /// port of some other service) would hold a sync, and the window's background job, for
    /// ever. So the first TCP host is asked the 8-byte `SSLRequest` the driver would send, with
    /// a read deadline; PostgreSQL answers one byte (`S` or `N`) at once. Local sockets are
    /// not probed (nothing between them and the server can stall).
    fn probe(&self, timeout: Duration) -> Result<()> {
        use std::io::{Read, Write};
        use std::net::{TcpStream, ToSocketAddrs};
        let Some(Host::Tcp(host)) = self.config.get_hosts().first() else {
            return Ok(());
        };
        let port = self.config.get_ports().first().copied().unwrap_or(5432);
        let unreachable = |reason: String| Error::TeamUnreachable {
            server: self.server(),
            reason,
        };
        let addrs: Vec<_> = (host.trim_matches(['[', ']']), port)
            .to_socket_addrs()
            .map_err(|e| unreachable(e.to_string()))?
            .collect();
        let mut last = None;
        for addr in addrs {
            match TcpStream::connect_timeout(&addr, timeout) {
                Ok(mut stream) => {
                    let silent = |e: std::io::Error| {
                        unreachable(match e.kind() {
                            std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut => {
                                format!(
                                    "it accepted the connection but did not answer within {} s: \
                                     is this the campaign's PostgreSQL address and port?",
                                    timeout.as_secs()
                                )
                            }
                            _ => format!("it closed the connection without answering ({e})"),
                        })
                    };
                    stream.set_read_timeout(Some(timeout)).map_err(silent)?;
                    stream.set_write_timeout(Some(timeout)).map_err(silent)?;
                    // SSLRequest: length 8, code 80877103.
                    stream
                        .write_all(&[0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f])
                        .map_err(silent)?;
                    let mut answer = [0u8; 1];
                    stream.read_exact(&mut answer).map_err(silent)?;
                    return Ok(());
                }
                Err(e) => last = Some(e),
            }
        }
        Err(unreachable(last.map_or_else(
            || "the name has no address".into(),
            |e| e.to_string(),
        )))
    }

    /// [`Self::classify`], saying `what` of a statement the server refused.
    pub fn failed(&self, e: &postgres::Error, what: &str) -> Error {
        match self.classify(e) {
            Error::TeamServer { server, reason, .. } => Error::TeamServer {
                server,
                reason,
                what: what.to_string(),
            },
            other => other,
        }
    }

    /// The error a volunteer can act on, for a failure to connect or a failed statement.
    pub fn classify(&self, e: &postgres::Error) -> Error {
        use postgres::error::SqlState;
        let reason = hide(&root_cause(e), &self.url);
        if let Some(code) = e.code() {
            if *code == SqlState::INVALID_PASSWORD
                || *code == SqlState::INVALID_AUTHORIZATION_SPECIFICATION
            {
                return Error::TeamCredentialsRefused {
                    server: self.server(),
                    role: self.role().to_string(),
                    reason,
                };
            }
            if *code == SqlState::UNDEFINED_DATABASE {
                return Error::TeamNoCampaign {
                    server: self.server(),
                };
            }
            return Error::TeamServer {
                server: self.server(),
                reason,
                what: "nothing was changed".into(),
            };
        }
        if is_tls_failure(e) {
            return Error::TeamTls {
                server: self.server(),
                reason,
            };
        }
        Error::TeamUnreachable {
            server: self.server(),
            reason,
        }
    }
}

impl fmt::Debug for ServerAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ServerAddress({} as {})", self.server(), self.role())
    }
}

impl fmt::Display for ServerAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} as {}", self.server(), self.role())
    }
}

/// rustls with ring (the app's provider) and the operating system's certificate verifier.
fn tls() -> Result<tokio_postgres_rustls::MakeRustlsConnect> {
    use rustls_platform_verifier::BuilderVerifierExt;
    let _ = rustls::crypto::ring::default_provider().install_default();
    let config = rustls::ClientConfig::builder()
        .with_platform_verifier()
        .map_err(|e| Error::TeamTls {
            server: String::new(),
            reason: format!("the system's certificate store cannot be used: {e}"),
        })?
        .with_no_client_auth();
    Ok(tokio_postgres_rustls::MakeRustlsConnect::new(config))
}

fn is_tls_failure(e: &postgres::Error) -> bool {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(s) = source {
        if s.is::<rustls::Error>() {
            return true;
        }
        let text = s.to_string();
        if text.contains("server does not support TLS") || text.contains("certificate") {
            return true;
        }
        source = s.source();
    }
    false
}

fn root_cause(e: &(dyn std::error::Error + 'static)) -> String {
    let mut parts = vec![e.to_string()];
    let mut source = e.source();
    while let Some(s) = source {
        let text = s.to_string();
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        source = s.source();
    }
    parts.join(": ")
}

/// Removes the secret URL (and its password) from a message that might quote it.
fn hide(message: &str, url: &str) -> String {
    let mut out = message.replace(url, "<server address>");
    if let Ok(config) = Config::from_str(url) {
        if let Some(pw) = config.get_password() {
            if let Ok(pw) = std::str::from_utf8(pw) {
                if !pw.is_empty() {
                    out = out.replace(pw, "<hidden>");
                }
            }
        }
    }
    out
}

/// Percent-encodes what a URL's user, password or path may not hold as is.
fn encode(part: &str) -> String {
    let mut out = String::new();
    for b in part.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_password_never_shows_and_loopback_is_known() {
        let a = ServerAddress::parse(
            "postgres://alice:s3cret-pw@127.0.0.1:5433/campaign",
            InputField::Invite,
        )
        .unwrap();
        assert_eq!(a.role(), "alice");
        assert_eq!(a.server(), "127.0.0.1:5433/campaign");
        assert!(a.is_loopback());
        let shown = format!("{a} {a:?}");
        assert!(!shown.contains("s3cret"), "{shown}");

        let b = a.with_credentials("bob", "p@ss/word");
        assert_eq!(b.role(), "bob");
        assert_eq!(b.server(), a.server());
        let again = ServerAddress::parse(b.expose(), InputField::Invite).unwrap();
        assert_eq!(again.role(), "bob");

        let remote =
            ServerAddress::parse("postgres://a:b@db.example.org/c", InputField::Server).unwrap();
        assert!(!remote.is_loopback(), "a host name needs TLS");
        let named = ServerAddress::parse("postgres://a:b@localhost/c", InputField::Server).unwrap();
        assert!(!named.is_loopback(), "only IP literals skip TLS");
    }

    #[test]
    fn an_address_without_credentials_or_campaign_is_refused() {
        for bad in [
            "http://a:b@h/c",
            "postgres://h/c",
            "postgres://a@h/c",
            "postgres://a:b@h",
        ] {
            let e = ServerAddress::parse(bad, InputField::Server).unwrap_err();
            assert_eq!(e.kind(), crate::ErrorKind::InvalidInput, "{bad}: {e}");
        }
    }
}
