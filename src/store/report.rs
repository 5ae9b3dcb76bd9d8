//! What half-year reports need from the store: the facts of one municipality, every client's
//! identifying details (for the privacy scan), the signing key, the contract's recipient, and
//! the record of exports (`report_export` and the audit trail). Building, sealing and writing a
//! report is a use case: `app::reports`.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{params, OptionalExtension, TransactionBehavior};

use super::write::audit;
use super::{Store, StoreError};
use crate::codes::{ClosureReason, ContactMode, Domain, Referral, SignalCategory};
use crate::model::{Client, Date, DateTime};
use crate::report::{CaseFacts, Facts, Period, SignalFacts};
use crate::rules::{self, RuleSet};

impl Store {
    /// The facts of one municipality's report, and its contract's rule set.
    pub fn report_facts(
        &self,
        municipality: &str,
        period: Period,
    ) -> Result<(Facts, &'static RuleSet), StoreError> {
        let conn = &self.conn;
        let found: Option<(String, String)> = conn
            .query_row(
                "SELECT contract.id, contract.rule_set FROM municipality
                 JOIN contract ON contract.id = municipality.contract WHERE municipality.name = ?1",
                [municipality],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let Some((contract, rule_set)) = found else {
            return Err(StoreError::UnknownMunicipality(municipality.to_string()));
        };
        let rules = rules::shipped(&rule_set).ok_or_else(|| StoreError::UnknownRuleSet {
            contract: contract.clone(),
            rule_set: rule_set.clone(),
        })?;
        let mut facts = Facts {
            municipality: municipality.to_string(),
            contract,
            rule_set,
            ..Facts::default()
        };

        let mut domains: HashMap<String, Vec<Domain>> = HashMap::new();
        let mut st = conn.prepare(
            "SELECT case_domain.kase, case_domain.domain FROM kase
             JOIN case_domain ON case_domain.kase = kase.id
             WHERE kase.municipality = ?1 ORDER BY case_domain.kase, case_domain.position",
        )?;
        for row in st.query_map([municipality], |r| Ok((r.get::<_, String>(0)?, r.get(1)?)))? {
            let (case, domain) = row?;
            domains.entry(case).or_default().push(domain);
        }

        let mut st = conn.prepare(
            "SELECT kase.id, kase.client, registered_on, first_contact_on, first_appointment_on,
                    closed_on, closure_reason, referral, client.born, wlz_indication_on,
                    wlz_handover_on, extension_notified_on
             FROM kase JOIN client ON client.id = kase.client
             WHERE kase.municipality = ?1 ORDER BY kase.position",
        )?;
        let day = |d: Option<Date>| d.map(|d| d.0);
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut rows = st.query([municipality])?;
        while let Some(r) = rows.next()? {
            let id: String = r.get(0)?;
            facts.cases.push(CaseFacts {
                client: r.get(1)?,
                registered_on: r.get::<_, Date>(2)?.0,
                first_contact_on: day(r.get(3)?),
                first_appointment_on: day(r.get(4)?),
                closed_on: day(r.get(5)?),
                closure_reason: r.get::<_, Option<ClosureReason>>(6)?,
                referral: r.get::<_, Referral>(7)?,
                domains: domains.remove(&id).unwrap_or_default(),
                born: day(r.get(8)?),
                wlz_indication_on: day(r.get(9)?),
                wlz_handover_on: day(r.get(10)?),
                extension_notified_on: day(r.get(11)?),
                minutes: 0,
            });
            index.insert(id, facts.cases.len() - 1);
        }

        // Every contact and time entry of these cases, through the covering indexes: the
        // minutes of each case up to the end of the period, and what falls in the period.
        let (start, end) = (period.start(), period.end());
        let mut st = conn.prepare(
            "SELECT contact.kase, contact.at, contact.mode, contact.minutes FROM kase
             JOIN contact ON contact.kase = kase.id WHERE kase.municipality = ?1",
        )?;
        let mut rows = st.query([municipality])?;
        while let Some(r) = rows.next()? {
            let minutes: u32 = r.get(3)?;
            let on = r.get::<_, DateTime>(1)?.0.date();
            if let Some(case) = index
                .get(r.get_ref(0)?.as_str().map_err(rusqlite::Error::from)?)
                .and_then(|&i| facts.cases.get_mut(i))
                .filter(|_| on <= end)
            {
                case.minutes = case.minutes.saturating_add(minutes);
            }
            if period.contains(on) {
                facts
                    .contacts
                    .push((on, r.get::<_, ContactMode>(2)?, minutes));
            }
        }
        let mut st = conn.prepare(
            "SELECT time_entry.kase, time_entry.on_date, time_entry.minutes FROM kase
             JOIN time_entry ON time_entry.kase = kase.id WHERE kase.municipality = ?1",
        )?;
        let mut rows = st.query([municipality])?;
        while let Some(r) = rows.next()? {
            let minutes: u32 = r.get(2)?;
            let on = r.get::<_, Date>(1)?.0;
            if let Some(case) = index
                .get(r.get_ref(0)?.as_str().map_err(rusqlite::Error::from)?)
                .and_then(|&i| facts.cases.get_mut(i))
                .filter(|_| on <= end)
            {
                case.minutes = case.minutes.saturating_add(minutes);
            }
            if period.contains(on) {
                facts.time.push((on, minutes));
            }
        }
        let mut st = conn.prepare(
            "SELECT on_date, minutes FROM time_entry
             WHERE kase IS NULL AND municipality = ?1 AND on_date BETWEEN ?2 AND ?3",
        )?;
        for row in st.query_map(
            params![municipality, start.to_string(), end.to_string()],
            |r| Ok((r.get::<_, Date>(0)?.0, r.get(1)?)),
        )? {
            facts.overhead.push(row?);
        }
        let mut st = conn.prepare(
            "SELECT on_date, category, text FROM policy_signal
             WHERE municipality = ?1 AND released = 1 ORDER BY id",
        )?;
        for (number, row) in st
            .query_map([municipality], |r| {
                Ok((
                    r.get::<_, Date>(0)?.0,
                    r.get::<_, SignalCategory>(1)?,
                    r.get::<_, String>(2)?,
                ))
            })?
            .enumerate()
        {
            let (on, category, text) = row?;
            facts.signals.push(SignalFacts {
                number: number + 1,
                on,
                category,
                text,
            });
        }

        // The budget's use so far: this municipality's cases only, 1 January to the end of the
        // period (the contract's figure would let a municipality subtract its own).
        if rules.budget.is_some() {
            let year_start = NaiveDate::from_ymd_opt(period.year, 1, 1).unwrap_or(start);
            let (from, to) = (year_start.to_string(), end.to_string());
            facts.municipality_year = conn.query_row(
                "SELECT
                   (SELECT count(*) FROM kase WHERE municipality = ?1 AND registered_on BETWEEN ?2 AND ?3),
                   coalesce((SELECT sum(contact.minutes) FROM kase JOIN contact ON contact.kase = kase.id
                              WHERE kase.municipality = ?1 AND contact.at BETWEEN ?2 AND ?4), 0)
                 + coalesce((SELECT sum(t.minutes) FROM kase JOIN time_entry t ON t.kase = kase.id
                              WHERE kase.municipality = ?1 AND t.on_date BETWEEN ?2 AND ?3), 0)",
                params![municipality, from, to, format!("{to}T23:59")],
                |r| Ok((r.get::<_, i64>(0)? as u64, r.get::<_, i64>(1)? as u64)),
            )?;
        }
        Ok((facts, rules))
    }

    /// Every client's identifying details: what a policy signal must not contain.
    pub fn clients_for_scan(&self) -> Result<Vec<Client>, StoreError> {
        let mut st = self.conn.prepare(&format!(
            "SELECT {} FROM client",
            super::read::CLIENT_COLUMNS
        ))?;
        let rows = st.query_map([], super::read::client_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The earlier exports of a municipality's period, oldest first, each with the report as
    /// it left (absent for exports made before schema 6).
    pub fn exports_of(
        &self,
        municipality: &str,
        period: Period,
    ) -> Result<Vec<(String, Option<String>)>, StoreError> {
        let mut st = self.conn.prepare(
            "SELECT exported_at, report FROM report_export
             WHERE municipality = ?1 AND period = ?2 ORDER BY id",
        )?;
        let rows = st.query_map(params![municipality, period.to_string()], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The supporter's signing key pair, made on first use.
    pub fn signing_keys(
        &mut self,
    ) -> Result<(minisign::SecretKey, minisign::PublicKey), StoreError> {
        let bad = |e: minisign::PError| StoreError::Signing(e.to_string());
        let stored: Option<Vec<u8>> = self
            .conn
            .query_row("SELECT secret FROM signing_key WHERE id = 1", [], |r| {
                r.get(0)
            })
            .optional()?;
        let secret = match stored {
            Some(bytes) => minisign::SecretKey::from_bytes(&bytes).map_err(bad)?,
            None => {
                let pair = minisign::KeyPair::generate_unencrypted_keypair().map_err(bad)?;
                let public = pair.pk.to_base64();
                let tx = self
                    .conn
                    .transaction_with_behavior(TransactionBehavior::Immediate)?;
                tx.execute(
                    "INSERT INTO signing_key (id, secret, public) VALUES (1, ?1, ?2)",
                    params![pair.sk.to_bytes(), public],
                )?;
                audit(&tx, "create", "signing-key", None)?;
                tx.commit()?;
                pair.sk
            }
        };
        let public = minisign::PublicKey::from_secret_key(&secret).map_err(bad)?;
        Ok((secret, public))
    }

    /// The age recipient key of the contract a municipality falls under.
    pub fn recipient_of(&self, municipality: &str) -> Result<String, StoreError> {
        self.conn
            .query_row(
                "SELECT contract.recipient FROM municipality
                 JOIN contract ON contract.id = municipality.contract WHERE municipality.name = ?1",
                [municipality],
                |r| r.get(0),
            )
            .optional()?
            .ok_or_else(|| StoreError::UnknownMunicipality(municipality.to_string()))
    }

    /// Records a report that left: municipality, period, the bundle's SHA-256, its recipients
    /// and the report (`rapport.json`), with a line in the audit trail; one transaction.
    pub fn record_export(
        &mut self,
        municipality: &str,
        period: &str,
        sha256: &str,
        recipients: &[String],
        report_json: Option<&str>,
    ) -> Result<(), StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute(
            "INSERT INTO report_export (municipality, period, exported_at, sha256, recipients, report)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                municipality,
                period,
                chrono::Local::now().format("%Y-%m-%dT%H:%M:%S").to_string(),
                sha256,
                recipients.join(" "),
                report_json
            ],
        )?;
        let id = tx.last_insert_rowid().to_string();
        audit(&tx, "export", "report", Some(&id))?;
        Ok(tx.commit()?)
    }
}
