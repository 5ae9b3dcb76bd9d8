//! The test host: every command the app registers, run without a webview on a real store,
//! with its errors in the `{kind, message, field}` shape the UI reads.

#![allow(clippy::unwrap_used)]

mod common;

use std::collections::BTreeSet;
use std::path::PathBuf;

use serde_json::json;
use wijzer_app::commands::{
    beleid, bezoek, clienten, instellingen, kwestie, rapportage, rechten, session, startup, tijd,
    vandaag,
};
use wijzer_app::{AppState, ErrorKind, IpcError, COMMANDS};

const PASSPHRASE: &str = "host-wachtwoord";
const MARKER: &str = "Zwaantje Markeerder-Testnaam";

fn store_with_scenario(dir: &tempfile::TempDir) -> PathBuf {
    let path = dir.path().join("wijzer.db");
    common::store_with_scenario(&path, PASSPHRASE);
    path
}

fn recipient() -> String {
    std::fs::read_to_string(common::shared().join("examples/municipality-example.key"))
        .unwrap()
        .lines()
        .find_map(|l| l.strip_prefix("# public key: "))
        .unwrap()
        .to_string()
}

/// Records a command as called, and checks the shape of its error if it has one.
struct Host {
    called: BTreeSet<&'static str>,
    errors: Vec<IpcError>,
}

impl Host {
    fn ok<T>(&mut self, name: &'static str, r: Result<T, IpcError>) -> T {
        self.called.insert(name);
        r.unwrap_or_else(|e| panic!("{name}: {e:?}"))
    }

    fn err<T: std::fmt::Debug>(&mut self, name: &'static str, r: Result<T, IpcError>) -> IpcError {
        self.called.insert(name);
        let e = r.unwrap_err();
        let json = serde_json::to_value(&e).unwrap();
        assert!(
            json["kind"].is_string() && json["message"].is_string(),
            "{json}"
        );
        assert!(json.get("field").is_some(), "{json}");
        self.errors.push(e.clone());
        e
    }
}

