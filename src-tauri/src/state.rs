//! The app's state: the open store (or why it could not be opened).

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Instant;

use outreach_core::vocab::Labels;
use outreach_core::{store, ErrorPayload, Store};

use crate::boot::Boot;

pub struct AppState {
    /// The store, or the error that stopped it from opening (shown as a screen, and
    /// returned by every command).
    store: Result<Mutex<Store>, ErrorPayload>,
    data_dir: Option<PathBuf>,
    started: Instant,
    /// The same moment as `started`, in ms since the Unix epoch (to compare with the page's
    /// `performance.timeOrigin`).
    started_epoch_ms: f64,
    /// The boot data being made as the app starts, until the page takes it (`boot::text`).
    pub(crate) boot_job: Mutex<Option<tauri::async_runtime::JoinHandle<String>>>,
}

fn epoch_ms_at(instant: Instant) -> f64 {
    let since = instant.elapsed();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    (now.saturating_sub(since)).as_secs_f64() * 1000.0
}

impl AppState {
    /// Opens the store in the data folder given (or the default one). Never panics: a
    /// store that cannot be opened becomes a state that reports why.
    pub fn open(data_dir: Option<&Path>, started: Instant) -> AppState {
        let dir = store::resolve_data_dir(data_dir);
        let opened = dir.as_ref().map_err(|e| e.payload()).and_then(|dir| {
            Store::open_dir(dir)
                .map(Mutex::new)
                .map_err(|e| e.payload())
        });
        AppState {
            store: opened,
            data_dir: dir.ok(),
            started,
            started_epoch_ms: epoch_ms_at(started),
            boot_job: Mutex::new(None),
        }
    }

    pub fn from_store(store: Store) -> AppState {
        let data_dir = store.path().and_then(|p| p.parent()).map(Path::to_path_buf);
        let started = Instant::now();
        AppState {
            store: Ok(Mutex::new(store)),
            data_dir,
            started,
            started_epoch_ms: epoch_ms_at(started),
            boot_job: Mutex::new(None),
        }
    }

    /// Reads through the store's read door ([`Store::read`]), turning every error into
    /// its UI form.
    pub fn read<T>(
        &self,
        f: impl FnOnce(&outreach_core::Connection) -> outreach_core::Result<T>,
    ) -> Result<T, ErrorPayload> {
        self.with_store(|s| s.read(f))
    }

    /// Writes through the store's write door ([`Store::write`]: one transaction), turning
    /// every error into its UI form.
    pub fn write<T>(
        &self,
        f: impl FnOnce(&mut outreach_core::Connection) -> outreach_core::Result<T>,
    ) -> Result<T, ErrorPayload> {
        self.with_store_mut(|s| s.write(f))
    }

    /// Runs `f` with the store itself, for what works on the whole store (the kept city
    /// list, imports and bundle merges with their backups), turning every error into its
    /// UI form.
    pub fn with_store<T>(
        &self,
        f: impl FnOnce(&Store) -> outreach_core::Result<T>,
    ) -> Result<T, ErrorPayload> {
        let store = self.store.as_ref().map_err(Clone::clone)?;
        // A panic in another command poisons the lock; the store itself is still
        // consistent (SQLite transactions), so carry on with it.
        let guard = store
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        f(&guard).map_err(|e| e.payload())
    }

    /// Runs `f` with the store for writing (transactions need `&mut`), turning every
    /// error into its UI form.
    pub fn with_store_mut<T>(
        &self,
        f: impl FnOnce(&mut Store) -> outreach_core::Result<T>,
    ) -> Result<T, ErrorPayload> {
        let store = self.store.as_ref().map_err(Clone::clone)?;
        let mut guard = store
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        f(&mut guard).map_err(|e| e.payload())
    }

    /// The store behind its lock, for work that must take the lock step by step (team
    /// sync: never held across network I/O; see `outreach_core::team::LocalStore`).
    pub fn store_lock(&self) -> Result<&Mutex<Store>, ErrorPayload> {
        self.store.as_ref().map_err(Clone::clone)
    }

    /// What the page shows first.
    pub fn boot(&self) -> Boot {
        let data_dir = self
            .data_dir
            .as_ref()
            .map(|d| d.display().to_string())
            .unwrap_or_default();
        match self.with_store(|s| s.list_cities()) {
            Ok(cities) => Boot::Ready {
                cities,
                labels: Labels::new(),
                data_dir,
            },
            Err(error) => Boot::Failed { error, data_dir },
        }
    }

    pub fn started(&self) -> Instant {
        self.started
    }

    pub fn started_epoch_ms(&self) -> f64 {
        self.started_epoch_ms
    }
}
