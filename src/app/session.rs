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

/// What the welcome screen asks on first start: who works here, and under which contract.
#[derive(Debug, Clone, PartialEq)]
pub struct Profile {
    pub organisation: crate::model::Organisation,
    pub supporter: crate::model::Supporter,
    /// The contract, with its id left empty (it is made here).
    pub contract: crate::model::Contract,
}

/// The shortest passphrase accepted for a new store.
pub const PASSPHRASE_MIN: usize = 10;

/// A new passphrase as typed twice on the welcome screen.
#[derive(Debug, Clone)]
pub struct NewPassphrase {
    pub first: Zeroizing<String>,
    pub again: Zeroizing<String>,
}

fn refused(field: &str, message: &str) -> StoreError {
    StoreError::Invalid(crate::scenario::Invalid {
        record: String::new(),
        field: field.into(),
        message: message.into(),
    })
}

/// First start: checks the profile and the passphrase, makes the store at `path` (the key in
/// the OS credential store, or under the passphrase), and keeps the profile in it. Returns the
/// open store and the recovery code to show once. A refused profile or passphrase writes
/// nothing; when the profile cannot be kept, the new store is removed again.
pub fn start(
    path: &Path,
    passphrase: Option<&NewPassphrase>,
    profile: &Profile,
) -> Result<(Store, RecoveryCode), StoreError> {
    let mut contract = profile.contract.clone();
    contract.id = format!("contract-{}", contract.rule_set);
    let scenario = crate::model::Scenario {
        organisation: Some(profile.organisation.clone()),
        supporter: Some(profile.supporter.clone()),
        contracts: vec![contract],
        ..crate::scenario::empty()
    };
    let check = |e: crate::scenario::Invalid| {
        // "contracts[0]" is the one contract of the welcome screen.
        StoreError::Invalid(crate::scenario::Invalid {
            record: if e.record.starts_with("contracts") {
                "contract".into()
            } else {
                e.record
            },
            ..e
        })
    };
    crate::scenario::validate(&scenario, &crate::scenario::Known::default()).map_err(check)?;
    let passphrase = match passphrase {
        Some(p) => {
            if p.first.chars().count() < PASSPHRASE_MIN {
                return Err(refused(
                    "passphrase",
                    &format!("te kort: kies minstens {PASSPHRASE_MIN} tekens"),
                ));
            }
            if p.first != p.again {
                return Err(refused(
                    "passphrase_again",
                    "niet gelijk aan het eerste wachtwoord; typ het nog eens",
                ));
            }
            Some(p.first.clone())
        }
        None => None,
    };
    let (mut store, code) = create(path, passphrase)?;
    if let Err(e) = store.import(&scenario) {
        let path = store.path().to_path_buf();
        drop(store);
        let beside = |suffix: &str| {
            let mut name = path.as_os_str().to_owned();
            name.push(suffix);
            std::path::PathBuf::from(name)
        };
        for file in [
            beside("-wal"),
            beside("-shm"),
            KeyFile::path_for(&path),
            path.clone(),
        ] {
            let _ = std::fs::remove_file(file);
        }
        return Err(e);
    }
    Ok((store, code))
}

/// Whether a new store needs a passphrase here: there is no OS credential store to hold the key.
pub fn needs_passphrase() -> bool {
    !key::use_native_credential_store()
}

/// The key of the open store at `path`, from the passphrase the supporter types to confirm an
/// Instellingen action (a wrong one is refused as such).
fn confirmed(path: &Path, current: &str) -> Result<(KeyFile, key::Key), StoreError> {
    let file = KeyFile::load(&KeyFile::path_for(path))?;
    let key = key::KeySource::unlock(&key::Passphrase(Zeroizing::new(current.to_string())), &file)?;
    Ok((file, key))
}

/// Instellingen: a new passphrase, typed twice, after the current one. Only the key file
/// changes (the data stays encrypted under the same key); backups made before keep the
/// passphrase they were made with.
pub fn change_passphrase(
    path: &Path,
    current: &str,
    new: &NewPassphrase,
) -> Result<(), StoreError> {
    if new.first.chars().count() < PASSPHRASE_MIN {
        return Err(refused(
            "passphrase",
            &format!("te kort: kies minstens {PASSPHRASE_MIN} tekens"),
        ));
    }
    if new.first != new.again {
        return Err(refused(
            "passphrase_again",
            "niet gelijk aan het eerste wachtwoord; typ het nog eens",
        ));
    }
    let (mut file, key) = confirmed(path, current)?;
    file.set_passphrase(&key, &new.first, KdfParams::default())?;
    file.save(&KeyFile::path_for(path))?;
    Ok(())
}

/// Instellingen: a new recovery code (the old one was lost or seen), after the current
/// passphrase. Returns the code to show once.
pub fn renew_recovery_code(path: &Path, current: &str) -> Result<RecoveryCode, StoreError> {
    let (mut file, key) = confirmed(path, current)?;
    let code = file.renew_recovery(&key, KdfParams::default())?;
    file.save(&KeyFile::path_for(path))?;
    Ok(code)
}
