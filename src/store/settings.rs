//! Instellingen as kept: the organisation's and the supporter's details, each contract with its
//! municipality's age key and optional archive key, and the supporter's own settings (such as
//! the idle time after which the app locks). Written one change at a time, each with its audit
//! line.

use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use serde::Serialize;

use super::write::{audit, insert_contract, known_contracts};
use super::{Store, StoreError};
use crate::model::{Contract, Organisation, Scenario, Supporter};
use crate::scenario::{self, Invalid};

/// A contract as Instellingen shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ContractSettings {
    pub id: String,
    pub rule_set: String,
    pub municipalities: Vec<String>,
    /// The municipality's age recipient (`age1…`).
    pub recipient: String,
    /// The organisation's own age recipient, to which its reports are encrypted too.
    pub archive: Option<String>,
}

/// The settings the supporter chooses; `name` → value.
pub const IDLE_LOCK_MINUTES: &str = "idle_lock_minutes";

pub(super) fn organisation(conn: &Connection) -> Result<Option<Organisation>, StoreError> {
    Ok(conn
        .query_row(
            "SELECT name, address, phone, email, website, complaints FROM organisation",
            [],
            |r| {
                Ok(Organisation {
                    name: r.get(0)?,
                    address: r.get(1)?,
                    phone: r.get(2)?,
                    email: r.get(3)?,
                    website: r.get(4)?,
                    complaints: r.get(5)?,
                })
            },
        )
        .optional()?)
}

pub(super) fn supporter(conn: &Connection) -> Result<Option<Supporter>, StoreError> {
    Ok(conn
        .query_row("SELECT name, phone, email FROM supporter", [], |r| {
            Ok(Supporter {
                name: r.get(0)?,
                phone: r.get(1)?,
                email: r.get(2)?,
            })
        })
        .optional()?)
}

fn refuse(record: &str, field: &str, message: &str) -> StoreError {
    StoreError::Invalid(Invalid {
        record: record.into(),
        field: field.into(),
        message: message.into(),
    })
}

impl Store {
    /// The organisation's and the supporter's details (not read into the audit: no client's).
    pub fn profile(&self) -> Result<(Option<Organisation>, Option<Supporter>), StoreError> {
        Ok((organisation(&self.conn)?, supporter(&self.conn)?))
    }

