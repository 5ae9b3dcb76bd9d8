//! The encrypted case store: one SQLCipher file per supporter, opened with a key from
//! [`key`], every write one transaction, an audit trail of ids and kinds.
//!
//! Not here: what the data means (rules, reports) or how it is shown. Errors name ids and
//! paths, never a client's name, note or address.

mod backup;
mod edit;
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

use crate::scenario::Invalid;
use key::{Key, KeyError, KeyFile, KeySetup, KeySource, RecoveryCode};

pub use backup::{backup_dir, Restored, GENERATIONS};
pub use edit::{Visit, DRAFT_MAX};
pub use policy::PolicyRow;
pub use read::{AuditEntry, ClientRow, TimeTotals};

pub use schema::{current_version, MIGRATIONS};
pub use settings::ContractSettings;
pub use write::{Erased, ImportSummary};

/// The store's usual place: `wijzer/wijzer.db` in the platform's data folder.
pub fn default_path() -> Option<PathBuf> {
    dirs::data_dir().map(|d| d.join("wijzer").join("wijzer.db"))
}

/// Why a store operation failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("er is geen gegevensbestand op {0}; maak er een met `wijzer init` of `wijzer demo`")]
    NotFound(PathBuf),
    #[error("er staat al een gegevensbestand op {0}")]
    Exists(PathBuf),
    #[error("er staat al een sleutelbestand op {0}; verwijder het alleen als er geen gegevensbestand meer bij hoort")]
    KeyFileExists(PathBuf),
    #[error(transparent)]
    Key(#[from] KeyError),
    #[error("het gegevensbestand {path} is beschadigd ({detail}); zet een reservekopie terug met `wijzer restore`")]
    Damaged { path: PathBuf, detail: String },
    #[error("het gegevensbestand is van een nieuwere Wijzer (schema {found}; deze versie kent tot en met {known})")]
    TooNew { found: i64, known: i64 },
    #[error("ingelezen gegevens geweigerd, er is niets opgeslagen: {0}")]
    Invalid(#[from] Invalid),
    #[error("onbekende cliënt: {0}")]
    UnknownClient(String),
    #[error("onbekende kwestie: {0}")]
    UnknownCase(String),
    #[error("onbekende gemeente: {0} (geen contract noemt haar)")]
    UnknownMunicipality(String),
    #[error("de halfjaarrapportage {period} voor {municipality} is al geëxporteerd op {on}; stuur alleen een correctie als er iets veranderd is (--correction), er is niets geschreven")]
    AlreadyExported {
        municipality: String,
        period: String,
        on: String,
    },
    #[error("de halfjaarrapportage {period} voor {municipality} is niet veranderd sinds de vorige export; er is niets geschreven")]
    NothingChanged {
        municipality: String,
        period: String,
    },
    #[error("export geweigerd, er is niets geschreven: {0}")]
    Refused(#[from] crate::report::Refused),
    #[error("{0}")]
    Bundle(#[from] crate::bundle::BundleError),
    #[error("ondertekenen mislukt: {0}")]
    Signing(String),
    #[error("contract {contract} noemt een onbekende regelset: {rule_set}")]
    UnknownRuleSet { contract: String, rule_set: String },
    #[error("{}", sqlite_reason(.0))]
    Sqlite(#[from] rusqlite::Error),
    /// The store lies on a file system mounted read-only.
    #[error("het gegevensbestand staat op een schijf die alleen gelezen kan worden; er is niets veranderd")]
    ReadOnlyDisk,
    /// A damaged store, and no backup beside it passes its check.
    #[error("geen reservekopie naast het gegevensbestand doorstaat de controle")]
    NoGoodBackup,
    /// A write failed on a disk with (almost) no room left; see [`StoreError::on_disk_of`].
    #[error("de schijf is vol (nog {free_kb} kB vrij); er is niets veranderd. Maak ruimte vrij en probeer het opnieuw")]
    DiskFull { free_kb: u64 },
    #[error("bestand {path}: {}", crate::fsutil::reason(source))]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// A file the supporter chose to save (a sheet, a report, an inzage) could not be written.
    #[error("{path} niet te schrijven: {}", crate::fsutil::reason(source))]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl StoreError {
    /// This error, told as "the disk is full" when it is a failure to read or write and the
    /// file system holding `store` has (almost) no room left: SQLite reports a full disk as
    /// a plain I/O error when it cannot even grow its shared-memory file.
    /// A store on a read-only disk is told as such too.
    pub fn on_disk_of(self, store: &Path) -> StoreError {
        if !self.is_io() {
            return self;
        }
        if read_only_disk(store) {
            return StoreError::ReadOnlyDisk;
        }
        StoreError::full_disk_at(store).unwrap_or(self)
    }

    /// [`StoreError::DiskFull`] when the file system holding `store` has (almost) no room
    /// left, for a failure already passed on without its cause (the app's edge).
    pub fn full_disk_at(store: &Path) -> Option<StoreError> {
        free_space(store)
            .filter(|free| *free < NEARLY_FULL)
            .map(|free| StoreError::DiskFull {
                free_kb: free / 1024,
            })
    }

    /// Whether this is a failure of the disk (not a refusal, damage or a wrong key).
    fn is_io(&self) -> bool {
        use std::io::ErrorKind as K;
        match self {
            StoreError::Sqlite(e) => matches!(
                sqlite_code(e),
                Some(
                    ErrorCode::DiskFull
                        | ErrorCode::SystemIoFailure
                        | ErrorCode::CannotOpen
                        | ErrorCode::ReadOnly
                )
            ),
            StoreError::Io { source, .. } | StoreError::Write { source, .. } => {
                matches!(source.kind(), K::StorageFull | K::Other | K::WriteZero)
                    || source.raw_os_error().is_some()
                        && !matches!(source.kind(), K::NotFound | K::PermissionDenied)
            }
            _ => false,
        }
    }

    pub(crate) fn io(path: &Path) -> impl FnOnce(std::io::Error) -> StoreError + '_ {
        move |source| StoreError::Io {
            path: path.to_path_buf(),
            source,
        }
    }

    /// For a file the supporter chose to save.
    pub(crate) fn write(path: &Path) -> impl FnOnce(std::io::Error) -> StoreError + '_ {
        move |source| StoreError::Write {
            path: path.to_path_buf(),
            source,
        }
    }
}

/// Below this much free space a failed write is put down to a full disk: SQLite grows its
/// WAL and shared-memory files in steps of many pages.
const NEARLY_FULL: u64 = 16 << 20;

/// The bytes an unprivileged program may still write on the file system holding `path` (or its
/// nearest existing folder).
pub fn free_space(path: &Path) -> Option<u64> {
    let folder = path.ancestors().find(|p| p.is_dir())?;
    #[cfg(unix)]
    {
        let stat = rustix::fs::statvfs(folder).ok()?;
        Some(stat.f_bavail.saturating_mul(stat.f_frsize))
    }
    #[cfg(not(unix))]
    {
        let _ = folder;
        None
    }
}

/// Whether the file system holding `path` (or its nearest existing folder) is mounted
/// read-only.
fn read_only_disk(path: &Path) -> bool {
    let Some(folder) = path.ancestors().find(|p| p.is_dir()) else {
        return false;
    };
    #[cfg(unix)]
    {
        rustix::fs::statvfs(folder)
            .is_ok_and(|s| s.f_flag.contains(rustix::fs::StatVfsMountFlags::RDONLY))
    }
    #[cfg(not(unix))]
    {
        let _ = folder;
        false
    }
}

/// SQLite's result code. SQLCipher passes some failures on as a plain `SQLITE_ERROR` with
/// SQLite's text for another code; the text then tells.
fn sqlite_code(e: &rusqlite::Error) -> Option<ErrorCode> {
    match e {
        rusqlite::Error::SqliteFailure(_, Some(text)) if text == "database or disk is full" => {
            Some(ErrorCode::DiskFull)
        }
        rusqlite::Error::SqliteFailure(failure, _) => Some(failure.code),
        _ => None,
    }
}

/// SQLite's own reason, in plain Dutch where a supporter can act on it.
fn sqlite_reason(e: &rusqlite::Error) -> String {
    let Some(code) = sqlite_code(e) else {
        return format!("opslag mislukt: {e}");
    };
    match code {
        ErrorCode::DiskFull => "de schijf is vol; er is niets veranderd".into(),
        ErrorCode::ReadOnly => {
            "het gegevensbestand of zijn map is alleen-lezen; er is niets veranderd".into()
        }
        ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked => {
            "het gegevensbestand is in gebruik door een ander programma (een ander Wijzer-venster \
             of de opdrachtregel); er is niets veranderd. Sluit dat en probeer het opnieuw"
                .into()
        }
        ErrorCode::CannotOpen | ErrorCode::PermissionDenied => {
            "het gegevensbestand of zijn map is niet te openen (geen toegang)".into()
        }
        ErrorCode::SystemIoFailure => "lezen of schrijven op de schijf mislukte".into(),
        _ => format!("opslag mislukt: {e}"),
    }
}

/// An open store.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    key: Key,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

impl Store {
    /// Makes a new, empty store at `path` with its key file; returns the recovery code to print.
    pub fn create(path: &Path, setup: &KeySetup) -> Result<(Store, RecoveryCode), StoreError> {
        let (key, code) = Store::make(path, setup, schema::current_version())?;
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
        Store::make(path, setup, version).map(|(_, code)| code)
    }

    fn make(
        path: &Path,
        setup: &KeySetup,
        version: i64,
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
            let mut conn = connect(&temp, &key)?;
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
        let conn = connect(path, &key)?;
        check_readable(&conn, path, salt.as_deref())?;
        configure(&conn)?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
            key,
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

/// Opens the SQLCipher connection and gives it the key; touches no page yet.
/// The file must exist: SQLite never creates one here, so a mistyped path is an error.
fn connect(path: &Path, key: &Key) -> Result<Connection, StoreError> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags)?;
    // SQLCipher would otherwise log decryption failures to stderr: errors leave through
    // StoreError only, one line, with ids and paths.
    conn.execute_batch("PRAGMA cipher_log_level = NONE;")?;
    let literal = key.sqlcipher_literal();
    let statement = zeroize::Zeroizing::new(format!("PRAGMA key = \"{}\";", literal.as_str()));
    conn.execute_batch(&statement)?;
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

/// The connection settings of DESIGN.md ("Store").
fn configure(conn: &Connection) -> Result<(), StoreError> {
    conn.set_db_config(rusqlite::config::DbConfig::SQLITE_DBCONFIG_DEFENSIVE, true)?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    conn.execute_batch(
        "PRAGMA foreign_keys = ON;
         PRAGMA secure_delete = ON;
         PRAGMA temp_store = MEMORY;
         PRAGMA cache_size = -262144;",
    )?;
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(rusqlite::Error::InvalidQuery.into());
    }
    conn.execute_batch("PRAGMA synchronous = FULL;")?;
    Ok(())
}
