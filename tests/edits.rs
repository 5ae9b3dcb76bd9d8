//! Edits made in the app, through the core functions the shell will call: each is one
//! transaction with one audit line of ids and kinds, a refused edit changes nothing and names
//! the field without the value, and drafts live in the encrypted store.

use wijzer::codes::{
    Activity, ClosureReason, ConsentHow, ConsentPurpose, ContactMode, Owner, Party, Referral,
};
use wijzer::model::{Action, Case, Client, Conflict, Consent, Contact, Date, DateTime, TimeEntry};
use wijzer::store::{Store, StoreError};

use crate::support::{contains, fingerprint, Env};

const MARKER_NAME: &str = "Zwaantje Markeerder-Testnaam";
const MARKER_NOTE: &str = "Notitie-markeerpunt over de keukentafel";

fn day(text: &str) -> Date {
    Date::parse(text).unwrap()
}

fn at(text: &str) -> DateTime {
    serde_json::from_value(serde_json::json!(text)).unwrap()
}

fn new_client() -> Client {
    Client {
        id: String::new(),
        name: MARKER_NAME.into(),
        born: Some(day("1950-03-04")),
        municipality: "Enkhuizen".into(),
        address: None,
        phone: None,
        email: None,
        consents: vec![Consent {
            purpose: ConsentPurpose::Registratie,
            given_on: day("2026-06-01"),
            how: ConsentHow::Mondeling,
            withdrawn_on: None,
        }],
    }
}

fn new_case(client: &str) -> Case {
    Case {
        id: String::new(),
        client: client.into(),
        registered_on: day("2026-06-02"),
        referral: Referral::Huisarts,
        domains: vec![],
        question: "Hulp bij het aanvragen van een scootmobiel.".into(),
        first_contact_on: None,
        first_appointment_on: None,
        goals: vec![],
        actions: vec![],
        closed_on: None,
        closure_reason: None,
        wlz_indication_on: None,
        wlz_handover_on: None,
        next_appointment: None,
        extension_notified_on: None,
        extension_reason: None,
        conflict_of_interest: None,
    }
}

fn visit(case: &str, when: &str, with: Vec<Party>, minutes: u32) -> Contact {
    Contact {
        case: case.into(),
        at: at(when),
        minutes,
        mode: ContactMode::Huisbezoek,
        with,
        notes: MARKER_NOTE.into(),
    }
}

/// Runs one edit and checks that it added exactly one audit line, of the given action and
/// kind, naming no one.
fn one_audit_line(store: &mut Store, action: &str, entity: &str, edit: impl FnOnce(&mut Store)) {
    let before = store.audit_trail().unwrap().len();
    edit(store);
    let trail = store.audit_trail().unwrap();
    assert_eq!(trail.len(), before + 1, "{action} {entity}: one audit line");
    let last = trail.last().unwrap();
    assert_eq!(
        (last.action.as_str(), last.entity.as_str()),
        (action, entity)
    );
    let line = format!("{last:?}");
    assert!(
        !line.contains("Zwaantje") && !line.contains("keukentafel"),
        "{line}"
    );
}

