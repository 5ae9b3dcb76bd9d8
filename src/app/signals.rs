//! What needs doing: every contract's rule set evaluated over the store's facts on a day; for
//! Vandaag, from the signals the store keeps per client, evaluated again only where the facts
//! or the day changed them.

use chrono::NaiveDate;

use crate::rules::{self, ClientSignals, RuleSet, Signal, Snapshot};
use crate::store::{Refreshed, Store, StoreError};

/// How many signals Vandaag shows at once, most urgent first: a day's work and more, and few
/// enough for the window to lay out and draw at once.
pub const SHOWN_MAX: usize = 50;

/// The rule set of a contract, by its name.
fn rule_set(contract: &str, name: &str) -> Result<&'static RuleSet, StoreError> {
    rules::shipped(name).ok_or_else(|| StoreError::UnknownRuleSet {
        contract: contract.to_string(),
        rule_set: name.to_string(),
    })
}

/// Every signal of every contract on `today`, most urgent first, evaluated from every fact.
pub fn on(store: &Store, today: NaiveDate) -> Result<Vec<Signal>, StoreError> {
    let mut all = Vec::new();
    for (snapshot, name) in store.snapshots(today)? {
        all.extend(rules::evaluate(
            &snapshot,
            rule_set(&snapshot.contract, &name)?,
            today,
        ));
    }
    rules::most_urgent_first(&mut all);
    Ok(all)
}

/// Brings the signals the store keeps up to `today` (see `Store::refresh_signals`).
pub fn refresh(store: &mut Store, today: NaiveDate) -> Result<Refreshed, StoreError> {
    let evaluate = |snapshots: &[(Snapshot, String)]| {
        let mut out: Vec<ClientSignals> = Vec::new();
        for (snapshot, name) in snapshots {
            out.extend(rules::evaluate_clients(
                snapshot,
                rule_set(&snapshot.contract, name)?,
                today,
            ));
        }
        Ok(out)
    };
    store.refresh_signals(today, rules::fingerprint(), evaluate)
}

/// Each contract's own signals on `today` (budget, reports due), from the store's sums.
fn contract_signals(store: &Store, today: NaiveDate) -> Result<Vec<Signal>, StoreError> {
    let mut out = Vec::new();
    for (facts, name) in store.contract_facts(today)? {
        out.extend(rules::evaluate_contract(
            &facts,
            rule_set(&facts.contract, &name)?,
            today,
        ));
    }
    Ok(out)
}

/// A signal as Vandaag shows it: with the client of its case, for the link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TodayItem {
    pub signal: Signal,
    /// (client id, client name), when the signal is about a case.
    pub client: Option<(String, String)>,
}

/// Vandaag: the first signals, most urgent first, and how many there are in all, overdue and
/// due.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Today {
    pub items: Vec<TodayItem>,
    pub overdue: usize,
    pub due: usize,
    pub total: usize,
}

/// What Vandaag shows on `today`: the first `limit` signals. When the store cannot be
/// written just now (a full or read-only disk, another program writing), everything is
/// evaluated from the facts instead, which takes longer and keeps nothing.
pub fn today(store: &mut Store, today: NaiveDate, limit: usize) -> Result<Today, StoreError> {
    let (mut signals, overdue, due, total) = match refresh(store, today) {
        Ok(_) => {
            let kept = store.kept_signals(limit)?;
            let mut signals = contract_signals(store, today)?;
            let (overdue, due) = overdue_and_due(&signals);
            let total = kept.total + signals.len();
            signals.extend(kept.signals);
            rules::most_urgent_first(&mut signals);
            (signals, kept.overdue + overdue, kept.due + due, total)
        }
        Err(e) if e.cannot_write() => {
            let signals = on(store, today)?;
            let (overdue, due) = overdue_and_due(&signals);
            let total = signals.len();
            (signals, overdue, due, total)
        }
        Err(e) => return Err(e),
    };
    signals.truncate(limit);
    Ok(Today {
        items: with_clients(store, signals)?,
        overdue,
        due,
        total,
    })
}

/// How many of `signals` are overdue, and how many due.
fn overdue_and_due(signals: &[Signal]) -> (usize, usize) {
    let count = |severity| signals.iter().filter(|s| s.severity == severity).count();
    (count(rules::Severity::Overdue), count(rules::Severity::Due))
}

/// Every signal of one rule on `today`, most urgent first, each with its client.
pub fn of_rule(
    store: &mut Store,
    today: NaiveDate,
    rule: rules::Rule,
) -> Result<Vec<TodayItem>, StoreError> {
    let signals = match refresh(store, today) {
        Ok(_) => store.kept_signals_of(rule)?,
        Err(e) if e.cannot_write() => on(store, today)?
            .into_iter()
            .filter(|s| s.rule == rule)
            .collect(),
        Err(e) => return Err(e),
    };
    with_clients(store, signals)
}

/// Each signal with the client of its case, for the link.
fn with_clients(store: &Store, signals: Vec<Signal>) -> Result<Vec<TodayItem>, StoreError> {
    let clients = store.case_clients(signals.iter().filter_map(|s| s.case.as_deref()))?;
    Ok(signals
        .into_iter()
        .map(|signal| TodayItem {
            client: signal
                .case
                .as_ref()
                .and_then(|case| clients.get(case).cloned()),
            signal,
        })
        .collect())
}
