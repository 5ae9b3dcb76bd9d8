//! What the law gives a client (Wmo art. 5.3.2–5.3.5): inzage in the whole dossier. (Erasure is
//! `Store::erase_client`.)

use chrono::NaiveDate;

use crate::store::{Store, StoreError};

/// The client's whole dossier, readable (PDF) and machine-readable (JSON); logged in the audit
/// as an export of that client.
pub struct Inzage {
    pub pdf: Vec<u8>,
    pub json: Vec<u8>,
}

pub fn inzage(store: &mut Store, client: &str, today: NaiveDate) -> Result<Inzage, StoreError> {
    let dossier = store.export(Some(client))?;
    Ok(Inzage {
        pdf: crate::inzage::to_pdf(&dossier, today),
        json: crate::inzage::to_json(&dossier),
    })
}
