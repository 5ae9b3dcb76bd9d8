//! The app's commands at the laptop's edges: a disk that runs full while the app is open, a
//! read-only disk, and the command line writing to the same store at once. One Dutch message,
//! the store whole, every earlier write there. Needs root (a tmpfs and a read-only bind mount).

#![allow(clippy::unwrap_used)]

mod common;

use std::path::Path;

use serde_json::json;
use wijzer::store::key::Passphrase;
use wijzer::store::Store;
use wijzer_app::commands::{bezoek, instellingen, rapportage, session};
use wijzer_app::{AppState, ErrorKind, IpcError};
use zeroize::Zeroizing;

#[path = "../../tests/support/tmpfs.rs"]
mod tmpfs;
use tmpfs::{ReadOnlyView, Tmpfs};
#[path = "../../tests/support/texts.rs"]
mod texts;
use texts::ODD_TEXTS;

const PASSPHRASE: &str = "schijf-wachtwoord";

fn store_with_scenario(path: &Path) {
    common::store_with_scenario(path, PASSPHRASE);
}

fn visit(notes: &str) -> serde_json::Value {
    json!({"case": "k1", "date": "01-05-2026", "time": "10:00", "minutes": "30",
           "mode": "huisbezoek", "with": ["client"], "notes": notes})
}

fn assert_disk_full(e: &IpcError) {
    assert_eq!(e.kind, ErrorKind::Failed, "{e:?}");
    assert!(e.message.contains("de schijf is vol"), "{e:?}");
    assert!(e.message.contains("niets veranderd"), "{e:?}");
    assert_eq!(e.field, None);
}

#[test]
fn a_full_disk_under_the_open_app_refuses_a_visit_a_backup_and_an_export_and_loses_nothing() {
    let disk = Tmpfs::new("8m");
    let path = disk.path.join("wijzer.db");
    store_with_scenario(&path);
    let state = AppState::locked(Some(path.clone()));
    session::session_unlock(&state, PASSPHRASE.into()).unwrap();
    let earlier = bezoek::visit_record(&state, visit("eerder vastgelegd")).unwrap();
    state
        .with_store(|s| {
            s.connection()
                .execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
                .unwrap();
            Ok(())
        })
        .unwrap();
    let filler = disk.fill();

    let e = bezoek::visit_record(&state, visit(&"Verslag ".repeat(1200))).unwrap_err();
    assert_disk_full(&e);
    assert_disk_full(&instellingen::backup_make(&state).unwrap_err());
    let out = disk.path.join("rapportage-enkhuizen-2026-H1.age");
    let e = rapportage::report_save(
        &state,
        "Enkhuizen",
        "2026-H1",
        false,
        chrono::NaiveDate::from_ymd_opt(2026, 8, 1).unwrap(),
        &out,
    )
    .unwrap_err();
    assert!(e.message.contains("de schijf is vol"), "{e:?}");
    assert!(!out.exists(), "no half-written bundle");
    // A draft saved while typing fails too, and says so; what was typed stays in the form.
    let e = bezoek::draft_save(&state, "bezoek-k1", &"x".repeat(20_000)).unwrap_err();
    assert_disk_full(&e);

    std::fs::remove_file(filler).unwrap();
    instellingen::session_lock(&state).unwrap();
    let store = Store::open(&path, &Passphrase(Zeroizing::new(PASSPHRASE.into()))).unwrap();
    store.integrity_check().unwrap();
    let contacts: Vec<i64> = store
        .connection()
        .prepare("SELECT id FROM contact WHERE kase = 'k1' ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(contacts.contains(&earlier), "the earlier visit is there");
    assert_eq!(
        contacts.iter().filter(|id| **id > earlier).count(),
        0,
        "nothing half-written"
    );
}

#[test]
fn a_store_on_a_read_only_disk_is_named_on_unlock_and_nothing_changes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("wijzer.db");
    store_with_scenario(&path);
    let before = std::fs::read(&path).unwrap();
    // The same folder seen through a read-only bind mount.
    let view = ReadOnlyView::of(dir.path());
    let state = AppState::locked(Some(view.path.join("wijzer.db")));
    let e = session::session_unlock(&state, PASSPHRASE.into()).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Failed, "{e:?}");
    assert!(e.message.contains("alleen gelezen"), "{e:?}");
    assert_eq!(session::session_status(&state).unwrap().state, "locked");
    drop(view);
    assert_eq!(std::fs::read(&path).unwrap(), before, "nothing changed");
    // Where it can be written, the same store opens.
    let state = AppState::locked(Some(path));
    session::session_unlock(&state, PASSPHRASE.into()).unwrap();
}

