//! The export bundle: a zip of `manifest.json` (SHA-256 of every other file),
//! `manifest.json.minisig` (minisign, ed25519), `rapport.json`, `rapport.csv` and `rapport.pdf`,
//! encrypted with age to the municipality (and optionally an archive key). The municipality
//! opens it with the standard `age`, `unzip`, `minisign` and `sha256sum`; `open` here does the
//! same checks in one step and returns the files only when every check passed.

use std::io::{Cursor, Read, Write};
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The files of a report, in the order they are listed.
pub const REPORT_FILES: [&str; 3] = ["rapport.json", "rapport.csv", "rapport.pdf"];
const MANIFEST: &str = "manifest.json";
const SIGNATURE: &str = "manifest.json.minisig";
const FORMAT: &str = "wijzer-bundel/1";
/// The largest file in a bundle: a report's PDF is about 100 KB, its JSON and CSV less.
pub const MAX_FILE_BYTES: u64 = 16 << 20;
/// The largest decrypted zip, and (with age's overhead) the largest bundle file.
pub const MAX_BUNDLE_BYTES: u64 = 4 * MAX_FILE_BYTES;

/// Why a bundle could not be made or opened. Each kind has its own message.
#[derive(Debug, thiserror::Error)]
pub enum BundleError {
    #[error("geen geldige age-ontvanger: {0}")]
    BadRecipient(String),
    #[error("de sleutel in {0} is geen age-identiteit")]
    BadIdentity(String),
    #[error("de publieke sleutel van de ondertekenaar is onleesbaar")]
    BadSigner,
    #[error(
        "deze sleutel kan het bestand niet openen: het is voor een andere ontvanger versleuteld"
    )]
    NotForThisKey,
    #[error(
        "het bestand is beschadigd of veranderd; vraag de cliëntondersteuner om een nieuwe export"
    )]
    Damaged,
    #[error("de handtekening hoort niet bij deze ondertekenaar; het rapport komt niet van de verwachte cliëntondersteuner")]
    WrongSigner,
    #[error("{0} klopt niet met het manifest; het bestand is veranderd")]
    HashMismatch(String),
    #[error("het bestand is groter dan een rapport kan zijn; het is niet geopend")]
    TooLarge,
    #[error("versleutelen of ondertekenen mislukt: {0}")]
    Seal(String),
}

/// One file as listed in the manifest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Listed {
    pub name: String,
    pub bytes: u64,
    pub sha256: String,
}

/// What the manifest says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    pub format: String,
    pub version: String,
    pub municipality: String,
    pub period: String,
    pub created: String,
    pub files: Vec<Listed>,
}

/// The SHA-256 of bytes, in lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    data_encoding::HEXLOWER.encode(&Sha256::digest(bytes))
}

/// Parses age recipients (`age1…`).
pub fn recipients(list: &[String]) -> Result<Vec<age::x25519::Recipient>, BundleError> {
    list.iter()
        .map(|r| {
            age::x25519::Recipient::from_str(r.trim()).map_err(|_| {
                BundleError::BadRecipient(r.chars().take(12).collect::<String>() + "…")
            })
        })
        .collect()
}

/// Zips, signs and encrypts the report files. Returns the age file's bytes.
pub fn seal(
    municipality: &str,
    period: &str,
    created: &str,
    files: &[(&str, Vec<u8>)],
    signing: &minisign::SecretKey,
    signer: &minisign::PublicKey,
    to: &[age::x25519::Recipient],
) -> Result<Vec<u8>, BundleError> {
    let fail = |e: &dyn std::fmt::Display| BundleError::Seal(e.to_string());
    let manifest = Manifest {
        format: FORMAT.into(),
        version: env!("CARGO_PKG_VERSION").into(),
        municipality: municipality.into(),
        period: period.into(),
        created: created.into(),
        files: files
            .iter()
            .map(|(name, bytes)| Listed {
                name: (*name).into(),
                bytes: bytes.len() as u64,
                sha256: sha256_hex(bytes),
            })
            .collect(),
    };
    let manifest_json = serde_json::to_vec_pretty(&manifest).map_err(|e| fail(&e))?;
    let comment = format!("wijzer rapport {municipality} {period}");
    let signature = minisign::sign(
        Some(signer),
        signing,
        Cursor::new(&manifest_json),
        Some(&comment),
        Some("handtekening van de cliëntondersteuner (wijzer signing-key)"),
    )
    .map_err(|e| fail(&e))?
    .into_string();

    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .unix_permissions(0o644);
    let mut add = |name: &str, bytes: &[u8]| -> Result<(), BundleError> {
        zip.start_file(name, options).map_err(|e| fail(&e))?;
        zip.write_all(bytes).map_err(|e| fail(&e))
    };
    add(MANIFEST, &manifest_json)?;
    add(SIGNATURE, signature.as_bytes())?;
    for (name, bytes) in files {
        add(name, bytes)?;
    }
    let zipped = zip.finish().map_err(|e| fail(&e))?.into_inner();

    let encryptor = age::Encryptor::with_recipients(to.iter().map(|r| r as &dyn age::Recipient))
        .map_err(|e| fail(&e))?;
    let mut out = Vec::new();
    let mut writer = encryptor.wrap_output(&mut out).map_err(|e| fail(&e))?;
    writer.write_all(&zipped).map_err(|e| fail(&e))?;
    writer.finish().map_err(|e| fail(&e))?;
    Ok(out)
}

