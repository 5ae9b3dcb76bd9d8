//! The domain model as it crosses the boundary: the scenario format (`wijzer-scenario/1`) that
//! `import` reads and `export-json` writes, with dates that refuse impossible days.
//!
//! These types are plain data with serde; rules about what may be stored (limits, references,
//! consistency) live in `scenario::validate`, and how they are stored lives in `store`.

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};
use serde::{Deserialize, Serialize};
use std::fmt;

use crate::codes::{
    Activity, ClosureReason, ConsentHow, ConsentPurpose, ContactMode, Domain, Owner, Party,
    Referral, SignalCategory,
};

/// The format tag of a scenario file.
pub const SCENARIO_FORMAT: &str = "wijzer-scenario/1";

/// A calendar day, written `jjjj-mm-dd`; 2026-02-30 is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub NaiveDate);

/// A moment to the minute, written `jjjj-mm-ddTuu:mm` (local time, as the supporter lives it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DateTime(pub NaiveDateTime);

const DATE_FORMAT: &str = "%Y-%m-%d";
const DATE_TIME_FORMAT: &str = "%Y-%m-%dT%H:%M";

/// The number `bytes` write in ASCII digits, if they all are digits.
fn number(bytes: &[u8]) -> Option<u32> {
    bytes.iter().try_fold(0u32, |n, &b| {
        b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0'))
    })
}

/// `jjjj-mm-dd` exactly, read by hand: the store's dates are read by the ten thousand, and
/// chrono's format parser cost more than the rest of a row.
fn ymd(bytes: &[u8]) -> Option<NaiveDate> {
    let (year, rest) = bytes.split_at_checked(4)?;
    let [b'-', m1, m2, b'-', d1, d2] = rest else {
        return None;
    };
    let year = i32::try_from(number(year)?).ok()?;
    NaiveDate::from_ymd_opt(year, number(&[*m1, *m2])?, number(&[*d1, *d2])?)
}

impl Date {
    /// Parses `jjjj-mm-dd` strictly (ten characters, a day that exists).
    pub fn parse(text: &str) -> Option<Date> {
        ymd(text.as_bytes()).map(Date)
    }
}

impl DateTime {
    /// Parses `jjjj-mm-ddTuu:mm` strictly.
    pub fn parse(text: &str) -> Option<DateTime> {
        let (day, rest) = text.as_bytes().split_at_checked(10)?;
        let [b'T', h1, h2, b':', m1, m2] = rest else {
            return None;
        };
        let time = chrono::NaiveTime::from_hms_opt(number(&[*h1, *h2])?, number(&[*m1, *m2])?, 0)?;
        Some(DateTime(ymd(day)?.and_time(time)))
    }

    /// The calendar day of this moment.
    pub fn date(self) -> Date {
        Date(self.0.date())
    }
}

/// A day as the supporter writes it: dd-mm-jjjj.
pub fn dutch(date: NaiveDate) -> String {
    date.format("%d-%m-%Y").to_string()
}

impl Date {
    /// This day as dd-mm-jjjj.
    pub fn dutch(self) -> String {
        dutch(self.0)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.format(DATE_FORMAT))
    }
}

impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.format(DATE_TIME_FORMAT))
    }
}

/// Serde and SQLite conversions for a text-encoded value with a strict parser.
macro_rules! text_value {
    ($ty:ident, $message:literal) => {
        impl Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(self)
            }
        }

        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
                $ty::parse(&text).ok_or_else(|| serde::de::Error::custom($message))
            }
        }

        impl ToSql for $ty {
            fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
                Ok(ToSqlOutput::from(self.to_string()))
            }
        }

        impl FromSql for $ty {
            fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
                $ty::parse(value.as_str()?).ok_or_else(|| FromSqlError::Other($message.into()))
            }
        }
    };
}

text_value!(
    Date,
    "geen geldige datum (verwacht jjjj-mm-dd, een dag die bestaat)"
);
text_value!(
    DateTime,
    "geen geldig tijdstip (verwacht jjjj-mm-ddTuu:mm, een dag die bestaat)"
);

/// A whole scenario: what `import` reads and `export-json` writes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    pub format: String,
    pub organisation: Option<Organisation>,
    pub supporter: Option<Supporter>,
    #[serde(default)]
    pub contracts: Vec<Contract>,
    #[serde(default)]
    pub clients: Vec<Client>,
    #[serde(default)]
    pub cases: Vec<Case>,
    #[serde(default)]
    pub contacts: Vec<Contact>,
    #[serde(default)]
    pub time: Vec<TimeEntry>,
    #[serde(default)]
    pub policy_signals: Vec<PolicySignal>,
}

/// The organisation the supporter works for (shown on the client sheet).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Organisation {
    pub name: String,
    pub address: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub website: Option<String>,
    /// Where a client can complain, in plain Dutch.
    pub complaints: Option<String>,
}

/// The one supporter who uses this store.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Supporter {
    pub name: String,
    pub phone: Option<String>,
    pub email: Option<String>,
}

/// A contract with one or more municipalities, governed by one rule set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Contract {
    pub id: String,
    pub rule_set: String,
    pub municipalities: Vec<String>,
    /// The municipality's age recipient (`age1…`) for the half-year report.
    pub recipient: String,
}

