//! The rule engine: a contract's rule set (`assets/rules/*.toml`) applied to a snapshot of its
//! cases gives the signals of what needs doing. `evaluate` is pure: no I/O, no clock.
//!
//! Not here: loading the snapshot (`store::signals`) or showing signals (CLI, app).

pub mod calendar;
pub mod ruleset;

use std::sync::OnceLock;

use chrono::{Datelike, Days, Months, NaiveDate};
use serde::Serialize;

use crate::codes::{ConsentPurpose, Party};
use crate::model::Date;
pub use ruleset::{DayKind, RuleFileError, RuleSet};

#[cfg(test)]
mod tests;

/// The rule sets shipped in `assets/rules/`, checked at build time by `build.rs`.
pub const SHIPPED: &[(&str, &str)] = &[
    (
        "westfriesland",
        include_str!("../../assets/rules/westfriesland.toml"),
    ),
    ("raalte", include_str!("../../assets/rules/raalte.toml")),
    ("wmo", include_str!("../../assets/rules/wmo.toml")),
];

/// A fingerprint of the rules as this build applies them: the engine's source and every shipped
/// rule set (FNV-1a, 64 bits, in hex). Signals kept under another fingerprint are evaluated
/// again.
pub fn fingerprint() -> &'static str {
    static FINGERPRINT: OnceLock<String> = OnceLock::new();
    FINGERPRINT.get_or_init(fingerprint_of_sources)
}

/// [`fingerprint`], computed (once per process: Vandaag asks for it on every call).
fn fingerprint_of_sources() -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let sources = [
        include_str!("mod.rs"),
        include_str!("calendar.rs"),
        include_str!("ruleset.rs"),
    ];
    for text in sources.into_iter().chain(SHIPPED.iter().map(|(_, t)| *t)) {
        for byte in text.bytes().chain([0]) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
}

/// The names of the shipped rule sets.
pub fn shipped_names() -> Vec<&'static str> {
    SHIPPED.iter().map(|(name, _)| *name).collect()
}

/// A shipped rule set by name, parsed once.
pub fn shipped(name: &str) -> Option<&'static RuleSet> {
    static PARSED: OnceLock<Vec<RuleSet>> = OnceLock::new();
    let all = PARSED.get_or_init(|| {
        SHIPPED
            .iter()
            .map(|(name, text)| {
                let file = format!("assets/rules/{name}.toml");
                // build.rs refuses a shipped file that does not parse, so this cannot fail.
                RuleSet::from_toml(&file, text).expect("checked by build.rs")
            })
            .collect()
    });
    all.iter().find(|r| r.name == name)
}

/// The rule ids of DESIGN.md.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Rule {
    FirstContact,
    FirstAppointment,
    Duration,
    Budget,
    WlzEnd,
    Independence,
    Consent,
    FollowUp,
    ReportDue,
    Retention,
}

/// How urgent a signal is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Past its date, or wrong now.
    Overdue,
    /// To do by its date.
    Due,
    /// Worth knowing; nothing to do.
    Info,
}

/// One thing that needs doing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Signal {
    pub rule: Rule,
    /// The case, or null for a contract- or municipality-wide signal.
    pub case: Option<String>,
    pub contract: String,
    pub municipality: Option<String>,
    pub severity: Severity,
    pub due: Option<Date>,
    /// What is the matter, in plain Dutch.
    pub message: String,
    /// What clears it.
    pub clears: String,
    /// For a report that is due: its half year (`2026-H1`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period: Option<String>,
}

/// What the rules need to know of one case.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseFacts {
    pub id: String,
    /// Index into `Snapshot::clients`.
    pub client: usize,
    pub municipality: String,
    pub registered_on: NaiveDate,
    pub first_contact_on: Option<NaiveDate>,
    pub first_appointment_on: Option<NaiveDate>,
    pub closed_on: Option<NaiveDate>,
    pub wlz_indication_on: Option<NaiveDate>,
    pub wlz_handover_on: Option<NaiveDate>,
    pub extension_notified_on: Option<NaiveDate>,
    /// None: no conflict of interest; Some(true): one with a documented Chinese wall.
    pub conflict_walled: Option<bool>,
}

