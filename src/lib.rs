//! Wijzer's core: the encrypted case store, the scenario format, the rule engine, the client
//! information sheet, the half-year report and its sealed bundle, demo data and the command line.
//! No Tauri, no webview, no IPC types: the desktop shell in `src-tauri/` calls into this crate.
#![forbid(unsafe_code)]

pub mod bundle;
pub mod cli;
pub mod codes;
pub mod demo;
pub mod fsutil;
pub mod model;
pub mod report;
pub mod rules;
pub mod scenario;
pub mod sheet;
pub mod store;
