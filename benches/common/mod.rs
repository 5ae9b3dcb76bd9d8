//! What the benchmarks share: the data sets of DESIGN.md as real stores, built once from the
//! deterministic generator and kept under `target/bench-data/`.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use wijzer::store::key::{KdfParams, KeySetup, Passphrase};
use wijzer::store::Store;
use zeroize::Zeroizing;

pub const PASSPHRASE: &str = "bench-wachtwoord";

pub fn setup() -> KeySetup {
    KeySetup {
        passphrase: Some(Zeroizing::new(PASSPHRASE.into())),
        credential_store: false,
        kdf: KdfParams {
            memory_kib: 64,
            iterations: 1,
            parallelism: 1,
        },
    }
}

/// The day the data sets are made as of.
pub fn today() -> NaiveDate {
    wijzer::demo::data_set("busy").expect("busy").today
}

/// The store of a data set of DESIGN.md (`busy`, `org`: `wijzer::demo::data_set`), built once
/// and kept as `target/bench-data/<name>.db`; `cargo xtask gen <name>` builds the same file
/// with the command line. An older schema is brought up to date when it is opened.
pub fn data_store(name: &str) -> Store {
    let set = wijzer::demo::data_set(name).expect("a data set of DESIGN.md");
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-data");
    std::fs::create_dir_all(&dir).expect("target/bench-data");
    let path = dir.join(format!("{name}.db"));
    let open = |p: &Path| Store::open(p, &Passphrase(Zeroizing::new(PASSPHRASE.into())));
    if let Ok(store) = open(&path) {
        return store;
    }
    let _ = std::fs::remove_file(&path);
    let _ = std::fs::remove_file(wijzer::store::key::KeyFile::path_for(&path));
    let (mut store, _) = Store::create(&path, &setup()).expect("a store");
    eprintln!("building the {name} data set in {} …", path.display());
    store.import(&set.generate()).expect("the data set imports");
    store
}

/// The passphrase source of the benchmark stores.
pub fn passphrase() -> Passphrase {
    Passphrase(Zeroizing::new(PASSPHRASE.into()))
}

/// A private copy of a data set's store (database and key file) in `dir`, for benchmarks that
/// write: the kept data set stays as it was built.
pub fn copy_of(name: &str, dir: &Path) -> Store {
    let kept = data_store(name);
    let from = kept.path().to_path_buf();
    drop(kept);
    let to = dir.join("copy.db");
    std::fs::copy(&from, &to).expect("a copy of the store");
    std::fs::copy(
        wijzer::store::key::KeyFile::path_for(&from),
        wijzer::store::key::KeyFile::path_for(&to),
    )
    .expect("a copy of the key file");
    Store::open(&to, &passphrase()).expect("the copy opens")
}

/// Visits to save one after another: each to the next open case in turn, so that no case
/// grows without end.
pub fn visits(store: &Store) -> impl FnMut() -> wijzer::store::Visit {
    use wijzer::codes::{ContactMode, Party};
    use wijzer::model::{Contact, DateTime};
    let open_cases: Vec<String> = store
        .connection()
        .prepare("SELECT id FROM kase WHERE closed_on IS NULL ORDER BY position")
        .and_then(|mut st| st.query_map([], |r| r.get(0))?.collect())
        .expect("open cases");
    let mut turn = 0usize;
    move || {
        turn = (turn + 1) % open_cases.len();
        wijzer::store::Visit {
            contact: Contact {
                case: open_cases[turn].clone(),
                at: DateTime::parse("2026-11-20T10:30").expect("a time"),
                minutes: 60,
                mode: ContactMode::Huisbezoek,
                with: vec![Party::Client],
                notes: "Huisbezoek: aanvraag besproken, volgende stap afgesproken.".into(),
            },
            next_step: Some("Offerte opvragen".into()),
            next_appointment: DateTime::parse("2026-12-01T14:00"),
        }
    }
}

/// Keeps figures a benchmark measured once (not a criterion median) for `cargo xtask bench`'s
/// table, in `target/bench/<name>.once`, and prints them.
pub fn measured_once(name: &str, lines: &[String]) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench");
    std::fs::create_dir_all(&dir).expect("target/bench");
    let text: String = lines.iter().map(|l| format!("{l}\n")).collect();
    eprint!("{text}");
    std::fs::write(dir.join(format!("{name}.once")), text).expect("a figure kept");
}