/// A client's id and consents.
#[derive(Debug, Clone, PartialEq)]
pub struct ClientFacts {
    pub id: String,
    pub consents: Vec<ConsentFacts>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ConsentFacts {
    pub purpose: ConsentPurpose,
    pub given_on: NaiveDate,
    pub withdrawn_on: Option<NaiveDate>,
}

/// A contact of a case (index into `Snapshot::cases`).
#[derive(Debug, Clone, PartialEq)]
pub struct ContactFacts {
    pub case: usize,
    pub on: NaiveDate,
    pub minutes: u32,
    pub with: Vec<Party>,
}

/// Client-bound time of a case.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TimeFacts {
    pub case: usize,
    pub on: NaiveDate,
    pub minutes: u32,
}

/// An agreed action of a case.
#[derive(Debug, Clone, PartialEq)]
pub struct ActionFacts {
    pub case: usize,
    pub text: String,
    pub due_on: Option<NaiveDate>,
    pub done_on: Option<NaiveDate>,
}

/// Everything `evaluate` reads about one contract.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Snapshot {
    pub contract: String,
    pub municipalities: Vec<String>,
    pub clients: Vec<ClientFacts>,
    pub cases: Vec<CaseFacts>,
    pub contacts: Vec<ContactFacts>,
    pub time: Vec<TimeFacts>,
    pub actions: Vec<ActionFacts>,
    /// Overhead time with a municipality: (municipality, day).
    pub overhead: Vec<(String, NaiveDate)>,
    /// Half-year reports exported: (municipality, period such as `2026-H1`).
    pub reports_exported: Vec<(String, String)>,
    /// Client-bound minutes (contacts and time) of cases not in `contacts` and `time`, summed
    /// per calendar year: (year, minutes). The store loads contacts and time one by one only
    /// for open cases, and adds those of closed cases here for the day's year (the budget).
    pub other_minutes_by_year: Vec<(i32, u64)>,
}

use crate::model::dutch as nl;

/// "9 uur en 30 minuten", "6 uur", "1 minuut".
fn hours_text(minutes: u32) -> String {
    let min = |m: u32| {
        if m == 1 {
            "1 minuut".to_string()
        } else {
            format!("{m} minuten")
        }
    };
    match (minutes / 60, minutes % 60) {
        (0, m) => min(m),
        (h, 0) => format!("{h} uur"),
        (h, m) => format!("{h} uur en {}", min(m)),
    }
}

/// What a signal is about: a case, a municipality, or the contract as a whole.
#[derive(Clone, Copy)]
enum About<'a> {
    Case(&'a CaseFacts),
    /// A municipality's report of a half year.
    Report(&'a str, &'a str),
    Contract,
}

struct Out<'a> {
    contract: &'a str,
    today: NaiveDate,
    signals: Vec<Signal>,
    /// For each signal, the index of the client it is about (None: contract-wide).
    owners: Vec<Option<usize>>,
    /// For each client, the first day after `today` on which a comparison with the day would
    /// come out differently: until then that client's signals read the same.
    changes_on: Vec<Option<NaiveDate>>,
}

impl<'a> Out<'a> {
    fn new(contract: &'a str, today: NaiveDate, clients: usize) -> Self {
        Out {
            contract,
            today,
            signals: Vec::new(),
            owners: Vec::new(),
            changes_on: vec![None; clients],
        }
    }

    fn push(
        &mut self,
        rule: Rule,
        about: About<'_>,
        due: Option<NaiveDate>,
        severity: Severity,
        message: String,
        clears: &str,
    ) {
        let (case, municipality, period, owner) = match about {
            About::Case(c) => (
                Some(c.id.clone()),
                Some(c.municipality.clone()),
                None,
                Some(c.client),
            ),
            About::Report(m, p) => (None, Some(m.to_string()), Some(p.to_string()), None),
            About::Contract => (None, None, None, None),
        };
        self.signals.push(Signal {
            rule,
            case,
            contract: self.contract.to_string(),
            municipality,
            severity,
            due: due.map(Date),
            message,
            clears: clears.to_string(),
            period,
        });
        self.owners.push(owner);
    }

