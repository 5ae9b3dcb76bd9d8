//! Vandaag reads the signals the store keeps per client (schema 11) and Tijd the minutes it
//! keeps per day. Both are copies: after every kind of write, and on every kind of day
//! (the next, weeks on, a new year, back in time), they must say exactly what evaluating and
//! summing every fact says.

use chrono::{Days, NaiveDate};
use serde_json::json;
use wijzer::app::signals;
use wijzer::codes::{ClosureReason, ConsentPurpose};
use wijzer::demo::Size;
use wijzer::model::Date;
use wijzer::store::{Refreshed, Store};

use crate::support::Env;

fn day(text: &str) -> NaiveDate {
    Date::parse(text).unwrap().0
}

/// A store with ten years of a smaller busy supporter: every rule has something to say.
fn store_with_data(env: &Env) -> Store {
    let size = Size {
        clients: 150,
        cases: 240,
        contacts: 2_400,
        time_entries: 1_200,
        years: 10,
    };
    let mut store = env.open();
    store
        .import(&wijzer::demo::generate(7, size, day("2026-11-23")))
        .unwrap();
    store
}

/// Vandaag from the kept signals is Vandaag from every fact, signal for signal and in order;
/// and the kept minutes per day are the sums of every contact and time entry.
fn assert_same(store: &mut Store, on: NaiveDate, what: &str) {
    let everything = signals::on(store, on).unwrap();
    let kept = signals::today(store, on, usize::MAX).unwrap();
    let shown: Vec<_> = kept.items.iter().map(|i| i.signal.clone()).collect();
    assert_eq!(shown.len(), everything.len(), "{what} on {on}: how many");
    for (i, (a, b)) in shown.iter().zip(&everything).enumerate() {
        assert_eq!(a, b, "{what} on {on}: signal {i}");
    }
    let count = |s| everything.iter().filter(|x| x.severity == s).count();
    assert_eq!(
        kept.overdue,
        count(wijzer::rules::Severity::Overdue),
        "{what}"
    );
    assert_eq!(kept.due, count(wijzer::rules::Severity::Due), "{what}");
    assert_eq!(kept.total, everything.len(), "{what}");
    let page = signals::today(store, on, 7).unwrap();
    assert_eq!(
        page.items.as_slice(),
        kept.items.get(..7.min(kept.items.len())).unwrap()
    );

    let sums = |sql: &str| -> Vec<(String, String, i64)> {
        let mut st = store.connection().prepare(sql).unwrap();
        st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    let from_facts = sums(
        "SELECT contract, day, SUM(m) FROM (
             SELECT k.contract AS contract, substr(c.at, 1, 10) AS day, c.minutes AS m
                 FROM contact c JOIN kase k ON k.id = c.kase
             UNION ALL
             SELECT coalesce(k.contract, ''), t.on_date, t.minutes
                 FROM time_entry t LEFT JOIN kase k ON k.id = t.kase)
         GROUP BY contract, day ORDER BY contract, day",
    );
    let kept_minutes = sums(
        "SELECT contract, day, minutes FROM minutes_by_day WHERE minutes <> 0
         ORDER BY contract, day",
    );
    assert_eq!(kept_minutes, from_facts, "{what}: minutes by day");
}

fn refreshed(store: &mut Store, on: NaiveDate) -> Refreshed {
    signals::refresh(store, on).unwrap()
}

