//! What needs doing: every contract's rule set evaluated over the store's facts on a day.

use chrono::NaiveDate;

use crate::rules::{self, Signal};
use crate::store::{Store, StoreError};

/// Every signal of every contract on `today`, most urgent first.
pub fn on(store: &Store, today: NaiveDate) -> Result<Vec<Signal>, StoreError> {
    let mut all = Vec::new();
    for (snapshot, rule_set) in store.snapshots(today)? {
        let rules = rules::shipped(&rule_set).ok_or_else(|| StoreError::UnknownRuleSet {
            contract: snapshot.contract.clone(),
            rule_set: rule_set.clone(),
        })?;
        all.extend(rules::evaluate(&snapshot, rules, today));
    }
    rules::most_urgent_first(&mut all);
    Ok(all)
}

/// A signal as Vandaag shows it: with the client of its case, for the link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TodayItem {
    pub signal: Signal,
    /// (client id, client name), when the signal is about a case.
    pub client: Option<(String, String)>,
}

/// Vandaag: the signals, most urgent first, and how many are overdue and due.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Today {
    pub items: Vec<TodayItem>,
    pub overdue: usize,
    pub due: usize,
}

/// What Vandaag shows on `today`.
pub fn today(store: &Store, today: NaiveDate) -> Result<Today, StoreError> {
    let signals = on(store, today)?;
    let clients = store.case_clients(signals.iter().filter_map(|s| s.case.as_deref()))?;
    let count = |severity| signals.iter().filter(|s| s.severity == severity).count();
    let (overdue, due) = (count(rules::Severity::Overdue), count(rules::Severity::Due));
    let items = signals
        .into_iter()
        .map(|signal| TodayItem {
            client: signal
                .case
                .as_ref()
                .and_then(|case| clients.get(case).cloned()),
            signal,
        })
        .collect();
    Ok(Today {
        items,
        overdue,
        due,
    })
}
