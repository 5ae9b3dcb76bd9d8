//! The Wijzer desktop app: starts the Tauri shell of `wijzer_app`.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    wijzer_app::choose_rendering();
    wijzer_app::run();
}
