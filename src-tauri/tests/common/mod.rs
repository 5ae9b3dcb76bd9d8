//! What the app's tests share: a store with the shared scenario, made with cheap Argon2
//! settings (fast tests).

use std::path::{Path, PathBuf};

use wijzer::store::key::{KdfParams, KeySetup};
use wijzer::store::Store;
use zeroize::Zeroizing;

/// The shared folder beside the clone (`../shared`).
pub fn shared() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared")
}

/// Makes a store at `path` under `passphrase` and imports the shared scenario into it.
pub fn store_with_scenario(path: &Path, passphrase: &str) {
    let setup = KeySetup {
        passphrase: Some(Zeroizing::new(passphrase.into())),
        credential_store: false,
        kdf: KdfParams {
            memory_kib: 64,
            iterations: 1,
            parallelism: 1,
        },
    };
    let (mut store, _) = Store::create(path, &setup).unwrap();
    let text = std::fs::read_to_string(shared().join("examples/scenario.json")).unwrap();
    let scenario = wijzer::scenario::parse(&text).unwrap();
    wijzer::app::imports::scenario(&mut store, &scenario).unwrap();
}
