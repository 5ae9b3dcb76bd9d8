//! What a supporter takes out of the app, through the system's own file dialogs (GTK's, driven
//! with xdotool as a person drives them): the client's information sheet, printed from the case.
//! Each saved file is read back with the tools a recipient has (pdftotext); nothing else written
//! carries a client's data.
//!
//! Run through `cargo xtask test`, which installs the driver and builds the app first.

#![allow(clippy::unwrap_used)]

use std::path::Path;

use wijzer_e2e::{assert_nothing_leaked, run_tool, store_with_scenario, within, App, Folder};

const PASSPHRASE: &str = "een lang e2e-wachtwoord";

fn pdftotext(path: &Path) -> String {
    let file = path.to_str().unwrap();
    run_tool(path.parent().unwrap(), "pdftotext", &["-layout", file, "-"])
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

#[tokio::test]
async fn the_half_year_report_is_previewed_and_exported_for_the_municipality_only() {
    within(6, async {
        let folder = Folder::new("rapport");
        store_with_scenario(&folder, PASSPHRASE);
        let app = App::start(&folder, Some(PASSPHRASE)).await;
        app.heading("Vandaag").await;
        let due = "Halfjaarrapportage 2026-H1 voor Enkhuizen";
        assert!(app.page_text().await.contains(due));

        app.click_menu("Rapportage").await;
        app.heading("Rapportage").await;
        // The half year just finished is chosen; on a later date, 2026-H1 is chosen first.
        if app.value("Halfjaar").await != "2026-H1" {
            app.choose("Halfjaar", "2026, eerste helft").await;
        }
        let before = app.interactions();
        app.choose("Gemeente", "Enkhuizen").await;
        app.section("Voorbeeld: Enkhuizen, 2026-H1").await;
        let preview = app.page_text().await;
        assert!(preview.contains("<5"), "small counts hidden: {preview}");
        assert!(preview.contains("Nieuwe kwesties"), "{preview}");
        app.screen("42-rapportage").await;

        app.click_button("Exporteren").await;
        app.shot_dialog("Rapport opslaan", "43-rapportage-dialoog")
            .await;
        let bundle = folder.documents().join("enkhuizen-h1.age");
        app.answer_file_dialog("Rapport opslaan", &bundle).await;
        assert!(
            app.interactions() - before <= 3,
            "at most 3, plus the dialog"
        );
        app.section("Het rapport is geëxporteerd").await;
        let codes = app
            .client
            .execute(
                "return [...document.querySelectorAll('dl.controle dd')].map(d => d.textContent);",
                vec![],
            )
            .await
            .unwrap();
        let (sha, fingerprint) = (codes[0].as_str().unwrap(), codes[1].as_str().unwrap());
        assert_eq!((sha.len(), fingerprint.len()), (64, 16), "{codes}");
        app.screen("44-rapportage-geexporteerd").await;

        // The SHA-256 shown is the file's; the fingerprint is the signing key's id.
        let dir = folder.root.join("gemeente");
        std::fs::create_dir_all(&dir).unwrap();
        let sum = run_tool(&dir, "sha256sum", &[bundle.to_str().unwrap()]);
        assert_eq!(sha, sum.split_whitespace().next().unwrap());
        let public = String::from_utf8(folder.wijzer(&["signing-key"], PASSPHRASE).stdout).unwrap();
        let signer = dir.join("signer.pub");
        std::fs::write(&signer, &public).unwrap();
        assert!(
            public.starts_with(&format!(
                "untrusted comment: minisign public key {fingerprint} "
            )),
            "{public}"
        );

        // The municipality opens it with Debian's age and minisign.
        let identity = wijzer_e2e::shared().join("examples/municipality-example.key");
        run_tool(
            &dir,
            "age",
            &[
                "-d",
                "-i",
                identity.to_str().unwrap(),
                "-o",
                "r.zip",
                bundle.to_str().unwrap(),
            ],
        );
        run_tool(&dir, "unzip", &["-q", "r.zip"]);
        let verified = run_tool(
            &dir,
            "minisign",
            &["-Vm", "manifest.json", "-p", signer.to_str().unwrap()],
        );
        assert!(
            verified.contains("Signature and comment signature verified"),
            "{verified}"
        );
        let csv = std::fs::read_to_string(dir.join("rapport.csv")).unwrap();
        assert!(csv.contains("rapport;gemeente;Gemeente;Enkhuizen"), "{csv}");
        // Every row of the file was in the preview.
        for line in csv.lines().skip(1) {
            let value = line.rsplit(';').next().unwrap();
            assert!(
                preview.contains(value.trim_matches('"')),
                "{line} in the preview"
            );
        }

        // The report is no longer due.
        app.click_menu("Vandaag").await;
        app.heading("Vandaag").await;
        assert!(!app.page_text().await.contains(due));

        app.quit().await;
        assert_nothing_leaked(&folder, &["Anna de Vries", "Mehmet Yılmaz"], &[&bundle]);
    })
    .await;
}

#[tokio::test]
async fn a_policy_signal_naming_a_client_cannot_be_released() {
    within(6, async {
        let folder = Folder::new("beleid");
        store_with_scenario(&folder, PASSPHRASE);
        let app = App::start(&folder, Some(PASSPHRASE)).await;
        app.heading("Vandaag").await;
        app.click_menu("Signalen voor beleid").await;
        app.heading("Signalen voor beleid").await;
        app.choose("Gemeente", "Enkhuizen").await;
        app.section("Signalen voor Enkhuizen").await;
        app.screen("45-beleid").await;

        let naming = "Meneer Yilmaz wacht al zes weken op een keukentafelgesprek.";
        app.choose("Soort", "Wachttijden").await;
        app.type_into("Signaal", naming).await;
        app.save_with("Signaal opslaan").await;
        app.section("Signalen voor Enkhuizen").await;
        assert!(app.page_text().await.contains("niet vrijgegeven"));

        // The scan finds the client's name (written without its diacritics) and says what kind
        // of data it is, never the value.
        app.click_button("Vrijgeven").await;
        let msg = app
            .message_for("Signaal 1: tekst")
            .await
            .unwrap_or_default();
        assert!(
            msg.contains("Niet vrijgegeven: noemt de naam van een cliënt"),
            "{msg}"
        );
        assert!(!msg.contains("Yilmaz") && !msg.contains("Yılmaz"), "{msg}");
        app.screen("46-beleid-geweigerd").await;

        let clean = "Inwoners wachten zes weken op een keukentafelgesprek.";
        app.replace("Signaal 1: tekst", clean).await;
        app.save_with("Signaal 1 opslaan").await;
        app.click_button("Vrijgeven").await;
        app.announcement_containing("is vrijgegeven").await;
        app.section("Signalen voor Enkhuizen").await;
        assert!(app
            .page_text()
            .await
            .contains("vrijgegeven: gaat mee in het rapport"));
        app.screen("47-beleid-vrijgegeven").await;

        let out = folder.wijzer(&["export-json"], PASSPHRASE);
        let all: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let signal = all["policy_signals"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["text"] == clean)
            .expect("the signal is in the store");
        assert_eq!(signal["released"], true);
        assert_eq!(signal["municipality"], "Enkhuizen");

        app.quit().await;
        assert_nothing_leaked(&folder, &[naming, clean], &[]);
    })
    .await;
}

const OLD_CLIENT: &str = "Oude Bewaar-Testnaam";

/// The shared scenario plus a client whose only case closed in 2010: fifteen years later their
/// retention term has passed.
fn store_with_an_expired_client(folder: &Folder) {
    let text =
        std::fs::read_to_string(wijzer_e2e::shared().join("examples/scenario.json")).unwrap();
    let mut all: serde_json::Value = serde_json::from_str(&text).unwrap();
    let mut client = all["clients"][0].clone();
    client["id"] = "cl-oud".into();
    client["name"] = OLD_CLIENT.into();
    client["address"] = "Oudegracht 1, 1601 AA Enkhuizen".into();
    client["phone"] = serde_json::Value::Null;
    client["email"] = serde_json::Value::Null;
    for consent in client["consents"].as_array_mut().unwrap() {
        consent["given_on"] = "2010-01-05".into();
    }
    let mut case = all["cases"][0].clone();
    case["id"] = "k-oud".into();
    case["client"] = "cl-oud".into();
    case["registered_on"] = "2010-01-05".into();
    case["first_contact_on"] = "2010-01-06".into();
    case["first_appointment_on"] = "2010-01-12".into();
    case["actions"] = serde_json::json!([]);
    case["closed_on"] = "2010-03-01".into();
    all["clients"].as_array_mut().unwrap().push(client);
    all["cases"].as_array_mut().unwrap().push(case);
    let path = folder.root.join("scenario.json");
    std::fs::write(&path, all.to_string()).unwrap();
    folder.wijzer(&["init"], PASSPHRASE);
    folder.wijzer(&["import", path.to_str().unwrap()], PASSPHRASE);
    std::fs::remove_file(path).unwrap();
}

fn export_json(folder: &Folder) -> String {
    String::from_utf8(folder.wijzer(&["export-json"], PASSPHRASE).stdout).unwrap()
}

#[tokio::test]
async fn inzage_is_saved_and_a_client_is_erased_after_a_confirmation() {
    within(6, async {
        let folder = Folder::new("rechten");
        store_with_an_expired_client(&folder);
        let app = App::start(&folder, Some(PASSPHRASE)).await;
        app.heading("Vandaag").await;
        app.click_menu("Cliënten").await;
        app.click_link("Anna de Vries").await;
        app.heading("Anna de Vries").await;

        // Inzage: the suggested name, PDF and JSON, the client's visit notes in both.
        app.click_button("Inzage").await;
        app.shot_dialog("Inzage opslaan", "48-inzage-dialoog").await;
        app.accept_file_dialog("Inzage opslaan").await;
        let said = app.announcement_containing("De inzage is opgeslagen").await;
        let names: Vec<String> = std::fs::read_dir(folder.documents())
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with("inzage-"))
            .collect();
        assert_eq!(names.len(), 2, "{names:?}");
        for name in &names {
            assert!(
                !name.contains("Anna") && !name.contains("Vries") && !name.contains("cl1"),
                "{name}"
            );
            assert!(said.contains(name.as_str()), "{said}");
        }
        let pdf = folder
            .documents()
            .join(names.iter().find(|n| n.ends_with(".pdf")).unwrap());
        let json = pdf.with_extension("json");
        let text = pdftotext(&pdf);
        assert!(text.contains("Anna de Vries"), "{text}");
        assert!(
            text.contains("Keukentafelgesprek bijgewoond."),
            "the visit notes: {text}"
        );
        let dossier: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
        assert!(dossier["contacts"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["notes"] == "Keukentafelgesprek bijgewoond."));
        app.screen("49-client-rechten").await;

        // Vernietigen: the confirmation names what goes and what stays.
        app.click_button("Vernietigen").await;
        app.heading("Gegevens van Anna de Vries vernietigen").await;
        let page = app.page_text().await;
        assert!(
            page.contains("2 toestemmingen") && page.contains("1 kwestie"),
            "{page}"
        );
        assert!(
            page.contains("Alleen dat er op deze dag een vernietiging was"),
            "{page}"
        );
        app.screen("50-vernietigen").await;
        app.click_button("Definitief vernietigen").await;
        app.heading("Cliënten").await;
        app.announcement_containing("vernietigd").await;
        let all = export_json(&folder);
        assert!(
            !all.contains("Anna de Vries") && !all.contains("\"cl1\""),
            "{all}"
        );
        assert!(!all.contains("Keukentafelgesprek bijgewoond."));

        // The client past the retention term is listed, with the same action.
        app.section("Bewaartermijn voorbij").await;
        assert!(app.page_text().await.contains(OLD_CLIENT));
        app.screen("51-bewaartermijn").await;
        app.click_button("Vernietigen").await;
        app.heading(&format!("Gegevens van {OLD_CLIENT} vernietigen"))
            .await;
        app.click_button("Definitief vernietigen").await;
        app.heading("Cliënten").await;
        app.announcement_containing("vernietigd").await;
        assert!(!app.page_text().await.contains("Bewaartermijn voorbij"));
        assert!(!export_json(&folder).contains(OLD_CLIENT));

        app.quit().await;
        assert_nothing_leaked(
            &folder,
            &[
                "Anna de Vries",
                "Keukentafelgesprek bijgewoond.",
                OLD_CLIENT,
            ],
            &[&pdf, &json],
        );
    })
    .await;
}