/// A resident who is supported.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Client {
    pub id: String,
    pub name: String,
    pub born: Option<Date>,
    pub municipality: String,
    pub address: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    #[serde(default)]
    pub consents: Vec<Consent>,
}

/// Consent for one purpose, with when and how it was given and whether it was withdrawn.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Consent {
    pub purpose: ConsentPurpose,
    pub given_on: Date,
    pub how: ConsentHow,
    #[serde(default)]
    pub withdrawn_on: Option<Date>,
}

/// One question of a client (kwestie): the unit that is counted and budgeted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    pub id: String,
    pub client: String,
    pub registered_on: Date,
    pub referral: Referral,
    #[serde(default)]
    pub domains: Vec<Domain>,
    pub question: String,
    pub first_contact_on: Option<Date>,
    pub first_appointment_on: Option<Date>,
    #[serde(default)]
    pub goals: Vec<String>,
    #[serde(default)]
    pub actions: Vec<Action>,
    pub closed_on: Option<Date>,
    #[serde(default)]
    pub closure_reason: Option<ClosureReason>,
    #[serde(default)]
    pub wlz_indication_on: Option<Date>,
    /// The day the client was handed over to the Wlz-uitvoerder.
    #[serde(default)]
    pub wlz_handover_on: Option<Date>,
    #[serde(default)]
    pub extension_notified_on: Option<Date>,
    #[serde(default)]
    pub extension_reason: Option<String>,
    #[serde(default)]
    pub conflict_of_interest: Option<Conflict>,
    /// The next appointment with the client (vervolgafspraak).
    #[serde(default)]
    pub next_appointment: Option<DateTime>,
}

/// A recorded conflict of interest and, when there is one, how the Chinese wall is documented.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Conflict {
    pub description: String,
    pub chinese_wall: Option<String>,
}

/// An agreed action with who carries it out and when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Action {
    pub text: String,
    pub owner: Owner,
    pub due_on: Option<Date>,
    #[serde(default)]
    pub done_on: Option<Date>,
}

/// A contact: home visit, office, phone, video or e-mail.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    pub case: String,
    pub at: DateTime,
    pub minutes: u32,
    pub mode: ContactMode,
    pub with: Vec<Party>,
    #[serde(default)]
    pub notes: String,
}

/// Time spent: client-bound (with a case) or overhead (with a municipality).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TimeEntry {
    pub case: Option<String>,
    pub on: Date,
    pub minutes: u32,
    pub activity: Activity,
    #[serde(default)]
    pub municipality: Option<String>,
}

/// A signal for policy, written by the supporter for a municipality's half-year report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicySignal {
    pub on: Date,
    pub municipality: String,
    pub category: SignalCategory,
    pub text: String,
    pub released: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Datelike;

    #[test]
    fn dates_are_strict() {
        assert!(Date::parse("2026-02-28").is_some());
        assert!(Date::parse("2026-02-30").is_none());
        assert!(Date::parse("2026-2-3").is_none());
        assert!(Date::parse("2024-02-29").is_some());
        assert!(DateTime::parse("2026-01-06T09:30").is_some());
        assert!(DateTime::parse("2026-01-06T24:30").is_none());
        assert!(DateTime::parse("2026-01-06 09:30").is_none());
        for bad in [
            "+026-01-01",
            "2026-01-0a",
            "2026/01/01",
            "2026-01-01 ",
            "２０２６-01-01",
            "",
        ] {
            assert!(Date::parse(bad).is_none(), "{bad}");
        }
    }

    /// The hand-written reader agrees with chrono's strict format on every day it writes and
    /// on any short text made of the characters dates are made of.
    #[test]
    fn the_fast_reader_agrees_with_chrono() {
        let mut day = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap();
        while day.year() < 2101 {
            let text = day.format(DATE_FORMAT).to_string();
            assert_eq!(Date::parse(&text), Some(Date(day)));
            day = day.succ_opt().unwrap();
        }
        let chrono_date = |t: &str| {
            (t.len() == 10)
                .then(|| NaiveDate::parse_from_str(t, DATE_FORMAT).ok())
                .flatten()
        };
        let chrono_time = |t: &str| {
            (t.len() == 16)
                .then(|| NaiveDateTime::parse_from_str(t, DATE_TIME_FORMAT).ok())
                .flatten()
        };
        proptest::proptest!(|(t in "[0-9\\-T:+ ]{8,18}", d in "[0-9]{4}-[0-9]{2}-[0-9]{2}", h in "T[0-9]{2}:[0-9]{2}")| {
            proptest::prop_assert_eq!(Date::parse(&t).map(|d| d.0), chrono_date(&t));
            proptest::prop_assert_eq!(Date::parse(&d).map(|d| d.0), chrono_date(&d));
            let dt = format!("{d}{h}");
            proptest::prop_assert_eq!(DateTime::parse(&dt).map(|d| d.0), chrono_time(&dt));
            proptest::prop_assert_eq!(DateTime::parse(&t).map(|d| d.0), chrono_time(&t));
        });
    }
}