#[test]
fn every_registered_command_runs_without_a_webview() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = Host {
        called: BTreeSet::new(),
        errors: vec![],
    };

    // First start on an empty folder.
    let fresh = AppState::locked(Some(dir.path().join("nieuw/wijzer.db")));
    let status = h.ok("session_status", session::session_status(&fresh));
    assert_eq!(status.state, "no-store");
    assert!(status.rule_sets.iter().any(|r| r.name == "westfriesland"));
    let welcome = json!({
        "organisation": "MEE Test", "name": "Sanne de Vries", "phone": "0229-123456",
        "email": "", "rule_set": "westfriesland", "municipalities": "Hoorn\nEnkhuizen",
        "recipient": recipient(), "passphrase": "een lang wachtwoord",
        "passphrase_again": "een lang wachtwoord anders",
    });
    let e = h.err(
        "session_start",
        session::session_start(&fresh, welcome.clone()),
    );
    assert_eq!(e.field.as_deref(), Some("passphrase_again"));
    let mut ok = welcome.clone();
    ok["passphrase_again"] = json!("een lang wachtwoord");
    let mut no_org = ok.clone();
    no_org["organisation"] = json!("");
    let e = h.err("session_start", session::session_start(&fresh, no_org));
    assert_eq!(e.field.as_deref(), Some("organisation"));
    let started = h.ok("session_start", session::session_start(&fresh, ok));
    assert!(started.recovery_code.len() > 20);
    assert_eq!(session::session_status(&fresh).unwrap().state, "open");
    let choices = h.ok("choices", clienten::choices(&fresh));
    assert_eq!(choices.municipalities, ["Hoorn", "Enkhuizen"]);

    // The shared scenario's store, locked, then unlocked.
    let path = store_with_scenario(&dir);
    let state = AppState::locked(Some(path));
    assert_eq!(session::session_status(&state).unwrap().state, "locked");
    let e = h.err(
        "session_unlock",
        session::session_unlock(&state, "niet-het-goede".into()),
    );
    assert_eq!(
        (e.kind, e.field.as_deref()),
        (ErrorKind::WrongSecret, Some("passphrase"))
    );
    h.ok(
        "session_unlock",
        session::session_unlock(&state, PASSPHRASE.into()),
    );

    let today = h.ok("vandaag", vandaag::vandaag(&state, "2026-06-01", None));
    let cases: BTreeSet<_> = today
        .signals
        .iter()
        .filter_map(|s| s.case.as_deref())
        .collect();
    assert_eq!(cases, BTreeSet::from(["k2", "k3", "k4", "k5"]));
    assert!(today
        .signals
        .iter()
        .all(|s| s.case.is_none() || s.client_name.is_some()));
    assert!(today.overdue + today.due > 0);
    assert_eq!(today.total, today.signals.len());
    // A page of two, and the counts alone (the menu's counter): the same totals.
    let two = vandaag::vandaag(&state, "2026-06-01", Some(2)).unwrap();
    assert_eq!(two.signals.len(), 2);
    assert_eq!(
        two.signals.iter().map(|s| &s.message).collect::<Vec<_>>(),
        today
            .signals
            .iter()
            .take(2)
            .map(|s| &s.message)
            .collect::<Vec<_>>()
    );
    let counts = vandaag::vandaag(&state, "2026-06-01", Some(0)).unwrap();
    assert!(counts.signals.is_empty());
    assert_eq!(
        (counts.overdue, counts.due, counts.total),
        (today.overdue, today.due, today.total)
    );

    // A client, a consent, a case.
    let id = h.ok(
        "client_add",
        clienten::client_add(
            &state,
            json!({"name": MARKER, "born": "04-03-1950", "municipality": "Enkhuizen",
                   "purpose": "registratie", "given_on": "01-06-2026", "how": "mondeling"}),
        ),
    );
    let found = h.ok(
        "clients_search",
        clienten::clients_search(&state, "zwaantje"),
    );
    assert_eq!((found.rows.len(), found.more), (1, false));
    h.ok(
        "client_change",
        clienten::client_change(
            &state,
            json!({"id": id, "name": MARKER, "born": "04-03-1950", "municipality": "Enkhuizen",
                   "phone": "06-11112222"}),
        ),
    );
    h.ok(
        "consent_give",
        clienten::consent_give(
            &state,
            json!({"client": id, "purpose": "contact-gemeente", "given_on": "02-06-2026",
                   "how": "schriftelijk"}),
        ),
    );
    h.ok(
        "consent_withdraw",
        clienten::consent_withdraw(&state, &id, "contact-gemeente", "20-06-2026"),
    );
    let view = h.ok("client_get", clienten::client_get(&state, &id));
    assert_eq!(view.client.consents.len(), 2);
    assert_eq!(view.client.phone.as_deref(), Some("06-11112222"));
    let case_form = json!({"client": id, "question": "Hulp bij een scootmobiel.",
        "referral": "huisarts", "domains": ["wonen"], "registered_on": "02-06-2026"});
    let case = h.ok("case_open", kwestie::case_open(&state, case_form.clone()));
    let mut changed = case_form.clone();
    changed["id"] = json!(case);
    changed["conflict"] = json!("Ook zorgaanbieder.");
    changed["chinese_wall"] = json!("Aparte teams.");
    changed["next_appointment_date"] = json!("10-06-2026");
    changed["next_appointment_time"] = json!("14:30");
    h.ok("case_change", kwestie::case_change(&state, changed));
    h.ok(
        "goal_save",
        kwestie::goal_save(&state, &case, None, "Zelf naar de winkel."),
    );
    h.ok(
        "goal_save",
        kwestie::goal_save(&state, &case, Some(0), "Zelf naar de markt."),
    );
    h.ok(
        "action_save",
        kwestie::action_save(
            &state,
            json!({"case": case, "text": "Aanvraag indienen", "owner": "ondersteuner",
                   "due_on": "15-06-2026"}),
        ),
    );
    h.ok(
        "action_finish",
        kwestie::action_finish(&state, &case, 0, "2026-06-12"),
    );

    // A visit, typed under a draft.
    let key = format!("visit:{case}");
    h.ok(
        "draft_save",
        bezoek::draft_save(&state, &key, "{\"notes\":\"half getypt\"}"),
    );
    let draft = h.ok("draft_get", bezoek::draft_get(&state, &key));
    assert_eq!(draft.as_deref(), Some("{\"notes\":\"half getypt\"}"));
    let visit = json!({"case": case, "date": "04-06-2026", "time": "10:00", "minutes": "45",
        "mode": "huisbezoek", "with": ["client"], "notes": "Keukentafelgesprek.",
        "next_step": "Offerte opvragen", "next_date": "18-06-2026", "next_time": "09:30",
        "draft": key});
    h.ok("visit_record", bezoek::visit_record(&state, visit.clone()));
    assert_eq!(bezoek::draft_get(&state, &key).unwrap(), None);
    h.ok("draft_save", bezoek::draft_save(&state, &key, "weg"));
    h.ok("draft_discard", bezoek::draft_discard(&state, &key));
    let view = h.ok("case_get", kwestie::case_get(&state, &case));
    assert_eq!(view.contacts.len(), 1);
    assert_eq!(
        view.case.first_contact_on.unwrap().to_string(),
        "2026-06-04"
    );
    assert_eq!(view.case.actions.len(), 2);
    assert_eq!(view.case.goals, ["Zelf naar de markt."]);
    assert_eq!(view.client_name, MARKER);

    h.ok(
        "time_add",
        tijd::time_add(
            &state,
            json!({"case": case, "on": "05-06-2026", "minutes": "30", "activity": "uitzoekwerk"}),
        ),
    );
    let time = h.ok("time_summary", tijd::time_summary(&state, "2026-06-05"));
    assert!(time.week.client_bound >= 75, "{:?}", time.week);
    h.ok(
        "case_close",
        kwestie::case_close(&state, &case, "30-06-2026", "vraag-beantwoord"),
    );
    h.ok("case_reopen", kwestie::case_reopen(&state, &case));

    // Informatieblad: the body behind the save dialog, with the path the dialog gave.
    let sheet = dir.path().join("blad.pdf");
    let printed = h.ok(
        "sheet_print",
        kwestie::sheet_save(
            &state,
            &case,
            &sheet,
            chrono::NaiveDate::from_ymd_opt(2026, 6, 5).unwrap(),
        ),
    );
    assert_eq!(printed.file, "blad.pdf");
    assert!(std::fs::read(&sheet).unwrap().starts_with(b"%PDF-"));
    let nowhere = dir.path().join("geen-map/blad.pdf");
    let e = h.err(
        "sheet_print",
        kwestie::sheet_save(
            &state,
            &case,
            &nowhere,
            chrono::NaiveDate::from_ymd_opt(2026, 6, 5).unwrap(),
        ),
    );
    assert!(
        e.message.contains("de map of het bestand bestaat niet"),
        "{}",
        e.message
    );
    assert!(!nowhere.exists());

    // Signalen voor beleid: a signal naming a client is not released; a clean one is, and is
    // then held back before it can change.
    let naming = h.ok(
        "policy_save",
        beleid::policy_save(
            &state,
            json!({"on": "10-03-2026", "municipality": "Enkhuizen", "category": "toegang",
                   "text": "Markeerder-Testnaam wacht al weken op het loket."}),
        ),
    );
    let e = h.err("policy_release", beleid::policy_release(&state, naming));
    assert_eq!(
        (e.kind, e.field.as_deref()),
        (ErrorKind::Invalid, Some("text"))
    );
    assert!(
        e.message.contains("noemt de naam van een cliënt"),
        "{}",
        e.message
    );
    let clean_form = json!({"id": naming, "on": "10-03-2026", "municipality": "Enkhuizen",
        "category": "toegang", "text": "Inwoners wachten weken op een keukentafelgesprek."});
    h.ok(
        "policy_save",
        beleid::policy_save(&state, clean_form.clone()),
    );
    h.ok("policy_release", beleid::policy_release(&state, naming));
    let listed = h.ok(
        "policy_list",
        beleid::policy_list(&state, "Enkhuizen", "2026-H1"),
    );
    assert!(listed.iter().any(|p| p.id == naming && p.signal.released));
    let e = h.err(
        "policy_save",
        beleid::policy_save(&state, clean_form.clone()),
    );
    assert_eq!(e.field.as_deref(), Some("released"));
    h.ok("policy_hold_back", beleid::policy_hold_back(&state, naming));
    h.ok("policy_save", beleid::policy_save(&state, clean_form));
    let e = h.err(
        "policy_save",
        beleid::policy_save(
            &state,
            json!({"on": "31-02-2026", "municipality": "Enkhuizen", "category": "toegang", "text": "x"}),
        ),
    );
    assert_eq!(e.field.as_deref(), Some("on"));
    h.ok("policy_release", beleid::policy_release(&state, naming));

    // Rapportage: the preview, then the export behind the save dialog; a second export of the
    // same period is refused unless it is a correction with a changed figure.
    let preview = h.ok(
        "report_preview",
        rapportage::report_preview(&state, "Enkhuizen", "2026-H1", "2026-07-02"),
    );
    assert_eq!(preview.correction, 0);
    assert!(preview.sections.iter().any(|s| s.name == "totaal"));
    let e = h.err(
        "report_preview",
        rapportage::report_preview(&state, "Enkhuizen", "2026-H3", "2026-07-02"),
    );
    assert_eq!(e.field.as_deref(), Some("period"));
    assert_eq!(
        rapportage::suggested_name("Enkhuizen", "2026-H1"),
        "rapportage-Enkhuizen-2026-H1.age"
    );
    let bundle = dir.path().join("rapport.age");
    let july = chrono::NaiveDate::from_ymd_opt(2026, 7, 2).unwrap();
    // A released signal that has come to name a client (one added since) stops the export,
    // which names the signal, never the client.
    let namesake = h.ok(
        "client_add",
        clienten::client_add(
            &state,
            json!({"name": "Keukentafelgesprek Naamgenoot", "municipality": "Enkhuizen"}),
        ),
    );
    let e = h.err(
        "report_export",
        rapportage::report_save(&state, "Enkhuizen", "2026-H1", false, july, &bundle),
    );
    assert!(
        e.message.contains("signaal") && e.message.contains("naam"),
        "{}",
        e.message
    );
    assert!(!e.message.contains("Naamgenoot"), "{}", e.message);
    assert!(!bundle.exists());
    h.ok("client_erase", rechten::client_erase(&state, &namesake));
    let exported = h.ok(
        "report_export",
        rapportage::report_save(&state, "Enkhuizen", "2026-H1", false, july, &bundle),
    );
    assert_eq!(exported.sha256.len(), 64);
    assert_eq!(exported.signer.len(), 16);
    assert!(std::fs::read(&bundle)
        .unwrap()
        .starts_with(b"age-encryption.org/v1"));
    let again = dir.path().join("nog-eens.age");
    let e = h.err(
        "report_export",
        rapportage::report_save(&state, "Enkhuizen", "2026-H1", false, july, &again),
    );
    assert!(e.message.contains("al"), "{}", e.message);
    assert!(!again.exists());

    // Rechten: inzage behind the save dialog (the JSON beside the PDF), the retention list,
    // and erasure.
    let inzage = dir.path().join("inzage.pdf");
    let saved = h.ok(
        "inzage_export",
        rechten::inzage_save(
            &state,
            &id,
            chrono::NaiveDate::from_ymd_opt(2026, 6, 5).unwrap(),
            &inzage,
        ),
    );
    assert_eq!(
        (saved.pdf.as_str(), saved.json.as_str()),
        ("inzage.pdf", "inzage.json")
    );
    assert!(std::fs::read_to_string(dir.path().join("inzage.json"))
        .unwrap()
        .contains(MARKER));
    let e = h.err(
        "inzage_export",
        rechten::inzage_save(
            &state,
            &id,
            chrono::NaiveDate::from_ymd_opt(2026, 6, 5).unwrap(),
            &inzage,
        ),
    );
    assert!(
        e.message.contains("er staat al een bestand met die naam"),
        "{}",
        e.message
    );
    assert!(h
        .ok(
            "retention_list",
            rechten::retention_list(&state, "2026-06-05")
        )
        .is_empty());
    let later = h.ok(
        "retention_list",
        rechten::retention_list(&state, "2045-01-01"),
    );
    assert!(!later.is_empty() && later.iter().all(|r| r.passed));
    let view = h.ok("client_get", clienten::client_get(&state, &id));
    assert!(view.contacts >= 1, "{}", view.contacts);

    // Bad input: a message next to its field, nothing saved.
    let before = kwestie::case_get(&state, &case).unwrap().contacts.len();
    for (field, value, expect) in [
        ("minutes", "2000", "minutes"),
        ("date", "30-02-2026", "date"),
        ("time", "25:00", "time"),
        ("minutes", "drie", "minutes"),
    ] {
        let mut bad = visit.clone();
        bad[field] = json!(value);
        let e = h.err("visit_record", bezoek::visit_record(&state, bad));
        assert_eq!(
            (e.kind, e.field.as_deref()),
            (ErrorKind::Invalid, Some(expect)),
            "{e:?}"
        );
        assert!(!e.message.contains(value), "{}", e.message);
    }
    assert_eq!(
        kwestie::case_get(&state, &case).unwrap().contacts.len(),
        before
    );
    let e = h.err(
        "client_add",
        clienten::client_add(&state, json!({"name": " ", "municipality": "Enkhuizen"})),
    );
    assert_eq!(e.field.as_deref(), Some("name"));
    let e = h.err(
        "client_change",
        clienten::client_change(
            &state,
            json!({"id": id, "name": MARKER, "born": "31-04-1950", "municipality": "Enkhuizen"}),
        ),
    );
    assert_eq!(e.field.as_deref(), Some("born"));
    let e = h.err("case_get", kwestie::case_get(&state, "k-bestaat-niet"));
    assert_eq!(e.kind, ErrorKind::NotFound);
    let e = h.err(
        "client_add",
        clienten::client_add(&state, json!({"naam": "x"})),
    );
    assert_eq!(e.field.as_deref(), Some("naam"), "an unknown form field");

    // Locked: every screen's command says so.
    let locked = AppState::locked(Some(dir.path().join("wijzer.db")));
    for e in [
        vandaag::vandaag(&locked, "2026-06-01", None).unwrap_err(),
        clienten::clients_search(&locked, "").unwrap_err(),
        kwestie::case_get(&locked, "k1").unwrap_err(),
        tijd::time_summary(&locked, "2026-06-01").unwrap_err(),
    ] {
        assert_eq!(e.kind, ErrorKind::Locked);
        h.errors.push(e);
    }

    // No error message carries a client's name.
    let text = std::fs::read_to_string(common::shared().join("examples/scenario.json")).unwrap();
    let scenario = wijzer::scenario::parse(&text).unwrap();
    for e in &h.errors {
        assert!(!e.message.contains("Zwaantje"), "{}", e.message);
        for client in &scenario.clients {
            assert!(!e.message.contains(&client.name), "{}", e.message);
        }
    }

    // Instellingen.
    let all_settings = h.ok("settings_get", instellingen::settings_get(&state));
    let rule_sets = all_settings.rule_sets;
    let settings = all_settings.settings;
    assert_eq!(settings.fingerprint.len(), 16);
    let contract = settings.contracts[0].id.clone();
    let mut profile = json!({"organisation": "", "name": "Sanne de Vries", "phone": "0229-99"});
    let e = h.err(
        "profile_save",
        instellingen::profile_save(&state, profile.clone()),
    );
    assert_eq!(e.field.as_deref(), Some("organisation"));
    profile["organisation"] = json!("MEE Test");
    h.ok("profile_save", instellingen::profile_save(&state, profile));
    let settings = instellingen::settings_get(&state).unwrap().settings;
    assert_eq!(
        settings.supporter.unwrap().phone.as_deref(),
        Some("0229-99")
    );
    let e = h.err(
        "recipient_save",
        instellingen::recipient_save(&state, &contract, "age1kapot"),
    );
    assert_eq!(e.field.as_deref(), Some("recipient"));
    h.ok(
        "recipient_save",
        instellingen::recipient_save(&state, &contract, &recipient()),
    );
    let e = h.err(
        "archive_save",
        instellingen::archive_save(&state, &contract, "age1kapot"),
    );
    assert_eq!(e.field.as_deref(), Some("archive"));
    h.ok(
        "archive_save",
        instellingen::archive_save(&state, &contract, &recipient()),
    );
    h.ok(
        "archive_save",
        instellingen::archive_save(&state, &contract, ""),
    );
    assert_eq!(
        instellingen::settings_get(&state)
            .unwrap()
            .settings
            .contracts[0]
            .archive,
        None
    );
    assert!(rule_sets.iter().any(|r| r.name == "wmo"));
    let e = h.err(
        "contract_add",
        instellingen::contract_add(
            &state,
            json!({"id": "hoorn", "rule_set": "wmo", "municipalities": "Hoorn\nEnkhuizen", "recipient": recipient()}),
        ),
    );
    assert_eq!(e.field.as_deref(), Some("municipalities"), "{e:?}");
    h.ok(
        "contract_add",
        instellingen::contract_add(
            &state,
            json!({"id": "hoorn", "rule_set": "wmo", "municipalities": "Hoorn", "recipient": recipient()}),
        ),
    );
    let e = h.err(
        "contract_change",
        instellingen::contract_change(
            &state,
            json!({"id": "hoorn", "rule_set": "wmo", "municipalities": ""}),
        ),
    );
    assert_eq!(e.field.as_deref(), Some("municipalities"));
    h.ok(
        "contract_change",
        instellingen::contract_change(
            &state,
            json!({"id": "hoorn", "rule_set": "westfriesland", "municipalities": "Hoorn, Wervershoof"}),
        ),
    );
    let choices = clienten::choices(&state).unwrap();
    assert!(choices.municipalities.contains(&"Wervershoof".to_string()));
    let pubkey = dir.path().join("sleutel.pub");
    let saved = h.ok(
        "signing_key_export",
        instellingen::signing_key_save(&state, &pubkey),
    );
    assert_eq!(saved, "sleutel.pub");
    assert!(std::fs::read_to_string(&pubkey)
        .unwrap()
        .contains(&settings.fingerprint));

    let backup = h.ok("backup_make", instellingen::backup_make(&state));
    let after_backup = h.ok(
        "client_add",
        clienten::client_add(
            &state,
            json!({"name": "Na de kopie", "municipality": "Enkhuizen"}),
        ),
    );
    let e = h.err(
        "backup_restore",
        instellingen::backup_restore(&state, &backup.name, "niet-het-goede".into()),
    );
    assert_eq!(
        (e.kind, e.field.as_deref()),
        (ErrorKind::WrongSecret, Some("passphrase"))
    );
    assert!(
        clienten::client_get(&state, &after_backup).is_ok(),
        "nothing replaced"
    );
    let e = h.err(
        "backup_restore",
        instellingen::backup_restore(&state, "../wijzer.db", PASSPHRASE.into()),
    );
    assert_eq!(e.field.as_deref(), Some("backup"));
    h.ok(
        "backup_restore",
        instellingen::backup_restore(&state, &backup.name, PASSPHRASE.into()),
    );
    assert_eq!(
        clienten::client_get(&state, &after_backup)
            .unwrap_err()
            .kind,
        ErrorKind::NotFound
    );

    for (form, field) in [
        (
            json!({"current": "fout-wachtwoord", "new_passphrase": "een nieuw wachtwoord", "new_passphrase_again": "een nieuw wachtwoord"}),
            "current",
        ),
        (
            json!({"current": PASSPHRASE, "new_passphrase": "kort", "new_passphrase_again": "kort"}),
            "new_passphrase",
        ),
        (
            json!({"current": PASSPHRASE, "new_passphrase": "een nieuw wachtwoord", "new_passphrase_again": "een ander wachtwoord"}),
            "new_passphrase_again",
        ),
    ] {
        let e = h.err(
            "passphrase_change",
            instellingen::passphrase_change(&state, form),
        );
        assert_eq!(e.field.as_deref(), Some(field), "{e:?}");
    }
    let new_passphrase = "een nieuw wachtwoord";
    h.ok(
        "passphrase_change",
        instellingen::passphrase_change(
            &state,
            json!({"current": PASSPHRASE, "new_passphrase": new_passphrase, "new_passphrase_again": new_passphrase}),
        ),
    );
    let e = h.err(
        "recovery_renew",
        instellingen::recovery_renew(&state, PASSPHRASE.into()),
    );
    assert_eq!(e.field.as_deref(), Some("current"));
    let code = h.ok(
        "recovery_renew",
        instellingen::recovery_renew(&state, new_passphrase.into()),
    );
    assert!(code.recovery_code.len() > 20);
    let e = h.err(
        "idle_lock_save",
        instellingen::idle_lock_save(&state, "een kwartier"),
    );
    assert_eq!(e.field.as_deref(), Some("idle_lock_minutes"));
    h.ok("idle_lock_save", instellingen::idle_lock_save(&state, "15"));
    assert_eq!(
        session::session_status(&state).unwrap().idle_lock_minutes,
        15
    );
    h.ok("session_lock", instellingen::session_lock(&state));
    assert_eq!(session::session_status(&state).unwrap().state, "locked");
    assert_eq!(
        vandaag::vandaag(&state, "2026-06-01", None)
            .unwrap_err()
            .kind,
        ErrorKind::Locked
    );
    session::session_unlock(&state, new_passphrase.into()).unwrap();

    // Erasure last: the client is gone, a second erasure says so.
    h.ok("client_erase", rechten::client_erase(&state, &id));
    let e = h.err("client_get", clienten::client_get(&state, &id));
    assert_eq!(e.kind, ErrorKind::NotFound);
    let e = h.err("client_erase", rechten::client_erase(&state, &id));
    assert_eq!(e.kind, ErrorKind::NotFound);

    // A damaged store on unlock: set aside, the newest good backup offered and put back,
    // and what is missing said.
    h.ok("backup_make", instellingen::backup_make(&state));
    let as_backed_up = clienten::clients_search(&state, "").unwrap().rows.len();
    let path = state.path().unwrap().to_path_buf();
    instellingen::session_lock(&state).unwrap();
    let mut bytes = std::fs::read(&path).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle + 300] ^= 0x5a;
    std::fs::write(&path, bytes).unwrap();
    let e = session::session_unlock(&state, new_passphrase.into()).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Damaged, "{e:?}");
    let status = session::session_status(&state).unwrap();
    assert_eq!(status.state, "damaged");
    let rescue = status.rescue.unwrap();
    assert!(rescue.set_aside.unwrap().starts_with("damaged-"));
    assert!(rescue.backup.unwrap().starts_with("wijzer-"));
    assert!(rescue.missing.contains("ontbreekt"), "{}", rescue.missing);
    assert!(!path.exists(), "set aside");
    let back = h.ok("rescue_restore", session::rescue_restore(&state));
    assert_eq!(back.missing, rescue.missing);
    assert_eq!(session::session_status(&state).unwrap().state, "open");
    assert_eq!(
        clienten::clients_search(&state, "").unwrap().rows.len(),
        as_backed_up
    );
    // The store's own passphrase still opens it.
    instellingen::session_lock(&state).unwrap();
    assert_eq!(state.backup_automatically(None).unwrap(), None, "locked");
    session::session_unlock(&state, new_passphrase.into()).unwrap();
    // On close, a backup of what changed (the restore); then none of an unchanged store.
    assert!(state.backup_automatically(None).unwrap().is_some());
    assert_eq!(state.backup_automatically(None).unwrap(), None);

    // The start-up probe: nothing without a file to write to; with one, the moment and the
    // screen, and a name that is not one of the screens' never reaches the file.
    h.ok("startup_drawn", startup::startup_drawn(None, "vandaag"));
    let probe = dir.path().join("opstart");
    assert!(!probe.exists());
    let before = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    h.ok(
        "startup_drawn",
        startup::startup_drawn(Some(&probe), "vandaag"),
    );
    let written = std::fs::read_to_string(&probe).unwrap();
    let (nanos, screen) = written.trim_end().split_once(' ').unwrap();
    assert!(nanos.parse::<u128>().unwrap() >= before, "{written}");
    assert_eq!(screen, "vandaag");
    h.ok(
        "startup_drawn",
        startup::startup_drawn(Some(&probe), "Jan Jansen"),
    );
    assert!(std::fs::read_to_string(&probe)
        .unwrap()
        .ends_with(" anders\n"));

    let registered: BTreeSet<_> = COMMANDS.iter().copied().collect();
    assert_eq!(
        h.called, registered,
        "every registered command is called here"
    );
    // And COMMANDS is what lib.rs registers.
    let lib = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/src/lib.rs")).unwrap();
    let handler = lib
        .split("generate_handler![")
        .nth(1)
        .and_then(|rest| rest.split(']').next())
        .unwrap();
    let in_handler: BTreeSet<_> = handler
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    assert_eq!(in_handler, registered);
}

