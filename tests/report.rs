//! The half-year report and its bundle, checked with the tools a municipality has: Debian's
//! `age`, `unzip`, `minisign` and `sha256sum` (and poppler's `pdftotext` for the PDF).

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{json, Value};

use crate::support::{fails, scenario_json, shared, Env};

fn identity() -> PathBuf {
    shared().join("examples/municipality-example.key")
}

fn run(dir: &Path, program: &str, args: &[&str]) -> String {
    let out = Command::new(program)
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap_or_else(|e| panic!("{program} is needed (cargo xtask setup): {e}"));
    assert!(
        out.status.success(),
        "{program} {args:?}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Decrypts with `age`, unzips with `unzip`, verifies with `minisign` and checks every hash of
/// the manifest with `sha256sum`. Returns the folder with the files.
fn open_as_the_municipality(env: &Env, bundle: &Path, signer_pub: &Path, name: &str) -> PathBuf {
    let dir = env.file(name);
    std::fs::create_dir_all(&dir).unwrap();
    let zip = dir.join("bundel.zip");
    run(
        &dir,
        "age",
        &[
            "-d",
            "-i",
            identity().to_str().unwrap(),
            "-o",
            zip.to_str().unwrap(),
            bundle.to_str().unwrap(),
        ],
    );
    run(&dir, "unzip", &["-q", "bundel.zip"]);
    let verified = run(
        &dir,
        "minisign",
        &["-Vm", "manifest.json", "-p", signer_pub.to_str().unwrap()],
    );
    assert!(
        verified.contains("Signature and comment signature verified"),
        "{verified}"
    );
    let manifest: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("manifest.json")).unwrap()).unwrap();
    let mut listed = 0;
    for file in manifest["files"].as_array().unwrap() {
        let name = file["name"].as_str().unwrap();
        let sum = run(&dir, "sha256sum", &[name]);
        assert_eq!(
            sum.split_whitespace().next(),
            file["sha256"].as_str(),
            "{name}"
        );
        listed += 1;
    }
    assert_eq!(
        listed, 3,
        "rapport.json, rapport.csv and rapport.pdf are listed"
    );
    dir
}

fn signer(env: &Env) -> PathBuf {
    let path = env.file("signer.pub");
    std::fs::write(&path, env.ok(&["signing-key"])).unwrap();
    path
}

