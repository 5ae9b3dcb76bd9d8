//! Wijzer's core: the encrypted case store, the scenario format, the rule engine, the client
//! information sheet, the half-year report and its sealed bundle, demo data and the command line.
//! No Tauri, no webview, no IPC types: the desktop shell in `src-tauri/` calls into this crate.
#![forbid(unsafe_code)]
// No input may panic, and a panic message could carry the text it panicked on: the core's own
// code never slices a string at a byte offset and never indexes without a check. Tests may.
#![cfg_attr(
    not(test),
    deny(
        clippy::string_slice,
        clippy::indexing_slicing,
        clippy::unwrap_used,
        clippy::panic
    )
)]

pub mod app;
pub mod bundle;
pub mod cli;
pub mod codes;
pub mod demo;
pub mod fsutil;
pub mod inzage;
pub mod model;
pub mod report;
pub mod rules;
pub mod scenario;
pub mod sheet;
pub mod store;
