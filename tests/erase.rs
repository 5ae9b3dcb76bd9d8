//! `erase --client` destroys a client in the file itself (secure delete), and the audit trail
//! keeps only that an erasure happened.

use crate::support::{contains, Env};

const TRACES: &[&str] = &[
    "Anna de Vries",
    "Westerstraat 12",
    "anna.devries@example.nl",
    "Keukentafelgesprek bijgewoond.",
    "Mevrouw wil een traplift aanvragen",
];

/// Every page of the database file, decrypted, free pages included (through `sqlite_dbpage`).
fn decrypted_pages(env: &Env) -> Vec<u8> {
    let store = env.open();
    let mut st = store
        .connection()
        .prepare("SELECT data FROM sqlite_dbpage('main') ORDER BY pgno")
        .unwrap();
    let pages: Vec<Vec<u8>> = st
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(pages.len() > 5);
    pages.concat()
}

#[test]
fn erased_client_is_gone_from_the_file_and_the_audit_trail() {
    let env = Env::with_scenario();

    // The scan sees the client before erasure: the check below is not vacuous.
    let pages = decrypted_pages(&env);
    for trace in TRACES {
        assert!(
            contains(&pages, trace),
            "{trace} is in the store before erasure"
        );
    }
    let contact_ids: Vec<String> = env
        .open()
        .audit_trail()
        .unwrap()
        .into_iter()
        .filter(|a| a.entity == "contact")
        .filter_map(|a| a.entity_id)
        .take(3) // k1's three contacts come first in the scenario
        .collect();

    let said = env.ok(&["erase", "--client", "cl1"]);
    assert_eq!(said.trim(), "Alle gegevens van cliënt cl1 zijn vernietigd.");

    let pages = decrypted_pages(&env);
    for trace in TRACES {
        assert!(!contains(&pages, trace), "{trace} is still in the file");
    }
    let wal = env.file("wijzer.db-wal");
    assert!(!wal.exists() || std::fs::metadata(&wal).unwrap().len() == 0);

    let store = env.open();
    let trail = store.audit_trail().unwrap();
    for entry in &trail {
        let id = entry.entity_id.as_deref();
        assert_ne!(id, Some("cl1"), "{entry:?}");
        assert_ne!(id, Some("k1"), "{entry:?}");
        assert!(
            !contact_ids.iter().any(|c| id == Some(c.as_str())),
            "{entry:?}"
        );
    }
    let erasures: Vec<_> = trail.iter().filter(|a| a.action == "erase").collect();
    assert_eq!(erasures.len(), 1);
    assert_eq!(
        (
            erasures[0].entity.as_str(),
            erasures[0].entity_id.as_deref()
        ),
        ("client", None)
    );

    // Everyone else is still there.
    let rest = serde_json::to_string(&env.open().export(None).unwrap()).unwrap();
    assert!(rest.contains("Mehmet Yılmaz") && rest.contains("Joke Smit-Groen"));
    store.integrity_check().unwrap();
}

#[test]
fn erasing_an_unknown_client_changes_nothing() {
    let env = Env::with_store();
    let before = crate::support::fingerprint(&env.open());
    assert_eq!(
        env.fails(&["erase", "--client", "cl9"]),
        "wijzer: onbekende cliënt: cl9"
    );
    assert_eq!(crate::support::fingerprint(&env.open()), before);
}
