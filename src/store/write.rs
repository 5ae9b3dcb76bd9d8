//! Writes to the store: import of a scenario, recording a contact, erasing a client. Each is one
//! transaction that is checked in full before it commits; a refusal leaves the store as it was.

use chrono::Local;
use rusqlite::config::DbConfig;
use rusqlite::{params, Connection, OptionalExtension, Transaction, TransactionBehavior};

use super::key::KeyFile;
use super::{Store, StoreError};
use crate::model::{Case, Client, Contact, Contract, PolicySignal, Scenario, TimeEntry};
use crate::scenario::{self, Known};

/// What an import added.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ImportSummary {
    pub contracts: usize,
    pub clients: usize,
    pub cases: usize,
    pub contacts: usize,
    pub time_entries: usize,
    pub policy_signals: usize,
}

/// Adds a line to the audit trail: what happened, to which kind of thing, with which id.
pub(super) fn audit(
    conn: &Connection,
    action: &str,
    entity: &str,
    entity_id: Option<&str>,
) -> Result<(), StoreError> {
    let at = Local::now().format("%Y-%m-%dT%H:%M:%S").to_string();
    conn.execute(
        "INSERT INTO audit (at, action, entity, entity_id) VALUES (?1, ?2, ?3, ?4)",
        params![at, action, entity, entity_id],
    )?;
    Ok(())
}

impl Store {
    /// Imports a scenario, all or nothing.
    pub fn import(&mut self, scenario: &Scenario) -> Result<ImportSummary, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let known = load_known(&tx)?;
        scenario::validate(scenario, &known)?;
        let before = bulk_start(&tx)?;
        // Row by row the triggers stand aside (they would cost as much again as the rows);
        // they are back on before anything else happens on this connection.
        tx.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_TRIGGER, false)?;
        let inserted = insert_scenario(&tx, scenario);
        tx.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_TRIGGER, true)?;
        let summary = inserted?;
        bulk_end(&tx, &before)?;
        audit(&tx, "import", "scenario", None)?;
        tx.commit()?;
        Ok(summary)
    }

    /// Destroys a client on request (Wmo art. 5.3.5): the client, consents, cases and everything
    /// under them, and every audit line that names them, are deleted with `secure_delete` on and
    /// the WAL is emptied, so nothing of them stays in the file. The audit trail keeps only that
    /// an erasure happened.
    ///
    /// Before the deletion commits, a keyed hash of the client's id goes into the erasure ledger
    /// in the key file, so that restoring an older backup erases the client again. The erasure
    /// is done once it committed: if another process holds the WAL, emptying it waits for the
    /// next checkpoint, and `Erased::wal_emptied` says so.
    pub fn erase_client(&mut self, id: &str) -> Result<Erased, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        if !erase_rows(&tx, id)? {
            return Err(StoreError::UnknownClient(id.to_string()));
        }
        let key_path = KeyFile::path_for(&self.path);
        let mut ledger = KeyFile::load(&key_path)?;
        ledger.mark_erased(KeyFile::erasure_mark(&self.key, id));
        ledger.save(&key_path)?;
        tx.commit()?;
        Ok(Erased {
            wal_emptied: self.checkpoint().is_ok(),
        })
    }

    /// Erases again every client of this store that the ledger names (after a restore).
    /// Returns how many were erased.
    pub(super) fn apply_ledger(&mut self, ledger: &KeyFile) -> Result<usize, StoreError> {
        let ids: Vec<String> = self
            .conn
            .prepare("SELECT id FROM client")?
            .query_map([], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        let erased: Vec<&String> = ids
            .iter()
            .filter(|id| ledger.is_erased(&KeyFile::erasure_mark(&self.key, id)))
            .collect();
        if erased.is_empty() {
            return Ok(0);
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        for id in &erased {
            erase_rows(&tx, id)?;
        }
        tx.commit()?;
        self.checkpoint()?;
        Ok(erased.len())
    }

    /// Moves everything from the WAL into the file and empties the WAL.
    pub(super) fn checkpoint(&self) -> Result<(), StoreError> {
        let busy: i64 = self
            .conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get(0))?;
        if busy != 0 {
            return Err(rusqlite::Error::SqliteFailure(
                rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
                Some(
                    "het gegevensbestand is nog in gebruik; sluit Wijzer elders en probeer opnieuw"
                        .into(),
                ),
            )
            .into());
        }
        Ok(())
    }
}

