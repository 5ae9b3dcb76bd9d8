//! The test host: every command the app registers, run without a webview on a real store,
//! with its errors in the `{kind, message, field}` shape the UI reads.

#![allow(clippy::unwrap_used)]

use std::collections::BTreeSet;
use std::path::PathBuf;

use wijzer::store::key::{KdfParams, KeySetup, Passphrase};
use wijzer::store::Store;
use wijzer_app::commands::{overview, vandaag};
use wijzer_app::{AppState, ErrorKind, COMMANDS};
use zeroize::Zeroizing;

const PASSPHRASE: &str = "host-wachtwoord";

fn store_with_scenario(dir: &tempfile::TempDir) -> PathBuf {
    let path = dir.path().join("wijzer.db");
    let setup = KeySetup {
        passphrase: Some(Zeroizing::new(PASSPHRASE.into())),
        credential_store: false,
        kdf: KdfParams {
            memory_kib: 64,
            iterations: 1,
            parallelism: 1,
        },
    };
    let (mut store, _) = Store::create(&path, &setup).unwrap();
    let text = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/examples/scenario.json"),
    )
    .unwrap();
    let scenario = wijzer::scenario::parse(&text).unwrap();
    wijzer::app::imports::scenario(&mut store, &scenario).unwrap();
    path
}

fn unlocked(path: PathBuf) -> AppState {
    let state = AppState::locked(Some(path));
    state
        .unlock(&Passphrase(Zeroizing::new(PASSPHRASE.into())))
        .unwrap();
    state
}

#[test]
fn every_registered_command_runs_without_a_webview() {
    let dir = tempfile::tempdir().unwrap();
    let state = unlocked(store_with_scenario(&dir));
    let mut called = BTreeSet::new();

    let rows = overview::cases_overview(&state).unwrap();
    assert_eq!(rows.len(), 5);
    called.insert("cases_overview");

    let signals = vandaag::signals_today(&state, "2026-06-01").unwrap();
    let cases: BTreeSet<_> = signals.iter().filter_map(|s| s.case.as_deref()).collect();
    assert_eq!(cases, BTreeSet::from(["k2", "k3", "k4", "k5"]));
    called.insert("signals_today");

    let registered: BTreeSet<_> = COMMANDS.iter().copied().collect();
    assert_eq!(
        called, registered,
        "every registered command is called here"
    );
    // And COMMANDS is what lib.rs registers.
    let lib = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/src/lib.rs")).unwrap();
    let handler = lib
        .split("generate_handler![")
        .nth(1)
        .and_then(|rest| rest.split(']').next())
        .unwrap();
    let in_handler: BTreeSet<_> = handler
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    assert_eq!(in_handler, registered);
}

#[test]
fn errors_arrive_as_kind_message_and_field_without_names() {
    let dir = tempfile::tempdir().unwrap();
    let path = store_with_scenario(&dir);

    let mut errors = Vec::new();
    // Locked: every command says so.
    let state = AppState::locked(Some(path.clone()));
    let e = overview::cases_overview(&state).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Locked);
    let json = serde_json::to_value(&e).unwrap();
    assert_eq!(json["kind"], "locked");
    assert!(json.get("message").is_some() && json.get("field").is_some());
    errors.push(e);
    errors.push(vandaag::signals_today(&state, "2026-06-01").unwrap_err());

    // A wrong passphrase, and a missing store, each their own kind.
    let e = state
        .unlock(&Passphrase(Zeroizing::new("niet-het-goede".into())))
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::WrongSecret);
    errors.push(e);
    let nowhere = AppState::locked(Some(dir.path().join("nergens.db")));
    let e = nowhere
        .unlock(&Passphrase(Zeroizing::new(PASSPHRASE.into())))
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::NoStore);
    errors.push(e);

    // Bad input names the field, not the value.
    let state = unlocked(path);
    let e = vandaag::signals_today(&state, "2026-02-30").unwrap_err();
    assert_eq!(e.kind, ErrorKind::Invalid);
    assert_eq!(e.field.as_deref(), Some("today"));
    assert!(!e.message.contains("2026-02-30"));
    errors.push(e);

    // No error message carries a client's name.
    let text = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/examples/scenario.json"),
    )
    .unwrap();
    let scenario = wijzer::scenario::parse(&text).unwrap();
    for e in &errors {
        for client in &scenario.clients {
            assert!(!e.message.contains(&client.name), "{}", e.message);
        }
    }
}
