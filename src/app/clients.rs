//! Finding a client and reading their dossier for the screens.

use crate::model::{Case, Client, Contact, TimeEntry};
use crate::report::privacy::fold;
use crate::store::{ClientRow, Store, StoreError};

/// The clients whose name, municipality or id holds every word of `query`, compared without
/// accents, case or punctuation ("jose" finds "José"); every client for an empty query.
pub fn search(store: &Store, query: &str) -> Result<Vec<ClientRow>, StoreError> {
    let words: Vec<String> = fold(query)
        .split_whitespace()
        .map(|w| format!(" {w}"))
        .collect();
    let mut rows = store.client_rows()?;
    if !words.is_empty() {
        rows.retain(|row| {
            let hay = fold(&format!("{} {} {}", row.name, row.municipality, row.id));
            words.iter().all(|w| hay.contains(w.as_str()))
        });
    }
    Ok(rows)
}

/// A client with everything the client screen and the case screen show.
#[derive(Debug, Clone, PartialEq)]
pub struct Dossier {
    pub client: Client,
    pub cases: Vec<Case>,
    pub contacts: Vec<Contact>,
    pub time: Vec<TimeEntry>,
}

/// One client's dossier.
pub fn dossier(store: &Store, client: &str) -> Result<Dossier, StoreError> {
    let mut scenario = store.dossier(client)?;
    let found = scenario.clients.pop();
    let client = found.ok_or_else(|| StoreError::UnknownClient(client.to_string()))?;
    Ok(Dossier {
        client,
        cases: scenario.cases,
        contacts: scenario.contacts,
        time: scenario.time,
    })
}

/// The dossier of the client a case belongs to.
pub fn dossier_of_case(store: &Store, case: &str) -> Result<Dossier, StoreError> {
    let client = store.client_of_case(case)?;
    dossier(store, &client)
}
