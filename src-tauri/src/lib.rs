//! The desktop shell: holds the app's state, registers the IPC commands and serves `ui/`.
//!
//! Each command decodes its arguments, calls one core function and encodes the answer; DTOs and
//! the IPC error type live here and nowhere else. No business logic lives in this crate: the
//! use cases are `wijzer::app`, the data `wijzer::store`.

pub mod commands;
pub mod dialogs;
pub mod dto;
pub mod error;
pub mod state;

use serde_json::Value;
use tauri::{Manager, State, WebviewWindow};

pub use error::{ErrorKind, IpcError};
pub use state::AppState;

/// Every command the app registers, by name; the test host calls each of them.
pub const COMMANDS: &[&str] = &[
    "session_status",
    "session_start",
    "session_unlock",
    "vandaag",
    "choices",
    "clients_search",
    "client_get",
    "client_add",
    "client_change",
    "consent_give",
    "consent_withdraw",
    "case_get",
    "case_open",
    "case_change",
    "case_close",
    "case_reopen",
    "goal_save",
    "action_save",
    "action_finish",
    "visit_record",
    "draft_get",
    "draft_save",
    "draft_discard",
    "time_summary",
    "time_add",
    "sheet_print",
    "report_preview",
    "report_export",
    "policy_list",
    "policy_save",
    "policy_release",
    "policy_hold_back",
    "inzage_export",
    "client_erase",
    "retention_list",
    "settings_get",
    "profile_save",
    "recipient_save",
    "archive_save",
    "signing_key_export",
    "backup_make",
    "backup_restore",
    "passphrase_change",
    "recovery_renew",
    "session_lock",
    "idle_lock_save",
    "contract_add",
    "contract_change",
    "rescue_restore",
    "startup_drawn",
];

// One wrapper per command, by screen: the bodies are in `commands/`, where the test host calls
// them too. `async` runs them off the UI thread.

#[tauri::command(async)]
fn session_status(state: State<'_, AppState>) -> Result<commands::session::Status, IpcError> {
    commands::session::session_status(&state)
}

#[tauri::command(async)]
fn session_start(
    state: State<'_, AppState>,
    form: Value,
) -> Result<commands::session::Started, IpcError> {
    commands::session::session_start(&state, form)
}

#[tauri::command(async)]
fn session_unlock(state: State<'_, AppState>, passphrase: String) -> Result<(), IpcError> {
    commands::session::session_unlock(&state, passphrase)
}

#[tauri::command(async)]
fn vandaag(
    state: State<'_, AppState>,
    today: String,
    shown: Option<usize>,
) -> Result<commands::vandaag::TodayDto, IpcError> {
    commands::vandaag::vandaag(&state, &today, shown)
}

#[tauri::command(async)]
fn choices(state: State<'_, AppState>) -> Result<commands::clienten::Choices, IpcError> {
    commands::clienten::choices(&state)
}

#[tauri::command(async)]
fn clients_search(
    state: State<'_, AppState>,
    query: String,
) -> Result<wijzer::app::clients::Found, IpcError> {
    commands::clienten::clients_search(&state, &query)
}

#[tauri::command(async)]
fn client_get(
    state: State<'_, AppState>,
    id: String,
) -> Result<commands::clienten::ClientView, IpcError> {
    commands::clienten::client_get(&state, &id)
}

#[tauri::command(async)]
fn client_add(state: State<'_, AppState>, form: Value) -> Result<String, IpcError> {
    commands::clienten::client_add(&state, form)
}

#[tauri::command(async)]
fn client_change(state: State<'_, AppState>, form: Value) -> Result<(), IpcError> {
    commands::clienten::client_change(&state, form)
}

#[tauri::command(async)]
fn consent_give(state: State<'_, AppState>, form: Value) -> Result<(), IpcError> {
    commands::clienten::consent_give(&state, form)
}

#[tauri::command(async)]
fn consent_withdraw(
    state: State<'_, AppState>,
    client: String,
    purpose: String,
    on: String,
) -> Result<(), IpcError> {
    commands::clienten::consent_withdraw(&state, &client, &purpose, &on)
}

#[tauri::command(async)]
fn case_get(
    state: State<'_, AppState>,
    id: String,
) -> Result<commands::kwestie::CaseView, IpcError> {
    commands::kwestie::case_get(&state, &id)
}

#[tauri::command(async)]
fn case_open(state: State<'_, AppState>, form: Value) -> Result<String, IpcError> {
    commands::kwestie::case_open(&state, form)
}

