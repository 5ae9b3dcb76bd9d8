//! Durable file writes: write beside the target, fsync, rename over it, fsync the folder, so a
//! crash or a full disk leaves either the old file or the new one, never half of one.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Why a file could not be read or written, in plain Dutch (the system's own words, which are
/// English, only for the rare kinds without a Dutch one).
pub fn reason(e: &io::Error) -> String {
    use io::ErrorKind as K;
    match e.kind() {
        K::NotFound => "de map of het bestand bestaat niet".into(),
        K::PermissionDenied => "geen toestemming om daar te schrijven of te lezen".into(),
        K::StorageFull => "de schijf is vol".into(),
        K::ReadOnlyFilesystem => "de schijf is alleen-lezen".into(),
        K::NotADirectory => "een deel van het pad is een bestand, geen map".into(),
        K::IsADirectory => "dat is een map, geen bestand".into(),
        K::AlreadyExists => "er staat al een bestand met die naam".into(),
        K::InvalidData => "de inhoud is onleesbaar".into(),
        _ => format!("{e}"),
    }
}

/// A temporary name beside `path`, unique to this process and moment.
pub fn temp_beside(path: &Path, tag: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(format!(
        ".{tag}-{}-{}",
        std::process::id(),
        rand::random::<u32>()
    ));
    PathBuf::from(name)
}

/// Creates a new, empty file that only its owner can read: a store, a backup, a key file.
pub fn create_private(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
}

/// Writes `bytes` to `path` so that the file is either as before or wholly new.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let temp = temp_beside(path, "tmp");
    let result = (|| {
        let mut file = create_private(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        drop(file);
        fs::rename(&temp, path)?;
        sync_parent(path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result
}

/// Moves a finished file into place and makes the rename durable.
pub fn replace(from: &Path, to: &Path) -> io::Result<()> {
    File::open(from)?.sync_all()?;
    fs::rename(from, to)?;
    sync_parent(to)
}

/// Fsyncs the folder that holds `path`, so that a rename in it survives a power cut.
pub fn sync_parent(path: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        let parent = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        File::open(parent)?.sync_all()?;
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}
