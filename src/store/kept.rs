//! Vandaag's signals kept per client (schema 11): evaluated again only for the clients whose
//! facts changed (triggers mark them in `signal_stale`) or whose signals change with the day,
//! and read a page at a time in Vandaag's order.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{params, OptionalExtension, Transaction, TransactionBehavior};

use super::{Store, StoreError};
use crate::model::Date;
use crate::rules::{ClientSignals, Rule, Severity, Signal, Snapshot};

/// The setting that names the rules the kept signals were evaluated with.
const RULES: &str = "signals_rules";
/// The setting that holds the last day the kept signals were brought up to.
const DAY: &str = "signals_day";

/// The rule ids in the order their numbers are kept.
const RULE_ORDER: [Rule; 10] = [
    Rule::FirstContact,
    Rule::FirstAppointment,
    Rule::Duration,
    Rule::Budget,
    Rule::WlzEnd,
    Rule::Independence,
    Rule::Consent,
    Rule::FollowUp,
    Rule::ReportDue,
    Rule::Retention,
];
/// The severities in the order their numbers are kept (Vandaag's order).
const SEVERITY_ORDER: [Severity; 3] = [Severity::Overdue, Severity::Due, Severity::Info];

/// What a refresh found to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refreshed {
    /// Every kept signal still held.
    Nothing,
    /// This many clients were evaluated again.
    Clients(usize),
    /// Everything was evaluated again (first use, other rules, the day went back, or most
    /// clients changed at once, as after an import).
    All,
}

/// A page of kept signals in Vandaag's order, and how many there are of each severity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeptPage {
    pub signals: Vec<Signal>,
    pub overdue: usize,
    pub due: usize,
    pub total: usize,
}