#[tauri::command(async)]
fn case_change(state: State<'_, AppState>, form: Value) -> Result<(), IpcError> {
    commands::kwestie::case_change(&state, form)
}

#[tauri::command(async)]
fn case_close(
    state: State<'_, AppState>,
    id: String,
    on: String,
    reason: String,
) -> Result<(), IpcError> {
    commands::kwestie::case_close(&state, &id, &on, &reason)
}

#[tauri::command(async)]
fn case_reopen(state: State<'_, AppState>, id: String) -> Result<(), IpcError> {
    commands::kwestie::case_reopen(&state, &id)
}

#[tauri::command(async)]
fn goal_save(
    state: State<'_, AppState>,
    case: String,
    index: Option<usize>,
    text: String,
) -> Result<(), IpcError> {
    commands::kwestie::goal_save(&state, &case, index, &text)
}

#[tauri::command(async)]
fn action_save(state: State<'_, AppState>, form: Value) -> Result<(), IpcError> {
    commands::kwestie::action_save(&state, form)
}

#[tauri::command(async)]
fn action_finish(
    state: State<'_, AppState>,
    case: String,
    index: usize,
    on: String,
) -> Result<(), IpcError> {
    commands::kwestie::action_finish(&state, &case, index, &on)
}

#[tauri::command(async)]
fn visit_record(state: State<'_, AppState>, form: Value) -> Result<i64, IpcError> {
    commands::bezoek::visit_record(&state, form)
}

#[tauri::command(async)]
fn draft_get(state: State<'_, AppState>, key: String) -> Result<Option<String>, IpcError> {
    commands::bezoek::draft_get(&state, &key)
}

#[tauri::command(async)]
fn draft_save(state: State<'_, AppState>, key: String, body: String) -> Result<(), IpcError> {
    commands::bezoek::draft_save(&state, &key, &body)
}

#[tauri::command(async)]
fn draft_discard(state: State<'_, AppState>, key: String) -> Result<(), IpcError> {
    commands::bezoek::draft_discard(&state, &key)
}

#[tauri::command(async)]
fn time_summary(
    state: State<'_, AppState>,
    today: String,
) -> Result<commands::tijd::TimeDto, IpcError> {
    commands::tijd::time_summary(&state, &today)
}

#[tauri::command(async)]
fn time_add(state: State<'_, AppState>, form: Value) -> Result<(), IpcError> {
    commands::tijd::time_add(&state, form)
}

/// Informatieblad: asks where to save the sheet (no client's name in the suggested file name:
/// file names are not encrypted), saves it and opens it in the PDF viewer for printing. `None`
/// when the supporter cancels the dialog.
#[tauri::command]
async fn sheet_print(
    window: WebviewWindow,
    state: State<'_, AppState>,
    case: String,
) -> Result<Option<commands::kwestie::Printed>, IpcError> {
    let today = chrono::Local::now().date_naive();
    let name = format!("informatieblad-{}.pdf", today.format("%d-%m-%Y"));
    let Some(path) =
        dialogs::save_as(&window, "Informatieblad opslaan", &name, &dialogs::PDF).await?
    else {
        return Ok(None);
    };
    let mut printed = commands::kwestie::sheet_save(&state, &case, &path, today)?;
    printed.opened = dialogs::open_in_viewer(&path);
    Ok(Some(printed))
}

#[tauri::command(async)]
fn report_preview(
    state: State<'_, AppState>,
    municipality: String,
    period: String,
    today: String,
) -> Result<wijzer::app::reports::Preview, IpcError> {
    commands::rapportage::report_preview(&state, &municipality, &period, &today)
}

/// Exporteren: asks where to save the bundle, then builds, signs, encrypts and writes it.
/// `None` when the supporter cancels the dialog.
#[tauri::command]
async fn report_export(
    window: WebviewWindow,
    state: State<'_, AppState>,
    municipality: String,
    period: String,
    correction: bool,
) -> Result<Option<commands::rapportage::ExportedDto>, IpcError> {
    let name = commands::rapportage::suggested_name(&municipality, &period);
    let Some(path) = dialogs::save_as(&window, "Rapport opslaan", &name, &dialogs::BUNDLE).await?
    else {
        return Ok(None);
    };
    let today = chrono::Local::now().date_naive();
    commands::rapportage::report_save(&state, &municipality, &period, correction, today, &path)
        .map(Some)
}

