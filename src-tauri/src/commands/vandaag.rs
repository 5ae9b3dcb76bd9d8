//! Vandaag: what needs doing today, most urgent first.

use crate::dto::SignalDto;
use crate::error::IpcError;
use crate::state::AppState;

/// The rule engine's signals on `today` (the UI's date; a test passes a fixed one).
pub fn signals_today(state: &AppState, today: &str) -> Result<Vec<SignalDto>, IpcError> {
    let today = crate::dto::day(today, "today")?;
    state.with_store(|store| {
        Ok(wijzer::app::signals::on(store, today.0)?
            .into_iter()
            .map(SignalDto::from)
            .collect())
    })
}