#[test]
fn every_edit_is_one_transaction_with_one_audit_line_of_ids_and_kinds() {
    let env = Env::with_scenario();
    let mut store = env.open();
    let mut client = String::new();
    one_audit_line(&mut store, "create", "client", |s| {
        client = s.add_client(&new_client()).unwrap();
    });
    one_audit_line(&mut store, "update", "client", |s| {
        let changed = Client {
            id: client.clone(),
            phone: Some("06-11112222".into()),
            ..new_client()
        };
        s.change_client(&changed).unwrap();
    });
    let gemeente = Consent {
        purpose: ConsentPurpose::ContactGemeente,
        given_on: day("2026-06-03"),
        how: ConsentHow::Schriftelijk,
        withdrawn_on: None,
    };
    one_audit_line(&mut store, "give", "consent", |s| {
        s.give_consent(&client, &gemeente).unwrap()
    });
    one_audit_line(&mut store, "withdraw", "consent", |s| {
        s.withdraw_consent(&client, ConsentPurpose::ContactGemeente, day("2026-06-20"))
            .unwrap()
    });
    let mut case = String::new();
    one_audit_line(&mut store, "create", "case", |s| {
        case = s.open_case(&new_case(&client)).unwrap();
    });
    one_audit_line(&mut store, "update", "case", |s| {
        let mut c = new_case(&client);
        c.id = case.clone();
        c.wlz_indication_on = Some(day("2026-06-10"));
        c.wlz_handover_on = Some(day("2026-06-12"));
        c.extension_notified_on = Some(day("2026-06-11"));
        c.extension_reason = Some("Meer tijd nodig voor de aanvraag.".into());
        c.conflict_of_interest = Some(Conflict {
            description: "Ook zorgaanbieder in de regio.".into(),
            chinese_wall: Some("Aparte teams en dossiers.".into()),
        });
        s.change_case(&c).unwrap();
    });
    one_audit_line(&mut store, "add-goal", "case", |s| {
        s.add_goal(&case, "Mevrouw kan zelf boodschappen doen.")
            .unwrap()
    });
    one_audit_line(&mut store, "update-goal", "case", |s| {
        s.change_goal(&case, 0, "Mevrouw doet zelf haar boodschappen.")
            .unwrap()
    });
    let action = Action {
        text: "Aanvraag indienen".into(),
        owner: Owner::Ondersteuner,
        due_on: Some(day("2026-07-01")),
        done_on: None,
    };
    one_audit_line(&mut store, "add-action", "case", |s| {
        s.add_action(&case, &action).unwrap()
    });
    one_audit_line(&mut store, "update-action", "case", |s| {
        let later = Action {
            due_on: Some(day("2026-07-08")),
            ..action.clone()
        };
        s.change_action(&case, 0, &later).unwrap()
    });
    one_audit_line(&mut store, "finish-action", "case", |s| {
        s.finish_action(&case, 0, day("2026-07-05")).unwrap()
    });
    one_audit_line(&mut store, "create", "contact", |s| {
        s.record_contact(
            &visit(&case, "2026-06-04T10:00", vec![Party::Client], 60),
            None,
        )
        .unwrap();
    });
    one_audit_line(&mut store, "create", "time", |s| {
        s.add_time(&TimeEntry {
            case: Some(case.clone()),
            on: day("2026-06-05"),
            minutes: 30,
            activity: Activity::Uitzoekwerk,
            municipality: None,
        })
        .unwrap()
    });
    one_audit_line(&mut store, "close", "case", |s| {
        s.close_case(&case, day("2026-07-10"), ClosureReason::AanvraagIngediend)
            .unwrap()
    });
    one_audit_line(&mut store, "reopen", "case", |s| {
        s.reopen_case(&case).unwrap()
    });

    // Everything is there, as the command line shows it.
    let dossier = store.export(Some(&client)).unwrap();
    let c = dossier.cases.iter().find(|c| c.id == case).unwrap();
    assert_eq!(c.goals, ["Mevrouw doet zelf haar boodschappen."]);
    assert_eq!(c.actions[0].done_on, Some(day("2026-07-05")));
    assert_eq!(c.first_contact_on, Some(day("2026-06-04")));
    assert_eq!(c.closed_on, None);
    assert_eq!(dossier.clients[0].phone.as_deref(), Some("06-11112222"));
    assert_eq!(dossier.clients[0].consents.len(), 2);
    assert_eq!(dossier.contacts[0].notes, MARKER_NOTE);
}

