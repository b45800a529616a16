//! The system's file dialogs, opened by the app itself (issue 10, class 5).
//!
//! The page never names a path: it asks for a dialog, the volunteer picks a file in it, and
//! the app keeps what was picked ([`ChosenFiles`]) for the command that reads or writes it.
//! A page that went wrong (or a script injected into it) can therefore not make the app read
//! `/etc/shadow` or write over the store: the only paths a command uses are the ones a person
//! chose in a system dialog, and the capability grants the page no dialog or file access of
//! its own.
//!
//! Tests cannot click a system dialog. When `OUTREACH_TEST_DIALOG_ANSWERS` names a file at
//! start-up (or a Rust test calls [`FileDialogs::answer_from`]), each dialog takes the first
//! line of that file as its answer and removes it (an empty line, or no line, is a cancel).
//! The variable is read from the environment the app was started with, which the page cannot
//! change.

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use tauri::{Runtime, WebviewWindow};
use tauri_plugin_dialog::DialogExt;

/// The environment variable naming the end-to-end tests' answers file.
pub const ANSWERS_ENV: &str = "OUTREACH_TEST_DIALOG_ANSWERS";

/// What a dialog asks for.
#[derive(Debug, Clone)]
pub enum Ask {
    /// An existing file, optionally of these extensions.
    OpenFile {
        title: &'static str,
        extensions: &'static [&'static str],
    },
    /// An existing folder.
    OpenFolder { title: &'static str },
    /// Where to save, starting from a suggested file name (the dialog asks before replacing).
    Save {
        title: &'static str,
        file_name: String,
    },
}

/// The app's file dialogs (managed state).
#[derive(Debug, Default)]
pub struct FileDialogs {
    answers: Mutex<Option<PathBuf>>,
}

impl FileDialogs {
    /// The system's dialogs, or the answers file `OUTREACH_TEST_DIALOG_ANSWERS` names.
    pub fn from_env() -> Self {
        FileDialogs {
            answers: Mutex::new(std::env::var_os(ANSWERS_ENV).map(PathBuf::from)),
        }
    }

    /// Answers the next dialogs from `file` (one path a line) instead of showing them.
    #[cfg(test)]
    pub fn answer_from(&self, file: &Path) {
        *self.answers.lock().unwrap() = Some(file.to_path_buf());
    }

    /// Shows the dialog over `window` and waits for the volunteer; `None` when cancelled.
    pub async fn ask<R: Runtime>(&self, window: &WebviewWindow<R>, ask: Ask) -> Option<PathBuf> {
        let scripted = self.answers.lock().unwrap().clone();
        if let Some(file) = scripted {
            return next_answer(&file);
        }
        let (tx, rx) = tokio::sync::oneshot::channel();
        let done = move |picked: Option<tauri_plugin_dialog::FilePath>| {
            let _ = tx.send(picked.and_then(|p| p.into_path().ok()));
        };
        let dialog = window.dialog().file().set_parent(window);
        match ask {
            Ask::OpenFile { title, extensions } => {
                let mut d = dialog.set_title(title);
                if !extensions.is_empty() {
                    d = d.add_filter(extensions.join(", "), extensions);
                }
                d.pick_file(done);
            }
            Ask::OpenFolder { title } => dialog.set_title(title).pick_folder(done),
            Ask::Save { title, file_name } => dialog
                .set_title(title)
                .set_file_name(file_name)
                .save_file(done),
        }
        rx.await.ok().flatten()
    }
}

/// Takes the first line of the answers file (and removes it).
fn next_answer(file: &Path) -> Option<PathBuf> {
    let text = std::fs::read_to_string(file).unwrap_or_default();
    let mut lines: VecDeque<&str> = text.lines().collect();
    let first = lines.pop_front()?;
    let rest: Vec<&str> = lines.into_iter().collect();
    let _ = std::fs::write(file, rest.join("\n"));
    let first = first.trim();
    (!first.is_empty()).then(|| PathBuf::from(first))
}

/// The files the volunteer picked for the commands that read them, by purpose.
#[derive(Debug, Default)]
pub struct ChosenFiles {
    import: Mutex<Option<PathBuf>>,
    bundle: Mutex<Option<PathBuf>>,
}

/// What a picked file is for.
#[derive(Debug, Clone, Copy)]
pub enum Purpose {
    /// A contact file or folder to import.
    Import,
    /// A volunteer's bundle to merge.
    Bundle,
}

impl ChosenFiles {
    fn slot(&self, purpose: Purpose) -> &Mutex<Option<PathBuf>> {
        match purpose {
            Purpose::Import => &self.import,
            Purpose::Bundle => &self.bundle,
        }
    }

    pub fn set(&self, purpose: Purpose, path: Option<PathBuf>) {
        *self.slot(purpose).lock().unwrap() = path;
    }

    pub fn get(&self, purpose: Purpose) -> Option<PathBuf> {
        self.slot(purpose).lock().unwrap().clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_dialog_takes_the_next_answer_and_an_empty_line_is_a_cancel() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("answers");
        std::fs::write(&file, "/tmp/a.csv\n\n/tmp/b.json\n").unwrap();
        assert_eq!(next_answer(&file), Some(PathBuf::from("/tmp/a.csv")));
        assert_eq!(next_answer(&file), None, "an empty line cancels");
        assert_eq!(next_answer(&file), Some(PathBuf::from("/tmp/b.json")));
        assert_eq!(next_answer(&file), None, "no answer left: cancelled");
    }
}
