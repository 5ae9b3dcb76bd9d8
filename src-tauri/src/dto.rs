//! What crosses the IPC boundary, in the shape the UI reads: field names in camelCase, dates as
//! `jjjj-mm-dd` text (the UI shows them as dd-mm-jjjj).

use serde::Serialize;
use wijzer::store::CaseRow;

use crate::error::{ErrorKind, IpcError};

/// One line of the case overview.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CaseRowDto {
    pub case: String,
    pub client: String,
    pub client_name: String,
    pub municipality: String,
    pub registered_on: String,
    pub closed_on: Option<String>,
}

impl From<CaseRow> for CaseRowDto {
    fn from(row: CaseRow) -> Self {
        CaseRowDto {
            case: row.case,
            client: row.client,
            client_name: row.client_name,
            municipality: row.municipality,
            registered_on: row.registered_on.to_string(),
            closed_on: row.closed_on.map(|d| d.to_string()),
        }
    }
}

/// A signal on Vandaag.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SignalDto {
    pub rule: wijzer::rules::Rule,
    pub case: Option<String>,
    pub municipality: Option<String>,
    pub severity: wijzer::rules::Severity,
    pub due: Option<String>,
    pub message: String,
    pub clears: String,
}

impl From<wijzer::rules::Signal> for SignalDto {
    fn from(s: wijzer::rules::Signal) -> Self {
        SignalDto {
            rule: s.rule,
            case: s.case,
            municipality: s.municipality,
            severity: s.severity,
            due: s.due.map(|d| d.to_string()),
            message: s.message,
            clears: s.clears,
        }
    }
}

/// A date from the UI, `jjjj-mm-dd`; anything else is refused with the field's name.
pub fn day(text: &str, field: &str) -> Result<wijzer::model::Date, IpcError> {
    wijzer::model::Date::parse(text).ok_or_else(|| IpcError {
        kind: ErrorKind::Invalid,
        message: "geen geldige datum (dd-mm-jjjj, een dag die bestaat)".into(),
        field: Some(field.into()),
    })
}
