//! Files the app writes where the user says: exports, bundles (and the backups' copies).
//!
//! One way to write them, used by every writer:
//!
//! - never over the store (`outreach.db`), its `-wal`, `-shm` or `-journal`, nor anything in
//!   its `backups/` folder, whatever path leads there (a symlink, `..`, a hard link);
//! - never over anything that is not a regular file (a folder, a device, a pipe, a socket);
//! - an existing file is replaced only when asked ([`Existing::Replace`]: `--force` on the
//!   command line, the save dialog's own confirmation in the window);
//! - the content goes to a fresh temporary file created exclusively (`O_EXCL`, so a link
//!   planted at its name is never followed) in the target's folder, is synced, and only then
//!   renamed over the target: a failed write (a full disk) leaves neither a partial file nor
//!   a changed target, and never touches a file of another name.
//!
//! Every refusal names the path and what to do.

use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Component, Path, PathBuf};

use crate::error::{Error, Result};
use crate::fields::{InputField, Problem};

/// The folder beside the store file that holds its backups.
pub const BACKUP_DIR: &str = "backups";

/// The backups' folder of the store file `store_file`.
pub fn backup_dir(store_file: &Path) -> PathBuf {
    store_file
        .parent()
        .unwrap_or_else(|| Path::new("."))
        .join(BACKUP_DIR)
}

/// What to do when the target file already exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Existing {
    /// Refuse, naming the file (the default on the command line).
    Refuse,
    /// Replace it (asked for: `--force`, or the save dialog already confirmed).
    Replace,
}

impl Existing {
    pub fn replace_if(force: bool) -> Existing {
        if force {
            Existing::Replace
        } else {
            Existing::Refuse
        }
    }
}

fn refused(path: &Path, code: Problem, why: impl std::fmt::Display) -> Error {
    Error::invalid_as(
        InputField::OutputFile,
        code,
        format!("{} {why}", path.display()),
    )
}

/// The files an output must never replace: the store of `conn`, its companions and its
/// backups' folder.
#[derive(Debug, Clone, Default)]
pub struct Protected {
    /// Files never written (absolute; the store's own files).
    files: Vec<PathBuf>,
    /// Folders nothing is written into.
    dirs: Vec<PathBuf>,
}

impl Protected {
    /// The store file `db` (and its `-wal`, `-shm`, `-journal`) and its backups' folder
    /// ([`Protected::of`] gives those of an open store).
    pub fn store(db: &Path, backups: &Path) -> Protected {
        let db = absolute(db);
        let mut files = vec![db.clone()];
        for suffix in ["-wal", "-shm", "-journal"] {
            let mut s = db.clone().into_os_string();
            s.push(suffix);
            files.push(PathBuf::from(s));
        }
        let dirs = vec![absolute(backups)];
        Protected { files, dirs }
    }

    /// The files of the store `conn` is open on and its backups (nothing for a store in
    /// memory).
    pub fn of(conn: &rusqlite::Connection) -> Protected {
        match conn.path().filter(|p| !p.is_empty()) {
            Some(p) => Protected::store(Path::new(p), &backup_dir(Path::new(p))),
            None => Protected::default(),
        }
    }

    /// Refuses a target that is (or leads to) one of the protected files.
    fn check(&self, target: &Path) -> Result<()> {
        let is_protected = |p: &Path| {
            self.files.iter().any(|f| same_path(f, p)) || self.dirs.iter().any(|d| within(p, d))
        };
        let lexical = absolute(target);
        let resolved = resolve(&lexical);
        if is_protected(&lexical) || is_protected(&resolved) || self.same_file_as_any(&resolved) {
            return Err(refused(
                target,
                Problem::File,
                "is the store's own file or one of its backups: writing there would destroy the \
                 data; choose a file outside the data folder",
            ));
        }
        Ok(())
    }

    /// A hard link to the store is the store.
    #[cfg(unix)]
    fn same_file_as_any(&self, target: &Path) -> bool {
        use std::os::unix::fs::MetadataExt;
        let Ok(t) = fs::metadata(target) else {
            return false;
        };
        self.files
            .iter()
            .any(|f| fs::metadata(f).is_ok_and(|m| m.dev() == t.dev() && m.ino() == t.ino()))
    }

