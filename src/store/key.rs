//! The store key: a random 256-bit key, kept in the OS credential store or wrapped with a
//! passphrase (Argon2id + XChaCha20-Poly1305) in a key file beside the store, always also wrapped
//! with a printed recovery code, and checked against a canary so that a wrong key is told apart
//! from a damaged store.
//!
//! The key file (`<store>.key`, JSON) holds no client data and no usable key on its own. Where
//! the key comes from is injected as a [`KeySource`]: a passphrase, the recovery code, the OS
//! credential store (through keyring-core's default store), or a key already in hand.

use std::path::{Path, PathBuf};

use argon2::{Algorithm, Argon2, Params, Version};
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use data_encoding::{BASE32_NOPAD, BASE64, HEXLOWER};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use zeroize::{Zeroize, Zeroizing};

const KEY_FILE_FORMAT: &str = "wijzer-key/1";
const CANARY: &[u8] = b"wijzer canary: this key opens this store";
/// The keyring-core service name under which store keys are kept.
pub const CREDENTIAL_SERVICE: &str = "nl.wijzer.store";

/// Why a key could not be had.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("het sleutelbestand {0} ontbreekt; zonder dat bestand is het gegevensbestand niet te openen")]
    Missing(PathBuf),
    #[error("het sleutelbestand {0} is onleesbaar of beschadigd")]
    BadKeyFile(PathBuf),
    #[error("verkeerd wachtwoord")]
    WrongPassphrase,
    #[error("verkeerde herstelcode")]
    WrongRecoveryCode,
    #[error("de sleutel past niet bij dit gegevensbestand")]
    WrongKey,
    #[error("het sleutelbestand hoort niet bij dit gegevensbestand: de sleutel opent het niet (een ander sleutelbestand of een andere reservekopie?)")]
    KeyDoesNotFit,
    #[error("dit gegevensbestand heeft geen wachtwoord; de sleutel staat in de sleutelbos van het systeem")]
    NoPassphraseSlot,
    #[error("de sleutelbos van het systeem is niet bereikbaar of geeft de sleutel niet: {0}")]
    CredentialStore(String),
    #[error("er is een wachtwoord nodig: zet WIJZER_PASSPHRASE of start vanuit een terminal")]
    PassphraseNeeded,
    #[error("het wachtwoord moet minstens {0} tekens hebben")]
    PassphraseTooShort(usize),
    #[error("sleutelbestand {path} schrijven mislukt: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// The minimum length of a passphrase that wraps a store key.
pub const MIN_PASSPHRASE_CHARS: usize = 8;

/// A 256-bit store key; wiped from memory when dropped.
#[derive(Clone, PartialEq, Eq)]
pub struct Key(Zeroizing<[u8; 32]>);

impl std::fmt::Debug for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Key(…)")
    }
}

impl Key {
    /// A fresh random key from the operating system's generator.
    pub fn random() -> Key {
        let mut bytes = Zeroizing::new([0u8; 32]);
        rand::rngs::OsRng.fill_bytes(bytes.as_mut());
        Key(bytes)
    }

    /// A key from 32 bytes (tests, tools that already hold the key).
    pub fn from_bytes(bytes: [u8; 32]) -> Key {
        Key(Zeroizing::new(bytes))
    }

    /// The key as SQLCipher's raw-key literal, `x'…'`.
    pub(crate) fn sqlcipher_literal(&self) -> Zeroizing<String> {
        Zeroizing::new(format!("x'{}'", HEXLOWER.encode(self.0.as_ref())))
    }

    fn bytes(&self) -> &[u8] {
        self.0.as_ref()
    }
}

/// Argon2id cost parameters, kept in the key file so that they can be raised later.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct KdfParams {
    pub memory_kib: u32,
    pub iterations: u32,
    pub parallelism: u32,
}

impl KdfParams {
    /// The bounds a key file's parameters must keep: a damaged or hostile key file must not
    /// make Argon2 ask for more memory or time than a laptop has.
    fn within_bounds(&self) -> bool {
        (8..=1024 * 1024).contains(&self.memory_kib)
            && (1..=64).contains(&self.iterations)
            && (1..=16).contains(&self.parallelism)
            && self.memory_kib >= 8 * self.parallelism
    }
}

