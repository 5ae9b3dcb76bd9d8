//! For the municipality: open a report bundle into a new folder, writing the files only when
//! decryption, the signature and every hash check out.

use std::path::{Path, PathBuf};

use crate::bundle::{self, BundleError, Manifest};

/// Why a bundle could not be opened into a folder.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("{0} niet te lezen: {1}")]
    Read(PathBuf, std::io::Error),
    #[error("{0} bestaat al en is niet leeg")]
    NotEmpty(PathBuf),
    #[error(transparent)]
    Bundle(#[from] BundleError),
    #[error("{0} niet te schrijven: {1}")]
    Write(PathBuf, std::io::Error),
}

/// Opens the bundle `file` with the age identity in `identity` and the signer's public key
/// (`signer`: the key itself, or a `.pub` file), and writes its five files into `out`, a new
/// or empty folder, all at once. Returns the manifest (municipality, period, date).
pub fn open_into(
    file: &Path,
    identity: &Path,
    signer: &str,
    out: &Path,
) -> Result<Manifest, OpenError> {
    fn read(p: &Path) -> impl FnOnce(std::io::Error) -> OpenError + '_ {
        move |e| OpenError::Read(p.to_path_buf(), e)
    }
    let size = std::fs::metadata(file).map_err(read(file))?.len();
    if size > bundle::MAX_BUNDLE_BYTES + (1 << 20) {
        return Err(BundleError::TooLarge.into());
    }
    let sealed = std::fs::read(file).map_err(read(file))?;
    let identity_text = std::fs::read_to_string(identity).map_err(read(identity))?;
    let signer_text = if Path::new(signer).is_file() {
        std::fs::read_to_string(signer).map_err(read(Path::new(signer)))?
    } else {
        signer.to_string()
    };
    let signer = bundle::signer_key(&signer_text)?;
    if out.exists()
        && std::fs::read_dir(out)
            .map(|mut d| d.next().is_some())
            .unwrap_or(true)
    {
        return Err(OpenError::NotEmpty(out.to_path_buf()));
    }
    let opened = bundle::open(
        &sealed,
        &identity_text,
        &identity.display().to_string(),
        &signer,
    )?;
    // Write into a fresh folder beside the target and move it into place at once.
    let staging = crate::fsutil::temp_beside(out, "open");
    let written = (|| -> std::io::Result<()> {
        std::fs::create_dir_all(&staging)?;
        for (name, bytes) in &opened.files {
            std::fs::write(staging.join(name), bytes)?;
        }
        if out.exists() {
            std::fs::remove_dir(out)?;
        }
        std::fs::rename(&staging, out)
    })();
    if let Err(e) = written {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(OpenError::Write(out.to_path_buf(), e));
    }
    Ok(opened.manifest)
}
