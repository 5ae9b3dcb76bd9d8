//! Tauri's build step for the empty window: reads tauri.conf.json, embeds `ui/`.

fn main() {
    tauri_build::build();
}
