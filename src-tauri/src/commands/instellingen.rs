//! Instellingen: the profile, each contract's keys, the signing key to give to the
//! municipality, backups (made now, listed, restored), the passphrase and recovery code, and
//! locking (now, or after a chosen idle time).

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use wijzer::app::session::NewPassphrase;
use wijzer::model::{Organisation, Supporter};
use zeroize::Zeroizing;

use crate::dto::{form, maybe};
use crate::error::IpcError;
use crate::state::AppState;

/// The settings screen: what the store holds, and the rule sets a contract can follow.
#[derive(Debug, Serialize)]
pub struct SettingsDto {
    #[serde(flatten)]
    pub settings: wijzer::app::settings::Settings,
    pub rule_sets: Vec<crate::dto::RuleSetChoice>,
}

pub fn settings_get(state: &AppState) -> Result<SettingsDto, IpcError> {
    let settings = state.with_store(|store| Ok(wijzer::app::settings::read(store)?))?;
    Ok(SettingsDto {
        settings,
        rule_sets: crate::dto::rule_sets(),
    })
}

/// The contract form: a new contract (with the municipality's key), or a contract's rule set
/// and municipalities changed.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ContractForm {
    pub id: String,
    pub rule_set: String,
    /// One municipality per line (or separated by commas).
    pub municipalities: String,
    pub recipient: String,
}

/// Contract fields named as the form names them (`municipalities[2]` is the list's field).
fn on_contract_form(e: IpcError) -> IpcError {
    match e.field.as_deref() {
        Some(f) if f.starts_with("municipalities") => IpcError {
            field: Some("municipalities".into()),
            ..e
        },
        _ => e,
    }
}

pub fn contract_add(state: &AppState, value: serde_json::Value) -> Result<(), IpcError> {
    let f: ContractForm = form(value)?;
    let contract = wijzer::model::Contract {
        id: f.id.trim().to_string(),
        rule_set: f.rule_set.clone(),
        municipalities: crate::dto::municipalities(&f.municipalities),
        recipient: f.recipient.trim().to_string(),
    };
    state
        .with_store(|store| Ok(store.add_contract(&contract)?))
        .map_err(on_contract_form)
}

pub fn contract_change(state: &AppState, value: serde_json::Value) -> Result<(), IpcError> {
    let f: ContractForm = form(value)?;
    let list = crate::dto::municipalities(&f.municipalities);
    state
        .with_store(|store| Ok(store.change_contract(&f.id, &f.rule_set, &list)?))
        .map_err(on_contract_form)
}

/// The profile form: the organisation's and the supporter's details.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ProfileForm {
    pub organisation: String,
    pub organisation_address: String,
    pub organisation_phone: String,
    pub organisation_email: String,
    pub website: String,
    pub complaints: String,
    pub name: String,
    pub phone: String,
    pub email: String,
}

pub fn profile_save(state: &AppState, value: serde_json::Value) -> Result<(), IpcError> {
    let f: ProfileForm = form(value)?;
    let organisation = Organisation {
        name: f.organisation.trim().to_string(),
        address: maybe(&f.organisation_address),
        phone: maybe(&f.organisation_phone),
        email: maybe(&f.organisation_email),
        website: maybe(&f.website),
        complaints: maybe(&f.complaints),
    };
    let supporter = Supporter {
        name: f.name.trim().to_string(),
        phone: maybe(&f.phone),
        email: maybe(&f.email),
    };
    state.with_store(|store| {
        store
            .change_profile(&organisation, &supporter)
            .map_err(|e| match e {
                // The form names its fields after whose they are.
                wijzer::store::StoreError::Invalid(mut invalid) => {
                    invalid.field = match (invalid.record.as_str(), invalid.field.as_str()) {
                        ("organisation", "name") => "organisation".into(),
                        ("organisation", f @ ("address" | "phone" | "email")) => {
                            format!("organisation_{f}")
                        }
                        (_, f) => f.to_string(),
                    };
                    wijzer::store::StoreError::Invalid(invalid).into()
                }
                other => other.into(),
            })
    })
}

