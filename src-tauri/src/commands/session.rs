//! Welcome (first start) and unlock: whether there is a store and whether it is open, making
//! the store with the supporter's profile, and opening it with the passphrase.

use serde::{Deserialize, Serialize};
use wijzer::app::session::{self, NewPassphrase, Profile};
use wijzer::model::{Contract, Organisation, Supporter};
use wijzer::store::key::Passphrase;
use zeroize::Zeroizing;

use crate::dto::{form, maybe, RuleSetChoice};
use crate::error::{ErrorKind, IpcError};
use crate::state::AppState;

/// Where the app stands when it starts.
#[derive(Debug, Serialize)]
pub struct Status {
    /// `open`, `locked` (a passphrase is needed), `damaged` (the rescue screen) or `no-store`
    /// (the welcome screen).
    pub state: &'static str,
    /// On the welcome screen: whether the supporter must choose a passphrase here.
    pub needs_passphrase: bool,
    pub rule_sets: Vec<RuleSetChoice>,
    /// Once open: after how many idle minutes the app locks itself (0: never).
    pub idle_lock_minutes: u32,
    /// With `damaged`: what happened and the backup offered.
    pub rescue: Option<RescueDto>,
}

/// The rescue screen: the damaged store set aside, and the backup that can take its place.
#[derive(Debug, Serialize)]
pub struct RescueDto {
    /// The name the damaged file was kept under in `backups/` (a moment, never a name).
    pub set_aside: Option<String>,
    pub detail: String,
    /// The newest backup that passed its check: its name and when it was made (dd-mm-jjjj
    /// uu:mm); `None` when there is none.
    pub backup: Option<String>,
    pub backup_made: Option<String>,
    /// What will be missing after the restore.
    pub missing: String,
}

/// After the rescue: the backup put back and what is missing.
#[derive(Debug, Serialize)]
pub struct RescuedDto {
    pub backup_made: Option<String>,
    pub missing: String,
    /// Clients erased after the backup was made, erased again.
    pub erased_again: usize,
}

fn rescue_dto(r: &wijzer::app::rescue::Rescue) -> RescueDto {
    RescueDto {
        set_aside: r
            .set_aside
            .as_ref()
            .and_then(|p| p.file_name())
            .map(|n| n.to_string_lossy().into_owned()),
        detail: r.detail.clone(),
        backup: r.backup.as_ref().map(|b| b.name.clone()),
        backup_made: r.backup_made(),
        missing: r.missing(),
    }
}

/// Puts the backup offered on the rescue screen in place of the damaged store, and opens it.
pub fn rescue_restore(state: &AppState) -> Result<RescuedDto, IpcError> {
    let back = state.rescue_restore()?;
    let dto = RescuedDto {
        backup_made: back.backup_made,
        missing: back.missing,
        erased_again: back.restored.erased_again,
    };
    state.install(back.store);
    Ok(dto)
}

pub fn session_status(state: &AppState) -> Result<Status, IpcError> {
    let rescue = state.with_rescue(|r| r.map(rescue_dto));
    let s = if state.is_open() {
        "open"
    } else if rescue.is_some() {
        "damaged"
    } else if state.store_exists() {
        "locked"
    } else {
        "no-store"
    };
    let idle_lock_minutes = if s == "open" {
        state.with_store(|store| Ok(store.idle_lock_minutes()?))?
    } else {
        0
    };
    Ok(Status {
        state: s,
        idle_lock_minutes,
        needs_passphrase: s == "no-store" && session::needs_passphrase(),
        rule_sets: crate::dto::rule_sets(),
        rescue,
    })
}

/// The welcome screen's form.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct WelcomeForm {
    pub organisation: String,
    pub name: String,
    pub phone: String,
    pub email: String,
    pub rule_set: String,
    /// One municipality per line (or separated by commas).
    pub municipalities: String,
    pub recipient: String,
    pub passphrase: String,
    pub passphrase_again: String,
}

/// What the welcome screen shows once the store is made.
#[derive(Debug, Serialize)]
pub struct Started {
    pub recovery_code: String,
}

pub fn session_start(state: &AppState, value: serde_json::Value) -> Result<Started, IpcError> {
    let f: WelcomeForm = form(value)?;
    let profile = Profile {
        organisation: Organisation {
            name: f.organisation.trim().to_string(),
            address: None,
            phone: None,
            email: None,
            website: None,
            complaints: None,
        },
        supporter: Supporter {
            name: f.name.trim().to_string(),
            phone: maybe(&f.phone),
            email: maybe(&f.email),
        },
        contract: Contract {
            id: String::new(),
            rule_set: f.rule_set.clone(),
            municipalities: crate::dto::municipalities(&f.municipalities),
            recipient: f.recipient.trim().to_string(),
        },
    };
    let passphrase =
        (!f.passphrase.is_empty() || session::needs_passphrase()).then(|| NewPassphrase {
            first: Zeroizing::new(f.passphrase.clone()),
            again: Zeroizing::new(f.passphrase_again.clone()),
        });
    let path = state.path().ok_or_else(IpcError::no_data_folder)?;
    let started = session::start(path, passphrase.as_ref(), &profile).map_err(|e| match e {
        // The form's fields, from the core's record and field.
        wijzer::store::StoreError::Invalid(invalid) => {
            let field = match (invalid.record.as_str(), invalid.field.as_str()) {
                ("organisation", _) => "organisation",
                ("contract", f) if f.starts_with("municipalities") => "municipalities",
                (_, f) => f,
            };
            IpcError {
                kind: ErrorKind::Invalid,
                message: invalid.message.clone(),
                field: (!field.is_empty()).then(|| field.to_string()),
            }
        }
        // The credential store would not take the key after all: a passphrase is needed.
        wijzer::store::StoreError::Key(wijzer::store::key::KeyError::PassphraseNeeded) => {
            IpcError {
                kind: ErrorKind::Invalid,
                message: "Deze computer kan de sleutel niet zelf bewaren. Kies een wachtwoord \
                          van minstens 10 tekens."
                    .into(),
                field: Some("passphrase".into()),
            }
        }
        other => IpcError::from(other),
    })?;
    let (store, code) = started;
    state.install(store);
    Ok(Started {
        recovery_code: code.0.to_string(),
    })
}

/// Opens the store with the passphrase typed on the unlock screen.
pub fn session_unlock(state: &AppState, passphrase: String) -> Result<(), IpcError> {
    state
        .unlock(&Passphrase(Zeroizing::new(passphrase)))
        .map_err(|e| match e.kind {
            ErrorKind::WrongSecret => IpcError {
                field: Some("passphrase".into()),
                message: "Dit wachtwoord klopt niet. Let op hoofdletters en spaties.".into(),
                ..e
            },
            _ => e,
        })
}
