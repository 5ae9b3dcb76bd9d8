//! The supporter's working day in the real app, under Xvfb through tauri-driver: first start,
//! unlock, a new client and case, a home visit, a crash while typing, and bad input. Controls
//! are found by their visible Dutch names; screenshots go to `target/e2e/`; axe-core checks
//! every screen; afterwards nothing typed is found outside the encrypted store.
//!
//! Run through `cargo xtask test`, which installs the driver and builds the app first.

#![allow(clippy::unwrap_used)]

use std::time::Duration;

use wijzer_e2e::{
    assert_nothing_leaked, municipality_key, store_with_scenario, within, App, Folder, Key,
};

const PASSPHRASE: &str = "een lang e2e-wachtwoord";
const CLIENT: &str = "Zwaantje Markeerder-Testnaam";
const NOTE: &str = "Keukentafelgesprek-markeerpunt over de trapleuning";
const HALF: &str = "Half getypt-markeerpunt: mevrouw wil graag zelf blijven koken en";

fn days_ago(n: i64) -> String {
    let out = std::process::Command::new("date")
        .args(["-d", &format!("{n} days ago"), "+%d-%m-%Y"])
        .output()
        .unwrap();
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

/// The app on a store with the shared scenario, on the visit form of Mehmet Yılmaz's open case
/// k2, reached as a person reaches it: Cliënten, the client, the case, Bezoek vastleggen.
async fn visit_form_of_k2(folder: &Folder) -> App {
    store_with_scenario(folder, PASSPHRASE);
    let app = App::start(folder, Some(PASSPHRASE)).await;
    app.heading("Vandaag").await;
    app.click_menu("Cliënten").await;
    app.click_link("Mehmet Yılmaz").await;
    app.click_link_starting("Kwestie k2").await;
    app.click_button("Bezoek vastleggen").await;
    app.heading("Bezoek vastleggen").await;
    app
}

#[test]
fn the_leak_scan_finds_typed_text_in_utf8_and_utf16() {
    let folder = Folder::new("scan");
    let marker = "Scan-markeerpunt Zwaantje";
    std::fs::write(folder.root.join("cache/plain"), format!("..{marker}..")).unwrap();
    let utf16: Vec<u8> = marker.encode_utf16().flat_map(u16::to_le_bytes).collect();
    std::fs::write(folder.root.join("data/wide"), utf16).unwrap();
    let found = folder.files_holding(&[marker]);
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(folder.files_holding(&["niet aanwezig"]).is_empty());
}

#[tokio::test]
async fn first_start_through_the_welcome_screen_then_unlock() {
    within(6, async {
        let folder = Folder::new("welkom");
        let app = App::start(&folder, None).await;
        app.heading("Welkom bij Wijzer").await;
        app.screen("01-welkom").await;
        app.type_into("Naam van de organisatie", "MEE Westfriesland (test)")
            .await;
        app.type_into("Uw naam", "Sanne de Vries").await;
        app.type_into("Telefoon", "0229-123456").await;
        app.type_into("Gemeenten", "Enkhuizen").await;
        app.press(&Key::Enter.to_string()).await;
        app.type_into("Gemeenten", "Medemblik").await;
        app.type_into("Sleutel van de gemeente", &municipality_key())
            .await;
        app.type_into("Wachtwoord", PASSPHRASE).await;
        app.type_into("Wachtwoord herhalen", "iets anders").await;
        app.click_button("Beginnen").await;
        let msg = app.message_for("Wachtwoord herhalen").await;
        assert!(
            msg.as_deref()
                .is_some_and(|m| m.to_lowercase().contains("niet gelijk")),
            "{msg:?}"
        );
        assert!(!folder.store().exists(), "nothing written on refusal");
        app.replace("Wachtwoord herhalen", PASSPHRASE).await;
        app.click_button("Beginnen").await;
        app.heading("Uw herstelcode").await;
        let code = app
            .client
            .find(fantoccini::Locator::Id("herstelcode"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(code.len() >= 20, "a recovery code is shown: {code}");
        app.screen("02-herstelcode").await;
        app.click_button("Verder").await;
        assert!(
            app.page_text().await.contains("opgeschreven"),
            "the code must be noted first"
        );
        app.check("Ik heb de herstelcode opgeschreven").await;
        app.click_button("Verder").await;
        app.heading("Vandaag").await;
        app.screen("03-vandaag-leeg").await;
        app.quit().await;

        // Started again: locked, the passphrase opens it; a wrong one is refused.
        let app = App::start(&folder, None).await;
        app.heading("Wijzer ontgrendelen").await;
        app.screen("04-ontgrendelen").await;
        app.type_into("Wachtwoord", "niet het goede wachtwoord")
            .await;
        app.click_button("Ontgrendelen").await;
        let msg = app.message_for("Wachtwoord").await;
        assert!(
            msg.as_deref()
                .is_some_and(|m| m.to_lowercase().contains("klopt niet")),
            "{msg:?}"
        );
        app.screen("05-ontgrendelen-fout").await;
        // The accessibility check finds what it should: a field without a label.
        app.client
            .execute(
                "document.querySelector('form').append(document.createElement('input'));",
                vec![],
            )
            .await
            .unwrap();
        let found = app.axe_violations().await;
        assert!(
            found.iter().any(|v| v == "label"),
            "axe sees an unlabelled field: {found:?}"
        );
        app.client
            .execute(
                "document.querySelector('form > input:last-child').remove();",
                vec![],
            )
            .await
            .unwrap();
        app.replace("Wachtwoord", PASSPHRASE).await;
        app.press(&Key::Enter.to_string()).await;
        app.heading("Vandaag").await;
        app.quit().await;

        // The command line reads the same store, with what the welcome screen asked.
        let out = folder.wijzer(&["export-json"], PASSPHRASE);
        let all: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(all["supporter"]["name"], "Sanne de Vries");
        assert_eq!(
            all["contracts"][0]["municipalities"],
            serde_json::json!(["Enkhuizen", "Medemblik"])
        );
        assert_nothing_leaked(
            &folder,
            &["Sanne de Vries", "MEE Westfriesland (test)"],
            &[],
        );
    })
    .await;
}

#[tokio::test]
async fn a_new_client_a_case_and_a_home_visit() {
    within(8, async {
        let folder = Folder::new("bezoek");
        store_with_scenario(&folder, PASSPHRASE);
        let app = App::start(&folder, Some(PASSPHRASE)).await;
        app.heading("Vandaag").await;
        app.screen("10-vandaag").await;

        // Story 2: a new client with a consent, and a new case for them.
        app.click_menu("Cliënten").await;
        app.heading("Cliënten").await;
        app.screen("11-clienten").await;
        app.type_into("Zoeken op naam of gemeente", "anna").await;
        app.link("Anna de Vries").await;
        app.click_button("Nieuwe cliënt").await;
        app.heading("Nieuwe cliënt").await;
        app.screen("12-nieuwe-client").await;
        app.type_into("Naam", CLIENT).await;
        app.type_into("Geboortedatum", "04-03-1950").await;
        app.choose("Gemeente", "Enkhuizen").await;
        app.click_button("Opslaan").await;
        app.heading(CLIENT).await;
        assert!(app.page_text().await.contains("Vastleggen van gegevens"));
        app.screen("13-client").await;
        app.click_button("Nieuwe kwestie").await;
        app.heading("Nieuwe kwestie").await;
        app.screen("14-nieuwe-kwestie").await;
        app.type_into(
            "Vraag van de cliënt",
            "Hulp bij het aanvragen van een trapleuning.",
        )
        .await;
        app.choose("Verwezen door", "Huisarts of POH").await;
        app.replace("Aangemeld op", &days_ago(5)).await;
        app.click_button("Opslaan").await;
        let title = app.heading("Kwestie").await;
        let case = title.split_whitespace().nth(1).unwrap().to_string();
        app.screen("15-kwestie").await;

        // The first-contact signal of the new case is on Vandaag.
        app.click_link(&format!("Naar {CLIENT}")).await;
        app.heading(CLIENT).await;
        app.click_menu("Vandaag").await;
        app.heading("Vandaag").await;
        let link = format!("Naar kwestie {case}");
        let signals = app.page_text().await;
        assert!(signals.contains(&link), "the new case is on Vandaag");
        assert!(signals.contains("Eerste contact"), "{signals}");
        app.link(CLIENT).await;

        // Story 3: from the case to a saved home visit, counting what a person does.
        app.click_link(&link).await;
        app.heading(&format!("Kwestie {case}")).await;
        let before = app.interactions();
        app.click_button("Bezoek vastleggen").await;
        app.heading("Bezoek vastleggen").await;
        assert_eq!(
            app.value("Soort contact").await,
            "huisbezoek",
            "home visit first"
        );
        assert!(!app.value("Datum").await.is_empty(), "date prefilled");
        assert!(!app.value("Tijd").await.is_empty(), "time prefilled");
        app.screen("16-bezoek").await;
        app.type_into("Duur (minuten)", "45").await;
        app.type_into("Verslag", NOTE).await;
        app.click_button("Opslaan").await;
        app.heading(&format!("Kwestie {case}")).await;
        let used = app.interactions() - before;
        eprintln!("from the case to a saved home visit: {used} interactions");
        assert!(
            used <= 6,
            "a home visit takes {used} interactions, at most 6"
        );
        assert!(
            app.page_text().await.contains(NOTE),
            "the visit shows in the case"
        );
        app.screen("17-kwestie-met-bezoek").await;

        // Every fact of the case on its screen: the overrun notice, Wlz, the Chinese wall; a
        // goal and an action; then closing with a reason.
        app.type_into("Gemeente geïnformeerd op", &days_ago(1))
            .await;
        app.type_into("Reden van de overschrijding", "Aanvraag duurt langer.")
            .await;
        app.type_into("Belangenverstrengeling", "Ook zorgaanbieder in de regio.")
            .await;
        app.type_into("Chinese wall", "Aparte teams en dossiers.")
            .await;
        app.save_with("Gegevens opslaan").await;
        app.heading(&format!("Kwestie {case}")).await;
        app.type_into("Nieuw doel", "Veilig de trap op en af.")
            .await;
        app.save_with("Doel toevoegen").await;
        app.heading(&format!("Kwestie {case}")).await;
        app.type_into("Wat", "Offerte trapleuning opvragen").await;
        app.save_with("Actie toevoegen").await;
        app.heading(&format!("Kwestie {case}")).await;
        app.click_summary("Actie 1 wijzigen").await;
        app.screen("17a-actie-wijzigen").await;
        app.replace(
            "Actie 1: wat",
            "Offerte trapleuning opvragen bij twee leveranciers",
        )
        .await;
        app.save_with("Actie 1 opslaan").await;
        app.heading(&format!("Kwestie {case}")).await;
        app.save_with("Actie 1 afronden").await;
        app.heading(&format!("Kwestie {case}")).await;
        app.choose("Reden", "Vraag beantwoord").await;
        app.save_with("Kwestie afsluiten").await;
        app.button("Heropenen").await;
        assert!(app.page_text().await.contains("Afgesloten op"));
        app.screen("17b-kwestie-afgesloten").await;

        app.click_menu("Vandaag").await;
        app.heading("Vandaag").await;
        let text = app.page_text().await;
        let ours: Vec<&str> = text
            .split("Te laat")
            .filter(|s| s.contains(&link) && s.contains("Eerste contact"))
            .collect();
        assert!(ours.is_empty(), "the first-contact signal left Vandaag");

        app.click_menu("Tijd").await;
        app.heading("Tijd").await;
        app.type_into("Duur (minuten)", "90").await;
        app.choose("Activiteit", "Scholing").await;
        app.save_with("Uren vastleggen").await;
        app.heading("Tijd").await;
        assert!(app.page_text().await.contains("1 uur en 30 minuten"));
        app.screen("18-tijd").await;
        app.quit().await;

        let out = folder.wijzer(&["export-json"], PASSPHRASE);
        let all: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let visit = all["contacts"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["case"] == case.as_str())
            .expect("the command line holds the visit");
        assert_eq!(visit["notes"], NOTE);
        assert_eq!(visit["minutes"], 45);
        assert_eq!(visit["mode"], "huisbezoek");
        assert_eq!(visit["with"], serde_json::json!(["client"]));
        let kase = all["cases"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == case.as_str())
            .unwrap();
        assert_eq!(kase["extension_reason"], "Aanvraag duurt langer.");
        assert_eq!(
            kase["conflict_of_interest"]["chinese_wall"],
            "Aparte teams en dossiers."
        );
        assert_eq!(
            kase["goals"],
            serde_json::json!(["Veilig de trap op en af."])
        );
        assert!(kase["actions"][0]["done_on"].is_string());
        assert_eq!(
            kase["actions"][0]["text"],
            "Offerte trapleuning opvragen bij twee leveranciers"
        );
        assert_eq!(kase["closure_reason"], "vraag-beantwoord");
        assert!(kase["first_contact_on"].is_string());
        assert_nothing_leaked(&folder, &[CLIENT, NOTE], &[]);
    })
    .await;
}

#[tokio::test]
async fn a_half_typed_visit_survives_a_kill() {
    within(6, async {
        let folder = Folder::new("kill");
        let app = visit_form_of_k2(&folder).await;
        app.type_into("Duur (minuten)", "30").await;
        app.type_into("Verslag", HALF).await;
        // Every key has reached the page (WebKit may still be handling them when send_keys
        // returns), then the draft is at most a second behind.
        let start = std::time::Instant::now();
        while app.value("Verslag").await != HALF {
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "the typing arrived"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        tokio::time::sleep(Duration::from_millis(1500)).await;
        app.kill().await;

        let app = App::start(&folder, Some(PASSPHRASE)).await;
        app.heading("Vandaag").await;
        app.click_menu("Cliënten").await;
        app.click_link("Mehmet Yılmaz").await;
        app.click_link_starting("Kwestie k2").await;
        assert!(app.page_text().await.contains("nog niet is opgeslagen"));
        app.click_button("Bezoek vastleggen").await;
        app.heading("Bezoek vastleggen").await;
        assert_eq!(app.value("Verslag").await, HALF, "word for word");
        assert_eq!(app.value("Duur (minuten)").await, "30");
        assert!(app.page_text().await.contains("teruggezet"));
        app.screen("20-concept-terug").await;
        app.click_button("Opslaan").await;
        app.heading("Kwestie k2").await;
        assert!(app.page_text().await.contains(HALF));
        app.quit().await;
        assert_nothing_leaked(&folder, &[HALF], &[]);
    })
    .await;
}

#[tokio::test]
async fn bad_input_gets_a_message_next_to_its_field_and_nothing_is_lost() {
    within(6, async {
        let folder = Folder::new("fout");
        let contacts = |f: &Folder| -> usize {
            let out = f.wijzer(&["export-json"], PASSPHRASE);
            let all: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
            all["contacts"].as_array().unwrap().len()
        };
        let app = visit_form_of_k2(&folder).await;
        let before = contacts(&folder);

        app.type_into("Duur (minuten)", "2000").await;
        app.type_into("Verslag", NOTE).await;
        app.click_button("Opslaan").await;
        let msg = app.message_for("Duur (minuten)").await;
        assert!(
            msg.as_deref()
                .is_some_and(|m| m.to_lowercase().contains("24 uur")),
            "{msg:?}"
        );
        assert_eq!(app.value("Verslag").await, NOTE, "nothing typed lost");
        app.screen("30-fout-duur").await;

        app.replace("Duur (minuten)", "45").await;
        app.replace("Datum", "30-02-2026").await;
        app.click_button("Opslaan").await;
        let msg = app.message_for("Datum").await;
        assert!(
            msg.as_deref()
                .is_some_and(|m| m.to_lowercase().contains("geen geldige datum")),
            "{msg:?}"
        );
        assert!(
            app.message_for_now("Duur (minuten)").await.is_none(),
            "the old message went"
        );
        assert_eq!(app.value("Verslag").await, NOTE);
        assert_eq!(app.value("Datum").await, "30-02-2026");
        app.screen("31-fout-datum").await;
        app.click_button("Weggooien").await;

        app.click_menu("Cliënten").await;
        app.click_button("Nieuwe cliënt").await;
        app.heading("Nieuwe cliënt").await;
        app.type_into("Telefoon", "06-12345678").await;
        app.click_button("Opslaan").await;
        let msg = app.message_for("Naam").await;
        assert!(msg.is_some(), "a message next to Naam");
        assert_eq!(app.value("Telefoon").await, "06-12345678");
        app.screen("32-fout-naam").await;
        // Left half done and opened again: what was typed is back (a draft in the store).
        app.click_menu("Vandaag").await;
        app.heading("Vandaag").await;
        app.click_menu("Cliënten").await;
        app.click_button("Nieuwe cliënt").await;
        app.heading("Nieuwe cliënt").await;
        assert_eq!(app.value("Telefoon").await, "06-12345678");
        assert!(app.page_text().await.contains("teruggezet"));
        app.quit().await;

        assert_eq!(contacts(&folder), before, "nothing saved");
        assert_nothing_leaked(&folder, &[NOTE], &[]);
    })
    .await;
}
