//! The app's state: where the store lives, and the store itself once it is open (opened once,
//! behind a mutex; `None` while locked). At start-up the store is opened on a thread of its own
//! while the window starts; whatever needs the store first waits for that.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use wijzer::app::rescue::{self, Back, Opened, Rescue};
use wijzer::store::key::{Automatic, KeySource};
use wijzer::store::{Store, StoreError};

use crate::error::{ErrorKind, IpcError};

pub struct AppState {
    path: Option<PathBuf>,
    store: Mutex<Option<Store>>,
    /// A damaged store found on unlock: set aside, with the backup to put in its place.
    rescue: Mutex<Option<Rescue>>,
    /// The opening begun at start-up, until something needs the store.
    opening: Mutex<Option<Opening>>,
}

/// The store being opened with the key the environment gives.
type Opening = std::thread::JoinHandle<Result<Opened, StoreError>>;

impl AppState {
    /// The store at `path`, not opened yet.
    pub fn locked(path: Option<PathBuf>) -> AppState {
        AppState {
            path,
            store: Mutex::new(None),
            rescue: Mutex::new(None),
            opening: Mutex::new(None),
        }
    }

    /// Where the store lives: `WIJZER_STORE`, else the platform data folder; opened with the key
    /// from `WIJZER_PASSPHRASE` or the OS credential store when one answers. When neither gives
    /// the key, the app starts locked.
    pub fn from_environment() -> AppState {
        let path = std::env::var_os(wijzer::cli::STORE_ENV)
            .map(PathBuf::from)
            .or_else(wijzer::store::default_path);
        let state = AppState::locked(path);
        // Deriving the key and checking the store take about as long as the webview needs to
        // start, so they run beside it.
        if let Some(path) = state.path.clone() {
            let opening = std::thread::Builder::new()
                .name("opslag-openen".into())
                .spawn(move || open_for_today(&path));
            match opening {
                Ok(handle) => *lock(&state.opening) = Some(handle),
                Err(_) => {
                    let _ = state.unlock(&Automatic { prompt: false });
                }
            }
        }
        state
    }

    /// Waits for the opening begun at start-up, if it has not been waited for, and keeps what
    /// it opened (the store, or a damaged store's rescue). An error is shown when the first
    /// screen asks for data (the app is then locked); it is never logged.
    fn settle(&self) {
        let mut opening = lock(&self.opening);
        if let Some(handle) = opening.take() {
            if let Ok(Ok(opened)) = handle.join() {
                let _ = self.keep(opened);
            }
        }
    }

    /// Keeps what opening the store gave.
    fn keep(&self, opened: Opened) -> Result<(), IpcError> {
        match opened {
            Opened::Open(store) => {
                *lock(&self.store) = Some(store);
                Ok(())
            }
            Opened::Damaged(found) => {
                let message = match found.set_aside {
                    Some(_) => "Het gegevensbestand is beschadigd en opzij gezet.",
                    None => "Het gegevensbestand ontbreekt.",
                };
                *lock(&self.rescue) = Some(found);
                Err(IpcError::damaged(message))
            }
        }
    }

    /// The store's path, if there is a data folder at all.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Opens the store with a key from `source` (besides the opening at start-up, the one place
    /// the store is opened). A damaged
    /// store is set aside and kept here as a rescue (the `damaged` error says so), for
    /// [`AppState::rescue_restore`].
    pub fn unlock(&self, source: &dyn KeySource) -> Result<(), IpcError> {
        self.settle();
        let path = self.path.as_deref().ok_or_else(IpcError::no_data_folder)?;
        let opened = rescue::open(path, source).map_err(|e| e.on_disk_of(path))?;
        self.keep(opened)
    }

    /// A backup by itself (`wijzer::app::settings::backup_automatically`): on close
    /// (`every: None`), and once a day while the app is open. Nothing when the app is locked.
    pub fn backup_automatically(
        &self,
        every: Option<chrono::TimeDelta>,
    ) -> Result<Option<wijzer::app::settings::Backup>, IpcError> {
        let now = chrono::Local::now().naive_local();
        match self.guard()?.as_mut() {
            None => Ok(None),
            Some(store) => wijzer::app::settings::backup_automatically(store, now, every)
                .map_err(|e| self.on_disk(e.into())),
        }
    }

