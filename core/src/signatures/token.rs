//! The API token (Action Network's `OSDI-API-Token`), kept out of the store: a file only
//! the user can read (mode 0600) in the app's config folder. It is never logged, never
//! sent to the window (which only learns whether one is set), never exported.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::fields::InputField;
use crate::secret_file::SecretFile;
use crate::store::IDENTIFIER;

/// The environment variable that names the config folder (tests, portable installs).
pub const CONFIG_DIR_ENV: &str = "OUTREACH_CONFIG_DIR";
/// The token's file name inside the config folder.
pub const TOKEN_FILE: &str = "signatures-token";

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
    path: PathBuf,
}

impl TokenFile {
    pub fn in_dir(dir: &Path) -> TokenFile {
        TokenFile {
            path: dir.join(TOKEN_FILE),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn err(&self, reason: impl Into<String>) -> Error {
        Error::SignatureToken {
            path: self.path.clone(),
            reason: reason.into(),
        }
    }

    pub fn is_set(&self) -> bool {
        self.path.is_file()
    }

    /// The token, or `None` when no file is there. A file others can read is refused.
    pub fn read(&self) -> Result<Option<Token>> {
        let Some(text) = self
            .file()
            .read(16 * 1024, "a token file", "set the token again")
            .map_err(|e| self.err(e))?
        else {
            return Ok(None);
        };
        Token::new(&text)
            .map(Some)
            .map_err(|_| self.err("it does not hold a valid token; set the token again"))
    }

    /// Writes the token, readable by the user alone (the folder too), replacing any other.
    pub fn write(&self, token: &Token) -> Result<()> {
        self.file().write(token.expose()).map_err(|e| self.err(e))
    }

    pub fn clear(&self) -> Result<()> {
        self.file().clear().map_err(|e| self.err(e))
    }

    fn file(&self) -> SecretFile {
        SecretFile::new(self.path.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    #[cfg(unix)]
    fn the_token_file_is_readable_by_the_user_alone() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let file = TokenFile::in_dir(&dir.path().join("config"));
        assert!(!file.is_set());
        assert_eq!(file.read().unwrap(), None);
        file.write(&Token::new("osdi-secret-123").unwrap()).unwrap();
        let mode = fs::metadata(file.path()).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        let dir_mode = fs::metadata(dir.path().join("config"))
            .unwrap()
            .permissions()
            .mode()
            & 0o777;
        assert_eq!(dir_mode, 0o700);
        assert_eq!(file.read().unwrap().unwrap().expose(), "osdi-secret-123");

        fs::set_permissions(file.path(), fs::Permissions::from_mode(0o644)).unwrap();
        let e = file.read().unwrap_err().to_string();
        assert!(
            e.contains("other users can read it") && !e.contains("osdi-secret-123"),
            "{e}"
        );

        file.clear().unwrap();
        assert!(!file.is_set());
    }

    #[test]
    fn a_token_never_shows_in_debug_or_display() {
        let t = Token::new("osdi-secret-123").unwrap();
        assert!(!format!("{t:?} {t}").contains("secret"));
        assert!(Token::new("two words").is_err());
        assert!(Token::new("  ").is_err());
    }
}
