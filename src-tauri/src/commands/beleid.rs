//! Signalen voor beleid: a municipality's policy signals of a half year, written and changed,
//! released for the report (after the privacy scan) or held back.

use serde::{Deserialize, Serialize};
use wijzer::model::PolicySignal;

use crate::dto::{code_of, dutch_day, form, period};
use crate::error::IpcError;
use crate::state::AppState;

#[derive(Debug, Serialize)]
pub struct PolicyDto {
    pub id: i64,
    #[serde(flatten)]
    pub signal: PolicySignal,
}

pub fn policy_list(
    state: &AppState,
    municipality: &str,
    half_year: &str,
) -> Result<Vec<PolicyDto>, IpcError> {
    let half_year = period(half_year, "period")?;
    state.with_store(|store| {
        Ok(
            wijzer::app::policy::of_period(store, municipality, half_year)?
                .into_iter()
                .map(|row| PolicyDto {
                    id: row.id,
                    signal: row.signal,
                })
                .collect(),
        )
    })
}

/// The signal form: a new signal (no id), or one that is not released changed.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PolicyForm {
    pub id: Option<i64>,
    pub on: String,
    pub municipality: String,
    pub category: String,
    pub text: String,
}

/// Saves the signal, held back; returns its id.
pub fn policy_save(state: &AppState, value: serde_json::Value) -> Result<i64, IpcError> {
    let f: PolicyForm = form(value)?;
    let signal = PolicySignal {
        on: dutch_day(&f.on, "on")?,
        municipality: f.municipality.clone(),
        category: code_of(&f.category, "category")?,
        text: f.text.clone(),
        released: false,
    };
    state.with_store(|store| match f.id {
        Some(id) => {
            store.change_policy_signal(id, &signal)?;
            Ok(id)
        }
        None => Ok(store.add_policy_signal(&signal)?),
    })
}

pub fn policy_release(state: &AppState, id: i64) -> Result<(), IpcError> {
    state.with_store(|store| Ok(wijzer::app::policy::release(store, id)?))
}

pub fn policy_hold_back(state: &AppState, id: i64) -> Result<(), IpcError> {
    state.with_store(|store| Ok(wijzer::app::policy::hold_back(store, id)?))
}
