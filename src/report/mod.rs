//! The half-year report for one municipality: exact headline totals and one-way tables under
//! disclosure control, plus the policy signals the supporter released. `build` is pure; what it
//! returns is exactly what leaves the laptop (`rapport.json`, `.csv`, `.pdf`).
//!
//! Not here: loading the facts (`Store::report_facts`) or sealing the bundle (`bundle`).

pub mod disclosure;
pub mod privacy;
mod render;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::codes::{ClosureReason, ContactMode, Domain, Referral, SignalCategory};
use crate::model::{Client, Date};
use crate::rules::{calendar, RuleSet};
use disclosure::{protect, Shown};
pub use render::{to_csv, to_pdf};

/// A half year: `2026-H1` is 1 January to 30 June, `2026-H2` 1 July to 31 December.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Period {
    pub year: i32,
    pub half: u8,
}

impl Period {
    /// Parses `jjjj-H1` or `jjjj-H2`.
    pub fn parse(text: &str) -> Option<Period> {
        let (year, half) = text.split_once("-H")?;
        let year: i32 = year.parse().ok().filter(|y| (2000..=2100).contains(y))?;
        let half: u8 = half.parse().ok().filter(|h| *h == 1 || *h == 2)?;
        (year.to_string().len() == 4).then_some(Period { year, half })
    }

    pub fn start(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, if self.half == 1 { 1 } else { 7 }, 1)
            .expect("a valid day")
    }

    pub fn end(self) -> NaiveDate {
        let (m, d) = if self.half == 1 { (6, 30) } else { (12, 31) };
        NaiveDate::from_ymd_opt(self.year, m, d).expect("a valid day")
    }

    pub fn contains(self, day: NaiveDate) -> bool {
        (self.start()..=self.end()).contains(&day)
    }
}

impl std::fmt::Display for Period {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}-H{}", self.year, self.half)
    }
}

/// One case as the report needs it (no names, no texts).
#[derive(Debug, Clone, PartialEq)]
pub struct CaseFacts {
    pub client: String,
    pub registered_on: NaiveDate,
    pub first_contact_on: Option<NaiveDate>,
    pub first_appointment_on: Option<NaiveDate>,
    pub closed_on: Option<NaiveDate>,
    pub closure_reason: Option<ClosureReason>,
    pub referral: Referral,
    pub domains: Vec<Domain>,
    pub born: Option<NaiveDate>,
    pub wlz_indication_on: Option<NaiveDate>,
    pub wlz_handover_on: Option<NaiveDate>,
    pub extension_notified_on: Option<NaiveDate>,
    /// Client-bound minutes of the case (contacts and time entries) up to the end of the
    /// period: what happens later never changes a past period's report.
    pub minutes: u32,
}

/// A released policy signal of the municipality.
#[derive(Debug, Clone, PartialEq)]
pub struct SignalFacts {
    pub number: usize,
    pub on: NaiveDate,
    pub category: SignalCategory,
    pub text: String,
}

/// Everything one municipality's report is made from.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Facts {
    pub municipality: String,
    pub contract: String,
    pub rule_set: String,
    pub cases: Vec<CaseFacts>,
    /// Contacts of the municipality's cases: day, mode, minutes.
    pub contacts: Vec<(NaiveDate, ContactMode, u32)>,
    /// Client-bound time entries of the municipality's cases: day, minutes.
    pub time: Vec<(NaiveDate, u32)>,
    /// Overhead time with the municipality: day, minutes.
    pub overhead: Vec<(NaiveDate, u32)>,
    /// Released signals of the municipality, all dates.
    pub signals: Vec<SignalFacts>,
    /// This municipality's cases in the calendar year of the period, 1 January to the period's
    /// end: cases registered, client-bound minutes (for the budget). Never the whole contract's:
    /// one municipality could subtract its own figures from those to learn another's.
    pub municipality_year: (u64, u64),
}

/// One cell of a table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cell {
    pub code: String,
    pub label: String,
    pub value: Shown,
}

