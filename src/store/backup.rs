//! Backups and restore. A backup is one self-contained file: a short header, the store's key
//! file (the key wrapped under the passphrase and the recovery code, never the key itself, and
//! the erasure ledger), then an encrypted copy of the store made with SQLCipher's
//! `sqlcipher_export`. So a backup restores on any machine with the passphrase or the recovery
//! code alone. A restore checks the copy before it replaces anything, erases again every client
//! the ledger names, and keeps the store it replaces.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use chrono::Local;

use super::key::{Key, KeyError, KeyFile, KeySource};
use super::write::audit;
use super::{connect, Store, StoreError};
use crate::fsutil;

/// How many copies of each kind are kept beside the store: automatic backups, and stores that
/// a restore replaced.
pub const GENERATIONS: usize = 10;

/// The first bytes of a backup file.
const MAGIC: &[u8] = b"WIJZER-BACKUP/1\n";
/// A key file is about 1 KB, plus 65 bytes per erased client.
const MAX_KEY_FILE: u32 = 16 << 20;

impl Store {
    /// Writes an encrypted, checked, self-contained copy of the store to `out`; never half a
    /// file.
    pub fn backup(&mut self, out: &Path) -> Result<(), StoreError> {
        self.backup_as(out, "store")
    }

    /// [`Store::backup`], with the audit line's kind: `store` for a copy the supporter put
    /// somewhere, `generation` for one in `backups/`.
    fn backup_as(&mut self, out: &Path, kind: &str) -> Result<(), StoreError> {
        if out.exists() {
            return Err(StoreError::Exists(out.to_path_buf()));
        }
        let mut key_file = KeyFile::load(&KeyFile::path_for(&self.path))?;
        let copy = fsutil::temp_beside(out, "copy");
        let temp = fsutil::temp_beside(out, "backup");
        let result = self
            .export_copy(&copy)
            .and_then(|()| check_copy(&copy, &self.key, None))
            .and_then(|()| key_file.bind_to(&copy).map_err(StoreError::io(&copy)))
            .and_then(|()| write_backup(&temp, &key_file, &copy))
            .and_then(|()| fsutil::replace(&temp, out).map_err(StoreError::io(out)));
        let _ = std::fs::remove_file(&copy);
        if result.is_err() {
            let _ = std::fs::remove_file(&temp);
        }
        result?;
        audit(&self.conn, "backup", kind, None)?;
        Ok(())
    }

