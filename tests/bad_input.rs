//! Bad input never half-writes: an import whose last record is wrong leaves the store exactly as
//! before and names the record and field, never the value.

use serde_json::{json, Value};

use crate::support::texts::ODD_TEXTS;
use crate::support::{fingerprint, scenario_json, Env};

/// One case: what it is, how it spoils the scenario, the message expected.
type Case = (&'static str, fn(&mut Value), &'static str);

/// What each case does to the shared scenario, and the one line `wijzer import` must print
/// after "…geweigerd, er is niets opgeslagen: ".
#[rustfmt::skip]
const CASES: &[Case] = &[
    ("unknown referral code", |s| s["cases"][4]["referral"] = json!("buurvrouw"),
        "cases[4], veld referral: onbekende code voor verwijzer; toegestaan: eigen-initiatief, netwerk, gemeente, wijkteam, huisarts, medisch-specialist, zorgaanbieder, ciz, anders"),
    ("a day that does not exist", |s| s["cases"][4]["registered_on"] = json!("2026-02-30"),
        "cases[4], veld registered_on: geen geldige datum (verwacht jjjj-mm-dd, een dag die bestaat)"),
    ("a contact longer than 24 hours", |s| s["contacts"][9]["minutes"] = json!(1500),
        "contacts[9], veld minutes: langer dan 24 uur: ten hoogste 1440 minuten"),
    ("a 1 MB note", |s| s["contacts"][9]["notes"] = json!("x".repeat(1 << 20)),
        "contacts[9], veld notes: te lang: 1048576 tekens, ten hoogste 10000"),
    ("an unknown field", |s| s["policy_signals"][1]["urgent"] = json!(true),
        "policy_signals[1], veld urgent: onbekend veld `urgent`"),
    ("an unknown field on a case", |s| s["cases"][4]["bsn"] = json!("123456782"),
        "cases[4], veld bsn: onbekend veld `bsn`"),
    ("a negative duration", |s| s["contacts"][9]["minutes"] = json!(-5),
        "contacts[9], veld minutes: verkeerde soort waarde (verwacht: u32)"),
    ("a contact with an unknown case", |s| s["contacts"][9]["case"] = json!("k99"),
        "contacts[9], veld case: onbekende kwestie"),
    ("time with both case and municipality", |s| s["time"][4]["case"] = json!("k5"),
        "time[4], veld municipality: alleen bij tijd zonder kwestie; de kwestie bepaalt de gemeente"),
    ("a municipality under no contract", |s| s["policy_signals"][1]["municipality"] = json!("Alkmaar"),
        "policy_signals[1], veld municipality: deze gemeente valt onder geen enkel contract"),
    ("a closed case without a reason", |s| s["cases"][4]["closed_on"] = json!("2026-05-01"),
        "cases[4], veld closure_reason: verplicht als de kwestie is afgesloten"),
    ("first appointment before first contact", |s| s["cases"][4]["first_appointment_on"] = json!("2026-02-16"),
        "cases[4], veld first_appointment_on: ligt vóór first_contact_on"),
    ("a client in an unknown municipality", |s| s["clients"][4]["municipality"] = json!("Deventer"),
        "clients[4], veld municipality: deze gemeente valt onder geen enkel contract"),
    ("a missing question", |s| { s["cases"][4].as_object_mut().unwrap().remove("question"); },
        "cases[4]: verplicht veld `question` ontbreekt"),
    ("a wrong format tag", |s| s["format"] = json!("wijzer-scenario/0"),
        "veld format: verwacht \"wijzer-scenario/1\""),
    ("a bell in a name", |s| s["clients"][4]["name"] = json!("Anna\u{7} de Wit"),
        "clients[4], veld name: bevat stuurtekens"),
    ("an escape sequence in a note", |s| s["contacts"][9]["notes"] = json!("\u{1b}[2Jweg"),
        "contacts[9], veld notes: bevat stuurtekens"),
    ("a NUL in a question", |s| s["cases"][4]["question"] = json!("vraag\u{0}"),
        "cases[4], veld question: bevat stuurtekens"),
    ("a name of spaces only", |s| s["clients"][4]["name"] = json!("   "),
        "clients[4], veld name: mag niet leeg zijn"),
    ("a name of 201 characters", |s| s["clients"][4]["name"] = json!("é".repeat(201)),
        "clients[4], veld name: te lang: 201 tekens, ten hoogste 200"),
    ("a client id twice in one file", |s| s["clients"][4]["id"] = s["clients"][3]["id"].clone(),
        "clients[4], veld id: dit id bestaat al"),
    ("an hour that does not exist", |s| s["contacts"][9]["at"] = json!("2026-03-01T25:00"),
        "contacts[9], veld at: geen geldig tijdstip (verwacht jjjj-mm-ddTuu:mm, een dag die bestaat)"),
    ("a Dutch date where ISO is asked", |s| s["cases"][4]["registered_on"] = json!("01-03-2026"),
        "cases[4], veld registered_on: geen geldige datum (verwacht jjjj-mm-dd, een dag die bestaat)"),
    ("an unknown contact mode", |s| s["contacts"][9]["mode"] = json!("duif"),
        "contacts[9], veld mode: onbekende code voor soort contact; toegestaan: huisbezoek, kantoor, telefoon, video, email"),
];