    #[cfg(not(unix))]
    fn same_file_as_any(&self, _target: &Path) -> bool {
        false
    }
}

/// `p` made absolute against the current folder, `.` and `..` resolved by name.
fn absolute(p: &Path) -> PathBuf {
    let joined = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir()
            .unwrap_or_else(|_| PathBuf::from("."))
            .join(p)
    };
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// The path with every link resolved: the whole path when it exists, else its folder's
/// (the file itself does not exist yet).
fn resolve(p: &Path) -> PathBuf {
    if let Ok(c) = fs::canonicalize(p) {
        return c;
    }
    match (p.parent(), p.file_name()) {
        (Some(dir), Some(name)) => fs::canonicalize(dir)
            .map(|d| d.join(name))
            .unwrap_or_else(|_| p.to_path_buf()),
        _ => p.to_path_buf(),
    }
}

fn same_path(a: &Path, b: &Path) -> bool {
    a == b || resolve(a) == resolve(b)
}

fn within(p: &Path, dir: &Path) -> bool {
    p.starts_with(dir) || p.starts_with(resolve(dir))
}

/// Checks that `target` may be written: not protected, a regular file or nothing, replaced
/// only when asked. Returns the folder to write the temporary file in.
pub fn check_target(target: &Path, protected: &Protected, existing: Existing) -> Result<PathBuf> {
    if target.as_os_str().is_empty() {
        return Err(Error::invalid_as(
            InputField::OutputFile,
            Problem::Missing,
            "no file was given: name the file to write",
        ));
    }
    protected.check(target)?;
    if target.file_name().is_none() {
        return Err(refused(
            target,
            Problem::File,
            "names a folder, not a file: add a file name",
        ));
    }
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    match fs::metadata(&dir) {
        Ok(m) if m.is_dir() => {}
        Ok(_) => {
            return Err(refused(
                &dir,
                Problem::File,
                "is not a folder: choose a file in an existing folder",
            ))
        }
        Err(e) => {
            return Err(refused(
                &dir,
                Problem::File,
                format_args!(
                    "cannot be used as the output folder ({e}): choose an existing folder"
                ),
            ))
        }
    }
    // What the name leads to, links followed (a dangling link is refused too: the rename
    // would replace the link, not write where it points).
    match fs::symlink_metadata(target) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => {
            return Err(refused(
                target,
                Problem::File,
                format_args!("cannot be checked ({e})"),
            ))
        }
        Ok(link) => {
            let meta = if link.file_type().is_symlink() {
                fs::metadata(target).map_err(|_| {
                    refused(
                        target,
                        Problem::File,
                        "is a link to nothing: remove it or choose another name",
                    )
                })?
            } else {
                link
            };
            if !meta.is_file() {
                return Err(refused(
                    target,
                    Problem::File,
                    "is not a regular file (a folder, device, pipe or socket): choose a file name",
                ));
            }
            if existing == Existing::Refuse {
                return Err(refused(
                    target,
                    Problem::Exists,
                    "already exists: pass --force to replace it, or choose another name",
                ));
            }
        }
    }
    Ok(dir)
}

/// A temporary file beside `target`, created exclusively (never an existing file or link).
pub fn temp_beside(dir: &Path, target: &Path) -> Result<tempfile::NamedTempFile> {
    let stem = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    tempfile::Builder::new()
        .prefix(&format!(".{stem}."))
        .suffix(".partial")
        .tempfile_in(dir)
        .map_err(|e| {
            refused(
                target,
                Problem::File,
                format_args!(
                    "cannot be written: no temporary file can be made in {} ({e})",
                    dir.display()
                ),
            )
        })
}

