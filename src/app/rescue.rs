//! A damaged store on open: moved aside (never deleted), and the newest backup that passes its
//! check offered in its place, with what the supporter will miss. The command line and the app
//! open a store through here.

use std::path::{Path, PathBuf};

use crate::store::key::{Key, KeyFile, KeySource};
use crate::store::{backup_dir, newest_copy, Restored, Store, StoreError};

use super::settings::{backups, Backup};

/// What opening a store gave.
pub enum Opened {
    Open(Store),
    /// The store file was damaged (and is now set aside) or is missing beside its key file.
    Damaged(Rescue),
}

/// A store that could not be opened, and the way back.
pub struct Rescue {
    path: PathBuf,
    /// The store's key, checked against its key file: it opens the backups too.
    key: Key,
    /// Where the damaged file went (`backups/damaged-….db`); `None` when it is not known.
    pub set_aside: Option<PathBuf>,
    /// Whether it was set aside at an earlier start (not just now).
    pub earlier: bool,
    /// What was wrong, without any of the store's content.
    pub detail: String,
    /// The newest backup that passed its check, if any.
    pub backup: Option<Backup>,
}

impl std::fmt::Debug for Rescue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Rescue")
            .field("set_aside", &self.set_aside)
            .field("backup", &self.backup)
            .finish()
    }
}

/// Opens the store at `path` with a key from `source`. A damaged file (the key fits, the
/// pages do not) is moved aside before anything else happens, so that it is never written to
/// again; a wrong passphrase or a key file of another store is an error as before.
pub fn open(path: &Path, source: &dyn KeySource) -> Result<Opened, StoreError> {
    let key_path = KeyFile::path_for(path);
    if !path.exists() && !key_path.exists() {
        return Err(StoreError::NotFound(path.to_path_buf()));
    }
    let key = source.unlock(&KeyFile::load(&key_path)?)?;
    if !path.exists() {
        // Set aside at an earlier start, and not restored since; or lost.
        let aside = newest_copy(path, "damaged-");
        let detail = match aside {
            Some(_) => "het gegevensbestand is eerder als beschadigd opzij gezet",
            None => "het gegevensbestand ontbreekt naast zijn sleutelbestand",
        };
        return Ok(Opened::Damaged(Rescue::new(
            path,
            key,
            aside,
            true,
            detail.into(),
        )));
    }
    match Store::open_with_key(path, key.clone()) {
        Ok(store) => Ok(Opened::Open(store)),
        Err(StoreError::Damaged { detail, .. }) => {
            let aside = Store::set_aside(path)?;
            Ok(Opened::Damaged(Rescue::new(
                path,
                key,
                Some(aside),
                false,
                detail,
            )))
        }
        Err(e) => Err(e),
    }
}

impl Rescue {
    fn new(
        path: &Path,
        key: Key,
        set_aside: Option<PathBuf>,
        earlier: bool,
        detail: String,
    ) -> Rescue {
        let dir = backup_dir(path);
        let backup = backups(path)
            .into_iter()
            .find(|b| Store::check_backup(path, &dir.join(&b.name), &key).is_ok());
        Rescue {
            path: path.to_path_buf(),
            key,
            set_aside,
            earlier,
            detail,
            backup,
        }
    }

    /// The backup's file.
    pub fn backup_path(&self) -> Option<PathBuf> {
        let b = self.backup.as_ref()?;
        Some(backup_dir(&self.path).join(&b.name))
    }

    /// What the supporter will miss after the restore, in plain Dutch.
    pub fn missing(&self) -> String {
        match self.backup_made() {
            Some(made) => {
                format!("Wat na {made} is vastgelegd, staat niet in de reservekopie en ontbreekt.")
            }
            None => "Wat na het maken van de reservekopie is vastgelegd, ontbreekt.".into(),
        }
    }

    /// Puts the offered backup in place of the damaged store and opens it; the store's key
    /// file (today's passphrase, the whole erasure ledger) stays.
    pub fn restore(&self) -> Result<Back, StoreError> {
        let from = self.backup_path().ok_or(StoreError::NoGoodBackup)?;
        let (store, restored) = Store::restore_in_place(&self.path, &from, self.key.clone())?;
        Ok(Back {
            store,
            restored,
            backup_made: self.backup_made(),
            missing: self.missing(),
        })
    }

    /// When the offered backup was made, `dd-mm-jjjj uu:mm`.
    pub fn backup_made(&self) -> Option<String> {
        self.backup
            .as_ref()
            .and_then(|b| b.made.as_deref())
            .map(dutch_moment)
    }
}

/// The store back from a backup, and what the supporter is told.
pub struct Back {
    pub store: Store,
    pub restored: Restored,
    /// When the backup put back was made, `dd-mm-jjjj uu:mm`.
    pub backup_made: Option<String>,
    /// What is missing (everything recorded after the backup was made), in plain Dutch.
    pub missing: String,
}

/// `2026-11-25T14:03:12` as `25-11-2026 14:03`.
pub fn dutch_moment(iso: &str) -> String {
    chrono::NaiveDateTime::parse_from_str(iso, "%Y-%m-%dT%H:%M:%S")
        .map(|m| m.format("%d-%m-%Y %H:%M").to_string())
        .unwrap_or_else(|_| iso.to_string())
}
