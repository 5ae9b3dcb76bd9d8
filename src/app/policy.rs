//! Signalen voor beleid: releasing a policy signal for the municipality's half-year report,
//! only when the privacy scan finds nothing that points to a client; holding it back again.

use crate::report::privacy;
use crate::scenario::Invalid;
use crate::store::{Store, StoreError};

/// Releases signal `id` for the report. A text that names a client, an address, a phone, an
/// e-mail, a birth date or a BSN-like number is refused, naming the kind of data, never the
/// value; the signal stays held back.
pub fn release(store: &mut Store, id: i64) -> Result<(), StoreError> {
    let row = store.policy_signal(id)?;
    let clients = store.clients_for_scan()?;
    if let Some(found) = privacy::scan(&row.signal.text, &clients) {
        return Err(StoreError::Invalid(Invalid {
            record: "policy_signal".into(),
            field: "text".into(),
            message: format!(
                "noemt {}; haal dat weg voordat u het signaal vrijgeeft",
                found.label()
            ),
        }));
    }
    store.set_policy_released(id, true)
}

/// Holds a released signal back again: it does not go into a report until released again.
pub fn hold_back(store: &mut Store, id: i64) -> Result<(), StoreError> {
    store.set_policy_released(id, false)
}

/// The policy signals of a municipality written in a half year, oldest first: what the
/// Signalen voor beleid screen lists, and what that period's report takes when released.
pub fn of_period(
    store: &Store,
    municipality: &str,
    period: crate::report::Period,
) -> Result<Vec<crate::store::PolicyRow>, StoreError> {
    Ok(store
        .policy_signals(Some(municipality))?
        .into_iter()
        .filter(|row| period.contains(row.signal.on.0))
        .collect())
}
