//! Inzage (Wmo art. 5.3.2): the client's whole dossier as a readable PDF and as JSON, checked
//! with poppler's `pdftotext` and the scenario parser; the inzage is logged as an export.

use wijzer::codes::{ContactMode, Party};
use wijzer::model::{Contact, DateTime};

use crate::support::Env;

const NOTE: &str = "Inzage-markeerpunt: trapleuning besproken met de dochter";

fn pdf_text(env: &Env, pdf: &[u8]) -> String {
    let path = env.dir.path().join("inzage.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = std::process::Command::new("pdftotext")
        .arg(&path)
        .arg("-")
        .output()
        .expect("poppler-utils is installed by `cargo xtask setup`");
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn an_inzage_holds_the_whole_dossier_readable_and_machine_readable() {
    let env = Env::with_scenario();
    let mut store = env.open();
    store
        .record_contact(
            &Contact {
                case: "k1".into(),
                at: DateTime::parse("2026-02-10T10:00").unwrap(),
                minutes: 30,
                mode: ContactMode::Telefoon,
                with: vec![Party::Client],
                notes: NOTE.into(),
            },
            None,
        )
        .unwrap();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
    let inzage = wijzer::app::rights::inzage(&mut store, "cl1", today).unwrap();
    let trail = store.audit_trail().unwrap();
    let last = trail.last().unwrap();
    assert_eq!(
        (
            last.action.as_str(),
            last.entity.as_str(),
            last.entity_id.as_deref()
        ),
        ("export", "client", Some("cl1"))
    );

    // Kept for a person to look at.
    let out = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/pdf");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("inzage-cl1.pdf"), &inzage.pdf).unwrap();
    let text = pdf_text(&env, &inzage.pdf);
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for expected in [
        "Inzage in het dossier van Anna de Vries",
        "Toestemmingen",
        "Kwestie k1",
        NOTE,
        "25-11-2026",
    ] {
        assert!(flat.contains(expected), "{expected} in:\n{text}");
    }
    // Nobody else's dossier is in it.
    let scenario = wijzer::scenario::parse(&crate::support::scenario_text()).unwrap();
    for other in scenario.clients.iter().filter(|c| c.id != "cl1") {
        assert!(!flat.contains(&other.name), "{}", other.name);
    }

    let json = String::from_utf8(inzage.json).unwrap();
    let parsed = wijzer::scenario::parse(&json).unwrap();
    assert_eq!(parsed.clients.len(), 1);
    assert_eq!(parsed.clients[0].name, "Anna de Vries");
    assert!(parsed.contacts.iter().any(|c| c.notes == NOTE));
    assert!(parsed.cases.iter().all(|c| c.client == "cl1"));
}

#[test]
fn an_inzage_of_an_unknown_client_is_refused_without_writing() {
    let env = Env::with_scenario();
    let mut store = env.open();
    let before = crate::support::fingerprint(&store);
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
    assert!(wijzer::app::rights::inzage(&mut store, "cl-bestaat-niet", today).is_err());
    assert_eq!(crate::support::fingerprint(&store), before);
}

#[test]
fn an_inzage_is_saved_as_a_pdf_with_its_json_beside_it_and_never_over_another_file() {
    let env = Env::with_scenario();
    let mut store = env.open();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 7, 1).unwrap();
    let pdf = env.dir.path().join("inzage-01-07-2026.pdf");
    let saved = wijzer::app::rights::save_inzage(&mut store, "cl1", today, &pdf).unwrap();
    assert_eq!(saved.json, env.dir.path().join("inzage-01-07-2026.json"));
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF-"));
    let json = std::fs::read_to_string(&saved.json).unwrap();
    let dossier = wijzer::scenario::parse(&json).unwrap();
    assert_eq!(dossier.clients.len(), 1);
    assert_eq!(dossier.clients[0].id, "cl1");

    // The JSON's place was not confirmed in the dialog: a file there stays, and nothing is
    // written.
    let other = env.dir.path().join("ander.pdf");
    std::fs::write(env.dir.path().join("ander.json"), "van iemand anders").unwrap();
    let e = wijzer::app::rights::save_inzage(&mut store, "cl1", today, &other).unwrap_err();
    assert!(
        e.to_string()
            .contains("er staat al een bestand met die naam"),
        "{e}"
    );
    assert!(!other.exists());
    assert_eq!(
        std::fs::read_to_string(env.dir.path().join("ander.json")).unwrap(),
        "van iemand anders"
    );
    let e =
        wijzer::app::rights::save_inzage(&mut store, "cl1", today, &env.dir.path().join("x.json"))
            .unwrap_err();
    assert!(e.to_string().contains(".pdf"), "{e}");
    // A folder that does not exist: neither file.
    let nowhere = env.dir.path().join("geen-map/inzage.pdf");
    assert!(wijzer::app::rights::save_inzage(&mut store, "cl1", today, &nowhere).is_err());
    assert!(!nowhere.with_extension("json").exists());
}

#[test]
fn clients_past_their_retention_term_are_listed_once_passed_first() {
    let env = Env::with_scenario();
    let mut store = env.open();
    let early = chrono::NaiveDate::from_ymd_opt(2026, 6, 1).unwrap();
    assert!(wijzer::app::rights::past_retention(&mut store, early)
        .unwrap()
        .is_empty());
    let late = chrono::NaiveDate::from_ymd_opt(2045, 1, 1).unwrap();
    let past = wijzer::app::rights::past_retention(&mut store, late).unwrap();
    assert!(!past.is_empty());
    assert!(past.iter().all(|p| p.passed));
    let mut ids: Vec<&str> = past.iter().map(|p| p.client_id.as_str()).collect();
    let n = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), n, "each client once");
    // Only clients without an open case.
    let open: Vec<String> = store
        .export(None)
        .unwrap()
        .cases
        .iter()
        .filter(|c| c.closed_on.is_none())
        .map(|c| c.client.clone())
        .collect();
    assert!(
        past.iter().all(|p| !open.contains(&p.client_id)),
        "{past:?}"
    );
    assert!(!open.is_empty(), "the scenario has open cases to leave out");
}
