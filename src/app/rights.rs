//! What the law gives a client (Wmo art. 5.3.2–5.3.5): inzage in the whole dossier, saved where
//! the supporter chose; and the clients whose retention term has passed, to be erased. (Erasure
//! itself is `Store::erase_client`.)

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::model::Date;
use crate::rules::{Rule, Severity};
use crate::scenario::Invalid;
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

/// Where an inzage went: the PDF the supporter chose, and the JSON beside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Saved {
    pub pdf: PathBuf,
    pub json: PathBuf,
}

/// Saves the inzage of `client`: the PDF at `pdf`, the JSON beside it under the same name
/// ending in `.json`. A JSON file already there is not overwritten (only the PDF's place was
/// confirmed in the dialog): nothing is written then. Both files are written whole or not at
/// all.
pub fn save_inzage(
    store: &mut Store,
    client: &str,
    today: NaiveDate,
    pdf: &Path,
) -> Result<Saved, StoreError> {
    let json = pdf.with_extension("json");
    if json == pdf {
        return Err(StoreError::Invalid(Invalid {
            record: "inzage".into(),
            field: "file".into(),
            message: "kies een bestandsnaam die eindigt op .pdf".into(),
        }));
    }
    if json.exists() {
        return Err(StoreError::write(&json)(
            std::io::ErrorKind::AlreadyExists.into(),
        ));
    }
    let made = inzage(store, client, today)?;
    crate::fsutil::write_atomically(&json, &made.json).map_err(StoreError::write(&json))?;
    if let Err(e) = crate::fsutil::write_atomically(pdf, &made.pdf) {
        let _ = std::fs::remove_file(&json);
        return Err(StoreError::write(pdf)(e));
    }
    Ok(Saved {
        pdf: pdf.to_path_buf(),
        json,
    })
}

/// A client whose retention term has passed (or is about to): all cases closed, the newest
/// registered longer ago than the contract keeps dossiers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PastRetention {
    pub client_id: String,
    pub client_name: String,
    /// The day the term ends (or ended).
    pub expires: Option<Date>,
    /// Whether that day has passed.
    pub passed: bool,
}

/// The clients whose retention term has passed or ends soon, those passed first.
pub fn past_retention(
    store: &mut Store,
    today: NaiveDate,
) -> Result<Vec<PastRetention>, StoreError> {
    let mut out: Vec<PastRetention> = crate::app::signals::of_rule(store, today, Rule::Retention)?
        .into_iter()
        .filter_map(|item| {
            let (client_id, client_name) = item.client?;
            Some(PastRetention {
                client_id,
                client_name,
                expires: item.signal.due,
                passed: item.signal.severity == Severity::Overdue,
            })
        })
        .collect();
    out.sort_by_key(|p| (!p.passed, p.expires));
    out.dedup_by(|a, b| a.client_id == b.client_id);
    Ok(out)
}
