//! Rapportage: the half-year report of a municipality previewed exactly as it will leave, and
//! exported as a signed, encrypted bundle to where the supporter chose.

use std::path::Path;

use serde::Serialize;

use crate::dto::period as period_of;
use crate::error::IpcError;
use crate::state::AppState;

pub fn report_preview(
    state: &AppState,
    municipality: &str,
    period: &str,
    today: &str,
) -> Result<wijzer::app::reports::Preview, IpcError> {
    let period = period_of(period, "period")?;
    let today = crate::dto::day(today, "today")?;
    state.with_store(|store| {
        Ok(wijzer::app::reports::preview_table(
            store,
            municipality,
            period,
            today.0,
        )?)
    })
}

/// What an export did, to show: the file's name, its SHA-256, the signing key's fingerprint,
/// and for a correction what changed.
#[derive(Debug, Serialize)]
pub struct ExportedDto {
    pub file: String,
    pub sha256: String,
    pub signer: String,
    pub changes: Vec<String>,
}

/// The suggested file name: municipality and period, nothing about a client.
pub fn suggested_name(municipality: &str, period: &str) -> String {
    let slug: String = municipality
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '-' })
        .collect();
    format!("rapportage-{slug}-{period}.age")
}

/// Exports the report to `path`, chosen in the save dialog. A period exported before goes out
/// again only as a `correction` (the preview says which it is), and only when a figure changed.
pub fn report_save(
    state: &AppState,
    municipality: &str,
    period: &str,
    correction: bool,
    today: chrono::NaiveDate,
    path: &Path,
) -> Result<ExportedDto, IpcError> {
    let period = period_of(period, "period")?;
    let exported = state.with_store(|store| {
        Ok(wijzer::app::reports::export(
            store,
            municipality,
            period,
            today,
            &[],
            path,
            correction,
        )?)
    })?;
    Ok(ExportedDto {
        file: path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        sha256: exported.sha256,
        signer: exported.signer,
        changes: exported.changes.iter().map(ToString::to_string).collect(),
    })
}