impl Default for KdfParams {
    /// OWASP's first recommended Argon2id setting (19 MiB, 2 passes, 1 lane).
    fn default() -> Self {
        KdfParams {
            memory_kib: 19 * 1024,
            iterations: 2,
            parallelism: 1,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Wrapped {
    kdf: KdfParams,
    salt: String,
    nonce: String,
    ciphertext: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Sealed {
    nonce: String,
    ciphertext: String,
}

/// The key file beside a store.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyFile {
    format: String,
    /// A random id, the account name of the key in the OS credential store.
    store_id: String,
    /// Whether the key is kept in the OS credential store.
    keyring: bool,
    canary: Sealed,
    passphrase: Option<Wrapped>,
    recovery: Wrapped,
    /// The erasure ledger: a keyed hash of each erased client's id (never the id itself), so
    /// that a restore of an older backup erases them again before the store is used.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    erased: Vec<String>,
    /// The first 16 bytes of the database file this key file belongs to (SQLCipher's salt, not
    /// secret), so that a file that does not open is told apart: its own file damaged, or
    /// another file altogether. Absent in key files made before it was kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    db_salt: Option<String>,
}

/// How a new store keeps its key.
#[derive(Debug)]
pub struct KeySetup {
    /// Wrap the key with this passphrase in the key file.
    pub passphrase: Option<Zeroizing<String>>,
    /// Keep the key in the OS credential store.
    pub credential_store: bool,
    pub kdf: KdfParams,
}

/// The recovery code printed once at `init`: it unwraps the key when all else is lost.
#[derive(Debug)]
pub struct RecoveryCode(pub Zeroizing<String>);

impl KeyFile {
    /// Where the key file of a store lives.
    pub fn path_for(store: &Path) -> PathBuf {
        let mut name = store.as_os_str().to_owned();
        name.push(".key");
        PathBuf::from(name)
    }

    /// Makes the key file for a new key; stores the key in the credential store when asked.
    pub fn create(key: &Key, setup: &KeySetup) -> Result<(KeyFile, RecoveryCode), KeyError> {
        let mut id = [0u8; 16];
        rand::rngs::OsRng.fill_bytes(&mut id);
        let store_id = HEXLOWER.encode(&id);
        let code = new_recovery_code();
        let passphrase = match &setup.passphrase {
            Some(p) => {
                if p.chars().count() < MIN_PASSPHRASE_CHARS {
                    return Err(KeyError::PassphraseTooShort(MIN_PASSPHRASE_CHARS));
                }
                Some(wrap(key, p.as_bytes(), setup.kdf, &store_id, "passphrase"))
            }
            None => None,
        };
        let recovery = wrap(
            key,
            normalise_code(&code).as_bytes(),
            setup.kdf,
            &store_id,
            "recovery",
        );
        if setup.credential_store {
            credential_entry(&store_id)?
                .set_secret(key.bytes())
                .map_err(|e| KeyError::CredentialStore(e.to_string()))?;
        }
        let file = KeyFile {
            format: KEY_FILE_FORMAT.to_string(),
            canary: seal_canary(key, &store_id),
            store_id,
            keyring: setup.credential_store,
            passphrase,
            recovery,
            erased: Vec::new(),
            db_salt: None,
        };
        Ok((file, RecoveryCode(code)))
    }

    /// Reads a key file.
    pub fn load(path: &Path) -> Result<KeyFile, KeyError> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(KeyError::Missing(path.to_path_buf()))
            }
            Err(_) => return Err(KeyError::BadKeyFile(path.to_path_buf())),
        };
        KeyFile::parse(&text).ok_or_else(|| KeyError::BadKeyFile(path.to_path_buf()))
    }

    /// Parses a key file's text and checks its shape: the format, KDF parameters within bounds,
    /// and salts, nonces and sealed keys of the right lengths. A damaged file is told apart
    /// from a wrong passphrase here, before any secret is tried.
    pub fn parse(text: &str) -> Option<KeyFile> {
        let file: KeyFile = serde_json::from_str(text).ok()?;
        let len = |b64: &str| BASE64.decode(b64.as_bytes()).ok().map(|b| b.len());
        let sealed_ok = |s: &Sealed, plain: usize| {
            len(&s.nonce) == Some(24) && len(&s.ciphertext) == Some(plain + 16)
        };
        let wrapped_ok = |w: &Wrapped| {
            w.kdf.within_bounds()
                && len(&w.salt) == Some(16)
                && len(&w.nonce) == Some(24)
                && len(&w.ciphertext) == Some(32 + 16)
        };
        let ok = file.format == KEY_FILE_FORMAT
            && sealed_ok(&file.canary, CANARY.len())
            && wrapped_ok(&file.recovery)
            && file.passphrase.as_ref().is_none_or(wrapped_ok)
            && file
                .erased
                .iter()
                .all(|h| h.len() == 64 && h.bytes().all(|b| b.is_ascii_hexdigit()))
            && file
                .db_salt
                .as_ref()
                .is_none_or(|h| h.len() == 32 && h.bytes().all(|b| b.is_ascii_hexdigit()));
        ok.then_some(file)
    }