/// What an erasure did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Erased {
    /// False when another process held the WAL: the deleted pages leave the WAL at the next
    /// checkpoint (the next time the store is opened and closed alone).
    pub wal_emptied: bool,
}

/// Deletes a client and everything under them, and every audit line naming them, and adds one
/// `erase client` line without an id. False when there is no such client.
fn erase_rows(tx: &Transaction<'_>, id: &str) -> Result<bool, StoreError> {
    let exists = tx
        .query_row("SELECT 1 FROM client WHERE id = ?1", [id], |_| Ok(()))
        .optional()?
        .is_some();
    if !exists {
        return Ok(false);
    }
    tx.execute(
        "DELETE FROM audit WHERE
            (entity = 'client' AND entity_id = ?1)
         OR (entity = 'case' AND entity_id IN (SELECT id FROM kase WHERE client = ?1))
         OR (entity = 'contact' AND entity_id IN (
                SELECT CAST(contact.id AS TEXT) FROM contact
                JOIN kase ON kase.id = contact.kase WHERE kase.client = ?1))",
        [id],
    )?;
    tx.execute("DELETE FROM client WHERE id = ?1", [id])?;
    audit(tx, "erase", "client", None)?;
    Ok(true)
}

/// The ids the store already holds.
/// The contracts and municipalities: what every record may refer to.
pub(super) fn known_contracts(tx: &Transaction<'_>) -> Result<Known, StoreError> {
    let mut known = Known::default();
    let mut st = tx.prepare_cached("SELECT id FROM contract")?;
    for id in st.query_map([], |r| r.get::<_, String>(0))? {
        known.contracts.insert(id?);
    }
    let mut st = tx.prepare_cached("SELECT name, contract FROM municipality")?;
    for row in st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))? {
        let (name, contract) = row?;
        known.municipalities.insert(name, contract);
    }
    Ok(known)
}

pub(super) fn load_known(tx: &Transaction<'_>) -> Result<Known, StoreError> {
    let mut known = known_contracts(tx)?;
    let mut st = tx.prepare("SELECT id, municipality FROM client")?;
    for row in st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))? {
        let (id, municipality) = row?;
        known.clients.insert(id, municipality);
    }
    let mut st = tx.prepare("SELECT id FROM kase")?;
    for id in st.query_map([], |r| r.get::<_, String>(0))? {
        known.cases.insert(id?);
    }
    Ok(known)
}

pub(super) fn next_position(tx: &Transaction<'_>, table: &str) -> Result<i64, StoreError> {
    Ok(tx.query_row(
        &format!("SELECT coalesce(max(position), -1) + 1 FROM {table}"),
        [],
        |r| r.get(0),
    )?)
}

fn insert_scenario(tx: &Transaction<'_>, s: &Scenario) -> Result<ImportSummary, StoreError> {
    if let Some(o) = &s.organisation {
        tx.execute(
            "INSERT OR REPLACE INTO organisation (id, name, address, phone, email, website, complaints)
             VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6)",
            params![o.name, o.address, o.phone, o.email, o.website, o.complaints],
        )?;
        audit(tx, "update", "organisation", None)?;
    }
    if let Some(p) = &s.supporter {
        tx.execute(
            "INSERT OR REPLACE INTO supporter (id, name, phone, email) VALUES (1, ?1, ?2, ?3)",
            params![p.name, p.phone, p.email],
        )?;
        audit(tx, "update", "supporter", None)?;
    }
    let start = next_position(tx, "contract")?;
    for (i, k) in s.contracts.iter().enumerate() {
        insert_contract(tx, k, start + i as i64)?;
    }
    let start = next_position(tx, "client")?;
    for (i, c) in s.clients.iter().enumerate() {
        insert_client(tx, c, start + i as i64)?;
    }
    let start = next_position(tx, "kase")?;
    for (i, c) in s.cases.iter().enumerate() {
        insert_case(tx, c, start + i as i64)?;
    }
    for c in &s.contacts {
        insert_contact(tx, c)?;
    }
    for t in &s.time {
        insert_time(tx, t)?;
    }
    for p in &s.policy_signals {
        insert_signal(tx, p)?;
    }
    Ok(ImportSummary {
        contracts: s.contracts.len(),
        clients: s.clients.len(),
        cases: s.cases.len(),
        contacts: s.contacts.len(),
        time_entries: s.time.len(),
        policy_signals: s.policy_signals.len(),
    })
}

