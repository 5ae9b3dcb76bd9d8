//! The desktop shell: holds the app's state, registers the IPC commands and serves `ui/`.
//!
//! Each command decodes its arguments, calls one core function and encodes the answer; DTOs and
//! the IPC error type live here and nowhere else. No business logic lives in this crate: the
//! use cases are `wijzer::app`, the data `wijzer::store`.

pub mod commands;
pub mod dto;
pub mod error;
pub mod state;

use tauri::State;

pub use error::{ErrorKind, IpcError};
pub use state::AppState;

/// Every command the app registers, by name; the test host calls each of them.
pub const COMMANDS: &[&str] = &["cases_overview", "signals_today"];

// One line each: the bodies are in `commands/`, where the test host calls them too.

#[tauri::command(async)]
fn cases_overview(state: State<'_, AppState>) -> Result<Vec<dto::CaseRowDto>, IpcError> {
    commands::overview::cases_overview(&state)
}

#[tauri::command(async)]
fn signals_today(
    state: State<'_, AppState>,
    today: String,
) -> Result<Vec<dto::SignalDto>, IpcError> {
    commands::vandaag::signals_today(&state, &today)
}

/// Builds and runs the app.
pub fn run() {
    let result = tauri::Builder::default()
        .manage(AppState::from_environment())
        .invoke_handler(tauri::generate_handler![cases_overview, signals_today])
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("wijzer-app: het venster kon niet starten: {e}");
        std::process::exit(1);
    }
}