/// Syncs a written temporary file and renames it to `target` (replacing a file only when
/// asked: `check_target` refused otherwise, and a file that appeared since is not replaced).
pub fn finish(tmp: tempfile::NamedTempFile, target: &Path, existing: Existing) -> Result<()> {
    let fail = |e: io::Error| {
        refused(
            target,
            Problem::File,
            format_args!("cannot be written ({e})"),
        )
    };
    tmp.as_file().sync_all().map_err(fail)?;
    let persisted = match existing {
        Existing::Replace => tmp.persist(target).map(|_| ()),
        Existing::Refuse => tmp.persist_noclobber(target).map(|_| ()),
    };
    persisted.map_err(|e| {
        if e.error.kind() == io::ErrorKind::AlreadyExists {
            refused(
                target,
                Problem::Exists,
                "already exists: pass --force to replace it, or choose another name",
            )
        } else {
            fail(e.error)
        }
        // The temporary file is removed when `e` drops.
    })?;
    sync_dir(target);
    Ok(())
}

/// Makes the rename durable (best effort: not every platform can open a folder).
fn sync_dir(target: &Path) {
    #[cfg(unix)]
    if let Some(dir) = target.parent() {
        let dir = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        if let Ok(d) = File::open(dir) {
            let _ = d.sync_all();
        }
    }
    #[cfg(not(unix))]
    let _ = target;
}