    /// The key file as text, as `save` writes it.
    pub fn to_text(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Writes the key file atomically: a temporary file, fsync, rename, fsync of the folder.
    pub fn save(&self, path: &Path) -> Result<(), KeyError> {
        let text = self.to_text();
        crate::fsutil::write_atomically(path, text.as_bytes()).map_err(|source| KeyError::Write {
            path: path.to_path_buf(),
            source,
        })
    }

    /// Whether the key lives in the OS credential store.
    pub fn uses_credential_store(&self) -> bool {
        self.keyring
    }

    /// Whether a passphrase can unwrap the key.
    pub fn has_passphrase(&self) -> bool {
        self.passphrase.is_some()
    }

    /// Wraps the key under a new passphrase (after recovery, or to change it).
    pub fn set_passphrase(
        &mut self,
        key: &Key,
        passphrase: &str,
        kdf: KdfParams,
    ) -> Result<(), KeyError> {
        self.check(key)?;
        if passphrase.chars().count() < MIN_PASSPHRASE_CHARS {
            return Err(KeyError::PassphraseTooShort(MIN_PASSPHRASE_CHARS));
        }
        self.passphrase = Some(wrap(
            key,
            passphrase.as_bytes(),
            kdf,
            &self.store_id,
            "passphrase",
        ));
        Ok(())
    }

    /// Makes a new recovery code for `key` and wraps the key under it; the old code no longer
    /// opens this key file (an older backup still carries its own). Returns the new code, to be
    /// shown once.
    pub fn renew_recovery(&mut self, key: &Key, kdf: KdfParams) -> Result<RecoveryCode, KeyError> {
        self.check(key)?;
        let code = new_recovery_code();
        self.recovery = wrap(
            key,
            normalise_code(&code).as_bytes(),
            kdf,
            &self.store_id,
            "recovery",
        );
        Ok(RecoveryCode(code))
    }

    /// After the recovery code unwrapped `key`: wraps it under a new passphrase, and stops
    /// expecting it in the OS credential store (the entry there was lost or wrong, or the store
    /// came from another machine), so the passphrase is what opens the store from now on.
    pub fn recover(&mut self, key: &Key, passphrase: &str, kdf: KdfParams) -> Result<(), KeyError> {
        self.set_passphrase(key, passphrase, kdf)?;
        self.keyring = false;
        Ok(())
    }

    /// Records the salt of the database file `db` as the one this key file belongs to.
    pub fn bind_to(&mut self, db: &Path) -> std::io::Result<()> {
        self.db_salt = Some(HEXLOWER.encode(&file_salt(db)?));
        Ok(())
    }

    /// The salt of the database file this key file belongs to, when it was recorded.
    pub fn db_salt(&self) -> Option<Vec<u8>> {
        self.db_salt
            .as_ref()
            .and_then(|h| HEXLOWER.decode(h.as_bytes()).ok())
    }

    /// The keyed hash under which an erased client's id is kept in the ledger.
    pub fn erasure_mark(key: &Key, client_id: &str) -> String {
        use sha2::{Digest, Sha256};
        let mut hash = Sha256::new();
        hash.update(b"wijzer erasure ledger v1\0");
        hash.update(key.bytes());
        hash.update(client_id.as_bytes());
        HEXLOWER.encode(&hash.finalize())
    }

    /// Adds a client to the erasure ledger (no-op when it is there already).
    pub fn mark_erased(&mut self, mark: String) {
        if !self.erased.contains(&mark) {
            self.erased.push(mark);
        }
    }

    /// Whether an erased client's mark is in the ledger.
    pub fn is_erased(&self, mark: &str) -> bool {
        self.erased.iter().any(|m| m == mark)
    }

    /// Takes over the ledger of another key file of the same store (same key, same id).
    pub fn merge_ledger(&mut self, other: &KeyFile) {
        if other.store_id == self.store_id {
            for mark in &other.erased {
                self.mark_erased(mark.clone());
            }
        }
    }

    /// Checks a key against the canary.
    pub fn check(&self, key: &Key) -> Result<(), KeyError> {
        let plain = open_sealed(key.bytes(), &self.canary, &self.store_id, "canary")
            .ok_or(KeyError::WrongKey)?;
        if plain.as_slice() == CANARY {
            Ok(())
        } else {
            Err(KeyError::WrongKey)
        }
    }
}

/// The first 16 bytes of a SQLCipher file: its salt.
pub fn file_salt(db: &Path) -> std::io::Result<[u8; 16]> {
    use std::io::Read;
    let mut salt = [0u8; 16];
    std::fs::File::open(db)?.read_exact(&mut salt)?;
    Ok(salt)
}

/// Where the store key comes from when a store is opened.
pub trait KeySource {
    /// The key for the store of this key file, checked against its canary.
    fn unlock(&self, file: &KeyFile) -> Result<Key, KeyError>;
}

/// A passphrase typed by the supporter or given in `WIJZER_PASSPHRASE`.
#[derive(Debug)]
pub struct Passphrase(pub Zeroizing<String>);

/// The recovery code printed at `init`.
#[derive(Debug)]
pub struct Recovery(pub Zeroizing<String>);

/// The OS credential store, through keyring-core's default store.
#[derive(Debug)]
pub struct CredentialStore;

/// A key already in hand.
#[derive(Debug)]
pub struct StaticKey(pub Key);

impl KeySource for Passphrase {
    fn unlock(&self, file: &KeyFile) -> Result<Key, KeyError> {
        let wrapped = file.passphrase.as_ref().ok_or(KeyError::NoPassphraseSlot)?;
        let key = unwrap(wrapped, self.0.as_bytes(), &file.store_id, "passphrase")
            .ok_or(KeyError::WrongPassphrase)?;
        file.check(&key)?;
        Ok(key)
    }
}

impl KeySource for Recovery {
    fn unlock(&self, file: &KeyFile) -> Result<Key, KeyError> {
        let code = normalise_code(&self.0);
        let key = unwrap(&file.recovery, code.as_bytes(), &file.store_id, "recovery")
            .ok_or(KeyError::WrongRecoveryCode)?;
        file.check(&key)?;
        Ok(key)
    }
}

impl KeySource for CredentialStore {
    fn unlock(&self, file: &KeyFile) -> Result<Key, KeyError> {
        let secret = Zeroizing::new(
            credential_entry(&file.store_id)?
                .get_secret()
                .map_err(|e| KeyError::CredentialStore(e.to_string()))?,
        );
        let bytes: [u8; 32] = secret
            .as_slice()
            .try_into()
            .map_err(|_| KeyError::WrongKey)?;
        let key = Key::from_bytes(bytes);
        file.check(&key)?;
        Ok(key)
    }
}

impl KeySource for StaticKey {
    fn unlock(&self, file: &KeyFile) -> Result<Key, KeyError> {
        file.check(&self.0)?;
        Ok(self.0.clone())
    }
}

/// The environment variable that gives the store's passphrase to scripts and tests.
pub const PASSPHRASE_ENV: &str = "WIJZER_PASSPHRASE";

/// The key source of the command line and the app: `WIJZER_PASSPHRASE`, else the OS credential
/// store when the key lives there, else (with `prompt`) a passphrase typed at the terminal.
#[derive(Debug)]
pub struct Automatic {
    pub prompt: bool,
}

impl KeySource for Automatic {
    fn unlock(&self, file: &KeyFile) -> Result<Key, KeyError> {
        use std::io::IsTerminal;
        let prompt = || -> Option<Zeroizing<String>> {
            (self.prompt && std::io::stdin().is_terminal())
                .then(|| rpassword::prompt_password("Wachtwoord: ").ok())
                .flatten()
                .map(Zeroizing::new)
        };
        automatic(
            file,
            std::env::var(PASSPHRASE_ENV).ok().map(Zeroizing::new),
            file.uses_credential_store() && use_native_credential_store(),
            prompt,
        )
    }
}

/// The order of [`Automatic`]: the passphrase given, else the credential store when the key
/// lives there, and when that fails (an entry lost, a keychain reset, another machine) the
/// passphrase after all, typed when `prompt` can ask for it. Without one, the caller is told a
/// passphrase is needed, so that the app can show its unlock screen.
pub fn automatic(
    file: &KeyFile,
    given: Option<Zeroizing<String>>,
    credential_store: bool,
    prompt: impl FnOnce() -> Option<Zeroizing<String>>,
) -> Result<Key, KeyError> {
    if let Some(p) = given {
        return Passphrase(p).unlock(file);
    }
    let from_store = credential_store.then(|| CredentialStore.unlock(file));
    match from_store {
        Some(Ok(key)) => return Ok(key),
        Some(Err(e)) if !file.has_passphrase() => return Err(e),
        _ => {}
    }
    if file.has_passphrase() {
        return match prompt() {
            Some(typed) => Passphrase(typed).unlock(file),
            None => Err(KeyError::PassphraseNeeded),
        };
    }
    Err(KeyError::CredentialStore(
        "geen sleutelbos gevonden in deze sessie; gebruik `wijzer recover` met de herstelcode"
            .into(),
    ))
}

/// Installs the platform's credential store as keyring-core's default, if there is one that
/// answers. On headless Linux (no Secret Service) this returns false and the store key must be
/// wrapped with a passphrase instead.
pub fn use_native_credential_store() -> bool {
    native_store().is_some_and(|store| {
        keyring_core::set_default_store(store);
        true
    })
}

#[cfg(target_os = "linux")]
fn native_store() -> Option<std::sync::Arc<keyring_core::CredentialStore>> {
    // Without a session bus there is no Secret Service to ask.
    std::env::var_os("DBUS_SESSION_BUS_ADDRESS")?;
    let store = zbus_secret_service_keyring_store::Store::new().ok()?;
    Some(store)
}

#[cfg(target_os = "macos")]
fn native_store() -> Option<std::sync::Arc<keyring_core::CredentialStore>> {
    let store = apple_native_keyring_store::keychain::Store::new().ok()?;
    Some(store)
}

#[cfg(target_os = "windows")]
fn native_store() -> Option<std::sync::Arc<keyring_core::CredentialStore>> {
    let store = windows_native_keyring_store::Store::new().ok()?;
    Some(store)
}

#[cfg(not(any(target_os = "linux", target_os = "macos", target_os = "windows")))]
fn native_store() -> Option<std::sync::Arc<keyring_core::CredentialStore>> {
    None
}

fn credential_entry(store_id: &str) -> Result<keyring_core::Entry, KeyError> {
    keyring_core::Entry::new(CREDENTIAL_SERVICE, store_id)
        .map_err(|e| KeyError::CredentialStore(e.to_string()))
}

fn new_recovery_code() -> Zeroizing<String> {
    let mut raw = Zeroizing::new([0u8; 20]);
    rand::rngs::OsRng.fill_bytes(raw.as_mut());
    let plain = Zeroizing::new(BASE32_NOPAD.encode(raw.as_ref()));
    let groups: Vec<&str> = plain
        .as_bytes()
        .chunks(4)
        .map(|c| std::str::from_utf8(c).unwrap_or_default())
        .collect();
    Zeroizing::new(groups.join("-"))
}

/// Upper case, without dashes or spaces: how a recovery code is typed does not matter.
fn normalise_code(code: &str) -> Zeroizing<String> {
    Zeroizing::new(
        code.chars()
            .filter(|c| !matches!(c, '-' | ' '))
            .flat_map(char::to_uppercase)
            .collect(),
    )
}

fn derive(secret: &[u8], salt: &[u8], kdf: KdfParams) -> Option<Zeroizing<[u8; 32]>> {
    if !kdf.within_bounds() {
        return None;
    }
    let params = Params::new(kdf.memory_kib, kdf.iterations, kdf.parallelism, Some(32)).ok()?;
    let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, params);
    let mut out = Zeroizing::new([0u8; 32]);
    argon.hash_password_into(secret, salt, out.as_mut()).ok()?;
    Some(out)
}