#[test]
fn the_municipality_needs_no_wijzer() {
    let env = Env::with_scenario();
    let bundle = env.file("enkhuizen.age");
    // The preview, taken before the export, is exactly what leaves.
    let preview = env.ok(&[
        "report",
        "--municipality",
        "Enkhuizen",
        "--period",
        "2026-H1",
        "--json",
    ]);
    let said = env.ok(&[
        "export-report",
        "--municipality",
        "Enkhuizen",
        "--period",
        "2026-H1",
        "--out",
        bundle.to_str().unwrap(),
    ]);
    assert!(said.contains("versleuteld en ondertekend"), "{said}");
    let signer = signer(&env);
    let dir = open_as_the_municipality(&env, &bundle, &signer, "gemeente");

    assert_eq!(
        std::fs::read_to_string(dir.join("rapport.json")).unwrap(),
        preview
    );
    let report: Value = serde_json::from_str(&preview).unwrap();
    assert_eq!(report["totals"]["cases_new"], 1);
    assert_eq!(report["totals"]["contacts"], 3);
    assert_eq!(
        report["signals"][0]["category"], "toegang",
        "the released signal"
    );
    assert_eq!(report["signals"].as_array().unwrap().len(), 1);
    let csv = std::fs::read_to_string(dir.join("rapport.csv")).unwrap();
    assert!(csv.starts_with("sectie;code;omschrijving;waarde\n"));
    let pdf_text = run(&dir, "pdftotext", &["rapport.pdf", "-"]);
    assert!(
        pdf_text.contains("Halfjaarrapportage cliëntondersteuning Enkhuizen"),
        "{pdf_text}"
    );

    // Wijzer's own `bundle open` agrees, and the export is on record.
    let opened = env.file("geopend");
    let out = Command::new(env!("CARGO_BIN_EXE_wijzer"))
        .args([
            "bundle",
            "open",
            bundle.to_str().unwrap(),
            "--identity",
            identity().to_str().unwrap(),
        ])
        .args([
            "--signer",
            signer.to_str().unwrap(),
            "--out",
            opened.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for name in [
        "manifest.json",
        "manifest.json.minisig",
        "rapport.json",
        "rapport.csv",
        "rapport.pdf",
    ] {
        assert_eq!(
            std::fs::read(opened.join(name)).unwrap(),
            std::fs::read(dir.join(name)).unwrap(),
            "{name}"
        );
    }
    let store = env.open();
    let row: (String, String, String) = store
        .connection()
        .query_row(
            "SELECT municipality, period, sha256 FROM report_export",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    let sum = run(env.dir.path(), "sha256sum", &[bundle.to_str().unwrap()]);
    assert_eq!(
        row,
        (
            "Enkhuizen".into(),
            "2026-H1".into(),
            sum.split_whitespace().next().unwrap().to_string()
        )
    );
    let trail = store.audit_trail().unwrap();
    assert!(trail
        .iter()
        .any(|a| a.action == "export" && a.entity == "report"));
}

#[test]
fn an_archive_key_can_open_it_too() {
    let env = Env::with_scenario();
    let key = env.file("archief.key");
    run(env.dir.path(), "age-keygen", &["-o", key.to_str().unwrap()]);
    let archive = run(env.dir.path(), "age-keygen", &["-y", key.to_str().unwrap()]);
    let bundle = env.file("raalte.age");
    env.ok(&[
        "export-report",
        "--municipality",
        "Raalte",
        "--period",
        "2026-H1",
        "--out",
        bundle.to_str().unwrap(),
        "--recipient",
        archive.trim(),
    ]);
    let zip = env.file("raalte.zip");
    run(
        env.dir.path(),
        "age",
        &[
            "-d",
            "-i",
            key.to_str().unwrap(),
            "-o",
            zip.to_str().unwrap(),
            bundle.to_str().unwrap(),
        ],
    );
    assert!(std::fs::metadata(zip).unwrap().len() > 1000);
}

/// A store whose clients' details are all unusual marker strings.
fn marked_store() -> (Env, Vec<String>) {
    let env = Env::with_store();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let mut data = wijzer::demo::generate(99, wijzer::demo::Size::DEMO, today);
    let mut markers = Vec::new();
    for (i, client) in data.clients.iter_mut().enumerate() {
        client.name = format!("Qzwvornaam{i} Xkjmachternaam{i}");
        client.address = Some(format!("Vlxqstraat {}, 9999 QQ Zqplaats", 100 + i));
        client.phone = Some(format!("097-{:07}", 3_141_500 + i));
        client.email = Some(format!("marker{i}.qzw@voorbeeld.example"));
        let born = client.born.unwrap();
        markers.extend([
            client.name.clone(),
            format!("Xkjmachternaam{i}"),
            format!("Vlxqstraat {}", 100 + i),
            format!("{:07}", 3_141_500 + i),
            format!("marker{i}.qzw"),
            born.to_string(),
            born.0.format("%d-%m-%Y").to_string(),
        ]);
    }
    let mut store = env.open();
    store.import(&data).unwrap();
    (env, markers)
}

#[test]
fn no_personal_data_leaves() {
    let (env, markers) = marked_store();
    let signer = signer(&env);
    let municipalities = [
        "Drechterland",
        "Enkhuizen",
        "Koggenland",
        "Medemblik",
        "Opmeer",
        "Stede Broec",
        "Raalte",
    ];
    let mut checked = 0;
    for period in ["2026-H1", "2026-H2"] {
        for m in municipalities {
            let bundle = env.file(&format!("{m}-{period}.age"));
            env.ok(&[
                "export-report",
                "--municipality",
                m,
                "--period",
                period,
                "--out",
                bundle.to_str().unwrap(),
            ]);
            let dir =
                open_as_the_municipality(&env, &bundle, &signer, &format!("open-{m}-{period}"));
            let mut texts = vec![run(&dir, "pdftotext", &["rapport.pdf", "-"])];
            for name in [
                "manifest.json",
                "manifest.json.minisig",
                "rapport.json",
                "rapport.csv",
                "rapport.pdf",
            ] {
                texts.push(
                    String::from_utf8_lossy(&std::fs::read(dir.join(name)).unwrap()).into_owned(),
                );
            }
            for text in &texts {
                for marker in &markers {
                    assert!(
                        !text.contains(marker.as_str()),
                        "{m} {period}: {marker} left the laptop"
                    );
                }
            }
            checked += 1;
        }
    }
    assert_eq!(checked, 14);
    // The markers are really in the store (so the check above could fail); birth dates are
    // stored as jjjj-mm-dd, and searched for in the report in both forms.
    let all = serde_json::to_string(&env.open().export(None).unwrap()).unwrap();
    let stored: Vec<&String> = markers.iter().filter(|m| !is_dutch_date(m)).collect();
    assert!(stored.len() > markers.len() / 2);
    assert!(stored.iter().all(|m| all.contains(m.as_str())));
}

fn is_dutch_date(text: &str) -> bool {
    chrono::NaiveDate::parse_from_str(text, "%d-%m-%Y").is_ok()
}

#[test]
fn a_signal_that_names_a_client_is_refused_by_number() {
    let env = Env::with_store();
    let mut scenario = scenario_json();
    scenario["policy_signals"][0]["text"] =
        json!("Mevrouw Anna de Vries hoorde bij het loket niet dat het gratis is.");
    scenario["policy_signals"]
        .as_array_mut()
        .unwrap()
        .push(json!({
            "on": "2026-04-01", "municipality": "Enkhuizen", "category": "informatie",
            "text": "Een brief noemde BSN 111.222.333 in de onderwerpregel.", "released": true
        }));
    let path = env.write("s.json", &scenario.to_string());
    env.ok(&["import", &path]);
    let bundle = env.file("x.age");
    let args = [
        "export-report",
        "--municipality",
        "Enkhuizen",
        "--period",
        "2026-H1",
        "--out",
        bundle.to_str().unwrap(),
    ];
    let line = env.fails(&args);
    assert_eq!(
        line,
        "wijzer: export geweigerd, er is niets geschreven: signaal 1 voor Enkhuizen (15-03-2026, toegang) bevat de naam van een cliënt; pas de tekst aan of trek de vrijgave in"
    );
    assert!(!bundle.exists());
    let line = env.fails(&[
        "report",
        "--municipality",
        "Enkhuizen",
        "--period",
        "2026-H1",
    ]);
    assert!(
        line.contains("signaal 1"),
        "the preview refuses too: {line}"
    );
    let store = env.open();
    let exports: i64 = store
        .connection()
        .query_row("SELECT count(*) FROM report_export", [], |r| r.get(0))
        .unwrap();
    assert_eq!(exports, 0);
}

#[test]
fn a_changed_byte_a_wrong_identity_or_a_wrong_signer_is_refused_and_writes_nothing() {
    let env = Env::with_scenario();
    let bundle = env.file("enk.age");
    env.ok(&[
        "export-report",
        "--municipality",
        "Enkhuizen",
        "--period",
        "2026-H1",
        "--out",
        bundle.to_str().unwrap(),
    ]);
    let signer = signer(&env);

    let mut changed = std::fs::read(&bundle).unwrap();
    let middle = changed.len() * 2 / 3;
    changed[middle] ^= 0x01;
    let changed_path = env.file("veranderd.age");
    std::fs::write(&changed_path, &changed).unwrap();

    let other_key = env.file("ander.key");
    run(
        env.dir.path(),
        "age-keygen",
        &["-o", other_key.to_str().unwrap()],
    );
    let other_signer = env.file("ander.pub");
    let other_secret = env.file("ander.sec");
    run(
        env.dir.path(),
        "minisign",
        &[
            "-G",
            "-W",
            "-p",
            other_signer.to_str().unwrap(),
            "-s",
            other_secret.to_str().unwrap(),
        ],
    );

    let cases = [
        (&changed_path, identity(), &signer, "wijzer: het bestand is beschadigd of veranderd; vraag de cliëntondersteuner om een nieuwe export"),
        (&bundle, other_key.clone(), &signer, "wijzer: deze sleutel kan het bestand niet openen: het is voor een andere ontvanger versleuteld"),
        (&bundle, identity(), &other_signer, "wijzer: de handtekening hoort niet bij deze ondertekenaar; het rapport komt niet van de verwachte cliëntondersteuner"),
    ];
    for (file, key, pubkey, expected) in cases {
        let out_dir = env.file("uit");
        let out = Command::new(env!("CARGO_BIN_EXE_wijzer"))
            .args([
                "bundle",
                "open",
                file.to_str().unwrap(),
                "--identity",
                key.to_str().unwrap(),
            ])
            .args([
                "--signer",
                pubkey.to_str().unwrap(),
                "--out",
                out_dir.to_str().unwrap(),
            ])
            .output()
            .unwrap();
        assert_eq!(fails(out), expected);
        assert!(!out_dir.exists(), "nothing written for: {expected}");
    }
    // No staging folders were left behind either.
    let leftovers: Vec<String> = env
        .names()
        .into_iter()
        .filter(|n| n.starts_with("uit"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn exporting_clears_the_report_due_signal() {
    let env = Env::with_scenario();
    let due = env.ok(&["signals", "--today", "2026-08-05", "--json"]);
    assert!(
        due.contains("Halfjaarrapportage 2026-H1 voor Enkhuizen"),
        "{due}"
    );
    let bundle = env.file("enk.age");
    env.ok(&[
        "export-report",
        "--municipality",
        "Enkhuizen",
        "--period",
        "2026-H1",
        "--out",
        bundle.to_str().unwrap(),
    ]);
    let after = env.ok(&["signals", "--today", "2026-08-05", "--json"]);
    assert!(!after.contains("voor Enkhuizen"), "{after}");
    assert!(
        after.contains("Halfjaarrapportage 2026-H1 voor Medemblik"),
        "others stay due"
    );
}

#[test]
fn unknown_municipality_and_period_are_clear_errors() {
    let env = Env::with_scenario();
    assert_eq!(
        env.fails(&["report", "--municipality", "Hoorn", "--period", "2026-H1"]),
        "wijzer: onbekende gemeente: Hoorn (geen contract noemt haar)"
    );
    let out = env.wijzer(&[
        "report",
        "--municipality",
        "Enkhuizen",
        "--period",
        "2026-H3",
    ]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn the_preview_table_is_the_csv_that_leaves_and_the_fingerprint_is_minisigns_key_id() {
    let env = Env::with_scenario();
    let mut store = env.open();
    let period = wijzer::report::Period::parse("2026-H1").unwrap();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 7, 2).unwrap();
    let preview = wijzer::app::reports::preview_table(&store, "Enkhuizen", period, today).unwrap();
    let csv = wijzer::app::reports::preview(&store, "Enkhuizen", period, today, false).unwrap();
    // Row for row the file (its header left out), section by section.
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(csv.as_slice());
    let from_file: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    let shown: Vec<Vec<String>> = preview
        .sections
        .iter()
        .flat_map(|s| {
            s.rows.iter().map(|r| {
                vec![
                    s.name.clone(),
                    r.code.clone(),
                    r.label.clone(),
                    r.value.clone(),
                ]
            })
        })
        .collect();
    assert_eq!(shown, from_file);
    assert!(
        shown.iter().any(|r| r[3] == "<5"),
        "small counts stay hidden"
    );
    let titles: Vec<&str> = preview.sections.iter().map(|s| s.title.as_str()).collect();
    assert!(
        titles.contains(&"Totalen") && titles.contains(&"Signalen voor beleid"),
        "{titles:?}"
    );
    assert_eq!(
        (preview.municipality.as_str(), preview.period.as_str()),
        ("Enkhuizen", "2026-H1")
    );

    // minisign itself names our key id when a signature of ours meets another key.
    let fingerprint = wijzer::app::reports::signing_fingerprint(&mut store).unwrap();
    drop(store);
    let bundle = env.file("b.age");
    env.ok(&[
        "export-report",
        "--municipality",
        "Enkhuizen",
        "--period",
        "2026-H1",
        "--out",
        bundle.to_str().unwrap(),
    ]);
    let dir = open_as_the_municipality(&env, &bundle, &signer(&env), "vingerafdruk");
    let other = dir.join("ander.pub");
    let out = Command::new("minisign")
        .args(["-G", "-W", "-f", "-p"])
        .arg(&other)
        .arg("-s")
        .arg(dir.join("ander.key"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = Command::new("minisign")
        .args(["-Vm", "manifest.json", "-p"])
        .arg(&other)
        .current_dir(&dir)
        .output()
        .unwrap();
    let said =
        String::from_utf8_lossy(&out.stderr).to_string() + &String::from_utf8_lossy(&out.stdout);
    assert!(!out.status.success());
    assert!(said.contains(&fingerprint), "{fingerprint} in: {said}");
}
