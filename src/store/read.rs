//! Reads from the store: the whole store or one client's dossier in the scenario format, the
//! screens' reads (clients, one dossier, cases' clients, contracts, time totals), and the audit
//! trail.

use std::collections::HashMap;

use rusqlite::{params, OptionalExtension, Row, TransactionBehavior};
use serde::Serialize;

use super::write::audit;
use super::{Store, StoreError};
use crate::model::{
    Action, Case, Client, Conflict, Consent, Contact, Contract, Date, PolicySignal, Scenario,
    TimeEntry, SCENARIO_FORMAT,
};

/// One line of the list of clients.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClientRow {
    pub id: String,
    pub name: String,
    pub born: Option<Date>,
    pub municipality: String,
    pub open_cases: u32,
    pub cases: u32,
}

/// Minutes in a stretch of days: client-bound (contacts and time on a case) and other time.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct TimeTotals {
    pub client_bound: u64,
    pub other: u64,
}

/// One line of the audit trail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditEntry {
    pub at: String,
    pub action: String,
    pub entity: String,
    pub entity_id: Option<String>,
}

impl Store {
    /// Everything in the store (`client = None`), or one client's whole dossier, in the
    /// scenario format: what `export-json` prints and `import` reads back. Logged in the audit.
    pub fn export(&mut self, client: Option<&str>) -> Result<Scenario, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        if let Some(id) = client {
            let exists = tx
                .query_row("SELECT 1 FROM client WHERE id = ?1", [id], |_| Ok(()))
                .optional()?
                .is_some();
            if !exists {
                return Err(StoreError::UnknownClient(id.to_string()));
            }
        }
        let scenario = export_scenario(&tx, client)?;
        audit(&tx, "export", "client", client)?;
        tx.commit()?;
        Ok(scenario)
    }

    /// What the client information sheet of a case shows. Logged in the audit as a print.
    pub fn sheet_data(&mut self, case: &str) -> Result<crate::sheet::SheetData, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let found: Option<(String, String)> = tx
            .query_row(
                "SELECT kase.client, contract.rule_set FROM kase
                 JOIN contract ON contract.id = kase.contract WHERE kase.id = ?1",
                [case],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let Some((client, rule_set)) = found else {
            return Err(StoreError::UnknownCase(case.to_string()));
        };
        let mut dossier = export_scenario(&tx, Some(&client))?;
        audit(&tx, "print", "case", Some(case))?;
        tx.commit()?;
        let position = dossier.cases.iter().position(|c| c.id == case);
        let (Some(position), Some(client)) = (position, dossier.clients.pop()) else {
            return Err(StoreError::UnknownCase(case.to_string()));
        };
        Ok(crate::sheet::SheetData {
            organisation: dossier.organisation,
            supporter: dossier.supporter,
            client,
            case: dossier.cases.swap_remove(position),
            rule_set,
        })
    }

    /// Clients in Cliënten's order (name without case, then as entered) whose search key
    /// (`write::search_key`) holds every one of `words`, at most `limit` of them, with their
    /// case counts; and whether more would follow. Every client when `words` is empty, read
    /// through the index by name; otherwise the narrow index of search keys is scanned and
    /// only the clients found are read and sorted. A page costs what it shows and finds, not
    /// what the store holds.
    pub fn client_rows(
        &self,
        words: &[String],
        limit: usize,
    ) -> Result<(Vec<ClientRow>, bool), StoreError> {
        let sql = if words.is_empty() {
            "SELECT id, name, born, municipality FROM client INDEXED BY client_by_name
             ORDER BY name COLLATE NOCASE, position LIMIT ?1"
                .to_string()
        } else {
            let holds: Vec<String> = (0..words.len())
                .map(|i| format!("instr(search_key, ?{}) > 0", i + 2))
                .collect();
            format!(
                "SELECT id, name, born, municipality FROM client WHERE rowid IN (
                     SELECT rowid FROM client INDEXED BY client_search WHERE {})
                 ORDER BY name COLLATE NOCASE, position LIMIT ?1",
                holds.join(" AND ")
            )
        };
        let mut st = self.conn.prepare_cached(&sql)?;
        let mut counts = self.conn.prepare_cached(
            "SELECT count(*) FILTER (WHERE closed_on IS NULL), count(*) FROM kase WHERE client = ?1",
        )?;
        let mut values: Vec<&dyn rusqlite::ToSql> = Vec::with_capacity(words.len() + 1);
        let wanted = i64::try_from(limit.saturating_add(1)).unwrap_or(i64::MAX);
        values.push(&wanted);
        values.extend(words.iter().map(|w| w as &dyn rusqlite::ToSql));
        let mut rows = st.query(values.as_slice())?;
        let mut found = Vec::new();
        while let Some(r) = rows.next()? {
            if found.len() == limit {
                return Ok((found, true));
            }
            let id: String = r.get(0)?;
            let (open_cases, cases) = counts.query_row([&id], |c| Ok((c.get(0)?, c.get(1)?)))?;
            found.push(ClientRow {
                born: r.get(2)?,
                id,
                name: r.get(1)?,
                municipality: r.get(3)?,
                open_cases,
                cases,
            });
        }
        Ok((found, false))
    }

    /// One client's dossier (the client, their cases, contacts and time) for the app's screens.
    /// A read, not an export: it leaves no audit line.
    pub fn dossier(&self, client: &str) -> Result<Scenario, StoreError> {
        let tx = self.conn.unchecked_transaction()?;
        let exists = tx
            .query_row("SELECT 1 FROM client WHERE id = ?1", [client], |_| Ok(()))
            .optional()?
            .is_some();
        if !exists {
            return Err(StoreError::UnknownClient(client.to_string()));
        }
        export_scenario(&tx, Some(client))
    }

    /// The client a case belongs to.
    pub fn client_of_case(&self, case: &str) -> Result<String, StoreError> {
        self.conn
            .query_row("SELECT client FROM kase WHERE id = ?1", [case], |r| {
                r.get(0)
            })
            .optional()?
            .ok_or_else(|| StoreError::UnknownCase(case.to_string()))
    }

    /// The client of each of `cases`: case id → (client id, client name). Unknown ids are
    /// left out. The open cases are read in one pass (most signals are about them), the rest
    /// one by one.
    pub fn case_clients<'a>(
        &self,
        cases: impl IntoIterator<Item = &'a str>,
    ) -> Result<HashMap<String, (String, String)>, StoreError> {
        let mut st = self.conn.prepare_cached(
            "SELECT client.id, client.name FROM kase JOIN client ON client.id = kase.client
             WHERE kase.id = ?1",
        )?;
        let mut out = HashMap::new();
        for case in cases {
            if out.contains_key(case) {
                continue;
            }
            if let Some(found) = st
                .query_row([case], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?
            {
                out.insert(case.to_string(), found);
            }
        }
        Ok(out)
    }

    /// The contracts: (id, rule set, municipalities), in their order.
    pub fn contracts(&self) -> Result<Vec<(String, String, Vec<String>)>, StoreError> {
        Ok(self
            .contract_settings()?
            .into_iter()
            .map(|c| (c.id, c.rule_set, c.municipalities))
            .collect())
    }

    /// Minutes from `from` to `to` (both included): client-bound and other, in total and per
    /// contract (client-bound only, by the contract of the case).
    pub fn time_totals(
        &self,
        from: Date,
        to: Date,
    ) -> Result<(TimeTotals, HashMap<String, u64>), StoreError> {
        let mut per_contract: HashMap<String, u64> = HashMap::new();
        let mut totals = TimeTotals::default();
        // The day sums that triggers keep (schema 11): a year is at most 366 rows a contract.
        let mut st = self.conn.prepare_cached(
            "SELECT contract, SUM(minutes) FROM minutes_by_day
             WHERE day BETWEEN ?1 AND ?2 GROUP BY contract",
        )?;
        let mut rows = st.query(params![from, to])?;
        let mut other = 0;
        while let Some(r) = rows.next()? {
            let contract: String = r.get(0)?;
            let minutes = u64::try_from(r.get::<_, i64>(1)?).unwrap_or(0);
            if contract.is_empty() {
                other = minutes;
                continue;
            }
            totals.client_bound += minutes;
            per_contract.insert(contract, minutes);
        }
        totals.other = other;
        Ok((totals, per_contract))
    }

    /// The audit trail, oldest first.
    pub fn audit_trail(&self) -> Result<Vec<AuditEntry>, StoreError> {
        let mut st = self
            .conn
            .prepare("SELECT at, action, entity, entity_id FROM audit ORDER BY id")?;
        let rows = st.query_map([], |r| {
            Ok(AuditEntry {
                at: r.get(0)?,
                action: r.get(1)?,
                entity: r.get(2)?,
                entity_id: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

/// The condition that keeps one client's rows (`column = ?1`), or every row when `?1` is NULL.
/// Two texts rather than `?1 IS NULL OR column = ?1`, which SQLite cannot answer from an index:
/// one client's dossier is read through the indexes on client, not by scanning every table.
fn of_client(only: Option<&str>, column: &str) -> String {
    match only {
        Some(_) => format!("{column} = ?1"),
        None => "?1 IS NULL".to_string(),
    }
}

/// The columns `client_from_row` reads, in its order.
pub(super) const CLIENT_COLUMNS: &str = "id, name, born, municipality, address, phone, email";

/// A client without consents, from a row of `CLIENT_COLUMNS`.
pub(super) fn client_from_row(r: &Row<'_>) -> rusqlite::Result<Client> {
    Ok(Client {
        id: r.get(0)?,
        name: r.get(1)?,
        born: r.get(2)?,
        municipality: r.get(3)?,
        address: r.get(4)?,
        phone: r.get(5)?,
        email: r.get(6)?,
        consents: Vec::new(),
    })
}

fn export_scenario(
    tx: &rusqlite::Transaction<'_>,
    only: Option<&str>,
) -> Result<Scenario, StoreError> {
    let organisation = super::settings::organisation(tx)?;
    let supporter = super::settings::supporter(tx)?;

    // One client's dossier carries the contract of their municipality, so it stands alone.
    let mut contracts = Vec::new();
    let mut st = tx.prepare(
        "SELECT id, rule_set, recipient FROM contract
         WHERE ?1 IS NULL OR id = (SELECT municipality.contract FROM client
             JOIN municipality ON municipality.name = client.municipality WHERE client.id = ?1)
         ORDER BY position",
    )?;
    let mut municipalities =
        tx.prepare("SELECT name FROM municipality WHERE contract = ?1 ORDER BY position")?;
    for row in st.query_map([only], |r| {
        Ok((r.get::<_, String>(0)?, r.get(1)?, r.get(2)?))
    })? {
        let (id, rule_set, recipient) = row?;
        let names = municipalities
            .query_map([&id], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        contracts.push(Contract {
            id,
            rule_set,
            municipalities: names,
            recipient,
        });
    }

    let mut consents: HashMap<String, Vec<Consent>> = HashMap::new();
    let mut st = tx.prepare(&format!(
        "SELECT client, purpose, given_on, how, withdrawn_on FROM consent
         WHERE {} ORDER BY id",
        of_client(only, "client")
    ))?;
    for row in st.query_map([only], |r| {
        Ok((
            r.get::<_, String>(0)?,
            Consent {
                purpose: r.get(1)?,
                given_on: r.get(2)?,
                how: r.get(3)?,
                withdrawn_on: r.get(4)?,
            },
        ))
    })? {
        let (client, consent) = row?;
        consents.entry(client).or_default().push(consent);
    }
    let mut clients = Vec::new();
    let mut st = tx.prepare(&format!(
        "SELECT {CLIENT_COLUMNS} FROM client WHERE {} ORDER BY position",
        of_client(only, "id")
    ))?;
    for row in st.query_map([only], client_from_row)? {
        let mut client = row?;
        client.consents = consents.remove(&client.id).unwrap_or_default();
        clients.push(client);
    }

    let cases = export_cases(tx, only)?;
    let contacts = export_contacts(tx, only)?;

    let mut time = Vec::new();
    let mut st = tx.prepare(&format!(
        "SELECT time_entry.kase, on_date, minutes, activity, time_entry.municipality FROM time_entry
         LEFT JOIN kase ON kase.id = time_entry.kase
         WHERE {} ORDER BY time_entry.id",
        of_client(only, "kase.client")
    ))?;
    for row in st.query_map([only], |r| {
        Ok(TimeEntry {
            case: r.get(0)?,
            on: r.get(1)?,
            minutes: r.get(2)?,
            activity: r.get(3)?,
            municipality: r.get(4)?,
        })
    })? {
        time.push(row?);
    }

    // Policy signals are the supporter's own notes for a municipality, not part of a dossier.
    let mut policy_signals = Vec::new();
    if only.is_none() {
        let mut st = tx.prepare(
            "SELECT on_date, municipality, category, text, released FROM policy_signal ORDER BY id",
        )?;
        for row in st.query_map([], |r| {
            Ok(PolicySignal {
                on: r.get(0)?,
                municipality: r.get(1)?,
                category: r.get(2)?,
                text: r.get(3)?,
                released: r.get(4)?,
            })
        })? {
            policy_signals.push(row?);
        }
    }

    Ok(Scenario {
        format: SCENARIO_FORMAT.to_string(),
        organisation,
        supporter,
        contracts,
        clients,
        cases,
        contacts,
        time,
        policy_signals,
    })
}

pub(super) fn export_cases(
    tx: &rusqlite::Transaction<'_>,
    only: Option<&str>,
) -> Result<Vec<Case>, StoreError> {
    let mut domains: HashMap<String, Vec<_>> = HashMap::new();
    let mut st = tx.prepare(&format!(
        "SELECT kase, domain FROM case_domain JOIN kase ON kase.id = case_domain.kase
         WHERE {} ORDER BY kase, case_domain.position",
        of_client(only, "kase.client")
    ))?;
    for row in st.query_map([only], |r| Ok((r.get::<_, String>(0)?, r.get(1)?)))? {
        let (case, domain) = row?;
        domains.entry(case).or_default().push(domain);
    }
    let mut goals: HashMap<String, Vec<String>> = HashMap::new();
    let mut st = tx.prepare(&format!(
        "SELECT kase, text FROM goal JOIN kase ON kase.id = goal.kase
         WHERE {} ORDER BY kase, goal.position",
        of_client(only, "kase.client")
    ))?;
    for row in st.query_map([only], |r| Ok((r.get::<_, String>(0)?, r.get(1)?)))? {
        let (case, goal) = row?;
        goals.entry(case).or_default().push(goal);
    }
    let mut actions: HashMap<String, Vec<Action>> = HashMap::new();
    let mut st = tx.prepare(&format!(
        "SELECT kase, text, owner, due_on, done_on FROM action JOIN kase ON kase.id = action.kase
         WHERE {} ORDER BY kase, action.position",
        of_client(only, "kase.client")
    ))?;
    for row in st.query_map([only], |r| {
        Ok((
            r.get::<_, String>(0)?,
            Action {
                text: r.get(1)?,
                owner: r.get(2)?,
                due_on: r.get(3)?,
                done_on: r.get(4)?,
            },
        ))
    })? {
        let (case, action) = row?;
        actions.entry(case).or_default().push(action);
    }

    let mut st = tx.prepare(&format!(
        "SELECT id, client, registered_on, referral, question, first_contact_on,
                first_appointment_on, closed_on, closure_reason, wlz_indication_on,
                extension_notified_on, extension_reason, conflict_description, chinese_wall,
                wlz_handover_on, next_appointment_at
         FROM kase WHERE {} ORDER BY position",
        of_client(only, "client")
    ))?;
    let rows = st.query_map([only], case_from_row)?;
    let mut cases = Vec::new();
    for row in rows {
        let mut case = row?;
        case.domains = domains.remove(&case.id).unwrap_or_default();
        case.goals = goals.remove(&case.id).unwrap_or_default();
        case.actions = actions.remove(&case.id).unwrap_or_default();
        cases.push(case);
    }
    Ok(cases)
}

fn case_from_row(r: &Row<'_>) -> rusqlite::Result<Case> {
    let description: Option<String> = r.get(12)?;
    Ok(Case {
        id: r.get(0)?,
        client: r.get(1)?,
        registered_on: r.get(2)?,
        referral: r.get(3)?,
        domains: Vec::new(),
        question: r.get(4)?,
        first_contact_on: r.get(5)?,
        first_appointment_on: r.get(6)?,
        goals: Vec::new(),
        actions: Vec::new(),
        closed_on: r.get(7)?,
        closure_reason: r.get(8)?,
        wlz_indication_on: r.get(9)?,
        wlz_handover_on: r.get(14)?,
        next_appointment: r.get(15)?,
        extension_notified_on: r.get(10)?,
        extension_reason: r.get(11)?,
        conflict_of_interest: match description {
            Some(description) => Some(Conflict {
                description,
                chinese_wall: r.get(13)?,
            }),
            None => None,
        },
    })
}

fn export_contacts(
    tx: &rusqlite::Transaction<'_>,
    only: Option<&str>,
) -> Result<Vec<Contact>, StoreError> {
    let mut parties: HashMap<i64, Vec<_>> = HashMap::new();
    let mut st = tx.prepare(&format!(
        "SELECT contact_party.contact, contact_party.party FROM contact_party
         JOIN contact ON contact.id = contact_party.contact JOIN kase ON kase.id = contact.kase
         WHERE {} ORDER BY contact_party.contact, contact_party.position",
        of_client(only, "kase.client")
    ))?;
    for row in st.query_map([only], |r| Ok((r.get::<_, i64>(0)?, r.get(1)?)))? {
        let (contact, party) = row?;
        parties.entry(contact).or_default().push(party);
    }
    let mut st = tx.prepare(&format!(
        "SELECT contact.id, contact.kase, contact.at, contact.minutes, contact.mode, contact.notes
         FROM contact JOIN kase ON kase.id = contact.kase
         WHERE {} ORDER BY contact.id",
        of_client(only, "kase.client")
    ))?;
    let mut contacts = Vec::new();
    for row in st.query_map(params![only], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            Contact {
                case: r.get(1)?,
                at: r.get(2)?,
                minutes: r.get(3)?,
                mode: r.get(4)?,
                with: Vec::new(),
                notes: r.get(5)?,
            },
        ))
    })? {
        let (id, mut contact) = row?;
        contact.with = parties.remove(&id).unwrap_or_default();
        contacts.push(contact);
    }
    Ok(contacts)
}
