//! The use cases: each thing a supporter does is one function here, framework-free, called by
//! the command line (`cli`) and the desktop shell (`src-tauri`) alike. Below it, `store` only
//! keeps and reads data; beside it, `rules`, `report`, `sheet` and `bundle` are pure.
//!
//! Not here: argument parsing, prompts, printing, IPC types, windows.

pub mod bundles;
pub mod clients;
pub mod imports;
pub mod policy;
pub mod reports;
pub mod rescue;
pub mod rights;
pub mod session;
pub mod settings;
pub mod sheets;
pub mod signals;
pub mod time;
