//! The IPC commands: decode → one core call → encode.

use tauri::State;

use crate::dto::CaseRowDto;
use crate::error::IpcError;
use crate::AppState;

/// Every case, open ones first: the first screen.
#[tauri::command]
pub fn cases_overview(state: State<'_, AppState>) -> Result<Vec<CaseRowDto>, IpcError> {
    let guard = state.store.lock().map_err(|_| IpcError {
        kind: "failed",
        message: "interne fout: de opslag is geblokkeerd".into(),
    })?;
    let store = guard.as_ref().map_err(|message| IpcError {
        kind: "store",
        message: message.clone(),
    })?;
    Ok(store
        .cases_overview()?
        .into_iter()
        .map(CaseRowDto::from)
        .collect())
}
