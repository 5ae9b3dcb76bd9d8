//! Vandaag: what needs doing today, most urgent first, each with the client it is about.

use serde::Serialize;

use crate::error::IpcError;
use crate::state::AppState;

/// A signal on Vandaag.
#[derive(Debug, Serialize)]
pub struct SignalDto {
    pub rule: wijzer::rules::Rule,
    pub case: Option<String>,
    pub municipality: Option<String>,
    pub severity: wijzer::rules::Severity,
    pub due: Option<String>,
    pub message: String,
    pub clears: String,
    pub client_id: Option<String>,
    pub client_name: Option<String>,
    /// For a report that is due: its half year.
    pub period: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct TodayDto {
    /// The first `shown` signals, most urgent first.
    pub signals: Vec<SignalDto>,
    pub overdue: usize,
    pub due: usize,
    /// How many signals there are in all.
    pub total: usize,
}

/// The signals on `today` (the UI's own date; a test passes a fixed one): the first `shown`
/// (by default as many as Vandaag shows at once; 0 for the counts alone).
pub fn vandaag(state: &AppState, today: &str, shown: Option<usize>) -> Result<TodayDto, IpcError> {
    let today = crate::dto::day(today, "today")?;
    let shown = shown.unwrap_or(wijzer::app::signals::SHOWN_MAX);
    state.with_store(|store| {
        let t = wijzer::app::signals::today(store, today.0, shown)?;
        Ok(TodayDto {
            overdue: t.overdue,
            due: t.due,
            total: t.total,
            signals: t
                .items
                .into_iter()
                .map(|item| {
                    let s = item.signal;
                    let (client_id, client_name) = item.client.unzip();
                    SignalDto {
                        rule: s.rule,
                        case: s.case,
                        municipality: s.municipality,
                        severity: s.severity,
                        due: s.due.map(|d| d.to_string()),
                        message: s.message,
                        clears: s.clears,
                        period: s.period,
                        client_id,
                        client_name,
                    }
                })
                .collect(),
        })
    })
}