#[tokio::test]
async fn settings_back_up_restore_lock_and_the_signing_key() {
    within(6, async {
        let folder = Folder::new("instellingen");
        store_with_scenario(&folder, PASSPHRASE);
        let app = App::start(&folder, Some(PASSPHRASE)).await;
        app.heading("Vandaag").await;
        app.click_menu("Instellingen").await;
        app.heading("Instellingen").await;
        assert_eq!(app.value("Uw telefoon").await, "06-11112222");
        app.screen("52-instellingen").await;

        // A backup now, then a change after it.
        app.click_button("Back-up maken").await;
        app.announcement_containing("Reservekopie gemaakt").await;
        app.button("Terugzetten").await;
        app.replace("Uw telefoon", "0229-555555").await;
        app.save_with("Gegevens opslaan").await;
        app.heading("Instellingen").await;
        assert_eq!(app.value("Uw telefoon").await, "0229-555555");

        // Terugzetten: a wrong passphrase replaces nothing.
        app.click_button("Terugzetten").await;
        app.type_into(
            "Wachtwoord van deze reservekopie",
            "niet het goede wachtwoord",
        )
        .await;
        app.click_button("Nu terugzetten").await;
        let msg = app.message_for("Wachtwoord van deze reservekopie").await;
        assert!(
            msg.is_some(),
            "the wrong passphrase is said next to its field"
        );
        app.screen("53-terugzetten-fout").await;
        let phone = |f: &Folder| -> String {
            let out = f.wijzer(&["export-json"], PASSPHRASE);
            let all: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
            all["supporter"]["phone"]
                .as_str()
                .unwrap_or_default()
                .to_string()
        };
        assert_eq!(phone(&folder), "0229-555555", "nothing replaced");

        app.replace("Wachtwoord van deze reservekopie", PASSPHRASE)
            .await;
        app.click_button("Nu terugzetten").await;
        app.announcement_containing("teruggezet").await;
        app.heading("Instellingen").await;
        let start = std::time::Instant::now();
        while app.value("Uw telefoon").await != "06-11112222" {
            assert!(
                start.elapsed() < std::time::Duration::from_secs(20),
                "the backup's details show"
            );
            tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        }
        assert_eq!(phone(&folder), "06-11112222", "the backup's data");
        app.screen("54-teruggezet").await;

        // A municipality added to a contract can be chosen for a client at once.
        // (A comma separates them as a new line does.)
        let municipalities = app
            .value("Gemeenten van contract wf")
            .await
            .replace('\n', ", ");
        app.replace(
            "Gemeenten van contract wf",
            &format!("{municipalities}, Wervershoof"),
        )
        .await;
        app.save_with("Contract wf opslaan").await;
        app.heading("Instellingen").await;
        assert!(app
            .value("Gemeenten van contract wf")
            .await
            .ends_with("Wervershoof"));

        // The signing key, saved for the municipality under its suggested name.
        app.click_button("Publieke sleutel opslaan").await;
        app.accept_file_dialog("Ondertekensleutel opslaan").await;
        let said = app
            .announcement_containing("publieke sleutel is opgeslagen")
            .await;
        let public = String::from_utf8(folder.wijzer(&["signing-key"], PASSPHRASE).stdout).unwrap();
        let saved: Vec<_> = std::fs::read_dir(folder.documents())
            .unwrap()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().ends_with(".pub"))
            .collect();
        assert_eq!(saved.len(), 1, "{said}");
        assert_eq!(std::fs::read_to_string(saved[0].path()).unwrap(), public);

        // Nu vergrendelen: the unlock screen; the passphrase opens it again.
        app.click_button("Nu vergrendelen").await;
        app.heading("Wijzer ontgrendelen").await;
        app.type_into("Wachtwoord", PASSPHRASE).await;
        app.press("\u{E007}").await;
        app.heading("Instellingen").await;

        // Locked after a minute without a key, click or touch: what was being typed is kept.
        app.choose("Automatisch vergrendelen", "Na 1 minuut").await;
        app.click_button("Vergrendeling opslaan").await;
        app.announcement_containing("Opgeslagen").await;
        app.click_menu("Cliënten").await;
        app.click_button("Nieuwe cliënt").await;
        app.type_into("Naam", "Half-getypt Vergrendel-Testnaam")
            .await;
        assert!(
            app.page_text().await.contains("Wervershoof"),
            "the new municipality is a choice"
        );
        let typed = std::time::Instant::now();
        app.heading_within("Wijzer ontgrendelen", std::time::Duration::from_secs(100))
            .await;
        let after = typed.elapsed();
        assert!(
            after >= std::time::Duration::from_secs(55),
            "not before the minute: {after:?}"
        );
        app.type_into("Wachtwoord", PASSPHRASE).await;
        app.press("\u{E007}").await;
        app.heading("Nieuwe cliënt").await;
        assert_eq!(app.value("Naam").await, "Half-getypt Vergrendel-Testnaam");

        app.quit().await;
        assert_nothing_leaked(
            &folder,
            &["Anna de Vries", "Mehmet Yılmaz", "Vergrendel-Testnaam"],
            &[],
        );
    })
    .await;
}
