//! The API token (Action Network's `OSDI-API-Token`), kept out of the store: a file only
//! the user can read (mode 0600) in the app's config folder. It is never logged, never
//! sent to the window (which only learns whether one is set), never exported.
//!
//! A token is bound to the one address it is for ([`TokenOrigin`]: scheme, host and port):
//! Action Network's API host, unless the user confirmed another when saving it (stored with
//! the token) or gave it in the same command as the address. It is never sent anywhere else.

use std::fmt;
use std::path::{Path, PathBuf};

use reqwest::Url;

use crate::error::{Error, Result};
use crate::fields::InputField;
use crate::secret_file::SecretFile;
use crate::store::IDENTIFIER;

/// The environment variable that names the config folder (tests, portable installs).
pub const CONFIG_DIR_ENV: &str = "OUTREACH_CONFIG_DIR";
/// The token's file name inside the config folder.
pub const TOKEN_FILE: &str = "signatures-token";
/// The token file's second line: `for <origin>`.
const ORIGIN_PREFIX: &str = "for ";

/// A secret. Its `Debug` and `Display` never show it.
#[derive(Clone, PartialEq, Eq)]
pub struct Token(String);

impl Token {
    /// Checks a token typed or read from the environment: one line of visible characters.
    pub fn new(text: &str) -> Result<Token> {
        let t = text.trim();
        if t.is_empty() {
            return Err(Error::invalid(InputField::ApiToken, "it is empty"));
        }
        if t.len() > 1024 {
            return Err(Error::invalid(
                InputField::ApiToken,
                "it is longer than 1024 characters",
            ));
        }
        if t.chars()
            .any(|c| c.is_control() || c.is_whitespace() || !c.is_ascii())
        {
            return Err(Error::invalid(
                InputField::ApiToken,
                "it holds spaces, line breaks or characters a token cannot have",
            ));
        }
        Ok(Token(t.to_string()))
    }

    /// The secret itself, for the request header only.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Token(<hidden>)")
    }
}

impl fmt::Display for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<hidden>")
    }
}

/// The one address (scheme, host and port) a token is sent to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenOrigin(String);

impl TokenOrigin {
    /// Action Network's API host, where a token goes unless the user said otherwise.
    pub fn action_network() -> TokenOrigin {
        TokenOrigin(format!("https://{}", super::fetch::ACTION_NETWORK_HOST))
    }

    /// The origin of an address the token is for (one the petition URL's checks accept:
    /// https, or plain http to this machine).
    pub fn of(url: &Url) -> TokenOrigin {
        TokenOrigin(url.origin().ascii_serialization())
    }

    /// Parses a stored origin (`https://host[:port]`).
    fn parse(text: &str) -> Option<TokenOrigin> {
        let url = super::fetch::check_url(text).ok()?;
        let origin = TokenOrigin::of(&url);
        (origin.0 == text).then_some(origin)
    }