/// A one-way table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Table {
    pub name: String,
    pub title: String,
    /// What is counted.
    pub unit: String,
    /// The exact total when the cells partition it; `None` when a case can be in several cells.
    pub total: Option<u64>,
    pub cells: Vec<Cell>,
    /// A share, only when the total is at least `min_denominator` and its cell is shown.
    pub percent: Option<Percent>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Percent {
    pub of: String,
    pub value: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Totals {
    pub cases_new: u64,
    pub cases_closed: u64,
    pub cases_open_at_end: u64,
    pub cases_active: u64,
    pub clients: u64,
    pub contacts: u64,
    pub client_bound_minutes: u64,
    pub other_minutes: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Budget {
    pub year: i32,
    pub cases_per_year: u32,
    pub client_hours_per_year: u32,
    /// This municipality's cases only, 1 January to the end of the period.
    pub cases_so_far: u64,
    pub client_hours_so_far: u64,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Disclosure {
    pub min_cell: u32,
    pub min_denominator: u32,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SignalOut {
    pub on: Date,
    pub category: String,
    pub text: String,
}

/// The half-year report, exactly as it leaves the laptop.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub format: String,
    pub municipality: String,
    pub period: String,
    pub from: Date,
    pub to: Date,
    pub contract: String,
    pub rule_set: String,
    pub created_on: Date,
    /// 0 for the first export of the period; 1, 2… for corrections that replace it.
    pub correction: u32,
    pub disclosure: Disclosure,
    pub totals: Totals,
    pub budget: Option<Budget>,
    pub tables: Vec<Table>,
    pub signals: Vec<SignalOut>,
}

/// One figure of a period's report that a correction changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// Which figure, in Dutch: "totalen: cases_new", "Nieuwe kwesties naar verwijzer: Huisarts".
    pub figure: String,
    pub before: String,
    pub after: String,
}

impl std::fmt::Display for Change {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {} → {}", self.figure, self.before, self.after)
    }
}

/// Every figure of a report as it left (`rapport.json`): totals, budget, table cells and the
/// number of policy signals, by a name a person reads.
fn figures(report: &serde_json::Value) -> std::collections::BTreeMap<String, String> {
    use serde_json::Value;
    let text = |v: &Value| match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let mut out = std::collections::BTreeMap::new();
    for section in ["totals", "budget"] {
        if let Some(fields) = report.get(section).and_then(Value::as_object) {
            for (name, value) in fields.iter().filter(|(_, v)| !v.is_string()) {
                out.insert(format!("{section}: {name}"), text(value));
            }
        }
    }
    for table in report
        .get("tables")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let title = table.get("title").map(text).unwrap_or_default();
        if let Some(total) = table.get("total").filter(|t| !t.is_null()) {
            out.insert(format!("{title}: totaal"), text(total));
        }
        for cell in table
            .get("cells")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let label = cell.get("label").map(text).unwrap_or_default();
            let value = cell.get("value").map(text).unwrap_or_default();
            out.insert(format!("{title}: {label}"), value);
        }
    }
    let signals = report
        .get("signals")
        .and_then(Value::as_array)
        .map_or(0, Vec::len);
    out.insert("signalen voor beleid".into(), signals.to_string());
    out
}

/// What a correction changes against the report that left before: every figure that differs.
pub fn changes(before: &str, after: &Report) -> Option<Vec<Change>> {
    let before: serde_json::Value = serde_json::from_str(before).ok()?;
    let after = serde_json::to_value(after).ok()?;
    let (before, after) = (figures(&before), figures(&after));
    let names: std::collections::BTreeSet<&String> = before.keys().chain(after.keys()).collect();
    let missing = "-".to_string();
    Some(
        names
            .into_iter()
            .filter_map(|name| {
                let (b, a) = (
                    before.get(name).unwrap_or(&missing),
                    after.get(name).unwrap_or(&missing),
                );
                (b != a).then(|| Change {
                    figure: name.clone(),
                    before: b.clone(),
                    after: a.clone(),
                })
            })
            .collect(),
    )
}

/// Why a report may not leave.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("signaal {number} voor {municipality} ({on}, {category}) bevat {found}; pas de tekst aan of trek de vrijgave in")]
pub struct Refused {
    pub number: usize,
    pub municipality: String,
    pub on: String,
    pub category: String,
    pub found: &'static str,
}

