//! The desktop shell: opens the store, registers the IPC commands and serves `ui/`.
//!
//! Each command decodes its arguments, calls one core function and encodes the answer; DTOs and
//! the IPC error type live here and nowhere else. No business logic lives in this crate.

mod commands;
mod dto;
mod error;

use std::path::PathBuf;
use std::sync::Mutex;

use wijzer::store::key::Automatic;
use wijzer::store::Store;

/// The open store, or why it could not be opened (shown in the window, never logged).
pub struct AppState {
    pub store: Mutex<Result<Store, String>>,
}

/// Where the store lives: `WIJZER_STORE`, else the platform data folder.
fn store_path() -> Option<PathBuf> {
    std::env::var_os(wijzer::cli::STORE_ENV)
        .map(PathBuf::from)
        .or_else(wijzer::store::default_path)
}

/// Opens the store with the key from `WIJZER_PASSPHRASE` or the OS credential store.
pub fn open_store() -> Result<Store, String> {
    let path = store_path().ok_or("geen gegevensmap gevonden; zet WIJZER_STORE")?;
    Store::open(&path, &Automatic { prompt: false }).map_err(|e| e.to_string())
}

/// Builds and runs the app.
pub fn run() {
    let state = AppState {
        store: Mutex::new(open_store()),
    };
    let result = tauri::Builder::default()
        .manage(state)
        .invoke_handler(tauri::generate_handler![commands::cases_overview])
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("wijzer-app: het venster kon niet starten: {e}");
        std::process::exit(1);
    }
}
