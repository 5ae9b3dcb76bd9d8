//! An empty Tauri window, built with Wijzer's profile and the same Tauri: what `cargo xtask
//! bench` measures Wijzer's start-up, memory and size against. Not shipped.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

/// Writes the moment of the first paint (nanoseconds since the Unix epoch) and `leeg` to the
/// file named by `WIJZER_STARTUP_PROBE`, as Wijzer does for its first screen; nothing without it.
#[tauri::command]
fn startup_drawn() {
    if let Some(path) = std::env::var_os("WIJZER_STARTUP_PROBE") {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        // Through a file beside it, renamed into place: a reader never sees half a line.
        let mut partial = path.clone();
        partial.push(".deel");
        if std::fs::write(&partial, format!("{nanos} leeg\n")).is_ok() {
            let _ = std::fs::rename(&partial, &path);
        }
    }
}

fn main() {
    // Painted as Wijzer paints its pages (see `wijzer_app::choose_rendering`): on Linux on the
    // processor, unless the environment already says how.
    #[cfg(target_os = "linux")]
    if std::env::var_os("WEBKIT_SKIA_ENABLE_CPU_RENDERING").is_none() {
        std::env::set_var("WEBKIT_SKIA_ENABLE_CPU_RENDERING", "1");
    }
    if let Err(e) = tauri::Builder::default()
        .invoke_handler(tauri::generate_handler![startup_drawn])
        .run(tauri::generate_context!())
    {
        eprintln!("leeg venster: {e}");
        std::process::exit(1);
    }
}
