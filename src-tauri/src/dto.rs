//! What crosses the IPC boundary, in the shape the UI reads: field names in camelCase, dates as
//! `jjjj-mm-dd` text (the UI shows them as dd-mm-jjjj).

use serde::Serialize;
use wijzer::store::CaseRow;

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