    /// Whether anything was recorded since the newest backup in `backups/` was made (its
    /// audit line, not the clock, tells: two actions can share a second).
    pub fn changed_since_generation(&self) -> Result<bool, StoreError> {
        Ok(self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM audit WHERE action <> 'backup' AND id > coalesce(
                 (SELECT max(id) FROM audit WHERE action = 'backup' AND entity = 'generation'),
                 0))",
            [],
            |r| r.get(0),
        )?)
    }

    /// A backup in the folder `backups/` beside the store, keeping the newest [`GENERATIONS`].
    pub fn backup_generation(&mut self) -> Result<PathBuf, StoreError> {
        let dir = backup_dir(&self.path);
        std::fs::create_dir_all(&dir).map_err(StoreError::io(&dir))?;
        let out = unique_name(&dir, "wijzer", "db");
        self.backup_as(&out, "generation")?;
        rotate(&dir, "wijzer-")?;
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
        // The copy is made with the store's own cipher, so that it opens as the store does.
        let exported = self
            .conn
            .execute_batch(&self.cipher.pragma("backup"))
            .and_then(|()| {
                self.conn
                    .query_row("SELECT sqlcipher_export('backup')", [], |_| Ok(()))
            })
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

    /// Replaces the store at `path` (or makes it, on a new machine) with the backup `from`.
    ///
    /// The backup's own key file is unlocked with `source` (its passphrase, or its recovery
    /// code), the copy is checked (`integrity_check`, schema version), and every client in the
    /// erasure ledger (the backup's and the current store's) is erased from it, all before
    /// anything is replaced. The replaced store and its key file are kept in `backups/`.
    /// With `new_passphrase` (after the recovery code, or when the key was in another
    /// machine's credential store) the restored key is wrapped under it.
    pub fn restore(
        path: &Path,
        from: &Path,
        source: &dyn KeySource,
        new_passphrase: Option<&str>,
    ) -> Result<Restored, StoreError> {
        if !from.exists() {
            return Err(StoreError::NotFound(from.to_path_buf()));
        }
        let key_path = KeyFile::path_for(path);
        let current = if key_path.exists() {
            Some(KeyFile::load(&key_path)?)
        } else {
            None
        };
        let staged = fsutil::temp_beside(path, "restore");
        let result = (|| -> Result<(Key, usize), StoreError> {
            let (mut backup_key, own_key_file) = stage(from, &staged, current.as_ref())?;
            // A bare copy (made before backups carried their key file) has a salt of its own,
            // not the store's: only the pages can tell whether the key fits it.
            let salt = backup_key.db_salt().filter(|_| own_key_file);
            let key = source.unlock(&backup_key)?;
            check_copy(&staged, &key, salt.as_deref()).map_err(|e| match e {
                StoreError::Damaged { detail, .. } => StoreError::Damaged {
                    path: from.to_path_buf(),
                    detail,
                },
                other => other,
            })?;
            if let Some(current) = &current {
                backup_key.merge_ledger(current);
            }
            backup_key
                .bind_to(&staged)
                .map_err(StoreError::io(&staged))?;
            if let Some(passphrase) = new_passphrase {
                backup_key.recover(&key, passphrase, super::key::KdfParams::default())?;
            }
            // Erase again whoever was erased after this backup was made, before use.
            let erased_again = {
                let mut staged_store = Store::open_with_key(&staged, key.clone())?;
                let n = staged_store.apply_ledger(&backup_key)?;
                staged_store.checkpoint()?;
                n
            };
            for suffix in ["-wal", "-shm"] {
                let _ = std::fs::remove_file(side_file(&staged, suffix));
            }
            if path.exists() {
                keep_replaced(path, current.as_ref())?;
            }
            backup_key.save(&key_path)?;
            fsutil::replace(&staged, path).map_err(StoreError::io(path))?;
            Ok((key, erased_again))
        })();
        if result.is_err() {
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(side_file(&staged, suffix));
            }
        }
        let (key, erased_again) = result?;
        let store = Store::open_with_key(path, key)?;
        audit(&store.conn, "restore", "store", None)?;
        Ok(Restored { erased_again })
    }
}

impl Store {
    /// Moves a damaged store out of the way, never deleting it: the file and its WAL go to
    /// `backups/damaged-….db`, with a copy of its key file beside them, so that it can still be
    /// looked at. The key file itself stays: it is whole (its canary passed) and it holds the
    /// erasure ledger that a restore must apply.
    pub fn set_aside(path: &Path) -> Result<PathBuf, StoreError> {
        let key_file = KeyFile::load(&KeyFile::path_for(path))?;
        keep_aside(path, Some(&key_file), "damaged")
    }

    /// Checks the backup `from` of the store at `store` with the store's `key`, as a restore
    /// would (its header, its key file's canary, the full integrity check), and replaces
    /// nothing: the staged copy is removed again.
    pub fn check_backup(store: &Path, from: &Path, key: &Key) -> Result<(), StoreError> {
        let staged = fsutil::temp_beside(store, "check");
        let result = stage(from, &staged, None).and_then(|(backup_key, own_key_file)| {
            backup_key.check(key)?;
            let salt = backup_key.db_salt().filter(|_| own_key_file);
            check_copy(&staged, key, salt.as_deref())
        });
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(side_file(&staged, suffix));
        }
        result
    }

    /// Puts the backup `from` where a store was set aside as damaged, and opens it. The
    /// store's own key file stays in charge: it wraps the same key under the passphrase of
    /// today (a backup's key file may carry an older one) and its erasure ledger is the whole
    /// one; the restore erases every client in it from the copy before it is used.
    pub fn restore_in_place(
        path: &Path,
        from: &Path,
        key: Key,
    ) -> Result<(Store, Restored), StoreError> {
        let key_path = KeyFile::path_for(path);
        let mut current = KeyFile::load(&key_path)?;
        current.check(&key)?;
        let restored = Store::restore(path, from, &super::key::StaticKey(key.clone()), None)?;
        current.bind_to(path).map_err(StoreError::io(path))?;
        current.save(&key_path)?;
        Ok((Store::open_with_key(path, key)?, restored))
    }
}

/// What a restore did besides putting the copy back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Restored {
    /// Clients erased after the backup was made, erased again.
    pub erased_again: usize,
}