#[test]
fn a_missing_store_and_a_damaged_one_each_have_their_kind() {
    let dir = tempfile::tempdir().unwrap();
    let nowhere = AppState::locked(Some(dir.path().join("nergens.db")));
    let e = session::session_unlock(&nowhere, PASSPHRASE.into()).unwrap_err();
    assert_eq!(e.kind, ErrorKind::NoStore);

    let path = store_with_scenario(&dir);
    let mut bytes = std::fs::read(&path).unwrap();
    for b in bytes.iter_mut().skip(4096).take(4096) {
        *b ^= 0x5a;
    }
    std::fs::write(&path, bytes).unwrap();
    let state = AppState::locked(Some(path));
    let e = session::session_unlock(&state, PASSPHRASE.into()).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Damaged, "{e:?}");
    assert!(e.field.is_none());
    // No backup to offer: the screen says so, and restoring is refused with a reason.
    let rescue = session::session_status(&state).unwrap().rescue.unwrap();
    assert_eq!(rescue.backup, None);
    let e = session::rescue_restore(&state).unwrap_err();
    assert!(e.message.contains("geen reservekopie"), "{e:?}");
    assert_eq!(session::session_status(&state).unwrap().state, "damaged");
}

/// The window may load only the app's own files and talk only to the shell: a strict CSP
/// without inline script or style and without any network origin, and the core's default
/// capabilities (no shell, file system, http or dialog plugins).
#[test]
fn the_window_gets_a_strict_csp_and_the_core_capabilities_only() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let conf: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("tauri.conf.json")).unwrap())
            .unwrap();
    let csp = conf["app"]["security"]["csp"].as_str().unwrap();
    let directives: Vec<&str> = csp.split(';').map(str::trim).collect();
    for required in [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "connect-src ipc: http://ipc.localhost",
    ] {
        assert!(directives.contains(&required), "{required} in {csp}");
    }
    assert!(!csp.contains("unsafe"), "{csp}");
    let origins: Vec<&str> = csp
        .split_whitespace()
        .filter(|w| w.contains("://") || w.starts_with("https:") || w.starts_with("http:"))
        .collect();
    assert_eq!(
        origins,
        ["http://ipc.localhost"],
        "no network origin: {csp}"
    );

    let caps: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.join("capabilities/default.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(caps["permissions"], serde_json::json!(["core:default"]));
    let cargo = std::fs::read_to_string(dir.join("Cargo.toml")).unwrap();
    assert!(!cargo.contains("tauri-plugin"), "no plugins");

    // The UI keeps nothing in the webview's storage: no web storage, no IndexedDB, no cookies.
    let mut ui = String::new();
    for entry in walk(&dir.join("../ui")) {
        ui.push_str(&std::fs::read_to_string(entry).unwrap());
    }
    for forbidden in [
        "localStorage",
        "sessionStorage",
        "indexedDB",
        "document.cookie",
        "caches.",
    ] {
        assert!(!ui.contains(forbidden), "the UI uses {forbidden}");
    }
    assert!(ui.contains("<meta charset=\"utf-8\">"));
}

fn walk(dir: &std::path::Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}