    /// Notes that `client`'s signals may read differently from `day` on.
    fn changes(&mut self, client: Option<usize>, day: NaiveDate) {
        if let Some(slot) = client.and_then(|i| self.changes_on.get_mut(i)) {
            if day > self.today && slot.is_none_or(|d| day < d) {
                *slot = Some(day);
            }
        }
    }

    /// Whether `day` has come; if not, `client`'s signals change on it.
    fn reached(&mut self, client: Option<usize>, day: NaiveDate) -> bool {
        if self.today >= day {
            return true;
        }
        self.changes(client, day);
        false
    }

    /// Due until the day itself, overdue after it.
    fn by_date(&mut self, client: Option<usize>, due: NaiveDate) -> Severity {
        match due.checked_add_days(Days::new(1)) {
            Some(after) if !self.reached(client, after) => Severity::Due,
            _ => Severity::Overdue,
        }
    }
}

/// What a contract's contract-wide rules (budget, report due) read on a day: figures, never
/// rows, so that the store can give them from its sums.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ContractFacts {
    pub contract: String,
    pub municipalities: Vec<String>,
    /// Cases registered in the day's calendar year.
    pub cases_this_year: u64,
    /// Client-bound minutes (contacts and time, open and closed cases) in the day's year.
    pub minutes_this_year: u64,
    /// The municipalities with a case open, or overhead time, in the last completed half year
    /// ([`last_completed_period`]).
    pub active_last_period: Vec<String>,
    /// Half-year reports exported: (municipality, period such as `2026-H1`).
    pub reports_exported: Vec<(String, String)>,
}

/// One client's signals of one contract, and the first day after the day evaluated on which
/// they may read differently (None: not before something is recorded).
#[derive(Debug, Clone, PartialEq)]
pub struct ClientSignals {
    pub client: String,
    pub signals: Vec<Signal>,
    pub changes_on: Option<NaiveDate>,
}

/// The signals for one contract's snapshot on `today`, most urgent first: every client's
/// ([`evaluate_clients`]) and the contract's own ([`evaluate_contract`]).
pub fn evaluate(snapshot: &Snapshot, rules: &RuleSet, today: NaiveDate) -> Vec<Signal> {
    let mut signals: Vec<Signal> = evaluate_clients(snapshot, rules, today)
        .into_iter()
        .flat_map(|c| c.signals)
        .collect();
    signals.extend(evaluate_contract(
        &contract_facts(snapshot, today),
        rules,
        today,
    ));
    most_urgent_first(&mut signals);
    signals
}

/// The contract-wide facts of a snapshot on `today`.
pub fn contract_facts(snapshot: &Snapshot, today: NaiveDate) -> ContractFacts {
    let year = today.year();
    let mut minutes = 0u64;
    for (on, m) in snapshot
        .contacts
        .iter()
        .map(|c| (c.on, c.minutes))
        .chain(snapshot.time.iter().map(|t| (t.on, t.minutes)))
    {
        if on.year() == year {
            minutes = minutes.saturating_add(u64::from(m));
        }
    }
    for &(y, m) in &snapshot.other_minutes_by_year {
        if y == year {
            minutes = minutes.saturating_add(m);
        }
    }
    let (_, start, end) = last_completed_period(today);
    let active = |m: &str| {
        snapshot.cases.iter().any(|c| {
            c.municipality == m && c.registered_on <= end && c.closed_on.is_none_or(|c| c >= start)
        }) || snapshot
            .overhead
            .iter()
            .any(|(o, day)| o == m && (start..=end).contains(day))
    };
    ContractFacts {
        contract: snapshot.contract.clone(),
        municipalities: snapshot.municipalities.clone(),
        cases_this_year: snapshot
            .cases
            .iter()
            .filter(|c| c.registered_on.year() == year)
            .count() as u64,
        minutes_this_year: minutes,
        active_last_period: snapshot
            .municipalities
            .iter()
            .filter(|m| active(m))
            .cloned()
            .collect(),
        reports_exported: snapshot.reports_exported.clone(),
    }
}

