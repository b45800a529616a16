//! The volunteer's campaign credentials (the invite's server address, role and password),
//! kept out of the store like the petition's API token: a file only the user can read
//! (mode 0600) in the app's config folder, beside the token. Never logged, printed, sent
//! to the window (which learns the server and the role only), exported, bundled or backed up.

use std::path::Path;

use super::address::ServerAddress;
use crate::error::{Error, Result};
use crate::fields::InputField;
use crate::secret_file::SecretFile;

/// The credentials' file name inside the config folder.
pub const CREDENTIALS_FILE: &str = "team-credentials";

/// The credentials file.
#[derive(Debug, Clone)]
pub struct CredentialsFile {
    file: SecretFile,
}

impl CredentialsFile {
    pub fn in_dir(dir: &Path) -> CredentialsFile {
        CredentialsFile {
            file: SecretFile::new(dir.join(CREDENTIALS_FILE)),
        }
    }

    pub fn path(&self) -> &Path {
        self.file.path()
    }

    fn err(&self, reason: impl Into<String>) -> Error {
        Error::TeamCredentials {
            path: self.file.path().to_path_buf(),
            reason: reason.into(),
        }
    }

    /// The stored address, or `None` when this machine has not joined. A file others can
    /// read is refused.
    pub fn read(&self) -> Result<Option<ServerAddress>> {
        let Some(text) = self
            .file
            .read(16 * 1024, "a credentials file", "join again")
            .map_err(|e| self.err(e))?
        else {
            return Ok(None);
        };
        ServerAddress::parse(&text, InputField::Invite)
            .map(Some)
            .map_err(|_| self.err("it does not hold a valid invite; join again"))
    }

    /// The stored address; an error that says to join when there is none.
    pub fn require(&self) -> Result<ServerAddress> {
        self.read()?.ok_or(Error::TeamNotJoined)
    }

    /// Writes the address, readable by the user alone (the folder too), replacing any other.
    pub fn write(&self, address: &ServerAddress) -> Result<()> {
        self.file.write(address.expose()).map_err(|e| self.err(e))
    }

    pub fn clear(&self) -> Result<()> {
        self.file.clear().map_err(|e| self.err(e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    /// The file's mode and its refusal are `SecretFile`'s (tested there); here, what is
    /// kept in it, and a refusal that names the credentials and never shows the password.
    #[test]
    #[cfg(unix)]
    fn the_invite_is_kept_and_a_file_others_can_read_is_refused_without_its_password() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let file = CredentialsFile::in_dir(&dir.path().join("config"));
        assert!(file.read().unwrap().is_none());
        assert_eq!(
            file.require().unwrap_err().kind(),
            crate::ErrorKind::TeamNotJoined
        );
        let a = ServerAddress::parse(
            "postgres://ana:pw-secret@127.0.0.1:5999/camp",
            InputField::Invite,
        )
        .unwrap();
        file.write(&a).unwrap();
        assert_eq!(file.read().unwrap().unwrap().role(), "ana");
        assert_eq!(file.require().unwrap().role(), "ana");

        fs::set_permissions(file.path(), fs::Permissions::from_mode(0o644)).unwrap();
        let e = file.read().unwrap_err();
        assert_eq!(e.kind(), crate::ErrorKind::TeamCredentials);
        let e = e.to_string();
        assert!(
            e.contains("other users can read it")
                && e.contains("join again")
                && !e.contains("pw-secret"),
            "{e}"
        );
        file.clear().unwrap();
        assert!(file.read().unwrap().is_none());
    }
}
