//! The one error type at the IPC edge: `{kind, message}`, with a Dutch message that names ids,
//! never a client's name, note or address.

use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct IpcError {
    /// `store` when the store is not open, `failed` when a call failed.
    pub kind: &'static str,
    pub message: String,
}

impl From<wijzer::store::StoreError> for IpcError {
    fn from(e: wijzer::store::StoreError) -> Self {
        IpcError {
            kind: "failed",
            message: e.to_string(),
        }
    }
}
