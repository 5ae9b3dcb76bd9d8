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