const AGE_BANDS: &[(&str, &str, u32, u32)] = &[
    ("0-17", "0 tot 18 jaar", 0, 17),
    ("18-29", "18 tot 30 jaar", 18, 29),
    ("30-49", "30 tot 50 jaar", 30, 49),
    ("50-64", "50 tot 65 jaar", 50, 64),
    ("65-79", "65 tot 80 jaar", 65, 79),
    ("80+", "80 jaar en ouder", 80, u32::MAX),
];

fn age_on(born: NaiveDate, day: NaiveDate) -> u32 {
    let mut age = day.year() - born.year();
    if (day.month(), day.day()) < (born.month(), born.day()) {
        age -= 1;
    }
    age.max(0) as u32
}

struct Tables<'a> {
    rules: &'a RuleSet,
    out: Vec<Table>,
}

impl Tables<'_> {
    fn add(
        &mut self,
        name: &str,
        title: &str,
        unit: &str,
        rows: Vec<(String, String, u64)>,
        partition: Option<u64>,
        percent_of: Option<&str>,
    ) {
        let min_cell = u64::from(self.rules.disclosure.min_cell);
        let counts: Vec<u64> = rows.iter().map(|r| r.2).collect();
        let shown = protect(&counts, partition, min_cell);
        let cells: Vec<Cell> = rows
            .into_iter()
            .zip(shown)
            .map(|((code, label, _), value)| Cell { code, label, value })
            .collect();
        let percent = match (percent_of, partition) {
            (Some(code), Some(total))
                if total >= u64::from(self.rules.disclosure.min_denominator) =>
            {
                cells
                    .iter()
                    .find(|c| c.code == code)
                    .and_then(|c| c.value.count())
                    .map(|n| Percent {
                        of: code.to_string(),
                        value: (n as f64 * 1000.0 / total as f64).round() / 10.0,
                    })
            }
            _ => None,
        };
        self.out.push(Table {
            name: name.into(),
            title: title.into(),
            unit: unit.into(),
            total: partition,
            cells,
            percent,
        });
    }
}

fn code_rows<T: Copy + PartialEq>(
    all: &[T],
    code: fn(T) -> &'static str,
    label: fn(T) -> &'static str,
    items: impl Iterator<Item = T> + Clone,
) -> Vec<(String, String, u64)> {
    all.iter()
        .map(|&c| {
            let n = items.clone().filter(|i| *i == c).count() as u64;
            (code(c).to_string(), label(c).to_string(), n)
        })
        .collect()
}

