//! The shared scenario on 2026-06-01 gives the signals a careful reader of the two seeds would
//! expect. Each expected line carries the reason, from the seeds and DOMAIN.md.

use expect_test::expect;
use serde_json::Value;

use crate::support::Env;

/// `rule case severity due`, and why a careful reader expects it.
const EXPECTED: &[(&str, &str)] = &[
    (
        "follow-up k2 overdue 2026-03-01",
        "k2 (Medemblik): 'Samen aanmelden bij schuldhulp' was due 01-03 and is not done; the case is open",
    ),
    (
        "follow-up k5 overdue 2026-03-20",
        "k5 (Raalte): the objection letter was due 20-03 and is not done (seed 003, step 5: follow-up)",
    ),
    (
        "first-contact k4 overdue 2026-04-16",
        "k4 (Stede Broec, seed 000 §1.6): registered 14-04, no contact recorded; two days ran out on 16-04",
    ),
    (
        "consent k3 overdue 2026-04-22",
        "k3 (Opmeer): the home visit with the CIZ on 22-04 needs consent for others; cl3 gave only registratie and huisarts",
    ),
    (
        "wlz-end k3 overdue 2026-05-20",
        "k3: Wlz indication issued 20-05 and the case still open (seed 000 §1.6: support ends, the Wlz-uitvoerder takes over)",
    ),
    // Not expected, and why:
    // - k1 is closed (aanvraag ingediend): nothing to do.
    // - k2's first contact (05-02, due 04-02) and appointment (16-02, due 12-02) were late, but
    //   they happened: nothing to do now (timeliness is counted in the half-year report).
    // - k3 used 6 h 55 min of 8 h (2 dagdelen), and the municipality was told on 23-04 anyway.
    // - k5: Raalte sets no contact terms; 70 minutes is far below 5 hours; 1 of 75 cases.
    // - The 2025-H2 report: nothing happened in 2025 for any municipality; 2026-H1 is not over.
    // - No conflict of interest is recorded; no dossier is near 15 years.
];

#[test]
fn the_shared_scenario_on_1_june_2026() {
    let env = Env::with_scenario();
    let json: Value =
        serde_json::from_str(&env.ok(&["signals", "--today", "2026-06-01", "--json"])).unwrap();
    let got: Vec<String> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            format!(
                "{} {} {} {}",
                s["rule"].as_str().unwrap(),
                s["case"].as_str().unwrap_or("-"),
                s["severity"].as_str().unwrap(),
                s["due"].as_str().unwrap_or("-")
            )
        })
        .collect();
    let expected: Vec<&str> = EXPECTED.iter().map(|(line, _)| *line).collect();
    assert_eq!(got, expected);
    for s in json.as_array().unwrap() {
        for field in ["rule", "case", "severity", "due", "message"] {
            assert!(s.get(field).is_some(), "{field} in {s}");
        }
    }

    // What the supporter reads.
    expect![[r#"
        te laat   01-03-2026  k2              Actie over tijd (was 01-03-2026): Samen aanmelden bij schuldhulp
        te laat   20-03-2026  k5              Actie over tijd (was 20-03-2026): Bezwaarschrift samen opstellen
        te laat   16-04-2026  k4              Eerste contact is te laat: uiterlijk 16-04-2026 (binnen 2 dagen na aanmelding).
        te laat   22-04-2026  k3              Contact met het CIZ op 22-04-2026 zonder toestemming (contact met anderen).
        te laat   20-05-2026  k3              Wlz-indicatie afgegeven op 20-05-2026: de ondersteuning eindigt; draag over aan de Wlz-uitvoerder.
    "#]]
    .assert_eq(&env.ok(&["signals", "--today", "2026-06-01"]));
}

#[test]
fn clearing_what_the_signals_ask_for_clears_them() {
    let env = Env::with_store();
    let mut scenario = crate::support::scenario_json();
    let case = |s: &mut Value, id: &str| -> usize {
        s["cases"]
            .as_array()
            .unwrap()
            .iter()
            .position(|c| c["id"] == id)
            .unwrap()
    };
    let k2 = case(&mut scenario, "k2");
    scenario["cases"][k2]["actions"][0]["done_on"] = "2026-03-01".into();
    let k5 = case(&mut scenario, "k5");
    scenario["cases"][k5]["actions"][0]["done_on"] = "2026-03-18".into();
    let k4 = case(&mut scenario, "k4");
    scenario["cases"][k4]["first_contact_on"] = "2026-04-15".into();
    scenario["cases"][k4]["first_appointment_on"] = "2026-04-20".into();
    let k3 = case(&mut scenario, "k3");
    scenario["cases"][k3]["wlz_handover_on"] = "2026-05-25".into();
    scenario["clients"][2]["consents"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!({"purpose": "contact-derden", "given_on": "2026-04-20", "how": "mondeling"}));
    let path = env.write("cleared.json", &scenario.to_string());
    env.ok(&["import", &path]);
    assert_eq!(
        env.ok(&["signals", "--today", "2026-06-01"]).trim(),
        "Geen signalen: er is niets dat nu moet."
    );
}

#[test]
fn a_bad_day_is_a_usage_error() {
    let env = Env::with_store();
    let out = env.wijzer(&["signals", "--today", "2026-02-30"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("geen geldige datum"));
}
