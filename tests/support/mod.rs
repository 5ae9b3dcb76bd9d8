//! Shared helpers: a store in a temporary folder and a way to run the real `wijzer` binary on it.

pub mod kill;
pub mod texts;
pub mod tmpfs;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use wijzer::store::key::{KdfParams, KeySetup, Passphrase};
use wijzer::store::Store;
use zeroize::Zeroizing;

pub const PASSPHRASE: &str = "test-wachtwoord-123";

/// The shared folder beside the clone (`../shared`).
pub fn shared() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared")
}

pub fn scenario_text() -> String {
    std::fs::read_to_string(shared().join("examples/scenario.json"))
        .expect("../shared/examples/scenario.json is beside the clone")
}

pub fn scenario_json() -> serde_json::Value {
    serde_json::from_str(&scenario_text()).unwrap()
}

/// A scenario with one client more (the shared scenario's first, under the id `id`) and
/// nothing else: something to import into a store that holds the shared scenario.
pub fn one_more_client(id: &str) -> serde_json::Value {
    let mut more = scenario_json();
    let mut client = more["clients"][0].clone();
    client["id"] = id.into();
    more["clients"] = serde_json::json!([client]);
    for list in ["contracts", "cases", "contacts", "time", "policy_signals"] {
        more[list] = serde_json::json!([]);
    }
    more
}

/// A temporary folder with a store path in it.
pub struct Env {
    pub dir: tempfile::TempDir,
    pub store: PathBuf,
}

impl Env {
    pub fn new() -> Env {
        let dir = tempfile::tempdir().unwrap();
        let store = dir.path().join("wijzer.db");
        Env { dir, store }
    }

    /// A store made through the library with cheap Argon2 settings (fast tests).
    pub fn with_store() -> Env {
        let env = Env::new();
        Store::create(&env.store, &fast_setup()).unwrap();
        env
    }

    /// A store with the shared scenario imported through the command line.
    pub fn with_scenario() -> Env {
        let env = Env::with_store();
        let path = env.write("s.json", &scenario_json().to_string());
        env.ok(&["import", &path]);
        env
    }

    /// The names in the temporary folder, sorted.
    pub fn names(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(self.dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    pub fn open(&self) -> Store {
        Store::open(&self.store, &passphrase()).unwrap()
    }

    /// Runs `wijzer --store <store> ARGS` with the test passphrase and no desktop session.
    pub fn wijzer(&self, args: &[&str]) -> Output {
        self.wijzer_with(args, PASSPHRASE)
    }

    pub fn wijzer_with(&self, args: &[&str], passphrase: &str) -> Output {
        Command::new(env!("CARGO_BIN_EXE_wijzer"))
            .arg("--store")
            .arg(&self.store)
            .args(args)
            .env("WIJZER_PASSPHRASE", passphrase)
            .env_remove("DBUS_SESSION_BUS_ADDRESS")
            .env_remove("WIJZER_STORE")
            .current_dir(self.dir.path())
            .output()
            .unwrap()
    }

    /// Runs and expects success; returns stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.wijzer(args);
        assert!(
            out.status.success(),
            "wijzer {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    /// Runs and expects exit code 1 with exactly one line on stderr; returns that line.
    pub fn fails(&self, args: &[&str]) -> String {
        fails(self.wijzer(args))
    }

    pub fn file(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Writes a file in the temporary folder and returns its path as a string.
    pub fn write(&self, name: &str, text: &str) -> String {
        let path = self.file(name);
        std::fs::write(&path, text).unwrap();
        path.to_string_lossy().into_owned()
    }
}

pub fn fails(out: Output) -> String {
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "expected exit 1; stderr: {stderr}"
    );
    assert_eq!(stderr.lines().count(), 1, "expected one line: {stderr:?}");
    assert!(out.stdout.is_empty(), "nothing on stdout on failure");
    stderr.trim_end().to_string()
}

pub fn fast_setup() -> KeySetup {
    KeySetup {
        passphrase: Some(Zeroizing::new(PASSPHRASE.to_string())),
        credential_store: false,
        kdf: KdfParams {
            memory_kib: 64,
            iterations: 1,
            parallelism: 1,
        },
    }
}

pub fn passphrase() -> Passphrase {
    Passphrase(Zeroizing::new(PASSPHRASE.to_string()))
}

/// Every row of every table, in a stable order: two equal fingerprints mean an unchanged store.
pub fn fingerprint(store: &Store) -> String {
    let conn = store.connection();
    let mut tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    tables.retain(|t| !t.starts_with("sqlite_"));
    let mut out = String::new();
    for table in tables {
        // A table without rowid (kept sums and marks) in the order of all its columns.
        let mut st = conn
            .prepare(&format!("SELECT * FROM {table} ORDER BY rowid"))
            .or_else(|_| {
                let columns = conn
                    .prepare(&format!("SELECT * FROM {table}"))?
                    .column_count();
                let all: Vec<String> = (1..=columns).map(|i| i.to_string()).collect();
                conn.prepare(&format!(
                    "SELECT * FROM {table} ORDER BY {}",
                    all.join(", ")
                ))
            })
            .unwrap();
        let columns = st.column_count();
        let mut rows = st.query([]).unwrap();
        out.push_str(&format!("== {table}\n"));
        while let Some(row) = rows.next().unwrap() {
            for i in 0..columns {
                let value: rusqlite::types::Value = row.get(i).unwrap();
                out.push_str(&format!("{value:?}|"));
            }
            out.push('\n');
        }
    }
    out
}

/// Whether `needle` occurs in `haystack`.
pub fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}