/// Builds the report of one period from the facts, under the contract's rules. Refuses when a
/// released policy signal of the period contains personal data of any client in `clients`.
pub fn build(
    facts: &Facts,
    rules: &RuleSet,
    period: Period,
    created_on: NaiveDate,
    clients: &[Client],
) -> Result<Report, Refused> {
    let (start, end) = (period.start(), period.end());
    // A date after the period is not yet known in it: the report of a period stays the same
    // however late it is made.
    let by_end = |d: Option<NaiveDate>| d.filter(|d| *d <= end);
    let signals: Vec<&SignalFacts> = facts
        .signals
        .iter()
        .filter(|s| period.contains(s.on))
        .collect();
    for s in &signals {
        if let Some(found) = privacy::scan(&s.text, clients) {
            return Err(Refused {
                number: s.number,
                municipality: facts.municipality.clone(),
                on: crate::model::dutch(s.on),
                category: s.category.code().to_string(),
                found: found.label(),
            });
        }
    }

    let new: Vec<&CaseFacts> = facts
        .cases
        .iter()
        .filter(|c| period.contains(c.registered_on))
        .collect();
    let closed: Vec<&CaseFacts> = facts
        .cases
        .iter()
        .filter(|c| c.closed_on.is_some_and(|d| period.contains(d)))
        .collect();
    let active: Vec<&CaseFacts> = facts
        .cases
        .iter()
        .filter(|c| c.registered_on <= end && c.closed_on.is_none_or(|d| d >= start))
        .collect();
    let open_at_end = facts
        .cases
        .iter()
        .filter(|c| c.registered_on <= end && c.closed_on.is_none_or(|d| d > end))
        .count() as u64;
    let mut clients_active: Vec<&str> = active.iter().map(|c| c.client.as_str()).collect();
    clients_active.sort_unstable();
    clients_active.dedup();
    let contacts: Vec<&(NaiveDate, ContactMode, u32)> = facts
        .contacts
        .iter()
        .filter(|c| period.contains(c.0))
        .collect();
    let client_minutes: u64 = contacts.iter().map(|c| u64::from(c.2)).sum::<u64>()
        + facts
            .time
            .iter()
            .filter(|t| period.contains(t.0))
            .map(|t| u64::from(t.1))
            .sum::<u64>();
    let other_minutes: u64 = facts
        .overhead
        .iter()
        .filter(|t| period.contains(t.0))
        .map(|t| u64::from(t.1))
        .sum();

    let totals = Totals {
        cases_new: new.len() as u64,
        cases_closed: closed.len() as u64,
        cases_open_at_end: open_at_end,
        cases_active: active.len() as u64,
        clients: clients_active.len() as u64,
        contacts: contacts.len() as u64,
        client_bound_minutes: client_minutes,
        other_minutes,
    };

    let mut t = Tables {
        rules,
        out: Vec::new(),
    };
    let n_new = Some(totals.cases_new);
    t.add(
        "levensdomein",
        "Nieuwe kwesties naar levensdomein (een kwestie kan meer domeinen hebben)",
        "kwesties",
        rules
            .codes
            .domains
            .iter()
            .filter_map(|code| Domain::from_code(code))
            .map(|d| {
                let n = new.iter().filter(|c| c.domains.contains(&d)).count() as u64;
                (d.code().into(), d.label().into(), n)
            })
            .collect(),
        None,
        None,
    );
    t.add(
        "verwijzer",
        "Nieuwe kwesties naar verwijzer",
        "kwesties",
        code_rows(
            Referral::ALL,
            Referral::code,
            Referral::label,
            new.iter().map(|c| c.referral),
        ),
        n_new,
        None,
    );
    t.add(
        "reden-afsluiten",
        "Afgesloten kwesties naar reden",
        "kwesties",
        code_rows(
            ClosureReason::ALL,
            ClosureReason::code,
            ClosureReason::label,
            closed.iter().filter_map(|c| c.closure_reason),
        ),
        Some(totals.cases_closed),
        None,
    );
    t.add(
        "soort-contact",
        "Contacten naar soort",
        "contacten",
        code_rows(
            ContactMode::ALL,
            ContactMode::code,
            ContactMode::label,
            contacts.iter().map(|c| c.1),
        ),
        Some(totals.contacts),
        None,
    );
    let mut bands: Vec<(String, String, u64)> = AGE_BANDS
        .iter()
        .map(|(code, label, low, high)| {
            let n = new
                .iter()
                .filter(|c| {
                    c.born
                        .is_some_and(|b| (*low..=*high).contains(&age_on(b, c.registered_on)))
                })
                .count() as u64;
            (code.to_string(), label.to_string(), n)
        })
        .collect();
    bands.push((
        "onbekend".into(),
        "Leeftijd onbekend".into(),
        new.iter().filter(|c| c.born.is_none()).count() as u64,
    ));
    t.add(
        "leeftijd",
        "Nieuwe kwesties naar leeftijd bij aanmelding",
        "kwesties",
        bands,
        n_new,
        None,
    );

    // Timeliness over the new cases, one partition each, all over the same total.
    if let Some(term) = rules.first_contact {
        let mut rows = [0u64; 3];
        for c in &new {
            let due = calendar::deadline(c.registered_on, term.days, term.day_kind);
            match by_end(c.first_contact_on) {
                Some(d) if d <= due => rows[0] += 1,
                Some(_) => rows[1] += 1,
                None => rows[2] += 1,
            }
        }
        t.add(
            "eerste-contact",
            &format!("Eerste contact binnen de termijn ({})", term.text()),
            "kwesties",
            vec![
                ("op-tijd".into(), "Op tijd".into(), rows[0]),
                ("te-laat".into(), "Te laat".into(), rows[1]),
                ("nog-niet".into(), "Nog geen contact".into(), rows[2]),
            ],
            n_new,
            Some("op-tijd"),
        );
    }
    if let (Some(term), Some(_)) = (rules.first_appointment, rules.first_contact) {
        let mut rows = [0u64; 3];
        for c in &new {
            match (by_end(c.first_contact_on), by_end(c.first_appointment_on)) {
                (Some(contact), Some(a))
                    if a <= calendar::deadline(contact, term.days, term.day_kind) =>
                {
                    rows[0] += 1
                }
                (Some(_), Some(_)) => rows[1] += 1,
                _ => rows[2] += 1,
            }
        }
        t.add(
            "eerste-afspraak",
            &format!(
                "Afspraak binnen de termijn na het eerste contact ({})",
                term.text()
            ),
            "kwesties",
            vec![
                ("op-tijd".into(), "Op tijd".into(), rows[0]),
                ("te-laat".into(), "Te laat".into(), rows[1]),
                ("nog-niet".into(), "Nog geen afspraak".into(), rows[2]),
            ],
            n_new,
            Some("op-tijd"),
        );
    }
    if let Some(limit) = rules.duration.and_then(|d| d.limit_minutes().ok()) {
        let mut rows = [0u64; 3];
        for c in &active {
            match (c.minutes > limit, by_end(c.extension_notified_on).is_some()) {
                (false, _) => rows[0] += 1,
                (true, true) => rows[1] += 1,
                (true, false) => rows[2] += 1,
            }
        }
        t.add(
            "duur",
            &format!("Lopende kwesties en de duurgrens ({} uur)", limit / 60),
            "kwesties",
            vec![
                ("binnen".into(), "Binnen de grens".into(), rows[0]),
                (
                    "gemeld".into(),
                    "Over de grens, gemeente ingelicht".into(),
                    rows[1],
                ),
                (
                    "niet-gemeld".into(),
                    "Over de grens, gemeente nog niet ingelicht".into(),
                    rows[2],
                ),
            ],
            Some(totals.cases_active),
            None,
        );
    }
    let mut wlz = [0u64; 3];
    for c in &active {
        match (by_end(c.wlz_indication_on), by_end(c.wlz_handover_on)) {
            (None, _) => wlz[0] += 1,
            (Some(_), Some(_)) => wlz[1] += 1,
            (Some(_), None) => wlz[2] += 1,
        }
    }
    t.add(
        "wlz",
        "Lopende kwesties en de Wlz",
        "kwesties",
        vec![
            ("geen-indicatie".into(), "Geen Wlz-indicatie".into(), wlz[0]),
            (
                "overgedragen".into(),
                "Wlz-indicatie, overgedragen aan Wlz-uitvoerder".into(),
                wlz[1],
            ),
            (
                "niet-overgedragen".into(),
                "Wlz-indicatie, nog niet overgedragen".into(),
                wlz[2],
            ),
        ],
        Some(totals.cases_active),
        None,
    );

    let budget = rules.budget.map(|b| Budget {
        year: period.year,
        cases_per_year: b.cases_per_year,
        client_hours_per_year: b.client_hours_per_year,
        cases_so_far: facts.municipality_year.0,
        client_hours_so_far: facts.municipality_year.1 / 60,
        note: "Het budget geldt voor het hele contract; de stand telt alleen de kwesties van deze gemeente.".into(),
    });

    Ok(Report {
        format: "wijzer-rapport/1".into(),
        municipality: facts.municipality.clone(),
        period: period.to_string(),
        from: Date(start),
        to: Date(end),
        contract: facts.contract.clone(),
        rule_set: facts.rule_set.clone(),
        created_on: Date(created_on),
        correction: 0,
        disclosure: Disclosure {
            min_cell: rules.disclosure.min_cell,
            min_denominator: rules.disclosure.min_denominator,
            note: format!(
                "Zodra een tabel een aantal van 1 tot {m} heeft, staan al haar aantallen onder {m} (ook 0) er als \"<{m}\". In een tabel met een totaal is \"x\" verborgen (het kleinste aantal van {m} of meer, of de hele tabel), zodat geen aantal uit het totaal is af te leiden. Percentages alleen bij ten minste {d} kwesties.",
                m = rules.disclosure.min_cell,
                d = rules.disclosure.min_denominator
            ),
        },
        totals,
        budget,
        tables: t.out,
        signals: signals
            .iter()
            .map(|s| SignalOut {
                on: Date(s.on),
                category: s.category.code().to_string(),
                text: s.text.clone(),
            })
            .collect(),
    })
}
