//! What crosses the IPC boundary. In: the forms as the supporter filled them in (text, dates
//! as dd-mm-jjjj), decoded here into the core's types with the field named on refusal. Out:
//! the core's records (snake_case, dates as jjjj-mm-dd; the UI shows dd-mm-jjjj) and a few
//! screen shapes.

use serde::de::DeserializeOwned;
use serde::Serialize;
use wijzer::model::{Date, DateTime};

use crate::error::{ErrorKind, IpcError};

pub fn invalid(field: &str, message: impl Into<String>) -> IpcError {
    IpcError {
        kind: ErrorKind::Invalid,
        message: message.into(),
        field: Some(field.into()),
    }
}

/// A half year as `jjjj-H1` or `jjjj-H2`.
pub fn period(text: &str, field: &str) -> Result<wijzer::report::Period, IpcError> {
    wijzer::report::Period::parse(text).ok_or_else(|| {
        invalid(
            field,
            "Kies een halfjaar als jjjj-H1 of jjjj-H2, bijvoorbeeld 2026-H1",
        )
    })
}

/// A form from the UI, decoded strictly; a form the UI did not build right is refused with the
/// field serde names, never with the value.
pub fn form<T: DeserializeOwned>(value: serde_json::Value) -> Result<T, IpcError> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        let message = wijzer::rules::ruleset::dutch_serde_message(&e.inner().to_string());
        invalid(if path == "." { "" } else { &path }, message)
    })
}

/// A date in ISO form (`jjjj-mm-dd`), as the UI passes its own today.
pub fn day(text: &str, field: &str) -> Result<Date, IpcError> {
    Date::parse(text).ok_or_else(|| {
        invalid(
            field,
            "geen geldige datum (dd-mm-jjjj, een dag die bestaat)",
        )
    })
}

/// A date as typed: `dd-mm-jjjj` (also `d-m-jjjj`, or with `/` or `.`).
pub fn dutch_day(text: &str, field: &str) -> Result<Date, IpcError> {
    let bad = || {
        invalid(
            field,
            "geen geldige datum: typ dd-mm-jjjj, een dag die bestaat",
        )
    };
    let parts: Vec<&str> = text.trim().split(['-', '/', '.']).collect();
    let [d, m, y] = parts.as_slice() else {
        return Err(bad());
    };
    let number = |s: &str, len: std::ops::RangeInclusive<usize>| {
        (len.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    let (Some(d), Some(m), Some(y)) = (number(d, 1..=2), number(m, 1..=2), number(y, 4..=4)) else {
        return Err(bad());
    };
    let y = i32::try_from(y).map_err(|_| bad())?;
    chrono::NaiveDate::from_ymd_opt(y, m, d)
        .map(Date)
        .ok_or_else(bad)
}

/// An optional date as typed: empty is none.
pub fn maybe_day(text: &str, field: &str) -> Result<Option<Date>, IpcError> {
    if text.trim().is_empty() {
        Ok(None)
    } else {
        dutch_day(text, field).map(Some)
    }
}

/// A date and a time (`uu:mm`) as typed.
pub fn moment(
    date: &str,
    time: &str,
    date_field: &str,
    time_field: &str,
) -> Result<DateTime, IpcError> {
    let day = dutch_day(date, date_field)?;
    let t = chrono::NaiveTime::parse_from_str(time.trim(), "%H:%M").map_err(|_| {
        invalid(
            time_field,
            "geen geldige tijd: typ uu:mm, bijvoorbeeld 09:30",
        )
    })?;
    Ok(DateTime(day.0.and_time(t)))
}

/// An optional date and time: both empty is none; one without the other is refused.
pub fn maybe_moment(
    date: &str,
    time: &str,
    date_field: &str,
    time_field: &str,
) -> Result<Option<DateTime>, IpcError> {
    if date.trim().is_empty() && time.trim().is_empty() {
        return Ok(None);
    }
    moment(date, time, date_field, time_field).map(Some)
}

/// Whole minutes as typed.
pub fn minutes(text: &str, field: &str) -> Result<u32, IpcError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(invalid(field, "vul het aantal minuten in"));
    }
    if !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(invalid(
            field,
            "typ een heel aantal minuten, bijvoorbeeld 45",
        ));
    }
    // More digits than a u32 holds is certainly more than a day: the core says so.
    Ok(text.parse::<u32>().unwrap_or(u32::MAX))
}

/// Optional text: empty (or only spaces) is none.
pub fn maybe(text: &str) -> Option<String> {
    let t = text.trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// A code from a list (the form's select); `None` when empty.
pub fn maybe_code<T: DeserializeOwned>(code: &str, field: &str) -> Result<Option<T>, IpcError> {
    if code.is_empty() {
        return Ok(None);
    }
    code_of(code, field).map(Some)
}

/// A code from a list.
pub fn code_of<T: DeserializeOwned>(code: &str, field: &str) -> Result<T, IpcError> {
    serde_json::from_value(serde_json::Value::String(code.into()))
        .map_err(|_| invalid(field, "kies een waarde uit de lijst"))
}

/// One code with its Dutch label, for a form's choices.
#[derive(Debug, Serialize)]
pub struct Choice {
    pub code: &'static str,
    pub label: &'static str,
}

/// A shipped rule set, for the welcome screen's choice of contract.
#[derive(Debug, Serialize)]
pub struct RuleSetChoice {
    pub name: String,
    pub title: String,
}

/// A contract form's municipalities: one per line, or separated by commas.
pub fn municipalities(text: &str) -> Vec<String> {
    text.split(['\n', ','])
        .map(str::trim)
        .filter(|m| !m.is_empty())
        .map(String::from)
        .collect()
}

/// The rule sets Wijzer ships, for a contract to follow.
pub fn rule_sets() -> Vec<RuleSetChoice> {
    wijzer::rules::shipped_names()
        .into_iter()
        .filter_map(wijzer::rules::shipped)
        .map(|r| RuleSetChoice {
            name: r.name.clone(),
            title: r.title.clone(),
        })
        .collect()
}