impl Store {
    /// Brings the kept signals up to `today` under the rules named by `rules` (a fingerprint):
    /// the clients marked stale and those whose signals change by `today` are loaded and
    /// passed to `evaluate`, and what it returns is kept, in one transaction. Nothing is
    /// written (and no lock taken) when everything still holds.
    pub fn refresh_signals(
        &mut self,
        today: NaiveDate,
        rules: &str,
        evaluate: impl Fn(&[(Snapshot, String)]) -> Result<Vec<ClientSignals>, StoreError>,
    ) -> Result<Refreshed, StoreError> {
        let day = Date(today).to_string();
        if !self.signals_need_refresh(&day, rules)? {
            return Ok(Refreshed::Nothing);
        }
        let tx = Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)?;
        let setting = |name: &str| -> Result<Option<String>, StoreError> {
            Ok(tx
                .query_row("SELECT value FROM setting WHERE name = ?1", [name], |r| {
                    r.get(0)
                })
                .optional()?)
        };
        let all = setting(RULES)?.as_deref() != Some(rules)
            || setting(DAY)?.is_none_or(|kept| kept.as_str() > day.as_str());
        let todo: Vec<String> = if all {
            Vec::new()
        } else {
            let mut st = tx.prepare(
                "SELECT client FROM signal_stale
                 UNION SELECT client FROM signal_client WHERE valid_until <= ?1",
            )?;
            let found = st
                .query_map([&day], |r| r.get(0))?
                .collect::<Result<_, _>>()?;
            found
        };
        let clients: i64 = tx.query_row("SELECT count(*) FROM client", [], |r| r.get(0))?;
        // Past a fifth of the clients one pass over everything is cheaper than a lookup each.
        let all = all || todo.len().saturating_mul(5) > usize::try_from(clients).unwrap_or(0);
        let refreshed = if all {
            tx.execute_batch(
                "DELETE FROM signal_kept; DELETE FROM signal_client; DELETE FROM signal_stale;
                 INSERT INTO signal_client (client) SELECT id FROM client;",
            )?;
            keep(&tx, evaluate(&self.snapshots_of(today, None)?)?)?;
            Refreshed::All
        } else {
            let only = serde_json::to_string(&todo).map_err(|_| {
                StoreError::Sqlite(rusqlite::Error::InvalidParameterName("clients".into()))
            })?;
            tx.execute(
                "DELETE FROM signal_client WHERE client IN (SELECT value FROM json_each(?1))",
                [&only],
            )?;
            tx.execute(
                "DELETE FROM signal_stale WHERE client IN (SELECT value FROM json_each(?1))",
                [&only],
            )?;
            tx.execute(
                "INSERT INTO signal_client (client)
                 SELECT id FROM client WHERE id IN (SELECT value FROM json_each(?1))",
                [&only],
            )?;
            keep(&tx, evaluate(&self.snapshots_of(today, Some(&only))?)?)?;
            Refreshed::Clients(todo.len())
        };
        for (name, value) in [(RULES, rules), (DAY, day.as_str())] {
            tx.execute(
                "INSERT INTO setting (name, value) VALUES (?1, ?2)
                 ON CONFLICT (name) DO UPDATE SET value = excluded.value",
                [name, value],
            )?;
        }
        tx.commit()?;
        Ok(refreshed)
    }

    /// Whether anything kept may not hold on `day` (a read; no lock).
    fn signals_need_refresh(&self, day: &str, rules: &str) -> Result<bool, StoreError> {
        Ok(self.conn.query_row(
            "SELECT coalesce((SELECT value FROM setting WHERE name = ?2), '') <> ?3
                 OR coalesce((SELECT value FROM setting WHERE name = ?4), '9999') > ?1
                 OR EXISTS (SELECT 1 FROM signal_stale)
                 OR EXISTS (SELECT 1 FROM signal_client WHERE valid_until <= ?1)",
            params![day, RULES, rules, DAY],
            |r| r.get(0),
        )?)
    }

    /// The first `limit` kept signals in Vandaag's order (most urgent first), and the counts.
    pub fn kept_signals(&self, limit: usize) -> Result<KeptPage, StoreError> {
        let mut st = self.conn.prepare_cached(
            "SELECT severity, due, kase, rule, contract, municipality, message, clears
             FROM signal_kept INDEXED BY signal_kept_order
             ORDER BY severity, due, kase, rule, id LIMIT ?1",
        )?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let signals = st
            .query_map([limit], signal_from_row)?
            .collect::<Result<_, _>>()?;
        let mut counts: HashMap<i64, usize> = HashMap::new();
        let mut st = self
            .conn
            .prepare_cached("SELECT severity, count(*) FROM signal_kept GROUP BY severity")?;
        for row in st.query_map([], |r| Ok((r.get(0)?, r.get::<_, i64>(1)?)))? {
            let (severity, n) = row?;
            counts.insert(severity, usize::try_from(n).unwrap_or(0));
        }
        Ok(KeptPage {
            signals,
            overdue: counts.get(&0).copied().unwrap_or(0),
            due: counts.get(&1).copied().unwrap_or(0),
            total: counts.values().sum(),
        })
    }

    /// Every kept signal of `rule`, in Vandaag's order.
    pub fn kept_signals_of(&self, rule: Rule) -> Result<Vec<Signal>, StoreError> {
        let mut st = self.conn.prepare_cached(
            "SELECT severity, due, kase, rule, contract, municipality, message, clears
             FROM signal_kept WHERE rule = ?1 ORDER BY severity, due, kase, rule, id",
        )?;
        let rows = st.query_map([rule_number(rule)], signal_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

/// Keeps what `evaluate` returned: the signals in Vandaag's order of making, and the day each
/// client's may change. Every client evaluated already has its `signal_client` row.
fn keep(tx: &Transaction<'_>, evaluated: Vec<ClientSignals>) -> Result<(), StoreError> {
    let mut until = tx.prepare_cached(
        "UPDATE signal_client SET valid_until = ?2 WHERE client = ?1
             AND (valid_until IS NULL OR valid_until > ?2)",
    )?;
    let mut insert = tx.prepare_cached(
        "INSERT INTO signal_kept (client, severity, due, kase, rule, contract, municipality,
                                  message, clears)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    for client in evaluated {
        if let Some(day) = client.changes_on {
            until.execute(params![client.client, Date(day)])?;
        }
        for s in client.signals {
            insert.execute(params![
                client.client,
                severity_number(s.severity),
                s.due,
                s.case,
                rule_number(s.rule),
                s.contract,
                s.municipality,
                s.message,
                s.clears
            ])?;
        }
    }
    Ok(())
}

fn rule_number(rule: Rule) -> i64 {
    RULE_ORDER.iter().position(|r| *r == rule).unwrap_or(0) as i64
}

fn severity_number(severity: Severity) -> i64 {
    SEVERITY_ORDER
        .iter()
        .position(|s| *s == severity)
        .unwrap_or(0) as i64
}

/// A kept signal as the rules made it; a number no build wrote is damage.
fn signal_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Signal> {
    let number = |i: usize| -> rusqlite::Result<usize> {
        usize::try_from(r.get::<_, i64>(i)?)
            .map_err(|_| rusqlite::Error::IntegralValueOutOfRange(i, -1))
    };
    let out_of_range = |i: usize| rusqlite::Error::IntegralValueOutOfRange(i, -1);
    Ok(Signal {
        severity: *SEVERITY_ORDER
            .get(number(0)?)
            .ok_or_else(|| out_of_range(0))?,
        due: r.get(1)?,
        case: r.get(2)?,
        rule: *RULE_ORDER.get(number(3)?).ok_or_else(|| out_of_range(3))?,
        contract: r.get(4)?,
        municipality: r.get(5)?,
        message: r.get(6)?,
        clears: r.get(7)?,
        period: None,
    })
}