/// Writes the backup file: the header, the key file, the database copy; then fsyncs it.
fn write_backup(out: &Path, key_file: &KeyFile, copy: &Path) -> Result<(), StoreError> {
    let text = key_file.to_text();
    let length = u32::try_from(text.len())
        .map_err(|_| StoreError::io(out)(std::io::ErrorKind::InvalidData.into()))?;
    let mut file = fsutil::create_private(out).map_err(StoreError::io(out))?;
    file.write_all(MAGIC)
        .and_then(|()| file.write_all(&length.to_be_bytes()))
        .and_then(|()| file.write_all(text.as_bytes()))
        .and_then(|()| std::io::copy(&mut std::fs::File::open(copy)?, &mut file).map(|_| ()))
        .and_then(|()| file.sync_all())
        .map_err(StoreError::io(out))
}

/// Copies the database out of a backup into `staged` (a new private file) and returns the
/// backup's key file, and whether the backup carried it. A backup made before backups carried
/// their key file is a bare SQLCipher file: then the current store's key file is the only one
/// there is.
fn stage(
    from: &Path,
    staged: &Path,
    current: Option<&KeyFile>,
) -> Result<(KeyFile, bool), StoreError> {
    let damaged = |detail: &str| StoreError::Damaged {
        path: from.to_path_buf(),
        detail: detail.to_string(),
    };
    let mut input = std::fs::File::open(from).map_err(StoreError::io(from))?;
    let mut magic = vec![0u8; MAGIC.len()];
    let has_header = input.read_exact(&mut magic).is_ok() && magic == MAGIC;
    let key_file = if has_header {
        let mut length = [0u8; 4];
        input
            .read_exact(&mut length)
            .map_err(|_| damaged("de kop is afgebroken"))?;
        let length = u32::from_be_bytes(length);
        if length > MAX_KEY_FILE {
            return Err(damaged("de kop is onleesbaar"));
        }
        let mut text = vec![0u8; length as usize];
        input
            .read_exact(&mut text)
            .map_err(|_| damaged("de kop is afgebroken"))?;
        std::str::from_utf8(&text)
            .ok()
            .and_then(KeyFile::parse)
            .ok_or_else(|| damaged("het sleutelbestand in de kopie is onleesbaar"))?
    } else {
        input = std::fs::File::open(from).map_err(StoreError::io(from))?;
        current
            .cloned()
            .ok_or_else(|| StoreError::Key(KeyError::Missing(KeyFile::path_for(from))))?
    };
    // A private file of our own, whatever the backup file's permissions.
    let mut out = fsutil::create_private(staged).map_err(StoreError::io(staged))?;
    std::io::copy(&mut input, &mut out)
        .and_then(|_| out.sync_all())
        .map_err(StoreError::io(staged))?;
    Ok((key_file, has_header))
}

/// Moves the store at `path`, its WAL and its key file into `backups/` as `replaced-…`, and
/// keeps the newest [`GENERATIONS`] of them. The WAL moves with its file (SQLite applies it when
/// the copy is opened), so the replaced store keeps its last writes and the restored file never
/// gets a stale WAL.
fn keep_replaced(path: &Path, key_file: Option<&KeyFile>) -> Result<(), StoreError> {
    keep_aside(path, key_file, "replaced")?;
    rotate(&backup_dir(path), "replaced-")
}

/// Moves the store at `path` and its WAL into `backups/` as `prefix-….db`, with `key_file`
/// beside it; returns where it went.
fn keep_aside(
    path: &Path,
    key_file: Option<&KeyFile>,
    prefix: &str,
) -> Result<PathBuf, StoreError> {
    let dir = backup_dir(path);
    std::fs::create_dir_all(&dir).map_err(StoreError::io(&dir))?;
    let kept = unique_name(&dir, prefix, "db");
    if let Some(key_file) = key_file {
        key_file.save(&KeyFile::path_for(&kept))?;
    }
    let wal = side_file(path, "-wal");
    if wal.exists() {
        std::fs::rename(&wal, side_file(&kept, "-wal")).map_err(StoreError::io(&wal))?;
    }
    std::fs::rename(path, &kept).map_err(StoreError::io(path))?;
    let _ = std::fs::remove_file(side_file(path, "-shm"));
    fsutil::sync_parent(&kept).map_err(StoreError::io(&kept))?;
    Ok(kept)
}

