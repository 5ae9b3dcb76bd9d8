//! A contract rule set as data: the parameters of `assets/rules/*.toml`, parsed strictly.
//!
//! A wrong file is refused with its name, line and reason. This file is also compiled into the
//! core's build script, which refuses a wrong shipped rule file at build time: it may use only
//! `std`, `serde` and `toml`.

use serde::{Deserialize, Deserializer};
use std::fmt;

/// Calendar days, or working days (no weekends, no Dutch public holidays).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DayKind {
    Calendar,
    Working,
}

/// A whole number within bounds, refused with its bounds otherwise.
fn bounded<'de, D: Deserializer<'de>>(d: D, low: u32, high: u32) -> Result<u32, D::Error> {
    let value = u32::deserialize(d)?;
    if (low..=high).contains(&value) {
        Ok(value)
    } else {
        Err(serde::de::Error::custom(format!(
            "moet tussen {low} en {high} liggen, niet {value}"
        )))
    }
}

/// A share between 0 (exclusive) and 1 (inclusive).
fn share<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    let value = f64::deserialize(d)?;
    if value > 0.0 && value <= 1.0 {
        Ok(value)
    } else {
        Err(serde::de::Error::custom(format!(
            "moet groter dan 0 en ten hoogste 1 zijn, niet {value}"
        )))
    }
}

macro_rules! bounded_fn {
    ($name:ident, $low:expr, $high:expr) => {
        fn $name<'de, D: Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
            bounded(d, $low, $high)
        }
    };
}
bounded_fn!(term_days, 1, 90);
bounded_fn!(dagdelen, 1, 40);
bounded_fn!(hours_per_dagdeel, 1, 12);
bounded_fn!(limit_hours, 1, 400);
bounded_fn!(cases_per_year, 1, 100_000);
bounded_fn!(hours_per_year, 1, 1_000_000);
bounded_fn!(small_days, 0, 365);
bounded_fn!(retention_years, 1, 15);
bounded_fn!(min_cell, 2, 100);
bounded_fn!(min_denominator, 2, 10_000);

/// "Within N days": first contact after aanmelding, first appointment after first contact.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Term {
    #[serde(deserialize_with = "term_days")]
    pub days: u32,
    pub day_kind: DayKind,
}

impl Term {
    /// "2 dagen", "1 werkdag": the term as a person reads it.
    pub fn text(&self) -> String {
        let unit = match (self.day_kind, self.days) {
            (DayKind::Calendar, 1) => "dag",
            (DayKind::Calendar, _) => "dagen",
            (DayKind::Working, 1) => "werkdag",
            (DayKind::Working, _) => "werkdagen",
        };
        format!("{} {unit}", self.days)
    }
}

/// The duration limit of one case's client-bound time, in dagdelen or in hours.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DurationLimit {
    #[serde(default, deserialize_with = "opt_dagdelen")]
    pub dagdelen: Option<u32>,
    #[serde(default, deserialize_with = "opt_hours_per_dagdeel")]
    pub hours_per_dagdeel: Option<u32>,
    #[serde(default, deserialize_with = "opt_limit_hours")]
    pub hours: Option<u32>,
    #[serde(deserialize_with = "share")]
    pub warn_at: f64,
}

fn opt_dagdelen<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
    dagdelen(d).map(Some)
}
fn opt_hours_per_dagdeel<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
    hours_per_dagdeel(d).map(Some)
}
fn opt_limit_hours<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
    limit_hours(d).map(Some)
}

impl DurationLimit {
    /// The limit in minutes, or why the section does not give one.
    pub fn limit_minutes(&self) -> Result<u32, &'static str> {
        match (self.dagdelen, self.hours_per_dagdeel, self.hours) {
            (Some(d), Some(h), None) => Ok(d * h * 60),
            (None, None, Some(h)) => Ok(h * 60),
            (Some(_), None, None) | (None, Some(_), None) => {
                Err("[duration]: noem dagdelen en hours_per_dagdeel samen")
            }
            _ => Err("[duration]: noem óf dagdelen met hours_per_dagdeel, óf hours"),
        }
    }
}

/// A yearly volume of cases and client-bound hours.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Budget {
    #[serde(deserialize_with = "cases_per_year")]
    pub cases_per_year: u32,
    #[serde(deserialize_with = "hours_per_year")]
    pub client_hours_per_year: u32,
    #[serde(deserialize_with = "share")]
    pub warn_at: f64,
}

/// Support ends at the Wlz indication; hand over within this many days of it.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WlzEnd {
    #[serde(deserialize_with = "small_days")]
    pub handover_days: u32,
}

/// A rule that is on when its section is present and has no parameters.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct On {}

/// Agreed actions: due within `warn_days`, overdue after their date.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FollowUp {
    #[serde(deserialize_with = "small_days")]
    pub warn_days: u32,
}