pub(super) fn insert_contract(
    tx: &Transaction<'_>,
    k: &Contract,
    position: i64,
) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO contract (id, position, rule_set, recipient) VALUES (?1, ?2, ?3, ?4)",
        params![k.id, position, k.rule_set, k.recipient],
    )?;
    let mut st = tx.prepare_cached(
        "INSERT INTO municipality (name, contract, position) VALUES (?1, ?2, ?3)",
    )?;
    for (i, m) in k.municipalities.iter().enumerate() {
        st.execute(params![m, k.id, i as i64])?;
    }
    audit(tx, "create", "contract", Some(&k.id))
}

/// The last rowid of each table an import adds to, before it adds: its rows are those after.
struct Before {
    client: i64,
    consent: i64,
    kase: i64,
    contact: i64,
    time_entry: i64,
    action: i64,
}

/// Notes where an import's rows will start in each table it adds to.
fn bulk_start(tx: &Transaction<'_>) -> Result<Before, StoreError> {
    let last = |table: &str| -> Result<i64, StoreError> {
        Ok(tx.query_row(
            &format!("SELECT coalesce(max(rowid), 0) FROM {table}"),
            [],
            |r| r.get(0),
        )?)
    };
    let before = Before {
        client: last("client")?,
        consent: last("consent")?,
        kase: last("kase")?,
        contact: last("contact")?,
        time_entry: last("time_entry")?,
        action: last("action")?,
    };
    Ok(before)
}

/// Does for an import's rows at once what the triggers (schema 11) do for one row, which the
/// import turns off while it inserts: the minutes per day and contract summed, and every
/// client whose facts it added to marked for Vandaag.
fn bulk_end(tx: &Transaction<'_>, before: &Before) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO minutes_by_day (day, contract, minutes)
         SELECT day, contract, SUM(m) FROM (
             SELECT substr(c.at, 1, 10) AS day, k.contract AS contract, c.minutes AS m
                 FROM contact c JOIN kase k ON k.id = c.kase WHERE c.id > ?1
             UNION ALL
             SELECT t.on_date, coalesce(k.contract, ''), t.minutes
                 FROM time_entry t LEFT JOIN kase k ON k.id = t.kase WHERE t.id > ?2)
         GROUP BY contract, day
         ON CONFLICT (contract, day) DO UPDATE SET minutes = minutes + excluded.minutes",
        params![before.contact, before.time_entry],
    )?;
    tx.execute(
        "INSERT OR IGNORE INTO signal_stale (client)
         SELECT id FROM client WHERE rowid > ?1
         UNION SELECT client FROM consent WHERE id > ?2
         UNION SELECT client FROM kase WHERE rowid > ?3
         UNION SELECT client FROM kase WHERE id IN (
             SELECT kase FROM contact WHERE id > ?4
             UNION SELECT kase FROM time_entry WHERE id > ?5 AND kase IS NOT NULL
             UNION SELECT kase FROM action WHERE id > ?6)",
        params![
            before.client,
            before.consent,
            before.kase,
            before.contact,
            before.time_entry,
            before.action
        ],
    )?;
    Ok(())
}

/// What Cliënten searches in: the client's name, municipality and id folded (no accents, case
/// or punctuation; words between single spaces, with one before and after).
pub(crate) fn search_key(name: &str, municipality: &str, id: &str) -> String {
    crate::report::privacy::fold(&format!("{name} {municipality} {id}"))
}

pub(super) fn insert_client(
    tx: &Transaction<'_>,
    c: &Client,
    position: i64,
) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO client (id, position, name, born, municipality, address, phone, email,
                             search_key)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            c.id,
            position,
            c.name,
            c.born,
            c.municipality,
            c.address,
            c.phone,
            c.email,
            search_key(&c.name, &c.municipality, &c.id)
        ],
    )?;
    let mut st = tx.prepare_cached(
        "INSERT INTO consent (client, purpose, given_on, how, withdrawn_on) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for k in &c.consents {
        st.execute(params![c.id, k.purpose, k.given_on, k.how, k.withdrawn_on])?;
    }
    audit(tx, "create", "client", Some(&c.id))
}

