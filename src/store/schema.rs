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

/// Version 11: an organisation's store (300,000 cases) answers each screen from what it shows,
/// not from every row it holds.
/// - `client.search_key`: the client's name, municipality and id folded as Cliënten compares
///   them (`report::privacy::fold`), written with the client; a search reads this narrow index
///   instead of every client row.
/// - `minutes_by_day`: client-bound minutes per day and contract, and other time per day
///   (contract ''), kept by triggers on `contact`, `time_entry` and `kase`; Tijd and the budget
///   rule sum a year from at most 366 rows. A case's own rows are taken off before the case is
///   deleted (its contacts go by cascade after it, when their contract can no longer be found).
/// - Vandaag's signals kept per client (`signal_client`: until which day they hold;
///   `signal_kept`: the signals, in Vandaag's order), and `signal_stale`: the clients whose facts
///   changed since, marked by triggers on every table the rules read. Kept signals are only a
///   copy: `app::signals` evaluates the stale ones again before it reads, and all of them when
///   the rules or the day went back.
/// - Indexes for the contract-wide rules: cases by contract and registration day, and by
///   municipality and closing day.
/// - `minutes_by_day` and `signal_stale` without rowid: one B-tree each instead of a table
///   and its key's index, so that a visit writes (and encrypts) fewer pages. (Not
///   `contact_party`: rebuilt without rowid, an import took half as long again.)
const V11: &str = r#"
ALTER TABLE client ADD COLUMN search_key TEXT NOT NULL DEFAULT '';
CREATE INDEX client_search ON client(search_key);

CREATE TABLE minutes_by_day (
    day      TEXT NOT NULL,
    contract TEXT NOT NULL,
    minutes  INTEGER NOT NULL,
    PRIMARY KEY (contract, day)
) STRICT, WITHOUT ROWID;
INSERT INTO minutes_by_day (day, contract, minutes)
    SELECT day, contract, SUM(minutes) FROM (
        SELECT substr(c.at, 1, 10) AS day, k.contract AS contract, c.minutes AS minutes
            FROM contact c JOIN kase k ON k.id = c.kase
        UNION ALL
        SELECT t.on_date, coalesce(k.contract, ''), t.minutes
            FROM time_entry t LEFT JOIN kase k ON k.id = t.kase)
    GROUP BY contract, day;

CREATE TRIGGER minutes_contact_in AFTER INSERT ON contact BEGIN
    INSERT INTO minutes_by_day (day, contract, minutes)
        SELECT substr(NEW.at, 1, 10), contract, NEW.minutes FROM kase WHERE id = NEW.kase
        ON CONFLICT (contract, day) DO UPDATE SET minutes = minutes + excluded.minutes;
END;
CREATE TRIGGER minutes_contact_out AFTER DELETE ON contact BEGIN
    UPDATE minutes_by_day SET minutes = minutes - OLD.minutes
        WHERE day = substr(OLD.at, 1, 10)
          AND contract = (SELECT contract FROM kase WHERE id = OLD.kase);
END;
CREATE TRIGGER minutes_contact_change AFTER UPDATE OF at, minutes, kase ON contact BEGIN
    UPDATE minutes_by_day SET minutes = minutes - OLD.minutes
        WHERE day = substr(OLD.at, 1, 10)
          AND contract = (SELECT contract FROM kase WHERE id = OLD.kase);
    INSERT INTO minutes_by_day (day, contract, minutes)
        SELECT substr(NEW.at, 1, 10), contract, NEW.minutes FROM kase WHERE id = NEW.kase
        ON CONFLICT (contract, day) DO UPDATE SET minutes = minutes + excluded.minutes;
END;
CREATE TRIGGER minutes_time_in AFTER INSERT ON time_entry BEGIN
    INSERT INTO minutes_by_day (day, contract, minutes)
        SELECT NEW.on_date, coalesce((SELECT contract FROM kase WHERE id = NEW.kase), ''),
               NEW.minutes
        WHERE NEW.kase IS NULL OR EXISTS (SELECT 1 FROM kase WHERE id = NEW.kase)
        ON CONFLICT (contract, day) DO UPDATE SET minutes = minutes + excluded.minutes;
END;
CREATE TRIGGER minutes_time_out AFTER DELETE ON time_entry BEGIN
    UPDATE minutes_by_day SET minutes = minutes - OLD.minutes
        WHERE day = OLD.on_date
          AND contract = CASE WHEN OLD.kase IS NULL THEN ''
                              ELSE (SELECT contract FROM kase WHERE id = OLD.kase) END;
END;
CREATE TRIGGER minutes_time_change AFTER UPDATE OF on_date, minutes, kase ON time_entry BEGIN
    UPDATE minutes_by_day SET minutes = minutes - OLD.minutes
        WHERE day = OLD.on_date
          AND contract = CASE WHEN OLD.kase IS NULL THEN ''
                              ELSE (SELECT contract FROM kase WHERE id = OLD.kase) END;
    INSERT INTO minutes_by_day (day, contract, minutes)
        SELECT NEW.on_date, coalesce((SELECT contract FROM kase WHERE id = NEW.kase), ''),
               NEW.minutes
        WHERE NEW.kase IS NULL OR EXISTS (SELECT 1 FROM kase WHERE id = NEW.kase)
        ON CONFLICT (contract, day) DO UPDATE SET minutes = minutes + excluded.minutes;