/// Writes `target` through `write` the one safe way (see the module's documentation).
/// Nothing is left behind when `write` fails.
pub fn write_file(
    target: &Path,
    protected: &Protected,
    existing: Existing,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<()> {
    let dir = check_target(target, protected, existing)?;
    let mut tmp = temp_beside(&dir, target)?;
    {
        let mut w = BufWriter::new(tmp.as_file_mut());
        write(&mut w).and_then(|_| w.flush()).map_err(|e| {
            refused(
                target,
                Problem::File,
                format_args!("cannot be written ({e})"),
            )
        })?;
    }
    finish(tmp, target, existing)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store_in(dir: &Path) -> Protected {
        fs::write(dir.join("outreach.db"), b"the store").unwrap();
        fs::create_dir_all(dir.join("backups")).unwrap();
        Protected::store(&dir.join("outreach.db"), &dir.join("backups"))
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn the_store_its_companions_and_backups_are_never_written_whatever_the_path() {
        let d = tempfile::tempdir().unwrap();
        let p = store_in(d.path());
        fs::write(d.path().join("backups/x.db"), b"a backup").unwrap();
        let sub = d.path().join("sub");
        fs::create_dir(&sub).unwrap();
        let targets = [
            d.path().join("outreach.db"),
            d.path().join("outreach.db-wal"),
            d.path().join("outreach.db-shm"),
            d.path().join("outreach.db-journal"),
            d.path().join("backups/x.db"),
            d.path().join("backups/new.db"),
            sub.join("../outreach.db"),
            d.path().join("./backups/../outreach.db"),
        ];
        for t in &targets {
            let err = write_file(t, &p, Existing::Replace, |w| w.write_all(b"export"))
                .unwrap_err()
                .to_string();
            assert!(err.contains(&t.display().to_string()), "{err}");
            assert!(err.contains("store"), "{err}");
        }
        assert_eq!(
            fs::read(d.path().join("outreach.db")).unwrap(),
            b"the store"
        );
        assert_eq!(
            fs::read(d.path().join("backups/x.db")).unwrap(),
            b"a backup"
        );
        assert!(!d.path().join("backups/new.db").exists());
    }

    #[cfg(unix)]
    #[test]
    fn links_to_the_store_are_the_store() {
        let d = tempfile::tempdir().unwrap();
        let p = store_in(d.path());
        let out = tempfile::tempdir().unwrap();
        let sym = out.path().join("calls.csv");
        std::os::unix::fs::symlink(d.path().join("outreach.db"), &sym).unwrap();
        let hard = out.path().join("hard.csv");
        fs::hard_link(d.path().join("outreach.db"), &hard).unwrap();
        let dirlink = out.path().join("data");
        std::os::unix::fs::symlink(d.path(), &dirlink).unwrap();
        for t in [
            sym,
            hard,
            dirlink.join("outreach.db"),
            dirlink.join("backups/b.db"),
        ] {
            assert!(
                write_file(&t, &p, Existing::Replace, |w| w.write_all(b"x")).is_err(),
                "{} was written",
                t.display()
            );
        }
        assert_eq!(
            fs::read(d.path().join("outreach.db")).unwrap(),
            b"the store"
        );
    }

    #[cfg(unix)]
    #[test]
    fn what_is_not_a_regular_file_is_never_replaced() {
        let d = tempfile::tempdir().unwrap();
        let fifo = d.path().join("pipe");
        assert!(std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success());
        let folder = d.path().join("folder");
        fs::create_dir(&folder).unwrap();
        let dangling = d.path().join("dangling.csv");
        std::os::unix::fs::symlink(d.path().join("nowhere"), &dangling).unwrap();
        for t in [&fifo, &folder, &dangling, &PathBuf::from("/dev/null")] {
            let err = write_file(t, &Protected::default(), Existing::Replace, |w| {
                w.write_all(b"x")
            })
            .unwrap_err()
            .to_string();
            assert!(err.contains(&t.display().to_string()), "{err}");
        }
        use std::os::unix::fs::FileTypeExt;
        assert!(fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
        assert!(folder.is_dir());
        assert!(fs::symlink_metadata(&dangling)
            .unwrap()
            .file_type()
            .is_symlink());
        assert!(!d.path().join("nowhere").exists());
    }

    #[test]
    fn an_existing_file_is_replaced_only_when_asked() {
        let d = tempfile::tempdir().unwrap();
        let t = d.path().join("calls.csv");
        fs::write(&t, b"old").unwrap();
        let err = write_file(&t, &Protected::default(), Existing::Refuse, |w| {
            w.write_all(b"new")
        })
        .unwrap_err();
        assert!(err.to_string().contains("--force"), "{err}");
        assert_eq!(fs::read(&t).unwrap(), b"old");
        write_file(&t, &Protected::default(), Existing::Replace, |w| {
            w.write_all(b"new")
        })
        .unwrap();
        assert_eq!(fs::read(&t).unwrap(), b"new");
        assert_eq!(names(d.path()), ["calls.csv"]);
    }

    #[cfg(unix)]
    #[test]
    fn files_of_other_names_and_links_at_the_old_temporary_name_are_left_alone() {
        let d = tempfile::tempdir().unwrap();
        fs::write(d.path().join("calls.partial"), b"someone's file").unwrap();
        fs::write(d.path().join("victim"), b"victim").unwrap();
        std::os::unix::fs::symlink(d.path().join("victim"), d.path().join("calls.csv.partial"))
            .unwrap();
        let t = d.path().join("calls.csv");
        write_file(&t, &Protected::default(), Existing::Refuse, |w| {
            w.write_all(b"rows")
        })
        .unwrap();
        assert_eq!(fs::read(&t).unwrap(), b"rows");
        assert_eq!(
            fs::read(d.path().join("calls.partial")).unwrap(),
            b"someone's file"
        );
        assert_eq!(fs::read(d.path().join("victim")).unwrap(), b"victim");
        assert_eq!(
            names(d.path()),
            ["calls.csv", "calls.csv.partial", "calls.partial", "victim"]
        );
    }

    #[test]
    fn a_failed_write_leaves_nothing_and_the_old_file_as_it_was() {
        let d = tempfile::tempdir().unwrap();
        let t = d.path().join("calls.csv");
        fs::write(&t, b"old").unwrap();
        for existing in [Existing::Replace, Existing::Refuse] {
            let fresh = d.path().join("fresh.csv");
            let target = if existing == Existing::Replace {
                &t
            } else {
                &fresh
            };
            let err = write_file(target, &Protected::default(), existing, |w| {
                w.write_all(b"half")?;
                Err(io::Error::other("No space left on device"))
            })
            .unwrap_err()
            .to_string();
            assert!(err.contains(&target.display().to_string()), "{err}");
            assert!(err.contains("No space left"), "{err}");
        }
        assert_eq!(fs::read(&t).unwrap(), b"old");
        assert_eq!(names(d.path()), ["calls.csv"]);
    }

    #[test]
    fn a_missing_folder_is_named() {
        let d = tempfile::tempdir().unwrap();
        let t = d.path().join("no/such/calls.csv");
        let err = write_file(&t, &Protected::default(), Existing::Refuse, |w| {
            w.write_all(b"x")
        })
        .unwrap_err()
        .to_string();
        assert!(err.contains("no/such"), "{err}");
    }
}