#[test]
fn a_refused_edit_names_the_field_and_changes_nothing() {
    let env = Env::with_scenario();
    let mut store = env.open();
    let client = store.add_client(&new_client()).unwrap();
    let case = store.open_case(&new_case(&client)).unwrap();
    store
        .close_case(&case, day("2026-06-30"), ClosureReason::VraagBeantwoord)
        .unwrap();
    let open = store.open_case(&new_case(&client)).unwrap();
    let before = fingerprint(&store);

    type Edit = Box<dyn Fn(&mut Store) -> Result<(), StoreError>>;
    let long = "x".repeat(10_001);
    let cases: Vec<(&str, &str, Edit)> = vec![
        ("an empty name", "name", {
            Box::new(|s| {
                let mut c = new_client();
                c.name = "  ".into();
                s.add_client(&c).map(|_| ())
            })
        }),
        ("a visit of 2,000 minutes", "minutes", {
            let open = open.clone();
            Box::new(move |s| {
                let v = visit(&open, "2026-07-01T09:00", vec![Party::Client], 2000);
                s.record_contact(&v, None).map(|_| ())
            })
        }),
        ("a visit without anyone", "with", {
            let open = open.clone();
            Box::new(move |s| {
                let v = visit(&open, "2026-07-01T09:00", vec![], 30);
                s.record_contact(&v, None).map(|_| ())
            })
        }),
        ("a question of 10,001 characters", "question", {
            let (client, long) = (client.clone(), long.clone());
            Box::new(move |s| {
                let mut c = new_case(&client);
                c.question = long.clone();
                s.open_case(&c).map(|_| ())
            })
        }),
        ("reopening a closed case by changing it", "closed_on", {
            let case = case.clone();
            Box::new(move |s| {
                s.edit_case(&case, "update", |c| {
                    c.closed_on = None;
                    c.closure_reason = None;
                    Ok(())
                })
            })
        }),
        ("closing a closed case", "closed_on", {
            let case = case.clone();
            Box::new(move |s| s.close_case(&case, day("2026-07-01"), ClosureReason::Anders))
        }),
        ("a handover without an indication", "wlz_handover_on", {
            let open = open.clone();
            Box::new(move |s| {
                s.edit_case(&open, "update", |c| {
                    c.wlz_handover_on = Some(day("2026-07-01"));
                    Ok(())
                })
            })
        }),
        ("withdrawing a consent never given", "consents", {
            let client = client.clone();
            Box::new(move |s| {
                s.withdraw_consent(&client, ConsentPurpose::ContactHuisarts, day("2026-07-01"))
            })
        }),
        ("client-bound time without a case", "case", {
            Box::new(|s| {
                s.add_time(&TimeEntry {
                    case: None,
                    on: day("2026-07-01"),
                    minutes: 30,
                    activity: Activity::Uitzoekwerk,
                    municipality: None,
                })
            })
        }),
        ("a draft key with a name in it", "key", {
            Box::new(|s| s.save_draft("visit:Zwaantje Markeerder", "{}"))
        }),
    ];
    for (what, field, edit) in cases {
        match edit(&mut store) {
            Err(StoreError::Invalid(invalid)) => {
                assert!(invalid.field.starts_with(field), "{what}: {invalid:?}");
                let message = invalid.to_string();
                assert!(
                    !message.contains("Zwaantje") && !message.contains("xxxx"),
                    "{what}: {message}"
                );
            }
            other => panic!("{what}: not refused: {other:?}"),
        }
        assert_eq!(fingerprint(&store), before, "{what}: nothing changed");
    }
}

#[test]
fn the_first_contact_with_the_client_sets_the_first_contact_day() {
    let env = Env::with_scenario();
    let mut store = env.open();
    let client = store.add_client(&new_client()).unwrap();
    let case = store.open_case(&new_case(&client)).unwrap();
    let first_contact = |s: &mut Store| {
        let dossier = s.export(Some(&client)).unwrap();
        dossier
            .cases
            .iter()
            .find(|c| c.id == case)
            .unwrap()
            .first_contact_on
    };
    // A call with the carer is not a contact with the client.
    store
        .record_contact(
            &visit(&case, "2026-06-03T09:00", vec![Party::Mantelzorger], 10),
            None,
        )
        .unwrap();
    assert_eq!(first_contact(&mut store), None);
    store
        .record_contact(
            &visit(
                &case,
                "2026-06-04T09:00",
                vec![Party::Client, Party::Mantelzorger],
                45,
            ),
            None,
        )
        .unwrap();
    assert_eq!(first_contact(&mut store), Some(day("2026-06-04")));
    store
        .record_contact(
            &visit(&case, "2026-06-09T09:00", vec![Party::Client], 30),
            None,
        )
        .unwrap();
    assert_eq!(
        first_contact(&mut store),
        Some(day("2026-06-04")),
        "only the first"
    );
}

