//! A file only the user can read, for secrets kept out of the store (the petition's API token,
//! the team credentials): written whole (a new file, mode 0600, synced, then renamed over the
//! old one) in a folder only the user can enter (0700), and refused when other users can read
//! it. Its users wrap the reasons given here in their own error, which names the file.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// A secret's file. The reasons its methods give are in words, without the secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecretFile {
    path: PathBuf,
}

impl SecretFile {
    pub fn new(path: PathBuf) -> SecretFile {
        SecretFile { path }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn exists(&self) -> bool {
        self.path.is_file()
    }

    /// The file's text (at most `limit` bytes), or `None` when there is no file. A file other
    /// users can read is refused; `again` says how to make a new one ("set the token again").
    pub fn read(&self, limit: u64, what: &str, again: &str) -> Result<Option<String>, String> {
        let meta = match fs::metadata(&self.path) {
            Ok(m) => m,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e.to_string()),
        };
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = meta.permissions().mode() & 0o777;
            if mode & 0o077 != 0 {
                return Err(format!(
                    "other users can read it (mode {mode:o}); run chmod 600 on it or {again}"
                ));
            }
        }
        #[cfg(not(unix))]
        let _ = (meta, again);
        crate::input::read_text(&self.path, limit, what).map(Some)
    }

    /// Writes `text`, readable by the user alone (the folder too), replacing any other.
    pub fn write(&self, text: &str) -> Result<(), String> {
        let dir = self.path.parent().unwrap_or(Path::new("."));
        create_private_dir(dir).map_err(|e| format!("cannot create its folder: {e}"))?;
        let tmp = self.path.with_extension("tmp");
        let _ = fs::remove_file(&tmp);
        let mut opts = fs::OpenOptions::new();
        opts.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            opts.mode(0o600);
        }
        let mut file = opts.open(&tmp).map_err(|e| e.to_string())?;
        file.write_all(text.as_bytes())
            .and_then(|_| file.sync_all())
            .map_err(|e| e.to_string())?;
        drop(file);
        fs::rename(&tmp, &self.path).map_err(|e| e.to_string())
    }

    /// Removes the file; no file is not an error.
    pub fn clear(&self) -> Result<(), String> {
        match fs::remove_file(&self.path) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(e.to_string()),
        }
    }
}

fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    let mut b = fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        b.mode(0o700);
    }
    b.create(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the token and the team credentials files share: a file and a folder for the
    /// user alone, a file others can read refused (saying how to make a new one), a clear
    /// that leaves no file.
    #[test]
    #[cfg(unix)]
    fn a_secret_is_written_for_the_user_alone_and_refused_once_others_can_read_it() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let file = SecretFile::new(dir.path().join("config").join("secret"));
        assert!(!file.exists());
        assert_eq!(file.read(1024, "a secret file", "write it again"), Ok(None));
        file.write("s3cret").unwrap();
        file.write("s3cret-2").unwrap();
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(file.path()), 0o600);
        assert_eq!(mode(&dir.path().join("config")), 0o700);
        assert_eq!(
            file.read(1024, "a secret file", "write it again"),
            Ok(Some("s3cret-2".to_string()))
        );
        assert!(!file.path().with_extension("tmp").exists());

        fs::set_permissions(file.path(), fs::Permissions::from_mode(0o644)).unwrap();
        let e = file
            .read(1024, "a secret file", "write it again")
            .unwrap_err();
        assert!(
            e.contains("other users can read it (mode 644)") && e.contains("write it again"),
            "{e}"
        );

        file.clear().unwrap();
        assert!(!file.exists());
        file.clear().unwrap();
    }
}
