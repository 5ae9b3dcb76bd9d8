//! The encrypted case store: one SQLCipher file per supporter, opened with a key from
//! [`key`], every write one transaction, an audit trail of ids and kinds.
//!
//! Not here: what the data means (rules, reports) or how it is shown. Errors name ids and
//! paths, never a client's name, note or address.

mod backup;
mod edit;
mod error;
mod kept;
pub mod key;
mod policy;
mod read;
mod report;
mod schema;
mod settings;
mod signals;
mod write;

use std::path::{Path, PathBuf};

use rusqlite::{Connection, ErrorCode, OpenFlags};

use key::{Key, KeyError, KeyFile, KeySetup, KeySource, RecoveryCode};

pub(crate) use backup::newest_copy;
pub use backup::{backup_dir, Restored, GENERATIONS};
pub use edit::{Visit, DRAFT_MAX};
pub use error::StoreError;
pub use kept::{KeptPage, Refreshed};
pub use policy::PolicyRow;
pub use read::{AuditEntry, ClientRow, TimeTotals};

pub use schema::{current_version, MIGRATIONS};
pub use settings::ContractSettings;
pub use write::{Erased, ImportSummary};

/// The store's usual place: `wijzer/wijzer.db` in the platform's data folder.
pub fn default_path() -> Option<PathBuf> {
    dirs::data_dir().map(|d| d.join("wijzer").join("wijzer.db"))
}

/// An open store.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    key: Key,
    /// How this file's pages are authenticated; a backup copy is made the same way.
    cipher: Cipher,
}

/// How a store file's pages are authenticated. Both are SQLCipher 4 with AES-256-CBC pages
/// under the store's random 256-bit key; they differ in the HMAC over each page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cipher {
    /// HMAC-SHA256: what every new store uses. The CPU's SHA extensions make it about half the
    /// cost of SHA-512 per page, and a page's tag is still 256 bits.
    HmacSha256,
    /// HMAC-SHA512, SQLCipher 4's default: stores made before schema 11 keep it.
    HmacSha512,
}

impl Cipher {
    /// The statement that sets this cipher for the database `schema` (before its first page).
    pub(crate) fn pragma(self, schema: &str) -> String {
        let algorithm = match self {
            Cipher::HmacSha256 => "HMAC_SHA256",
            Cipher::HmacSha512 => "HMAC_SHA512",
        };
        format!("PRAGMA {schema}.cipher_hmac_algorithm = {algorithm};")
    }
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

impl Store {
    /// Makes a new, empty store at `path` with its key file; returns the recovery code to print.
    pub fn create(path: &Path, setup: &KeySetup) -> Result<(Store, RecoveryCode), StoreError> {
        let (key, code) = Store::make(path, setup, schema::current_version(), Cipher::HmacSha256)?;
        let mut store = Store::open_with_key(path, key)?;
        // The signing key for report bundles is made with the store.
        store.signing_keys()?;
        Ok((store, code))
    }

    /// Makes a new store with the schema of an older `version` and leaves it closed: upgrade
    /// tests start from it.
    #[doc(hidden)]
    pub fn create_at_version(
        path: &Path,
        setup: &KeySetup,
        version: i64,
    ) -> Result<RecoveryCode, StoreError> {
        Store::make(path, setup, version, Cipher::HmacSha256).map(|(_, code)| code)
    }

    /// Makes a new store the way stores were made before schema 11 (pages authenticated with
    /// HMAC-SHA512) and leaves it closed: tests open such a store as the supporter's old one.
    #[doc(hidden)]
    pub fn create_with_sha512(path: &Path, setup: &KeySetup) -> Result<RecoveryCode, StoreError> {
        Store::make(path, setup, schema::current_version(), Cipher::HmacSha512)
            .map(|(_, code)| code)
    }

    /// The HMAC over each page of this store's file, as SQLCipher names it (`HMAC_SHA256`).
    pub fn cipher_name(&self) -> Result<String, StoreError> {
        Ok(self
            .conn
            .query_row("PRAGMA cipher_hmac_algorithm", [], |r| r.get(0))?)
    }

