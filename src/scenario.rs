//! Reading and checking a scenario file before anything is stored: the JSON is parsed strictly
//! (unknown fields refused), then every record is checked against the limits and references the
//! store relies on. The first problem is reported with its record and field, never its value.

use std::collections::{HashMap, HashSet};
use std::fmt;

use crate::codes::Activity;
use crate::model::{Date, Scenario, SCENARIO_FORMAT};

/// The longest name, phone, e-mail or address the store accepts.
pub const SHORT_TEXT_MAX: usize = 200;
/// The longest goal, action, reason or signal text.
pub const MEDIUM_TEXT_MAX: usize = 2_000;
/// The longest question or contact note.
pub const LONG_TEXT_MAX: usize = 10_000;
/// A contact or time entry lasts at most a day.
pub const MINUTES_MAX: u32 = 24 * 60;
/// The largest scenario file `import` reads: several times ten years of one busy supporter
/// (the `busy` data set), and read whole into memory.
pub const FILE_MAX: u64 = 64 << 20;

/// Why input was refused: which record, which field, and what is wrong with it. The record is
/// named by its place in the file, never by its id: an id may be a name, and may hold
/// characters that a terminal acts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    /// The record, as a path into the file: `cases[4]`, or empty for the top level.
    pub record: String,
    /// The field within the record: `referral`, `actions[1].due_on`.
    pub field: String,
    /// What is wrong, in Dutch, without the value.
    pub message: String,
}

impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.record.as_str(), self.field.as_str()) {
            ("", "") => write!(f, "{}", self.message),
            ("", field) => write!(f, "veld {field}: {}", self.message),
            (record, "") => write!(f, "{record}: {}", self.message),
            (record, field) => write!(f, "{record}, veld {field}: {}", self.message),
        }
    }
}

impl std::error::Error for Invalid {}

/// Parses a scenario file: JSON syntax, the format tag, types, codes, dates, unknown fields.
pub fn parse(text: &str) -> Result<Scenario, Invalid> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| Invalid {
        record: String::new(),
        field: String::new(),
        message: format!(
            "geen geldige JSON (regel {}, kolom {})",
            e.line(),
            e.column()
        ),
    })?;
    let scenario: Scenario = serde_path_to_error::deserialize(&value).map_err(|e| {
        let path = e.path().to_string();
        let message = crate::rules::ruleset::dutch_serde_message(&e.inner().to_string());
        at_path(&path, message)
    })?;
    Ok(scenario)
}

/// Splits `cases[4].actions[1].due_on` into record `cases[4]` and field `actions[1].due_on`.
/// The path is serde's: list names and indexes, and field names that serde knows, or (for an
/// unknown field) the field's name from the file, which `dutch_serde_message` also names.
fn at_path(path: &str, message: String) -> Invalid {
    let path = if path == "." { "" } else { path };
    let (record, field) = match path.split_once(']') {
        Some((record, field)) => (format!("{record}]"), field.trim_start_matches('.')),
        None => (String::new(), path),
    };
    Invalid {
        record,
        field: field.to_string(),
        message,
    }
}

/// What the store already holds, so that a scenario can refer to it and must not collide with it.
#[derive(Debug, Default, Clone)]
pub struct Known {
    pub contracts: HashSet<String>,
    /// Municipality → contract id.
    pub municipalities: HashMap<String, String>,
    /// Client id → municipality.
    pub clients: HashMap<String, String>,
    pub cases: HashSet<String>,
}

struct Checker {
    record: String,
}

impl Checker {
    fn new(list: &str, index: usize) -> Self {
        Checker {
            record: format!("{list}[{index}]"),
        }
    }

    fn fail(&self, field: &str, message: impl Into<String>) -> Invalid {
        Invalid {
            record: self.record.clone(),
            field: field.to_string(),
            message: message.into(),
        }
    }