    /// Runs `f` with the rescue found on unlock, if there is one.
    pub fn with_rescue<T>(&self, f: impl FnOnce(Option<&Rescue>) -> T) -> T {
        self.settle();
        f(lock(&self.rescue).as_ref())
    }

    /// Puts the offered backup in place of the damaged store and opens it.
    pub fn rescue_restore(&self) -> Result<Back, IpcError> {
        self.settle();
        let mut pending = lock(&self.rescue);
        let back = pending.as_ref().ok_or_else(IpcError::locked)?.restore()?;
        *pending = None;
        Ok(back)
    }

    /// Whether the store is open.
    pub fn is_open(&self) -> bool {
        self.guard().is_ok_and(|g| g.is_some())
    }

    /// Whether there is a store (its key file) at the path.
    pub fn store_exists(&self) -> bool {
        self.settle();
        self.path
            .as_deref()
            .is_some_and(|p| wijzer::store::key::KeyFile::path_for(p).exists() || p.exists())
    }

    /// Keeps a store just made on the welcome screen open.
    pub fn install(&self, store: Store) {
        self.settle();
        *lock(&self.store) = Some(store);
    }

    /// Locks the app: the store is closed and its key leaves memory; the passphrase opens it
    /// again.
    pub fn lock(&self) -> Result<(), IpcError> {
        *self.guard()? = None;
        Ok(())
    }

    /// Restores a backup over the open store (see `wijzer::app::settings::restore`): the store
    /// goes on open, restored or as it was.
    pub fn restore(
        &self,
        from: &Path,
        passphrase: &str,
    ) -> Result<wijzer::store::Restored, IpcError> {
        let mut guard = self.guard()?;
        let store = guard.take().ok_or_else(IpcError::locked)?;
        let after = wijzer::app::settings::restore(store, from, passphrase);
        *guard = after.store;
        Ok(after.outcome?)
    }

    /// Runs `f` with the open store; `locked` when it is not open.
    pub fn with_store<T>(
        &self,
        f: impl FnOnce(&mut Store) -> Result<T, IpcError>,
    ) -> Result<T, IpcError> {
        let mut guard = self.guard()?;
        let store = guard.as_mut().ok_or_else(IpcError::locked)?;
        f(store).map_err(|e| self.on_disk(e))
    }

    /// A failure to read or write, told as "the disk is full" when the store's disk has
    /// (almost) no room left.
    fn on_disk(&self, e: IpcError) -> IpcError {
        match (&e.kind, self.path.as_deref()) {
            (ErrorKind::Failed, Some(path)) => StoreError::full_disk_at(path)
                .map(IpcError::from)
                .unwrap_or(e),
            _ => e,
        }
    }

    /// The store's lock, once the opening begun at start-up has been kept.
    fn guard(&self) -> Result<std::sync::MutexGuard<'_, Option<Store>>, IpcError> {
        self.settle();
        Ok(lock(&self.store))
    }
}

/// Opens the store at `path` with the key the environment gives and, while the window starts,
/// brings Vandaag's kept signals up to today and reads its first page, so that the first
/// screen finds them ready (and their pages read). When the store cannot be written just now,
/// Vandaag itself says so; nothing more is done here.
fn open_for_today(path: &Path) -> Result<Opened, StoreError> {
    // Behind the window's own start in the queue for the processor: the webview needs it more
    // in these first few hundred milliseconds, and the store is not asked for before then.
    #[cfg(target_os = "linux")]
    let _ = rustix::process::setpriority_process(Some(rustix::thread::gettid()), 10);
    let mut opened = rescue::open(path, &Automatic { prompt: false })?;
    if let Opened::Open(store) = &mut opened {
        let today = chrono::Local::now().date_naive();
        if wijzer::app::signals::refresh(store, today).is_ok() {
            let _ = store.kept_signals(wijzer::app::signals::SHOWN_MAX);
        }
    }
    Ok(opened)
}

/// A command that panicked while holding a lock leaves it poisoned; what it guards is
/// consistent (every write is one transaction), so it is used again.
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}