#[test]
fn drafts_live_encrypted_survive_a_reopen_and_go_with_the_save() {
    let env = Env::with_scenario();
    let key = "visit:k2";
    let body = format!("{{\"verslag\": \"{MARKER_NOTE}, half getypt\"}}");
    {
        let mut store = env.open();
        store.save_draft(key, &body).unwrap();
        store.save_draft(key, &body).unwrap();
        // Not in the file or its WAL in the clear.
        for file in ["wijzer.db", "wijzer.db-wal"] {
            if let Ok(bytes) = std::fs::read(env.file(file)) {
                assert!(!contains(&bytes, "Notitie-markeerpunt"), "{file}");
            }
        }
    }
    let mut store = env.open();
    assert_eq!(store.draft(key).unwrap().as_deref(), Some(body.as_str()));
    store
        .record_contact(
            &visit("k2", "2026-06-01T10:00", vec![Party::Client], 30),
            Some(key),
        )
        .unwrap();
    assert_eq!(store.draft(key).unwrap(), None, "saved: the draft is gone");
    store.save_draft("visit:k3", "{}").unwrap();
    store.discard_draft("visit:k3").unwrap();
    assert_eq!(store.draft("visit:k3").unwrap(), None);
    let too_big = "x".repeat(wijzer::store::DRAFT_MAX + 1);
    assert!(store.save_draft(key, &too_big).is_err());
}

#[test]
fn a_visit_with_its_next_step_and_appointment_is_one_action() {
    let env = Env::with_scenario();
    let mut store = env.open();
    let client = store.add_client(&new_client()).unwrap();
    let case = store.open_case(&new_case(&client)).unwrap();
    store.save_draft("visit:x", "{\"notes\":\"half\"}").unwrap();
    let visit = wijzer::store::Visit {
        contact: visit(&case, "2026-06-04T10:00", vec![Party::Client], 45),
        next_step: Some("Aanvraag scootmobiel indienen".into()),
        next_appointment: Some(at("2026-06-18T14:00")),
    };
    one_audit_line(&mut store, "create", "contact", |s| {
        s.record_visit(&visit, Some("visit:x")).unwrap();
    });
    assert_eq!(
        store.draft("visit:x").unwrap(),
        None,
        "the draft went with it"
    );
    let dossier = wijzer::app::clients::dossier_of_case(&store, &case).unwrap();
    let c = &dossier.cases[0];
    assert_eq!(c.first_contact_on, Some(day("2026-06-04")));
    assert_eq!(c.next_appointment, Some(at("2026-06-18T14:00")));
    assert_eq!(c.actions.len(), 1);
    assert_eq!(c.actions[0].owner, Owner::Ondersteuner);
    assert_eq!(c.actions[0].due_on, Some(day("2026-06-18")));
    assert_eq!(dossier.contacts.len(), 1);

    // A next step that is too long refuses the whole visit, naming the visit's own field.
    let before = fingerprint(&store);
    let long = wijzer::store::Visit {
        next_step: Some("x".repeat(wijzer::scenario::MEDIUM_TEXT_MAX + 1)),
        ..visit
    };
    let e = store.record_visit(&long, None).unwrap_err();
    let StoreError::Invalid(e) = e else {
        panic!("{e}")
    };
    assert_eq!(e.field, "next_step");
    assert_eq!(fingerprint(&store), before);
}