fn side_file(path: &Path, suffix: &str) -> PathBuf {
    let mut side = path.as_os_str().to_owned();
    side.push(suffix);
    PathBuf::from(side)
}

/// `dir/prefix-jjjjmmdd-uummss.ext`, with `-2`, `-3`… when that name is taken.
fn unique_name(dir: &Path, prefix: &str, ext: &str) -> PathBuf {
    let stamp = Local::now().format("%Y%m%d-%H%M%S");
    let mut out = dir.join(format!("{prefix}-{stamp}.{ext}"));
    let mut n = 1;
    while out.exists() || KeyFile::path_for(&out).exists() {
        n += 1;
        out = dir.join(format!("{prefix}-{stamp}-{n}.{ext}"));
    }
    out
}

/// The order of a copy's name, oldest first: its time stamp, then its number within the same
/// second (no number is the first). Text order would put `-10` before `-2`, and `-2` before
/// the first one, and so delete newer copies than the oldest.
fn age_of(name: &str, prefix: &str) -> Option<(String, u32)> {
    let rest = name.strip_prefix(prefix)?.strip_suffix(".db")?;
    let (stamp, n) = match rest.get(15..) {
        Some("") => (rest, 1),
        Some(tail) => (rest.get(..15)?, tail.strip_prefix('-')?.parse().ok()?),
        None => return None,
    };
    let stamp_ok = stamp.len() == 15
        && stamp.bytes().enumerate().all(|(i, b)| {
            if i == 8 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    stamp_ok.then(|| (stamp.to_string(), n))
}

/// The newest copy named `prefix…` (`damaged-`, `replaced-`) in the backup folder beside the
/// store at `store`, by the same order rotation uses.
pub(crate) fn newest_copy(store: &Path, prefix: &str) -> Option<PathBuf> {
    let dir = backup_dir(store);
    std::fs::read_dir(&dir)
        .ok()?
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter_map(|name| Some((age_of(&name, prefix)?, name)))
        .max()
        .map(|(_, name)| dir.join(name))
}

/// The copies to delete so that the newest [`GENERATIONS`] stay.
fn surplus(names: &[String], prefix: &str) -> Vec<String> {
    let mut aged: Vec<((String, u32), &String)> = names
        .iter()
        .filter_map(|n| Some((age_of(n, prefix)?, n)))
        .collect();
    aged.sort();
    let extra = aged.len().saturating_sub(GENERATIONS);
    aged.into_iter()
        .take(extra)
        .map(|(_, n)| n.clone())
        .collect()
}

/// Deletes the oldest copies named `prefix…` in `dir` (each with its key file) beyond
/// [`GENERATIONS`].
fn rotate(dir: &Path, prefix: &str) -> Result<(), StoreError> {
    let names: Vec<String> = std::fs::read_dir(dir)
        .map_err(StoreError::io(dir))?
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .collect();
    for old in surplus(&names, prefix) {
        let old = dir.join(old);
        std::fs::remove_file(&old).map_err(StoreError::io(&old))?;
        for side in [KeyFile::path_for(&old), side_file(&old, "-wal")] {
            let _ = std::fs::remove_file(side);
        }
    }
    Ok(())
}

/// Opens a copy with the key and runs the full integrity check on it.
fn check_copy(path: &Path, key: &Key, salt: Option<&[u8]>) -> Result<(), StoreError> {
    let (conn, _) = connect(path, key)?;
    super::check_readable(&conn, path, salt)?;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rotation_keeps_the_newest_by_time_and_number_not_by_text() {
        let names: Vec<String> = ["wijzer-20260101-120000.db".to_string()]
            .into_iter()
            .chain((2..=11).map(|n| format!("wijzer-20260101-120000-{n}.db")))
            .chain(["wijzer-20251231-235959.db".to_string(), "notes.txt".into()])
            .collect();
        let gone = surplus(&names, "wijzer-");
        assert_eq!(
            gone,
            ["wijzer-20251231-235959.db", "wijzer-20260101-120000.db"],
            "the two oldest go; -10 and -11 are the newest"
        );
        assert!(surplus(&names[..5], "wijzer-").is_empty());
        let replaced: Vec<String> = (0..12)
            .map(|s| format!("replaced-20260101-1200{s:02}.db"))
            .collect();
        assert_eq!(surplus(&replaced, "replaced-").len(), 2);
    }
}