pub fn recipient_save(state: &AppState, contract: &str, recipient: &str) -> Result<(), IpcError> {
    state.with_store(|store| Ok(store.set_recipient(contract, recipient)?))
}

pub fn archive_save(state: &AppState, contract: &str, archive: &str) -> Result<(), IpcError> {
    state.with_store(|store| Ok(store.set_archive(contract, Some(archive))?))
}

/// Saves the signing key's public half (a minisign `.pub` file) at `path`, chosen in the save
/// dialog; returns the file's name.
pub fn signing_key_save(state: &AppState, path: &Path) -> Result<String, IpcError> {
    state.with_store(|store| Ok(wijzer::app::settings::save_signing_key(store, path)?))?;
    Ok(path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default())
}

pub fn backup_make(state: &AppState) -> Result<wijzer::app::settings::Backup, IpcError> {
    state.with_store(|store| Ok(wijzer::app::settings::backup_now(store)?))
}

/// What a restore did, to say.
#[derive(Debug, Serialize)]
pub struct RestoredDto {
    /// Clients erased after the backup was made, erased again in it.
    pub erased_again: usize,
}

/// Restores the backup `name` from the list (only a name from `backups/`, never a path) with
/// the passphrase it was made with.
pub fn backup_restore(
    state: &AppState,
    name: &str,
    passphrase: String,
) -> Result<RestoredDto, IpcError> {
    let passphrase = Zeroizing::new(passphrase);
    let path = state.path().ok_or_else(IpcError::no_data_folder)?;
    let listed = wijzer::app::settings::backups(path)
        .into_iter()
        .any(|b| b.name == name);
    if !listed {
        return Err(crate::dto::invalid(
            "backup",
            "deze reservekopie staat niet (meer) in de lijst",
        ));
    }
    let from: PathBuf = wijzer::store::backup_dir(path).join(name);
    let restored = state
        .restore(&from, &passphrase)
        .map_err(|e| e.at("passphrase", &[]))?;
    Ok(RestoredDto {
        erased_again: restored.erased_again,
    })
}

/// The change-passphrase form.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PassphraseForm {
    pub current: String,
    pub new_passphrase: String,
    pub new_passphrase_again: String,
}

pub fn passphrase_change(state: &AppState, value: serde_json::Value) -> Result<(), IpcError> {
    let f: PassphraseForm = form(value)?;
    let path = state.path().ok_or_else(IpcError::no_data_folder)?;
    let new = NewPassphrase {
        first: Zeroizing::new(f.new_passphrase),
        again: Zeroizing::new(f.new_passphrase_again),
    };
    let current = Zeroizing::new(f.current);
    wijzer::app::session::change_passphrase(path, &current, &new)
        .map_err(IpcError::from)
        .map_err(|e| {
            e.at(
                "current",
                &[
                    ("passphrase", "new_passphrase"),
                    ("passphrase_again", "new_passphrase_again"),
                ],
            )
        })
}

/// A new recovery code, after the current passphrase; shown once.
#[derive(Debug, Serialize)]
pub struct CodeDto {
    pub recovery_code: String,
}

pub fn recovery_renew(state: &AppState, current: String) -> Result<CodeDto, IpcError> {
    let current = Zeroizing::new(current);
    let path = state.path().ok_or_else(IpcError::no_data_folder)?;
    let code = wijzer::app::session::renew_recovery_code(path, &current)
        .map_err(|e| IpcError::from(e).at("current", &[]))?;
    Ok(CodeDto {
        recovery_code: code.0.to_string(),
    })
}

pub fn session_lock(state: &AppState) -> Result<(), IpcError> {
    state.lock()
}

pub fn idle_lock_save(state: &AppState, minutes: &str) -> Result<(), IpcError> {
    let minutes: u32 = minutes.trim().parse().map_err(|_| {
        crate::dto::invalid(
            "idle_lock_minutes",
            "kies een aantal minuten, of 0 voor nooit",
        )
    })?;
    state.with_store(|store| Ok(store.set_idle_lock_minutes(minutes)?))
}
