//! Backups and restore. A backup is an encrypted copy under the same key, made with SQLCipher's
//! `sqlcipher_export` into a temporary file, checked, fsynced and renamed into place. A restore
//! checks the copy before it replaces anything, and keeps the store it replaces.

use std::path::{Path, PathBuf};

use chrono::Local;

use super::key::{Key, KeyFile, KeySource};
use super::write::audit;
use super::{connect, Store, StoreError};
use crate::fsutil;

/// How many automatic backups are kept beside the store.
pub const GENERATIONS: usize = 10;

impl Store {
    /// Writes an encrypted, checked copy of the store to `out`; never half a file.
    pub fn backup(&mut self, out: &Path) -> Result<(), StoreError> {
        if out.exists() {
            return Err(StoreError::Exists(out.to_path_buf()));
        }
        let temp = fsutil::temp_beside(out, "backup");
        let result = self.export_copy(&temp).and_then(|()| {
            check_copy(&temp, &self.key)?;
            fsutil::replace(&temp, out).map_err(StoreError::io(out))
        });
        if result.is_err() {
            let _ = std::fs::remove_file(&temp);
        }
        result?;
        audit(&self.conn, "backup", "store", None)?;
        Ok(())
    }

    /// A backup in the folder `backups/` beside the store, keeping the newest [`GENERATIONS`].
    pub fn backup_generation(&mut self) -> Result<PathBuf, StoreError> {
        let dir = backup_dir(&self.path);
        std::fs::create_dir_all(&dir).map_err(StoreError::io(&dir))?;
        let stamp = Local::now().format("%Y%m%d-%H%M%S");
        let mut out = dir.join(format!("wijzer-{stamp}.db"));
        let mut n = 1;
        while out.exists() {
            n += 1;
            out = dir.join(format!("wijzer-{stamp}-{n}.db"));
        }
        self.backup(&out)?;
        let mut kept: Vec<PathBuf> = std::fs::read_dir(&dir)
            .map_err(StoreError::io(&dir))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with("wijzer-") && n.ends_with(".db"))
            })
            .collect();
        kept.sort();
        let surplus = kept.len().saturating_sub(GENERATIONS);
        for old in &kept[..surplus] {
            std::fs::remove_file(old).map_err(StoreError::io(old))?;
        }
        Ok(out)
    }

    fn export_copy(&self, temp: &Path) -> Result<(), StoreError> {
        // SQLite attaches only existing files here (the store is opened without CREATE).
        fsutil::create_private(temp).map_err(StoreError::io(temp))?;
        let literal = self.key.sqlcipher_literal();
        let path = temp.to_string_lossy();
        self.conn.execute(
            "ATTACH DATABASE ?1 AS backup KEY ?2",
            rusqlite::params![path.as_ref(), literal.as_str()],
        )?;
        let exported = self
            .conn
            .query_row("SELECT sqlcipher_export('backup')", [], |_| Ok(()))
            .and_then(|()| {
                let version = self
                    .schema_version()
                    .map_err(|_| rusqlite::Error::InvalidQuery)?;
                self.conn
                    .execute_batch(&format!("PRAGMA backup.user_version = {version};"))
            });
        let detached = self.conn.execute_batch("DETACH DATABASE backup");
        exported?;
        detached?;
        Ok(())
    }

    /// Replaces the store at `path` with the backup `from`, after checking that the backup opens
    /// with this store's key and passes `integrity_check`. The replaced store is kept in
    /// `backups/` as `replaced-…db`.
    pub fn restore(path: &Path, from: &Path, source: &dyn KeySource) -> Result<(), StoreError> {
        if !from.exists() {
            return Err(StoreError::NotFound(from.to_path_buf()));
        }
        let file = KeyFile::load(&KeyFile::path_for(path))?;
        let key = source.unlock(&file)?;
        // Check a private copy, so that the backup itself is never written to.
        let staged = fsutil::temp_beside(path, "restore");
        let result = (|| {
            std::fs::copy(from, &staged).map_err(StoreError::io(from))?;
            check_copy(&staged, &key).map_err(|e| match e {
                StoreError::Damaged { detail, .. } => StoreError::Damaged {
                    path: from.to_path_buf(),
                    detail,
                },
                other => other,
            })?;
            if path.exists() {
                // Empty the current WAL into its own file first: a stale WAL must never be
                // applied to the restored file.
                let current = Store::open_with_key(path, key.clone());
                if let Ok(current) = &current {
                    current.checkpoint()?;
                }
                drop(current);
                let dir = backup_dir(path);
                std::fs::create_dir_all(&dir).map_err(StoreError::io(&dir))?;
                let stamp = Local::now().format("%Y%m%d-%H%M%S");
                let kept = dir.join(format!("replaced-{stamp}-{}.db", std::process::id()));
                std::fs::rename(path, &kept).map_err(StoreError::io(path))?;
                for suffix in ["-wal", "-shm"] {
                    let mut side = path.as_os_str().to_owned();
                    side.push(suffix);
                    let _ = std::fs::remove_file(PathBuf::from(side));
                }
            }
            fsutil::replace(&staged, path).map_err(StoreError::io(path))
        })();
        if result.is_err() {
            let _ = std::fs::remove_file(&staged);
        }
        result?;
        let store = Store::open_with_key(path, key)?;
        audit(&store.conn, "restore", "store", None)?;
        Ok(())
    }
}

/// Opens a copy with the key and runs the full integrity check on it.
fn check_copy(path: &Path, key: &Key) -> Result<(), StoreError> {
    let conn = connect(path, key)?;
    super::check_readable(&conn, path)?;
    super::integrity(&conn, path, "integrity_check")?;
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if version > super::current_version() {
        return Err(StoreError::TooNew {
            found: version,
            known: super::current_version(),
        });
    }
    // Leave the copy in rollback-journal mode with no side files.
    drop(conn);
    Ok(())
}

/// The folder for backups beside a store.
pub fn backup_dir(store: &Path) -> PathBuf {
    store
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .join("backups")
}
