//! A damaged store opened by the real app: moved aside (nothing thrown away), the newest good
//! backup offered and put back in one click, and the supporter told what is missing.
//!
//! Run through `cargo xtask test`, which installs the driver and builds the app first.

#![allow(clippy::unwrap_used)]

use wijzer_e2e::{store_with_scenario, within, App, Folder};

const PASSPHRASE: &str = "een lang e2e-wachtwoord";
const LATER: &str = "Laat Toegevoegd-Testnaam";

#[tokio::test]
async fn a_damaged_store_is_set_aside_and_the_last_good_backup_put_back() {
    within(4, async {
        let folder = Folder::new("herstel");
        store_with_scenario(&folder, PASSPHRASE);
        let made = folder.wijzer(&["backup"], PASSPHRASE);
        assert!(made.status.success());
        let as_backed_up = folder.wijzer(&["export-json"], PASSPHRASE).stdout;
        // Recorded after the backup: this is what will be missing.
        std::thread::sleep(std::time::Duration::from_millis(1100));
        let scenario = wijzer_e2e::shared().join("examples/scenario.json");
        let mut later: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(scenario).unwrap()).unwrap();
        let mut client = later["clients"][0].clone();
        client["id"] = "later".into();
        client["name"] = LATER.into();
        later["clients"] = serde_json::json!([client]);
        for list in ["contracts", "cases", "contacts", "time", "policy_signals"] {
            later[list] = serde_json::json!([]);
        }
        let file = folder.root.join("later.json");
        std::fs::write(&file, later.to_string()).unwrap();
        assert!(folder
            .wijzer(&["import", file.to_str().unwrap()], PASSPHRASE)
            .status
            .success());
        std::fs::remove_file(&file).unwrap();
        // Bytes flipped in the middle of the store.
        let store = folder.store();
        let mut bytes = std::fs::read(&store).unwrap();
        let middle = bytes.len() / 2 + 300;
        bytes[middle] ^= 0x5a;
        std::fs::write(&store, &bytes).unwrap();

        let app = App::start(&folder, None).await;
        app.heading("Wijzer ontgrendelen").await;
        app.type_into("Wachtwoord", PASSPHRASE).await;
        app.click_button("Ontgrendelen").await;
        app.heading("Gegevensbestand beschadigd").await;
        let text = app.page_text().await;
        assert!(text.contains("opzij gezet"), "{text}");
        assert!(text.contains("niets weggegooid"), "{text}");
        assert!(text.contains("ontbreekt"), "{text}");
        app.screen("60-herstel").await;
        assert!(!store.exists(), "the damaged file was moved aside");

        app.click_button("Reservekopie terugzetten").await;
        app.heading("Reservekopie teruggezet").await;
        let text = app.page_text().await;
        assert!(text.contains("staan weer klaar"), "{text}");
        assert!(text.contains("ontbreekt"), "{text}");
        app.screen("61-teruggezet").await;
        app.click_button("Naar Vandaag").await;
        app.heading("Vandaag").await;
        app.quit().await;

        assert_eq!(
            folder.wijzer(&["export-json"], PASSPHRASE).stdout,
            as_backed_up,
            "the store as it was backed up: what came later is missing, as the app said"
        );
        let kept: Vec<String> = std::fs::read_dir(store.parent().unwrap().join("backups"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        let damaged = kept
            .iter()
            .find(|n| n.starts_with("damaged-") && n.ends_with(".db"))
            .expect("the damaged store is kept");
        let aside = store.parent().unwrap().join("backups").join(damaged);
        assert_eq!(std::fs::read(aside).unwrap(), bytes, "kept as it was");
    })
    .await;
}
