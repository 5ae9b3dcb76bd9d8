//! Why a store operation failed, in plain Dutch a supporter can act on: SQLite's codes made
//! readable, and a failure to read or write told as a full or read-only disk when it is one.
//! Messages name ids, paths, fields and limits, never a client's name, note or address.

use std::path::{Path, PathBuf};

use rusqlite::ErrorCode;

use super::key::KeyError;
use crate::scenario::Invalid;

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
        match disk_of(store) {
            Some((_, true)) => StoreError::ReadOnlyDisk,
            Some((free, false)) if free < NEARLY_FULL => StoreError::DiskFull {
                free_kb: free / 1024,
            },
            _ => self,
        }
    }

    /// [`StoreError::DiskFull`] when the file system holding `store` has (almost) no room
    /// left, for a failure already passed on without its cause (the app's edge).
    pub fn full_disk_at(store: &Path) -> Option<StoreError> {
        disk_of(store)
            .filter(|(free, _)| *free < NEARLY_FULL)
            .map(|(free, _)| StoreError::DiskFull {
                free_kb: free / 1024,
            })
    }

    /// Whether the store could be read but not written just now: a full or read-only disk or
    /// file, or another program holding the write lock.
    pub fn cannot_write(&self) -> bool {
        matches!(self, StoreError::ReadOnlyDisk | StoreError::DiskFull { .. })
            || matches!(self, StoreError::Sqlite(e) if matches!(
                sqlite_code(e),
                Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked)
            ))
            || self.is_io()
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

/// The file system holding `path` (or its nearest existing folder): the bytes an unprivileged
/// program may still write there, and whether it is mounted read-only.
fn disk_of(path: &Path) -> Option<(u64, bool)> {
    let folder = path.ancestors().find(|p| p.is_dir())?;
    #[cfg(unix)]
    {
        let stat = rustix::fs::statvfs(folder).ok()?;
        Some((
            stat.f_bavail.saturating_mul(stat.f_frsize),
            stat.f_flag.contains(rustix::fs::StatVfsMountFlags::RDONLY),
        ))
    }
    #[cfg(not(unix))]
    {
        let _ = folder;
        None
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
