//! A store the supporter cannot write (a read-only file, a read-only folder, a read-only disk)
//! and a store another program is writing: a clear Dutch message, nothing lost, and the second
//! writer waits or says why. Needs root (the command line runs as `nobody` through setpriv, and
//! a read-only bind mount is made).

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Output};

use crate::support::{fails, fingerprint, passphrase, Env, PASSPHRASE};
use wijzer::store::Store;

/// `wijzer --store STORE ARGS` as the user `nobody`, who owns the store's folder.
fn wijzer_as_nobody(store: &Path, args: &[&str]) -> Output {
    Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
        .arg(env!("CARGO_BIN_EXE_wijzer"))
        .arg("--store")
        .arg(store)
        .args(args)
        .env("WIJZER_PASSPHRASE", PASSPHRASE)
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .env_remove("WIJZER_STORE")
        .output()
        .expect("setpriv (util-linux) is there")
}

/// The store's folder and its files handed to `nobody`, with these modes.
fn hand_to_nobody(env: &Env, folder: u32, file: u32) {
    let mode = |p: &Path, m: u32| {
        std::os::unix::fs::chown(p, Some(65534), Some(65534)).unwrap();
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(m)).unwrap();
    };
    for entry in std::fs::read_dir(env.dir.path()).unwrap() {
        mode(&entry.unwrap().path(), file);
    }
    mode(env.dir.path(), folder);
}

/// A scenario file with one client more, readable by anyone, outside the store's folder.
fn one_more_client(id: &str) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let more = crate::support::one_more_client(id);
    let file = dir.path().join("erbij.json");
    std::fs::write(&file, more.to_string()).unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
    let file = file.to_string_lossy().into_owned();
    (dir, file)
}

fn store_fingerprint(env: &Env) -> String {
    fingerprint(&Store::open(&env.store, &passphrase()).unwrap())
}

#[test]
fn a_read_only_store_file_is_named_and_nothing_changes() {
    let env = Env::with_scenario();
    let before = store_fingerprint(&env);
    let (_keep, file) = one_more_client("erbij");
    hand_to_nobody(&env, 0o700, 0o400);
    let line = fails(wijzer_as_nobody(&env.store, &["import", &file]));
    assert_eq!(
        line,
        "wijzer: het gegevensbestand of zijn map is alleen-lezen; er is niets veranderd"
    );
    hand_to_nobody(&env, 0o700, 0o600);
    assert_eq!(
        store_fingerprint(&env),
        before,
        "nothing changed, nothing lost"
    );
    // Writable again, the same import goes through.
    hand_to_nobody(&env, 0o700, 0o600);
    let out = wijzer_as_nobody(&env.store, &["import", &file]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_read_only_folder_is_named_and_nothing_changes() {
    let env = Env::with_scenario();
    let before = store_fingerprint(&env);
    let (_keep, file) = one_more_client("erbij");
    // The store's own files are writable; the folder (where SQLite keeps its WAL) is not.
    for side in ["wijzer.db-wal", "wijzer.db-shm"] {
        let _ = std::fs::remove_file(env.file(side));
    }
    hand_to_nobody(&env, 0o500, 0o600);
    let line = fails(wijzer_as_nobody(&env.store, &["import", &file]));
    assert!(
        line.contains("alleen-lezen") || line.contains("niet te openen"),
        "{line}"
    );
    assert!(
        !line.contains("database") && !line.contains("disk"),
        "Dutch: {line}"
    );
    hand_to_nobody(&env, 0o700, 0o600);
    assert_eq!(
        store_fingerprint(&env),
        before,
        "nothing changed, nothing lost"
    );
}

#[test]
fn a_store_another_program_is_writing_makes_the_second_writer_wait_then_say_why() {
    let env = Env::with_scenario();
    let (_keep, file) = one_more_client("erbij");
    // The app (another connection, as another process would be) is in the middle of a write.
    let app = Store::open(&env.store, &passphrase()).unwrap();
    let before = fingerprint(&app);
    app.connection().execute_batch("BEGIN IMMEDIATE").unwrap();

    // Reading goes on meanwhile (WAL); an export, which logs itself, is a write.
    let out = env.wijzer(&["signals", "--today", "2026-06-01"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // A second writer waits (the busy timeout), then says why in one line.
    let started = std::time::Instant::now();
    let line = env.fails(&["import", &file]);
    let waited = started.elapsed();
    assert!(
        line.contains("in gebruik door een ander programma"),
        "{line}"
    );
    assert!(line.contains("niets veranderd"), "{line}");
    assert!(waited.as_secs_f64() > 4.0, "it waited first: {waited:?}");

    app.connection().execute_batch("ROLLBACK").unwrap();
    assert_eq!(fingerprint(&app), before, "nothing half-written");
    // Once the app is done, the command line goes through, and the app sees it.
    env.ok(&["import", &file]);
    assert_ne!(fingerprint(&app), before);
}

#[test]
fn a_store_on_a_read_only_disk_is_named_and_nothing_changes() {
    let env = Env::with_scenario();
    let before = store_fingerprint(&env);
    let (_keep, file) = one_more_client("erbij");
    let view = crate::support::tmpfs::ReadOnlyView::of(env.dir.path());
    let store = view.path.join("wijzer.db");
    for args in [vec!["import", file.as_str()], vec!["signals"]] {
        let out = Command::new(env!("CARGO_BIN_EXE_wijzer"))
            .arg("--store")
            .arg(&store)
            .args(&args)
            .env("WIJZER_PASSPHRASE", PASSPHRASE)
            .env_remove("DBUS_SESSION_BUS_ADDRESS")
            .output()
            .unwrap();
        assert_eq!(
            fails(out),
            "wijzer: het gegevensbestand staat op een schijf die alleen gelezen kan worden; er is niets veranderd",
            "{args:?}"
        );
    }
    drop(view);
    assert_eq!(
        store_fingerprint(&env),
        before,
        "nothing changed, nothing lost"
    );
}