END;
CREATE TRIGGER minutes_kase_out BEFORE DELETE ON kase BEGIN
    UPDATE minutes_by_day SET minutes = minutes - coalesce((
            SELECT SUM(m) FROM (
                SELECT c.minutes AS m FROM contact c
                    WHERE c.kase = OLD.id AND substr(c.at, 1, 10) = minutes_by_day.day
                UNION ALL
                SELECT t.minutes FROM time_entry t
                    WHERE t.kase = OLD.id AND t.on_date = minutes_by_day.day)), 0)
        WHERE contract = OLD.contract AND day IN (
            SELECT substr(at, 1, 10) FROM contact WHERE kase = OLD.id
            UNION SELECT on_date FROM time_entry WHERE kase = OLD.id);
END;
CREATE TRIGGER minutes_kase_contract AFTER UPDATE OF contract ON kase BEGIN
    UPDATE minutes_by_day SET minutes = minutes - coalesce((
            SELECT SUM(m) FROM (
                SELECT c.minutes AS m FROM contact c
                    WHERE c.kase = OLD.id AND substr(c.at, 1, 10) = minutes_by_day.day
                UNION ALL
                SELECT t.minutes FROM time_entry t
                    WHERE t.kase = OLD.id AND t.on_date = minutes_by_day.day)), 0)
        WHERE contract = OLD.contract AND day IN (
            SELECT substr(at, 1, 10) FROM contact WHERE kase = OLD.id
            UNION SELECT on_date FROM time_entry WHERE kase = OLD.id);
    INSERT INTO minutes_by_day (day, contract, minutes)
        SELECT day, NEW.contract, SUM(m) FROM (
            SELECT substr(at, 1, 10) AS day, minutes AS m FROM contact WHERE kase = NEW.id
            UNION ALL
            SELECT on_date, minutes FROM time_entry WHERE kase = NEW.id)
        GROUP BY day
        ON CONFLICT (contract, day) DO UPDATE SET minutes = minutes + excluded.minutes;
END;

CREATE TABLE signal_stale (
    client TEXT PRIMARY KEY REFERENCES client(id) ON DELETE CASCADE
) STRICT, WITHOUT ROWID;
CREATE TABLE signal_client (
    client      TEXT PRIMARY KEY REFERENCES client(id) ON DELETE CASCADE,
    valid_until TEXT
) STRICT;
CREATE INDEX signal_client_until ON signal_client(valid_until) WHERE valid_until IS NOT NULL;
CREATE TABLE signal_kept (
    id           INTEGER PRIMARY KEY,
    client       TEXT NOT NULL REFERENCES signal_client(client) ON DELETE CASCADE,
    severity     INTEGER NOT NULL,
    due          TEXT,
    kase         TEXT,
    rule         INTEGER NOT NULL,
    contract     TEXT NOT NULL,
    municipality TEXT,
    message      TEXT NOT NULL,
    clears       TEXT NOT NULL
) STRICT;
CREATE INDEX signal_kept_order ON signal_kept(severity, due, kase, rule);
CREATE INDEX signal_kept_client ON signal_kept(client);
CREATE INDEX signal_kept_rule ON signal_kept(rule);

CREATE TRIGGER stale_client AFTER INSERT ON client BEGIN
    INSERT OR IGNORE INTO signal_stale (client) VALUES (NEW.id);
END;
CREATE TRIGGER stale_consent_in AFTER INSERT ON consent BEGIN
    INSERT OR IGNORE INTO signal_stale (client) SELECT id FROM client WHERE id = NEW.client;
END;
CREATE TRIGGER stale_consent_change AFTER UPDATE ON consent BEGIN
    INSERT OR IGNORE INTO signal_stale (client)
        SELECT id FROM client WHERE id IN (OLD.client, NEW.client);
END;
CREATE TRIGGER stale_consent_out AFTER DELETE ON consent BEGIN
    INSERT OR IGNORE INTO signal_stale (client) SELECT id FROM client WHERE id = OLD.client;
END;
CREATE TRIGGER stale_kase_in AFTER INSERT ON kase BEGIN
    INSERT OR IGNORE INTO signal_stale (client) SELECT id FROM client WHERE id = NEW.client;
END;
CREATE TRIGGER stale_kase_change AFTER UPDATE ON kase BEGIN
    INSERT OR IGNORE INTO signal_stale (client)
        SELECT id FROM client WHERE id IN (OLD.client, NEW.client);
END;
CREATE TRIGGER stale_kase_out AFTER DELETE ON kase BEGIN
    INSERT OR IGNORE INTO signal_stale (client) SELECT id FROM client WHERE id = OLD.client;
