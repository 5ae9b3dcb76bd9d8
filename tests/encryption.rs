//! Encryption at rest: no plaintext in the store, its WAL or its backups; a wrong passphrase and
//! a damaged file are told apart, in one line, and neither changes the file.

use wijzer::model::Scenario;

use crate::support::{contains, fails, scenario_text, Env};

const MARKERS: &[&str] = &[
    "Zwaluwstaart Quirijnsdochter",
    "Kwikstaartsteeg 77",
    "quirijnsdochter@voorbeeld.example",
    "Notitie-pimpelmees-4411",
];

/// The shared scenario with a client whose details are marker strings.
fn marked_scenario() -> Scenario {
    let text = scenario_text()
        .replace("Anna de Vries", MARKERS[0])
        .replace("Westerstraat 12, 1601 AB Enkhuizen", MARKERS[1])
        .replace("anna.devries@example.nl", MARKERS[2])
        .replace("Keukentafelgesprek bijgewoond.", MARKERS[3]);
    wijzer::scenario::parse(&text).unwrap()
}

fn assert_no_plaintext(bytes: &[u8], what: &str) {
    assert!(!bytes.is_empty(), "{what} is empty");
    assert!(
        !bytes.starts_with(b"SQLite format 3"),
        "{what} has a plain SQLite header"
    );
    for marker in MARKERS {
        assert!(
            !contains(bytes, marker),
            "{what} holds {marker:?} in plain text"
        );
    }
}

#[test]
fn store_wal_and_backups_hold_no_plaintext() {
    let env = Env::with_store();
    let mut store = env.open();
    store.import(&marked_scenario()).unwrap();

    // While the store is open, the import sits in the WAL.
    let wal = env.file("wijzer.db-wal");
    let wal_bytes = std::fs::read(&wal).unwrap();
    assert!(wal_bytes.len() > 4096, "the WAL holds the import");
    for marker in MARKERS {
        assert!(!contains(&wal_bytes, marker), "WAL holds {marker:?}");
    }
    assert_no_plaintext(&std::fs::read(&env.store).unwrap(), "store (WAL open)");

    let backup = env.file("copy.db");
    store.backup(&backup).unwrap();
    let generation = store.backup_generation().unwrap();
    drop(store);

    assert_no_plaintext(&std::fs::read(&env.store).unwrap(), "store");
    assert_no_plaintext(&std::fs::read(&backup).unwrap(), "backup");
    assert_no_plaintext(&std::fs::read(&generation).unwrap(), "backup generation");
    assert_no_plaintext(
        &std::fs::read(env.file("wijzer.db.key")).unwrap(),
        "key file",
    );

    // Nothing else was left behind: no temporary or plain files.
    assert_eq!(
        env.names(),
        ["backups", "copy.db", "wijzer.db", "wijzer.db.key"]
    );

    // The markers really are in the store: the check above is not vacuous.
    let text = serde_json::to_string(&env.open().export(None).unwrap()).unwrap();
    assert!(MARKERS.iter().all(|m| text.contains(m)));
}

#[test]
fn a_wrong_passphrase_is_named_and_changes_nothing() {
    let env = Env::with_store();
    let before = std::fs::read(&env.store).unwrap();
    let line = fails(env.wijzer_with(&["export-json"], "niet-het-wachtwoord"));
    assert_eq!(line, "wijzer: verkeerd wachtwoord");
    assert_eq!(std::fs::read(&env.store).unwrap(), before);
    assert!(!env.file("wijzer.db-wal").exists());
}

#[test]
fn a_damaged_file_is_reported_as_damaged_not_as_a_wrong_key() {
    for (what, offset) in [("header", 8usize), ("a page in the middle", 4096 * 5 + 300)] {
        let env = Env::with_store();
        let file = crate::support::shared().join("examples/scenario.json");
        env.ok(&["import", file.to_str().unwrap()]);
        let mut bytes = std::fs::read(&env.store).unwrap();
        assert!(bytes.len() > offset, "store big enough for {what}");
        bytes[offset] ^= 0x5a;
        std::fs::write(&env.store, &bytes).unwrap();

        let line = env.fails(&["export-json"]);
        assert!(line.contains("is beschadigd"), "{what}: {line}");
        assert!(!line.contains("wachtwoord"), "{what}: {line}");
        // Moved aside as it was (see `rescue`), never changed or deleted.
        assert!(!env.store.exists());
        let aside = crate::rescue::set_aside_files(&env);
        assert_eq!(aside.len(), 1, "{what}: {aside:?}");
        assert_eq!(
            std::fs::read(&aside[0]).unwrap(),
            bytes,
            "{what}: file unchanged"
        );
    }
}