    fn make(
        path: &Path,
        setup: &KeySetup,
        version: i64,
        cipher: Cipher,
    ) -> Result<(Key, RecoveryCode), StoreError> {
        if path.exists() {
            return Err(StoreError::Exists(path.to_path_buf()));
        }
        let key_path = KeyFile::path_for(path);
        if key_path.exists() {
            return Err(StoreError::KeyFileExists(key_path));
        }
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(StoreError::io(dir))?;
        }
        let key = Key::random();
        let (mut file, code) = KeyFile::create(&key, setup)?;
        // The database is made under a temporary name and moved into place last, so that a
        // crash never leaves a store without its key file or a half-made store.
        let temp = crate::fsutil::temp_beside(path, "new");
        let made = (|| {
            crate::fsutil::create_private(&temp).map_err(StoreError::io(&temp))?;
            let mut conn = keyed(&temp, &key, cipher)?;
            configure(&conn)?;
            schema::migrate_to(&mut conn, version)?;
            write::audit(&conn, "create", "store", None)?;
            conn.close().map_err(|(_, e)| e)?;
            file.bind_to(&temp).map_err(StoreError::io(&temp))?;
            file.save(&key_path)?;
            crate::fsutil::replace(&temp, path).map_err(StoreError::io(path))
        })();
        if let Err(e) = made {
            for suffix in ["", "-wal", "-shm"] {
                let mut p = temp.as_os_str().to_owned();
                p.push(suffix);
                let _ = std::fs::remove_file(PathBuf::from(p));
            }
            return Err(e);
        }
        Ok((key, code))
    }

    /// Opens an existing store with a key from `source`; reads nothing it cannot check.
    pub fn open(path: &Path, source: &dyn KeySource) -> Result<Store, StoreError> {
        if !path.exists() {
            return Err(StoreError::NotFound(path.to_path_buf()));
        }
        let file = KeyFile::load(&KeyFile::path_for(path))?;
        let key = source.unlock(&file)?;
        let mut store = Store::open_checked(path, key, file.db_salt())?;
        schema::migrate(&mut store.conn)?;
        Ok(store)
    }

    /// Opens a store with a key that was already checked against its key file.
    pub fn open_with_key(path: &Path, key: Key) -> Result<Store, StoreError> {
        // The key file (if any) tells damage from a key that belongs to another file.
        let salt = KeyFile::load(&KeyFile::path_for(path))
            .ok()
            .and_then(|f| f.db_salt());
        let mut store = Store::open_checked(path, key, salt)?;
        schema::migrate(&mut store.conn)?;
        Ok(store)
    }

    /// The same schema and connection settings in a plain SQLite file, without encryption: only
    /// for benchmarks, to know what encryption costs. Never for a supporter's data.
    #[doc(hidden)]
    pub fn plain_for_benchmarks(path: &Path) -> Result<Store, StoreError> {
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let mut conn = Connection::open_with_flags(path, flags)?;
        configure(&conn)?;
        schema::migrate(&mut conn)?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
            key: Key::random(),
            cipher: Cipher::HmacSha256,
        })
    }

    /// Opens a store without bringing its schema up to date: upgrade tests read old versions.
    #[doc(hidden)]
    pub fn open_unmigrated(path: &Path, source: &dyn KeySource) -> Result<Store, StoreError> {
        let file = KeyFile::load(&KeyFile::path_for(path))?;
        Store::open_checked(path, source.unlock(&file)?, file.db_salt())
    }

    /// Opens the file with a checked key and reads it before anything is written; `salt` is
    /// the database salt the key file recorded.
    fn open_checked(path: &Path, key: Key, salt: Option<Vec<u8>>) -> Result<Store, StoreError> {
        if !path.exists() {
            return Err(StoreError::NotFound(path.to_path_buf()));
        }
        let (conn, cipher) = connect(path, &key)?;
        check_readable(&conn, path, salt.as_deref())?;
        configure(&conn)?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
            key,
            cipher,
        })
    }

    /// Where this store lives.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The store's key, to open it again after it was closed for a restore.
    pub(crate) fn key(&self) -> &Key {
        &self.key
    }

    /// The schema version of the open store.
    pub fn schema_version(&self) -> Result<i64, StoreError> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    /// The raw connection, for tests that inspect the file's pages.
    #[doc(hidden)]
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// Runs SQLite's full integrity check; `Ok` only when it says "ok".
    pub fn integrity_check(&self) -> Result<(), StoreError> {
        integrity(&self.conn, &self.path, "integrity_check")
    }
}

/// Opens the SQLCipher connection and gives it the key, with the cipher the file was made
/// with: HMAC-SHA256 (new stores, and an empty file), or HMAC-SHA512 when the first page says
/// "not a database" under SHA-256 but reads under SHA-512 (stores made before). Reads at most
/// the first page and writes nothing; any other failure is left for `check_readable` to name.
/// The file must exist: SQLite never creates one here, so a mistyped path is an error.
fn connect(path: &Path, key: &Key) -> Result<(Connection, Cipher), StoreError> {
    let first = keyed(path, key, Cipher::HmacSha256)?;
    let not_a_database = matches!(
        first.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get::<_, i64>(0)),
        Err(rusqlite::Error::SqliteFailure(e, _)) if e.code == ErrorCode::NotADatabase
    );
    if not_a_database {
        let older = keyed(path, key, Cipher::HmacSha512)?;
        if older
            .query_row("SELECT count(*) FROM sqlite_master", [], |r| {
                r.get::<_, i64>(0)
            })
            .is_ok()
        {
            return Ok((older, Cipher::HmacSha512));
        }
    }
    Ok((first, Cipher::HmacSha256))
}