fn aad(store_id: &str, slot: &str) -> Vec<u8> {
    format!("{KEY_FILE_FORMAT}|{store_id}|{slot}").into_bytes()
}

fn seal(key: &[u8], plain: &[u8], store_id: &str, slot: &str) -> Sealed {
    let cipher = XChaCha20Poly1305::new_from_slice(key).expect("a 32-byte key");
    let mut nonce = [0u8; 24];
    rand::rngs::OsRng.fill_bytes(&mut nonce);
    let aad = aad(store_id, slot);
    let ciphertext = cipher
        .encrypt(
            XNonce::from_slice(&nonce),
            Payload {
                msg: plain,
                aad: &aad,
            },
        )
        .expect("encryption into memory does not fail");
    Sealed {
        nonce: BASE64.encode(&nonce),
        ciphertext: BASE64.encode(&ciphertext),
    }
}

fn open_sealed(
    key: &[u8],
    sealed: &Sealed,
    store_id: &str,
    slot: &str,
) -> Option<Zeroizing<Vec<u8>>> {
    let cipher = XChaCha20Poly1305::new_from_slice(key).ok()?;
    let nonce = BASE64.decode(sealed.nonce.as_bytes()).ok()?;
    if nonce.len() != 24 {
        return None;
    }
    let ciphertext = BASE64.decode(sealed.ciphertext.as_bytes()).ok()?;
    let aad = aad(store_id, slot);
    cipher
        .decrypt(
            XNonce::from_slice(&nonce),
            Payload {
                msg: &ciphertext,
                aad: &aad,
            },
        )
        .ok()
        .map(Zeroizing::new)
}