#[test]
fn the_app_waits_for_the_command_line_then_says_why_and_loses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("wijzer.db");
    store_with_scenario(&path);
    let state = AppState::locked(Some(path.clone()));
    session::session_unlock(&state, PASSPHRASE.into()).unwrap();
    // Another program (the command line, in the middle of an import) holds the write lock.
    let other = Store::open(&path, &Passphrase(Zeroizing::new(PASSPHRASE.into()))).unwrap();
    other.connection().execute_batch("BEGIN IMMEDIATE").unwrap();

    let started = std::time::Instant::now();
    let e = bezoek::visit_record(&state, visit("tijdens de import")).unwrap_err();
    assert!(started.elapsed().as_secs_f64() > 4.0, "it waited first");
    assert_eq!(e.kind, ErrorKind::Failed);
    assert!(
        e.message.contains("in gebruik door een ander programma"),
        "{e:?}"
    );
    assert_eq!(e.field, None);
    // The screens still read meanwhile.
    let case = wijzer_app::commands::kwestie::case_get(&state, "k1").unwrap();
    let contacts = case.contacts.len();

    other.connection().execute_batch("COMMIT").unwrap();
    // Then the same visit goes through (the form kept what was typed).
    bezoek::visit_record(&state, visit("tijdens de import")).unwrap();
    let case = wijzer_app::commands::kwestie::case_get(&state, "k1").unwrap();
    assert_eq!(case.contacts.len(), contacts + 1);
}

#[test]
fn odd_input_through_the_apps_forms_is_kept_exactly_and_bad_input_is_named_by_field() {
    use wijzer_app::commands::{clienten, kwestie};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("wijzer.db");
    store_with_scenario(&path);
    let state = AppState::locked(Some(path));
    session::session_unlock(&state, PASSPHRASE.into()).unwrap();

    for text in ODD_TEXTS {
        let id = clienten::client_add(&state, json!({"name": text, "municipality": "Enkhuizen"}))
            .unwrap();
        // A form trims a name's leading and trailing white space; the rest is kept exactly.
        assert_eq!(
            clienten::client_get(&state, &id).unwrap().client.name,
            text.trim()
        );
        bezoek::visit_record(&state, visit(text)).unwrap();
        let case = kwestie::case_get(&state, "k1").unwrap();
        assert!(case.contacts.iter().any(|c| c.notes == *text), "{text}");
    }

    let clients = clienten::clients_search(&state, "").unwrap().rows.len();
    let contacts = kwestie::case_get(&state, "k1").unwrap().contacts.len();
    let long = "é".repeat(201);
    let bad_clients: &[(&str, serde_json::Value, &str)] = &[
        (
            "a bell",
            json!({"name": "Anna\u{7}", "municipality": "Enkhuizen"}),
            "name",
        ),
        (
            "spaces only",
            json!({"name": "   ", "municipality": "Enkhuizen"}),
            "name",
        ),
        (
            "201 characters",
            json!({"name": long, "municipality": "Enkhuizen"}),
            "name",
        ),
        (
            "30-02",
            json!({"name": "Piet", "born": "30-02-1950", "municipality": "Enkhuizen"}),
            "born",
        ),
        (
            "no municipality",
            json!({"name": "Piet", "municipality": "Atlantis"}),
            "municipality",
        ),
        (
            "an unknown consent",
            json!({"name": "Piet", "municipality": "Enkhuizen",
            "purpose": "alles", "given_on": "01-06-2026", "how": "mondeling"}),
            "purpose",
        ),
    ];
    for (what, form, field) in bad_clients {
        let e = clienten::client_add(&state, form.clone()).unwrap_err();
        assert_eq!(
            (e.kind, e.field.as_deref()),
            (ErrorKind::Invalid, Some(*field)),
            "{what}: {e:?}"
        );
        assert!(
            !e.message.contains("Anna") && !e.message.contains("Atlantis"),
            "{e:?}"
        );
    }
    let mut bad_visits = Vec::new();
    for (field, value, named) in [
        ("minutes", "2000", "minutes"),
        ("minutes", "-5", "minutes"),
        ("date", "30-02-2026", "date"),
        ("date", "2026-03-01", "date"),
        ("time", "25:00", "time"),
        ("mode", "duif", "mode"),
        ("notes", "weg\u{1b}[2J", "notes"),
    ] {
        let mut form = visit("geldig");
        form[field] = json!(value);
        bad_visits.push((form, named));
    }
    for (form, named) in bad_visits {
        let e = bezoek::visit_record(&state, form.clone()).unwrap_err();
        assert_eq!(
            (e.kind, e.field.as_deref()),
            (ErrorKind::Invalid, Some(named)),
            "{form}: {e:?}"
        );
    }
    // Nothing half-written.
    assert_eq!(
        clienten::clients_search(&state, "").unwrap().rows.len(),
        clients
    );
    assert_eq!(
        kwestie::case_get(&state, "k1").unwrap().contacts.len(),
        contacts
    );
}