/// A store that already holds something, so that "as before" is not just "empty".
fn store_with_other_data() -> Env {
    let env = Env::with_store();
    let other = json!({
        "format": "wijzer-scenario/1",
        "contracts": [{"id": "hoorn", "rule_set": "wmo", "municipalities": ["Hoorn"],
                        "recipient": "age17xwtkqlkha0j4drwtnu3sffpajesm8v8qfq3pk4cx2km6kjc0gnqde84np"}],
        "clients": [{"id": "h1", "name": "Bestaande Cliënt", "born": null, "municipality": "Hoorn",
                      "address": null, "phone": null, "email": null}],
        "cases": [],
    });
    let path = env.write("other.json", &other.to_string());
    env.ok(&["import", &path]);
    env
}

#[test]
fn every_bad_last_record_is_refused_whole_and_named() {
    let env = store_with_other_data();
    let before = fingerprint(&env.open());
    for (what, spoil, expected) in CASES {
        let mut scenario = scenario_json();
        spoil(&mut scenario);
        let path = env.write("bad.json", &scenario.to_string());
        let out = env.wijzer(&["import", &path]);
        assert!(!out.status.success(), "{what}: accepted");
        let line = crate::support::fails(out);
        assert_eq!(
            line,
            format!("wijzer: {path} geweigerd, er is niets opgeslagen: {expected}"),
            "{what}"
        );
        assert_eq!(
            fingerprint(&env.open()),
            before,
            "{what}: the store changed"
        );
    }
    // The untouched scenario goes in: each refusal above was its planted fault.
    let path = env.write("good.json", &scenario_json().to_string());
    env.ok(&["import", &path]);
    assert_ne!(fingerprint(&env.open()), before);
}

#[test]
fn refusals_never_echo_the_value() {
    let env = Env::with_store();
    let mut scenario = scenario_json();
    scenario["cases"][4]["referral"] = json!("Anna de Vries");
    scenario["contacts"][9]["minutes"] = json!("Kerkstraat 3");
    for (file, s) in [
        ("a.json", scenario.clone()),
        ("b.json", {
            let mut s = scenario_json();
            s["contacts"][9]["minutes"] = json!("Kerkstraat 3");
            s
        }),
    ] {
        let path = env.write(file, &s.to_string());
        let line = env.fails(&["import", &path]);
        assert!(
            !line.contains("Anna") && !line.contains("Kerkstraat"),
            "{line}"
        );
    }
}

#[test]
fn a_second_import_of_the_same_ids_is_refused_whole() {
    let env = Env::with_store();
    let path = env.write("s.json", &scenario_json().to_string());
    env.ok(&["import", &path]);
    let before = fingerprint(&env.open());
    let line = env.fails(&["import", &path]);
    assert!(
        line.ends_with("contracts[0], veld id: dit id bestaat al"),
        "{line}"
    );
    assert_eq!(fingerprint(&env.open()), before);
}

#[test]
fn json_that_is_not_json_is_refused() {
    let env = Env::with_store();
    let path = env.write("broken.json", "{\"format\": \"wijzer-scenario/1\",");
    let line = env.fails(&["import", &path]);
    assert!(
        line.ends_with("geen geldige JSON (regel 1, kolom 31)"),
        "{line}"
    );
}