    fn text(&self, field: &str, text: &str, max: usize, required: bool) -> Result<(), Invalid> {
        let chars = text.chars().count();
        if required && text.trim().is_empty() {
            return Err(self.fail(field, "mag niet leeg zijn"));
        }
        if chars > max {
            return Err(self.fail(field, format!("te lang: {chars} tekens, ten hoogste {max}")));
        }
        if text
            .chars()
            .any(|c| c.is_control() && !matches!(c, '\n' | '\t'))
        {
            return Err(self.fail(field, "bevat stuurtekens"));
        }
        Ok(())
    }

    fn opt_text(&self, field: &str, text: &Option<String>, max: usize) -> Result<(), Invalid> {
        match text {
            Some(t) => self.text(field, t, max, true),
            None => Ok(()),
        }
    }

    fn id(&self, field: &str, id: &str) -> Result<(), Invalid> {
        let ok = !id.is_empty()
            && id.len() <= 64
            && id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        if ok {
            Ok(())
        } else {
            Err(self.fail(field, "een id is 1 tot 64 tekens: letters, cijfers, - of _"))
        }
    }

    fn date(&self, field: &str, date: Option<Date>) -> Result<(), Invalid> {
        match date {
            Some(d) if !(1900..=2100).contains(&chrono::Datelike::year(&d.0)) => {
                Err(self.fail(field, "datum buiten 1900–2100"))
            }
            _ => Ok(()),
        }
    }

    fn not_before(
        &self,
        field: &str,
        date: Option<Date>,
        earlier_field: &str,
        earlier: Option<Date>,
    ) -> Result<(), Invalid> {
        match (date, earlier) {
            (Some(d), Some(e)) if d < e => {
                Err(self.fail(field, format!("ligt vóór {earlier_field}")))
            }
            _ => Ok(()),
        }
    }

    fn minutes(&self, field: &str, minutes: u32) -> Result<(), Invalid> {
        if minutes == 0 {
            Err(self.fail(field, "moet minstens 1 minuut zijn"))
        } else if minutes > MINUTES_MAX {
            Err(self.fail(
                field,
                format!("langer dan 24 uur: ten hoogste {MINUTES_MAX} minuten"),
            ))
        } else {
            Ok(())
        }
    }
}

