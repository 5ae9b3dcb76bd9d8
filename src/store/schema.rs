//! The store's schema and its migrations: one SQL text per version, applied in one transaction
//! each, the version kept in `PRAGMA user_version`.
//!
//! A migration is never edited once released: a change is a new entry at the end of
//! `MIGRATIONS`. Every released schema is frozen in `tests/fixtures/schema_vN.sql`, and the tests
//! upgrade from each of them.

use rusqlite::{Connection, TransactionBehavior};

use super::StoreError;

/// Version 1: the case store of issue "Foundation".
///
/// Tables, and what they hold:
/// - `organisation`, `supporter`: one row each (id = 1), the sheet's letterhead.
/// - `contract`: a contract with its rule set (`assets/rules/<rule_set>.toml`) and the
///   municipality's age recipient; `municipality`: which contract a municipality falls under.
/// - `client`: the resident, with contact details; `consent`: one row per purpose given, with
///   how, when, and whether withdrawn.
/// - `kase` ("case" is an SQL keyword): one question of a client, with its dates, referral,
///   closure, Wlz indication, duration-overrun notice and conflict of interest;
///   `case_domain`, `goal`, `action`: its life domains, goals and agreed actions, in order.
/// - `contact`, `contact_party`: contacts and who took part; minutes count as client-bound time.
/// - `time_entry`: time with a case (client-bound) or with a municipality (overhead).
/// - `policy_signal`: signals for policy, released one by one for the half-year report.
/// - `audit`: every write and export, by kind and id only; never names, notes or other content.
///
/// Dates are TEXT `jjjj-mm-dd`, moments TEXT `jjjj-mm-ddTuu:mm`, codes TEXT as in `codes`.
/// Deleting a client cascades to everything that belongs to it.
const V1: &str = r#"
CREATE TABLE organisation (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    name        TEXT NOT NULL,
    address     TEXT,
    phone       TEXT,
    email       TEXT,
    website     TEXT,
    complaints  TEXT
) STRICT;

CREATE TABLE supporter (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    name        TEXT NOT NULL,
    phone       TEXT,
    email       TEXT
) STRICT;

CREATE TABLE contract (
    id          TEXT PRIMARY KEY,
    position    INTEGER NOT NULL,
    rule_set    TEXT NOT NULL,
    recipient   TEXT NOT NULL
) STRICT;

CREATE TABLE municipality (
    name        TEXT PRIMARY KEY,
    contract    TEXT NOT NULL REFERENCES contract(id),
    position    INTEGER NOT NULL
) STRICT;

CREATE TABLE client (
    id           TEXT PRIMARY KEY,
    position     INTEGER NOT NULL,
    name         TEXT NOT NULL,
    born         TEXT,
    municipality TEXT NOT NULL REFERENCES municipality(name),
    address      TEXT,
    phone        TEXT,
    email        TEXT
) STRICT;

CREATE TABLE consent (
    id           INTEGER PRIMARY KEY,
    client       TEXT NOT NULL REFERENCES client(id) ON DELETE CASCADE,
    purpose      TEXT NOT NULL,
    given_on     TEXT NOT NULL,
    how          TEXT NOT NULL,
    withdrawn_on TEXT
) STRICT;
CREATE INDEX consent_client ON consent(client);

CREATE TABLE kase (
    id                    TEXT PRIMARY KEY,
    position              INTEGER NOT NULL,
    client                TEXT NOT NULL REFERENCES client(id) ON DELETE CASCADE,
    contract              TEXT NOT NULL REFERENCES contract(id),
    registered_on         TEXT NOT NULL,
    referral              TEXT NOT NULL,
    question              TEXT NOT NULL,
    first_contact_on      TEXT,
    first_appointment_on  TEXT,
    closed_on             TEXT,
    closure_reason        TEXT,
    wlz_indication_on     TEXT,
    extension_notified_on TEXT,
    extension_reason      TEXT,
    conflict_description  TEXT,
    chinese_wall          TEXT
) STRICT;
CREATE INDEX kase_client ON kase(client);
CREATE INDEX kase_open ON kase(closed_on, registered_on);

