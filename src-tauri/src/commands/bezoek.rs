//! Bezoek vastleggen: a visit with its next step and appointment, and the drafts that keep
//! what is being typed in the encrypted store.

use serde::Deserialize;
use wijzer::codes::Party;
use wijzer::model::Contact;
use wijzer::store::Visit;

use crate::dto::{code_of, form, maybe, maybe_moment, minutes, moment};
use crate::error::IpcError;
use crate::state::AppState;

/// The visit form.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct VisitForm {
    pub case: String,
    pub date: String,
    pub time: String,
    pub minutes: String,
    pub mode: String,
    pub with: Vec<String>,
    pub notes: String,
    pub next_step: String,
    pub next_date: String,
    pub next_time: String,
    /// The draft this form was typed under; it goes when the visit is saved.
    pub draft: String,
}

/// Records the visit; returns the contact's id.
pub fn visit_record(state: &AppState, value: serde_json::Value) -> Result<i64, IpcError> {
    let f: VisitForm = form(value)?;
    let with: Vec<Party> = f
        .with
        .iter()
        .map(|p| code_of(p, "with"))
        .collect::<Result<_, _>>()?;
    let visit = Visit {
        contact: Contact {
            case: f.case.clone(),
            at: moment(&f.date, &f.time, "date", "time")?,
            minutes: minutes(&f.minutes, "minutes")?,
            mode: code_of(&f.mode, "mode")?,
            with,
            notes: f.notes.clone(),
        },
        next_step: maybe(&f.next_step),
        next_appointment: maybe_moment(&f.next_date, &f.next_time, "next_date", "next_time")?,
    };
    let draft = (!f.draft.is_empty()).then_some(f.draft.as_str());
    state.with_store(|store| Ok(store.record_visit(&visit, draft)?))
}

pub fn draft_get(state: &AppState, key: &str) -> Result<Option<String>, IpcError> {
    state.with_store(|store| Ok(store.draft(key)?))
}

pub fn draft_save(state: &AppState, key: &str, body: &str) -> Result<(), IpcError> {
    state.with_store(|store| Ok(store.save_draft(key, body)?))
}

pub fn draft_discard(state: &AppState, key: &str) -> Result<(), IpcError> {
    state.with_store(|store| Ok(store.discard_draft(key)?))
}
