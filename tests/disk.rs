//! A laptop's disk runs full under an import, a visit, a backup and an export: one clear Dutch
//! message, the store intact, every earlier write still there. Needs root (a small tmpfs is
//! mounted). Read-only stores and folders are in `access`.

use std::path::{Path, PathBuf};
use std::process::Command;

use wijzer::model::Contact;
use wijzer::store::{Store, Visit};

use crate::support::tmpfs::Tmpfs;
use crate::support::{fast_setup, fingerprint, passphrase, scenario_json, PASSPHRASE};

fn wijzer(store: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_wijzer"))
        .arg("--store")
        .arg(store)
        .args(args)
        .env("WIJZER_PASSPHRASE", PASSPHRASE)
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .env_remove("WIJZER_STORE")
        .output()
        .unwrap()
}

/// A store with the shared scenario on a small tmpfs, and a visit recorded before the disk
/// runs full (an earlier write that must survive).
fn store_on(disk: &Tmpfs) -> (PathBuf, i64) {
    let path = disk.path.join("wijzer.db");
    let (mut store, _) = Store::create(&path, &fast_setup()).unwrap();
    let scenario = wijzer::scenario::parse(&scenario_json().to_string()).unwrap();
    store.import(&scenario).unwrap();
    let earlier = store.record_visit(&visit("eerder"), None).unwrap();
    (path, earlier)
}

fn visit(notes: &str) -> Visit {
    Visit {
        contact: Contact {
            case: "k1".into(),
            at: wijzer::model::DateTime::parse("2026-05-01T10:00").unwrap(),
            minutes: 30,
            mode: wijzer::codes::ContactMode::Huisbezoek,
            with: vec![wijzer::codes::Party::Client],
            notes: notes.into(),
        },
        next_step: Some("Bellen".into()),
        next_appointment: None,
    }
}

/// The store as it was: it opens, passes the full integrity check, holds exactly `before`,
/// and the visit recorded before the disk ran full is there.
fn intact(path: &Path, before: &str, earlier: i64) {
    let store = Store::open(path, &passphrase()).expect("the store opens");
    store.integrity_check().expect("integrity_check ok");
    assert_eq!(fingerprint(&store), before, "nothing changed, nothing lost");
    let found: i64 = store
        .connection()
        .query_row(
            "SELECT count(*) FROM contact WHERE id = ?1",
            [earlier],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(found, 1, "the earlier visit is there");
}

fn assert_disk_full(message: &str) {
    assert!(
        message.contains("de schijf is vol") && message.contains("niets veranderd"),
        "{message}"
    );
    assert!(!message.contains("disk"), "in Dutch: {message}");
}

#[test]
fn a_full_disk_refuses_an_import_on_the_command_line_and_the_store_stays_whole() {
    let disk = Tmpfs::new("8m");
    let (path, earlier) = store_on(&disk);
    let before = fingerprint(&Store::open(&path, &passphrase()).unwrap());
    let elsewhere = tempfile::tempdir().unwrap();
    let more = crate::support::one_more_client("nieuw");
    let file = elsewhere.path().join("meer.json");
    std::fs::write(&file, more.to_string()).unwrap();

    let filler = disk.fill();
    let out = wijzer(&path, &["import", file.to_str().unwrap()]);
    let line = crate::support::fails(out);
    assert_disk_full(&line);
    std::fs::remove_file(filler).unwrap();
    intact(&path, &before, earlier);
    // With room again, the same import goes through.
    let out = wijzer(&path, &["import", file.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_full_disk_refuses_a_visit_a_backup_and_an_export_and_the_store_stays_whole() {
    let disk = Tmpfs::new("8m");
    let (path, earlier) = store_on(&disk);
    // The app holds the store open while the disk runs full; its WAL was emptied last time.
    let mut store = Store::open(&path, &passphrase()).unwrap();
    store
        .connection()
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
        .unwrap();
    let before = fingerprint(&store);
    let filler = disk.fill();
    let on_disk = |e: wijzer::store::StoreError| e.on_disk_of(&path).to_string();

    let e = store
        .record_visit(&visit(&"Verslag ".repeat(1200)), None)
        .map(|_| ())
        .map_err(on_disk);
    assert_disk_full(&e.expect_err("no room for the visit"));
    let e = store.backup_generation().map(|_| ()).map_err(on_disk);
    assert_disk_full(&e.expect_err("no room for a backup"));
    let out = disk.path.join("enkhuizen-h1.age");
    let e = wijzer::app::reports::export(
        &mut store,
        "Enkhuizen",
        wijzer::report::Period::parse("2026-H1").unwrap(),
        chrono::NaiveDate::from_ymd_opt(2026, 8, 1).unwrap(),
        &[],
        &out,
        false,
    )
    .map(|_| ())
    .map_err(on_disk);
    assert_disk_full(&e.expect_err("no room for the bundle"));
    assert!(!out.exists(), "no half-written bundle");
    drop(store);
    let names: Vec<String> = std::fs::read_dir(&disk.path)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names
            .iter()
            .all(|n| !n.contains(".copy-") && !n.contains(".backup-")),
        "no temp file left: {names:?}"
    );
    std::fs::remove_file(filler).unwrap();
    intact(&path, &before, earlier);
}