#[test]
fn free_text_that_looks_like_a_bsn_phone_or_email_is_warned_about_by_place_only() {
    let env = Env::with_store();
    let mut scenario = scenario_json();
    scenario["contacts"][9]["notes"] = json!("Meneer noemde zijn BSN 123456782.");
    scenario["cases"][1]["question"] = json!("Bel de dochter op 06-98765432 over de schulden.");
    scenario["policy_signals"][1]["text"] = json!("Mail ons via loket@gemeente.example.");
    let path = env.write("s.json", &scenario.to_string());
    let out = env.wijzer(&["import", &path]);
    assert!(out.status.success(), "warnings do not stop the import");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        stderr.lines().collect::<Vec<_>>(),
        [
            "wijzer: let op: cases[1], veld question: lijkt een telefoonnummer te bevatten; hoort dat in deze tekst?",
            "wijzer: let op: contacts[9], veld notes: lijkt een BSN te bevatten; een BSN hoort niet in Wijzer, haal het weg",
            "wijzer: let op: policy_signals[1], veld text: lijkt een e-mailadres te bevatten; hoort dat in deze tekst?",
        ]
    );
    assert!(!stderr.contains("123456782") && !stderr.contains("98765432"));

    // The shared scenario itself raises no warning.
    let clean = Env::with_store();
    let path = clean.write("s.json", &scenario_json().to_string());
    assert!(clean.wijzer(&["import", &path]).stderr.is_empty());
}

#[test]
fn odd_but_allowed_texts_are_stored_and_read_back_exactly() {
    let env = Env::with_store();
    let mut scenario = scenario_json();
    // Five clients and cases, ten contacts: each text lands in a contact, and in a name and a
    // question of its own place among the five.
    let place = |i: usize| i % 5;
    for (i, text) in ODD_TEXTS.iter().enumerate() {
        scenario["clients"][place(i)]["name"] = json!(text);
        scenario["contacts"][i]["notes"] = json!(text);
        scenario["cases"][place(i)]["question"] = json!(text);
    }
    let path = env.write("odd.json", &scenario.to_string());
    env.ok(&["import", &path]);
    let back: Value = serde_json::from_str(&env.ok(&["export-json"])).unwrap();
    for (i, text) in ODD_TEXTS.iter().enumerate() {
        assert_eq!(back["contacts"][i]["notes"], json!(text), "notes {i}");
        if i >= ODD_TEXTS.len() - 5 {
            assert_eq!(back["clients"][place(i)]["name"], json!(text), "name {i}");
            assert_eq!(
                back["cases"][place(i)]["question"],
                json!(text),
                "question {i}"
            );
        }
    }
    // Nothing was dropped by an SQL-like text: every table is whole.
    assert_eq!(
        back["clients"].as_array().unwrap().len(),
        scenario["clients"].as_array().unwrap().len()
    );
}

#[test]
fn a_scenario_of_100_mb_is_refused_by_its_size_before_it_is_read() {
    let env = Env::with_scenario();
    let before = fingerprint(&env.open());
    // A valid scenario, made big with clients that would each import.
    let mut big = scenario_json();
    let template = big["clients"][0].clone();
    for list in [
        "contracts",
        "clients",
        "cases",
        "contacts",
        "time",
        "policy_signals",
    ] {
        big[list] = json!([]);
    }
    let mut text = big.to_string();
    let mut clients = String::with_capacity(101 << 20);
    let mut n = 0;
    let mut client = template.clone();
    client["id"] = json!("groot-@N@");
    client["address"] = json!(format!("Lange Laan @N@, {}", "x".repeat(150)));
    let client = client.to_string();
    while clients.len() < 100 << 20 {
        if n > 0 {
            clients.push(',');
        }
        clients.push_str(&client.replace("@N@", &n.to_string()));
        n += 1;
    }
    text = text.replacen("\"clients\":[]", &format!("\"clients\":[{clients}]"), 1);
    let big = text;
    let path = env.write("groot.json", &big);
    assert!(std::fs::metadata(&path).unwrap().len() > 100 << 20);
    let line = env.fails(&["import", &path]);
    assert_eq!(
        line,
        format!(
            "wijzer: {path} geweigerd, er is niets opgeslagen: het bestand is 101 MB; een scenario is ten hoogste 64 MB"
        )
    );
    assert_eq!(fingerprint(&env.open()), before, "nothing half-written");
}
