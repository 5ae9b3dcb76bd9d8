//! What a supporter takes out of the app, through the system's own file dialogs (GTK's, driven
//! with xdotool as a person drives them): the client's information sheet, printed from the case.
//! Each saved file is read back with the tools a recipient has (pdftotext); nothing else written
//! carries a client's data.
//!
//! Run through `cargo xtask test`, which installs the driver and builds the app first.

#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::process::Command;

use wijzer_e2e::{assert_nothing_leaked, store_with_scenario, within, App, Folder};

const PASSPHRASE: &str = "een lang e2e-wachtwoord";

fn pdftotext(path: &Path) -> String {
    let out = Command::new("pdftotext")
        .args(["-layout"])
        .arg(path)
        .arg("-")
        .output()
        .unwrap();
    assert!(out.status.success(), "pdftotext reads {}", path.display());
    String::from_utf8(out.stdout).unwrap()
}

#[tokio::test]
async fn the_sheet_is_printed_from_the_case_in_one_click() {
    within(6, async {
        let folder = Folder::new("blad");
        store_with_scenario(&folder, PASSPHRASE);
        let app = App::start(&folder, Some(PASSPHRASE)).await;
        app.heading("Vandaag").await;
        app.click_menu("Cliënten").await;
        app.click_link("Mehmet Yılmaz").await;
        app.click_link_starting("Kwestie k2").await;
        app.heading("Kwestie k2 van Mehmet Yılmaz").await;

        // Cancelling the dialog writes nothing and says nothing.
        app.click_button("Informatieblad").await;
        app.cancel_file_dialog("Informatieblad opslaan").await;
        assert!(folder.opened().is_empty());

        let before = app.interactions();
        app.click_button("Informatieblad").await;
        app.shot_dialog("Informatieblad opslaan", "40-informatieblad-dialoog")
            .await;
        app.accept_file_dialog("Informatieblad opslaan").await;
        assert_eq!(app.interactions() - before, 1, "one click, plus the dialog");
        let said = app.announcement_containing("opgeslagen als").await;
        assert!(said.contains("geopend in de PDF-lezer"), "{said}");
        app.screen("41-informatieblad-opgeslagen").await;
        // Saved under the suggested name, in the home folder: no client's name in it.
        let saved: Vec<_> = std::fs::read_dir(folder.documents())
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".pdf"))
            .collect();
        assert_eq!(saved.len(), 1, "{saved:?}");
        let name = &saved[0];
        assert!(
            name.starts_with("informatieblad-")
                && !name.to_lowercase().contains("yilmaz")
                && !name.contains("Yılmaz")
                && !name.contains("k2"),
            "{name}"
        );
        assert!(said.contains(name.as_str()), "{said}");
        let sheet = folder.documents().join(name);

        let text = pdftotext(&sheet);
        assert!(text.contains("Mehmet Yılmaz"), "{text}");
        assert!(
            text.contains("06-11112222"),
            "the supporter's phone: {text}"
        );
        assert_eq!(folder.opened(), vec![sheet.clone()], "opened for printing");

        app.quit().await;
        assert_nothing_leaked(&folder, &["Mehmet Yılmaz", "Yılmaz", "Yilmaz"], &[&sheet]);
    })
    .await;
}
