//! Signalen voor beleid in the core: written, changed and released one action at a time; a text
//! that points to a client is never released, and the refusal names the kind of data, never
//! the value.

use wijzer::codes::SignalCategory;
use wijzer::model::{Date, PolicySignal};
use wijzer::report::Period;
use wijzer::store::{Store, StoreError};

use crate::support::{fingerprint, Env};

fn signal(text: &str) -> PolicySignal {
    PolicySignal {
        on: Date::parse("2026-03-10").unwrap(),
        municipality: "Enkhuizen".into(),
        category: SignalCategory::Wachttijden,
        text: text.into(),
        released: true,
    }
}

fn last_audit(store: &Store) -> (String, String) {
    let trail = store.audit_trail().unwrap();
    let last = trail.last().unwrap();
    (last.action.clone(), last.entity.clone())
}

fn refused(r: Result<(), StoreError>) -> wijzer::scenario::Invalid {
    match r {
        Err(StoreError::Invalid(e)) => e,
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_signal_is_written_changed_released_and_held_back_one_action_each() {
    let env = Env::with_scenario();
    let mut store = env.open();
    let before = store.policy_signals(Some("Enkhuizen")).unwrap().len();
    let text = "Wachttijd voor een keukentafelgesprek is in het eerste kwartaal opgelopen tot negen weken.";
    let id = store.add_policy_signal(&signal(text)).unwrap();
    assert_eq!(
        last_audit(&store),
        ("create".into(), "policy-signal".into())
    );
    let row = store.policy_signal(id).unwrap();
    assert!(
        !row.signal.released,
        "a new signal is held back until released"
    );
    assert_eq!(
        store.policy_signals(Some("Enkhuizen")).unwrap().len(),
        before + 1
    );

    let changed = "Wachttijd voor een keukentafelgesprek: negen weken in maart.";
    store.change_policy_signal(id, &signal(changed)).unwrap();
    assert_eq!(
        last_audit(&store),
        ("update".into(), "policy-signal".into())
    );
    wijzer::app::policy::release(&mut store, id).unwrap();
    assert_eq!(
        last_audit(&store),
        ("release".into(), "policy-signal".into())
    );
    assert!(store.policy_signal(id).unwrap().signal.released);

    // Released, it goes into the period's report; a released signal is not changed in place.
    let period = Period::parse("2026-H1").unwrap();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 7, 2).unwrap();
    let report = wijzer::app::reports::build(&store, "Enkhuizen", period, today).unwrap();
    assert!(report.signals.iter().any(|s| s.text == changed));
    let e = refused(store.change_policy_signal(id, &signal("Iets anders.")));
    assert_eq!(e.field, "released");

    wijzer::app::policy::hold_back(&mut store, id).unwrap();
    assert_eq!(
        last_audit(&store),
        ("hold-back".into(), "policy-signal".into())
    );
    let report = wijzer::app::reports::build(&store, "Enkhuizen", period, today).unwrap();
    assert!(!report.signals.iter().any(|s| s.text == changed));
    store
        .change_policy_signal(id, &signal("Iets anders."))
        .unwrap();

    // The audit trail names the action and the id, never the text.
    for line in store.audit_trail().unwrap() {
        assert!(!format!("{line:?}").contains("Wachttijd"), "{line:?}");
    }
}

#[test]
fn a_signal_that_points_to_a_client_is_not_released_and_the_value_is_not_repeated() {
    let env = Env::with_scenario();
    let mut store = env.open();
    let scenario = wijzer::scenario::parse(&crate::support::scenario_text()).unwrap();
    let anna = scenario
        .clients
        .iter()
        .find(|c| c.name == "Anna de Vries")
        .unwrap();
    let mut texts = vec![(
        format!("Mevrouw {} wacht al negen weken op een gesprek.", anna.name),
        "de naam van een cliënt",
    )];
    if let Some(phone) = &anna.phone {
        texts.push((
            format!("Bel terug op {phone} over de wachttijd."),
            "het telefoonnummer",
        ));
    }
    texts.push((
        "Cliënt met nummer 111222333 wacht lang.".to_string(),
        "een nummer dat op een BSN lijkt",
    ));
    for (text, kind) in texts {
        let id = store.add_policy_signal(&signal(&text)).unwrap();
        let before = fingerprint(&store);
        let e = refused(wijzer::app::policy::release(&mut store, id));
        assert_eq!(e.field, "text");
        assert!(e.message.contains(kind), "{}", e.message);
        assert!(!e.message.contains(&anna.name) && !e.message.contains("111222333"));
        assert_eq!(fingerprint(&store), before, "nothing changed");
        assert!(!store.policy_signal(id).unwrap().signal.released);
    }
}

#[test]
fn bad_signals_are_refused_with_their_field_and_change_nothing() {
    let env = Env::with_scenario();
    let mut store = env.open();
    let before = fingerprint(&store);
    let mut elsewhere = signal("Wachttijden lopen op.");
    elsewhere.municipality = "Amsterdam".into();
    let e = refused(store.add_policy_signal(&elsewhere).map(|_| ()));
    assert_eq!(e.field, "municipality");
    let long = signal(&"x".repeat(wijzer::scenario::MEDIUM_TEXT_MAX + 1));
    assert_eq!(
        refused(store.add_policy_signal(&long).map(|_| ())).field,
        "text"
    );
    assert_eq!(
        refused(store.add_policy_signal(&signal(" ")).map(|_| ())).field,
        "text"
    );
    assert_eq!(
        refused(wijzer::app::policy::release(&mut store, 999_999)).field,
        "id"
    );
    assert_eq!(fingerprint(&store), before);
}
