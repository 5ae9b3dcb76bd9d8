//! One test per rule and parameter: on time, due, overdue, cleared; around weekends, Easter,
//! Koningsdag, Bevrijdingsdag and year ends. Each `check` prints one line per signal.

use chrono::NaiveDate;
use expect_test::{expect, Expect};

use super::*;
use crate::codes::{ConsentPurpose, Party};

fn d(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

fn rules(name: &str) -> RuleSet {
    shipped(name).unwrap().clone()
}

/// The Westfriesland rule set with its terms counted in working days.
fn working() -> RuleSet {
    let text = SHIPPED[0]
        .1
        .replace("day_kind = \"calendar\"", "day_kind = \"working\"");
    RuleSet::from_toml("westfriesland.toml", &text).unwrap()
}

fn case(id: &str, registered: &str) -> CaseFacts {
    CaseFacts {
        id: id.into(),
        client: 0,
        municipality: "Enkhuizen".into(),
        registered_on: d(registered),
        first_contact_on: None,
        first_appointment_on: None,
        closed_on: None,
        wlz_indication_on: None,
        wlz_handover_on: None,
        extension_notified_on: None,
        conflict_walled: None,
    }
}

/// One client with registration consent, and the given cases.
fn snapshot(cases: Vec<CaseFacts>) -> Snapshot {
    Snapshot {
        contract: "wf".into(),
        municipalities: vec!["Enkhuizen".into()],
        clients: vec![ClientFacts {
            id: "cl1".into(),
            consents: vec![ConsentFacts {
                purpose: ConsentPurpose::Registratie,
                given_on: d("2000-01-01"),
                withdrawn_on: None,
            }],
        }],
        cases,
        ..Snapshot::default()
    }
}

fn show(signals: &[Signal]) -> String {
    if signals.is_empty() {
        return "-".into();
    }
    signals
        .iter()
        .map(|s| {
            let rule = serde_json::to_string(&s.rule).unwrap();
            let severity = serde_json::to_string(&s.severity).unwrap();
            let due = s.due.map(|d| d.to_string()).unwrap_or_else(|| "-".into());
            let about = s
                .case
                .as_deref()
                .or(s.municipality.as_deref())
                .unwrap_or("-");
            format!(
                "{} {} {} {} | {}",
                rule.trim_matches('"'),
                about,
                severity.trim_matches('"'),
                due,
                s.message
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Evaluates the snapshot on each day and prints `day: signals`.
fn check(rules: &RuleSet, snapshot: &Snapshot, days: &[&str], expected: Expect) {
    let text: Vec<String> = days
        .iter()
        .map(|day| {
            let signals = show(&evaluate(snapshot, rules, d(day)));
            if signals.is_empty() {
                format!("{day}: -")
            } else {
                format!("{day}: {}", signals.replace('\n', &format!("\n{day}: ")))
            }
        })
        .collect();
    expected.assert_eq(&text.join("\n"));
}

#[test]
fn first_contact_calendar_days() {
    let s = snapshot(vec![case("k1", "2026-03-02")]);
    check(
        &rules("westfriesland"),
        &s,
        &["2026-03-02", "2026-03-04", "2026-03-05"],
        expect![[r#"
            2026-03-02: first-contact k1 due 2026-03-04 | Neem uiterlijk 04-03-2026 contact op met de cliënt (binnen 2 dagen na aanmelding).
            2026-03-04: first-contact k1 due 2026-03-04 | Neem uiterlijk 04-03-2026 contact op met de cliënt (binnen 2 dagen na aanmelding).
            2026-03-05: first-contact k1 overdue 2026-03-04 | Eerste contact is te laat: uiterlijk 04-03-2026 (binnen 2 dagen na aanmelding)."#]],
    );
    // Cleared: the first contact is recorded (even a late one); closed cases are quiet.
    let mut contacted = case("k1", "2026-03-02");
    contacted.first_contact_on = Some(d("2026-03-09"));
    contacted.first_appointment_on = Some(d("2026-03-10"));
    let mut closed = case("k2", "2026-03-02");
    closed.closed_on = Some(d("2026-03-03"));
    check(
        &rules("westfriesland"),
        &snapshot(vec![contacted, closed]),
        &["2026-03-20"],
        expect!["2026-03-20: -"],
    );
    // Raalte sets no term for first contact.
    check(
        &rules("raalte"),
        &s,
        &["2026-04-01"],
        expect!["2026-04-01: -"],
    );
}

#[test]
fn first_contact_working_days_around_weekends_and_holidays() {
    let rules = working();
    let due_of = |registered: &str, today: &str| {
        show(&evaluate(
            &snapshot(vec![case("k", registered)]),
            &rules,
            d(today),
        ))
    };
    let lines = [
        // Friday: the weekend does not count.
        due_of("2026-01-09", "2026-01-09"),
        // Thursday before Easter 2026: Friday, then Easter Monday is off.
        due_of("2026-04-02", "2026-04-02"),
        // Thursday before Easter 2027.
        due_of("2027-03-25", "2027-03-25"),
        // 27 April 2025 is a Sunday, so Koningsdag is Saturday 26 April and Monday 28 April is
        // a working day: Friday 25th + 2 = Tuesday 29th (not Wednesday 30th).
        due_of("2025-04-25", "2025-04-25"),
        // Bevrijdingsdag 2025 is a day off; 2026 is not.
        due_of("2025-05-02", "2025-05-02"),
        due_of("2026-05-04", "2026-05-04"),
        // Year end: Christmas, a weekend, New Year.
        due_of("2026-12-24", "2026-12-24"),
        due_of("2026-12-31", "2026-12-31"),
        // Overdue the day after a working-day deadline.
        due_of("2026-01-09", "2026-01-14"),
    ];
    expect![[r#"
        first-contact k due 2026-01-13 | Neem uiterlijk 13-01-2026 contact op met de cliënt (binnen 2 werkdagen na aanmelding).
        first-contact k due 2026-04-07 | Neem uiterlijk 07-04-2026 contact op met de cliënt (binnen 2 werkdagen na aanmelding).
        first-contact k due 2027-03-30 | Neem uiterlijk 30-03-2027 contact op met de cliënt (binnen 2 werkdagen na aanmelding).
        first-contact k due 2025-04-29 | Neem uiterlijk 29-04-2025 contact op met de cliënt (binnen 2 werkdagen na aanmelding).
        first-contact k due 2025-05-07 | Neem uiterlijk 07-05-2025 contact op met de cliënt (binnen 2 werkdagen na aanmelding).
        first-contact k due 2026-05-06 | Neem uiterlijk 06-05-2026 contact op met de cliënt (binnen 2 werkdagen na aanmelding).
        first-contact k due 2026-12-29 | Neem uiterlijk 29-12-2026 contact op met de cliënt (binnen 2 werkdagen na aanmelding).
        first-contact k due 2027-01-05 | Neem uiterlijk 05-01-2027 contact op met de cliënt (binnen 2 werkdagen na aanmelding).
        first-contact k overdue 2026-01-13 | Eerste contact is te laat: uiterlijk 13-01-2026 (binnen 2 werkdagen na aanmelding)."#]]
    .assert_eq(&lines.join("\n"));
}

#[test]
fn first_appointment_after_first_contact() {
    let mut c = case("k1", "2026-03-02");
    c.first_contact_on = Some(d("2026-03-03"));
    check(
        &rules("westfriesland"),
        &snapshot(vec![c.clone()]),
        &["2026-03-03", "2026-03-10", "2026-03-11"],
        expect![[r#"
            2026-03-03: first-appointment k1 due 2026-03-10 | Maak uiterlijk 10-03-2026 een afspraak met de cliënt (binnen 7 dagen na het eerste contact).
            2026-03-10: first-appointment k1 due 2026-03-10 | Maak uiterlijk 10-03-2026 een afspraak met de cliënt (binnen 7 dagen na het eerste contact).
            2026-03-11: first-appointment k1 overdue 2026-03-10 | Afspraak is te laat: uiterlijk 10-03-2026 (binnen 7 dagen na het eerste contact)."#]],
    );
    c.first_appointment_on = Some(d("2026-03-12"));
    check(
        &rules("westfriesland"),
        &snapshot(vec![c]),
        &["2026-03-20"],
        expect!["2026-03-20: -"],
    );
}

fn with_minutes(minutes: &[u32], notified: bool) -> Snapshot {
    let mut c = case("k1", "2026-03-02");
    c.first_contact_on = Some(d("2026-03-02"));
    c.first_appointment_on = Some(d("2026-03-03"));
    c.extension_notified_on = notified.then(|| d("2026-03-20"));
    let mut s = snapshot(vec![c]);
    for (i, m) in minutes.iter().enumerate() {
        if i % 2 == 0 {
            s.contacts.push(ContactFacts {
                case: 0,
                on: d("2026-03-03"),
                minutes: *m,
                with: vec![Party::Client],
            });
        } else {
            s.time.push(TimeFacts {
                case: 0,
                on: d("2026-03-04"),
                minutes: *m,
            });
        }
    }
    s
}

#[test]
fn duration_in_dagdelen_and_in_hours() {
    let wf = rules("westfriesland");
    let lines = [
        show(&evaluate(
            &with_minutes(&[200, 100], false),
            &wf,
            d("2026-04-01"),
        )),
        show(&evaluate(
            &with_minutes(&[300, 60], false),
            &wf,
            d("2026-04-01"),
        )),
        show(&evaluate(
            &with_minutes(&[300, 181], false),
            &wf,
            d("2026-04-01"),
        )),
        show(&evaluate(
            &with_minutes(&[300, 181], true),
            &wf,
            d("2026-04-01"),
        )),
        show(&evaluate(
            &with_minutes(&[240], false),
            &rules("raalte"),
            d("2026-04-01"),
        )),
        show(&evaluate(
            &with_minutes(&[301], false),
            &rules("raalte"),
            d("2026-04-01"),
        )),
    ];
    expect![[r#"
        -
        duration k1 due - | Al 6 uur besteed van 2 dagdelen (8 uur).
        duration k1 overdue - | Al 8 uur en 1 minuut besteed, meer dan 2 dagdelen (8 uur): vertel de gemeente waarom de ondersteuning langer duurt.
        -
        duration k1 due - | Al 4 uur besteed van 5 uur.
        duration k1 overdue - | Al 5 uur en 1 minuut besteed, meer dan 5 uur: vertel de gemeente waarom de ondersteuning langer duurt."#]]
    .assert_eq(&lines.join("\n"));
}

#[test]
fn budget_in_cases_and_hours_per_calendar_year() {
    let raalte = rules("raalte");
    let cases = |n: usize, year: &str| -> Vec<CaseFacts> {
        (0..n)
            .map(|i| {
                let mut c = case(&format!("k{i}"), &format!("{year}-02-01"));
                c.closed_on = Some(d(&format!("{year}-03-01")));
                c
            })
            .collect()
    };
    let budget_only = |s: Vec<Signal>| {
        show(
            &s.into_iter()
                .filter(|s| s.rule == Rule::Budget)
                .collect::<Vec<_>>(),
        )
    };
    let count = |n: usize| {
        let mut all = cases(n, "2026");
        all.extend(cases(30, "2025"));
        budget_only(evaluate(&snapshot(all), &raalte, d("2026-10-01")))
    };
    let hours = |h: u32, year: &str| {
        let mut s = snapshot(cases(1, year));
        s.time = (0..h)
            .map(|_| TimeFacts {
                case: 0,
                on: d(&format!("{year}-02-02")),
                minutes: 60,
            })
            .collect();
        budget_only(evaluate(&s, &raalte, d("2026-10-01")))
    };
    // The store sums the minutes of closed cases per year instead of listing them: the same
    // hours, the same signal.
    let summed = |h: u32, year: i32| {
        let mut s = snapshot(cases(1, "2026"));
        s.other_minutes_by_year = vec![(year, u64::from(h) * 60), (year - 1, 99_999)];
        budget_only(evaluate(&s, &raalte, d("2026-10-01")))
    };
    for h in [299, 300, 376] {
        assert_eq!(summed(h, 2026), hours(h, "2026"), "{h} hours");
    }
    assert_eq!(summed(376, 2025), "-");
    let lines = [
        count(59),
        count(60),
        count(75),
        count(76),
        hours(299, "2026"),
        hours(300, "2026"),
        hours(376, "2026"),
        // Last year's hours do not count this year.
        hours(376, "2025"),
        // Westfriesland has no budget.
        budget_only(evaluate(
            &snapshot(cases(100, "2026")),
            &rules("westfriesland"),
            d("2026-10-01"),
        )),
    ];
    expect![[r#"
        -
        budget - due - | Budget 2026 raakt op: 60 van 75 kwesties.
        budget - due - | Budget 2026 raakt op: 75 van 75 kwesties.
        budget - overdue - | Budget 2026 overschreden: 76 van 75 kwesties. Overleg met de gemeente.
        -
        budget - due - | Budget 2026 raakt op: 300 van 375 cliëntgebonden uren.
        budget - overdue - | Budget 2026 overschreden: 376 van 375 cliëntgebonden uren. Overleg met de gemeente.
        -
        -"#]]
    .assert_eq(&lines.join("\n"));
}

#[test]
fn wlz_end_until_handover() {
    let mut c = case("k1", "2026-03-02");
    c.first_contact_on = Some(d("2026-03-02"));
    c.first_appointment_on = Some(d("2026-03-03"));
    c.wlz_indication_on = Some(d("2026-05-20"));
    check(
        &rules("westfriesland"),
        &snapshot(vec![c.clone()]),
        &["2026-05-20", "2026-05-21"],
        expect![[r#"
            2026-05-20: wlz-end k1 due 2026-05-20 | Wlz-indicatie afgegeven op 20-05-2026: de ondersteuning eindigt; draag over aan de Wlz-uitvoerder.
            2026-05-21: wlz-end k1 overdue 2026-05-20 | Wlz-indicatie afgegeven op 20-05-2026: de ondersteuning eindigt; draag over aan de Wlz-uitvoerder."#]],
    );
    let mut handed = c.clone();
    handed.wlz_handover_on = Some(d("2026-05-22"));
    let mut closed = c;
    closed.id = "k2".into();
    closed.closed_on = Some(d("2026-05-22"));
    check(
        &rules("raalte"),
        &snapshot(vec![handed, closed]),
        &["2026-06-01"],
        expect!["2026-06-01: -"],
    );
}

#[test]
fn independence_needs_a_documented_chinese_wall() {
    let mut c = case("k1", "2026-03-02");
    c.first_contact_on = Some(d("2026-03-02"));
    c.first_appointment_on = Some(d("2026-03-03"));
    c.conflict_walled = Some(false);
    let mut walled = c.clone();
    walled.id = "k2".into();
    walled.conflict_walled = Some(true);
    check(
        &rules("wmo"),
        &snapshot(vec![c, walled]),
        &["2026-03-10"],
        expect!["2026-03-10: independence k1 overdue - | Belangenverstrengeling vastgelegd zonder beschreven Chinese wall."],
    );
}

#[test]
fn consent_per_purpose_at_the_time_of_the_contact() {
    let mut c = case("k1", "2026-03-02");
    c.first_contact_on = Some(d("2026-03-02"));
    c.first_appointment_on = Some(d("2026-03-03"));
    let mut s = snapshot(vec![c]);
    let contact = |on: &str, with: Party| ContactFacts {
        case: 0,
        on: d(on),
        minutes: 30,
        with: vec![Party::Client, with],
    };
    s.contacts = vec![
        contact("2026-03-05", Party::WmoConsulent),
        contact("2026-03-06", Party::Huisarts),
        contact("2026-03-07", Party::Ciz),
        contact("2026-03-08", Party::Mantelzorger),
        contact("2026-03-20", Party::Huisarts),
    ];
    s.clients[0].consents.extend([
        // Gemeente: given the day before the contact: fine.
        ConsentFacts {
            purpose: ConsentPurpose::ContactGemeente,
            given_on: d("2026-03-04"),
            withdrawn_on: None,
        },
        // Huisarts: given only after the first GP contact, withdrawn before the second.
        ConsentFacts {
            purpose: ConsentPurpose::ContactHuisarts,
            given_on: d("2026-03-10"),
            withdrawn_on: Some(d("2026-03-15")),
        },
    ]);
    check(
        &rules("westfriesland"),
        &s,
        &["2026-03-25"],
        expect![[r#"
        2026-03-25: consent k1 overdue 2026-03-07 | Contact met het CIZ op 07-03-2026 zonder toestemming (contact met anderen).
        2026-03-25: consent k1 overdue 2026-03-20 | Contact met de huisarts op 20-03-2026 zonder toestemming (contact met de huisarts).
        2026-03-25: consent k1 info 2026-03-06 | Contact met de huisarts op 06-03-2026 was vóór de toestemming (contact met de huisarts)."#]],
    );

    // Once the case is closed there is nothing left to do about those contacts.
    s.cases[0].closed_on = Some(d("2026-03-24"));
    check(
        &rules("westfriesland"),
        &s,
        &["2026-03-25"],
        expect!["2026-03-25: -"],
    );
    s.cases[0].closed_on = None;

    // Without registration consent the client's data should not be there at all.
    s.clients[0].consents.clear();
    s.contacts.clear();
    check(&rules("raalte"), &s, &["2026-03-25"], expect!["2026-03-25: consent k1 overdue - | Geen geldige toestemming van cliënt cl1 om gegevens vast te leggen."]);
}

#[test]
fn follow_up_of_agreed_actions() {
    let mut c = case("k1", "2026-03-02");
    c.first_contact_on = Some(d("2026-03-02"));
    c.first_appointment_on = Some(d("2026-03-03"));
    let mut s = snapshot(vec![c]);
    s.actions = vec![
        ActionFacts {
            case: 0,
            text: "Formulier samen invullen".into(),
            due_on: Some(d("2026-03-20")),
            done_on: None,
        },
        ActionFacts {
            case: 0,
            text: "Huisarts bellen".into(),
            due_on: Some(d("2026-03-10")),
            done_on: Some(d("2026-03-09")),
        },
    ];
    check(
        &rules("raalte"),
        &s,
        &["2026-03-12", "2026-03-13", "2026-03-20", "2026-03-21"],
        expect![[r#"
            2026-03-12: -
            2026-03-13: follow-up k1 due 2026-03-20 | Actie uiterlijk 20-03-2026: Formulier samen invullen
            2026-03-20: follow-up k1 due 2026-03-20 | Actie uiterlijk 20-03-2026: Formulier samen invullen
            2026-03-21: follow-up k1 overdue 2026-03-20 | Actie over tijd (was 20-03-2026): Formulier samen invullen"#]],
    );
    s.cases[0].closed_on = Some(d("2026-03-15"));
    check(
        &rules("raalte"),
        &s,
        &["2026-03-21"],
        expect!["2026-03-21: -"],
    );
}

#[test]
fn report_due_after_each_half_year() {
    let mut c = case("k1", "2026-03-02");
    c.first_contact_on = Some(d("2026-03-02"));
    c.first_appointment_on = Some(d("2026-03-03"));
    c.closed_on = Some(d("2026-11-30"));
    let mut s = snapshot(vec![c]);
    s.municipalities.push("Opmeer".into());
    check(
        &rules("westfriesland"),
        &s,
        &[
            "2026-06-30",
            "2026-07-31",
            "2026-08-01",
            "2027-01-10",
            "2027-02-01",
        ],
        expect![[r#"
            2026-06-30: -
            2026-07-31: report-due Enkhuizen due 2026-07-31 | Stuur de halfjaarrapportage 2026-H1 voor Enkhuizen uiterlijk 31-07-2026.
            2026-08-01: report-due Enkhuizen overdue 2026-07-31 | Halfjaarrapportage 2026-H1 voor Enkhuizen is te laat (uiterlijk 31-07-2026).
            2027-01-10: report-due Enkhuizen due 2027-01-31 | Stuur de halfjaarrapportage 2026-H2 voor Enkhuizen uiterlijk 31-01-2027.
            2027-02-01: report-due Enkhuizen overdue 2027-01-31 | Halfjaarrapportage 2026-H2 voor Enkhuizen is te laat (uiterlijk 31-01-2027)."#]],
    );
    // Cleared by an export; overhead time alone makes a municipality active.
    s.reports_exported
        .push(("Enkhuizen".into(), "2026-H1".into()));
    s.overhead.push(("Opmeer".into(), d("2026-05-01")));
    check(&rules("westfriesland"), &s, &["2026-08-01"], expect!["2026-08-01: report-due Opmeer overdue 2026-07-31 | Halfjaarrapportage 2026-H1 voor Opmeer is te laat (uiterlijk 31-07-2026)."]);
    // The law's minimum asks no half-year report.
    check(&rules("wmo"), &s, &["2026-08-01"], expect!["2026-08-01: -"]);
}

#[test]
fn retention_fifteen_years_after_the_newest_case() {
    let mut c = case("k1", "2011-03-01");
    c.first_contact_on = Some(d("2011-03-01"));
    c.first_appointment_on = Some(d("2011-03-02"));
    c.closed_on = Some(d("2011-06-01"));
    let s = snapshot(vec![c.clone()]);
    check(
        &rules("wmo"),
        &s,
        &["2025-11-30", "2025-12-01", "2026-02-28", "2026-03-01"],
        expect![[r#"
            2025-11-30: -
            2025-12-01: retention k1 due 2026-03-01 | Bewaartermijn van 15 jaar voor cliënt cl1 loopt af op 01-03-2026.
            2026-02-28: retention k1 due 2026-03-01 | Bewaartermijn van 15 jaar voor cliënt cl1 loopt af op 01-03-2026.
            2026-03-01: retention k1 overdue 2026-03-01 | Bewaartermijn van 15 jaar voor cliënt cl1 loopt af op 01-03-2026."#]],
    );
    // A newer case of the same client keeps the dossier.
    let mut newer = c;
    newer.id = "k2".into();
    newer.registered_on = d("2020-01-01");
    newer.closed_on = None;
    let mut s = s;
    s.cases.push(newer);
    check(&rules("wmo"), &s, &["2026-03-01"], expect!["2026-03-01: -"]);
}

#[test]
fn rule_files_are_refused_with_file_line_and_reason() {
    let good = SHIPPED[0].1;
    let cases = [
        good.replace("days = 2\n", "days = 0\n"),
        good.replace("day_kind = \"calendar\"", "day_kind = \"weekdays\""),
        good.replace("warn_at = 0.75", "warn_at = 1.5"),
        good.replace(
            "[report]\ndue_days = 31",
            "[report]\ndue_days = 31\nformat = \"pdf\"",
        ),
        good.replace("hours_per_dagdeel = 4\n", ""),
        good.replace("name = \"westfriesland\"", "name = \"noord\""),
        good.replace("min_cell = 5", "min_cell = \"vijf\""),
        good.replace("[retention]", "[retention\n"),
    ];
    let errors: Vec<String> = cases
        .iter()
        .map(|text| {
            RuleSet::from_toml("assets/rules/westfriesland.toml", text)
                .unwrap_err()
                .to_string()
        })
        .collect();
    expect![[r#"
        assets/rules/westfriesland.toml, regel 11: moet tussen 1 en 90 liggen, niet 0
        assets/rules/westfriesland.toml, regel 17: onbekende waarde (verwacht: `calendar` of `working`)
        assets/rules/westfriesland.toml, regel 24: moet groter dan 0 en ten hoogste 1 zijn, niet 1.5
        assets/rules/westfriesland.toml, regel 47: onbekend veld `format`
        assets/rules/westfriesland.toml, regel 21: [duration]: noem dagdelen en hours_per_dagdeel samen
        assets/rules/westfriesland.toml, regel 5: name moet gelijk zijn aan de bestandsnaam
        assets/rules/westfriesland.toml, regel 55: verkeerde soort waarde (verwacht: u32)
        assets/rules/westfriesland.toml, regel 49: unclosed table, expected `]`"#]]
    .assert_eq(&errors.join("\n"));
}

#[test]
fn shipped_rule_sets_use_known_domain_codes() {
    for (name, _) in SHIPPED {
        for code in &shipped(name).unwrap().codes.domains {
            assert!(
                crate::codes::Domain::from_code(code).is_some(),
                "{name}: {code}"
            );
        }
    }
}
