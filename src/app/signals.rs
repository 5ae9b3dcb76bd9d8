//! What needs doing: every contract's rule set evaluated over the store's facts on a day.

use chrono::NaiveDate;

use crate::rules::{self, Signal};
use crate::store::{Store, StoreError};

/// Every signal of every contract on `today`, most urgent first.
pub fn on(store: &Store, today: NaiveDate) -> Result<Vec<Signal>, StoreError> {
    let mut all = Vec::new();
    for (snapshot, rule_set) in store.snapshots()? {
        let rules = rules::shipped(&rule_set).ok_or_else(|| StoreError::UnknownRuleSet {
            contract: snapshot.contract.clone(),
            rule_set: rule_set.clone(),
        })?;
        all.extend(rules::evaluate(&snapshot, rules, today));
    }
    rules::most_urgent_first(&mut all);
    Ok(all)
}