/// A connection to `path` with the key and `cipher` set; touches no page yet.
fn keyed(path: &Path, key: &Key, cipher: Cipher) -> Result<Connection, StoreError> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags)?;
    // SQLCipher would otherwise log decryption failures to stderr: errors leave through
    // StoreError only, one line, with ids and paths.
    conn.execute_batch("PRAGMA cipher_log_level = NONE;")?;
    let literal = key.sqlcipher_literal();
    let statement = zeroize::Zeroizing::new(format!("PRAGMA key = \"{}\";", literal.as_str()));
    conn.execute_batch(&statement)?;
    conn.execute_batch(&cipher.pragma("main"))?;
    Ok(conn)
}

/// Reads the first page and runs `quick_check`; writes nothing. The key was already checked
/// against the canary of its key file, so a first page that does not decrypt is either damage
/// or a key file that belongs to another database file: `salt`, the database salt the key
/// file recorded, tells the two apart.
fn check_readable(conn: &Connection, path: &Path, salt: Option<&[u8]>) -> Result<(), StoreError> {
    let damaged = |detail: &str| StoreError::Damaged {
        path: path.to_path_buf(),
        detail: detail.to_string(),
    };
    match conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
        r.get::<_, i64>(0)
    }) {
        Ok(_) => {}
        Err(rusqlite::Error::SqliteFailure(e, _))
            if matches!(e.code, ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt) =>
        {
            return Err(if key_fits(conn, path, salt) {
                damaged("de kop van het bestand is onleesbaar")
            } else {
                StoreError::Key(KeyError::KeyDoesNotFit)
            });
        }
        Err(e) => return Err(e.into()),
    }
    integrity(conn, path, "quick_check")
}

/// After the first page would not decrypt: whether the key fits the file at all.
///
/// With the salt the key file recorded: the file's own salt, or one with a few bytes changed
/// (damage), means this is the key's file; a wholly other salt (two random salts share a
/// byte at one place in 256) means another file. Without it (older key files): every page
/// carries its own HMAC under the key, so with a key that does not belong to the file no page
/// passes, while damage leaves other pages whole.
fn key_fits(conn: &Connection, path: &Path, salt: Option<&[u8]>) -> bool {
    if let (Some(recorded), Ok(actual)) = (salt, key::file_salt(path)) {
        let differing = recorded
            .iter()
            .zip(actual.iter())
            .filter(|(a, b)| a != b)
            .count();
        return differing <= 4;
    }
    let pages = std::fs::metadata(path).map_or(0, |m| m.len() / 4096);
    let failing = conn
        .prepare("PRAGMA cipher_integrity_check")
        .and_then(|mut st| {
            st.query_map([], |r| r.get::<_, String>(0))?
                .collect::<Result<Vec<_>, _>>()
        })
        .map(|lines| lines.len() as u64)
        .unwrap_or(0);
    pages <= 1 || failing < pages
}

fn integrity(conn: &Connection, path: &Path, pragma: &str) -> Result<(), StoreError> {
    let damaged = |detail: String| StoreError::Damaged {
        path: path.to_path_buf(),
        detail,
    };
    let result = conn
        .prepare(&format!("PRAGMA {pragma}"))
        .and_then(|mut st| {
            st.query_map([], |r| r.get::<_, String>(0))?
                .collect::<Result<Vec<_>, _>>()
        });
    match result {
        Ok(lines) if lines == ["ok"] => Ok(()),
        Ok(lines) => Err(damaged(format!(
            "{pragma}: {}",
            lines.first().map(String::as_str).unwrap_or("geen antwoord")
        ))),
        Err(rusqlite::Error::SqliteFailure(e, _))
            if matches!(e.code, ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt) =>
        {
            Err(damaged(format!("{pragma}: pagina's zijn onleesbaar")))
        }
        Err(e) => Err(e.into()),
    }
}

/// The connection settings of DESIGN.md ("Store"). The page cache (at most 512 MiB, grown only
/// as pages are read) holds what a report on the `org` data set reads, about 400 MiB; see
/// ARCHITECTURE.md, "Reading large stores".
fn configure(conn: &Connection) -> Result<(), StoreError> {
    conn.set_db_config(rusqlite::config::DbConfig::SQLITE_DBCONFIG_DEFENSIVE, true)?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    conn.execute_batch(
        "PRAGMA foreign_keys = ON;
         PRAGMA secure_delete = ON;
         PRAGMA temp_store = MEMORY;
         PRAGMA cache_size = -524288;",
    )?;
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(rusqlite::Error::InvalidQuery.into());
    }
    conn.execute_batch("PRAGMA synchronous = FULL;")?;
    Ok(())
}