    /// The contracts in their order, with their keys.
    pub fn contract_settings(&self) -> Result<Vec<ContractSettings>, StoreError> {
        let mut st = self
            .conn
            .prepare("SELECT id, rule_set, recipient, archive FROM contract ORDER BY position")?;
        let mut contracts = st
            .query_map([], |r| {
                Ok(ContractSettings {
                    id: r.get(0)?,
                    rule_set: r.get(1)?,
                    municipalities: Vec::new(),
                    recipient: r.get(2)?,
                    archive: r.get(3)?,
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        let mut st = self
            .conn
            .prepare("SELECT name FROM municipality WHERE contract = ?1 ORDER BY position")?;
        for c in &mut contracts {
            c.municipalities = st
                .query_map([&c.id], |r| r.get(0))?
                .collect::<Result<Vec<String>, _>>()?;
        }
        Ok(contracts)
    }

    /// Instellingen: a new contract (its id, rule set, municipalities and the municipality's
    /// key), checked as an import checks it.
    pub fn add_contract(&mut self, contract: &Contract) -> Result<(), StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let one = Scenario {
            contracts: vec![contract.clone()],
            ..scenario::empty()
        };
        scenario::validate_one(&one, &known_contracts(&tx)?, "contract")?;
        let position: i64 = tx.query_row(
            "SELECT coalesce(max(position) + 1, 0) FROM contract",
            [],
            |r| r.get(0),
        )?;
        insert_contract(&tx, contract, position)?;
        Ok(tx.commit()?)
    }

    /// Instellingen: a contract's rule set and municipalities. A municipality is added freely;
    /// one is taken off only while nothing in the store (a client, a case, time, a policy
    /// signal, a report) names it.
    pub fn change_contract(
        &mut self,
        id: &str,
        rule_set: &str,
        municipalities: &[String],
    ) -> Result<(), StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let recipient: Option<String> = tx
            .query_row("SELECT recipient FROM contract WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .optional()?;
        let Some(recipient) = recipient else {
            return Err(refuse("contract", "id", "dit contract bestaat niet"));
        };
        // Checked as a new contract among the others.
        let mut known = known_contracts(&tx)?;
        known.contracts.remove(id);
        known.municipalities.retain(|_, contract| contract != id);
        let changed = Contract {
            id: id.to_string(),
            rule_set: rule_set.to_string(),
            municipalities: municipalities.to_vec(),
            recipient,
        };
        let one = Scenario {
            contracts: vec![changed],
            ..scenario::empty()
        };
        scenario::validate_one(&one, &known, "contract")?;
        let current: Vec<String> = tx
            .prepare("SELECT name FROM municipality WHERE contract = ?1")?
            .query_map([id], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        for gone in current.iter().filter(|m| !municipalities.contains(m)) {
            let used: i64 = tx.query_row(
                "SELECT (SELECT count(*) FROM client WHERE municipality = ?1)
                      + (SELECT count(*) FROM kase WHERE municipality = ?1)
                      + (SELECT count(*) FROM time_entry WHERE municipality = ?1)
                      + (SELECT count(*) FROM policy_signal WHERE municipality = ?1)
                      + (SELECT count(*) FROM report_export WHERE municipality = ?1)",
                [gone],
                |r| r.get(0),
            )?;
            if used > 0 {
                return Err(refuse(
                    "contract",
                    "municipalities",
                    "een gemeente met cliënten, tijd, signalen of rapporten blijft bij het contract",
                ));
            }
            tx.execute("DELETE FROM municipality WHERE name = ?1", [gone])?;
        }
        for (position, name) in municipalities.iter().enumerate() {
            tx.execute(
                "INSERT INTO municipality (name, contract, position) VALUES (?1, ?2, ?3)
                 ON CONFLICT (name) DO UPDATE SET position = excluded.position",
                params![name, id, position as i64],
            )?;
        }
        tx.execute(
            "UPDATE contract SET rule_set = ?2 WHERE id = ?1",
            params![id, rule_set],
        )?;
        audit(&tx, "update", "contract", Some(id))?;
        Ok(tx.commit()?)
    }

    /// The archive key of the contract a municipality is under, if it has one.
    pub fn archive_of(&self, municipality: &str) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT contract.archive FROM municipality
                 JOIN contract ON contract.id = municipality.contract WHERE municipality.name = ?1",
                [municipality],
                |r| r.get(0),
            )
            .optional()?
            .flatten())
    }

    /// Sets (or, with `None` or an empty text, removes) a contract's archive key, checked as
    /// the municipality's key is (format and checksum).
    pub fn set_archive(&mut self, contract: &str, archive: Option<&str>) -> Result<(), StoreError> {
        let archive = archive.map(str::trim).filter(|a| !a.is_empty());
        if let Some(key) = archive {
            if !scenario::is_age_recipient(key) {
                return Err(refuse(
                    "contract",
                    "archive",
                    "geen geldige age-sleutel (age1…, 62 tekens)",
                ));
            }
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let changed = tx.execute(
            "UPDATE contract SET archive = ?2 WHERE id = ?1",
            params![contract, archive],
        )?;
        if changed == 0 {
            return Err(refuse("contract", "id", "dit contract bestaat niet"));
        }
        audit(&tx, "update", "contract", Some(contract))?;
        Ok(tx.commit()?)
    }

    /// The idle time in minutes after which the app locks itself; 0 is never.
    pub fn idle_lock_minutes(&self) -> Result<u32, StoreError> {
        let value: Option<String> = self
            .conn
            .query_row(
                "SELECT value FROM setting WHERE name = ?1",
                [IDLE_LOCK_MINUTES],
                |r| r.get(0),
            )
            .optional()?;
        Ok(value.and_then(|v| v.parse().ok()).unwrap_or(0))
    }

    /// Sets the idle time after which the app locks itself: 0 (never) up to a working day.
    pub fn set_idle_lock_minutes(&mut self, minutes: u32) -> Result<(), StoreError> {
        if minutes > 480 {
            return Err(refuse(
                "setting",
                IDLE_LOCK_MINUTES,
                "kies 0 (nooit) tot en met 480 minuten",
            ));
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute(
            "INSERT INTO setting (name, value) VALUES (?1, ?2)
             ON CONFLICT (name) DO UPDATE SET value = excluded.value",
            params![IDLE_LOCK_MINUTES, minutes.to_string()],
        )?;
        audit(&tx, "update", "setting", Some(IDLE_LOCK_MINUTES))?;
        Ok(tx.commit()?)
    }
}
