//! Integration tests of the core and the `wijzer` command line: one test binary, one module per
//! story. The end-to-end tests of the desktop app live in `tests/e2e/` (a package of their own).

// Tests may unwrap: a panic in a test or its helpers is a failure with its reason.
#![allow(clippy::unwrap_used)]

mod support;

mod access;
mod bad_input;
mod crash;
mod disk;
mod edits;
mod encryption;
mod erase;
mod kept;
mod policy;
mod report;
mod rescue;
mod rights;
mod roundtrip;
mod schema;
mod settings;
mod sheet;
mod signals;
mod trust;