fn seal_canary(key: &Key, store_id: &str) -> Sealed {
    seal(key.bytes(), CANARY, store_id, "canary")
}

fn wrap(key: &Key, secret: &[u8], kdf: KdfParams, store_id: &str, slot: &str) -> Wrapped {
    let mut salt = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut salt);
    let kek = derive(secret, &salt, kdf).expect("valid Argon2id parameters");
    let sealed = seal(kek.as_ref(), key.bytes(), store_id, slot);
    Wrapped {
        kdf,
        salt: BASE64.encode(&salt),
        nonce: sealed.nonce,
        ciphertext: sealed.ciphertext,
    }
}

fn unwrap(wrapped: &Wrapped, secret: &[u8], store_id: &str, slot: &str) -> Option<Key> {
    let salt = BASE64.decode(wrapped.salt.as_bytes()).ok()?;
    let kek = derive(secret, &salt, wrapped.kdf)?;
    let sealed = Sealed {
        nonce: wrapped.nonce.clone(),
        ciphertext: wrapped.ciphertext.clone(),
    };
    let mut plain = open_sealed(kek.as_ref(), &sealed, store_id, slot)?;
    let bytes: [u8; 32] = plain.as_slice().try_into().ok()?;
    plain.zeroize();
    Some(Key::from_bytes(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fast() -> KdfParams {
        KdfParams {
            memory_kib: 64,
            iterations: 1,
            parallelism: 1,
        }
    }

    fn setup(passphrase: &str) -> KeySetup {
        KeySetup {
            passphrase: Some(Zeroizing::new(passphrase.to_string())),
            credential_store: false,
            kdf: fast(),
        }
    }

    #[test]
    fn passphrase_and_recovery_code_unwrap_the_same_key() {
        let key = Key::random();
        let (file, code) = KeyFile::create(&key, &setup("correct horse")).unwrap();
        let by_pass = Passphrase(Zeroizing::new("correct horse".into()))
            .unlock(&file)
            .unwrap();
        assert_eq!(by_pass, key);
        let typed = code.0.to_lowercase().replace('-', " ");
        let by_code = Recovery(Zeroizing::new(typed)).unlock(&file).unwrap();
        assert_eq!(by_code, key);
    }

    #[test]
    fn wrong_secrets_and_wrong_keys_are_named() {
        let key = Key::random();
        let (file, _) = KeyFile::create(&key, &setup("correct horse")).unwrap();
        let wrong = Passphrase(Zeroizing::new("wrong horse".into())).unlock(&file);
        assert!(matches!(wrong, Err(KeyError::WrongPassphrase)));
        let wrong = Recovery(Zeroizing::new("AAAA-BBBB".into())).unlock(&file);
        assert!(matches!(wrong, Err(KeyError::WrongRecoveryCode)));
        let wrong = StaticKey(Key::random()).unlock(&file);
        assert!(matches!(wrong, Err(KeyError::WrongKey)));
        assert!(StaticKey(key).unlock(&file).is_ok());
    }

    #[test]
    fn short_passphrases_are_refused() {
        let err = KeyFile::create(&Key::random(), &setup("kort")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "het wachtwoord moet minstens 8 tekens hebben"
        );
    }

    #[test]
    fn the_credential_store_keeps_the_key() {
        keyring_core::set_default_store(keyring_core::mock::Store::new().unwrap());
        let key = Key::random();
        let setup = KeySetup {
            passphrase: None,
            credential_store: true,
            kdf: fast(),
        };
        let (file, _) = KeyFile::create(&key, &setup).unwrap();
        assert!(file.uses_credential_store());
        assert_eq!(CredentialStore.unlock(&file).unwrap(), key);
        assert!(matches!(
            Passphrase(Zeroizing::new("whatever1".into())).unlock(&file),
            Err(KeyError::NoPassphraseSlot)
        ));
    }
}