CREATE TABLE case_domain (
    kase     TEXT NOT NULL REFERENCES kase(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    domain   TEXT NOT NULL,
    PRIMARY KEY (kase, domain)
) STRICT;

CREATE TABLE goal (
    id       INTEGER PRIMARY KEY,
    kase     TEXT NOT NULL REFERENCES kase(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    text     TEXT NOT NULL
) STRICT;
CREATE INDEX goal_kase ON goal(kase);

CREATE TABLE action (
    id       INTEGER PRIMARY KEY,
    kase     TEXT NOT NULL REFERENCES kase(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    text     TEXT NOT NULL,
    owner    TEXT NOT NULL,
    due_on   TEXT,
    done_on  TEXT
) STRICT;
CREATE INDEX action_kase ON action(kase);

CREATE TABLE contact (
    id       INTEGER PRIMARY KEY,
    kase     TEXT NOT NULL REFERENCES kase(id) ON DELETE CASCADE,
    at       TEXT NOT NULL,
    minutes  INTEGER NOT NULL CHECK (minutes BETWEEN 1 AND 1440),
    mode     TEXT NOT NULL,
    notes    TEXT NOT NULL
) STRICT;
CREATE INDEX contact_kase ON contact(kase, at);

CREATE TABLE contact_party (
    contact  INTEGER NOT NULL REFERENCES contact(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    party    TEXT NOT NULL,
    PRIMARY KEY (contact, party)
) STRICT;

CREATE TABLE time_entry (
    id           INTEGER PRIMARY KEY,
    kase         TEXT REFERENCES kase(id) ON DELETE CASCADE,
    municipality TEXT REFERENCES municipality(name),
    on_date      TEXT NOT NULL,
    minutes      INTEGER NOT NULL CHECK (minutes BETWEEN 1 AND 1440),
    activity     TEXT NOT NULL,
    CHECK ((kase IS NULL) <> (municipality IS NULL))
) STRICT;
CREATE INDEX time_entry_kase ON time_entry(kase);

CREATE TABLE policy_signal (
    id           INTEGER PRIMARY KEY,
    on_date      TEXT NOT NULL,
    municipality TEXT NOT NULL REFERENCES municipality(name),
    category     TEXT NOT NULL,
    text         TEXT NOT NULL,
    released     INTEGER NOT NULL CHECK (released IN (0, 1))
) STRICT;

CREATE TABLE audit (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    action    TEXT NOT NULL,
    entity    TEXT NOT NULL,
    entity_id TEXT
) STRICT;
"#;

/// Version 2: what clears rule-engine signals, and the record of report exports.
///
/// - `kase.wlz_handover_on`: the day the client was handed over to the Wlz-uitvoerder (clears
///   `wlz-end`).
/// - `report_export`: one row per half-year report that left the laptop: municipality, period
///   (`2026-H1`), when, the bundle's SHA-256 and its recipients (clears `report-due`).
const V2: &str = r#"
ALTER TABLE kase ADD COLUMN wlz_handover_on TEXT;

CREATE TABLE report_export (
    id           INTEGER PRIMARY KEY,
    municipality TEXT NOT NULL REFERENCES municipality(name),
    period       TEXT NOT NULL,
    exported_at  TEXT NOT NULL,
    sha256       TEXT NOT NULL,
    recipients   TEXT NOT NULL
) STRICT;
CREATE INDEX report_export_period ON report_export(municipality, period);
"#;

/// Version 3: the next appointment with the client, for the client information sheet.
const V3: &str = r#"
ALTER TABLE kase ADD COLUMN next_appointment_at TEXT;
"#;

/// Version 4: the supporter's minisign signing key for report bundles (ed25519). The secret key
/// is kept only here, inside the encrypted store; the public key is what `signing-key` prints.
const V4: &str = r#"
CREATE TABLE signing_key (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    secret  BLOB NOT NULL,
    public  TEXT NOT NULL
) STRICT;
"#;

/// Version 5: reports per municipality read a case's own municipality (the client's at
/// aanmelding; a later move does not move the case), and contacts and time through covering
/// indexes, so that a large store is read in order instead of page by page at random.
const V5: &str = r#"
ALTER TABLE kase ADD COLUMN municipality TEXT REFERENCES municipality(name);
UPDATE kase SET municipality = (SELECT client.municipality FROM client WHERE client.id = kase.client);
CREATE INDEX kase_municipality ON kase(municipality, registered_on);
DROP INDEX contact_kase;
CREATE INDEX contact_kase ON contact(kase, at, mode, minutes);
DROP INDEX time_entry_kase;
CREATE INDEX time_entry_kase ON time_entry(kase, on_date, minutes);
CREATE INDEX time_entry_overhead ON time_entry(municipality, on_date, minutes) WHERE kase IS NULL;
"#;

/// Version 6: the report as it left (`rapport.json`, aggregates only: no names, no texts but
/// released policy signals), so that a correction of a period can say what changed, in counts.
const V6: &str = r#"
ALTER TABLE report_export ADD COLUMN report TEXT;
"#;

/// Version 7: drafts of what is being typed in the app, kept encrypted like everything else
/// (the webview's own storage would write them to disk in the clear). `key` names the form
/// (`visit:k3`); `body` is the form's fields as JSON.
const V7: &str = r#"
CREATE TABLE draft (
    key      TEXT PRIMARY KEY,
    body     TEXT NOT NULL,
    saved_at TEXT NOT NULL
) STRICT;
"#;

/// Every schema version, oldest first; index + 1 is the version it produces.
/// Version 8: contacts and time by day, so that Vandaag sums this year's minutes (the budget)
/// from this year's rows alone instead of every row since the start.
const V8: &str = r#"
CREATE INDEX contact_day ON contact(at, kase, minutes);
CREATE INDEX time_entry_day ON time_entry(on_date, kase, minutes);
"#;

/// Version 9: Instellingen: an optional archive key per contract (the organisation's own age
/// key, to which every report of the contract is encrypted too), and the supporter's settings
/// (`idle_lock_minutes`).
const V9: &str = r#"
ALTER TABLE contract ADD COLUMN archive TEXT;
CREATE TABLE setting (
    name        TEXT PRIMARY KEY,
    value       TEXT NOT NULL
) STRICT;
"#;

/// Version 10: clients in the order Cliënten lists them, so that the first page is read from
/// the index without sorting every client (an organisation's store holds 200,000).
const V10: &str = r#"
CREATE INDEX client_by_name ON client(name COLLATE NOCASE, position);
"#;

pub const MIGRATIONS: &[&str] = &[V1, V2, V3, V4, V5, V6, V7, V8, V9, V10];

/// The schema version this build writes.
pub fn current_version() -> i64 {
    MIGRATIONS.len() as i64
}

/// Brings the store up to the current version, one transaction per step.
pub fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    migrate_to(conn, current_version())
}

/// Brings the store up to `target` (tests build old versions with it).
pub fn migrate_to(conn: &mut Connection, target: i64) -> Result<(), StoreError> {
    let found: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if found > current_version() {
        return Err(StoreError::TooNew {
            found,
            known: current_version(),
        });
    }
    let steps = MIGRATIONS.iter().enumerate().take(target as usize);
    for (index, sql) in steps.skip(found as usize) {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Exclusive)?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", index as i64 + 1)?;
        tx.commit()?;
    }
    Ok(())
}