/// The contract-wide signals on `today`: the budget and the half-year reports due.
pub fn evaluate_contract(facts: &ContractFacts, rules: &RuleSet, today: NaiveDate) -> Vec<Signal> {
    let mut out = Out::new(&facts.contract, today, 0);
    if let Some(budget) = &rules.budget {
        let hours = facts.minutes_this_year as f64 / 60.0;
        budget_signal(
            &mut out,
            budget.warn_at,
            facts.cases_this_year as f64,
            budget.cases_per_year,
            "kwesties",
        );
        budget_signal(
            &mut out,
            budget.warn_at,
            hours,
            budget.client_hours_per_year,
            "cliëntgebonden uren",
        );
    }
    if let Some(report) = &rules.report {
        report_due(&mut out, facts, report.due_days);
    }
    out.signals
}

/// Every client's signals of one contract's snapshot on `today`, each with the day they may
/// change: what a case, its contacts, time, actions and its client's consents say. The same
/// for a client whether the snapshot holds every client or only this one.
pub fn evaluate_clients(
    snapshot: &Snapshot,
    rules: &RuleSet,
    today: NaiveDate,
) -> Vec<ClientSignals> {
    let mut out = Out::new(&snapshot.contract, today, snapshot.clients.len());
    // Client-bound minutes per case.
    let mut minutes = vec![0u32; snapshot.cases.len()];
    for (case, m) in snapshot
        .contacts
        .iter()
        .map(|c| (c.case, c.minutes))
        .chain(snapshot.time.iter().map(|t| (t.case, t.minutes)))
    {
        if let Some(total) = minutes.get_mut(case) {
            *total = total.saturating_add(m);
        }
    }

    for (case, &case_minutes) in snapshot.cases.iter().zip(&minutes) {
        if case.closed_on.is_some() {
            continue;
        }
        terms(&mut out, rules, case);
        if let Some(limit) = &rules.duration {
            duration(&mut out, limit, case, case_minutes);
        }
        if let Some(wlz) = &rules.wlz_end {
            if let (Some(issued), None) = (case.wlz_indication_on, case.wlz_handover_on) {
                let due = issued
                    .checked_add_days(Days::new(u64::from(wlz.handover_days)))
                    .unwrap_or(issued);
                let severity = out.by_date(Some(case.client), due);
                out.push(
                    Rule::WlzEnd,
                    About::Case(case),
                    Some(due),
                    severity,
                    format!(
                        "Wlz-indicatie afgegeven op {}: de ondersteuning eindigt; draag over aan de Wlz-uitvoerder.",
                        nl(issued)
                    ),
                    "Leg de overdracht aan de Wlz-uitvoerder vast, of sluit de kwestie af.",
                );
            }
        }
        if rules.independence.is_some() && case.conflict_walled == Some(false) {
            out.push(
                Rule::Independence,
                About::Case(case),
                None,
                Severity::Overdue,
                "Belangenverstrengeling vastgelegd zonder beschreven Chinese wall.".into(),
                "Beschrijf hoe de scheiding (Chinese wall) is geregeld.",
            );
        }
    }

    if rules.consent.is_some() {
        consent(&mut out, snapshot);
    }
    if let Some(follow) = &rules.follow_up {
        for action in &snapshot.actions {
            let Some(case) = snapshot.cases.get(action.case) else {
                continue;
            };
            let (Some(due), None, None) = (action.due_on, action.done_on, case.closed_on) else {
                continue;
            };
            let warn_from = due
                .checked_sub_days(Days::new(u64::from(follow.warn_days)))
                .unwrap_or(due);
            if !out.reached(Some(case.client), warn_from) {
                continue;
            }
            let severity = out.by_date(Some(case.client), due);
            let message = if severity == Severity::Overdue {
                format!("Actie over tijd (was {}): {}", nl(due), action.text)
            } else {
                format!("Actie uiterlijk {}: {}", nl(due), action.text)
            };
            out.push(
                Rule::FollowUp,
                About::Case(case),
                Some(due),
                severity,
                message,
                "Zet de actie op gedaan, of spreek een nieuwe datum af.",
            );
        }
    }
    retention(&mut out, snapshot, &rules.retention);

    let mut by_client: Vec<ClientSignals> = snapshot
        .clients
        .iter()
        .zip(&out.changes_on)
        .map(|(client, changes_on)| ClientSignals {
            client: client.id.clone(),
            signals: Vec::new(),
            changes_on: *changes_on,
        })
        .collect();
    for (signal, owner) in out.signals.into_iter().zip(out.owners) {
        if let Some(slot) = owner.and_then(|i| by_client.get_mut(i)) {
            slot.signals.push(signal);
        }
    }
    by_client
}