/// The half-year report is due `due_days` after its half year ends.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Report {
    #[serde(deserialize_with = "small_days")]
    pub due_days: u32,
}

/// How long a dossier is kept after it was made, and when to warn before.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Retention {
    #[serde(deserialize_with = "retention_years")]
    pub years: u32,
    #[serde(deserialize_with = "small_days")]
    pub warn_days: u32,
}

/// Disclosure control of the half-year report.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Disclosure {
    #[serde(deserialize_with = "min_cell")]
    pub min_cell: u32,
    #[serde(deserialize_with = "min_denominator")]
    pub min_denominator: u32,
}

/// The code lists a contract reports on.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Codes {
    pub domains: Vec<String>,
}

/// One contract's rule set. A rule whose section is absent is off for that contract.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSet {
    pub name: String,
    pub title: String,
    pub first_contact: Option<Term>,
    pub first_appointment: Option<Term>,
    pub duration: Option<DurationLimit>,
    pub budget: Option<Budget>,
    pub wlz_end: Option<WlzEnd>,
    pub independence: Option<On>,
    pub consent: Option<On>,
    pub follow_up: Option<FollowUp>,
    pub report: Option<Report>,
    pub retention: Retention,
    pub disclosure: Disclosure,
    pub codes: Codes,
}

/// Why a rule file was refused: file, line, reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleFileError {
    pub file: String,
    pub line: usize,
    pub reason: String,
}

impl fmt::Display for RuleFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}, regel {}: {}", self.file, self.line, self.reason)
    }
}

impl std::error::Error for RuleFileError {}

/// serde's English messages in Dutch, without the offending value (it may be anything a person
/// typed). Shared by rule files and scenario files.
pub fn dutch_serde_message(message: &str) -> String {
    let quoted = |rest: &str| rest.split('`').next().unwrap_or_default().to_string();
    let expected = || {
        message
            .rsplit_once(", expected ")
            .map(|(_, e)| e.replace(" or ", " of "))
            .unwrap_or_else(|| "een andere waarde".into())
    };
    if let Some(rest) = message.strip_prefix("unknown field `") {
        return format!("onbekend veld `{}`", quoted(rest));
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        return format!("verplicht veld `{}` ontbreekt", quoted(rest));
    }
    if message.starts_with("unknown variant") {
        return format!("onbekende waarde (verwacht: {})", expected());
    }
    if message.starts_with("invalid type") || message.starts_with("invalid value") {
        return format!("verkeerde soort waarde (verwacht: {})", expected());
    }
    if message.starts_with("invalid length") || message.starts_with("duplicate field") {
        return "ongeldige waarde".to_string();
    }
    message.to_string()
}

fn line_of(text: &str, offset: usize) -> usize {
    text.bytes().take(offset).filter(|b| *b == b'\n').count() + 1
}

/// Finds the line of `key = …` in a section, for checks that serde cannot place.
fn line_of_key(text: &str, section: &str, key: &str) -> usize {
    let mut in_section = section.is_empty();
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim();
        if trimmed.starts_with('[') {
            in_section = trimmed == format!("[{section}]");
            if in_section && key.is_empty() {
                return i + 1;
            }
        } else if in_section && trimmed.split('=').next().map(str::trim) == Some(key) {
            return i + 1;
        }
    }
    1
}

impl RuleSet {
    /// Parses and checks a rule file; `file` names it in errors.
    pub fn from_toml(file: &str, text: &str) -> Result<RuleSet, RuleFileError> {
        let rules: RuleSet = toml::from_str(text).map_err(|e| RuleFileError {
            file: file.to_string(),
            line: e.span().map(|s| line_of(text, s.start)).unwrap_or(1),
            reason: dutch_serde_message(e.message().trim()),
        })?;
        let fail = |section: &str, key: &str, reason: &str| RuleFileError {
            file: file.to_string(),
            line: line_of_key(text, section, key),
            reason: reason.to_string(),
        };
        let expected_name = std::path::Path::new(file)
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default();
        if rules.name != expected_name {
            return Err(fail(
                "",
                "name",
                "name moet gelijk zijn aan de bestandsnaam",
            ));
        }
        if let Some(d) = &rules.duration {
            d.limit_minutes()
                .map_err(|reason| fail("duration", "", reason))?;
        }
        if rules.first_appointment.is_some() && rules.first_contact.is_none() {
            return Err(fail(
                "first_appointment",
                "",
                "een termijn voor de afspraak telt vanaf het eerste contact: noem ook [first_contact]",
            ));
        }
        if rules.codes.domains.is_empty() {
            return Err(fail("codes", "domains", "noem minstens één levensdomein"));
        }
        if rules.disclosure.min_denominator < rules.disclosure.min_cell {
            return Err(fail(
                "disclosure",
                "min_denominator",
                "min_denominator mag niet kleiner zijn dan min_cell",
            ));
        }
        Ok(rules)
    }
}
