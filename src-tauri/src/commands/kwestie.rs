//! Kwestie: a case with everything on it (facts, goals, actions, contacts, time); a new case,
//! its facts changed, goals and actions added, changed and finished, closed with a reason and
//! reopened.

use serde::{Deserialize, Serialize};
use wijzer::model::{Action, Case, Conflict, Contact, TimeEntry};

use crate::dto::{code_of, dutch_day, form, maybe, maybe_code, maybe_day, maybe_moment};
use crate::error::IpcError;
use crate::state::AppState;

/// The case screen.
#[derive(Debug, Serialize)]
pub struct CaseView {
    pub case: Case,
    pub client_id: String,
    pub client_name: String,
    pub municipality: String,
    pub contacts: Vec<Contact>,
    pub time: Vec<TimeEntry>,
}

pub fn case_get(state: &AppState, id: &str) -> Result<CaseView, IpcError> {
    state.with_store(|store| {
        let d = wijzer::app::clients::dossier_of_case(store, id)?;
        let case = d
            .cases
            .into_iter()
            .find(|c| c.id == id)
            .ok_or_else(|| wijzer::store::StoreError::UnknownCase(id.to_string()))?;
        let mut contacts: Vec<Contact> = d.contacts.into_iter().filter(|c| c.case == id).collect();
        contacts.sort_by_key(|c| std::cmp::Reverse(c.at));
        let mut time: Vec<TimeEntry> = d
            .time
            .into_iter()
            .filter(|t| t.case.as_deref() == Some(id))
            .collect();
        time.sort_by_key(|t| std::cmp::Reverse(t.on));
        Ok(CaseView {
            case,
            client_id: d.client.id,
            client_name: d.client.name,
            municipality: d.client.municipality,
            contacts,
            time,
        })
    })
}

/// The case form: a new case, or its facts changed.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CaseForm {
    pub id: String,
    pub client: String,
    pub question: String,
    pub referral: String,
    pub domains: Vec<String>,
    pub registered_on: String,
    pub first_contact_on: String,
    pub first_appointment_on: String,
    pub next_appointment_date: String,
    pub next_appointment_time: String,
    pub extension_notified_on: String,
    pub extension_reason: String,
    pub wlz_indication_on: String,
    pub wlz_handover_on: String,
    pub conflict: String,
    pub chinese_wall: String,
}

fn case_of(f: &CaseForm) -> Result<Case, IpcError> {
    let domains = f
        .domains
        .iter()
        .map(|d| code_of(d, "domains"))
        .collect::<Result<_, _>>()?;
    Ok(Case {
        id: f.id.clone(),
        client: f.client.clone(),
        registered_on: dutch_day(&f.registered_on, "registered_on")?,
        referral: code_of(&f.referral, "referral")?,
        domains,
        question: f.question.trim().to_string(),
        first_contact_on: maybe_day(&f.first_contact_on, "first_contact_on")?,
        first_appointment_on: maybe_day(&f.first_appointment_on, "first_appointment_on")?,
        goals: vec![],
        actions: vec![],
        closed_on: None,
        closure_reason: None,
        wlz_indication_on: maybe_day(&f.wlz_indication_on, "wlz_indication_on")?,
        wlz_handover_on: maybe_day(&f.wlz_handover_on, "wlz_handover_on")?,
        extension_notified_on: maybe_day(&f.extension_notified_on, "extension_notified_on")?,
        extension_reason: maybe(&f.extension_reason),
        conflict_of_interest: maybe(&f.conflict).map(|description| Conflict {
            description,
            chinese_wall: maybe(&f.chinese_wall),
        }),
        next_appointment: maybe_moment(
            &f.next_appointment_date,
            &f.next_appointment_time,
            "next_appointment",
            "next_appointment_time",
        )?,
    })
}

/// Opens a case for a client; returns its id.
pub fn case_open(state: &AppState, value: serde_json::Value) -> Result<String, IpcError> {
    let case = case_of(&form(value)?)?;
    state.with_store(|store| Ok(store.open_case(&case)?))
}

/// Changes a case's facts (goals, actions and closing keep their own commands).
pub fn case_change(state: &AppState, value: serde_json::Value) -> Result<(), IpcError> {
    let case = case_of(&form(value)?)?;
    state.with_store(|store| Ok(store.change_case_facts(&case)?))
}

/// Closes a case on a day with a reason.
pub fn case_close(state: &AppState, id: &str, on: &str, reason: &str) -> Result<(), IpcError> {
    let on = dutch_day(on, "closed_on")?;
    let reason = code_of(reason, "closure_reason")?;
    state.with_store(|store| Ok(store.close_case(id, on, reason)?))
}

pub fn case_reopen(state: &AppState, id: &str) -> Result<(), IpcError> {
    state.with_store(|store| Ok(store.reopen_case(id)?))
}

/// Adds a goal (`index` none) or changes one.
pub fn goal_save(
    state: &AppState,
    case: &str,
    index: Option<usize>,
    text: &str,
) -> Result<(), IpcError> {
    let text = text.trim();
    state.with_store(|store| {
        match index {
            None => store.add_goal(case, text)?,
            Some(i) => store.change_goal(case, i, text)?,
        }
        Ok(())
    })
}

/// The action form on the case screen.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ActionForm {
    pub case: String,
    /// The action's place in the list when it is changed; absent for a new one.
    pub index: Option<usize>,
    pub text: String,
    pub owner: String,
    pub due_on: String,
}

/// Adds an action or changes one.
pub fn action_save(state: &AppState, value: serde_json::Value) -> Result<(), IpcError> {
    let f: ActionForm = form(value)?;
    let action = Action {
        text: f.text.trim().to_string(),
        owner: maybe_code(&f.owner, "owner")?.unwrap_or(wijzer::codes::Owner::Ondersteuner),
        due_on: maybe_day(&f.due_on, "due_on")?,
        done_on: None,
    };
    state.with_store(|store| {
        match f.index {
            None => store.add_action(&f.case, &action)?,
            Some(i) => store.change_action(&f.case, i, &action)?,
        }
        Ok(())
    })
}

/// Marks an action done on a day.
pub fn action_finish(state: &AppState, case: &str, index: usize, on: &str) -> Result<(), IpcError> {
    let on = crate::dto::day(on, "done_on")?;
    state.with_store(|store| Ok(store.finish_action(case, index, on)?))
}

/// What printing the sheet did: where it went (the file's name only) and whether the PDF viewer
/// opened it.
#[derive(Debug, Serialize)]
pub struct Printed {
    pub file: String,
    pub unknown_letters: usize,
    pub opened: bool,
}

/// Saves the information sheet of `case` to `path`, chosen by the supporter in the save dialog.
pub fn sheet_save(
    state: &AppState,
    case: &str,
    path: &std::path::Path,
    made_on: chrono::NaiveDate,
) -> Result<Printed, IpcError> {
    let saved =
        state.with_store(|store| Ok(wijzer::app::sheets::save(store, case, made_on, path)?))?;
    Ok(Printed {
        file: path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        unknown_letters: saved.unknown_letters,
        opened: false,
    })
}