/// Overdue before due before info; then by date, case and rule.
pub fn most_urgent_first(signals: &mut [Signal]) {
    signals.sort_by(|a, b| {
        (a.severity, a.due, &a.case, a.rule).cmp(&(b.severity, b.due, &b.case, b.rule))
    });
}

/// First contact within N days of aanmelding; first appointment within N days of first contact.
fn terms(out: &mut Out<'_>, rules: &RuleSet, case: &CaseFacts) {
    if let Some(term) = &rules.first_contact {
        if case.first_contact_on.is_none() {
            let due = calendar::deadline(case.registered_on, term.days, term.day_kind);
            let severity = out.by_date(Some(case.client), due);
            let within = term.text();
            let message = if severity == Severity::Overdue {
                format!(
                    "Eerste contact is te laat: uiterlijk {} (binnen {within} na aanmelding).",
                    nl(due)
                )
            } else {
                format!(
                    "Neem uiterlijk {} contact op met de cliënt (binnen {within} na aanmelding).",
                    nl(due)
                )
            };
            out.push(
                Rule::FirstContact,
                About::Case(case),
                Some(due),
                severity,
                message,
                "Leg het eerste contact vast.",
            );
        }
    }
    if let (Some(term), Some(contacted), None) = (
        &rules.first_appointment,
        case.first_contact_on,
        case.first_appointment_on,
    ) {
        let due = calendar::deadline(contacted, term.days, term.day_kind);
        let severity = out.by_date(Some(case.client), due);
        let within = term.text();
        let message = if severity == Severity::Overdue {
            format!(
                "Afspraak is te laat: uiterlijk {} (binnen {within} na het eerste contact).",
                nl(due)
            )
        } else {
            format!("Maak uiterlijk {} een afspraak met de cliënt (binnen {within} na het eerste contact).", nl(due))
        };
        out.push(
            Rule::FirstAppointment,
            About::Case(case),
            Some(due),
            severity,
            message,
            "Leg de datum van de afspraak vast.",
        );
    }
}

/// Past the limit of client-bound time and the municipality not yet told.
fn duration(out: &mut Out<'_>, limit: &ruleset::DurationLimit, case: &CaseFacts, used: u32) {
    if case.extension_notified_on.is_some() {
        return;
    }
    let Ok(max) = limit.limit_minutes() else {
        return;
    };
    let limit_text = match limit.dagdelen {
        Some(d) => format!("{d} dagdelen ({})", hours_text(max)),
        None => hours_text(max),
    };
    let (severity, message) = if used > max {
        (
            Severity::Overdue,
            format!(
                "Al {} besteed, meer dan {limit_text}: vertel de gemeente waarom de ondersteuning langer duurt.",
                hours_text(used)
            ),
        )
    } else if f64::from(used) >= limit.warn_at * f64::from(max) {
        (
            Severity::Due,
            format!("Al {} besteed van {limit_text}.", hours_text(used)),
        )
    } else {
        return;
    };
    out.push(
        Rule::Duration,
        About::Case(case),
        None,
        severity,
        message,
        "Leg vast wanneer en waarom de gemeente is ingelicht.",
    );
}

