//! Cliënten and Cliënt: search as you type, a client's details, consents and cases; a new
//! client, changed details, consents given and withdrawn.

use serde::{Deserialize, Serialize};
use wijzer::codes::ConsentPurpose;
use wijzer::model::{Case, Client, Consent};

use crate::dto::{code_of, dutch_day, form, maybe, maybe_day};
use crate::error::IpcError;
use crate::state::AppState;

/// Cliënten: the first page of clients that match `query`, and whether there are more.
pub fn clients_search(
    state: &AppState,
    query: &str,
) -> Result<wijzer::app::clients::Found, IpcError> {
    state.with_store(|store| Ok(wijzer::app::clients::search(store, query)?))
}

/// The client screen: the client with consents, and their cases.
#[derive(Debug, Serialize)]
pub struct ClientView {
    pub client: Client,
    pub cases: Vec<Case>,
    /// How many contacts and time entries the client's cases hold (what an erasure takes).
    pub contacts: usize,
    pub time_entries: usize,
}

pub fn client_get(state: &AppState, id: &str) -> Result<ClientView, IpcError> {
    state.with_store(|store| {
        let d = wijzer::app::clients::dossier(store, id)?;
        Ok(ClientView {
            client: d.client,
            cases: d.cases,
            contacts: d.contacts.len(),
            time_entries: d.time.len(),
        })
    })
}

/// The client form (new or changed); with a first consent when new.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ClientForm {
    pub id: String,
    pub name: String,
    pub born: String,
    pub municipality: String,
    pub address: String,
    pub phone: String,
    pub email: String,
    /// A new client's first consent (usually to record data); empty purpose for none.
    pub purpose: String,
    pub given_on: String,
    pub how: String,
}

fn client_of(f: &ClientForm) -> Result<Client, IpcError> {
    let mut consents = Vec::new();
    if !f.purpose.is_empty() {
        consents.push(Consent {
            purpose: code_of(&f.purpose, "purpose")?,
            given_on: dutch_day(&f.given_on, "given_on")?,
            how: code_of(&f.how, "how")?,
            withdrawn_on: None,
        });
    }
    Ok(Client {
        id: f.id.clone(),
        name: f.name.trim().to_string(),
        born: maybe_day(&f.born, "born")?,
        municipality: f.municipality.clone(),
        address: maybe(&f.address),
        phone: maybe(&f.phone),
        email: maybe(&f.email),
        consents,
    })
}

/// A new client; returns the id.
pub fn client_add(state: &AppState, value: serde_json::Value) -> Result<String, IpcError> {
    let client = client_of(&form(value)?)?;
    state.with_store(|store| Ok(store.add_client(&client)?))
}

/// Changed details of a client (consents have their own commands).
pub fn client_change(state: &AppState, value: serde_json::Value) -> Result<(), IpcError> {
    let f: ClientForm = form(value)?;
    let client = client_of(&ClientForm {
        purpose: String::new(),
        ..f
    })?;
    state.with_store(|store| Ok(store.change_client(&client)?))
}

/// The consent form on the client screen.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ConsentForm {
    pub client: String,
    pub purpose: String,
    pub given_on: String,
    pub how: String,
}

pub fn consent_give(state: &AppState, value: serde_json::Value) -> Result<(), IpcError> {
    let f: ConsentForm = form(value)?;
    let consent = Consent {
        purpose: code_of(&f.purpose, "purpose")?,
        given_on: dutch_day(&f.given_on, "given_on")?,
        how: code_of(&f.how, "how")?,
        withdrawn_on: None,
    };
    state.with_store(|store| Ok(store.give_consent(&f.client, &consent)?))
}

/// Withdraws a consent (by purpose) as of a day.
pub fn consent_withdraw(
    state: &AppState,
    client: &str,
    purpose: &str,
    on: &str,
) -> Result<(), IpcError> {
    let purpose: ConsentPurpose = code_of(purpose, "purpose")?;
    let on = dutch_day(on, "withdrawn_on")?;
    state.with_store(|store| Ok(store.withdraw_consent(client, purpose, on)?))
}

/// The choices the forms offer: every code list with its Dutch labels, and the municipalities
/// of the contracts.
#[derive(Debug, Serialize)]
pub struct Choices {
    pub municipalities: Vec<String>,
    pub purposes: Vec<crate::dto::Choice>,
    pub hows: Vec<crate::dto::Choice>,
    pub referrals: Vec<crate::dto::Choice>,
    pub domains: Vec<crate::dto::Choice>,
    pub modes: Vec<crate::dto::Choice>,
    pub parties: Vec<crate::dto::Choice>,
    pub closure_reasons: Vec<crate::dto::Choice>,
    pub owners: Vec<crate::dto::Choice>,
    pub activities: Vec<crate::dto::Choice>,
    pub signal_categories: Vec<crate::dto::Choice>,
}

macro_rules! choices {
    ($t:ty) => {
        <$t>::ALL
            .iter()
            .map(|c| crate::dto::Choice {
                code: c.code(),
                label: c.label(),
            })
            .collect()
    };
}

pub fn choices(state: &AppState) -> Result<Choices, IpcError> {
    use wijzer::codes::*;
    let municipalities = state.with_store(|store| {
        Ok(store
            .contracts()?
            .into_iter()
            .flat_map(|(_, _, m)| m)
            .collect())
    })?;
    Ok(Choices {
        municipalities,
        purposes: choices!(ConsentPurpose),
        hows: choices!(ConsentHow),
        referrals: choices!(Referral),
        domains: choices!(Domain),
        modes: choices!(ContactMode),
        parties: choices!(Party),
        closure_reasons: choices!(ClosureReason),
        owners: choices!(Owner),
        activities: choices!(Activity),
        signal_categories: choices!(SignalCategory),
    })
}
