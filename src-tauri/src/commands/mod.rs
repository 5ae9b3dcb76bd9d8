//! The IPC commands, one file per screen. Each command is a plain function
//! `(&AppState, input) -> Result<output, IpcError>` (decode → one core call → encode) under a
//! one-line `#[tauri::command(async)]` wrapper in `lib.rs`, so the test host runs the same code
//! without a webview, and store work runs off the UI thread.

pub mod beleid;
pub mod bezoek;
pub mod clienten;
pub mod instellingen;
pub mod kwestie;
pub mod rapportage;
pub mod rechten;
pub mod session;
pub mod startup;
pub mod tijd;
pub mod vandaag;
