//! Getting at a store: make one (the key in the OS credential store, or wrapped under a
//! passphrase where there is none), open it with a key source, and recover it with the recovery
//! code when the passphrase or the credential store is lost.

use std::path::Path;

use zeroize::Zeroizing;

use crate::store::key::{self, KdfParams, KeyError, KeyFile, KeySetup, RecoveryCode};
use crate::store::{Store, StoreError};

/// Makes a new store at `path` and returns it with the recovery code to show once.
///
/// With a `passphrase`, the key is wrapped under it. Without one, the key goes to the OS
/// credential store; where there is none (headless Linux, a locked keychain) the answer is
/// `KeyError::PassphraseNeeded`, and the caller asks for a passphrase and calls again. Nothing
/// is written before the key has a home.
pub fn create(
    path: &Path,
    passphrase: Option<Zeroizing<String>>,
) -> Result<(Store, RecoveryCode), StoreError> {
    let setup = |passphrase, credential_store| KeySetup {
        passphrase,
        credential_store,
        kdf: KdfParams::default(),
    };
    match passphrase {
        Some(p) => Store::create(path, &setup(Some(p), false)),
        None if key::use_native_credential_store() => Store::create(path, &setup(None, true))
            .map_err(|e| match e {
                StoreError::Key(KeyError::CredentialStore(_)) => {
                    StoreError::Key(KeyError::PassphraseNeeded)
                }
                other => other,
            }),
        None => Err(StoreError::Key(KeyError::PassphraseNeeded)),
    }
}

/// With the recovery code: wraps the store's key under a new passphrase, which opens the store
/// from then on (the OS credential store is no longer expected to hold the key).
pub fn recover(path: &Path, code: &str, new_passphrase: &str) -> Result<(), StoreError> {
    let key_path = KeyFile::path_for(path);
    let mut file = KeyFile::load(&key_path)?;
    let key = key::KeySource::unlock(&key::Recovery(Zeroizing::new(code.to_string())), &file)?;
    file.recover(&key, new_passphrase, KdfParams::default())?;
    file.save(&key_path)?;
    Ok(())
}