/// Checks a parsed scenario against the limits, and its references against itself and the store.
pub fn validate(s: &Scenario, known: &Known) -> Result<(), Invalid> {
    let top = Checker {
        record: String::new(),
    };
    if s.format != SCENARIO_FORMAT {
        return Err(top.fail("format", format!("verwacht \"{SCENARIO_FORMAT}\"")));
    }
    let mut known = known.clone();

    if let Some(o) = &s.organisation {
        let c = Checker {
            record: "organisation".into(),
        };
        c.text("name", &o.name, SHORT_TEXT_MAX, true)?;
        c.opt_text("address", &o.address, SHORT_TEXT_MAX)?;
        c.opt_text("phone", &o.phone, SHORT_TEXT_MAX)?;
        c.opt_text("email", &o.email, SHORT_TEXT_MAX)?;
        c.opt_text("website", &o.website, SHORT_TEXT_MAX)?;
        c.opt_text("complaints", &o.complaints, MEDIUM_TEXT_MAX)?;
    }
    if let Some(p) = &s.supporter {
        let c = Checker {
            record: "supporter".into(),
        };
        c.text("name", &p.name, SHORT_TEXT_MAX, true)?;
        c.opt_text("phone", &p.phone, SHORT_TEXT_MAX)?;
        c.opt_text("email", &p.email, SHORT_TEXT_MAX)?;
    }

    for (i, k) in s.contracts.iter().enumerate() {
        let c = Checker::new("contracts", i);
        c.id("id", &k.id)?;
        if !known.contracts.insert(k.id.clone()) {
            return Err(c.fail("id", "dit id bestaat al"));
        }
        if crate::rules::shipped(&k.rule_set).is_none() {
            return Err(c.fail(
                "rule_set",
                format!(
                    "onbekende regelset; toegestaan: {}",
                    crate::rules::shipped_names().join(", ")
                ),
            ));
        }
        if k.municipalities.is_empty() {
            return Err(c.fail("municipalities", "noem minstens één gemeente"));
        }
        for (j, m) in k.municipalities.iter().enumerate() {
            let field = format!("municipalities[{j}]");
            c.text(&field, m, SHORT_TEXT_MAX, true)?;
            if known
                .municipalities
                .insert(m.clone(), k.id.clone())
                .is_some()
            {
                return Err(c.fail(&field, "deze gemeente valt al onder een contract"));
            }
        }
        if !is_age_recipient(&k.recipient) {
            return Err(c.fail("recipient", "geen age-ontvangersleutel (age1…)"));
        }
    }

    for (i, client) in s.clients.iter().enumerate() {
        let c = Checker::new("clients", i);
        c.id("id", &client.id)?;
        if known.clients.contains_key(&client.id) {
            return Err(c.fail("id", "dit id bestaat al"));
        }
        c.text("name", &client.name, SHORT_TEXT_MAX, true)?;
        c.date("born", client.born)?;
        if !known.municipalities.contains_key(&client.municipality) {
            return Err(c.fail(
                "municipality",
                "deze gemeente valt onder geen enkel contract",
            ));
        }
        c.opt_text("address", &client.address, SHORT_TEXT_MAX)?;
        c.opt_text("phone", &client.phone, SHORT_TEXT_MAX)?;
        c.opt_text("email", &client.email, SHORT_TEXT_MAX)?;
        let mut purposes = HashSet::new();
        for (j, consent) in client.consents.iter().enumerate() {
            let field = format!("consents[{j}]");
            c.date(&format!("{field}.given_on"), Some(consent.given_on))?;
            c.date(&format!("{field}.withdrawn_on"), consent.withdrawn_on)?;
            c.not_before(
                &format!("{field}.withdrawn_on"),
                consent.withdrawn_on,
                "given_on",
                Some(consent.given_on),
            )?;
            if !purposes.insert(consent.purpose) {
                return Err(c.fail(&format!("{field}.purpose"), "dit doel staat er al"));
            }
        }
        known
            .clients
            .insert(client.id.clone(), client.municipality.clone());
    }

    for (i, case) in s.cases.iter().enumerate() {
        let c = Checker::new("cases", i);
        c.id("id", &case.id)?;
        if !known.cases.insert(case.id.clone()) {
            return Err(c.fail("id", "dit id bestaat al"));
        }
        if !known.clients.contains_key(&case.client) {
            return Err(c.fail("client", "onbekende cliënt"));
        }
        c.text("question", &case.question, LONG_TEXT_MAX, true)?;
        for (field, date) in [
            ("registered_on", Some(case.registered_on)),
            ("first_contact_on", case.first_contact_on),
            ("first_appointment_on", case.first_appointment_on),
            ("closed_on", case.closed_on),
            ("wlz_indication_on", case.wlz_indication_on),
            ("wlz_handover_on", case.wlz_handover_on),
            ("next_appointment", case.next_appointment.map(|m| m.date())),
            ("extension_notified_on", case.extension_notified_on),
        ] {
            c.date(field, date)?;
        }
        let registered = Some(case.registered_on);
        c.not_before(
            "first_contact_on",
            case.first_contact_on,
            "registered_on",
            registered,
        )?;
        c.not_before(
            "first_appointment_on",
            case.first_appointment_on,
            "first_contact_on",
            case.first_contact_on.or(registered),
        )?;
        c.not_before("closed_on", case.closed_on, "registered_on", registered)?;
        if case.wlz_handover_on.is_some() && case.wlz_indication_on.is_none() {
            return Err(c.fail(
                "wlz_handover_on",
                "een overdracht hoort bij een Wlz-indicatie",
            ));
        }
        c.not_before(
            "wlz_handover_on",
            case.wlz_handover_on,
            "wlz_indication_on",
            case.wlz_indication_on,
        )?;
        let mut domains = HashSet::new();
        for (j, d) in case.domains.iter().enumerate() {
            if !domains.insert(d) {
                return Err(c.fail(&format!("domains[{j}]"), "dit levensdomein staat er al"));
            }
        }
        for (j, goal) in case.goals.iter().enumerate() {
            c.text(&format!("goals[{j}]"), goal, MEDIUM_TEXT_MAX, true)?;
        }
        for (j, action) in case.actions.iter().enumerate() {
            c.text(
                &format!("actions[{j}].text"),
                &action.text,
                MEDIUM_TEXT_MAX,
                true,
            )?;
            c.date(&format!("actions[{j}].due_on"), action.due_on)?;
            c.date(&format!("actions[{j}].done_on"), action.done_on)?;
        }
        match (case.closed_on, case.closure_reason) {
            (Some(_), None) => {
                return Err(c.fail("closure_reason", "verplicht als de kwestie is afgesloten"))
            }
            (None, Some(_)) => {
                return Err(c.fail("closure_reason", "alleen bij een afgesloten kwestie"))
            }
            _ => {}
        }
        c.opt_text("extension_reason", &case.extension_reason, MEDIUM_TEXT_MAX)?;
        if case.extension_notified_on.is_some() != case.extension_reason.is_some() {
            return Err(c.fail(
                "extension_reason",
                "datum en reden van de melding aan de gemeente horen bij elkaar",
            ));
        }
        if let Some(conflict) = &case.conflict_of_interest {
            c.text(
                "conflict_of_interest.description",
                &conflict.description,
                MEDIUM_TEXT_MAX,
                true,
            )?;
            c.opt_text(
                "conflict_of_interest.chinese_wall",
                &conflict.chinese_wall,
                MEDIUM_TEXT_MAX,
            )?;
        }
    }

    for (i, contact) in s.contacts.iter().enumerate() {
        let c = Checker::new("contacts", i);
        if !known.cases.contains(&contact.case) {
            return Err(c.fail("case", "onbekende kwestie"));
        }
        c.date("at", Some(contact.at.date()))?;
        c.minutes("minutes", contact.minutes)?;
        if contact.with.is_empty() {
            return Err(c.fail("with", "noem minstens één gesprekspartner"));
        }
        let mut parties = HashSet::new();
        for (j, p) in contact.with.iter().enumerate() {
            if !parties.insert(p) {
                return Err(c.fail(&format!("with[{j}]"), "deze gesprekspartner staat er al"));
            }
        }
        c.text("notes", &contact.notes, LONG_TEXT_MAX, false)?;
    }

    for (i, entry) in s.time.iter().enumerate() {
        let c = Checker::new("time", i);
        c.date("on", Some(entry.on))?;
        c.minutes("minutes", entry.minutes)?;
        check_time_owner(&c, entry.activity, &entry.case, &entry.municipality, &known)?;
    }

    for (i, signal) in s.policy_signals.iter().enumerate() {
        let c = Checker::new("policy_signals", i);
        c.date("on", Some(signal.on))?;
        if !known.municipalities.contains_key(&signal.municipality) {
            return Err(c.fail(
                "municipality",
                "deze gemeente valt onder geen enkel contract",
            ));
        }
        c.text("text", &signal.text, MEDIUM_TEXT_MAX, true)?;
    }
    Ok(())
}

