//! The system's own file dialogs (GTK's chooser on Linux, through rfd) and the system's PDF
//! viewer (through opener): the only ways the app touches files outside its store that the
//! supporter picks. The webview itself has no file-system access.
//!
//! A dialog is started on the main thread, where GTK runs, and awaited on the command's own
//! thread, so the window keeps painting while it is open.

use std::path::{Path, PathBuf};

use tauri::{Runtime, WebviewWindow};

use crate::error::IpcError;

/// What kind of file is saved: its name in the dialog's filter and its extension.
pub struct Kind {
    pub name: &'static str,
    pub extension: &'static str,
}

pub const PDF: Kind = Kind {
    name: "PDF-document",
    extension: "pdf",
};

pub const BUNDLE: Kind = Kind {
    name: "Versleuteld rapport (age)",
    extension: "age",
};

pub const PUBLIC_KEY: Kind = Kind {
    name: "Publieke sleutel (minisign)",
    extension: "pub",
};

/// Asks where to save a file, suggesting `file_name` in the user's home folder. `Ok(None)` when
/// the supporter cancels; the file is not written by this function.
pub async fn save_as<R: Runtime>(
    window: &WebviewWindow<R>,
    title: &str,
    file_name: &str,
    kind: &Kind,
) -> Result<Option<PathBuf>, IpcError> {
    let (sender, receiver) = tokio::sync::oneshot::channel();
    let parent = window.clone();
    let (title, file_name) = (title.to_string(), file_name.to_string());
    let (filter, extension) = (kind.name, kind.extension);
    let started = window.run_on_main_thread(move || {
        let mut dialog = rfd::AsyncFileDialog::new()
            .set_title(title)
            .set_file_name(file_name)
            .add_filter(filter, &[extension])
            .set_parent(&parent);
        if let Some(home) = std::env::var_os("HOME") {
            dialog = dialog.set_directory(home);
        }
        let _ = sender.send(dialog.save_file());
    });
    let not_shown = || {
        IpcError::failed(
            "Het venster om een bestand op te slaan kon niet openen; probeer het opnieuw",
        )
    };
    started.map_err(|_| not_shown())?;
    let dialog = receiver.await.map_err(|_| not_shown())?;
    Ok(dialog.await.map(|chosen| chosen.path().to_path_buf()))
}

/// Opens a saved file in the system's viewer for it (for a PDF: to print it). Whether it
/// opened; the file stays saved either way.
pub fn open_in_viewer(path: &Path) -> bool {
    opener::open(path).is_ok()
}