/// Reads a signer's public key: the base64 line (`RW…`) or a minisign `.pub` file's text.
pub fn signer_key(text: &str) -> Result<minisign::PublicKey, BundleError> {
    let line = text
        .lines()
        .map(str::trim)
        .rfind(|l| !l.is_empty() && !l.starts_with("untrusted comment:"))
        .ok_or(BundleError::BadSigner)?;
    minisign::PublicKey::from_base64(line).map_err(|_| BundleError::BadSigner)
}

/// Reads at most `limit` bytes; more is [`BundleError::TooLarge`], never a full memory. Anyone
/// can encrypt to a municipality's public key, so nothing is trusted before the signature is.
fn read_limited(reader: impl Read, limit: u64) -> Result<Vec<u8>, BundleError> {
    let mut bytes = Vec::new();
    reader
        .take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|_| BundleError::Damaged)?;
    if bytes.len() as u64 > limit {
        return Err(BundleError::TooLarge);
    }
    Ok(bytes)
}

/// A checked bundle: its manifest, and all five files, manifest and signature first.
#[derive(Debug, Clone)]
pub struct Opened {
    pub manifest: Manifest,
    pub files: Vec<(String, Vec<u8>)>,
}

/// Decrypts, unzips and checks a bundle: the signature of the manifest by `signer`, and the hash
/// of every file, each listed exactly once. Returns the files only if all is well. Sizes are
/// limited before anything is inflated.
pub fn open(
    sealed: &[u8],
    identity: &str,
    identity_name: &str,
    signer: &minisign::PublicKey,
) -> Result<Opened, BundleError> {
    if sealed.len() as u64 > MAX_BUNDLE_BYTES + (1 << 20) {
        return Err(BundleError::TooLarge);
    }
    let identities = age::IdentityFile::from_buffer(identity.as_bytes())
        .ok()
        .and_then(|f| f.into_identities().ok())
        .filter(|ids| !ids.is_empty())
        .ok_or_else(|| BundleError::BadIdentity(identity_name.to_string()))?;
    let decryptor = age::Decryptor::new(sealed).map_err(|_| BundleError::Damaged)?;
    let mut reader = decryptor
        .decrypt(identities.iter().map(|i| i.as_ref() as &dyn age::Identity))
        .map_err(|e| match e {
            age::DecryptError::NoMatchingKeys => BundleError::NotForThisKey,
            _ => BundleError::Damaged,
        })?;
    let zipped = read_limited(&mut reader, MAX_BUNDLE_BYTES)?;
    open_zip(&zipped, signer)
}

/// The checks after decryption: unzip (each file limited in size, none twice, none unknown),
/// verify the manifest's signature by `signer`, and check that the manifest lists each report
/// file exactly once with its hash and size.
pub fn open_zip(zipped: &[u8], signer: &minisign::PublicKey) -> Result<Opened, BundleError> {
    let mut archive =
        zip::ZipArchive::new(Cursor::new(zipped)).map_err(|_| BundleError::Damaged)?;
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).map_err(|_| BundleError::Damaged)?;
        let name = entry.name().map_err(|_| BundleError::Damaged)?.to_string();
        let known = name == MANIFEST || name == SIGNATURE || REPORT_FILES.contains(&name.as_str());
        if !known || files.iter().any(|(n, _)| *n == name) {
            return Err(BundleError::Damaged);
        }
        if entry.size() > MAX_FILE_BYTES {
            return Err(BundleError::TooLarge);
        }
        let bytes = read_limited(&mut entry, MAX_FILE_BYTES)?;
        files.push((name, bytes));
    }
    let get = |name: &str| {
        files
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, b)| b.clone())
            .ok_or(BundleError::Damaged)
    };
    let manifest_bytes = get(MANIFEST)?;
    let signature_bytes = get(SIGNATURE)?;
    let signature = std::str::from_utf8(&signature_bytes).map_err(|_| BundleError::Damaged)?;
    let signature =
        minisign::SignatureBox::from_string(signature).map_err(|_| BundleError::Damaged)?;
    minisign::verify(
        signer,
        &signature,
        Cursor::new(&manifest_bytes),
        true,
        false,
        false,
    )
    .map_err(|_| BundleError::WrongSigner)?;
    let manifest: Manifest =
        serde_json::from_slice(&manifest_bytes).map_err(|_| BundleError::Damaged)?;
    // Each report file listed exactly once: a file listed twice would leave another unchecked.
    let mut listed: Vec<&str> = manifest.files.iter().map(|l| l.name.as_str()).collect();
    listed.sort_unstable();
    let mut expected = REPORT_FILES;
    expected.sort_unstable();
    if manifest.format != FORMAT || listed != expected {
        return Err(BundleError::Damaged);
    }
    for listed in &manifest.files {
        let bytes =
            get(&listed.name).map_err(|_| BundleError::HashMismatch(listed.name.clone()))?;
        if sha256_hex(&bytes) != listed.sha256 || bytes.len() as u64 != listed.bytes {
            return Err(BundleError::HashMismatch(listed.name.clone()));
        }
    }
    let mut ordered = vec![
        (MANIFEST.to_string(), manifest_bytes),
        (SIGNATURE.to_string(), signature_bytes),
    ];
    for name in REPORT_FILES {
        ordered.push((name.to_string(), get(name)?));
    }
    Ok(Opened {
        manifest,
        files: ordered,
    })
}