/// Client-bound time belongs to a case, overhead to a municipality; never both, never neither.
fn check_time_owner(
    c: &Checker,
    activity: Activity,
    case: &Option<String>,
    municipality: &Option<String>,
    known: &Known,
) -> Result<(), Invalid> {
    match (case, municipality) {
        (Some(_), Some(_)) => Err(c.fail(
            "municipality",
            "alleen bij tijd zonder kwestie; de kwestie bepaalt de gemeente",
        )),
        (None, None) => Err(c.fail("case", "noem een kwestie of een gemeente")),
        (Some(case), None) => {
            if !known.cases.contains(case) {
                Err(c.fail("case", "onbekende kwestie"))
            } else if !activity.is_client_bound() {
                Err(c.fail(
                    "activity",
                    "niet-cliëntgebonden tijd hoort niet bij een kwestie",
                ))
            } else {
                Ok(())
            }
        }
        (None, Some(m)) => {
            if !known.municipalities.contains_key(m) {
                Err(c.fail(
                    "municipality",
                    "deze gemeente valt onder geen enkel contract",
                ))
            } else if activity.is_client_bound() {
                Err(c.fail("activity", "cliëntgebonden tijd hoort bij een kwestie"))
            } else {
                Ok(())
            }
        }
    }
}

/// Whether `text` is an age X25519 recipient (`age1…`, 62 characters, its checksum right): the
/// municipality's key that a half-year report is encrypted to.
pub fn is_age_recipient(text: &str) -> bool {
    use std::str::FromStr;
    text.starts_with("age1")
        && text.len() == 62
        && text.bytes().all(|b| b.is_ascii_alphanumeric())
        && age::x25519::Recipient::from_str(text).is_ok()
}

