//! The overview of cases (the app's first screen today).

use crate::dto::CaseRowDto;
use crate::error::IpcError;
use crate::state::AppState;

/// Every case, open ones first.
pub fn cases_overview(state: &AppState) -> Result<Vec<CaseRowDto>, IpcError> {
    state.with_store(|store| {
        Ok(store
            .cases_overview()?
            .into_iter()
            .map(CaseRowDto::from)
            .collect())
    })
}
