//! The start-up probe: when the app is being measured (`cargo xtask bench`, the installer
//! check), the moment its first screen is drawn, and which screen it was.

use std::path::Path;

use crate::error::IpcError;

/// The variable naming the file the probe writes; without it the probe does nothing.
pub const PROBE_ENV: &str = "WIJZER_STARTUP_PROBE";

/// Writes `<nanoseconds since the Unix epoch> <screen>` to `probe` (through a file beside it,
/// renamed into place, so a reader never sees half a line). `screen` is one of the UI's fixed
/// screen names, never data: anything else is written as `anders`. A probe that cannot be
/// written changes nothing for the person using the app.
pub fn startup_drawn(probe: Option<&Path>, screen: &str) -> Result<(), IpcError> {
    const SCREENS: &[&str] = &[
        "vandaag",
        "clienten",
        "client",
        "kwestie",
        "bezoek",
        "tijd",
        "beleid",
        "rapportage",
        "instellingen",
        "welkom",
        "ontgrendel",
        "herstel",
    ];
    let Some(probe) = probe else {
        return Ok(());
    };
    let screen = SCREENS.iter().find(|s| **s == screen).unwrap_or(&"anders");
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let mut partial = probe.as_os_str().to_owned();
    partial.push(".deel");
    if std::fs::write(&partial, format!("{nanos} {screen}\n")).is_ok() {
        let _ = std::fs::rename(&partial, probe);
    }
    Ok(())
}