/// Checks one record made outside a scenario (an edit in the app): `one` is a scenario holding
/// just that record, checked with the same limits and messages as an import; the record is
/// then named `name` ("client", "case", "contact", "time") instead of its place in a file.
pub fn validate_one(one: &Scenario, known: &Known, name: &str) -> Result<(), Invalid> {
    validate(one, known).map_err(|e| Invalid {
        record: if e.record.is_empty() {
            String::new()
        } else {
            name.to_string()
        },
        ..e
    })
}

/// A scenario with nothing in it, to hold one record for [`validate_one`].
pub fn empty() -> Scenario {
    Scenario {
        format: SCENARIO_FORMAT.to_string(),
        organisation: None,
        supporter: None,
        contracts: vec![],
        clients: vec![],
        cases: vec![],
        contacts: vec![],
        time: vec![],
        policy_signals: vec![],
    }
}

/// Checks one contact recorded outside a scenario (the app's "record a visit").
pub fn validate_contact(contact: &crate::model::Contact, known: &Known) -> Result<(), Invalid> {
    let one = Scenario {
        contacts: vec![contact.clone()],
        ..empty()
    };
    validate_one(&one, known, "contact")
}

/// What a free-text field seems to hold that does not belong there (DOMAIN.md: "do not store a
/// BSN"; warn on phone numbers, e-mail addresses and postcodes in notes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lookalike {
    Bsn,
    Phone,
    Email,
    Postcode,
}

impl Lookalike {
    fn label(self) -> &'static str {
        match self {
            Lookalike::Bsn => {
                "lijkt een BSN te bevatten; een BSN hoort niet in Wijzer, haal het weg"
            }
            Lookalike::Phone => "lijkt een telefoonnummer te bevatten; hoort dat in deze tekst?",
            Lookalike::Email => "lijkt een e-mailadres te bevatten; hoort dat in deze tekst?",
            Lookalike::Postcode => "lijkt een postcode te bevatten; hoort dat in deze tekst?",
        }
    }
}

/// A warning about a free-text field: where, and what it looks like; never the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    pub record: String,
    pub field: String,
    pub kind: Lookalike,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at = Invalid {
            record: self.record.clone(),
            field: self.field.clone(),
            message: self.kind.label().to_string(),
        };
        write!(f, "{at}")
    }
}