#[tauri::command(async)]
fn policy_list(
    state: State<'_, AppState>,
    municipality: String,
    period: String,
) -> Result<Vec<commands::beleid::PolicyDto>, IpcError> {
    commands::beleid::policy_list(&state, &municipality, &period)
}

#[tauri::command(async)]
fn policy_save(state: State<'_, AppState>, form: Value) -> Result<i64, IpcError> {
    commands::beleid::policy_save(&state, form)
}

#[tauri::command(async)]
fn policy_release(state: State<'_, AppState>, id: i64) -> Result<(), IpcError> {
    commands::beleid::policy_release(&state, id)
}

#[tauri::command(async)]
fn policy_hold_back(state: State<'_, AppState>, id: i64) -> Result<(), IpcError> {
    commands::beleid::policy_hold_back(&state, id)
}

/// Inzage: asks where to save the client's dossier (a PDF; the JSON goes beside it), then
/// saves both. `None` when the supporter cancels the dialog.
#[tauri::command]
async fn inzage_export(
    window: WebviewWindow,
    state: State<'_, AppState>,
    client: String,
) -> Result<Option<commands::rechten::InzageDto>, IpcError> {
    let today = chrono::Local::now().date_naive();
    let name = format!("inzage-{}.pdf", today.format("%d-%m-%Y"));
    let Some(path) = dialogs::save_as(&window, "Inzage opslaan", &name, &dialogs::PDF).await?
    else {
        return Ok(None);
    };
    commands::rechten::inzage_save(&state, &client, today, &path).map(Some)
}

#[tauri::command(async)]
fn client_erase(
    state: State<'_, AppState>,
    id: String,
) -> Result<commands::rechten::ErasedDto, IpcError> {
    commands::rechten::client_erase(&state, &id)
}

#[tauri::command(async)]
fn retention_list(
    state: State<'_, AppState>,
    today: String,
) -> Result<Vec<commands::rechten::RetentionDto>, IpcError> {
    commands::rechten::retention_list(&state, &today)
}

#[tauri::command(async)]
fn settings_get(
    state: State<'_, AppState>,
) -> Result<commands::instellingen::SettingsDto, IpcError> {
    commands::instellingen::settings_get(&state)
}

#[tauri::command(async)]
fn profile_save(state: State<'_, AppState>, form: Value) -> Result<(), IpcError> {
    commands::instellingen::profile_save(&state, form)
}

#[tauri::command(async)]
fn recipient_save(
    state: State<'_, AppState>,
    contract: String,
    recipient: String,
) -> Result<(), IpcError> {
    commands::instellingen::recipient_save(&state, &contract, &recipient)
}

#[tauri::command(async)]
fn archive_save(
    state: State<'_, AppState>,
    contract: String,
    archive: String,
) -> Result<(), IpcError> {
    commands::instellingen::archive_save(&state, &contract, &archive)
}

/// Asks where to save the signing key's public half, then saves it. `None` when cancelled.
#[tauri::command]
async fn signing_key_export(
    window: WebviewWindow,
    state: State<'_, AppState>,
    fingerprint: String,
) -> Result<Option<String>, IpcError> {
    let safe: String = fingerprint
        .chars()
        .filter(char::is_ascii_hexdigit)
        .take(16)
        .collect();
    let name = format!("ondertekensleutel-{safe}.pub");
    let Some(path) = dialogs::save_as(
        &window,
        "Ondertekensleutel opslaan",
        &name,
        &dialogs::PUBLIC_KEY,
    )
    .await?
    else {
        return Ok(None);
    };
    commands::instellingen::signing_key_save(&state, &path).map(Some)
}

#[tauri::command(async)]
fn backup_make(state: State<'_, AppState>) -> Result<wijzer::app::settings::Backup, IpcError> {
    commands::instellingen::backup_make(&state)
}

#[tauri::command(async)]
fn backup_restore(
    state: State<'_, AppState>,
    name: String,
    passphrase: String,
) -> Result<commands::instellingen::RestoredDto, IpcError> {
    commands::instellingen::backup_restore(&state, &name, passphrase)
}

#[tauri::command(async)]
fn passphrase_change(state: State<'_, AppState>, form: Value) -> Result<(), IpcError> {
    commands::instellingen::passphrase_change(&state, form)
}

