//! Policy signals (signalen voor beleid): the supporter's notes for a municipality, written,
//! changed, and released for the half-year report or held back. Whether a text may be
//! released is the privacy scan's call (`app::policy`); here they are only kept.

use rusqlite::{params, OptionalExtension, TransactionBehavior};

use super::write::{audit, known_contracts};
use super::{Store, StoreError};
use crate::model::{PolicySignal, Scenario};
use crate::scenario::{self, Invalid};

/// A policy signal with its id.
#[derive(Debug, Clone, PartialEq)]
pub struct PolicyRow {
    pub id: i64,
    pub signal: PolicySignal,
}

/// A row of `id, on_date, municipality, category, text, released`.
fn row_of(r: &rusqlite::Row<'_>) -> rusqlite::Result<PolicyRow> {
    Ok(PolicyRow {
        id: r.get(0)?,
        signal: PolicySignal {
            on: r.get(1)?,
            municipality: r.get(2)?,
            category: r.get(3)?,
            text: r.get(4)?,
            released: r.get(5)?,
        },
    })
}

fn refuse(field: &str, message: &str) -> StoreError {
    StoreError::Invalid(Invalid {
        record: "policy_signal".into(),
        field: field.into(),
        message: message.into(),
    })
}

/// The signal checked as the import checks it (date, municipality under a contract, text).
fn check(tx: &rusqlite::Transaction<'_>, signal: &PolicySignal) -> Result<(), StoreError> {
    let one = Scenario {
        policy_signals: vec![signal.clone()],
        ..scenario::empty()
    };
    Ok(scenario::validate_one(
        &one,
        &known_contracts(tx)?,
        "policy_signal",
    )?)
}

impl Store {
    /// The policy signals, oldest first; of one municipality, or all.
    pub fn policy_signals(&self, municipality: Option<&str>) -> Result<Vec<PolicyRow>, StoreError> {
        let mut st = self.conn.prepare(
            "SELECT id, on_date, municipality, category, text, released FROM policy_signal
             WHERE ?1 IS NULL OR municipality = ?1 ORDER BY on_date, id",
        )?;
        let rows = st.query_map([municipality], row_of)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// One policy signal by id.
    pub fn policy_signal(&self, id: i64) -> Result<PolicyRow, StoreError> {
        self.conn
            .query_row(
                "SELECT id, on_date, municipality, category, text, released FROM policy_signal
                 WHERE id = ?1",
                [id],
                row_of,
            )
            .optional()?
            .ok_or_else(|| refuse("id", "dit signaal bestaat niet"))
    }

    /// A new policy signal, not released yet (releasing is its own action); returns its id.
    pub fn add_policy_signal(&mut self, signal: &PolicySignal) -> Result<i64, StoreError> {
        let signal = PolicySignal {
            released: false,
            ..signal.clone()
        };
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        check(&tx, &signal)?;
        tx.execute(
            "INSERT INTO policy_signal (on_date, municipality, category, text, released)
             VALUES (?1, ?2, ?3, ?4, 0)",
            params![signal.on, signal.municipality, signal.category, signal.text],
        )?;
        let id = tx.last_insert_rowid();
        audit(&tx, "create", "policy-signal", Some(&id.to_string()))?;
        tx.commit()?;
        Ok(id)
    }

    /// Changes a signal that is not released (a released one is first held back again, so
    /// that a changed text is scanned again before it leaves).
    pub fn change_policy_signal(
        &mut self,
        id: i64,
        signal: &PolicySignal,
    ) -> Result<(), StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let released: Option<bool> = tx
            .query_row(
                "SELECT released FROM policy_signal WHERE id = ?1",
                [id],
                |r| r.get(0),
            )
            .optional()?;
        match released {
            None => return Err(refuse("id", "dit signaal bestaat niet")),
            Some(true) => {
                return Err(refuse(
                    "released",
                    "dit signaal is vrijgegeven; houd het eerst tegen om het te wijzigen",
                ))
            }
            Some(false) => {}
        }
        let signal = PolicySignal {
            released: false,
            ..signal.clone()
        };
        check(&tx, &signal)?;
        tx.execute(
            "UPDATE policy_signal SET on_date = ?2, municipality = ?3, category = ?4, text = ?5
             WHERE id = ?1",
            params![
                id,
                signal.on,
                signal.municipality,
                signal.category,
                signal.text
            ],
        )?;
        audit(&tx, "update", "policy-signal", Some(&id.to_string()))?;
        Ok(tx.commit()?)
    }

    /// Marks a signal released or held back. Release through `app::policy::release`, which
    /// scans the text first.
    pub(crate) fn set_policy_released(
        &mut self,
        id: i64,
        released: bool,
    ) -> Result<(), StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let changed = tx.execute(
            "UPDATE policy_signal SET released = ?2 WHERE id = ?1",
            params![id, released],
        )?;
        if changed == 0 {
            return Err(refuse("id", "dit signaal bestaat niet"));
        }
        let action = if released { "release" } else { "hold-back" };
        audit(&tx, action, "policy-signal", Some(&id.to_string()))?;
        Ok(tx.commit()?)
    }
}
