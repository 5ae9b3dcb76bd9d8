//! Instellingen: what the settings screen shows in one read (profile, contracts and their keys,
//! the signing key to give to the municipality, the backups, the idle lock), a backup made now,
//! and a backup restored while the app has the store open.

use std::path::{Path, PathBuf};

use serde::Serialize;
use zeroize::Zeroizing;

use crate::model::{Organisation, Supporter};
use crate::store::key::{Passphrase, StaticKey};
use crate::store::{ContractSettings, Restored, Store, StoreError};

/// Everything the settings screen shows.
#[derive(Debug, Clone, Serialize)]
pub struct Settings {
    pub organisation: Option<Organisation>,
    pub supporter: Option<Supporter>,
    pub contracts: Vec<ContractSettings>,
    /// The signing key's public half, as a minisign `.pub` file.
    pub signing_key: String,
    pub fingerprint: String,
    pub backups: Vec<Backup>,
    pub idle_lock_minutes: u32,
}

/// A backup in the store's `backups/` folder, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Backup {
    /// The file's name (`wijzer-20261125-140312.db`): a moment, never a client's name.
    pub name: String,
    /// When it was made, `jjjj-mm-ddTuu:mm:ss`, read from the name.
    pub made: Option<String>,
    pub bytes: u64,
}

pub fn read(store: &mut Store) -> Result<Settings, StoreError> {
    let (organisation, supporter) = store.profile()?;
    Ok(Settings {
        organisation,
        supporter,
        contracts: store.contract_settings()?,
        signing_key: super::reports::signing_public_key(store)?,
        fingerprint: super::reports::signing_fingerprint(store)?,
        backups: backups(store.path()),
        idle_lock_minutes: store.idle_lock_minutes()?,
    })
}

/// The backups beside the store at `path`, newest first (the replaced stores kept by a restore
/// are not backups to choose from).
pub fn backups(path: &Path) -> Vec<Backup> {
    let dir = crate::store::backup_dir(path);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut found: Vec<Backup> = entries
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().into_string().ok()?;
            let stem = name.strip_prefix("wijzer-")?.strip_suffix(".db")?;
            let bytes = e.metadata().ok().filter(|m| m.is_file())?.len();
            Some(Backup {
                made: moment_of(stem),
                name,
                bytes,
            })
        })
        .collect();
    // Newest first: by the moment, then by the number a second backup in the same second got.
    let order = |b: &Backup| (b.made.clone(), sequence(&b.name));
    found.sort_by_key(|b| std::cmp::Reverse(order(b)));
    found
}

/// `wijzer-20261125-140312-3.db` → 3; the first of its second has none, and is 1.
fn sequence(name: &str) -> u32 {
    name.trim_end_matches(".db")
        .splitn(4, '-')
        .nth(3)
        .and_then(|n| n.parse().ok())
        .unwrap_or(1)
}

/// `20261125-140312` (with or without a `-N` after it) as `2026-11-25T14:03:12`.
fn moment_of(stem: &str) -> Option<String> {
    let (day, time) = stem.split_once('-')?;
    let time = time.split('-').next()?;
    chrono::NaiveDateTime::parse_from_str(&format!("{day}{time}"), "%Y%m%d%H%M%S")
        .ok()
        .map(|m| m.format("%Y-%m-%dT%H:%M:%S").to_string())
}

/// Makes a backup now, beside the store (the oldest beyond the kept number go).
pub fn backup_now(store: &mut Store) -> Result<Backup, StoreError> {
    let written = store.backup_generation()?;
    let name = written
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = name
        .strip_prefix("wijzer-")
        .and_then(|n| n.strip_suffix(".db"))
        .unwrap_or_default();
    Ok(Backup {
        made: moment_of(stem),
        bytes: std::fs::metadata(&written).map(|m| m.len()).unwrap_or(0),
        name,
    })
}

/// A backup made by itself, when the app closes (`every: None`) and once a day while it is
/// open (`every: Some(one day)`): only when something was recorded since the newest backup, so
/// that copies of an unchanged store never push older ones out of the kept generations.
pub fn backup_automatically(
    store: &mut Store,
    now: chrono::NaiveDateTime,
    every: Option<chrono::TimeDelta>,
) -> Result<Option<Backup>, StoreError> {
    let newest = backups(store.path()).into_iter().find_map(|b| b.made);
    let changed = newest.is_none() || store.changed_since_generation()?;
    let due = match (every, newest.as_deref()) {
        (Some(every), Some(made)) => {
            chrono::NaiveDateTime::parse_from_str(made, "%Y-%m-%dT%H:%M:%S")
                .map_or(true, |made| now - made >= every)
        }
        _ => true,
    };
    if changed && due {
        backup_now(store).map(Some)
    } else {
        Ok(None)
    }
}

/// Where a restore left the app: the store to go on with (the restored one, or on failure the
/// one that was open), and what happened.
pub struct AfterRestore {
    pub store: Option<Store>,
    pub outcome: Result<Restored, StoreError>,
}

/// Restores the backup `from` over the open `store`, unlocking the backup with `passphrase`
/// (the one it was made with). The store is closed for it; the backup is checked before
/// anything is replaced, so a wrong passphrase or a damaged backup leaves the store as it
/// was, opened again with its own key. On success the restored store is opened (its key file
/// is the backup's, so `passphrase` opens it from now on).
pub fn restore(store: Store, from: &Path, passphrase: &str) -> AfterRestore {
    let path: PathBuf = store.path().to_path_buf();
    let key = store.key().clone();
    drop(store);
    let secret = Passphrase(Zeroizing::new(passphrase.to_string()));
    let outcome = Store::restore(&path, from, &secret, None);
    let reopened = match &outcome {
        Ok(_) => Store::open(&path, &secret),
        Err(_) => Store::open(&path, &StaticKey(key)),
    };
    match reopened {
        Ok(store) => AfterRestore {
            store: Some(store),
            outcome,
        },
        Err(e) => AfterRestore {
            store: None,
            outcome: outcome.and(Err(e)),
        },
    }
}

/// Saves the signing key's public half (a minisign `.pub` file) at `out`, for the municipality.
pub fn save_signing_key(store: &mut Store, out: &Path) -> Result<(), StoreError> {
    let text = super::reports::signing_public_key(store)?;
    crate::fsutil::write_atomically(out, text.as_bytes()).map_err(StoreError::write(out))
}