/// What a free text looks like it holds, if anything.
pub fn lookalike(text: &str) -> Option<Lookalike> {
    let numbers = crate::report::privacy::numbers(text);
    if numbers.iter().any(|n| crate::report::privacy::is_bsn(n)) {
        return Some(Lookalike::Bsn);
    }
    if numbers
        .iter()
        .any(|n| n.len() >= 10 && n.first() == Some(&0))
    {
        return Some(Lookalike::Phone);
    }
    let email = text.split_whitespace().any(|w| {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        w.split_once('@')
            .is_some_and(|(user, host)| !user.is_empty() && host.contains('.'))
    });
    if email {
        return Some(Lookalike::Email);
    }
    let words: Vec<&str> = text
        .split_whitespace()
        .map(|w| w.trim_end_matches(|c: char| !c.is_alphanumeric()))
        .collect();
    let found = words.windows(2).any(|w| match w {
        [digits, letters] => is_postcode(digits, letters),
        _ => false,
    }) || words.iter().any(|w| {
        // "1601AB": four digits and two letters in one word. Split by characters, never
        // by bytes: a word may hold letters of any script ("zo’n").
        let split = w.char_indices().nth(4).map(|(at, _)| at);
        split
            .and_then(|at| w.split_at_checked(at))
            .is_some_and(|(digits, letters)| is_postcode(digits, letters))
    });
    found.then_some(Lookalike::Postcode)
}

/// A Dutch postcode: four digits not starting with 0, then two capital letters.
fn is_postcode(digits: &str, letters: &str) -> bool {
    digits.len() == 4
        && digits.bytes().all(|b| b.is_ascii_digit())
        && !digits.starts_with('0')
        && letters.len() == 2
        && letters.bytes().all(|b| b.is_ascii_uppercase())
}

/// Warnings for the free-text fields of a scenario: questions, goals, actions, reasons,
/// contact notes and policy signals. The import goes ahead; the supporter is told where to look.
pub fn warnings(s: &Scenario) -> Vec<Warning> {
    let mut out = Vec::new();
    let mut check = |record: &str, field: String, text: &str| {
        if let Some(kind) = lookalike(text) {
            out.push(Warning {
                record: record.to_string(),
                field,
                kind,
            });
        }
    };
    for (i, c) in s.cases.iter().enumerate() {
        let record = format!("cases[{i}]");
        check(&record, "question".into(), &c.question);
        for (j, g) in c.goals.iter().enumerate() {
            check(&record, format!("goals[{j}]"), g);
        }
        for (j, a) in c.actions.iter().enumerate() {
            check(&record, format!("actions[{j}].text"), &a.text);
        }
        if let Some(reason) = &c.extension_reason {
            check(&record, "extension_reason".into(), reason);
        }
        if let Some(k) = &c.conflict_of_interest {
            check(
                &record,
                "conflict_of_interest.description".into(),
                &k.description,
            );
        }
    }
    for (i, c) in s.contacts.iter().enumerate() {
        check(&format!("contacts[{i}]"), "notes".into(), &c.notes);
    }
    for (i, p) in s.policy_signals.iter().enumerate() {
        check(&format!("policy_signals[{i}]"), "text".into(), &p.text);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookalikes_in_free_text() {
        let cases = [
            ("BSN 123456782 genoemd.", Some(Lookalike::Bsn)),
            ("Bel haar op 06-12345678.", Some(Lookalike::Phone)),
            ("Mail naar jan@voorbeeld.nl graag.", Some(Lookalike::Email)),
            ("Verhuist naar 1601 AB.", Some(Lookalike::Postcode)),
            ("Verhuist naar 1601AB Enkhuizen.", Some(Lookalike::Postcode)),
            ("Gesprek van 75 minuten op 12-05, 2 dagdelen.", None),
            ("Wlz-indicatie via het CIZ aangevraagd.", None),
            // Six bytes, four characters: no postcode, and no panic.
            ("Het is zo’n gedoe.", None),
            ("zo’n", None),
            ("1601’A", None),
        ];
        for (text, expected) in cases {
            assert_eq!(lookalike(text), expected, "{text}");
        }
    }
}
