//! A damaged store on open: moved aside (never deleted), and the newest backup that passes its
//! check offered in its place, with what the supporter will miss. The command line and the app
//! open a store through here.

use std::path::{Path, PathBuf};

use crate::store::key::{Key, KeyFile, KeySource};
use crate::store::{backup_dir, Restored, Store, StoreError};

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
        let (earlier, detail) = match newest_set_aside(path) {
            Some(aside) => (
                Some(aside),
                "het gegevensbestand is eerder als beschadigd opzij gezet",
            ),
            None => (
                None,
                "het gegevensbestand ontbreekt naast zijn sleutelbestand",
            ),
        };
        let mut rescue = Rescue::new(path, key, earlier, detail.to_string());
        rescue.earlier = true;
        return Ok(Opened::Damaged(rescue));
    }
    match Store::open_with_key(path, key.clone()) {
        Ok(store) => Ok(Opened::Open(store)),
        Err(StoreError::Damaged { detail, .. }) => {
            let aside = Store::set_aside(path)?;
            Ok(Opened::Damaged(Rescue::new(path, key, Some(aside), detail)))
        }
        Err(e) => Err(e),
    }
}

/// The newest damaged store set aside beside the store at `path`.
fn newest_set_aside(path: &Path) -> Option<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(backup_dir(path))
        .ok()?
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("damaged-") && n.ends_with(".db"))
        })
        .collect();
    // Named by the moment (`damaged-jjjjmmdd-uummss[-n].db`); within one second the number.
    found.sort_by_key(|p| {
        let name = p.file_name().map(|n| n.to_string_lossy().into_owned());
        let name = name.unwrap_or_default();
        let n: u32 = name
            .trim_end_matches(".db")
            .splitn(4, '-')
            .nth(3)
            .and_then(|n| n.parse().ok())
            .unwrap_or(1);
        (name.get(..23).map(str::to_string), n)
    });
    found.pop()
}

impl Rescue {
    fn new(path: &Path, key: Key, set_aside: Option<PathBuf>, detail: String) -> Rescue {
        let dir = backup_dir(path);
        let backup = backups(path)
            .into_iter()
            .find(|b| Store::check_backup(path, &dir.join(&b.name), &key).is_ok());
        Rescue {
            path: path.to_path_buf(),
            key,
            set_aside,
            earlier: false,
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
        match self.backup.as_ref().and_then(|b| b.made.as_deref()) {
            Some(made) => format!(
                "Wat na {} is vastgelegd, staat niet in de reservekopie en ontbreekt.",
                dutch_moment(made)
            ),
            None => "Wat na het maken van de reservekopie is vastgelegd, ontbreekt.".into(),
        }
    }

    /// Puts the offered backup in place of the damaged store and opens it; the store's key
    /// file (today's passphrase, the whole erasure ledger) stays.
    pub fn restore(&self) -> Result<Back, StoreError> {
        let (Some(from), Some(backup)) = (self.backup_path(), self.backup.clone()) else {
            return Err(StoreError::NoGoodBackup);
        };
        let (store, restored) = Store::restore_in_place(&self.path, &from, self.key.clone())?;
        Ok(Back {
            missing: self.missing(),
            store,
            backup,
            restored,
        })
    }
}

/// The store back from a backup, and what the supporter is told.
pub struct Back {
    pub store: Store,
    pub backup: Backup,
    pub restored: Restored,
    /// What is missing (everything recorded after the backup was made), in plain Dutch.
    pub missing: String,
}

impl Rescue {
    /// When the offered backup was made, `dd-mm-jjjj uu:mm`.
    pub fn backup_made(&self) -> Option<String> {
        self.backup
            .as_ref()
            .and_then(|b| b.made.as_deref())
            .map(dutch_moment)
    }
}

/// `2026-11-25T14:03:12` as `25-11-2026 14:03`.
pub fn dutch_moment(iso: &str) -> String {
    chrono::NaiveDateTime::parse_from_str(iso, "%Y-%m-%dT%H:%M:%S")
        .map(|m| m.format("%d-%m-%Y %H:%M").to_string())
        .unwrap_or_else(|_| iso.to_string())
}