pub(super) fn insert_case(tx: &Transaction<'_>, c: &Case, position: i64) -> Result<(), StoreError> {
    // A case belongs to the municipality of the client at aanmelding, and to its contract.
    let (contract, municipality): (String, String) = tx.query_row(
        "SELECT municipality.contract, municipality.name FROM client
         JOIN municipality ON municipality.name = client.municipality WHERE client.id = ?1",
        [&c.client],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    // The row with what never changes; everything else is written as an edit writes it.
    tx.execute(
        "INSERT INTO kase (id, position, client, contract, municipality, registered_on, referral,
            question)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            c.id,
            position,
            c.client,
            contract,
            municipality,
            c.registered_on,
            c.referral,
            c.question
        ],
    )?;
    write_case(tx, c)?;
    audit(tx, "create", "case", Some(&c.id))
}

/// Writes a case whole: its row (not its id, client, contract or municipality) and its domains,
/// goals and actions.
pub(super) fn write_case(tx: &Transaction<'_>, c: &Case) -> Result<(), StoreError> {
    let (conflict, wall) = match &c.conflict_of_interest {
        Some(k) => (Some(&k.description), k.chinese_wall.as_ref()),
        None => (None, None),
    };
    tx.execute(
        "UPDATE kase SET registered_on = ?2, referral = ?3, question = ?4, first_contact_on = ?5,
            first_appointment_on = ?6, closed_on = ?7, closure_reason = ?8,
            wlz_indication_on = ?9, extension_notified_on = ?10, extension_reason = ?11,
            conflict_description = ?12, chinese_wall = ?13, wlz_handover_on = ?14,
            next_appointment_at = ?15
         WHERE id = ?1",
        params![
            c.id,
            c.registered_on,
            c.referral,
            c.question,
            c.first_contact_on,
            c.first_appointment_on,
            c.closed_on,
            c.closure_reason,
            c.wlz_indication_on,
            c.extension_notified_on,
            c.extension_reason,
            conflict,
            wall,
            c.wlz_handover_on,
            c.next_appointment
        ],
    )?;
    for table in ["case_domain", "goal", "action"] {
        tx.execute(&format!("DELETE FROM {table} WHERE kase = ?1"), [&c.id])?;
    }
    insert_case_parts(tx, c)
}

/// A case's domains, goals and actions, in their order.
fn insert_case_parts(tx: &Transaction<'_>, c: &Case) -> Result<(), StoreError> {
    let mut st =
        tx.prepare_cached("INSERT INTO case_domain (kase, position, domain) VALUES (?1, ?2, ?3)")?;
    for (i, d) in c.domains.iter().enumerate() {
        st.execute(params![c.id, i as i64, d])?;
    }
    let mut st =
        tx.prepare_cached("INSERT INTO goal (kase, position, text) VALUES (?1, ?2, ?3)")?;
    for (i, g) in c.goals.iter().enumerate() {
        st.execute(params![c.id, i as i64, g])?;
    }
    let mut st = tx.prepare_cached(
        "INSERT INTO action (kase, position, text, owner, due_on, done_on) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for (i, a) in c.actions.iter().enumerate() {
        st.execute(params![
            c.id, i as i64, a.text, a.owner, a.due_on, a.done_on
        ])?;
    }
    Ok(())
}

pub(super) fn insert_contact(tx: &Transaction<'_>, c: &Contact) -> Result<i64, StoreError> {
    tx.prepare_cached(
        "INSERT INTO contact (kase, at, minutes, mode, notes) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![c.case, c.at, c.minutes, c.mode, c.notes])?;
    let id = tx.last_insert_rowid();
    let mut st = tx.prepare_cached(
        "INSERT INTO contact_party (contact, position, party) VALUES (?1, ?2, ?3)",
    )?;
    for (i, p) in c.with.iter().enumerate() {
        st.execute(params![id, i as i64, p])?;
    }
    audit(tx, "create", "contact", Some(&id.to_string()))?;
    Ok(id)
}

pub(super) fn insert_time(tx: &Transaction<'_>, t: &TimeEntry) -> Result<(), StoreError> {
    tx.prepare_cached(
        "INSERT INTO time_entry (kase, municipality, on_date, minutes, activity) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![t.case, t.municipality, t.on, t.minutes, t.activity])?;
    Ok(())
}

fn insert_signal(tx: &Transaction<'_>, p: &PolicySignal) -> Result<(), StoreError> {
    tx.prepare_cached(
        "INSERT INTO policy_signal (on_date, municipality, category, text, released) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![p.on, p.municipality, p.category, p.text, p.released])?;
    Ok(())
}