    /// Whether a request to `url` goes to this origin (same scheme, host and port).
    pub fn admits(&self, url: &Url) -> bool {
        url.origin().ascii_serialization() == self.0
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for TokenOrigin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A token and the one origin it may be sent to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BoundToken {
    pub token: Token,
    pub origin: TokenOrigin,
}

impl BoundToken {
    /// A token for Action Network's API host.
    pub fn for_action_network(token: Token) -> BoundToken {
        BoundToken {
            token,
            origin: TokenOrigin::action_network(),
        }
    }

    /// A token for the address given with it.
    pub fn for_url(token: Token, url: &Url) -> BoundToken {
        BoundToken {
            token,
            origin: TokenOrigin::of(url),
        }
    }

    /// Whether the token may be sent to `url`; the error says where it is for and how to
    /// send it elsewhere.
    pub fn check_may_go_to(&self, url: &Url) -> std::result::Result<(), String> {
        if self.origin.admits(url) {
            return Ok(());
        }
        Err(format!(
            "the API token is only sent to the address it was saved for ({}), not to {}; to use \
             a token there, save it for that address (`outreach signatures config set --url URL \
             --token-env VAR --token-for-url`) or give it in the same command as the address \
             (--source URL --token-env VAR)",
            self.origin,
            url.origin().ascii_serialization()
        ))
    }
}

/// The config folder: `$OUTREACH_CONFIG_DIR`, else the platform's
/// (`$XDG_CONFIG_HOME/org.outreachdesk.OutreachDesk/`).
pub fn resolve_config_dir() -> Result<PathBuf> {
    if let Some(dir) = std::env::var_os(CONFIG_DIR_ENV).filter(|v| !v.is_empty()) {
        return Ok(PathBuf::from(dir));
    }
    let base = directories::BaseDirs::new()
        .ok_or_else(|| Error::NoDataDir("the home folder is not known".into()))?;
    Ok(base.config_dir().join(IDENTIFIER))
}

/// The token's file.
#[derive(Debug, Clone)]
pub struct TokenFile {
    file: SecretFile,
}

impl TokenFile {
    pub fn in_dir(dir: &Path) -> TokenFile {
        TokenFile {
            file: SecretFile::new(dir.join(TOKEN_FILE)),
        }
    }

    pub fn path(&self) -> &Path {
        self.file.path()
    }

    fn err(&self, reason: impl Into<String>) -> Error {
        Error::SignatureToken {
            path: self.file.path().to_path_buf(),
            reason: reason.into(),
        }
    }

    pub fn is_set(&self) -> bool {
        self.file.exists()
    }

    /// The token and the origin it is for, or `None` when no file is there. A file others
    /// can read is refused. A file from before tokens were bound (the token alone) is for
    /// Action Network's API host.
    pub fn read(&self) -> Result<Option<BoundToken>> {
        let Some(text) = self
            .file
            .read(16 * 1024, "a token file", "set the token again")
            .map_err(|e| self.err(e))?
        else {
            return Ok(None);
        };
        let mut lines = text.lines();
        let token = Token::new(lines.next().unwrap_or(""))
            .map_err(|_| self.err("it does not hold a valid token; set the token again"))?;
        let origin = match lines.find(|l| !l.trim().is_empty()) {
            None => TokenOrigin::action_network(),
            Some(line) => line
                .trim()
                .strip_prefix(ORIGIN_PREFIX)
                .and_then(TokenOrigin::parse)
                .ok_or_else(|| {
                    self.err("it does not say which address the token is for; set the token again")
                })?,
        };
        Ok(Some(BoundToken { token, origin }))
    }

    /// Writes the token and its origin, readable by the user alone (the folder too),
    /// replacing any other.
    pub fn write(&self, bound: &BoundToken) -> Result<()> {
        self.file
            .write(&format!(
                "{}\n{ORIGIN_PREFIX}{}\n",
                bound.token.expose(),
                bound.origin
            ))
            .map_err(|e| self.err(e))
    }

    pub fn clear(&self) -> Result<()> {
        self.file.clear().map_err(|e| self.err(e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    /// The file's mode and its refusal are `SecretFile`'s (tested there); the refusal names
    /// the token file and never shows the token.
    #[test]
    #[cfg(unix)]
    fn a_token_file_others_can_read_is_refused_without_showing_the_token() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let file = TokenFile::in_dir(&dir.path().join("config"));
        assert!(!file.is_set());
        assert_eq!(file.read().unwrap(), None);
        file.write(&BoundToken::for_action_network(
            Token::new("osdi-secret-123").unwrap(),
        ))
        .unwrap();
        let read = file.read().unwrap().unwrap();
        assert_eq!(read.token.expose(), "osdi-secret-123");
        assert_eq!(read.origin, TokenOrigin::action_network());

        fs::set_permissions(file.path(), fs::Permissions::from_mode(0o644)).unwrap();
        let e = file.read().unwrap_err();
        assert_eq!(e.kind(), crate::ErrorKind::SignatureToken);
        let e = e.to_string();
        assert!(
            e.contains("other users can read it")
                && e.contains("set the token again")
                && !e.contains("osdi-secret-123"),
            "{e}"
        );

        file.clear().unwrap();
        assert!(!file.is_set());
    }

    #[test]
    fn a_token_is_bound_to_one_origin_and_an_old_file_to_action_network() {
        let dir = tempfile::tempdir().unwrap();
        let file = TokenFile::in_dir(dir.path());
        let local = Url::parse("http://127.0.0.1:8080/api/v2/petitions/1").unwrap();
        let bound = BoundToken::for_url(Token::new("osdi-secret-123").unwrap(), &local);
        file.write(&bound).unwrap();
        let read = file.read().unwrap().unwrap();
        assert_eq!(read, bound);
        assert_eq!(read.origin.as_str(), "http://127.0.0.1:8080");
        for (url, ok) in [
            ("http://127.0.0.1:8080/other/path?x=1", true),
            ("http://127.0.0.1:8081/api/v2/petitions/1", false),
            ("http://127.0.0.2:8080/api/v2/petitions/1", false),
            ("http://localhost:8080/api/v2/petitions/1", false),
            ("https://127.0.0.1:8080/api/v2/petitions/1", false),
            ("https://actionnetwork.org/api/v2/petitions/1", false),
        ] {
            let u = Url::parse(url).unwrap();
            assert_eq!(read.check_may_go_to(&u).is_ok(), ok, "{url}");
        }
        let an = BoundToken::for_action_network(Token::new("t").unwrap());
        for (url, ok) in [
            ("https://actionnetwork.org/api/v2/petitions/1", true),
            ("https://ActionNetwork.org:443/api/v2/petitions/1", true),
            ("https://actionnetwork.org:8443/api/v2/petitions/1", false),
            ("http://actionnetwork.org/api/v2/petitions/1", false),
            ("https://actionnetwork.org.evil.example/api", false),
            ("http://127.0.0.1:9/api", false),
            ("http://[::1]:9/api", false),
        ] {
            let u = Url::parse(url).unwrap();
            assert_eq!(an.check_may_go_to(&u).is_ok(), ok, "{url}");
        }

        // A file from before tokens were bound holds the token alone.
        fs::write(file.path(), "osdi-old-1\n").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(file.path(), fs::Permissions::from_mode(0o600)).unwrap();
        }
        assert_eq!(
            file.read().unwrap().unwrap().origin,
            TokenOrigin::action_network()
        );
        // A second line that is not an origin is refused, never guessed.
        for bad in [
            "osdi-old-1\nfor http://evil.example\n",
            "osdi-old-1\nfor https://x.example/path\n",
            "osdi-old-1\nsomething\n",
        ] {
            fs::write(file.path(), bad).unwrap();
            let e = file.read().unwrap_err().to_string();
            assert!(e.contains("which address"), "{bad}: {e}");
        }
    }

    #[test]
    fn a_token_never_shows_in_debug_or_display() {
        let t = Token::new("osdi-secret-123").unwrap();
        assert!(!format!("{t:?} {t}").contains("secret"));
        assert!(Token::new("two words").is_err());
        assert!(Token::new("  ").is_err());
    }
}
