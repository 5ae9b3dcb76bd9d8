//! Finding a client and reading their dossier for the screens.

use crate::model::{Case, Client, Contact, TimeEntry};
use crate::report::privacy::fold;
use crate::store::{ClientRow, Store, StoreError};

/// How many clients Cliënten shows at once; typing narrows the list.
pub const SHOWN_MAX: usize = 200;

/// What a search found: the first [`SHOWN_MAX`] clients in name order, and whether there are
/// more.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Found {
    pub rows: Vec<ClientRow>,
    pub more: bool,
}

/// The clients whose name, municipality or id holds every word of `query`, compared without
/// accents, case or punctuation ("jose" finds "José"); every client for an empty query. At
/// most [`SHOWN_MAX`] of them.
pub fn search(store: &Store, query: &str) -> Result<Found, StoreError> {
    let words: Vec<String> = fold(query)
        .split_whitespace()
        .map(|w| format!(" {w}"))
        .collect();
    let (rows, more) = store.client_rows(&words, SHOWN_MAX)?;
    Ok(Found { rows, more })
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
