//! The client information sheet of a case: rendered from the store and written, whole or not at
//! all, where the supporter chose to save it. One action, logged in the audit as a print.

use std::path::Path;

use chrono::NaiveDate;

use crate::store::{Store, StoreError};

/// What saving a sheet did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Saved {
    /// How many kinds of letter the font lacks (they print as "?"); counted, never named,
    /// since they may be part of a name.
    pub unknown_letters: usize,
}

/// Renders the sheet of `case` as made on `made_on` and writes it atomically to `out`.
pub fn save(
    store: &mut Store,
    case: &str,
    made_on: NaiveDate,
    out: &Path,
) -> Result<Saved, StoreError> {
    let data = store.sheet_data(case)?;
    let pdf = crate::sheet::render(&data, made_on);
    crate::fsutil::write_atomically(out, &pdf).map_err(StoreError::write(out))?;
    Ok(Saved {
        unknown_letters: crate::sheet::missing_glyphs(&data).len(),
    })
}