fn budget_signal(out: &mut Out<'_>, warn_at: f64, used: f64, budget: u32, what: &str) {
    let budget_f = f64::from(budget);
    let year = out.today.year();
    let (severity, message) = if used > budget_f {
        (
            Severity::Overdue,
            format!("Budget {year} overschreden: {used:.0} van {budget} {what}. Overleg met de gemeente."),
        )
    } else if used >= warn_at * budget_f {
        (
            Severity::Due,
            format!("Budget {year} raakt op: {used:.0} van {budget} {what}."),
        )
    } else {
        return;
    };
    out.push(
        Rule::Budget,
        About::Contract,
        None,
        severity,
        message,
        "Overleg met de gemeente over de rest van het jaar.",
    );
}

/// The party as it reads in a sentence: "met het CIZ".
fn party_in_sentence(party: Party) -> &'static str {
    match party {
        Party::Client => "de cliënt",
        Party::Mantelzorger => "de mantelzorger",
        Party::Vertegenwoordiger => "de vertegenwoordiger",
        Party::WmoConsulent => "de Wmo-consulent",
        Party::Wijkteam => "het wijkteam",
        Party::Huisarts => "de huisarts",
        Party::Zorgaanbieder => "een zorgaanbieder",
        Party::Ciz => "het CIZ",
        Party::Anders => "anderen",
    }
}

/// Which consent a contact with this party needs, if any.
fn consent_needed(party: Party) -> Option<ConsentPurpose> {
    match party {
        Party::Client | Party::Mantelzorger | Party::Vertegenwoordiger => None,
        Party::WmoConsulent | Party::Wijkteam => Some(ConsentPurpose::ContactGemeente),
        Party::Huisarts => Some(ConsentPurpose::ContactHuisarts),
        Party::Zorgaanbieder | Party::Ciz | Party::Anders => Some(ConsentPurpose::ContactDerden),
    }
}

fn consent(out: &mut Out<'_>, snapshot: &Snapshot) {
    // Registration itself needs consent: once per client with an open case.
    let mut seen = vec![false; snapshot.clients.len()];
    for case in snapshot.cases.iter().filter(|c| c.closed_on.is_none()) {
        let (Some(client), Some(seen)) =
            (snapshot.clients.get(case.client), seen.get_mut(case.client))
        else {
            continue;
        };
        if std::mem::replace(seen, true) {
            continue;
        }
        let registered = client
            .consents
            .iter()
            .any(|k| k.purpose == ConsentPurpose::Registratie && k.withdrawn_on.is_none());
        if !registered {
            out.push(
                Rule::Consent,
                About::Case(case),
                None,
                Severity::Overdue,
                format!(
                    "Geen geldige toestemming van cliënt {} om gegevens vast te leggen.",
                    client.id
                ),
                "Leg de toestemming vast, of vernietig de gegevens.",
            );
        }
    }
    // Contacts of open cases only: in a closed case there is nothing left to do about it.
    for contact in &snapshot.contacts {
        let Some(case) = snapshot.cases.get(contact.case) else {
            continue;
        };
        if case.closed_on.is_some() {
            continue;
        }
        let Some(client) = snapshot.clients.get(case.client) else {
            continue;
        };
        for party in &contact.with {
            let Some(purpose) = consent_needed(*party) else {
                continue;
            };
            let valid_on = |day: NaiveDate| {
                client.consents.iter().any(|k| {
                    k.purpose == purpose
                        && k.given_on <= day
                        && k.withdrawn_on.is_none_or(|w| w > day)
                })
            };
            if valid_on(contact.on) {
                continue;
            }
            let later = client
                .consents
                .iter()
                .any(|k| k.purpose == purpose && k.given_on > contact.on);
            let (severity, message) = if later {
                (
                    Severity::Info,
                    format!(
                        "Contact met {} op {} was vóór de toestemming ({}).",
                        party_in_sentence(*party),
                        nl(contact.on),
                        purpose.label().to_lowercase()
                    ),
                )
            } else {
                (
                    Severity::Overdue,
                    format!(
                        "Contact met {} op {} zonder toestemming ({}).",
                        party_in_sentence(*party),
                        nl(contact.on),
                        purpose.label().to_lowercase()
                    ),
                )
            };
            out.push(
                Rule::Consent,
                About::Case(case),
                Some(contact.on),
                severity,
                message,
                "Vraag de cliënt om toestemming en leg die vast.",
            );
        }
    }
}

