//! Drives the real desktop app through tauri-driver; the tests live in tests/.
