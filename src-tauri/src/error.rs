//! The one error type at the IPC edge: `{kind, message, field}`, with a Dutch message that
//! names ids and fields, never a client's name, note or address, so the UI can show it next
//! to the field it belongs to.

use serde::Serialize;
use wijzer::store::key::KeyError;
use wijzer::store::StoreError;

/// What kind of failure, for the UI to choose where and how to show it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ErrorKind {
    /// The store is not open: the unlock screen (or, without a store, the welcome screen).
    Locked,
    /// No store at the path yet: the welcome screen.
    NoStore,
    /// A wrong passphrase or recovery code.
    WrongSecret,
    /// Input refused; `field` says which.
    Invalid,
    /// An id that names nothing (a stale link).
    NotFound,
    /// The store file is damaged, or does not belong to its key.
    Damaged,
    /// Anything else: the message says what.
    Failed,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IpcError {
    pub kind: ErrorKind,
    pub message: String,
    /// The field the message belongs to (`minutes`, `actions[1].due_on`), when there is one.
    pub field: Option<String>,
}

impl IpcError {
    fn new(kind: ErrorKind, message: impl Into<String>) -> IpcError {
        IpcError {
            kind,
            message: message.into(),
            field: None,
        }
    }

    /// The same error, shown next to `field` of the form it came from: a wrong passphrase on
    /// the form's own passphrase field, a refused field under the form's name for it.
    pub fn at(mut self, field: &str, renamed: &[(&str, &str)]) -> IpcError {
        match self.field.as_deref() {
            None if self.kind == ErrorKind::WrongSecret => self.field = Some(field.to_string()),
            Some(f) => {
                if let Some((_, to)) = renamed.iter().find(|(from, _)| *from == f) {
                    self.field = Some((*to).to_string());
                }
            }
            None => {}
        }
        self
    }

    /// Anything else, with its message.
    pub fn failed(message: impl Into<String>) -> IpcError {
        IpcError::new(ErrorKind::Failed, message)
    }

    pub fn locked() -> IpcError {
        IpcError::new(
            ErrorKind::Locked,
            "Wijzer is vergrendeld; ontgrendel met uw wachtwoord",
        )
    }

    /// The store is damaged (and set aside): the rescue screen takes over.
    pub fn damaged(message: impl Into<String>) -> IpcError {
        IpcError::new(ErrorKind::Damaged, message)
    }

    pub fn no_data_folder() -> IpcError {
        IpcError::new(
            ErrorKind::Failed,
            "geen gegevensmap gevonden op deze computer; zet WIJZER_STORE",
        )
    }
}

impl From<StoreError> for IpcError {
    fn from(e: StoreError) -> Self {
        let message = e.to_string();
        match e {
            StoreError::Invalid(invalid) => IpcError {
                kind: ErrorKind::Invalid,
                message: invalid.message,
                field: (!invalid.field.is_empty()).then_some(invalid.field),
            },
            StoreError::NotFound(_) => IpcError::new(ErrorKind::NoStore, message),
            StoreError::Key(KeyError::WrongPassphrase | KeyError::WrongRecoveryCode) => {
                IpcError::new(ErrorKind::WrongSecret, message)
            }
            StoreError::Key(KeyError::PassphraseNeeded) => IpcError::locked(),
            StoreError::Damaged { .. } | StoreError::Key(KeyError::KeyDoesNotFit) => {
                IpcError::new(ErrorKind::Damaged, message)
            }
            StoreError::UnknownClient(_)
            | StoreError::UnknownCase(_)
            | StoreError::UnknownMunicipality(_) => IpcError::new(ErrorKind::NotFound, message),
            _ => IpcError::new(ErrorKind::Failed, message),
        }
    }
}