/// The half year that ended last before `today`: (`2026-H1`, first day, last day).
pub fn last_completed_period(today: NaiveDate) -> (String, NaiveDate, NaiveDate) {
    let year = today.year();
    let h1_end = NaiveDate::from_ymd_opt(year, 6, 30).unwrap_or(today);
    if today > h1_end {
        (
            format!("{year}-H1"),
            NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(today),
            h1_end,
        )
    } else {
        (
            format!("{}-H2", year - 1),
            NaiveDate::from_ymd_opt(year - 1, 7, 1).unwrap_or(today),
            NaiveDate::from_ymd_opt(year - 1, 12, 31).unwrap_or(today),
        )
    }
}

/// The last completed half-year report of each municipality with work in that half year.
fn report_due(out: &mut Out<'_>, facts: &ContractFacts, due_days: u32) {
    let (period, _, end) = last_completed_period(out.today);
    let due = end
        .checked_add_days(Days::new(u64::from(due_days)))
        .unwrap_or(end);
    for municipality in &facts.municipalities {
        if !facts.active_last_period.contains(municipality) {
            continue;
        }
        let exported = facts
            .reports_exported
            .iter()
            .any(|(m, p)| m == municipality && *p == period);
        if exported {
            continue;
        }
        let severity = out.by_date(None, due);
        let message = if severity == Severity::Overdue {
            format!(
                "Halfjaarrapportage {period} voor {municipality} is te laat (uiterlijk {}).",
                nl(due)
            )
        } else {
            format!(
                "Stuur de halfjaarrapportage {period} voor {municipality} uiterlijk {}.",
                nl(due)
            )
        };
        out.push(
            Rule::ReportDue,
            About::Report(municipality, &period),
            Some(due),
            severity,
            message,
            "Exporteer de halfjaarrapportage voor deze gemeente.",
        );
    }
}

/// A client whose cases are all closed and whose newest dossier is past its retention term.
fn retention(out: &mut Out<'_>, snapshot: &Snapshot, rule: &ruleset::Retention) {
    let mut newest: Vec<Option<&CaseFacts>> = vec![None; snapshot.clients.len()];
    let mut open = vec![false; snapshot.clients.len()];
    for case in &snapshot.cases {
        let (Some(open), Some(slot)) = (open.get_mut(case.client), newest.get_mut(case.client))
        else {
            continue;
        };
        *open |= case.closed_on.is_none();
        if slot.is_none_or(|n| case.registered_on > n.registered_on) {
            *slot = Some(case);
        }
    }
    for (case, open) in newest.into_iter().zip(open) {
        let Some(case) = case.filter(|_| !open) else {
            continue;
        };
        let Some(expires) = case
            .registered_on
            .checked_add_months(Months::new(12 * rule.years))
        else {
            continue;
        };
        let warn_from = expires
            .checked_sub_days(Days::new(u64::from(rule.warn_days)))
            .unwrap_or(expires);
        if !out.reached(Some(case.client), warn_from) {
            continue;
        }
        let severity = if out.reached(Some(case.client), expires) {
            Severity::Overdue
        } else {
            Severity::Due
        };
        let Some(client) = snapshot.clients.get(case.client).map(|c| &c.id) else {
            continue;
        };
        out.push(
            Rule::Retention,
            About::Case(case),
            Some(expires),
            severity,
            format!(
                "Bewaartermijn van {} jaar voor cliënt {client} loopt af op {}.",
                rule.years,
                nl(expires)
            ),
            "Vernietig de gegevens van de cliënt: Vernietigen op het scherm van de cliënt (of wijzer erase --client).",
        );
    }
}