END;
CREATE TRIGGER stale_contact_in AFTER INSERT ON contact BEGIN
    INSERT OR IGNORE INTO signal_stale (client)
        SELECT k.client FROM kase k JOIN client c ON c.id = k.client WHERE k.id = NEW.kase;
END;
CREATE TRIGGER stale_contact_change AFTER UPDATE ON contact BEGIN
    INSERT OR IGNORE INTO signal_stale (client)
        SELECT k.client FROM kase k JOIN client c ON c.id = k.client
        WHERE k.id IN (OLD.kase, NEW.kase);
END;
CREATE TRIGGER stale_contact_out AFTER DELETE ON contact BEGIN
    INSERT OR IGNORE INTO signal_stale (client)
        SELECT k.client FROM kase k JOIN client c ON c.id = k.client WHERE k.id = OLD.kase;
END;
CREATE TRIGGER stale_party_in AFTER INSERT ON contact_party BEGIN
    INSERT OR IGNORE INTO signal_stale (client)
        SELECT k.client FROM contact t JOIN kase k ON k.id = t.kase
            JOIN client c ON c.id = k.client
        WHERE t.id = NEW.contact;
END;
CREATE TRIGGER stale_party_change AFTER UPDATE ON contact_party BEGIN
    INSERT OR IGNORE INTO signal_stale (client)
        SELECT k.client FROM contact t JOIN kase k ON k.id = t.kase
            JOIN client c ON c.id = k.client
        WHERE t.id IN (OLD.contact, NEW.contact);
END;
CREATE TRIGGER stale_party_out AFTER DELETE ON contact_party BEGIN
    INSERT OR IGNORE INTO signal_stale (client)
        SELECT k.client FROM contact t JOIN kase k ON k.id = t.kase
            JOIN client c ON c.id = k.client
        WHERE t.id = OLD.contact;
END;
CREATE TRIGGER stale_time_in AFTER INSERT ON time_entry WHEN NEW.kase IS NOT NULL BEGIN
    INSERT OR IGNORE INTO signal_stale (client)
        SELECT k.client FROM kase k JOIN client c ON c.id = k.client WHERE k.id = NEW.kase;
END;
CREATE TRIGGER stale_time_change AFTER UPDATE ON time_entry BEGIN
    INSERT OR IGNORE INTO signal_stale (client)
        SELECT k.client FROM kase k JOIN client c ON c.id = k.client
        WHERE k.id IN (OLD.kase, NEW.kase);
END;
CREATE TRIGGER stale_time_out AFTER DELETE ON time_entry WHEN OLD.kase IS NOT NULL BEGIN
    INSERT OR IGNORE INTO signal_stale (client)
        SELECT k.client FROM kase k JOIN client c ON c.id = k.client WHERE k.id = OLD.kase;
END;
CREATE TRIGGER stale_action_in AFTER INSERT ON action BEGIN
    INSERT OR IGNORE INTO signal_stale (client)
        SELECT k.client FROM kase k JOIN client c ON c.id = k.client WHERE k.id = NEW.kase;
END;
CREATE TRIGGER stale_action_change AFTER UPDATE ON action BEGIN
    INSERT OR IGNORE INTO signal_stale (client)
        SELECT k.client FROM kase k JOIN client c ON c.id = k.client
        WHERE k.id IN (OLD.kase, NEW.kase);
END;
CREATE TRIGGER stale_action_out AFTER DELETE ON action BEGIN
    INSERT OR IGNORE INTO signal_stale (client)
        SELECT k.client FROM kase k JOIN client c ON c.id = k.client WHERE k.id = OLD.kase;
END;
CREATE TRIGGER stale_rule_set AFTER UPDATE OF rule_set ON contract BEGIN
    INSERT OR IGNORE INTO signal_stale (client) SELECT DISTINCT client FROM kase WHERE contract = NEW.id;
END;

CREATE INDEX kase_contract ON kase(contract, registered_on);
CREATE INDEX kase_municipality_closed ON kase(municipality, closed_on, registered_on);
"#;

/// Every schema version, oldest first; index + 1 is the version it produces.
pub const MIGRATIONS: &[&str] = &[V1, V2, V3, V4, V5, V6, V7, V8, V9, V10, V11];

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
        if index + 1 == 11 {
            fill_search_keys(&tx)?;
        }
        tx.pragma_update(None, "user_version", index as i64 + 1)?;
        tx.commit()?;
    }
    Ok(())
}

/// Version 11's search keys for the clients already there: what `write::search_key` writes for
/// a new one.
fn fill_search_keys(tx: &rusqlite::Transaction<'_>) -> Result<(), StoreError> {
    let mut read = tx.prepare("SELECT id, name, municipality FROM client")?;
    let mut write = tx.prepare("UPDATE client SET search_key = ?2 WHERE id = ?1")?;
    let mut rows = read.query([])?;
    while let Some(r) = rows.next()? {
        let (id, name, municipality): (String, String, String) = (r.get(0)?, r.get(1)?, r.get(2)?);
        write.execute(rusqlite::params![
            id,
            super::write::search_key(&name, &municipality, &id)
        ])?;
    }
    Ok(())
}
