//! Loads the rule engine's facts from the store: snapshots, one per contract, of every client
//! or of some; and each contract's contract-wide figures (`app::signals` evaluates them).

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use rusqlite::params;

use super::{Store, StoreError};
use crate::codes::{ConsentPurpose, Party};
use crate::model::Date;
use crate::rules::{
    last_completed_period, ActionFacts, CaseFacts, ClientFacts, ConsentFacts, ContactFacts,
    ContractFacts, Snapshot, TimeFacts,
};

/// The snapshot at an index this function's caller made itself.
fn slot(snapshots: &mut [(Snapshot, String)], i: usize) -> Result<&mut Snapshot, StoreError> {
    snapshots
        .get_mut(i)
        .map(|(s, _)| s)
        .ok_or(StoreError::Sqlite(rusqlite::Error::InvalidQuery))
}

impl Store {
    /// One snapshot per contract as the rules see it on `today`, with the name of the
    /// contract's rule set. Closed cases' contacts and time are summed for `today`'s year only.
    pub fn snapshots(&self, today: NaiveDate) -> Result<Vec<(Snapshot, String)>, StoreError> {
        self.snapshots_of(today, None)
    }

    /// The snapshots of `only` the clients in this JSON array of ids (every client when None):
    /// their consents, cases, and their open cases' contacts, time and actions. The
    /// contract-wide facts (closed cases' minutes, overhead, reports) only when None: the
    /// rules read them from [`Store::contract_facts`] otherwise.
    pub(super) fn snapshots_of(
        &self,
        today: NaiveDate,
        only: Option<&str>,
    ) -> Result<Vec<(Snapshot, String)>, StoreError> {
        let conn = &self.conn;
        let joined = |table: &str| of_clients(only, table).0;
        let of = |column: &str| of_clients(only, column).1;
        let mut snapshots: Vec<(Snapshot, String)> = Vec::new();
        let mut contract_index: HashMap<String, usize> = HashMap::new();
        let mut st = conn.prepare("SELECT id, rule_set FROM contract ORDER BY position")?;
        for row in st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))? {
            let (id, rule_set) = row?;
            contract_index.insert(id.clone(), snapshots.len());
            snapshots.push((
                Snapshot {
                    contract: id,
                    ..Snapshot::default()
                },
                rule_set,
            ));
        }
        let mut municipality_contract: HashMap<String, usize> = HashMap::new();
        let mut st =
            conn.prepare("SELECT name, contract FROM municipality ORDER BY contract, position")?;
        for row in st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))? {
            let (name, contract) = row?;
            let i = self.lookup(&contract_index, &contract, "municipality")?;
            municipality_contract.insert(name.clone(), i);
            slot(&mut snapshots, i)?.municipalities.push(name);
        }

        let mut consents: HashMap<String, Vec<ConsentFacts>> = HashMap::new();
        let mut st = conn.prepare(&format!(
            "SELECT client, purpose, given_on, withdrawn_on FROM {} WHERE {} ORDER BY consent.id",
            joined("consent"),
            of("client")
        ))?;
        for row in st.query_map([only], |r| {
            Ok((
                r.get::<_, String>(0)?,
                ConsentFacts {
                    purpose: r.get::<_, ConsentPurpose>(1)?,
                    given_on: r.get::<_, Date>(2)?.0,
                    withdrawn_on: r.get::<_, Option<Date>>(3)?.map(|d| d.0),
                },
            ))
        })? {
            let (client, consent) = row?;
            consents.entry(client).or_default().push(consent);
        }

        // Cases, with their clients added to the snapshot of the case's contract.
        let mut client_index: HashMap<(usize, String), usize> = HashMap::new();
        let mut case_index: HashMap<String, (usize, usize)> = HashMap::new();
        let mut st = conn.prepare(&format!(
            "SELECT kase.id, client, contract, municipality, registered_on,
                    first_contact_on, first_appointment_on, closed_on, wlz_indication_on,
                    wlz_handover_on, extension_notified_on,
                    conflict_description IS NOT NULL, chinese_wall IS NOT NULL
             FROM {} WHERE {} ORDER BY position",
            joined("kase"),
            of("client")
        ))?;
        let day = |d: Option<Date>| d.map(|d| d.0);
        let mut rows = st.query([only])?;
        while let Some(r) = rows.next()? {
            let contract: String = r.get(2)?;
            let s = self.lookup(&contract_index, &contract, "kase")?;
            let client: String = r.get(1)?;
            let snapshot = slot(&mut snapshots, s)?;
            let client = *client_index.entry((s, client.clone())).or_insert_with(|| {
                snapshot.clients.push(ClientFacts {
                    consents: consents.get(&client).cloned().unwrap_or_default(),
                    id: client,
                });
                snapshot.clients.len() - 1
            });
            let conflict: bool = r.get(11)?;
            let walled: bool = r.get(12)?;
            let case = CaseFacts {
                id: r.get(0)?,
                client,
                municipality: r.get(3)?,
                registered_on: r.get::<_, Date>(4)?.0,
                first_contact_on: day(r.get(5)?),
                first_appointment_on: day(r.get(6)?),
                closed_on: day(r.get(7)?),
                wlz_indication_on: day(r.get(8)?),
                wlz_handover_on: day(r.get(9)?),
                extension_notified_on: day(r.get(10)?),
                conflict_walled: conflict.then_some(walled),
            };
            case_index.insert(case.id.clone(), (s, snapshot.cases.len()));
            snapshot.cases.push(case);
        }

        // Contacts and time one by one for open cases only (the rules read them there), found
        // from the open cases through the covering indexes on (kase, day, minutes).
        // One row per contact and party (a contact's rows come together): no subquery per
        // contact.
        let mut st = conn.prepare(&format!(
            "SELECT c.id, c.kase, c.at, c.minutes, p.party
             FROM {} JOIN contact c ON c.kase = k.id
             LEFT JOIN contact_party p ON p.contact = c.id
             WHERE k.closed_on IS NULL AND {}",
            joined("kase k"),
            of("k.client")
        ))?;
        let mut rows = st.query([only])?;
        let mut last: Option<(i64, usize)> = None;
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            let party = r
                .get_ref(4)?
                .as_str_or_null()
                .map_err(rusqlite::Error::from)?
                .and_then(Party::from_code);
            if let Some((last_id, s)) = last {
                if last_id == id {
                    let contact = slot(&mut snapshots, s)?.contacts.last_mut();
                    if let (Some(contact), Some(party)) = (contact, party) {
                        contact.with.push(party);
                    }
                    continue;
                }
            }
            let (s, case) = self.lookup(
                &case_index,
                r.get_ref(1)?.as_str().map_err(rusqlite::Error::from)?,
                "contact",
            )?;
            let at: crate::model::DateTime = r.get(2)?;
            slot(&mut snapshots, s)?.contacts.push(ContactFacts {
                case,
                on: at.0.date(),
                minutes: r.get(3)?,
                with: party.into_iter().collect(),
            });
            last = Some((id, s));
        }
        // Closed cases count only for the budget of `today`'s year: their minutes of that
        // year, per contract, through the indexes by day.
        let year = today.year();
        let (from, to) = (format!("{year:04}-01-01"), format!("{:04}-01-01", year + 1));
        let mut closed_minutes: HashMap<usize, u64> = HashMap::new();
        let contract_wide: &[&str] = if only.is_none() {
            &[
                "SELECT kase, SUM(minutes) FROM contact WHERE at >= ?1 AND at < ?2 GROUP BY kase",
                "SELECT kase, SUM(minutes) FROM time_entry
             WHERE on_date >= ?1 AND on_date < ?2 AND kase IS NOT NULL GROUP BY kase",
            ]
        } else {
            &[]
        };
        for sql in contract_wide {
            let mut st = conn.prepare(sql)?;
            let mut rows = st.query(rusqlite::params![from, to])?;
            while let Some(r) = rows.next()? {
                let (s, case) = self.lookup(
                    &case_index,
                    r.get_ref(0)?.as_str().map_err(rusqlite::Error::from)?,
                    "contact",
                )?;
                let closed = slot(&mut snapshots, s)?
                    .cases
                    .get(case)
                    .is_some_and(|c| c.closed_on.is_some());
                if closed {
                    let minutes = u64::try_from(r.get::<_, i64>(1)?).unwrap_or(0);
                    *closed_minutes.entry(s).or_default() += minutes;
                }
            }
        }
        for (s, minutes) in closed_minutes {
            slot(&mut snapshots, s)?
                .other_minutes_by_year
                .push((year, minutes));
        }

        let mut st = conn.prepare(&format!(
            "SELECT t.kase, t.on_date, t.minutes FROM {} JOIN time_entry t ON t.kase = k.id
             WHERE k.closed_on IS NULL AND {}",
            joined("kase k"),
            of("k.client")
        ))?;
        let mut rows = st.query([only])?;
        while let Some(r) = rows.next()? {
            let (s, case) = self.lookup(
                &case_index,
                r.get_ref(0)?.as_str().map_err(rusqlite::Error::from)?,
                "time_entry",
            )?;
            slot(&mut snapshots, s)?.time.push(TimeFacts {
                case,
                on: r.get::<_, Date>(1)?.0,
                minutes: r.get(2)?,
            });
        }
        if only.is_some() {
            return self
                .actions_into(&mut snapshots, &case_index, only)
                .map(|()| snapshots);
        }
        // Overhead: the rules ask only on which days there was some, per municipality.
        let mut st = conn.prepare(
            "SELECT DISTINCT municipality, on_date FROM time_entry INDEXED BY time_entry_overhead
             WHERE kase IS NULL",
        )?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            let municipality: String = r.get(0)?;
            let s = self.lookup(&municipality_contract, &municipality, "time_entry")?;
            let on = r.get::<_, Date>(1)?.0;
            slot(&mut snapshots, s)?.overhead.push((municipality, on));
        }

        self.actions_into(&mut snapshots, &case_index, only)?;

        let mut st = conn.prepare("SELECT municipality, period FROM report_export")?;
        for row in st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))? {
            let (municipality, period) = row?;
            let s = self.lookup(&municipality_contract, &municipality, "report_export")?;
            slot(&mut snapshots, s)?
                .reports_exported
                .push((municipality, period));
        }
        Ok(snapshots)
    }

    /// The open cases' agreed actions, of `only` these clients (see `snapshots_of`).
    fn actions_into(
        &self,
        snapshots: &mut [(Snapshot, String)],
        case_index: &HashMap<String, (usize, usize)>,
        only: Option<&str>,
    ) -> Result<(), StoreError> {
        let (from, of) = (of_clients(only, "kase k").0, of_clients(only, "k.client").1);
        let mut st = self.conn.prepare(&format!(
            "SELECT a.kase, a.text, a.due_on, a.done_on FROM {from} JOIN action a ON a.kase = k.id
             WHERE k.closed_on IS NULL AND {of} ORDER BY a.kase, a.position"
        ))?;
        let day = |d: Option<Date>| d.map(|d| d.0);
        let mut rows = st.query([only])?;
        while let Some(r) = rows.next()? {
            let (s, case) = self.lookup(
                case_index,
                r.get_ref(0)?.as_str().map_err(rusqlite::Error::from)?,
                "action",
            )?;
            slot(snapshots, s)?.actions.push(ActionFacts {
                case,
                text: r.get(1)?,
                due_on: day(r.get(2)?),
                done_on: day(r.get(3)?),
            });
        }
        Ok(())
    }

    /// Each contract's contract-wide facts on `today`, with its rule set's name, from sums and
    /// indexes (schema 11): never a row per case.
    pub fn contract_facts(
        &self,
        today: NaiveDate,
    ) -> Result<Vec<(ContractFacts, String)>, StoreError> {
        let conn = &self.conn;
        let year = today.year();
        let (first, last) = (format!("{year:04}-01-01"), format!("{year:04}-12-31"));
        let (_, start, end) = last_completed_period(today);
        let (start, end) = (Date(start), Date(end));
        let mut out = Vec::new();
        let mut contracts =
            conn.prepare_cached("SELECT id, rule_set FROM contract ORDER BY position")?;
        let mut municipalities = conn.prepare_cached(
            "SELECT name FROM municipality WHERE contract = ?1 ORDER BY position",
        )?;
        let mut cases = conn.prepare_cached(
            "SELECT count(*) FROM kase INDEXED BY kase_contract
             WHERE contract = ?1 AND registered_on BETWEEN ?2 AND ?3",
        )?;
        let mut minutes = conn.prepare_cached(
            "SELECT coalesce(SUM(minutes), 0) FROM minutes_by_day
             WHERE contract = ?1 AND day BETWEEN ?2 AND ?3",
        )?;
        let mut active = conn.prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM kase INDEXED BY kase_municipality_closed
                     WHERE municipality = ?1 AND closed_on IS NULL AND registered_on <= ?3
                       AND contract = ?4)
                 OR EXISTS (SELECT 1 FROM kase INDEXED BY kase_municipality_closed
                     WHERE municipality = ?1 AND closed_on >= ?2 AND registered_on <= ?3
                       AND contract = ?4)
                 OR EXISTS (SELECT 1 FROM time_entry INDEXED BY time_entry_overhead
                     WHERE kase IS NULL AND municipality = ?1 AND on_date BETWEEN ?2 AND ?3)",
        )?;
        let mut exported =
            conn.prepare_cached("SELECT period FROM report_export WHERE municipality = ?1")?;
        let found: Vec<(String, String)> = contracts
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        for (contract, rule_set) in found {
            let mut facts = ContractFacts {
                cases_this_year: cases
                    .query_row(params![contract, first, last], |r| r.get::<_, i64>(0))?
                    .max(0) as u64,
                minutes_this_year: minutes
                    .query_row(params![contract, first, last], |r| r.get::<_, i64>(0))?
                    .max(0) as u64,
                ..ContractFacts::default()
            };
            let names: Vec<String> = municipalities
                .query_map([&contract], |r| r.get(0))?
                .collect::<Result<_, _>>()?;
            for m in &names {
                if active.query_row(params![m, start, end, contract], |r| r.get::<_, bool>(0))? {
                    facts.active_last_period.push(m.clone());
                }
                for period in exported.query_map([m], |r| r.get::<_, String>(0))? {
                    facts.reports_exported.push((m.clone(), period?));
                }
            }
            facts.municipalities = names;
            facts.contract = contract;
            out.push((facts, rule_set));
        }
        Ok(out)
    }

    /// A row's reference to another table, looked up; a dangling one means the file is not
    /// what the schema promises, which is damage, not a reason to panic.
    fn lookup<V: Copy>(
        &self,
        map: &HashMap<String, V>,
        key: &str,
        table: &str,
    ) -> Result<V, StoreError> {
        map.get(key).copied().ok_or_else(|| StoreError::Damaged {
            path: self.path.clone(),
            detail: format!("een rij in {table} verwijst naar iets dat er niet is"),
        })
    }
}

/// The rows of `only` some clients (`?1`, a JSON array of ids, bound, never spliced in), or
/// of all when None: what to read `table` from, and the condition on a client `column`. The
/// array is the outer loop, so that each client's rows are found through the indexes on
/// client (a CROSS JOIN keeps SQLite from scanning a whole table in the order it was asked
/// for instead).
fn of_clients(only: Option<&str>, name: &str) -> (String, String) {
    match only {
        Some(_) => (
            format!("json_each(?1) AS only CROSS JOIN {name}"),
            format!("{name} = only.value"),
        ),
        None => (name.to_string(), "?1 IS NULL".to_string()),
    }
}