#[test]
fn changing_a_cases_facts_keeps_its_goals_actions_and_closing() {
    let env = Env::with_scenario();
    let mut store = env.open();
    let client = store.add_client(&new_client()).unwrap();
    let id = store.open_case(&new_case(&client)).unwrap();
    store.add_goal(&id, "Zelf boodschappen doen.").unwrap();
    store
        .close_case(&id, day("2026-07-01"), ClosureReason::VraagBeantwoord)
        .unwrap();
    let mut form = new_case(&client);
    form.id = id.clone();
    form.question = "Een andere vraag.".into();
    store.change_case_facts(&form).unwrap();
    let dossier = wijzer::app::clients::dossier(&store, &client).unwrap();
    let c = &dossier.cases[0];
    assert_eq!(c.question, "Een andere vraag.");
    assert_eq!(c.goals, ["Zelf boodschappen doen."]);
    assert_eq!(c.closed_on, Some(day("2026-07-01")), "still closed");
}

#[test]
fn clients_are_found_by_any_part_of_the_name_without_accents() {
    let env = Env::with_scenario();
    let mut store = env.open();
    let id = store
        .add_client(&Client {
            name: "José Çelik-Ørsted".into(),
            ..new_client()
        })
        .unwrap();
    for query in ["jose", "JOSÉ", "celik", "ørs", "jos cel", "enkhuizen jo"] {
        let found = wijzer::app::clients::search(&store, query).unwrap().rows;
        assert!(found.iter().any(|r| r.id == id), "{query}");
    }
    for query in ["osé", "celikk", "jose smit"] {
        let found = wijzer::app::clients::search(&store, query).unwrap().rows;
        assert!(!found.iter().any(|r| r.id == id), "{query}");
    }
    let all = wijzer::app::clients::search(&store, "  ").unwrap();
    let clients: i64 = store
        .connection()
        .query_row("SELECT count(*) FROM client", [], |r| r.get(0))
        .unwrap();
    assert_eq!((all.rows.len() as i64, all.more), (clients, false));
}

#[test]
fn time_this_week_and_this_year_against_the_budget() {
    let env = Env::with_scenario();
    let mut store = env.open();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 6, 3).unwrap(); // a Wednesday
    let before = wijzer::app::time::summary(&store, today).unwrap();
    let client = store.add_client(&new_client()).unwrap();
    let case = store.open_case(&new_case(&client)).unwrap();
    store
        .record_contact(
            &visit(&case, "2026-06-01T09:00", vec![Party::Client], 50),
            None,
        )
        .unwrap();
    store
        .add_time(&TimeEntry {
            case: None,
            on: day("2026-06-07"),
            minutes: 25,
            activity: Activity::Scholing,
            municipality: Some("Enkhuizen".into()),
        })
        .unwrap();
    store
        .add_time(&TimeEntry {
            case: Some(case.clone()),
            on: day("2026-05-31"),
            minutes: 10,
            activity: Activity::Uitzoekwerk,
            municipality: None,
        })
        .unwrap();
    let after = wijzer::app::time::summary(&store, today).unwrap();
    assert_eq!(after.week.0.to_string(), "2026-06-01");
    assert_eq!(after.week.1.to_string(), "2026-06-07");
    assert_eq!(
        after.this_week.client_bound - before.this_week.client_bound,
        50,
        "Sunday 31 May is last week"
    );
    assert_eq!(after.this_week.other - before.this_week.other, 25);
    assert_eq!(
        after.this_year.client_bound - before.this_year.client_bound,
        60
    );
    let used = |s: &wijzer::app::time::TimeSummary| -> u64 {
        s.budgets.iter().map(|b| b.used_minutes).sum()
    };
    assert_eq!(used(&after) - used(&before), 60);
}

