//! Cliënt — rechten (Wmo art. 5.3.2–5.3.5): inzage saved where the supporter chose, erasure
//! after a confirmation, and the clients whose retention term has passed.

use std::path::Path;

use serde::Serialize;

use crate::error::IpcError;
use crate::state::AppState;

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Where the inzage went: the PDF's name and the JSON's beside it.
#[derive(Debug, Serialize)]
pub struct InzageDto {
    pub pdf: String,
    pub json: String,
}

/// Saves the inzage of `client` at `path` (the PDF), chosen in the save dialog.
pub fn inzage_save(
    state: &AppState,
    client: &str,
    today: chrono::NaiveDate,
    path: &Path,
) -> Result<InzageDto, IpcError> {
    let saved = state.with_store(|store| {
        Ok(wijzer::app::rights::save_inzage(
            store, client, today, path,
        )?)
    })?;
    Ok(InzageDto {
        pdf: file_name(&saved.pdf),
        json: file_name(&saved.json),
    })
}

#[derive(Debug, Serialize)]
pub struct ErasedDto {
    /// False when another program held the store's journal: the erasure is done, and the last
    /// traces leave the file at the next checkpoint.
    pub wal_emptied: bool,
}

pub fn client_erase(state: &AppState, id: &str) -> Result<ErasedDto, IpcError> {
    let erased = state.with_store(|store| Ok(store.erase_client(id)?))?;
    Ok(ErasedDto {
        wal_emptied: erased.wal_emptied,
    })
}

#[derive(Debug, Serialize)]
pub struct RetentionDto {
    pub client_id: String,
    pub client_name: String,
    pub expires: Option<String>,
    pub passed: bool,
}

pub fn retention_list(state: &AppState, today: &str) -> Result<Vec<RetentionDto>, IpcError> {
    let today = crate::dto::day(today, "today")?;
    state.with_store(|store| {
        Ok(wijzer::app::rights::past_retention(store, today.0)?
            .into_iter()
            .map(|p| RetentionDto {
                client_id: p.client_id,
                client_name: p.client_name,
                expires: p.expires.map(|d| d.to_string()),
                passed: p.passed,
            })
            .collect())
    })
}