#[tauri::command(async)]
fn recovery_renew(
    state: State<'_, AppState>,
    current: String,
) -> Result<commands::instellingen::CodeDto, IpcError> {
    commands::instellingen::recovery_renew(&state, current)
}

#[tauri::command(async)]
fn session_lock(state: State<'_, AppState>) -> Result<(), IpcError> {
    commands::instellingen::session_lock(&state)
}

/// The first screen drawn: written only when the app is being measured.
#[tauri::command(async)]
fn startup_drawn(screen: String) -> Result<(), IpcError> {
    let probe = std::env::var_os(commands::startup::PROBE_ENV).map(std::path::PathBuf::from);
    commands::startup::startup_drawn(probe.as_deref(), &screen)
}

#[tauri::command(async)]
fn idle_lock_save(state: State<'_, AppState>, minutes: String) -> Result<(), IpcError> {
    commands::instellingen::idle_lock_save(&state, &minutes)
}

#[tauri::command(async)]
fn contract_add(state: State<'_, AppState>, form: Value) -> Result<(), IpcError> {
    commands::instellingen::contract_add(&state, form)
}

#[tauri::command(async)]
fn contract_change(state: State<'_, AppState>, form: Value) -> Result<(), IpcError> {
    commands::instellingen::contract_change(&state, form)
}

#[tauri::command(async)]
fn rescue_restore(state: State<'_, AppState>) -> Result<commands::session::RescuedDto, IpcError> {
    commands::session::rescue_restore(&state)
}

/// The variable with which WebKitGTK paints a page's tiles on the processor (with Skia, since
/// WebKitGTK 2.46; older versions ignore it).
pub const CPU_RENDERING_ENV: &str = "WEBKIT_SKIA_ENABLE_CPU_RENDERING";

/// On Linux, WebKitGTK paints Wijzer's pages on the processor, not through OpenGL, unless the
/// environment already says how; compositing stays as it is. Wijzer's screens are text and
/// forms: painted this way a new screen's frame takes 10 to 20 ms, against 40 to 300 ms through
/// OpenGL on a laptop without a working graphics driver, a virtual machine or a remote desktop
/// (where OpenGL runs on the processor itself). Measured in the e2e under Xvfb. To be called
/// first, before any thread is started: it sets a variable of the process, which the webview's
/// processes inherit.
pub fn choose_rendering() {
    #[cfg(target_os = "linux")]
    if std::env::var_os(CPU_RENDERING_ENV).is_none() {
        std::env::set_var(CPU_RENDERING_ENV, "1");
    }
}

/// Builds and runs the app.
pub fn run() {
    let result = tauri::Builder::default()
        .manage(AppState::from_environment())
        .setup(|app| {
            // Once a day while the app is open, a backup of what changed (checked every ten
            // minutes; the store's mutex is held only while the copy is made).
            let handle = app.handle().clone();
            std::thread::spawn(move || loop {
                std::thread::sleep(std::time::Duration::from_secs(600));
                let _ = handle
                    .state::<AppState>()
                    .backup_automatically(Some(chrono::TimeDelta::days(1)));
            });
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            session_status,
            session_start,
            session_unlock,
            vandaag,
            choices,
            clients_search,
            client_get,
            client_add,
            client_change,
            consent_give,
            consent_withdraw,
            case_get,
            case_open,
            case_change,
            case_close,
            case_reopen,
            goal_save,
            action_save,
            action_finish,
            visit_record,
            draft_get,
            draft_save,
            draft_discard,
            time_summary,
            time_add,
            sheet_print,
            report_preview,
            report_export,
            policy_list,
            policy_save,
            policy_release,
            policy_hold_back,
            inzage_export,
            client_erase,
            retention_list,
            settings_get,
            profile_save,
            recipient_save,
            archive_save,
            signing_key_export,
            backup_make,
            backup_restore,
            passphrase_change,
            recovery_renew,
            session_lock,
            idle_lock_save,
            contract_add,
            contract_change,
            rescue_restore,
            startup_drawn,
        ])
        .build(tauri::generate_context!())
        .map(|app| {
            app.run(|handle, event| {
                // When the app closes: a backup of what changed since the last one. There is
                // no window left to show an error in, and errors are never logged.
                if let tauri::RunEvent::Exit = event {
                    let _ = handle.state::<AppState>().backup_automatically(None);
                }
            })
        });
    if let Err(e) = result {
        eprintln!("wijzer-app: het venster kon niet starten: {e}");
        std::process::exit(1);
    }
}