#[test]
fn first_start_checks_everything_before_it_writes_anything() {
    use wijzer::app::session::{start, NewPassphrase, Profile};
    use zeroize::Zeroizing;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("wijzer.db");
    let profile = Profile {
        organisation: wijzer::model::Organisation {
            name: "MEE Test".into(),
            address: None,
            phone: None,
            email: None,
            website: None,
            complaints: None,
        },
        supporter: wijzer::model::Supporter {
            name: "Sanne de Vries".into(),
            phone: Some("0229-123456".into()),
            email: None,
        },
        contract: wijzer::model::Contract {
            id: String::new(),
            rule_set: "westfriesland".into(),
            municipalities: vec!["Hoorn".into(), "Enkhuizen".into()],
            recipient: std::fs::read_to_string(
                crate::support::shared().join("examples/municipality-example.key"),
            )
            .unwrap()
            .lines()
            .find_map(|l| l.strip_prefix("# public key: "))
            .unwrap()
            .to_string(),
        },
    };
    let pass = |a: &str, b: &str| NewPassphrase {
        first: Zeroizing::new(a.into()),
        again: Zeroizing::new(b.into()),
    };
    let refused = |r: Result<_, StoreError>| match r {
        Err(StoreError::Invalid(e)) => e.field,
        Err(e) => panic!("{e}"),
        Ok(_) => panic!("accepted"),
    };
    assert_eq!(
        refused(start(&path, Some(&pass("kort", "kort")), &profile)),
        "passphrase"
    );
    assert_eq!(
        refused(start(
            &path,
            Some(&pass("lang genoeg wachtwoord", "lang genoeg wachtwoorD")),
            &profile
        )),
        "passphrase_again"
    );
    let mut no_name = profile.clone();
    no_name.supporter.name = " ".into();
    assert_eq!(
        refused(start(
            &path,
            Some(&pass("lang genoeg wachtwoord", "lang genoeg wachtwoord")),
            &no_name
        )),
        "name"
    );
    let mut bad_key = profile.clone();
    bad_key.contract.recipient = "age1nietgoed".into();
    assert_eq!(
        refused(start(
            &path,
            Some(&pass("lang genoeg wachtwoord", "lang genoeg wachtwoord")),
            &bad_key
        )),
        "recipient"
    );
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "nothing written"
    );

    let p = pass("lang genoeg wachtwoord", "lang genoeg wachtwoord");
    let (store, code) = start(&path, Some(&p), &profile).unwrap();
    assert!(!code.0.is_empty());
    drop(store);
    let mut store = Store::open(
        &path,
        &wijzer::store::key::Passphrase(Zeroizing::new("lang genoeg wachtwoord".into())),
    )
    .unwrap();
    let all = store.export(None).unwrap();
    assert_eq!(all.supporter.unwrap().name, "Sanne de Vries");
    assert_eq!(all.contracts[0].municipalities, ["Hoorn", "Enkhuizen"]);
}

#[test]
fn clienten_shows_a_page_and_says_there_are_more() {
    let env = Env::with_scenario();
    let mut many = crate::support::one_more_client("x");
    let template = many["clients"][0].clone();
    many["clients"] = serde_json::Value::Array(
        (0..250)
            .map(|n| {
                let mut c = template.clone();
                c["id"] = format!("veel-{n:03}").into();
                c["name"] = format!("Aaltje Veel {n:03}").into();
                c
            })
            .collect(),
    );
    let file = env.write("veel.json", &many.to_string());
    env.ok(&["import", &file]);
    let store = env.open();
    let page = wijzer::app::clients::search(&store, "").unwrap();
    assert_eq!(page.rows.len(), wijzer::app::clients::SHOWN_MAX);
    assert!(page.more);
    // In name order: the page starts with the first names.
    assert_eq!(page.rows[0].name, "Aaltje Veel 000");
    // Typing narrows it: one client, and no more.
    let one = wijzer::app::clients::search(&store, "veel 249").unwrap();
    assert_eq!(
        (one.rows.len(), one.more, one.rows[0].id.as_str()),
        (1, false, "veel-249")
    );
    assert_eq!(one.rows[0].cases, 0);
}
