//! Reading a scenario file into the store: all or nothing, with warnings about free text that
//! looks like a BSN, phone number, e-mail address or postcode (by place, never by value).

use crate::model::Scenario;
use crate::scenario::{self, Warning};
use crate::store::{ImportSummary, Store, StoreError};

/// What an import added, and where free text should be looked at again.
#[derive(Debug, Clone)]
pub struct Imported {
    pub summary: ImportSummary,
    pub warnings: Vec<Warning>,
}

/// Checks and stores a parsed scenario (`scenario::parse`) in one transaction; a refusal
/// (`StoreError::Invalid`) names record and field and leaves the store as it was.
pub fn scenario(store: &mut Store, parsed: &Scenario) -> Result<Imported, StoreError> {
    let summary = store.import(parsed)?;
    Ok(Imported {
        summary,
        warnings: scenario::warnings(parsed),
    })
}