#[test]
fn kept_signals_and_minutes_say_what_every_fact_says_after_every_kind_of_write() {
    let env = Env::with_store();
    let mut store = store_with_data(&env);
    let today = day("2026-11-23");
    assert_same(&mut store, today, "after the import");
    assert_eq!(refreshed(&mut store, today), Refreshed::Nothing);

    // The cases with the most signals, to write to.
    let case_of = |store: &Store, sql: &str| -> (String, String) {
        store
            .connection()
            .query_row(sql, [], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
    };
    let (case, client) = case_of(
        &store,
        "SELECT k.id, k.client FROM kase k LEFT JOIN contact c ON c.kase = k.id
         WHERE k.closed_on IS NULL GROUP BY k.id ORDER BY count(c.id) DESC, k.id LIMIT 1",
    );

    // A visit with the CIZ (needs consent), with a next step due soon.
    let visit: wijzer::store::Visit = wijzer::store::Visit {
        contact: serde_json::from_value(json!({
            "case": case, "at": "2026-11-23T10:00", "minutes": 95, "mode": "huisbezoek",
            "with": ["client", "ciz"], "notes": "Gesprek over de trap."
        }))
        .unwrap(),
        next_step: Some("Offerte traplift opvragen".into()),
        next_appointment: Some(wijzer::model::DateTime::parse("2026-11-26T14:00").unwrap()),
    };
    store.record_visit(&visit, None).unwrap();
    assert_eq!(refreshed(&mut store, today), Refreshed::Clients(1));
    assert_same(&mut store, today, "after a visit");

    store
        .withdraw_consent(&client, ConsentPurpose::Registratie, Date(today))
        .unwrap();
    assert_same(&mut store, today, "after a consent withdrawn");
    store
        .give_consent(
            &client,
            &serde_json::from_value(json!({
                "purpose": "contact-derden", "given_on": "2026-11-23", "how": "mondeling"
            }))
            .unwrap(),
        )
        .unwrap();
    assert_same(&mut store, today, "after a consent given");

    store
        .add_action(
            &case,
            &serde_json::from_value(json!({
                "text": "Bellen met de woningcorporatie", "owner": "ondersteuner",
                "due_on": "2026-12-01"
            }))
            .unwrap(),
        )
        .unwrap();
    assert_same(&mut store, today, "after an action added");
    store.finish_action(&case, 0, Date(today)).unwrap();
    assert_same(&mut store, today, "after an action done");

    store
        .add_time(
            &serde_json::from_value(json!({
                "case": case, "on": "2026-11-20", "minutes": 600, "activity": "uitzoekwerk"
            }))
            .unwrap(),
        )
        .unwrap();
    store
        .add_time(
            &serde_json::from_value(json!({
                "on": "2026-11-20", "minutes": 30, "activity": "scholing",
                "municipality": store.contracts().unwrap()[0].2[0]
            }))
            .unwrap(),
        )
        .unwrap();
    assert_same(&mut store, today, "after time written");

    store
        .close_case(&case, Date(today), ClosureReason::VraagBeantwoord)
        .unwrap();
    assert_same(&mut store, today, "after a case closed");
    store.reopen_case(&case).unwrap();
    assert_same(&mut store, today, "after a case opened again");

    // A client with open cases, erased: their signals and minutes go with them.
    let (_, erased) = case_of(
        &store,
        "SELECT k.id, k.client FROM kase k LEFT JOIN contact c ON c.kase = k.id
         WHERE k.closed_on IS NULL GROUP BY k.client ORDER BY count(c.id) DESC, k.client
         LIMIT 1 OFFSET 1",
    );
    store.erase_client(&erased).unwrap();
    assert_same(&mut store, today, "after a client erased");
    let left: i64 = store
        .connection()
        .query_row(
            "SELECT (SELECT count(*) FROM signal_client WHERE client = ?1)
                  + (SELECT count(*) FROM signal_kept WHERE client = ?1)
                  + (SELECT count(*) FROM signal_stale WHERE client = ?1)",
            [&erased],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(left, 0, "nothing of an erased client is kept");

    // Another rule set for a contract: all its clients are evaluated again.
    let (contract, _, municipalities) = store.contracts().unwrap().remove(0);
    store
        .change_contract(&contract, "wmo", &municipalities)
        .unwrap();
    assert_same(&mut store, today, "after another rule set");

    // An import of more clients.
    store
        .import(&serde_json::from_value(crate::support::one_more_client("nieuw1")).unwrap())
        .unwrap();
    assert_same(&mut store, today, "after an import");

    // An import that only adds a contact and time to a case already there.
    let mut more = crate::support::one_more_client("nieuw2");
    more["clients"] = json!([]);
    more["contacts"] = json!([{
        "case": case, "at": "2026-11-22T09:00", "minutes": 40, "mode": "telefoon",
        "with": ["huisarts"], "notes": ""
    }]);
    more["time"] =
        json!([{ "case": case, "on": "2026-11-22", "minutes": 25, "activity": "overleg" }]);
    store
        .import(&serde_json::from_value(more).unwrap())
        .unwrap();
    assert_same(
        &mut store,
        today,
        "after an import into a case already there",
    );
}

#[test]
fn kept_signals_follow_the_days_forward_and_back() {
    let env = Env::with_store();
    let mut store = store_with_data(&env);
    let start = day("2026-11-23");
    assert_same(&mut store, start, "the first day");
    // Each day of the next six weeks (deadlines fall due, actions come into their warning
    // time), then a new year and a half year (budget, reports due, retention).
    let mut changed = 0;
    for n in 1..=42 {
        let on = start.checked_add_days(Days::new(n)).unwrap();
        if refreshed(&mut store, on) != Refreshed::Nothing {
            changed += 1;
        }
        assert_same(&mut store, on, "a day later");
    }
    assert!(
        changed > 5,
        "signals change with the day: on {changed} of 42 days"
    );
    for on in ["2027-01-05", "2027-07-02", "2031-03-01", "2040-01-01"] {
        assert_same(&mut store, day(on), "a later day");
    }
    // The clock went back: everything again.
    assert_eq!(refreshed(&mut store, start), Refreshed::All);
    assert_same(&mut store, start, "the clock back");
}

#[test]
fn vandaag_while_another_program_writes_evaluates_every_fact_and_keeps_nothing() {
    let env = Env::with_store();
    let mut store = store_with_data(&env);
    let today = day("2026-11-23");
    // Another program holds the write lock (the command line importing, say).
    let other = env.open();
    other.connection().execute_batch("BEGIN IMMEDIATE").unwrap();
    let everything = signals::on(&store, today).unwrap();
    let shown = signals::today(&mut store, today, usize::MAX).unwrap();
    assert_eq!(
        shown.items.iter().map(|i| &i.signal).collect::<Vec<_>>(),
        everything.iter().collect::<Vec<_>>()
    );
    assert_eq!(shown.total, everything.len());
    other.connection().execute_batch("ROLLBACK").unwrap();
    let kept: i64 = store
        .connection()
        .query_row("SELECT count(*) FROM signal_kept", [], |r| r.get(0))
        .unwrap();
    assert_eq!(kept, 0, "nothing was kept while the other program wrote");
    // Once it is done, Vandaag keeps them again.
    assert_eq!(refreshed(&mut store, today), Refreshed::All);
    assert_same(&mut store, today, "after the other program");
}