#[test]
fn a_missing_key_file_and_a_missing_store_are_named() {
    let env = Env::new();
    assert!(env
        .fails(&["export-json"])
        .contains("er is geen gegevensbestand op"));
    let env = Env::with_store();
    std::fs::remove_file(env.file("wijzer.db.key")).unwrap();
    assert!(env.fails(&["export-json"]).contains("sleutelbestand"));
}

#[test]
fn init_refuses_an_existing_store_and_restore_checks_first() {
    let env = Env::with_store();
    assert!(env
        .fails(&["init"])
        .contains("er staat al een gegevensbestand"));

    // A "backup" that is not one is refused before anything is replaced.
    let before = crate::support::fingerprint(&env.open());
    let junk = env.write(
        "junk.db",
        "dit is geen reservekopie, maar gewoon tekst van ruim zestien tekens",
    );
    let line = env.fails(&["restore", &junk]);
    assert!(line.contains("beschadigd"), "{line}");
    assert_eq!(crate::support::fingerprint(&env.open()), before);
}

#[test]
fn recovery_code_sets_a_new_passphrase() {
    let env = Env::new();
    let out = env.ok(&["init"]);
    let code = out
        .lines()
        .find_map(|l| {
            l.split(": ")
                .nth(1)
                .filter(|_| l.starts_with("Herstelcode"))
        })
        .unwrap()
        .to_string();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_wijzer"))
        .args(["--store", env.store.to_str().unwrap(), "recover"])
        .env("WIJZER_RECOVERY_CODE", &code)
        .env("WIJZER_PASSPHRASE", "een-nieuw-wachtwoord")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(env
        .wijzer_with(&["export-json"], "een-nieuw-wachtwoord")
        .status
        .success());
    assert_eq!(
        fails(env.wijzer(&["export-json"])),
        "wijzer: verkeerd wachtwoord"
    );
}

#[test]
fn new_stores_authenticate_pages_with_sha256_and_older_sha512_stores_still_open_back_up_and_restore(
) {
    let env = Env::with_store();
    assert_eq!(env.open().cipher_name().unwrap(), "HMAC_SHA256");

    // A store made as before schema 11 (HMAC-SHA512), with data, and some of it in the WAL.
    let old = Env::new();
    wijzer::store::Store::create_with_sha512(&old.store, &crate::support::fast_setup()).unwrap();
    {
        let mut store = old.open();
        assert_eq!(store.cipher_name().unwrap(), "HMAC_SHA512");
        store.import(&marked_scenario()).unwrap();
    }
    let mut store = old.open();
    assert_eq!(store.cipher_name().unwrap(), "HMAC_SHA512");
    assert_eq!(store.export(None).unwrap().clients[0].name, MARKERS[0]);
    store.integrity_check().unwrap();

    // Its backup is made the same way and restores over another store.
    let backup = old.dir.path().join("oud.wijzerbackup");
    store.backup(&backup).unwrap();
    assert_no_plaintext(&std::fs::read(&backup).unwrap(), "the old store's backup");
    drop(store);
    let elsewhere = old.dir.path().join("elders.db");
    wijzer::store::Store::restore(&elsewhere, &backup, &crate::support::passphrase(), None)
        .unwrap();
    let mut restored =
        wijzer::store::Store::open(&elsewhere, &crate::support::passphrase()).unwrap();
    assert_eq!(restored.cipher_name().unwrap(), "HMAC_SHA512");
    assert_eq!(restored.export(None).unwrap().clients[0].name, MARKERS[0]);

    // Damage in its pages is still damage, not another cipher or a wrong key.
    drop(restored);
    let mut bytes = std::fs::read(&old.store).unwrap();
    let at = bytes.len() / 2 + 300;
    bytes[at] ^= 0x5a;
    std::fs::write(&old.store, &bytes).unwrap();
    let line = old.fails(&["export-json"]);
    assert!(line.contains("is beschadigd"), "{line}");
}
