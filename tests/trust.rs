//! What a municipality and a client must be able to trust at the core's edges (issue 8): one
//! regression test per defect found in review, each named after it, through the command line
//! where a person or a script would meet it.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::{json, Value};
use wijzer::store::key::{automatic, KdfParams, KeyError, KeyFile, KeySetup};
use wijzer::store::Store;
use zeroize::Zeroizing;

use crate::support::{fails, fingerprint, scenario_json, Env};

/// Runs `wijzer` on a store with exactly the environment given (no passphrase unless asked).
fn wijzer_env(store: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_wijzer"));
    cmd.arg("--store")
        .arg(store)
        .args(args)
        .env_remove("WIJZER_PASSPHRASE")
        .env_remove("WIJZER_RECOVERY_CODE")
        .env_remove("WIJZER_STORE")
        .env_remove("DBUS_SESSION_BUS_ADDRESS");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

fn stdout(out: &Output) -> String {
    assert!(
        out.status.success(),
        "failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).unwrap()
}

/// `init` through the command line (real Argon2 settings); returns the recovery code.
fn init(store: &Path, passphrase: &str) -> String {
    let out = stdout(&wijzer_env(
        store,
        &["init"],
        &[("WIJZER_PASSPHRASE", passphrase)],
    ));
    out.lines()
        .find_map(|l| l.split_once("Herstelcode").map(|(_, rest)| rest))
        .and_then(|rest| rest.rsplit(' ').next())
        .unwrap()
        .to_string()
}

// 1. A panic on ordinary Dutch text.

#[test]
fn defect_1_a_curly_apostrophe_in_a_note_imports_without_a_panic() {
    let env = Env::with_store();
    let mut s = scenario_json();
    // "zo’n" is six bytes and four characters: the postcode check once sliced it at byte 4.
    s["contacts"][0]["notes"] = json!("zo’n");
    s["contacts"][1]["notes"] = json!("Het is zo’n gedoe met de aanvraag, 1601’A.");
    let path = env.write("s.json", &s.to_string());
    let out = env.wijzer(&["import", &path]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let export = env.ok(&["export-json"]);
    assert!(export.contains("zo’n gedoe"));
}

// 2. Disclosure control, the budget block, and a past period that changes later.

/// A contract with a budget over two municipalities, and cases in both.
fn two_municipalities() -> Value {
    let recipient = "age17xwtkqlkha0j4drwtnu3sffpajesm8v8qfq3pk4cx2km6kjc0gnqde84np";
    let client = |id: &str, m: &str| {
        json!({"id": id, "name": format!("Cliënt {id}"), "born": "1950-01-01", "municipality": m,
               "address": null, "phone": null, "email": null,
               "consents": [{"purpose": "registratie", "given_on": "2026-01-02", "how": "mondeling"}]})
    };
    let case = |id: &str, c: &str, day: &str| {
        json!({"id": id, "client": c, "registered_on": day, "referral": "huisarts",
               "domains": ["wonen"], "question": "Vraag over wonen.",
               "first_contact_on": null, "first_appointment_on": null})
    };
    json!({
        "format": "wijzer-scenario/1",
        "contracts": [{"id": "r2", "rule_set": "raalte", "municipalities": ["Aadorp", "Bornerbroek"],
                        "recipient": recipient}],
        // Seven cases in Aadorp, so that its tables show exact counts; three in Bornerbroek.
        "clients": (1..=7).map(|n| client(&format!("a{n}"), "Aadorp"))
            .chain((1..=3).map(|n| client(&format!("b{n}"), "Bornerbroek")))
            .collect::<Vec<_>>(),
        "cases": (1..=7).map(|n| case(&format!("ka{n}"), &format!("a{n}"), &format!("2026-0{}-15", 1 + (n - 1) % 6)))
            .chain((1..=3).map(|n| case(&format!("kb{n}"), &format!("b{n}"), "2026-02-10")))
            .collect::<Vec<_>>(),
        "contacts": [{"case": "ka1", "at": "2026-02-03T10:00", "minutes": 60, "mode": "huisbezoek",
                      "with": ["client"], "notes": ""}],
    })
}

fn report_json(env: &Env, municipality: &str, period: &str) -> Value {
    let text = env.ok(&[
        "report",
        "--municipality",
        municipality,
        "--period",
        period,
        "--json",
    ]);
    serde_json::from_str(&text).unwrap()
}

#[test]
fn defect_2_the_budget_block_holds_only_the_municipalitys_own_figures() {
    let env = Env::with_store();
    let path = env.write("s.json", &two_municipalities().to_string());
    env.ok(&["import", &path]);
    let report = report_json(&env, "Aadorp", "2026-H1");
    let budget = &report["budget"];
    // The contract has 10 cases; Aadorp's own are 7. The contract's figure minus Aadorp's
    // own would be Bornerbroek's.
    assert_eq!(budget["cases_so_far"], json!(7), "{budget}");
    assert_eq!(budget["client_hours_so_far"], json!(1), "{budget}");
    assert_eq!(
        report_json(&env, "Bornerbroek", "2026-H1")["budget"]["cases_so_far"],
        json!(3)
    );
}

#[test]
fn defect_2_a_past_periods_report_counts_only_what_happened_in_it() {
    let env = Env::with_store();
    let path = env.write("s.json", &two_municipalities().to_string());
    env.ok(&["import", &path]);
    let mut before = report_json(&env, "Aadorp", "2026-H1");
    // Later: a long visit in the second half year (over the 5-hour limit) and the notice to
    // the municipality, a first contact and a first appointment, all after 30-06-2026.
    let later = json!({
        "format": "wijzer-scenario/1",
        "contacts": [{"case": "ka1", "at": "2026-08-03T10:00", "minutes": 600, "mode": "huisbezoek",
                      "with": ["client"], "notes": ""}],
        "time": [{"case": "ka2", "on": "2026-09-01", "minutes": 400, "activity": "uitzoekwerk"}],
    });
    let path = env.write("later.json", &later.to_string());
    env.ok(&["import", &path]);
    let mut after = report_json(&env, "Aadorp", "2026-H1");
    for r in [&mut before, &mut after] {
        r["created_on"] = json!(null);
    }
    assert_eq!(before, after, "the first half year's report did not change");
}

#[test]
fn defect_2_a_period_is_exported_once_and_a_correction_says_what_changed() {
    let env = Env::with_scenario();
    let out = env.file("r1.age");
    let args = |file: &Path| {
        vec![
            "export-report".to_string(),
            "--municipality".into(),
            "Enkhuizen".into(),
            "--period".into(),
            "2026-H1".into(),
            "--out".into(),
            file.to_string_lossy().into_owned(),
        ]
    };
    let run = |extra: &[&str], file: &Path| {
        let mut a = args(file);
        a.extend(extra.iter().map(|s| s.to_string()));
        env.wijzer(&a.iter().map(String::as_str).collect::<Vec<_>>())
    };
    assert!(run(&[], &out).status.success());
    let before = fingerprint(&env.open());

    // A second export of the same period is refused, and writes nothing.
    let second = env.file("r2.age");
    let line = fails(run(&[], &second));
    assert!(line.contains("is al geëxporteerd op"), "{line}");
    assert!(!second.exists());
    // A correction with nothing changed is refused too.
    let line = fails(run(&["--correction"], &second));
    assert!(line.contains("niet veranderd"), "{line}");
    assert!(!second.exists());
    assert_eq!(fingerprint(&env.open()), before);

    // A contact in the period recorded late: the correction goes, and says what changed.
    let late = json!({"format": "wijzer-scenario/1",
        "contacts": [{"case": "k1", "at": "2026-02-02T11:00", "minutes": 30, "mode": "telefoon",
                      "with": ["client"], "notes": ""}]});
    let path = env.write("late.json", &late.to_string());
    env.ok(&["import", &path]);
    let told = String::from_utf8(run(&["--correction"], &second).stdout).unwrap();
    assert!(second.exists(), "{told}");
    assert!(told.contains("Correctie: "), "{told}");
    assert!(told.contains("totals: contacts: 3 → 4"), "{told}");
}

// 3. A backup cannot be restored on a new laptop.

#[test]
fn defect_3_a_backup_restores_on_a_new_laptop_with_only_the_recovery_code() {
    let old = Env::new();
    let code = init(&old.store, "oude-laptop-wachtwoord");
    let scenario = old.write("s.json", &scenario_json().to_string());
    let with_old = [("WIJZER_PASSPHRASE", "oude-laptop-wachtwoord")];
    stdout(&wijzer_env(&old.store, &["import", &scenario], &with_old));
    let backup = old.file("kopie.wijzer");
    stdout(&wijzer_env(
        &old.store,
        &["backup", "--out", backup.to_str().unwrap()],
        &with_old,
    ));
    let expected = stdout(&wijzer_env(&old.store, &["export-json"], &with_old));

    // A new laptop: an empty folder, the backup file and the recovery code; nothing else.
    let new = Env::new();
    let copied = new.file("kopie.wijzer");
    std::fs::copy(&backup, &copied).unwrap();
    let restore = [
        ("WIJZER_RECOVERY_CODE", code.as_str()),
        ("WIJZER_PASSPHRASE", "nieuwe-laptop-wachtwoord"),
    ];
    stdout(&wijzer_env(
        &new.store,
        &["restore", copied.to_str().unwrap()],
        &restore,
    ));
    let with_new = [("WIJZER_PASSPHRASE", "nieuwe-laptop-wachtwoord")];
    assert_eq!(
        stdout(&wijzer_env(&new.store, &["export-json"], &with_new)),
        expected
    );

    // The same after `init` on the new laptop first: the backup replaces that empty store.
    let inited = Env::new();
    init(&inited.store, "eerst-init-gedaan");
    stdout(&wijzer_env(
        &inited.store,
        &["restore", backup.to_str().unwrap()],
        &restore,
    ));
    assert_eq!(
        stdout(&wijzer_env(&inited.store, &["export-json"], &with_new)),
        expected
    );
}

#[test]
fn defect_3_a_key_that_does_not_fit_the_database_is_a_mismatch_not_damage() {
    let one = Env::with_scenario();
    let other = Env::with_store();
    // The other store's key file beside this store's database.
    std::fs::copy(&one.store, &other.store).unwrap();
    let line = other.fails(&["export-json"]);
    assert!(
        line.contains("hoort niet bij dit gegevensbestand"),
        "{line}"
    );
    assert!(!line.contains("beschadigd"), "{line}");
}

// 4. The privacy scan: see `report::privacy`'s table and property tests; here the refusal
// through the command line, for a name written without its diacritics.

#[test]
fn defect_4_a_signal_naming_a_client_without_diacritics_cannot_leave() {
    let env = Env::with_store();
    let mut s = scenario_json();
    s["clients"][0]["name"] = json!("Ayşe Çelik-Doğan");
    s["policy_signals"][0]["text"] = json!("Mevrouw Celik-Dogan hoorde niets van het loket.");
    let path = env.write("s.json", &s.to_string());
    env.ok(&["import", &path]);
    let out = env.file("r.age");
    let line = env.fails(&[
        "export-report",
        "--municipality",
        "Enkhuizen",
        "--period",
        "2026-H1",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(line.contains("bevat de naam van een cliënt"), "{line}");
    assert!(!line.contains("Celik") && !line.contains("Çelik"), "{line}");
    assert!(!out.exists());
}

// 5. An erased client comes back.

#[test]
fn defect_5_an_erased_client_stays_erased_after_restoring_an_older_backup() {
    let env = Env::with_scenario();
    let backup = env.file("voor-vernietiging.wijzer");
    env.ok(&["backup", "--out", backup.to_str().unwrap()]);
    env.ok(&["erase", "--client", "cl1"]);
    let told = env.ok(&["restore", backup.to_str().unwrap()]);
    assert!(told.contains("1 cliënt(en)"), "{told}");
    let export = env.ok(&["export-json"]);
    assert!(!export.contains("Anna de Vries"), "cl1 came back");
    assert!(!export.contains("\"cl1\""));
    assert!(export.contains("\"cl2\""), "the rest came back");
    // The ledger holds no id or name, only keyed hashes.
    let ledger = std::fs::read_to_string(env.file("wijzer.db.key")).unwrap();
    assert!(!ledger.contains("cl1") && !ledger.contains("Anna"));
}

#[test]
fn defect_5_replaced_stores_rotate_out_like_every_other_copy() {
    let env = Env::with_store();
    let backup = env.file("kopie.wijzer");
    env.ok(&["backup", "--out", backup.to_str().unwrap()]);
    for _ in 0..13 {
        env.ok(&["restore", backup.to_str().unwrap()]);
    }
    let kept = std::fs::read_dir(env.file("backups"))
        .unwrap()
        .filter(|e| {
            let name = e.as_ref().unwrap().file_name();
            let name = name.to_string_lossy();
            name.starts_with("replaced-") && name.ends_with(".db")
        })
        .count();
    assert_eq!(kept, wijzer::store::GENERATIONS);
}

#[test]
fn defect_5_an_erasure_is_done_once_it_committed_even_when_the_wal_is_busy() {
    let env = Env::with_scenario();
    let mut store = env.open();
    // A second connection in the middle of a read keeps the WAL from being emptied.
    let reader = env.open();
    let tx = reader.connection().unchecked_transaction().unwrap();
    let _: i64 = tx
        .query_row("SELECT count(*) FROM client", [], |r| r.get(0))
        .unwrap();
    let erased = store.erase_client("cl1").unwrap();
    assert!(!erased.wal_emptied);
    drop(tx);
    drop(reader);
    drop(store);
    assert!(!env.ok(&["export-json"]).contains("Anna de Vries"));
}

// 6. After `recover`, a store whose key was in the OS credential store cannot be opened.

#[test]
fn defect_6_after_recover_the_passphrase_opens_a_store_whose_key_was_in_the_credential_store() {
    keyring_core::set_default_store(keyring_core::mock::Store::new().unwrap());
    let env = Env::new();
    let setup = KeySetup {
        passphrase: None,
        credential_store: true,
        kdf: KdfParams {
            memory_kib: 64,
            iterations: 1,
            parallelism: 1,
        },
    };
    let (_, code) = Store::create(&env.store, &setup).unwrap();
    // The keychain is lost (a new laptop, a reset): a fresh, empty credential store.
    keyring_core::set_default_store(keyring_core::mock::Store::new().unwrap());
    let key_path = KeyFile::path_for(&env.store);
    let file = KeyFile::load(&key_path).unwrap();
    assert!(matches!(
        automatic(&file, None, true, || None),
        Err(KeyError::CredentialStore(_))
    ));

    let out = wijzer_env(
        &env.store,
        &["recover"],
        &[
            ("WIJZER_RECOVERY_CODE", code.0.as_str()),
            ("WIJZER_PASSPHRASE", "na-herstel-wachtwoord"),
        ],
    );
    stdout(&out);
    let file = KeyFile::load(&key_path).unwrap();
    assert!(
        !file.uses_credential_store(),
        "after recover the passphrase is the way in"
    );
    // The command line, with the passphrase given…
    stdout(&wijzer_env(
        &env.store,
        &["export-json"],
        &[("WIJZER_PASSPHRASE", "na-herstel-wachtwoord")],
    ));
    // …and the app's way: no passphrase given, so it asks (the unlock screen), then opens.
    assert!(matches!(
        automatic(&file, None, true, || None),
        Err(KeyError::PassphraseNeeded)
    ));
    let typed = || Some(Zeroizing::new("na-herstel-wachtwoord".to_string()));
    let key = automatic(&file, None, true, typed).unwrap();
    Store::open_with_key(&env.store, key).unwrap();
}

// 7. `bundle open` inflates without a limit, and a manifest may list one file three times.

mod bundle_fixture {
    use std::io::{Cursor, Write};

    pub fn identity() -> String {
        std::fs::read_to_string(crate::support::shared().join("examples/municipality-example.key"))
            .unwrap()
    }

    pub fn recipient() -> age::x25519::Recipient {
        let text = identity();
        let line = text
            .lines()
            .find(|l| l.starts_with("AGE-SECRET-KEY-"))
            .unwrap();
        line.parse::<age::x25519::Identity>().unwrap().to_public()
    }

    /// A bundle whose manifest and zip are what the test says, signed by a fresh key.
    pub fn bundle(
        manifest: &serde_json::Value,
        files: &[(&str, Vec<u8>)],
    ) -> (Vec<u8>, minisign::PublicKey) {
        let pair = minisign::KeyPair::generate_unencrypted_keypair().unwrap();
        let manifest = serde_json::to_vec(manifest).unwrap();
        let sig = minisign::sign(Some(&pair.pk), &pair.sk, Cursor::new(&manifest), None, None)
            .unwrap()
            .into_string();
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        zip.start_file("manifest.json", opts).unwrap();
        zip.write_all(&manifest).unwrap();
        zip.start_file("manifest.json.minisig", opts).unwrap();
        zip.write_all(sig.as_bytes()).unwrap();
        for (name, bytes) in files {
            zip.start_file(*name, opts).unwrap();
            zip.write_all(bytes).unwrap();
        }
        let zipped = zip.finish().unwrap().into_inner();
        let r = recipient();
        let enc =
            age::Encryptor::with_recipients(std::iter::once(&r as &dyn age::Recipient)).unwrap();
        let mut out = Vec::new();
        let mut w = enc.wrap_output(&mut out).unwrap();
        w.write_all(&zipped).unwrap();
        w.finish().unwrap();
        (out, pair.pk)
    }

    pub fn listed(name: &str, bytes: &[u8]) -> serde_json::Value {
        serde_json::json!({"name": name, "bytes": bytes.len(),
                           "sha256": wijzer::bundle::sha256_hex(bytes)})
    }
}

#[test]
fn defect_7_a_manifest_must_list_each_report_file_exactly_once() {
    use bundle_fixture::*;
    let json_file = b"{}".to_vec();
    let manifest = json!({"format": "wijzer-bundel/1", "version": "0", "municipality": "Enkhuizen",
        "period": "2026-H1", "created": "2026-07-01",
        "files": [listed("rapport.json", &json_file), listed("rapport.json", &json_file),
                  listed("rapport.json", &json_file)]});
    let files = [
        ("rapport.json", json_file.clone()),
        ("rapport.csv", b"=cmd|' /C calc'!A0".to_vec()),
        ("rapport.pdf", b"not checked".to_vec()),
    ];
    let (sealed, signer) = bundle(&manifest, &files);
    let opened = wijzer::bundle::open(&sealed, &identity(), "key", &signer);
    assert!(
        matches!(opened, Err(wijzer::bundle::BundleError::Damaged)),
        "{opened:?}"
    );
}

#[test]
fn defect_7_bundle_open_refuses_a_zip_bomb_before_inflating_it() {
    use bundle_fixture::*;
    // 40 MB of zeros deflates to about 40 KB; anyone can encrypt it to the municipality.
    let bomb = vec![0u8; 40 << 20];
    let manifest = json!({"format": "wijzer-bundel/1", "version": "0", "municipality": "Enkhuizen",
        "period": "2026-H1", "created": "2026-07-01",
        "files": [listed("rapport.json", b"{}"), listed("rapport.csv", b""),
                  listed("rapport.pdf", &bomb[..16])]});
    let files = [
        ("rapport.json", b"{}".to_vec()),
        ("rapport.csv", Vec::new()),
        ("rapport.pdf", bomb),
    ];
    let (sealed, signer) = bundle(&manifest, &files);
    assert!(sealed.len() < 4 << 20, "a small file: {}", sealed.len());
    let opened = wijzer::bundle::open(&sealed, &identity(), "key", &signer);
    assert!(
        matches!(opened, Err(wijzer::bundle::BundleError::TooLarge)),
        "{opened:?}"
    );
}

#[test]
fn defect_7_bundle_open_shows_the_manifests_municipality_and_period() {
    let env = Env::with_scenario();
    let out = env.file("r.age");
    env.ok(&[
        "export-report",
        "--municipality",
        "Enkhuizen",
        "--period",
        "2026-H1",
        "--out",
        out.to_str().unwrap(),
    ]);
    let signer = env.write("signer.pub", &env.ok(&["signing-key"]));
    let key = crate::support::shared().join("examples/municipality-example.key");
    let dir = env.file("geopend");
    let told = env.ok(&[
        "bundle",
        "open",
        out.to_str().unwrap(),
        "--identity",
        key.to_str().unwrap(),
        "--signer",
        &signer,
        "--out",
        dir.to_str().unwrap(),
    ]);
    assert!(
        told.contains("gemeente Enkhuizen, periode 2026-H1"),
        "{told}"
    );
}

// 8. Smaller ones.

#[test]
fn defect_8_an_invalid_records_id_is_never_echoed() {
    let env = Env::with_store();
    for id in ["Anna de Vries", "anna\u{1b}[31m", "jan-de-vries"] {
        let mut s = scenario_json();
        s["clients"][0]["id"] = json!(id);
        // For the valid id, spoil another field so that the record is still refused.
        s["clients"][0]["municipality"] = json!("Nergenshuizen");
        let path = env.write("s.json", &s.to_string());
        let line = env.fails(&["import", &path]);
        assert!(line.contains("clients[0]"), "{line}");
        assert!(!line.contains(id) && !line.contains('\u{1b}'), "{line}");
    }
}

#[test]
fn defect_8_a_damaged_key_file_is_damage_not_a_wrong_passphrase_and_cannot_exhaust_memory() {
    let env = Env::with_store();
    let key_path = env.file("wijzer.db.key");
    let good: Value = serde_json::from_str(&std::fs::read_to_string(&key_path).unwrap()).unwrap();
    let spoil: [fn(&mut Value); 3] = [
        |k| k["passphrase"]["kdf"]["memory_kib"] = json!(u32::MAX),
        |k| k["passphrase"]["salt"] = json!("!!niet-base64!!"),
        |k| k["canary"]["nonce"] = json!("AAAA"),
    ];
    for spoil in spoil {
        let mut k = good.clone();
        spoil(&mut k);
        std::fs::write(&key_path, k.to_string()).unwrap();
        let started = std::time::Instant::now();
        let line = env.fails(&["export-json"]);
        assert!(line.contains("onleesbaar of beschadigd"), "{line}");
        assert!(!line.contains("wachtwoord"), "{line}");
        assert!(started.elapsed() < std::time::Duration::from_secs(10));
    }
}

#[test]
fn defect_8_argon2_is_built_with_zeroize() {
    let manifest =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml")).unwrap();
    let argon2 = manifest.lines().find(|l| l.starts_with("argon2 ")).unwrap();
    assert!(argon2.contains("\"zeroize\""), "{argon2}");
}

#[test]
fn defect_8_a_restored_store_is_private_whatever_the_backups_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let env = Env::with_scenario();
    let backup = env.file("kopie.wijzer");
    env.ok(&["backup", "--out", backup.to_str().unwrap()]);
    std::fs::set_permissions(&backup, std::fs::Permissions::from_mode(0o644)).unwrap();
    env.ok(&["restore", backup.to_str().unwrap()]);
    for file in [env.store.clone(), env.file("wijzer.db.key")] {
        let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{}", file.display());
    }
}

#[test]
fn defect_8_a_signal_that_starts_like_a_formula_stays_text_in_the_csv() {
    let env = Env::with_store();
    let mut s = scenario_json();
    s["policy_signals"][0]["text"] = json!("=HYPERLINK(\"http://example.org\";\"klik\")");
    let path = env.write("s.json", &s.to_string());
    env.ok(&["import", &path]);
    let csv = env.ok(&[
        "report",
        "--municipality",
        "Enkhuizen",
        "--period",
        "2026-H1",
    ]);
    let line = csv.lines().find(|l| l.starts_with("signaal;")).unwrap();
    assert!(line.contains(";\"'=HYPERLINK("), "{line}");
}
